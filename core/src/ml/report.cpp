// JSON of the analysis results.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "crm/analysis.h"
#include "crm/ml_report.h"

namespace crm::ml {

using nlohmann::json;

json round12(double v) {
  if (!std::isfinite(v)) return nullptr;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  const double r = std::strtod(buf, nullptr);
  return r == 0 ? 0.0 : r;  // no -0
}

namespace {

json vec(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(round12(x));
  return a;
}

json standout(const std::vector<Standout>& s) {
  json a = json::array();
  for (const Standout& x : s) {
    a.push_back({{"feature", x.feature}, {"value", round12(x.value)}, {"z", round12(x.z)}});
  }
  return a;
}

}  // namespace

json to_json(const Features& f) {
  json cols = json::array();
  for (const FeatureColumn& c : f.columns) {
    json j = {{"name", c.name},
              {"used", c.used},
              {"parsed", c.parsed},
              {"missing", c.missing},
              {"unparsable", c.unparsable}};
    if (!c.used) {
      j["excluded_reason"] = c.excluded_reason;
    } else {
      j["imputed"] = c.imputed;
      j["fill"] = round12(c.fill);
      j["log"] = c.log;
      j["skewness"] = round12(c.skewness);
      j["mean"] = round12(c.mean);
      j["std"] = round12(c.std);
      j["min"] = round12(c.min);
      j["max"] = round12(c.max);
      j["center"] = round12(c.center);
      j["scale"] = round12(c.scale);
    }
    cols.push_back(std::move(j));
  }
  return {{"rows", f.rows.size()},
          {"table_rows", f.table_rows},
          {"rows_excluded", f.rows_excluded},
          {"scale", scale_name(f.scale)},
          {"impute", impute_name(f.impute)},
          {"columns", cols}};
}

json to_json(const std::vector<ClusterProfile>& profiles, const Features& f) {
  json a = json::array();
  for (const ClusterProfile& p : profiles) {
    json centroid = json::object();
    for (size_t j = 0; j < p.centroid.size() && j < f.names.size(); ++j) {
      centroid[f.names[j]] = round12(p.centroid[j]);
    }
    a.push_back({{"cluster", p.cluster},
                 {"size", p.size},
                 {"share", round12(p.share)},
                 {"centroid", centroid},
                 {"standout", standout(p.standout)}});
  }
  return a;
}

json to_json(const KMeansResult& r) {
  json centers = json::array();
  for (Eigen::Index i = 0; i < r.centers.rows(); ++i) {
    std::vector<double> row(r.centers.row(i).data(), r.centers.row(i).data() + r.centers.cols());
    centers.push_back(vec(row));
  }
  json j = {{"k", r.k},
            {"inertia", round12(r.inertia)},
            {"iterations", r.iterations},
            {"best_init", r.best_init},
            {"init_inertia", vec(r.init_inertia)},
            {"sizes", r.sizes},
            {"centers_scaled", centers}};
  return j;
}

json to_json(const KChoice& c) {
  json s = json::array();
  for (const KScore& k : c.scores) {
    s.push_back(
        {{"k", k.k}, {"inertia", round12(k.inertia)}, {"silhouette", round12(k.silhouette)}});
  }
  return {{"scores", s},
          {"suggested_k", c.suggested_k},
          {"elbow_k", c.elbow_k},
          {"rows_used", c.rows_used},
          {"silhouette_rows", c.silhouette_rows}};
}

json to_json(const PcaResult& r, const std::vector<std::string>& names) {
  json comps = json::array();
  for (Eigen::Index q = 0; q < r.components.rows(); ++q) {
    json load = json::object();
    for (Eigen::Index j = 0; j < r.components.cols(); ++j) {
      std::string name = std::string("f").append(std::to_string(j));
      if (static_cast<size_t>(j) < names.size()) name = names[static_cast<size_t>(j)];
      load[name] = round12(r.components(q, j));
    }
    comps.push_back(std::move(load));
  }
  return {{"explained_variance", vec(r.explained_variance)},
          {"explained_variance_ratio", vec(r.explained_variance_ratio)},
          {"components", comps}};
}

json to_json(const DbscanResult& r) {
  std::vector<uint64_t> sizes(static_cast<size_t>(r.clusters), 0);
  for (int32_t l : r.labels) {
    if (l >= 0) ++sizes[static_cast<size_t>(l)];
  }
  uint64_t core = 0;
  for (uint8_t c : r.core) core += c;
  return {{"eps", round12(r.eps)},  {"min_samples", r.min_samples},
          {"clusters", r.clusters}, {"noise", r.noise},
          {"core", core},           {"sizes", sizes}};
}

json to_json(const std::vector<Anomaly>& top) {
  json a = json::array();
  for (const Anomaly& x : top) {
    a.push_back({{"row", x.row}, {"score", round12(x.score)}, {"standout", standout(x.standout)}});
  }
  return a;
}

json to_json(const TreeResult& t) {
  json nodes = json::array();
  for (const TreeNode& n : t.nodes) {
    json j = {{"counts", n.counts},
              {"predicted", t.classes[static_cast<size_t>(n.predicted)]},
              {"gini", round12(n.gini)}};
    if (n.feature >= 0) {
      j["feature"] = t.features[static_cast<size_t>(n.feature)];
      j["threshold"] = round12(n.threshold);
      j["left"] = n.left;
      j["right"] = n.right;
    }
    nodes.push_back(std::move(j));
  }
  json imp = json::object();
  for (size_t j = 0; j < t.features.size(); ++j) imp[t.features[j]] = round12(t.importance[j]);
  return {{"features", t.features},
          {"classes", t.classes},
          {"train_rows", t.train.size()},
          {"test_rows", t.test.size()},
          {"train_accuracy", round12(t.train_accuracy)},
          {"test_accuracy", round12(t.test_accuracy)},
          {"baseline_accuracy", round12(t.baseline_accuracy)},
          {"rules", t.rules},
          {"importance", imp},
          {"nodes", nodes}};
}

json to_json(const Correlations& c) {
  const auto d = static_cast<Eigen::Index>(c.columns.size());
  json p = json::array(), s = json::array(), n = json::array();
  for (Eigen::Index i = 0; i < d; ++i) {
    json pr = json::array(), sr = json::array(), nr = json::array();
    for (Eigen::Index j = 0; j < d; ++j) {
      pr.push_back(c.defined(i, j) ? round12(c.pearson(i, j)) : json(nullptr));
      sr.push_back(c.defined(i, j) ? round12(c.spearman(i, j)) : json(nullptr));
      nr.push_back(c.pairs[static_cast<size_t>(i * d + j)]);
    }
    p.push_back(pr);
    s.push_back(sr);
    n.push_back(nr);
  }
  return {{"columns", c.columns}, {"pearson", p}, {"spearman", s}, {"pairs", n}};
}

json to_json(const CrossTab& t) {
  return {{"row_column", t.row_column},
          {"col_column", t.col_column},
          {"rows", t.rows},
          {"cols", t.cols},
          {"counts", t.counts},
          {"total", t.total},
          {"missing", t.missing},
          {"chi2", round12(t.chi2)},
          {"dof", t.dof},
          {"p_value", round12(t.p_value)},
          {"cramers_v", round12(t.cramers_v)},
          {"low_expected_share", round12(t.low_expected_share)}};
}

json to_json(const GroupSummary& s) {
  json g = json::array();
  for (const Group& x : s.groups) {
    g.push_back({{"keys", x.keys},
                 {"count", x.count},
                 {"values", x.values},
                 {"sum", round12(x.sum)},
                 {"mean", round12(x.mean)},
                 {"median", round12(x.median)}});
  }
  return {{"by", s.by}, {"value_column", s.value_column}, {"groups", g}};
}

json to_json(const Regression& r) {
  json coef = json::object();
  for (size_t j = 0; j < r.features.size(); ++j) coef[r.features[j]] = round12(r.coefficients[j]);
  return {{"target", r.target},
          {"intercept", round12(r.intercept)},
          {"coefficients", coef},
          {"r2", round12(r.r2)},
          {"adjusted_r2", round12(r.adjusted_r2)},
          {"rows", r.rows},
          {"rows_excluded", r.rows_excluded}};
}

}  // namespace crm::ml

