// Columnar storage.
#include "crm/table.h"

#include <algorithm>
#include <limits>

namespace crm {

void Column::too_large() const {
  throw InputError("column_too_large",
                   "column '" + name_ + "' holds more than 4 GiB of text; split the file");
}

void Column::reserve(size_t values, size_t bytes) {
  offsets_.reserve(values + 1);
  missing_.reserve(values / 64 + 1);
  bytes_.reserve(bytes);
}

void Column::shrink_to_fit() {
  bytes_.shrink_to_fit();
  offsets_.shrink_to_fit();
  missing_.shrink_to_fit();
}

Column Column::clone() const {
  Column c(name_);
  c.bytes_ = bytes_.clone();
  c.offsets_ = offsets_;
  c.missing_ = missing_;
  c.missing_count_ = missing_count_;
  return c;
}

size_t Column::memory_bytes() const {
  return bytes_.capacity() + offsets_.capacity() * sizeof(uint32_t) +
         missing_.capacity() * sizeof(uint64_t) + name_.capacity();
}

std::vector<std::vector<std::string>> Table::window(size_t begin, size_t end) const {
  end = std::min(end, rows);
  std::vector<std::vector<std::string>> out;
  if (begin >= end) return out;
  out.reserve(end - begin);
  for (size_t r = begin; r < end; ++r) {
    std::vector<std::string> row;
    row.reserve(columns.size());
    for (const Column& c : columns) row.emplace_back(c.value(r));
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<std::string> Table::names() const {
  std::vector<std::string> out;
  out.reserve(columns.size());
  for (const Column& c : columns) out.push_back(c.name());
  return out;
}

size_t Table::memory_bytes() const {
  size_t total = 0;
  for (const Column& c : columns) total += c.memory_bytes();
  return total;
}

bool is_missing_value(std::string_view v, const std::vector<std::string>& null_tokens) {
  auto space = [](char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
  };
  size_t b = 0, e = v.size();
  while (b < e && space(v[b])) ++b;
  while (e > b && space(v[e - 1])) --e;
  if (b == e) return true;
  const std::string_view core = v.substr(b, e - b);
  for (const std::string& t : null_tokens) {
    if (core == t) return true;
  }
  return false;
}

}  // namespace crm
