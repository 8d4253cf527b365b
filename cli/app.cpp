// The crmwb command-line driver: argument parsing and calls into the core facade.
#include "app.h"
#include "args.h"
#include "project.h"
#include "protect.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <new>
#include <optional>
#include <stdexcept>

#include "crm/infer.h"
#include "crm/phone.h"
#include "crm/report.h"
#include "crm/rules.h"
#include "crm/workbench.h"

namespace crm::cli {

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  crmwb profile FILE [--json] [--threads N] [--phone-region XX] [CSV options] [quality "
    "options]\n"
    "  crmwb convert IN --out OUT.{csv,json,jsonl} [--format csv|json|jsonl] [--bom] [CSV "
    "options]\n"
    "  crmwb clean IN --recipe R.json --out OUT.{csv,json,jsonl} [--changes CHANGES.csv]\n"
    "              [--dropped DROPPED.csv] [--reference-date YYYY-MM-DD] [CSV options]\n"
    "  crmwb suggest IN [--json] [--clusters COLUMN [--method fingerprint|ngram|metaphone]]\n"
    "                [--rules] [CSV options]\n"
    "  crmwb generate --rows N --seed S [--dup-rate R] --out FILE [--truth FILE]\n"
    "                 [--orders ORDERS.csv]\n"
    "  crmwb validate IN --rules RULES.json [--other FILE] [--json] [--reference-date YYYY-MM-DD]\n"
    "                 [CSV options]\n"
    "  crmwb dedupe IN --out OUT.csv [--clusters CLUSTERS.csv] [--model MODEL.json]\n"
    "               [--save-model MODEL.json] [--threshold P] [--link OTHER.csv] [--json]\n"
    "               [--timings] [--pair-budget N] [--lineage LINEAGE.csv] [--labels LABELS.json]\n"
    "               [--threads N]\n"
    "               [CSV options]\n"
    "  crmwb segment CUSTOMERS --method rfm|kmeans|dbscan|pca|anomaly|tree --out OUT.csv [--json]\n"
    "                [orders options] [--columns a,b,c] [--log a,b] [--impute "
    "median|mean|exclude]\n"
    "                [--scale zscore|minmax|none] [--seed S] [--k N|auto] [--eps E|auto]\n"
    "                [--min-samples M] [--top N] [--target COL|topN:COL] [--max-depth N]\n"
    "                [--min-leaf N] [CSV options]\n"
    "  crmwb analyze CUSTOMERS --method groupby|correlation|crosstab|regression [--json]\n"
    "                [--by COL[,COL]] [--value COL] [--columns a,b,c] [--target COL]\n"
    "                [orders options] [CSV options]\n"
    "  crmwb protect IN --config PROTECT.json --out OUT.csv [--key-file K | --new-key-file K]\n"
    "                [--json] [CSV options]\n"
    "  crmwb protect IN --detect [--json] [CSV options]\n"
    "  crmwb find IN [--email E] [--phone P] [--name N] [--value COLUMN=VALUE]... [--region XX]\n"
    "             [--model MODEL.json] [--limit N] [--min-weight W] [--out ROWS.csv]\n"
    "             [--erase-recipe R.json --reason TEXT] [--json] [CSV options]\n"
    "CSV options:\n"
    "  --delimiter C        , ; tab | (default: detected)\n"
    "  --header yes|no|auto whether the first row names the columns (default: auto)\n"
    "  --null-token S       also read S as missing (repeatable)\n"
    "  --no-default-nulls   do not read NULL, null, N/A, n/a, NA, None, - as missing\n"
    "quality options:\n"
    "  --reference-date YYYY-MM-DD   date timeliness is measured from (default: today, UTC)\n"
    "  --timeliness-days N           a record is timely if updated within N days (default 365)\n"
    "  --last-updated COLUMN         the last-update column (default: detected by name)\n"
    "  --weights C,V,U,K,T           weights of completeness, validity, uniqueness,\n"
    "                                consistency, timeliness (default 1,1,1,1,1)\n"
    "profile options:\n"
    "  --threads N          columns profiled at once (default: one per core, at most 4;\n"
    "                       1 = one at a time; WebAssembly: always 1); same output either way\n"
    "  --phone-region XX    region of phone numbers written without a country code (ISO\n"
    "                       3166 alpha-2, e.g. GB; default: per column, the most common\n"
    "                       country among its international numbers, else US)\n"
    "validate options:\n"
    "  --other FILE         the second file in_column rules look values up in\n"
    "  --reference-date D   the day not_future rules compare with (default: today, UTC)\n"
    "dedupe options:\n"
    "  --out OUT.csv        one golden record per cluster, with cluster_id and source_rows\n"
    "  --clusters FILE      the cluster map: row,cluster_id,match_probability per input row\n"
    "  --model FILE         use a saved model (columns, blocking, m/u) instead of training\n"
    "  --save-model FILE    write the model used, to run it again on another file\n"
    "  --threshold P        link pairs with match probability >= P (default 0.99)\n"
    "  --link OTHER.csv     link IN with OTHER.csv instead of deduplicating IN (rows a:N, b:N)\n"
    "  --timings            add the time per phase to --json\n"
    "  --pair-budget N      refuse blocking rules comparing more than N pairs (default 60000000)\n"
    "  --lineage FILE       the golden records' lineage: record,cluster_id,column,source_row\n"
    "  --labels FILE        review decisions (the page's export) that refine m and the prior\n"
    "  --threads N          threads for keys, blocking, u and comparisons (default: one per\n"
    "                       core, at most 4; the same output on any number; WebAssembly: 1)\n"
    "orders options (segment, analyze):\n"
    "  --orders FILE        orders: customer key, order date, amount (rfm needs them; with\n"
    "                       another method the RFM columns are joined first, usable as features)\n"
    "  --customer-key COL   the customers' key column (default: suggested by name and values)\n"
    "  --order-key COL      the orders' customer key column (default: suggested)\n"
    "  --order-date COL     --amount COL  --category COL   orders columns (default: by name)\n"
    "  --aggregates         also add first_order, last_order, order_count, total_amount,\n"
    "                       avg_amount, distinct_categories\n"
    "  --reference-date D   rfm recency is counted to D (default: the day after the newest\n"
    "                       order); later orders are excluded\n"
    "segment options (kmeans, dbscan, pca, anomaly, tree):\n"
    "  --columns a,b,c      the numeric feature columns (required)\n"
    "  --log a,b            log1p these feature columns before scaling\n"
    "  --impute M           fill missing numbers with the median (default) or mean, or exclude\n"
    "                       the row (its added cells stay empty)\n"
    "  --scale S            zscore (default), minmax or none (tree: always none)\n"
    "  --seed S             seeds k-means++, the Isolation Forest and the tree's split (0)\n"
    "  --k N|auto           kmeans clusters (default auto: k = 2..10 by the silhouette)\n"
    "  --eps E|auto         dbscan radius (default auto: the k-distance knee)\n"
    "  --min-samples M      dbscan rows within eps, itself included, to be core (default 5)\n"
    "  --top N              anomaly: rows listed (default 20)\n"
    "  --detector D         anomaly: iforest (Isolation Forest, anomaly_score; default) or lof\n"
    "                       (Local Outlier Factor, lof_score)\n"
    "  --neighbors N        anomaly --detector lof: neighbours (default 20)\n"
    "  --target COL|topN:COL  tree: the label column, or topN: the top N% of a numeric column\n"
    "  --max-depth N        --min-leaf N   tree depth (default 4), rows per leaf (default 5)\n"
    "analyze options:\n"
    "  --by COL[,COL]       groupby: one or two category columns; crosstab: rows,columns\n"
    "  --value COL          groupby: the numeric column summarized\n"
    "  --columns a,b,c      correlation: two or more numeric columns; regression: features\n"
    "  --target COL         regression: the numeric column predicted\n"
    "  crmwb encrypt IN --out OUT.crmwb --passphrase-file P | --no-passphrase [--iterations N]\n"
    "                [CSV options]   (IN: a CSV/XLSX file, or a plain project to encrypt)\n"
    "  crmwb decrypt IN.crmwb --out OUT.csv [--passphrase-file P] [--original]\n"
    "                (the current table with the project's history applied; --original: the\n"
    "                original file's bytes)\n"
    "  crmwb project info FILE.crmwb [--json]   (the header; no passphrase needed)\n"
    "exit status: 0 done, 1 bad input, 2 bad usage, 3 a rule of severity error failed\n";

}  // namespace

uint64_t parse_count(const std::string& opt, const std::string& v) {
  uint64_t out = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) {
    throw UsageError(opt + " takes a whole number, not '" + v + "'");
  }
  return out;
}

