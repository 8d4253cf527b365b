// Column profiling: type inference, statistics, value shapes, alerts and duplicate rows.
//
// Design (one pass per column; working memory reused from column to column, freed at the end):
//  1. Hash every value (missing values get a fixed hash), fold the hash into a per-row 64-bit
//     hash (for duplicate rows), and count the distinct values (DistinctCounter): exact distinct
//     values with counts, in order of first occurrence, as (first row, count) pairs. While the
//     distinct values fit in cache they are counted in one open-addressing table whose entries
//     keep each value's first 16 bytes (most values compare without touching the column); past
//     32768 distinct values (ids, emails, phones: a table that would cost a cache miss or two
//     per row) the remaining rows are radix-partitioned on their hash into partitions of about
//     4096 values that are each counted in cache. std::unordered_map<string_view, count> was
//     5-6x slower here (measured: 412 ms vs 76 ms for 1M values, 1M distinct; 129 vs 21 ms with
//     200K distinct) and allocates a node per value. The hash is multiply-based: XXH3's
//     64x64->128-bit multiply is a library call in WebAssembly.
//  2. Classify every DISTINCT value once (type fits, number, date, shape, letter case, length)
//     and weight the results by its count. What a value's shape alone decides (infer.h:
//     ShapeFacts) is worked out once per shape, and a value whose shape decides everything (ids,
//     phones, most emails: "complete" facts) costs a look at its shape and one table lookup.
//     The results are summed per shape and per group of values that classify alike (same
//     FitBits and consistency classes), so that only numbers and dates are kept per value.
//  3. Decide the column type (rules at decide_type), then compute validity, the dominant format
//     (from the groups and shapes), statistics (from (value, count) pairs in order of first
//     occurrence: exact order statistics, compensated sums), top values, shapes and alerts.
//  4. Per-row verdicts (ProfileOptions::row_verdicts, for views): the verdict of each distinct
//     value (missing / invalid / inconsistent / whitespace and the rank of its shape among the
//     listed patterns) follows from its group and shape once the type and the dominant format
//     are known; it is spread to the rows through where DistinctCounter put them, so each row
//     costs a byte lookup or copy instead of a classification.
// Everything that is output is in a total order (count descending, then bytes ascending), counts
// are uint64_t, and no libm transcendental function is used, so native and wasm32 builds produce
// identical results (checked: byte-identical profile dumps from g++, clang++ and em++ builds).
// Only the compensated sums depend on the order of the values, which is why the distinct values
// are kept in order of first occurrence.
#include "crm/profile.h"

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CRM_HAVE_THREADS 0
#else
#define CRM_HAVE_THREADS 1
#include <atomic>
#include <mutex>
#include <thread>
#endif

#include <algorithm>
#include <bit>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "crm/infer.h"
#include "crm/phone.h"

namespace crm {

const char* type_name(ValueType t) {
  switch (t) {
    case ValueType::Empty:
      return "empty";
    case ValueType::Integer:
      return "integer";
    case ValueType::Decimal:
      return "decimal";
    case ValueType::Boolean:
      return "boolean";
    case ValueType::Date:
      return "date";
    case ValueType::DateTime:
      return "datetime";
    case ValueType::Email:
      return "email";
    case ValueType::Phone:
      return "phone";
    case ValueType::Url:
      return "url";
    case ValueType::PostalCode:
      return "postal_code";
    case ValueType::CountryCode:
      return "country_code";
    case ValueType::Text:
      return "text";
  }
  return "text";
}

namespace {

constexpr uint64_t kMissingHash = 0x2545F4914F6CDD1Dull;
constexpr size_t kCancelStride = size_t{1} << 16;
// Receives the values of loads issued only to warm the cache, so they are not optimized away.
volatile uint64_t g_sink = 0;

// A row hash is the sum (mod 2^64) of its values' parts: a value's hash mixed with its column's
// seed, so (a,b) and (b,a) differ, and one column's parts can be taken out of the sums again
// (a new table version re-hashes only the columns that changed: RowHashes).
inline uint64_t column_seed(size_t c) {
  return (c + 1) * 0x9E3779B97F4A7C15ull;
}

inline uint64_t row_part(uint64_t h, uint64_t seed) {
  uint64_t x = h ^ seed;  // splitmix64's finalizer
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

inline uint64_t load64(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}
inline uint64_t load32(const char* p) {
  uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}
inline uint64_t rotl64(uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}
// Hash of a value for the distinct-value tables (any hash works: collisions are resolved by
// comparing bytes, and no output depends on hash values): one or two 64-bit multiplies for short
// values, loaded as two overlapping words. The high bits of a product depend on every bit of its
// factors: the tables index by the high bits, and tag with the low ones after folding the high
// half down.
CRM_INLINE uint64_t hash_bytes(const char* p, size_t n) {
  constexpr uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xC2B2AE3D27D4EB4Full;
  uint64_t h;
  if (n <= 8) {
    uint64_t w;
    if (n >= 4) {
      w = load32(p) | load32(p + n - 4) << 32;
    } else if (n > 0) {
      w = static_cast<uint64_t>(static_cast<unsigned char>(p[0])) |
          static_cast<uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8 |
          static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
    } else {
      w = 0;
    }
    h = (w ^ (static_cast<uint64_t>(n) << 58)) * k1;
  } else if (n <= 16) {
    h = ((load64(p) ^ n) * k1) ^ (load64(p + n - 8) * k2);
  } else {
    uint64_t a = 0x243F6A8885A308D3ull ^ n, b = 0x13198A2E03707344ull;
    size_t i = 0;
    for (; i + 16 < n; i += 16) {
      a = rotl64((a ^ load64(p + i)) * k1, 29);
      b = rotl64((b ^ load64(p + i + 8)) * k2, 31);
    }
    h = ((a ^ load64(p + n - 16)) * k1) ^ ((b ^ load64(p + n - 8)) * k2);
  }
  return h ^ (h >> 29);
}
CRM_INLINE uint64_t hash_bytes(std::string_view v) {
  return hash_bytes(v.data(), v.size());
}

// Whether the words of type W at a and b are equal (unaligned loads).
template <typename W>
CRM_INLINE bool same_word(const char* a, const char* b) {
  W x, y;
  std::memcpy(&x, a, sizeof(W));
  std::memcpy(&y, b, sizeof(W));
  return x == y;
}

// Byte equality without a library call for short values (the common case).
inline bool same_bytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    if (!same_word<uint64_t>(a, b) || !same_word<uint64_t>(a + n - 8, b + n - 8)) return false;
    if (n <= 16) return true;
    if (n > 64) return std::memcmp(a + 8, b + 8, n - 16) == 0;
    for (size_t i = 8; i + 8 < n; i += 8) {
      if (!same_word<uint64_t>(a + i, b + i)) return false;
    }
    return true;
  }
  if (n >= 4) return same_word<uint32_t>(a, b) && same_word<uint32_t>(a + n - 4, b + n - 4);
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

size_t pow2_at_least(size_t n) {
  size_t c = 16;
  while (c < n) c <<= 1;
  return c;
}

// ---------------------------------------------------------------------------------------------
// Exact distinct values with their counts, in order of first occurrence: (first row, count)
// pairs; a distinct value is read back from the column at its first row.
struct FirstCount {
  uint32_t row, count;
};

// Counts the distinct values of a column:
//  - directly while they fit in cache: one open-addressing table of 8-byte slots (32-bit hash tag
//    << 32 | index + 1) over the (first row, count) list, compared on tag match against a copy
//    of the distinct value's length and first 16 bytes (and the column for longer values);
//  - once a column shows more distinct values than that (a high-cardinality column, whose table
//    would cost a cache miss or two per row), the remaining rows are radix-partitioned on their
//    hash's top bits together with the distinct values found so far, into partitions of a few
//    thousand rows that are each counted with a small table that stays in cache. Each partition
//    is one stream of records (hash tag, row, count, bytes), written in increasing row order, so
//    each distinct value is first seen at its first row; counts are then written at their first
//    rows in a row-indexed array, and a walk over it lists the distinct values in order of first
//    occurrence.
// Memory is kept from column to column.
//
// Where each row's value went (for per-row verdicts, when asked), without hashing or looking up
// anything again: the direct table knows each row's distinct index as it counts the row, so rows
// counted directly get it in a row-indexed array (one store per row); a row counted in a
// partition is either its value's first row (listed with its count anyway) or a repeat, listed
// as (row, first row) in the rows' hash array, which the partition step is done with.
class DistinctCounter {
 public:
  // Counts the non-missing values of `col` into `out` and folds every value's hash (missing
  // values: kMissingHash) into `row_hash`. With `row_slot` (an array of col.size()), also
  // records where each row's value went: see direct_rows() and repeats().
  // `seed`: the column's (column_seed).
  void count(const Column& col, uint64_t* row_hash, std::vector<FirstCount>& out,
             uint32_t* row_slot, uint64_t seed, CancelFlag cancel) {
    seed_ = seed;
    out.clear();
    repeats_ = 0;
    const size_t rows = col.size();
    direct_rows_ = count_direct(col, row_hash, out, row_slot, cancel);
    if (direct_rows_ < rows) {
      count_partitioned(col, direct_rows_, row_hash, out, row_slot != nullptr, cancel);
    }
  }
  // After count() with `row_slot`: rows [0, direct_rows()) hold in row_slot[row] the index in
  // `out` of their value plus one (0: missing).
  size_t direct_rows() const { return direct_rows_; }
  // Memory of at least `words` 4-byte words that count() needs again only when it is next called
  // (the partition stream's, reserved for the largest column: a column's stream bound is more
  // than 4 words per value).
  uint32_t* borrow(size_t words) {
    if (stream_.size() < words) stream_.resize(words);
    return stream_.data();
  }
  // After count() with `row_slot`: the non-missing rows from direct_rows() on that are not their
  // value's first row, as (row << 32 | the value's first row), in no particular order; valid until
  // the next count().
  const uint64_t* repeats(size_t& n) const {
    n = repeats_;
    return hashes_.data();
  }
  // Reserves the working memory the largest column will need (rows values; its partition
  // stream at most `stream_words` 4-byte words), so that it is allocated once: in WebAssembly the
  // heap never shrinks, and a buffer regrown for a later, larger column leaves its old block as a
  // hole that raises peak memory.
  void reserve(size_t rows, size_t stream_words) {
    hashes_.reserve(rows);
    stream_.reserve(stream_words);
    first_count_.reserve(rows);
  }
  // Upper bound of the partition stream of a column (values only; seeds are a few more).
  static size_t stream_words_bound(const Column& col) {
    return ((col.size() - col.missing_count()) * (sizeof(Record) + 3) + col.byte_size()) / 4;
  }
  // Hands over 8-byte-word memory for reuse (the duplicate-row table); the counter keeps none.
  std::vector<uint64_t> take_memory() {
    std::vector<uint64_t> m = std::move(hashes_.size() >= slots_.size() ? hashes_ : slots_);
    *this = DistinctCounter();
    return m;
  }

 private:
  // Distinct values kept in the direct table before switching to partitions.
  static constexpr size_t kDirectLimit = 32768;

  void init_slots(size_t capacity) {
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
  }
  void grow(const Column& col, const std::vector<FirstCount>& out) {
    init_slots(slots_.size() * 2);
    for (size_t k = 0; k < out.size(); ++k) {
      const uint64_t h = hash_bytes(col.value(out[k].row));
      size_t s = h >> shift_;
      while (slots_[s] != 0) s = (s + 1) & mask_;
      slots_[s] = (h << 32) | (k + 1);
    }
  }

  // Counts rows from the first on until the table holds kDirectLimit distinct values with many
  // rows left; returns the number of rows done.
  size_t count_direct(const Column& col, uint64_t* row_hash, std::vector<FirstCount>& out,
                      uint32_t* row_slot, CancelFlag cancel) {
    const size_t rows = col.size();
    init_slots(1024);
    keys_.clear();
    const bool any_missing = col.missing_count() > 0;
    for (size_t i = 0; i < rows; ++i) {
      if ((i & (kCancelStride - 1)) == 0) check_cancel(cancel);
      if (any_missing && col.missing(i)) {
        row_hash[i] += row_part(kMissingHash, seed_);
        if (row_slot) row_slot[i] = 0;
        continue;
      }
      const std::string_view v = col.value(i);
      const uint64_t h = hash_bytes(v);
      row_hash[i] += row_part(h, seed_);
      const uint64_t tag = h & 0xFFFFFFFFull;
      const Key key = key_of(v);
      size_t s = h >> shift_;
      while (true) {
        const uint64_t slot = slots_[s];
        if (slot == 0) {
          out.push_back({static_cast<uint32_t>(i), 1});
          keys_.push_back(key);
          slots_[s] = (tag << 32) | out.size();
          if (row_slot) row_slot[i] = static_cast<uint32_t>(out.size());
          if (out.size() * 2 > slots_.size()) {
            if (out.size() >= kDirectLimit && rows - i > 8 * kDirectLimit) return i + 1;
            grow(col, out);
          }
          break;
        }
        if ((slot >> 32) == tag) {
          // Values of up to 16 bytes compare in the key; longer ones also in the column.
          const uint32_t k = static_cast<uint32_t>(slot) - 1;
          const Key& other = keys_[k];
          if (other.w0 == key.w0 && other.w1 == key.w1 && other.len == key.len &&
              (key.len <= 16 ||
               same_bytes(col.value(out[k].row).data() + 16, v.data() + 16, key.len - 16))) {
            ++out[k].count;
            if (row_slot) row_slot[i] = k + 1;
            break;
          }
        }
        s = (s + 1) & mask_;
      }
    }
    return rows;
  }

