// Near-duplicate rows of the generator: what a customer entered again looks like (typos,
// nicknames, swapped names, other formats, abbreviations, missing fields). See generate.cpp for
// how rows are chosen to be duplicates, and the README (Generator) for the mix.
#include <span>
#include <vector>

#include "crm/nicknames.h"
#include "generate_internal.h"

namespace crm::gen {
namespace {

/// Long and short spellings swapped by duplicates ("Street" <-> "St").
struct Swap {
  sv a;
  sv b;
};
constexpr Swap kStreetSwaps[] = {
    {" Street", " St"},      {" Avenue", " Ave"},   {" Road", " Rd"},    {" Drive", " Dr"},
    {" Boulevard", " Blvd"}, {" Lane", " Ln"},      {"straße", "str."},  {"Straße", "Str."},
    {"Calle ", "C/ "},       {"Avenida ", "Av. "},  {"avenue ", "av. "}, {"boulevard ", "bd "},
    {"Corso ", "C.so "},     {"Piazza ", "P.zza "}, {"ulica ", "ul. "},  {"Saint-", "St-"},
    {" Square", " Sq"},      {"gatan", "g."}};
constexpr Swap kCompanySwaps[] = {{" Inc.", " Inc"},
                                  {" Incorporated", " Inc."},
                                  {" Limited", " Ltd"},
                                  {" Ltd.", " Ltd"},
                                  {" Corp.", " Corporation"},
                                  {" GmbH", " Gmbh"},
                                  {" S.L.", " SL"},
                                  {" S.r.l.", " Srl"},
                                  {" B.V.", " BV"},
                                  {" & ", " and "},
                                  {" S.A.", " SA"}};

constexpr sv kKeyboard[26] = {"qwsz",   "vghn", "xdfv",   "serfcx", "wsdr",   "drtgvc", "ftyhbv",
                              "gyujnb", "ujko", "huikmn", "jiolm",  "kop",    "njk",    "bhjm",
                              "iklp",   "ol",   "wa",     "edft",   "awedxz", "rfgy",   "yhji",
                              "cfgb",   "qase", "zsdc",   "tghu",   "asx"};

/// True for ASCII letters.
bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Swaps one long/short spelling pair found in s (whole-word aware); returns true if changed.
bool swap_spelling(std::string& s, std::span<const Swap> swaps) {
  for (const Swap& w : swaps) {
    for (int dir = 0; dir < 2; ++dir) {
      const sv from = dir == 0 ? w.a : w.b;
      const sv to = dir == 0 ? w.b : w.a;
      const size_t at = s.find(from);
      if (at == std::string::npos) continue;
      const size_t end = at + from.size();
      const char last = from.back();
      if (is_ascii_alpha(last) && end < s.size() && s[end] != ' ' && s[end] != ',') continue;
      s.replace(at, from.size(), to);
      return true;
    }
  }
  return false;
}

/// True when a and b (lower-case ASCII) share two letters in a row.
bool share_bigram(sv a, sv b) {
  for (size_t i = 0; i + 1 < a.size(); ++i) {
    if (b.find(a.substr(i, 2)) != sv::npos) return true;
  }
  return false;
}

/// `s` with the first letter of each word (after a space, hyphen, dot or apostrophe) upper-cased
/// (ASCII; the table's names are lower-case ASCII).
std::string title_ascii(sv s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    start = c == ' ' || c == '-' || c == '.' || c == '\'';
  }
  return out;
}

}  // namespace

std::string dup_first_name(sv name, sv alt, Rng& r) {
  const std::vector<std::string> nicks = nicknames_of(name);
  const bool alt_listed = !alt.empty() && are_nicknames(name, alt);
  if (alt_listed && (nicks.empty() || r.pct(60))) return std::string(alt);
  if (nicks.empty()) return std::string(alt.empty() ? name : alt);
  std::string lower;
  for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  std::vector<const std::string*> close;
  for (const std::string& n : nicks) {
    if (share_bigram(n, lower)) close.push_back(&n);
  }
  const std::string& pick = close.empty() ? nicks[r.below(static_cast<uint32_t>(nicks.size()))]
                                          : *close[r.below(static_cast<uint32_t>(close.size()))];
  return title_ascii(pick);
}

void add_typo(std::string& s, Rng& r) {
  uint32_t pos[64];
  uint32_t n = 0;
  for (uint32_t i = 0; i < s.size() && n < 64; ++i) {
    if (is_ascii_alpha(s[i])) pos[n++] = i;
  }
  if (n < 2) return;
  const uint32_t p = pos[r.below(n)];
  const char c = s[p];
  const bool upper = c >= 'A' && c <= 'Z';
  const sv near = kKeyboard[(upper ? c + 32 : c) - 'a'];
  char sub = near[r.below(static_cast<uint32_t>(near.size()))];
  if (upper) sub = static_cast<char>(sub - 32);
  switch (r.below(4)) {
    case 0:
      if (p + 1 < s.size() && is_ascii_alpha(s[p + 1]) && s[p + 1] != c) {
        std::swap(s[p], s[p + 1]);
        break;
      }
      [[fallthrough]];
    case 1:
      s.erase(p, 1);
      break;
    case 2:
      s.insert(p, 1, r.pct(50) ? c : static_cast<char>(upper ? sub + 32 : sub));
      break;
    default:
      s[p] = sub;
      break;
  }
}

bool swap_street_spelling(std::string& s) {
  return swap_spelling(s, kStreetSwaps);
}

bool swap_company_spelling(std::string& s) {
  return swap_spelling(s, kCompanySwaps);
}

DupEdits draw_dup_edits(Rng& r, Entity& e, uint32_t street_count) {
  DupEdits ed;
  ed.typo_first = r.pct(30);
  ed.typo_last = r.pct(25);
  ed.nickname = r.pct(30);
  ed.title_case = r.pct(12);
  ed.email_case = r.pct(20);
  ed.drop_email = r.pct(8);
  ed.drop_phone = r.pct(10);
  ed.drop_street = r.pct(8);
  ed.drop_company = r.pct(10);
  ed.drop_postal = r.pct(5);
  ed.street_swap = r.pct(30);
  ed.company_swap = r.pct(30);
  ed.city_alt = r.pct(15);
  if (r.pct(15)) {  // another email address of the same person
    e.email_pattern = kEmailPatterns[r.below(sizeof(kEmailPatterns))];
    e.domain_kind = static_cast<uint8_t>(r.below(3));
    e.domain = static_cast<uint8_t>(r.below(256));
    e.email_num = static_cast<uint16_t>(1 + r.below(99));
  }
  if (r.pct(5)) {  // moved within the same city
    e.street = static_cast<uint8_t>(r.below(static_cast<uint32_t>(street_count)));
    e.house = static_cast<uint16_t>(1 + r.below(200));
  }
  if (r.pct(10)) e.has_company = !e.has_company && r.pct(50);
  draw_dates(r, e.signup, e.signup, e.updated);
  draw_orders(r, e.orders, e.spend);
  ed.swap_names = r.pct(5);
  ed.typo_street = r.pct(5);
  const uint32_t ps = r.below(100);
  ed.phone_style = ps < 15 ? 1 : ps < 30 ? 2 : 0;
  ed.date_layout = r.pct(25) ? static_cast<uint8_t>(1 + r.below(2)) : 0;
  return ed;
}

}  // namespace crm::gen