double parse_real(const std::string& opt, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || errno) {
    throw UsageError(opt + " takes a number, not '" + v + "'");
  }
  return d;
}

/// Days since 1970-01-01 of a valid YYYY-MM-DD date (proleptic Gregorian).
int64_t parse_day(const std::string& opt, const std::string& v) {
  int y = 0, m = 0, d = 0;
  auto bad = [&]() { return UsageError(opt + " takes a date as YYYY-MM-DD, not '" + v + "'"); };
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') throw bad();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (v[i] < '0' || v[i] > '9') throw bad();
  }
  y = std::stoi(v.substr(0, 4));
  m = std::stoi(v.substr(5, 2));
  d = std::stoi(v.substr(8, 2));
  if (!valid_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) throw bad();
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

/// Reads one CSV option if `opt` is one; returns false otherwise.
bool csv_option(const std::string& opt, Args& args, CsvOptions& o) {
  if (opt == "--delimiter") {
    const std::string& v = args.value(opt);
    if (v == "tab" || v == "\\t" || v == "\t") {
      o.delimiter = '\t';
    } else if (v.size() == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r') {
      o.delimiter = v[0];
    } else {
      throw UsageError("--delimiter takes one character (or 'tab'), not '" + v + "'");
    }
  } else if (opt == "--header") {
    const std::string& v = args.value(opt);
    if (v == "yes") {
      o.header = HeaderMode::Yes;
    } else if (v == "no") {
      o.header = HeaderMode::No;
    } else if (v == "auto") {
      o.header = HeaderMode::Auto;
    } else {
      throw UsageError("--header takes yes, no or auto, not '" + v + "'");
    }
  } else if (opt == "--null-token") {
    o.null_tokens.push_back(args.value(opt));
  } else if (opt == "--no-default-nulls") {
    const auto defaults = default_null_tokens();
    std::vector<std::string> kept;
    for (const std::string& t : o.null_tokens) {
      bool is_default = false;
      for (const std::string& d : defaults) is_default |= d == t;
      if (!is_default) kept.push_back(t);
    }
    o.null_tokens = std::move(kept);
  } else {
    return false;
  }
  return true;
}

