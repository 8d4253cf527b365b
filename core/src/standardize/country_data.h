// The ISO 3166-1 table and every name a country may be written as, generated at build time by
// gen_countries.mjs from Debian's iso-codes and country_aliases.txt (internal to the core).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crm::country_data {

/// One ISO 3166-1 entry, as written in iso-codes.
struct Country {
  const char* alpha2;
  const char* alpha3;
  const char* numeric;
  const char* name;  // English short name
};

/// Where a name comes from; a lower value wins when two countries share a matching key.
enum class Source : uint8_t { kCode, kEnglish, kAlias, kTranslation };

/// One way of writing a country.
struct Name {
  const char* text;
  uint16_t country;  // index into kCountries
  Source source;
  const char* lang;  // "code", "en", "alias", or the translation's locale ("de", "zh_TW", ...)
  const char* note;  // for judgment-call aliases: the note shown as the reason; else ""
};

extern const char* const kIsoCodesVersion;  // Debian iso-codes version
extern const Country kCountries[];          // ordered by alpha-2
extern const size_t kCountryCount;
extern const Name kNames[];
extern const size_t kNameCount;

/// KeyEntry::country of a key that names several countries at its strongest source.
constexpr int32_t kAmbiguous = -1;

/// One matching key (see crm::country_key) and what it resolves to.
struct KeyEntry {
  std::string key;
  int32_t country;                 // index into kCountries, or kAmbiguous
  const char* note;                // note of the judgment-call alias that won, else ""
  std::vector<uint16_t> clashing;  // the candidates (ascending) when ambiguous, else empty
  bool code;                       // a code wins this key (not offered as a suggestion)
};

/// The sorted key table of `names`: per key, the strongest source wins; a tie between countries
/// at that source makes the key ambiguous.
std::vector<KeyEntry> build_keys(const Name* names, size_t count);

}  // namespace crm::country_data
