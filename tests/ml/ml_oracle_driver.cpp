// Test driver for the scikit-learn / scipy oracles (tests/ml/*.py): loads a CSV, runs one
// analysis and prints its result as JSON with full-precision numbers.
// Usage: ml_oracle_driver METHOD FILE.csv [key=value ...]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "crm/ml.h"
#include "crm/ml_report.h"
#include "crm/ml_stats.h"
#include "crm/workbench.h"

using nlohmann::json;
using namespace crm;

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}

json matrix(const ml::Matrix& m) {
  json a = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json r = json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) r.push_back(m(i, j));
    a.push_back(r);
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: ml_oracle_driver METHOD FILE.csv [key=value ...]\n";
    return 2;
  }
  const std::string method = argv[1];
  std::map<std::string, std::string> kv;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    const size_t eq = a.find('=');
    kv[a.substr(0, eq)] = eq == std::string::npos ? "" : a.substr(eq + 1);
  }
  auto get = [&](const std::string& k, const std::string& def) {
    auto it = kv.find(k);
    return it == kv.end() ? def : it->second;
  };
  try {
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot open ") + argv[2]);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string bytes = buf.str();
    Workbench wb;
    wb.begin_load(CsvOptions{});
    wb.feed(bytes.data(), bytes.size());
    wb.finish_load();
    const Table& t = wb.table();

    ml::FeatureOptions fo;
    if (kv.count("cols")) fo.columns = split(kv["cols"]);
    if (!ml::parse_scale(get("scale", "zscore"), fo.scale)) throw std::runtime_error("scale");
    if (!ml::parse_impute(get("impute", "median"), fo.impute)) throw std::runtime_error("impute");
    if (kv.count("log")) fo.log_columns = split(kv["log"]);
    const uint64_t seed = std::stoull(get("seed", "0"));
    json out;
    if (method == "features") {
      const ml::Features f = ml::build_features(t, fo);
      out = ml::to_json(f);
      out["x"] = matrix(f.x);
      out["table_rows_of"] = f.rows;
    } else if (method == "kmeans") {
      const ml::Features f = ml::build_features(t, fo);
      ml::KMeansOptions o;
      o.k = std::stoi(get("k", "5"));
      o.n_init = std::stoi(get("n_init", "10"));
      o.seed = seed;
      o.hamerly = get("algo", "hamerly") == "hamerly";
      const ml::KMeansResult r = ml::kmeans(f.x, o);
      out = ml::to_json(r);
      out["inertia"] = r.inertia;
      out["labels"] = r.labels;
      const auto sample = ml::sample_rows(f.x.rows(), std::stoul(get("sample", "1000")), seed);
      out["sample"] = sample;
      out["silhouette"] = ml::silhouette(f.x, r.labels, sample);
      out["profiles"] = ml::to_json(ml::profile_clusters(f, r.labels), f);
    } else if (method == "choose_k") {
      const ml::Features f = ml::build_features(t, fo);
      ml::KMeansOptions o;
      o.seed = seed;
      out = ml::to_json(ml::choose_k(f.x, 2, std::stoi(get("k_max", "10")), o));
    } else if (method == "pca") {
      const ml::Features f = ml::build_features(t, fo);
      const ml::PcaResult r = ml::pca(f.x, 2);
      out = ml::to_json(r, f.names);
      out["explained_variance_ratio"] = r.explained_variance_ratio;
      out["components_matrix"] = matrix(r.components);
      out["scores"] = matrix(r.scores);
    } else if (method == "dbscan") {
      const ml::Features f = ml::build_features(t, fo);
      const int ms = std::stoi(get("min_samples", "5"));
      double eps = kv.count("eps") ? std::stod(kv["eps"]) : 0;
      if (!kv.count("eps")) {
        const ml::EpsSuggestion s = ml::suggest_eps(f.x, ms);
        eps = s.eps;
      }
      const ml::DbscanResult r = ml::dbscan(f.x, eps, ms);
      out = ml::to_json(r);
      out["eps"] = eps;
      out["labels"] = r.labels;
      out["core"] = r.core;
    } else if (method == "iforest") {
      const ml::Features f = ml::build_features(t, fo);
      ml::IForestOptions o;
      o.seed = seed;
      const ml::IForestResult r = ml::isolation_forest(f.x, o);
      out["scores"] = r.scores;
      out["top"] = ml::to_json(ml::top_anomalies(f, r.scores, 5));
    } else if (method == "lof") {
      const ml::Features f = ml::build_features(t, fo);
      const ml::LofResult r = ml::local_outlier_factor(f.x, std::stoi(get("neighbors", "20")));
      out["scores"] = r.scores;
      out["neighbors"] = r.neighbors;
    } else if (method == "tree") {
      const ml::Features f = ml::build_features(t, fo);
      std::vector<std::string> classes;
      const std::vector<int32_t> y = ml::labels_from_column(t, kv.at("label"), f.rows, classes);
      ml::TreeOptions o;
      o.max_depth = std::stoi(get("depth", "4"));
      o.min_samples_leaf = std::stoi(get("leaf", "1"));
      o.seed = seed;
      const ml::TreeResult r = ml::decision_tree(f.raw, f.names, y, classes, o);
      out = ml::to_json(r);
      out["train"] = r.train;
      out["test"] = r.test;
      out["test_accuracy"] = r.test_accuracy;
    } else if (method == "corr") {
      const ml::Correlations c = ml::correlations(t, split(kv.at("cols")));
      out = ml::to_json(c);
      out["pearson"] = matrix(c.pearson);
      out["spearman"] = matrix(c.spearman);
    } else if (method == "crosstab") {
      const ml::CrossTab c = ml::crosstab(t, kv.at("a"), kv.at("b"));
      out = ml::to_json(c);
      out["chi2"] = c.chi2;
      out["p_value"] = c.p_value;
    } else if (method == "groupby") {
      out = ml::to_json(ml::group_by(t, split(kv.at("by")), kv.at("value")));
    } else if (method == "regress") {
      const ml::Regression r = ml::linear_regression(t, kv.at("target"), split(kv.at("cols")));
      out = ml::to_json(r);
      out["intercept"] = r.intercept;
      out["coefficient_list"] = r.coefficients;
      out["r2"] = r.r2;
    } else {
      std::cerr << "unknown method " << method << "\n";
      return 2;
    }
    std::cout << out.dump() << "\n";
  } catch (const InputError& e) {
    std::cout << json{{"error", e.code()}, {"message", e.what()}}.dump() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
