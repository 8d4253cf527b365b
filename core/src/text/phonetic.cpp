// Phonetic codes: Double Metaphone (after npm double-metaphone 2.x), Soundex, NYSIIS and
// Metaphone (after python3-jellyfish 0.8.9's pure-Python versions). Written here from the
// published algorithms; the tests compare them with those packages on thousands of names.
#include <cstdint>
#include <string>

#include "crm/keys.h"
#include "text/codepoints.h"

namespace crm {
namespace {

using U32 = std::u32string;

/// Upper case as Python's and JavaScript's str.upper: the simple mapping, and ß → SS.
U32 upper_full(const U32& s) {
  U32 out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (c == 0xDF) {
      out += U"SS";
    } else {
      out.push_back(text::upper(c));
    }
  }
  return out;
}

/// Lower case as Python's str.lower: the simple mapping, and İ → i + combining dot above.
U32 lower_full(const U32& s) {
  U32 out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (c == 0x130) {
      out += U"i\u0307";
    } else {
      out.push_back(text::lower(c));
    }
  }
  return out;
}

bool in(char32_t c, std::u32string_view set) {
  return set.find(c) != std::u32string_view::npos;
}

bool starts_with(const U32& s, std::u32string_view p) {
  return s.size() >= p.size() && std::u32string_view(s).substr(0, p.size()) == p;
}

bool ends_with(const U32& s, std::u32string_view p) {
  return s.size() >= p.size() && std::u32string_view(s).substr(s.size() - p.size()) == p;
}

// ---------------------------------------------------------------------------------------------
// Double Metaphone
// ---------------------------------------------------------------------------------------------

/// The working state of one Double Metaphone run: the upper-cased value padded with five spaces,
/// one slot per UTF-16 unit (as the JavaScript reference indexes), positions outside read as 0.
class DmState {
 public:
  explicit DmState(std::string_view v) {
    for (char32_t c : upper_full(text::decode_lossy(v))) {
      if (c >= 0x10000) {  // a surrogate pair: two slots that match nothing
        chars_.push_back(0xD800);
        chars_.push_back(0xDC00);
      } else {
        chars_.push_back(c);
      }
    }
    length = static_cast<long>(chars_.size());
    chars_ += U"     ";
  }
  long length = 0;
  /// The character at `i`, 0 outside the padded value.
  char32_t at(long i) const {
    return i >= 0 && i < static_cast<long>(chars_.size()) ? chars_[static_cast<size_t>(i)] : 0;
  }
  /// JavaScript's String.prototype.slice(a, b) over the padded value.
  std::u32string_view slice(long a, long b) const {
    long n = static_cast<long>(chars_.size());
    if (a < 0) a = a + n < 0 ? 0 : a + n;
    if (b < 0) b = b + n < 0 ? 0 : b + n;
    if (a > n) a = n;
    if (b > n) b = n;
    if (a >= b) return {};
    return std::u32string_view(chars_).substr(static_cast<size_t>(a), static_cast<size_t>(b - a));
  }
  /// True when the padded value contains `p`.
  bool contains(std::u32string_view p) const { return chars_.find(p) != U32::npos; }

 private:
  U32 chars_;
};

bool dm_vowel(char32_t c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

bool contains(std::u32string_view s, std::u32string_view p) {
  return s.find(p) != std::u32string_view::npos;
}

}  // namespace

