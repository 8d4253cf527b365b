// Helpers shared by the core unit tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "crm/csv.h"

namespace crm::test {

/// Renders a table compactly: "name|name\nvalue|value\n", missing cells as "∅" prefix.
inline std::string render(const Table& t) {
  std::string out;
  for (size_t c = 0; c < t.columns.size(); ++c) out += (c ? "|" : "") + t.columns[c].name();
  out += "\n";
  for (size_t r = 0; r < t.rows; ++r) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c) out += "|";
      if (t.columns[c].missing(r)) out += "~";
      out += t.columns[c].value(r);
    }
    out += "\n";
  }
  return out;
}

using Values = std::vector<std::string>;

/// Builds a table from named columns of equal length, marking missing values like the loader.
inline Table make_table(const std::vector<std::pair<std::string, Values>>& cols) {
  Table t;
  for (const auto& [name, values] : cols) {
    Column c(name);
    for (const std::string& v : values) c.append(v, is_missing_value(v, t.null_tokens));
    t.columns.push_back(std::move(c));
  }
  t.rows = cols.empty() ? 0 : cols[0].second.size();
  return t;
}

/// Reads `bytes` feeding chunks of `chunk` bytes (0 = all at once).
inline Table read_chunked(std::string_view bytes, size_t chunk, const CsvOptions& o = {}) {
  CsvReader r(o);
  if (chunk == 0) chunk = bytes.size() ? bytes.size() : 1;
  for (size_t i = 0; i < bytes.size(); i += chunk) {
    r.feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
  }
  return r.finish();
}

/// The warning with `code`, or nullptr.
inline const Warning* find_warning(const Table& t, const std::string& code) {
  for (const Warning& w : t.warnings) {
    if (w.code == code) return &w;
  }
  return nullptr;
}

/// Reads a whole file (binary).
inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace crm::test
