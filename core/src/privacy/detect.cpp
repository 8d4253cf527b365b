// Personal-data detection: column-name hints plus the share of sampled values of each kind.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <string>

#include "crm/email.h"
#include "crm/infer.h"
#include "crm/privacy.h"

namespace crm {

namespace {

struct KindName {
  PiiKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {PiiKind::None, "none"},
    {PiiKind::Name, "name"},
    {PiiKind::Email, "email"},
    {PiiKind::Phone, "phone"},
    {PiiKind::Address, "address"},
    {PiiKind::Postcode, "postcode"},
    {PiiKind::BirthDate, "birth_date"},
    {PiiKind::Age, "age"},
    {PiiKind::NationalId, "national_id"},
    {PiiKind::IpAddress, "ip_address"},
    {PiiKind::FreeText, "free_text"},
};

/// Column-name hints: a normalized name (lower-case, separators dropped) containing `word`.
struct Hint {
  const char* word;
  PiiKind kind;
};
constexpr Hint kHints[] = {
    {"email", PiiKind::Email},
    {"mail", PiiKind::Email},
    {"phone", PiiKind::Phone},
    {"mobile", PiiKind::Phone},
    {"tel", PiiKind::Phone},
    {"fax", PiiKind::Phone},
    {"birth", PiiKind::BirthDate},
    {"dob", PiiKind::BirthDate},
    {"born", PiiKind::BirthDate},
    {"geburt", PiiKind::BirthDate},
    {"naissance", PiiKind::BirthDate},
    {"ssn", PiiKind::NationalId},
    {"socialsecurity", PiiKind::NationalId},
    {"nationalid", PiiKind::NationalId},
    {"nino", PiiKind::NationalId},
    {"taxid", PiiKind::NationalId},
    {"passport", PiiKind::NationalId},
    {"ipaddress", PiiKind::IpAddress},
    {"ipaddr", PiiKind::IpAddress},
    {"street", PiiKind::Address},
    {"address", PiiKind::Address},
    {"addr", PiiKind::Address},
    {"strasse", PiiKind::Address},
    {"stra\xC3\x9F"
     "e",
     PiiKind::Address},
    {"zip", PiiKind::Postcode},
    {"postcode", PiiKind::Postcode},
    {"postal", PiiKind::Postcode},
    {"plz", PiiKind::Postcode},
    {"firstname", PiiKind::Name},
    {"lastname", PiiKind::Name},
    {"surname", PiiKind::Name},
    {"givenname", PiiKind::Name},
    {"fullname", PiiKind::Name},
    {"forename", PiiKind::Name},
    {"vorname", PiiKind::Name},
    {"nachname", PiiKind::Name},
    {"fname", PiiKind::Name},
    {"lname", PiiKind::Name},
    {"contactname", PiiKind::Name},
    {"customername", PiiKind::Name},
    {"note", PiiKind::FreeText},
    {"comment", PiiKind::FreeText},
    {"remark", PiiKind::FreeText},
    {"description", PiiKind::FreeText},
};

/// Words that make a "name" column not a person's name.
constexpr const char* kNotPerson[] = {"company",  "product", "file", "user", "org",   "account",
                                      "business", "domain",  "host", "item", "brand", "city"};

std::string norm_name(std::string_view n) {
  std::string out;
  for (char c : n) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) out += static_cast<char>(std::tolower(u));
  }
  return out;
}

PiiKind name_hint(std::string_view column) {
  const std::string n = norm_name(column);
  if (n == "ip" || n == "ipv4" || n == "ipv6") return PiiKind::IpAddress;
  if (n == "age") return PiiKind::Age;
  for (const Hint& h : kHints) {
    if (n.find(h.word) != std::string::npos) {
      if (h.kind == PiiKind::Phone && std::strcmp(h.word, "tel") == 0 && n.rfind("tel", 0) != 0)
        continue;  // "hotel", "intel": only a leading "tel"
      return h.kind;
    }
  }
  if (n == "name" || n == "first" || n == "last" || n == "contact" || n == "customer") {
    return PiiKind::Name;
  }
  if (n.size() > 4 && n.compare(n.size() - 4, 4, "name") == 0) {
    for (const char* w : kNotPerson)
      if (n.find(w) != std::string::npos) return PiiKind::None;
    return PiiKind::Name;
  }
  return PiiKind::None;
}

