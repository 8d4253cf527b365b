// Builds a ColumnStandardization row by row.
#include "standardize/column_builder.h"

namespace crm {

StandardizeBuilder::StandardizeBuilder(const Column& in) {
  out_.column = Column(in.name());
  out_.column.reserve(in.size(), in.byte_size());
  out_.status.reserve(in.size());
  out_.note.reserve(in.size());
}

uint32_t StandardizeBuilder::add_note(const Standardized& r) {
  ++out_.distinct;
  if (r.reason.empty()) return ColumnStandardization::kNoNote;
  out_.notes.push_back(r);
  return static_cast<uint32_t>(out_.notes.size() - 1);
}

void StandardizeBuilder::add_missing(std::string_view raw) {
  out_.column.append(raw, true);
  out_.status.push_back(CellStatus::kMissing);
  out_.note.push_back(ColumnStandardization::kNoNote);
  ++out_.missing;
}

void StandardizeBuilder::add(std::string_view raw, const Standardized& r, uint32_t note) {
  CellStatus s;
  if (!r.ok) {
    s = CellStatus::kFlagged;
    out_.column.append(raw, false);
    ++out_.flagged;
  } else if (r.output == raw) {
    s = CellStatus::kUnchanged;
    out_.column.append(raw, false);
  } else {
    s = CellStatus::kChanged;
    out_.column.append(r.output, false);
    ++out_.changed;
  }
  out_.status.push_back(s);
  out_.note.push_back(note);
}

}  // namespace crm
