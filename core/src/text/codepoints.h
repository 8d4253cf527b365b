// Internal: code-point helpers over utf8proc for the text module.
#pragma once

#include <string>
#include <string_view>

namespace crm::text {

/// Decodes UTF-8 into code points; false (out unspecified) when `s` is not valid UTF-8.
bool decode(std::string_view s, std::u32string& out);

/// Decodes UTF-8 into code points, each byte that is not valid UTF-8 read as U+FFFD.
std::u32string decode_lossy(std::string_view s);

/// Compatibility decomposition (NFKD) of code points.
std::u32string nfkd(const std::u32string& s);

/// Unicode general category of `c` (utf8proc_category_t's value: 4 = Lm, 12…18 = P*, 21 = Sk).
int category_of(char32_t c);

/// Encodes code points as UTF-8.
std::string encode(const std::u32string& cps);

/// Simple (one-to-one) lower-case mapping.
char32_t lower(char32_t c);
/// Simple upper-case mapping.
char32_t upper(char32_t c);
/// Simple title-case mapping (ǆ → ǅ; otherwise as upper).
char32_t title(char32_t c);

/// A letter (any script).
bool is_letter(char32_t c);
/// A "word" character as in Perl's \w: letter, mark, digit or underscore.
bool is_word(char32_t c);
/// ASCII whitespace, a Unicode space separator (no-break space…) or a line/paragraph separator.
bool is_space(char32_t c);
/// An invisible character that cleaning removes: control characters other than tab, line feed
/// and carriage return; soft hyphen, zero-width space, word joiner, BOM, Mongolian vowel
/// separator, direction marks and bidirectional embeddings (zero-width (non-)joiners stay: they
/// change how some scripts are written).
bool is_invisible(char32_t c);
/// ' or ’ (U+2019).
bool is_apostrophe(char32_t c);

/// Person-name case in place (Lingua::EN::NameCase 1.21 with the README's deviations).
void name_case(std::u32string& s);

}  // namespace crm::text
