// Validation rules: parsing and every message, each check's failing rows, mostly and severity,
// accuracy, suggestions, a pathological pattern over a million rows, and `crmwb validate`.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "crm/common.h"
#include "crm/infer.h"
#include "crm/quality.h"
#include "crm/report.h"
#include "crm/rules.h"
#include "mem_io.h"
#include "test_util.h"

namespace crm {
namespace {

using test::make_table;

std::string error_of(const std::string& text) {
  try {
    parse_rules(text);
  } catch (const InputError& e) {
    return e.code() + ": " + e.what();
  }
  return "";
}

std::string rules(const std::string& body) {
  return "{\"crmwb_rules\": 1, \"rules\": [" + body + "]}";
}

TEST(Rules, ParsesEveryCheck) {
  Rules r = parse_rules(rules(R"(
    {"check": "not_null", "column": "email", "severity": "warning"},
    {"check": "unique", "columns": ["first", "last"]},
    {"check": "type", "column": "email", "type": "email", "mostly": 0.95},
    {"check": "regex", "column": "code", "pattern": "^[A-Z]{3}$", "ignore_case": true},
    {"check": "between", "column": "age", "min": 18, "max": 120},
    {"check": "between", "column": "signup", "min": "2000-01-01"},
    {"check": "in_set", "column": "country", "values": ["US", "CA", 1]},
    {"check": "length", "column": "zip", "min": 5, "max": 5},
    {"check": "not_future", "column": "dob", "reference_date": "2026-01-01"},
    {"check": "compare", "columns": ["signup", "updated"], "operator": "<="},
    {"check": "in_column", "column": "customer", "other_column": "id", "comment": "orders"}
  )"));
  ASSERT_EQ(r.rules.size(), 11u);
  EXPECT_EQ(r.rules[0].severity, Severity::Warning);
  EXPECT_EQ(r.rules[1].columns, (std::vector<std::string>{"first", "last"}));
  EXPECT_EQ(r.rules[2].mostly, 0.95);
  EXPECT_EQ(rule_checks().size(), 10u);
  EXPECT_TRUE(rules_need_other(r));
  // The canonical text reads back to itself.
  const std::string text = rules_to_json(r);
  EXPECT_EQ(rules_to_json(parse_rules(text)), text);
}

TEST(Rules, ClearMessages) {
  struct Bad {
    const char* name;
    std::string text;
    std::string message;
  };
  const Bad cases[] = {
      {"not json",
       "{\"crmwb_rules\": 1,\n \"rules\": [\n {\"check\": \"not_null\" \"column\": 1}]}",
       "bad_rules: the rules file is not valid JSON (line 3): check for a missing comma, quote or "
       "bracket there"},
      {"not rules", "{\"rules\": []}",
       "bad_rules: this is not a crmwb rules file: it has no \"crmwb_rules\" version field (a "
       "rules file looks like {\"crmwb_rules\": 1, \"rules\": [...]})"},
      {"newer", "{\"crmwb_rules\": 2, \"rules\": []}",
       "bad_rules: this rules file is format version 2, written by a newer crmwb; this one reads "
       "version 1: update crmwb"},
      {"bad version", "{\"crmwb_rules\": \"1\", \"rules\": []}",
       "bad_rules: \"crmwb_rules\" must be the format version, a whole number such as 1"},
      {"top field", "{\"crmwb_rules\": 1, \"rule\": []}",
       "bad_rules: unknown top-level field \"rule\" (did you mean \"rules\"?); a rules file has "
       "crmwb_rules, rules and optionally description"},
      {"no list", "{\"crmwb_rules\": 1}", "bad_rules: the rules file has no \"rules\" list"},
      {"rule not object", rules("3"),
       "bad_rules: rule 1: a rule must be an object like {\"check\": \"not_null\", \"column\": "
       "\"email\"}"},
      {"no check", rules(R"({"column": "a"})"),
       "bad_rules: rule 1: it has no \"check\" (what to check, e.g. \"not_null\")"},
      {"unknown check", rules(R"({"check": "not_nul", "column": "a"})"),
       "bad_rules: rule 1: unknown check \"not_nul\" (did you mean \"not_null\"?); the checks are "
       "not_null, unique, type, regex, between, in_set, length, not_future, compare, in_column"},
      {"unknown field", rules(R"({"check": "not_null", "column": "a"}, {"check": "between",
        "column": "a", "minimum": 1})"),
       "bad_rules: rule 2 (between): unknown field \"minimum\"; this check takes column, columns, "
       "min, max, severity, mostly, comment"},
      {"field typo", rules(R"({"check": "type", "colum": "a", "type": "email"})"),
       "bad_rules: rule 1 (type): unknown field \"colum\" (did you mean \"column\"?); this check "
       "takes column, columns, type, severity, mostly, comment"},
      {"no column", rules(R"({"check": "not_null"})"),
       "bad_rules: rule 1 (not_null): it names no column (add \"column\": \"name\")"},
      {"both column fields", rules(R"({"check": "not_null", "column": "a", "columns": ["b"]})"),
       "bad_rules: rule 1 (not_null): give either \"column\" or \"columns\", not both"},
      {"one column only", rules(R"({"check": "not_null", "columns": ["a", "b"]})"),
       "bad_rules: rule 1 (not_null): this check works on exactly one column"},
      {"compare needs two", rules(R"({"check": "compare", "column": "a", "operator": "<"})"),
       "bad_rules: rule 1 (compare): this check needs two columns in \"columns\", e.g. "
       "[\"signup\", "
       "\"last_updated\"] with \"operator\": \"<=\""},
      {"missing param", rules(R"({"check": "type", "column": "a"})"),
       "bad_rules: rule 1 (type): \"type\" is missing"},
      {"bad type", rules(R"({"check": "type", "column": "a", "type": "Email"})"),
       "bad_rules: rule 1 (type): \"type\" must be one of integer, decimal, boolean, date, "
       "datetime, email, phone, url, postal_code, country_code, text (got \"Email\")"},
      {"bad operator", rules(R"({"check": "compare", "columns": ["a", "b"], "operator": "=<"})"),
       "bad_rules: rule 1 (compare): \"operator\" must be one of <, <=, =, !=, >=, > (got \"=<\")"},
      {"bad severity", rules(R"({"check": "not_null", "column": "a", "severity": "fatal"})"),
       "bad_rules: rule 1 (not_null): \"severity\" must be one of error, warning (got \"fatal\")"},
      {"bad mostly", rules(R"({"check": "not_null", "column": "a", "mostly": 95})"),
       "bad_rules: rule 1 (not_null): \"mostly\" must be a share above 0 and at most 1, such as "
       "0.95 (got 95)"},
      {"no bounds", rules(R"({"check": "between", "column": "a"})"),
       "bad_rules: rule 1 (between): give \"min\", \"max\" or both"},
      {"bad bound", rules(R"({"check": "between", "column": "a", "min": "18"})"),
       "bad_rules: rule 1 (between): \"min\" must be a number or a date written YYYY-MM-DD (got "
       "\"18\")"},
      {"swapped bounds", rules(R"({"check": "between", "column": "a", "min": 120, "max": 18})"),
       "bad_rules: rule 1 (between): \"min\" (120) is above \"max\" (18): swap them"},
      {"mixed bounds",
       rules(R"({"check": "between", "column": "a", "min": 1, "max": "2020-01-01"})"),
       "bad_rules: rule 1 (between): \"min\" and \"max\" must both be numbers or both be dates"},
      {"bad length", rules(R"({"check": "length", "column": "a", "max": -1})"),
       "bad_rules: rule 1 (length): \"max\" must be a whole number of 0 or more (got -1)"},
      {"empty set", rules(R"({"check": "in_set", "column": "a", "values": []})"),
       "bad_rules: rule 1 (in_set): \"values\" must be a non-empty list of values such as [\"US\", "
       "\"CA\"] (got [])"},
      {"set of objects", rules(R"({"check": "in_set", "column": "a", "values": [{}]})"),
       "bad_rules: rule 1 (in_set): \"values\" must list texts or numbers (got {})"},
      {"bad reference",
       rules(R"({"check": "not_future", "column": "a", "reference_date": "2021-02-30"})"),
       "bad_rules: rule 1 (not_future): \"reference_date\" must be a date written YYYY-MM-DD (got "
       "\"2021-02-30\")"},
      {"back-reference", rules(R"({"check": "regex", "column": "a", "pattern": "(a)\\1"})"),
       "bad_rules: rule 1 (regex): \"pattern\": the pattern (a)\\1 cannot be used: back-references "
       "such as \\1 are not supported (patterns run in linear time, RE2 syntax)"},
      {"empty pattern", rules(R"({"check": "regex", "column": "a", "pattern": ""})"),
       "bad_rules: rule 1 (regex): \"pattern\" must be a non-empty text (got \"\")"},
      {"in_column without other", rules(R"({"check": "in_column", "column": "a"})"),
       "bad_rules: rule 1 (in_column): \"other_column\" is missing"},
      {"deep",
       "{\"crmwb_rules\": 1, \"rules\": " + std::string(100, '[') + std::string(100, ']') + "}",
       "bad_rules: the rules file nests lists or objects more than 64 levels deep"},
      {"huge number", "{\"crmwb_rules\": 16e666}",
       "bad_rules: the rules file holds a number too large to read (over 1e308)"},
  };
  for (const auto& c : cases) EXPECT_EQ(error_of(c.text), c.message) << c.name;
}

TEST(Rules, ColumnCheckNamesTheRuleAndTheColumns) {
  Rules r = parse_rules(rules(R"({"check": "not_null", "column": "email"},
    {"check": "in_column", "column": "email", "other_column": "mail"})"));
  const std::vector<std::string> other = {"mail"};
  EXPECT_NO_THROW(check_rule_columns(r, {"id", "email"}, &other));
  auto message = [&](const std::vector<std::string>& cols, const std::vector<std::string>* o) {
    try {
      check_rule_columns(r, cols, o);
    } catch (const InputError& e) {
      return e.code() + ": " + e.what();
    }
    return std::string();
  };
  EXPECT_EQ(message({"id", "emial"}, &other),
            "missing_column: rule 1 (not_null): the file has no column \"email\" (did you mean "
            "\"emial\"?); its columns are id, emial");
  EXPECT_EQ(message({"email"}, nullptr),
            "no_other_file: rule 2 (in_column): it looks values up in column \"mail\" of a second "
            "file: give that file (--other FILE)");
  const std::vector<std::string> wrong = {"customer"};
  EXPECT_EQ(message({"email"}, &wrong),
            "missing_column: rule 2 (in_column): the other file has no column \"mail\"; its "
            "columns are customer");
}

// One check on a small table: its evaluated count and failing rows.
struct CheckCase {
  const char* name;
  std::string rule;
  uint64_t evaluated;
  std::vector<uint32_t> failing;
};

TEST(Rules, EveryCheckFindsItsFailingRows) {
  const Table t = make_table({
      {"id", {"1", "2", "2", "4", "5", ""}},
      {"first", {"Ann", "Bob", "Ann", "Ann", "Cy", "Di"}},
      {"last", {"Lee", "Ray", "Lee", "Kim", "", "Fox"}},
      {"email", {"a@x.com", "bad", " c@x.org ", "", "d@y", "e@z.de"}},
      {"age", {"18", "17", "121", "$40", "forty", "120"}},
      {"signup", {"2020-01-05", "2031-02-01", "05/03/2021", "2019-12-31", "x", "2020-06-01"}},
      {"updated", {"2020-01-05", "2030-01-01", "2022-01-01", "2019-12-30", "2021-01-01", ""}},
      {"country", {"US", "us", "CA", "MX", " CA", "N/A"}},
      {"zip", {"12345", "1234", "123456", "ab cde", "12 45", "98765"}},
      {"flag", {"yes", "no", "1", "T", "maybe", "false"}},
  });
  const Table other = make_table({{"id", {"1", "2", "4", "", "9"}}});
  const CheckCase cases[] = {
      {"not_null", R"({"check": "not_null", "column": "last"})", 6, {4}},
      {"unique", R"({"check": "unique", "column": "id"})", 5, {1, 2}},
      {"unique compares trimmed values", R"({"check": "unique", "column": "country"})", 5, {2, 4}},
      {"unique pair (a row with a missing value is skipped)",
       R"({"check": "unique", "columns": ["first", "last"]})",
       5,
       {0, 2}},
      {"type email (trimmed)",
       R"({"check": "type", "column": "email", "type": "email"})",
       5,
       {1, 4}},
      {"type integer", R"({"check": "type", "column": "age", "type": "integer"})", 6, {3, 4}},
      {"type decimal", R"({"check": "type", "column": "age", "type": "decimal"})", 6, {4}},
      {"type boolean", R"({"check": "type", "column": "flag", "type": "boolean"})", 6, {4}},
      {"type date", R"({"check": "type", "column": "signup", "type": "date"})", 6, {4}},
      {"type datetime",
       R"({"check": "type", "column": "signup", "type": "datetime"})",
       6,
       {0, 1, 2, 3, 4, 5}},
      {"type country", R"({"check": "type", "column": "country", "type": "country_code"})", 5, {1}},
      {"type text", R"({"check": "type", "column": "zip", "type": "text"})", 6, {}},
      {"regex sees the stored value",
       R"({"check": "regex", "column": "country",
        "pattern": "^[A-Z]{2}$"})",
       5,
       {1, 4}},
      {"regex ignoring case",
       R"({"check": "regex", "column": "country", "pattern": "^[a-z]{2}$",
        "ignore_case": true})",
       5,
       {4}},
      {"between numbers",
       R"({"check": "between", "column": "age", "min": 18, "max": 120})",
       6,
       {1, 2, 4}},
      {"between max only", R"({"check": "between", "column": "age", "max": 20})", 6, {2, 3, 4, 5}},
      {"between dates",
       R"({"check": "between", "column": "signup", "min": "2020-01-01",
        "max": "2030-12-31"})",
       6,
       {1, 3, 4}},
      {"in_set", R"({"check": "in_set", "column": "country", "values": ["US", "CA"]})", 5, {1, 3}},
      {"in_set ignoring case",
       R"({"check": "in_set", "column": "country", "values": ["us", "ca"],
        "ignore_case": true})",
       5,
       {3}},
      {"length", R"({"check": "length", "column": "zip", "min": 5, "max": 5})", 6, {1, 2, 3}},
      {"length min only", R"({"check": "length", "column": "first", "min": 3})", 6, {4, 5}},
      {"not_future", R"({"check": "not_future", "column": "signup"})", 6, {1, 4}},
      {"not_future with its own date",
       R"({"check": "not_future", "column": "signup",
        "reference_date": "2020-01-05"})",
       6,
       {1, 2, 4, 5}},
      {"compare dates",
       R"({"check": "compare", "columns": ["signup", "updated"],
        "operator": "<="})",
       5,
       {1, 3, 4}},
      {"compare =",
       R"({"check": "compare", "columns": ["signup", "updated"], "operator": "="})",
       5,
       {1, 2, 3, 4}},
      {"compare numbers",
       R"({"check": "compare", "columns": ["id", "age"], "operator": "<"})",
       5,
       {4}},
      {"in_column", R"({"check": "in_column", "column": "id", "other_column": "id"})", 5, {4}},
  };
  ValidateOptions o;
  o.reference_day = days_from_civil(2026, 6, 30);
  for (const auto& c : cases) {
    const Rules r = parse_rules(rules(c.rule));
    const ValidationReport rep = validate_table(t, r, &other, o);
    ASSERT_EQ(rep.results.size(), 1u) << c.name;
    EXPECT_EQ(rep.results[0].evaluated, c.evaluated) << c.name;
    EXPECT_EQ(rep.results[0].failing_rows, c.failing) << c.name;
    EXPECT_EQ(rep.results[0].failed, c.failing.size()) << c.name;
    EXPECT_EQ(rep.results[0].passed, c.failing.empty()) << c.name;
  }
}