DoubleMetaphone double_metaphone(std::string_view v, size_t max_length) {
  DmState s(v);
  std::string primary, secondary;
  auto add = [&](const char* p, const char* q) {
    primary += p;
    secondary += q;
  };
  const long length = s.length;
  const long last = length - 1;
  const bool slavo_germanic = s.contains(U"W") || s.contains(U"K") || s.contains(U"CZ");
  const std::u32string_view head4 = s.slice(0, 4);
  const bool germanic = head4 == U"VAN " || head4 == U"VON " || s.slice(0, 3) == U"SCH";
  long index = 0;
  {
    auto h = s.slice(0, 2);
    if (h == U"GN" || h == U"KN" || h == U"PN" || h == U"WR" || h == U"PS") ++index;
  }
  if (s.at(0) == 'X') {
    add("S", "S");
    ++index;
  }
  while (index < length) {
    const char32_t c = s.at(index);
    const char32_t previous = s.at(index - 1);
    const char32_t next = s.at(index + 1);
    const char32_t nextnext = s.at(index + 2);
    switch (c) {
      case 'A':
      case 'E':
      case 'I':
      case 'O':
      case 'U':
      case 'Y':
      case 0xC0:  // À
      case 0xCA:  // Ê
      case 0xC9:  // É
        if (index == 0) add("A", "A");
        ++index;
        break;
      case 'B':
        add("P", "P");
        if (next == 'B') ++index;
        ++index;
        break;
      case 0xC7:  // Ç
        add("S", "S");
        ++index;
        break;
      case 'C': {
        if (previous == 'A' && next == 'H' && nextnext != 'I' && !dm_vowel(s.at(index - 2)) &&
            (nextnext != 'E' || s.slice(index - 2, index + 4) == U"BACHER" ||
             s.slice(index - 2, index + 4) == U"MACHER")) {
          add("K", "K");
          index += 2;
          break;
        }
        if (index == 0 && s.slice(index + 1, index + 6) == U"AESAR") {
          add("S", "S");
          index += 2;
          break;
        }
        if (s.slice(index + 1, index + 4) == U"HIA") {
          add("K", "K");
          index += 2;
          break;
        }
        if (next == 'H') {
          if (index > 0 && nextnext == 'A' && s.at(index + 3) == 'E') {
            add("K", "X");
            index += 2;
            break;
          }
          if (index == 0) {
            auto r = s.slice(2, 6);  // CH(IA|EM|OR[^E]|YM|ARAC|ARIS) at the start
            bool greek = r.substr(0, 2) == U"IA" || r.substr(0, 2) == U"EM" ||
                         (r.substr(0, 2) == U"OR" && s.at(4) != 'E' && s.at(4) != 0) ||
                         r.substr(0, 2) == U"YM" || r == U"ARAC" || r == U"ARIS";
            if (greek) {
              add("K", "K");
              index += 2;
              break;
            }
          }
          auto around = s.slice(index - 2, index + 4);
          if (germanic || contains(around, U"ORCHES") || contains(around, U"ARCHIT") ||
              contains(around, U"ORCHID") || nextnext == 'T' || nextnext == 'S' ||
              ((index == 0 || previous == 'A' || previous == 'E' || previous == 'O' ||
                previous == 'U') &&
               in(nextnext, U" BFHLMNRVW"))) {
            add("K", "K");
          } else if (index == 0) {
            add("X", "X");
          } else if (s.slice(0, 2) == U"MC") {
            add("K", "K");
          } else {
            add("X", "K");
          }
          index += 2;
          break;
        }
        if (next == 'Z' && s.slice(index - 2, index) != U"WI") {
          add("S", "X");
          index += 2;
          break;
        }
        if (s.slice(index + 1, index + 4) == U"CIA") {
          add("X", "X");
          index += 3;
          break;
        }
        if (next == 'C' && !(index == 1 && s.at(0) == 'M')) {
          if ((nextnext == 'I' || nextnext == 'E' || nextnext == 'H') &&
              s.slice(index + 2, index + 4) != U"HU") {
            auto sub = s.slice(index - 1, index + 4);
            if ((index == 1 && previous == 'A') || sub == U"UCCEE" || sub == U"UCCES") {
              add("KS", "KS");
            } else {
              add("X", "X");
            }
            index += 3;
            break;
          }
          add("K", "K");
          index += 2;
          break;
        }
        if (next == 'G' || next == 'K' || next == 'Q') {
          add("K", "K");
          index += 2;
          break;
        }
        if (next == 'I' && (nextnext == 'E' || nextnext == 'O')) {
          add("S", "X");
          index += 2;
          break;
        }
        if (next == 'I' || next == 'E' || next == 'Y') {
          add("S", "S");
          index += 2;
          break;
        }
        add("K", "K");
        if (next == ' ' && (nextnext == 'C' || nextnext == 'G' || nextnext == 'Q')) {
          index += 3;
          break;
        }
        ++index;
        break;
      }
      case 'D':
        if (next == 'G') {
          if (nextnext == 'E' || nextnext == 'I' || nextnext == 'Y') {
            add("J", "J");
            index += 3;
          } else {
            add("TK", "TK");
            index += 2;
          }
          break;
        }
        if (next == 'T' || next == 'D') {
          add("T", "T");
          index += 2;
          break;
        }
        add("T", "T");
        ++index;
        break;
      case 'F':
        if (next == 'F') ++index;
        ++index;
        add("F", "F");
        break;
      case 'G': {
        if (next == 'H') {
          if (index > 0 && !dm_vowel(previous)) {
            add("K", "K");
            index += 2;
            break;
          }
          if (index == 0) {
            if (nextnext == 'I') {
              add("J", "J");
            } else {
              add("K", "K");
            }
            index += 2;
            break;
          }
          char32_t b2 = s.at(index - 2), b3 = s.at(index - 3), b4 = s.at(index - 4);
          if (b2 == 'B' || b2 == 'H' || b2 == 'D' || b3 == 'B' || b3 == 'H' || b3 == 'D' ||
              b4 == 'B' || b4 == 'H') {
            index += 2;
            break;
          }
          if (index > 2 && previous == 'U' && in(s.at(index - 3), U"CGLRT")) {
            add("F", "F");
          } else if (index > 0 && previous != 'I') {
            add("K", "K");
          }
          index += 2;
          break;
        }
        if (next == 'N') {
          if (index == 1 && dm_vowel(s.at(0)) && !slavo_germanic) {
            add("KN", "N");
          } else if (s.slice(index + 2, index + 4) != U"EY" && !slavo_germanic) {
            // The reference also asks that the rest is not "Y", which the padding never is.
            add("N", "KN");
          } else {
            add("KN", "KN");
          }
          index += 2;
          break;
        }
        if (s.slice(index + 1, index + 3) == U"LI" && !slavo_germanic) {
          add("KL", "L");
          index += 2;
          break;
        }
        if (index == 0) {
          char32_t a = s.at(1), b = s.at(2);
          if (a == 'Y' || (a == 'E' && in(b, U"BILPRSY")) || (a == 'I' && in(b, U"BELN"))) {
            add("K", "J");
            index += 2;
            break;
          }
        }
        {
          auto head6 = s.slice(0, 6);
          bool anger = head6.size() == 6 && in(head6[0], U"DMR") && head6.substr(1) == U"ANGER";
          if ((s.slice(index + 1, index + 3) == U"ER" && previous != 'I' && previous != 'E' &&
               !anger) ||
              (next == 'Y' && !in(previous, U"EGIR"))) {
            add("K", "J");
            index += 2;
            break;
          }
        }
        if (next == 'E' || next == 'I' || next == 'Y' ||
            ((previous == 'A' || previous == 'O') && next == 'G' && nextnext == 'I')) {
          if (s.slice(index + 1, index + 3) == U"ET" || germanic) {
            add("K", "K");
          } else {
            primary += "J";
            secondary += s.slice(index + 1, index + 5) == U"IER " ? "J" : "K";
          }
          index += 2;
          break;
        }
        if (next == 'G') ++index;
        ++index;
        add("K", "K");
        break;
      }
      case 'H':
        if (dm_vowel(next) && (index == 0 || dm_vowel(previous))) {
          add("H", "H");
          ++index;
        }
        ++index;
        break;
      case 'J': {
        bool san = s.slice(0, 4) == U"SAN ";
        if (s.slice(index, index + 4) == U"JOSE" || san) {
          if (san || (index == 0 && s.at(index + 4) == ' ')) {
            add("H", "H");
          } else {
            add("J", "H");
          }
          ++index;
          break;
        }
        if (index == 0) {
          add("J", "A");
        } else if (!slavo_germanic && (next == 'A' || next == 'O') && dm_vowel(previous)) {
          add("J", "H");
        } else if (index == last) {
          primary += "J";
        } else if (previous != 'S' && previous != 'K' && previous != 'L' &&
                   !in(next, U"LTKSNMBZ")) {
          add("J", "J");
        } else if (next == 'J') {
          ++index;
        }
        ++index;
        break;
      }
      case 'K':
        if (next == 'K') ++index;
        add("K", "K");
        ++index;
        break;
      case 'L':
        if (next == 'L') {
          auto tail = s.slice(last - 1, length);
          if ((index == length - 3 &&
               ((previous == 'A' && nextnext == 'E') ||
                (previous == 'I' && (nextnext == 'O' || nextnext == 'A')))) ||
              (previous == 'A' && nextnext == 'E' &&
               (s.at(last) == 'A' || s.at(last) == 'O' || contains(tail, U"AS") ||
                contains(tail, U"OS")))) {
            primary += "L";
            index += 2;
            break;
          }
          ++index;
        }
        add("L", "L");
        ++index;
        break;
      case 'M':
        if (next == 'M' || (previous == 'U' && next == 'B' &&
                            (index + 1 == last || s.slice(index + 2, index + 4) == U"ER"))) {
          ++index;
        }
        ++index;
        add("M", "M");
        break;
      case 'N':
        if (next == 'N') ++index;
        ++index;
        add("N", "N");
        break;
      case 0xD1:  // Ñ
        ++index;
        add("N", "N");
        break;
      case 'P':
        if (next == 'H') {
          add("F", "F");
          index += 2;
          break;
        }
        if (next == 'P' || next == 'B') ++index;
        ++index;
        add("P", "P");
        break;
      case 'Q':
        if (next == 'Q') ++index;
        ++index;
        add("K", "K");
        break;
      case 'R':
        if (index == last && !slavo_germanic && previous == 'E' && s.at(index - 2) == 'I' &&
            s.at(index - 4) != 'M' && s.at(index - 3) != 'E' && s.at(index - 3) != 'A') {
          secondary += "R";
        } else {
          add("R", "R");
        }
        if (next == 'R') ++index;
        ++index;
        break;
      case 'S': {
        if (next == 'L' && (previous == 'I' || previous == 'Y')) {
          ++index;
          break;
        }
        if (index == 0 && s.slice(1, 5) == U"UGAR") {
          add("X", "S");
          ++index;
          break;
        }
        if (next == 'H') {
          auto sub = s.slice(index + 1, index + 5);
          if (contains(sub, U"EIM") || contains(sub, U"OEK") || contains(sub, U"OLM") ||
              contains(sub, U"OLZ")) {
            add("S", "S");
          } else {
            add("X", "X");
          }
          index += 2;
          break;
        }
        if (next == 'I' && (nextnext == 'O' || nextnext == 'A')) {
          if (slavo_germanic) {
            add("S", "S");
          } else {
            add("S", "X");
          }
          index += 3;
          break;
        }
        if (next == 'Z' ||
            (index == 0 && (next == 'L' || next == 'M' || next == 'N' || next == 'W'))) {
          add("S", "X");
          if (next == 'Z') ++index;
          ++index;
          break;
        }
        if (next == 'C') {
          if (nextnext == 'H') {
            auto sub = s.slice(index + 3, index + 5);
            bool dutch = (sub.size() == 2 && sub[0] == 'E' && in(sub[1], U"DMNR")) ||
                         sub == U"UY" || sub == U"OO";
            if (dutch) {
              if (sub == U"ER" || sub == U"EN") {
                add("X", "SK");
              } else {
                add("SK", "SK");
              }
              index += 3;
              break;
            }
            if (index == 0 && !dm_vowel(s.at(3)) && s.at(3) != 'W') {
              add("X", "S");
            } else {
              add("X", "X");
            }
            index += 3;
            break;
          }
          if (nextnext == 'I' || nextnext == 'E' || nextnext == 'Y') {
            add("S", "S");
            index += 3;
            break;
          }
          add("SK", "SK");
          index += 3;
          break;
        }
        auto sub = s.slice(index - 2, index);
        if (index == last && (sub == U"AI" || sub == U"OI")) {
          secondary += "S";
        } else {
          add("S", "S");
        }
        if (next == 'S') ++index;
        ++index;
        break;
      }
      case 'T':
        if (next == 'I' && nextnext == 'O' && s.at(index + 3) == 'N') {
          add("X", "X");
          index += 3;
          break;
        }
        if ((next == 'I' && nextnext == 'A') || (next == 'C' && nextnext == 'H')) {
          add("X", "X");
          index += 3;
          break;
        }
        if (next == 'H' || (next == 'T' && nextnext == 'H')) {
          if (germanic || ((nextnext == 'O' || nextnext == 'A') && s.at(index + 3) == 'M')) {
            add("T", "T");
          } else {
            add("0", "T");
          }
          index += 2;
          break;
        }
        if (next == 'T' || next == 'D') ++index;
        ++index;
        add("T", "T");
        break;
      case 'V':
        if (next == 'V') ++index;
        add("F", "F");
        ++index;
        break;
      case 'W':
        if (next == 'R') {
          add("R", "R");
          index += 2;
          break;
        }
        if (index == 0) {
          if (dm_vowel(next)) {
            add("A", "F");
          } else if (next == 'H') {
            add("A", "A");
          }
        }
        if (((previous == 'E' || previous == 'O') && next == 'S' && nextnext == 'K' &&
             (s.at(index + 3) == 'I' || s.at(index + 3) == 'Y')) ||
            s.slice(0, 3) == U"SCH" || (index == last && dm_vowel(previous))) {
          secondary += "F";
          ++index;
          break;
        }
        if (next == 'I' && (nextnext == 'C' || nextnext == 'T') && s.at(index + 3) == 'Z') {
          add("TS", "FX");
          index += 4;
          break;
        }
        ++index;
        break;
      case 'X':
        if (!(index == last && previous == 'U' &&
              (s.at(index - 2) == 'A' || s.at(index - 2) == 'O'))) {
          add("KS", "KS");
        }
        if (next == 'C' || next == 'X') ++index;
        ++index;
        break;
      case 'Z':
        if (next == 'H') {
          add("J", "J");
          index += 2;
          break;
        } else if ((next == 'Z' && (nextnext == 'A' || nextnext == 'I' || nextnext == 'O')) ||
                   (slavo_germanic && index > 0 && previous != 'T')) {
          add("S", "TS");
        } else {
          add("S", "S");
        }
        if (next == 'Z') ++index;
        ++index;
        break;
      default:
        ++index;
    }
  }
  if (max_length > 0) {
    if (primary.size() > max_length) primary.resize(max_length);
    if (secondary.size() > max_length) secondary.resize(max_length);
  }
  return {std::move(primary), std::move(secondary)};
}

