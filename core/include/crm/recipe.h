// Recipes: the ordered cleaning steps as a JSON file ({"crmwb_recipe": 1, "steps": [...]}) —
// parsing with a clear message for every mistake, the column check, and the canonical text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crm {

/// One step of a recipe.
struct RecipeStep {
  std::string op;                    // the operation, e.g. "case"
  std::vector<std::string> columns;  // the column(s) it works on (`column` or `columns`)
  std::vector<std::string> as;       // names of the columns it adds (`as`), if any
  nlohmann::json params;             // the step object as given (validated)
  bool row_specific = false;  // edits particular rows (edit_cell): not replayed on other files
};

/// A parsed, validated recipe.
struct Recipe {
  std::vector<RecipeStep> steps;
};

/// Newest recipe format version this build reads and writes.
constexpr int kRecipeVersion = 1;

/// Parses and validates a recipe. Throws InputError (code "bad_recipe") naming the line for
/// JSON syntax errors, or the step number, its op, the field and what to do for anything else
/// (unknown op or field, wrong or missing parameter, a newer format version).
Recipe parse_recipe(std::string_view text);

/// Parses one step object (as a recipe would hold it); `number` (1-based) names it in messages.
RecipeStep parse_recipe_step(const nlohmann::json& step, size_t number);

/// Checks that every column a step needs exists when the step runs, following the columns the
/// steps before it rename, drop and add; throws InputError (code "missing_column") naming the
/// step, the column and the columns there are.
void check_recipe_columns(const Recipe& recipe, const std::vector<std::string>& columns);

/// The recipe as canonical JSON text (two-space indent, steps as given, a final newline).
std::string recipe_to_json(const Recipe& recipe);

/// Names of every recipe operation, in documentation order.
std::vector<std::string> recipe_ops();

}  // namespace crm
