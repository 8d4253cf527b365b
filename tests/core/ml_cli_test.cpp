// crmwb segment --method kmeans|dbscan|pca|anomaly|tree and crmwb analyze through the CLI driver
// with an in-memory host: the printed JSON equals the facade's (whose numbers the scikit-learn,
// scipy and pandas oracles in tests/ml/ check), OUT is the customers plus the added columns with
// every row kept, and bad input or usage gets a clear message and its exit status.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "app.h"
#include "crm/analysis.h"
#include "crm/csv.h"
#include "crm/ml_report.h"
#include "crm/ml_stats.h"
#include "crm/workbench.h"
#include "mem_io.h"

using crm::test::MemIo;
using nlohmann::json;

namespace {

/// 240 customers in three groups by spend and visits, some cells missing or not numbers; a
/// categorical tier and country.
std::string customers_csv() {
  std::string csv = "id,spend,visits,age,tier,country\n";
  crm::ml::Rng rng(11);
  for (int i = 0; i < 240; ++i) {
    const int g = i % 3;
    const double spend = (g == 0 ? 40 : g == 1 ? 400 : 2500) * (0.7 + 0.6 * rng.uniform());
    const int visits = (g == 0 ? 1 : g == 1 ? 6 : 20) + static_cast<int>(rng.below(4));
    const int age = 20 + static_cast<int>(rng.below(50));
    const char* tier = g == 2 ? "gold" : g == 1 ? "silver" : "basic";
    char line[160];
    std::snprintf(line, sizeof line, "C%d,%s,%s,%d,%s,%s\n", 1000 + i,
                  i == 7   ? ""
                  : i == 8 ? "free"
                           : std::to_string(spend).c_str(),
                  i == 9 ? "" : std::to_string(visits).c_str(), age, tier,
                  rng.below(2) ? "DE" : "FR");
    csv += line;
  }
  return csv;
}

std::string orders_csv() {
  std::string csv = "order_id,customer_id,order_date,amount\n";
  crm::ml::Rng rng(5);
  int n = 0;
  for (int i = 0; i < 240; i += 1 + static_cast<int>(i % 4 == 0)) {
    const int orders = 1 + static_cast<int>(rng.below(i % 3 == 2 ? 9 : 3));
    for (int k = 0; k < orders; ++k) {
      const int day = 1 + static_cast<int>(rng.below(28));
      const int month = 1 + static_cast<int>(rng.below(12));
      char line[96];
      std::snprintf(line, sizeof line, "O%d,C%d,2025-%02d-%02d,%d.50\n", ++n, 1000 + i, month, day,
                    10 + static_cast<int>(rng.below(300)));
      csv += line;
    }
  }
  return csv;
}

void load_into(crm::Workbench& wb, const std::string& csv) {
  wb.begin_load(crm::CsvOptions{});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
}

crm::Table read_csv(const std::string& csv) {
  crm::CsvReader r;
  r.feed(csv.data(), csv.size());
  return r.finish();
}

/// Runs crmwb with the test files; returns the exit status.
struct Cli {
  MemIo io;
  Cli() {
    io.files["c.csv"] = customers_csv();
    io.files["o.csv"] = orders_csv();
  }
  int run(std::vector<std::string> args) {
    io.out_text.clear();
    io.err_text.clear();
    return crm::cli::run(args, io);
  }
  json out_json() const { return json::parse(io.out_text); }
};

crm::ml::FeatureOptions features(std::vector<std::string> cols) {
  crm::ml::FeatureOptions f;
  f.columns = std::move(cols);
  return f;
}

/// Column `name` of `t` as strings.
std::vector<std::string> column(const crm::Table& t, const std::string& name) {
  const size_t c = crm::ml::column_index(t, name);
  std::vector<std::string> v;
  for (size_t r = 0; r < t.rows; ++r) v.emplace_back(t.columns[c].value(r));
  return v;
}

/// `j` without the keys the CLI adds around the facade's JSON.
json facade_part(json j) {
  for (const char* k : {"method", "rows", "orders", "added_columns", "choice"}) j.erase(k);
  return j;
}

}  // namespace

