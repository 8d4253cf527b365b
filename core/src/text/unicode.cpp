// Comparison keys and normalization on utf8proc. ASCII values, most of a CRM export, take a
// fast path that gives the same bytes as utf8proc would.
#include <cstdlib>
#include <cstring>

#include "crm/text.h"

extern "C" {
#include <utf8proc.h>
}

namespace crm {
namespace {

// Runs utf8proc_map with `options` and appends the result; false when `s` is not valid UTF-8.
bool map_append(std::string_view s, int options, std::string& out) {
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &mapped,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0) return false;
  out.append(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
  std::free(mapped);
  return true;
}

constexpr int kFoldOptions = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                             UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE |
                             UTF8PROC_LUMP;

}  // namespace

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

void append_fold_key(std::string_view s, std::string& out) {
  if (is_ascii(s)) {
    size_t at = out.size();
    out.append(s);
    for (size_t i = at; i < out.size(); ++i) {
      char c = out[i];
      if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c + ('a' - 'A'));
    }
    return;
  }
  if (map_append(s, kFoldOptions, out)) return;
  size_t at = out.size();  // not UTF-8: keep the bytes, fold ASCII letters only
  out.append(s);
  for (size_t i = at; i < out.size(); ++i) {
    char c = out[i];
    if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c + ('a' - 'A'));
  }
}

std::string fold_key(std::string_view s) {
  std::string out;
  append_fold_key(s, out);
  return out;
}

int collate_compare(std::string_view a, std::string_view b) {
  if (is_ascii(a) && is_ascii(b)) {  // case-insensitive compare without building keys
    size_t n = a.size() < b.size() ? a.size() : b.size();
    for (size_t i = 0; i < n; ++i) {
      unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
      if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
      if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
      if (x != y) return x < y ? -1 : 1;
    }
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  } else {
    int c = fold_key(a).compare(fold_key(b));
    if (c != 0) return c < 0 ? -1 : 1;
  }
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string nfc(std::string_view s) {
  if (is_ascii(s)) return std::string(s);
  std::string out;
  if (!map_append(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE, out)) return std::string(s);
  return out;
}

const char* unicode_version() {
  return utf8proc_unicode_version();
}

}  // namespace crm
