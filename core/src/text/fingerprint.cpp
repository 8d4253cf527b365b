// OpenRefine's key-collision keys (FingerprintKeyer and NGramFingerprintKeyer of OpenRefine 3.x),
// written here from their published definition on utf8proc: the same keys natively and in
// WebAssembly. Java details kept: lower case before the compatibility decomposition, İ and final
// sigma, the leading empty word Java's split keeps, and sorting in UTF-16 order.
#include <algorithm>
#include <string>
#include <vector>

#include "crm/keys.h"
#include "crm/text.h"
#include "text/codepoints.h"

namespace crm {
namespace {

using U32 = std::u32string;

// utf8proc_category_t values used here.
constexpr int kLm = 4, kPcFirst = 12, kPoLast = 18, kSk = 21, kCc = 26;

/// Java's String.toLowerCase (root locale): the simple mapping, İ → i + U+0307, and Σ → ς at
/// the end of a word (a letter before it, none right after it, combining marks skipped).
U32 java_lower(const U32& s) {
  U32 out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c == 0x130) {
      out += U"i\u0307";
    } else if (c == 0x3A3) {
      auto mark = [](char32_t x) {
        int k = text::category_of(x);
        return k >= 6 && k <= 8;  // Mn, Mc, Me
      };
      size_t b = i;
      while (b > 0 && mark(s[b - 1])) --b;
      size_t a = i + 1;
      while (a < s.size() && mark(s[a])) ++a;
      bool before = b > 0 && text::is_letter(s[b - 1]);
      bool after = a < s.size() && text::is_letter(s[a]);
      out.push_back(before && !after ? 0x3C2 : 0x3C3);
    } else {
      out.push_back(text::lower(c));
    }
  }
  return out;
}

/// OpenRefine's table of letters that do not decompose (lower case only: the value is already
/// lower-cased), or nullptr.
const char32_t* non_diacritic(char32_t c) {
  switch (c) {
    case 0xDF:
      return U"ss";  // ß
    case 0xE6:
      return U"ae";  // æ
    case 0xF8:
      return U"oe";  // ø
    case 0xE5:
      return U"aa";  // å (never seen after decomposition; kept as the table has it)
    case 0xA9:
      return U"c";  // ©
    case 0xF0:
      return U"d";  // ð
    case 0x111:
      return U"d";  // đ
    case 0x256:
      return U"d";  // ɖ
    case 0xFE:
      return U"th";  // þ
    case 0x1BF:
      return U"w";  // ƿ
    case 0x127:
      return U"h";  // ħ
    case 0x131:
      return U"i";  // ı
    case 0x138:
      return U"k";  // ĸ
    case 0x142:
      return U"l";  // ł
    case 0x14B:
      return U"n";  // ŋ
    case 0x17F:
      return U"s";  // ſ
    case 0x167:
      return U"t";  // ŧ
    case 0x153:
      return U"oe";  // œ
    case 0x1E9C:
      return U"s";  // ẜ
    case 0x1E9D:
      return U"s";  // ẝ
    default:
      return nullptr;
  }
}

/// FingerprintKeyer.normalize(s, true): trim, lower case, NFKD, drop combining diacritics (the
/// U+0300–U+036F block), modifier letters and modifier symbols, spell out the letters above, drop
/// punctuation (any P category) and C0/C1 controls other than whitespace.
U32 normalize_strong(std::string_view v) {
  U32 s = text::decode_lossy(v);
  size_t a = 0, b = s.size();
  while (a < b && text::is_space(s[a])) ++a;
  while (b > a && text::is_space(s[b - 1])) --b;
  s = text::nfkd(java_lower(s.substr(a, b - a)));
  U32 out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (c >= 0x300 && c <= 0x36F) continue;
    int k = c < 0x80 ? -1 : text::category_of(c);
    if (c < 0x80) {  // ASCII: ^ and ` are modifier symbols; the rest of the test below applies
      if (c == '^' || c == '`') continue;
    } else if (k == kLm || k == kSk) {
      continue;
    }
    if (const char32_t* r = non_diacritic(c)) {
      out += r;
      continue;
    }
    out.push_back(c);
  }
  U32 kept;
  kept.reserve(out.size());
  for (char32_t c : out) {
    bool control = c <= 0x08 || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x80 && c <= 0x84) ||
                   (c >= 0x86 && c <= 0x9F);
    if (control) continue;
    int k = text::category_of(c);
    if (k >= kPcFirst && k <= kPoLast) continue;
    kept.push_back(c);
  }
  return kept;
}

