// Country standardizer: an exact lookup of the value's matching key in a sorted table of every
// code and name (built once from the generated iso-codes data); no fuzzy matching is applied.
#include "crm/country.h"

#include <algorithm>
#include <unordered_map>

#include "crm/text.h"
#include "standardize/column_builder.h"
#include "standardize/country_data.h"

extern "C" {
#include <utf8proc.h>
}

namespace crm {
namespace {

using country_data::kCountries;
using country_data::kNames;

using country_data::kAmbiguous;
using Key = country_data::KeyEntry;

// The sorted key table of the generated names, built on first use (thread-safe; immutable).
const std::vector<Key>& key_table() {
  static const std::vector<Key> table = country_data::build_keys(kNames, country_data::kNameCount);
  return table;
}

// The entry of a matching key, or nullptr.
const Key* lookup(std::string_view key) {
  const auto& t = key_table();
  auto it = std::lower_bound(t.begin(), t.end(), key,
                             [](const Key& k, std::string_view v) { return k.key < v; });
  return it != t.end() && it->key == key ? &*it : nullptr;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string format(size_t country, CountryForm form) {
  const auto& c = kCountries[country];
  switch (form) {
    case CountryForm::kAlpha3:
      return c.alpha3;
    case CountryForm::kName:
      return c.name;
    case CountryForm::kAlpha2:
      break;
  }
  return c.alpha2;
}

std::string describe(size_t country) {
  return std::string(kCountries[country].name) + " (" + kCountries[country].alpha2 + ")";
}

// Optimal string alignment distance of two byte strings, or limit + 1 once it exceeds `limit`.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The one country whose name is closest to `key` (1 edit for short keys, 2 for long), or -1.
int32_t suggest(std::string_view key) {
  if (key.size() < 4) return -1;
  const size_t limit = key.size() <= 6 ? 1 : 2;
  size_t best = limit + 1;
  int32_t found = -1;
  for (const Key& k : key_table()) {
    if (k.code || k.country == kAmbiguous) continue;
    size_t d = edit_distance(key, k.key, std::min(best, limit));
    if (d < best) {
      best = d;
      found = k.country;
    } else if (d == best && d <= limit && found != k.country) {
      found = -2;  // two countries equally close: no suggestion
    }
  }
  return found >= 0 ? found : -1;
}

Standardized standardize(std::string_view value, CountryForm form, bool allow_suggestion) {
  Standardized r;
  r.output = std::string(value);
  std::string key = country_key(trim(value));
  if (key.empty()) {
    r.reason = "no letters or digits to read as a country";
    return r;
  }
  if (std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      key.size() < 3) {
    r.reason = "a numeric country code has 3 digits";
    const Key* k = lookup(std::string(3 - key.size(), '0') + key);
    if (k && k->country >= 0) {
      r.suggestion = format(static_cast<size_t>(k->country), form);
      r.reason += "; did you mean " + describe(static_cast<size_t>(k->country)) + "?";
    }
    return r;
  }
  if (key == "na" && trim(value) != "NA") {  // "n/a", "n.a.", "na": most likely not available
    r.reason = "reads as \"not available\" more likely than Namibia; write NA to mean Namibia";
    r.suggestion = format(static_cast<size_t>(lookup("na")->country), form);
    return r;
  }
  const Key* k = lookup(key);
  if (!k) {
    r.reason = "not a recognized country name or code";
    int32_t s = allow_suggestion ? suggest(key) : -1;
    if (s >= 0) {
      r.suggestion = format(static_cast<size_t>(s), form);
      r.reason += "; did you mean " + describe(static_cast<size_t>(s)) + "?";
    }
    return r;
  }
  if (k->country == kAmbiguous) {
    r.reason = "ambiguous: could be ";
    for (size_t i = 0; i < k->clashing.size(); ++i) {
      if (i) r.reason += i + 1 == k->clashing.size() ? " or " : ", ";
      r.reason += describe(k->clashing[i]);
    }
    return r;
  }
  r.ok = true;
  r.output = format(static_cast<size_t>(k->country), form);
  r.reason = k->note;
  return r;
}

// Suggestions cost a scan of every name; a column computes them for this many distinct values.
constexpr size_t kColumnSuggestions = 2000;

}  // namespace

bool parse_country_form(std::string_view s, CountryForm& form) {
  if (s == "alpha2")
    form = CountryForm::kAlpha2;
  else if (s == "alpha3")
    form = CountryForm::kAlpha3;
  else if (s == "name")
    form = CountryForm::kName;
  else
    return false;
  return true;
}

std::string country_key(std::string_view value) {
  const std::string folded = fold_key(value);
  std::string key, token;
  auto end_token = [&] {
    if (token == "st") token = "saint";
    if (token != "the") key += token;
    token.clear();
  };
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(folded.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // not UTF-8: keep the byte
      token.push_back(static_cast<char>(*p));
      ++p, --left;
      continue;
    }
    if (cp == '&') {
      end_token();
      key += "and";
    } else {
      const int cat = utf8proc_category(cp);
      if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO)
        token.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
      else
        end_token();  // punctuation, symbols, spaces, controls separate tokens
    }
    p += n, left -= n;
  }
  end_token();
  return key;
}

