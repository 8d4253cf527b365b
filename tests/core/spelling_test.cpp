// Spelling clusters (core/src/standardize/spelling.cpp), their merge step, the dropped-rows file
// and the command-line options `suggest --clusters` and `clean --dropped`.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "crm/report.h"
#include "crm/spelling.h"
#include "crm/workbench.h"
#include "mem_io.h"
#include "test_util.h"

namespace crm {
namespace {

void load(Workbench& wb, const std::string& csv) {
  wb.begin_load({});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  wb.profile();
}

RecipeStep step(const char* json) {
  return parse_recipe_step(nlohmann::json::parse(json), 1);
}

std::string export_csv(const Workbench& wb) {
  std::string out;
  wb.export_table({}, [&](std::string_view b) { out.append(b); });
  return out;
}

Column column(const std::vector<std::string>& values) {
  Table t = test::make_table({{"c", values}});
  return t.columns[0].clone();
}

TEST(Spelling, FingerprintGroupsByRowsWithTheMostFrequentAsTarget) {
  Column c = column({"New York", "new york", "Boston", "New York", "NEW YORK!", "boston ", "",
                     "!!!", "???", "Chicago", "New York", "York, New", "N/A", "Boston"});
  SpellingClusters s = spelling_clusters(c, ClusterMethod::Fingerprint);
  EXPECT_EQ(s.rows, 14u);
  EXPECT_EQ(s.values, 12u);  // "" and N/A are missing
  EXPECT_EQ(s.distinct, 9u);
  ASSERT_EQ(s.clusters.size(), 2u);  // "!!!" and "???" have an empty key: never a group
  const SpellingCluster& ny = s.clusters[0];
  EXPECT_EQ(ny.key, "new york");
  EXPECT_EQ(ny.rows, 6u);
  EXPECT_EQ(ny.target, "New York");
  ASSERT_EQ(ny.spellings.size(), 4u);
  EXPECT_EQ(ny.spellings[0].value, "New York");
  EXPECT_EQ(ny.spellings[0].count, 3u);
  EXPECT_EQ(ny.spellings[1].value, "new york");  // ties: first seen first
  EXPECT_EQ(ny.spellings[1].first_row, 1u);
  EXPECT_EQ(ny.spellings[2].value, "NEW YORK!");
  EXPECT_EQ(ny.spellings[3].value, "York, New");
  EXPECT_EQ(s.clusters[1].key, "boston");
  EXPECT_EQ(s.clusters[1].target, "Boston");
  EXPECT_EQ(s.groups, 2u);
  EXPECT_EQ(s.affected, 9u);
}

TEST(Spelling, NgramAndMetaphoneKeys) {
  Column c = column(
      {"Silverline Inc.", "Silver line inc", "SILVERLINE INC", "Smith", "Smyth", "Śmith", "Jones"});
  SpellingClusters n = spelling_clusters(c, ClusterMethod::Ngram);
  ASSERT_GE(n.clusters.size(), 1u);
  EXPECT_EQ(n.clusters[0].spellings.size(), 3u);
  EXPECT_EQ(n.clusters[0].target, "Silverline Inc.");
  SpellingClusters m = spelling_clusters(c, ClusterMethod::DoubleMetaphone);
  bool smith = false;
  for (const auto& g : m.clusters)
    if (g.key == "SM0") {
      smith = true;
      EXPECT_EQ(g.spellings.size(), 3u);  // Smith, Smyth and Śmith (accents folded first)
    }
  EXPECT_TRUE(smith);
  SpellingOptions one;
  one.max_groups = 1;
  one.max_spellings = 2;
  SpellingClusters cut = spelling_clusters(c, ClusterMethod::DoubleMetaphone, one);
  EXPECT_EQ(cut.clusters.size(), 1u);
  EXPECT_EQ(cut.groups, m.groups);
  EXPECT_EQ(cut.clusters[0].spellings.size(), 2u);
  EXPECT_EQ(cut.clusters[0].spelling_count, 3u);
  EXPECT_EQ(cut.clusters[0].rows, 3u);
}

TEST(Spelling, MethodNamesAndCancel) {
  ClusterMethod m;
  EXPECT_TRUE(parse_cluster_method("fingerprint", m));
  EXPECT_EQ(m, ClusterMethod::Fingerprint);
  EXPECT_TRUE(parse_cluster_method("ngram", m));
  EXPECT_EQ(std::string(cluster_method_name(m)), "ngram");
  EXPECT_TRUE(parse_cluster_method("double_metaphone", m));
  EXPECT_EQ(std::string(cluster_method_name(m)), "metaphone");
  EXPECT_FALSE(parse_cluster_method("soundex", m));
  std::atomic<bool> cancel{true};
  Column c = column({"a", "A"});
  EXPECT_THROW(spelling_clusters(c, ClusterMethod::Fingerprint, {}, {}, &cancel), Cancelled);
}

TEST(Spelling, MergeStepReplacesTheGroupAndTheGroupIsGone) {
  Workbench wb;
  load(wb, "city,n\nNew York,1\nnew york,2\n NEW YORK ,3\nBoston,4\nNew York,5\n");
  SpellingClusters s = wb.spelling_clusters("city", ClusterMethod::Fingerprint);
  ASSERT_EQ(s.clusters.size(), 1u);
  std::vector<std::string> from;
  for (const auto& x : s.clusters[0].spellings) from.push_back(x.value);
  RecipeStep merge = merge_spellings_step("city", from, s.clusters[0].target);
  EXPECT_EQ(to_json(merge).dump(),
            R"({"op":"replace","column":"city","map":{" NEW YORK ":"New York",)"
            R"("new york":"New York"}})");
  const HistoryEntry& e = wb.apply_step(merge);
  EXPECT_EQ(e.changed, 2u);
  EXPECT_EQ(export_csv(wb),
            "city,n\r\nNew York,1\r\nNew York,2\r\nNew York,3\r\nBoston,4\r\nNew York,5\r\n");
  EXPECT_TRUE(wb.spelling_clusters("city", ClusterMethod::Fingerprint).clusters.empty());
  try {
    wb.spelling_clusters("town", ClusterMethod::Fingerprint);
    FAIL();
  } catch (const InputError& err) {
    EXPECT_EQ(err.code(), "missing_column");
    EXPECT_NE(std::string(err.what()).find("city, n"), std::string::npos) << err.what();
  }
  auto j = to_json(wb.spelling_clusters("n", ClusterMethod::Ngram));
  EXPECT_EQ(j["method"], "ngram");
  EXPECT_EQ(j["ngram"], 2);
  EXPECT_TRUE(j["clusters"].empty());
}

TEST(Spelling, DroppedRowsKeepTheirOriginalRowNumbers) {
  Workbench wb;
  load(wb, "name,email\nann,\nbob,B@X.COM\n,c@x.com\ndan,d@x.com\n\"e, f\",\n");
  std::string none;
  wb.dropped_rows([&](std::string_view b) { none.append(b); });
  EXPECT_EQ(none, "row,name,email\r\n");
  wb.apply_step(step(R"({"op":"case","column":"name","mode":"upper"})"));
  wb.apply_step(step(R"({"op":"drop_rows","column":"email","rule":{"check":"not_null"}})"));
  wb.apply_step(step(R"({"op":"drop_rows","column":"name","rule":{"check":"not_null"}})"));
  std::string dropped;
  wb.dropped_rows([&](std::string_view b) { dropped.append(b); });
  // Rows 0 and 4 by the first drop, row 2 (the third of the file) by the second; values as
  // loaded, in file order.
  EXPECT_EQ(dropped, "row,name,email\r\n0,ann,\r\n2,,c@x.com\r\n4,\"e, f\",\r\n");
  wb.undo();  // the second drop is undone: its row is no longer listed
  dropped.clear();
  wb.dropped_rows([&](std::string_view b) { dropped.append(b); });
  EXPECT_EQ(dropped, "row,name,email\r\n0,ann,\r\n4,\"e, f\",\r\n");
}

using test::MemIo;

TEST(SpellingCli, SuggestClustersTextAndJson) {
  MemIo io;
  io.files["in.csv"] = "city\nParis\nparis\nPARIS\nParis\nLyon\n";
  ASSERT_EQ(cli::run({"suggest", "in.csv", "--clusters", "city"}, io), 0) << io.err_text;
  EXPECT_EQ(io.out_text,
            "column \"city\", fingerprint keys: 1 group of similar spellings in 4 rows (4 distinct "
            "values in 5 non-missing of 5 rows)\n"
            "1. 4 rows, 3 spellings, key \"paris\" -> \"Paris\"\n"
            "   2  \"Paris\"\n"
            "   1  \"paris\"\n"
            "   1  \"PARIS\"\n"
            "(--json adds a replace step per group; merge a group with crmwb clean --recipe)\n");
  io.out_text.clear();
  ASSERT_EQ(
      cli::run({"suggest", "in.csv", "--clusters", "city", "--method", "metaphone", "--json"}, io),
      0);
  auto j = nlohmann::json::parse(io.out_text);
  EXPECT_EQ(j["method"], "metaphone");
  EXPECT_EQ(j["clusters"][0]["step"]["map"]["PARIS"], "Paris");
  EXPECT_EQ(cli::run({"suggest", "in.csv", "--clusters", "town"}, io), 1);
  EXPECT_NE(io.err_text.find("no column \"town\""), std::string::npos) << io.err_text;
  EXPECT_EQ(cli::run({"suggest", "in.csv", "--clusters", "city", "--method", "soundex"}, io), 2);
  EXPECT_EQ(cli::run({"suggest", "in.csv", "--method", "ngram"}, io), 2);
}

TEST(SpellingCli, CleanWritesDroppedRows) {
  MemIo io;
  io.files["in.csv"] = "name,email\nann,\nbob,b@x.com\n";
  io.files["r.json"] =
      R"({"crmwb_recipe":1,"steps":[{"op":"drop_rows","column":"email","rule":{"check":"not_null"}}]})";
  ASSERT_EQ(
      cli::run({"clean", "in.csv", "--recipe", "r.json", "--out", "o.csv", "--dropped", "d.csv"},
               io),
      0)
      << io.err_text;
  EXPECT_EQ(io.files["o.csv"], "name,email\r\nbob,b@x.com\r\n");
  EXPECT_EQ(io.files["d.csv"], "row,name,email\r\n0,ann,\r\n");
  EXPECT_EQ(cli::run({"clean", "in.csv", "--recipe", "r.json", "--out", "o.csv", "--dropped"}, io),
            2);
}

}  // namespace
}  // namespace crm
