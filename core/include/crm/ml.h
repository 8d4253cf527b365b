// Analysis algorithms on numeric features: feature matrices, k-means, PCA, DBSCAN, Isolation
// Forest. Deterministic for a seed and identical natively and in WebAssembly (own RNG, fixed
// summation order). Decision trees and statistics are in crm/ml_stats.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "crm/common.h"
#include "crm/random.h"
#include "crm/table.h"

namespace crm::ml {

/// A dense row-major matrix of doubles: one row per observation, one column per feature.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// A small deterministic random generator (xoshiro256**, seeded by splitmix64): the same numbers
/// on every platform, unlike std:: distributions.
class Rng : public Xoshiro256 {
 public:
  using Xoshiro256::Xoshiro256;
  /// A uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// A uniform integer in [0, n) (n > 0), without modulo bias.
  uint64_t below(uint64_t n);
};

/// How missing (or unparsable) values of a feature are filled.
enum class Impute { Median, Mean, Exclude };
/// How features are scaled.
enum class Scale { ZScore, MinMax, None };

/// Parses "median"/"mean"/"exclude"; false when unknown.
bool parse_impute(const std::string& s, Impute& out);
/// Parses "zscore"/"minmax"/"none"; false when unknown.
bool parse_scale(const std::string& s, Scale& out);
/// Name of an imputation ("median", ...).
const char* impute_name(Impute i);
/// Name of a scaling ("zscore", ...).
const char* scale_name(Scale s);

/// Which columns make the features and how they are prepared.
struct FeatureOptions {
  std::vector<std::string> columns;  // numeric columns; empty: every column where most values parse
  Impute impute = Impute::Median;
  Scale scale = Scale::ZScore;
  std::vector<std::string> log_columns;  // columns transformed with log1p before scaling
  bool auto_log = false;                 // also log1p every non-negative column with skewness > 1
  std::vector<std::string> decimal_comma_columns;  // columns whose commas are decimal commas
};

/// What happened to one requested column.
struct FeatureColumn {
  std::string name;
  bool used = true;
  std::string excluded_reason;   // when not used: plain words why (constant, all missing, ...)
  uint64_t parsed = 0;           // values read as numbers
  uint64_t missing = 0;          // missing cells
  uint64_t unparsable = 0;       // non-missing cells that are not numbers (treated as missing)
  uint64_t imputed = 0;          // cells filled (Median/Mean)
  double fill = 0;               // the value filled in (original units)
  bool log = false;              // log1p applied
  double skewness = 0;           // of the parsed values (adjusted Fisher-Pearson, like pandas)
  double center = 0, scale = 1;  // scaled = (v' - center) / scale, v' = log1p(v) when log
  double mean = 0, std = 0;      // of the imputed original values (std with ddof=1)
  double min = 0, max = 0;       // of the imputed original values
};

/// A feature matrix built from a table.
struct Features {
  Matrix x;                            // scaled features (rows × used columns)
  Matrix raw;                          // the same rows in original units, after imputation
  std::vector<std::string> names;      // used column names, in matrix order
  std::vector<FeatureColumn> columns;  // every requested column, used or not, in request order
  std::vector<uint32_t> rows;          // table row of each matrix row
  uint64_t table_rows = 0;             // rows of the table
  uint64_t rows_excluded = 0;          // rows left out (Impute::Exclude with a missing value)
  Scale scale = Scale::ZScore;
  Impute impute = Impute::Median;
};

/// Builds the feature matrix; throws InputError (code "no_features", "unknown_column", ...)
/// when no usable column or no row is left. Never puts a NaN or infinity in the matrix.
Features build_features(const Table& table, const FeatureOptions& options);
/// Scales an already numeric matrix (no missing values) the same way build_features does; the
/// columns are named f0, f1, ... unless `names` is given. Constant columns are kept (scale 1).
Features features_from_matrix(Matrix raw, Scale scale, std::vector<std::string> names = {});

/// Options of k-means.
struct KMeansOptions {
  int k = 5;
  int n_init = 3;       // restarts (k-means++ seedings); the lowest inertia wins
  int max_iter = 300;   // Lloyd/Hamerly iterations per restart
  double tol = 1e-4;    // stop when the squared center shift ≤ tol × mean feature variance
  uint64_t seed = 0;    // seeds the k-means++ draws
  bool hamerly = true;  // Hamerly's exact bounds (same result as Lloyd, fewer distances)
};

/// A k-means clustering.
struct KMeansResult {
  int k = 0;
  Matrix centers;                    // k × d, in the scaled space
  std::vector<int32_t> labels;       // cluster of each row, 0..k-1
  std::vector<uint64_t> sizes;       // rows per cluster
  double inertia = 0;                // Σ squared distance of each row to its center
  int iterations = 0;                // of the winning restart
  int best_init = 0;                 // which restart won (0-based)
  std::vector<double> init_inertia;  // inertia of every restart
};

/// Lloyd / Hamerly k-means with greedy k-means++ seeding (2 + ⌊ln k⌋ candidates per center, as
/// scikit-learn). Throws InputError ("bad_k") when k < 1 or k > distinct rows can support.
KMeansResult kmeans(const Matrix& x, const KMeansOptions& options, ProgressFn progress = {},
                    CancelFlag cancel = nullptr);
/// k-means++ seeding alone (greedy, as scikit-learn's _kmeans_plusplus): k rows of x.
Matrix kmeans_plusplus(const Matrix& x, int k, Rng& rng);

/// Mean silhouette coefficient over `sample` rows (all when empty), exactly as
/// sklearn.metrics.silhouette_score on x[sample], labels[sample]: s = (b − a) / max(a, b), 0 for
/// rows alone in their cluster. Needs 2 ≤ clusters ≤ sample size − 1 (else returns NaN).
double silhouette(const Matrix& x, const std::vector<int32_t>& labels,
                  const std::vector<uint32_t>& sample = {});
/// `m` distinct rows of [0, n) drawn by `seed` (sorted); all rows when m ≥ n.
std::vector<uint32_t> sample_rows(size_t n, size_t m, uint64_t seed);

/// One k of the k chooser.
struct KScore {
  int k = 0;
  double inertia = 0;
  double silhouette = 0;
};
/// The k chooser: elbow and silhouette curves and the suggestion.
struct KChoice {
  std::vector<KScore> scores;    // k = k_min..k_max (those the rows allow)
  int suggested_k = 0;           // highest silhouette (smaller k on ties within 1e-9)
  int elbow_k = 0;               // knee of the inertia curve (largest distance below the chord)
  uint64_t rows_used = 0;        // rows clustered (a sample of large tables)
  uint64_t silhouette_rows = 0;  // rows the silhouette is computed on
};
/// Runs k-means for k = k_min..k_max on up to `max_rows` rows (a seeded sample), silhouette on
/// up to `silhouette_rows` of them.
KChoice choose_k(const Matrix& x, int k_min = 2, int k_max = 10, const KMeansOptions& base = {},
                 size_t max_rows = 50000, size_t silhouette_rows = 5000, ProgressFn progress = {},
                 CancelFlag cancel = nullptr);

/// One feature that sets a cluster (or a row) apart.
struct Standout {
  std::string feature;
  double value = 0;  // cluster mean (or the row's value) in original units
  double z = 0;      // (value − overall mean) / overall std (ddof=1)
};
/// A cluster in original units.
struct ClusterProfile {
  int32_t cluster = 0;
  uint64_t size = 0;
  double share = 0;
  std::vector<double> centroid;    // mean of each feature in original units
  std::vector<Standout> standout;  // up to 3 features by largest |z|
};
/// Profiles of clusters 0..k-1 (and −1, noise, when present) from raw values and labels.
std::vector<ClusterProfile> profile_clusters(const Features& f, const std::vector<int32_t>& labels);

/// A principal component analysis.
struct PcaResult {
  std::vector<double> explained_variance;        // eigenvalues (ddof=1), descending
  std::vector<double> explained_variance_ratio;  // of the total variance
  Matrix components;         // d × d, one component per row (sklearn's components_)
  Matrix scores;             // n × n_scores: (x − mean) · componentsᵀ
  std::vector<double> mean;  // column means of x
};
/// PCA by the covariance matrix and a symmetric eigen solver; signs as sklearn's svd_flip on
/// the components (the entry of largest magnitude of each component is positive).
/// Reports progress (stage "pca") over the covariance and score passes.
PcaResult pca(const Matrix& x, int n_scores = 2, CancelFlag cancel = nullptr,
              ProgressFn progress = {});

/// A DBSCAN clustering.
struct DbscanResult {
  std::vector<int32_t> labels;  // −1 noise, clusters 0.. numbered in order of their first core
  std::vector<uint8_t> core;    // 1 for core rows
  int clusters = 0;
  uint64_t noise = 0;
  double eps = 0;
  int min_samples = 0;
};
/// DBSCAN as scikit-learn's (neighbourhoods by Euclidean distance ≤ eps, the row itself counted
/// toward min_samples, clusters grown in row order so border rows join the first cluster that
/// reaches them), with a k-d tree.
DbscanResult dbscan(const Matrix& x, double eps, int min_samples, ProgressFn progress = {},
                    CancelFlag cancel = nullptr);
/// The eps suggestion from the sorted k-distance curve.
struct EpsSuggestion {
  double eps = 0;
  std::vector<double> curve;  // sorted distances to the (min_samples−1)-th other neighbour
  uint64_t sample_rows = 0;
};
/// Distance of up to `max_rows` sampled rows to their min_samples-th neighbour (the row itself
/// counted, as sklearn's min_samples), sorted; eps = the knee: the point of the curve farthest
/// from the chord between its first and last points, on axes scaled to [0, 1].
EpsSuggestion suggest_eps(const Matrix& x, int min_samples, size_t max_rows = 5000,
                          uint64_t seed = 0, CancelFlag cancel = nullptr);

/// Options of the Isolation Forest.
struct IForestOptions {
  int trees = 100;
  int max_samples = 256;  // rows per tree (fewer when the table is smaller)
  uint64_t seed = 0;
};
/// Anomaly scores of an Isolation Forest.
struct IForestResult {
  std::vector<double> scores;  // 2^(−E[h(x)] / c(ψ)) in (0, 1]: higher is more anomalous;
                               // sklearn's score_samples is the negative of this
  int trees = 0;
  int max_samples = 0;
};
/// Fits and scores an Isolation Forest (Liu, Ting and Zhou 2008) like sklearn's IsolationForest:
/// subsamples without replacement, height limit ⌈log2 ψ⌉, random feature and uniform split,
/// path length + c(leaf size) at the leaves.
IForestResult isolation_forest(const Matrix& x, const IForestOptions& options,
                               ProgressFn progress = {}, CancelFlag cancel = nullptr);
/// c(n): the average path length of an unsuccessful binary search tree search over n points.
double iforest_c(double n);

/// Local Outlier Factor scores.
struct LofResult {
  std::vector<double> scores;  // LOF: about 1 inside a cluster, higher is more anomalous;
                               // sklearn's negative_outlier_factor_ is the negative of this
  int neighbors = 0;           // k used (at most rows − 1)
};
/// The Local Outlier Factor of every row with `neighbors` nearest neighbours (Euclidean, a k-d
/// tree), as sklearn's LocalOutlierFactor(n_neighbors).negative_outlier_factor_ negated:
/// reach(p, o) = max(k-distance(o), d(p, o)); lrd(p) = 1 / (mean reach(p, o) over the k
/// neighbours o + 1e-10); LOF(p) = mean lrd(o) / lrd(p).
LofResult local_outlier_factor(const Matrix& x, int neighbors = 20, ProgressFn progress = {},
                               CancelFlag cancel = nullptr);

/// One of the top anomalies.
struct Anomaly {
  uint32_t row = 0;  // table row
  double score = 0;
  std::vector<Standout> standout;  // up to 3 features by largest |z| of the row's value
};
/// The `n` highest-scoring rows, with the features that make them stand out.
std::vector<Anomaly> top_anomalies(const Features& f, const std::vector<double>& scores,
                                   size_t n = 20);

}  // namespace crm::ml
