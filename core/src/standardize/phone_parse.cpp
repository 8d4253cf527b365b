// Phone parsing: libphonenumber's parse(text, region) and is_valid_number, step by step (the
// names of its functions are kept in the comments), over the metadata of phone_regions.h.
#include <algorithm>
#include <cstring>
#include <utility>

#include "crm/phone.h"
#include "standardize/phone_regions.h"

namespace crm {

namespace {

using phone_detail::Region;

constexpr size_t kMaxInput = 250;  // code points
constexpr size_t kMinNsn = 2, kMaxNsn = 17;

// ---------------------------------------------------------------------------------------------
// Characters (code points).

// Classes of the ASCII characters, for the common case of ASCII text.
enum : uint8_t {
  kCDigit = 1,     // 0-9
  kCPunct = 2,     // libphonenumber's VALID_PUNCTUATION
  kCAlpha = 4,     // a-z A-Z
  kCStar = 8,      // *
  kCExtHint = 16,  // may_have_ext's characters: # ; , ~ and A-z
};
struct AsciiClasses {
  uint8_t c[128] = {};
  constexpr AsciiClasses() {
    for (int i = '0'; i <= '9'; ++i) c[i] |= kCDigit;
    for (const char p : {'-', 'x', ' ', '(', ')', '.', '[', ']', '/', '~'})
      c[static_cast<int>(p)] |= kCPunct;
    for (int i = 'a'; i <= 'z'; ++i) c[i] |= kCAlpha;
    for (int i = 'A'; i <= 'Z'; ++i) c[i] |= kCAlpha;
    c[static_cast<int>('*')] |= kCStar;
    for (int i = 'A'; i <= 'z'; ++i) c[i] |= kCExtHint;
    for (const char p : {'#', ';', ',', '~'}) c[static_cast<int>(p)] |= kCExtHint;
  }
};
constexpr AsciiClasses kAscii;

bool is_plus(char32_t c) {
  return c == '+' || c == 0xFF0B;
}
// Decimal digit value of a Unicode digit (the common scripts), -1 otherwise.
int digit_value(char32_t c) {
  if (c - '0' < 10) return static_cast<int>(c - '0');
  if (c < 0x80) return -1;
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);
  if (c >= 0x0660 && c <= 0x0669) return static_cast<int>(c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return static_cast<int>(c - 0x06F0);
  if (c >= 0x0966 && c <= 0x096F) return static_cast<int>(c - 0x0966);
  return -1;
}
bool is_digit(char32_t c) {
  return digit_value(c) >= 0;
}
bool is_ascii_alpha(char32_t c) {
  return c < 0x80 && (kAscii.c[c] & kCAlpha);
}
// libphonenumber's VALID_PUNCTUATION beyond ASCII.
bool is_wide_punct(char32_t c) {
  switch (c) {
    case 0x00A0:
    case 0x00AD:
    case 0x200B:
    case 0x2060:
    case 0x3000:
    case 0x2212:
    case 0x30FC:
    case 0xFF08:
    case 0xFF09:
    case 0xFF3B:
    case 0xFF3D:
    case 0x2053:
    case 0x223C:
    case 0xFF5E:
      return true;
    default:
      return (c >= 0x2010 && c <= 0x2015) || (c >= 0xFF0D && c <= 0xFF0F);
  }
}
// libphonenumber's VALID_PUNCTUATION.
bool is_punct(char32_t c) {
  return c < 0x80 ? (kAscii.c[c] & kCPunct) != 0 : is_wide_punct(c);
}
// A letter or digit (Python's \w without '_'), approximated for non-ASCII: symbols and
// punctuation blocks are not.
bool is_alnum(char32_t c) {
  if (c < 0x80) return is_ascii_alpha(c) || (c >= '0' && c <= '9');
  if (is_digit(c)) return true;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
      (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || c == 0xFFFD || c == 0xFEFF)
    return false;
  return true;
}
char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0x0410 && c <= 0x042F) return c + 32;  // Cyrillic
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;  // fullwidth Latin
  return c;
}

// A code-point string of at most kMaxInput + a few code points.
struct Cps {
  char32_t c[kMaxInput + 8];
  size_t n = 0;
  uint8_t classes = 0;  // the AsciiClasses bits of its ASCII characters, or'ed
  bool wide = false;    // a character beyond ASCII
  char32_t operator[](size_t i) const { return c[i]; }
};

