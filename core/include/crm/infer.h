// Value-level classifiers: numbers, booleans, dates, emails, phones, URLs, postal and country
// codes, value shapes and column-name hints. Used by profiling and (later) validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm {

/// Date and datetime layouts recognized by parse_date (stable ids; see date_format_name).
enum class DateFormat : uint8_t {
  None = 0,
  YmdDash,      // 2021-03-05
  YmdSlash,     // 2021/03/05
  DmySlash,     // 05/03/2021 (also 5/3/2021)
  MdySlash,     // 03/05/2021 (also 3/5/2021)
  DmyDot,       // 05.03.2021
  DmyDash,      // 05-03-2021
  YmdCompact,   // 20210305
  MonDY,        // Mar 5, 2021 / March 5, 2021
  DMonY,        // 5 Mar 2021 / 5 March 2021
  DMonYDash,    // 05-Mar-2021
  IsoTHm,       // 2021-03-05T10:30
  IsoTHms,      // 2021-03-05T10:30:00
  IsoTHmsF,     // 2021-03-05T10:30:00.123
  IsoTHmsZ,     // 2021-03-05T10:30:00Z
  IsoTHmsFZ,    // 2021-03-05T10:30:00.123Z
  IsoTHmsOff,   // 2021-03-05T10:30:00+01:00
  IsoTHmsFOff,  // 2021-03-05T10:30:00.123+01:00
  YmdHm,        // 2021-03-05 10:30
  YmdHms,       // 2021-03-05 10:30:00
  YmdHmsF,      // 2021-03-05 10:30:00.123
  MdyHm,        // 03/05/2021 10:30
  MdyHms,       // 03/05/2021 10:30:00
  MdyHmAmPm,    // 03/05/2021 10:30 AM
  MdyHmsAmPm,   // 03/05/2021 10:30:00 PM
  DmyHm,        // 05/03/2021 10:30
  DmyHms,       // 05/03/2021 10:30:00
  DmyHmAmPm,    // 05/03/2021 10:30 AM
  DmyHmsAmPm,   // 05/03/2021 10:30:00 PM
  MdySlashYY,   // 03/05/21 (two-digit year: see expand_two_digit_year)
  DmySlashYY,   // 05/03/21
  DmyDotYY,     // 05.03.21
  Count
};

/// Human-readable layout of a date format, e.g. "YYYY-MM-DD" ("" for None).
const char* date_format_name(DateFormat f);

/// True when the format carries a time of day (a datetime rather than a date).
bool date_format_has_time(DateFormat f);

/// A parsed date or datetime.
struct DateValue {
  DateFormat format = DateFormat::None;
  int64_t day = 0;            // days since 1970-01-01 (UTC date when an offset was given)
  double day_fraction = 0;    // [0,1): time of day (UTC) as a fraction of a day; 0 for dates
  int8_t order_evidence = 0;  // slash dates: +1 only day-first reads, -1 only month-first, else 0
  bool order_ambiguous = false;  // slash date readable both ways with day != month
  /// Days since 1970-01-01 including the time of day.
  double days() const { return static_cast<double>(day) + day_fraction; }
};

/// The year of a two-digit year, pivoted like POSIX strptime's %y: 00-68 -> 2000-2068,
/// 69-99 -> 1969-1999.
unsigned expand_two_digit_year(unsigned yy);

/// Parses a (trimmed) date or datetime in any recognized format; `day_first` picks the reading
/// of ambiguous slash dates like 05/03/2021. YYYYMMDD is accepted only for years 1800-2199.
std::optional<DateValue> parse_date(std::string_view v, bool day_first = false);

/// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

/// True when y-m-d is a real calendar date (leap years included).
bool valid_civil(int64_t y, unsigned m, unsigned d);

/// Writes y-m-d for days since 1970-01-01.
void civil_from_days(int64_t days, int64_t& y, unsigned& m, unsigned& d);