TEST(MlCli, KMeansJsonAndColumnEqualTheFacade) {
  Cli cli;
  ASSERT_EQ(cli.run({"segment", "c.csv", "--method", "kmeans", "--columns", "spend,visits", "--k",
                     "3", "--seed", "2", "--out", "k.csv", "--json"}),
            0)
      << cli.io.err_text;
  const json j = cli.out_json();
  crm::Workbench wb;
  load_into(wb, customers_csv());
  crm::ml::KMeansOptions ko;
  ko.k = 3;
  ko.seed = 2;
  const crm::ClusterAnalysis a = wb.ml_kmeans(features({"spend", "visits"}), ko);
  EXPECT_EQ(facade_part(j), crm::to_json(a));
  EXPECT_EQ(j["method"], "kmeans");
  EXPECT_EQ(j["added_columns"], json::array({"cluster"}));
  // Imputation is reported: one missing and one non-number spend, one missing visits.
  EXPECT_EQ(j["features"]["columns"][0]["imputed"], 2);
  EXPECT_EQ(j["features"]["columns"][0]["unparsable"], 1);
  EXPECT_EQ(j["features"]["columns"][1]["imputed"], 1);
  const crm::Table out = read_csv(cli.io.files["k.csv"]);
  ASSERT_EQ(out.rows, 240u);
  EXPECT_EQ(out.names().back(), "cluster");
  const std::vector<std::string> labels = column(out, "cluster");
  for (size_t r = 0; r < out.rows; ++r) ASSERT_EQ(labels[r], std::to_string(a.kmeans.labels[r]));
  EXPECT_EQ(column(out, "spend"), column(read_csv(customers_csv()), "spend"));
}

TEST(MlCli, KMeansAutoUsesTheSuggestedK) {
  Cli cli;
  ASSERT_EQ(cli.run({"segment", "c.csv", "--method", "kmeans", "--columns", "spend,visits", "--log",
                     "spend", "--out", "k.csv", "--json"}),
            0)
      << cli.io.err_text;
  const json j = cli.out_json();
  crm::Workbench wb;
  load_into(wb, customers_csv());
  crm::ml::FeatureOptions f = features({"spend", "visits"});
  f.log_columns = {"spend"};
  const crm::KChoiceAnalysis c = wb.ml_choose_k(f, {});
  EXPECT_EQ(j["choice"], crm::ml::to_json(c.choice));
  EXPECT_EQ(j["kmeans"]["k"], c.choice.suggested_k);
  EXPECT_EQ(c.choice.suggested_k, 3);
  EXPECT_TRUE(j["features"]["columns"][0]["log"].get<bool>());
  ASSERT_EQ(cli.run({"segment", "c.csv", "--method", "kmeans", "--columns", "spend,visits", "--log",
                     "spend", "--out", "k.csv"}),
            0);
  EXPECT_NE(cli.io.out_text.find("<- suggested (highest silhouette)"), std::string::npos)
      << cli.io.out_text;
  EXPECT_NE(cli.io.out_text.find("k-means: k=3"), std::string::npos);
}

