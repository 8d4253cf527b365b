// Serialization of a dedupe run: the JSON summary and the terminal text.
#include <cmath>
#include <cstdio>

#include "crm/report.h"
#include "dedupe/internal.h"

namespace crm {
namespace {

/// `v` rounded to 6 significant digits (short, and stable across platforms).
double round6(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return std::strtod(buf, nullptr);
}

/// Milliseconds with one decimal.
double ms1(double v) {
  return std::round(v * 10) / 10;
}

}  // namespace

nlohmann::ordered_json to_json(const DedupeResult& r, bool timings) {
  nlohmann::ordered_json j;
  j["link"] = r.link;
  j["rows"] = r.rows_a + r.rows_b;
  if (r.link) {
    j["rows_a"] = r.rows_a;
    j["rows_b"] = r.rows_b;
  }
  j["pairs_total"] = r.pairs_total;
  j["pairs_compared"] = r.pairs_compared;
  j["pairs_linked"] = r.pairs_linked;
  j["clusters"] = r.clusters;
  j["rows_in_clusters"] = r.rows_in_clusters;
  j["duplicates"] = r.rows_in_clusters - r.clusters;
  j["largest_cluster"] = r.largest_cluster;
  j["bridges_cut"] = r.bridges_cut;
  j["lambda"] = round6(r.model.lambda);
  j["threshold"] = round6(r.model.threshold);
  const auto w = dedupe::level_weights(r.model);
  auto cols = nlohmann::ordered_json::array();
  for (size_t f = 0; f < r.model.fields.size(); ++f) {
    const CompareField& cf = r.model.fields[f];
    nlohmann::ordered_json c;
    c["column"] = cf.column;
    c["compare"] = compare_kind_name(cf.kind);
    c["role"] = field_role_name(cf.role);
    c["tf"] = cf.tf;
    auto levels = nlohmann::ordered_json::array();
    const auto& names = compare_levels(cf.kind);
    for (size_t l = 1; l < names.size() && l < cf.m.size() && l < cf.u.size(); ++l) {
      levels.push_back({{"level", names[l]},
                        {"m", round6(cf.m[l])},
                        {"u", round6(cf.u[l])},
                        {"weight", round6(w[f][l])}});
    }
    c["levels"] = levels;
    cols.push_back(c);
  }
  j["columns"] = cols;
  auto rules = nlohmann::ordered_json::array();
  for (const RuleCount& rc : r.rules)
    rules.push_back(
        {{"rule", rc.rule}, {"estimated_pairs", rc.estimated}, {"new_pairs", rc.new_pairs}});
  j["blocking"] = rules;
  // The histogram without its empty ends.
  size_t lo = 0, hi = r.weight_histogram.size();
  while (lo < hi && r.weight_histogram[lo] == 0) ++lo;
  while (hi > lo && r.weight_histogram[hi - 1] == 0) --hi;
  nlohmann::ordered_json hist;
  hist["min_weight"] = r.weight_histogram_min + static_cast<int>(lo);
  hist["counts"] = std::vector<uint64_t>(r.weight_histogram.begin() + static_cast<long>(lo),
                                         r.weight_histogram.begin() + static_cast<long>(hi));
  j["weight_histogram"] = hist;
  if (r.labelled_matches + r.labelled_non_matches > 0)  // only with review labels (--labels)
    j["labels"] = {{"matches", r.labelled_matches}, {"non_matches", r.labelled_non_matches}};
  j["warnings"] = r.warnings;
  if (timings) {
    const DedupeTimings& t = r.timings;
    const double total = t.keys + t.blocking + t.u + t.compare + t.em + t.score + t.cluster;
    j["timings_ms"] = {{"keys", ms1(t.keys)},
                       {"blocking", ms1(t.blocking)},
                       {"u", ms1(t.u)},
                       {"compare", ms1(t.compare)},
                       {"em", ms1(t.em)},
                       {"score", ms1(t.score)},
                       {"cluster", ms1(t.cluster)},
                       {"total", ms1(total)}};
    j["pairs_per_second"] =
        t.compare > 0 ? std::round(static_cast<double>(r.pairs_compared) / (t.compare / 1000))
                      : 0.0;
  }
  return j;
}

std::string format_dedupe_text(const DedupeResult& r, const std::string& file_name) {
  std::string s = file_name + ": " + group_thousands(r.rows_a + r.rows_b) + " rows";
  if (r.link)
    s += " (" + group_thousands(r.rows_a) + " + " + group_thousands(r.rows_b) + ", linked)";
  s += "\ncompared columns:";
  for (const CompareField& f : r.model.fields)
    s += " " + f.column + " (" + compare_kind_name(f.kind) + ")";
  s += "\nblocking rules:\n";
  for (size_t i = 0; i < r.rules.size(); ++i) {
    s += "  " + std::to_string(i + 1) + ". " + r.rules[i].rule + ": " +
         group_thousands(r.rules[i].estimated) + " pairs, " +
         group_thousands(r.rules[i].new_pairs) + " new\n";
  }
  s += "pairs compared: " + group_thousands(r.pairs_compared) + " of " +
       group_thousands(r.pairs_total) + "\n";
  s += "pairs linked: " + group_thousands(r.pairs_linked) +
       " (match probability >= " + std::to_string(r.model.threshold).substr(0, 4) + ")";
  if (r.bridges_cut) s += ", " + group_thousands(r.bridges_cut) + " weak bridging links cut";
  s += "\nclusters: " + group_thousands(r.clusters) + " with " +
       group_thousands(r.rows_in_clusters) + " rows (" +
       group_thousands(r.rows_in_clusters - r.clusters) + " look like duplicates), largest " +
       group_thousands(r.largest_cluster) + "\n";
  for (const std::string& w : r.warnings) s += "warning: " + w + "\n";
  return s;
}

}  // namespace crm
