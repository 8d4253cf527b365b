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

Column Column::patched(const std::vector<uint32_t>& rows,
                       const std::vector<std::string_view>& values,
                       const std::vector<char>& now_missing) const {
  Column c(name_);
  const size_t n = size();
  int64_t total = static_cast<int64_t>(bytes_.size());
  for (size_t k = 0; k < rows.size(); ++k)
    total += static_cast<int64_t>(values[k].size()) - static_cast<int64_t>(value(rows[k]).size());
  if (total > static_cast<int64_t>(UINT32_MAX)) too_large();
  c.bytes_.reserve(static_cast<size_t>(total));
  c.offsets_.resize(n + 1);
  c.offsets_[0] = 0;
  // Rows [from, to) of this column, shifted by `delta` bytes.
  int64_t delta = 0;
  auto copy_run = [&](size_t from, size_t to) {
    if (from >= to) return;
    const uint32_t b = offsets_[from], e = offsets_[to];
    if (e > b) c.bytes_.append(bytes_.data() + b, e - b);
    const uint32_t d = static_cast<uint32_t>(delta);  // modular: offsets stay within uint32
    uint32_t* out = c.offsets_.data();
    const uint32_t* in = offsets_.data();
    for (size_t i = from + 1; i <= to; ++i) out[i] = in[i] + d;
  };
  size_t at = 0;
  for (size_t k = 0; k < rows.size(); ++k) {
    const size_t r = rows[k];
    copy_run(at, r);
    const std::string_view v = values[k];
    if (!v.empty()) c.bytes_.append(v.data(), v.size());
    delta += static_cast<int64_t>(v.size()) - static_cast<int64_t>(value(r).size());
    c.offsets_[r + 1] = static_cast<uint32_t>(c.bytes_.size());
    at = r + 1;
  }
  copy_run(at, n);
  c.missing_ = missing_;
  c.missing_count_ = missing_count_;
  for (size_t k = 0; k < rows.size(); ++k) {
    const size_t r = rows[k];
    const uint64_t bit = uint64_t{1} << (r & 63);
    const bool was = (c.missing_[r >> 6] & bit) != 0, now = now_missing[k] != 0;
    if (was == now) continue;
    c.missing_[r >> 6] ^= bit;
    if (now)
      ++c.missing_count_;
    else
      --c.missing_count_;
  }
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
