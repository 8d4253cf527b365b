// Unit tests of the analysis algorithms on small known cases (the scikit-learn, scipy and pandas
// comparisons on generated data are in tests/ml/).
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <string>

#include "crm/csv.h"
#include "crm/ml.h"
#include "crm/ml_report.h"
#include "crm/ml_stats.h"
#include "crm/workbench.h"

using namespace crm;
using namespace crm::ml;

namespace {

Table load(const std::string& csv) {
  CsvReader r;
  r.feed(csv.data(), csv.size());
  return r.finish();
}

Matrix mat(std::initializer_list<std::initializer_list<double>> rows) {
  Matrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& r : rows) {
    Eigen::Index j = 0;
    for (double v : r) m(i, j++) = v;
    ++i;
  }
  return m;
}

}  // namespace

TEST(MlRng, SameNumbersForASeed) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 10; ++i) {
    const uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
  }
  // Fixed values: the sequence must not change between builds (native and WebAssembly).
  Rng z(0);
  EXPECT_EQ(z.next(), 11091344671253066420ull);
  for (int i = 0; i < 1000; ++i) {
    const double u = a.uniform();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
    EXPECT_LT(a.below(7), 7u);
  }
}

TEST(MlFeatures, ImputesMedianAndScalesWithDdof1) {
  const Table t = load("a,b,c\n1,x,5\n2,,5\n3,7,5\n,9,5\n10,8,5\n");
  FeatureOptions o;
  o.columns = {"a", "b", "c"};
  const Features f = build_features(t, o);
  ASSERT_EQ(f.names, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(f.columns[2].used);
  EXPECT_NE(f.columns[2].excluded_reason.find("constant"), std::string::npos);
  EXPECT_EQ(f.columns[0].missing, 1u);
  EXPECT_EQ(f.columns[0].imputed, 1u);
  EXPECT_DOUBLE_EQ(f.columns[0].fill, 2.5);  // median of 1,2,3,10
  EXPECT_EQ(f.columns[1].unparsable, 1u);    // "x"
  EXPECT_EQ(f.columns[1].missing, 1u);
  EXPECT_DOUBLE_EQ(f.columns[1].fill, 8);  // median of 7,9,8
  // z-score with the sample std (ddof=1), as the profile: mean 0, std 1.
  for (Eigen::Index j = 0; j < 2; ++j) {
    const double mean = f.x.col(j).mean();
    const double var = (f.x.col(j).array() - mean).square().sum() / (f.x.rows() - 1);
    EXPECT_NEAR(mean, 0, 1e-12);
    EXPECT_NEAR(var, 1, 1e-12);
  }
  EXPECT_TRUE(f.x.allFinite());
}

TEST(MlFeatures, ExcludeDropsRowsAndReportsThem) {
  const Table t = load("a,b\n1,2\n,3\n4,\n5,6\n7,9\n");
  FeatureOptions o;
  o.columns = {"a", "b"};
  o.impute = Impute::Exclude;
  o.scale = Scale::MinMax;
  const Features f = build_features(t, o);
  EXPECT_EQ(f.rows, (std::vector<uint32_t>{0, 3, 4}));
  EXPECT_EQ(f.rows_excluded, 2u);
  EXPECT_DOUBLE_EQ(f.x(0, 0), 0);
  EXPECT_DOUBLE_EQ(f.x(2, 0), 1);
}

TEST(MlFeatures, BadInputGivesClearErrors) {
  const Table t = load("name,empty,k\nann,,1\nbob,,1\n");
  FeatureOptions o;
  o.columns = {"name", "empty", "k"};
  try {
    build_features(t, o);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "no_features");
    const std::string m = e.what();
    EXPECT_NE(m.find("every value is missing"), std::string::npos) << m;
    EXPECT_NE(m.find("constant"), std::string::npos) << m;
  }
  o.columns = {"nope"};
  EXPECT_THROW(build_features(t, o), InputError);
}