  // A value's length and first 16 bytes (zero-padded).
  struct Key {
    uint64_t w0, w1;
    size_t len;
  };
  // The n <= 8 bytes at p as a little-endian word, zero above.
  static uint64_t load_partial(const char* p, size_t n) {
    if (n >= 8) return load64(p);
    if (n >= 4) return load32(p) | (load32(p + n - 4) << (8 * (n - 4)));
    if (n == 0) return 0;
    return static_cast<uint64_t>(static_cast<unsigned char>(p[0])) |
           static_cast<uint64_t>(static_cast<unsigned char>(p[n >> 1])) << (8 * (n >> 1)) |
           static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << (8 * (n - 1));
  }
  static Key key_of(std::string_view v) {
    const size_t n = v.size();
    return Key{load_partial(v.data(), n < 8 ? n : 8),
               n > 8 ? load_partial(v.data() + 8, n < 16 ? n - 8 : 8) : 0, n};
  }

  // Slots of the partitions' table: the hash tag's top 24 bits << 40 | partition + 1 (16 bits)
  // << 24 | index among the partition's distinct values (24 bits; a partition gets about 4096
  // values, and there are at most 32768 partitions, for at most 2^32 rows).
  static constexpr int kGenShift = 24;
  static constexpr uint64_t kIndexMask = (uint64_t{1} << kGenShift) - 1;
  static constexpr uint64_t kGenMask = uint64_t{0xFFFF} << kGenShift;

  // Record header in a partition stream; the value's bytes follow, padded to 4 bytes.
  struct Record {
    uint32_t tag, row, count, len;
  };
  static size_t record_words(size_t len) { return (sizeof(Record) + len + 3) / 4; }

  // Counts rows [from, rows) together with the distinct values in `out` (from rows before); with
  // `record`, lists the repeats (see repeats()).
  void count_partitioned(const Column& col, size_t from, uint64_t* row_hash,
                         std::vector<FirstCount>& out, bool record, CancelFlag cancel) {
    const size_t rows = col.size();
    const size_t m = rows - from;
    // About 4096 values per partition.
    int bits = 4;
    while (bits < 15 && ((m + out.size()) >> (bits + 12)) > 0) ++bits;
    const size_t parts = size_t{1} << bits;
    const int pshift = 64 - bits;
    // 1. Hash the rows; size the partitions' streams (in 4-byte words), seeds included.
    std::vector<size_t>& start = part_start_;
    std::vector<uint32_t>& nvalues = part_values_;
    start.assign(parts + 1, 0);
    nvalues.assign(parts, 0);
    if (hashes_.size() < m) hashes_.resize(m);
    uint64_t* hs = hashes_.data();
    const bool any_missing = col.missing_count() > 0;
    for (size_t i = from; i < rows; ++i) {
      if ((i & (kCancelStride - 1)) == 0) check_cancel(cancel);
      if (any_missing && col.missing(i)) {
        row_hash[i] += row_part(kMissingHash, seed_);
        continue;
      }
      const std::string_view v = col.value(i);
      const uint64_t h = hash_bytes(v);
      hs[i - from] = h;
      row_hash[i] += row_part(h, seed_);
      start[(h >> pshift) + 1] += record_words(v.size());
      ++nvalues[h >> pshift];
    }
    std::vector<uint64_t>& seed_hash = seed_hashes_;
    seed_hash.resize(out.size());
    for (size_t k = 0; k < out.size(); ++k) {
      const std::string_view v = col.value(out[k].row);
      const uint64_t h = hash_bytes(v);
      seed_hash[k] = h;
      start[(h >> pshift) + 1] += record_words(v.size());
      ++nvalues[h >> pshift];
    }
    uint32_t largest = 0;
    for (size_t p = 0; p < parts; ++p) {
      largest = std::max(largest, nvalues[p]);
      start[p + 1] += start[p];
    }
    // 2. Scatter: the seeds (rows before `from`, in row order), then the rows.
    if (stream_.size() < start[parts]) stream_.resize(start[parts]);
    uint32_t* st = stream_.data();
    std::vector<size_t>& pos = part_pos_;
    pos.assign(start.begin(), start.end() - 1);
    auto put = [&](uint64_t h, uint32_t row, uint32_t count, std::string_view v) {
      uint32_t* r = st + pos[h >> pshift];
      pos[h >> pshift] += record_words(v.size());
      r[0] = static_cast<uint32_t>(h);
      r[1] = row;
      r[2] = count;
      r[3] = static_cast<uint32_t>(v.size());
      copy_small(reinterpret_cast<char*>(r + 4), v.data(), v.size());
    };
    for (size_t k = 0; k < out.size(); ++k) {
      put(seed_hash[k], out[k].row, out[k].count, col.value(out[k].row));
    }
    for (size_t i = from; i < rows; ++i) {
      if (any_missing && col.missing(i)) continue;
      put(hs[i - from], static_cast<uint32_t>(i), 1, col.value(i));
    }
    check_cancel(cancel);
    // 3. Count each partition with a small table; write counts at first rows.
    if (first_count_.size() < rows) first_count_.resize(rows, 0);
    uint32_t* fc = first_count_.data();
    // The repeats go to the rows' hashes, which are done with (one word per row at most).
    uint64_t* rep = hs;
    size_t nrep = 0;
    // One table for all partitions: a slot belongs to the partition whose number (plus one) it
    // holds, so a partition needs no clearing of the slots the one before used.
    local_slots_.assign(pow2_at_least(2 * size_t{largest}), 0);
    uint64_t* ls = local_slots_.data();
    if (local_.size() < largest) local_.resize(largest);
    Local* loc = local_.data();
    for (size_t p = 0; p < parts; ++p) {
      const size_t b = start[p], e = start[p + 1];
      if (b == e) continue;
      // Slots are indexed by the top bits of the tag (the hash's low 32 bits), which are
      // independent of the partition bits; at most half full.
      const size_t lcap = pow2_at_least(2 * size_t{nvalues[p]});
      const size_t lmask = lcap - 1;
      const int sh = 32 - std::countr_zero(lcap);
      const uint64_t mine = static_cast<uint64_t>(p + 1) << kGenShift;
      uint32_t nloc = 0;
      for (size_t at = b; at < e;) {
        const uint32_t* r = st + at;
        const uint32_t tag = r[0], len = r[3];
        const char* bytes = reinterpret_cast<const char*>(r + 4);
        const uint64_t key = (static_cast<uint64_t>(tag >> 8) << 40) | mine;
        size_t s = tag >> sh;
        while (true) {
          const uint64_t slot = ls[s];
          if ((slot & kGenMask) != mine) {  // empty in this partition
            ls[s] = key | nloc;
            loc[nloc++] = {r[1], r[2], len, bytes};
            break;
          }
          if ((slot & ~kIndexMask) == key) {
            Local& l = loc[slot & kIndexMask];
            if (l.len == len && same_bytes(l.bytes, bytes, len)) {
              l.count += r[2];
              if (record) rep[nrep++] = static_cast<uint64_t>(r[1]) << 32 | l.row;
              break;
            }
          }
          s = (s + 1) & lmask;
        }
        at += record_words(len);
      }
      for (uint32_t k = 0; k < nloc; ++k) fc[loc[k].row] = loc[k].count;
    }
    repeats_ = nrep;
    check_cancel(cancel);
    // 4. Distinct values in order of first occurrence (the array is left zeroed).
    out.resize(rows - col.missing_count() + 1);
    size_t k = 0;
    for (size_t i = 0; i < rows; ++i) {
      const uint32_t c = fc[i];
      out[k] = {static_cast<uint32_t>(i), c};
      k += c != 0;
      fc[i] = 0;
    }
    out.resize(k);
  }

  // memcpy for short, variable lengths without a library call (in WebAssembly a variable-length
  // memcpy is a memory.copy, which V8 runs out of line).
  static void copy_small(char* d, const char* s, size_t n) {
    if (n > 64) {
      std::memcpy(d, s, n);
    } else if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8) std::memcpy(d + i, s + i, 8);
      std::memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
      const uint32_t a = static_cast<uint32_t>(load32(s));
      const uint32_t b = static_cast<uint32_t>(load32(s + n - 4));
      std::memcpy(d, &a, 4);
      std::memcpy(d + n - 4, &b, 4);
    } else {
      for (size_t i = 0; i < n; ++i) d[i] = s[i];
    }
  }

  // A distinct value of the partition being counted.
  struct Local {
    uint32_t row, count, len;
    const char* bytes;
  };
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
  int shift_ = 0;
  std::vector<Key> keys_;
  std::vector<uint64_t> hashes_, seed_hashes_;
  std::vector<uint32_t> stream_;
  std::vector<size_t> part_start_, part_pos_;
  std::vector<uint32_t> part_values_, first_count_;
  std::vector<uint64_t> local_slots_;
  std::vector<Local> local_;
  size_t direct_rows_ = 0, repeats_ = 0;
  uint64_t seed_ = 0;  // the column's seed (row_part)
};

// Shapes with weighted counts and stable ids (strings live in one arena). Per shape also: its
// ShapeFacts once a value with that exact shape was classified, the values counted with those
// facts when they are complete, and how many values fit the phone and postal-code rules (the
// validity of the shape classes, ClassKind::Shape).
class ShapeTable {
 public:
  struct Entry {
    uint64_t count;
    uint32_t offset, len;
  };
  struct Info {
    bool has_facts = false;
    ShapeFacts facts;
    uint64_t complete_count[2] = {0, 0};  // values counted by count_complete: [1] valid phones
    uint64_t phone = 0, postal_distinctive = 0, postal_digits = 0;  // values with those fits
  };

  ShapeTable() : slots_(256, 0), mask_(255), limit_(128) {}

  // The id of shape `s` (hash `h`), counted `count` more times.
  uint32_t add(std::string_view s, uint64_t h, uint64_t count) {
    const uint64_t tag = h >> 32;
    size_t i = h & mask_;
    while (true) {
      const uint64_t slot = slots_[i];
      if (slot == 0) break;
      if ((slot >> 32) == tag) {
        const uint32_t id = static_cast<uint32_t>(slot) - 1;
        Entry& e = entries_[id];
        if (e.len == s.size() && same_bytes(bytes_.data() + e.offset, s.data(), e.len)) {
          e.count += count;
          return id;
        }
      }
      i = (i + 1) & mask_;
    }
    const uint32_t id = static_cast<uint32_t>(entries_.size());
    slots_[i] = (tag << 32) | (id + 1);
    entries_.push_back(
        {count, static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(s.size())});
    infos_.emplace_back();
    hashes_.push_back(h);
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    if (entries_.size() > limit_) grow();
    return id;
  }
  size_t size() const { return entries_.size(); }
  std::string_view str(uint32_t id) const {
    return std::string_view(bytes_.data() + entries_[id].offset, entries_[id].len);
  }
  uint64_t count(uint32_t id) const { return entries_[id].count; }
  Info& info(uint32_t id) { return infos_[id]; }
  const Info& info(uint32_t id) const { return infos_[id]; }
  // The facts of exact shape `id`, worked out from `scan` (a value with that shape) if needed.
  const ShapeFacts& facts(uint32_t id, const ValueScan& scan) {
    Info& e = infos_[id];
    if (!e.has_facts) {
      e.facts = shape_facts(scan);
      e.has_facts = true;
    }
    return e.facts;
  }
  // True when the facts of shape `id` are known and complete.
  bool complete_facts(uint32_t id) const {
    return infos_[id].has_facts && infos_[id].facts.complete;
  }
  // Counts `count` values with the complete facts of shape `id` (`phone`: they are valid phones).
  void count_complete(uint32_t id, uint64_t count, bool phone) {
    infos_[id].complete_count[phone ? 1 : 0] += count;
  }
  // Counts `count` values of shape `id` with FitBits `fits` for the shape classes' validity.
  void add_fits(uint32_t id, uint32_t fits, uint64_t count) {
    if ((fits & (kFitPhone | kFitPostalDistinctive | kFitPostalDigits)) == 0) return;
    Info& e = infos_[id];
    if (fits & kFitPhone) e.phone += count;
    if (fits & kFitPostalDistinctive) e.postal_distinctive += count;
    if (fits & kFitPostalDigits) e.postal_digits += count;
  }

