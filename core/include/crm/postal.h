// Postal code standardizer: per-country formats (US ZIP and ZIP+4, UK, CA, NL, DE, FR), leading
// zeros that spreadsheets drop, and trim + upper case for countries without rules.
#pragma once

#include <string>
#include <string_view>

#include "crm/standardize.h"
#include "crm/table.h"

namespace crm {

/// Whether to put back leading zeros a spreadsheet dropped (US, DE and FR codes).
enum class ZeroRestore {
  kAuto,    // in a column: when the column's codes for that country are numbers (see README)
  kAlways,  // always restore
  kNever,   // never: a short code is flagged, with the padded value as a suggestion
};

/// Options of the column standardizer.
struct PostalColumnOptions {
  ZeroRestore zeros = ZeroRestore::kAuto;  // leading zero policy
  std::string default_country;  // country for rows whose country cell is missing ("" = flag them)
};

/// True when `country` (any code or name) has format rules; others are only trimmed and
/// upper-cased.
bool postal_has_rules(std::string_view country);

/// Standardizes one postal code for `country` (alpha-2, or any code or name the country
/// standardizer knows). With `restore_zeros`, 3-4 digit US and 4 digit DE/FR codes get their
/// leading zeros back (noted in `reason`); without, they are flagged with a suggestion.
Standardized standardize_postal(std::string_view value, std::string_view country,
                                bool restore_zeros = false);

/// Standardizes a column of postal codes that all belong to `country`; throws InputError
/// (bad_options) when `country` is empty or not recognized.
ColumnStandardization standardize_postal_column(const Column& values, std::string_view country,
                                                const PostalColumnOptions& options = {});

/// Standardizes a column of postal codes, row i for the country in `countries` row i.
ColumnStandardization standardize_postal_column(const Column& values, const Column& countries,
                                                const PostalColumnOptions& options = {});

}  // namespace crm
