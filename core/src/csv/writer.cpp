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

bool formula_risk(std::string_view s) {
  if (s.empty()) return false;
  if (s[0] == '\t' || s[0] == '\r') return true;
  bool line_start = true;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      line_start = true;
    } else if (line_start && (c == ' ' || c == '\t')) {
      // leading whitespace of a line
    } else {
      if (line_start && (c == '=' || c == '+' || c == '-' || c == '@')) return true;
      line_start = false;
    }
  }
  return false;
}

}  // namespace crm