namespace {

/// Reads one quality option if `opt` is one; returns false otherwise.
bool quality_option(const std::string& opt, Args& args, QualityOptions& q) {
  if (opt == "--reference-date") {
    q.reference_day = parse_day(opt, args.value(opt));
  } else if (opt == "--timeliness-days") {
    q.timeliness_days = static_cast<int64_t>(parse_count(opt, args.value(opt)));
  } else if (opt == "--last-updated") {
    q.last_updated_column = args.value(opt);
  } else if (opt == "--weights") {
    const std::string v = args.value(opt);
    std::vector<double> w;
    size_t start = 0;
    for (;;) {
      const size_t comma = v.find(',', start);
      w.push_back(parse_real(opt, v.substr(start, comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    for (double x : w) {
      if (!(x >= 0)) throw UsageError("--weights must not be negative");
    }
    if (w.size() != 5) throw UsageError("--weights takes five numbers: C,V,U,K,T");
    q.w_completeness = w[0];
    q.w_validity = w[1];
    q.w_uniqueness = w[2];
    q.w_consistency = w[3];
    q.w_timeliness = w[4];
  } else {
    return false;
  }
  return true;
}

}  // namespace

/// Loads `path` through the workbench, streaming it from the host.
void load(Io& io, const std::string& path, CsvOptions options, Workbench& wb) {
  options.expected_bytes = io.file_size(path);
  wb.begin_load(options);
  io.read_file(path, [&](const char* p, size_t n) { wb.feed(p, n); });
  wb.finish_load();
}

/// Writes the table's warnings to stderr, one line each.
void print_warnings(Io& io, const std::string& path, const Table& t) {
  for (const Warning& w : t.warnings) io.err("crmwb: " + path + ": warning: " + w.message + "\n");
}

namespace {

int cmd_profile(Args& args, Io& io, std::string& file) {
  std::string path;
  bool json = false;
  CsvOptions csv;
  ProfileOptions prof;
  prof.threads = 0;  // one per core
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--json") {
      json = true;
    } else if (a == "--threads") {
      const uint64_t n = parse_count(a, args.value(a));
      if (n == 0 || n > 256) throw UsageError("--threads takes a number from 1 to 256");
      prof.threads = static_cast<uint32_t>(n);
    } else if (a == "--phone-region") {
      std::string r = args.value(a);
      for (char& ch : r) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
      if (!is_phone_region(r)) {
        throw UsageError("--phone-region takes a country code such as US or GB, not '" + r + "'");
      }
      prof.phone_region = r;
    } else if (csv_option(a, args, csv) || quality_option(a, args, prof.quality)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for profile");
    } else if (path.empty()) {
      path = a;
    } else {
      throw UsageError("profile takes one FILE");
    }
  }
  if (path.empty()) throw UsageError("profile needs a FILE");
  file = path;
  Workbench wb;
  load(io, path, csv, wb);
  const Profile p = wb.profile(prof);
  io.out(json ? to_json(p).dump(2) + "\n" : format_profile_text(p, path));
  return 0;
}

int cmd_convert(Args& args, Io& io, std::string& file) {
  std::string in, out;
  CsvOptions csv;
  ExportOptions ex;
  bool have_format = false;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--out") {
      out = args.value(a);
    } else if (a == "--format") {
      const std::string& f = args.value(a);
      if (!parse_export_format(f, ex.format) || f.find('.') != std::string::npos) {
        throw UsageError("--format takes csv, json or jsonl, not '" + f + "'");
      }
      have_format = true;
    } else if (a == "--bom") {
      ex.bom = true;
    } else if (csv_option(a, args, csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for convert");
    } else if (in.empty()) {
      in = a;
    } else {
      throw UsageError("convert takes one input file");
    }
  }
  if (in.empty()) throw UsageError("convert needs an input file");
  if (out.empty()) throw UsageError("convert needs --out FILE");
  if (!have_format && !parse_export_format(out, ex.format)) {
    throw UsageError("cannot tell the output format from '" + out +
                     "': name it .csv, .json or .jsonl, or pass --format");
  }
  file = in;
  Workbench wb;
  load(io, in, csv, wb);
  print_warnings(io, in, wb.table());
  Writer w(io, out);
  wb.export_table(ex, w.sink());
  w.close();
  return 0;
}

/// Reads a whole (small) file, such as a recipe.
std::string read_all(Io& io, const std::string& path) {
  std::string text;
  io.read_file(path, [&](const char* p, size_t n) {
    if (text.size() + n > (64u << 20)) throw InputError("bad_recipe", "the recipe is over 64 MB");
    text.append(p, n);
  });
  return text;
}

/// One line per step: what it did.
std::string step_summary(size_t number, const HistoryEntry& e) {
  std::string cols;
  for (const auto& c : e.step.columns) cols += (cols.empty() ? "" : ", ") + c;
  std::string s = "step " + std::to_string(number) + " " + e.step.op + " (" + cols +
                  "): " + std::to_string(e.changed) + " changed, " + std::to_string(e.flagged) +
                  " flagged, " + std::to_string(e.missing) + " missing kept";
  if (e.dropped) s += ", " + std::to_string(e.dropped) + " rows dropped";
  return s + "\n";
}

int cmd_clean(Args& args, Io& io, std::string& file) {
  std::string in, out, recipe_path, changes, dropped_path;
  CsvOptions csv;
  ExportOptions ex;
  std::optional<int64_t> today;  // --reference-date, else the workbench's today
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--out") {
      out = args.value(a);
    } else if (a == "--recipe") {
      recipe_path = args.value(a);
    } else if (a == "--changes") {
      changes = args.value(a);
    } else if (a == "--dropped") {
      dropped_path = args.value(a);
    } else if (a == "--reference-date") {
      today = parse_day(a, args.value(a));
    } else if (csv_option(a, args, csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for clean");
    } else if (in.empty()) {
      in = a;
    } else {
      throw UsageError("clean takes one input file");
    }
  }
  if (in.empty()) throw UsageError("clean needs an input file");
  if (recipe_path.empty()) throw UsageError("clean needs --recipe R.json");
  if (out.empty()) throw UsageError("clean needs --out FILE");
  if (!parse_export_format(out, ex.format)) {
    throw UsageError("cannot tell the output format from '" + out +
                     "': name it .csv, .json or .jsonl");
  }
  file = recipe_path;
  const Recipe recipe = parse_recipe(read_all(io, recipe_path));
  file = in;
  Workbench wb;
  if (today) wb.set_today(*today);
  load(io, in, csv, wb);
  print_warnings(io, in, wb.table());
  wb.profile();
  const uint64_t rows_in = wb.table().rows;
  wb.apply_recipe(recipe, {}, nullptr, false);
  std::string summary;
  const auto history = wb.history();
  uint64_t dropped = 0;
  for (size_t i = 0; i < history.size(); ++i) {
    summary += step_summary(i + 1, history[i]);
    dropped += history[i].dropped;
  }
  Writer w(io, out);
  wb.export_table(ex, w.sink());
  w.close();
  if (!changes.empty()) {
    Writer c(io, changes);
    wb.change_log(c.sink());
    c.close();
  }
  if (!dropped_path.empty()) {
    Writer d(io, dropped_path);
    wb.dropped_rows(d.sink());
    d.close();
  }
  summary += "rows: " + std::to_string(rows_in) + " in, " + std::to_string(wb.table().rows) +
             " out" + (dropped ? " (" + std::to_string(dropped) + " dropped)" : "") + "\n";
  io.out(summary);
  return 0;
}

int cmd_suggest(Args& args, Io& io, std::string& file) {
  std::string in, clusters, method_name;
  bool json = false, rules = false;
  CsvOptions csv;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--json") {
      json = true;
    } else if (a == "--clusters") {
      clusters = args.value(a);
    } else if (a == "--method") {
      method_name = args.value(a);
    } else if (a == "--rules") {
      rules = true;
    } else if (csv_option(a, args, csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for suggest");
    } else if (in.empty()) {
      in = a;
    } else {
      throw UsageError("suggest takes one input file");
    }
  }
  if (in.empty()) throw UsageError("suggest needs an input file");
  ClusterMethod method = ClusterMethod::Fingerprint;
  if (!method_name.empty() && !parse_cluster_method(method_name, method)) {
    throw UsageError("--method takes fingerprint, ngram or metaphone, not '" + method_name + "'");
  }
  if (!method_name.empty() && clusters.empty()) {
    throw UsageError("--method needs --clusters COLUMN");
  }
  file = in;
  Workbench wb;
  load(io, in, csv, wb);
  if (!clusters.empty()) {  // spelling clusters of one column instead of the recipe
    print_warnings(io, in, wb.table());
    const SpellingClusters sc = wb.spelling_clusters(clusters, method);
    io.out(json ? to_json(sc).dump(2) + "\n" : format_spelling_text(sc));
    return 0;
  }
  const Profile& p = wb.profile();
  if (rules) {  // the suggested validation rules instead of the recipe
    const Rules sr = suggest_rules(wb.table(), p);
    if (json) {
      io.out(rules_to_json(sr));
      return 0;
    }
    std::string text = sr.rules.empty() ? "no rules suggested\n" : "";
    for (size_t i = 0; i < sr.rules.size(); ++i)
      text += std::to_string(i + 1) + ". " + sr.rules[i].params.dump() + "\n";
    if (!sr.rules.empty()) text += "(--json writes these as a rules file)\n";
    io.out(text);
    return 0;
  }
  const Recipe r = suggest_recipe(wb.table(), p);
  if (json) {
    io.out(recipe_to_json(r));
    return 0;
  }
  std::string text = r.steps.empty() ? "no cleaning steps suggested\n" : "";
  for (size_t i = 0; i < r.steps.size(); ++i) {
    std::string s = to_json(r.steps[i]).dump();
    text += std::to_string(i + 1) + ". " + s + "\n";
  }
  if (!r.steps.empty()) text += "(--json writes these steps as a recipe file)\n";
  io.out(text);
  return 0;
}

