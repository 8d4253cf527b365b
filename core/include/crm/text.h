// Unicode text helpers shared by the view (search, sort), the standardizers and matching:
// comparison keys and normalization, on utf8proc (the same code natively and in WebAssembly).
#pragma once

#include <string>
#include <string_view>

namespace crm {

/// True when every byte of `s` is 7-bit ASCII.
bool is_ascii(std::string_view s);

/// Appends the comparison key of `s` to `out`: compatibility-composed (NFKC), case-folded,
/// accents and other marks removed, default-ignorable characters (soft hyphen, zero-width
/// space, BOM) dropped and look-alike punctuation lumped (’ → ', – → -). `Émile`, `EMILE` and
/// `emile` get the same key. Bytes that are not valid UTF-8 are kept, ASCII letters lower-cased.
void append_fold_key(std::string_view s, std::string& out);

/// The comparison key of `s` (see append_fold_key).
std::string fold_key(std::string_view s);

/// Orders two values as a person expects: by their fold keys, ties broken by the exact bytes so
/// the order is total and deterministic. Negative, zero or positive like strcmp.
int collate_compare(std::string_view a, std::string_view b);

/// `s` in Unicode Normalization Form C; invalid UTF-8 is returned unchanged.
std::string nfc(std::string_view s);

/// The version of the Unicode data in use (e.g. "15.0.0").
const char* unicode_version();

}  // namespace crm
