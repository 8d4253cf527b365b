// Validation rules in the workbench: the stepwise run the page's worker drives (same report as
// validate_table), cancel between and inside rules, the kept failing rows behind the grid's "rule"
// filter, accuracy in the quality score (kept by rescore, dropped with the rules), and a report
// that no longer applies once the table version changes.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include <nlohmann/json.hpp>

#include "crm/recipe.h"
#include "crm/report.h"
#include "crm/workbench.h"

namespace crm {
namespace {

const char* kCsv =
    "id,email,age,country\n"
    "1,a@x.com,20,US\n"
    "2,bad,30,US\n"
    "3,c@y.org,500,DE\n"
    "4,,40,XX\n"
    "5,e@z.net,50,US\n";

const char* kRules = R"({"crmwb_rules": 1, "rules": [
  {"check": "type", "column": "email", "type": "email"},
  {"check": "between", "column": "age", "max": 120, "severity": "warning"},
  {"check": "in_set", "column": "country", "values": ["US", "DE"]},
  {"check": "unique", "column": "id"}
]})";

void load(Workbench& wb, std::string_view csv) {
  wb.begin_load({});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  wb.profile();
}

std::vector<uint32_t> view_rows(Workbench& wb, const std::string& value) {
  ViewSpec spec;
  RowFilter f;
  f.kind = FilterKind::Rule;
  f.value = value;
  spec.filters.push_back(f);
  wb.set_view(spec);
  return wb.view_window(0, wb.view_size()).index;
}

TEST(RulesInWorkbench, StepwiseRunEqualsValidateTable) {
  Workbench wb;
  load(wb, kCsv);
  const Rules rules = parse_rules(kRules);
  const nlohmann::json once = to_json(wb.validate(rules, nullptr, {}));
  wb.begin_validate(rules);
  size_t done = 0, total = 0, steps = 0;
  while (wb.validate_step(done, total)) {
    ++steps;
    EXPECT_EQ(done, steps);
    EXPECT_EQ(total, 4u);
  }
  EXPECT_EQ(steps, 4u);
  EXPECT_EQ(to_json(wb.finish_validate()), once);
  EXPECT_EQ(once["records_passing_all"], 2);  // rows 1 (bad email), 2 (age), 3 (XX) fail
}

