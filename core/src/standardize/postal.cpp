// Postal code standardizer: format rules for US, GB (and GG, JE, IM), CA, NL, DE and FR; trim and
// upper case elsewhere. A code that breaks its country's rules is flagged, never guessed.
#include "crm/postal.h"

#include <algorithm>
#include <unordered_map>

#include "crm/country.h"
#include "standardize/column_builder.h"

namespace crm {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), digit);
}
bool space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
bool in(char c, const char* set) {
  return upper(c) && std::string_view(set).find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Upper-cased ASCII letters, with spaces and hyphens dropped (the compact form of a code).
std::string compact(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (space(c) || c == '-') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

// Trimmed, inner runs of whitespace made one space, ASCII letters upper-cased.
std::string tidy(std::string_view s) {
  std::string out;
  bool gap = false;
  for (char c : trim(s)) {
    if (space(c)) {
      gap = true;
      continue;
    }
    if (gap) out.push_back(' ');
    gap = false;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

// Drops a "12345.0" number format (a spreadsheet or pandas wrote the code as a float).
std::string_view drop_float_zero(std::string_view s, bool& dropped) {
  size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || !all_digits(s.substr(0, dot))) return s;
  std::string_view frac = s.substr(dot + 1);
  if (frac.empty() || !std::all_of(frac.begin(), frac.end(), [](char c) { return c == '0'; }))
    return s;
  dropped = true;
  return s.substr(0, dot);
}

// Drops an old-style country prefix ("D-10115", "F-75001", "NL-1234 AB").
std::string_view drop_prefix(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (s.size() <= p.size() + 1) continue;
    bool same = true;
    for (size_t i = 0; i < p.size(); ++i)
      if ((s[i] & ~0x20) != p[i]) same = false;
    if (same && (s[p.size()] == '-' || s[p.size()] == ' ')) return trim(s.substr(p.size() + 1));
  }
  return s;
}

Standardized flagged(std::string_view value, std::string reason, std::string suggestion = {}) {
  return {false, std::string(value), std::move(reason), std::move(suggestion)};
}
Standardized fine(std::string out, std::string note = {}) {
  return {true, std::move(out), std::move(note), {}};
}

// US ZIP (5 digits) and ZIP+4 (12345-6789); 3-4 digit ZIPs lost their leading zeros.
Standardized us(std::string_view value, bool restore) {
  bool dropped = false;
  std::string_view v = drop_float_zero(trim(value), dropped);
  std::string_view zip = v, plus4;
  size_t cut = v.find_first_of("- ");
  if (cut != std::string_view::npos) {
    zip = v.substr(0, cut);
    plus4 = trim(v.substr(cut + 1));
    if (!plus4.empty() && plus4.front() == '-') plus4 = trim(plus4.substr(1));
  } else if (v.size() == 9 && all_digits(v)) {
    zip = v.substr(0, 5), plus4 = v.substr(5);
  }
  const char* shape = "not a US ZIP code (12345 or 12345-6789)";
  if (!all_digits(zip) ||
      (cut != std::string_view::npos && !(plus4.size() == 4 && all_digits(plus4))))
    return flagged(value, shape);
  std::string note = dropped ? "number format \".0\" dropped" : "";
  std::string out(zip);
  if (zip.size() == 3 || zip.size() == 4) {
    std::string padded = std::string(5 - zip.size(), '0') + out;
    if (padded < "00501") return flagged(value, "too short for a US ZIP code");
    if (!restore)
      return flagged(value,
                     std::to_string(zip.size()) +
                         " digits: a US ZIP code has 5; leading zeros may have been dropped",
                     plus4.empty() ? padded : padded + "-" + std::string(plus4));
    if (!note.empty()) note += "; ";
    note += "leading zeros restored (the column holds US ZIP codes as numbers)";
    out = padded;
  } else if (zip.size() != 5) {
    return flagged(value, shape);
  }
  if (!plus4.empty()) {
    out.push_back('-');
    out.append(plus4);
  }
  return fine(std::move(out), std::move(note));
}

// 5-digit codes (DE, FR); 4-digit codes lost their leading zero.
Standardized five_digits(std::string_view value, bool restore, std::string_view prefix_short,
                         std::string_view prefix_long, const char* country) {
  bool dropped = false;
  std::string_view v = drop_prefix(trim(value), {prefix_short, prefix_long});
  v = drop_float_zero(v, dropped);
  std::string code;
  for (char c : v)
    if (c != ' ') code.push_back(c);
  if (!all_digits(code) || code.size() < 4 || code.size() > 5)
    return flagged(value, std::string("not a ") + country + " postal code (5 digits)");
  std::string note = dropped ? "number format \".0\" dropped" : "";
  if (code.size() == 4) {
    if (!restore)
      return flagged(value,
                     std::string("4 digits: a ") + country +
                         " postal code has 5; a leading zero may have been dropped",
                     "0" + code);
    if (!note.empty()) note += "; ";
    note += std::string("leading zero restored (the column holds ") + country +
            " postal codes as numbers)";
    code = "0" + code;
  }
  if (code == "00000") return flagged(value, std::string("not a ") + country + " postal code");
  return fine(std::move(code), std::move(note));
}

// UK postcode: outward code (A9, A99, A9A, AA9, AA99, AA9A), one space, inward code (9AA).
Standardized uk(std::string_view value) {
  const std::string c = compact(value);
  const char* bad = "not a valid UK postcode (like SW1A 1AA)";
  if (c == "GIR0AA") return fine("GIR 0AA");
  if (c.size() < 5 || c.size() > 7) return flagged(value, bad);
  const std::string out = c.substr(0, c.size() - 3), inw = c.substr(c.size() - 3);
  const char* inward_letters = "ABDEFGHJLNPQRSTUWXYZ";
  if (!digit(inw[0]) || !in(inw[1], inward_letters) || !in(inw[2], inward_letters))
    return flagged(value, bad);
  const char* first = "ABCDEFGHIJKLMNOPRSTUWYZ";   // not Q, V, X
  const char* second = "ABCDEFGHKLMNOPQRSTUVWXY";  // not I, J, Z
  bool ok = false;
  if (in(out[0], first)) {
    if (out.size() == 2)
      ok = digit(out[1]);                       // A9
    else if (out.size() == 3 && digit(out[1]))  // A99, A9A
      ok = digit(out[2]) || in(out[2], "ABCDEFGHJKPSTUW");
    else if (out.size() == 3)
      ok = in(out[1], second) && digit(out[2]);                       // AA9
    else if (out.size() == 4 && in(out[1], second) && digit(out[2]))  // AA99, AA9A
      ok = digit(out[3]) || in(out[3], "ABEHMNPRVWXY");
  }
  if (!ok) return flagged(value, bad);
  return fine(out + " " + inw);
}

// Canadian postal code A1A 1A1 (no D, F, I, O, Q, U; W and Z never first).
Standardized ca(std::string_view value) {
  const std::string c = compact(value);
  const char* letters = "ABCEGHJKLMNPRSTVWXYZ";
  bool ok = c.size() == 6 && in(c[0], "ABCEGHJKLMNPRSTVXY") && digit(c[1]) && in(c[2], letters) &&
            digit(c[3]) && in(c[4], letters) && digit(c[5]);
  if (!ok) return flagged(value, "not a valid Canadian postal code (like K1A 0B1)");
  return fine(c.substr(0, 3) + " " + c.substr(3));
}

// Dutch postcode 1234 AB (no leading zero; SA, SD and SS are not used).
Standardized nl(std::string_view value) {
  const std::string c = compact(drop_prefix(trim(value), {"NL"}));
  if (c.size() == 4 && all_digits(c) && c[0] != '0')
    return flagged(value, "a Dutch postcode has two letters after the four digits (1234 AB)");
  bool ok =
      c.size() == 6 && all_digits(c.substr(0, 4)) && c[0] != '0' && upper(c[4]) && upper(c[5]);
  const std::string letters = ok ? c.substr(4) : "";
  if (!ok || letters == "SA" || letters == "SD" || letters == "SS")
    return flagged(value, "not a valid Dutch postcode (like 1234 AB)");
  return fine(c.substr(0, 4) + " " + letters);
}

// The alpha-2 code of a country value ("" when not recognized).
std::string alpha2_of(std::string_view country) {
  auto c = find_country(country);
  return c ? std::string(c->alpha2) : std::string();
}

Standardized by_rules(std::string_view value, const std::string& a2, bool restore) {
  if (a2 == "US") return us(value, restore);
  if (a2 == "GB" || a2 == "GG" || a2 == "JE" || a2 == "IM") return uk(value);
  if (a2 == "CA") return ca(value);
  if (a2 == "NL") return nl(value);
  if (a2 == "DE") return five_digits(value, restore, "D", "DE", "German");
  if (a2 == "FR") return five_digits(value, restore, "F", "FR", "French");
  return fine(tidy(value));  // no rules: trimmed and upper-cased, never flagged
}

// Standardizes for country `a2`; no-break spaces (pasted from web pages) count as spaces.
Standardized by_alpha2(std::string_view value, const std::string& a2, bool restore) {
  if (value.find("\xC2\xA0") == std::string_view::npos) return by_rules(value, a2, restore);
  std::string spaced;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\xC2' && i + 1 < value.size() && value[i + 1] == '\xA0') {
      spaced.push_back(' ');
      ++i;
    } else {
      spaced.push_back(value[i]);
    }
  }
  Standardized r = by_rules(spaced, a2, restore);
  if (!r.ok) r.output = std::string(value);
  return r;
}

