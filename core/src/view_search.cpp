// The search filter: rows whose value (in one column or any) contains a text, compared by fold
// keys (case- and accent-insensitive, crm/text.h). The needle is folded once. ASCII values, most
// of a CRM export, are not folded: blocks of rows whose bytes are all ASCII are searched in one
// pass over the column's arena with an ASCII case-insensitive scan (8 bytes at a time); values
// with other bytes get their fold key built and searched.
#include <algorithm>
#include <bit>
#include <cstring>

#include "crm/text.h"
#include "view_internal.h"

namespace crm::view_detail {
namespace {

constexpr size_t kBlockRows = 512;
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;

/// True when the first `n` bytes at `a` equal lower-case ASCII `b`, ignoring ASCII case.
bool equal_icase(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(a[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    if (c != static_cast<unsigned char>(b[i])) return false;
  }
  return true;
}

/// The first place in [p, end) where lower-case ASCII `needle` (not empty) occurs ignoring ASCII
/// case, or nullptr.
const char* find_icase(const char* p, const char* end, std::string_view needle) {
  const size_t m = needle.size();
  if (static_cast<size_t>(end - p) < m) return nullptr;
  const char* last = end - m;  // the last place a match can start
  const unsigned char first = static_cast<unsigned char>(needle[0]);
  const bool letter = first >= 'a' && first <= 'z';
  // A letter matches both cases: (byte | 0x20) == first exactly for first and its upper case.
  const unsigned char fold = letter ? 0x20 : 0;
  const uint64_t mask = letter ? 0x2020202020202020ull : 0;
  const uint64_t pattern = kOnes * first;
  while (p <= last) {
    if (last - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      const uint64_t x = (w | mask) ^ pattern;          // zero bytes where the first matches
      const uint64_t zero = (x - kOnes) & ~x & kHighs;  // its lowest bit marks the first one
      if (zero == 0) {
        p += 8;
        continue;
      }
      p += std::countr_zero(zero) / 8;  // little-endian (x86, WebAssembly)
    } else if ((static_cast<unsigned char>(*p) | fold) != first) {
      ++p;
      continue;
    }
    if (equal_icase(p + 1, needle.data() + 1, m - 1)) return p;
    ++p;
  }
  return nullptr;
}

/// Fold keys of U+0080..U+024F (Latin-1 Supplement, Latin Extended-A and -B: the accented letters
/// of most CRM data), one character each. None of them combines with a neighbour (combining marks
/// start at U+0300), so a value of ASCII and these characters folds character by character.
class LatinFolds {
 public:
  LatinFolds() {
    std::string one;
    for (char32_t cp = 0x80; cp < 0x250; ++cp) {
      one = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
      folds_[cp - 0x80] = fold_key(one);
    }
  }
  /// Appends the fold key of `v` to `out`; false (nothing appended) when `v` has other characters.
  bool append(std::string_view v, std::string& out) const {
    const size_t at = out.size();
    for (size_t i = 0; i < v.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(v[i]);
      if (c < 0x80) {
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
        continue;
      }
      const unsigned char next = i + 1 < v.size() ? static_cast<unsigned char>(v[i + 1]) : 0;
      const unsigned cp = ((c & 0x1Fu) << 6) | (next & 0x3Fu);
      if (c < 0xC2 || c > 0xC9 || (next & 0xC0) != 0x80 || cp >= 0x250) {
        out.resize(at);
        return false;
      }
      out += folds_[cp - 0x80];
      ++i;
    }
    return true;
  }

 private:
  std::string folds_[0x250 - 0x80];
};

/// True when no byte in [p, end) is above 0x7F (a loop the compiler vectorizes).
bool all_ascii(const char* p, const char* end) {
  unsigned char acc = 0;
  for (; p < end; ++p) acc |= static_cast<unsigned char>(*p);
  return acc < 0x80;
}

/// Searches one column for a folded needle, marking hits in a per-row byte vector.
class ColumnSearch {
 public:
  ColumnSearch(const Column& col, std::string_view needle)
      : col_(col), needle_(needle), ascii_needle_(is_ascii(needle)) {}

  /// True when the value of row `r` contains the needle.
  bool contains(size_t r) {
    const std::string_view v = col_.value(r);
    if (is_ascii(v)) {
      return ascii_needle_ && find_icase(v.data(), v.data() + v.size(), needle_) != nullptr;
    }
    scratch_.clear();
    append_fold(v, scratch_);
    return scratch_.find(needle_) != std::string::npos;
  }

  /// Sets hit[r] for the rows r in [r0, r1) whose value contains the needle.
  void scan(size_t r0, size_t r1, uint8_t* hit) {
    const char* begin = col_.value(r0).data();
    const std::string_view lastv = col_.value(r1 - 1);
    const char* end = lastv.data() + lastv.size();
    other_.assign(r1 - r0, 0);
    bool mixed = false;
    if (!all_ascii(begin, end)) {  // values with other bytes are folded one by one
      mixed = true;
      for (size_t r = r0; r < r1; ++r) {
        const std::string_view v = col_.value(r);
        if (is_ascii(v)) continue;
        other_[r - r0] = 1;
        if (!hit[r]) hit[r] = contains(r) ? 1 : 0;
      }
    }
    if (!ascii_needle_) return;  // a needle with other bytes is never in an ASCII value
    size_t r = r0;
    const char* p = begin;
    while (const char* q = find_icase(p, end, needle_)) {
      std::string_view v = col_.value(r);
      while (v.data() + v.size() <= q) v = col_.value(++r);
      const char* vend = v.data() + v.size();
      if (q + needle_.size() > vend) {  // runs into the next value: look further on
        p = q + 1;
        continue;
      }
      if (!(mixed && other_[r - r0])) hit[r] = 1;
      p = vend;  // one hit per value is enough
    }
  }

 private:
  const Column& col_;
  std::string_view needle_;
  bool ascii_needle_;
  std::string scratch_;
  std::vector<uint8_t> other_;  // rows of the block holding bytes above 0x7F
};

}  // namespace

void append_fold(std::string_view v, std::string& out) {
  static const LatinFolds latin;
  if (!latin.append(v, out)) append_fold_key(v, out);
}

void search_rows(const Table& table, const RowFilter& f, std::vector<uint32_t>& rows, bool& all,
                 CancelFlag cancel) {
  const std::string needle = fold_key(f.value);
  if (needle.empty()) return;  // an empty search keeps every row
  const size_t n = table.rows;
  size_t c0 = 0, c1 = table.columns.size();
  if (f.column != kAllColumns) c0 = f.column, c1 = f.column + 1;
  std::vector<ColumnSearch> searches;
  for (size_t c = c0; c < c1; ++c) searches.emplace_back(table.columns[c], needle);

  if (!all && rows.size() < n / 8) {  // a small selection: test its rows one by one
    size_t kept = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      if ((i & 0x3FFF) == 0) check_cancel(cancel);
      const uint32_t r = rows[i];
      rows[kept] = r;
      for (ColumnSearch& s : searches) {
        if (s.contains(r)) {
          ++kept;
          break;
        }
      }
    }
    rows.resize(kept);
    return;
  }
  std::vector<uint8_t> hit(n, 0);
  for (ColumnSearch& s : searches) {
    for (size_t r0 = 0; r0 < n; r0 += kBlockRows) {
      if ((r0 & 0xFFFF) == 0) check_cancel(cancel);
      s.scan(r0, std::min(n, r0 + kBlockRows), hit.data());
    }
  }
  if (all) {
    rows.clear();
    for (size_t r = 0; r < n; ++r) {
      if (hit[r]) rows.push_back(static_cast<uint32_t>(r));
    }
    all = false;
  } else {
    std::erase_if(rows, [&](uint32_t r) { return !hit[r]; });
  }
}

}  // namespace crm::view_detail