// ---------------------------------------------------------------------------------------------
// Soundex, NYSIIS, Metaphone (jellyfish 0.8.9)
// ---------------------------------------------------------------------------------------------

std::string soundex(std::string_view v) {
  if (v.empty()) return "";
  U32 s = upper_full(text::nfkd(text::decode_lossy(v)));
  if (s.empty()) return "";
  auto code = [](char32_t c) -> char {
    switch (c) {
      case 'B':
      case 'F':
      case 'P':
      case 'V':
        return '1';
      case 'C':
      case 'G':
      case 'J':
      case 'K':
      case 'Q':
      case 'S':
      case 'X':
      case 'Z':
        return '2';
      case 'D':
      case 'T':
        return '3';
      case 'L':
        return '4';
      case 'M':
      case 'N':
        return '5';
      case 'R':
        return '6';
      default:
        return 0;
    }
  };
  U32 result(1, s[0]);
  int count = 1;
  char last = code(s[0]);
  for (size_t i = 1; i < s.size() && count < 4; ++i) {
    char d = code(s[i]);
    if (d) {
      if (d != last) {
        result.push_back(static_cast<char32_t>(d));
        ++count;
      }
      last = d;
    } else if (s[i] != 'H' && s[i] != 'W') {
      last = 0;  // a vowel (or anything else) separates equal codes; H and W do not
    }
  }
  for (; count < 4; ++count) result.push_back('0');
  return text::encode(result);
}

