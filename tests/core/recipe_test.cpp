// Recipe parsing, validation messages, the column check and the canonical text.
#include <gtest/gtest.h>

#include <string>

#include "crm/common.h"
#include "crm/recipe.h"

namespace crm {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_recipe(text);
  } catch (const InputError& e) {
    return e.code() + ": " + e.what();
  }
  return "";
}

std::string steps(const std::string& body) {
  return "{\"crmwb_recipe\": 1, \"steps\": [" + body + "]}";
}

TEST(Recipe, ParsesEveryOp) {
  Recipe r = parse_recipe(steps(R"(
    {"op": "trim", "columns": ["a", "b"]},
    {"op": "case", "column": "name", "mode": "name"},
    {"op": "email", "column": "email", "lower_local": true},
    {"op": "phone", "column": "phone", "region": "US", "format": "e164"},
    {"op": "phone", "column": "phone", "region_column": "country"},
    {"op": "date", "column": "d", "input_format": "DD/MM/YYYY"},
    {"op": "country", "column": "country", "output": "alpha3"},
    {"op": "postal_code", "column": "zip", "country": "US"},
    {"op": "number", "column": "n", "decimal_comma": true},
    {"op": "boolean", "column": "b"},
    {"op": "replace", "column": "city", "map": {"NYC": "New York"}},
    {"op": "fill_missing", "column": "n", "strategy": "value", "value": 0},
    {"op": "drop_rows", "column": "email", "rule": {"check": "not_null"}},
    {"op": "zscore", "column": "n"},
    {"op": "minmax", "column": "n", "as": "n01"},
    {"op": "age", "column": "dob", "reference_date": "2026-01-01", "as": "age_years"},
    {"op": "split_name", "column": "full", "as": ["first", "last"]},
    {"op": "join_name", "columns": ["first", "last"]},
    {"op": "rename", "column": "n", "to": "amount"},
    {"op": "drop_column", "column": "b"},
    {"op": "edit_cell", "column": "city", "row": 12, "value": "Paris"}
  )"));
  ASSERT_EQ(r.steps.size(), 21u);
  EXPECT_EQ(r.steps[0].columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.steps[13].as, (std::vector<std::string>{"n_z"}));
  EXPECT_EQ(r.steps[16].as, (std::vector<std::string>{"first", "last"}));
  EXPECT_TRUE(r.steps[20].row_specific);
  EXPECT_FALSE(r.steps[0].row_specific);
}

struct Bad {
  const char* name;
  std::string text;
  std::string message;
};

TEST(Recipe, ClearMessages) {
  const Bad cases[] = {
      {"not json", "{\"crmwb_recipe\": 1,\n \"steps\": [\n {\"op\": \"trim\" \"column\": \"a\"}]}",
       "bad_recipe: the recipe is not valid JSON (line 3): check for a missing comma, quote or "
       "bracket there"},
      {"not a recipe", "{\"steps\": []}",
       "bad_recipe: this is not a crmwb recipe: it has no \"crmwb_recipe\" version field (a recipe "
       "looks like {\"crmwb_recipe\": 1, \"steps\": [...]})"},
      {"newer", "{\"crmwb_recipe\": 2, \"steps\": []}",
       "bad_recipe: this recipe is format version 2, written by a newer crmwb; this one reads "
       "version 1: update crmwb"},
      {"unknown op", steps(R"({"op": "trimm", "column": "a"})"),
       "bad_recipe: recipe step 1: unknown op \"trimm\" (did you mean \"trim\"?); the ops are "
       "trim, collapse_spaces, clean_text, case, email, phone, date, country, postal_code, number, "
       "boolean, replace, fill_missing, drop_rows, zscore, minmax, age, days_since, split_name, "
       "join_name, rename, drop_column, edit_cell, erase_rows"},
      {"bad enum",
       steps(R"({"op": "trim", "column": "a"}, {"op": "case", "column": "a", "mode": "Upper"})"),
       "bad_recipe: recipe step 2 (case): \"mode\" must be one of lower, upper, title, name (got "
       "\"Upper\")"},
      {"missing param", steps(R"({"op": "case", "column": "a"})"),
       "bad_recipe: recipe step 1 (case): \"mode\" is missing"},
      {"unknown field", steps(R"({"op": "case", "colum": "a", "mode": "lower"})"),
       "bad_recipe: recipe step 1 (case): unknown field \"colum\" (did you mean \"column\"?); this "
       "op takes column, columns, comment, mode"},
      {"no column", steps(R"({"op": "trim"})"),
       "bad_recipe: recipe step 1 (trim): it names no column (add \"column\": \"name\")"},
      {"bad region", steps(R"({"op": "phone", "column": "p", "region": "usa"})"),
       "bad_recipe: recipe step 1 (phone): \"region\" must be a two-letter ISO 3166 country code "
       "such as \"US\" or \"DE\" (got \"usa\")"},
      {"bad date", steps(R"({"op": "age", "column": "d", "reference_date": "2021-02-30"})"),
       "bad_recipe: recipe step 1 (age): \"reference_date\" must be a date written YYYY-MM-DD (got "
       "\"2021-02-30\")"},
      {"fill value missing", steps(R"({"op": "fill_missing", "column": "a", "strategy": "value"})"),
       "bad_recipe: recipe step 1 (fill_missing): strategy \"value\" needs a \"value\" to fill in"},
      {"postal without country", steps(R"({"op": "postal_code", "column": "zip"})"),
       "bad_recipe: recipe step 1 (postal_code): give the country of the codes: \"country\" (e.g. "
       "\"US\") or \"country_column\""},
      {"deep",
       "{\"crmwb_recipe\": 1, \"steps\": " + std::string(100, '[') + std::string(100, ']') + "}",
       "bad_recipe: the recipe nests lists or objects more than 64 levels deep"},
      {"huge number (found by fuzzing)", "{\"crmwb_recipe\": 16e666}",
       "bad_recipe: the recipe holds a number too large to read (over 1e308)"},
      {"step not object", steps("3"),
       "bad_recipe: recipe step 1: a step must be an object like {\"op\": \"trim\", \"column\": "
       "\"name\"}"},
  };
  for (const auto& c : cases) EXPECT_EQ(error_of(c.text), c.message) << c.name;
}

TEST(Recipe, ColumnCheckFollowsRenamesDropsAndAdds) {
  Recipe r = parse_recipe(steps(R"(
    {"op": "rename", "column": "mail", "to": "email"},
    {"op": "email", "column": "email"},
    {"op": "zscore", "column": "amount"},
    {"op": "minmax", "column": "amount_z"},
    {"op": "drop_column", "column": "amount"}
  )"));
  EXPECT_NO_THROW(check_recipe_columns(r, {"mail", "amount"}));
  try {
    check_recipe_columns(r, {"Mail", "amount"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "missing_column");
    EXPECT_STREQ(
        e.what(),
        "recipe step 1 (rename): the file has no column \"mail\" (did you mean \"Mail\"?); "
        "its columns are Mail, amount");
  }
  Recipe dup = parse_recipe(steps(R"({"op": "zscore", "column": "a", "as": "b"})"));
  EXPECT_THROW(check_recipe_columns(dup, {"a", "b"}), InputError);
}

TEST(Recipe, CanonicalTextRoundTrips) {
  Recipe r = parse_recipe(steps(R"({"mode": "name", "column": "n", "op": "case"})"));
  std::string text = recipe_to_json(r);
  EXPECT_EQ(text,
            "{\n  \"crmwb_recipe\": 1,\n  \"steps\": [\n    {\n      \"op\": \"case\",\n      "
            "\"column\": \"n\",\n      \"mode\": \"name\"\n    }\n  ]\n}\n");
  EXPECT_EQ(recipe_to_json(parse_recipe(text)), text);
}

}  // namespace
}  // namespace crm
