// E-mail addresses: validity by the WHATWG HTML "valid e-mail address" grammar, standardization
// (trim, lower-case domain) and suggestions for common domain typos. Part of the standardize
// module.
#pragma once

#include <string>
#include <string_view>

namespace crm {

/// True when `v` is a WHATWG HTML "valid e-mail address": 1*(atext / ".") "@" label *("." label),
/// a label being letters, digits and inner hyphens, at most 63 characters (ASCII only).
bool is_whatwg_email(std::string_view v);

/// How standardize_email treats the local part.
struct EmailOptions {
  bool lower_local = false;  // also lower-case the part before the @ (most providers ignore case)
};

/// The result of standardizing one address.
struct EmailResult {
  std::string output;      // the standardized address (the input trimmed when it is invalid)
  bool valid = false;      // output is a valid address
  std::string reason;      // why it is not valid (plain words), empty when valid
  std::string suggestion;  // a likely intended address for a common domain typo, or empty
};

/// Trims the value (and invisible characters), drops a `mailto:` prefix or enclosing `<…>`,
/// lower-cases the domain (and the local part when asked), checks validity and, for a domain one
/// or two edits from a common provider's (`gmial.com`) or with a misspelt `.com`/`.net`/`.org`
/// (`.con`), suggests the corrected address without applying it.
EmailResult standardize_email(std::string_view v, const EmailOptions& options = {});

}  // namespace crm