std::string nysiis(std::string_view v) {
  if (v.empty()) return "";
  U32 s = upper_full(text::decode_lossy(v));
  // Step 1: prefixes.
  if (starts_with(s, U"MAC")) {
    s = U"MCC" + s.substr(3);
  } else if (starts_with(s, U"KN")) {
    s = s.substr(1);
  } else if (starts_with(s, U"K")) {
    s = U"C" + s.substr(1);
  } else if (starts_with(s, U"PH") || starts_with(s, U"PF")) {
    s = U"FF" + s.substr(2);
  } else if (starts_with(s, U"SCH")) {
    s = U"SSS" + s.substr(3);
  }
  // Step 2: suffixes.
  if (ends_with(s, U"IE") || ends_with(s, U"EE")) {
    s = s.substr(0, s.size() - 2) + U"Y";
  } else if (ends_with(s, U"DT") || ends_with(s, U"RT") || ends_with(s, U"RD") ||
             ends_with(s, U"NT") || ends_with(s, U"ND")) {
    s = s.substr(0, s.size() - 2) + U"D";
  }
  // Steps 3 and 4: the first letter, then the rest translated.
  const U32 vowels = U"AEIOU";
  U32 key(1, s[0]);
  const size_t n = s.size();
  for (size_t i = 1; i < n; ++i) {
    U32 ch(1, s[i]);
    char32_t c = s[i];
    if (c == 'E' && i + 1 < n && s[i + 1] == 'V') {
      ch = U"AF";
      ++i;
    } else if (in(c, vowels)) {
      ch = U"A";
    } else if (c == 'Q') {
      ch = U"G";
    } else if (c == 'Z') {
      ch = U"S";
    } else if (c == 'M') {
      ch = U"N";
    } else if (c == 'K') {
      ch = (i + 1 < n && s[i + 1] == 'N') ? U"N" : U"C";
    } else if (c == 'S' && std::u32string_view(s).substr(i + 1, 2) == U"CH") {
      ch = U"SS";
      i += 2;
    } else if (c == 'P' && i + 1 < n && s[i + 1] == 'H') {
      ch = U"F";
      ++i;
    } else if (c == 'H' &&
               (!in(s[i - 1], vowels) || (i + 1 < n && !in(s[i + 1], vowels)) || i + 1 == n)) {
      ch = in(s[i - 1], vowels) ? U"A" : U32(1, s[i - 1]);
    } else if (c == 'W' && in(s[i - 1], vowels)) {
      ch = U32(1, s[i - 1]);
    }
    if (ch.back() != key.back()) key += ch;
  }
  // Steps 5 to 7: trailing S, AY → Y, trailing A.
  if (ends_with(key, U"S") && key != U"S") key.pop_back();
  if (ends_with(key, U"AY")) key = key.substr(0, key.size() - 2) + U"Y";
  if (ends_with(key, U"A") && key != U"A") key.pop_back();
  return text::encode(key);
}