/// How a number is written: a plain literal, with thousands separators, with a currency sign, or
/// with a decimal comma (1.234,56).
enum class NumberNotation : uint8_t { None = 0, Plain, Thousands, Currency, DecimalComma };

/// Name of a notation ("plain", "thousands", "currency", "decimal comma").
const char* number_notation_name(NumberNotation n);

/// A parsed number.
struct NumberValue {
  double value = 0;
  NumberNotation notation = NumberNotation::None;
  bool integer = false;          // a plain integer literal without a superfluous leading zero
  bool decimal_comma = false;    // read with a decimal comma ("12,5", "1.234,56", "1,234" when
                                 // parse_number was told the column uses decimal commas)
  bool comma_ambiguous = false;  // one comma group and nothing else ("1,234", "12,345"): 1234
                                 // with a thousands comma, 1.234 with a decimal comma
};

/// Parses a (trimmed) number. Plain: [-+]?digits[.digits][e[-+]digits] (or .digits) without a
/// leading zero before other integer digits ("0412" is a code, not a number). Thousands:
/// 1,234,567[.89]. Decimal comma: 12,5 / 0,75 / 1.234,56 / 1.234.567,8 (digits after the comma
/// other than exactly three, or dot-grouped thousands before it). Currency: one of $ € £ ¥ before
/// or after any of those. "1,234" (one group of three) is read as 1234 unless `decimal_comma`
/// (the column's evidence says its commas are decimal commas), then as 1.234.
/// Correctly rounded and identical on every platform.
std::optional<NumberValue> parse_number(std::string_view v, bool decimal_comma = false);

/// True when `v` is a plain integer literal without a superfluous leading zero ("-12", "0").
bool is_integer_literal(std::string_view v);

/// Spelling families of boolean values (stable ids).
enum class BoolFamily : uint8_t { None = 0, TrueFalse, YesNo, TF, YN, OneZero };

/// A recognized boolean value with its spelling.
struct BoolValue {
  bool value = false;
  BoolFamily family = BoolFamily::None;
  uint8_t letter_case = 0;  // 0 lower, 1 UPPER, 2 Title (0 for 1/0)
};

/// Parses true/false/yes/no/y/n/t/f/1/0 (case-insensitive).
std::optional<BoolValue> parse_bool(std::string_view v);

/// Label of a boolean spelling, e.g. "true/false", "YES/NO", "Y/N", "1/0".
std::string bool_format_name(BoolFamily family, uint8_t letter_case);

/// True for a practical RFC 5322 subset: local@domain.tld, one @, no spaces, dots not leading,
/// trailing or doubled, domain labels of letters/digits/hyphens, TLD of at least 2 letters.
bool is_email(std::string_view v);

/// True when `v` could be a phone number by its characters alone (a cheap gate before the
/// parser, decided by the value's shape): an optional "abc:" label (tel:) and +, then a digit or
/// '(', 7-40 digits, separators space . - ( ) / and extension marks (letters, # ; = , : ~ *),
/// ending with a digit, ')' or '#'; date-shaped values (2021-02-30, 05/03/2021, 05.03.2021)
/// are not phones.
bool phone_shaped(std::string_view v);

/// Region code used for numbers written with the 00 international prefix, whatever the column's
/// region: one whose international prefix is 00.
inline constexpr std::string_view kPhoneIddRegion = "DE";

/// True when `v` is a valid phone number (crm/phone.h parse_phone): numbers written with + or
/// 00 by their own country code, others as national numbers of `default_region`.
bool is_phone(std::string_view v, std::string_view default_region = "US");

/// True for http(s)/ftp URLs with a dotted host, or www.host.tld[/...].
bool is_url(std::string_view v);

/// Strength of a postal-code match: digits-only layouts need a column-name hint.
enum class PostalMatch : uint8_t { None = 0, DigitsOnly, Distinctive };

