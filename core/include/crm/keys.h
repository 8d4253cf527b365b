// Keys of a single value for grouping and matching: phonetic codes (Double Metaphone, Soundex,
// NYSIIS, Metaphone) and OpenRefine's key-collision fingerprints. Spelling clusters and the
// duplicate finder's blocking keys and comparators are built on them. Written here (no C or C++
// library in Debian fits the WebAssembly build); where each follows or deviates from its
// reference is said below and in the README.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crm {

/// The two codes of Double Metaphone: the primary pronunciation and an alternate one (equal to
/// the primary when the value has no second reading).
struct DoubleMetaphone {
  std::string primary;    // e.g. "XMT" for "Schmidt"
  std::string alternate;  // e.g. "SMT" for "Schmidt"
};

/// Double Metaphone (Lawrence Philips, 2000) codes of `v`, following npm `double-metaphone` 2.x
/// (wooorm) rule for rule, including its handling of À, Ê, É (vowels), Ç (S) and Ñ (N); other
/// non-ASCII letters are skipped. `max_length` > 0 cuts both codes to that many characters (the
/// original algorithm's 4); 0 keeps them whole, as the npm package does. Deviation: ß reads as SS
/// over the whole value (JavaScript upper-cases it to SS but stops at the original length).
DoubleMetaphone double_metaphone(std::string_view v, size_t max_length = 0);

/// American Soundex of `v` as python3-jellyfish 0.8.9 computes it (its pure-Python version):
/// compatibility-decomposed (NFKD), upper-cased, the first character kept as it is, then three
/// digits (H and W do not separate equal codes; zero-padded). "" for "".
std::string soundex(std::string_view v);

/// NYSIIS code of `v` as jellyfish 0.8.9's pure-Python nysiis (no length cut). "" for "".
std::string nysiis(std::string_view v);

/// Original Metaphone (Philips, 1990) of `v` as jellyfish 0.8.9's pure-Python metaphone: one code
/// per word, words separated by a space.
std::string metaphone(std::string_view v);

/// OpenRefine's fingerprint key (FingerprintKeyer, OpenRefine 3.x): trimmed, lower-cased,
/// compatibility-decomposed with combining diacritics, modifier letters and modifier symbols
/// removed, ß æ ø œ þ ł… spelled out in ASCII, punctuation and control characters removed, then
/// the whitespace-separated words sorted (UTF-16 order, as Java), made unique and joined by one
/// space. "Café  de Paris" and "paris, cafe de" both give "cafe de paris".
std::string fingerprint(std::string_view v);

/// OpenRefine's n-gram fingerprint key (NGramFingerprintKeyer): the fingerprint normalization,
/// then all whitespace and control characters removed, then the sorted unique n-grams of code
/// points joined with no separator ("" when shorter than `n`; n = 0 counts as 1).
std::string ngram_fingerprint(std::string_view v, size_t n = 2);

}  // namespace crm
