// E-mail validity (WHATWG), standardization and domain-typo suggestions.
#include "crm/email.h"

#include <algorithm>
#include <array>

#include "crm/text.h"

namespace crm {
namespace {

// Per byte: allowed before the @ (WHATWG atext and the dot).
constexpr std::array<bool, 256> kAtext = [] {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+/=?^_`{|}~-.")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

bool is_atext(char c) {
  return kAtext[static_cast<unsigned char>(c)];
}

// True when `s` starts with "mailto:" in any letter case (the key fold_key gives, for ASCII).
bool starts_with_mailto(std::string_view s) {
  if (s.size() <= 7) return false;
  const std::string_view head = s.substr(0, 7);
  for (char c : head)
    if (static_cast<unsigned char>(c) >= 0x7F || static_cast<unsigned char>(c) < 0x20)
      return fold_key(head) == "mailto:";
  constexpr std::string_view kMailto = "mailto:";
  for (size_t i = 0; i < 7; ++i) {
    char c = head[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != kMailto[i]) return false;
  }
  return true;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Why `domain` is not a WHATWG domain, or nullptr when it is one.
const char* domain_problem(std::string_view domain) {
  if (domain.empty()) return "nothing after the @";
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty()) return "an empty part in the domain (two dots, or a dot at an end)";
    if (label.size() > 63) return "a domain part longer than 63 characters";
    if (!is_alnum(label.front()) || !is_alnum(label.back()))
      return "a domain part that starts or ends with something other than a letter or digit";
    for (char c : label)
      if (!is_alnum(c) && c != '-') return "a character a domain cannot have";
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return nullptr;
}

// Why `v` is not a valid address, or nullptr when it is one.
const char* problem(std::string_view v) {
  size_t at = v.find('@');
  if (at == std::string_view::npos) return "no @";
  if (v.find('@', at + 1) != std::string_view::npos) return "more than one @";
  std::string_view local = v.substr(0, at);
  if (local.empty()) return "nothing before the @";
  for (char c : local) {
    if (c == ' ') return "a space";
    if (!is_atext(c)) return "a character an address cannot have before the @";
  }
  return domain_problem(v.substr(at + 1));
}

// Domains of widely used mail providers: typo suggestions aim at these.
constexpr std::array<std::string_view, 92> kProviders = {
    "gmail.com",       "googlemail.com",  "yahoo.com",     "yahoo.co.uk",    "yahoo.fr",
    "yahoo.de",        "yahoo.es",        "yahoo.it",      "yahoo.co.jp",    "yahoo.com.br",
    "yahoo.ca",        "yahoo.com.au",    "ymail.com",     "rocketmail.com", "hotmail.com",
    "hotmail.co.uk",   "hotmail.fr",      "hotmail.de",    "hotmail.it",     "hotmail.es",
    "outlook.com",     "outlook.de",      "outlook.fr",    "live.com",       "live.co.uk",
    "live.fr",         "live.de",         "msn.com",       "aol.com",        "aim.com",
    "icloud.com",      "me.com",          "mac.com",       "mail.com",       "email.com",
    "gmx.de",          "gmx.net",         "gmx.com",       "web.de",         "t-online.de",
    "freenet.de",      "orange.fr",       "wanadoo.fr",    "free.fr",        "laposte.net",
    "sfr.fr",          "libero.it",       "virgilio.it",   "tiscali.it",     "yandex.ru",
    "yandex.com",      "mail.ru",         "rambler.ru",    "qq.com",         "163.com",
    "126.com",         "sina.com",        "naver.com",     "daum.net",       "hanmail.net",
    "comcast.net",     "verizon.net",     "att.net",       "sbcglobal.net",  "bellsouth.net",
    "cox.net",         "charter.net",     "earthlink.net", "optonline.net",  "btinternet.com",
    "sky.com",         "virginmedia.com", "talktalk.net",  "ntlworld.com",   "bigpond.com",
    "optusnet.com.au", "shaw.ca",         "rogers.com",    "sympatico.ca",   "protonmail.com",
    "proton.me",       "pm.me",           "zoho.com",      "fastmail.com",   "tutanota.com",
    "seznam.cz",       "wp.pl",           "o2.pl",         "interia.pl",     "uol.com.br",
    "bol.com.br",      "ziggo.nl"};

// Misspelt top-level domains that do not exist, and what was meant.
struct TldFix {
  std::string_view typo, fix;
};
constexpr TldFix kTldFixes[] = {{"con", "com"},  {"cmo", "com"},  {"ocm", "com"}, {"comm", "com"},
                                {"cpm", "com"},  {"xom", "com"},  {"vom", "com"}, {"coom", "com"},
                                {"nte", "net"},  {"nett", "net"}, {"ner", "net"}, {"ogr", "org"},
                                {"orgg", "org"}, {"rog", "org"}};

// A lower bound of the edit distance: the larger of the characters of `a` missing from `b` and
// those of `b` missing from `a` (bag distance), counted on bytes.
size_t bag_distance(std::string_view a, std::string_view b) {
  int count[256];
  for (unsigned char c : a) count[c] = 0;
  for (unsigned char c : b) count[c] = 0;
  for (unsigned char c : a) ++count[c];
  for (unsigned char c : b) --count[c];
  size_t more = 0, fewer = 0;  // each character's surplus counted once, then cleared
  for (unsigned char c : a) {
    if (count[c] > 0) more += static_cast<size_t>(count[c]);
    count[c] = 0;
  }
  for (unsigned char c : b) {
    if (count[c] < 0) fewer += static_cast<size_t>(-count[c]);
    count[c] = 0;
  }
  return std::max(more, fewer);
}

std::string suggest_domain(std::string_view domain) {
  if (std::find(kProviders.begin(), kProviders.end(), domain) != kProviders.end()) return {};
  size_t best = 3, ties = 0;
  std::string_view best_domain;
  for (std::string_view p : kProviders) {
    size_t limit = p.size() >= 9 ? 2 : 1;  // two edits only on longer names
    size_t gap = p.size() > domain.size() ? p.size() - domain.size() : domain.size() - p.size();
    if (gap > limit || bag_distance(domain, p) > limit) continue;
    size_t d = damerau_levenshtein(domain, p);
    if (d > limit || d > best) continue;
    if (d < best) {
      best = d;
      best_domain = p;
      ties = 1;
    } else if (p != best_domain) {
      ++ties;
    }
  }
  if (ties == 1) return std::string(best_domain);
  size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string_view tld = domain.substr(dot + 1);
  for (const auto& f : kTldFixes)
    if (tld == f.typo) return std::string(domain.substr(0, dot + 1)) + std::string(f.fix);
  return {};
}

void lower_ascii(std::string& s, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i)
    if (s[i] >= 'A' && s[i] <= 'Z') s[i] = static_cast<char>(s[i] + 32);
}

}  // namespace

bool is_whatwg_email(std::string_view v) {
  return problem(v) == nullptr;
}

EmailResult standardize_email(std::string_view v, const EmailOptions& options) {
  TextCleanOptions clean;
  clean.collapse = false;
  EmailResult r;
  r.output = clean_text(v, clean);
  std::string& s = r.output;
  if (starts_with_mailto(s)) s.erase(0, 7);
  if (s.size() > 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  size_t at = s.find('@');
  if (at != std::string::npos) {
    lower_ascii(s, at + 1, s.size());
    if (options.lower_local) lower_ascii(s, 0, at);
  }
  const char* why = problem(s);
  r.valid = why == nullptr;
  if (why) r.reason = why;
  if (at != std::string::npos && s.find('@', at + 1) == std::string::npos) {
    std::string domain = suggest_domain(std::string_view(s).substr(at + 1));
    if (!domain.empty()) {
      std::string candidate = s.substr(0, at + 1) + domain;
      if (is_whatwg_email(candidate)) r.suggestion = candidate;
    }
  }
  return r;
}

}  // namespace crm