TEST(MlFeatures, LogOfSkewedColumns) {
  const Table t = load("v\n0\n1\n2\n3\n1000\n");
  FeatureOptions o;
  o.auto_log = true;
  o.scale = Scale::None;
  const Features f = build_features(t, o);
  EXPECT_TRUE(f.columns[0].log);
  EXPECT_DOUBLE_EQ(f.x(4, 0), std::log1p(1000.0));
  EXPECT_DOUBLE_EQ(f.raw(4, 0), 1000);
}

TEST(MlKMeans, SeparatesObviousClusters) {
  const Matrix x = mat({{0, 0}, {0, 1}, {1, 0}, {10, 10}, {10, 11}, {11, 10}});
  for (bool hamerly : {true, false}) {
    KMeansOptions o;
    o.k = 2;
    o.hamerly = hamerly;
    const KMeansResult r = kmeans(x, o);
    EXPECT_EQ(r.labels[0], r.labels[1]);
    EXPECT_EQ(r.labels[0], r.labels[2]);
    EXPECT_EQ(r.labels[3], r.labels[5]);
    EXPECT_NE(r.labels[0], r.labels[3]);
    EXPECT_NEAR(r.inertia, 4 * 2.0 / 3.0, 1e-12);  // each triangle: 2/3 + 2/3... = 4/3
  }
}

TEST(MlKMeans, HamerlyEqualsLloyd) {
  Rng rng(7);
  Matrix x(3000, 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    for (Eigen::Index j = 0; j < 3; ++j) x(i, j) = rng.uniform() + (i % 4) * 0.7 * (j == i % 3);
  }
  KMeansOptions o;
  o.k = 6;
  o.n_init = 2;
  o.seed = 3;
  const KMeansResult h = kmeans(x, o);
  o.hamerly = false;
  const KMeansResult l = kmeans(x, o);
  EXPECT_EQ(h.labels, l.labels);
  EXPECT_DOUBLE_EQ(h.inertia, l.inertia);
}

TEST(MlKMeans, BadK) {
  const Matrix x = mat({{1, 1}, {1, 1}, {2, 2}});
  KMeansOptions o;
  o.k = 4;
  EXPECT_THROW(kmeans(x, o), InputError);
  o.k = 3;  // only 2 distinct rows
  EXPECT_THROW(kmeans(x, o), InputError);
  o.k = 0;
  EXPECT_THROW(kmeans(x, o), InputError);
}

TEST(MlKMeans, SilhouetteKnownValue) {
  // Two clusters on a line: {0, 1} and {4}: a(0)=1, b(0)=4 -> 0.75; a(1)=1, b(1)=3 -> 2/3;
  // the singleton scores 0. Mean = (0.75 + 2/3 + 0) / 3.
  const Matrix x = mat({{0}, {1}, {4}});
  EXPECT_NEAR(silhouette(x, {0, 0, 1}), (0.75 + 2.0 / 3.0) / 3, 1e-15);
  EXPECT_TRUE(std::isnan(silhouette(x, {0, 0, 0})));
}

TEST(MlKMeans, ChooseKFindsThree) {
  Rng rng(1);
  Matrix x(600, 2);
  const double cx[] = {0, 5, 10}, cy[] = {0, 8, 0};
  for (Eigen::Index i = 0; i < 600; ++i) {
    x(i, 0) = cx[i % 3] + rng.uniform();
    x(i, 1) = cy[i % 3] + rng.uniform();
  }
  const KChoice c = choose_k(x, 2, 8);
  EXPECT_EQ(c.suggested_k, 3);
  EXPECT_EQ(c.elbow_k, 3);
  EXPECT_EQ(c.scores.size(), 7u);
}

TEST(MlPca, KnownAxes) {
  // Points along y = x with small noise in the orthogonal direction.
  const Matrix x = mat({{-2, -2}, {-1, -1.1}, {0, 0.1}, {1, 0.9}, {2, 2.1}});
  const PcaResult r = pca(x, 2);
  EXPECT_GT(r.explained_variance_ratio[0], 0.99);
  EXPECT_NEAR(r.explained_variance_ratio[0] + r.explained_variance_ratio[1], 1, 1e-12);
  EXPECT_NEAR(std::fabs(r.components(0, 0)), std::sqrt(0.5), 0.02);
  EXPECT_GT(r.components(0, 0), 0);  // sign convention: the largest entry is positive
  EXPECT_NEAR(r.scores.col(0).mean(), 0, 1e-12);
}