TEST(MlCli, PcaDbscanAnomalyTreeEqualTheFacade) {
  Cli cli;
  crm::Workbench wb;
  load_into(wb, customers_csv());
  const auto f = features({"spend", "visits", "age"});
  const std::vector<std::string> base = {"segment",          "c.csv",  "--columns",
                                         "spend,visits,age", "--json", "--out"};
  auto run = [&](const std::string& method, const std::string& out,
                 std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.push_back(out);
    args.push_back("--method");
    args.push_back(method);
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_EQ(cli.run(args), 0) << cli.io.err_text;
    return cli.out_json();
  };
  const json pca = run("pca", "p.csv", {});
  EXPECT_EQ(facade_part(pca), crm::to_json(wb.ml_pca(f)));
  EXPECT_EQ(read_csv(cli.io.files["p.csv"]).names().back(), "pc2");

  const json db = run("dbscan", "d.csv", {});  // eps auto, min_samples 5
  EXPECT_EQ(facade_part(db), crm::to_json(wb.ml_dbscan(f, 0, 5)));
  EXPECT_TRUE(db.contains("eps_suggestion"));
  const json db2 = run("dbscan", "d2.csv", {"--eps", "0.5", "--min-samples", "4"});
  EXPECT_EQ(facade_part(db2), crm::to_json(wb.ml_dbscan(f, 0.5, 4)));

  const json an = run("anomaly", "a.csv", {"--top", "5", "--seed", "3"});
  crm::ml::IForestOptions io;
  io.seed = 3;
  EXPECT_EQ(facade_part(an), crm::to_json(wb.ml_anomalies(f, io, 5)));
  const crm::Table a = read_csv(cli.io.files["a.csv"]);
  EXPECT_EQ(a.names().back(), "anomaly_score");
  EXPECT_EQ(a.rows, 240u);

  const json lof =
      run("anomaly", "l.csv", {"--detector", "lof", "--neighbors", "10", "--top", "5"});
  EXPECT_EQ(facade_part(lof), crm::to_json(wb.ml_lof(f, 10, 5)));
  EXPECT_EQ(lof["detector"], "lof");
  EXPECT_EQ(lof["neighbors"], 10);
  EXPECT_EQ(read_csv(cli.io.files["l.csv"]).names().back(), "lof_score");

  const json tree = run("tree", "t.csv", {"--target", "tier", "--max-depth", "3"});
  crm::ml::TreeOptions to;
  to.max_depth = 3;
  EXPECT_EQ(facade_part(tree), crm::to_json(wb.ml_tree(f, "tier", 0, to)));
  EXPECT_GT(tree["tree"]["test_accuracy"].get<double>(), 0.9);
  EXPECT_EQ(read_csv(cli.io.files["t.csv"]).names().back(), "predicted_tier");

  std::vector<std::string> args = {"segment", "c.csv",    "--columns",  "visits,age",
                                   "--json",  "--out",    "t2.csv",     "--method",
                                   "tree",    "--target", "top20:spend"};
  ASSERT_EQ(cli.run(args), 0) << cli.io.err_text;
  EXPECT_EQ(facade_part(cli.out_json()),
            crm::to_json(wb.ml_tree(features({"visits", "age"}), "spend", 0.2, {})));
  EXPECT_EQ(read_csv(cli.io.files["t2.csv"]).names().back(), "predicted_top_20_of_spend");
}

TEST(MlCli, OrdersAreJoinedFirstAndUsableAsFeatures) {
  Cli cli;
  ASSERT_EQ(cli.run({"segment", "c.csv", "--orders", "o.csv", "--method", "kmeans", "--k", "2",
                     "--columns", "recency_days,frequency,monetary", "--out", "k.csv", "--json",
                     "--reference-date", "2026-01-01"}),
            0)
      << cli.io.err_text;
  const json j = cli.out_json();
  EXPECT_EQ(j["orders"]["reference_date"], "2026-01-01");
  EXPECT_EQ(j["orders"]["added_columns"].size(), 7u);
  // Customers without orders have no recency: filled with the median and reported.
  const uint64_t without = j["orders"]["match"]["customers_without_orders"];
  EXPECT_GT(without, 0u);
  EXPECT_EQ(j["features"]["columns"][0]["name"], "recency_days");
  EXPECT_EQ(j["features"]["columns"][0]["imputed"], without);
  const crm::Table out = read_csv(cli.io.files["k.csv"]);
  EXPECT_EQ(out.rows, 240u);
  const std::vector<std::string> names = out.names();
  EXPECT_EQ(names[names.size() - 2], "rfm_segment");
  EXPECT_EQ(names.back(), "cluster");
  // The same numbers as the facade on the joined table.
  crm::Workbench wb;
  load_into(wb, customers_csv());
  crm::Workbench orders;
  load_into(orders, orders_csv());
  crm::SegmentOptions so;
  so.reference_day = 20454;  // 2026-01-01
  wb.add_columns(wb.segment(orders.table(), so).table, "segment_rfm", false);
  crm::ml::KMeansOptions ko;
  ko.k = 2;
  EXPECT_EQ(facade_part(j),
            crm::to_json(wb.ml_kmeans(features({"recency_days", "frequency", "monetary"}), ko)));
}