/// Orders code-point strings as Java orders the same text in UTF-16.
bool utf16_less(const U32& x, const U32& y) {
  auto key = [](char32_t c) -> uint32_t {
    if (c < 0xD800) return c;
    if (c >= 0x10000) return 0xD800 + (c - 0x10000);  // a surrogate pair sorts before U+E000
    return 0x110000 + c;
  };
  size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return key(x[i]) < key(y[i]);
  }
  return x.size() < y.size();
}

/// Sorts, removes repeats and joins `parts` with `sep` (nullptr: no separator).
std::string join_sorted_unique(std::vector<U32>& parts, const char32_t* sep) {
  std::sort(parts.begin(), parts.end(), utf16_less);
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  U32 out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i && sep) out += sep;
    out += parts[i];
  }
  return text::encode(out);
}

/// What the normalization does to an ASCII byte: 0 drop (punctuation, ^ and `, controls),
/// 1 whitespace, 2 keep (upper-case letters lower-cased).
uint8_t ascii_class(unsigned char c) {
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return 1;
  if (c < 0x20 || c == 0x7F) return 0;
  switch (c) {
    case '$':
    case '+':
    case '<':
    case '=':
    case '>':
    case '|':
    case '~':
      return 2;  // symbols (Sc, Sm), not punctuation
    default:
      break;
  }
  if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z')) return 2;
  return 0;  // the rest of ASCII is punctuation (P*) or ^ ` (Sk)
}

/// normalize_strong for ASCII text, on bytes: the same result as the general path.
std::string normalize_ascii(std::string_view v) {
  size_t a = 0, b = v.size();
  while (a < b && ascii_class(static_cast<unsigned char>(v[a])) == 1) ++a;
  while (b > a && ascii_class(static_cast<unsigned char>(v[b - 1])) == 1) --b;
  std::string out;
  out.reserve(b - a);
  for (size_t i = a; i < b; ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (ascii_class(c) == 0) continue;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  return out;
}

}  // namespace

std::string fingerprint(std::string_view v) {
  if (is_ascii(v)) {  // most values: bytes all the way (ASCII sorts the same in UTF-8 and UTF-16)
    const std::string s = normalize_ascii(v);
    std::vector<std::string_view> words;
    size_t i = 0;
    const bool leading_space = !s.empty() && ascii_class(static_cast<unsigned char>(s[0])) == 1;
    while (i < s.size()) {
      while (i < s.size() && ascii_class(static_cast<unsigned char>(s[i])) == 1) ++i;
      const size_t start = i;
      while (i < s.size() && ascii_class(static_cast<unsigned char>(s[i])) != 1) ++i;
      if (i > start) words.push_back(std::string_view(s).substr(start, i - start));
    }
    if (leading_space && !words.empty()) words.emplace_back();
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    std::string out;
    out.reserve(s.size());
    for (size_t k = 0; k < words.size(); ++k) {
      if (k) out.push_back(' ');
      out.append(words[k]);
    }
    return out;
  }
  U32 s = normalize_strong(v);
  // Java's Pattern.splitAsStream on \s+: a leading empty word when the text starts with
  // whitespace (and has a word after it); no trailing empty word; "" alone for "".
  std::vector<U32> words;
  size_t i = 0;
  bool leading_space = !s.empty() && text::is_space(s[0]);
  while (i < s.size()) {
    while (i < s.size() && text::is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !text::is_space(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  if (leading_space && !words.empty()) words.emplace_back();
  return join_sorted_unique(words, U" ");
}

std::string ngram_fingerprint(std::string_view v, size_t n) {
  if (n == 0) n = 1;
  if (is_ascii(v)) {
    std::string s = normalize_ascii(v);
    s.erase(std::remove_if(s.begin(), s.end(),
                           [](char c) { return ascii_class(static_cast<unsigned char>(c)) == 1; }),
            s.end());
    std::vector<std::string_view> grams;
    for (size_t i = 0; i + n <= s.size(); ++i) grams.push_back(std::string_view(s).substr(i, n));
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    std::string out;
    out.reserve(grams.size() * n);
    for (std::string_view g : grams) out.append(g);
    return out;
  }
  U32 s = normalize_strong(v);
  U32 compact;
  compact.reserve(s.size());
  for (char32_t c : s) {
    if (text::is_space(c) || text::category_of(c) == kCc) continue;
    compact.push_back(c);
  }
  std::vector<U32> grams;
  for (size_t i = 0; i + n <= compact.size(); ++i) grams.push_back(compact.substr(i, n));
  return join_sorted_unique(grams, nullptr);
}

}  // namespace crm