 private:
  void grow() {
    slots_.assign(slots_.size() * 2, 0);
    mask_ = slots_.size() - 1;
    limit_ = slots_.size() / 2;
    for (uint32_t id = 0; id < entries_.size(); ++id) {
      size_t i = hashes_[id] & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = (hashes_[id] >> 32 << 32) | (id + 1);
    }
  }
  std::vector<uint64_t> slots_;  // hash's high 32 bits << 32 | id + 1; 0 = empty
  size_t mask_, limit_;
  std::vector<Entry> entries_;
  std::vector<Info> infos_;
  std::vector<uint64_t> hashes_;
  std::vector<char> bytes_;
};

// What the classification of a distinct value leaves for the steps after the type decision:
// distinct values that classify alike (same FitBits and consistency classes; ClassBits) form one
// group, and validity, consistency and mixed types are counted per group (the shape classes per
// shape, in the ShapeTable).
enum ClassBits : int {
  kFitsShift = 0,  // 16 bits of FitBits
  kNotationShift = 16,
  kDateFormatShift = 20,
  kBoolFamilyShift = 28,
  kBoolCaseShift = 32,
  kCountryShift = 36,
  kCaseStyleShift = 40,
  kAmbiguousShift = 44,  // slash date readable both ways
};
inline uint32_t key_field(uint64_t classes, int shift, uint32_t bits) {
  return static_cast<uint32_t>(classes >> shift) & ((1u << bits) - 1);
}

