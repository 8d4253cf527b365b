// Columnar storage of a loaded file: per column one byte arena, offsets and a missing bitmap.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "crm/common.h"

namespace crm {

#if defined(__GNUC__) || defined(__clang__)
#define CRM_INLINE inline __attribute__((always_inline))
#define CRM_NOINLINE __attribute__((noinline))
#else
#define CRM_INLINE inline
#define CRM_NOINLINE
#endif

/// What the sniffer found (or the options forced) about the file's format.
struct Dialect {
  char delimiter = ',';
  char quote = '"';
  bool header = true;
  bool skip_initial_space = false;  // spaces after each delimiter are dropped (", " files)
  std::string encoding = "UTF-8";   // UTF-8, UTF-8-BOM, UTF-16LE, UTF-16BE, windows-1252 (mixed)
  std::string line_ending = "LF";   // LF, CRLF, CR, mixed, none
};

/// A growable byte buffer with a cheap append (std::vector<char>::insert is slow for short runs).
class ByteArena {
 public:
  ByteArena() = default;
  ByteArena(ByteArena&& o) noexcept { swap(o); }
  ByteArena& operator=(ByteArena&& o) noexcept {
    swap(o);
    return *this;
  }
  ByteArena(const ByteArena&) = delete;
  ByteArena& operator=(const ByteArena&) = delete;
  ~ByteArena() { std::free(data_); }

  /// Appends n bytes.
  CRM_INLINE void append(const char* p, size_t n) {
    if (n > cap_ - size_) grow(size_ + n);
    char* d = data_ + size_;
    if (n <= 16) {
      // Short runs (most CSV fields): two overlapping copies that stay within the n bytes, no
      // library call (in WebAssembly a variable-length memcpy is an out-of-line call).
      if (n >= 8) {
        std::memcpy(d, p, 8);
        std::memcpy(d + n - 8, p + n - 8, 8);
      } else if (n >= 4) {
        std::memcpy(d, p, 4);
        std::memcpy(d + n - 4, p + n - 4, 4);
      } else {
        for (size_t i = 0; i < n; ++i) d[i] = p[i];
      }
    } else {
      std::memcpy(d, p, n);
    }
    size_ += n;
  }
  /// Cuts the buffer to n bytes (n <= size()).
  void truncate(size_t n) { size_ = n; }
  /// Makes room for at least n bytes in total.
  void reserve(size_t n) {
    if (n > cap_) realloc_to(n);
  }
  /// Releases unused capacity.
  void shrink_to_fit() {
    if (cap_ > size_) realloc_to(size_);
  }
  /// A copy of the bytes (arenas are not copied implicitly: they can be large).
  ByteArena clone() const {
    ByteArena out;
    out.reserve(size_);
    if (size_) out.append(data_, size_);
    return out;
  }
  const char* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }

 private:
  void grow(size_t need) { realloc_to(std::max(need, cap_ + cap_ / 2 + 64)); }
  void realloc_to(size_t n) {
    char* p = static_cast<char*>(std::realloc(data_, n ? n : 1));
    if (!p) throw std::bad_alloc();
    data_ = p;
    cap_ = n;
  }
  void swap(ByteArena& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(cap_, o.cap_);
  }
  char* data_ = nullptr;
  size_t size_ = 0, cap_ = 0;
};

/// One column: values stored back to back in `bytes`, value i is bytes[offsets[i], offsets[i+1]).
/// An overlay (made by patch() when few rows change) stores only its changed values that way and
/// reads the others from the column it was made from, which it shares.
class Column {
 public:
  explicit Column(std::string name = {}) : name_(std::move(name)) { offsets_.push_back(0); }

