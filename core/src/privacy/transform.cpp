// Value-level protection: HMAC-SHA256 pseudonyms (libsodium), masking rules, years and bands.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <string>

extern "C" {
#include "crypto_auth_hmacsha256.h"
}

#include "crm/common.h"
#include "crm/email.h"
#include "crm/infer.h"
#include "crm/phone.h"
#include "crm/privacy.h"
#include "crm/text.h"

namespace crm {

namespace {

constexpr const char* kDot = "\xE2\x80\xA2";  // U+2022 BULLET, one per hidden character

/// Bytes of the UTF-8 sequence starting with lead byte `c` (1 for stray bytes).
size_t utf8_len(unsigned char c) {
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  return v;
}

bool is_alnum_byte(unsigned char c) {
  return std::isalnum(c) || c >= 0x80;
}

/// Keeps the first letter of every word and hides the other letters and all digits.
std::string mask_words(std::string_view v) {
  std::string out;
  bool in_word = false;
  for (size_t i = 0; i < v.size();) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    const size_t n = std::min(utf8_len(c), v.size() - i);
    if (is_alnum_byte(c)) {
      if (!in_word && !std::isdigit(c)) {
        out.append(v.substr(i, n));
      } else {
        out += kDot;
      }
      in_word = true;
    } else {
      out.append(v.substr(i, n));
      in_word = false;
    }
    i += n;
  }
  return out;
}

/// Hides every letter and digit but the last `keep` ones.
std::string mask_keep_last(std::string_view v, size_t keep, size_t keep_first_digits = 0) {
  size_t total = 0;
  for (size_t i = 0; i < v.size(); i += utf8_len(static_cast<unsigned char>(v[i]))) {
    if (is_alnum_byte(static_cast<unsigned char>(v[i]))) ++total;
  }
  std::string out;
  size_t seen = 0;
  for (size_t i = 0; i < v.size();) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    const size_t n = std::min(utf8_len(c), v.size() - i);
    if (is_alnum_byte(c)) {
      ++seen;
      if (seen <= keep_first_digits || seen + keep > total) {
        out.append(v.substr(i, n));
      } else {
        out += kDot;
      }
    } else {
      out.append(v.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string mask_email(std::string_view v) {
  const size_t at = v.rfind('@');
  if (at == std::string_view::npos || at == 0) return mask_keep_last(v, 0);
  const size_t first = std::min(utf8_len(static_cast<unsigned char>(v[0])), at);
  return std::string(v.substr(0, first)) + kDot + kDot + kDot + std::string(v.substr(at));
}

std::string mask_phone(std::string_view v) {
  // The country code as written (+49 / 0049) stays, and the last two digits.
  const uint16_t cc = phone_leading_country_code(v);
  size_t keep_first = 0;
  if (cc) {
    keep_first = std::to_string(cc).size();
    size_t p = v.find_first_of("0123456789");
    if (p != std::string_view::npos && v.substr(p, 2) == "00") keep_first += 2;
  }
  return mask_keep_last(v, 2, keep_first);
}

std::string mask_ip(std::string_view v) {
  if (v.find(':') != std::string_view::npos) {  // IPv6: the first two groups stay
    std::string out;
    int groups = 0;
    for (char c : v) {
      if (c == ':') ++groups;
      out += (groups >= 2 && c != ':') ? std::string(kDot) : std::string(1, c);
    }
    return out;
  }
  std::string out;  // IPv4: the first two octets stay
  int dots = 0;
  for (char c : v) {
    if (c == '.') ++dots;
    out += (dots >= 2 && c != '.') ? std::string(kDot) : std::string(1, c);
  }
  return out;
}

bool email_char(unsigned char c) {
  return std::isalnum(c) || c >= 0x80 || std::strchr("._%+-'", c) != nullptr;
}

/// Masks the emails and phone numbers inside free text; other words stay.
std::string mask_free_text(std::string_view v) {
  std::string out;
  size_t i = 0;
  while (i < v.size()) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == '@' || email_char(c)) {
      size_t j = i;
      while (j < v.size() && (email_char(static_cast<unsigned char>(v[j])) || v[j] == '@')) ++j;
      std::string_view word = v.substr(i, j - i);
      while (!word.empty() && std::strchr(".-'", word.back())) word.remove_suffix(1);
      j = i + word.size();
      if (word.empty()) j = i + 1;
      const size_t at = word.find('@');
      if (at != std::string_view::npos && at > 0 && word.find('.', at) != std::string_view::npos) {
        out += mask_email(word);
        i = j;
        continue;
      }
    }
    if (c == '+' || c == '(' || std::isdigit(c)) {  // a run of 7+ digits with phone punctuation
      size_t j = i, digits = 0;
      while (j < v.size() &&
             (std::isdigit(static_cast<unsigned char>(v[j])) || std::strchr("+()-. /", v[j]))) {
        if (std::isdigit(static_cast<unsigned char>(v[j]))) ++digits;
        ++j;
      }
      while (j > i && !std::isdigit(static_cast<unsigned char>(v[j - 1])) && v[j - 1] != ')') --j;
      if (digits >= 7) {
        out += mask_phone(v.substr(i, j - i));
        i = j;
        continue;
      }
      out.append(v.substr(i, std::max<size_t>(j - i, 1)));
      i += std::max<size_t>(j - i, 1);
      continue;
    }
    const size_t n = std::min(utf8_len(c), v.size() - i);
    if (email_char(c)) {  // copy the rest of an ordinary word at once
      size_t j = i;
      while (j < v.size() && email_char(static_cast<unsigned char>(v[j])) &&
             !std::isdigit(static_cast<unsigned char>(v[j])))
        ++j;
      if (j > i) {
        out.append(v.substr(i, j - i));
        i = j;
        continue;
      }
    }
    out.append(v.substr(i, n));
    i += n;
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::array<uint8_t, 32> hmac_sha256(const ProjectKey& key, std::string_view message) {
  // The state after the key's inner and outer pads depends on the key only: made once per key
  // (per thread) and copied, it saves two of the four SHA-256 blocks of a short message.
  struct Keyed {
    ProjectKey key{};
    crypto_auth_hmacsha256_state state{};
    bool ready = false;
  };
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  static Keyed keyed;  // one thread (wasm-ld refuses thread_local without atomics)
#else
  thread_local Keyed keyed;
#endif
  if (!keyed.ready || keyed.key != key) {
    crypto_auth_hmacsha256_init(&keyed.state, key.data(), key.size());
    keyed.key = key;
    keyed.ready = true;
  }
  crypto_auth_hmacsha256_state st = keyed.state;
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  std::array<uint8_t, 32> out{};
  crypto_auth_hmacsha256_final(&st, out.data());
  return out;
}

std::string pseudonym_input(std::string_view value, PiiKind kind, std::string_view phone_region) {
  const std::string_view v = trim(value);
  if (kind == PiiKind::Email) {
    EmailOptions o;
    o.lower_local = true;
    EmailResult r = standardize_email(v, o);
    if (r.valid) return r.output;
  } else if (kind == PiiKind::Phone) {
    const PhoneNumber n = parse_phone(v, phone_region, false);
    if (n.valid()) return format_phone(n, PhoneFormat::E164);
  }
  std::string collapsed;
  bool space = false;
  for (char c : v) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !collapsed.empty()) collapsed += ' ';
    space = false;
    collapsed += c;
  }
  return fold_key(collapsed);
}

std::string pseudonymize_value(std::string_view value, PiiKind kind, const ProjectKey& key,
                               std::string_view phone_region) {
  if (trim(value).empty()) return {};
  const auto mac = hmac_sha256(key, pseudonym_input(value, kind, phone_region));
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 16; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

std::string mask_value(std::string_view value, PiiKind kind) {
  const std::string_view v = trim(value);
  if (v.empty()) return {};
  switch (kind) {
    case PiiKind::Email:
      return mask_email(v);
    case PiiKind::Phone:
      return mask_phone(v);
    case PiiKind::Name:
    case PiiKind::Address:
      return mask_words(v);
    case PiiKind::Postcode:
      return mask_keep_last(v, 0, 2);
    case PiiKind::BirthDate:
      return year_of(v).empty() ? mask_keep_last(v, 0) : year_of(v);
    case PiiKind::Age:
      return mask_keep_last(v, 0);
    case PiiKind::NationalId:
      return mask_keep_last(v, 2);
    case PiiKind::IpAddress:
      return mask_ip(v);
    case PiiKind::FreeText:
      return mask_free_text(v);
    case PiiKind::None:
      break;
  }
  return mask_keep_last(v, 0, 1);
}

std::string year_of(std::string_view value) {
  const auto d = parse_date(trim(value));
  if (!d) return {};
  int64_t y = 0;
  unsigned m = 0, day = 0;
  civil_from_days(d->day, y, m, day);
  return std::to_string(y);
}

std::string generalize_value(std::string_view value, PiiKind kind, const ColumnProtection& p) {
  const std::string_view v = trim(value);
  if (v.empty()) return {};
  const int64_t band = std::max<uint32_t>(p.band, 1);
  auto band_of = [&](int64_t n) {
    const int64_t lo = (n >= 0 ? n / band : -((-n + band - 1) / band)) * band;
    return band == 1 ? std::to_string(lo)
                     : std::to_string(lo) + "-" + std::to_string(lo + band - 1);
  };
  if (kind == PiiKind::Age) {
    int64_t n = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < 0) return {};
    return band_of(n);
  }
  if (kind == PiiKind::BirthDate) {
    const std::string y = year_of(v);
    if (y.empty()) return {};
    return band_of(std::stoll(y));
  }
  // Postcodes (and anything else): the first `digits` characters, upper-cased, spaces dropped.
  std::string out;
  uint32_t kept = 0;
  for (size_t i = 0; i < v.size() && kept < p.digits;) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    const size_t n = std::min(utf8_len(c), v.size() - i);
    if (!std::isspace(c)) {
      out.append(v.substr(i, n));
      if (n == 1) out.back() = static_cast<char>(std::toupper(c));
      ++kept;
    }
    i += n;
  }
  return out;
}

ProjectKey parse_key_file(std::string_view bytes) {
  ProjectKey key{};
  if (bytes.size() == 32) {
    std::memcpy(key.data(), bytes.data(), 32);
    return key;
  }
  std::string_view t = bytes;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' '))
    t.remove_suffix(1);
  if (t.size() == 64) {
    bool ok = true;
    for (size_t i = 0; i < 32 && ok; ++i) {
      const int hi = hex_digit(t[2 * i]), lo = hex_digit(t[2 * i + 1]);
      ok = hi >= 0 && lo >= 0;
      key[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    if (ok) return key;
  }
  throw InputError("bad_key", "a key file holds exactly 32 bytes or 64 hex digits; this one has " +
                                  std::to_string(bytes.size()) +
                                  " bytes (make one with --new-key-file)");
}

}  // namespace crm
