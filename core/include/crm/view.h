// Row views for the grid: filters (facets) and sorting over a profiled table.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crm/common.h"
#include "crm/profile.h"
#include "crm/table.h"

namespace crm {

/// What a row filter selects.
enum class FilterKind {
  Value,            // the column's raw value equals `value`
  Pattern,          // the column's value shape equals `value` (as in ColumnProfile::patterns)
  Missing,          // the column's value is missing
  Invalid,          // non-missing and not fitting the column's inferred type
  Inconsistent,     // non-missing and not in the column's dominant format
  Whitespace,       // leading or trailing whitespace
  Duplicate,        // the whole row equals an earlier row (column ignored)
  DuplicateRecord,  // the row equals an earlier row but for the id columns (column ignored)
  Stale,   // the last-update date (Profile::quality's timeliness column) is more than the window's
           // days before its reference day (column ignored)
  Search,  // the value contains `value`, case- and accent-insensitively (crm/text.h fold keys);
           // in one column or, with kAllColumns, in any
  Rule,    // the rows in RowFilter::rows: those failing validation rule `value` (a 1-based rule
           // number, or "any" for every rule) of the last run; column ignored
};

/// The column of a Search filter that looks in every column.
inline constexpr size_t kAllColumns = static_cast<size_t>(-1);

/// Parses "value", "pattern", "missing", "invalid", "inconsistent", "whitespace", "duplicate",
/// "duplicate_record", "stale", "search", "rule".
bool parse_filter_kind(std::string_view name, FilterKind& out);

/// One filter; a view keeps the rows that pass all of its filters.
struct RowFilter {
  FilterKind kind = FilterKind::Value;
  size_t column = 0;
  std::string value;
  /// Rule: the rows it keeps, ascending (Workbench::set_view fills them in).
  std::shared_ptr<const std::vector<uint32_t>> rows = nullptr;
};

/// A sort on one column: numbers and dates by value, other types by collation (crm/text.h
/// collate_compare: case- and accent-insensitive, ties by the exact bytes); missing and invalid
/// values last; equal values keep table order.
struct SortKey {
  size_t column = 0;
  bool descending = false;
};

/// Filters and sort of a view.
struct ViewSpec {
  std::vector<RowFilter> filters;
  std::optional<SortKey> sort;
};

/// Row numbers (0-based, into the table) selected by `spec`, in view order, given the table's
/// profile and its per-row verdicts (ProfileOptions::row_verdicts): the Missing, Invalid,
/// Inconsistent, Whitespace, Duplicate and DuplicateRecord filters read the verdicts, as does
/// Pattern for a shape
/// listed in the profile. Throws InputError (code "bad_view") for a column out of range.
std::vector<uint32_t> select_rows(const Table& table, const Profile& profile,
                                  const RowVerdicts& verdicts, const ViewSpec& spec,
                                  CancelFlag cancel = nullptr);

}  // namespace crm
