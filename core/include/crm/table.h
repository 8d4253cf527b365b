// Columnar storage of a loaded file: per column one byte arena, offsets and a missing bitmap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crm/common.h"

namespace crm {

/// What the sniffer found (or the options forced) about the file's format.
struct Dialect {
  char delimiter = ',';
  char quote = '"';
  bool header = true;
  bool skip_initial_space = false;  // spaces after each delimiter are dropped (", " files)
  std::string encoding = "UTF-8";   // UTF-8, UTF-8-BOM, UTF-16LE, UTF-16BE, windows-1252 (mixed)
  std::string line_ending = "LF";   // LF, CRLF, CR, mixed, none
};

/// One column: values stored back to back in `bytes`, value i is bytes[offsets[i], offsets[i+1]).
class Column {
 public:
  explicit Column(std::string name = {}) : name_(std::move(name)) { offsets_.push_back(0); }

  /// Column name (from the header, or generated).
  const std::string& name() const { return name_; }
  /// Renames the column.
  void set_name(std::string n) { name_ = std::move(n); }
  /// Number of values stored.
  size_t size() const { return offsets_.size() - 1; }
  /// The raw value of row i (empty for padded cells).
  std::string_view value(size_t i) const {
    return std::string_view(bytes_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  /// True when row i is missing (empty, whitespace-only or a null token).
  bool missing(size_t i) const { return (missing_[i >> 6] >> (i & 63)) & 1u; }
  /// Number of missing values.
  size_t missing_count() const { return missing_count_; }
  /// Total bytes of all values.
  size_t byte_size() const { return bytes_.size(); }

  /// Appends a value; the caller says whether it is missing.
  void append(std::string_view v, bool is_missing) {
    append_bytes(v.data(), v.size());
    end_value(is_missing);
  }
  /// Appends raw bytes to the value being built (streaming appends).
  void append_bytes(const char* p, size_t n) { bytes_.insert(bytes_.end(), p, p + n); }
  /// Bytes of the value being built (not yet ended).
  std::string_view pending() const {
    return std::string_view(bytes_.data() + offsets_.back(), bytes_.size() - offsets_.back());
  }
  /// Replaces the value being built with `v` (used for re-encoding).
  void replace_pending(std::string_view v) {
    bytes_.resize(offsets_.back());
    append_bytes(v.data(), v.size());
  }
  /// Drops the bytes of the value being built.
  void discard_pending() { bytes_.resize(offsets_.back()); }
  /// Ends the value being built.
  void end_value(bool is_missing);
  /// Reserves room for about `values` values and `bytes` bytes.
  void reserve(size_t values, size_t bytes);
  /// Releases spare capacity.
  void shrink_to_fit();
  /// Approximate heap bytes used.
  size_t memory_bytes() const;

 private:
  std::string name_;
  std::vector<char> bytes_;
  std::vector<uint32_t> offsets_;
  std::vector<uint64_t> missing_;
  size_t missing_count_ = 0;
};

/// A loaded table: columns of equal length plus what was learned while reading it.
struct Table {
  std::vector<Column> columns;
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

/// True when `v` counts as missing: empty, only whitespace, or equal to one of `null_tokens`.
bool is_missing_value(std::string_view v, const std::vector<std::string>& null_tokens);

}  // namespace crm
