// Phone formatting (libphonenumber's format: E.164, international, national, RFC 3966) and the
// small lookups of crm/phone.h.
#include <cstring>
#include <string>

#include "crm/phone.h"
#include "standardize/phone_regions.h"

namespace crm {

namespace {

using phone_detail::Region;

// Applies a "$1 $2-$3" rule to the groups of `caps` over `v`.
std::string apply_rule(std::string_view rule, std::string_view v, const DigitRegex::Captures& caps,
                       int groups) {
  std::string out;
  for (size_t i = 0; i < rule.size(); ++i) {
    if (rule[i] == '$' && i + 1 < rule.size() && rule[i + 1] >= '1' && rule[i + 1] <= '9') {
      const int g = rule[i + 1] - '0';
      if (g <= groups && caps.pos[2 * g] >= 0) {
        out.append(v.substr(caps.pos[2 * g], caps.pos[2 * g + 1] - caps.pos[2 * g]));
      }
      ++i;
    } else {
      out += rule[i];
    }
  }
  return out;
}

// _format_nsn: the national significant number laid out by the first format whose leading
// digits and pattern fit (the number itself when none does).
std::string format_nsn(Region& main, std::string_view v, PhoneFormat f) {
  for (phone_detail::Format& fm : phone_detail::formats(main)) {
    if (!fm.leading.empty() && !fm.leading.prefix_match(v)) continue;
    if (!fm.pattern.full_match(v)) continue;
    DigitRegex::Captures caps;
    if (!fm.pattern.looking_at(v, caps)) continue;
    const phone_data::FormatData& d = *fm.data;
    std::string rule;
    if (f == PhoneFormat::National) {
      rule = d.format;
      const char* np = d.np_rule ? d.np_rule : main.d->np_rule;
      if (np && *np) {
        // The first group ($1) written with the national prefix formatting rule ("0$1").
        const size_t at = rule.find('$');
        if (at != std::string::npos && at + 1 < rule.size()) {
          std::string with_prefix = np;
          const size_t g = with_prefix.find("$1");
          if (g != std::string::npos) with_prefix.replace(g, 2, rule.substr(at, 2));
          rule.replace(at, 2, with_prefix);
        }
      }
    } else {
      rule = d.intl_format ? d.intl_format : d.format;
    }
    std::string out = apply_rule(rule, v, caps, fm.pattern.groups());
    if (f == PhoneFormat::Rfc3966) {
      // Punctuation runs become single dashes; leading punctuation goes.
      std::string dashed;
      bool sep = false;
      for (char c : out) {
        if (c >= '0' && c <= '9') {
          if (sep && !dashed.empty()) dashed += '-';
          sep = false;
          dashed += c;
        } else {
          sep = true;
        }
      }
      out = dashed;
    }
    return out;
  }
  return std::string(v);
}

}  // namespace

size_t format_phone_e164(const PhoneNumber& n, char* out) {
  if (!n.parsed()) return 0;
  out[0] = '+';
  char cc[8];
  int len = 0;
  for (unsigned c = n.country_code; c > 0; c /= 10) cc[len++] = static_cast<char>('0' + c % 10);
  for (int i = 0; i < len; ++i) out[1 + i] = cc[len - 1 - i];
  std::memcpy(out + 1 + len, n.nsn, n.nsn_len);
  return 1 + static_cast<size_t>(len) + n.nsn_len;
}

std::string format_phone(const PhoneNumber& n, PhoneFormat f) {
  if (!n.parsed()) return "";
  char buf[24];
  const size_t e164 = format_phone_e164(n, buf);
  if (f == PhoneFormat::E164) return std::string(buf, e164);
  int first, count;
  phone_detail::calling_code_regions(n.country_code, first, count);
  Region& main = phone_detail::region(first);
  const std::string body = format_nsn(main, n.national_number(), f);
  const std::string cc = std::to_string(n.country_code);
  std::string out;
  switch (f) {
    case PhoneFormat::National:
      out = body;
      break;
    case PhoneFormat::International:
      out = "+" + cc + " " + body;
      break;
    default:
      out = "tel:+" + cc + "-" + body;
      break;
  }
  if (n.ext_len > 0) {
    if (f == PhoneFormat::Rfc3966) {
      out += ";ext=";
    } else {
      out += main.d->ext_prefix ? main.d->ext_prefix : " ext. ";
    }
    out.append(n.extension());
  }
  return out;
}

std::string format_phone_lines(std::string_view text, std::string_view default_region,
                               PhoneFormat f) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(at, nl - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const PhoneNumber n = parse_phone(line, default_region, false);  // the type is not printed
    if (f == PhoneFormat::E164) {
      char buf[24];
      out.append(buf, format_phone_e164(n, buf));
    } else {
      out += format_phone(n, f);
    }
    out += '\t';
    out += phone_reason_name(n.reason);
    out += '\n';
    at = nl + 1;
  }
  return out;
}

bool parse_phone_format(std::string_view name, PhoneFormat& f) {
  if (name == "e164")
    f = PhoneFormat::E164;
  else if (name == "international")
    f = PhoneFormat::International;
  else if (name == "national")
    f = PhoneFormat::National;
  else if (name == "rfc3966")
    f = PhoneFormat::Rfc3966;
  else
    return false;
  return true;
}

bool is_phone_region(std::string_view region) {
  if (region.size() != 2 || region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' ||
      region[1] > 'Z')
    return false;
  return phone_detail::region_index(region) >= 0;
}

std::string_view phone_main_region(uint16_t country_code) {
  int first, count;
  phone_detail::calling_code_regions(country_code, first, count);
  return count > 0 ? std::string_view(phone_data::kRegions[first].id) : std::string_view();
}

uint16_t phone_country_code(std::string_view region) {
  const int i = phone_detail::region_index(region);
  return i >= 0 && region[0] >= 'A' && region[1] >= 'A' && region[0] <= 'Z' && region[1] <= 'Z'
             ? phone_data::kRegions[i].cc
             : 0;
}

uint16_t phone_leading_country_code(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && t[i] == ' ') ++i;
  if (t.size() - i >= 4 && (t[i] | 0x20) == 't' && (t[i + 1] | 0x20) == 'e' &&
      (t[i + 2] | 0x20) == 'l' && t[i + 3] == ':')
    i += 4;
  if (i < t.size() && t[i] == '+') {
    ++i;
  } else if (i + 1 < t.size() && t[i] == '0' && t[i + 1] == '0') {
    i += 2;
  } else {
    return 0;
  }
  unsigned cc = 0;
  for (int k = 0; k < 3; ++k) {
    while (i < t.size() &&
           (t[i] == ' ' || t[i] == '-' || t[i] == '.' || t[i] == '(' || t[i] == ')'))
      ++i;
    if (i >= t.size() || t[i] < '0' || t[i] > '9') return 0;
    cc = cc * 10 + static_cast<unsigned>(t[i] - '0');
    ++i;
    if (cc == 0) return 0;
    int first, count;
    phone_detail::calling_code_regions(cc, first, count);
    if (count > 0) return static_cast<uint16_t>(cc);
  }
  return 0;
}

const char* phone_metadata_version() {
  return phone_data::kMetadataVersion;
}

}  // namespace crm
