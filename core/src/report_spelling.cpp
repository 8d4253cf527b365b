// Serialization of spelling clusters: JSON and the terminal listing.
#include <algorithm>

#include "crm/report.h"

namespace crm {

nlohmann::ordered_json to_json(const SpellingClusters& s) {
  nlohmann::ordered_json out;
  out["column"] = s.column;
  out["method"] = cluster_method_name(s.method);
  if (s.method == ClusterMethod::Ngram) out["ngram"] = s.ngram;
  out["rows"] = s.rows;
  out["values"] = s.values;
  out["distinct"] = s.distinct;
  out["groups"] = s.groups;
  out["affected"] = s.affected;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const SpellingCluster& c : s.clusters) {
    nlohmann::ordered_json g;
    g["key"] = c.key;
    g["rows"] = c.rows;
    g["target"] = c.target;
    g["spelling_count"] = c.spelling_count;
    nlohmann::ordered_json sp = nlohmann::ordered_json::array();
    std::vector<std::string> from;
    for (const Spelling& x : c.spellings) {
      sp.push_back({{"value", x.value}, {"count", x.count}, {"first_row", x.first_row}});
      from.push_back(x.value);
    }
    g["spellings"] = std::move(sp);
    g["step"] = to_json(merge_spellings_step(s.column, from, c.target));
    list.push_back(std::move(g));
  }
  out["clusters"] = std::move(list);
  return out;
}

std::string format_spelling_text(const SpellingClusters& s) {
  // Built with append: GCC 12 warns (-Wrestrict, a false positive) on long chains of operator+.
  std::string out = "column \"";
  out.append(s.column).append("\", ").append(cluster_method_name(s.method)).append(" keys: ");
  out.append(group_thousands(s.groups)).append(s.groups == 1 ? " group" : " groups");
  out.append(" of similar spellings in ").append(group_thousands(s.affected)).append(" rows (");
  out.append(group_thousands(s.distinct)).append(" distinct values in ");
  out.append(group_thousands(s.values)).append(" non-missing of ");
  out.append(group_thousands(s.rows)).append(" rows)\n");
  for (size_t i = 0; i < s.clusters.size(); ++i) {
    const SpellingCluster& c = s.clusters[i];
    out.append(std::to_string(i + 1)).append(". ").append(group_thousands(c.rows));
    out.append(" rows, ").append(std::to_string(c.spellings.size())).append(" spellings, key \"");
    out.append(c.key).append("\" -> \"").append(c.target).append("\"\n");
    size_t width = 0;
    for (const Spelling& x : c.spellings) width = std::max(width, group_thousands(x.count).size());
    for (const Spelling& x : c.spellings) {
      const std::string n = group_thousands(x.count);
      out.append(3 + width - n.size(), ' ').append(n).append("  \"").append(x.value).append("\"\n");
    }
  }
  if (s.groups > s.clusters.size()) {
    out.append("(").append(group_thousands(s.groups - s.clusters.size()));
    out.append(" more groups not shown)\n");
  }
  if (!s.clusters.empty())
    out += "(--json adds a replace step per group; merge a group with crmwb clean --recipe)\n";
  return out;
}

}  // namespace crm