bool is_ipv4(std::string_view v) {
  int parts = 0;
  size_t i = 0;
  while (i <= v.size()) {
    size_t j = i;
    int n = 0;
    while (j < v.size() && std::isdigit(static_cast<unsigned char>(v[j])) && j - i < 3) {
      n = n * 10 + (v[j] - '0');
      ++j;
    }
    if (j == i || n > 255) return false;
    ++parts;
    if (j == v.size()) return parts == 4;
    if (v[j] != '.') return false;
    i = j + 1;
  }
  return false;
}

bool is_ipv6(std::string_view v) {
  int colons = 0;
  for (char c : v) {
    if (c == ':') {
      ++colons;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return colons >= 2 && colons <= 7 && v.size() >= 3;
}

/// 123-45-6789 (US SSN), AB123456C (UK NINO).
bool is_national_id(std::string_view v) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= v.size() || !std::isdigit(static_cast<unsigned char>(v[i]))) return false;
    return true;
  };
  if (v.size() == 11 && digits(0, 3) && v[3] == '-' && digits(4, 2) && v[6] == '-' && digits(7, 4))
    return true;
  if (v.size() == 9 && std::isalpha(static_cast<unsigned char>(v[0])) &&
      std::isalpha(static_cast<unsigned char>(v[1])) && digits(2, 6) &&
      std::isalpha(static_cast<unsigned char>(v[8])))
    return true;
  return false;
}

constexpr const char* kStreetWords[] = {
    "street", "st",    "st.",      "avenue",  "ave",    "ave.",      "road", "rd",  "rd.",
    "lane",   "ln",    "drive",    "dr",      "dr.",    "boulevard", "blvd", "way", "court",
    "ct",     "place", "pl",       "strasse", "straße", "str.",      "weg",  "rue", "via",
    "calle",  "close", "crescent", "terrace", "square", "highway"};

/// A number and a street word ("12 Main Street", "Hauptstraße 5").
bool is_street_address(std::string_view v) {
  bool digit = false;
  for (char c : v) digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
  if (!digit) return false;
  std::string lower;
  for (char c : v) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t i = 0;
  while (i < lower.size()) {
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == ',')) ++i;
    size_t j = i;
    while (j < lower.size() && lower[j] != ' ' && lower[j] != ',') ++j;
    const std::string w = lower.substr(i, j - i);
    for (const char* s : kStreetWords) {
      if (w == s) return true;
      const size_t n = std::strlen(s);
      if (n >= 5 && w.size() > n && w.compare(w.size() - n, n, s) == 0) return true;
    }
    i = j;
  }
  return false;
}

/// Letters, spaces and name punctuation only, 1-5 words.
bool looks_like_name(std::string_view v) {
  int words = 1;
  bool letter = false;
  for (unsigned char c : v) {
    if (std::isalpha(c) || c >= 0x80) {
      letter = true;
    } else if (c == ' ') {
      ++words;
    } else if (!std::strchr(".-',", c)) {
      return false;
    }
  }
  return letter && words <= 5;
}

bool contains_email(std::string_view v) {
  for (size_t at = v.find('@'); at != std::string_view::npos; at = v.find('@', at + 1)) {
    if (at > 0 && v.find('.', at) != std::string_view::npos) return true;
  }
  return false;
}

bool contains_phone(std::string_view v) {
  size_t digits = 0;
  for (size_t i = 0; i <= v.size(); ++i) {
    const char c = i < v.size() ? v[i] : '\0';
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c && std::strchr("+()-. /", c) && digits > 0) {
      continue;
    } else {
      if (digits >= 7 && digits <= 15) return true;
      digits = c == '+' ? 0 : 0;
    }
  }
  return false;
}

std::string percent(uint64_t a, uint64_t b) {
  return std::to_string(b ? (a * 100 + b / 2) / b : 0) + "%";
}

}  // namespace

const char* pii_kind_name(PiiKind k) {
  for (const KindName& kn : kKinds)
    if (kn.kind == k) return kn.name;
  return "none";
}