// Decodes UTF-8 (an invalid byte is U+FFFD); false when longer than kMaxInput code points.
bool decode(std::string_view s, Cps& out) {
  size_t i = 0;
  out.n = 0;
  // ASCII first (no length test needed while the bytes fit).
  const size_t ascii_end = std::min(s.size(), kMaxInput);
  uint8_t classes = 0;
  while (i < ascii_end) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80) break;
    classes |= kAscii.c[b];
    out.c[i++] = b;
  }
  out.n = i;
  out.classes = classes;
  out.wide = false;
  if (i == s.size()) return true;
  while (i < s.size()) {
    if (out.n >= kMaxInput) return false;
    const unsigned char b = static_cast<unsigned char>(s[i]);
    char32_t cp = 0xFFFD;
    size_t len = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xC2 && b < 0xE0 && i + 1 < s.size()) {
      cp = ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu), len = 2;
    } else if (b >= 0xE0 && b < 0xF0 && i + 2 < s.size()) {
      cp = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu), len = 3;
    } else if (b >= 0xF0 && b < 0xF5 && i + 3 < s.size()) {
      cp = ((b & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
           (s[i + 3] & 0x3Fu),
      len = 4;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) cp = 0xFFFD, len = 1;
    }
    if (cp < 0x80) {
      out.classes |= kAscii.c[cp];
    } else {
      out.wide = true;
    }
    out.c[out.n++] = cp;
    i += len;
  }
  return true;
}

// Index of ASCII `needle` in cps[from, to), or -1.
long find(const Cps& s, std::string_view needle, size_t from, size_t to) {
  if (needle.size() > to) return -1;
  for (size_t i = from; i + needle.size() <= to; ++i) {
    size_t k = 0;
    while (k < needle.size() && s[i + k] == static_cast<unsigned char>(needle[k])) ++k;
    if (k == needle.size()) return static_cast<long>(i);
  }
  return -1;
}

// A view of code points [b, e) of a Cps.
struct Span {
  const char32_t* p;
  size_t n;
  char32_t operator[](size_t i) const { return p[i]; }
};

// ---------------------------------------------------------------------------------------------
// Extensions (EXTN_PATTERNS_FOR_PARSING), each alternative anchored at the end.

