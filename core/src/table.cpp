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
  c.base_ = base_;
  c.overlay_rows_ = overlay_rows_;
  c.patched_bits_ = patched_bits_;
  c.rank_ = rank_;
  return c;
}

void Column::set_missing(size_t row, bool now_missing) {
  const uint64_t bit = uint64_t{1} << (row & 63);
  if (((missing_[row >> 6] & bit) != 0) == now_missing) return;
  missing_[row >> 6] ^= bit;
  if (now_missing)
    ++missing_count_;
  else
    --missing_count_;
}

void Column::begin_overlay(const std::shared_ptr<Column>& base) {
  const Column& b = *base;
  base_ = b.base_ ? b.base_ : std::shared_ptr<const Column>(base);
  overlay_rows_ = b.size();
  missing_ = b.missing_;
  missing_count_ = b.missing_count_;
  patched_bits_.assign(overlay_rows_ / 64 + 1, 0);
}

void Column::overlay_set(size_t row, std::string_view v, bool now_missing) {
  if (!v.empty()) bytes_.append(v.data(), v.size());
  if (bytes_.size() > UINT32_MAX) too_large();
  offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
  patched_bits_[row >> 6] |= uint64_t{1} << (row & 63);
  set_missing(row, now_missing);
}

std::vector<uint32_t> Column::overlay_row_list() const {
  std::vector<uint32_t> out;
  if (!base_) return out;
  out.reserve(overlay_count());
  for (size_t w = 0; w < patched_bits_.size(); ++w)
    for (uint64_t b = patched_bits_[w]; b; b &= b - 1)
      out.push_back(static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(b))));
  return out;
}

void Column::end_overlay() {
  rank_.assign(patched_bits_.size(), 0);
  uint32_t before = 0;
  for (size_t w = 0; w < patched_bits_.size(); ++w) {
    rank_[w] = before;
    before += static_cast<uint32_t>(__builtin_popcountll(patched_bits_[w]));
  }
}

void Column::begin_patch(const Column& in, int64_t total) {
  if (total > static_cast<int64_t>(UINT32_MAX)) too_large();
  bytes_.reserve(static_cast<size_t>(total));
  offsets_.assign(in.offsets_.size(), 0);
  missing_ = in.missing_;
  missing_count_ = in.missing_count_;
}

namespace {

// Copies rows [from, to) of `in` (bytes and offsets shifted by `delta`) to the end of `out`.
void copy_rows(const ByteArena& in_bytes, const std::vector<uint32_t>& in_offsets,
               ByteArena& out_bytes, std::vector<uint32_t>& out_offsets, size_t from, size_t to,
               int64_t delta) {
  if (from >= to) return;
  const uint32_t b = in_offsets[from], e = in_offsets[to];
  if (e > b) out_bytes.append(in_bytes.data() + b, e - b);
  const uint32_t d = static_cast<uint32_t>(delta);  // modular: the results fit in uint32
  uint32_t* out = out_offsets.data();
  const uint32_t* src = in_offsets.data();
  for (size_t i = from + 1; i <= to; ++i) out[i] = src[i] + d;
}

}  // namespace

void Column::patch_row(const Column& in, size_t& at, int64_t& delta, size_t row, std::string_view v,
                       bool now_missing) {
  copy_rows(in.bytes_, in.offsets_, bytes_, offsets_, at, row, delta);
  if (!v.empty()) bytes_.append(v.data(), v.size());
  delta += static_cast<int64_t>(v.size()) - static_cast<int64_t>(in.value(row).size());
  offsets_[row + 1] = static_cast<uint32_t>(bytes_.size());
  at = row + 1;
  set_missing(row, now_missing);
}

void Column::end_patch(const Column& in, size_t at, int64_t delta) {
  copy_rows(in.bytes_, in.offsets_, bytes_, offsets_, at, in.size(), delta);
}

size_t Column::memory_bytes() const {
  return bytes_.capacity() + offsets_.capacity() * sizeof(uint32_t) +
         (missing_.capacity() + patched_bits_.capacity()) * sizeof(uint64_t) +
         rank_.capacity() * sizeof(uint32_t) + name_.capacity();
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