bool restores_zeros(const std::string& a2) {
  return a2 == "US" || a2 == "DE" || a2 == "FR";
}

// True when a value is written as a number (a spreadsheet may have dropped its leading zeros).
bool numeric_shape(std::string_view value) {
  bool dropped = false;
  std::string_view v = drop_float_zero(trim(value), dropped);
  if (all_digits(v)) return (v.size() >= 3 && v.size() <= 5) || v.size() == 9;
  size_t dash = v.find('-');
  return dash != std::string_view::npos && dash >= 3 && dash <= 5 &&
         all_digits(v.substr(0, dash)) && v.size() - dash - 1 == 4 &&
         all_digits(v.substr(dash + 1));
}

// Share of a country's values written as numbers at which kAuto restores leading zeros.
constexpr double kNumericShare = 0.9;

// Standardizes values[i] for the country slot of row i (slots index `alpha2s`).
ColumnStandardization run(const Column& values, const std::vector<uint32_t>& slot,
                          const std::vector<std::string>& alpha2s,
                          const std::vector<std::string>& unknown_reason, ZeroRestore zeros) {
  // Decide, per country that loses leading zeros, whether this column restores them.
  std::vector<bool> restore(alpha2s.size(), zeros == ZeroRestore::kAlways);
  if (zeros == ZeroRestore::kAuto) {
    std::vector<size_t> total(alpha2s.size()), numeric(alpha2s.size());
    for (size_t i = 0; i < values.size(); ++i) {
      if (values.missing(i) || !restores_zeros(alpha2s[slot[i]])) continue;
      ++total[slot[i]];
      if (numeric_shape(values.value(i))) ++numeric[slot[i]];
    }
    for (size_t s = 0; s < alpha2s.size(); ++s)
      restore[s] = total[s] > 0 && numeric[s] >= kNumericShare * static_cast<double>(total[s]);
  }
  StandardizeBuilder b(values);
  struct Seen {
    Standardized r;
    uint32_t note;
  };
  std::vector<std::unordered_map<std::string_view, Seen>> cache(alpha2s.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string_view raw = values.value(i);
    if (values.missing(i)) {
      b.add_missing(raw);
      continue;
    }
    const uint32_t s = slot[i];
    auto it = cache[s].find(raw);
    if (it == cache[s].end()) {
      Standardized r = alpha2s[s].empty() ? flagged(raw, unknown_reason[s])
                                          : by_alpha2(raw, alpha2s[s], restore[s]);
      uint32_t note = b.add_note(r);
      it = cache[s].emplace(raw, Seen{std::move(r), note}).first;
    }
    b.add(raw, it->second.r, it->second.note);
  }
  return b.finish();
}

