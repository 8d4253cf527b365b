// Text clean-up (trim, collapse, invisible characters, NFC) and the simple case modes.
#include <cstdlib>

#include "crm/text.h"
#include "text/codepoints.h"

namespace crm {

namespace {

// True when clean_text would return `v` unchanged: printable ASCII with single inner spaces and
// none at the ends (most values of a CRM export).
bool already_clean_ascii(std::string_view v) {
  char prev = ' ';
  for (char c : v) {
    if (c < ' ' || c > '~' || (c == ' ' && prev == ' ')) return false;
    prev = c;
  }
  return prev != ' ' || v.empty();
}

}  // namespace

std::string clean_text(std::string_view v, const TextCleanOptions& options) {
  if (already_clean_ascii(v)) return std::string(v);
  std::u32string cps;
  if (!text::decode(v, cps)) return std::string(v);
  std::u32string out;
  out.reserve(cps.size());
  bool pending_space = false;  // a whitespace run not yet written (collapse)
  for (char32_t c : cps) {
    if (options.remove_invisible && text::is_invisible(c)) continue;
    if (text::is_space(c)) {
      if (options.collapse) {
        pending_space = true;
        continue;
      }
      // A no-break or other Unicode space becomes a plain one when invisibles are cleaned.
      if (options.remove_invisible && c != '\t' && c != '\n' && c != '\r') c = ' ';
    } else if (pending_space) {
      if (!out.empty() || !options.trim) out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  if (pending_space && !options.trim) out.push_back(' ');
  if (options.trim) {
    size_t b = 0, e = out.size();
    while (b < e && text::is_space(out[b])) ++b;
    while (e > b && text::is_space(out[e - 1])) --e;
    out = out.substr(b, e - b);
  }
  std::string s = text::encode(out);
  return options.nfc ? nfc(s) : s;
}

bool parse_case_mode(std::string_view name, CaseMode& out) {
  if (name == "lower")
    out = CaseMode::Lower;
  else if (name == "upper")
    out = CaseMode::Upper;
  else if (name == "title")
    out = CaseMode::Title;
  else if (name == "name")
    out = CaseMode::Name;
  else
    return false;
  return true;
}

std::string change_case(std::string_view v, CaseMode mode) {
  std::u32string cps;
  if (!text::decode(v, cps)) return std::string(v);
  switch (mode) {
    case CaseMode::Lower:
      for (char32_t& c : cps) c = text::lower(c);
      break;
    case CaseMode::Upper:
      for (char32_t& c : cps) c = text::upper(c);
      break;
    case CaseMode::Title: {
      bool after_word = false;  // previous character was a letter, digit, mark or apostrophe
      for (char32_t& c : cps) {
        c = after_word ? text::lower(c) : text::title(c);
        after_word = text::is_word(c) || text::is_apostrophe(c);
      }
      break;
    }
    case CaseMode::Name:
      text::name_case(cps);
      break;
  }
  return text::encode(cps);
}

}  // namespace crm
