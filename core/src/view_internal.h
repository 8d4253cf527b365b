// Internals of the row views shared by view.cpp, view_sort.cpp and view_search.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crm/view.h"

namespace crm::view_detail {

/// Appends the fold key of `v` (exactly crm::append_fold_key's), by table for ASCII and Latin
/// letters (U+0080..U+024F), through utf8proc for anything else.
void append_fold(std::string_view v, std::string& out);

/// Sorts `rows` (a selection in table order) by `key`: numbers and dates by value, other types by
/// collation (fold keys, ties by bytes); missing and invalid values last; equal values keep their
/// order.
void sort_rows(const Table& table, const Profile& profile, const SortKey& key,
               std::vector<uint32_t>& rows, CancelFlag cancel);

/// Keeps the rows whose value in column `f.column` (any column for kAllColumns) contains `f.value`
/// compared by fold keys; of all rows of the table when `all` (which it clears), else of `rows`.
void search_rows(const Table& table, const RowFilter& f, std::vector<uint32_t>& rows, bool& all,
                 CancelFlag cancel);

}  // namespace crm::view_detail
