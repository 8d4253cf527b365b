// Plain-text summaries of the analyses for terminals.
#include <cmath>
#include <cstdio>

#include "crm/analysis.h"

namespace crm {

namespace {

std::string num(double v, const char* f = "%.6g") {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, std::fabs(v) < 5e-13 ? 0.0 : v);
  return buf;
}

std::string pct(double share) {
  return num(share * 100, "%.1f") + "%";
}

std::string features_line(const ml::Features& f) {
  std::string s = "features (" + std::string(ml::scale_name(f.scale)) + "):";
  for (const ml::FeatureColumn& c : f.columns) {
    s += " " + c.name;
    if (!c.used) {
      s += " [left out: " + c.excluded_reason + "]";
    } else if (c.imputed) {
      s += " [" + group_thousands(c.imputed) + " filled with the " + ml::impute_name(f.impute) +
           " " + num(c.fill) + "]";
    }
    if (c.log) s += " [log1p]";
  }
  s += "\n";
  if (f.rows_excluded) {
    s += group_thousands(f.rows_excluded) +
         " rows left out (a missing value); their cells are empty\n";
  }
  return s;
}

std::string clusters_text(const std::vector<ml::ClusterProfile>& ps, const ml::Features& f) {
  std::string s;
  for (const ml::ClusterProfile& p : ps) {
    s += (p.cluster < 0 ? std::string("noise") : "cluster " + std::to_string(p.cluster)) + ": " +
         group_thousands(p.size) + " rows (" + pct(p.share) + ");";
    for (size_t j = 0; j < p.centroid.size(); ++j) {
      s += " " + f.names[j] + "=" + num(p.centroid[j]);
    }
    if (!p.standout.empty()) {
      s += "; stands out:";
      for (const ml::Standout& o : p.standout) {
        s += " " + o.feature + " " + (o.z >= 0 ? "+" : "") + num(o.z, "%.2f") + " sd";
      }
    }
    s += "\n";
  }
  return s;
}

}  // namespace

std::string format_analysis_text(const ClusterAnalysis& a) {
  return features_line(a.features) + "k-means: k=" + std::to_string(a.kmeans.k) + ", inertia " +
         num(a.kmeans.inertia) + ", " + std::to_string(a.kmeans.iterations) + " iterations\n" +
         clusters_text(a.profiles, a.features);
}

std::string format_analysis_text(const DbscanAnalysis& a) {
  std::string s = features_line(a.features) + "DBSCAN: eps " + num(a.dbscan.eps) +
                  (a.eps.curve.empty() ? "" : " (suggested by the k-distance knee)") +
                  ", min_samples " + std::to_string(a.dbscan.min_samples) + ", " +
                  std::to_string(a.dbscan.clusters) + " clusters, " +
                  group_thousands(a.dbscan.noise) + " noise rows (cluster -1)\n";
  return s + clusters_text(a.profiles, a.features);
}

std::string format_analysis_text(const PcaAnalysis& a) {
  std::string s = features_line(a.features) + "PCA: explained variance ratio";
  for (double r : a.pca.explained_variance_ratio) s.append(" ").append(pct(r));
  s += "\n";
  for (Eigen::Index q = 0; q < std::min<Eigen::Index>(2, a.pca.components.rows()); ++q) {
    s.append("pc").append(std::to_string(q + 1)).append(" loadings:");
    for (Eigen::Index j = 0; j < a.pca.components.cols(); ++j) {
      s += " " + a.features.names[static_cast<size_t>(j)] + "=" +
           num(a.pca.components(q, j), "%.3f");
    }
    s += "\n";
  }
  return s;
}

std::string format_analysis_text(const AnomalyAnalysis& a) {
  std::string s = features_line(a.features);
  if (a.detector == "lof") {
    s += "Local Outlier Factor: " + std::to_string(a.lof.neighbors) +
         " neighbours; lof_score about 1 inside a group, higher is more unusual\n";
  } else {
    s += "Isolation Forest: " + std::to_string(a.forest.trees) + " trees of " +
         std::to_string(a.forest.max_samples) +
         " rows; anomaly_score in (0, 1], higher is more unusual\n";
  }
  for (const ml::Anomaly& x : a.top) {
    s += "row " + std::to_string(x.row) + ": " + num(x.score, "%.4f") + ";";
    for (const ml::Standout& o : x.standout) {
      s += " " + o.feature + "=" + num(o.value) + " (" + (o.z >= 0 ? "+" : "") + num(o.z, "%.2f") +
           " sd)";
    }
    s += "\n";
  }
  return s;
}

std::string format_analysis_text(const TreeAnalysis& a) {
  std::string s = features_line(a.features) + "decision tree predicting " + a.label + ": " +
                  group_thousands(a.tree.train.size()) + " training rows, " +
                  group_thousands(a.tree.test.size()) + " held out; held-out accuracy " +
                  pct(a.tree.test_accuracy) +
                  " (always the majority class: " + pct(a.tree.baseline_accuracy) + ")\n";
  if (a.unlabelled) s += group_thousands(a.unlabelled) + " rows have no label and were left out\n";
  for (const std::string& r : a.tree.rules) s += r + "\n";
  return s;
}

}  // namespace crm