bool ext_sep(char32_t c) {  // [ \u00A0\t,]
  return c == ' ' || c == 0xA0 || c == '\t' || c == ',';
}
bool after_label_sep(char32_t c) {  // [ \u00A0\t,-]
  return ext_sep(c) || c == '-';
}
// [:\.．]?[ \u00A0\t,-]*(\d{1,max})#?$ from i; writes the digits' span.
bool ext_tail(Span s, size_t i, size_t max, size_t& db, size_t& de) {
  if (i < s.n && (s[i] == ':' || s[i] == '.' || s[i] == 0xFF0E)) ++i;
  while (i < s.n && after_label_sep(s[i])) ++i;
  const size_t b = i;
  while (i < s.n && is_digit(s[i])) ++i;
  if (i == b || i - b > max) return false;
  const size_t e = i;
  if (i < s.n && s[i] == '#') ++i;
  if (i != s.n) return false;
  db = b, de = e;
  return true;
}
// Case-insensitive literal at i; returns the position after it or 0 (never a valid end here).
size_t lit(Span s, size_t i, std::u32string_view w) {
  if (i + w.size() > s.n) return 0;
  for (size_t k = 0; k < w.size(); ++k) {
    if (lower(s[i + k]) != w[k]) return 0;
  }
  return i + w.size();
}
// End of an explicit label at i (e?xt(?:ensi(?:o\u0301?|ó))?n?, ｅ?ｘｔｎ?, доб, anexo), or 0.
size_t explicit_label(Span s, size_t i) {
  size_t j = i;
  if (j < s.n && lower(s[j]) == 'e') ++j;
  if (size_t k = lit(s, j, U"xt")) {
    j = k;
    if (size_t m = lit(s, j, U"ensi")) {
      if (m < s.n && lower(s[m]) == 'o') {
        ++m;
        if (m < s.n && s[m] == 0x301) ++m;
        j = m;
      } else if (m < s.n && lower(s[m]) == 0xF3) {
        j = m + 1;
      }
    }
    if (j < s.n && lower(s[j]) == 'n') ++j;
    return j;
  }
  j = i;
  if (j < s.n && lower(s[j]) == 0xFF45) ++j;
  if (size_t k = lit(s, j, U"\uFF58\uFF54")) {
    j = k;
    if (j < s.n && lower(s[j]) == 0xFF4E) ++j;
    return j;
  }
  if (size_t k = lit(s, i, U"\u0434\u043E\u0431")) return k;
  if (size_t k = lit(s, i, U"anexo")) return k;
  return 0;
}
// End of an ambiguous label at i ([xｘ#＃~～], int, ｉｎｔ), or 0.
size_t ambiguous_label(Span s, size_t i) {
  if (i >= s.n) return 0;
  const char32_t c = lower(s[i]);
  if (c == 'x' || c == 0xFF58 || c == '#' || c == 0xFF03 || c == '~' || c == 0xFF5E) return i + 1;
  if (size_t k = lit(s, i, U"int")) return k;
  if (size_t k = lit(s, i, U"\uFF49\uFF4E\uFF54")) return k;
  return 0;
}
// True when s[q..] is an extension (one of the alternatives, in their order); writes the span of
// its digits.
bool ext_at(Span s, size_t q, size_t& db, size_t& de) {
  // Every alternative starts with one of these (lower-cased): a separator, ';', or the first
  // character of a label.
  if (q >= s.n) return false;
  switch (lower(s[q])) {
    case ';':
    case ' ':
    case 0xA0:
    case '\t':
    case ',':
    case '-':
    case 'e':
    case 'x':
    case 'a':
    case 'i':
    case '#':
    case '~':
    case 0xFF45:
    case 0xFF58:
    case 0x434:
    case 0xFF03:
    case 0xFF5E:
    case 0xFF49:
      break;
    default:
      return false;
  }
  // ;ext=(\d{1,20})$
  if (size_t k = lit(s, q, U";ext=")) {
    size_t i = k;
    while (i < s.n && is_digit(s[i])) ++i;
    if (i == s.n && i > k && i - k <= 20) {
      db = k, de = i;
      return true;
    }
  }
  size_t i = q;
  while (i < s.n && ext_sep(s[i])) ++i;
  if (size_t k = explicit_label(s, i); k && ext_tail(s, k, 20, db, de)) return true;
  if (size_t k = ambiguous_label(s, i); k && ext_tail(s, k, 9, db, de)) return true;
  // [- ]+(\d{1,6})#$
  {
    size_t j = q;
    while (j < s.n && (s[j] == '-' || s[j] == ' ')) ++j;
    if (j > q) {
      const size_t b = j;
      while (j < s.n && is_digit(s[j])) ++j;
      if (j > b && j - b <= 6 && j + 1 == s.n && s[j] == '#') {
        db = b, de = j;
        return true;
      }
    }
  }
  size_t j = q;
  while (j < s.n && (s[j] == ' ' || s[j] == 0xA0 || s[j] == '\t')) ++j;
  // (?:,{2}|;) then the tail with up to 15 digits.
  if (j + 1 < s.n && s[j] == ',' && s[j + 1] == ',' && ext_tail(s, j + 2, 15, db, de)) return true;
  if (j < s.n && s[j] == ';' && ext_tail(s, j + 1, 15, db, de)) return true;
  // ,+ then the tail with up to 9 digits.
  if (j < s.n && s[j] == ',') {
    size_t k = j;
    while (k < s.n && s[k] == ',') ++k;
    if (ext_tail(s, k, 9, db, de)) return true;
  }
  return false;
}
// Cheap test: an extension needs one of these characters.
bool may_have_ext(Span s) {
  for (size_t i = 0; i < s.n; ++i) {
    const char32_t c = s[i];
    if (c < 0x80 ? (kAscii.c[c] & kCExtHint) != 0 : c >= 0x400) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// _is_viable_phone_number: \d{2} | [+＋]*(?:[punct*]*\d){3,}[punct*alpha\d]* (extension)? in full.
bool viable(Span s) {
  if (s.n < kMinNsn) return false;
  if (s.n == 2 && is_digit(s[0]) && is_digit(s[1])) return true;
  size_t i = 0;
  while (i < s.n && is_plus(s[i])) ++i;
  size_t digits = 0;
  while (i < s.n && digits < 3) {
    if (is_digit(s[i])) {
      ++digits;
    } else if (!(is_punct(s[i]) || s[i] == '*')) {
      return false;
    }
    ++i;
  }
  if (digits < 3) return false;
  const size_t min_q = i;  // the extension starts after the third digit
  // [punct*alpha\d]*
  while (i < s.n) {
    const char32_t c = s[i];
    if (c < 0x80 ? !(kAscii.c[c] & (kCPunct | kCStar | kCAlpha | kCDigit))
                 : !(is_wide_punct(c) || is_digit(c)))
      break;
    ++i;
  }
  if (i == s.n) return true;
  size_t db, de;
  for (size_t q = min_q; q <= i; ++q) {
    if (ext_at(s, q, db, de)) return true;
  }
  return false;
}

// _extract_possible_number into `out` (a span of `s`).
Span extract_possible(const Cps& s) {
  size_t b = 0;
  while (b < s.n && !is_plus(s[b]) && !is_digit(s[b])) ++b;
  if (b == s.n) return {s.c, 0};
  size_t e = s.n;
  while (e > b && (s[e - 1] == '_' || (!is_alnum(s[e - 1]) && s[e - 1] != '#'))) --e;
  // [\\/] *x: the start of a second number.
  for (size_t i = b; i < e; ++i) {
    if (s[i] == '\\' || s[i] == '/') {
      size_t j = i + 1;
      while (j < e && s[j] == ' ') ++j;
      if (j < e && s[j] == 'x') {
        e = i;
        break;
      }
    }
  }
  return {s.c + b, e - b};
}

// ---------------------------------------------------------------------------------------------
// Digits.

// A short ASCII digit string.
struct Digits {
  char d[kMaxInput + 24];
  size_t n = 0;
  Digits() = default;
  Digits(const Digits& o) : n(o.n) { std::memcpy(d, o.d, n); }
  Digits& operator=(const Digits& o) {
    n = o.n;
    std::memmove(d, o.d, n);
    return *this;
  }
  std::string_view view() const { return std::string_view(d, n); }
  void push(char c) { d[n++] = c; }
};

// _normalize: keypad digits for letters when there are 3 or more ASCII letters (then only
// ASCII digits are kept), else the digits only.
void normalize(Span s, Digits& out) {
  // One pass for the digits, counting the letters; again with the keypad when there are 3.
  const size_t start = out.n;
  size_t letters = 0;
  for (size_t i = 0; i < s.n; ++i) {
    const char32_t c = s[i];
    if (c < 0x80) {
      const uint8_t k = kAscii.c[c];
      if (k & kCDigit) {
        out.push(static_cast<char>(c));
      } else if (k & kCAlpha) {
        ++letters;
      }
    } else {
      const int v = digit_value(c);
      if (v >= 0) out.push(static_cast<char>('0' + v));
    }
  }
  if (letters >= 3) {
    out.n = start;
    static constexpr char kKeys[] = "22233344455566677778889999";
    for (size_t i = 0; i < s.n; ++i) {
      const char32_t c = s[i];
      if (c >= '0' && c <= '9')
        out.push(static_cast<char>(c));
      else if (c >= 'a' && c <= 'z')
        out.push(kKeys[c - 'a']);
      else if (c >= 'A' && c <= 'Z')
        out.push(kKeys[c - 'A']);
    }
  }
}

// How a length fits a region's possible lengths (_test_number_length).
enum class LengthFit { Possible, TooShort, TooLong, Invalid };
LengthFit test_length(size_t n, phone_detail::LengthMask m) {
  if (m == 0) return LengthFit::Invalid;
  if (n < 32 && (m >> n) & 1) return LengthFit::Possible;
  const int lo = __builtin_ctz(m), hi = 31 - __builtin_clz(m);
  if (static_cast<int>(n) < lo) return LengthFit::TooShort;
  if (static_cast<int>(n) > hi) return LengthFit::TooLong;
  return LengthFit::Invalid;
}

bool matches_general(Region& r, std::string_view nsn) {
  return r.general.full_match(nsn);
}

// _maybe_strip_national_prefix_carrier_code: rewrites `number` and returns true when stripped.
bool strip_national_prefix(Region& r, Digits& number) {
  if (number.n == 0 || r.npfp.empty()) return false;
  const std::string_view v = number.view();
  if (!r.npfp.prefix_match(v)) return false;  // cheap DFA test before the Pike VM
  DigitRegex::Captures caps;
  if (!r.npfp.looking_at(v, caps)) return false;
  const bool viable_original = matches_general(r, v);
  const int groups = r.npfp.groups();
  const char* rule = r.d->np_transform;
  const size_t end = static_cast<size_t>(caps.end);
  if (!rule || !*rule || groups == 0 || caps.pos[2 * groups] < 0) {
    if (viable_original && !matches_general(r, v.substr(end))) return false;
    std::memmove(number.d, number.d + end, number.n - end);
    number.n -= end;
    return true;
  }
  Digits t;
  for (const char* p = rule; *p; ++p) {
    if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
      const int g = p[1] - '0';
      if (g <= groups && caps.pos[2 * g] >= 0) {
        for (int k = caps.pos[2 * g]; k < caps.pos[2 * g + 1]; ++k) t.push(v[k]);
      }
      ++p;
    } else {
      t.push(*p);
    }
  }
  for (size_t k = end; k < v.size(); ++k) t.push(v[k]);
  if (viable_original && !matches_general(r, t.view())) return false;
  number = t;
  return true;
}

// _extract_country_code: a known code of 1-3 digits at the start (not starting with 0).
unsigned extract_country_code(Digits& full) {
  if (full.n == 0 || full.d[0] == '0') return 0;
  unsigned cc = 0;
  for (size_t i = 0; i < full.n && i < 3; ++i) {
    cc = cc * 10 + static_cast<unsigned>(full.d[i] - '0');
    int first, count;
    phone_detail::calling_code_regions(cc, first, count);
    if (count > 0) {
      std::memmove(full.d, full.d + i + 1, full.n - i - 1);
      full.n -= i + 1;
      return cc;
    }
  }
  return 0;
}

// Which of the type patterns (bits 0-9) fit `nsn` in region `r`, its length included, when
// `nsn` has a possible length and fits the general pattern; 0 otherwise. One pass of the
// region's combined automaton instead of one per pattern.
uint32_t fitting_types(Region& r, std::string_view nsn) {
  const size_t n = nsn.size();
  if (n >= 32 || !((r.lengths >> n) & 1)) return 0;
  const uint32_t tags = r.typed.full_match_tags(nsn);
  if (!(tags & (1u << phone_detail::kGeneralTag))) return 0;
  return tags & r.types_of_length[n];
}

// The type of `nsn` in region `r` (_get_number_type_helper), Unknown when none.
PhoneType number_type(Region& r, std::string_view nsn) {
  const uint32_t f = fitting_types(r, nsn);
  auto fits = [&](int t) { return ((f >> t) & 1) != 0; };
  // Metadata order: 0 fixed line, 1 mobile, 2 toll free, 3 premium rate, 4 personal number,
  // 5 voicemail, 6 UAN, 7 pager, 8 VoIP, 9 shared cost.
  if (fits(3)) return PhoneType::PremiumRate;
  if (fits(2)) return PhoneType::TollFree;
  if (fits(9)) return PhoneType::SharedCost;
  if (fits(8)) return PhoneType::Voip;
  if (fits(4)) return PhoneType::PersonalNumber;
  if (fits(7)) return PhoneType::Pager;
  if (fits(6)) return PhoneType::Uan;
  if (fits(5)) return PhoneType::Voicemail;
  if (fits(0)) return fits(1) ? PhoneType::FixedLineOrMobile : PhoneType::FixedLine;
  if (fits(1)) return PhoneType::Mobile;
  return PhoneType::Unknown;
}

// True when number_type(r, nsn) is not Unknown.
bool has_type(Region& r, std::string_view nsn) {
  return fitting_types(r, nsn) != 0;
}

void fail(PhoneNumber& out, PhoneReason r) {
  out = PhoneNumber();
  out.reason = r;
}

}  // namespace

