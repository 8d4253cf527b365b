// Results shared by the value-level standardizers (country, postal code, ...): the outcome for
// one value, and for a whole column the new values plus what happened to each row.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "crm/table.h"

namespace crm {

/// The outcome of standardizing one value.
struct Standardized {
  bool ok = false;         // true when the value was recognized; `output` is its standard form
  std::string output;      // the standard form, or the input unchanged when !ok
  std::string reason;      // why it was flagged, or a note on a fix worth reviewing; else empty
  std::string suggestion;  // a value a person might have meant (never applied); else empty
};

/// What standardizing did to one row of a column.
enum class CellStatus : uint8_t {
  kUnchanged,  // recognized and already in standard form
  kChanged,    // recognized and rewritten (a note may say why, e.g. a restored leading zero)
  kFlagged,    // not recognized: kept as it was, with a reason
  kMissing,    // missing before, kept missing
};

/// A standardized column: the new values and a per-row record of changes and flags.
struct ColumnStandardization {
  static constexpr uint32_t kNoNote = std::numeric_limits<uint32_t>::max();
  Column column;                    // new values; flagged and missing rows keep their bytes
  std::vector<CellStatus> status;   // per row
  std::vector<uint32_t> note;       // per row: index into `notes`, or kNoNote
  std::vector<Standardized> notes;  // the distinct outcomes that carry a reason
  size_t changed = 0;               // rows rewritten
  size_t flagged = 0;               // rows not recognized (left as they were)
  size_t missing = 0;               // missing rows (left missing)
  size_t distinct = 0;              // distinct non-missing inputs standardized
};

}  // namespace crm
