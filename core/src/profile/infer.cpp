// Value-level classifiers: numbers, booleans, dates, emails, phones, URLs, postal and country
// codes, shapes, case styles and column-name hints. Pure functions of their input, no locale, no
// libm: identical results natively and in WebAssembly.
#include "crm/infer.h"
#include "crm/phone.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crm {
namespace {

// ---------------------------------------------------------------------------------------------
// Characters and UTF-8

bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_upper_ascii(unsigned char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower_ascii(unsigned char c) {
  return c >= 'a' && c <= 'z';
}
bool is_alpha_ascii(unsigned char c) {
  return is_upper_ascii(c) || is_lower_ascii(c);
}
bool is_alnum_ascii(unsigned char c) {
  return is_digit(c) || is_alpha_ascii(c);
}
char lower_ascii(char c) {
  return is_upper_ascii(c) ? static_cast<char>(c + 32) : c;
}
bool is_space_ascii(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Case-insensitive ASCII equality of `a` with lower-case `lower`.
bool iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower[i]) return false;
  }
  return true;
}

// Decodes one code point at s[i]; invalid or truncated sequences yield U+FFFD over one byte.
uint32_t decode_utf8(std::string_view s, size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int n = 0;
  uint32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 1, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3, cp = c & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + static_cast<size_t>(n) >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k <= n; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += n + 1;
  return cp;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Character classes used by shapes and case styles.
enum CharClass : uint8_t { kOther, kUpper, kLower, kCaseless, kDigit, kCombining };

// Even code points upper, odd lower (or the reverse when `odd_upper`).
CharClass alternating(uint32_t cp, bool odd_upper) {
  return ((cp & 1u) != 0) == odd_upper ? kUpper : kLower;
}

// Letter case of a code point. Exact for ASCII, Latin-1, Latin Extended-A and Additional, Greek,
// Cyrillic and Armenian basics and fullwidth Latin; other scripts' letters are caseless.
CharClass char_class(uint32_t cp) {
  if (cp < 0x80) {
    if (is_digit(cp)) return kDigit;
    if (is_upper_ascii(cp)) return kUpper;
    if (is_lower_ascii(cp)) return kLower;
    return kOther;
  }
  if (cp < 0x100) {
    if (cp == 0xB5) return kLower;
    if (cp == 0xAA || cp == 0xBA) return kCaseless;  // ordinal indicators (3º, 1ª)
    if (cp == 0xD7 || cp == 0xF7) return kOther;
    if (cp >= 0xC0 && cp <= 0xDE) return kUpper;
    if (cp >= 0xDF) return kLower;
    return kOther;
  }
  if (cp < 0x180) {
    if (cp <= 0x137) return alternating(cp, false);
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F) return kLower;
    if (cp <= 0x148) return alternating(cp, true);
    if (cp <= 0x177) return alternating(cp, false);
    if (cp == 0x178) return kUpper;
    return alternating(cp, true);  // 0x179-0x17E
  }
  if (cp < 0x250) {
    if (cp >= 0x1CD && cp <= 0x1DC) return alternating(cp, true);
    if (cp >= 0x1DE && cp <= 0x1EF) return alternating(cp, false);
    if (cp >= 0x1F8 && cp <= 0x21F) return alternating(cp, false);
    if (cp >= 0x222 && cp <= 0x233) return alternating(cp, false);
    return kCaseless;
  }
  if (cp < 0x2B0) return kLower;  // IPA extensions
  if (cp >= 0x300 && cp <= 0x36F) return kCombining;
  if (cp >= 0x370 && cp < 0x400) {
    if (cp == 0x386 || (cp >= 0x388 && cp <= 0x38A) || cp == 0x38C || cp == 0x38E || cp == 0x38F ||
        (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2))
      return kUpper;
    if (cp == 0x390 || (cp >= 0x3AC && cp <= 0x3CE)) return kLower;
    return cp >= 0x3D0 ? kCaseless : kOther;
  }
  if (cp < 0x530) {
    if (cp <= 0x42F) return kUpper;
    if (cp <= 0x45F) return kLower;
    if (cp <= 0x481) return alternating(cp, false);
    if (cp <= 0x489) return kCombining;
    if (cp <= 0x4BF) return alternating(cp, false);
    if (cp == 0x4C0) return kUpper;
    if (cp <= 0x4CE) return alternating(cp, true);
    if (cp == 0x4CF) return kLower;
    return alternating(cp, false);
  }
  if (cp >= 0x531 && cp <= 0x556) return kUpper;
  if (cp >= 0x561 && cp <= 0x587) return kLower;
  if (cp >= 0x591 && cp <= 0x5C7) return kCombining;
  if (cp >= 0x5D0 && cp <= 0x5EA) return kCaseless;                                    // Hebrew
  if ((cp >= 0x620 && cp <= 0x64A) || (cp >= 0x671 && cp <= 0x6D3)) return kCaseless;  // Arabic
  if (cp >= 0x64B && cp <= 0x65F) return kCombining;
  if (cp >= 0x900 && cp <= 0xDFF) {  // Indic scripts: letters caseless, signs combining
    const uint32_t o = cp & 0x7F;
    if ((o >= 0x05 && o <= 0x39) || (o >= 0x58 && o <= 0x61)) return kCaseless;
    if (o <= 0x03 || (o >= 0x3A && o <= 0x57) || (o >= 0x62 && o <= 0x63)) return kCombining;
    return kOther;
  }
  if (cp >= 0xE01 && cp <= 0xE30) return kCaseless;  // Thai
  if (cp >= 0xE31 && cp <= 0xE4E) return kCombining;
  if (cp >= 0x10A0 && cp <= 0x10C5) return kUpper;
  if (cp >= 0x10D0 && cp <= 0x10FA) return kCaseless;  // Georgian
  if (cp >= 0x1100 && cp <= 0x11FF) return kCaseless;  // Hangul Jamo
  if (cp >= 0x1AB0 && cp <= 0x1AFF) return kCombining;
  if (cp >= 0x1DC0 && cp <= 0x1DFF) return kCombining;
  if (cp >= 0x1E00 && cp <= 0x1EFF) {
    if (cp >= 0x1E96 && cp <= 0x1E9D) return kLower;
    if (cp == 0x1E9E) return kUpper;
    if (cp == 0x1E9F) return kLower;
    return alternating(cp, false);
  }
  if (cp >= 0x1F00 && cp <= 0x1FFF) return kCaseless;  // Greek extended (approximate)
  if (cp >= 0x20D0 && cp <= 0x20FF) return kCombining;
  if (cp >= 0x3041 && cp <= 0x3096) return kCaseless;  // Hiragana
  if (cp >= 0x30A1 && cp <= 0x30FA) return kCaseless;  // Katakana
  if (cp >= 0x3400 && cp <= 0x4DBF) return kCaseless;  // CJK extension A
  if (cp >= 0x4E00 && cp <= 0x9FFF) return kCaseless;  // CJK unified ideographs
  if (cp >= 0xAC00 && cp <= 0xD7A3) return kCaseless;  // Hangul syllables
  if (cp >= 0xF900 && cp <= 0xFAFF) return kCaseless;
  if (cp >= 0xFE20 && cp <= 0xFE2F) return kCombining;
  if (cp >= 0xFF21 && cp <= 0xFF3A) return kUpper;  // fullwidth Latin
  if (cp >= 0xFF41 && cp <= 0xFF5A) return kLower;
  if (cp >= 0x20000 && cp <= 0x3134F) return kCaseless;
  return kOther;
}

// ---------------------------------------------------------------------------------------------
// Numbers

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Shape of a plain number literal, or false. Sets `integer` for digit-only literals.
bool scan_plain_number(std::string_view v, bool& integer, size_t& int_digits, size_t& frac_digits,
                       bool& has_exp) {
  const size_t n = v.size();
  size_t i = 0;
  if (i < n && (v[i] == '+' || v[i] == '-')) ++i;
  const size_t int_start = i;
  while (i < n && is_digit(v[i])) ++i;
  int_digits = i - int_start;
  frac_digits = 0;
  bool dot = false;
  if (i < n && v[i] == '.') {
    dot = true;
    ++i;
    const size_t fs = i;
    while (i < n && is_digit(v[i])) ++i;
    frac_digits = i - fs;
  }
  if (int_digits + frac_digits == 0) return false;
  // Decimal exponent of the most significant non-zero digit (none: the value is zero).
  int64_t lead_exp = 0;
  bool nonzero = false;
  for (size_t k = int_start, pos = 0; k < i && !nonzero; ++k) {
    if (v[k] == '.') continue;
    if (v[k] != '0') {
      nonzero = true;
      lead_exp = static_cast<int64_t>(int_digits) - 1 - static_cast<int64_t>(pos);
    }
    ++pos;
  }
  has_exp = false;
  int64_t exp = 0;
  if (i < n && (v[i] == 'e' || v[i] == 'E')) {
    has_exp = true;
    ++i;
    bool exp_neg = false;
    if (i < n && (v[i] == '+' || v[i] == '-')) exp_neg = v[i++] == '-';
    const size_t es = i;
    while (i < n && is_digit(v[i])) {
      if (exp < 100000) exp = exp * 10 + (v[i] - '0');
      ++i;
    }
    if (i == es) return false;
    if (exp_neg) exp = -exp;
  }
  if (i != n) return false;
  // Keep non-zero magnitudes within 1e-300..1e300: no overflow, underflow or subnormal results,
  // whose reporting differs between from_chars and strtod.
  if (nonzero && (lead_exp + exp > 300 || lead_exp + exp < -300)) return false;
  if (int_digits > 1 && v[int_start] == '0') return false;  // "0412" is a code
  integer = !dot && !has_exp && int_digits <= 18;
  return true;
}

// Correctly rounded value of a validated plain literal (sign, digits, dot, exponent).
double literal_to_double(std::string_view v, size_t int_digits, size_t frac_digits, bool has_exp) {
  const bool neg = !v.empty() && v[0] == '-';
  if (!has_exp && int_digits + frac_digits <= 15) {
    // Exact integer mantissa and exact power of ten: one correctly rounded division.
    uint64_t m = 0;
    for (char c : v) {
      if (is_digit(c)) m = m * 10 + static_cast<uint64_t>(c - '0');
    }
    double d = static_cast<double>(m);
    if (frac_digits > 0) d = d / kPow10[frac_digits];
    return neg ? -d : d;
  }
  if (!v.empty() && v[0] == '+') v.remove_prefix(1);
#if defined(_LIBCPP_VERSION)
  // libc++ (Emscripten 3.1.6) has no floating-point from_chars; musl's strtod is correctly
  // rounded like glibc's, and the literal was validated so locale and hex forms cannot occur.
  char buf[128];
  std::string tmp;
  const char* p = buf;
  if (v.size() < sizeof(buf)) {
    std::memcpy(buf, v.data(), v.size());
    buf[v.size()] = 0;
  } else {
    tmp.assign(v);
    p = tmp.c_str();
  }
  return std::strtod(p, nullptr);
#else
  double d = 0;
  std::from_chars(v.data(), v.data() + v.size(), d);
  return d;
#endif
}

