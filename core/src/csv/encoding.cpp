// Encoding detection and conversion to UTF-8.
#include "csv/encoding.h"

#include <cstring>

namespace crm::enc {

namespace {
bool starts(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}
}  // namespace

Detection detect(std::string_view head) {
  if (starts(head, "\xEF\xBB\xBF")) return {Source::Utf8Bom, 3};
  if (starts(head, std::string_view("\xFF\xFE\x00\x00", 4))) return {Source::Utf8, 0};  // UTF-32
  if (starts(head, "\xFF\xFE")) return {Source::Utf16Le, 2};
  if (starts(head, "\xFE\xFF")) return {Source::Utf16Be, 2};
  // UTF-16 without BOM: ASCII text has a NUL in every other byte.
  const size_t n = head.size() & ~size_t{1};
  if (n >= 4) {
    size_t even_nul = 0, odd_nul = 0;
    for (size_t i = 0; i < n; i += 2) {
      even_nul += head[i] == '\0';
      odd_nul += head[i + 1] == '\0';
    }
    const size_t pairs = n / 2;
    if (odd_nul * 10 >= pairs * 7 && even_nul * 10 <= pairs) return {Source::Utf16Le, 0};
    if (even_nul * 10 >= pairs * 7 && odd_nul * 10 <= pairs) return {Source::Utf16Be, 0};
  }
  return {Source::Utf8, 0};
}

std::string binary_signature(std::string_view h) {
  struct Magic {
    std::string_view bytes;
    const char* name;
  };
  static const Magic magics[] = {
      {"\x89PNG\r\n\x1A\n", "a PNG image"},
      {std::string_view("PK\x03\x04", 4),
       "a ZIP archive (an Excel .xlsx workbook is one; save it as CSV first)"},
      {std::string_view("PK\x05\x06", 4), "an empty ZIP archive"},
      {"%PDF-", "a PDF document"},
      {"\x1F\x8B", "a gzip-compressed file (decompress it first)"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"GIF8", "a GIF image"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
       "an old Office document (an Excel .xls workbook is one; save it as CSV first)"},
      {"\x7F"
       "ELF",
       "a program (ELF executable)"},
      {"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
      {"Rar!", "a RAR archive"},
      {std::string_view("SQLite format 3\0", 16), "an SQLite database"},
      {"BZh", "a bzip2-compressed file (decompress it first)"},
      {std::string_view("\xFF\xFE\x00\x00", 4),
       "UTF-32 text, which is not supported (save as UTF-8)"},
  };
  for (const Magic& m : magics) {
    if (starts(h, m.bytes)) return m.name;
  }
  return {};
}

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += len;
  }
  return true;
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void cp1252_to_utf8(std::string_view s, std::string& out) {
  // 0x80-0x9F differ from Latin-1; the five undefined bytes map to the C1 controls (lossless).
  static const uint16_t high[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  for (unsigned char c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0xA0) {
      append_utf8(high[c - 0x80], out);
    } else {
      append_utf8(c, out);
    }
  }
}

void Utf16Decoder::unit(uint32_t u, std::string& out) {
  if (high_) {
    if (u >= 0xDC00 && u <= 0xDFFF) {
      append_utf8(0x10000 + ((high_ - 0xD800) << 10) + (u - 0xDC00), out);
      high_ = 0;
      return;
    }
    append_utf8(0xFFFD, out);
    ++replaced_;
    high_ = 0;
  }
  if (u >= 0xD800 && u <= 0xDBFF) {
    high_ = u;
  } else if (u >= 0xDC00 && u <= 0xDFFF) {
    append_utf8(0xFFFD, out);
    ++replaced_;
  } else {
    append_utf8(u, out);
  }
}

void Utf16Decoder::decode(const unsigned char* p, size_t n, std::string& out) {
  size_t i = 0;
  if (have_byte_ >= 0 && n > 0) {
    const uint32_t a = static_cast<uint32_t>(have_byte_), b = p[0];
    unit(big_endian_ ? (a << 8 | b) : (b << 8 | a), out);
    have_byte_ = -1;
    i = 1;
  }
  for (; i + 1 < n; i += 2) {
    const uint32_t a = p[i], b = p[i + 1];
    unit(big_endian_ ? (a << 8 | b) : (b << 8 | a), out);
  }
  if (i < n) have_byte_ = p[i];
}

void Utf16Decoder::finish(std::string& out) {
  if (have_byte_ >= 0 || high_) {
    append_utf8(0xFFFD, out);
    ++replaced_;
  }
  have_byte_ = -1;
  high_ = 0;
}

}  // namespace crm::enc
