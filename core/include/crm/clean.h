// Applying cleaning recipes: one step turns a table version into a new one (sharing the columns it
// does not touch) and records which cells changed and which values it could not standardize.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crm/common.h"
#include "crm/profile.h"
#include "crm/recipe.h"
#include "crm/table.h"

namespace crm {

/// What one step did to one column (a changed, added or flagged column).
struct ColumnChange {
  int in_column = -1;               // the column in the step's input table (-1: added by the step)
  int out_column = -1;              // the column in the output table
  int from_column = -1;             // added columns: the input column the values come from
  std::vector<uint32_t> changed;    // rows (positions in the input table) whose value changed
  std::vector<uint32_t> flagged;    // rows kept as they were because they could not be handled
  std::vector<uint32_t> flag_note;  // per flagged row: index into StepResult::notes
};

/// A before → after pair (or a flagged value with its reason) shown as a preview.
struct StepSample {
  std::string column;
  std::string before;
  std::string after;
  std::string note;  // the reason for a flagged value, else empty
};

/// The outcome of one step: the new table version and what changed.
struct StepResult {
  Table table;                        // the new version
  std::vector<uint32_t> kept_rows;    // drop_rows: input positions kept, in order (empty: all)
  std::vector<uint32_t> dropped;      // drop_rows: input positions dropped
  std::vector<ColumnChange> changes;  // per changed, added or flagged column
  std::vector<std::string> notes;     // reasons of flagged values (distinct)
  uint64_t changed = 0;               // cells changed (or filled in an added column)
  uint64_t flagged = 0;               // values left as they were, with a reason
  uint64_t missing = 0;               // missing values kept missing in the columns the step reads
  std::vector<StepSample> samples;    // up to 5 distinct changes and 5 distinct flagged values
};

/// What a step may use besides the table.
struct StepContext {
  const Profile* profile = nullptr;  // the loaded file's profile: default phone region, day-first
                                     // dates, decimal commas (matched by column name)
  const std::vector<uint32_t>* row_ids = nullptr;  // original row of each input row (edit_cell's
                                                   // `row`); null: rows are the original rows
  int64_t today = 0;                               // days since 1970-01-01: age / days_since
                                                   // default reference date
  ProgressFn progress;                             // reported per 64Ki rows ("clean" stage)
  CancelFlag cancel = nullptr;                     // polled; a cancelled step throws Cancelled
};

/// Checks that `step` can run on `in` (its columns exist, its region, country and row are
/// possible, drop_rows' check is supported); throws InputError naming step `number`.
void check_step(const Table& in, const RecipeStep& step, size_t number, const StepContext& ctx);

/// Applies one step (checked first, see check_step) to `in`; `in` is not changed. Throws
/// InputError (bad step) or Cancelled.
StepResult apply_step(const Table& in, const RecipeStep& step, size_t number,
                      const StepContext& ctx);

/// A suggested recipe for a profiled table (rules in the README, "Cleaning").
Recipe suggest_recipe(const Table& table, const Profile& profile);

}  // namespace crm