std::string metaphone(std::string_view v) {
  U32 s = text::nfkd(lower_full(text::decode_lossy(v)));
  if (starts_with(s, U"kn") || starts_with(s, U"gn") || starts_with(s, U"pn") ||
      starts_with(s, U"wr") || starts_with(s, U"ae")) {
    s = s.substr(1);
  }
  constexpr char32_t kNone = 0xFFFFFFFF;  // the reference's "*****" past the end
  const std::u32string_view vowels = U"aeiou";
  std::string result;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const char32_t c = s[i];
    const char32_t next = i + 1 < n ? s[i + 1] : kNone;
    const char32_t nextnext = i + 2 < n ? s[i + 2] : kNone;
    if (c == next && c != 'c') {  // skip doubles except cc
      ++i;
      continue;
    }
    switch (c) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        if (i == 0 || s[i - 1] == ' ') result.push_back(static_cast<char>(c));
        break;
      case 'b':
        result.push_back('b');  // the reference's "after m" exception never applies
        break;
      case 'c':
        if ((next == 'i' && nextnext == 'a') || next == 'h') {
          result.push_back('x');
          ++i;
        } else if (next == 'i' || next == 'e' || next == 'y') {
          result.push_back('s');
          ++i;
        } else {
          result.push_back('k');
        }
        break;
      case 'd':
        if (next == 'g' && (nextnext == 'i' || nextnext == 'e' || nextnext == 'y')) {
          result.push_back('j');
          i += 2;
        } else {
          result.push_back('t');
        }
        break;
      case 'f':
      case 'j':
      case 'l':
      case 'm':
      case 'n':
      case 'r':
        result.push_back(static_cast<char>(c));
        break;
      case 'g':
        if (next == 'i' || next == 'e' || next == 'y') {
          result.push_back('j');
        } else if (next == 'h' && !in(nextnext, vowels)) {
          ++i;
        } else {
          result.push_back('k');  // the reference's final "gn" rule never applies
        }
        break;
      case 'h':
        if (i == 0 || in(next, vowels) || !in(s[i - 1], vowels)) result.push_back('h');
        break;
      case 'k':
        if (i == 0 || s[i - 1] != 'c') result.push_back('k');
        break;
      case 'p':
        if (next == 'h') {
          result.push_back('f');
          ++i;
        } else {
          result.push_back('p');
        }
        break;
      case 'q':
        result.push_back('k');
        break;
      case 's':
        if (next == 'h') {
          result.push_back('x');
          ++i;
        } else if (next == 'i' && (nextnext == 'o' || nextnext == 'a')) {
          result.push_back('x');
          i += 2;
        } else {
          result.push_back('s');
        }
        break;
      case 't':
        if (next == 'i' && (nextnext == 'o' || nextnext == 'a')) {
          result.push_back('x');
        } else if (next == 'h') {
          result.push_back('0');
          ++i;
        } else if (next != 'c' || nextnext != 'h') {
          result.push_back('t');
        }
        break;
      case 'v':
        result.push_back('f');
        break;
      case 'w':
        if (i == 0 && next == 'h') {
          ++i;
          result.push_back('w');
        } else if (in(next, vowels)) {
          result.push_back('w');
        }
        break;
      case 'x':
        if (i == 0) {
          result.push_back(
              next == 'h' || (next == 'i' && (nextnext == 'o' || nextnext == 'a')) ? 'x' : 's');
        } else {
          result += "ks";
        }
        break;
      case 'y':
        if (in(next, vowels)) result.push_back('y');
        break;
      case 'z':
        result.push_back('s');
        break;
      case ' ':
        if (!result.empty() && result.back() != ' ') result.push_back(' ');
        break;
      default:
        break;
    }
    ++i;
  }
  for (char& ch : result)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
  return result;
}

}  // namespace crm