TEST(MlDbscan, ClustersAndNoise) {
  const Matrix x = mat({{0, 0}, {0, 0.5}, {0.5, 0}, {5, 5}, {5, 5.5}, {5.5, 5}, {20, 20}});
  const DbscanResult r = dbscan(x, 1.0, 3);
  EXPECT_EQ(r.labels, (std::vector<int32_t>{0, 0, 0, 1, 1, 1, -1}));
  EXPECT_EQ(r.clusters, 2);
  EXPECT_EQ(r.noise, 1u);
  EXPECT_THROW(dbscan(x, 0, 3), InputError);
  const EpsSuggestion s = suggest_eps(x, 3);
  EXPECT_GT(s.eps, 0);
}

TEST(MlIForest, OutlierScoresHighest) {
  Rng rng(5);
  Matrix x(500, 2);
  for (Eigen::Index i = 0; i < 500; ++i) {
    x(i, 0) = rng.uniform();
    x(i, 1) = rng.uniform();
  }
  x(123, 0) = 8;
  x(123, 1) = -6;
  const IForestResult r = isolation_forest(x, {});
  size_t best = 0;
  for (size_t i = 0; i < r.scores.size(); ++i) {
    EXPECT_GT(r.scores[i], 0);
    EXPECT_LE(r.scores[i], 1);
    if (r.scores[i] > r.scores[best]) best = i;
  }
  EXPECT_EQ(best, 123u);
  EXPECT_DOUBLE_EQ(iforest_c(2), 1);
  EXPECT_NEAR(iforest_c(256), 10.244770920119917, 1e-12);
  const Features f = features_from_matrix(x, Scale::None, {"a", "b"});
  const auto top = top_anomalies(f, r.scores, 3);
  EXPECT_EQ(top[0].row, 123u);
  EXPECT_EQ(top[0].standout.size(), 2u);
}

TEST(MlTree, LearnsAThreshold) {
  Matrix x(200, 2);
  std::vector<int32_t> y(200);
  Rng rng(2);
  for (Eigen::Index i = 0; i < 200; ++i) {
    x(i, 0) = static_cast<double>(i);
    x(i, 1) = rng.uniform();
    y[static_cast<size_t>(i)] = i >= 120;
  }
  TreeOptions o;
  o.max_depth = 2;
  o.min_samples_leaf = 1;
  const TreeResult t = decision_tree(x, {"age", "noise"}, y, {"no", "yes"}, o);
  EXPECT_EQ(t.test.size(), 50u);
  EXPECT_DOUBLE_EQ(t.test_accuracy, 1.0);
  EXPECT_EQ(t.nodes[0].feature, 0);
  EXPECT_GT(t.nodes[0].threshold, 110);
  EXPECT_LT(t.nodes[0].threshold, 121);
  ASSERT_FALSE(t.rules.empty());
  EXPECT_NE(t.rules[0].find("age <= "), std::string::npos) << t.rules[0];
  EXPECT_THROW(decision_tree(x, {"a", "b"}, y, {"only"}, o), InputError);
}

TEST(MlStats, RanksPearsonSpearman) {
  EXPECT_EQ(average_ranks({10, 20, 20, 5}), (std::vector<double>{2, 3.5, 3.5, 1}));
  EXPECT_NEAR(pearson({1, 2, 3, NAN}, {2, 4, 6, 1}), 1, 1e-15);
  EXPECT_NEAR(spearman({1, 2, 3, 4}, {1, 8, 27, 64}), 1, 1e-15);
  EXPECT_TRUE(std::isnan(pearson({1, 1, 1}, {1, 2, 3})));
}

TEST(MlStats, GammaQ) {
  // Q(1, x) = exp(−x); Q(0.5, x) = erfc(√x).
  EXPECT_NEAR(gamma_q(1, 2.5), std::exp(-2.5), 1e-15);
  EXPECT_NEAR(gamma_q(0.5, 0.3), std::erfc(std::sqrt(0.3)), 1e-15);
  EXPECT_NEAR(gamma_q(0.5, 9), std::erfc(3), 1e-18);
  EXPECT_DOUBLE_EQ(gamma_q(3, 0), 1);
}

