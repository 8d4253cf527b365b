// Row views: filters (facets) and typed sorting over a profiled table.
#include "crm/view.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "crm/infer.h"
#include "view_internal.h"

namespace crm {

bool parse_filter_kind(std::string_view name, FilterKind& out) {
  static const std::pair<std::string_view, FilterKind> kinds[] = {
      {"value", FilterKind::Value},
      {"pattern", FilterKind::Pattern},
      {"missing", FilterKind::Missing},
      {"invalid", FilterKind::Invalid},
      {"inconsistent", FilterKind::Inconsistent},
      {"whitespace", FilterKind::Whitespace},
      {"duplicate", FilterKind::Duplicate},
      {"duplicate_record", FilterKind::DuplicateRecord},
      {"stale", FilterKind::Stale},
      {"search", FilterKind::Search},
      {"rule", FilterKind::Rule}};
  for (const auto& [n, k] : kinds) {
    if (n == name) {
      out = k;
      return true;
    }
  }
  return false;
}

namespace {

/// Keeps the rows that pass `keep`: of all `n` rows of the table when `all` (which it clears),
/// else of `rows`.
template <typename Keep>
void keep_rows(std::vector<uint32_t>& rows, bool& all, size_t n, const Keep& keep,
               CancelFlag cancel) {
  size_t kept = 0;
  if (all) {
    rows.resize(n);
    for (size_t r = 0; r < n; ++r) {
      if ((r & 0xFFFF) == 0) check_cancel(cancel);
      rows[kept] = static_cast<uint32_t>(r);
      kept += keep(r) ? 1 : 0;
    }
    all = false;
  } else {
    for (size_t i = 0; i < rows.size(); ++i) {
      if ((i & 0xFFFF) == 0) check_cancel(cancel);
      const uint32_t r = rows[i];
      rows[kept] = r;
      kept += keep(r) ? 1 : 0;
    }
  }
  rows.resize(kept);
}

/// Applies filter `f` (not Duplicate) to the rows.
void apply_filter(const Table& table, const Profile& profile, const RowVerdicts& verdicts,
                  const RowFilter& f, std::vector<uint32_t>& rows, bool& all, CancelFlag cancel) {
  const Column& col = table.columns[f.column];
  const uint8_t* cells = verdicts.cells[f.column].data();
  const size_t n = table.rows;
  auto flagged = [&](uint8_t bit) {
    keep_rows(
        rows, all, n, [&](size_t r) { return (cells[r] & bit) != 0; }, cancel);
  };
  switch (f.kind) {
    case FilterKind::Value:
      keep_rows(
          rows, all, n, [&](size_t r) { return col.value(r) == f.value; }, cancel);
      return;
    case FilterKind::Pattern: {
      // A listed shape has its rank in the cells; any other shape is not among the ranked ones.
      const std::vector<ValueCount>& listed = profile.columns[f.column].patterns;
      const size_t ranked = std::min(listed.size(), kCellPatternRanks);
      size_t j = 0;
      while (j < ranked && listed[j].value != f.value) ++j;
      if (j < ranked) {
        const uint8_t want = static_cast<uint8_t>((j + 1) << kCellPatternShift);
        keep_rows(
            rows, all, n, [&](size_t r) { return (cells[r] & ~kCellFlagMask) == want; }, cancel);
      } else {
        keep_rows(
            rows, all, n,
            [&](size_t r) {
              return (cells[r] & (kCellMissing | ~kCellFlagMask)) == 0 &&
                     value_pattern(col.value(r)) == f.value;
            },
            cancel);
      }
      return;
    }
    case FilterKind::Missing:
      return flagged(kCellMissing);
    case FilterKind::Invalid:
      return flagged(kCellInvalid);
    case FilterKind::Inconsistent:
      return flagged(kCellInconsistent);
    case FilterKind::Whitespace:
      return flagged(kCellWhitespace);
    case FilterKind::Duplicate:
    case FilterKind::DuplicateRecord:
    case FilterKind::Stale:
    case FilterKind::Search:
    case FilterKind::Rule:
      return;
  }
}

/// Keeps the rows listed in `f.rows` (ascending): a rule's failing rows.
void apply_listed(const RowFilter& f, std::vector<uint32_t>& rows, bool& all, CancelFlag cancel) {
  const std::vector<uint32_t>& listed = *f.rows;
  if (all) {
    rows = listed;
    all = false;
    return;
  }
  size_t kept = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if ((i & 0xFFFF) == 0) check_cancel(cancel);
    rows[kept] = rows[i];
    kept += std::binary_search(listed.begin(), listed.end(), rows[i]) ? 1 : 0;
  }
  rows.resize(kept);
}

/// Keeps the rows whose last-update date is older than the timeliness window (none when the
/// profile has no timeliness column).
void apply_stale(const Table& table, const Profile& profile, const RowVerdicts& verdicts,
                 std::vector<uint32_t>& rows, bool& all, CancelFlag cancel) {
  const QualityScore& q = profile.quality;
  size_t c = 0;
  while (c < profile.columns.size() && profile.columns[c].name != q.timeliness_column) ++c;
  if (q.timeliness_column.empty() || c >= profile.columns.size()) {
    rows.clear();
    all = false;
    return;
  }
  const Column& col = table.columns[c];
  const ColumnProfile& cp = profile.columns[c];
  const uint8_t* cells = verdicts.cells[c].data();
  keep_rows(
      rows, all, table.rows,
      [&](size_t r) {
        if (cells[r] & (kCellMissing | kCellInvalid)) return false;
        const auto d = parse_date(trim_space(col.value(r)), cp.day_first);
        return d && q.reference_day - d->day > q.timeliness_days;
      },
      cancel);
}

}  // namespace

