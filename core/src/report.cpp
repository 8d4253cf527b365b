// Serialization of result structs, in one place: JSON and the terminal summary.
#include "crm/report.h"

#include <cmath>
#include <cstdio>

#include "crm/infer.h"

namespace crm {

using nlohmann::json;

namespace {

/// ISO text of a (fractional) day count: YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with time.
std::string iso_day(double days, bool with_time) {
  const double fl = std::floor(days);
  int64_t y;
  unsigned m, d;
  civil_from_days(static_cast<int64_t>(fl), y, m, d);
  char buf[64];
  if (!with_time) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  } else {
    int64_t secs = static_cast<int64_t>(std::floor((days - fl) * 86400.0 + 0.5));
    if (secs >= 86400) secs = 86399;
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(y), m,
                  d, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60));
  }
  return buf;
}

bool is_temporal(ValueType t) {
  return t == ValueType::Date || t == ValueType::DateTime;
}

/// A statistic as JSON: a number, or an ISO date for date columns.
json stat_value(double v, ValueType t) {
  if (is_temporal(t)) return iso_day(v, t == ValueType::DateTime);
  return v;
}

json optional_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json value_counts(const std::vector<ValueCount>& vs) {
  json a = json::array();
  for (const ValueCount& v : vs) a.push_back({{"value", v.value}, {"count", v.count}});
  return a;
}

json column_json(const ColumnProfile& c, const ColumnQuality* q, uint64_t rows) {
  json j;
  j["name"] = c.name;
  j["type"] = type_name(c.type);
  if (!c.format.empty()) j["format"] = c.format;
  if (!c.phone_region.empty()) j["phone_region"] = c.phone_region;
  if (!c.phone_country_column.empty()) j["phone_country_column"] = c.phone_country_column;
  j["type_share"] = c.type_share;
  j["valid"] = c.valid;
  j["missing"] = c.missing;
  j["distinct"] = c.distinct;
  j["top"] = value_counts(c.top);
  if (c.stats) {
    const NumericStats& s = *c.stats;
    j["min"] = stat_value(s.min, c.type);
    j["max"] = stat_value(s.max, c.type);
    j["mean"] = stat_value(s.mean, c.type);
    j["std"] = s.std;
    j["quantiles"] = {{"5%", stat_value(s.q05, c.type)},
                      {"25%", stat_value(s.q25, c.type)},
                      {"50%", stat_value(s.q50, c.type)},
                      {"75%", stat_value(s.q75, c.type)},
                      {"95%", stat_value(s.q95, c.type)}};
    j["skewness"] = s.skewness;
    j["zeros"] = s.zeros;
    j["negatives"] = s.negatives;
  }
  j["length"] = {{"min", c.length_min}, {"mean", c.length_mean}, {"max", c.length_max}};
  j["patterns"] = value_counts(c.patterns);
  if (c.type == ValueType::Integer || c.type == ValueType::Decimal) {
    j["decimal_comma"] = c.decimal_comma;
  }
  j["common_format"] = c.common_format;
  j["dominant_format"] = c.dominant_format.empty() ? json(nullptr) : json(c.dominant_format);
  j["consistent"] = c.consistent;
  j["invalid"] = rows - c.missing - c.valid;  // non-missing values that do not fit the type
  j["off_format"] = c.valid - c.consistent;
  j["whitespace"] = c.whitespace;
  j["type_counts"] = value_counts(c.type_counts);
  if (!c.histogram_counts.empty()) {
    json edges = json::array();
    for (double e : c.histogram_edges) edges.push_back(stat_value(e, c.type));
    j["histogram"] = {{"edges", edges}, {"counts", c.histogram_counts}};
  }
  json alerts = json::array();
  for (const Alert& a : c.alerts) alerts.push_back({{"code", a.code}, {"message", a.message}});
  j["alerts"] = alerts;
  if (q) {
    j["quality"] = {{"completeness", optional_number(q->completeness)},
                    {"validity", optional_number(q->validity)},
                    {"uniqueness", optional_number(q->uniqueness)},
                    {"consistency", optional_number(q->consistency)}};
  }
  return j;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
  return buf;
}

std::string percent(const std::optional<double>& share) {
  return share ? percent(*share) : "n/a";
}

