// Recipe parsing and validation: one table of operations and their parameters drives the checks,
// so every mistake gets a message naming the step, the field and what to do.
#include <algorithm>

#include "crm/common.h"
#include "crm/recipe.h"
#include "recipe/spec.h"

namespace crm {

using nlohmann::json;

namespace {

using spec::Kind;
using spec::ParamSpec;

constexpr const char* kCode = "bad_recipe";

enum class Cols { One, OneOrMany, Two, None };

struct OpSpec {
  const char* op;
  Cols cols;
  int adds;  // columns the step adds with `as`: 0, 1 or 2 (`as` optional; defaults apply)
  std::vector<ParamSpec> params;
};

const std::vector<OpSpec>& ops() {
  static const std::vector<OpSpec> table = {
      {"trim", Cols::OneOrMany, 0, {}},
      {"collapse_spaces", Cols::OneOrMany, 0, {}},
      {"clean_text", Cols::OneOrMany, 0, {}},
      {"case",
       Cols::OneOrMany,
       0,
       {{"mode", Kind::Enum, true, {"lower", "upper", "title", "name"}}}},
      {"email", Cols::OneOrMany, 0, {{"lower_local", Kind::Bool, false, {}}}},
      {"phone",
       Cols::OneOrMany,
       0,
       {{"region", Kind::Region, false, {}},
        {"region_column", Kind::Str, false, {}},
        {"format", Kind::Enum, false, {"e164", "international", "national"}}}},
      {"date", Cols::OneOrMany, 0, {{"input_format", Kind::DateFormat, false, {}}}},
      {"country",
       Cols::OneOrMany,
       0,
       {{"output", Kind::Enum, false, {"alpha2", "alpha3", "name"}}}},
      {"postal_code",
       Cols::OneOrMany,
       0,
       {{"country", Kind::Region, false, {}}, {"country_column", Kind::Str, false, {}}}},
      {"number", Cols::OneOrMany, 0, {{"decimal_comma", Kind::Bool, false, {}}}},
      {"boolean", Cols::OneOrMany, 0, {}},
      {"replace", Cols::OneOrMany, 0, {{"map", Kind::Map, true, {}}}},
      {"fill_missing",
       Cols::OneOrMany,
       0,
       {{"strategy", Kind::Enum, true, {"value", "mean", "median", "mode", "previous"}},
        {"value", Kind::Value, false, {}}}},
      {"drop_rows", Cols::OneOrMany, 0, {{"rule", Kind::Rule, true, {}}}},
      {"zscore", Cols::One, 1, {}},
      {"minmax", Cols::One, 1, {}},
      {"age", Cols::One, 1, {{"reference_date", Kind::Date, false, {}}}},
      {"days_since", Cols::One, 1, {{"reference_date", Kind::Date, false, {}}}},
      {"split_name", Cols::One, 2, {}},
      {"join_name", Cols::Two, 1, {}},
      {"rename", Cols::One, 0, {{"to", Kind::Str, true, {}}}},
      {"drop_column", Cols::OneOrMany, 0, {}},
      {"edit_cell", Cols::One, 0, {{"row", Kind::Int, true, {}}, {"value", Kind::Value, true, {}}}},
      {"erase_rows",
       Cols::None,
       0,
       {{"rows", Kind::Rows, true, {}}, {"reason", Kind::Str, true, {}}}},
  };
  return table;
}

// Default names of the columns a step adds when it has no `as`.
std::vector<std::string> default_as(const std::string& op, const std::string& column) {
  if (op == "zscore") return {column + "_z"};
  if (op == "minmax") return {column + "_scaled"};
  if (op == "age") return {"age"};
  if (op == "days_since") return {column + "_days"};
  if (op == "split_name") return {"given_name", "family_name"};
  if (op == "join_name") return {"full_name"};
  return {};
}

[[noreturn]] void fail(const std::string& message) {
  spec::fail(kCode, message);
}

void check_param(const std::string& where, const ParamSpec& p, const json& v) {
  spec::check_param(kCode, where, p, v);
}

std::vector<std::string> names_of(const json& v, const std::string& where, const char* key) {
  return spec::names_of(kCode, v, where, key);
}

using spec::did_you_mean;

}  // namespace

std::vector<std::string> recipe_ops() {
  std::vector<std::string> out;
  for (const auto& o : ops()) out.push_back(o.op);
  return out;
}

RecipeStep parse_recipe_step(const json& s, size_t number) {
  std::string where = "recipe step " + std::to_string(number) + ": ";
  if (!s.is_object())
    fail(where + "a step must be an object like {\"op\": \"trim\", \"column\": \"name\"}");
  if (!s.contains("op") || !s["op"].is_string())
    fail(where + "it has no \"op\" (the operation, e.g. \"trim\")");
  RecipeStep step;
  step.op = s["op"].get<std::string>();
  auto spec =
      std::find_if(ops().begin(), ops().end(), [&](const OpSpec& o) { return step.op == o.op; });
  if (spec == ops().end())
    fail(where + "unknown op \"" + step.op + "\"" + did_you_mean(step.op, recipe_ops()) +
         "; the ops are " + [] {
           std::string all;
           for (const auto& o : ops()) all += (all.empty() ? "" : ", ") + std::string(o.op);
           return all;
         }());
  where = "recipe step " + std::to_string(number) + " (" + step.op + "): ";
  std::vector<std::string> allowed = {"op", "column", "columns", "comment"};
  if (spec->adds) allowed.push_back("as");
  for (const auto& p : spec->params) allowed.push_back(p.key);
  spec::check_fields(kCode, where, s, allowed, "this op takes");
  bool has_column = s.contains("column"), has_columns = s.contains("columns");
  if (spec->cols == Cols::None) {
    if (has_column || has_columns)
      fail(where + "this op works on whole rows: leave out \"column\" and \"columns\"");
  } else {
    if (has_column && has_columns) fail(where + "give either \"column\" or \"columns\", not both");
    if (!has_column && !has_columns) fail(where + "it names no column (add \"column\": \"name\")");
    step.columns =
        names_of(has_column ? s["column"] : s["columns"], where, has_column ? "column" : "columns");
  }
  if (has_column && step.columns.size() != 1)
    fail(where + "\"column\" names one column; use \"columns\" for several");
  if (spec->cols == Cols::One && step.columns.size() != 1)
    fail(where + "this op works on exactly one column");
  if (spec->cols == Cols::Two && step.columns.size() != 2)
    fail(where + "this op needs two columns in \"columns\" (given name, family name)");
  for (const auto& p : spec->params) {
    if (s.contains(p.key))
      check_param(where, p, s[p.key]);
    else if (p.required)
      fail(where + "\"" + p.key + "\" is missing");
  }
  if (s.contains("comment") && !s["comment"].is_string())
    fail(where + "\"comment\" must be a text");
  if (spec->adds) {
    if (s.contains("as")) {
      step.as = names_of(s["as"], where, "as");
      if (step.as.size() != static_cast<size_t>(spec->adds))
        fail(where + "\"as\" must name " +
             (spec->adds == 1 ? "one new column" : "two new columns"));
    } else {
      step.as = default_as(step.op, step.columns[0]);
    }
  }
  if (step.op == "fill_missing" && s["strategy"] == "value" && !s.contains("value"))
    fail(where + "strategy \"value\" needs a \"value\" to fill in");
  if (step.op == "postal_code" && s.contains("country") == s.contains("country_column"))
    fail(where + "give the country of the codes: \"country\" (e.g. \"US\") or \"country_column\"");
  step.row_specific = step.op == "edit_cell" || step.op == "erase_rows";
  step.params = s;
  return step;
}

Recipe parse_recipe(std::string_view text) {
  json doc = spec::parse_document(text, kCode, "the recipe");
  if (!doc.is_object() || !doc.contains("crmwb_recipe"))
    fail(
        "this is not a crmwb recipe: it has no \"crmwb_recipe\" version field (a recipe looks like "
        "{\"crmwb_recipe\": 1, \"steps\": [...]})");
  spec::check_version(kCode, doc, "crmwb_recipe", kRecipeVersion, "recipe");
  for (const auto& [key, value] : doc.items())
    if (key != "crmwb_recipe" && key != "steps" && key != "description" && key != "source")
      fail("unknown top-level field \"" + key + "\"" +
           did_you_mean(key, {"crmwb_recipe", "steps", "description", "source"}) +
           "; a recipe has crmwb_recipe, steps and optionally description and source");
  if (!doc.contains("steps") || !doc["steps"].is_array()) fail("the recipe has no \"steps\" list");
  Recipe r;
  size_t n = 0;
  for (const auto& s : doc["steps"]) r.steps.push_back(parse_recipe_step(s, ++n));
  return r;
}

void check_recipe_columns(const Recipe& recipe, const std::vector<std::string>& columns) {
  std::vector<std::string> have = columns;
  auto list = [&] {
    std::string s;
    for (size_t i = 0; i < have.size() && i < 30; ++i) s += (i ? ", " : "") + have[i];
    if (have.size() > 30) s += ", ...";
    return s;
  };
  for (size_t i = 0; i < recipe.steps.size(); ++i) {
    const RecipeStep& st = recipe.steps[i];
    const std::string where = "recipe step " + std::to_string(i + 1) + " (" + st.op + "): ";
    std::vector<std::string> needed = st.columns;
    for (const char* key : {"region_column", "country_column"})
      if (st.params.contains(key)) needed.push_back(st.params[key].get<std::string>());
    for (const auto& c : needed)
      if (std::find(have.begin(), have.end(), c) == have.end())
        throw InputError("missing_column", where + "the file has no column \"" + c + "\"" +
                                               did_you_mean(c, have) + "; its columns are " +
                                               list());
    for (const auto& a : st.as)
      if (std::find(have.begin(), have.end(), a) != have.end())
        throw InputError("missing_column",
                         where + "a column \"" + a +
                             "\" already exists: name the new column otherwise with \"as\"");
    if (st.op == "rename") {
      std::string to = st.params["to"].get<std::string>();
      if (std::find(have.begin(), have.end(), to) != have.end() && to != st.columns[0])
        throw InputError("missing_column", where + "a column \"" + to + "\" already exists");
      std::replace(have.begin(), have.end(), st.columns[0], to);
    } else if (st.op == "drop_column") {
      for (const auto& c : st.columns) have.erase(std::find(have.begin(), have.end(), c));
    }
    have.insert(have.end(), st.as.begin(), st.as.end());
  }
}

std::string recipe_to_json(const Recipe& recipe) {
  nlohmann::ordered_json doc;
  doc["crmwb_recipe"] = kRecipeVersion;
  doc["steps"] = nlohmann::ordered_json::array();
  for (const auto& st : recipe.steps) {
    nlohmann::ordered_json o;
    o["op"] = st.op;
    for (const char* key : {"column", "columns"})
      if (st.params.contains(key)) o[key] = st.params[key];
    for (const auto& [key, value] : st.params.items())
      if (key != "op" && key != "column" && key != "columns") o[key] = value;
    doc["steps"].push_back(std::move(o));
  }
  return doc.dump(2) + "\n";
}

}  // namespace crm