// Matches a currency sign at the start of `v`; returns its byte length or 0.
size_t currency_prefix(std::string_view v) {
  if (!v.empty() && v[0] == '$') return 1;
  if (v.size() >= 3 && v.substr(0, 3) == "\xE2\x82\xAC") return 3;  // €
  if (v.size() >= 2 && (v.substr(0, 2) == "\xC2\xA3" || v.substr(0, 2) == "\xC2\xA5")) return 2;
  return 0;
}

// Matches a currency sign at the end of `v`; returns its byte length or 0.
size_t currency_suffix(std::string_view v) {
  if (!v.empty() && v.back() == '$') return 1;
  if (v.size() >= 3 && v.substr(v.size() - 3) == "\xE2\x82\xAC") return 3;
  if (v.size() >= 2 &&
      (v.substr(v.size() - 2) == "\xC2\xA3" || v.substr(v.size() - 2) == "\xC2\xA5"))
    return 2;
  return 0;
}

// Grouped body "1,234,567[.89]" (no sign); writes the digits without commas to `out`.
bool scan_grouped(std::string_view v, std::string& out) {
  size_t i = 0;
  const size_t n = v.size();
  while (i < n && is_digit(v[i])) ++i;
  if (i == 0 || i > 3 || (i > 1 && v[0] == '0')) return false;
  out.assign(v.substr(0, i));
  size_t groups = 0;
  while (i < n && v[i] == ',') {
    if (i + 4 > n || !is_digit(v[i + 1]) || !is_digit(v[i + 2]) || !is_digit(v[i + 3]))
      return false;
    out.append(v.substr(i + 1, 3));
    i += 4;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < n && v[i] == '.') {
    out += '.';
    ++i;
    const size_t fs = i;
    while (i < n && is_digit(v[i])) ++i;
    if (i == fs) return false;
    out.append(v.substr(fs, i - fs));
  }
  return i == n;
}

// A number with a decimal comma: an integer part (plain digits without a superfluous leading zero,
// or dot-grouped thousands 1.234.567), a comma and 1+ digits; with plain integer digits, not
// exactly three after the comma ("1,234" is scan_grouped's). Writes the digits with a '.' for
// the comma to `out`.
bool scan_decimal_comma(std::string_view v, std::string& out) {
  size_t i = 0;
  const size_t n = v.size();
  while (i < n && is_digit(v[i])) ++i;
  if (i == 0 || (i > 1 && v[0] == '0')) return false;
  out.assign(v.substr(0, i));
  bool grouped = false;
  if (i < n && v[i] == '.') {
    if (i > 3) return false;
    while (i < n && v[i] == '.') {
      if (i + 4 > n || !is_digit(v[i + 1]) || !is_digit(v[i + 2]) || !is_digit(v[i + 3]))
        return false;
      out.append(v.substr(i + 1, 3));
      i += 4;
      grouped = true;
    }
  }
  if (i >= n || v[i] != ',') return false;
  const size_t fs = ++i;
  while (i < n && is_digit(v[i])) ++i;
  if (i != n || i == fs) return false;
  if (!grouped && i - fs == 3) return false;
  out += '.';
  out.append(v.substr(fs));
  return true;
}

// ---------------------------------------------------------------------------------------------
// Dates

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  bool eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  // Reads between min and max digits; false when fewer than min.
  bool digits(size_t min, size_t max, unsigned& out) {
    size_t k = 0;
    unsigned v = 0;
    while (k < max && i + k < s.size() && is_digit(s[i + k])) {
      v = v * 10 + static_cast<unsigned>(s[i + k] - '0');
      ++k;
    }
    if (k < min) return false;
    if (k == max && i + k < s.size() && is_digit(s[i + k])) return false;  // too many digits
    i += k;
    out = v;
    return true;
  }
  // Reads a month name (3-letter abbreviation, "sept" or full name, optional '.'); 1-12 or 0.
  unsigned month_name() {
    static constexpr std::string_view kFull[] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
    size_t k = 0;
    while (i + k < s.size() && is_alpha_ascii(s[i + k])) ++k;
    const std::string_view w = s.substr(i, k);
    unsigned m = 0;
    for (unsigned j = 0; j < 12 && m == 0; ++j) {
      if (iequals(w, kFull[j]) || iequals(w, kFull[j].substr(0, 3))) m = j + 1;
    }
    if (m == 0 && iequals(w, "sept")) m = 9;
    if (m == 0) return 0;
    i += k;
    if (k == 3 || k == 4) eat('.');
    return m;
  }
};

bool is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

struct TimeOfDay {
  int64_t seconds = 0;  // seconds since midnight, minus the UTC offset
  double fraction = 0;  // fractional seconds
};

// Parses HH:MM[:SS[.fff]] per the flags; sets has_seconds / has_fraction.
bool parse_clock(Cursor& c, size_t hour_min_digits, bool allow_fraction, TimeOfDay& t,
                 bool& has_seconds, bool& has_fraction) {
  unsigned h = 0, m = 0, s = 0;
  if (!c.digits(hour_min_digits, 2, h) || !c.eat(':') || !c.digits(2, 2, m)) return false;
  if (h > 23 || m > 59) return false;
  has_seconds = has_fraction = false;
  if (c.eat(':')) {
    if (!c.digits(2, 2, s) || s > 59) return false;
    has_seconds = true;
    if (allow_fraction && c.eat('.')) {
      size_t k = 0;
      uint64_t f = 0;
      while (c.i < c.s.size() && is_digit(c.s[c.i])) {
        if (k < 9) f = f * 10 + static_cast<uint64_t>(c.s[c.i] - '0'), ++k;
        ++c.i;
      }
      if (k == 0) return false;
      t.fraction = static_cast<double>(f) / kPow10[k];
      has_fraction = true;
    }
  }
  t.seconds = static_cast<int64_t>(h) * 3600 + m * 60 + s;
  return true;
}

std::optional<DateValue> finish(int64_t y, unsigned m, unsigned d, DateFormat f,
                                const TimeOfDay* t) {
  if (!valid_civil(y, m, d)) return std::nullopt;
  DateValue out;
  out.format = f;
  out.day = days_from_civil(y, m, d);
  if (t) {
    int64_t s = t->seconds;
    int64_t shift = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    s -= shift * 86400;
    out.day += shift;
    out.day_fraction = (static_cast<double>(s) + t->fraction) / 86400.0;
  }
  return out;
}

// YYYY-MM-DD with an optional time part (T... or space ...).
std::optional<DateValue> parse_iso(Cursor& c, unsigned y) {
  unsigned m = 0, d = 0;
  if (!c.digits(2, 2, m) || !c.eat('-') || !c.digits(2, 2, d)) return std::nullopt;
  if (c.done()) return finish(y, m, d, DateFormat::YmdDash, nullptr);
  TimeOfDay t;
  bool secs = false, frac = false;
  if (c.eat('T')) {
    if (!parse_clock(c, 2, true, t, secs, frac)) return std::nullopt;
    if (!secs) {
      if (!c.done()) return std::nullopt;
      return finish(y, m, d, DateFormat::IsoTHm, &t);
    }
    if (c.done()) return finish(y, m, d, frac ? DateFormat::IsoTHmsF : DateFormat::IsoTHms, &t);
    if (c.eat('Z')) {
      if (!c.done()) return std::nullopt;
      return finish(y, m, d, frac ? DateFormat::IsoTHmsFZ : DateFormat::IsoTHmsZ, &t);
    }
    const bool plus = c.eat('+');
    if (!plus && !c.eat('-')) return std::nullopt;
    unsigned oh = 0, om = 0;
    if (!c.digits(2, 2, oh) || !c.eat(':') || !c.digits(2, 2, om) || !c.done()) return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    const int64_t off = static_cast<int64_t>(oh) * 3600 + om * 60;
    t.seconds += plus ? -off : off;  // local time minus offset = UTC
    return finish(y, m, d, frac ? DateFormat::IsoTHmsFOff : DateFormat::IsoTHmsOff, &t);
  }
  if (c.eat(' ')) {
    if (!parse_clock(c, 2, true, t, secs, frac) || !c.done()) return std::nullopt;
    return finish(
        y, m, d, !secs ? DateFormat::YmdHm : (frac ? DateFormat::YmdHmsF : DateFormat::YmdHms), &t);
  }
  return std::nullopt;
}