TEST(MlStats, CrosstabGroupByRegression) {
  const Table t = load("g,h,v,w\na,x,1,2\na,y,2,4\nb,x,3,6.5\nb,x,4,8\nb,y,,1\n,x,5,10\n");
  const CrossTab c = crosstab(t, "g", "h");
  EXPECT_EQ(c.rows, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.counts, (std::vector<std::vector<uint64_t>>{{1, 1}, {2, 1}}));
  EXPECT_EQ(c.missing, 1u);
  EXPECT_EQ(c.dof, 1);
  const GroupSummary g = group_by(t, {"g"}, "v");
  ASSERT_EQ(g.groups.size(), 3u);  // "" (missing), a, b
  EXPECT_EQ(g.groups[2].count, 3u);
  EXPECT_EQ(g.groups[2].values, 2u);
  EXPECT_DOUBLE_EQ(g.groups[2].median, 3.5);
  const Regression r = linear_regression(t, "w", {"v"});
  EXPECT_EQ(r.rows, 5u);
  EXPECT_EQ(r.rows_excluded, 1u);
  EXPECT_GT(r.r2, 0.99);
  EXPECT_THROW(linear_regression(t, "w", {"nope"}), InputError);
}

TEST(MlReport, JsonHasNoNaN) {
  EXPECT_TRUE(round12(NAN).is_null());
  EXPECT_EQ(round12(0.1 + 0.2).get<double>(), 0.3);
  const Table t = load("a,b\n1,2\n2,1\n3,3\n");
  const Correlations c = correlations(t, {"a", "b"});
  const std::string s = to_json(c).dump();
  EXPECT_EQ(s.find("nan"), std::string::npos);
}

TEST(MlWorkbench, FacadeRunsEachAnalysis) {
  std::string csv = "id,spend,orders,tier\n";
  Rng rng(4);
  for (int i = 0; i < 300; ++i) {
    const bool big = i % 3 == 0;
    csv += std::to_string(i) + "," + std::to_string((big ? 500 : 50) + rng.uniform() * 20) + "," +
           std::to_string((big ? 20 : 2) + static_cast<int>(rng.below(3))) + "," +
           (big ? "gold" : "basic") + "\n";
  }
  csv += "300,,5,basic\n";  // a missing spend: imputed, reported
  Workbench wb;
  wb.begin_load(CsvOptions{});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  FeatureOptions f;
  f.columns = {"spend", "orders"};
  KMeansOptions k;
  k.k = 2;
  const ClusterAnalysis c = wb.ml_kmeans(f, k);
  EXPECT_EQ(c.features.columns[0].imputed, 1u);
  ASSERT_EQ(c.profiles.size(), 2u);
  EXPECT_EQ(c.profiles[0].size + c.profiles[1].size, 301u);
  const nlohmann::json j = to_json(c);
  EXPECT_EQ(j["features"]["columns"][0]["imputed"], 1);
  EXPECT_EQ(j["clusters"].size(), 2u);
  EXPECT_EQ(to_json(wb.ml_choose_k(f, {}, 5))["choice"]["suggested_k"], 2);
  EXPECT_EQ(wb.ml_pca(f).pca.scores.rows(), 301);
  EXPECT_EQ(wb.ml_dbscan(f, 0, 5).dbscan.labels.size(), 301u);
  EXPECT_EQ(wb.ml_anomalies(f, {}, 5).top.size(), 5u);
  TreeOptions t;
  t.max_depth = 2;
  const TreeAnalysis tree = wb.ml_tree(f, "tier", 0, t);
  EXPECT_GT(tree.tree.test_accuracy, 0.95);
  const TreeAnalysis top = wb.ml_tree(f, "spend", 0.2, t);
  EXPECT_EQ(top.label, "top 20% of spend");
  EXPECT_EQ(top.unlabelled, 1u);
  EXPECT_FALSE(to_json(top).dump().empty());
}

