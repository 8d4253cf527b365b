// Sorting a view: numbers and dates by value, text by collation (case- and accent-insensitive
// fold keys, ties broken by the exact bytes). Keys are computed once per distinct value (a column
// with few distinct values is hashed first; otherwise once per row), text keys into one arena.
// Text is sorted most significant 8 key bytes first, refining runs of equal prefixes in cache
// (the strings are touched only to settle what is left); the rows are then placed by a counting
// sort on their value's rank, which keeps equal values in selection order.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

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

/// A 64-bit hash of a value's bytes (8 bytes at a time).
uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t w = 0;
  std::memcpy(&w, s.data() + i, s.size() - i);
  h = (h ^ w) * 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

/// The distinct values of a column's rows: an id per value and a row holding each.
class DistinctValues {
 public:
  explicit DistinctValues(const Column& col) : col_(col), slots_(1024, 0) {}

  /// The id of the value of row `r` (a new value gets the next id).
  uint32_t add(uint32_t r) {
    const std::string_view v = col_.value(r);
    const uint64_t h = hash_bytes(v);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint32_t s = slots_[i];
      if (s == 0) {
        const uint32_t id = static_cast<uint32_t>(rows_.size());
        rows_.push_back(r);
        hashes_.push_back(h);
        slots_[i] = id + 1;
        if (rows_.size() * 2 > slots_.size()) grow();
        return id;
      }
      if (hashes_[s - 1] == h && col_.value(rows_[s - 1]) == v) return s - 1;
    }
  }
  /// A row holding each distinct value, by id.
  std::vector<uint32_t>& rows() { return rows_; }

 private:
  void grow() {
    std::vector<uint32_t> slots(slots_.size() * 2, 0);
    const size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < hashes_.size(); ++id) {
      size_t i = hashes_[id] & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    slots_.swap(slots);
  }

  const Column& col_;
  std::vector<uint32_t> slots_;  // id + 1, 0 = empty (linear probing)
  std::vector<uint32_t> rows_;
  std::vector<uint64_t> hashes_;
};

/// The rows to sort as values: `rows` (a selection) split into the rows with a value (`present`,
/// in selection order, each with the id of its value in `ids`) and the missing ones; `reps` holds
/// a row of each id. A column with few distinct values gets one id per distinct value (hashed);
/// otherwise each row is its own id (equal values then have several ids, in selection order).
struct Values {
  std::vector<uint32_t> present, missing, ids, reps;
  bool shared = false;  // one id per distinct value
};

Values split_values(const Column& col, const ColumnProfile& cp, const std::vector<uint32_t>& rows,
                    CancelFlag cancel) {
  Values out;
  out.present.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if ((i & 0xFFFF) == 0) check_cancel(cancel);
    (col.missing(rows[i]) ? out.missing : out.present).push_back(rows[i]);
  }
  if (cp.distinct * 4 > out.present.size()) {  // mostly distinct: hashing would not pay
    out.reps = out.present;
    out.ids.resize(out.present.size());
    std::iota(out.ids.begin(), out.ids.end(), 0u);
  } else {
    DistinctValues distinct(col);
    out.ids.reserve(out.present.size());
    for (size_t i = 0; i < out.present.size(); ++i) {
      if ((i & 0xFFFF) == 0) check_cancel(cancel);
      out.ids.push_back(distinct.add(out.present[i]));
    }
    out.reps = std::move(distinct.rows());
    out.shared = true;
  }
  return out;
}

/// Puts the rows of `v` into `rows`: present ones by the rank of their id (ranks from 0 to
/// `ranks` - 1; equal ranks keep selection order; `desc` reverses the ranks), then the missing.
void place_by_rank(const Values& v, const std::vector<uint32_t>& rank, uint32_t ranks, bool desc,
                   std::vector<uint32_t>& rows) {
  std::vector<uint32_t> next(ranks + 1, 0);  // rank → next place for its rows
  auto slot = [&](uint32_t id) { return desc ? ranks - 1 - rank[id] : rank[id]; };
  for (uint32_t id : v.ids) ++next[slot(id) + 1];
  for (uint32_t k = 0; k < ranks; ++k) next[k + 1] += next[k];
  for (size_t i = 0; i < v.present.size(); ++i) rows[next[slot(v.ids[i])]++] = v.present[i];
  size_t at = v.present.size();
  for (uint32_t r : v.missing) rows[at++] = r;
}