int cmd_generate(Args& args, Io& io) {
  GenerateOptions g;
  std::string out, truth, orders;
  bool have_rows = false, have_seed = false;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--rows") {
      g.rows = parse_count(a, args.value(a));
      have_rows = true;
    } else if (a == "--seed") {
      g.seed = parse_count(a, args.value(a));
      have_seed = true;
    } else if (a == "--dup-rate") {
      g.dup_rate = parse_real(a, args.value(a));
      if (!(g.dup_rate >= 0 && g.dup_rate < 1)) {
        throw UsageError("--dup-rate takes a number from 0 up to (not including) 1");
      }
    } else if (a == "--out") {
      out = args.value(a);
    } else if (a == "--truth") {
      truth = args.value(a);
    } else if (a == "--orders") {
      orders = args.value(a);
    } else {
      throw UsageError("unknown argument " + a + " for generate");
    }
  }
  if (!have_rows || !have_seed || out.empty()) {
    throw UsageError("generate needs --rows N, --seed S and --out FILE");
  }
  Writer csv(io, out);
  std::unique_ptr<Writer> tf;
  if (!truth.empty()) tf = std::make_unique<Writer>(io, truth);
  const uint64_t ids = generate_customers(g, csv.sink(), tf ? tf->sink() : ByteSink());
  csv.close();
  if (tf) tf->close();
  if (!orders.empty()) {
    Writer of(io, orders);
    generate_orders(OrdersOptions{ids, g.seed}, of.sink());
    of.close();
  }
  return 0;
}