/// Matches common postal layouts: US 12345 / 12345-6789, UK, Canada, NL 1234 AB, 4-6 digits,
/// 123-4567 (JP), 12-345 (PL), 1234-567 (PT), 12345-678 (BR), 123 45 (SE).
PostalMatch match_postal_code(std::string_view v);

/// How a country is written.
enum class CountryForm : uint8_t { None = 0, Alpha2, Alpha3, Name };

/// Name of a country form ("alpha-2", "alpha-3", "name").
const char* country_form_name(CountryForm f);

/// ISO 3166-1 alpha-2 / alpha-3 codes (upper case only), or a known country name
/// (English short names plus common alternates, case-insensitive).
CountryForm match_country(std::string_view v);

/// Letter-case style of a value, the consistency class of free text, emails and URLs.
enum class CaseStyle : uint8_t { None = 0, Lower, Upper, Title, Single, Mixed };

/// Label of a case style: "no letters", "aa", "AA", "Aa", "A", "mixed".
const char* case_style_name(CaseStyle s);

/// Letter-case style. Runs of letters (apostrophes between letters included) are lower, UPPER
/// (2+ letters), Title (a capital, then some lower case: "McDonald") or single capitals; the
/// value's style is the common class of its runs ("mixed" when they disagree), where single
/// capitals, listed lower-case words (name particles "van", "de"; "of", "rue", "ul", "5th";
/// one-letter runs as in "S.r.l.") and listed acronyms (legal forms "LLC", "GmbH", "SA"; Roman
/// numerals) adapt to Title values.
CaseStyle case_style(std::string_view v);

/// Shape of a value: upper-case letters -> A, lower-case and caseless letters -> a, digits -> 9,
/// everything else kept; cut to `max_chars` code points followed by "…".
std::string value_shape(std::string_view v, size_t max_chars = 24);

/// Number of UTF-8 code points (an invalid byte counts as one).
uint64_t utf8_length(std::string_view v);

/// `v` without leading and trailing whitespace (ASCII whitespace and U+00A0).
std::string_view trim_space(std::string_view v);

/// Bits of what a single value fits (see classify_value).
enum FitBits : uint32_t {
  kFitInteger = 1u << 0,      // plain integer literal
  kFitDecimal = 1u << 1,      // plain number literal (integers included)
  kFitNumberLoose = 1u << 2,  // number with thousands separators or a currency sign
  kFitBoolWord = 1u << 3,     // true/false/yes/no/t/f/y/n
  kFitBoolDigit = 1u << 4,    // 1 or 0
  kFitDate = 1u << 5,         // a date in a separated or month-name format
  kFitDateCompact = 1u << 6,  // YYYYMMDD, year 1800-2199
  kFitDateTime = 1u << 7,     // a datetime
  kFitEmail = 1u << 8,
  kFitPhone = 1u << 9,
  kFitUrl = 1u << 10,
  kFitPostalDigits = 1u << 11,       // digits-only postal layout
  kFitPostalDistinctive = 1u << 12,  // postal layout with letters or ZIP+4
  kFitCountry = 1u << 13,
  kFitPhoneShape = 1u << 14,  // phone_shaped: a candidate for the phone parser (kFitPhone)
};

/// Everything the classifiers say about one value.
struct ValueInfo {
  uint32_t fits = 0;  // FitBits
  NumberValue number;
  DateValue date;
  BoolValue boolean;
  CountryForm country = CountryForm::None;
  CaseStyle case_style = CaseStyle::None;
  uint64_t length = 0;       // code points of the raw value
  bool outer_space = false;  // raw value has leading or trailing whitespace
};

/// Classifies a raw value (trimmed first, month-first reading of slash dates); writes its shape
/// (value_shape of the trimmed value) to `shape` when given.
ValueInfo classify_value(std::string_view raw, std::string* shape = nullptr);

