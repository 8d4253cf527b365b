// Internal to the recipe engine: the shared helpers of the op files (apply.cpp runs them).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "crm/clean.h"
#include "crm/standardize.h"

namespace crm::clean_detail {

/// Standardizes one non-missing value; `aux` is the row's value of the step's helper column
/// (region_column, country_column), else empty. !ok: kept as it was, flagged with `reason`.
using ValueFn = std::function<Standardized(std::string_view raw, std::string_view aux)>;

/// A cheap test that a value is certainly left unchanged by a step (skips the cache), or null.
using QuickSame = bool (*)(std::string_view raw);

/// Runs the state of one step: the result being built, notes and samples.
class StepRun {
 public:
  StepRun(const Table& in, const RecipeStep& step, size_t number, const StepContext& ctx);
  /// "recipe step N (op): " for messages.
  std::string where() const;
  /// Index of column `name` in the input table (the step was checked: it exists).
  size_t column(const std::string& name) const;
  /// Index of a reason in the result's notes.
  uint32_t note(const std::string& reason);
  /// Records a sample change (distinct, at most 5).
  void sample_change(const std::string& column, std::string_view before, std::string_view after);
  /// Records a sample flagged value (distinct, at most 5).
  void sample_flag(const std::string& column, std::string_view value, const std::string& reason);
  /// Polls cancel and reports progress (base + row done) every 64Ki rows of a column.
  void tick(uint64_t row, uint64_t base = 0);
  /// Applies `fn` to every non-missing value of column `c` (once per distinct value, or per
  /// distinct (aux, value) when `aux` is given) and puts the new column in the result.
  void map_values(size_t c, const ValueFn& fn, const Column* aux = nullptr,
                  QuickSame quick = nullptr);
  /// Replaces column `c` of the output with `col` (same rows) and records the change.
  void replace_column(size_t c, Column col, ColumnChange change);

  const Table& in;
  const RecipeStep& step;
  size_t number;
  const StepContext& ctx;
  StepResult result;
  uint64_t total = 0;  // rows × columns to process, for progress

 private:
  std::unordered_map<std::string, uint32_t> note_ids_;
  size_t change_samples_ = 0, flag_samples_ = 0;
};

/// The profile of column `name` of the loaded file, or null.
const ColumnProfile* profile_of(const StepContext& ctx, const std::string& name);

/// A number as the shortest text that reads back as the same double ("12.5", "1234567", "1e+20").
std::string format_number(double v);

/// A number rounded to 6 decimals, trailing zeros removed ("0.5", "-1.234568", "0").
std::string format_fixed6(double v);

/// The value fn of a value op (trim … replace); nullptr for another op. Sets `aux` for a
/// row-dependent op and `quick` where a cheap test exists.
ValueFn value_fn(StepRun& run, const std::string& column, const Column** aux, QuickSame* quick);

/// The row's region from a country cell: its alpha-2 code, "" when it names no country.
std::string region_of(std::string_view country);

/// The value fn of the country op.
ValueFn country_fn(const nlohmann::json& params);

/// Runs the postal_code op (a column op: zero restoring looks at the whole column).
void run_postal(StepRun& run);

/// Runs a column op (fill_missing, drop_rows, zscore, minmax, age, days_since, split_name,
/// join_name, rename, drop_column, edit_cell); false for another op.
bool run_column_op(StepRun& run);

}  // namespace crm::clean_detail
