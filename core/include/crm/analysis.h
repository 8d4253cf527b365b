// Analyses of a table as the facade runs them: a feature matrix plus one algorithm's result,
// with their JSON (the summary `--json` and the page show).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/ml.h"
#include "crm/ml_stats.h"

namespace crm {

/// k-means on chosen features, with cluster profiles in original units.
struct ClusterAnalysis {
  ml::Features features;
  ml::KMeansResult kmeans;
  std::vector<ml::ClusterProfile> profiles;
};
/// The k chooser (elbow and silhouette curves) on chosen features.
struct KChoiceAnalysis {
  ml::Features features;
  ml::KChoice choice;
};
/// PCA of chosen features (scores pc1, pc2 per row).
struct PcaAnalysis {
  ml::Features features;
  ml::PcaResult pca;
};
/// DBSCAN on chosen features; eps suggested when not given.
struct DbscanAnalysis {
  ml::Features features;
  ml::EpsSuggestion eps;  // empty curve when eps was given
  ml::DbscanResult dbscan;
  std::vector<ml::ClusterProfile> profiles;
};
/// Anomaly scores (Isolation Forest or Local Outlier Factor) and the top anomalies.
struct AnomalyAnalysis {
  ml::Features features;
  std::string detector = "iforest";  // "iforest" (forest) or "lof" (lof)
  ml::IForestResult forest;
  ml::LofResult lof;
  std::vector<ml::Anomaly> top;
};
/// A decision tree predicting a label column (or the top share of a numeric column).
struct TreeAnalysis {
  ml::Features features;
  std::string label;        // the label column, or "top 20% of monetary"
  uint64_t unlabelled = 0;  // rows left out because their label is missing
  ml::TreeResult tree;
};

/// {features, kmeans, clusters}.
nlohmann::json to_json(const ClusterAnalysis& a);
/// {features, choice}.
nlohmann::json to_json(const KChoiceAnalysis& a);
/// {features, pca}.
nlohmann::json to_json(const PcaAnalysis& a);
/// {features, eps_suggestion?, dbscan, clusters}.
nlohmann::json to_json(const DbscanAnalysis& a);
/// {features, detector, trees, max_samples, top} (lof: neighbors instead of trees, max_samples).
nlohmann::json to_json(const AnomalyAnalysis& a);
/// {features, label, unlabelled, tree}.
nlohmann::json to_json(const TreeAnalysis& a);

}  // namespace crm

namespace crm {

/// The columns an analysis adds to the customer table, one value per table row (rows an
/// analysis left out, e.g. by Impute::Exclude, get an empty cell): k-means → `cluster`.
Table result_columns(const ClusterAnalysis& a);
/// DBSCAN → `cluster` (−1 for noise).
Table result_columns(const DbscanAnalysis& a);
/// PCA → `pc1,pc2` (10 significant digits).
Table result_columns(const PcaAnalysis& a);
/// Isolation Forest → `anomaly_score`, Local Outlier Factor → `lof_score` (6 decimals, higher is
/// more anomalous).
Table result_columns(const AnomalyAnalysis& a);
/// Decision tree → `predicted_<label column>`.
Table result_columns(const TreeAnalysis& a);

}  // namespace crm

namespace crm {

/// Plain-text summaries for terminals (`crmwb segment` without --json).
std::string format_analysis_text(const ClusterAnalysis& a);
/// DBSCAN summary text.
std::string format_analysis_text(const DbscanAnalysis& a);
/// PCA summary text.
std::string format_analysis_text(const PcaAnalysis& a);
/// Isolation Forest summary text.
std::string format_analysis_text(const AnomalyAnalysis& a);
/// Decision tree summary text.
std::string format_analysis_text(const TreeAnalysis& a);

}  // namespace crm
