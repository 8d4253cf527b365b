// The small table a fuzz target runs what it parsed on: `names` are the columns, `values` the
// rows (missing as the loader would judge them).
#pragma once
#include <cstddef>
#include <utility>

#include "crm/common.h"
#include "crm/table.h"

namespace crm_fuzz {

/// A table of R rows and C columns from string literals.
template <size_t R, size_t C>
crm::Table table_of(const char* const (&names)[C], const char* const (&values)[R][C]) {
  crm::Table t;
  for (size_t c = 0; c < C; ++c) {
    crm::Column col(names[c]);
    for (const auto& row : values) col.append(row[c], crm::is_missing_value(row[c], t.null_tokens));
    t.columns.push_back(std::move(col));
  }
  t.rows = R;
  return t;
}

}  // namespace crm_fuzz
