// Row views: filters (facets) and typed sorting over a profiled table.
#include "crm/view.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "crm/infer.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crm {

bool parse_filter_kind(std::string_view name, FilterKind& out) {
  static const std::pair<std::string_view, FilterKind> kinds[] = {
      {"value", FilterKind::Value},
      {"pattern", FilterKind::Pattern},
      {"missing", FilterKind::Missing},
      {"invalid", FilterKind::Invalid},
      {"inconsistent", FilterKind::Inconsistent},
      {"whitespace", FilterKind::Whitespace},
      {"duplicate", FilterKind::Duplicate}};
  for (const auto& [n, k] : kinds) {
    if (n == name) {
      out = k;
      return true;
    }
  }
  return false;
}

namespace {

bool has_outer_space(std::string_view v) {
  return !v.empty() && trim_space(v).size() != v.size();
}

/// True when row `r` passes filter `f` (Duplicate is handled separately).
bool passes(const Column& col, const ColumnProfile& cp, const RowFilter& f, size_t r) {
  const bool missing = col.missing(r);
  switch (f.kind) {
    case FilterKind::Value:
      return col.value(r) == f.value;
    case FilterKind::Pattern:
      return !missing && value_pattern(col.value(r)) == f.value;
    case FilterKind::Missing:
      return missing;
    case FilterKind::Invalid:
      return !missing && !value_valid(cp, col.value(r));
    case FilterKind::Inconsistent:
      return !missing && !value_consistent(cp, col.value(r));
    case FilterKind::Whitespace:
      return !missing && has_outer_space(col.value(r));
    case FilterKind::Duplicate:
      return true;
  }
  return true;
}

/// Numeric sort key of a value, or NaN when it has none (missing, invalid, text column).
double numeric_key(const ColumnProfile& cp, std::string_view v) {
  const std::string_view t = trim_space(v);
  switch (cp.type) {
    case ValueType::Integer:
    case ValueType::Decimal: {
      const auto n = parse_number(t);
      return n ? n->value : NAN;
    }
    case ValueType::Date:
    case ValueType::DateTime: {
      const auto d = parse_date(t, cp.day_first);
      return d ? d->days() : NAN;
    }
    default:
      return NAN;
  }
}

void sort_rows(const Table& table, const Profile& profile, const SortKey& key,
               std::vector<uint32_t>& rows) {
  const Column& col = table.columns[key.column];
  const ColumnProfile& cp = profile.columns[key.column];
  const bool numeric = cp.type == ValueType::Integer || cp.type == ValueType::Decimal ||
                       cp.type == ValueType::Date || cp.type == ValueType::DateTime;
  const bool desc = key.descending;
  if (numeric) {
    std::vector<double> k(table.rows, NAN);
    for (uint32_t r : rows) {
      if (!col.missing(r)) k[r] = numeric_key(cp, col.value(r));
    }
    std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
      const bool na = std::isnan(k[a]), nb = std::isnan(k[b]);
      if (na || nb) return !na && nb;  // values without a key go last either way
      return desc ? k[a] > k[b] : k[a] < k[b];
    });
  } else {
    std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
      const bool ma = col.missing(a), mb = col.missing(b);
      if (ma || mb) return !ma && mb;
      const std::string_view va = col.value(a), vb = col.value(b);
      return desc ? vb < va : va < vb;
    });
  }
}

}  // namespace

std::vector<uint32_t> duplicate_rows(const Table& table, CancelFlag cancel) {
  // Sort rows by a hash of all their values (missing values hash alike), then confirm equal
  // neighbours value by value; a row is a duplicate when an earlier row equals it.
  std::vector<std::pair<uint64_t, uint32_t>> keyed(table.rows);
  for (size_t r = 0; r < table.rows; ++r) {
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    for (const Column& c : table.columns) {
      const std::string_view v = c.missing(r) ? std::string_view("\x01missing") : c.value(r);
      const uint64_t len = v.size();
      XXH3_64bits_update(&st, &len, sizeof len);
      XXH3_64bits_update(&st, v.data(), v.size());
    }
    keyed[r] = {XXH3_64bits_digest(&st), static_cast<uint32_t>(r)};
    if ((r & 0xFFFF) == 0) check_cancel(cancel);
  }
  std::sort(keyed.begin(), keyed.end());
  auto same = [&](uint32_t a, uint32_t b) {
    for (const Column& c : table.columns) {
      if (c.missing(a) != c.missing(b)) return false;
      if (!c.missing(a) && c.value(a) != c.value(b)) return false;
    }
    return true;
  };
  std::vector<uint32_t> out;
  for (size_t i = 0; i < keyed.size();) {
    size_t j = i + 1;
    while (j < keyed.size() && keyed[j].first == keyed[i].first) ++j;
    // Within a hash group (sorted by row), a row is a duplicate if an earlier row equals it.
    for (size_t a = i + 1; a < j; ++a) {
      for (size_t b = i; b < a; ++b) {
        if (same(keyed[b].second, keyed[a].second)) {
          out.push_back(keyed[a].second);
          break;
        }
      }
    }
    i = j;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint32_t> select_rows(const Table& table, const Profile& profile, const ViewSpec& spec,
                                  CancelFlag cancel) {
  auto check_column = [&](size_t c) {
    if (c >= table.columns.size() || c >= profile.columns.size()) {
      throw InputError("bad_view", "column " + std::to_string(c) + " does not exist");
    }
  };
  bool duplicates = false;
  for (const RowFilter& f : spec.filters) {
    if (f.kind == FilterKind::Duplicate) {
      duplicates = true;
    } else {
      check_column(f.column);
    }
  }
  if (spec.sort) check_column(spec.sort->column);

  std::vector<uint32_t> rows;
  if (duplicates) {
    rows = duplicate_rows(table, cancel);
  } else {
    rows.resize(table.rows);
    std::iota(rows.begin(), rows.end(), 0u);
  }
  for (const RowFilter& f : spec.filters) {
    if (f.kind == FilterKind::Duplicate) continue;
    const Column& col = table.columns[f.column];
    const ColumnProfile& cp = profile.columns[f.column];
    size_t kept = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      if ((i & 0xFFFF) == 0) check_cancel(cancel);
      if (passes(col, cp, f, rows[i])) rows[kept++] = rows[i];
    }
    rows.resize(kept);
  }
  if (spec.sort) sort_rows(table, profile, *spec.sort, rows);
  return rows;
}

uint8_t cell_flags(const Table& table, const Profile& profile, size_t column, size_t row) {
  const Column& col = table.columns[column];
  if (col.missing(row)) return kCellMissing;
  const ColumnProfile& cp = profile.columns[column];
  const std::string_view v = col.value(row);
  uint8_t f = 0;
  if (!value_valid(cp, v)) {
    f |= kCellInvalid | kCellInconsistent;
  } else if (!value_consistent(cp, v)) {
    f |= kCellInconsistent;
  }
  if (has_outer_space(v)) f |= kCellWhitespace;
  return f;
}

}  // namespace crm