bool parse_pii_kind(std::string_view name, PiiKind& out) {
  for (const KindName& kn : kKinds) {
    if (name == kn.name) {
      out = kn.kind;
      return true;
    }
  }
  return false;
}

std::vector<PiiFinding> detect_personal_data(const Table& table, const Profile& profile,
                                             size_t sample) {
  std::vector<PiiFinding> out;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const Column& col = table.columns[c];
    const ColumnProfile* cp = c < profile.columns.size() ? &profile.columns[c] : nullptr;
    const PiiKind hint = name_hint(col.name());
    // Count, over a sample of non-missing values, how many look like each kind.
    uint64_t checked = 0, email = 0, ip = 0, nid = 0, street = 0, name = 0, note = 0, date = 0,
             age = 0, longer = 0;
    for (size_t r = 0; r < col.size() && checked < sample; ++r) {
      if (col.missing(r)) continue;
      std::string_view v = col.value(r);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      ++checked;
      email += is_whatwg_email(v);
      ip += is_ipv4(v) || is_ipv6(v);
      nid += is_national_id(v);
      street += is_street_address(v);
      name += looks_like_name(v);
      date += parse_date(v).has_value();
      int64_t n = 0;
      const auto rr = std::from_chars(v.data(), v.data() + v.size(), n);
      age += rr.ec == std::errc() && rr.ptr == v.data() + v.size() && n >= 0 && n <= 120;
      if (v.size() >= 20) {
        ++longer;
        note += (contains_email(v) || contains_phone(v)) && !is_whatwg_email(v);
      }
    }
    if (checked == 0) continue;
    const ValueType type = cp ? cp->type : ValueType::Text;
    PiiFinding f;
    f.column = c;
    f.name = col.name();
    f.checked = checked;
    auto set = [&](PiiKind k, uint64_t matched, const std::string& what) {
      f.kind = k;
      f.matched = matched;
      std::string ev;
      if (hint == k) ev = "column name '" + col.name() + "'";
      if (!what.empty()) {
        if (!ev.empty()) ev += "; ";
        ev += percent(matched, checked) + " of " + std::to_string(checked) + " values " + what;
      }
      f.evidence = ev;
    };
    const auto most = [&](uint64_t n) { return n * 2 > checked; };
    if (type == ValueType::Email || most(email)) {
      set(PiiKind::Email, email, "are email addresses");
    } else if (most(nid)) {
      set(PiiKind::NationalId, nid, "look like national ids (123-45-6789, AB123456C)");
    } else if (most(ip)) {
      set(PiiKind::IpAddress, ip, "are IP addresses");
    } else if (type == ValueType::Phone) {
      set(PiiKind::Phone, cp->valid, "");
      f.evidence = (hint == PiiKind::Phone ? "column name '" + col.name() + "'; " : std::string()) +
                   "profiled as phone numbers (" + percent(cp->valid, checked - 0) + " valid)";
    } else if (hint == PiiKind::BirthDate && most(date)) {
      set(PiiKind::BirthDate, date, "are dates");
    } else if (hint == PiiKind::Age && most(age)) {
      set(PiiKind::Age, age, "are whole numbers 0-120");
    } else if (most(street) || hint == PiiKind::Address) {
      set(PiiKind::Address, street, "look like street addresses (a number and a street word)");
    } else if ((type == ValueType::PostalCode && hint == PiiKind::Postcode) ||
               (hint == PiiKind::Postcode && checked > 0)) {
      set(PiiKind::Postcode, cp && type == ValueType::PostalCode ? cp->valid : 0,
          type == ValueType::PostalCode ? "are postal codes" : "");
    } else if (hint == PiiKind::Name && most(name)) {
      set(PiiKind::Name, name, "are words of letters, like names");
    } else if (note > 0 && longer * 2 > checked) {
      set(PiiKind::FreeText, note, "are longer text holding an email address or phone number");
    } else if (hint != PiiKind::None && hint != PiiKind::Postcode && hint != PiiKind::Name &&
               hint != PiiKind::BirthDate && hint != PiiKind::Age && hint != PiiKind::FreeText) {
      set(hint, 0, "");  // the name says so though the values do not (yet)
    } else {
      continue;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace crm
