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

namespace crm {

/// Which clean-ups clean_text applies.
struct TextCleanOptions {
  bool trim = true;              // drop leading and trailing whitespace
  bool collapse = true;          // runs of inner whitespace (tabs, line breaks too) → one space
  bool remove_invisible = true;  // zero-width characters, soft hyphens, BOMs, control characters
  bool nfc = true;               // Unicode Normalization Form C
};

/// `v` cleaned as `options` asks. Unicode space separators (no-break space, thin space…) count
/// as whitespace. Bytes that are not valid UTF-8 are left as they are.
std::string clean_text(std::string_view v, const TextCleanOptions& options = {});

/// Letter-case conversions of the `case` step.
enum class CaseMode : uint8_t { Lower, Upper, Title, Name };

/// Parses "lower", "upper", "title", "name"; false for anything else.
bool parse_case_mode(std::string_view name, CaseMode& out);

/// `v` in the given case (full Unicode case mapping). Title: each word's first letter upper case,
/// the rest lower case. Name: person-name case after Lingua::EN::NameCase 1.21 (see the README):
/// `LUDWIG VAN BEETHOVEN` → `Ludwig van Beethoven`, `ronald mcdonald` → `Ronald McDonald`.
std::string change_case(std::string_view v, CaseMode mode);

}  // namespace crm

namespace crm {

/// Damerau-Levenshtein distance (insertions, deletions, substitutions and transpositions of
/// adjacent characters, unrestricted: as jellyfish.damerau_levenshtein_distance) over code
/// points; invalid UTF-8 is compared byte by byte.
size_t damerau_levenshtein(std::string_view a, std::string_view b);

/// Jaro similarity in [0, 1] over code points (0 when either is empty; as jellyfish).
double jaro(std::string_view a, std::string_view b);

/// Jaro-Winkler similarity in [0, 1]: Jaro plus 0.1 per common leading character (up to 4) times
/// (1 − Jaro), applied when Jaro exceeds 0.7 (as jellyfish.jaro_winkler_similarity).
double jaro_winkler(std::string_view a, std::string_view b);

}  // namespace crm
