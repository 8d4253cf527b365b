// The phone metadata compiled for matching: one Region per entry of phone_data::kRegions, its
// patterns compiled on first use. Each thread has its own compiled copy (the DFAs grow as they
// are used); the lookup tables by region code and calling code are shared and immutable.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "standardize/digit_regex.h"
#include "standardize/phone_metadata.h"

namespace crm::phone_detail {

/// Bit n set: n digits is a possible length.
using LengthMask = uint32_t;

/// The tag of the general pattern in Region::typed.
constexpr int kGeneralTag = 10;

/// A format with its compiled patterns.
struct Format {
  const phone_data::FormatData* data;
  DigitRegex pattern, leading;
};

/// One region's metadata, compiled.
struct Region {
  const phone_data::RegionData* d = nullptr;
  DigitRegex idd, general, npfp, leading;
  DigitRegex types[10];
  /// The ten type patterns (tags 0-9) and the general pattern (tag kGeneralTag) in one automaton:
  /// which of them match a number, in one pass.
  DigitRegex typed;
  LengthMask lengths = 0, type_lengths[10] = {};
  uint16_t types_of_length[32] = {};  // per length n: the types (bit t) whose lengths hold n
  std::vector<Format> formats;        // compiled on first formatting
  bool formats_ready = false;
};

/// Index of the region with alpha-2 code `id` (case-insensitive) in kRegions, or -1.
int region_index(std::string_view id);
/// First index in kRegions of calling code `cc` (its main region) and the number of regions
/// sharing it; count 0 when unknown.
void calling_code_regions(unsigned cc, int& first, int& count);
/// The compiled region at `index` (this thread's copy, compiled on first use).
Region& region(int index);
/// The compiled formats of a (main) region.
std::vector<Format>& formats(Region& r);
/// The possible-lengths mask of a lengths string (null: 0).
LengthMask length_mask(const char* lengths);

}  // namespace crm::phone_detail