/// What classify_value learns in its first pass over a raw value (see scan_value): the trimmed
/// value, its shape, letter case and character counts.
struct ValueScan {
  std::string_view trimmed;  // the value without leading and trailing whitespace
  uint32_t length = 0;       // code points of the raw value
  uint32_t digits = 0, letters = 0, ats = 0, high = 0;  // in `trimmed`: ASCII digits, ASCII
                                                        // letters, '@', bytes >= 0x80
  CaseStyle case_style = CaseStyle::None;
  bool case_from_shape = false;  // the case style follows from the shape (no word-list lookup)
  bool outer_space = false;      // the raw value has leading or trailing whitespace
  uint32_t shape_size = 0;
  char shape_bytes[24 * 4 + 3];  // value_shape of the trimmed value: 24 code points + "…"
  uint64_t shape_hash = 0;       // a hash of the shape (equal shapes, equal hashes)
  /// The shape (value_shape of the trimmed value).
  std::string_view shape() const { return std::string_view(shape_bytes, shape_size); }
  /// True when the shape spells out the class of every character (ASCII, not cut), so that
  /// values with the same exact shape share their ShapeFacts.
  bool exact_shape() const { return high == 0 && trimmed.size() <= 24; }
};

/// FitBits decided by an exact shape alone: email, phone-shaped and postal-code layouts.
/// (kFitPhone itself needs the parser: classify_value leaves it unset.)
constexpr uint32_t kShapeFits =
    kFitEmail | kFitPhoneShape | kFitPostalDigits | kFitPostalDistinctive;

/// What an exact shape decides about the classification of every value with that shape, for
/// callers that classify many values and work this out once per shape.
struct ShapeFacts {
  uint32_t fits = 0;      // the kShapeFits bits
  bool number = true;     // false: parse_number fails for every value with this shape
  bool date = true;       // false: parse_date fails for every value with this shape
  bool complete = false;  // nothing depends on more than the shape: the ValueInfo of a value
                          // is `fits`, `case_style` and its length and whitespace, nothing else
  CaseStyle case_style = CaseStyle::None;  // when complete
};

/// First step of classify_value: trims and scans a raw value.
void scan_value(std::string_view raw, ValueScan& out);

/// A cheaper first look for callers that cache ShapeFacts: when the value's shape is exact,
/// fills `out`'s trimmed value, whitespace flag, length and shape (with its hash) and returns
/// true; the other fields are left for scan_value. False when the shape is not exact.
bool scan_shape(std::string_view raw, ValueScan& out);

/// Second step of classify_value: runs the classifiers on a scanned value.
ValueInfo classify_scanned(const ValueScan& scan);

/// The facts of the shape of `scan`, which must be exact (ValueScan::exact_shape).
ShapeFacts shape_facts(const ValueScan& scan);

/// classify_scanned for a value with an exact shape whose facts are `facts` (from shape_facts of
/// any value with the same shape): the same result, without the work the facts make needless.
ValueInfo classify_scanned(const ValueScan& scan, const ShapeFacts& facts);

/// Hints derived from a column name.
enum HintBits : uint32_t {
  kHintDate = 1u << 0,         // date, dob, birth, _at, updated, created, signup, ...
  kHintPostal = 1u << 1,       // zip, postcode, postal, plz
  kHintPhone = 1u << 2,        // phone, tel, mobile, fax, cell
  kHintCountry = 1u << 3,      // country
  kHintBoolean = 1u << 4,      // is_, has_, active, flag, enabled, opt_in, subscribed, ...
  kHintId = 1u << 5,           // id, uuid, guid, key, uid, *_id, *Id, record/customer/contact/
                               // account/client/member/lead/user/person/party number (no, num, nr)
  kHintEmail = 1u << 6,        // email, e-mail, mail
  kHintNotCountry = 1u << 7,   // state, region, province (2-letter codes that are not countries)
  kHintLastUpdated = 1u << 8,  // last_updated, updated_at, last_modified, modified, ...
};

/// Hint bits for a column name (case-insensitive, any separators, camelCase split).
uint32_t column_hints(std::string_view name);

}  // namespace crm