TEST(RulesInWorkbench, RuleFilterShowsFailingRows) {
  Workbench wb;
  load(wb, kCsv);
  // Before any run a rule filter is a clear error.
  ViewSpec spec;
  spec.filters.push_back({FilterKind::Rule, 0, "1"});
  try {
    wb.set_view(spec);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "bad_view");
    EXPECT_NE(std::string(e.what()).find("run the rules first"), std::string::npos);
  }
  wb.run_rules(parse_rules(kRules));
  EXPECT_EQ(view_rows(wb, "1"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(view_rows(wb, "2"), (std::vector<uint32_t>{2}));
  EXPECT_EQ(view_rows(wb, "3"), (std::vector<uint32_t>{3}));
  EXPECT_TRUE(view_rows(wb, "4").empty());
  EXPECT_EQ(view_rows(wb, "any"), (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_THROW(view_rows(wb, "9"), InputError);
  EXPECT_THROW(view_rows(wb, "zero"), InputError);
  EXPECT_THROW(view_rows(wb, "0"), InputError);
  // Combined with another filter: rows failing some rule whose country is US.
  ViewSpec both;
  both.filters.push_back({FilterKind::Rule, 0, "any"});
  both.filters.push_back({FilterKind::Value, 3, "US"});
  wb.set_view(both);
  EXPECT_EQ(wb.view_window(0, 10).index, (std::vector<uint32_t>{1}));
  // And sorted (age descending): the rows of the filter in sort order.
  ViewSpec sorted;
  sorted.filters.push_back({FilterKind::Rule, 0, "any"});
  sorted.sort = SortKey{2, true};
  wb.set_view(sorted);
  EXPECT_EQ(wb.view_window(0, 10).index, (std::vector<uint32_t>{2, 3, 1}));
}

TEST(RulesInWorkbench, AccuracyJoinsTheScoreAndSurvivesRescore) {
  Workbench wb;
  load(wb, kCsv);
  const double before = wb.current_profile()->quality.score;
  EXPECT_FALSE(wb.current_profile()->quality.accuracy.has_value());
  wb.run_rules(parse_rules(kRules));
  const QualityScore& q = wb.current_profile()->quality;
  ASSERT_TRUE(q.accuracy.has_value());
  EXPECT_DOUBLE_EQ(*q.accuracy, 0.4);
  EXPECT_DOUBLE_EQ(q.score, quality_score(q, QualityOptions{}));
  EXPECT_NE(q.score, before);
  // A rescore (other timeliness settings) keeps accuracy; its weight counts.
  QualityOptions o;
  o.w_accuracy = 0;
  EXPECT_DOUBLE_EQ(*wb.rescore(o).quality.accuracy, 0.4);
  EXPECT_DOUBLE_EQ(wb.current_profile()->quality.score,
                   quality_score(wb.current_profile()->quality, o));
  wb.rescore({});
  EXPECT_DOUBLE_EQ(wb.current_profile()->quality.score, q.score);
  // Cleared: accuracy leaves the score.
  wb.clear_validation();
  EXPECT_FALSE(wb.current_profile()->quality.accuracy.has_value());
  EXPECT_DOUBLE_EQ(wb.current_profile()->quality.score, before);
  EXPECT_EQ(wb.validation(), nullptr);
}

TEST(RulesInWorkbench, ANewVersionNeedsANewRun) {
  Workbench wb;
  load(wb, kCsv);
  wb.run_rules(parse_rules(kRules));
  ASSERT_NE(wb.validation(), nullptr);
  // A step that changes nothing keeps the columns, and so the report.
  wb.apply_step(
      parse_recipe_step(nlohmann::json::parse(R"({"op": "trim", "column": "email"})"), 1));
  EXPECT_NE(wb.validation(), nullptr);
  wb.undo();
  wb.apply_step(parse_recipe_step(
      nlohmann::json::parse(R"({"op": "case", "column": "email", "mode": "upper"})"), 1));
  EXPECT_EQ(wb.validation(), nullptr);
  EXPECT_THROW(view_rows(wb, "1"), InputError);
  wb.undo();  // back to the version the rules ran on: its report applies again
  EXPECT_NE(wb.validation(), nullptr);
  EXPECT_EQ(view_rows(wb, "1"), (std::vector<uint32_t>{1}));
}

TEST(RulesInWorkbench, AStepDuringARunLeavesTheNewVersionWithoutAccuracy) {
  Workbench wb;
  load(wb, kCsv);
  wb.begin_validate(parse_rules(kRules));
  size_t done = 0, total = 0;
  wb.validate_step(done, total);
  wb.apply_step(parse_recipe_step(
      nlohmann::json::parse(R"({"op": "case", "column": "email", "mode": "upper"})"), 1));
  while (wb.validate_step(done, total)) {
  }
  EXPECT_EQ(wb.finish_validate().records, 5u);  // the report of the version it started on
  EXPECT_EQ(wb.validation(), nullptr);
  EXPECT_FALSE(wb.current_profile()->quality.accuracy.has_value());
}

TEST(RulesInWorkbench, CancelAndErrorsChangeNothing) {
  Workbench wb;
  load(wb, kCsv);
  wb.run_rules(parse_rules(kRules));
  const nlohmann::json kept = to_json(*wb.validation());
  std::atomic<bool> cancel{true};
  EXPECT_THROW(wb.run_rules(parse_rules(kRules), nullptr, {}, &cancel), Cancelled);
  EXPECT_EQ(to_json(*wb.validation()), kept);
  // A column the file lacks: the message names the rule; the kept report stays.
  try {
    wb.begin_validate(parse_rules(R"({"crmwb_rules": 1, "rules": [
      {"check": "not_null", "column": "id"}, {"check": "not_null", "column": "emial"}]})"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "missing_column");
    EXPECT_EQ(std::string(e.what()).rfind("rule 2 (not_null): the file has no column \"emial\"", 0),
              0u)
        << e.what();
  }
  EXPECT_EQ(to_json(*wb.validation()), kept);
  size_t done = 0, total = 0;
  EXPECT_THROW(wb.validate_step(done, total), std::logic_error);
}

}  // namespace
}  // namespace crm