void sort_numeric(const Column& col, const ColumnProfile& cp, bool desc,
                  std::vector<uint32_t>& rows, CancelFlag cancel) {
  const Values v = split_values(col, cp, rows, cancel);
  struct Entry {
    double key;
    uint32_t id;
  };
  std::vector<Entry> keyed;
  keyed.reserve(v.reps.size());
  for (uint32_t id = 0; id < v.reps.size(); ++id) {
    if ((id & 0xFFFF) == 0) check_cancel(cancel);
    const double k = numeric_key(cp, col.value(v.reps[id]));
    if (!std::isnan(k)) keyed.push_back({k, id});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Entry& a, const Entry& b) {
    return a.key < b.key || (a.key == b.key && a.id < b.id);
  });
  const uint32_t none = UINT32_MAX;
  std::vector<uint32_t> rank(v.reps.size(), none);
  uint32_t ranks = 0;
  for (size_t k = 0; k < keyed.size(); ++k) {
    if (k == 0 || keyed[k].key != keyed[k - 1].key) ++ranks;
    rank[keyed[k].id] = ranks - 1;
  }
  // Rows without a key join the missing ones at the end, in selection order.
  Values ranked;
  ranked.present.reserve(v.present.size());
  ranked.ids.reserve(v.present.size());
  std::vector<uint32_t> unkeyed;
  for (size_t i = 0; i < v.present.size(); ++i) {
    if (rank[v.ids[i]] == none) {
      unkeyed.push_back(v.present[i]);
    } else {
      ranked.present.push_back(v.present[i]);
      ranked.ids.push_back(v.ids[i]);
    }
  }
  // Invalid and missing rows keep their selection order (table order) among themselves.
  ranked.missing.resize(unkeyed.size() + v.missing.size());
  std::merge(unkeyed.begin(), unkeyed.end(), v.missing.begin(), v.missing.end(),
             ranked.missing.begin());
  place_by_rank(ranked, rank, ranks, desc, rows);
}

/// The 8 key bytes from `at` as a big-endian number (zero-padded): ordered like the keys.
uint64_t prefix_at(std::string_view key, size_t at) {
  unsigned char b[8] = {};
  if (at < key.size()) std::memcpy(b, key.data() + at, std::min<size_t>(8, key.size() - at));
  uint64_t p = 0;
  for (unsigned char c : b) p = (p << 8) | c;
  return p;
}

/// A value to sort: the 8 key bytes at the current depth and its id.
struct Entry {
  uint64_t prefix;
  uint32_t id;
};

/// Sorts [b, e) by (key, bytes, id), most significant 8 key bytes first: every entry shares its
/// key's first `depth` bytes and holds the next 8 in `prefix`. Runs of equal prefixes are refined
/// 8 bytes deeper (in cache, without touching the strings); `full` settles what is left.
template <typename Key, typename Full>
void sort_by_prefix(Entry* b, Entry* e, size_t depth, const Key& key, const Full& full) {
  std::sort(b, e, [](const Entry& x, const Entry& y) {
    return x.prefix < y.prefix || (x.prefix == y.prefix && x.id < y.id);
  });
  for (Entry* run = b; run < e;) {
    Entry* end = run + 1;
    while (end < e && end->prefix == run->prefix) ++end;
    if (end - run > 1) {
      bool longer = false;
      for (Entry* x = run; x < end && !longer; ++x) longer = key(x->id).size() > depth + 8;
      if (!longer || depth >= 256) {
        std::sort(run, end, full);
      } else {
        for (Entry* x = run; x < end; ++x) x->prefix = prefix_at(key(x->id), depth + 8);
        sort_by_prefix(run, end, depth + 8, key, full);
      }
    }
    run = end;
  }
}

void sort_text(const Column& col, const ColumnProfile& cp, bool desc, std::vector<uint32_t>& rows,
               CancelFlag cancel) {
  const Values v = split_values(col, cp, rows, cancel);
  const uint32_t d = static_cast<uint32_t>(v.reps.size());
  std::string keys;  // fold keys by id in one arena (ASCII values are only lower-cased)
  std::vector<size_t> off(d + 1, 0);
  size_t bytes = 0;
  for (uint32_t r : v.reps) bytes += col.value(r).size();
  keys.reserve(bytes + bytes / 8);
  for (uint32_t i = 0; i < d; ++i) {
    if ((i & 0xFFFF) == 0) check_cancel(cancel);
    append_fold(col.value(v.reps[i]), keys);
    off[i + 1] = keys.size();
  }
  auto key = [&](uint32_t i) {
    return std::string_view(keys.data() + off[i], off[i + 1] - off[i]);
  };
  std::vector<Entry> order(d);
  for (uint32_t i = 0; i < d; ++i) order[i] = {prefix_at(key(i), 0), i};
  check_cancel(cancel);
  sort_by_prefix(order.data(), order.data() + d, 0, key, [&](const Entry& a, const Entry& b) {
    if (const int c = key(a.id).compare(key(b.id)); c != 0) return c < 0;
    if (const int c = col.value(v.reps[a.id]).compare(col.value(v.reps[b.id])); c != 0) {
      return c < 0;
    }
    return a.id < b.id;
  });
  if (!v.shared && !desc) {  // rows are their own ids, equal values already in selection order
    for (uint32_t k = 0; k < d; ++k) rows[k] = v.present[order[k].id];
    std::copy(v.missing.begin(), v.missing.end(), rows.begin() + d);
    return;
  }
  // Dense ranks: when rows are their own ids, the ids of equal values share one.
  std::vector<uint32_t> rank(d);
  uint32_t ranks = 0;
  for (uint32_t k = 0; k < d; ++k) {
    if (k == 0 || v.shared ||
        col.value(v.reps[order[k].id]) != col.value(v.reps[order[k - 1].id])) {
      ++ranks;
    }
    rank[order[k].id] = ranks - 1;
  }
  place_by_rank(v, rank, ranks, desc, rows);
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
    sort_text(col, cp, key.descending, rows, cancel);
  }
}

}  // namespace crm::view_detail
