// Rules parsing and validation: one table of checks and their parameters drives the checks, so
// every mistake gets a message naming the rule, the field and what to do.
#include <algorithm>

#include "crm/common.h"
#include "crm/pattern.h"
#include "crm/rules.h"
#include "recipe/spec.h"

namespace crm {

using nlohmann::json;

namespace {

using spec::Kind;
using spec::ParamSpec;

constexpr const char* kCode = "bad_rules";

enum class Cols { One, OneOrMany, Two };

struct CheckSpec {
  const char* check;
  Cols cols;
  std::vector<ParamSpec> params;
};

const std::vector<CheckSpec>& checks() {
  static const std::vector<CheckSpec> table = {
      {"not_null", Cols::One, {}},
      {"unique", Cols::OneOrMany, {}},
      {"type",
       Cols::One,
       {{"type",
         Kind::Enum,
         true,
         {"integer", "decimal", "boolean", "date", "datetime", "email", "phone", "url",
          "postal_code", "country_code", "text"}}}},
      {"regex",
       Cols::One,
       {{"pattern", Kind::Str, true, {}}, {"ignore_case", Kind::Bool, false, {}}}},
      {"between", Cols::One, {{"min", Kind::Bound, false, {}}, {"max", Kind::Bound, false, {}}}},
      {"in_set",
       Cols::One,
       {{"values", Kind::Values, true, {}}, {"ignore_case", Kind::Bool, false, {}}}},
      {"length", Cols::One, {{"min", Kind::Int, false, {}}, {"max", Kind::Int, false, {}}}},
      {"not_future", Cols::One, {{"reference_date", Kind::Date, false, {}}}},
      {"compare", Cols::Two, {{"operator", Kind::Enum, true, {"<", "<=", "=", "!=", ">=", ">"}}}},
      {"in_column", Cols::One, {{"other_column", Kind::Str, true, {}}}},
  };
  return table;
}

// Fields every rule may have besides its check's parameters.
const std::vector<ParamSpec>& common_params() {
  static const std::vector<ParamSpec> table = {
      {"severity", Kind::Enum, false, {"error", "warning"}},
      {"mostly", Kind::Share, false, {}},
      {"comment", Kind::Str, false, {}},
  };
  return table;
}

[[noreturn]] void fail(const std::string& message) {
  spec::fail(kCode, message);
}

std::string all_checks() {
  std::string all;
  for (const auto& c : checks()) all += (all.empty() ? "" : ", ") + std::string(c.check);
  return all;
}

// The min/max pair of between and length: at least one, of one kind, min <= max.
void check_bounds(const std::string& where, const json& r, bool dates_allowed) {
  const bool has_min = r.contains("min"), has_max = r.contains("max");
  if (!has_min && !has_max) fail(where + "give \"min\", \"max\" or both");
  if (!has_min || !has_max) return;
  const json &lo = r["min"], &hi = r["max"];
  if (dates_allowed && lo.is_string() != hi.is_string())
    fail(where + "\"min\" and \"max\" must both be numbers or both be dates");
  const bool above = lo.is_string() ? lo.get<std::string>() > hi.get<std::string>()
                                    : lo.get<double>() > hi.get<double>();
  if (above)
    fail(where + "\"min\" (" + spec::quoted(lo) + ") is above \"max\" (" + spec::quoted(hi) +
         "): swap them");
}

}  // namespace

const char* severity_name(Severity s) {
  return s == Severity::Warning ? "warning" : "error";
}

std::vector<std::string> rule_checks() {
  std::vector<std::string> out;
  for (const auto& c : checks()) out.push_back(c.check);
  return out;
}

Rule parse_rule(const json& r, size_t number) {
  std::string where = "rule " + std::to_string(number) + ": ";
  if (!r.is_object())
    fail(where + "a rule must be an object like {\"check\": \"not_null\", \"column\": \"email\"}");
  if (!r.contains("check") || !r["check"].is_string())
    fail(where + "it has no \"check\" (what to check, e.g. \"not_null\")");
  Rule rule;
  rule.check = r["check"].get<std::string>();
  auto spec = std::find_if(checks().begin(), checks().end(),
                           [&](const CheckSpec& c) { return rule.check == c.check; });
  if (spec == checks().end())
    fail(where + "unknown check \"" + rule.check + "\"" +
         spec::did_you_mean(rule.check, rule_checks()) + "; the checks are " + all_checks());
  where = "rule " + std::to_string(number) + " (" + rule.check + "): ";
  std::vector<std::string> allowed = {"check", "column", "columns"};
  for (const auto& p : spec->params) allowed.push_back(p.key);
  for (const auto& p : common_params()) allowed.push_back(p.key);
  spec::check_fields(kCode, where, r, allowed, "this check takes");
  const bool has_column = r.contains("column"), has_columns = r.contains("columns");
  if (has_column && has_columns) fail(where + "give either \"column\" or \"columns\", not both");
  if (!has_column && !has_columns) fail(where + "it names no column (add \"column\": \"name\")");
  rule.columns = spec::names_of(kCode, has_column ? r["column"] : r["columns"], where,
                                has_column ? "column" : "columns");
  if (has_column && rule.columns.size() != 1)
    fail(where + "\"column\" names one column; use \"columns\" for several");
  if (spec->cols == Cols::One && rule.columns.size() != 1)
    fail(where + "this check works on exactly one column");
  if (spec->cols == Cols::Two && rule.columns.size() != 2)
    fail(where +
         "this check needs two columns in \"columns\", e.g. [\"signup\", \"last_updated\"] "
         "with \"operator\": \"<=\"");
  for (const auto* list : {&spec->params, &common_params()})
    for (const auto& p : *list) {
      if (r.contains(p.key))
        spec::check_param(kCode, where, p, r[p.key]);
      else if (p.required)
        fail(where + "\"" + p.key + "\" is missing");
    }
  if (rule.check == "between") check_bounds(where, r, true);
  if (rule.check == "length") check_bounds(where, r, false);
  if (rule.check == "regex") {
    try {
      Pattern(r["pattern"].get<std::string>(), r.value("ignore_case", false));
    } catch (const InputError& e) {
      fail(where + "\"pattern\": " + e.what());
    }
  }
  if (r.contains("severity") && r["severity"] == "warning") rule.severity = Severity::Warning;
  if (r.contains("mostly")) rule.mostly = r["mostly"].get<double>();
  rule.params = r;
  return rule;
}

Rules parse_rules(std::string_view text) {
  json doc = spec::parse_document(text, kCode, "the rules file");
  if (!doc.is_object() || !doc.contains("crmwb_rules"))
    fail(
        "this is not a crmwb rules file: it has no \"crmwb_rules\" version field (a rules file "
        "looks like {\"crmwb_rules\": 1, \"rules\": [...]})");
  spec::check_version(kCode, doc, "crmwb_rules", kRulesVersion, "rules file");
  const std::vector<std::string> top = {"crmwb_rules", "rules", "description"};
  for (const auto& [key, value] : doc.items())
    if (std::find(top.begin(), top.end(), key) == top.end())
      fail("unknown top-level field \"" + key + "\"" + spec::did_you_mean(key, top) +
           "; a rules file has crmwb_rules, rules and optionally description");
  if (!doc.contains("rules") || !doc["rules"].is_array())
    fail("the rules file has no \"rules\" list");
  Rules out;
  size_t n = 0;
  for (const auto& r : doc["rules"]) out.rules.push_back(parse_rule(r, ++n));
  return out;
}

bool rules_need_other(const Rules& rules) {
  return std::any_of(rules.rules.begin(), rules.rules.end(),
                     [](const Rule& r) { return r.check == "in_column"; });
}

void check_rule_columns(const Rules& rules, const std::vector<std::string>& columns,
                        const std::vector<std::string>* other_columns) {
  auto list = [](const std::vector<std::string>& have) {
    std::string s;
    for (size_t i = 0; i < have.size() && i < 30; ++i) s += (i ? ", " : "") + have[i];
    if (have.size() > 30) s += ", ...";
    return s;
  };
  for (size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& r = rules.rules[i];
    const std::string where = "rule " + std::to_string(i + 1) + " (" + r.check + "): ";
    for (const auto& c : r.columns)
      if (std::find(columns.begin(), columns.end(), c) == columns.end())
        throw InputError("missing_column", where + "the file has no column \"" + c + "\"" +
                                               spec::did_you_mean(c, columns) +
                                               "; its columns are " + list(columns));
    if (r.check != "in_column") continue;
    const std::string other = r.params["other_column"].get<std::string>();
    if (!other_columns)
      throw InputError("no_other_file", where + "it looks values up in column \"" + other +
                                            "\" of a second file: give that file (--other FILE)");
    if (std::find(other_columns->begin(), other_columns->end(), other) == other_columns->end())
      throw InputError("missing_column", where + "the other file has no column \"" + other + "\"" +
                                             spec::did_you_mean(other, *other_columns) +
                                             "; its columns are " + list(*other_columns));
  }
}

std::string rules_to_json(const Rules& rules) {
  nlohmann::ordered_json doc;
  doc["crmwb_rules"] = kRulesVersion;
  doc["rules"] = nlohmann::ordered_json::array();
  for (const auto& r : rules.rules) {
    nlohmann::ordered_json o;
    o["check"] = r.check;
    for (const char* key : {"column", "columns"})
      if (r.params.contains(key)) o[key] = r.params[key];
    for (const auto& [key, value] : r.params.items())
      if (key != "check" && key != "column" && key != "columns") o[key] = value;
    doc["rules"].push_back(std::move(o));
  }
  return doc.dump(2) + "\n";
}

}  // namespace crm
