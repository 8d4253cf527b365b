// Comparators with levels: each kind of compared column sorts a pair of standardized keys into
// one of a fixed list of levels, from "missing" (neutral) through "exact" to "else". String
// similarities are crm/text.h's Jaro-Winkler and Damerau-Levenshtein (as python3-jellyfish).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "crm/country.h"
#include "crm/nicknames.h"
#include "crm/text.h"
#include "dedupe/internal.h"

namespace crm {

const char* compare_kind_name(CompareKind k) {
  switch (k) {
    case CompareKind::Name:
      return "name";
    case CompareKind::Text:
      return "text";
    case CompareKind::Street:
      return "street";
    case CompareKind::Email:
      return "email";
    case CompareKind::Phone:
      return "phone";
    case CompareKind::Date:
      return "date";
    case CompareKind::Code:
      return "code";
    case CompareKind::Number:
      return "number";
    case CompareKind::Country:
      return "country";
    case CompareKind::Exact:
      return "exact";
  }
  return "text";
}

bool parse_compare_kind(std::string_view s, CompareKind& out) {
  for (CompareKind k :
       {CompareKind::Name, CompareKind::Text, CompareKind::Street, CompareKind::Email,
        CompareKind::Phone, CompareKind::Date, CompareKind::Code, CompareKind::Number,
        CompareKind::Country, CompareKind::Exact}) {
    if (s == compare_kind_name(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

const std::vector<std::string>& compare_levels(CompareKind k) {
  static const std::vector<std::string> name = {"missing",  "exact",    "nickname", "swapped",
                                                "jw>=0.92", "jw>=0.88", "phonetic", "jw>=0.70",
                                                "initial",  "else"};
  static const std::vector<std::string> text = {"missing",  "exact",    "jw>=0.92",
                                                "jw>=0.88", "jw>=0.70", "else"};
  static const std::vector<std::string> street = {"missing",     "exact",    "jw>=0.92",
                                                  "tokens>=0.6", "jw>=0.80", "else"};
  static const std::vector<std::string> email = {"missing", "exact", "same local part", "jw>=0.88",
                                                 "else"};
  static const std::vector<std::string> phone = {"missing", "exact", "same last 7 digits", "else"};
  static const std::vector<std::string> date = {"missing",           "exact",         "one edit",
                                                "day/month swapped", "within a year", "else"};
  static const std::vector<std::string> code = {"missing", "exact", "dl<=1", "dl<=2", "else"};
  static const std::vector<std::string> number = {"missing", "exact", "within tolerance", "else"};
  static const std::vector<std::string> exact = {"missing", "exact", "else"};
  switch (k) {
    case CompareKind::Name:
      return name;
    case CompareKind::Text:
      return text;
    case CompareKind::Street:
      return street;
    case CompareKind::Email:
      return email;
    case CompareKind::Phone:
      return phone;
    case CompareKind::Date:
      return date;
    case CompareKind::Code:
      return code;
    case CompareKind::Number:
      return number;
    case CompareKind::Country:
    case CompareKind::Exact:
      return exact;
  }
  return exact;
}

}  // namespace crm

namespace crm::dedupe {

double jaro_winkler_fast(std::string_view a, std::string_view b) {
  const size_t la = a.size(), lb = b.size();
  if (la > 64 || lb > 64 || !is_ascii(a) || !is_ascii(b)) return jaro_winkler(a, b);
  if (la == 0 || lb == 0) return 0.0;
  // The same steps as crm::jaro_winkler (jellyfish), on bytes, with bit sets for the flags.
  const size_t longer = std::max(la, lb);
  const size_t range = longer / 2 >= 1 ? longer / 2 - 1 : 0;
  uint64_t fa = 0, fb = 0;
  size_t common = 0;
  for (size_t i = 0; i < la; ++i) {
    const size_t lo = i > range ? i - range : 0;
    const size_t hi = std::min(i + range, lb - 1);
    for (size_t j = lo; j <= hi; ++j) {
      if (!((fb >> j) & 1u) && a[i] == b[j]) {
        fa |= uint64_t{1} << i;
        fb |= uint64_t{1} << j;
        ++common;
        break;
      }
    }
  }
  if (common == 0) return 0.0;
  size_t k = 0, transpositions = 0;
  for (size_t i = 0; i < la; ++i) {
    if (!((fa >> i) & 1u)) continue;
    while (!((fb >> k) & 1u)) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  const double c = static_cast<double>(common);
  const double t = static_cast<double>(transpositions / 2);
  const double w = (c / static_cast<double>(la) + c / static_cast<double>(lb) + (c - t) / c) / 3.0;
  if (w <= 0.7) return w;
  const size_t limit = std::min<size_t>({la, lb, 4});
  size_t prefix = 0;
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return w + static_cast<double>(prefix) * 0.1 * (1.0 - w);
}

namespace {

/// Jaccard similarity of the word sets of two keys (words separated by single spaces).
double token_jaccard(std::string_view a, std::string_view b) {
  auto split = [](std::string_view s) {
    std::vector<std::string_view> w;
    size_t i = 0;
    while (i <= s.size()) {
      size_t j = s.find(' ', i);
      if (j == std::string_view::npos) j = s.size();
      if (j > i) w.push_back(s.substr(i, j - i));
      i = j + 1;
    }
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    return w;
  };
  const auto wa = split(a), wb = split(b);
  if (wa.empty() || wb.empty()) return 0;
  size_t common = 0, i = 0, j = 0;
  while (i < wa.size() && j < wb.size()) {
    if (wa[i] == wb[j]) {
      ++common, ++i, ++j;
    } else if (wa[i] < wb[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(wa.size() + wb.size() - common);
}

/// Damerau-Levenshtein distance, or `cap + 1` when the lengths alone rule out `cap` or less.
size_t bounded_dl(std::string_view a, std::string_view b, size_t cap) {
  const size_t d = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (d > cap * 4) return cap + 1;  // UTF-8: a code point is at most 4 bytes
  return damerau_levenshtein(a, b);
}

/// False when both keys hold digits and their digits differ ("Corso Cavour 323" and "Corso
/// Cavour 85"); true otherwise.
bool same_numbers(std::string_view a, std::string_view b) {
  char da[32], db[32];
  size_t na = 0, nb = 0;
  for (char c : a)
    if (c >= '0' && c <= '9' && na < sizeof da) da[na++] = c;
  for (char c : b)
    if (c >= '0' && c <= '9' && nb < sizeof db) db[nb++] = c;
  if (!na || !nb) return true;
  return std::string_view(da, na) == std::string_view(db, nb);
}

/// The index of the field with `role`, or -1.
int field_with_role(const std::vector<FieldKeys>& keys, FieldRole role) {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i].role == role) return static_cast<int>(i);
  return -1;
}

/// True when one key is a single letter (an initial) that starts the other.
bool initial_of(std::string_view a, std::string_view b) {
  auto one = [](std::string_view s) { return s.size() == 1; };
  if (one(a) && !b.empty() && b[0] == a[0]) return true;
  if (one(b) && !a.empty() && a[0] == b[0]) return true;
  return false;
}

/// Double Metaphone agreement: a code of one name (primary or alternate) equals a code of the
/// other ("Schmidt" XMT/SMT and "Smith" SM0/XMT).
bool phonetic_match(const FieldKeys& k, uint32_t ia, uint32_t ib) {
  const uint32_t pa = k.phonetic[ia], qa = k.phonetic_alt[ia];
  const uint32_t pb = k.phonetic[ib], qb = k.phonetic_alt[ib];
  if (!pa || !pb) return false;
  return pa == pb || pa == qb || qa == pb || (qa && qa == qb);
}

unsigned name_level(const std::vector<FieldKeys>& keys, size_t f, uint32_t ia, uint32_t ib,
                    uint32_t ra, uint32_t rb) {
  const FieldKeys& k = keys[f];
  const std::string &a = k.value[ia], &b = k.value[ib];
  if (nickname_match(k, ia, ib)) return 2;
  // Given and family names swapped: this field of one row equals the other field of the other.
  const FieldRole other_role = k.role == FieldRole::GivenName    ? FieldRole::FamilyName
                               : k.role == FieldRole::FamilyName ? FieldRole::GivenName
                                                                 : FieldRole::Other;
  if (other_role != FieldRole::Other) {
    const int o = field_with_role(keys, other_role);
    if (o >= 0) {
      const FieldKeys& ok = keys[static_cast<size_t>(o)];
      const uint32_t oa = ok.row_id[ra], ob = ok.row_id[rb];
      if (oa && ob && ok.value[oa] == b && ok.value[ob] == a) return 3;
    }
  }
  const double jw = jaro_winkler_fast(a, b);
  if (jw >= 0.92) return 4;
  if (jw >= 0.88) return 5;
  if (phonetic_match(k, ia, ib)) return 6;
  if (initial_of(a, b)) return 8;
  if (jw >= 0.70) return 7;
  return 9;
}

unsigned date_level(const FieldKeys& k, uint32_t ia, uint32_t ib) {
  const std::string &a = k.value[ia], &b = k.value[ib];
  const int64_t da = k.day[ia], db = k.day[ib];
  if (a.size() == 8 && b.size() == 8 && damerau_levenshtein(a, b) <= 1) return 2;
  if (a.size() == 8 && b.size() == 8 && a.compare(0, 4, b, 0, 4) == 0 &&
      a.compare(4, 2, b, 6, 2) == 0 && a.compare(6, 2, b, 4, 2) == 0)
    return 3;
  constexpr int64_t unknown = std::numeric_limits<int64_t>::min();
  if (da != unknown && db != unknown && std::llabs(da - db) <= 365) return 4;
  if (da == unknown || db == unknown) {
    if (bounded_dl(a, b, 1) <= 1) return 2;
  }
  return 5;
}

}  // namespace

std::string country_alpha2(std::string_view v) {
  const auto c = find_country(v);
  return c ? std::string(c->alpha2) : std::string();
}

bool nickname_match(const FieldKeys& k, uint32_t ia, uint32_t ib) {
  if (k.nick_start.empty()) return false;
  const uint32_t *a = k.nick_ids.data() + k.nick_start[ia],
                 *ae = k.nick_ids.data() + k.nick_start[ia + 1];
  const uint32_t *b = k.nick_ids.data() + k.nick_start[ib],
                 *be = k.nick_ids.data() + k.nick_start[ib + 1];
  if (a == ae || b == be) return false;
  // A shared canonical name is necessary (every group has one head, and both names' canonicals
  // hold it); are_nicknames then checks that they are in one group (two nicknames of different
  // groups of one name, Bob and Dobbin, are not).
  bool shared = false;
  for (const uint32_t* x = a; x != ae && !shared; ++x)
    for (const uint32_t* y = b; y != be; ++y)
      if (*x == *y) {
        shared = true;
        break;
      }
  if (!shared) return false;
  std::string_view va = k.value[ia], vb = k.value[ib];
  if (k.role == FieldRole::FullName) {
    const size_t sa = std::min(va.find(' '), va.size()), sb = std::min(vb.find(' '), vb.size());
    if (va.substr(sa) != vb.substr(sb)) return false;
    va = va.substr(0, sa), vb = vb.substr(0, sb);
  }
  return are_nicknames(va, vb);
}

unsigned compare_level(const std::vector<FieldKeys>& keys, const DedupeModel& model, size_t f,
                       uint32_t ra, uint32_t rb) {
  const FieldKeys& k = keys[f];
  const uint32_t ia = k.row_id[ra], ib = k.row_id[rb];
  if (!ia || !ib) return 0;
  if (ia == ib) return 1;
  const std::string &a = k.value[ia], &b = k.value[ib];
  switch (k.kind) {
    case CompareKind::Name:
      return name_level(keys, f, ia, ib, ra, rb);
    case CompareKind::Text: {
      const double jw = jaro_winkler_fast(a, b);
      return jw >= 0.92 ? 2 : jw >= 0.88 ? 3 : jw >= 0.70 ? 4 : 5;
    }
    case CompareKind::Street: {
      // Another house number is another address, however alike the street names are.
      if (!same_numbers(a, b)) return 5;
      const double jw = jaro_winkler_fast(a, b);
      if (jw >= 0.92) return 2;
      if (token_jaccard(a, b) >= 0.6) return 3;
      return jw >= 0.80 ? 4 : 5;
    }
    case CompareKind::Email: {
      const size_t at_a = a.find('@'), at_b = b.find('@');
      if (at_a != std::string::npos && at_a == at_b && a.compare(0, at_a, b, 0, at_b) == 0)
        return 2;
      return jaro_winkler_fast(a, b) >= 0.88 ? 3 : 4;
    }
    case CompareKind::Phone: {
      if (a.size() >= 7 && b.size() >= 7 && a.compare(a.size() - 7, 7, b, b.size() - 7, 7) == 0)
        return 2;
      return 3;
    }
    case CompareKind::Date:
      return date_level(k, ia, ib);
    case CompareKind::Code: {
      const size_t d = bounded_dl(a, b, 2);
      return d <= 1 ? 2 : d <= 2 ? 3 : 4;
    }
    case CompareKind::Number: {
      const double x = k.number[ia], y = k.number[ib];
      if (std::isnan(x) || std::isnan(y)) return 3;
      const double tol = model.fields[f].tolerance;
      const double scale = std::max(std::fabs(x), std::fabs(y));
      return std::fabs(x - y) <= tol * scale ? 2 : 3;
    }
    case CompareKind::Country:
    case CompareKind::Exact:
      return 2;
  }
  return static_cast<unsigned>(compare_levels(k.kind).size() - 1);
}

}  // namespace crm::dedupe
