// Find a person: the query fills the compared fields by role (dedupe field roles), every row is
// compared with it (dedupe match_record), and each row found says why, column by column.
#include "crm/person.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "crm/csv.h"
#include "crm/infer.h"
#include "crm/phone.h"

namespace crm {
namespace {

[[noreturn]] void bad(const std::string& what) {
  throw InputError("bad_query", "the person search is not valid: " + what);
}

/// Words of a name as written, a "Family, Given" name turned around.
std::vector<std::string> name_words(std::string_view name) {
  std::string text(trim_space(name));
  const size_t comma = text.find(',');
  if (comma != std::string::npos) text = text.substr(comma + 1) + " " + text.substr(0, comma);
  std::vector<std::string> out;
  std::string w;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == ',') {
      if (!w.empty()) out.push_back(std::move(w)), w.clear();
    } else {
      w.push_back(c);
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::string join(const std::vector<std::string>& words, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

/// Where the family name starts in a name's words: the last word, with the particles before it
/// ("de León", "van der Berg", "bin Laden").
size_t family_start(const std::vector<std::string>& words) {
  static const char* const particles[] = {"de",  "del", "della", "der", "den", "van", "von", "da",
                                          "das", "do",  "dos",   "di",  "du",  "la",  "le",  "ten",
                                          "ter", "bin", "ibn",   "al",  "el",  "mac", "st",  "st."};
  if (words.empty()) return 0;
  size_t i = words.size() - 1;
  while (i > 1) {  // the first word stays the given name
    std::string w = words[i - 1];
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool particle = false;
    for (const char* p : particles) particle |= w == p;
    if (!particle) break;
    --i;
  }
  return i;
}

/// The query's value for a field, by the field's role (or column name), "" for none.
std::string query_value(const CompareField& f, const PersonQuery& q,
                        const std::vector<std::string>& name) {
  for (const auto& [column, value] : q.values)
    if (column == f.column) return value;
  switch (f.role) {
    case FieldRole::Email:
      return q.email;
    case FieldRole::Phone:
      return q.phone;
    case FieldRole::FullName:
      return join(name, 0, name.size());
    case FieldRole::GivenName:
      return name.size() >= 2 ? join(name, 0, family_start(name)) : std::string();
    case FieldRole::FamilyName:
      return join(name, family_start(name), name.size());
    default:
      break;
  }
  if (f.kind == CompareKind::Email) return q.email;
  if (f.kind == CompareKind::Phone) return q.phone;
  return {};
}

/// A national phone written for `region` as E.164 (so that the columns' own region does not
/// apply); other phones as written.
std::string phone_in_region(const std::string& phone, const std::string& region) {
  if (region.empty() || phone.empty()) return phone;
  const PhoneNumber n = parse_phone(phone, region, false);
  if (!n.parsed()) return phone;
  char buf[24];
  const size_t len = format_phone_e164(n, buf);
  return std::string(buf, len);
}

int column_index(const Table& t, const std::string& name) {
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name() == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

PersonSearch find_person(const Table& table, const Profile& profile, const PersonQuery& q,
                         const DedupeModel* given, const std::function<uint64_t(uint64_t)>& row_of,
                         ProgressFn progress, CancelFlag cancel) {
  if (!q.region.empty() && !is_phone_region(q.region))
    bad("\"region\" \"" + q.region + "\" is not a country with phone numbers (use a code like US)");
  for (const auto& [column, value] : q.values)
    if (column_index(table, column) < 0)
      throw InputError("missing_column", "the person search names the column \"" + column +
                                             "\", which this table does not have");
  DedupeModel model = given ? *given : suggest_dedupe_fields(table, profile);
  PersonSearch out;
  out.rows = table.rows;
  out.trained = model.trained;
  // Columns named in `values` that the model does not compare are compared exactly.
  for (const auto& [column, value] : q.values) {
    bool have = false;
    for (const auto& f : model.fields) have |= f.column == column;
    if (!have) {
      CompareField f;
      f.column = column;
      f.kind = CompareKind::Exact;
      if (model.trained) {  // a trained model's weights for it: u from the table, default m
        out.notes.push_back("\"" + column + "\" is not in the dedupe model: compared exactly, " +
                            "with the default weights");
      }
      model.fields.push_back(f);
    }
  }
  const std::vector<std::string> name = name_words(q.name);
  const std::string phone = phone_in_region(q.phone, q.region);
  std::vector<std::pair<std::string, std::string>> record;
  bool email_used = false, phone_used = false, name_used = false;
  for (CompareField& f : model.fields) {
    if (column_index(table, f.column) < 0) continue;
    std::string v = query_value(f, q, name);
    if (f.kind == CompareKind::Phone || f.role == FieldRole::Phone)
      if (v == q.phone) v = phone;
    if (trim_space(v).empty()) continue;
    email_used |= !q.email.empty() && v == q.email;
    phone_used |= !q.phone.empty() && v == phone;
    name_used |= f.role == FieldRole::FullName || f.role == FieldRole::GivenName ||
                 f.role == FieldRole::FamilyName;
    record.emplace_back(f.column, v);
  }
  if (!q.email.empty() && !email_used)
    out.notes.push_back("no compared column holds e-mail addresses: the e-mail was not used");
  if (!q.phone.empty() && !phone_used)
    out.notes.push_back("no compared column holds phone numbers: the phone was not used");
  if (!q.name.empty() && !name_used)
    out.notes.push_back("no compared column holds names: the name was not used");
  if (record.empty())
    bad("give an e-mail, a phone or a name (or a column's value) that a column of the table holds");
  const std::vector<RecordMatch> found =
      match_record(table, profile, record, model, 0, progress, cancel);
  for (const CompareField& f : model.fields)
    for (const auto& [column, value] : record)
      if (column == f.column) out.compared.emplace_back(column, value);
  out.found = found.size();
  for (const RecordMatch& m : found) out.strong += m.weight >= kPersonStrong;
  const size_t take = std::min(found.size(), q.limit);
  out.matches.reserve(take);
  for (size_t i = 0; i < take; ++i) {
    const RecordMatch& m = found[i];
    PersonMatch pm;
    pm.row = m.row;
    pm.original_row = row_of ? row_of(m.row) : m.row;
    pm.weight = m.weight;
    pm.strength = m.weight >= kPersonStrong   ? "strong"
                  : m.weight >= kPersonLikely ? "likely"
                                              : "weak";
    for (size_t f = 0; f < model.fields.size(); ++f) {
      const CompareField& cf = model.fields[f];
      PersonReason r;
      r.column = cf.column;
      r.query = out.compared[f].second;
      const Column& col = table.columns[static_cast<size_t>(column_index(table, cf.column))];
      r.value = col.missing(m.row) ? std::string() : std::string(col.value(m.row));
      const unsigned level = static_cast<unsigned>((m.levels >> (4 * f)) & 15u);
      r.level = compare_levels(cf.kind)[level];
      r.weight = m.parts[f];
      pm.why.push_back(std::move(r));
    }
    out.matches.push_back(std::move(pm));
  }
  return out;
}

PersonQuery parse_person_query(std::string_view text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    bad(std::string("not JSON (") + e.what() + ")");
  }
  if (!j.is_object()) bad("it must be an object like {\"email\": \"ann@example.com\"}");
  PersonQuery q;
  for (const auto& [key, v] : j.items()) {
    if (key == "email" || key == "phone" || key == "name" || key == "region") {
      if (!v.is_string()) bad("\"" + key + "\" must be a text");
      std::string s = v.get<std::string>();
      if (s.size() > 1000) bad("\"" + key + "\" is longer than 1,000 characters");
      (key == "email"   ? q.email
       : key == "phone" ? q.phone
       : key == "name"  ? q.name
                        : q.region) = std::string(trim_space(s));
    } else if (key == "values") {
      if (!v.is_object()) bad("\"values\" must be an object of column: value");
      for (const auto& [column, value] : v.items()) {
        if (!value.is_string()) bad("the value of \"" + column + "\" in \"values\" must be a text");
        q.values.emplace_back(column, value.get<std::string>());
      }
    } else if (key == "limit") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() < 1 || v.get<uint64_t>() > 100000)
        bad("\"limit\" must be a whole number from 1 to 100000");
      q.limit = v.get<size_t>();
    } else {
      bad("unknown field \"" + key + "\"; a search has email, phone, name, region, values, limit");
    }
  }
  return q;
}

std::string person_search_json(const PersonSearch& s) {
  using nlohmann::json;
  auto num = [](double x) { return std::round(x * 1e4) / 1e4; };
  json compared = json::array();
  for (const auto& [column, value] : s.compared)
    compared.push_back({{"column", column}, {"query", value}});
  json matches = json::array();
  for (const PersonMatch& m : s.matches) {
    json why = json::array();
    for (const PersonReason& r : m.why)
      why.push_back({{"column", r.column},
                     {"query", r.query},
                     {"value", r.value},
                     {"level", r.level},
                     {"weight", num(r.weight)}});
    matches.push_back({{"row", m.row},
                       {"original_row", m.original_row},
                       {"weight", num(m.weight)},
                       {"strength", m.strength},
                       {"why", std::move(why)}});
  }
  json out = {{"rows", s.rows},
              {"found", s.found},
              {"strong", s.strong},
              {"trained", s.trained},
              {"compared", compared},
              {"notes", s.notes},
              {"matches", std::move(matches)}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void write_person_rows_csv(const Table& table, const std::vector<PersonMatch>& matches,
                           const ByteSink& sink) {
  std::string out = "row";
  for (const Column& c : table.columns) {
    out.push_back(',');
    write_csv_field(out, c.name());
  }
  out.push_back('\n');
  std::vector<const PersonMatch*> order;
  for (const PersonMatch& m : matches) order.push_back(&m);
  std::sort(order.begin(), order.end(),
            [](const PersonMatch* a, const PersonMatch* b) { return a->row < b->row; });
  for (const PersonMatch* m : order) {
    out += std::to_string(m->original_row);
    for (const Column& c : table.columns) {
      out.push_back(',');
      if (!c.missing(m->row)) write_csv_field(out, c.value(m->row));
    }
    out.push_back('\n');
    if (out.size() > (1u << 20)) sink(out), out.clear();
  }
  if (!out.empty()) sink(out);
}

}  // namespace crm