std::vector<uint32_t> select_rows(const Table& table, const Profile& profile,
                                  const RowVerdicts& verdicts, const ViewSpec& spec,
                                  CancelFlag cancel) {
  auto check_column = [&](size_t c) {
    if (c >= table.columns.size() || c >= profile.columns.size()) {
      throw InputError("bad_view", "column " + std::to_string(c) + " does not exist");
    }
  };
  if (!spec.filters.empty() && verdicts.cells.size() != table.columns.size()) {
    throw std::logic_error("select_rows() needs the profile's row verdicts");
  }
  bool duplicates = false, duplicate_records = false;
  for (const RowFilter& f : spec.filters) {
    if (f.kind == FilterKind::Duplicate) {
      duplicates = true;
    } else if (f.kind == FilterKind::DuplicateRecord) {
      duplicate_records = true;
    } else if (f.kind == FilterKind::Stale) {
      if (verdicts.cells.size() != table.columns.size()) {
        throw std::logic_error("select_rows() needs the profile's row verdicts");
      }
    } else if (f.kind == FilterKind::Search) {
      if (f.column != kAllColumns) check_column(f.column);
    } else if (f.kind == FilterKind::Rule) {
      if (!f.rows)
        throw InputError("bad_view", "validation rule " + f.value +
                                         " has no result for this table: run the rules first");
    } else {
      check_column(f.column);
      if (verdicts.cells[f.column].size() != table.rows) {
        throw std::logic_error("select_rows() needs the profile's row verdicts");
      }
    }
  }
  if (spec.sort) check_column(spec.sort->column);

  std::vector<uint32_t> rows;
  // Every row of the table, not yet listed in `rows`. A duplicate row is also a duplicate record.
  bool all = !duplicates && !duplicate_records;
  if (duplicates) {
    rows = verdicts.duplicates;
  } else if (duplicate_records) {
    rows = verdicts.duplicate_records;
  }
  for (const RowFilter& f : spec.filters) {
    if (f.kind == FilterKind::Stale) {
      apply_stale(table, profile, verdicts, rows, all, cancel);
    } else if (f.kind == FilterKind::Search) {
      view_detail::search_rows(table, f, rows, all, cancel);
    } else if (f.kind == FilterKind::Rule) {
      apply_listed(f, rows, all, cancel);
    } else if (f.kind != FilterKind::Duplicate && f.kind != FilterKind::DuplicateRecord) {
      apply_filter(table, profile, verdicts, f, rows, all, cancel);
    }
  }
  if (all) {
    rows.resize(table.rows);
    std::iota(rows.begin(), rows.end(), 0u);
  }
  if (spec.sort) view_detail::sort_rows(table, profile, *spec.sort, rows, cancel);
  return rows;
}

}  // namespace crm
