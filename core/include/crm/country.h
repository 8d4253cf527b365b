// Country standardizer: ISO 3166-1 codes, English names, common names, aliases and translated
// names (Debian iso-codes, read at build time) to alpha-2, alpha-3 or the English short name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crm/standardize.h"
#include "crm/table.h"

namespace crm {

/// The form a recognized country is written in.
enum class CountryForm { kAlpha2, kAlpha3, kName };

/// One ISO 3166-1 entry.
struct CountryInfo {
  std::string_view alpha2;   // "DE"
  std::string_view alpha3;   // "DEU"
  std::string_view numeric;  // "276"
  std::string_view name;     // English short name, "Germany"
};

/// Parses "alpha2", "alpha3" or "name"; false for anything else.
bool parse_country_form(std::string_view s, CountryForm& form);

/// The matching key of a value: case-folded, accents and punctuation removed, "the" dropped,
/// "&" read as "and" and "St" as "Saint", tokens joined without spaces ("U.S.A." -> "usa").
std::string country_key(std::string_view value);

/// The entry a value names (code, name or alias), or nothing when unknown or ambiguous.
std::optional<CountryInfo> find_country(std::string_view value);

/// Standardizes one value to `form`; an unknown, ambiguous or empty value is not ok and comes
/// back unchanged with a reason (and, for a likely misspelling, a suggestion).
Standardized standardize_country(std::string_view value, CountryForm form = CountryForm::kAlpha2);

/// Standardizes a whole column (each distinct value once); missing values stay missing.
ColumnStandardization standardize_country_column(const Column& column,
                                                 CountryForm form = CountryForm::kAlpha2);

/// Number of ISO 3166-1 entries known.
size_t country_count();

/// The i-th entry, ordered by alpha-2 code (i < country_count()).
CountryInfo country_at(size_t i);

/// The Debian iso-codes version the data was generated from (e.g. "4.15.0").
const char* iso_codes_version();

}  // namespace crm