std::optional<CountryInfo> find_country(std::string_view value) {
  const Key* k = lookup(country_key(trim(value)));
  if (!k || k->country == kAmbiguous) return std::nullopt;
  return country_at(static_cast<size_t>(k->country));
}

Standardized standardize_country(std::string_view value, CountryForm form) {
  return standardize(value, form, true);
}

ColumnStandardization standardize_country_column(const Column& column, CountryForm form) {
  StandardizeBuilder b(column);
  struct Seen {
    Standardized r;
    uint32_t note;
  };
  std::unordered_map<std::string_view, Seen> cache;
  size_t suggestions = 0;
  for (size_t i = 0; i < column.size(); ++i) {
    const std::string_view raw = column.value(i);
    if (column.missing(i)) {
      b.add_missing(raw);
      continue;
    }
    auto it = cache.find(raw);
    if (it == cache.end()) {
      Standardized r = standardize(raw, form, suggestions < kColumnSuggestions);
      if (!r.ok) ++suggestions;
      uint32_t note = b.add_note(r);
      it = cache.emplace(raw, Seen{std::move(r), note}).first;
    }
    b.add(raw, it->second.r, it->second.note);
  }
  return b.finish();
}

namespace country_data {

std::vector<KeyEntry> build_keys(const Name* names, size_t count) {
  struct Raw {
    std::string key;
    size_t name;
  };
  std::vector<Raw> raw;
  raw.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string k = country_key(names[i].text);
    if (!k.empty()) raw.push_back({std::move(k), i});
  }
  std::sort(raw.begin(), raw.end(), [&](const Raw& a, const Raw& b) {
    if (a.key != b.key) return a.key < b.key;
    if (names[a.name].source != names[b.name].source)
      return names[a.name].source < names[b.name].source;
    return a.name < b.name;
  });
  std::vector<KeyEntry> out;
  for (size_t i = 0; i < raw.size();) {
    size_t j = i;
    while (j < raw.size() && raw[j].key == raw[i].key) ++j;
    const Source best = names[raw[i].name].source;
    KeyEntry k{raw[i].key, names[raw[i].name].country, "", {}, best == Source::kCode};
    for (size_t m = i; m < j && names[raw[m].name].source == best; ++m) {
      const Name& n = names[raw[m].name];
      if (std::find(k.clashing.begin(), k.clashing.end(), n.country) == k.clashing.end())
        k.clashing.push_back(n.country);
      if (*n.note && !*k.note) k.note = n.note;
    }
    if (k.clashing.size() > 1) {
      std::sort(k.clashing.begin(), k.clashing.end());
      k.country = kAmbiguous;
    } else {
      k.clashing.clear();
    }
    out.push_back(std::move(k));
    i = j;
  }
  return out;
}

}  // namespace country_data

size_t country_count() {
  return country_data::kCountryCount;
}

CountryInfo country_at(size_t i) {
  const auto& c = kCountries[i];
  return {c.alpha2, c.alpha3, c.numeric, c.name};
}

const char* iso_codes_version() {
  return country_data::kIsoCodesVersion;
}

}  // namespace crm