/// Reads a whole (small) file such as a rules file; InputError past 16 MiB.
}  // namespace

std::string read_small(Io& io, const std::string& path, const char* what) {
  std::string text;
  io.read_file(path, [&](const char* p, size_t n) {
    if (text.size() + n > (16u << 20))
      throw InputError("too_large", std::string(what) + " is larger than 16 MiB");
    text.append(p, n);
  });
  return text;
}

namespace {

int cmd_validate(Args& args, Io& io, std::string& file) {
  std::string in, rules_path, other_path;
  bool json = false;
  CsvOptions csv;
  ValidateOptions vo;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--json") {
      json = true;
    } else if (a == "--rules") {
      rules_path = args.value(a);
    } else if (a == "--other") {
      other_path = args.value(a);
    } else if (a == "--reference-date") {
      vo.reference_day = parse_day(a, args.value(a));
    } else if (csv_option(a, args, csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for validate");
    } else if (in.empty()) {
      in = a;
    } else {
      throw UsageError("validate takes one input file");
    }
  }
  if (in.empty()) throw UsageError("validate needs an input file");
  if (rules_path.empty()) throw UsageError("validate needs --rules RULES.json");
  // The rules first: a mistake in them is reported before the (possibly large) file is read.
  file = rules_path;
  Rules rules;
  try {
    rules = parse_rules(read_small(io, rules_path, "the rules file"));
  } catch (const InputError& e) {
    throw InputError(e.code(), e.what());  // the message names the line itself
  }
  if (rules_need_other(rules) && other_path.empty()) {
    for (size_t i = 0; i < rules.rules.size(); ++i)
      if (rules.rules[i].check == "in_column")
        throw UsageError("rule " + std::to_string(i + 1) +
                         " (in_column) looks values up in a second file: pass --other FILE");
  }
  file = in;
  Workbench wb;
  load(io, in, csv, wb);
  print_warnings(io, in, wb.table());
  Workbench other;
  if (!other_path.empty()) {
    file = other_path;
    load(io, other_path, csv, other);
    print_warnings(io, other_path, other.table());
  }
  file = rules_path;  // a column the file lacks is a mistake in a rule
  const ValidationReport report =
      wb.validate(rules, other_path.empty() ? nullptr : &other.table(), vo);
  io.out(json ? to_json(report).dump(2) + "\n" : format_validation_text(report, in));
  return report.passed ? 0 : 3;
}

