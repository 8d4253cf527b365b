// The columns analyses add to the customer table, every table row accounted for.
#include <cstdio>

#include "crm/analysis.h"

namespace crm {

namespace {

/// A table of `names` columns over `f.table_rows` rows; value(i, c) gives matrix row i's text.
template <typename F>
Table build(const ml::Features& f, const std::vector<std::string>& names, F&& value) {
  Table t;
  t.rows = f.table_rows;
  std::vector<int64_t> at(f.table_rows, -1);
  for (size_t i = 0; i < f.rows.size(); ++i) at[f.rows[i]] = static_cast<int64_t>(i);
  for (size_t c = 0; c < names.size(); ++c) {
    Column& col = t.columns.emplace_back(names[c]);
    for (size_t r = 0; r < f.table_rows; ++r) {
      if (at[r] < 0) {
        col.append({}, true);
      } else {
        col.append(value(static_cast<size_t>(at[r]), c), false);
      }
    }
  }
  return t;
}

std::string fmt(const char* f, double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, f, v == 0 ? 0.0 : v);  // no "-0"
  return buf;
}

}  // namespace

Table result_columns(const ClusterAnalysis& a) {
  return build(a.features, {"cluster"},
               [&](size_t i, size_t) { return std::to_string(a.kmeans.labels[i]); });
}

Table result_columns(const DbscanAnalysis& a) {
  return build(a.features, {"cluster"},
               [&](size_t i, size_t) { return std::to_string(a.dbscan.labels[i]); });
}

Table result_columns(const PcaAnalysis& a) {
  std::vector<std::string> names = {"pc1", "pc2"};
  names.resize(static_cast<size_t>(a.pca.scores.cols()));
  return build(a.features, names, [&](size_t i, size_t c) {
    return fmt("%.10g", a.pca.scores(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)));
  });
}

Table result_columns(const AnomalyAnalysis& a) {
  if (a.detector == "lof")
    return build(a.features, {"lof_score"},
                 [&](size_t i, size_t) { return fmt("%.6f", a.lof.scores[i]); });
  return build(a.features, {"anomaly_score"},
               [&](size_t i, size_t) { return fmt("%.6f", a.forest.scores[i]); });
}

Table result_columns(const TreeAnalysis& a) {
  // "top 20% of monetary" -> predicted_top_20_of_monetary: runs of spaces and % become one _.
  std::string name = "predicted_";
  for (char ch : a.label) {
    if (ch != ' ' && ch != '%') {
      name += ch;
    } else if (name.back() != '_') {
      name += '_';
    }
  }
  return build(a.features, {name}, [&](size_t i, size_t) {
    return a.tree.classes[static_cast<size_t>(a.tree.predictions[i])];
  });
}

}  // namespace crm
