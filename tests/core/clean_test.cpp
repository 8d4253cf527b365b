// The recipe engine: every op (values before → after, flagged values with reasons, missing kept),
// idempotence, rows in = rows out, undo to the original bytes, cancel, the change log and the
// `clean` and `suggest` commands.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <sstream>

#include "app.h"
#include "crm/clean.h"
#include "crm/report.h"
#include "crm/workbench.h"
#include "mem_io.h"
#include "test_util.h"

namespace {

using crm::test::make_table;
using crm::test::Values;

crm::RecipeStep step(const std::string& json) {
  return crm::parse_recipe_step(nlohmann::json::parse(json), 1);
}

struct OpCase {
  const char* name;
  std::string step;               // the step (column "v")
  Values in;                      // values of column "v"
  Values out;                     // expected values after the step
  std::vector<uint32_t> flagged;  // rows flagged
  std::string reason;             // part of the first flagged row's reason
};

class Op : public ::testing::TestWithParam<OpCase> {};

TEST_P(Op, ValuesFlagsAndMissing) {
  const OpCase& c = GetParam();
  crm::Table t = make_table({{"v", c.in}});
  crm::StepResult r = crm::apply_step(t, step(c.step), 1, {});
  Values got;
  for (size_t i = 0; i < r.table.rows; ++i) got.emplace_back(r.table.columns[0].value(i));
  EXPECT_EQ(got, c.out);
  std::vector<uint32_t> flagged;
  for (const auto& ch : r.changes)
    flagged.insert(flagged.end(), ch.flagged.begin(), ch.flagged.end());
  EXPECT_EQ(flagged, c.flagged);
  if (!c.reason.empty()) {
    ASSERT_FALSE(r.notes.empty());
    EXPECT_NE(r.notes[0].find(c.reason), std::string::npos) << r.notes[0];
  }
  // Missing values stay missing; applying the step to its output changes nothing.
  for (size_t i = 0; i < t.rows; ++i)
    if (t.columns[0].missing(i) && c.step.find("fill_missing") == std::string::npos) {
      EXPECT_TRUE(r.table.columns[0].missing(i)) << i;
    }
  if (c.step.find("replace") == std::string::npos) {
    crm::StepResult again = crm::apply_step(r.table, step(c.step), 1, {});
    EXPECT_EQ(again.changed, 0u) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Clean, Op,
    ::testing::Values(
        OpCase{"trim",
               R"({"op":"trim","column":"v"})",
               {" a ", "b  c", ""},
               {"a", "b  c", ""},
               {},
               ""},
        OpCase{"collapse",
               R"({"op":"collapse_spaces","column":"v"})",
               {"b  c", "x\t y"},
               {"b c", "x y"},
               {},
               ""},
        OpCase{"clean_text",
               R"({"op":"clean_text","column":"v"})",
               {" a\u200b b ", "N/A"},
               {"a b", "N/A"},
               {},
               ""},
        OpCase{"case_name",
               R"({"op":"case","column":"v","mode":"name"})",
               {"ronald mcdonald", "ANN"},
               {"Ronald McDonald", "Ann"},
               {},
               ""},
        OpCase{
            "case_upper", R"({"op":"case","column":"v","mode":"upper"})", {"ab"}, {"AB"}, {}, ""},
        OpCase{"email",
               R"({"op":"email","column":"v"})",
               {" Ann@EXAMPLE.com", "a@@b.com", ""},
               {"Ann@example.com", "a@@b.com", ""},
               {1},
               "@"},
        OpCase{"phone",
               R"({"op":"phone","column":"v","region":"US"})",
               {"(201) 555-0123", "12", "+44 20 7946 0958"},
               {"+12015550123", "12", "+442079460958"},
               {1},
               "not a valid phone number"},
        OpCase{"phone_intl",
               R"({"op":"phone","column":"v","region":"GB","format":"international"})",
               {"020 7946 0958"},
               {"+44 20 7946 0958"},
               {},
               ""},
        OpCase{"date",
               R"({"op":"date","column":"v"})",
               {"Mar 5, 1971", "2021/03/05", "02/30/1988", "2021-03-05 10:30"},
               {"1971-03-05", "2021-03-05", "02/30/1988", "2021-03-05 10:30:00"},
               {2},
               "not a date"},
        OpCase{"date_layout",
               R"({"op":"date","column":"v","input_format":"DD/MM/YYYY"})",
               {"05/03/2021", "2021-03-05", "March 5, 2021"},
               {"2021-03-05", "2021-03-05", "March 5, 2021"},
               {2},
               "not in the layout DD/MM/YYYY"},
        OpCase{"country",
               R"({"op":"country","column":"v"})",
               {"United States", "us", "Narnia"},
               {"US", "US", "Narnia"},
               {2},
               ""},
        OpCase{"country_name",
               R"({"op":"country","column":"v","output":"name"})",
               {"DEU"},
               {"Germany"},
               {},
               ""},
        OpCase{"postal",
               R"({"op":"postal_code","column":"v","country":"US"})",
               {"2139", "90210", "02139"},
               {"02139", "90210", "02139"},
               {},
               ""},
        OpCase{"number",
               R"({"op":"number","column":"v"})",
               {"1,234.50", "$12", "12.50", "abc"},
               {"1234.5", "12", "12.50", "abc"},
               {3},
               "not a number"},
        OpCase{"number_comma",
               R"({"op":"number","column":"v","decimal_comma":true})",
               {"12,5", "1.234,56"},
               {"12.5", "1234.56"},
               {},
               ""},
        OpCase{"boolean",
               R"({"op":"boolean","column":"v"})",
               {"Yes", "N", "0", "maybe"},
               {"true", "false", "false", "maybe"},
               {3},
               "yes/no"},
        OpCase{"replace",
               R"({"op":"replace","column":"v","map":{"CA":"California"}})",
               {"CA", "NY"},
               {"California", "NY"},
               {},
               ""},
        OpCase{"fill_value",
               R"({"op":"fill_missing","column":"v","strategy":"value","value":0})",
               {"1", "", "3"},
               {"1", "0", "3"},
               {},
               ""},
        OpCase{"fill_mean",
               R"({"op":"fill_missing","column":"v","strategy":"mean"})",
               {"1", "", "4"},
               {"1", "2.5", "4"},
               {},
               ""},
        OpCase{"fill_median",
               R"({"op":"fill_missing","column":"v","strategy":"median"})",
               {"1", "", "4", "10"},
               {"1", "4", "4", "10"},
               {},
               ""},
        OpCase{"fill_mode",
               R"({"op":"fill_missing","column":"v","strategy":"mode"})",
               {"b", "a", "", "a"},
               {"b", "a", "a", "a"},
               {},
               ""},
        OpCase{"fill_previous",
               R"({"op":"fill_missing","column":"v","strategy":"previous"})",
               {"", "x", ""},
               {"", "x", "x"},
               {0},
               "no value above"}),
    [](const auto& info) { return std::string(info.param.name); });

std::string render(const crm::Table& t) {
  return crm::test::render(t);
}

TEST(Clean, AddedColumns) {
  crm::Table t =
      make_table({{"n", {"1", "3", "", "x"}}, {"d", {"2000-06-15", "1990-01-01", "", "no"}}});
  auto z = crm::apply_step(t, step(R"({"op":"zscore","column":"n"})"), 1, {});
  EXPECT_EQ(z.table.columns[1].name(), "n_z");
  EXPECT_EQ(z.table.columns[1].value(0), "-0.707107");
  EXPECT_EQ(z.table.columns[1].value(1), "0.707107");
  EXPECT_TRUE(z.table.columns[1].missing(2));
  EXPECT_EQ(z.flagged, 1u);
  auto m = crm::apply_step(t, step(R"({"op":"minmax","column":"n","as":"s"})"), 1, {});
  EXPECT_EQ(m.table.columns[1].value(1), "1");
  auto age =
      crm::apply_step(t, step(R"({"op":"age","column":"d","reference_date":"2020-06-14"})"), 1, {});
  EXPECT_EQ(age.table.columns[2].name(), "age");
  EXPECT_EQ(age.table.columns[2].value(0), "19");
  EXPECT_EQ(age.table.columns[2].value(1), "30");
  auto days = crm::apply_step(
      t, step(R"({"op":"days_since","column":"d","reference_date":"2000-06-20"})"), 1, {});
  EXPECT_EQ(days.table.columns[2].value(0), "5");
}

TEST(Clean, Names) {
  crm::Table t = make_table({{"full", {"Ludwig van Beethoven", "Smith, Ann", "Cher", ""}}});
  auto s = crm::apply_step(t, step(R"({"op":"split_name","column":"full"})"), 1, {});
  EXPECT_EQ(render(s.table),
            "full|given_name|family_name\nLudwig van Beethoven|Ludwig|van Beethoven\n"
            "Smith, Ann|Ann|Smith\nCher|Cher|~\n~|~|~\n");
  auto j = crm::apply_step(
      s.table, step(R"({"op":"join_name","columns":["given_name","family_name"],"as":"n2"})"), 1,
      {});
  EXPECT_EQ(j.table.columns[3].value(0), "Ludwig van Beethoven");
  EXPECT_EQ(j.table.columns[3].value(1), "Ann Smith");
}

TEST(Clean, StructureOps) {
  crm::Table t = make_table({{"a", {"1", ""}}, {"b", {"x", "y"}}});
  auto r = crm::apply_step(t, step(R"({"op":"rename","column":"a","to":"id"})"), 1, {});
  EXPECT_EQ(render(r.table), "id|b\n1|x\n~|y\n");
  auto d = crm::apply_step(t, step(R"({"op":"drop_column","column":"a"})"), 1, {});
  EXPECT_EQ(render(d.table), "b\nx\ny\n");
  auto e =
      crm::apply_step(t, step(R"({"op":"edit_cell","column":"b","row":1,"value":"z"})"), 1, {});
  EXPECT_EQ(render(e.table), "a|b\n1|x\n~|z\n");
  EXPECT_TRUE(e.table.columns.same(0, t.columns, 0));  // untouched columns are shared
  auto drop = crm::apply_step(
      t, step(R"({"op":"drop_rows","column":"a","rule":{"check":"not_null"}})"), 1, {});
  EXPECT_EQ(render(drop.table), "a|b\n1|x\n");
  EXPECT_EQ(drop.dropped, std::vector<uint32_t>{1});
}

TEST(Clean, BadStepsNameTheStep) {
  crm::Table t = make_table({{"a", {"1"}}});
  auto msg = [&](const std::string& s, size_t n) {
    try {
      crm::apply_step(t, step(s), n, {});
    } catch (const crm::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(msg(R"({"op":"trim","column":"nope"})", 3)
                .rfind("recipe step 3 (trim): the file has no column \"nope\"", 0),
            0u);
  EXPECT_NE(msg(R"({"op":"phone","column":"a","region":"ZZ"})", 2)
                .find("recipe step 2 (phone): \"region\" \"ZZ\""),
            std::string::npos);
  EXPECT_NE(msg(R"({"op":"drop_rows","column":"a","rule":{"check":"regex"}})", 1)
                .find("not supported yet"),
            std::string::npos);
  EXPECT_NE(msg(R"({"op":"edit_cell","column":"a","row":5,"value":"x"})", 1)
                .find("row 5 is not in the table"),
            std::string::npos);
}

std::string export_csv(const crm::Workbench& wb) {
  std::string out;
  wb.export_table({}, [&](std::string_view b) { out.append(b); });
  return out;
}

void load(crm::Workbench& wb, const std::string& text) {
  wb.begin_load({});
  wb.feed(text.data(), text.size());
  wb.finish_load();
  wb.profile();
}

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(Clean, SuggestedRecipeIsIdempotentAndUndoGivesTheOriginal) {
  const std::string text = read(std::string(CRM_TEST_DATA) + "/contacts_mixed.csv");
  crm::Workbench wb;
  wb.begin_load({});
  wb.feed(text.data(), text.size());
  wb.finish_load();
  wb.profile();
  const std::string original = export_csv(wb);
  const crm::Recipe r = crm::suggest_recipe(wb.table(), wb.profile());
  ASSERT_GE(r.steps.size(), 3u);
  const size_t rows = wb.table().rows;
  wb.apply_recipe(r);
  EXPECT_EQ(wb.table().rows, rows);  // rows in = rows out
  const std::string cleaned = export_csv(wb);
  EXPECT_NE(cleaned, original);
  // Idempotent: the recipe on its own output changes nothing.
  crm::Workbench again;
  again.begin_load({});
  again.feed(cleaned.data(), cleaned.size());
  again.finish_load();
  again.profile();
  again.apply_recipe(r);
  for (const auto& h : again.history()) EXPECT_EQ(h.changed, 0u) << h.step.op;
  EXPECT_EQ(export_csv(again), cleaned);
  // Undo every step: the original bytes; redo: the cleaned ones.
  while (wb.undo()) {
  }
  EXPECT_EQ(export_csv(wb), original);
  while (wb.redo()) {
  }
  EXPECT_EQ(export_csv(wb), cleaned);
  EXPECT_EQ(crm::recipe_to_json(wb.recipe()), crm::recipe_to_json(r));
}

// The profile a version gets on undo and redo (its columns taken over from the kept profiles of
// other versions, the loaded file's included) is the one profiling it afresh gives.
TEST(Clean, UndoRedoProfilesEqualFreshProfiles) {
  const std::string text = read(std::string(CRM_TEST_DATA) + "/contacts_mixed.csv");
  crm::Workbench wb;
  load(wb, text);
  const crm::Recipe r = crm::suggest_recipe(wb.table(), wb.profile());
  ASSERT_GE(r.steps.size(), 3u);
  crm::ProfileOptions o;
  o.row_verdicts = true;
  auto check = [&](const char* where) {
    const std::string got = crm::to_json(wb.rescore(crm::QualityOptions{})).dump();
    EXPECT_EQ(got, crm::to_json(crm::profile_table(wb.table(), o)).dump())
        << where << " version " << wb.version();
  };
  wb.apply_recipe(r);
  check("after the recipe");
  while (wb.undo()) check("undo");
  while (wb.redo()) check("redo");
}

// Steps that make rows equal (or unequal) again: each version's duplicate rows and records, found
// from row hashes carried over from the version profiled before (only changed columns hashed
// again), are the ones a fresh profile finds.
TEST(Clean, DuplicatesFollowEveryVersion) {
  crm::Workbench wb;
  load(wb,
       "customer_id,name,city\n1,Ann ,Oslo\n2,ann,Oslo\n3,ANN,oslo\n4,Bo,Rome\n4,Bo,Rome\n"
       "5, bo,Rome\n");
  wb.profile();
  EXPECT_EQ(wb.current_profile()->duplicate_rows, 1u);  // row 5 = row 4
  const crm::Recipe r = crm::parse_recipe(
      R"({"crmwb_recipe":1,"steps":[{"op":"trim","column":"name"},)"
      R"({"op":"case","column":"name","mode":"lower"},{"op":"case","column":"city","mode":"title"}]})");
  crm::ProfileOptions o;
  o.row_verdicts = true;
  auto check = [&](uint64_t rows, uint64_t records) {
    const crm::Profile fresh = crm::profile_table(wb.table(), o);
    EXPECT_EQ(wb.current_profile()->duplicate_rows, fresh.duplicate_rows) << wb.version();
    EXPECT_EQ(wb.current_profile()->duplicate_records, fresh.duplicate_records) << wb.version();
    EXPECT_EQ(wb.current_profile()->duplicate_rows, rows) << wb.version();
    EXPECT_EQ(wb.current_profile()->duplicate_records, records) << wb.version();
  };
  wb.apply_recipe(r);
  check(1, 4);  // ann/Oslo x3 and bo/Rome x3: 2 + 2 records, one exact copy (row 5)
  wb.undo();    // before the city step: "oslo" differs
  check(1, 3);
  wb.undo();  // trimmed only: Ann, ann, ANN differ, and so do bo and Bo
  check(1, 1);
  wb.undo();
  check(1, 1);
  wb.redo();
  wb.redo();
  wb.redo();
  check(1, 4);
}

TEST(Clean, ChangeLogPointsAtInputRowsAfterDropRows) {
  crm::Workbench wb;
  load(wb, "name,email\nann,\nbob,B@X.COM\n,c@x.com\ndan,d@x.com\n");
  wb.apply_step(step(R"({"op":"drop_rows","column":"email","rule":{"check":"not_null"}})"));
  wb.apply_step(step(R"({"op":"case","column":"name","mode":"title"})"));
  wb.apply_step(step(R"({"op":"edit_cell","column":"email","row":3,"value":"dan@x.com"})"));
  wb.apply_step(step(R"({"op":"email","column":"email"})"));
  std::string log;
  wb.change_log([&](std::string_view b) { log.append(b); });
  EXPECT_EQ(log,
            "row,column,before,after,step,note\r\n"
            "0,,,,1,row dropped: a value is missing in email\r\n"
            "1,name,bob,Bob,2,\r\n"
            "3,name,dan,Dan,2,\r\n"
            "3,email,d@x.com,dan@x.com,3,\r\n"
            "1,email,B@X.COM,B@x.com,4,\r\n");
  EXPECT_EQ(wb.recipe(true).steps.size(), 3u);  // edit_cell is left out of a portable recipe
  EXPECT_EQ(wb.history().size(), 4u);
  // Current rows 0, 1, 2 are the loaded file's rows 1, 2, 3 (what the page's cell edit names).
  EXPECT_EQ(wb.original_row(0), 1u);
  EXPECT_EQ(wb.original_row(2), 3u);
  EXPECT_THROW(wb.original_row(3), crm::InputError);
  wb.undo();
  wb.apply_step(step(R"({"op":"trim","column":"name"})"));  // drops the redo version
  EXPECT_EQ(wb.history().size(), 4u);
  EXPECT_FALSE(wb.redo());
}

TEST(Clean, FailedOrCancelledRecipeChangesNothing) {
  crm::Workbench wb;
  load(wb, "a,b\n x ,1\ny,2\n");
  const std::string before = export_csv(wb);
  std::atomic<bool> cancel{true};
  EXPECT_THROW(wb.apply_recipe(
                   crm::parse_recipe(R"({"crmwb_recipe":1,"steps":[{"op":"trim","column":"a"}]})"),
                   {}, &cancel),
               crm::Cancelled);
  EXPECT_EQ(wb.version(), 0u);
  EXPECT_EQ(export_csv(wb), before);
  try {
    wb.apply_recipe(crm::parse_recipe(
        R"({"crmwb_recipe":1,"steps":[{"op":"trim","column":"a"},{"op":"phone","column":"b","region":"ZZ"}]})"));
    FAIL();
  } catch (const crm::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("recipe step 2 (phone)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(wb.version(), 0u);
  EXPECT_EQ(export_csv(wb), before);
  EXPECT_TRUE(wb.history().empty());
}

using crm::test::MemIo;

TEST(CleanCli, CleanWritesTheOutputAndTheChangeLog) {
  MemIo io;
  io.files["in.csv"] = "name,email\n ann ,A@X.COM\nbob,bad@@x\n";
  io.files["r.json"] =
      R"({"crmwb_recipe":1,"steps":[{"op":"trim","column":"name"},{"op":"email","column":"email"}]})";
  ASSERT_EQ(
      crm::cli::run(
          {"clean", "in.csv", "--recipe", "r.json", "--out", "o.csv", "--changes", "c.csv"}, io),
      0)
      << io.err_text;
  EXPECT_EQ(io.files["o.csv"], "name,email\r\nann,A@x.com\r\nbob,bad@@x\r\n");
  EXPECT_EQ(io.files["c.csv"],
            "row,column,before,after,step,note\r\n0,name, ann ,ann,1,\r\n"
            "0,email,A@X.COM,A@x.com,2,\r\n1,email,bad@@x,bad@@x,2,more than one @\r\n");
  EXPECT_EQ(io.out_text,
            "step 1 trim (name): 1 changed, 0 flagged, 0 missing kept\n"
            "step 2 email (email): 1 changed, 1 flagged, 0 missing kept\nrows: 2 in, 2 out\n");
}

TEST(CleanCli, ExitCodesAndMessages) {
  MemIo io;
  io.files["in.csv"] = "name\nann\n";
  io.files["bad.json"] = R"({"crmwb_recipe":1,"steps":[{"op":"trim","column":"nme"}]})";
  io.files["broken.json"] = "{\"crmwb_recipe\":1,\n\"steps\": [}";
  EXPECT_EQ(crm::cli::run({"clean", "in.csv", "--recipe", "bad.json", "--out", "o.csv"}, io), 1);
  EXPECT_NE(io.err_text.find("crmwb: in.csv: recipe step 1 (trim): the file has no column \"nme\" "
                             "(did you mean \"name\"?)"),
            std::string::npos)
      << io.err_text;
  EXPECT_EQ(io.files.count("o.csv"), 0u);  // nothing written
  io.err_text.clear();
  EXPECT_EQ(crm::cli::run({"clean", "in.csv", "--recipe", "broken.json", "--out", "o.csv"}, io), 1);
  EXPECT_NE(io.err_text.find("crmwb: broken.json: line 2: the recipe is not valid JSON"),
            std::string::npos)
      << io.err_text;
  EXPECT_EQ(crm::cli::run({"clean", "in.csv", "--out", "o.csv"}, io), 2);
  EXPECT_EQ(crm::cli::run({"clean", "in.csv", "--recipe", "bad.json", "--out", "o.txt"}, io), 2);
  EXPECT_EQ(crm::cli::run({"suggest"}, io), 2);
}

TEST(CleanCli, SuggestJsonIsARecipe) {
  MemIo io;
  io.files["in.csv"] = read(std::string(CRM_TEST_DATA) + "/contacts_mixed.csv");
  ASSERT_EQ(crm::cli::run({"suggest", "in.csv", "--json"}, io), 0) << io.err_text;
  const crm::Recipe r = crm::parse_recipe(io.out_text);
  EXPECT_EQ(r.steps[0].op, "clean_text");
}

}  // namespace