PhoneNumber parse_phone(std::string_view text, std::string_view default_region, bool with_type) {
  PhoneNumber out;
  Cps s;
  if (!decode(text, s)) {
    fail(out, PhoneReason::TooLongNsn);
    return out;
  }
  // _build_national_number_for_parsing: a tel: URI's phone-context, or the number in the text.
  Cps built;
  Span nat;
  // RFC 3966 parameters (phone-context, isub) need a ';'.
  const bool semicolon = text.find(';') != std::string_view::npos;
  const long ctx = semicolon ? find(s, ";phone-context=", 0, s.n) : -1;
  if (ctx >= 0) {
    const size_t cb = static_cast<size_t>(ctx) + 15;
    if (cb + 1 < s.n && s[cb] == '+') {
      long ce = find(s, ";", cb, s.n);
      const size_t e = ce > 0 ? static_cast<size_t>(ce) : s.n;
      for (size_t i = cb; i < e; ++i) built.c[built.n++] = s[i];
    }
    const long tel = find(s, "tel:", 0, s.n);
    for (size_t i = tel >= 0 ? static_cast<size_t>(tel) + 4 : 0; i < static_cast<size_t>(ctx); ++i)
      built.c[built.n++] = s[i];
    nat = {built.c, built.n};
  } else {
    nat = extract_possible(s);
  }
  // Cut an ISDN subaddress.
  for (size_t i = 1; semicolon && i + 6 <= nat.n; ++i) {
    if (nat[i] == ';' && nat[i + 1] == 'i' && nat[i + 2] == 's' && nat[i + 3] == 'u' &&
        nat[i + 4] == 'b' && nat[i + 5] == '=') {
      nat.n = i;
      break;
    }
  }
  if (!viable(nat)) {
    fail(out, PhoneReason::NotANumber);
    return out;
  }
  const int default_index = phone_detail::region_index(default_region);
  if (default_index < 0 && !is_plus(nat[0])) {
    fail(out, PhoneReason::InvalidCountryCode);
    return out;
  }
  // _maybe_strip_extension.
  if (((s.classes & kCExtHint) || s.wide) && may_have_ext(nat)) {
    size_t db, de;
    for (size_t q = 0; q < nat.n; ++q) {
      if (ext_at(nat, q, db, de)) {
        if (viable({nat.p, q})) {
          for (size_t i = db; i < de && out.ext_len < 20; ++i)
            out.ext[out.ext_len++] = static_cast<char>('0' + digit_value(nat[i]));
          nat.n = q;
        }
        break;
      }
    }
  }
  Region* meta = default_index >= 0 ? &phone_detail::region(default_index) : nullptr;
  // _maybe_extract_country_code (with the retry without leading plus signs).
  Digits nsn, full;
  unsigned cc = 0;
  auto extract = [&](Span number) -> PhoneReason {
    nsn.n = 0;
    full.n = 0;
    if (number.n == 0) return PhoneReason::Ok;
    size_t i = 0;
    bool international = false;
    while (i < number.n && is_plus(number[i])) ++i;
    if (i > 0) {
      normalize({number.p + i, number.n - i}, full);
      international = true;
    } else {
      normalize(number, full);
      if (meta && !meta->idd.empty() && meta->idd.prefix_match(full.view())) {
        DigitRegex::Captures caps;
        if (meta->idd.looking_at(full.view(), caps)) {
          const size_t e = static_cast<size_t>(caps.end);
          // Not when a 0 follows: country codes do not start with 0.
          if (!(e < full.n && full.d[e] == '0')) {
            std::memmove(full.d, full.d + e, full.n - e);
            full.n -= e;
            international = true;
          }
        }
      }
    }
    if (international) {
      if (full.n <= kMinNsn) return PhoneReason::TooShortAfterIdd;
      cc = extract_country_code(full);
      if (cc == 0) return PhoneReason::InvalidCountryCode;
      nsn = full;
      return PhoneReason::Ok;
    }
    if (meta) {
      // A national number may start with the region's own country code.
      char code[8];
      int len = 0;
      for (unsigned c = meta->d->cc; c > 0; c /= 10) code[len++] = static_cast<char>('0' + c % 10);
      for (int a = 0, b = len - 1; a < b; ++a, --b) std::swap(code[a], code[b]);
      if (full.view().substr(0, len) == std::string_view(code, len)) {
        Digits pot;
        for (size_t k = len; k < full.n; ++k) pot.push(full.d[k]);
        strip_national_prefix(*meta, pot);
        if ((!matches_general(*meta, full.view()) && matches_general(*meta, pot.view())) ||
            test_length(full.n, meta->lengths) == LengthFit::TooLong) {
          cc = meta->d->cc;
          nsn = pot;
          return PhoneReason::Ok;
        }
      }
    }
    return PhoneReason::Ok;  // no country code: cc stays 0
  };
  PhoneReason r = extract(nat);
  if (r == PhoneReason::InvalidCountryCode && is_plus(nat[0])) {
    size_t i = 0;
    while (i < nat.n && is_plus(nat[i])) ++i;
    r = extract({nat.p + i, nat.n - i});
    if (r == PhoneReason::Ok && cc == 0) r = PhoneReason::InvalidCountryCode;
  }
  if (r != PhoneReason::Ok) {
    fail(out, r);
    return out;
  }
  if (cc != 0) {
    int first, count;
    phone_detail::calling_code_regions(cc, first, count);
    if (first != default_index) meta = &phone_detail::region(first);
  } else {
    nsn = full;  // the digits of nat (the country code search left them as they were)
    cc = meta->d->cc;
  }
  if (nsn.n < kMinNsn) {
    fail(out, PhoneReason::TooShortNsn);
    return out;
  }
  {
    Digits pot = nsn;
    if (strip_national_prefix(*meta, pot)) {
      const LengthFit f = test_length(pot.n, meta->lengths);
      if (f != LengthFit::TooShort && f != LengthFit::Invalid) nsn = pot;
    }
  }
  if (nsn.n < kMinNsn) {
    fail(out, PhoneReason::TooShortNsn);
    return out;
  }
  if (nsn.n > kMaxNsn) {
    fail(out, PhoneReason::TooLongNsn);
    return out;
  }
  out.country_code = static_cast<uint16_t>(cc);
  std::memcpy(out.nsn, nsn.d, nsn.n);
  out.nsn_len = static_cast<uint8_t>(nsn.n);
  // Validity: the region of the number among those sharing its code, then its type there.
  const std::string_view v = out.national_number();
  int first, count;
  phone_detail::calling_code_regions(cc, first, count);
  Region& main = phone_detail::region(first);
  switch (test_length(v.size(), main.lengths)) {
    case LengthFit::Possible:
      out.possible = true;
      out.reason = PhoneReason::Unassigned;
      break;
    case LengthFit::TooShort:
      out.reason = PhoneReason::TooShort;
      break;
    case LengthFit::TooLong:
      out.reason = PhoneReason::TooLong;
      break;
    case LengthFit::Invalid:
      out.reason = PhoneReason::InvalidLength;
      break;
  }
  for (int i = first; i < first + count; ++i) {
    Region& reg = phone_detail::region(i);
    // with_type: the number's type; else only whether it has one (type stays Unknown).
    PhoneType t = PhoneType::Unknown;
    bool typed = false;
    if (count > 1 && !reg.leading.empty()) {
      if (!reg.leading.prefix_match(v)) continue;
      t = with_type ? number_type(reg, v) : PhoneType::Unknown;
      typed = with_type ? t != PhoneType::Unknown : has_type(reg, v);
    } else {
      t = with_type ? number_type(reg, v) : PhoneType::Unknown;
      typed = with_type ? t != PhoneType::Unknown : has_type(reg, v);
      if (!typed && count > 1) continue;
    }
    std::memcpy(out.region, reg.d->id, std::strlen(reg.d->id) + 1);
    out.type = t;
    if (typed) out.reason = PhoneReason::Ok;
    break;
  }
  return out;
}

const char* phone_reason_name(PhoneReason r) {
  switch (r) {
    case PhoneReason::Ok:
      return "ok";
    case PhoneReason::NotANumber:
      return "not_a_number";
    case PhoneReason::InvalidCountryCode:
      return "invalid_country_code";
    case PhoneReason::TooShortAfterIdd:
      return "too_short_after_idd";
    case PhoneReason::TooShortNsn:
      return "too_short_nsn";
    case PhoneReason::TooLongNsn:
      return "too_long_nsn";
    case PhoneReason::TooShort:
      return "too_short";
    case PhoneReason::TooLong:
      return "too_long";
    case PhoneReason::InvalidLength:
      return "invalid_length";
    case PhoneReason::Unassigned:
      return "unassigned";
  }
  return "not_a_number";
}

const char* phone_type_name(PhoneType t) {
  static constexpr const char* kNames[] = {
      "unknown",         "fixed_line",   "mobile",      "fixed_line_or_mobile",
      "toll_free",       "premium_rate", "shared_cost", "voip",
      "personal_number", "pager",        "uan",         "voicemail"};
  return kNames[static_cast<int>(t)];
}

}  // namespace crm