std::string unknown_country(std::string_view country) {
  return "country \"" + std::string(trim(country)) +
         "\" not recognized; postal code left as it was";
}

}  // namespace

bool postal_has_rules(std::string_view country) {
  const std::string a2 = alpha2_of(country);
  return a2 == "US" || a2 == "GB" || a2 == "GG" || a2 == "JE" || a2 == "IM" || a2 == "CA" ||
         a2 == "NL" || a2 == "DE" || a2 == "FR";
}

Standardized standardize_postal(std::string_view value, std::string_view country,
                                bool restore_zeros) {
  if (trim(country).empty()) return flagged(value, "no country given; postal code left as it was");
  const std::string a2 = alpha2_of(country);
  if (a2.empty()) return flagged(value, unknown_country(country));
  return by_alpha2(value, a2, restore_zeros);
}

ColumnStandardization standardize_postal_column(const Column& values, std::string_view country,
                                                const PostalColumnOptions& options) {
  const std::string a2 = alpha2_of(country);
  if (a2.empty())  // one country for the whole column: a usage error, not a property of the rows
    throw InputError("bad_options", trim(country).empty()
                                        ? "no country given for the postal codes"
                                        : "country \"" + std::string(trim(country)) +
                                              "\" not recognized for the postal codes");
  std::vector<uint32_t> slot(values.size(), 0);
  return run(values, slot, {a2}, {""}, options.zeros);
}

ColumnStandardization standardize_postal_column(const Column& values, const Column& countries,
                                                const PostalColumnOptions& options) {
  if (countries.size() != values.size())
    throw InputError("column_length", "the postal code and country columns differ in length");
  std::vector<std::string> alpha2s, reasons;
  std::unordered_map<std::string_view, uint32_t> slots;  // raw country value -> slot
  const std::string fallback = alpha2_of(options.default_country);
  if (fallback.empty() && !trim(options.default_country).empty())
    throw InputError("bad_options", "default country \"" + options.default_country +
                                        "\" not recognized for the postal codes");
  std::vector<uint32_t> slot(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    std::string_view c = countries.missing(i) ? std::string_view() : countries.value(i);
    auto it = slots.find(c);
    if (it == slots.end()) {
      std::string a2 = c.empty() ? fallback : alpha2_of(c);
      std::string reason =
          c.empty() ? "no country in this row; postal code left as it was" : unknown_country(c);
      // Rows whose countries resolve to the same code share a slot (one cache, one decision).
      uint32_t s = static_cast<uint32_t>(alpha2s.size());
      if (!a2.empty()) {
        auto same = std::find(alpha2s.begin(), alpha2s.end(), a2);
        if (same != alpha2s.end()) s = static_cast<uint32_t>(same - alpha2s.begin());
      }
      if (s == alpha2s.size()) {
        alpha2s.push_back(a2);
        reasons.push_back(std::move(reason));
      }
      it = slots.emplace(c, s).first;
    }
    slot[i] = it->second;
  }
  return run(values, slot, alpha2s, reasons, options.zeros);
}

}  // namespace crm