int cmd_dedupe(Args& args, Io& io, std::string& file) {
  std::string in, out, clusters, model_path, save_model, link, lineage, labels_path;
  bool json = false, timings = false;
  CsvOptions csv;
  DedupeOptions opt;
  while (!args.done()) {
    const std::string& a = args.next();
    if (a == "--out") {
      out = args.value(a);
    } else if (a == "--clusters") {
      clusters = args.value(a);
    } else if (a == "--model") {
      model_path = args.value(a);
    } else if (a == "--save-model") {
      save_model = args.value(a);
    } else if (a == "--link") {
      link = args.value(a);
    } else if (a == "--lineage") {
      lineage = args.value(a);
    } else if (a == "--labels") {
      labels_path = args.value(a);
    } else if (a == "--threshold") {
      opt.threshold = parse_real(a, args.value(a));
      if (!(opt.threshold >= 0 && opt.threshold <= 1))
        throw UsageError("--threshold takes a probability from 0 to 1");
    } else if (a == "--pair-budget") {
      opt.pair_budget = parse_count(a, args.value(a));
    } else if (a == "--threads") {
      const uint64_t n = parse_count(a, args.value(a));
      if (n == 0 || n > 256) throw UsageError("--threads takes a number from 1 to 256");
      opt.threads = static_cast<uint32_t>(n);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--timings") {
      timings = true;
    } else if (csv_option(a, args, csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for dedupe");
    } else if (in.empty()) {
      in = a;
    } else {
      throw UsageError("dedupe takes one input file (link a second one with --link)");
    }
  }
  if (in.empty()) throw UsageError("dedupe needs an input file");
  if (out.empty()) throw UsageError("dedupe needs --out OUT.csv");
  // The model first: a mistake in it is reported before the (possibly large) file is read.
  if (!model_path.empty()) {
    file = model_path;
    opt.model = parse_dedupe_model(read_small(io, model_path, "the model file"));
    opt.use_model = true;
  }
  std::string labels_text;
  if (!labels_path.empty()) {
    if (!link.empty())
      throw UsageError(
          "--labels are decisions on one file's clusters: they do not apply to --link");
    file = labels_path;
    labels_text = read_small(io, labels_path, "the labels file");
    parse_dedupe_labels(labels_text, UINT64_MAX);  // malformed labels stop before the file loads
  }
  file = in;
  Workbench wb;
  load(io, in, csv, wb);
  print_warnings(io, in, wb.table());
  wb.profile();
  if (!labels_path.empty()) {
    file = labels_path;
    opt.labels = parse_dedupe_labels(labels_text, wb.table().rows);
    file = in;
  }
  Workbench other;
  if (!link.empty()) {
    file = link;
    load(io, link, csv, other);
    print_warnings(io, link, other.table());
    other.profile();
    opt.other = &other.table();
    opt.other_profile = other.current_profile();
  }
  file = in;
  const DedupeResult r = wb.dedupe(opt);
  const GoldenResult golden = dedupe_golden_records(wb.table(), r, opt.other);
  Writer w(io, out);
  write_deduped_csv(golden, r, w.sink());
  w.close();
  if (!lineage.empty()) {
    Writer l(io, lineage);
    write_dedupe_lineage_csv(golden, r, l.sink());
    l.close();
  }
  if (!clusters.empty()) {
    Writer c(io, clusters);
    write_clusters_csv(r, c.sink());
    c.close();
  }
  if (!save_model.empty()) {
    Writer m(io, save_model);
    m.sink()(dedupe_model_to_json(r.model));
    m.close();
  }
  io.out(json ? to_json(r, timings).dump(2) + "\n" : format_dedupe_text(r, in));
  return 0;
}

}  // namespace

