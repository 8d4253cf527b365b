// The facade's analysis block: features from the current version, then one algorithm.
#include <cstdio>

#include "crm/workbench.h"

namespace crm {

ml::Features Workbench::ml_features(const ml::FeatureOptions& options) const {
  ml::FeatureOptions o = options;
  if (const Profile* p = current_profile()) {
    for (const ColumnProfile& c : p->columns) {
      if (c.decimal_comma) o.decimal_comma_columns.push_back(c.name);
    }
  }
  return ml::build_features(table(), o);
}

ClusterAnalysis Workbench::ml_kmeans(const ml::FeatureOptions& features,
                                     const ml::KMeansOptions& options, ProgressFn progress,
                                     CancelFlag cancel) const {
  ClusterAnalysis a;
  a.features = ml_features(features);
  a.kmeans = ml::kmeans(a.features.x, options, std::move(progress), cancel);
  a.profiles = ml::profile_clusters(a.features, a.kmeans.labels);
  return a;
}

KChoiceAnalysis Workbench::ml_choose_k(const ml::FeatureOptions& features,
                                       const ml::KMeansOptions& base, int k_max,
                                       ProgressFn progress, CancelFlag cancel) const {
  KChoiceAnalysis a;
  a.features = ml_features(features);
  a.choice = ml::choose_k(a.features.x, 2, k_max, base, 50000, 5000, std::move(progress), cancel);
  return a;
}

PcaAnalysis Workbench::ml_pca(const ml::FeatureOptions& features, CancelFlag cancel,
                              ProgressFn progress) const {
  PcaAnalysis a;
  a.features = ml_features(features);
  a.pca = ml::pca(a.features.x, 2, cancel, std::move(progress));
  return a;
}

DbscanAnalysis Workbench::ml_dbscan(const ml::FeatureOptions& features, double eps, int min_samples,
                                    ProgressFn progress, CancelFlag cancel) const {
  DbscanAnalysis a;
  a.features = ml_features(features);
  if (!(eps > 0)) {
    a.eps = ml::suggest_eps(a.features.x, min_samples, 5000, 0, cancel);
    eps = a.eps.eps;
  }
  a.dbscan = ml::dbscan(a.features.x, eps, min_samples, std::move(progress), cancel);
  a.profiles = ml::profile_clusters(a.features, a.dbscan.labels);
  return a;
}

AnomalyAnalysis Workbench::ml_anomalies(const ml::FeatureOptions& features,
                                        const ml::IForestOptions& options, size_t top,
                                        ProgressFn progress, CancelFlag cancel) const {
  AnomalyAnalysis a;
  a.features = ml_features(features);
  a.forest = ml::isolation_forest(a.features.x, options, std::move(progress), cancel);
  a.top = ml::top_anomalies(a.features, a.forest.scores, top);
  return a;
}

AnomalyAnalysis Workbench::ml_lof(const ml::FeatureOptions& features, int neighbors, size_t top,
                                  ProgressFn progress, CancelFlag cancel) const {
  AnomalyAnalysis a;
  a.detector = "lof";
  a.features = ml_features(features);
  a.lof = ml::local_outlier_factor(a.features.x, neighbors, std::move(progress), cancel);
  a.top = ml::top_anomalies(a.features, a.lof.scores, top);
  return a;
}

TreeAnalysis Workbench::ml_tree(const ml::FeatureOptions& features, const std::string& label,
                                double top_share, const ml::TreeOptions& options, CancelFlag cancel,
                                ProgressFn progress) const {
  TreeAnalysis a;
  ml::FeatureOptions fo = features;
  fo.scale = ml::Scale::None;  // trees split on original units
  a.features = ml_features(fo);
  std::vector<int32_t> y;
  std::vector<std::string> classes;
  if (top_share > 0) {
    if (!(top_share < 1)) throw InputError("bad_share", "the top share must be between 0 and 1");
    const std::vector<double> all = ml::numeric_column(table(), label);
    std::vector<double> v;
    for (uint32_t r : a.features.rows) v.push_back(all[r]);
    y = ml::labels_top_share(v, top_share, classes);
    char buf[64];
    std::snprintf(buf, sizeof buf, "top %g%% of ", top_share * 100);
    a.label = buf + label;
  } else {
    y = ml::labels_from_column(table(), label, a.features.rows, classes);
    a.label = label;
  }
  for (int32_t v : y) a.unlabelled += v < 0;
  a.tree = ml::decision_tree(a.features.raw, a.features.names, y, classes, options, cancel,
                             std::move(progress));
  return a;
}

}  // namespace crm