TEST(Rules, DaySlashDatesFollowTheColumn) {
  // 25/12/2020 can only be read day first, so 05/03/2021 is 5 March here.
  const Table t = make_table({{"d", {"25/12/2020", "05/03/2021"}}});
  const Rules r = parse_rules(rules(R"({"check": "between", "column": "d", "max": "2021-03-05"})"));
  EXPECT_EQ(validate_table(t, r).results[0].failed, 0u);
}

TEST(Rules, MostlySeverityMessagesAndAccuracy) {
  const Table t = make_table({{"email", {"a@x.com", "b@x.com", "bad", "", "c@y.org"}},
                              {"age", {"20", "30", "40", "50", "500"}}});
  const Rules r = parse_rules(rules(R"(
    {"check": "type", "column": "email", "type": "email", "mostly": 0.75},
    {"check": "type", "column": "email", "type": "email", "mostly": 0.8},
    {"check": "between", "column": "age", "max": 120, "severity": "warning"},
    {"check": "not_null", "column": "age"}
  )"));
  ValidationReport rep = validate_table(t, r);
  ASSERT_EQ(rep.results.size(), 4u);
  EXPECT_TRUE(rep.results[0].passed);
  EXPECT_FALSE(rep.results[1].passed);
  EXPECT_EQ(rep.results[0].message,
            "email must be a valid email address: 75.0% pass (3 of 4) (needs at least 75%)");
  EXPECT_EQ(rep.results[2].message, "age must be at most 120: 80.0% pass (4 of 5)");
  EXPECT_EQ(rep.results[3].message, "age must not be missing: 100% pass (5 of 5)");
  EXPECT_FALSE(rep.results[2].passed);
  EXPECT_FALSE(rep.passed);  // rule 2, an error, failed
  EXPECT_EQ(rep.records, 5u);
  EXPECT_EQ(rep.records_passing_all, 3u);  // rows 2 (bad email) and 4 (age 500) fail
  EXPECT_DOUBLE_EQ(*rep.accuracy, 0.6);

  // Only the warning fails: the run passes.
  const Rules warn_only = parse_rules(rules(R"({"check": "between", "column": "age", "max": 120,
        "severity": "warning"})"));
  EXPECT_TRUE(validate_table(t, warn_only).passed);
  // No rules: accuracy is null.
  EXPECT_FALSE(validate_table(t, Rules{}).accuracy.has_value());

  // Accuracy joins the quality score like the other dimensions.
  QualityScore q;
  q.completeness = 1.0;
  QualityOptions qo;
  set_accuracy(q, rep.records_passing_all, rep.records, true, qo);
  EXPECT_DOUBLE_EQ(*q.accuracy, 0.6);
  EXPECT_DOUBLE_EQ(q.score, 0.8);
  set_accuracy(q, 0, 0, false, qo);
  EXPECT_FALSE(q.accuracy.has_value());
  EXPECT_DOUBLE_EQ(q.score, 1.0);

  const nlohmann::json j = to_json(rep);
  EXPECT_EQ(j["rules"][1]["failing_rows"], nlohmann::json::array({2}));
  EXPECT_EQ(j["rules"][1]["mostly"], 0.8);
  EXPECT_EQ(j["rules"][2]["severity"], "warning");
  EXPECT_EQ(j["accuracy"], 0.6);
  EXPECT_EQ(j["passed"], false);
}

TEST(Rules, PathologicalPatternOverAMillionRowsRunsInLinearTime) {
  // ^(a+)+$ backtracks exponentially in engines like JavaScript's on "aaa…ab"; RE2 does not.
  Table t;
  Column c("v");
  const std::string bad = std::string(40, 'a') + "b";
  for (int i = 0; i < 1000000; ++i) c.append(i % 2 ? bad : std::string(30, 'a'), false);
  t.columns.push_back(std::move(c));
  t.rows = 1000000;
  const Rules r = parse_rules(rules(R"({"check": "regex", "column": "v", "pattern": "^(a+)+$"})"));
  const auto start = std::chrono::steady_clock::now();
  const ValidationReport rep = validate_table(t, r);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(rep.results[0].failed, 500000u);
  std::printf("^(a+)+$ over 1,000,000 values: %.3f s\n", secs);
  EXPECT_LT(secs, 20.0);  // about 0.2 s natively; generous for sanitizers and busy machines

  // unique over a million equal values: every row fails, in O(n log n).
  const Rules u = parse_rules(rules(R"({"check": "unique", "column": "v"})"));
  Table same;
  Column s("v");
  for (int i = 0; i < 1000000; ++i) s.append("x", false);
  same.columns.push_back(std::move(s));
  same.rows = 1000000;
  EXPECT_EQ(validate_table(same, u).results[0].failed, 1000000u);
}

TEST(Rules, SuggestsRulesTheTableMostlyPasses) {
  std::vector<std::string> id, email, age, plan, dob, created, updated, note;
  for (int i = 0; i < 100; ++i) {
    id.push_back(std::to_string(1000 + i));
    email.push_back(i == 7 ? "not an email" : "user" + std::to_string(i) + "@example.com");
    age.push_back(std::to_string(20 + i % 60));
    plan.push_back(i % 3 == 0 ? "free" : i % 3 == 1 ? "pro" : "team");
    dob.push_back("19" + std::to_string(50 + i % 40) + "-01-15");
    created.push_back("2020-01-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28));
    updated.push_back(i % 10 == 0 ? "" : "2021-02-01");
    note.push_back("free text number " + std::to_string(i));
  }
  const Table t = make_table({{"customer_id", id},
                              {"email", email},
                              {"age", age},
                              {"plan", plan},
                              {"birth_date", dob},
                              {"created_at", created},
                              {"last_updated", updated},
                              {"note", note}});
  ProfileOptions po;
  po.quality.reference_day = days_from_civil(2026, 1, 1);
  const Profile p = profile_table(t, po);
  const Rules s = suggest_rules(t, p);
  std::vector<std::string> got;
  for (const Rule& r : s.rules) {
    std::string line = r.check;
    for (const auto& c : r.columns) line += " " + c;
    if (r.params.contains("type")) line += " " + r.params["type"].get<std::string>();
    if (r.params.contains("min"))
      line += " " + r.params["min"].dump() + ".." + r.params["max"].dump();
    if (r.params.contains("values")) line += " " + r.params["values"].dump();
    if (r.mostly) line += " mostly " + std::to_string(*r.mostly).substr(0, 4);
    got.push_back(line);
  }
  const std::vector<std::string> want = {
      "not_null customer_id",
      "type customer_id integer",
      "unique customer_id",
      "not_null email",
      "type email email mostly 0.99",
      "not_null age",
      "type age integer",
      "between age 10..90",
      "not_null plan",
      "in_set plan [\"free\",\"pro\",\"team\"]",
      "not_null birth_date",
      "type birth_date date",
      "not_future birth_date",
      "not_null created_at",
      "type created_at date",
      "not_future created_at",
      "type last_updated date",
      "not_null note",
      "compare created_at last_updated",
  };
  EXPECT_EQ(got, want);
  // Suggested rules are valid rules: they read back and pass on the table they came from.
  const Rules back = parse_rules(rules_to_json(s));
  EXPECT_EQ(back.rules.size(), s.rules.size());
  EXPECT_TRUE(validate_table(t, back).passed);
}

// `crmwb validate` through the CLI driver: exit status and the line on stderr.
struct CliCase {
  const char* name;
  std::vector<std::string> args;
  int status;
  std::string stderr_part;
  std::string stdout_part;
};

TEST(Rules, ValidateCommandExitCodes) {
  const CliCase cases[] = {
      {"all pass", {"validate", "c.csv", "--rules", "pass.json"}, 0, "", "1 passed, 0 failed"},
      {"a rule fails", {"validate", "c.csv", "--rules", "fail.json"}, 3, "", "FAIL  rule 1"},
      {"a warning never fails the run",
       {"validate", "c.csv", "--rules", "warn.json"},
       0,
       "",
       "warn  rule 1"},
      {"json", {"validate", "c.csv", "--rules", "fail.json", "--json"}, 3, "", "\"records\": 3"},
      {"in_column with --other",
       {"validate", "c.csv", "--rules", "other.json", "--other", "ids.csv"},
       3,
       "",
       "failing rows (0-based): 2"},
      {"not JSON",
       {"validate", "c.csv", "--rules", "broken.json"},
       1,
       "crmwb: broken.json: the rules file is not valid JSON (line 2)",
       ""},
      {"unknown check",
       {"validate", "c.csv", "--rules", "unknown.json"},
       1,
       "crmwb: unknown.json: rule 1: unknown check \"not_nul\"",
       ""},
      {"missing column",
       {"validate", "c.csv", "--rules", "column.json"},
       1,
       "crmwb: column.json: rule 1 (not_null): the file has no column \"emial\" (did you mean "
       "\"email\"?)",
       ""},
      {"no rules file",
       {"validate", "c.csv", "--rules", "none.json"},
       1,
       "crmwb: none.json: cannot read: no such file",
       ""},
      {"no --rules", {"validate", "c.csv"}, 2, "validate needs --rules RULES.json", ""},
      {"no input", {"validate", "--rules", "pass.json"}, 2, "validate needs an input file", ""},
      {"in_column without --other",
       {"validate", "c.csv", "--rules", "other.json"},
       2,
       "rule 1 (in_column) looks values up in a second file: pass --other FILE",
       ""},
      {"bad option",
       {"validate", "c.csv", "--rules", "pass.json", "--frob"},
       2,
       "unknown option --frob for validate",
       ""},
  };
  for (const auto& c : cases) {
    test::MemIo io;
    io.files["c.csv"] = "id,email\n1,a@x.com\n2,bad\n3,c@y.org\n";
    io.files["ids.csv"] = "id\n1\n2\n";
    io.files["pass.json"] = rules(R"({"check": "not_null", "column": "email"})");
    io.files["fail.json"] = rules(R"({"check": "type", "column": "email", "type": "email"})");
    io.files["warn.json"] =
        rules(R"({"check": "type", "column": "email", "type": "email", "severity": "warning"})");
    io.files["other.json"] =
        rules(R"({"check": "in_column", "column": "id", "other_column": "id"})");
    io.files["broken.json"] = "{\"crmwb_rules\": 1,\n \"rules\": [}";
    io.files["unknown.json"] = rules(R"({"check": "not_nul", "column": "email"})");
    io.files["column.json"] = rules(R"({"check": "not_null", "column": "emial"})");
    EXPECT_EQ(cli::run(c.args, io), c.status) << c.name << "\n" << io.err_text;
    EXPECT_NE(io.err_text.find(c.stderr_part), std::string::npos) << c.name << "\n" << io.err_text;
    EXPECT_NE(io.out_text.find(c.stdout_part), std::string::npos) << c.name << "\n" << io.out_text;
    if (c.status == 1) {  // one line
      EXPECT_EQ(io.err_text.find('\n'), io.err_text.size() - 1) << c.name;
    }
  }
}

}  // namespace
}  // namespace crm