std::string errno_reason(int err) {
  switch (err) {
    case ENOENT:
      return "no such file";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EISDIR:
      return "is a directory";
    case ENOSPC:
      return "no space left on the device";
    case ENOMEM:
      return "out of memory";
    case ENOTDIR:
      return "a folder in the path is not a folder";
    case EROFS:
      return "read-only file system";
    default:
      return "input/output error (errno " + std::to_string(err) + ")";
  }
}

int run(const std::vector<std::string>& argv, Io& io) {
  if (argv.empty()) {
    io.err(std::string("crmwb: no command given\n") + kUsage);
    return 2;
  }
  const std::string& cmd = argv[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    io.out(kUsage);
    return 0;
  }
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  Args args(rest);
  std::string file;  // the input being read, named in error messages
  try {
    if (cmd == "profile") return cmd_profile(args, io, file);
    if (cmd == "convert") return cmd_convert(args, io, file);
    if (cmd == "clean") return cmd_clean(args, io, file);
    if (cmd == "suggest") return cmd_suggest(args, io, file);
    if (cmd == "generate") return cmd_generate(args, io);
    if (cmd == "validate") return cmd_validate(args, io, file);
    if (cmd == "dedupe") return cmd_dedupe(args, io, file);
    if (cmd == "segment") return cmd_segment(args, io, file);
    if (cmd == "analyze") return cmd_analyze(args, io, file);
    if (cmd == "encrypt" || cmd == "decrypt" || cmd == "project") {
      return cmd_project(cmd, args, io, file);
    }
    if (cmd == "protect") return cmd_protect(args, io, file);
    if (cmd == "find") return cmd_find(args, io, file);
    throw UsageError("unknown command '" + cmd + "'");
  } catch (const UsageError& e) {
    io.err(std::string("crmwb: ") + e.what() + "\n" + kUsage);
    return 2;
  } catch (const InputError& e) {
    std::string where = file.empty() ? "" : file + ": ";
    if (e.line() > 0) where += "line " + std::to_string(e.line()) + ": ";
    io.err("crmwb: " + where + e.what() + "\n");
    return 1;
  } catch (const WriteError& e) {
    io.err(std::string("crmwb: ") + e.what() + "\n");
    return 1;
  } catch (const std::bad_alloc&) {
    io.err("crmwb: " + (file.empty() ? std::string() : file + ": ") +
           "out of memory: the file is too large for the memory available\n");
    return 1;
  } catch (const std::runtime_error& e) {  // host I/O failures carry a plain reason
    io.err("crmwb: " + (file.empty() ? std::string() : file + ": ") + "cannot read: " + e.what() +
           "\n");
    return 1;
  }
}

}  // namespace crm::cli
