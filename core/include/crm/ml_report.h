// JSON of the analysis results (crm/ml.h, crm/ml_stats.h). Numbers are rounded to 12 significant
// digits so native and WebAssembly builds print the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include "crm/ml.h"
#include "crm/ml_stats.h"

namespace crm::ml {

/// `v` rounded to 12 significant digits (null when not finite).
nlohmann::json round12(double v);
/// What the feature builder did per column: {rows, rows_excluded, scale, impute, columns: [...]}.
nlohmann::json to_json(const Features& f);
/// k-means summary: {k, inertia, iterations, best_init, init_inertia, sizes, centers_scaled}.
nlohmann::json to_json(const KMeansResult& r);
/// Cluster profiles: [{cluster, size, share, centroid: {feature: value}, standout: [...]}].
nlohmann::json to_json(const std::vector<ClusterProfile>& profiles, const Features& f);
/// The k chooser: {scores: [{k, inertia, silhouette}], suggested_k, elbow_k, rows_used, ...}.
nlohmann::json to_json(const KChoice& c);
/// PCA: {explained_variance, explained_variance_ratio, components (loadings per feature)}.
nlohmann::json to_json(const PcaResult& r, const std::vector<std::string>& names);
/// DBSCAN summary: {eps, min_samples, clusters, noise, sizes}.
nlohmann::json to_json(const DbscanResult& r);
/// Top anomalies: [{row, score, standout: [{feature, value, z}]}].
nlohmann::json to_json(const std::vector<Anomaly>& top);
/// Decision tree: {features, classes, train/test sizes, accuracies, rules, importance, nodes}.
nlohmann::json to_json(const TreeResult& t);
/// Correlation matrices: {columns, pearson, spearman, pairs} (null where undefined).
nlohmann::json to_json(const Correlations& c);
/// Cross-tab: {rows, cols, counts, total, missing, chi2, dof, p_value, cramers_v, ...}.
nlohmann::json to_json(const CrossTab& t);
/// Group-by summary: {by, value_column, groups: [{keys, count, values, sum, mean, median}]}.
nlohmann::json to_json(const GroupSummary& s);
/// Regression: {target, intercept, coefficients: {feature: value}, r2, adjusted_r2, rows, ...}.
nlohmann::json to_json(const Regression& r);

}  // namespace crm::ml
