// Sorting a view: numbers and dates by value, text by collation (case- and accent-insensitive
// fold keys, ties broken by the exact bytes). Text keys are built once per row into one arena and
// the rows sorted by an 8-byte key prefix first, so most comparisons never touch the strings.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "crm/infer.h"
#include "crm/text.h"
#include "view_internal.h"

namespace crm::view_detail {
namespace {

/// Numeric sort key of a value, or NaN when it has none (missing, invalid, text column).
double numeric_key(const ColumnProfile& cp, std::string_view v) {
  const std::string_view t = trim_space(v);
  switch (cp.type) {
    case ValueType::Integer:
    case ValueType::Decimal: {
      const auto n = parse_number(t);
      return n ? n->value : NAN;
    }
    case ValueType::Date:
    case ValueType::DateTime: {
      const auto d = parse_date(t, cp.day_first);
      return d ? d->days() : NAN;
    }
    default:
      return NAN;
  }
}

void sort_numeric(const Column& col, const ColumnProfile& cp, bool desc,
                  std::vector<uint32_t>& rows, CancelFlag cancel) {
  std::vector<double> k(rows.size(), NAN);
  std::vector<uint32_t> pos(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if ((i & 0xFFFF) == 0) check_cancel(cancel);
    pos[i] = static_cast<uint32_t>(i);
    if (!col.missing(rows[i])) k[i] = numeric_key(cp, col.value(rows[i]));
  }
  std::sort(pos.begin(), pos.end(), [&](uint32_t a, uint32_t b) {
    const bool na = std::isnan(k[a]), nb = std::isnan(k[b]);
    if (na || nb) return na == nb ? a < b : nb;  // values without a key go last either way
    if (k[a] != k[b]) return desc ? k[a] > k[b] : k[a] < k[b];
    return a < b;
  });
  std::vector<uint32_t> out(rows.size());
  for (size_t i = 0; i < pos.size(); ++i) out[i] = rows[pos[i]];
  rows.swap(out);
}

/// The first 8 bytes of `key` as a big-endian number (zero-padded): ordered like the keys.
uint64_t prefix_of(std::string_view key) {
  unsigned char b[8] = {};
  std::memcpy(b, key.data(), std::min<size_t>(8, key.size()));
  uint64_t p = 0;
  for (unsigned char c : b) p = (p << 8) | c;
  return p;
}

void sort_text(const Column& col, bool desc, std::vector<uint32_t>& rows, CancelFlag cancel) {
  std::vector<uint32_t> present, missing;
  present.reserve(rows.size());
  for (uint32_t r : rows) (col.missing(r) ? missing : present).push_back(r);

  // One arena of fold keys (ASCII values are only lower-cased), in `present` order.
  std::string keys;
  std::vector<size_t> off(present.size() + 1, 0);
  for (size_t i = 0; i < present.size(); ++i) {
    if ((i & 0xFFFF) == 0) check_cancel(cancel);
    append_fold_key(col.value(present[i]), keys);
    off[i + 1] = keys.size();
  }
  auto key = [&](uint32_t i) {
    return std::string_view(keys.data() + off[i], off[i + 1] - off[i]);
  };

  struct Entry {
    uint64_t prefix;
    uint32_t pos;  // into `present`
  };
  std::vector<Entry> entries(present.size());
  for (size_t i = 0; i < present.size(); ++i) {
    entries[i] = {prefix_of(key(static_cast<uint32_t>(i))), static_cast<uint32_t>(i)};
  }
  check_cancel(cancel);
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return desc ? a.prefix > b.prefix : a.prefix < b.prefix;
    int c = key(a.pos).compare(key(b.pos));
    if (c == 0) c = col.value(present[a.pos]).compare(col.value(present[b.pos]));
    if (c != 0) return desc ? c > 0 : c < 0;
    return a.pos < b.pos;  // the same value: keep the selection's order
  });
  size_t at = 0;
  for (const Entry& e : entries) rows[at++] = present[e.pos];
  for (uint32_t r : missing) rows[at++] = r;
}

}  // namespace

void sort_rows(const Table& table, const Profile& profile, const SortKey& key,
               std::vector<uint32_t>& rows, CancelFlag cancel) {
  const Column& col = table.columns[key.column];
  const ColumnProfile& cp = profile.columns[key.column];
  const bool numeric = cp.type == ValueType::Integer || cp.type == ValueType::Decimal ||
                       cp.type == ValueType::Date || cp.type == ValueType::DateTime;
  if (numeric) {
    sort_numeric(col, cp, key.descending, rows, cancel);
  } else {
    sort_text(col, key.descending, rows, cancel);
  }
}

}  // namespace crm::view_detail
