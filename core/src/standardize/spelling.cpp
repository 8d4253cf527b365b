// Spelling clusters: key collision over a column's distinct values (see crm/spelling.h).
#include "crm/spelling.h"

#include <algorithm>
#include <unordered_map>

#include "crm/keys.h"

namespace crm {

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
  std::unordered_map<std::string_view, uint32_t> index;
  std::vector<std::string_view> values;
  std::vector<uint64_t> counts, first;
  index.reserve(1024);
  const uint64_t total = rows;
  for (size_t r = 0; r < rows; ++r) {
    if ((r & 0xFFFF) == 0) {
      check_cancel(cancel);
      if (progress && r) progress({"spelling", r, total, r});
    }
    if (column.missing(r)) continue;
    ++out.values;
    std::string_view v = column.value(r);
    auto [it, fresh] = index.try_emplace(v, static_cast<uint32_t>(values.size()));
    if (fresh) {
      values.push_back(v);
      counts.push_back(1);
      first.push_back(r);
    } else {
      ++counts[it->second];
    }
  }
  index = {};
  out.distinct = values.size();
  // Keys of the distinct values; members of each key in first-seen order.
  std::unordered_map<std::string, uint32_t> key_group;
  std::vector<std::vector<uint32_t>> members;
  std::vector<std::string> keys;
  for (size_t i = 0; i < values.size(); ++i) {
    if ((i & 0xFFF) == 0) check_cancel(cancel);
    std::string key;
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
    auto [it, fresh] = key_group.try_emplace(std::move(key), static_cast<uint32_t>(members.size()));
    if (fresh) {
      members.emplace_back();
      keys.push_back(it->first);
    }
    members[it->second].push_back(static_cast<uint32_t>(i));
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
    out.affected += c.rows;
    out.clusters.push_back(std::move(c));
  }
  out.groups = out.clusters.size();
  auto first_seen = [](const SpellingCluster& c) {
    uint64_t f = UINT64_MAX;
    for (const Spelling& s : c.spellings) f = std::min(f, s.first_row);
    return f;
  };
  std::sort(out.clusters.begin(), out.clusters.end(),
            [&](const SpellingCluster& a, const SpellingCluster& b) {
              if (a.rows != b.rows) return a.rows > b.rows;
              return first_seen(a) < first_seen(b);
            });
  if (options.max_groups && out.clusters.size() > options.max_groups)
    out.clusters.resize(options.max_groups);
  if (progress) progress({"spelling", total, total, total});
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