namespace crm {

using nlohmann::json;

json to_json(const ClusterAnalysis& a) {
  return {{"features", ml::to_json(a.features)},
          {"kmeans", ml::to_json(a.kmeans)},
          {"clusters", ml::to_json(a.profiles, a.features)}};
}

json to_json(const KChoiceAnalysis& a) {
  return {{"features", ml::to_json(a.features)}, {"choice", ml::to_json(a.choice)}};
}

json to_json(const PcaAnalysis& a) {
  return {{"features", ml::to_json(a.features)}, {"pca", ml::to_json(a.pca, a.features.names)}};
}

json to_json(const DbscanAnalysis& a) {
  json j = {{"features", ml::to_json(a.features)},
            {"dbscan", ml::to_json(a.dbscan)},
            {"clusters", ml::to_json(a.profiles, a.features)}};
  if (!a.eps.curve.empty()) {
    j["eps_suggestion"] = {{"eps", ml::round12(a.eps.eps)}, {"sample_rows", a.eps.sample_rows}};
  }
  return j;
}

json to_json(const AnomalyAnalysis& a) {
  if (a.detector == "lof")
    return {{"features", ml::to_json(a.features)},
            {"detector", a.detector},
            {"neighbors", a.lof.neighbors},
            {"top", ml::to_json(a.top)}};
  return {{"features", ml::to_json(a.features)},
          {"detector", a.detector},
          {"trees", a.forest.trees},
          {"max_samples", a.forest.max_samples},
          {"top", ml::to_json(a.top)}};
}

json to_json(const TreeAnalysis& a) {
  return {{"features", ml::to_json(a.features)},
          {"label", a.label},
          {"unlabelled", a.unlabelled},
          {"tree", ml::to_json(a.tree)}};
}

}  // namespace crm
