// Rule evaluation: each check over its column(s), the failing rows, the pass share against
// `mostly`, a message in plain words, and the records passing every rule.
//
// Every check reads values with leading and trailing whitespace removed, except regex, which
// sees the value exactly as stored. Missing values are skipped by every check but not_null
// (compare skips a row when either value is missing; unique when any of its columns is).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_set>

#include "crm/infer.h"
#include "crm/pattern.h"
#include "crm/quality.h"
#include "crm/rules.h"
#include "crm/text.h"

namespace crm {

using nlohmann::json;

namespace {

using Rows = std::vector<uint32_t>;

// The share as a percentage with one decimal, rounded down so that "100%" means no failure and
// "0%" means no pass.
std::string percent(uint64_t passed, uint64_t total) {
  if (passed == total) return "100%";
  if (passed == 0) return "0%";
  double p = std::floor(static_cast<double>(passed) * 1000.0 / static_cast<double>(total)) / 10.0;
  if (p < 0.1) p = 0.1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", p);
  return buf;
}

std::string text_of(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string cols_text(const std::vector<std::string>& c) {
  std::string s;
  for (size_t i = 0; i < c.size(); ++i) s += (i ? ", " : "") + c[i];
  return s;
}

const char* type_phrase(const std::string& t) {
  if (t == "integer") return "a whole number";
  if (t == "decimal") return "a number";
  if (t == "boolean") return "a yes/no value";
  if (t == "date") return "a date";
  if (t == "datetime") return "a date with a time";
  if (t == "email") return "a valid email address";
  if (t == "phone") return "a phone number";
  if (t == "url") return "a web address";
  if (t == "postal_code") return "a postal code";
  if (t == "country_code") return "a country name or code";
  return "text";
}

// What the rule asks, in plain words: "email must be a valid email address".
std::string describe(const Rule& r, int64_t today) {
  const json& p = r.params;
  const std::string& c = r.columns[0];
  if (r.check == "not_null") return c + " must not be missing";
  if (r.check == "unique")
    return r.columns.size() == 1 ? c + " must be unique"
                                 : cols_text(r.columns) + " must be unique together";
  if (r.check == "type") return c + " must be " + type_phrase(p["type"].get<std::string>());
  if (r.check == "regex") return c + " must match " + p["pattern"].get<std::string>();
  if (r.check == "between" || r.check == "length") {
    const std::string unit = r.check == "length" ? " characters long" : "";
    const std::string lead = c + " must be ";
    if (p.contains("min") && p.contains("max")) {
      if (p["min"] == p["max"]) return lead + "exactly " + text_of(p["min"]) + unit;
      return lead + "between " + text_of(p["min"]) + " and " + text_of(p["max"]) + unit;
    }
    if (p.contains("min")) return lead + "at least " + text_of(p["min"]) + unit;
    return lead + "at most " + text_of(p["max"]) + unit;
  }
  if (r.check == "in_set") {
    std::string s;
    const json& v = p["values"];
    for (size_t i = 0; i < v.size() && i < 8; ++i) s += (i ? ", " : "") + text_of(v[i]);
    if (v.size() > 8) s += ", ... (" + std::to_string(v.size()) + " values)";
    return c + " must be one of " + s;
  }
  if (r.check == "not_future") {
    int64_t y;
    unsigned m, d;
    civil_from_days(today, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return c + " must not be in the future (after " + buf + ")";
  }
  if (r.check == "compare")
    return c + " must be " + p["operator"].get<std::string>() + " " + r.columns[1];
  if (r.check == "in_column")
    return c + " must appear in column " + p["other_column"].get<std::string>() +
           " of the other file";
  return c;
}

// Ambiguous slash dates of a column are read day first when more values can only be read day
// first than only month first.
bool column_day_first(const Column& col, size_t rows) {
  int64_t evidence = 0;
  for (size_t r = 0; r < rows; ++r) {
    if (col.missing(r)) continue;
    auto d = parse_date(trim_space(col.value(r)));
    if (d) evidence += d->order_evidence;
  }
  return evidence > 0;
}

// Runs `pass(trimmed value, raw value)` over the column's non-missing values.
template <typename Pass>
void each_value(const Column& col, size_t rows, RuleResult& out, CancelFlag cancel, Pass pass) {
  for (size_t r = 0; r < rows; ++r) {
    if ((r & 0xFFFF) == 0) check_cancel(cancel);
    if (col.missing(r)) continue;
    ++out.evaluated;
    const std::string_view raw = col.value(r);
    if (!pass(trim_space(raw), raw)) out.failing_rows.push_back(static_cast<uint32_t>(r));
  }
}

std::function<bool(std::string_view)> type_test(const std::string& t, bool day_first) {
  if (t == "integer") return [](std::string_view v) { return is_integer_literal(v); };
  if (t == "decimal") return [](std::string_view v) { return parse_number(v).has_value(); };
  if (t == "boolean") return [](std::string_view v) { return parse_bool(v).has_value(); };
  if (t == "date") return [=](std::string_view v) { return parse_date(v, day_first).has_value(); };
  if (t == "datetime")
    return [=](std::string_view v) {
      auto d = parse_date(v, day_first);
      return d && date_format_has_time(d->format);
    };
  if (t == "email") return [](std::string_view v) { return is_email(v); };
  if (t == "phone") return [](std::string_view v) { return is_phone(v); };
  if (t == "url") return [](std::string_view v) { return is_url(v); };
  if (t == "postal_code")
    return [](std::string_view v) { return match_postal_code(v) != PostalMatch::None; };
  if (t == "country_code")
    return [](std::string_view v) { return match_country(v) != CountryForm::None; };
  return [](std::string_view) { return true; };
}

int64_t iso_day(const std::string& s) {
  return days_from_civil(std::stoll(s.substr(0, 4)),
                         static_cast<unsigned>(std::stoi(s.substr(5, 2))),
                         static_cast<unsigned>(std::stoi(s.substr(8, 2))));
}

// -1, 0, 1 for a < b, a = b, a > b when both are numbers, else both dates; nullopt when they are
// neither (texts compare only for = and !=, by the caller).
std::optional<int> compare_values(std::string_view a, std::string_view b, bool a_day_first,
                                  bool b_day_first) {
  auto na = parse_number(a), nb = parse_number(b);
  if (na && nb) return (na->value > nb->value) - (na->value < nb->value);
  auto da = parse_date(a, a_day_first), db = parse_date(b, b_day_first);
  if (da && db) return (da->days() > db->days()) - (da->days() < db->days());
  return std::nullopt;
}

bool holds(const std::string& op, int c) {
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == "=") return c == 0;
  if (op == "!=") return c != 0;
  if (op == ">=") return c >= 0;
  return c > 0;
}

size_t column_index(const Table& t, const std::string& name) {
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name() == name) return i;
  throw InputError("missing_column", "the file has no column \"" + name + "\"");
}

// Rows whose (trimmed) values in `cols` equal another row's, ascending; rows with a missing value
// in any of them are skipped. Sorts (hash, row) pairs, then sorts each run of equal hashes by the
// values themselves, so a value repeated on every row costs O(n log n), not O(n²).
Rows duplicate_keys(const std::vector<const Column*>& cols, size_t rows, uint64_t& evaluated,
                    CancelFlag cancel) {
  struct Entry {
    uint64_t hash;
    uint32_t row;
  };
  std::vector<Entry> e;
  e.reserve(rows);
  const std::hash<std::string_view> hasher;
  for (size_t r = 0; r < rows; ++r) {
    if ((r & 0xFFFF) == 0) check_cancel(cancel);
    bool skip = false;
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (const Column* c : cols) {
      if (c->missing(r)) {
        skip = true;
        break;
      }
      h = (h ^ hasher(trim_space(c->value(r)))) * 0x100000001B3ull;
    }
    if (!skip) e.push_back({h, static_cast<uint32_t>(r)});
  }
  evaluated = e.size();
  std::sort(e.begin(), e.end(), [](const Entry& a, const Entry& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.row < b.row;
  });
  auto cmp = [&](uint32_t a, uint32_t b) {  // -1, 0, 1 over the trimmed values, column by column
    for (const Column* c : cols) {
      const int x = trim_space(c->value(a)).compare(trim_space(c->value(b)));
      if (x) return x;
    }
    return 0;
  };
  Rows out;
  std::vector<uint32_t> run;
  for (size_t i = 0; i < e.size();) {
    size_t j = i + 1;
    while (j < e.size() && e[j].hash == e[i].hash) ++j;
    if (j - i > 1) {
      check_cancel(cancel);
      run.clear();
      for (size_t k = i; k < j; ++k) run.push_back(e[k].row);
      std::stable_sort(run.begin(), run.end(),
                       [&](uint32_t a, uint32_t b) { return cmp(a, b) < 0; });
      for (size_t k = 0; k < run.size(); ++k)
        if ((k > 0 && cmp(run[k - 1], run[k]) == 0) ||
            (k + 1 < run.size() && cmp(run[k], run[k + 1]) == 0))
          out.push_back(run[k]);
    }
    i = j;
  }
  std::sort(out.begin(), out.end());
  return out;
}

void run_rule(const Table& t, const Rule& rule, const Table* other, int64_t today, RuleResult& out,
              CancelFlag cancel) {
  const json& p = rule.params;
  const Column& col = t.columns[column_index(t, rule.columns[0])];
  const size_t rows = t.rows;
  const std::string& ck = rule.check;
  if (ck == "not_null") {
    out.evaluated = rows;
    for (size_t r = 0; r < rows; ++r)
      if (col.missing(r)) out.failing_rows.push_back(static_cast<uint32_t>(r));
  } else if (ck == "unique") {
    std::vector<const Column*> cols;
    for (const auto& n : rule.columns) cols.push_back(&t.columns[column_index(t, n)]);
    out.failing_rows = duplicate_keys(cols, rows, out.evaluated, cancel);
  } else if (ck == "type") {
    const std::string type = p["type"].get<std::string>();
    const bool dates = type == "date" || type == "datetime";
    auto test = type_test(type, dates && column_day_first(col, rows));
    each_value(col, rows, out, cancel,
               [&](std::string_view v, std::string_view) { return test(v); });
  } else if (ck == "regex") {
    const Pattern pattern(p["pattern"].get<std::string>(), p.value("ignore_case", false));
    each_value(col, rows, out, cancel,
               [&](std::string_view, std::string_view raw) { return pattern.search(raw); });
  } else if (ck == "between") {
    const json& b = p.contains("min") ? p["min"] : p["max"];
    if (b.is_string()) {
      const int64_t lo = p.contains("min") ? iso_day(p["min"]) : INT64_MIN;
      const int64_t hi = p.contains("max") ? iso_day(p["max"]) : INT64_MAX;
      const bool day_first = column_day_first(col, rows);
      each_value(col, rows, out, cancel, [&](std::string_view v, std::string_view) {
        auto d = parse_date(v, day_first);
        return d && d->day >= lo && d->day <= hi;
      });
    } else {
      const double lo = p.contains("min") ? p["min"].get<double>() : -INFINITY;
      const double hi = p.contains("max") ? p["max"].get<double>() : INFINITY;
      each_value(col, rows, out, cancel, [&](std::string_view v, std::string_view) {
        auto n = parse_number(v);
        return n && n->value >= lo && n->value <= hi;
      });
    }
  } else if (ck == "in_set") {
    const bool fold = p.value("ignore_case", false);
    auto key = [&](std::string_view v) {
      return fold ? change_case(v, CaseMode::Lower) : std::string(v);
    };
    std::unordered_set<std::string> set;
    for (const auto& v : p["values"]) set.insert(key(trim_space(text_of(v))));
    std::unordered_set<std::string_view> set_views;
    for (const auto& s : set) set_views.insert(s);
    each_value(col, rows, out, cancel, [&](std::string_view v, std::string_view) {
      if (!fold) return set_views.count(v) > 0;
      return set.count(key(v)) > 0;
    });
  } else if (ck == "length") {
    const uint64_t lo = p.value("min", uint64_t{0});
    const uint64_t hi = p.value("max", UINT64_MAX);
    each_value(col, rows, out, cancel, [&](std::string_view v, std::string_view) {
      const uint64_t n = utf8_length(v);
      return n >= lo && n <= hi;
    });
  } else if (ck == "not_future") {
    const int64_t ref = p.contains("reference_date") ? iso_day(p["reference_date"]) : today;
    const bool day_first = column_day_first(col, rows);
    each_value(col, rows, out, cancel, [&](std::string_view v, std::string_view) {
      auto d = parse_date(v, day_first);
      return d && d->day <= ref;
    });
  } else if (ck == "compare") {
    const Column& col_b = t.columns[column_index(t, rule.columns[1])];
    const std::string op = p["operator"].get<std::string>();
    const bool df_a = column_day_first(col, rows), df_b = column_day_first(col_b, rows);
    for (size_t r = 0; r < rows; ++r) {
      if ((r & 0xFFFF) == 0) check_cancel(cancel);
      if (col.missing(r) || col_b.missing(r)) continue;
      ++out.evaluated;
      const std::string_view a = trim_space(col.value(r)), b = trim_space(col_b.value(r));
      std::optional<int> c = compare_values(a, b, df_a, df_b);
      if (!c && (op == "=" || op == "!=")) c = a == b ? 0 : 1;
      if (!c || !holds(op, *c)) out.failing_rows.push_back(static_cast<uint32_t>(r));
    }
  } else if (ck == "in_column") {
    const Column& oc = other->columns[column_index(*other, p["other_column"].get<std::string>())];
    std::unordered_set<std::string_view> set;
    set.reserve(other->rows);
    for (size_t r = 0; r < other->rows; ++r)
      if (!oc.missing(r)) set.insert(trim_space(oc.value(r)));
    each_value(col, rows, out, cancel,
               [&](std::string_view v, std::string_view) { return set.count(v) > 0; });
  }
}

}  // namespace

Validator::Validator(const Table& table, Rules rules, const Table* other,
                     const ValidateOptions& options)
    : table_(table), has_other_(other != nullptr), rules_(std::move(rules)) {
  if (other) other_ = *other;
  today_ = options.reference_day ? *options.reference_day : today_utc_day();
  report_.records = table_.rows;
  failed_any_.assign(table_.rows, 0);
}

bool Validator::step(CancelFlag cancel) {
  const size_t i = report_.results.size();
  if (i >= rules_.rules.size()) return false;
  const Rule& rule = rules_.rules[i];
  if (rule.check == "in_column" && !has_other_)
    throw InputError("no_other_file",
                     "rule " + std::to_string(i + 1) + " (in_column) needs the second file");
  RuleResult r;
  r.index = i + 1;
  r.check = rule.check;
  r.columns = rule.columns;
  r.severity = rule.severity;
  r.mostly = rule.mostly;
  run_rule(table_, rule, has_other_ ? &other_ : nullptr, today_, r, cancel);
  r.failed = r.failing_rows.size();
  const uint64_t pass = r.evaluated - r.failed;
  if (r.evaluated > 0)
    r.share_passed = static_cast<double>(pass) / static_cast<double>(r.evaluated);
  r.passed = r.mostly ? (!r.share_passed || *r.share_passed >= *r.mostly) : r.failed == 0;
  r.message = describe(rule, today_) + ": " +
              (r.evaluated == 0 ? std::string("no values to check")
                                : percent(pass, r.evaluated) + " pass (" + group_thousands(pass) +
                                      " of " + group_thousands(r.evaluated) + ")");
  if (r.mostly) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g%%", *r.mostly * 100);
    r.message += std::string(" (needs at least ") + buf + ")";
  }
  for (uint32_t row : r.failing_rows) failed_any_[row] = 1;
  if (!r.passed && r.severity == Severity::Error) report_.passed = false;
  report_.results.push_back(std::move(r));
  return true;
}

ValidationReport Validator::finish() {
  report_.records_passing_all = 0;
  for (uint8_t f : failed_any_) report_.records_passing_all += !f;
  if (!rules_.rules.empty() && table_.rows > 0)
    report_.accuracy =
        static_cast<double>(report_.records_passing_all) / static_cast<double>(table_.rows);
  return std::move(report_);
}

ValidationReport validate_table(const Table& table, const Rules& rules, const Table* other,
                                const ValidateOptions& options, CancelFlag cancel) {
  Validator v(table, rules, other, options);
  while (v.step(cancel)) {
  }
  return v.finish();
}

}  // namespace crm
