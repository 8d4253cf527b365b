// Dialect sniffing on a sample: delimiter, header, initial spaces, line endings.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "crm/csv.h"

namespace crm {

namespace {

constexpr size_t kMaxRecords = 200;

/// Splits the sample into records of fields (quote-aware, lenient), at most kMaxRecords.
/// Counts delimiters outside quotes and how many of them are followed by a space.
struct Split {
  std::vector<std::vector<std::string>> records;
  size_t delimiters = 0, spaced = 0;
};

Split split_sample(std::string_view s, char delim, char quote) {
  Split out;
  std::vector<std::string> rec;
  std::string field;
  bool in_quotes = false, any = false;
  for (size_t i = 0; i < s.size() && out.records.size() < kMaxRecords; ++i) {
    const char c = s[i];
    if (in_quotes) {
      if (c == quote) {
        if (i + 1 < s.size() && s[i + 1] == quote) {
          field.push_back(quote);
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == quote && field.find_first_not_of(' ') == std::string::npos) {
      field.clear();
      in_quotes = any = true;
    } else if (c == delim) {
      ++out.delimiters;
      if (i + 1 < s.size() && s[i + 1] == ' ') ++out.spaced;
      rec.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        rec.push_back(std::move(field));
        out.records.push_back(std::move(rec));
      }
      rec.clear();
      field.clear();
      any = false;
    } else {
      field.push_back(c);
      any = true;
    }
  }
  if ((any || !field.empty()) && out.records.size() < kMaxRecords) {
    rec.push_back(std::move(field));
    out.records.push_back(std::move(rec));
  }
  return out;
}

/// Coarse kind of a header-detection cell: 'n' number-like, 't' text, 'e' empty.
char cell_kind(std::string_view v) {
  size_t b = v.find_first_not_of(' ');
  if (b == std::string_view::npos) return 'e';
  v.remove_prefix(b);
  bool digit = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (!(c == '.' || c == ',' || c == '-' || c == '/' || c == ':' || c == '+' || c == ' ' ||
                 c == '$' || c == '%' || c == 'T' || c == 'Z' || c == '(' || c == ')')) {
      return 't';
    }
  }
  return digit ? 'n' : 't';
}

bool guess_header(const std::vector<std::vector<std::string>>& recs) {
  if (recs.empty()) return true;
  const auto& first = recs[0];
  int yes = 0, no = 0;
  std::vector<std::string> seen;
  for (size_t j = 0; j < first.size(); ++j) {
    const char hk = cell_kind(first[j]);
    if (hk == 'n') ++no;  // header names are rarely numbers or dates
    if (hk == 't' && first[j].find('@') != std::string::npos) ++no;
    if (hk != 'e' && std::find(seen.begin(), seen.end(), first[j]) != seen.end()) ++no;
    seen.push_back(first[j]);
    size_t below = 0, numeric = 0, same = 0;
    for (size_t r = 1; r < recs.size(); ++r) {
      if (j >= recs[r].size()) continue;
      const char k = cell_kind(recs[r][j]);
      if (k == 'e') continue;
      ++below;
      numeric += k == 'n';
      same += recs[r][j] == first[j];
    }
    if (below == 0) continue;
    if (hk == 't' && numeric * 10 >= below * 8) ++yes;  // text above numbers
    if (same > 0) ++no;                                 // the "name" recurs as a value
  }
  return yes >= no;
}

}  // namespace

Dialect sniff_dialect(std::string_view sample, const CsvOptions& options) {
  Dialect d;
  d.quote = '"';

  // Line endings outside quotes are counted by the reader; here only the sample's.
  size_t lf = 0, crlf = 0, cr = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    if (sample[i] == '\r') {
      if (i + 1 < sample.size() && sample[i + 1] == '\n') {
        ++crlf;
        ++i;
      } else {
        ++cr;
      }
    } else if (sample[i] == '\n') {
      ++lf;
    }
  }
  const int kinds = (lf > 0) + (crlf > 0) + (cr > 0);
  d.line_ending = kinds == 0 ? "none" : kinds > 1 ? "mixed" : lf ? "LF" : crlf ? "CRLF" : "CR";

  Split best;
  if (options.delimiter) {
    d.delimiter = options.delimiter;
    best = split_sample(sample, d.delimiter, d.quote);
  } else {
    double best_score = -1;
    for (char c : {',', ';', '\t', '|'}) {
      Split s = split_sample(sample, c, d.quote);
      if (s.records.empty()) continue;
      std::map<size_t, size_t> freq;
      for (const auto& r : s.records) ++freq[r.size()];
      size_t mode = 0, mode_n = 0;
      for (auto [n, k] : freq) {
        if (k > mode_n || (k == mode_n && n > mode)) {
          mode = n;
          mode_n = k;
        }
      }
      if (mode < 2) continue;
      // Consistency first (share of records with the modal field count), then width.
      const double score =
          static_cast<double>(mode_n) / static_cast<double>(s.records.size()) * 1000.0 +
          static_cast<double>(std::min<size_t>(mode, 999));
      if (score > best_score) {
        best_score = score;
        d.delimiter = c;
        best = std::move(s);
      }
    }
    if (best_score < 0) {
      d.delimiter = ',';
      best = split_sample(sample, ',', d.quote);
    }
  }

  // ", "-separated files (FEBRL and many exports): every delimiter is followed by a space.
  d.skip_initial_space =
      best.delimiters >= 2 && best.spaced == best.delimiters && d.delimiter != ' ';
  if (d.skip_initial_space) {
    for (auto& r : best.records) {
      for (auto& f : r)
        f.erase(
            0, f.find_first_not_of(' ') == std::string::npos ? f.size() : f.find_first_not_of(' '));
    }
  }

  switch (options.header) {
    case HeaderMode::Yes:
      d.header = true;
      break;
    case HeaderMode::No:
      d.header = false;
      break;
    case HeaderMode::Auto:
      d.header = guess_header(best.records);
      break;
  }
  return d;
}

}  // namespace crm