TEST(MlLof, HandComputedAndOutlierHighest) {
  // 1-D points 0, 1, 2, 10 with k = 1: neighbours 0→1, 1→0 (tie with 2: the lower row), 2→1,
  // 10→2; k-distances 1, 1, 1, 8. reach: 0→1: max(1, 1) = 1; 1→0: 1; 2→1: 1; 10→2: max(1, 8) = 8.
  // lrd = 1 / reach (+1e-10): 1, 1, 1, 1/8. LOF = lrd(neighbour) / lrd(self): 1, 1, 1, 8.
  const LofResult r = local_outlier_factor(mat({{0}, {1}, {2}, {10}}), 1);
  ASSERT_EQ(r.scores.size(), 4u);
  EXPECT_EQ(r.neighbors, 1);
  EXPECT_NEAR(r.scores[0], 1, 1e-9);
  EXPECT_NEAR(r.scores[1], 1, 1e-9);
  EXPECT_NEAR(r.scores[2], 1, 1e-9);
  EXPECT_NEAR(r.scores[3], 8, 1e-8);
  // k above n − 1 is clamped as scikit-learn does; duplicates stay finite.
  const LofResult d = local_outlier_factor(mat({{1, 1}, {1, 1}, {1, 1}, {4, 4}}), 20);
  EXPECT_EQ(d.neighbors, 3);
  for (double v : d.scores) EXPECT_TRUE(std::isfinite(v));
  Rng rng(5);
  Matrix x(500, 2);
  for (Eigen::Index i = 0; i < 500; ++i) x.row(i) << rng.uniform(), rng.uniform();
  x.row(77) << 3, 3;
  const LofResult big = local_outlier_factor(x, 20);
  EXPECT_EQ(std::max_element(big.scores.begin(), big.scores.end()) - big.scores.begin(), 77);
  EXPECT_THROW(local_outlier_factor(mat({{1, 2}}), 5), InputError);
  EXPECT_THROW(local_outlier_factor(x, 0), InputError);
}

TEST(MlProgress, PcaTreeAndComparisonsReportProgress) {
  Rng rng(3);
  const Eigen::Index n = 70000;  // more than one 65,536-row block
  Matrix x(n, 2);
  std::vector<int32_t> y(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    x.row(i) << rng.uniform(), rng.uniform();
    y[static_cast<size_t>(i)] = x(i, 0) > 0.5;
  }
  std::vector<Progress> seen;
  const ProgressFn note = [&](const Progress& p) { seen.push_back(p); };
  pca(x, 2, nullptr, note);
  ASSERT_GE(seen.size(), 4u);
  EXPECT_EQ(seen.back().stage, "pca");
  EXPECT_EQ(seen.back().total, 2u * n);
  seen.clear();
  TreeOptions o;
  o.max_depth = 3;
  const TreeResult t = decision_tree(x, {"a", "b"}, y, {"no", "yes"}, o, nullptr, note);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().stage, "tree");
  EXPECT_EQ(seen.back().done, t.train.size());  // every training row ends in a leaf
  EXPECT_EQ(seen.back().total, t.train.size());
  std::string csv = "a,b,g\n";
  for (Eigen::Index i = 0; i < n; ++i)
    csv += std::to_string(x(i, 0)) + "," + std::to_string(x(i, 1)) + "," +
           (y[static_cast<size_t>(i)] ? "x\n" : "y\n");
  const Table tb = load(csv);
  for (const char* stage : {"groupby", "crosstab", "regression", "correlations"}) {
    seen.clear();
    const std::string st = stage;
    if (st == "groupby") group_by(tb, {"g"}, "a", nullptr, note);
    if (st == "crosstab") crosstab(tb, "g", "g", nullptr, note);
    if (st == "regression") linear_regression(tb, "a", {"b"}, nullptr, note);
    if (st == "correlations") correlations(tb, {"a", "b"}, nullptr, note);
    ASSERT_FALSE(seen.empty()) << stage;
    EXPECT_EQ(seen.back().stage, st);
  }
  std::atomic<bool> stop{true};
  EXPECT_THROW(decision_tree(x, {"a", "b"}, y, {"no", "yes"}, o, &stop), Cancelled);
  EXPECT_THROW(group_by(tb, {"g"}, "a", &stop), Cancelled);
  EXPECT_THROW(crosstab(tb, "g", "g", &stop), Cancelled);
  EXPECT_THROW(linear_regression(tb, "a", {"b"}, &stop), Cancelled);
  EXPECT_THROW(local_outlier_factor(x, 5, {}, &stop), Cancelled);
}