// Counts per group (open addressing; a few groups per column).
class GroupTable {
 public:
  struct Group {
    uint64_t classes;
    uint64_t count;
  };
  GroupTable() : slots_(64, kEmpty), mask_(63) {}
  // Counts `count` more values in the group `classes`; returns the group's index in groups().
  uint32_t add(uint64_t classes, uint64_t count) {
    // Consecutive distinct values often fall in the same group.
    if (last_ < groups_.size() && groups_[last_].classes == classes) {
      groups_[last_].count += count;
      return last_;
    }
    if ((groups_.size() + 1) * 2 > slots_.size()) grow();
    size_t i = hash(classes) & mask_;
    while (slots_[i] != kEmpty) {
      Group& g = groups_[slots_[i]];
      if (g.classes == classes) {
        g.count += count;
        last_ = slots_[i];
        return last_;
      }
      i = (i + 1) & mask_;
    }
    last_ = static_cast<uint32_t>(groups_.size());
    slots_[i] = last_;
    groups_.push_back({classes, count});
    return last_;
  }
  const std::vector<Group>& groups() const { return groups_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static size_t hash(uint64_t classes) {
    return static_cast<size_t>((classes * 0x9E3779B97F4A7C15ull) >> 40);
  }
  void grow() {
    slots_.assign(slots_.size() * 2, kEmpty);
    mask_ = slots_.size() - 1;
    for (uint32_t id = 0; id < groups_.size(); ++id) {
      size_t i = hash(groups_[id].classes) & mask_;
      while (slots_[i] != kEmpty) i = (i + 1) & mask_;
      slots_[i] = id;
    }
  }
  std::vector<uint32_t> slots_;
  size_t mask_;
  std::vector<Group> groups_;
  uint32_t last_ = kEmpty;
};

// Per distinct value, what the statistics need: its number (or days since 1970 when it is a date)
// and these flags.
enum DistinctFlags : uint8_t {
  kIsNumber = 1,       // kFitDecimal or kFitNumberLoose
  kIsDate = 2,         // kFitDate
  kIsDateTime = 4,     // kFitDateTime
  kIsCompact = 8,      // kFitDateCompact
  kIsAmbiguous = 16,   // slash date readable both ways, or "1,234" (thousands or decimal comma)
  kOuterSpace = 32,    // leading or trailing whitespace
  kByShapeFacts = 64,  // counted with its shape's complete facts (no number, no date)
  kPhoneValid = 128,   // with kByShapeFacts: a valid phone (the parser's verdict)
};

// ---------------------------------------------------------------------------------------------
// Messages: integer arithmetic only, so the text is the same on every platform.

std::string u64(uint64_t v) {
  return std::to_string(v);
}

// part/whole as a percentage with one decimal ("23.4%"), never rounding to 0% or 100%.
std::string pct(uint64_t part, uint64_t whole) {
  if (whole == 0) return "0%";
  // Round half up in tenths of a percent, in 128-bit-safe steps (part <= whole < 2^64/2000).
  uint64_t tenths = (part * 2000 + whole) / (2 * whole);
  if (part > 0 && tenths == 0) return "<0.1%";
  if (part < whole && tenths == 1000) tenths = 999;
  return u64(tenths / 10) + "." + u64(tenths % 10) + "%";
}

// A double with one decimal, e.g. "25.3" / "-4.0" (rounded half away from zero).
std::string one_decimal(double x) {
  if (!(x == x)) return "nan";
  if (x > 1e15) return "huge";
  if (x < -1e15) return "-huge";
  const long long t = std::llround(x * 10);
  const unsigned long long a = t < 0 ? static_cast<unsigned long long>(-t) : t;
  return std::string(t < 0 ? "-" : "") + std::to_string(a / 10) + "." + std::to_string(a % 10);
}

// "1 value" / "2 values": a count with its noun in the right number.
std::string count_of(uint64_t n, const char* one, const char* many) {
  return u64(n) + " " + (n == 1 ? one : many);
}

// "3 of 20 values (15.0%) are" / "1 of 20 values (5.0%) is": a part of `whole` values.
std::string part_of(uint64_t part, uint64_t whole, const char* one = "value",
                    const char* many = "values") {
  return u64(part) + " of " + count_of(whole, one, many) + " (" + pct(part, whole) +
         (part == 1 ? ") is" : ") are");
}

// A value quoted for a message, cut to 40 code points.
std::string quoted(std::string_view v) {
  std::string out = "\"";
  size_t cps = 0, i = 0;
  for (; i < v.size(); ++i) {
    const bool start = (static_cast<unsigned char>(v[i]) & 0xC0) != 0x80;
    if (start && ++cps > 40) break;
    out += v[i];
  }
  if (i < v.size()) out += "\xE2\x80\xA6";
  return out + "\"";
}

// ---------------------------------------------------------------------------------------------
// Type decision.

bool at_least_80pct(uint64_t count, uint64_t n) {
  return count * 5 >= n * 4;
}

struct TypeCounts {
  uint64_t bit[32] = {};  // weighted count per FitBits bit
  uint64_t of(uint32_t mask) const {
    uint64_t s = 0;
    for (uint32_t m = mask; m != 0; m &= m - 1) s += bit[std::countr_zero(m)];
    return s;
  }
};

struct TypeDecision {
  ValueType type = ValueType::Text;
  uint32_t valid_mask = 0;  // a value is valid when it fits any of these bits
  bool compact_dates = false;
};

// The valid mask of each candidate type given the column's evidence and hints.
struct Candidates {
  uint32_t boolean, temporal, postal, integer, decimal;
  bool compact_ok;
};

Candidates candidates(const TypeCounts& tc, uint64_t n, uint32_t hints) {
  Candidates c{};
  // YYYYMMDD counts as a date when >= 90% of non-missing values are such dates, or by name.
  c.compact_ok = (hints & kHintDate) != 0 || tc.of(kFitDateCompact) * 10 >= n * 9;
  // 1/0 counts as boolean only with a name hint or next to boolean words.
  const bool digits_ok = (hints & kHintBoolean) != 0 || tc.of(kFitBoolWord) > 0;
  c.boolean = kFitBoolWord | (digits_ok ? kFitBoolDigit : 0u);
  c.temporal = kFitDate | kFitDateTime | (c.compact_ok ? kFitDateCompact : 0u);
  c.postal = kFitPostalDistinctive | ((hints & kHintPostal) ? kFitPostalDigits : 0u);
  c.integer = kFitInteger;
  c.decimal = kFitDecimal | kFitNumberLoose;
  return c;
}

// Column type = the first type in this priority order whose valid values make up >= 80% of the
// non-missing values (text when none does):
//   1. boolean    true/false/yes/no/t/f/y/n (+ 1/0 with a name hint or next to such words)
//   2. date/datetime  any recognized format (YYYYMMDD only by the 90% / name rule); datetime
//                 when datetimes outnumber dates
//   3. a name-hinted postal code, phone or country (zip/postcode/postal/plz; phone/tel/mobile/
//      fax/cell; country)
//   4. integer    unless values with a fractional part make up >= 5% (then decimal)
//   5. decimal    plain, thousands-separated or currency numbers
//   6. email  7. url  8. country code (not for state/region/province names)
//   9. postal code (distinctive layouts only without a hint)  10. phone
//  11. text
TypeDecision decide_type(const TypeCounts& tc, uint64_t n, uint32_t hints) {
  TypeDecision d;
  if (n == 0) {
    d.type = ValueType::Empty;
    return d;
  }
  const Candidates c = candidates(tc, n, hints);
  d.compact_dates = c.compact_ok;
  auto pick = [&](ValueType t, uint32_t mask) {
    d.type = t;
    d.valid_mask = mask;
    return d;
  };
  if (at_least_80pct(tc.of(c.boolean), n)) return pick(ValueType::Boolean, c.boolean);
  if (at_least_80pct(tc.of(c.temporal), n)) {
    const uint64_t datetimes = tc.of(kFitDateTime);
    const uint64_t dates = tc.of(c.temporal & ~kFitDateTime);
    return pick(datetimes > dates ? ValueType::DateTime : ValueType::Date, c.temporal);
  }
  if ((hints & kHintPostal) && at_least_80pct(tc.of(c.postal), n))
    return pick(ValueType::PostalCode, c.postal);
  if ((hints & kHintPhone) && at_least_80pct(tc.of(kFitPhone), n))
    return pick(ValueType::Phone, kFitPhone);
  if ((hints & kHintCountry) && at_least_80pct(tc.of(kFitCountry), n))
    return pick(ValueType::CountryCode, kFitCountry);
  const uint64_t integers = tc.of(kFitInteger), numbers = tc.of(c.decimal);
  if (at_least_80pct(integers, n) && (numbers - integers) * 20 < n)
    return pick(ValueType::Integer, kFitInteger);
  if (at_least_80pct(numbers, n)) return pick(ValueType::Decimal, c.decimal);
  if (at_least_80pct(tc.of(kFitEmail), n)) return pick(ValueType::Email, kFitEmail);
  if (at_least_80pct(tc.of(kFitUrl), n)) return pick(ValueType::Url, kFitUrl);
  if (!(hints & kHintNotCountry) && at_least_80pct(tc.of(kFitCountry), n))
    return pick(ValueType::CountryCode, kFitCountry);
  if (at_least_80pct(tc.of(c.postal), n)) return pick(ValueType::PostalCode, c.postal);
  if (at_least_80pct(tc.of(kFitPhone), n)) return pick(ValueType::Phone, kFitPhone);
  d.type = ValueType::Text;
  d.valid_mask = 0;
  return d;
}

// Broad kinds used to tell mixed types apart from plain invalid values.
enum Kind : int {
  kKindDate,
  kKindNumber,
  kKindBoolean,
  kKindEmail,
  kKindUrl,
  kKindPhone,
  kKindText,
  kKindCount
};

// "dates" / "a date": the kind for `count` values.
const char* kind_name(int k, uint64_t count) {
  static constexpr const char* kMany[] = {"dates", "numbers",       "yes/no values", "emails",
                                          "URLs",  "phone numbers", "text"};
  static constexpr const char* kOne[] = {
      "a date", "a number", "a yes/no value", "an email", "a URL", "a phone number", "text"};
  return count == 1 ? kOne[k] : kMany[k];
}

int kind_of(uint32_t fits, bool compact_ok) {
  if (fits & (kFitDate | kFitDateTime | (compact_ok ? kFitDateCompact : 0u))) return kKindDate;
  if (fits & (kFitDecimal | kFitNumberLoose | kFitDateCompact)) return kKindNumber;
  if (fits & kFitBoolWord) return kKindBoolean;
  if (fits & kFitEmail) return kKindEmail;
  if (fits & kFitUrl) return kKindUrl;
  if (fits & (kFitPhone | kFitPhoneShape)) return kKindPhone;
  return kKindText;
}

int family_kind(ValueType t) {
  switch (t) {
    case ValueType::Integer:
    case ValueType::Decimal:
      return kKindNumber;
    case ValueType::Date:
    case ValueType::DateTime:
      return kKindDate;
    case ValueType::Boolean:
      return kKindBoolean;
    case ValueType::Email:
      return kKindEmail;
    case ValueType::Url:
      return kKindUrl;
    case ValueType::Phone:
      return kKindPhone;
    default:
      return -1;
  }
}

// ---------------------------------------------------------------------------------------------
// Consistency classes. The dominant format of a column is the most common class among its valid
// values (ties: smallest label); values of other classes, and invalid values, are inconsistent.
//   integer/decimal   number notation: plain / thousands / currency
//   boolean           spelling and case: true/false, TRUE/FALSE, Yes/No, Y/N, 1/0, ...
//   date/datetime     the date format (YYYY-MM-DD, MM/DD/YYYY, ...)
//   phone, postal     the value's shape ((999) 999-9999, A9A 9A9, ...)
//   country           alpha-2 / alpha-3 / name
//   email, url, text  letter case: aa, AA, Aa, A (single capitals), mixed, no letters

enum class ClassKind { Notation, Bool, DateFmt, Shape, Country, Case };

ClassKind class_kind(ValueType t) {
  switch (t) {
    case ValueType::Integer:
    case ValueType::Decimal:
      return ClassKind::Notation;
    case ValueType::Boolean:
      return ClassKind::Bool;
    case ValueType::Date:
    case ValueType::DateTime:
      return ClassKind::DateFmt;
    case ValueType::Phone:
    case ValueType::PostalCode:
      return ClassKind::Shape;
    case ValueType::CountryCode:
      return ClassKind::Country;
    default:
      return ClassKind::Case;
  }
}

// The group (ClassBits) of a classified value.
uint64_t group_classes(const ValueInfo& info) {
  return static_cast<uint64_t>(info.fits) << kFitsShift |
         static_cast<uint64_t>(info.number.notation) << kNotationShift |
         static_cast<uint64_t>(info.date.format) << kDateFormatShift |
         static_cast<uint64_t>(info.boolean.family) << kBoolFamilyShift |
         static_cast<uint64_t>(info.boolean.letter_case) << kBoolCaseShift |
         static_cast<uint64_t>(info.country) << kCountryShift |
         static_cast<uint64_t>(info.case_style) << kCaseStyleShift |
         static_cast<uint64_t>(info.date.order_ambiguous || info.number.comma_ambiguous ? 1 : 0)
             << kAmbiguousShift;
}

// The class id of a group (any kind but ClassKind::Shape, whose classes are the shapes);
// `day_first`: ambiguous values are read the other way (slash dates day first, "1,234" with a
// decimal comma).
uint32_t class_id(ClassKind k, uint64_t classes, bool day_first) {
  switch (k) {
    case ClassKind::Notation:
      if (day_first && key_field(classes, kAmbiguousShift, 1) != 0) {
        return static_cast<uint32_t>(NumberNotation::DecimalComma);
      }
      return key_field(classes, kNotationShift, 4);
    case ClassKind::Bool:
      return key_field(classes, kBoolFamilyShift, 4) * 4u + key_field(classes, kBoolCaseShift, 4);
    case ClassKind::DateFmt: {
      const auto f = static_cast<DateFormat>(key_field(classes, kDateFormatShift, 8));
      if (!day_first || key_field(classes, kAmbiguousShift, 1) == 0) {
        return static_cast<uint32_t>(f);
      }
      // Read day first, an ambiguous month-first date has the day-first layout of its kind.
      switch (f) {
        case DateFormat::MdySlash:
          return static_cast<uint32_t>(DateFormat::DmySlash);
        case DateFormat::MdySlashYY:
          return static_cast<uint32_t>(DateFormat::DmySlashYY);
        case DateFormat::MdyHm:
          return static_cast<uint32_t>(DateFormat::DmyHm);
        case DateFormat::MdyHms:
          return static_cast<uint32_t>(DateFormat::DmyHms);
        case DateFormat::MdyHmAmPm:
          return static_cast<uint32_t>(DateFormat::DmyHmAmPm);
        case DateFormat::MdyHmsAmPm:
          return static_cast<uint32_t>(DateFormat::DmyHmsAmPm);
        default:
          return static_cast<uint32_t>(f);
      }
    }
    case ClassKind::Shape:
      return 0;
    case ClassKind::Country:
      return key_field(classes, kCountryShift, 4);
    case ClassKind::Case:
      return key_field(classes, kCaseStyleShift, 4);
  }
  return 0;
}

std::string class_label(ClassKind k, uint32_t id, const ShapeTable& shapes) {
  switch (k) {
    case ClassKind::Notation:
      return number_notation_name(static_cast<NumberNotation>(id));
    case ClassKind::Bool:
      return bool_format_name(static_cast<BoolFamily>(id / 4), static_cast<uint8_t>(id % 4));
    case ClassKind::DateFmt:
      return date_format_name(static_cast<DateFormat>(id));
    case ClassKind::Shape:
      return std::string(shapes.str(id));
    case ClassKind::Country:
      return country_form_name(static_cast<CountryForm>(id));
    case ClassKind::Case:
      return case_style_name(static_cast<CaseStyle>(id));
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Statistics over (value, count) pairs.

// Neumaier compensated sum.
struct KahanSum {
  double sum = 0, comp = 0;
  void add(double x) {
    const double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x)) {
      comp += (sum - t) + x;
    } else {
      comp += (x - t) + sum;
    }
    sum = t;
  }
  double value() const { return sum + comp; }
};

// numpy's lerp (used by np.quantile / pandas' quantile, method "linear").
double lerp(double a, double b, double t) {
  const double diff = b - a;
  if (t >= 0.5) return b - diff * (1 - t);
  return a + diff * t;
}

using Weighted = std::vector<std::pair<double, uint64_t>>;

// Values at the given ascending 0-based ranks of the multiset described by `xs`.
std::vector<double> order_statistics(Weighted& xs, uint64_t total,
                                     const std::vector<uint64_t>& ranks, std::vector<double>& v) {
  std::vector<double> out(ranks.size());
  if (xs.size() * 4 <= total) {
    // Few distinct values: sort them and walk the cumulative counts.
    std::sort(xs.begin(), xs.end());
    uint64_t cum = 0;
    size_t j = 0;
    for (size_t k = 0; k < ranks.size(); ++k) {
      while (j < xs.size() && cum + xs[j].second <= ranks[k]) cum += xs[j++].second;
      out[k] = xs[std::min(j, xs.size() - 1)].first;
    }
    return out;
  }
  // Mostly distinct: expand and select (nth_element) rank by rank.
  v.clear();
  v.reserve(total);
  for (const auto& [x, c] : xs) v.insert(v.end(), c, x);
  size_t from = 0;
  for (size_t k = 0; k < ranks.size(); ++k) {
    const size_t r = ranks[k];
    if (k > 0 && r == ranks[k - 1]) {
      out[k] = out[k - 1];
      continue;
    }
    if (k > 0 && r == ranks[k - 1] + 1) {
      // The next order statistic is the minimum of the part above the previous one.
      const auto it = std::min_element(v.begin() + from, v.end());
      std::iter_swap(v.begin() + from, it);
    } else {
      std::nth_element(v.begin() + from, v.begin() + r, v.end());
    }
    out[k] = v[r];
    from = r + 1;
  }
  return out;
}

// Fills stats and histogram (numpy.histogram-compatible uniform bins) from (value, count) pairs.
void compute_stats(Weighted& xs, bool numeric, uint32_t bins, std::vector<double>& expanded,
                   ColumnProfile& p) {
  NumericStats s;
  uint64_t n = 0;
  double lo = 0, hi = 0;
  for (const auto& [x, c] : xs) {
    if (n == 0 || x < lo) lo = x;
    if (n == 0 || x > hi) hi = x;
    n += c;
    if (numeric && x == 0) s.zeros += c;
    if (numeric && x < 0) s.negatives += c;
  }
  s.count = n;
  if (n == 0) return;
  s.min = lo;
  s.max = hi;
  KahanSum sum;
  for (const auto& [x, c] : xs) sum.add(x * static_cast<double>(c));
  s.mean = sum.value() / static_cast<double>(n);
  KahanSum m2, m3;
  for (const auto& [x, c] : xs) {
    const double d = x - s.mean;
    const double d2 = d * d;
    m2.add(d2 * static_cast<double>(c));
    m3.add(d2 * d * static_cast<double>(c));
  }
  const double nn = static_cast<double>(n);
  const double sm2 = m2.value(), sm3 = m3.value();
  s.std = n >= 2 ? std::sqrt(sm2 / (nn - 1)) : 0;
  // Adjusted Fisher-Pearson skewness, as pandas' Series.skew.
  if (n >= 3 && sm2 > 0) {
    s.skewness = (nn * std::sqrt(nn - 1) / (nn - 2)) * (sm3 / (sm2 * std::sqrt(sm2)));
  }
  // Quantiles, linear interpolation between order statistics (numpy/pandas default).
  static constexpr double kQ[] = {0.05, 0.25, 0.5, 0.75, 0.95};
  std::vector<uint64_t> ranks;
  double gammas[5];
  for (int k = 0; k < 5; ++k) {
    const double h = static_cast<double>(n - 1) * kQ[k];
    const double fl = std::floor(h);
    const uint64_t r = static_cast<uint64_t>(fl);
    gammas[k] = h - fl;
    ranks.push_back(r);
    ranks.push_back(std::min<uint64_t>(r + 1, n - 1));
  }
  const std::vector<double> os = order_statistics(xs, n, ranks, expanded);
  double q[5];
  for (int k = 0; k < 5; ++k) q[k] = lerp(os[2 * k], os[2 * k + 1], gammas[k]);
  s.q05 = q[0], s.q25 = q[1], s.q50 = q[2], s.q75 = q[3], s.q95 = q[4];
  p.stats = s;

  // Histogram: edges = linspace(lo, hi, bins + 1) (lo-0.5, hi+0.5 when equal), numpy binning.
  if (bins == 0) return;
  double first = lo, last = hi;
  if (first == last) first -= 0.5, last += 0.5;
  std::vector<double> edges(bins + 1);
  const double step = (last - first) / bins;
  for (uint32_t i = 0; i <= bins; ++i) edges[i] = static_cast<double>(i) * step + first;
  edges[bins] = last;
  std::vector<uint64_t> counts(bins, 0);
  const double norm = bins / (last - first);
  for (const auto& [x, c] : xs) {
    int64_t idx = static_cast<int64_t>((x - first) * norm);
    if (idx >= static_cast<int64_t>(bins)) idx = bins - 1;
    if (idx < 0) idx = 0;
    if (x < edges[idx]) --idx;
    if (idx + 1 < static_cast<int64_t>(bins) && x >= edges[idx + 1]) ++idx;
    counts[idx] += c;
  }
  p.histogram_edges = std::move(edges);
  p.histogram_counts = std::move(counts);
}

// ---------------------------------------------------------------------------------------------
// One column.

// The default region of a column's national phone numbers: `option` when given, else the main
// region of the most common country code among the values written with + or 00 (ties: the
// smaller code), else US.
std::string column_phone_region(const std::vector<FirstCount>& firsts, const Column& col,
                                const std::string& option) {
  if (!option.empty()) return option;
  std::vector<uint64_t> votes(1000, 0);
  for (const FirstCount& f : firsts) {
    const uint16_t cc = phone_leading_country_code(trim_space(col.value(f.row)));
    if (cc != 0 && cc < 1000) votes[cc] += f.count;
  }
  size_t best = 0;
  for (size_t cc = 1; cc < votes.size(); ++cc) {
    if (votes[cc] > votes[best]) best = cc;
  }
  const std::string_view region =
      votes[best] > 0 ? phone_main_region(static_cast<uint16_t>(best)) : std::string_view();
  // Non-geographic codes (800, 808, ...) have no national numbers.
  if (region.size() != 2) return "US";
  return std::string(region);
}

// is_phone(t, region) for a trimmed value known to be phone-shaped (kFitPhoneShape): the
// parser's verdict, without the shape test again and without working out the number's type.
bool shaped_phone_valid(std::string_view t, std::string_view region) {
  size_t i = 0;
  if (t.size() > 4 && t[3] == ':') i = 4;
  while (i < t.size() && t[i] == ' ') ++i;
  const bool idd00 = t.size() > i + 1 && t[i] == '0' && t[i + 1] == '0';
  return parse_phone(t, idd00 ? kPhoneIddRegion : region, false).valid();
}

// The phone region of a country cell: an alpha-2 code in any case, or one of a few common
// names and alpha-3 codes; "" when not recognized.
std::string country_region(std::string_view v) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"USA", "US"},
      {"U.S.", "US"},
      {"U.S.A.", "US"},
      {"United States", "US"},
      {"United States of America", "US"},
      {"UK", "GB"},
      {"U.K.", "GB"},
      {"GBR", "GB"},
      {"United Kingdom", "GB"},
      {"Great Britain", "GB"},
      {"England", "GB"},
      {"DEU", "DE"},
      {"Germany", "DE"},
      {"Deutschland", "DE"},
      {"FRA", "FR"},
      {"France", "FR"},
      {"ESP", "ES"},
      {"Spain", "ES"},
      {"ITA", "IT"},
      {"Italy", "IT"},
      {"Italia", "IT"},
      {"NLD", "NL"},
      {"Netherlands", "NL"},
      {"Nederland", "NL"},
      {"POL", "PL"},
      {"Poland", "PL"},
      {"Polska", "PL"},
      {"SWE", "SE"},
      {"Sweden", "SE"},
      {"Sverige", "SE"},
      {"MEX", "MX"},
      {"Mexico", "MX"},
      {"IRL", "IE"},
      {"Ireland", "IE"},
      {"CAN", "CA"},
      {"Canada", "CA"},
      {"AUS", "AU"},
      {"Australia", "AU"}};
  if (v.size() == 2) {
    const char up[2] = {static_cast<char>(v[0] & ~0x20), static_cast<char>(v[1] & ~0x20)};
    if (up[0] == 'U' && up[1] == 'K') return "GB";
    return is_phone_region(std::string_view(up, 2)) ? std::string(up, 2) : std::string();
  }
  for (const auto& [name, code] : kNames) {
    if (name.size() != v.size()) continue;
    bool same = true;
    for (size_t i = 0; i < v.size() && same; ++i) same = (name[i] | 0x20) == (v[i] | 0x20);
    if (same) return std::string(code);
  }
  return "";
}