TEST(MlCli, ExcludedRowsKeepAnEmptyCell) {
  Cli cli;
  ASSERT_EQ(cli.run({"segment", "c.csv", "--method", "pca", "--columns", "spend,visits", "--impute",
                     "exclude", "--out", "p.csv"}),
            0)
      << cli.io.err_text;
  EXPECT_NE(cli.io.out_text.find("3 rows left out"), std::string::npos) << cli.io.out_text;
  const crm::Table out = read_csv(cli.io.files["p.csv"]);
  ASSERT_EQ(out.rows, 240u);
  const std::vector<std::string> pc1 = column(out, "pc1");
  EXPECT_EQ(pc1[7], "");
  EXPECT_EQ(pc1[8], "");
  EXPECT_EQ(pc1[9], "");
  EXPECT_NE(pc1[10], "");
}

TEST(MlCli, AnalyzeEqualsTheStatistics) {
  Cli cli;
  const crm::Table t = read_csv(customers_csv());
  ASSERT_EQ(cli.run({"analyze", "c.csv", "--method", "correlation", "--columns", "spend,visits,age",
                     "--json"}),
            0)
      << cli.io.err_text;
  EXPECT_EQ(cli.out_json()["correlation"],
            crm::ml::to_json(crm::ml::correlations(t, {"spend", "visits", "age"})));
  ASSERT_EQ(cli.run({"analyze", "c.csv", "--method", "groupby", "--by", "tier,country", "--value",
                     "spend", "--json"}),
            0);
  EXPECT_EQ(cli.out_json()["groupby"],
            crm::ml::to_json(crm::ml::group_by(t, {"tier", "country"}, "spend")));
  ASSERT_EQ(cli.run({"analyze", "c.csv", "--method", "crosstab", "--by", "tier,country", "--json"}),
            0);
  EXPECT_EQ(cli.out_json()["crosstab"], crm::ml::to_json(crm::ml::crosstab(t, "tier", "country")));
  ASSERT_EQ(cli.run({"analyze", "c.csv", "--method", "regression", "--target", "spend", "--columns",
                     "visits,age", "--json"}),
            0);
  EXPECT_EQ(cli.out_json()["regression"],
            crm::ml::to_json(crm::ml::linear_regression(t, "spend", {"visits", "age"})));
  // Text summaries.
  ASSERT_EQ(cli.run({"analyze", "c.csv", "--method", "crosstab", "--by", "tier,country"}), 0);
  EXPECT_NE(cli.io.out_text.find("chi-square"), std::string::npos) << cli.io.out_text;
  ASSERT_EQ(cli.run({"analyze", "c.csv", "--orders", "o.csv", "--method", "groupby", "--by",
                     "rfm_segment", "--value", "monetary"}),
            0);
  EXPECT_NE(cli.io.out_text.find("No orders"), std::string::npos) << cli.io.out_text;
  ASSERT_EQ(cli.run({"analyze", "c.csv", "--method", "regression", "--target", "spend", "--columns",
                     "visits"}),
            0);
  EXPECT_NE(cli.io.out_text.find("R² "), std::string::npos) << cli.io.out_text;
}

struct BadCase {
  const char* name;
  std::vector<std::string> args;
  int status;
  std::string message;
};

class MlCliBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(MlCliBad, StatusAndMessage) {
  Cli cli;
  cli.io.files["one.csv"] = "a,b\n1,2\n";
  std::string big = "a,b\n";
  for (int i = 0; i <= 1000; ++i) {
    big.append("x").append(std::to_string(i)).append(",y").append(std::to_string(i)).append("\n");
  }
  cli.io.files["big.csv"] = big;
  const BadCase& c = GetParam();
  EXPECT_EQ(cli.run(c.args), c.status);
  EXPECT_NE(cli.io.err_text.find(c.message), std::string::npos) << cli.io.err_text;
  EXPECT_EQ(cli.io.files.count("x.csv"), 0u) << "no output on an error";
}

