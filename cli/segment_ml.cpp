// crmwb segment --method kmeans|dbscan|pca|anomaly|tree: features from the customers (joined with
// the orders first when given), one analysis of the facade, its columns added as a new version,
// the table written, the summary printed.
#include <cstdio>

#include "crm/analysis.h"
#include "crm/ml_report.h"
#include "segment.h"

namespace crm::cli {

namespace {

/// The feature options the arguments ask for.
ml::FeatureOptions feature_options(const SegmentArgs& s) {
  ml::FeatureOptions f;
  f.columns = s.features;
  f.log_columns = s.log;
  ml::parse_impute(s.impute, f.impute);
  ml::parse_scale(s.scale, f.scale);
  return f;
}

std::string num(double v, const char* f) {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, v == 0 ? 0.0 : v);
  return buf;
}

/// The k chooser as a table: k, inertia, silhouette, with the suggested and elbow k marked.
std::string choice_text(const ml::KChoice& c) {
  std::string t = "choosing k: k-means for k = " + std::to_string(c.scores.front().k) + ".." +
                  std::to_string(c.scores.back().k) + " on " + group_thousands(c.rows_used) +
                  " rows, silhouette on " + group_thousands(c.silhouette_rows) + "\n";
  t += "   k          inertia  silhouette\n";
  for (const ml::KScore& k : c.scores) {
    char line[96];
    std::snprintf(line, sizeof line, "%4d %16s  %10s", k.k, num(k.inertia, "%.6g").c_str(),
                  num(k.silhouette, "%.4f").c_str());
    t += line;
    if (k.k == c.suggested_k) t += "  <- suggested (highest silhouette)";
    if (k.k == c.elbow_k) t += k.k == c.suggested_k ? ", elbow" : "  <- elbow of the inertia";
    t += "\n";
  }
  return t;
}

/// Adds the analysis' result columns to the current version (names made unique).
std::vector<std::string> add_result(Workbench& wb, Table added, const std::string& op) {
  Table t = wb.table();  // shares every column
  t.warnings.clear();
  std::vector<std::string> names;
  for (size_t i = 0; i < added.columns.size(); ++i) {
    names.push_back(unique_column_name(t, added.columns[i].name()));
    Column c = std::move(added.columns[i]);
    c.set_name(names.back());
    t.columns.push_back(std::move(c));
  }
  wb.add_columns(std::move(t), op, false);
  return names;
}

/// What every method prints: the join (if any), its own summary, the added columns.
struct Summary {
  nlohmann::json json = nlohmann::json::object();
  std::string text;
};

}  // namespace

int run_ml_method(Io& io, const SegmentArgs& s, std::string& file) {
  Workbench wb;
  load_customers(io, s, wb, file);
  Summary sum;
  sum.json["method"] = s.method;
  sum.json["rows"] = wb.table().rows;
  sum.text = "customers: " + s.customers + " (" + group_thousands(wb.table().rows) + " rows)\n";
  if (!s.orders.empty()) {
    const SegmentResult joined = join_rfm(io, s, wb, file);
    sum.json["orders"] = join_json(joined);
    sum.text += join_text(joined, s);
  }
  file = s.customers;
  if (wb.table().rows < 2)
    throw InputError("too_few_rows", "the file has " + group_thousands(wb.table().rows) +
                                         " data rows: segment --method " + s.method +
                                         " needs at least 2 customers");
  require_numeric(wb.table(), s.features);
  const ml::FeatureOptions fo = feature_options(s);
  Table added;
  std::string op = "segment_" + s.method;
  if (s.method == "kmeans") {
    ml::KMeansOptions ko;
    ko.seed = s.seed;
    if (!s.k) {
      const KChoiceAnalysis c = wb.ml_choose_k(fo, ko);
      if (c.choice.scores.empty())
        throw InputError("too_few_rows", "too few distinct rows to compare numbers of clusters");
      sum.json["choice"] = ml::to_json(c.choice);
      sum.text += choice_text(c.choice);
      ko.k = c.choice.suggested_k;
    } else {
      ko.k = static_cast<int>(std::min<uint64_t>(*s.k, INT32_MAX));
    }
    const ClusterAnalysis a = wb.ml_kmeans(fo, ko);
    sum.json.update(to_json(a));
    sum.text += format_analysis_text(a);
    added = result_columns(a);
  } else if (s.method == "dbscan") {
    const DbscanAnalysis a = wb.ml_dbscan(
        fo, s.eps.value_or(0), static_cast<int>(std::min<uint64_t>(s.min_samples, 1u << 30)));
    sum.json.update(to_json(a));
    sum.text += format_analysis_text(a);
    added = result_columns(a);
  } else if (s.method == "pca") {
    const PcaAnalysis a = wb.ml_pca(fo);
    sum.json.update(to_json(a));
    sum.text += format_analysis_text(a);
    added = result_columns(a);
  } else if (s.method == "anomaly") {
    ml::IForestOptions io_opts;
    io_opts.seed = s.seed;
    const AnomalyAnalysis a =
        s.detector == "lof"
            ? wb.ml_lof(fo, static_cast<int>(std::min<uint64_t>(s.neighbors, 1u << 30)), s.top)
            : wb.ml_anomalies(fo, io_opts, s.top);
    sum.json.update(to_json(a));
    sum.text += format_analysis_text(a);
    added = result_columns(a);
  } else {
    ml::TreeOptions to;
    to.seed = s.seed;
    to.max_depth = static_cast<int>(s.max_depth);
    to.min_samples_leaf = static_cast<int>(std::min<uint64_t>(s.min_leaf, 1u << 30));
    if (s.top_share > 0) require_numeric(wb.table(), {s.target});
    const TreeAnalysis a = wb.ml_tree(fo, s.target, s.top_share, to);
    sum.json.update(to_json(a));
    sum.text += format_analysis_text(a);
    added = result_columns(a);
  }
  const std::vector<std::string> names = add_result(wb, std::move(added), op);
  write_output(io, s, wb);
  sum.json["added_columns"] = names;
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  sum.text += "added columns: " + list + "\n";
  io.out(s.json ? sum.json.dump(2) + "\n" : sum.text);
  return 0;
}

}  // namespace crm::cli
