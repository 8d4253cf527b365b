// Phone numbers: parsing and formatting with libphonenumber's metadata (converted at build time
// from libphonenumber-js's metadata.max.json), following libphonenumber's parsing algorithm:
// tel: URIs and RFC 3966 parameters, extensions (ext., x, #, ;ext=, ...), + / 00 / the region's
// international prefix, country codes, national prefixes and their transform rules, possible
// lengths and the number-type patterns for validity.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace crm {

/// Why a text is not a (valid) phone number; Ok for a valid number.
enum class PhoneReason : uint8_t {
  Ok = 0,
  NotANumber,          // no phone number in the text (parse failed)
  InvalidCountryCode,  // unknown country code, or a national number without a default region
  TooShortAfterIdd,    // an international prefix followed by too few digits (parse failed)
  TooShortNsn,         // fewer than 2 digits in the national number (parse failed)
  TooLongNsn,          // more than 17 digits, or more than 250 characters (parse failed)
  TooShort,            // parsed, shorter than any number of the country
  TooLong,             // parsed, longer than any number of the country
  InvalidLength,       // parsed, a length the country's numbers do not have
  Unassigned,          // parsed, a possible length, but in no number range of the country
};

/// Stable name of a reason ("ok", "not_a_number", "invalid_country_code", ...).
const char* phone_reason_name(PhoneReason r);

/// What kind of line a valid number is (libphonenumber's types).
enum class PhoneType : uint8_t {
  Unknown = 0,
  FixedLine,
  Mobile,
  FixedLineOrMobile,
  TollFree,
  PremiumRate,
  SharedCost,
  Voip,
  PersonalNumber,
  Pager,
  Uan,
  Voicemail,
};

/// Stable name of a type ("fixed_line", "mobile", ...).
const char* phone_type_name(PhoneType t);

/// A parsed phone number (no heap memory).
struct PhoneNumber {
  uint16_t country_code = 0;  // 0 when parsing failed
  uint8_t nsn_len = 0, ext_len = 0;
  char nsn[18] = {};    // national significant number (digits, leading zeros kept)
  char ext[21] = {};    // extension digits
  char region[4] = {};  // region the number belongs to ("US", "001" non-geographic), or ""
  PhoneReason reason = PhoneReason::NotANumber;
  PhoneType type = PhoneType::Unknown;
  bool possible = false;  // parsed, and its length is one of the country's possible lengths

  /// True when the text parsed as a number (it may still be invalid).
  bool parsed() const { return country_code != 0; }
  /// True when the number is in one of the country's number ranges.
  bool valid() const { return reason == PhoneReason::Ok; }
  /// The national significant number.
  std::string_view national_number() const { return std::string_view(nsn, nsn_len); }
  /// The extension ("" when none).
  std::string_view extension() const { return std::string_view(ext, ext_len); }
  /// The region code ("" when none).
  std::string_view region_code() const { return std::string_view(region); }
};

/// Parses `text` (UTF-8) like libphonenumber's parse(text, default_region) followed by
/// is_valid_number: numbers written with + (or the region's international prefix) carry their
/// country code; others are read as national numbers of `default_region` (an ISO 3166 alpha-2
/// code, case-insensitive; "" or an unknown code for none). Never throws. With `with_type`
/// false the number's type is not worked out (type stays Unknown; every other field, validity
/// included, is the same): faster when only validity or E.164 is needed.
PhoneNumber parse_phone(std::string_view text, std::string_view default_region,
                        bool with_type = true);

/// Output notations of a number.
enum class PhoneFormat : uint8_t {
  E164,           // +61212344565
  International,  // +61 2 1234 4565 ext. 12
  National,       // (02) 1234 4565 ext. 12
  Rfc3966,        // tel:+61-2-1234-4565;ext=12
};

/// Formats a parsed number ("" when !n.parsed()). E.164 leaves the extension out; the others
/// append it as the country writes it (" ext. 12" by default, ";ext=12" for RFC 3966).
std::string format_phone(const PhoneNumber& n, PhoneFormat f);

/// Writes E.164 of a parsed number to `out` (at least 20 bytes); returns its length (0 when
/// !n.parsed()).
size_t format_phone_e164(const PhoneNumber& n, char* out);

/// Parses each line of `text` ('\n'-separated; a '\r' before it is dropped) with
/// `default_region` and writes one output line per input line: the number in notation `f` (empty
/// when parsing failed), a tab, and phone_reason_name of the reason ("ok" when valid). The batch
/// form of parse_phone + format_phone for scripts and the WebAssembly boundary.
std::string format_phone_lines(std::string_view text, std::string_view default_region,
                               PhoneFormat f);

/// Reads a notation name ("e164", "international", "national", "rfc3966"); false if unknown.
bool parse_phone_format(std::string_view name, PhoneFormat& f);

/// True for a region code the metadata knows (upper-case alpha-2, e.g. "US").
bool is_phone_region(std::string_view region);

/// The main region of a country calling code ("US" for 1, "GB" for 44, "001" for non-geographic
/// codes), or "" when the code is unknown.
std::string_view phone_main_region(uint16_t country_code);

/// The country calling code of a region (1 for "US"), 0 when unknown.
uint16_t phone_country_code(std::string_view region);

/// The country calling code written after a leading + or 00 (spaces, dashes, dots and
/// parentheses skipped; a "tel:" prefix allowed), 0 when the text does not start that way or
/// the code is unknown. Cheap: no parsing.
uint16_t phone_leading_country_code(std::string_view text);

/// The metadata's source and version ("libphonenumber-js 1.13.16").
const char* phone_metadata_version();

}  // namespace crm
