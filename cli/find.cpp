// crmwb find: one person's records (an access or erasure request), with why each matched.
#include <algorithm>
#include <cstdio>
#include <optional>

#include "args.h"
#include "crm/recipe.h"
#include "crm/workbench.h"

namespace crm::cli {

namespace {

std::string fixed(double x, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

/// The search as text: a summary line, then per row its probability and every compared column.
std::string search_text(const PersonSearch& s) {
  std::string out = group_thousands(s.found) + (s.found == 1 ? " record" : " records") +
                    " found in " + group_thousands(s.rows) + " rows (" + group_thousands(s.strong) +
                    " strong); compared: ";
  for (size_t i = 0; i < s.compared.size(); ++i)
    out += (i ? ", " : "") + s.compared[i].first + " = " + s.compared[i].second;
  out += s.trained ? " (m of the dedupe model)\n" : " (the default m)\n";
  for (const std::string& n : s.notes) out += "note: " + n + "\n";
  if (s.matches.size() < s.found)
    out += "the strongest " + group_thousands(s.matches.size()) + " are listed (--limit)\n";
  for (const PersonMatch& m : s.matches) {
    out += "row " + std::to_string(m.original_row) + ": " + m.strength + ", weight " +
           fixed(m.weight, 2) + "\n";
    for (const PersonReason& r : m.why)
      out += "  " + r.column + ": " + r.level + " (" + (r.value.empty() ? "missing" : r.value) +
             ") " + (r.weight >= 0 ? "+" : "") + fixed(r.weight, 2) + "\n";
  }
  return out;
}

}  // namespace

int cmd_find(Args& args, Io& io, std::string& file) {
  std::string in, model_path, out, erase_path, reason;
  PersonQuery q;
  bool json = false;
  double min_weight = kPersonStrong;
  CsvOptions csv;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--email") {
      q.email = args.value(a);
    } else if (a == "--phone") {
      q.phone = args.value(a);
    } else if (a == "--name") {
      q.name = args.value(a);
    } else if (a == "--region") {
      q.region = args.value(a);
    } else if (a == "--value") {
      const std::string v = args.value(a);
      const size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0)
        throw UsageError("--value takes COLUMN=VALUE (got \"" + v + "\")");
      q.values.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else if (a == "--model") {
      model_path = args.value(a);
    } else if (a == "--limit") {
      const uint64_t n = parse_count(a, args.value(a));
      if (n < 1 || n > 100000) throw UsageError("--limit takes a number from 1 to 100000");
      q.limit = static_cast<size_t>(n);
    } else if (a == "--min-weight") {
      min_weight = parse_real(a, args.value(a));
    } else if (a == "--out") {
      out = args.value(a);
    } else if (a == "--erase-recipe") {
      erase_path = args.value(a);
    } else if (a == "--reason") {
      reason = args.value(a);
    } else if (a == "--json") {
      json = true;
    } else if (csv_option(a, args, csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for find");
    } else if (in.empty()) {
      in = a;
    } else {
      throw UsageError("find takes one input file");
    }
  }
  if (in.empty()) throw UsageError("find needs an input file");
  if (q.email.empty() && q.phone.empty() && q.name.empty() && q.values.empty())
    throw UsageError("find needs --email, --phone, --name or --value COLUMN=VALUE");
  if (!erase_path.empty() && reason.empty())
    throw UsageError("--erase-recipe needs --reason TEXT (it is kept in the change log)");
  std::optional<DedupeModel> model;
  if (!model_path.empty()) {
    file = model_path;
    model = parse_dedupe_model(read_small(io, model_path, "the model file"));
  }
  file = in;
  Workbench wb;
  load(io, in, csv, wb);
  print_warnings(io, in, wb.table());
  const PersonSearch s = wb.find_person(q, model ? &*model : nullptr);
  std::vector<PersonMatch> chosen;
  for (const PersonMatch& m : s.matches)
    if (m.weight >= min_weight) chosen.push_back(m);
  if (!out.empty()) {
    Writer w(io, out);
    write_person_rows_csv(wb.table(), chosen, w.sink());
    w.close();
  }
  if (!erase_path.empty()) {
    nlohmann::json rows = nlohmann::json::array();
    std::vector<uint64_t> sorted;
    for (const PersonMatch& m : chosen) sorted.push_back(m.original_row);
    std::sort(sorted.begin(), sorted.end());
    for (uint64_t r : sorted) rows.push_back(r);
    Recipe recipe;
    if (!sorted.empty()) {
      nlohmann::json step = {{"op", "erase_rows"}, {"rows", rows}, {"reason", reason}};
      recipe.steps.push_back(parse_recipe_step(step, 1));
    }
    Writer w(io, erase_path);
    w.sink()(recipe_to_json(recipe));
    w.close();
  }
  io.out(json ? person_search_json(s) : search_text(s));
  return 0;
}

}  // namespace crm::cli
