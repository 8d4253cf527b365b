// CSV writing (RFC 4180).
#include <cstring>

#include "crm/csv.h"

namespace crm {

void write_csv_field(std::string& out, std::string_view field, char delimiter) {
  bool needs_quotes = false;
  for (char c : field) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      needs_quotes = true;
      break;
    }
  }
  if (!needs_quotes) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

namespace {

// What may follow a leading + or - in a cell that is a number or a phone number, not a formula:
// with these alone a spreadsheet cannot name a function, a cell or another program.
bool number_char(char c) {
  return (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == ',' || c == '-' || c == '(' ||
         c == ')';
}

}  // namespace

bool formula_risk(std::string_view s) {
  if (s.empty()) return false;
  if (s[0] == '\t' || s[0] == '\r') return true;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // At the start of a line: skip its leading spaces and tabs, then look at the first character.
    while (i < n && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i < n) {
      const char c = s[i];
      if (c == '=' || c == '@') return true;
      if (c == '+' || c == '-') {
        for (++i; i < n && s[i] != '\n' && s[i] != '\r'; ++i) {
          if (!number_char(s[i])) return true;
        }
      }
    }
    while (i < n && s[i] != '\n' && s[i] != '\r') ++i;
    if (i < n) ++i;  // past the line break
  }
  return false;
}

}  // namespace crm