// a/b/YYYY with an optional " HH:MM[:SS][ AM|PM]", or a/b/YY (a date only).
std::optional<DateValue> parse_slash(Cursor& c, unsigned a, bool day_first) {
  unsigned b = 0, y = 0;
  if (!c.digits(1, 2, b) || !c.eat('/')) return std::nullopt;
  const size_t year_at = c.i;
  if (!c.digits(2, 4, y)) return std::nullopt;
  const size_t year_len = c.i - year_at;
  if (year_len == 3) return std::nullopt;
  const bool yy = year_len == 2;
  if (yy) {
    if (!c.done()) return std::nullopt;
    y = expand_two_digit_year(y);
  }
  TimeOfDay t;
  bool has_time = false, secs = false, frac = false, ampm = false;
  if (!c.done()) {
    if (!c.eat(' ') || !parse_clock(c, 1, false, t, secs, frac)) return std::nullopt;
    has_time = true;
    if (!c.done()) {
      c.eat(' ');
      const std::string_view rest = c.s.substr(c.i);
      const bool am = iequals(rest, "am"), pm = iequals(rest, "pm");
      if (!am && !pm) return std::nullopt;
      const int64_t h = t.seconds / 3600;
      if (h < 1 || h > 12) return std::nullopt;
      if (am && h == 12) t.seconds -= 12 * 3600;
      if (pm && h != 12) t.seconds += 12 * 3600;
      ampm = true;
    }
  }
  // Readings: month-first (a=month) and day-first (a=day).
  const bool mdy_ok = a >= 1 && a <= 12 && b >= 1 && valid_civil(y, a, b);
  const bool dmy_ok = b >= 1 && b <= 12 && a >= 1 && valid_civil(y, b, a);
  if (!mdy_ok && !dmy_ok) return std::nullopt;
  const bool use_dmy = dmy_ok && (day_first || !mdy_ok);
  DateFormat f;
  if (yy) {
    f = use_dmy ? DateFormat::DmySlashYY : DateFormat::MdySlashYY;
  } else if (!has_time) {
    f = use_dmy ? DateFormat::DmySlash : DateFormat::MdySlash;
  } else if (use_dmy) {
    f = ampm ? (secs ? DateFormat::DmyHmsAmPm : DateFormat::DmyHmAmPm)
             : (secs ? DateFormat::DmyHms : DateFormat::DmyHm);
  } else {
    f = ampm ? (secs ? DateFormat::MdyHmsAmPm : DateFormat::MdyHmAmPm)
             : (secs ? DateFormat::MdyHms : DateFormat::MdyHm);
  }
  auto out = use_dmy ? finish(y, b, a, f, has_time ? &t : nullptr)
                     : finish(y, a, b, f, has_time ? &t : nullptr);
  if (out) {
    out->order_evidence = static_cast<int8_t>(mdy_ok == dmy_ok ? 0 : (dmy_ok ? 1 : -1));
    out->order_ambiguous = mdy_ok && dmy_ok && a != b;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Country data: ISO 3166-1 (from Debian's iso-codes) and known names.

constexpr std::string_view kAlpha2 =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICK"
    "CLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGS"
    "GTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULV"
    "LYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPM"
    "PNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTR"
    "TTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

constexpr std::string_view kAlpha3 =
    "ABWAFGAGOAIAALAALBANDAREARGARMASMATAATFATGAUSAUTAZEBDIBELBENBESBFABGDBGRBHRBHSBIHBLMBLRBLZ"
    "BMUBOLBRABRBBRNBTNBVTBWACAFCANCCKCHECHLCHNCIVCMRCODCOGCOKCOLCOMCPVCRICUBCUWCXRCYMCYPCZEDEU"
    "DJIDMADNKDOMDZAECUEGYERIESHESPESTETHFINFJIFLKFRAFROFSMGABGBRGEOGGYGHAGIBGINGLPGMBGNBGNQGRC"
    "GRDGRLGTMGUFGUMGUYHKGHMDHNDHRVHTIHUNIDNIMNINDIOTIRLIRNIRQISLISRITAJAMJEYJORJPNKAZKENKGZKHM"
    "KIRKNAKORKWTLAOLBNLBRLBYLCALIELKALSOLTULUXLVAMACMAFMARMCOMDAMDGMDVMEXMHLMKDMLIMLTMMRMNEMNG"
    "MNPMOZMRTMSRMTQMUSMWIMYSMYTNAMNCLNERNFKNGANICNIUNLDNORNPLNRUNZLOMNPAKPANPCNPERPHLPLWPNGPOL"
    "PRIPRKPRTPRYPSEPYFQATREUROURUSRWASAUSDNSENSGPSGSSHNSJMSLBSLESLVSMRSOMSPMSRBSSDSTPSURSVKSVN"
    "SWESWZSXMSYCSYRTCATCDTGOTHATJKTKLTKMTLSTONTTOTUNTURTUVTWNTZAUGAUKRUMIURYUSAUZBVATVCTVENVGB"
    "VIRVNMVUTWLFWSMYEMZAFZMBZWE";

// English short names (ISO 3166-1 name and common name) plus common alternates.
// clang-format off
constexpr const char* kCountryNames[] = {
    "Afghanistan", "Aland Islands", "Albania", "Algeria", "America", "American Samoa", "Andorra",
    "Angola", "Anguilla", "Antarctica", "Antigua and Barbuda", "Argentina", "Armenia", "Aruba",
    "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados",
    "Belarus", "Belgique", "Belgium", "België", "Belize", "Benin", "Bermuda", "Bhutan", "Bolivia",
    "Bolivia, Plurinational State of", "Bonaire, Sint Eustatius and Saba",
    "Bosnia and Herzegovina", "Botswana", "Bouvet Island", "Brasil", "Brazil",
    "British Indian Ocean Territory", "Brunei", "Brunei Darussalam", "Bulgaria", "Burkina Faso",
    "Burma", "Burundi", "Cabo Verde", "Cambodia", "Cameroon", "Canada", "Cape Verde",
    "Cayman Islands", "Central African Republic", "Chad", "Chile", "China", "Christmas Island",
    "Cocos (Keeling) Islands", "Colombia", "Comoros", "Congo",
    "Congo, The Democratic Republic of the", "Congo-Brazzaville", "Congo-Kinshasa", "Cook Islands",
    "Costa Rica", "Cote d'Ivoire", "Croatia", "Cuba", "Curacao", "Curaçao", "Cyprus",
    "Czech Republic", "Czechia", "Côte d'Ivoire", "Danmark", "Democratic Republic of the Congo",
    "Denmark", "Deutschland", "Djibouti", "Dominica", "Dominican Republic", "DR Congo",
    "East Timor", "Ecuador", "Egypt", "El Salvador", "England", "Equatorial Guinea", "Eritrea",
    "Espana", "España", "Estonia", "Eswatini", "Ethiopia", "Falkland Islands",
    "Falkland Islands (Malvinas)", "Faroe Islands", "Fiji", "Finland", "France", "French Guiana",
    "French Polynesia", "French Southern Territories", "Gabon", "Gambia", "Georgia", "Germany",
    "Ghana", "Gibraltar", "Great Britain", "Greece", "Greenland", "Grenada", "Guadeloupe", "Guam",
    "Guatemala", "Guernsey", "Guinea", "Guinea-Bissau", "Guyana", "Haiti",
    "Heard Island and McDonald Islands", "Holland", "Holy See (Vatican City State)", "Honduras",
    "Hong Kong", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iran, Islamic Republic of",
    "Iraq", "Ireland", "Isle of Man", "Israel", "Italia", "Italy", "Ivory Coast", "Jamaica",
    "Japan", "Jersey", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Korea",
    "Korea, Democratic People's Republic of", "Korea, Republic of", "Kuwait", "Kyrgyzstan",
    "Lao People's Democratic Republic", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya",
    "Liechtenstein", "Lithuania", "Luxembourg", "Macao", "Macau", "Macedonia", "Madagascar",
    "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Martinique",
    "Mauritania", "Mauritius", "Mayotte", "Mexico", "Micronesia",
    "Micronesia, Federated States of", "Moldova", "Moldova, Republic of", "Monaco", "Mongolia",
    "Montenegro", "Montserrat", "Morocco", "Mozambique", "Myanmar", "México", "Namibia", "Nauru",
    "Nederland", "Nepal", "Netherlands", "New Caledonia", "New Zealand", "Nicaragua", "Niger",
    "Nigeria", "Niue", "Norfolk Island", "Norge", "North Korea", "North Macedonia",
    "Northern Ireland", "Northern Mariana Islands", "Norway", "Oman", "Osterreich", "Pakistan",
    "Palau", "Palestine", "Palestine, State of", "Panama", "Papua New Guinea", "Paraguay", "Peru",
    "Perú", "Philippines", "Pitcairn", "Poland", "Polska", "Portugal", "Puerto Rico", "Qatar",
    "Republic of the Congo", "Reunion", "Romania", "Russia", "Russian Federation", "Rwanda",
    "Réunion", "Saint Barthelemy", "Saint Barthélemy",
    "Saint Helena, Ascension and Tristan da Cunha", "Saint Kitts and Nevis", "Saint Lucia",
    "Saint Martin (French part)", "Saint Pierre and Miquelon", "Saint Vincent and the Grenadines",
    "Samoa", "San Marino", "Sao Tome and Principe", "Saudi Arabia", "Schweiz", "Scotland",
    "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Sint Maarten (Dutch part)",
    "Slovakia", "Slovenia", "Solomon Islands", "Somalia", "South Africa",
    "South Georgia and the South Sandwich Islands", "South Korea", "South Sudan", "Spain",
    "Sri Lanka", "St. Kitts and Nevis", "St. Lucia", "St. Vincent and the Grenadines", "Sudan",
    "Suisse", "Suriname", "Svalbard and Jan Mayen", "Sverige", "Swaziland", "Sweden",
    "Switzerland", "Syria", "Syrian Arab Republic", "Taiwan", "Taiwan, Province of China",
    "Tajikistan", "Tanzania", "Tanzania, United Republic of", "Thailand", "The Bahamas",
    "The Gambia", "The Netherlands", "Timor-Leste", "Togo", "Tokelau", "Tonga",
    "Trinidad and Tobago", "Tunisia", "Turkey", "Turkmenistan", "Turks and Caicos Islands",
    "Tuvalu", "Türkiye", "U.K.", "U.S.", "U.S.A.", "UAE", "Uganda", "UK", "Ukraine",
    "United Arab Emirates", "United Kingdom", "United States",
    "United States Minor Outlying Islands", "United States of America", "Uruguay", "USA",
    "Uzbekistan", "Vanuatu", "Vatican", "Vatican City", "Venezuela",
    "Venezuela, Bolivarian Republic of", "Viet Nam", "Vietnam", "Virgin Islands, British",
    "Virgin Islands, U.S.", "Wales", "Wallis and Futuna", "Western Sahara", "Yemen", "Zambia",
    "Zimbabwe", "Åland Islands", "Österreich",
};
// clang-format on

bool in_code_list(std::string_view list, std::string_view code) {
  const size_t w = code.size();
  size_t lo = 0, hi = list.size() / w;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const int c = list.substr(mid * w, w).compare(code);
    if (c == 0) return true;
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

const std::vector<std::string>& lower_country_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const char* n : kCountryNames) {
      std::string s(n);
      for (char& ch : s) ch = lower_ascii(ch);
      v.push_back(std::move(s));
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  }();
  return names;
}

// Name of enumerator `e` from `names`, which lists every enumerator up to `Last` in declaration
// order (numbered from 0); `other` for a value outside the enum.
template <auto Last, size_t N>
const char* enum_name(const char* const (&names)[N], decltype(Last) e, const char* other = "") {
  static_assert(N == static_cast<size_t>(Last) + 1, "one name per enumerator");
  const auto i = static_cast<size_t>(e);
  return i < N ? names[i] : other;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public functions

std::string_view trim_space(std::string_view v) {
  size_t b = 0, e = v.size();
  while (b < e) {
    if (is_space_ascii(v[b])) {
      ++b;
    } else if (b + 1 < e && v[b] == '\xC2' && v[b + 1] == '\xA0') {
      b += 2;
    } else {
      break;
    }
  }
  while (e > b) {
    if (is_space_ascii(v[e - 1])) {
      --e;
    } else if (e >= b + 2 && v[e - 2] == '\xC2' && v[e - 1] == '\xA0') {
      e -= 2;
    } else {
      break;
    }
  }
  return v.substr(b, e - b);
}

uint64_t utf8_length(std::string_view v) {
  uint64_t n = 0;
  for (char c : v) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

const char* number_notation_name(NumberNotation n) {
  static constexpr const char* kNames[] = {"", "plain", "thousands", "currency", "decimal comma"};
  return enum_name<NumberNotation::DecimalComma>(kNames, n);
}

bool is_integer_literal(std::string_view v) {
  bool integer = false, has_exp = false;
  size_t id = 0, fd = 0;
  return scan_plain_number(v, integer, id, fd, has_exp) && integer;
}

std::optional<NumberValue> parse_number(std::string_view v, bool decimal_comma) {
  if (v.empty()) return std::nullopt;
  NumberValue out;
  bool integer = false, has_exp = false;
  size_t id = 0, fd = 0;
  if (scan_plain_number(v, integer, id, fd, has_exp)) {
    out.value = literal_to_double(v, id, fd, has_exp);
    out.notation = NumberNotation::Plain;
    out.integer = integer;
    return out;
  }
  // Loose forms: [sign][currency][space][sign]body or [sign]body[space]currency.
  bool neg = false, signed_ = false;
  auto take_sign = [&](std::string_view& s) {
    if (!signed_ && !s.empty() && (s[0] == '-' || s[0] == '+')) {
      neg = s[0] == '-';
      signed_ = true;
      s.remove_prefix(1);
    }
  };
  std::string_view s = v;
  take_sign(s);
  bool currency = false;
  if (size_t k = currency_prefix(s)) {
    currency = true;
    s.remove_prefix(k);
    if (!s.empty() && s[0] == ' ') s.remove_prefix(1);
    take_sign(s);
  } else if (size_t k2 = currency_suffix(s)) {
    currency = true;
    s.remove_suffix(k2);
    if (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  }
  if (s.empty() || !(is_digit(s[0]) || s[0] == '.')) return std::nullopt;
  std::string digits;
  if (scan_grouped(s, digits)) {
    out.notation = currency ? NumberNotation::Currency : NumberNotation::Thousands;
    // "1,234": one group of three, no fraction.
    const bool one_group =
        s.size() <= 7 && s.find(',') == s.rfind(',') && s.find('.') == std::string_view::npos;
    if (one_group) {
      out.comma_ambiguous = !currency;
      if (decimal_comma) {
        digits.assign(s);
        digits[digits.find(',')] = '.';
        out.decimal_comma = true;
        if (!currency) out.notation = NumberNotation::DecimalComma;
      }
    }
  } else if (scan_decimal_comma(s, digits)) {
    out.decimal_comma = true;
    out.notation = currency ? NumberNotation::Currency : NumberNotation::DecimalComma;
  } else if (currency) {
    bool integer2 = false, has_exp2 = false;
    if (!scan_plain_number(s, integer2, id, fd, has_exp2) || has_exp2) return std::nullopt;
    digits.assign(s);
    out.notation = NumberNotation::Currency;
  } else {
    return std::nullopt;
  }
  size_t int_digits = digits.find('.');
  if (int_digits == std::string::npos) int_digits = digits.size();
  const size_t frac_digits = digits.size() - int_digits - (int_digits < digits.size() ? 1 : 0);
  if (int_digits > 300 || frac_digits > 300) return std::nullopt;
  const double d = literal_to_double(digits, int_digits, frac_digits, false);
  out.value = neg ? -d : d;
  return out;
}

std::optional<BoolValue> parse_bool(std::string_view v) {
  if (v.empty() || v.size() > 5) return std::nullopt;
  char low[6];
  bool any_upper = false, any_lower = false, rest_lower = true;
  for (size_t i = 0; i < v.size(); ++i) {
    low[i] = lower_ascii(v[i]);
    if (is_upper_ascii(v[i])) any_upper = true;
    if (is_lower_ascii(v[i])) any_lower = true;
    if (i > 0 && !is_lower_ascii(v[i])) rest_lower = false;
  }
  const std::string_view w(low, v.size());
  BoolValue out;
  if (w == "true" || w == "false") {
    out.family = BoolFamily::TrueFalse, out.value = w == "true";
  } else if (w == "yes" || w == "no") {
    out.family = BoolFamily::YesNo, out.value = w == "yes";
  } else if (w == "t" || w == "f") {
    out.family = BoolFamily::TF, out.value = w == "t";
  } else if (w == "y" || w == "n") {
    out.family = BoolFamily::YN, out.value = w == "y";
  } else if (w == "1" || w == "0") {
    out.family = BoolFamily::OneZero, out.value = w == "1";
    return out;
  } else {
    return std::nullopt;
  }
  if (!any_upper) {
    out.letter_case = 0;
  } else if (!any_lower) {
    out.letter_case = 1;
  } else if (is_upper_ascii(v[0]) && rest_lower) {
    out.letter_case = 2;
  } else {
    out.letter_case = 3;
  }
  return out;
}

std::string bool_format_name(BoolFamily family, uint8_t letter_case) {
  static constexpr const char* kNames[] = {"", "true/false", "yes/no", "t/f", "y/n", "1/0"};
  std::string s = enum_name<BoolFamily::OneZero>(kNames, family);
  if (s.empty() || family == BoolFamily::OneZero) return s;
  if (letter_case == 1) {
    for (char& c : s) c = is_lower_ascii(c) ? static_cast<char>(c - 32) : c;
  } else if (letter_case == 2) {
    s[0] = static_cast<char>(s[0] - 32);
    const size_t slash = s.find('/');
    s[slash + 1] = static_cast<char>(s[slash + 1] - 32);
  } else if (letter_case == 3) {
    s += " (mixed case)";
  }
  return s;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm: integer-only, exact for the proleptic Gregorian calendar.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool valid_civil(int64_t y, unsigned m, unsigned d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

const char* date_format_name(DateFormat f) {
  static constexpr const char* kNames[] = {"",
                                           "YYYY-MM-DD",
                                           "YYYY/MM/DD",
                                           "DD/MM/YYYY",
                                           "MM/DD/YYYY",
                                           "DD.MM.YYYY",
                                           "DD-MM-YYYY",
                                           "YYYYMMDD",
                                           "MMM D, YYYY",
                                           "D MMM YYYY",
                                           "DD-MMM-YYYY",
                                           "YYYY-MM-DDTHH:MM",
                                           "YYYY-MM-DDTHH:MM:SS",
                                           "YYYY-MM-DDTHH:MM:SS.fff",
                                           "YYYY-MM-DDTHH:MM:SSZ",
                                           "YYYY-MM-DDTHH:MM:SS.fffZ",
                                           "YYYY-MM-DDTHH:MM:SS\xC2\xB1hh:mm",
                                           "YYYY-MM-DDTHH:MM:SS.fff\xC2\xB1hh:mm",
                                           "YYYY-MM-DD HH:MM",
                                           "YYYY-MM-DD HH:MM:SS",
                                           "YYYY-MM-DD HH:MM:SS.fff",
                                           "MM/DD/YYYY HH:MM",
                                           "MM/DD/YYYY HH:MM:SS",
                                           "MM/DD/YYYY hh:MM AM",
                                           "MM/DD/YYYY hh:MM:SS AM",
                                           "DD/MM/YYYY HH:MM",
                                           "DD/MM/YYYY HH:MM:SS",
                                           "DD/MM/YYYY hh:MM AM",
                                           "DD/MM/YYYY hh:MM:SS AM",
                                           "MM/DD/YY",
                                           "DD/MM/YY",
                                           "DD.MM.YY"};
  static_assert(static_cast<size_t>(DateFormat::DmyDotYY) + 1 ==
                static_cast<size_t>(DateFormat::Count));
  return enum_name<DateFormat::DmyDotYY>(kNames, f);
}

bool date_format_has_time(DateFormat f) {
  return f >= DateFormat::IsoTHm && f <= DateFormat::DmyHmsAmPm;
}

unsigned expand_two_digit_year(unsigned yy) {
  return yy <= 68 ? 2000 + yy : 1900 + yy;
}

std::optional<DateValue> parse_date(std::string_view v, bool day_first) {
  if (v.size() < 6 || v.size() > 40) return std::nullopt;
  Cursor c{v, 0};
  const unsigned char c0 = static_cast<unsigned char>(v[0]);
  if (is_digit(c0)) {
    size_t lead = 0;
    while (lead < v.size() && is_digit(v[lead])) ++lead;
    if (lead == 8 && v.size() == 8) {  // YYYYMMDD
      auto num = [&](size_t at, size_t len) {
        unsigned x = 0;
        for (size_t k = at; k < at + len; ++k) x = x * 10 + static_cast<unsigned>(v[k] - '0');
        return x;
      };
      const unsigned y = num(0, 4), m = num(4, 2), d = num(6, 2);
      if (y < 1800 || y > 2199) return std::nullopt;
      return finish(y, m, d, DateFormat::YmdCompact, nullptr);
    }
    if (lead == 4) {
      unsigned y = 0;
      c.digits(4, 4, y);
      if (c.eat('-')) return parse_iso(c, y);
      if (c.eat('/')) {
        unsigned m = 0, d = 0;
        if (!c.digits(1, 2, m) || !c.eat('/') || !c.digits(1, 2, d) || !c.done())
          return std::nullopt;
        return finish(y, m, d, DateFormat::YmdSlash, nullptr);
      }
      return std::nullopt;
    }
    if (lead > 2) return std::nullopt;
    unsigned a = 0;
    c.digits(1, 2, a);
    if (c.eat('/')) return parse_slash(c, a, day_first);
    if (c.eat('.')) {
      unsigned m = 0, y = 0;
      if (!c.digits(1, 2, m) || !c.eat('.')) return std::nullopt;
      const size_t year_at = c.i;
      if (!c.digits(2, 4, y) || !c.done()) return std::nullopt;
      if (c.i - year_at == 2)
        return finish(expand_two_digit_year(y), m, a, DateFormat::DmyDotYY, nullptr);
      if (c.i - year_at != 4) return std::nullopt;
      return finish(y, m, a, DateFormat::DmyDot, nullptr);
    }
    if (c.eat('-')) {
      unsigned m = 0, y = 0;
      DateFormat f = DateFormat::DmyDash;
      if (!c.done() && is_digit(c.s[c.i])) {
        if (!c.digits(1, 2, m)) return std::nullopt;
      } else {
        m = c.month_name();
        if (m == 0) return std::nullopt;
        f = DateFormat::DMonYDash;
      }
      if (!c.eat('-') || !c.digits(4, 4, y) || !c.done()) return std::nullopt;
      return finish(y, m, a, f, nullptr);
    }
    if (c.eat(' ')) {
      unsigned m = c.month_name(), y = 0;
      if (m == 0 || !c.eat(' ') || !c.digits(4, 4, y) || !c.done()) return std::nullopt;
      return finish(y, m, a, DateFormat::DMonY, nullptr);
    }
    return std::nullopt;
  }
  if (is_alpha_ascii(c0)) {
    unsigned m = c.month_name(), d = 0, y = 0;
    if (m == 0 || !c.eat(' ') || !c.digits(1, 2, d)) return std::nullopt;
    c.eat(',');
    if (!c.eat(' ') || !c.digits(4, 4, y) || !c.done()) return std::nullopt;
    return finish(y, m, d, DateFormat::MonDY, nullptr);
  }
  return std::nullopt;
}

bool is_email(std::string_view v) {
  const size_t n = v.size();
  if (n < 6 || n > 254) return false;
  static constexpr struct EmailChars {
    uint8_t cls[256];  // 1 local-only special, 2 letter/digit/non-ASCII, 3 '-', 4 '.', 0 invalid
    constexpr EmailChars() : cls() {
      for (int c = 0; c < 256; ++c) {
        cls[c] = (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                  (c >= 'A' && c <= 'Z'))
                     ? 2
                     : 0;
      }
      for (char c : std::string_view("!#$%&'*+/=?^_`{|}~")) cls[static_cast<unsigned char>(c)] = 1;
      cls[static_cast<unsigned char>('-')] = 3;
      cls[static_cast<unsigned char>('.')] = 4;
    }
  } kChars;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(v.data());
  // Local part: allowed characters, dots not leading, trailing or doubled.
  size_t i = 0;
  unsigned prev = 4;  // as if after a dot: a leading dot fails
  for (; i < n && p[i] != '@'; ++i) {
    const unsigned k = kChars.cls[p[i]];
    if (k == 0 || (k == 4 && prev == 4)) return false;
    prev = k;
  }
  if (i == 0 || i > 64 || i == n || prev == 4) return false;
  // Domain: labels of letters/digits/hyphens (or non-ASCII), not starting or ending with '-',
  // at least two labels, the last of at least 2 ASCII letters.
  ++i;
  size_t labels = 0, label_len = 0;
  bool tld_letters = true;
  prev = 4;
  for (; i < n; ++i) {
    const unsigned char u = p[i];
    const unsigned k = kChars.cls[u];
    if (k == 4) {
      if (label_len == 0 || prev == 3) return false;
      ++labels;
      label_len = 0;
      tld_letters = true;
    } else if (k == 2 || k == 3) {
      if (k == 3 && label_len == 0) return false;
      if (++label_len > 63) return false;
      if (!is_alpha_ascii(u)) tld_letters = false;
    } else {
      return false;
    }
    prev = k;
  }
  return labels >= 1 && label_len >= 2 && prev != 3 && tld_letters;
}

bool phone_shaped(std::string_view v) {
  if (v.size() < 7 || v.size() > 60) return false;
  size_t i = 0;
  // A label such as "tel:" (any three letters: the gate sees only character classes).
  if (v.size() > 4 && is_alpha_ascii(v[0]) && is_alpha_ascii(v[1]) && is_alpha_ascii(v[2]) &&
      v[3] == ':') {
    i = 4;
    while (i < v.size() && v[i] == ' ') ++i;
  }
  if (i < v.size() && v[i] == '+') ++i;
  if (i >= v.size() || !(is_digit(v[i]) || v[i] == '(')) return false;
  size_t digits = 0, letters = 0;
  for (; i < v.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(v[i]);
    if (is_digit(ch)) {
      ++digits;
    } else if (is_alpha_ascii(ch)) {
      if (++letters > 12) return false;
    } else if (ch < 0x80 && !std::strchr(" .-()/#;=,:~*", ch)) {
      return false;
    }
  }
  const char last = v.back();
  if (digits < 7 || digits > 40 || !(is_digit(last) || last == ')' || last == '#')) return false;
  // Date-shaped values (2021-02-30, 05/03/2021, 05.03.2021) are not phones, valid dates or not:
  // three digit groups split by the same '-', '/' or '.', of lengths 4-2-2 or 2-2-4 (or 1-digit
  // day/month).
  size_t groups[4] = {0, 0, 0, 0}, g = 0;
  char sep = 0;
  for (char ch : v) {
    if (is_digit(ch)) {
      ++groups[g];
    } else if ((ch == '-' || ch == '/' || ch == '.') && (sep == 0 || sep == ch) && g < 3) {
      sep = ch;
      ++g;
    } else {
      return true;  // other separators: not a date shape
    }
  }
  if (g != 2) return true;
  auto day_month = [](size_t n) { return n == 1 || n == 2; };
  const bool ymd = groups[0] == 4 && day_month(groups[1]) && day_month(groups[2]);
  const bool dmy = day_month(groups[0]) && day_month(groups[1]) && groups[2] == 4;
  return !(ymd || dmy);
}

bool is_phone(std::string_view v, std::string_view default_region) {
  v = trim_space(v);
  if (!phone_shaped(v)) return false;
  size_t i = 0;
  if (v.size() > 4 && v[3] == ':') i = 4;
  while (i < v.size() && v[i] == ' ') ++i;
  const bool idd00 = v.size() > i + 1 && v[i] == '0' && v[i + 1] == '0';
  return parse_phone(v, idd00 ? kPhoneIddRegion : default_region).valid();
}

bool is_url(std::string_view v) {
  if (v.size() < 8) return false;
  size_t host_start = 0;
  auto starts = [&](std::string_view p) {
    return v.size() > p.size() && iequals(v.substr(0, p.size()), p);
  };
  if (starts("http://")) {
    host_start = 7;
  } else if (starts("https://")) {
    host_start = 8;
  } else if (starts("ftp://")) {
    host_start = 6;
  } else if (starts("www.")) {
    host_start = 0;
  } else {
    return false;
  }
  size_t end = host_start;
  while (end < v.size() && v[end] != '/' && v[end] != '?' && v[end] != '#' && v[end] != ':') ++end;
  const std::string_view host = v.substr(host_start, end - host_start);
  // Host: dotted labels of letters, digits, hyphens (or non-ASCII); TLD of letters.
  size_t labels = 0, start = 0;
  while (true) {
    const size_t dot = host.find('.', start);
    const std::string_view label =
        host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char ch : label) {
      const unsigned char u = static_cast<unsigned char>(ch);
      if (!(is_alnum_ascii(u) || u >= 0x80 || ch == '-')) return false;
    }
    ++labels;
    if (dot == std::string_view::npos) {
      if (labels < 2 || label.size() < 2) return false;
      for (char ch : label) {
        if (!is_alpha_ascii(ch)) return false;
      }
      break;
    }
    start = dot + 1;
  }
  if (end < v.size() && v[end] == ':') {  // port
    size_t p = end + 1;
    while (p < v.size() && is_digit(v[p])) ++p;
    if (p == end + 1 || p - end - 1 > 5) return false;
    end = p;
    if (end < v.size() && v[end] != '/' && v[end] != '?' && v[end] != '#') return false;
  }
  for (size_t i = end; i < v.size(); ++i) {
    const unsigned char u = static_cast<unsigned char>(v[i]);
    if (u <= ' ' || u == 0x7F || u == '"' || u == '<' || u == '>' || u == '\\') return false;
  }
  return true;
}

PostalMatch match_postal_code(std::string_view v) {
  const size_t n = v.size();
  if (n < 4 || n > 10) return PostalMatch::None;
  // Layout with letters -> 'A', digits -> '9' (case-insensitive); only ' ' and '-' besides.
  char buf[10];
  unsigned letters = 0, seps = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char u = static_cast<unsigned char>(v[i]);
    if (is_digit(u)) {
      buf[i] = '9';
    } else if (is_alpha_ascii(u)) {
      buf[i] = 'A';
      ++letters;
    } else if (u == ' ' || u == '-') {
      buf[i] = static_cast<char>(u);
      ++seps;
    } else {
      return PostalMatch::None;
    }
  }
  const std::string_view s(buf, n);
  if (letters == 0) {
    if (seps == 0) return n <= 6 ? PostalMatch::DigitsOnly : PostalMatch::None;
    if (s == "99999-9999") return PostalMatch::Distinctive;  // US ZIP+4
    static constexpr std::string_view kDigits[] = {"999-9999", "99-999", "9999-999", "99999-999",
                                                   "999 99"};
    for (std::string_view p : kDigits) {
      if (s == p) return PostalMatch::DigitsOnly;
    }
    return PostalMatch::None;
  }
  if (letters < 2 || letters > 5) return PostalMatch::None;
  static constexpr std::string_view kDistinctive[] = {
      "9999 AA", "9999AA",                                                 // NL
      "A9A 9A9", "A9A9A9",                                                 // CA
      "A9 9AA",  "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA",  // UK
      "A99AA",   "A999AA",  "AA99AA",  "AA999AA",  "A9A9AA",  "AA9A9AA"};
  for (std::string_view p : kDistinctive) {
    if (s == p) return PostalMatch::Distinctive;
  }
  return PostalMatch::None;
}

const char* country_form_name(CountryForm f) {
  static constexpr const char* kNames[] = {"", "alpha-2", "alpha-3", "name"};
  return enum_name<CountryForm::Name>(kNames, f);
}

CountryForm match_country(std::string_view v) {
  if (v.size() < 2 || v.size() > 60) return CountryForm::None;
  if (v.size() <= 3 && std::all_of(v.begin(), v.end(), [](char c) { return is_upper_ascii(c); })) {
    if (v.size() == 2 && in_code_list(kAlpha2, v)) return CountryForm::Alpha2;
    if (v.size() == 3 && in_code_list(kAlpha3, v)) return CountryForm::Alpha3;
  }
  char buf[64];
  for (size_t i = 0; i < v.size(); ++i) buf[i] = lower_ascii(v[i]);
  const std::string_view low(buf, v.size());
  const auto& names = lower_country_names();
  return std::binary_search(names.begin(), names.end(), low,
                            [](std::string_view a, std::string_view b) { return a < b; })
             ? CountryForm::Name
             : CountryForm::None;
}

const char* case_style_name(CaseStyle s) {
  static constexpr const char* kNames[] = {"no letters", "aa", "AA", "Aa", "A", "mixed"};
  return enum_name<CaseStyle::Mixed>(kNames, s, "no letters");
}

namespace {

// Byte tables for the ASCII fast path.
struct AsciiTables {
  CharClass cls[128];
  char shape[128];
  constexpr AsciiTables() : cls(), shape() {
    for (int c = 0; c < 128; ++c) {
      cls[c] = c >= '0' && c <= '9'   ? kDigit
               : c >= 'A' && c <= 'Z' ? kUpper
               : c >= 'a' && c <= 'z' ? kLower
                                      : kOther;
      shape[c] = cls[c] == kDigit ? '9' : cls[c] == kUpper ? 'A' : cls[c] == kLower ? 'a' : c;
    }
  }
};
constexpr AsciiTables kAscii;

// A word of at most 8 bytes as a number: its bytes, zero-padded.
uint64_t word_key(const char* w, size_t len) {
  uint64_t key = 0;
  std::memcpy(&key, w, len);
  return key;
}

// The keys of `words` (at most 8 bytes each), sorted for binary search.
template <size_t N>
std::vector<uint64_t> sorted_word_keys(const std::string_view (&words)[N]) {
  std::vector<uint64_t> keys;
  for (std::string_view word : words) keys.push_back(word_key(word.data(), word.size()));
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Lower-case words that do not break a Title-case value: name particles ("Ludwig van
// Beethoven"), small words of company names ("Bank of America") and street words written in
// lower case in some countries ("37 rue de la Gare", "ul. Długa 94", "via Roma 1").
bool is_name_particle(const char* w, unsigned len) {
  if (len == 0 || len > 8) return false;
  static constexpr std::string_view kWords[] = {
      "al",     "and",    "at",      "av",     "ave",   "avenue", "bd",  "bin",     "calle",
      "carrer", "chemin", "corso",   "cours",  "da",    "dal",    "das", "de",      "degli",
      "dei",    "del",    "della",   "delle",  "den",   "der",    "des", "di",      "do",
      "dos",    "du",     "e",       "el",     "en",    "et",     "for", "impasse", "la",
      "le",     "les",    "of",      "on",     "os",    "piazza", "pl",  "place",   "quai",
      "route",  "rue",    "sentier", "square", "st",    "strada", "ten", "ter",     "the",
      "ul",     "und",    "van",     "via",    "viale", "von",    "y",   "zu",      "zum",
      "zur",    "nd",     "rd",      "th",     "sp",    "lgh"};
  static const std::vector<uint64_t> keys = sorted_word_keys(kWords);
  return std::binary_search(keys.begin(), keys.end(), word_key(w, len));
}

// Capitalized words that do not break a Title-case value: company legal forms ("Summit Group
// PLC", "Sol y Mar SA") and Roman numerals ("Corso Vittorio Emanuele II").
bool is_acronym(const char* w, unsigned len) {
  if (len < 2 || len > 8) return false;
  static constexpr std::string_view kWords[] = {
      "AB",  "AG",   "APS", "AS",  "BV",  "CO",  "CV",   "DAC",  "EURL", "GMBH", "HB",
      "II",  "SAPI", "III", "INC", "IV",  "IX",  "KFT",  "KG",   "LLC",  "LLP",  "LP",
      "LTD", "NV",   "OY",  "OYJ", "PLC", "PTY", "SA",   "SARL", "SAS",  "SE",   "SL",
      "SPA", "SRL",  "SRO", "UG",  "VI",  "VII", "VIII", "XI",   "XII",  "XX",   "ZRT"};
  static const std::vector<uint64_t> keys = sorted_word_keys(kWords);
  return std::binary_search(keys.begin(), keys.end(), word_key(w, len));
}

// Kinds of letter runs (apostrophes between letters belong to the run and have no case).
enum RunKind { kRunLower, kRunParticle, kRunUpper, kRunSingle, kRunTitle, kRunCamel, kRunAcronym };

// A run with no capitals is lower (a particle when listed or a single letter, as in "S.r.l.");
// with no lower-case letters it is upper (single for one letter, acronym when listed); else
// Title when it starts with a capital ("McDonald") or with an elided article ("d'Amboise"), camel
// otherwise ("iPhone").
RunKind classify_run(bool any_upper, bool any_lower, bool one_upper, bool one_lower,
                     bool first_upper, const char* text, unsigned text_len,
                     bool elided_prefix = false) {
  if (!any_upper) {
    return (one_lower || is_name_particle(text, text_len)) ? kRunParticle : kRunLower;
  }
  if (!any_lower) {
    if (one_upper) return kRunSingle;
    return is_acronym(text, text_len) ? kRunAcronym : kRunUpper;
  }
  // "d'Amboise", "l'Église": an elided lower-case article before a capitalized word.
  return first_upper || elided_prefix ? kRunTitle : kRunCamel;
}

// Accumulates letter runs into a case style (see case_style in infer.h).
struct CaseAccumulator {
  unsigned counts[7] = {};  // by RunKind
  // Current run.
  unsigned run_upper = 0, run_lower = 0, text_len = 0;
  bool first_upper = false, text_ascii = true, elided = false;
  char text[8];  // the run's bytes when ASCII (particles)

  void add(RunKind k) { ++counts[k]; }
  void letter(CharClass k, uint32_t cp, bool after_apostrophe = false) {
    if (run_upper + run_lower == 0) first_upper = k == kUpper;
    if (k == kUpper && run_upper == 0) elided = after_apostrophe && run_lower > 0;
    (k == kUpper ? run_upper : run_lower) += 1;
    push_text(cp);
  }
  void push_text(uint32_t cp) {
    if (cp >= 0x80) text_ascii = false;
    if (text_len < sizeof(text)) text[text_len] = static_cast<char>(cp);
    ++text_len;
  }
  void end_run() {
    if (run_upper + run_lower == 0) return;
    add(classify_run(run_upper > 0, run_lower > 0, run_upper == 1, run_lower == 1, first_upper,
                     text, text_ascii && text_len <= sizeof(text) ? text_len : 0, elided));
    run_upper = run_lower = text_len = 0;
    text_ascii = true;
    elided = false;
  }
  // Particles and acronyms adapt to Title values; acronyms count as capitals otherwise.
  CaseStyle result() {
    end_run();
    const unsigned title = counts[kRunTitle], lower = counts[kRunLower],
                   particle = counts[kRunParticle], single = counts[kRunSingle];
    const unsigned upper = counts[kRunUpper] + (title > 0 ? 0 : counts[kRunAcronym]);
    if (counts[kRunCamel] > 0) return CaseStyle::Mixed;
    if (title > 0) return (upper == 0 && lower == 0) ? CaseStyle::Title : CaseStyle::Mixed;
    if (upper > 0) return (lower == 0 && particle == 0) ? CaseStyle::Upper : CaseStyle::Mixed;
    if (lower + particle > 0) return single == 0 ? CaseStyle::Lower : CaseStyle::Mixed;
    if (single > 0) return CaseStyle::Single;
    return CaseStyle::None;
  }
};

// 16 bytes in a SIMD register (SSE2 natively, SIMD128 in WebAssembly), with GCC/Clang vector
// extensions: one code for both targets.
using Bytes16 = uint8_t __attribute__((vector_size(16)));
static_assert(std::endian::native == std::endian::little, "byte blocks assume little endian");

inline Bytes16 splat16(uint8_t c) {
  return Bytes16{} + c;
}
// Bytes in [lo, lo + span) as 0xFF, others 0.
inline Bytes16 in_range(Bytes16 v, uint8_t lo, uint8_t span) {
  return reinterpret_cast<Bytes16>((v - splat16(lo)) < splat16(span));
}
// Bit i = top bit of byte i.
inline uint32_t mask_bits(Bytes16 m) {
#if defined(__wasm_simd128__)
  return static_cast<uint32_t>(wasm_i8x16_bitmask(reinterpret_cast<v128_t>(m)));
#elif defined(__SSE2__)
  return static_cast<uint32_t>(_mm_movemask_epi8(reinterpret_cast<__m128i>(m)));
#else
  uint32_t bits = 0;
  for (int i = 0; i < 16; ++i) bits |= static_cast<uint32_t>(m[i] >> 7) << i;
  return bits;
#endif
}
inline Bytes16 blend16(Bytes16 v, Bytes16 m, uint8_t c) {
  return (v & ~m) | (splat16(c) & m);
}

// Shape bytes of 16 ASCII bytes: capitals to A, lower case to a, digits to 9.
inline Bytes16 shape_block(Bytes16 w) {
  return blend16(blend16(blend16(w, in_range(w, 'A', 26), 'A'), in_range(w, 'a', 26), 'a'),
                 in_range(w, '0', 10), '9');
}

// trim_space, without a call when there is nothing to trim (the common case).
inline std::string_view trim_quick(std::string_view v) {
  if (!v.empty()) {
    const unsigned char a = static_cast<unsigned char>(v.front());
    const unsigned char b = static_cast<unsigned char>(v.back());
    if (a > ' ' && a != 0xC2 && b > ' ' && b != 0xA0) return v;
  }
  return trim_space(v);
}

// The r <= 8 bytes at p as a little-endian word (zero above), reading only those bytes.
inline uint64_t load_partial(const char* p, size_t r) {
  uint64_t x = 0;
  if (r >= 8) {
    std::memcpy(&x, p, 8);
  } else if (r >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + r - 4, 4);
    x = a | static_cast<uint64_t>(b) << (8 * (r - 4));  // overlapping bytes are equal
  } else if (r > 0) {
    x = static_cast<uint64_t>(static_cast<unsigned char>(p[0])) |
        static_cast<uint64_t>(static_cast<unsigned char>(p[r / 2])) << (8 * (r / 2)) |
        static_cast<uint64_t>(static_cast<unsigned char>(p[r - 1])) << (8 * (r - 1));
  }
  return x;
}
// 16 bytes at p (zero past the r bytes available), built in registers.
inline Bytes16 load_block(const char* p, size_t r) {
  using Words = uint64_t __attribute__((vector_size(16)));
  const Words w = {load_partial(p, r < 8 ? r : 8),
                   r > 8 ? load_partial(p + 8, r < 16 ? r - 8 : 8) : 0};
  return reinterpret_cast<Bytes16>(w);
}
// Bits set in x (x86-64's baseline has no popcnt instruction: std::popcount is a library call).
inline uint32_t bit_count(uint64_t x) {
#if defined(__wasm__) || defined(__POPCNT__)
  return static_cast<uint32_t>(std::popcount(x));
#else
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<uint32_t>((x * 0x0101010101010101ull) >> 56);
#endif
}

// Hash of a shape from its bytes as zero-padded little-endian words, taken in pairs (the ASCII
// scan has them in registers).
inline uint64_t mix_words(uint64_t a, uint64_t b) {
  uint64_t h = (a ^ 0x2D358DCCAA6C78A5ull) * 0x9E3779B97F4A7C15ull;
  h ^= ((b ^ 0x8BB84B93962EACC9ull) * 0xC2B2AE3D27D4EB4Full) >> 32 |
       ((b ^ 0x8BB84B93962EACC9ull) * 0xC2B2AE3D27D4EB4Full) << 32;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  return h ^ (h >> 29);
}
inline uint64_t shape_hash_start(uint64_t w0, uint64_t w1, size_t size) {
  return mix_words(w0, w1 ^ (static_cast<uint64_t>(size) << 56));
}
uint64_t shape_hash_of(const char* p, size_t size) {
  uint64_t w[2 * ((sizeof(ValueScan::shape_bytes) + 15) / 16)] = {};
  std::memcpy(w, p, size);
  uint64_t h = shape_hash_start(w[0], w[1], size);
  for (size_t i = 2; i < (size + 15) / 16 * 2; i += 2) h = mix_words(h ^ w[i], w[i + 1]);
  return h;
}

// Fast path for pure-ASCII values of up to 64 bytes (almost all CRM data): the same results as
// the general scan below, branch-light. 16 bytes at a time: the classes of all bytes become bit
// masks (letters, capitals, digits, '@', apostrophes, non-ASCII) and the shape is blended in
// registers; letter runs are then walked with bit tricks (per-character branches mispredict on
// mixed values like emails). False (with `out` unspecified) when not applicable.
bool scan_ascii(std::string_view v, ValueScan& out) {
  const size_t n = v.size();
  if (n > 64) return false;
  uint64_t letter_mask = 0, upper_mask = 0, apos_mask = 0, hyphen_mask = 0, digit_mask = 0,
           at_mask = 0, high = 0;
  alignas(16) char shape[64];
  using Words = uint64_t __attribute__((vector_size(16)));
  Words head[2] = {};  // the shape's first 32 bytes
  for (size_t off = 0; off < n; off += 16) {
    const Bytes16 w = load_block(v.data() + off, n - off);
    const Bytes16 up = in_range(w, 'A', 26), lo = in_range(w, 'a', 26);
    const Bytes16 dg = in_range(w, '0', 10);
    const Bytes16 at = reinterpret_cast<Bytes16>(w == splat16('@'));
    const Bytes16 ap = reinterpret_cast<Bytes16>(w == splat16('\''));
    const Bytes16 hy = reinterpret_cast<Bytes16>(w == splat16('-'));
    const Bytes16 sh = blend16(blend16(blend16(w, up, 'A'), lo, 'a'), dg, '9');
    std::memcpy(shape + off, &sh, 16);
    if (off < 32) head[off / 16] = reinterpret_cast<Words>(sh);
    high |= mask_bits(w);
    letter_mask |= static_cast<uint64_t>(mask_bits(up | lo)) << off;
    upper_mask |= static_cast<uint64_t>(mask_bits(up)) << off;
    digit_mask |= static_cast<uint64_t>(mask_bits(dg)) << off;
    at_mask |= static_cast<uint64_t>(mask_bits(at)) << off;
    apos_mask |= static_cast<uint64_t>(mask_bits(ap)) << off;
    hyphen_mask |= static_cast<uint64_t>(mask_bits(hy)) << off;
  }
  if (high != 0) return false;
  // Apostrophes between two letters join the run ("O'Brien", "Queen's"), and so do hyphens
  // between two lower-case letters ("Ji-woo" is one Title run).
  const uint64_t lower_mask = letter_mask & ~upper_mask;
  const uint64_t runs = letter_mask | (apos_mask & (letter_mask << 1) & (letter_mask >> 1)) |
                        (hyphen_mask & (lower_mask << 1) & (lower_mask >> 1));
  CaseAccumulator acc;
  // Word lists matter only next to Title runs (and particles next to capitals), so lower and
  // upper runs are looked up after the other runs are known.
  uint8_t lower_at[32], lower_len[32], upper_at[32], upper_len[32];
  unsigned n_lower = 0, n_upper = 0;
  uint64_t starts = runs & ~(runs << 1);
  while (starts != 0) {
    const int s = std::countr_zero(starts);
    starts &= starts - 1;
    const int len = std::countr_one(runs >> s);
    const uint64_t len_mask = len >= 64 ? ~uint64_t{0} : (uint64_t{1} << len) - 1;
    const uint64_t ups = (upper_mask >> s) & len_mask, lows = (lower_mask >> s) & len_mask;
    if (ups == 0) {
      if ((lows & (lows - 1)) == 0) {
        acc.add(kRunParticle);  // one letter
      } else {
        lower_at[n_lower] = static_cast<uint8_t>(s),
        lower_len[n_lower++] = static_cast<uint8_t>(len);
      }
      continue;
    }
    if (lows == 0) {
      if ((ups & (ups - 1)) == 0) {
        acc.add(kRunSingle);
      } else {
        upper_at[n_upper] = static_cast<uint8_t>(s),
        upper_len[n_upper++] = static_cast<uint8_t>(len);
      }
      continue;
    }
    // Elided article: the first capital follows an apostrophe that follows only lower case.
    const int first_cap = std::countr_zero(ups);
    const bool elided = first_cap >= 2 && v[s + first_cap - 1] == '\'';
    acc.add((ups & 1) != 0 || elided ? kRunTitle : kRunCamel);
  }
  const bool capitals = acc.counts[kRunTitle] + acc.counts[kRunSingle] + n_upper > 0;
  for (unsigned k = 0; k < n_lower; ++k) {
    acc.add(capitals && is_name_particle(v.data() + lower_at[k], lower_len[k]) ? kRunParticle
                                                                               : kRunLower);
  }
  const bool title = acc.counts[kRunTitle] > 0;
  for (unsigned k = 0; k < n_upper; ++k) {
    acc.add(title && is_acronym(v.data() + upper_at[k], upper_len[k]) ? kRunAcronym : kRunUpper);
  }
  out.case_style = acc.result();
  // The word lists were consulted only for lower runs next to capitals and upper runs next to
  // Title runs: otherwise the style follows from the letters' classes alone.
  out.case_from_shape = !(capitals && n_lower > 0) && !(title && n_upper > 0);
  const size_t keep = n < 24 ? n : 24;
  std::memcpy(out.shape_bytes, shape, 24);
  out.shape_size = static_cast<uint32_t>(keep);
  if (n > 24) {
    std::memcpy(out.shape_bytes + keep, "\xE2\x80\xA6", 3);
    out.shape_size += 3;
    head[1][1] = 0xA680E2;  // "…" at bytes 24-26
  }
  out.shape_hash = shape_hash_start(head[0][0], head[0][1], out.shape_size);
  if (out.shape_size > 16) out.shape_hash = mix_words(out.shape_hash ^ head[1][0], head[1][1]);
  out.length = static_cast<uint32_t>(n);
  out.digits = bit_count(digit_mask);
  out.letters = bit_count(letter_mask);
  out.ats = bit_count(at_mask);
  out.high = 0;
  return true;
}

// One pass: counts, case style and (when `want_shape`) the shape cut to 24 code points.
// Counters live in locals and the shape in a local buffer: writes through `out` would alias.
void scan_text(std::string_view v, bool want_shape, ValueScan& out) {
  if (scan_ascii(v, out)) return;
  constexpr uint32_t kMax = 24;
  CaseAccumulator acc;
  uint32_t pending_apostrophe = 0;
  bool pending_hyphen = false;  // a hyphen right after a lower-case letter
  bool last_lower = false;      // the last character was a lower-case letter
  uint32_t emitted = 0, len = 0, pos = 0, digits = 0, letters = 0, ats = 0, high = 0;
  bool truncated = false;
  char shape[sizeof(out.shape_bytes)];
  const size_t n = v.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char u = static_cast<unsigned char>(v[i]);
    uint32_t cp;
    CharClass k;
    if (u < 0x80) {
      cp = u;
      k = kAscii.cls[u];
      ++i;
      digits += k == kDigit;
      letters += k == kUpper || k == kLower;
      ats += u == '@';
    } else {
      const size_t before = i;
      cp = decode_utf8(v, i);
      high += static_cast<uint32_t>(i - before);
      k = char_class(cp);
    }
    ++len;
    if (k == kUpper || k == kLower) {
      if (pending_hyphen) {
        // A hyphen between two lower-case letters belongs to the run ("Ji-woo").
        if (k == kLower) {
          acc.push_text('-');
        } else {
          acc.end_run();
        }
        pending_hyphen = false;
      }
      if (pending_apostrophe) acc.push_text(pending_apostrophe);
      acc.letter(k, cp, pending_apostrophe != 0);
      pending_apostrophe = 0;
      last_lower = k == kLower;
    } else if (k != kCombining) {
      // An apostrophe between two letters belongs to the run ("O'Brien", "Queen’s").
      const bool in_run = acc.run_upper + acc.run_lower > 0;
      const bool apostrophe =
          (cp == '\'' || cp == 0x2019) && !pending_apostrophe && !pending_hyphen && in_run;
      const bool hyphen =
          cp == '-' && !pending_apostrophe && !pending_hyphen && in_run && last_lower;
      if (apostrophe) {
        pending_apostrophe = cp;
      } else if (hyphen) {
        pending_hyphen = true;
      } else {
        acc.end_run();
        pending_apostrophe = 0;
        pending_hyphen = false;
      }
      last_lower = false;
    }
    if (!want_shape || truncated || k == kCombining) continue;
    if (emitted == kMax) {
      truncated = true;
      continue;
    }
    ++emitted;
    if (cp < 0x80) {
      shape[pos++] = kAscii.shape[cp];
    } else if (k == kUpper) {
      shape[pos++] = 'A';
    } else if (k == kLower || k == kCaseless) {
      shape[pos++] = 'a';
    } else {
      std::string tmp;
      append_utf8(tmp, cp);
      std::memcpy(shape + pos, tmp.data(), tmp.size());
      pos += static_cast<uint32_t>(tmp.size());
    }
  }
  if (truncated) {
    std::memcpy(shape + pos, "\xE2\x80\xA6", 3);  // …
    pos += 3;
  }
  std::memcpy(out.shape_bytes, shape, pos);
  out.shape_size = pos;
  out.shape_hash = shape_hash_of(out.shape_bytes, pos);
  out.length = len;
  out.digits = digits;
  out.letters = letters;
  out.ats = ats;
  out.high = high;
  out.case_style = acc.result();
  out.case_from_shape = false;
}

}  // namespace

CaseStyle case_style(std::string_view v) {
  ValueScan ts;
  scan_text(v, false, ts);
  return ts.case_style;
}

std::string value_shape(std::string_view v, size_t max_chars) {
  ValueScan ts;
  scan_text(v, true, ts);
  std::string s(ts.shape_bytes, ts.shape_size);
  if (max_chars < 24) {
    // Re-cut to fewer code points.
    size_t cps = 0, i = 0;
    for (; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++cps > max_chars) break;
    }
    if (i < s.size()) s = s.substr(0, i) + "\xE2\x80\xA6";
  }
  return s;
}

bool scan_shape(std::string_view raw, ValueScan& out) {
  const std::string_view t = trim_quick(raw);
  const size_t n = t.size();
  if (n > 24) return false;
  // One or two blocks, kept in registers (WebAssembly keeps local arrays in memory).
  using Words = uint64_t __attribute__((vector_size(16)));
  const Bytes16 w0 = load_block(t.data(), n);
  const Bytes16 w1 = n > 16 ? load_block(t.data() + 16, n - 16) : Bytes16{};
  if (mask_bits(w0 | w1) != 0) return false;
  const Bytes16 s0 = shape_block(w0), s1 = shape_block(w1);
  std::memcpy(out.shape_bytes, &s0, 16);
  std::memcpy(out.shape_bytes + 16, &s1, 8);
  out.trimmed = t;
  out.outer_space = n != raw.size();
  out.length = out.outer_space ? static_cast<uint32_t>(utf8_length(raw)) : static_cast<uint32_t>(n);
  out.high = 0;
  out.shape_size = static_cast<uint32_t>(n);
  const Words h0 = reinterpret_cast<Words>(s0);
  uint64_t h = shape_hash_start(h0[0], h0[1], n);
  if (n > 16) {
    const Words h1 = reinterpret_cast<Words>(s1);
    h = mix_words(h ^ h1[0], h1[1]);
  }
  out.shape_hash = h;
  return true;
}

void scan_value(std::string_view raw, ValueScan& out) {
  const std::string_view t = trim_quick(raw);
  out.trimmed = t;
  out.outer_space = t.size() != raw.size();
  scan_text(t, true, out);
  if (out.outer_space) out.length = static_cast<uint32_t>(utf8_length(raw));
}

namespace {

// Gates: cheap tests on a scanned value (all decided by an exact shape) before the classifiers.
bool number_gate(const ValueScan& s) {
  const unsigned char c0 = static_cast<unsigned char>(s.trimmed[0]);
  return s.digits > 0 && s.letters <= 1 && s.ats == 0 && s.digits + 8 >= s.trimmed.size() &&
         (is_digit(c0) || c0 == '-' || c0 == '+' || c0 == '.' || c0 == '$' || c0 >= 0x80);
}
bool bool_gate(const ValueScan& s) {
  return s.trimmed.size() <= 5 && s.ats == 0;
}
bool date_gate(const ValueScan& s) {
  const std::string_view t = s.trimmed;
  const unsigned char c0 = static_cast<unsigned char>(t[0]);
  return s.digits >= 4 && s.ats == 0 && t.size() <= 40 && s.high == 0 &&
         (is_digit(c0) || (is_alpha_ascii(c0) && t.find(' ') != std::string_view::npos));
}
bool url_gate(const ValueScan& s) {
  const unsigned char c0 = static_cast<unsigned char>(s.trimmed[0]);
  return s.letters >= 3 &&
         (c0 == 'h' || c0 == 'H' || c0 == 'f' || c0 == 'F' || c0 == 'w' || c0 == 'W');
}
bool country_gate(const ValueScan& s) {
  return s.digits == 0 && s.ats == 0 && (s.letters > 0 || s.high > 0) && s.trimmed.size() <= 60;
}
// The kShapeFits classifiers.
uint32_t shape_fit_bits(const ValueScan& s) {
  const std::string_view t = s.trimmed;
  uint32_t fits = 0;
  if (s.ats == 1 && is_email(t)) fits |= kFitEmail;
  if (s.digits >= 7 && s.digits <= 40 && s.letters <= 12 && s.ats == 0 && phone_shaped(t))
    fits |= kFitPhoneShape;
  if (s.digits >= 1 && t.size() >= 4 && t.size() <= 10 && s.high == 0) {
    const PostalMatch p = match_postal_code(t);
    if (p == PostalMatch::DigitsOnly) fits |= kFitPostalDigits;
    if (p == PostalMatch::Distinctive) fits |= kFitPostalDistinctive;
  }
  return fits;
}

ValueInfo classify_impl(const ValueScan& scan, const ShapeFacts* facts) {
  ValueInfo info;
  info.outer_space = scan.outer_space;
  info.case_style = scan.case_style;
  info.length = scan.length;
  const std::string_view t = scan.trimmed;
  if (t.empty()) return info;
  if (facts && facts->complete) {
    info.fits = facts->fits;
    return info;
  }
  uint32_t fits = 0;
  // Numbers: digits and at most one letter (an exponent); currency signs are non-ASCII.
  if ((!facts || facts->number) && number_gate(scan)) {
    if (auto n = parse_number(t)) {
      info.number = *n;
      if (n->notation == NumberNotation::Plain) {
        fits |= kFitDecimal;
        if (n->integer) fits |= kFitInteger;
      } else {
        fits |= kFitNumberLoose;
      }
    }
  }
  if (bool_gate(scan)) {
    if (auto b = parse_bool(t)) {
      info.boolean = *b;
      fits |= b->family == BoolFamily::OneZero ? kFitBoolDigit : kFitBoolWord;
    }
  }
  if ((!facts || facts->date) && date_gate(scan)) {
    if (auto d = parse_date(t, false)) {
      info.date = *d;
      if (d->format == DateFormat::YmdCompact) {
        fits |= kFitDateCompact;
      } else if (date_format_has_time(d->format)) {
        fits |= kFitDateTime;
      } else {
        fits |= kFitDate;
      }
    }
  }
  fits |= facts ? facts->fits : shape_fit_bits(scan);
  if (url_gate(scan) && is_url(t)) fits |= kFitUrl;
  if (country_gate(scan)) {
    info.country = match_country(t);
    if (info.country != CountryForm::None) fits |= kFitCountry;
  }
  info.fits = fits;
  return info;
}

}  // namespace

ValueInfo classify_scanned(const ValueScan& scan) {
  return classify_impl(scan, nullptr);
}

ValueInfo classify_scanned(const ValueScan& scan, const ShapeFacts& facts) {
  return classify_impl(scan, &facts);
}

// Why the facts hold for every value with the same exact shape (ASCII, not cut: the shape keeps
// every character but turns digits into 9 and letters into A or a):
//  - the gates and the email, phone and postal-code rules look only at character classes;
//  - for values without letters, parse_number and parse_date check digit values only to reject
//    (a leading zero, a magnitude, a month or hour out of range; YYYYMMDD's year range aside):
//    with every digit 1 none of those checks rejects, so if the shape's all-ones value fails,
//    every value with the shape fails;
//  - a URL starts with http://, https://, ftp:// or www. in any case, which the shape shows;
//  - the letter case follows from the shape unless word lists were consulted.
ShapeFacts shape_facts(const ValueScan& scan) {
  ShapeFacts f;
  const std::string_view t = scan.trimmed;
  if (t.empty()) {
    f.complete = true;
    return f;
  }
  f.fits = shape_fit_bits(scan);
  char ones[24];
  const std::string_view shape = scan.shape();
  for (size_t i = 0; i < shape.size() && i < sizeof(ones); ++i) {
    ones[i] = shape[i] == '9' ? '1' : shape[i];
  }
  const std::string_view all_ones(ones, std::min(shape.size(), sizeof(ones)));
  f.number = number_gate(scan) && (scan.letters > 0 || parse_number(all_ones).has_value());
  f.date = date_gate(scan) &&
           (scan.letters > 0 || shape == "99999999" || parse_date(all_ones).has_value());
  bool url = false;
  if (scan.letters >= 3 && is_alpha_ascii(static_cast<unsigned char>(t[0]))) {
    char folded[8];
    const size_t k = std::min<size_t>(shape.size(), sizeof(folded));
    for (size_t i = 0; i < k; ++i) folded[i] = shape[i] == 'A' ? 'a' : shape[i];
    const std::string_view head(folded, k);
    for (std::string_view p : {"aaaa://", "aaaaa://", "aaa://", "aaa."}) {
      if (head.substr(0, p.size()) == p) url = true;
    }
  }
  f.complete = !f.number && !f.date && !bool_gate(scan) && !url && !country_gate(scan) &&
               scan.case_from_shape;
  if (f.complete) f.case_style = scan.case_style;
  return f;
}

ValueInfo classify_value(std::string_view raw, std::string* shape) {
  ValueScan scan;
  scan_value(raw, scan);
  if (shape) shape->assign(scan.shape_bytes, scan.shape_size);
  return classify_impl(scan, nullptr);
}

namespace {

// Lower-case tokens of a column name: split at non-alphanumerics and camelCase boundaries.
std::vector<std::string> name_tokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  char prev = 0;
  for (char ch : name) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (!is_alnum_ascii(u)) {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      if (is_upper_ascii(u) && is_lower_ascii(prev) && !cur.empty()) {
        out.push_back(std::move(cur));
        cur.clear();
      }
      cur += lower_ascii(ch);
    }
    prev = ch;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) {
  return s.find(p) != std::string_view::npos;
}

}  // namespace

uint32_t column_hints(std::string_view name) {
  const std::vector<std::string> tokens = name_tokens(name);
  std::string joined;
  for (const std::string& t : tokens) joined += t;
  uint32_t h = 0;
  auto has_token = [&](std::initializer_list<std::string_view> words) {
    for (const std::string& t : tokens) {
      for (std::string_view w : words) {
        if (t == w) return true;
      }
    }
    return false;
  };
  // Dates.
  if (contains(joined, "date") || contains(joined, "birth") || contains(joined, "created") ||
      contains(joined, "updated") || contains(joined, "signup") || contains(joined, "modified") ||
      contains(joined, "timestamp") || has_token({"dob", "dt", "signed", "joined", "registered"}) ||
      (tokens.size() >= 2 && (tokens.back() == "at" || tokens.back() == "on")))
    h |= kHintDate;
  // Postal codes.
  if (contains(joined, "zip") || contains(joined, "postcode") || contains(joined, "postal") ||
      has_token({"plz", "cep", "pincode"}))
    h |= kHintPostal;
  // Phones.
  bool tel = false;
  for (const std::string& t : tokens) {
    if (t == "tel" || starts_with(t, "telephone") || starts_with(t, "telefon") ||
        starts_with(t, "fax") || t == "cell" || t == "cellphone" || t == "tel1" || t == "tel2")
      tel = true;
  }
  if (tel || contains(joined, "phone") || contains(joined, "mobile")) h |= kHintPhone;
  // Countries.
  if (contains(joined, "country") || has_token({"nation", "nationality"})) h |= kHintCountry;
  if (has_token({"state", "region", "province", "county", "prefecture", "canton"}))
    h |= kHintNotCountry;
  // Booleans.
  if ((tokens.size() >= 2 && (tokens[0] == "is" || tokens[0] == "has" || tokens[0] == "can" ||
                              tokens[0] == "was" || tokens[0] == "should")) ||
      has_token({"active", "inactive", "flag", "enabled", "disabled", "subscribed", "unsubscribed",
                 "verified", "deleted", "consent", "bool", "optin", "optout"}) ||
      contains(joined, "optin") || contains(joined, "optout") || contains(joined, "flag"))
    h |= kHintBoolean;
  // Identifiers.
  if (has_token({"id", "uuid", "guid", "key", "uid"})) h |= kHintId;
  // "Customer number", "account_no", "RecordNr": a number of a record-like thing.
  if (tokens.size() >= 2) {
    const std::string& last_token = tokens.back();
    const std::string& before = tokens[tokens.size() - 2];
    const bool number =
        last_token == "number" || last_token == "no" || last_token == "num" || last_token == "nr";
    for (std::string_view w : {"record", "customer", "contact", "account", "client", "member",
                               "lead", "user", "person", "party"}) {
      if (number && before == w) h |= kHintId;
    }
  }
  if (contains(joined, "email") || has_token({"mail"})) h |= kHintEmail;
  // Last-update columns (timeliness).
  static constexpr std::string_view kExact[] = {
      "updated",      "updatedat",      "updatedon",   "modified",    "modifiedat", "modifiedon",
      "datemodified", "modifieddate",   "dateupdated", "updateddate", "updatetime", "updatedtime",
      "modifiedtime", "systemmodstamp", "lastupdate",  "changedat",   "changed"};
  bool last = starts_with(joined, "lastupdate") || starts_with(joined, "lastmodif") ||
              starts_with(joined, "lastactivit") || starts_with(joined, "lastchange") ||
              starts_with(joined, "lastedit");
  for (std::string_view w : kExact) last = last || joined == w;
  if (last) h |= kHintLastUpdated;
  return h;
}

}  // namespace crm
