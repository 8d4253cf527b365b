// The ISO 3166-1 table and every name a country may be written as, generated at build time by
// gen_countries.mjs from Debian's iso-codes and country_aliases.txt (internal to the core).
#pragma once

#include <cstddef>
#include <cstdint>

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

}  // namespace crm::country_data