TEST(MlBadInput, CancelAndTinyTables) {
  Rng rng(9);
  Matrix x(2000, 2);
  for (Eigen::Index i = 0; i < x.rows(); ++i) x.row(i) << rng.uniform(), rng.uniform();
  std::atomic<bool> stop{true};
  KMeansOptions k;
  k.k = 3;
  EXPECT_THROW(kmeans(x, k, {}, &stop), Cancelled);
  EXPECT_THROW(dbscan(x, 0.1, 5, {}, &stop), Cancelled);
  EXPECT_THROW(isolation_forest(x, {}, {}, &stop), Cancelled);
  EXPECT_THROW(pca(x, 2, &stop), Cancelled);
  // Two distinct rows: the k chooser cannot compare 2 or more clusters with a silhouette.
  const Matrix two = mat({{1, 1}, {2, 2}});
  EXPECT_THROW(choose_k(two), InputError);
  EXPECT_THROW(pca(mat({{1, 2}}), 2), InputError);
  EXPECT_THROW(isolation_forest(mat({{1, 2}}), {}), InputError);
  // A constant matrix from features_from_matrix keeps scale 1 and stays finite.
  const Features f = features_from_matrix(mat({{3, 1}, {3, 2}}), Scale::ZScore);
  EXPECT_TRUE(f.x.allFinite());
}

TEST(MlWorkbench, ResultColumnsAccountForEveryRow) {
  const std::string csv = "a,b\n1,2\n,3\n4,1\n5,6\n7,9\n8,8\n";
  Workbench wb;
  wb.begin_load(CsvOptions{});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  FeatureOptions f;
  f.columns = {"a", "b"};
  f.impute = Impute::Exclude;
  KMeansOptions k;
  k.k = 2;
  const Table c = result_columns(wb.ml_kmeans(f, k));
  ASSERT_EQ(c.rows, 6u);
  EXPECT_EQ(c.columns[0].name(), "cluster");
  EXPECT_TRUE(c.columns[0].missing(1));  // excluded row: an empty cell, not a dropped row
  EXPECT_FALSE(c.columns[0].missing(0));
  const Table p = result_columns(wb.ml_pca(f));
  EXPECT_EQ(p.names(), (std::vector<std::string>{"pc1", "pc2"}));
  const Table s = result_columns(wb.ml_anomalies(f, {}));
  EXPECT_EQ(s.columns[0].value(0).size(), 8u);  // 0.xxxxxx
}

TEST(MlWorkbench, TextSummaries) {
  const std::string csv = "a,b,t\n1,2,x\n2,3,x\n3,1,y\n10,12,y\n11,13,y\n12,11,x\n";
  Workbench wb;
  wb.begin_load(CsvOptions{});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  FeatureOptions f;
  f.columns = {"a", "b"};
  KMeansOptions k;
  k.k = 2;
  const std::string s = format_analysis_text(wb.ml_kmeans(f, k));
  EXPECT_NE(s.find("k-means: k=2"), std::string::npos) << s;
  EXPECT_NE(s.find("cluster 1: 3 rows (50.0%)"), std::string::npos) << s;
  EXPECT_NE(format_analysis_text(wb.ml_pca(f)).find("pc1 loadings"), std::string::npos);
  EXPECT_NE(format_analysis_text(wb.ml_dbscan(f, 2, 2)).find("DBSCAN: eps 2"), std::string::npos);
  EXPECT_NE(format_analysis_text(wb.ml_anomalies(f, {}, 2)).find("row "), std::string::npos);
  TreeOptions t;
  t.min_samples_leaf = 1;
  EXPECT_NE(format_analysis_text(wb.ml_tree(f, "t", 0, t)).find("held-out accuracy"),
            std::string::npos);
}