  /// Column name (from the header, or generated).
  const std::string& name() const { return name_; }
  /// Renames the column.
  void set_name(std::string n) { name_ = std::move(n); }
  /// Number of values stored.
  size_t size() const { return base_ ? overlay_rows_ : offsets_.size() - 1; }
  /// The raw value of row i (empty for padded cells).
  std::string_view value(size_t i) const {
    if (base_) [[unlikely]]
      return overlay_value(i);
    return std::string_view(bytes_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  /// True when row i is missing (empty, whitespace-only or a null token).
  bool missing(size_t i) const { return (missing_[i >> 6] >> (i & 63)) & 1u; }
  /// Number of missing values.
  size_t missing_count() const { return missing_count_; }
  /// Total bytes of all values (of an overlay: about those of the column it reads from).
  size_t byte_size() const { return base_ ? base_->byte_size() : bytes_.size(); }
  /// True when this column is an overlay (see patch()).
  bool is_overlay() const { return base_ != nullptr; }

  /// Appends a value; the caller says whether it is missing.
  void append(std::string_view v, bool is_missing) {
    append_bytes(v.data(), v.size());
    end_value(is_missing);
  }
  /// Appends raw bytes to the value being built (streaming appends).
  CRM_INLINE void append_bytes(const char* p, size_t n) { bytes_.append(p, n); }
  /// Bytes of the value being built (not yet ended).
  std::string_view pending() const {
    return std::string_view(bytes_.data() + offsets_.back(), bytes_.size() - offsets_.back());
  }
  /// Replaces the value being built with `v` (used for re-encoding).
  void replace_pending(std::string_view v) {
    bytes_.truncate(offsets_.back());
    append_bytes(v.data(), v.size());
  }
  /// Drops the bytes of the value being built.
  void discard_pending() { bytes_.truncate(offsets_.back()); }
  /// Ends the value being built.
  CRM_INLINE void end_value(bool is_missing) {
    const size_t row = offsets_.size() - 1;
    if ((row & 63) == 0) missing_.push_back(0);
    if (is_missing) {
      missing_[row >> 6] |= uint64_t{1} << (row & 63);
      ++missing_count_;
    }
    if (bytes_.size() > UINT32_MAX) too_large();
    offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
  }
  /// Reserves room for about `values` values and `bytes` bytes.
  void reserve(size_t values, size_t bytes);
  /// Releases spare capacity.
  void shrink_to_fit();
  /// Approximate heap bytes used.
  size_t memory_bytes() const;
  /// A deep copy (columns are not copied implicitly: they can be large).
  Column clone() const;
  /// A copy with the values of rows `rows` (ascending) replaced: row rows[k] gets
  /// `value_at(k)`, a {std::string_view, bool missing} pair (called twice per row, in order).
  /// Unchanged runs are copied in bulk; the bytes are allocated once, at their exact size.
  template <typename ValueAt>
  Column patched(const std::vector<uint32_t>& rows, ValueAt value_at) const {
    if (base_) return rebuilt(rows, value_at);
    Column c(name_);
    int64_t total = static_cast<int64_t>(bytes_.size());
    for (size_t k = 0; k < rows.size(); ++k)
      total += static_cast<int64_t>(value_at(k).first.size()) -
               static_cast<int64_t>(value(rows[k]).size());
    c.begin_patch(*this, total);
    size_t at = 0;
    int64_t delta = 0;
    for (size_t k = 0; k < rows.size(); ++k) {
      const auto [v, now_missing] = value_at(k);
      c.patch_row(*this, at, delta, rows[k], v, now_missing);
    }
    c.end_patch(*this, at, delta);
    return c;
  }
  /// patched() row by row: a full column from any column, an overlay too.
  template <typename ValueAt>
  Column rebuilt(const std::vector<uint32_t>& rows, ValueAt value_at) const {
    Column c(name_);
    c.reserve(size(), byte_size());
    size_t k = 0;
    for (size_t r = 0; r < size(); ++r) {
      if (k < rows.size() && rows[k] == r) {
        const auto [v, m] = value_at(k++);
        c.append(v, m);
      } else {
        c.append(value(r), missing(r));
      }
    }
    return c;
  }
  /// The column `base` with the values of rows `rows` (ascending) replaced, like patched(), but
  /// when at most a quarter of the rows differ from the underlying full column (an overlay's
  /// changes count too), an overlay: it keeps `base`'s full column alive and stores only the
  /// changed values (undo versions then cost about what they change). `value_at` is called once
  /// per row, in order, for an overlay, and as patched() calls it otherwise.
  template <typename ValueAt>
  static Column patch(const std::shared_ptr<Column>& base, const std::vector<uint32_t>& rows,
                      ValueAt value_at) {
    const Column& b = *base;
    const size_t earlier = b.base_ ? b.overlay_count() : 0;
    if ((earlier + rows.size()) * 4 > b.size()) {
      return b.patched(rows, value_at);  // a full column (again, from an overlay)
    }
    Column c(b.name_);
    c.begin_overlay(base);
    // The rows an overlay changed before, merged with the new ones (a new value wins).
    const std::vector<uint32_t> old = b.overlay_row_list();
    size_t i = 0, k = 0;
    while (i < old.size() || k < rows.size()) {
      if (k < rows.size() && (i >= old.size() || rows[k] <= old[i])) {
        if (i < old.size() && old[i] == rows[k]) ++i;
        const auto [v, m] = value_at(k);
        c.overlay_set(rows[k++], v, m);
      } else {
        const uint32_t r = old[i++];
        c.overlay_set(r, b.value(r), b.missing(r));
      }
    }
    c.end_overlay();
    return c;
  }

 private:
  std::string name_;
  [[noreturn]] void too_large() const;
  // patched(): sizes this (empty) column as a copy of `in` with `total` bytes; copies the rows
  // of `in` from `at` up to `row` (the output `delta` bytes ahead) and puts `v` in row `row`;
  // copies the rest.
  void begin_patch(const Column& in, int64_t total);
  void patch_row(const Column& in, size_t& at, int64_t& delta, size_t row, std::string_view v,
                 bool now_missing);
  void end_patch(const Column& in, size_t at, int64_t delta);
  // Marks row `row` missing or not, keeping the count.
  void set_missing(size_t row, bool now_missing);
  // patch() as an overlay: starts one over `base` (or over the full column `base` reads from);
  // sets row `row` (ascending) to `v`; builds the rank index.
  void begin_overlay(const std::shared_ptr<Column>& base);
  void overlay_set(size_t row, std::string_view v, bool now_missing);
  void end_overlay();
  // An overlay's value of row i, and its number of changed rows.
  std::string_view overlay_value(size_t i) const {
    const uint64_t w = patched_bits_[i >> 6], bit = uint64_t{1} << (i & 63);
    if (!(w & bit)) return base_->value(i);
    const size_t k = rank_[i >> 6] + static_cast<size_t>(__builtin_popcountll(w & (bit - 1)));
    return std::string_view(bytes_.data() + offsets_[k], offsets_[k + 1] - offsets_[k]);
  }
  size_t overlay_count() const { return offsets_.size() - 1; }
  // The rows an overlay changes, ascending (none for a full column).
  std::vector<uint32_t> overlay_row_list() const;
  // An overlay: the full column it reads unchanged rows from (never an overlay itself), its row
  // count, per row a bit for the rows it changes, and per 64 rows the changed rows before them.
  std::shared_ptr<const Column> base_;
  size_t overlay_rows_ = 0;
  std::vector<uint64_t> patched_bits_;
  std::vector<uint32_t> rank_;
  ByteArena bytes_;
  std::vector<uint32_t> offsets_;
  std::vector<uint64_t> missing_;
  size_t missing_count_ = 0;
};

/// The columns of a table, each held by shared pointer so that table versions (a cleaning step's
/// result, the versions undo and redo switch between) share the columns they do not change.
/// Reads like a std::vector<Column>. Non-const element access is for building a table that owns
/// its columns (the CSV reader); to change a column another version may share, use own() or
/// replace it with set().
class ColumnList {
 public:
  using Ptr = std::shared_ptr<Column>;

  /// Iterates the columns as Column references.
  template <typename Ref, typename It>
  class Iter {
   public:
    explicit Iter(It it) : it_(it) {}
    Ref operator*() const { return **it_; }
    auto operator->() const { return &**it_; }
    Iter& operator++() {
      ++it_;
      return *this;
    }
    bool operator!=(const Iter& o) const { return it_ != o.it_; }
    bool operator==(const Iter& o) const { return it_ == o.it_; }

   private:
    It it_;
  };
  using iterator = Iter<Column&, std::vector<Ptr>::const_iterator>;
  using const_iterator = Iter<const Column&, std::vector<Ptr>::const_iterator>;

  /// Number of columns.
  size_t size() const { return cols_.size(); }
  /// True when there are no columns.
  bool empty() const { return cols_.empty(); }
  /// Column i.
  const Column& operator[](size_t i) const { return *cols_[i]; }
  /// Column i, for building (see the class comment).
  Column& operator[](size_t i) { return *cols_[i]; }
  /// Column i, bounds-checked.
  const Column& at(size_t i) const { return *cols_.at(i); }
  /// The last column.
  Column& back() { return *cols_.back(); }
  const_iterator begin() const { return const_iterator(cols_.begin()); }
  const_iterator end() const { return const_iterator(cols_.end()); }
  iterator begin() { return iterator(cols_.begin()); }
  iterator end() { return iterator(cols_.end()); }
  /// Appends a column.
  void push_back(Column c) { cols_.push_back(std::make_shared<Column>(std::move(c))); }
  /// Appends a column built from the arguments.
  template <typename... A>
  Column& emplace_back(A&&... args) {
    cols_.push_back(std::make_shared<Column>(std::forward<A>(args)...));
    return *cols_.back();
  }
  /// Reserves room for n columns.
  void reserve(size_t n) { cols_.reserve(n); }
  /// Removes every column.
  void clear() { cols_.clear(); }
  /// Removes the last column.
  void pop_back() { cols_.pop_back(); }
  /// Removes column i.
  void erase(size_t i) { cols_.erase(cols_.begin() + static_cast<ptrdiff_t>(i)); }
  /// Inserts a column at position i.
  void insert(size_t i, Ptr c) {
    cols_.insert(cols_.begin() + static_cast<ptrdiff_t>(i), std::move(c));
  }
  /// The shared pointer of column i (to share it with another version).
  const Ptr& share(size_t i) const { return cols_[i]; }
  /// Replaces column i.
  void set(size_t i, Ptr c) { cols_[i] = std::move(c); }
  /// Column i, copied first when another version shares it (copy on write).
  Column& own(size_t i) {
    if (cols_[i].use_count() > 1) cols_[i] = std::make_shared<Column>(cols_[i]->clone());
    return *cols_[i];
  }
  /// True when column i is the same object in both lists (shared between versions).
  bool same(size_t i, const ColumnList& o, size_t j) const { return cols_[i] == o.cols_[j]; }

 private:
  std::vector<Ptr> cols_;
};

/// A loaded table: columns of equal length plus what was learned while reading it. Copying a
/// table is cheap: the copy shares every column (see ColumnList).
struct Table {
  ColumnList columns;
  size_t rows = 0;
  Dialect dialect;
  std::vector<Warning> warnings;
  uint64_t input_bytes = 0;  // bytes read from the source
  std::vector<std::string> null_tokens = default_null_tokens();

  /// Values of rows [begin, end) (clamped), one vector of strings per row.
  std::vector<std::vector<std::string>> window(size_t begin, size_t end) const;
  /// Column names in order.
  std::vector<std::string> names() const;
  /// Approximate heap bytes used by the table.
  size_t memory_bytes() const;
};

/// True when `v` is missing: empty, only whitespace, or (trimmed) equal to one of `null_tokens`.
bool is_missing_value(std::string_view v, const std::vector<std::string>& null_tokens);

}  // namespace crm