/// Pads or cuts `s` to `width` code points (UTF-8 aware) for the terminal table.
std::string fit(const std::string& s, size_t width) {
  std::string out;
  size_t cps = 0, i = 0;
  while (i < s.size() && cps < width) {
    size_t len = 1;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    if (cps + 1 == width && i + len < s.size()) {
      out += "~";
      ++cps;
      i = s.size();
      break;
    }
    const char ch = s[i];
    if (ch == '\n' || ch == '\r' || ch == '\t') {
      out += ' ';
      i += 1;
    } else {
      out.append(s, i, len);
      i += len;
    }
    ++cps;
  }
  out.append(width - cps, ' ');
  return out;
}

}  // namespace

json to_json(const Dialect& d) {
  return {{"delimiter", std::string(1, d.delimiter)},
          {"quote", std::string(1, d.quote)},
          {"header", d.header},
          {"skip_initial_space", d.skip_initial_space},
          {"encoding", d.encoding},
          {"line_ending", d.line_ending}};
}

json to_json(const Warning& w) {
  return {{"code", w.code}, {"message", w.message}, {"line", w.line}};
}

json to_json(const QualityScore& q) {
  json cols = json::array();
  json j = {{"score", q.score},
            {"completeness", optional_number(q.completeness)},
            {"validity", optional_number(q.validity)},
            {"uniqueness", optional_number(q.uniqueness)},
            {"consistency", optional_number(q.consistency)},
            {"timeliness", optional_number(q.timeliness)}};
  j["reference_date"] = iso_day(static_cast<double>(q.reference_day), false);
  j["timeliness_days"] = q.timeliness_days;
  if (q.accuracy) j["accuracy"] = *q.accuracy;  // only once validation rules were run
  if (q.fuzzy_duplicates) {                     // only after a dedupe of this table version
    j["fuzzy_duplicates"] = *q.fuzzy_duplicates;
    j["duplicates"] = q.duplicates;
    json problems = json::array();
    if (*q.fuzzy_duplicates > 0) {
      const uint64_t n = *q.fuzzy_duplicates;
      problems.push_back(
          {{"kind", kFuzzyDuplicateProblem},
           {"count", n},
           {"text",
            n == 1 ? std::string("1 record looks like a duplicate of another customer")
                   : group_thousands(n) + " records look like duplicates of another customer"}});
    }
    j["problems"] = problems;
  }
  if (!q.timeliness_column.empty()) {
    j["timeliness_column"] = q.timeliness_column;
    j["timely"] = q.timely;
    j["dated"] = q.dated;
    j["stale"] = q.dated - q.timely;
    if (q.newest_day) j["newest_update"] = iso_day(static_cast<double>(*q.newest_day), false);
  }
  return j;
}

json to_json(const Profile& p) {
  json j;
  j["rows"] = p.rows;
  json cols = json::array();
  for (size_t i = 0; i < p.columns.size(); ++i) {
    const ColumnQuality* q = i < p.quality.columns.size() ? &p.quality.columns[i] : nullptr;
    cols.push_back(column_json(p.columns[i], q, p.rows));
  }
  j["columns"] = cols;
  j["duplicate_rows"] = p.duplicate_rows;
  j["duplicate_records"] = p.duplicate_records;
  j["id_columns"] = p.id_columns;
  j["quality"] = to_json(p.quality);
  j["dialect"] = to_json(p.dialect);
  json ws = json::array();
  for (const Warning& w : p.warnings) ws.push_back(to_json(w));
  j["warnings"] = ws;
  return j;
}