// Working memory reused from column to column (cleared, not freed: fresh large allocations cost
// page faults natively); released when the table is done.
struct Scratch {
  DistinctCounter counter;
  std::vector<FirstCount> firsts;
  std::vector<double> x;
  std::vector<uint8_t> flags;
  Weighted xs;
  std::vector<double> expanded;
  std::vector<uint32_t> slot;  // for per-row verdicts: DistinctCounter::count's `row_slot`
  bool reserved = false;       // sized for the table (on the first column profiled)
};

// What decides the verdict (CellFlag bits and pattern rank) of a distinct value once the column's
// type and dominant format are known: its group (validity, format), its shape (pattern rank; the
// format of phones and postal codes) and its whitespace; for a value counted with its shape's
// complete facts (kByShapeFacts), the shape alone.
struct VerdictTables {
  std::vector<uint8_t> group;     // per group: invalid/inconsistent bits
  std::vector<uint8_t> shape;     // per shape: pattern rank, inconsistent bit of shape classes
  std::vector<uint8_t> by_shape;  // per shape and phone verdict (2 * shape + valid phone): the
                                  // verdict of its complete-facts values
};

// The verdict of a value from its group's and its shape's: an invalid value is not also off-format
// (kCellInconsistent marks valid values outside the column's most common format).
inline uint8_t combine_verdict(uint8_t group, uint8_t shape) {
  return static_cast<uint8_t>(group |
                              ((group & kCellInvalid) ? shape & ~kCellInconsistent : shape));
}

// Writes the verdict of every row to `cells` (which start as kCellMissing): for value k, from its
// shape (`shape_of[k]`), group
// (`group_of[k]`) and `flags[k]` (which this overwrites). Rows counted in partitions are their
// value's first row or a repeat of it; rows counted directly know their value (sc.slot).
void write_verdicts(const std::vector<FirstCount>& firsts, std::vector<uint8_t>& flags,
                    const uint32_t* shape_of, const uint32_t* group_of, const VerdictTables& vt,
                    const Scratch& sc, uint8_t* cells) {
  // Plain pointers: stores through `cells` (bytes, which may alias anything) would otherwise
  // make the compiler reload every vector's data pointer after each one.
  const size_t distinct = firsts.size();
  flags.resize(distinct + 1);
  uint8_t* f = flags.data();
  const FirstCount* first = firsts.data();
  const uint8_t* by_group = vt.group.data();
  const uint8_t* by_shape = vt.shape.data();
  const uint8_t* complete = vt.by_shape.data();
  auto verdict = [=](size_t k) {
    const uint8_t fk = f[k];
    const uint32_t s = shape_of[k];
    const uint8_t v = (fk & kByShapeFacts) ? complete[2 * s + ((fk & kPhoneValid) ? 1 : 0)]
                                           : combine_verdict(by_group[group_of[k]], by_shape[s]);
    return static_cast<uint8_t>(v | ((fk & kOuterSpace) ? kCellWhitespace : 0));
  };
  const size_t from = sc.counter.direct_rows();
  const size_t seeds = std::partition_point(first, first + distinct,
                                            [&](const FirstCount& x) { return x.row < from; }) -
                       first;
  // Values first seen in partitions: straight to their first rows (the missing rows among the
  // rows counted in partitions keep the kCellMissing the cells start with).
  for (size_t k = seeds; k < distinct; ++k) cells[first[k].row] = verdict(k);
  // Values first seen in rows counted directly: a table in place of the flags, one place up
  // (d[k + 1] for value k, d[0] for missing values, as in sc.slot).
  for (size_t k = seeds; k-- > 0;) f[k + 1] = verdict(k);
  f[0] = kCellMissing;
  const uint32_t* slot = sc.slot.data();
  for (size_t i = 0; i < from; ++i) cells[i] = f[slot[i]];
  size_t n = 0;
  const uint64_t* rep = sc.counter.repeats(n);
  for (size_t i = 0; i < n; ++i) cells[rep[i] >> 32] = cells[static_cast<uint32_t>(rep[i])];
}

