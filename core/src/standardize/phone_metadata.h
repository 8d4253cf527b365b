// libphonenumber's metadata as a table (generated at build time by
// scripts/gen-phone-metadata.mjs from libphonenumber-js's metadata.max.json). Patterns are
// regular expressions over digits; lengths are strings of '0' + n bytes; absent fields are null.
#pragma once

#include <cstdint>

namespace crm::phone_data {

/// One formatting rule of a calling code.
struct FormatData {
  const char* pattern;      // national number pattern with groups
  const char* format;       // "$1 $2-$3"
  const char* leading;      // the most detailed leading-digits pattern, or null
  const char* np_rule;      // national prefix formatting rule of this format ("0$1"), or null
  bool np_optional;         // national prefix optional when formatting
  const char* intl_format;  // international format when it differs, or null
};

/// Metadata of one region (or non-geographic entity "001") of a calling code.
struct RegionData {
  const char* id;             // "US", "001"
  uint16_t cc;                // country calling code
  bool main;                  // the main region of its calling code (holds the formats)
  const char* idd;            // international prefix pattern, or null
  const char* general;        // national number pattern
  const char* lengths;        // possible lengths of national numbers
  const FormatData* formats;  // formats (main region only), or null
  uint16_t format_count;
  const char* national_prefix;  // "0", or null
  const char* np_rule;          // national prefix formatting rule ("0$1"), or null
  const char* np_for_parsing;   // pattern, or null (then the national prefix)
  const char* np_transform;     // transform rule ("9$1"), or null
  bool np_optional;             // national prefix optional when formatting
  const char* leading_digits;   // pattern telling this region's numbers of a shared code, or null
  const char* types[10];        // fixed line, mobile, toll free, premium rate, personal, voicemail,
                                // UAN, pager, VoIP, shared cost: pattern or null
  const char* type_lengths[10];  // their possible lengths (null: the general ones)
  const char* ext_prefix;        // preferred extension prefix when formatting, or null
};

/// Every region, main regions of a calling code before the others of that code.
extern const RegionData kRegions[];
/// Number of entries in kRegions.
extern const unsigned kRegionCount;
/// "libphonenumber-js X.Y.Z".
extern const char kMetadataVersion[];

}  // namespace crm::phone_data
