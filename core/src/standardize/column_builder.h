// Builds a ColumnStandardization row by row (internal to the standardizers).
#pragma once

#include <string_view>

#include "crm/standardize.h"

namespace crm {

/// Appends rows to a ColumnStandardization, keeping the counts and notes.
class StandardizeBuilder {
 public:
  /// Starts a column of `rows` rows named like `in`.
  StandardizeBuilder(const Column& in);
  /// Registers the note of a distinct outcome; kNoNote when it has no reason.
  uint32_t add_note(const Standardized& r);
  /// Appends a missing row, keeping its raw bytes.
  void add_missing(std::string_view raw);
  /// Appends a row with its outcome `r` and the note index from add_note.
  void add(std::string_view raw, const Standardized& r, uint32_t note);
  /// The finished column.
  ColumnStandardization finish() { return std::move(out_); }

 private:
  ColumnStandardization out_;
};

}  // namespace crm