// Profiles one column; with `cells` (an array of col.size() filled with kCellMissing), also
// writes each row's verdict. The values' row parts (with `seed`) are added to `row_hash`.
ColumnProfile profile_column(const Column& col, const ProfileOptions& opt, uint64_t* row_hash,
                             uint64_t seed, Scratch& sc, uint8_t* cells, CancelFlag cancel,
                             const Column* country) {
  ColumnProfile p;
  p.name = col.name();
  const size_t rows = col.size();
  p.missing = col.missing_count();
  const uint64_t n = rows - p.missing;

  // 1. Hash every value, fold the hash into the row hash, count the value: exact distinct values
  //    with counts, in order of first occurrence.
  std::vector<FirstCount>& firsts = sc.firsts;
  if (cells) sc.slot.resize(rows);
  sc.counter.count(col, row_hash, firsts, cells ? sc.slot.data() : nullptr, seed, cancel);
  p.distinct = firsts.size();
  auto value = [&](size_t k) { return col.value(firsts[k].row); };

  // 2. Classify each distinct value once: type evidence, lengths, groups for validity and
  //    consistency, numbers and dates for the statistics. Phone-shaped values (kFitPhoneShape)
  //    go through the phone parser only in a column that can be a phone column: one named like
  //    it, or, after a first pass, one that would be typed phone if every phone-shaped value
  //    were a phone (then the values are classified again, with the parser).
  const uint32_t hints = column_hints(col.name());
  bool phones = (hints & kHintPhone) != 0;
  std::string phone_region;
  ShapeTable shapes;
  GroupTable groups;
  TypeCounts tc;
  uint64_t day_first_votes = 0, month_first_votes = 0, length_sum = 0;
  uint64_t comma_votes = 0, dot_votes = 0;  // numbers with a decimal comma / a decimal point
  std::vector<uint32_t> shape_group;
  size_t phone_k = 0;  // the distinct value being classified (for its row's country)
  std::vector<double>& xv = sc.x;
  std::vector<uint8_t>& flags = sc.flags;
  xv.resize(firsts.size());
  flags.resize(firsts.size());
  // For per-row verdicts, per distinct value: its shape and its group (unless kByShapeFacts).
  uint32_t* shape_of = nullptr;
  uint32_t* group_of = nullptr;
  if (cells) {
    shape_of = sc.counter.borrow(2 * firsts.size());
    group_of = shape_of + firsts.size();
  }
  for (;;) {
    if (phones) phone_region = column_phone_region(firsts, col, opt.phone_region);
    // A national number takes the region of its row's country (the first row with that value)
    // when the table has a country column and no --phone-region was given.
    const bool by_row = country && opt.phone_region.empty();
    auto phone_valid = [&](std::string_view t) {
      if (by_row && !country->missing(firsts[phone_k].row)) {
        const std::string r = country_region(trim_space(country->value(firsts[phone_k].row)));
        if (!r.empty()) return shaped_phone_valid(t, r);
      }
      return shaped_phone_valid(t, phone_region);
    };
    shapes = ShapeTable();
    groups = GroupTable();
    tc = TypeCounts();
    day_first_votes = month_first_votes = length_sum = 0;
    comma_votes = dot_votes = 0;
    p.length_min = p.length_max = 0;
    p.whitespace = 0;
    ValueScan scan;
    bool last_complete = true;
    for (size_t k = 0; k < firsts.size(); ++k) {
      if ((k & (kCancelStride - 1)) == 0) check_cancel(cancel);
      const uint64_t count = firsts[k].count;
      const std::string_view v = value(k);
      // What only the shape decides is worked out once per exact shape, and a value whose shape
      // decides everything (ShapeFacts::complete) is counted with its shape after a look at the
      // shape alone. When the last value needed a full scan, the next one likely does too.
      ValueInfo info;
      uint32_t shape;
      bool complete = false;
      if (last_complete && scan_shape(v, scan)) {
        shape = shapes.add(scan.shape(), scan.shape_hash, count);
        complete = shapes.complete_facts(shape);
        if (!complete) {
          scan_value(v, scan);
          info = classify_scanned(scan, shapes.facts(shape, scan));
        }
      } else {
        scan_value(v, scan);
        shape = shapes.add(scan.shape(), scan.shape_hash, count);
        if (!scan.exact_shape()) {
          info = classify_scanned(scan);
        } else if (!(complete = shapes.complete_facts(shape))) {
          info = classify_scanned(scan, shapes.facts(shape, scan));
        }
      }
      bool phone_ok = false;
      phone_k = k;
      if (complete) {
        if (phones && (shapes.info(shape).facts.fits & kFitPhoneShape)) {
          phone_ok = phone_valid(scan.trimmed);
        }
        shapes.count_complete(shape, count, phone_ok);
      } else if (phones && (info.fits & kFitPhoneShape)) {
        info.fits &= ~kFitPhoneShape;
        if (phone_valid(scan.trimmed)) info.fits |= kFitPhone;
      }
      last_complete = complete;
      p.length_min = k == 0 ? scan.length : std::min<uint64_t>(p.length_min, scan.length);
      p.length_max = std::max<uint64_t>(p.length_max, scan.length);
      length_sum += scan.length * count;
      if (scan.outer_space) p.whitespace += count;
      if (cells) shape_of[k] = shape;
      if (complete) {  // no number, no date
        xv[k] = 0;
        flags[k] =
            kByShapeFacts | (scan.outer_space ? kOuterSpace : 0) | (phone_ok ? kPhoneValid : 0);
        continue;
      }
      const uint32_t fits = info.fits;
      const uint32_t group = groups.add(group_classes(info), count);
      if (cells) group_of[k] = group;
      shapes.add_fits(shape, fits, count);
      xv[k] = (fits & (kFitDecimal | kFitNumberLoose)) ? info.number.value : info.date.days();
      flags[k] = static_cast<uint8_t>(
          ((fits & (kFitDecimal | kFitNumberLoose)) ? kIsNumber : 0) |
          ((fits & kFitDate) ? kIsDate : 0) | ((fits & kFitDateTime) ? kIsDateTime : 0) |
          ((fits & kFitDateCompact) ? kIsCompact : 0) |
          (info.date.order_ambiguous || info.number.comma_ambiguous ? kIsAmbiguous : 0) |
          (scan.outer_space ? kOuterSpace : 0));
      if (fits & (kFitDecimal | kFitNumberLoose)) {
        if (info.number.decimal_comma) {
          comma_votes += count;
        } else if (!info.number.comma_ambiguous && v.find('.') != std::string_view::npos) {
          dot_votes += count;
        }
      }
      for (uint32_t m = fits; m != 0; m &= m - 1) tc.bit[std::countr_zero(m)] += count;
      if (info.date.order_evidence > 0) day_first_votes += count;
      if (info.date.order_evidence < 0) month_first_votes += count;
    }
    if (n > 0) p.length_mean = static_cast<double>(length_sum) / static_cast<double>(n);
    // The values counted with their shape: what complete facts say.
    shape_group.assign(cells ? 2 * shapes.size() : 0, 0);
    for (uint32_t id = 0; id < shapes.size(); ++id) {
      const ShapeTable::Info& e = shapes.info(id);
      for (int valid_phone = 0; valid_phone < 2; ++valid_phone) {
        const uint64_t count = e.complete_count[valid_phone];
        if (count == 0) continue;
        ValueInfo info;
        info.fits = e.facts.fits;
        if (phones && (info.fits & kFitPhoneShape)) {
          info.fits &= ~kFitPhoneShape;
          if (valid_phone) info.fits |= kFitPhone;
        }
        info.case_style = e.facts.case_style;
        const uint32_t group = groups.add(group_classes(info), count);
        if (cells) shape_group[2 * id + valid_phone] = group;
        shapes.add_fits(id, info.fits, count);
        for (uint32_t m = info.fits; m != 0; m &= m - 1) tc.bit[std::countr_zero(m)] += count;
      }
    }
    if (phones) break;
    // Without the parser: would the column be a phone column if its phone-shaped values were?
    TypeCounts candidate = tc;
    candidate.bit[std::countr_zero(uint32_t{kFitPhone})] +=
        candidate.bit[std::countr_zero(uint32_t{kFitPhoneShape})];
    if (decide_type(candidate, n, hints).type != ValueType::Phone) break;
    phones = true;
  }

  // 3. Type.
  const TypeDecision td = decide_type(tc, n, hints);
  if (td.type == ValueType::Phone) {
    p.phone_region = phone_region;
    if (country && opt.phone_region.empty()) p.phone_country_column = country->name();
  }
  p.phone_pass = phones;
  p.type = td.type;
  p.valid_fits = td.valid_mask;
  {
    const Candidates c = candidates(tc, n, hints);
    const std::pair<ValueType, uint64_t> tcs[] = {
        {ValueType::Integer, tc.of(c.integer)},
        {ValueType::Decimal, tc.of(c.decimal)},
        {ValueType::Boolean, tc.of(c.boolean)},
        {ValueType::Date, tc.of(c.temporal & ~kFitDateTime)},
        {ValueType::DateTime, tc.of(kFitDateTime)},
        {ValueType::Email, tc.of(kFitEmail)},
        {ValueType::Phone, tc.of(kFitPhone | kFitPhoneShape)},
        {ValueType::Url, tc.of(kFitUrl)},
        {ValueType::PostalCode, tc.of(c.postal)},
        {ValueType::CountryCode, tc.of(kFitCountry)}};
    for (const auto& [t, cnt] : tcs) {
      if (cnt > 0) p.type_counts.push_back({type_name(t), cnt});
    }
    std::sort(p.type_counts.begin(), p.type_counts.end(),
              [](const ValueCount& a, const ValueCount& b) {
                return a.count != b.count ? a.count > b.count : a.value < b.value;
              });
  }
  const bool temporal = p.type == ValueType::Date || p.type == ValueType::DateTime;
  if (temporal && day_first_votes > month_first_votes) {
    // Evidence (a first part > 12) says DD/MM: re-read the ambiguous values day first.
    p.day_first = true;
    for (size_t k = 0; k < firsts.size(); ++k) {
      if ((flags[k] & kIsAmbiguous) == 0) continue;
      if (auto dv = parse_date(trim_space(value(k)), true)) xv[k] = dv->days();
    }
  }
  const bool numeric_type = p.type == ValueType::Integer || p.type == ValueType::Decimal;
  if (numeric_type && comma_votes > dot_votes) {
    // Evidence (12,5 / 1.234,56 outnumber decimal points) says decimal commas: "1,234" is 1.234.
    p.decimal_comma = true;
    for (size_t k = 0; k < firsts.size(); ++k) {
      if ((flags[k] & (kIsAmbiguous | kIsNumber)) != (kIsAmbiguous | kIsNumber)) continue;
      if (auto nv = parse_number(trim_space(value(k)), true)) xv[k] = nv->value;
    }
  }
  if (temporal && td.compact_dates) {
    // YYYYMMDD values also read as numbers: take their days.
    for (size_t k = 0; k < firsts.size(); ++k) {
      if ((flags[k] & kIsCompact) == 0) continue;
      if (auto dv = parse_date(trim_space(value(k)), false)) xv[k] = dv->days();
    }
  }

  // 4. Validity, consistency, statistics, mixed types.
  const ClassKind ck = class_kind(p.type);
  std::vector<uint64_t> class_counts(ck == ClassKind::Shape ? shapes.size() : 64, 0);
  const bool numeric = p.type == ValueType::Integer || p.type == ValueType::Decimal;
  uint64_t kinds[kKindCount] = {};
  const int family = family_kind(p.type);
  for (const GroupTable::Group& g : groups.groups()) {
    const uint32_t fits = key_field(g.classes, kFitsShift, 16);
    const bool valid = p.type == ValueType::Text || (fits & td.valid_mask) != 0;
    if (valid) {
      p.valid += g.count;
      if (ck != ClassKind::Shape)
        class_counts[class_id(ck, g.classes, p.day_first || p.decimal_comma)] += g.count;
    } else if (p.type != ValueType::Empty) {
      kinds[kind_of(fits, td.compact_dates)] += g.count;
    }
    if (p.type == ValueType::Text) kinds[kind_of(fits, false)] += g.count;
  }
  if (ck == ClassKind::Shape) {
    // Phones and postal codes: the valid values of each shape.
    for (uint32_t id = 0; id < shapes.size(); ++id) {
      const ShapeTable::Info& e = shapes.info(id);
      class_counts[id] = ((td.valid_mask & kFitPhone) ? e.phone : 0) +
                         ((td.valid_mask & kFitPostalDistinctive) ? e.postal_distinctive : 0) +
                         ((td.valid_mask & kFitPostalDigits) ? e.postal_digits : 0);
    }
  }
  Weighted& xs = sc.xs;
  xs.clear();
  if (numeric || temporal) {
    // Values in order of first occurrence (the sums of the statistics depend on the order).
    const uint8_t want =
        numeric ? static_cast<uint8_t>(kIsNumber)
                : static_cast<uint8_t>(((td.valid_mask & kFitDate) ? kIsDate : 0) |
                                       ((td.valid_mask & kFitDateTime) ? kIsDateTime : 0) |
                                       ((td.valid_mask & kFitDateCompact) ? kIsCompact : 0));
    for (size_t k = 0; k < firsts.size(); ++k) {
      if (flags[k] & want) xs.push_back({xv[k], firsts[k].count});
    }
  }
  p.type_share = n > 0 ? static_cast<double>(p.valid) / static_cast<double>(n) : 0;
  {
    uint32_t best = 0;
    bool found = false;
    std::string best_label;
    for (uint32_t id = 0; id < class_counts.size(); ++id) {
      if (class_counts[id] == 0) continue;
      if (!found || class_counts[id] > class_counts[best]) {
        best = id, found = true, best_label = class_label(ck, id, shapes);
      } else if (class_counts[id] == class_counts[best]) {
        std::string label = class_label(ck, id, shapes);
        if (label < best_label) best = id, best_label = std::move(label);
      }
    }
    if (found) {
      p.dominant_class = best;
      p.consistent = class_counts[best];
      p.common_format = best_label;
      static_assert(kDominantShare == 0.5);
      if (p.consistent * 2 >= p.valid) p.dominant_format = best_label;
      if (temporal || p.type == ValueType::Phone) p.format = best_label;
    }
  }
  if (temporal) {
    // Valid values per day (UTC date), for timeliness: a counting array over the day range
    // (dates lie within years 1-9999, about 3.65M days).
    if (!xs.empty()) {
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      for (const auto& [x, c] : xs) {
        const int64_t d = static_cast<int64_t>(std::floor(x));
        lo = std::min(lo, d);
        hi = std::max(hi, d);
      }
      if (static_cast<uint64_t>(hi - lo) <= 4 * xs.size() + 4096) {
        std::vector<uint64_t> per_day(static_cast<size_t>(hi - lo + 1), 0);
        for (const auto& [x, c] : xs) per_day[static_cast<int64_t>(std::floor(x)) - lo] += c;
        for (size_t k = 0; k < per_day.size(); ++k) {
          if (per_day[k] != 0) p.day_counts.push_back({lo + static_cast<int64_t>(k), per_day[k]});
        }
      } else {  // sparse over a long range: sort
        std::vector<DayCount> days;
        days.reserve(xs.size());
        for (const auto& [x, c] : xs) days.push_back({static_cast<int64_t>(std::floor(x)), c});
        std::sort(days.begin(), days.end(),
                  [](const DayCount& a, const DayCount& b) { return a.day < b.day; });
        for (const DayCount& dc : days) {
          if (!p.day_counts.empty() && p.day_counts.back().day == dc.day) {
            p.day_counts.back().count += dc.count;
          } else {
            p.day_counts.push_back(dc);
          }
        }
      }
    }
  }
  if (numeric || temporal) compute_stats(xs, numeric, opt.histogram_bins, sc.expanded, p);

  // 5. Top values and shapes: count descending, then bytes ascending.
  std::vector<uint32_t> sidx(shapes.size());
  size_t ptop = 0;
  {
    // Bounded selection: keep the best top_n in order while scanning once.
    auto better = [&](uint32_t a, uint32_t b) {
      if (firsts[a].count != firsts[b].count) return firsts[a].count > firsts[b].count;
      return value(a) < value(b);
    };
    std::vector<uint32_t> best;
    for (uint32_t k = 0; k < firsts.size(); ++k) {
      if (best.size() == opt.top_n && (opt.top_n == 0 || !better(k, best.back()))) continue;
      if (best.size() == opt.top_n) best.pop_back();
      best.insert(std::upper_bound(best.begin(), best.end(), k, better), k);
    }
    for (uint32_t k : best) p.top.push_back({std::string(value(k)), firsts[k].count});
    for (uint32_t k = 0; k < sidx.size(); ++k) sidx[k] = k;
    ptop = std::min<size_t>(opt.patterns_n, sidx.size());
    std::partial_sort(sidx.begin(), sidx.begin() + ptop, sidx.end(), [&](uint32_t a, uint32_t b) {
      if (shapes.count(a) != shapes.count(b)) return shapes.count(a) > shapes.count(b);
      return shapes.str(a) < shapes.str(b);
    });
    for (size_t k = 0; k < ptop; ++k) {
      p.patterns.push_back({std::string(shapes.str(sidx[k])), shapes.count(sidx[k])});
    }
  }

  // 6. Per-row verdicts: per group whether its values are valid and in the dominant format (as
  //    value_valid / value_consistent decide), per shape its rank among the listed patterns, per
  //    distinct value their combination, spread to the rows.
  if (cells) {
    const std::vector<GroupTable::Group>& gs = groups.groups();
    VerdictTables vt;
    vt.group.assign(gs.size(), 0);
    for (size_t g = 0; g < gs.size(); ++g) {
      const uint32_t fits = key_field(gs[g].classes, kFitsShift, 16);
      if (p.type != ValueType::Text && (fits & td.valid_mask) == 0) {
        vt.group[g] = kCellInvalid;
      } else if (ck != ClassKind::Shape &&
                 class_id(ck, gs[g].classes, p.day_first || p.decimal_comma) != p.dominant_class) {
        vt.group[g] = kCellInconsistent;
      }
    }
    // Phones and postal codes: the dominant format is a shape (none when nothing is consistent).
    vt.shape.assign(shapes.size(), 0);
    if (ck == ClassKind::Shape) {
      std::fill(vt.shape.begin(), vt.shape.end(), kCellInconsistent);
      if (p.consistent > 0) vt.shape[p.dominant_class] = 0;
    }
    for (size_t k = 0; k < std::min(ptop, kCellPatternRanks); ++k) {
      vt.shape[sidx[k]] |= static_cast<uint8_t>((k + 1) << kCellPatternShift);
    }
    vt.by_shape.assign(2 * shapes.size(), 0);
    for (uint32_t id = 0; id < shapes.size(); ++id) {
      for (int valid_phone = 0; valid_phone < 2; ++valid_phone) {
        if (shapes.info(id).complete_count[valid_phone] > 0) {
          vt.by_shape[2 * id + valid_phone] =
              combine_verdict(vt.group[shape_group[2 * id + valid_phone]], vt.shape[id]);
        }
      }
    }
    if (shapes.size() == 1 && gs.size() == 1 && p.whitespace == 0) {
      // Every value gets the same verdict (ids, codes: one shape, one group): no lookups.
      const uint8_t v = combine_verdict(vt.group[0], vt.shape[0]);
      if (p.missing == 0) {
        std::memset(cells, v, rows);
      } else {
        for (size_t i = 0; i < rows; ++i) cells[i] = col.missing(i) ? uint8_t{kCellMissing} : v;
      }
    } else {
      write_verdicts(firsts, flags, shape_of, group_of, vt, sc, cells);
    }
  }

  // 7. Alerts.
  auto alert = [&](const char* code, std::string msg) {
    p.alerts.push_back({code, std::move(msg)});
  };
  if (n == 0) {
    if (rows > 0) {
      alert("EMPTY", rows == 1 ? std::string("The only value is missing")
                               : "All " + u64(rows) + " values are missing");
    }
    return p;
  }
  const bool unique = p.distinct == n && n >= 2;
  if (p.distinct == 1) {
    alert("CONSTANT", n == 1 ? "The only non-missing value is " + quoted(value(0))
                             : "All " + u64(n) + " non-missing values are " + quoted(value(0)));
  }
  if (unique) alert("UNIQUE", "All " + u64(n) + " non-missing values are distinct");
  const bool measure = numeric || temporal;
  if (!measure && !unique && p.distinct > 50 && p.distinct * 2 >= n) {
    alert("HIGH_CARDINALITY", u64(p.distinct) + " distinct values among " + u64(n) +
                                  " non-missing (" + pct(p.distinct, n) + ")");
  }
  const bool expect_unique = p.type == ValueType::Email || p.type == ValueType::Phone ||
                             (hints & (kHintId | kHintEmail | kHintPhone)) != 0;
  if (expect_unique && !unique && n >= 2 && p.distinct < n && p.distinct * 2 >= n) {
    const uint64_t repeats = n - p.distinct;
    alert("DUPLICATES", u64(repeats) + " of " + u64(n) + " values (" + pct(repeats, n) +
                            (repeats == 1 ? ") repeats" : ") repeat") +
                            " another value; values of this column are expected to be unique");
  }
  if (p.missing * 20 >= rows) {
    alert("MISSING", part_of(p.missing, rows) + " missing");
  }
  if (p.type == ValueType::Text) {
    int best = -1;
    for (int k : {kKindDate, kKindNumber, kKindEmail, kKindUrl, kKindPhone}) {
      if (kinds[k] > 0 && (best < 0 || kinds[k] > kinds[best])) best = k;
    }
    if (best >= 0 && kinds[best] * 5 >= n) {
      alert("MIXED_TYPES",
            part_of(kinds[best], n) + " " + kind_name(best, kinds[best]) + "; the rest is text");
    }
  } else {
    int best = -1;
    for (int k = 0; k < kKindCount; ++k) {
      if (k == family || kinds[k] == 0) continue;
      if (best < 0 || kinds[k] > kinds[best]) best = k;
    }
    if (best >= 0 && kinds[best] * 20 >= n) {
      // A part of the invalid values (n - valid), said as such so that the counts agree.
      const uint64_t invalid = n - p.valid;
      const std::string which =
          kinds[best] == invalid ? (invalid == 1 ? std::string("The invalid value is ")
                                                 : "All " + u64(invalid) + " invalid values are ")
                                 : u64(kinds[best]) + " of the " + u64(invalid) +
                                       " invalid values" + (kinds[best] == 1 ? " is " : " are ");
      alert("MIXED_TYPES", which + kind_name(best, kinds[best]) + ", not " + type_name(p.type));
    }
  }
  const uint64_t off_format = p.valid - p.consistent;
  const char* what = ck == ClassKind::Case ? "letter case" : "format";
  if (p.dominant_format.empty() && off_format > 0) {
    alert("INCONSISTENT_FORMAT", std::string("No dominant ") + what + ": the most common, " +
                                     quoted(p.common_format) + ", covers " + u64(p.consistent) +
                                     " of the " + count_of(p.valid, "valid value", "valid values") +
                                     " (" + pct(p.consistent, p.valid) + ")");
  } else if (off_format > 0 && off_format * 100 >= n) {
    alert("INCONSISTENT_FORMAT", part_of(off_format, n) + " off-format: valid but not in the " +
                                     "dominant " + what + " " + quoted(p.dominant_format));
  }
  if (p.whitespace > 0) {
    alert("LEADING_TRAILING_WHITESPACE",
          u64(p.whitespace) + " of " + count_of(n, "value", "values") + " (" +
              pct(p.whitespace, n) + (p.whitespace == 1 ? ") has" : ") have") +
              " leading or trailing whitespace");
  }
  if (numeric && p.stats && p.stats->zeros * 10 > p.stats->count) {
    alert("ZEROS", part_of(p.stats->zeros, p.stats->count) + " zero");
  }
  if (numeric && p.stats && std::fabs(p.stats->skewness) > 20) {
    alert("SKEWED", "Highly skewed distribution (skewness " + one_decimal(p.stats->skewness) + ")");
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Duplicate rows.

// Whether rows a and b are equal in every column not in `skip` (when given: one flag per column).
bool rows_equal(const Table& t, size_t a, size_t b, const std::vector<char>* skip = nullptr) {
  for (size_t k = 0; k < t.columns.size(); ++k) {
    if (skip && (*skip)[k]) continue;
    const Column& c = t.columns[k];
    const bool ma = c.missing(a), mb = c.missing(b);
    if (ma || mb) {
      if (ma != mb) return false;
      continue;
    }
    if (c.value(a) != c.value(b)) return false;
  }
  return true;
}

// Rows equal to an earlier row, given per-row hashes (equal rows have equal hashes): their number,
// and with `rows_out` the rows themselves (ascending). Missing values are equal to each other
// whatever their spelling ("", "NULL", "N/A"), like pandas. Table of 8-byte slots (hash tag << 32
// | row + 1) in `slots` (reused memory).
uint64_t duplicates_from_hashes(const Table& t, const std::vector<uint64_t>& rh,
                                std::vector<uint64_t>& slots, std::vector<uint32_t>* rows_out,
                                CancelFlag cancel, const std::vector<char>* skip = nullptr) {
  const size_t rows = rh.size();
  if (rows < 2 || t.columns.empty()) return 0;
  const size_t cap = pow2_at_least(rows * 2);
  slots.assign(cap, 0);
  const size_t mask = cap - 1;
  const int shift = 64 - std::countr_zero(cap);
  uint64_t dups = 0, sink = 0;
  constexpr size_t kBatch = 64;
  for (size_t base = 0; base < rows; base += kBatch) {
    if ((base & (kCancelStride - 1)) == 0) check_cancel(cancel);
    const size_t end = std::min(rows, base + kBatch);
    for (size_t i = base; i < end; ++i) sink += slots[rh[i] >> shift];  // overlap the misses
    for (size_t i = base; i < end; ++i) {
      const uint64_t h = rh[i];
      const uint64_t tag = h << 32;
      size_t s = h >> shift;
      while (true) {
        const uint64_t slot = slots[s];
        if (slot == 0) {
          slots[s] = tag | (i + 1);
          break;
        }
        if ((slot & 0xFFFFFFFF00000000ull) == tag) {
          const size_t r = static_cast<uint32_t>(slot) - 1;
          if (rh[r] == h && rows_equal(t, r, i, skip)) {
            ++dups;
            if (rows_out) rows_out->push_back(static_cast<uint32_t>(i));
            break;
          }
        }
        s = (s + 1) & mask;
      }
    }
  }
  g_sink = sink;
  return dups;
}

// True for a UUID written 8-4-4-4-12 hex digits (any case), optionally in braces.
bool is_uuid(std::string_view v) {
  v = trim_space(v);
  if (v.size() == 38 && v.front() == '{' && v.back() == '}') v = v.substr(1, 36);
  if (v.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char ch = v[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (ch != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(ch))) {
      return false;
    }
  }
  return true;
}

// Whether column `c` (profiled as `cp`) is a unique identifier (the README's definition): among
// the rows that are not exact duplicate rows (`dups`, ascending), at least two non-missing values,
// all distinct, and a name that looks like an id (kHintId) or values that are all UUIDs. (An
// exact duplicate row repeats its id, so it adds no distinct value.)
bool is_id_column(const Column& c, const ColumnProfile& cp, size_t rows,
                  const std::vector<uint32_t>& dups) {
  uint64_t dup_present = 0;
  for (uint32_t r : dups) dup_present += c.missing(r) ? 0 : 1;
  const uint64_t n = rows - cp.missing - dup_present;
  if (n < 2 || cp.distinct != n) return false;
  if (column_hints(cp.name) & kHintId) return true;
  for (size_t i = 0; i < rows; ++i) {
    if (!c.missing(i) && !is_uuid(c.value(i))) return false;
  }
  return true;
}

}  // namespace

namespace {

// The region a phone column reads `v` with in a row whose country cell is `row_country`.
std::string phone_region_for(const ColumnProfile& column, std::string_view row_country) {
  if (!column.phone_country_column.empty()) {
    std::string r = country_region(trim_space(row_country));
    if (!r.empty()) return r;
  }
  return column.phone_region;
}

}  // namespace

bool value_valid(const ColumnProfile& column, std::string_view v) {
  return value_valid(column, v, std::string_view());
}

bool value_valid(const ColumnProfile& column, std::string_view v, std::string_view row_country) {
  if (column.type == ValueType::Text) return true;
  if (column.type == ValueType::Empty) return false;
  if (column.type == ValueType::Phone) {
    return is_phone(v, phone_region_for(column, row_country));
  }
  return (classify_value(v).fits & column.valid_fits) != 0;
}

bool value_consistent(const ColumnProfile& column, std::string_view v) {
  return value_consistent(column, v, std::string_view());
}

bool value_consistent(const ColumnProfile& column, std::string_view v,
                      std::string_view row_country) {
  if (column.type == ValueType::Empty) return false;
  const ClassKind ck = class_kind(column.type);
  if (ck == ClassKind::Shape) {
    std::string shape;
    const ValueInfo info = classify_value(v, &shape);
    const bool valid = column.type == ValueType::Phone
                           ? is_phone(v, phone_region_for(column, row_country))
                           : (info.fits & column.valid_fits) != 0;
    return valid && shape == column.common_format;
  }
  const ValueInfo info = classify_value(v);
  if (column.type != ValueType::Text && (info.fits & column.valid_fits) == 0) return false;
  return class_id(ck, group_classes(info), column.day_first || column.decimal_comma) ==
         column.dominant_class;
}

std::string value_pattern(std::string_view v) {
  ValueScan scan;
  scan_value(v, scan);
  return std::string(scan.shape());
}

namespace {

// Adds (or with `take`, subtracts) the row parts of column `c`'s first `rows` values to `rh`.
void add_row_parts(const Column& col, size_t c, size_t rows, uint64_t* rh, bool take) {
  const uint64_t seed = column_seed(c);
  const uint64_t missing = row_part(kMissingHash, seed);
  if (take) {
    for (size_t i = 0; i < rows; ++i)
      rh[i] -= col.missing(i) ? missing : row_part(hash_bytes(col.value(i)), seed);
  } else {
    for (size_t i = 0; i < rows; ++i)
      rh[i] += col.missing(i) ? missing : row_part(hash_bytes(col.value(i)), seed);
  }
}

}  // namespace

std::vector<uint32_t> duplicate_rows(const Table& table, CancelFlag cancel) {
  const size_t rows = table.columns.empty() ? 0 : table.columns[0].size();
  std::vector<uint64_t> rh(rows, 0);
  for (size_t c = 0; c < table.columns.size(); ++c) {
    check_cancel(cancel);
    add_row_parts(table.columns[c], c, std::min(rows, table.columns[c].size()), rh.data(), false);
  }
  std::vector<uint64_t> slots;
  std::vector<uint32_t> out;
  duplicates_from_hashes(table, rh, slots, &out, cancel);
  return out;
}

// The country column (by name) that gives column c's national phone numbers their region row by
// row, or null.
const Column* country_column(const Table& table, size_t c, size_t rows) {
  for (size_t k = 0; k < table.columns.size(); ++k) {
    const Column& cand = table.columns[k];
    if (k != c && cand.size() >= rows && (column_hints(cand.name()) & kHintCountry)) return &cand;
  }
  return nullptr;
}

struct TableProfiler::Impl {
  const Table& table;
  ProfileOptions options;
  ProfileReuse reuse;
  size_t rows = 0;
  Profile prof;
  // Per-row hashes of the values: of the columns named like identifiers (kHintId) in
  // `id_hash` (empty when there are none), of the others in `row_hash`. Duplicate rows compare
  // both folded together; duplicate records (every column but the identifiers) usually need
  // only `row_hash`, with no second pass over the values.
  std::vector<uint64_t> row_hash, id_hash;
  std::vector<char> id_hinted;  // per column: named like an identifier
  // With a start (RowHashes of another version of the table, same shape): that version, whose
  // row parts the sums hold at first, and per column whether it is the very same column there.
  Table start_table;
  bool started = false;
  std::vector<char> same_as_start;
  Scratch scratch;
  RowVerdicts verdicts;  // with options.row_verdicts
  bool spent = false;

  Impl(const Table& t, const ProfileOptions& o, const ProfileReuse& r, RowHashes* start)
      : table(t), options(o), reuse(r) {
    rows = table.rows;
    for (const Column& c : table.columns) rows = std::min(rows, c.size());
    prof.rows = rows;
    prof.dialect = table.dialect;
    prof.warnings = table.warnings;
    prof.columns.reserve(table.columns.size());
    for (const Column& c : table.columns)
      id_hinted.push_back((column_hints(c.name()) & kHintId) != 0);
    const bool any_id = std::find(id_hinted.begin(), id_hinted.end(), 1) != id_hinted.end();
    if (start && can_start(*start, any_id)) {
      started = true;
      start_table = std::move(start->table);
      row_hash = std::move(start->row_hash);
      id_hash = std::move(start->id_hash);
      for (size_t c = 0; c < table.columns.size(); ++c)
        same_as_start.push_back(&start_table.columns[c] == &table.columns[c]);
    } else {
      row_hash.assign(rows, 0);
      if (any_id) id_hash.assign(rows, 0);
    }
    // Allocated once up front, before the working memory (a WebAssembly heap never shrinks), as
    // profile_column wants them: all kCellMissing.
    if (options.row_verdicts) {
      verdicts.cells.assign(table.columns.size(), std::vector<uint8_t>(rows, kCellMissing));
    }
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (!reusable(c, country_column(table, c, rows)).first) {
        reserve(scratch);  // some column is profiled (not all taken over)
        break;
      }
    }
  }

  // Whether `start` holds the row hashes of a table of this one's shape: the same rows and the
  // same column names in the same places (so the same seeds and identifier columns).
  bool can_start(const RowHashes& start, bool any_id) const {
    if (start.row_hash.size() != rows || start.id_hash.size() != (any_id ? rows : 0) ||
        start.table.columns.size() != table.columns.size())
      return false;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const Column& a = start.table.columns[c];
      if (a.name() != table.columns[c].name() || a.size() < rows || table.columns[c].size() < rows)
        return false;
    }
    return true;
  }

  // Sizes a Scratch once for the largest column to profile (not the ones taken over).
  void reserve(Scratch& sc) const {
    sc.reserved = true;
    size_t words = 0;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (reusable(c, country_column(table, c, rows)).first) continue;
      words = std::max(words, DistinctCounter::stream_words_bound(table.columns[c]));
    }
    sc.counter.reserve(rows, words + words / 16);
    sc.firsts.reserve(rows + 1);
    if (options.row_verdicts) {
      sc.slot.reserve(rows);
      sc.flags.reserve(rows + 1);
    }
  }

  // The earlier profile (of `reuse` and its chain) that can give column c, and the column's
  // index in its table; {nullptr, 0} when none can.
  std::pair<const ProfileReuse*, size_t> reusable(size_t c, const Column* country) const {
    const Column& col = table.columns[c];
    if (col.size() != rows) return {nullptr, 0};
    for (const ProfileReuse* r = &reuse; r; r = r->next) {
      if (!r->table || !r->profile || r->table->rows != table.rows) continue;
      for (size_t k = 0; k < r->table->columns.size(); ++k) {
        if (&r->table->columns[k] != &col) continue;
        // The country column matters only to a column checked as phone numbers.
        if (k >= r->profile->columns.size() || r->profile->columns[k].name != col.name() ||
            (r->profile->columns[k].phone_pass && country_column(*r->table, k, rows) != country))
          break;
        if (options.row_verdicts && (!r->verdicts || k >= r->verdicts->cells.size() ||
                                     r->verdicts->cells[k].size() != rows))
          break;
        return {r, k};
      }
    }
    return {nullptr, 0};
  }

  // Profiles column c, folding its value hashes into `rh` (`rh_id` for a column named like an
  // identifier) and writing its row verdicts (the column's own vector: threads profiling other
  // columns do not touch it).
  ColumnProfile column(size_t c, uint64_t* rh, uint64_t* rh_id, Scratch& sc, CancelFlag cancel) {
    if (id_hinted[c]) rh = rh_id;
    // From a start: the start's parts of this column come out first, unless the column is the
    // same (then they are already right, and only a column profiled anew takes them out to add
    // them again).
    const bool same = started && same_as_start[c];
    if (started && !same) add_row_parts(start_table.columns[c], c, rows, rh, true);
    uint8_t* cells = options.row_verdicts ? verdicts.cells[c].data() : nullptr;
    const Column& col = table.columns[c];
    // The country column (by name) gives national phone numbers their region row by row.
    const Column* country = country_column(table, c, rows);
    if (const auto [from, k] = reusable(c, country); from) {
      // Profiled before: its profile and verdicts as they were; its values' hashes for the rows.
      check_cancel(cancel);
      if (!same) add_row_parts(col, c, rows, rh, false);
      if (cells) std::memcpy(cells, from->verdicts->cells[k].data(), rows);
      return from->profile->columns[k];
    }
    if (!sc.reserved) reserve(sc);
    if (same) add_row_parts(col, c, rows, rh, true);  // profile_column adds them again
    const uint64_t seed = column_seed(c);
    if (col.size() == rows)
      return profile_column(col, options, rh, seed, sc, cells, cancel, country);
    // Defensive: profile only the common rows (a well-formed Table never gets here).
    Column cut(col.name());
    for (size_t i = 0; i < rows; ++i) cut.append(col.value(i), col.missing(i));
    return profile_column(cut, options, rh, seed, sc, cells, cancel, country);
  }
};

