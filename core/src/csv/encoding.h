// Encoding detection and conversion to UTF-8 (internal to the csv module).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace crm::enc {

/// Encodings recognized from the first bytes of a file.
enum class Source { Utf8, Utf8Bom, Utf16Le, Utf16Be };

/// Result of looking at the first bytes of a file.
struct Detection {
  Source source = Source::Utf8;
  size_t bom_size = 0;  // bytes to skip
};

/// Detects a BOM, or UTF-16 without BOM from the pattern of NUL bytes, in the file's first bytes.
Detection detect(std::string_view head);

/// Names a binary format from its magic bytes ("a PNG image", "a ZIP archive ..."), or "".
std::string binary_signature(std::string_view head);

/// True when `s` is valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view s);

/// Appends the UTF-8 encoding of Windows-1252 text `s` to `out`.
void cp1252_to_utf8(std::string_view s, std::string& out);

/// Streaming UTF-16 to UTF-8 converter that carries split code units and surrogates across chunks.
class Utf16Decoder {
 public:
  explicit Utf16Decoder(bool big_endian) : big_endian_(big_endian) {}
  /// Converts the next chunk, appending UTF-8 to `out`.
  void decode(const unsigned char* p, size_t n, std::string& out);
  /// Flushes at end of input (a dangling byte or surrogate becomes U+FFFD).
  void finish(std::string& out);
  /// Number of invalid sequences replaced by U+FFFD.
  uint64_t replaced() const { return replaced_; }

 private:
  void unit(uint32_t u, std::string& out);
  bool big_endian_;
  int have_byte_ = -1;  // a first byte waiting for its pair
  uint32_t high_ = 0;   // a pending high surrogate
  uint64_t replaced_ = 0;
};

/// Appends the UTF-8 encoding of code point `cp` to `out`.
void append_utf8(uint32_t cp, std::string& out);

}  // namespace crm::enc