std::string format_profile_text(const Profile& p, const std::string& file_name) {
  std::string out;
  const Dialect& d = p.dialect;
  const std::string delim = d.delimiter == '\t' ? "tab" : std::string(1, d.delimiter);
  out += file_name + ": " + std::to_string(p.rows) + " rows, " + std::to_string(p.columns.size()) +
         " columns (delimiter '" + delim + "', " + d.encoding + ", " + d.line_ending +
         " line endings, " + (d.header ? "with header" : "no header") + ")\n";
  for (const Warning& w : p.warnings) out += "  warning: " + w.message + "\n";
  out += "\n";
  out += fit("column", 22) + " " + fit("type", 20) + " " + fit("missing", 8) + " " +
         fit("distinct", 9) + " " + "most common\n";
  for (const ColumnProfile& c : p.columns) {
    std::string type = type_name(c.type);
    if (c.type != ValueType::Text && c.type != ValueType::Empty) {
      type += ' ';
      type += percent(c.type_share);
    }
    const double miss = p.rows ? static_cast<double>(c.missing) / static_cast<double>(p.rows) : 0;
    std::string top =
        c.top.empty() ? "" : c.top[0].value + " (" + std::to_string(c.top[0].count) + ")";
    out += fit(c.name, 22) + " " + fit(type, 20) + " " + fit(percent(miss), 8) + " " +
           fit(std::to_string(c.distinct), 9) + " " + fit(top, 30) + "\n";
  }
  const QualityScore& q = p.quality;
  out += "\nquality score " + percent(q.score) + ": completeness " + percent(q.completeness) +
         ", validity " + percent(q.validity) + ", uniqueness " + percent(q.uniqueness) +
         ", consistency " + percent(q.consistency) + ", timeliness " + percent(q.timeliness) + "\n";
  out += "exact duplicate rows: " + std::to_string(p.duplicate_rows) + "\n";
  out += "duplicate records: " + std::to_string(p.duplicate_records) +
         (p.id_columns.empty() ? std::string(" (no id columns)")
                               : " (rows equal but for the id columns:");
  for (size_t i = 0; i < p.id_columns.size(); ++i) out += (i ? ", " : " ") + p.id_columns[i];
  out += p.id_columns.empty() ? "\n" : ")\n";
  bool any_alert = false;
  for (const ColumnProfile& c : p.columns) {
    for (const Alert& a : c.alerts) {
      if (!any_alert) out += "\nalerts:\n";
      any_alert = true;
      out += "  " + c.name + ": " + a.code + ": " + a.message + "\n";
    }
  }
  return out;
}

json to_json(const ValidationReport& report) {
  json rules = json::array();
  for (const RuleResult& r : report.results) {
    json rows = json::array();
    for (size_t i = 0; i < r.failing_rows.size() && i < kReportFailingRows; ++i)
      rows.push_back(r.failing_rows[i]);
    rules.push_back({{"index", r.index},
                     {"check", r.check},
                     {"columns", r.columns},
                     {"severity", severity_name(r.severity)},
                     {"mostly", optional_number(r.mostly)},
                     {"evaluated", r.evaluated},
                     {"failed", r.failed},
                     {"share_passed", optional_number(r.share_passed)},
                     {"passed", r.passed},
                     {"failing_rows", rows},
                     {"message", r.message}});
  }
  return {{"rules", rules},
          {"records", report.records},
          {"records_passing_all", report.records_passing_all},
          {"accuracy", optional_number(report.accuracy)},
          {"passed", report.passed}};
}

std::string format_validation_text(const ValidationReport& report, const std::string& file_name) {
  size_t passed = 0, failed = 0, warned = 0;
  std::string lines;
  for (const RuleResult& r : report.results) {
    const char* tag = r.passed ? "pass" : r.severity == Severity::Error ? "FAIL" : "warn";
    (r.passed ? passed : r.severity == Severity::Error ? failed : warned) += 1;
    lines += std::string("  ") + tag + "  rule " + std::to_string(r.index) + " (" + r.check +
             "): " + r.message;
    if (!r.failing_rows.empty()) {
      lines += "; failing rows (0-based):";
      for (size_t i = 0; i < r.failing_rows.size() && i < 10; ++i)
        lines += (i ? ", " : " ") + std::to_string(r.failing_rows[i]);
      if (r.failing_rows.size() > 10) lines += ", ...";
    }
    lines += "\n";
  }
  std::string out = file_name + ": " + group_thousands(report.results.size()) +
                    (report.results.size() == 1 ? " rule on " : " rules on ") +
                    group_thousands(report.records) + " records: " + group_thousands(passed) +
                    " passed, " + group_thousands(failed) + " failed, " + group_thousands(warned) +
                    " warned\n" + lines;
  out += "records passing every rule: " + group_thousands(report.records_passing_all) + " of " +
         group_thousands(report.records) + " (accuracy " + percent(report.accuracy) + ")\n";
  return out;
}

nlohmann::ordered_json to_json(const RecipeStep& step) {
  nlohmann::ordered_json o;
  o["op"] = step.op;
  for (const char* key : {"column", "columns"})
    if (step.params.contains(key)) o[key] = step.params[key];
  for (const auto& [key, value] : step.params.items())
    if (key != "op" && key != "column" && key != "columns") o[key] = value;
  return o;
}

json to_json(const StepResult& r) {
  json samples = json::array();
  for (const auto& s : r.samples)
    samples.push_back(
        {{"column", s.column}, {"before", s.before}, {"after", s.after}, {"note", s.note}});
  return {{"changed", r.changed},        {"flagged", r.flagged}, {"missing", r.missing},
          {"dropped", r.dropped.size()}, {"rows", r.table.rows}, {"samples", samples}};
}

}  // namespace crm