TableProfiler::TableProfiler(const Table& table, const ProfileOptions& options,
                             const ProfileReuse& reuse, RowHashes* start)
    : impl_(std::make_unique<Impl>(table, options, reuse, start)) {}

TableProfiler::~TableProfiler() = default;

size_t TableProfiler::columns() const {
  return impl_->table.columns.size();
}

size_t TableProfiler::done() const {
  return impl_->prof.columns.size();
}

void TableProfiler::step(CancelFlag cancel) {
  Impl& m = *impl_;
  if (m.spent) throw std::logic_error("TableProfiler::step() after finish()");
  if (finished()) return;
  check_cancel(cancel);
  m.prof.columns.push_back(
      m.column(done(), m.row_hash.data(), m.id_hash.data(), m.scratch, cancel));
}

void TableProfiler::run(ProgressFn progress, CancelFlag cancel) {
  Impl& m = *impl_;
  if (m.spent) throw std::logic_error("TableProfiler::run() after finish()");
  const size_t first = done(), left = columns() - first;
  size_t threads = m.options.threads;
#if CRM_HAVE_THREADS
  // Each extra thread holds working memory sized for the largest column (about half the
  // table's size again at most), so "one per core" stops at 4.
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
#else
  threads = 1;
  (void)first;
#endif
  threads = std::min(threads, left);
  if (threads <= 1) {
    while (!finished()) {
      step(cancel);
      if (progress) progress(Progress{"profile", done(), columns(), m.rows});
    }
    return;
  }
#if CRM_HAVE_THREADS
  // Columns go to the threads largest first (by bytes), so that the last ones to finish are
  // short. Each thread has its own working memory and row hashes; the row hashes are folded
  // added up afterwards.
  std::vector<size_t> order(left);
  std::iota(order.begin(), order.end(), first);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return m.table.columns[a].byte_size() > m.table.columns[b].byte_size();
  });
  std::vector<ColumnProfile> out(left);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex mu;
  size_t reported = first;
  auto work = [&](uint64_t* rh, uint64_t* rh_id, Scratch& sc) {
    try {
      for (size_t k; !failed.load() && (k = next.fetch_add(1)) < left;) {
        out[order[k] - first] = m.column(order[k], rh, rh_id, sc, cancel);
        const std::lock_guard<std::mutex> lock(mu);
        ++reported;
        if (progress) progress(Progress{"profile", reported, columns(), m.rows});
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mu);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  struct Helper {
    Scratch scratch;
    std::vector<uint64_t> row_hash, id_hash;
  };
  std::vector<Helper> helpers(threads - 1);
  std::vector<std::thread> pool;
  try {
    for (Helper& h : helpers) {
      h.row_hash.assign(m.rows, 0);
      h.id_hash.assign(m.id_hash.size(), 0);
      m.reserve(h.scratch);
      pool.emplace_back(work, h.row_hash.data(), h.id_hash.data(), std::ref(h.scratch));
    }
  } catch (...) {
    failed = true;  // could not start a thread: the ones started stop, then report
    for (std::thread& t : pool) t.join();
    throw;
  }
  work(m.row_hash.data(), m.id_hash.data(), m.scratch);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  for (const Helper& h : helpers) {
    for (size_t i = 0; i < m.rows; ++i) m.row_hash[i] += h.row_hash[i];
    for (size_t i = 0; i < h.id_hash.size(); ++i) m.id_hash[i] += h.id_hash[i];
  }
  for (ColumnProfile& c : out) m.prof.columns.push_back(std::move(c));
#endif
}

Profile TableProfiler::finish(CancelFlag cancel) {
  Impl& m = *impl_;
  if (m.spent || !finished())
    throw std::logic_error("TableProfiler::finish() before the last step");
  m.spent = true;
  std::vector<uint64_t> slots = m.scratch.counter.take_memory();
  m.scratch = Scratch();
  Profile prof = std::move(m.prof);
  std::vector<uint32_t>& dups = m.verdicts.duplicates;  // kept only with row_verdicts
  // Whole rows: the sums of the identifier columns added to the others' (in id_hash, keeping
  // row_hash for duplicate records; id_hash gets its own sums back at the end).
  std::vector<uint64_t>& full = m.id_hash.empty() ? m.row_hash : m.id_hash;
  if (!m.id_hash.empty()) {
    for (size_t i = 0; i < m.rows; ++i) m.id_hash[i] += m.row_hash[i];
  }
  prof.duplicate_rows = duplicates_from_hashes(m.table, full, slots, &dups, cancel);
  // Duplicate records: rows equal to an earlier row in every column but the unique identifiers.
  std::vector<char> skip(m.table.columns.size(), 0);
  for (size_t c = 0; c < m.table.columns.size(); ++c) {
    if (is_id_column(m.table.columns[c], prof.columns[c], m.rows, dups)) {
      skip[c] = 1;
      prof.id_columns.push_back(prof.columns[c].name);
    }
  }
  if (prof.id_columns.empty() || prof.id_columns.size() == m.table.columns.size()) {
    prof.duplicate_records = prof.duplicate_rows;
    if (m.options.row_verdicts) m.verdicts.duplicate_records = m.verdicts.duplicates;
  } else {
    const std::vector<uint64_t>* rh = &m.row_hash;
    std::vector<uint64_t> others;
    if (skip != m.id_hinted) {
      // The identifiers are not exactly the columns named like them: the whole rows' sums less
      // the identifiers' parts.
      others = full;
      for (size_t c = 0; c < m.table.columns.size(); ++c) {
        if (!skip[c]) continue;
        check_cancel(cancel);
        add_row_parts(m.table.columns[c], c, m.rows, others.data(), true);
      }
      rh = &others;
    }
    prof.duplicate_records = duplicates_from_hashes(
        m.table, *rh, slots, m.options.row_verdicts ? &m.verdicts.duplicate_records : nullptr,
        cancel, &skip);
  }
  if (!m.id_hash.empty()) {
    for (size_t i = 0; i < m.rows; ++i) m.id_hash[i] -= m.row_hash[i];
  }
  if (!m.options.row_verdicts) std::vector<uint32_t>().swap(dups);
  if (prof.duplicate_records > prof.duplicate_rows) {
    std::string ids;
    for (const std::string& name : prof.id_columns) ids += (ids.empty() ? "" : ", ") + name;
    prof.alerts.push_back(
        {"DUPLICATE_RECORDS", part_of(prof.duplicate_records, m.rows, "row", "rows") +
                                  " the same record as an earlier row: equal in every column "
                                  "but the unique " +
                                  (prof.id_columns.size() == 1 ? "identifier " : "identifiers ") +
                                  ids});
  }
  if (prof.duplicate_rows > 0) {
    const bool one = prof.duplicate_rows == 1;
    prof.alerts.push_back({"DUPLICATES", u64(prof.duplicate_rows) + (one ? " row (" : " rows (") +
                                             pct(prof.duplicate_rows, m.rows) +
                                             (one ? ") is an exact copy" : ") are exact copies") +
                                             " of an earlier row"});
  }
  prof.quality = compute_quality(prof, m.options.quality);
  return prof;
}

RowVerdicts TableProfiler::take_row_verdicts() {
  Impl& m = *impl_;
  if (!m.spent) throw std::logic_error("TableProfiler::take_row_verdicts() before finish()");
  return std::move(m.verdicts);
}

RowHashes TableProfiler::take_row_hashes() {
  Impl& m = *impl_;
  if (!m.spent) throw std::logic_error("TableProfiler::take_row_hashes() before finish()");
  RowHashes h;
  h.table = m.table;  // a version: shares the columns, which keeps them alive
  h.row_hash = std::move(m.row_hash);
  h.id_hash = std::move(m.id_hash);
  return h;
}

Profile profile_table(const Table& table, const ProfileOptions& options, ProgressFn progress,
                      CancelFlag cancel) {
  TableProfiler run(table, options);
  run.run(std::move(progress), cancel);
  return run.finish(cancel);
}

}  // namespace crm
