// String distances over code points: Damerau-Levenshtein (unrestricted) and Jaro-Winkler, as the
// jellyfish Python package computes them (the tests compare with it).
#include <algorithm>
#include <unordered_map>
#include <vector>

#include "crm/text.h"
#include "text/codepoints.h"

namespace crm {
namespace {

// Code points of `s`, or its bytes when it is not valid UTF-8.
std::u32string points(std::string_view s) {
  std::u32string out;
  if (text::decode(s, out)) return out;
  out.assign(s.begin(), s.end());
  for (auto& c : out) c &= 0xFF;
  return out;
}

}  // namespace

namespace {

// Lowrance-Wagner with the last row each character was seen in (`LastRow`: a map for code
// points, an array for bytes).
template <typename Str, typename LastRow>
size_t lowrance_wagner(const Str& a, const Str& b, LastRow& da) {
  const size_t n = a.size(), m = b.size();
  const size_t inf = n + m;
  std::vector<size_t> d((n + 2) * (m + 2));
  auto at = [&](size_t i, size_t j) -> size_t& { return d[i * (m + 2) + j]; };
  at(0, 0) = inf;
  for (size_t i = 0; i <= n; ++i) {
    at(i + 1, 0) = inf;
    at(i + 1, 1) = i;
  }
  for (size_t j = 0; j <= m; ++j) {
    at(0, j + 1) = inf;
    at(1, j + 1) = j;
  }
  for (size_t i = 1; i <= n; ++i) {
    size_t db = 0;
    for (size_t j = 1; j <= m; ++j) {
      size_t i1 = da.get(b[j - 1]);
      size_t j1 = db;
      size_t cost = 1;
      if (a[i - 1] == b[j - 1]) {
        cost = 0;
        db = j;
      }
      at(i + 1, j + 1) = std::min({at(i, j) + cost, at(i + 1, j) + 1, at(i, j + 1) + 1,
                                   at(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1)});
    }
    da.set(a[i - 1], i);
  }
  return at(n + 1, m + 1);
}

struct ByteRows {
  size_t row[256] = {};
  size_t get(char c) const { return row[static_cast<unsigned char>(c)]; }
  void set(char c, size_t i) { row[static_cast<unsigned char>(c)] = i; }
};

struct PointRows {
  std::unordered_map<char32_t, size_t> row;
  size_t get(char32_t c) const {
    auto it = row.find(c);
    return it == row.end() ? 0 : it->second;
  }
  void set(char32_t c, size_t i) { row[c] = i; }
};

}  // namespace

size_t damerau_levenshtein(std::string_view a, std::string_view b) {
  if (is_ascii(a) && is_ascii(b)) {
    ByteRows rows;
    return lowrance_wagner(a, b, rows);
  }
  PointRows rows;
  return lowrance_wagner(points(a), points(b), rows);
}

namespace {

double jaro_points(const std::u32string& a, const std::u32string& b) {
  if (a.empty() || b.empty()) return 0.0;
  const size_t la = a.size(), lb = b.size();
  const size_t longer = std::max(la, lb);
  const size_t range = longer / 2 >= 1 ? longer / 2 - 1 : 0;
  std::vector<char> fa(la, 0), fb(lb, 0);
  size_t common = 0;
  for (size_t i = 0; i < la; ++i) {
    size_t lo = i > range ? i - range : 0;
    size_t hi = std::min(i + range, lb - 1);
    for (size_t j = lo; j <= hi && j < lb; ++j) {
      if (!fb[j] && a[i] == b[j]) {
        fa[i] = fb[j] = 1;
        ++common;
        break;
      }
    }
  }
  if (common == 0) return 0.0;
  size_t k = 0, transpositions = 0;
  for (size_t i = 0; i < la; ++i) {
    if (!fa[i]) continue;
    while (!fb[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  double c = static_cast<double>(common);
  double t = static_cast<double>(transpositions / 2);
  return (c / static_cast<double>(la) + c / static_cast<double>(lb) + (c - t) / c) / 3.0;
}

}  // namespace

double jaro(std::string_view a, std::string_view b) {
  return jaro_points(points(a), points(b));
}

double jaro_winkler(std::string_view sa, std::string_view sb) {
  const std::u32string a = points(sa), b = points(sb);
  double w = jaro_points(a, b);
  if (w <= 0.7) return w;
  size_t limit = std::min<size_t>({a.size(), b.size(), 4});
  size_t prefix = 0;
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return w + static_cast<double>(prefix) * 0.1 * (1.0 - w);
}

}  // namespace crm
