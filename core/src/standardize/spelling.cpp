// Spelling clusters: key collision over a column's distinct values (see crm/spelling.h).
#include "crm/spelling.h"

#include <algorithm>
#include <cstring>

#include "crm/keys.h"

namespace crm {
namespace {

/// 64-bit hash of bytes (8 at a time, multiply and fold).
uint64_t hash_text(std::string_view v) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ v.size();
  size_t i = 0;
  for (; i + 8 <= v.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, v.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
  }
  uint64_t w = 0;
  std::memcpy(&w, v.data() + i, v.size() - i);
  h = (h ^ w) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

/// Distinct strings numbered in order of first insertion: an open-addressing table of
/// (hash tag, number) slots over strings the caller keeps (`text(k)` gives string k).
class StringIndex {
 public:
  /// The number of `v` (hash `h`), or `fresh` (the next number, which the caller must then
  /// store so that text(fresh) == v).
  template <typename Text>
  uint32_t find_or_add(std::string_view v, uint64_t h, uint32_t fresh, const Text& text) {
    if ((size_ + 1) * 2 > slots_.size()) grow(text);
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      const uint64_t slot = slots_[s];
      if (slot == 0) {
        slots_[s] = (uint64_t{tag} << 32) | (fresh + 1);
        hashes_.push_back(h);
        ++size_;
        return fresh;
      }
      const uint32_t k = static_cast<uint32_t>(slot) - 1;
      if ((slot >> 32) == tag && text(k) == v) return k;
    }
  }

 private:
  template <typename Text>
  void grow(const Text&) {
    const size_t cap = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    for (uint32_t k = 0; k < hashes_.size(); ++k) {
      const uint64_t h = hashes_[k];
      size_t s = h & mask_;
      while (slots_[s] != 0) s = (s + 1) & mask_;
      slots_[s] = ((h >> 32) << 32) | (k + 1);
    }
  }
  std::vector<uint64_t> slots_;
  std::vector<uint64_t> hashes_;  // per number, for growing
  size_t mask_ = 0, size_ = 0;
};

}  // namespace

bool parse_cluster_method(std::string_view name, ClusterMethod& out) {
  if (name == "fingerprint") {
    out = ClusterMethod::Fingerprint;
  } else if (name == "ngram" || name == "ngram_fingerprint") {
    out = ClusterMethod::Ngram;
  } else if (name == "metaphone" || name == "double_metaphone") {
    out = ClusterMethod::DoubleMetaphone;
  } else {
    return false;
  }
  return true;
}

const char* cluster_method_name(ClusterMethod method) {
  switch (method) {
    case ClusterMethod::Fingerprint:
      return "fingerprint";
    case ClusterMethod::Ngram:
      return "ngram";
    case ClusterMethod::DoubleMetaphone:
      return "metaphone";
  }
  return "fingerprint";
}

SpellingClusters spelling_clusters(const Column& column, ClusterMethod method,
                                   const SpellingOptions& options, ProgressFn progress,
                                   CancelFlag cancel) {
  SpellingClusters out;
  out.column = column.name();
  out.method = method;
  out.ngram = options.ngram == 0 ? 1 : options.ngram;
  const size_t rows = column.size();
  out.rows = rows;
  // Distinct values with their counts and first rows.
  std::vector<std::string_view> values;
  std::vector<uint64_t> counts, first;
  {
    StringIndex index;
    auto text = [&](uint32_t k) { return values[k]; };
    for (size_t r = 0; r < rows; ++r) {
      if ((r & 0xFFFF) == 0) {
        check_cancel(cancel);
        if (progress && r) progress({"spelling", r, rows, r});
      }
      if (column.missing(r)) continue;
      ++out.values;
      const std::string_view v = column.value(r);
      const uint32_t fresh = static_cast<uint32_t>(values.size());
      const uint32_t k = index.find_or_add(v, hash_text(v), fresh, text);
      if (k == fresh) {
        values.push_back(v);
        counts.push_back(1);
        first.push_back(r);
      } else {
        ++counts[k];
      }
    }
  }
  out.distinct = values.size();
  // Keys of the distinct values; the members of each key in first-seen order.
  std::vector<std::string> keys;
  std::vector<std::vector<uint32_t>> members;
  {
    StringIndex index;
    auto text = [&](uint32_t k) { return std::string_view(keys[k]); };
    std::string key;
    for (size_t i = 0; i < values.size(); ++i) {
      if ((i & 0xFFF) == 0) check_cancel(cancel);
      switch (method) {
        case ClusterMethod::Fingerprint:
          key = fingerprint(values[i]);
          break;
        case ClusterMethod::Ngram:
          key = ngram_fingerprint(values[i], out.ngram);
          break;
        case ClusterMethod::DoubleMetaphone:
          key = double_metaphone(fingerprint(values[i])).primary;  // accents folded: Ś as S
          break;
      }
      if (key.empty()) continue;
      const uint32_t fresh = static_cast<uint32_t>(keys.size());
      const uint32_t g = index.find_or_add(key, hash_text(key), fresh, text);
      if (g == fresh) {
        keys.push_back(std::move(key));
        members.emplace_back();
      }
      members[g].push_back(static_cast<uint32_t>(i));
    }
  }
  for (size_t g = 0; g < members.size(); ++g) {
    const auto& m = members[g];
    if (m.size() < 2) continue;
    SpellingCluster c;
    c.key = keys[g];
    for (uint32_t i : m) {
      c.spellings.push_back({std::string(values[i]), counts[i], first[i]});
      c.rows += counts[i];
    }
    std::stable_sort(c.spellings.begin(), c.spellings.end(),
                     [](const Spelling& a, const Spelling& b) {
                       if (a.count != b.count) return a.count > b.count;
                       return a.first_row < b.first_row;
                     });
    c.target = c.spellings[0].value;
    c.spelling_count = c.spellings.size();
    if (options.max_spellings && c.spellings.size() > options.max_spellings)
      c.spellings.resize(options.max_spellings);
    out.affected += c.rows;
    out.clusters.push_back(std::move(c));
  }
  out.groups = out.clusters.size();
  // Groups were made in order of their first spelling's first row: a stable sort by rows keeps
  // that order among groups of as many rows.
  std::stable_sort(
      out.clusters.begin(), out.clusters.end(),
      [](const SpellingCluster& a, const SpellingCluster& b) { return a.rows > b.rows; });
  if (options.max_groups && out.clusters.size() > options.max_groups)
    out.clusters.resize(options.max_groups);
  if (progress) progress({"spelling", rows, rows, rows});
  return out;
}

RecipeStep merge_spellings_step(const std::string& column, const std::vector<std::string>& from,
                                const std::string& to) {
  nlohmann::json map = nlohmann::json::object();
  for (const std::string& f : from)
    if (f != to) map[f] = to;
  nlohmann::json step = {{"op", "replace"}, {"column", column}, {"map", map}};
  return parse_recipe_step(step, 1);
}

}  // namespace crm