INSTANTIATE_TEST_SUITE_P(
    MlCli, MlCliBad,
    ::testing::Values(
        BadCase{"unknown_column",
                {"segment", "c.csv", "--method", "kmeans", "--columns", "nope", "--out", "x.csv"},
                1,
                "c.csv: column 'nope' is not in the table"},
        BadCase{
            "text_column",
            {"segment", "c.csv", "--method", "pca", "--columns", "spend,tier", "--out", "x.csv"},
            1,
            "column 'tier' is not numeric: 0 of its 240 values are numbers (data row 1 holds "
            "'basic')"},
        BadCase{"k_too_large",
                {"segment", "c.csv", "--method", "kmeans", "--columns", "spend", "--k", "500",
                 "--out", "x.csv"},
                1,
                "k = 500 is larger than the 240 rows"},
        BadCase{"one_row",
                {"segment", "one.csv", "--method", "anomaly", "--columns", "a,b", "--out", "x.csv"},
                1,
                "the file has 1 data rows: segment --method anomaly needs at least 2"},
        BadCase{"no_columns",
                {"segment", "c.csv", "--method", "kmeans", "--out", "x.csv"},
                2,
                "needs --columns a,b,c"},
        BadCase{"k_zero",
                {"segment", "c.csv", "--method", "kmeans", "--columns", "spend", "--k", "0",
                 "--out", "x.csv"},
                2,
                "--k takes a number of clusters from 1 up, or auto"},
        BadCase{"bad_eps",
                {"segment", "c.csv", "--method", "dbscan", "--columns", "spend", "--eps", "-1",
                 "--out", "x.csv"},
                2,
                "--eps takes a distance above 0, or auto"},
        BadCase{"tree_without_target",
                {"segment", "c.csv", "--method", "tree", "--columns", "spend", "--out", "x.csv"},
                2,
                "needs --target COLUMN"},
        BadCase{"target_in_columns",
                {"segment", "c.csv", "--method", "tree", "--columns", "spend,visits", "--target",
                 "top20:spend", "--out", "x.csv"},
                2,
                "is also in --columns"},
        BadCase{"bad_top",
                {"segment", "c.csv", "--method", "tree", "--columns", "visits", "--target",
                 "top100:spend", "--out", "x.csv"},
                2,
                "takes N from 1 to 99"},
        BadCase{"log_not_a_feature",
                {"segment", "c.csv", "--method", "pca", "--columns", "spend", "--log", "visits",
                 "--out", "x.csv"},
                2,
                "--log column 'visits' is not one of --columns"},
        BadCase{"bad_impute",
                {"segment", "c.csv", "--method", "pca", "--columns", "spend", "--impute", "zero",
                 "--out", "x.csv"},
                2,
                "--impute takes median, mean or exclude"},
        BadCase{"analyze_without_method", {"analyze", "c.csv"}, 2, "analyze needs --method"},
        BadCase{"analyze_crosstab_one_column",
                {"analyze", "c.csv", "--method", "crosstab", "--by", "tier"},
                2,
                "needs --by ROWS,COLUMNS"},
        BadCase{"analyze_text_correlation",
                {"analyze", "c.csv", "--method", "correlation", "--columns", "spend,country"},
                1,
                "column 'country' is not numeric"},
        BadCase{"analyze_crosstab_of_ids",
                {"analyze", "big.csv", "--method", "crosstab", "--by", "a,b"},
                1,
                "a cross-tab of a (1,001 values) by b (1,001 values) would have more than "
                "1,000,000 cells"},
        BadCase{"analyze_unknown_by",
                {"analyze", "c.csv", "--method", "groupby", "--by", "nope", "--value", "spend"},
                1,
                "nope"}),
    [](const auto& info) { return std::string(info.param.name); });
