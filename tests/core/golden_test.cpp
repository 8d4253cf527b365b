// Tests of golden records: survivorship rules, lineage, unmerge / take a row out, rules JSON, and
// (GoldenOracle) a pandas oracle on a generated file with the generator's truth as clusters.
#include "crm/golden.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crm/csv.h"
#include "crm/generate.h"
#include "crm/profile.h"
#include "test_util.h"

namespace {

using crm::SurvivorRule;
using crm::test::make_table;
using crm::test::render;

// Four rows: rows 0, 2, 3 are one customer, row 1 another.
crm::Table sample() {
  return make_table({
      {"name", {"Bob Smith", "Ann Lee", "Robert Smith", "Bob  Smith"}},
      {"email", {"bob@x.com", "ann@y.org", "", "BOB@X.COM"}},
      {"phone", {"", "555-0101", "+1 555 0100", "555 0100"}},
      {"city", {"Springfield", "Shelbyville", "Springfield", "springfield"}},
      {"source", {"web", "crm", "crm", "shop"}},
      {"updated_at", {"2021-03-01", "2020-01-01", "2019-12-31", "2022-06-15"}},
  });
}

const std::vector<uint64_t> kClusters = {0, 1, 0, 0};

struct RuleCase {
  const char* name;
  crm::ColumnRule rule;
  const char* want_value;  // the golden value of the Smith cluster (record 0)
  uint64_t want_row;       // its source row
};

class GoldenRules : public ::testing::TestWithParam<RuleCase> {};

TEST_P(GoldenRules, PicksTheSurvivor) {
  const RuleCase& c = GetParam();
  crm::SurvivorshipRules rules;
  rules.default_rule = SurvivorRule::First;
  rules.date_column = "updated_at";
  rules.columns.push_back(c.rule);
  const crm::Table t = sample();
  const crm::GoldenResult g = crm::build_golden_records(t, kClusters, rules);
  size_t col = 0;
  while (t.columns[col].name() != c.rule.column) ++col;
  EXPECT_EQ(g.table.columns[col].value(0), c.want_value);
  EXPECT_EQ(g.lineage.source_row(0, col), c.want_row);
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Rules, GoldenRules,
    ::testing::Values(
        RuleCase{"first_skips_missing", {"phone", SurvivorRule::First, {}, {}, {}}, "+1 555 0100", 2},
        RuleCase{"most_recent", {"email", SurvivorRule::MostRecent, {}, {}, {}}, "BOB@X.COM", 3},
        RuleCase{"most_recent_missing_never_wins", {"phone", SurvivorRule::MostRecent, {}, {}, {}},
                 "555 0100", 3},
        RuleCase{"oldest", {"name", SurvivorRule::Oldest, {}, {}, {}}, "Robert Smith", 2},
        RuleCase{"oldest_skips_missing", {"email", SurvivorRule::Oldest, {}, {}, {}}, "bob@x.com", 0},
        RuleCase{"longest", {"name", SurvivorRule::Longest, {}, {}, {}}, "Robert Smith", 2},
        RuleCase{"most_frequent_tie_first_seen", {"city", SurvivorRule::MostFrequent, {}, {}, {}},
                 "Springfield", 0},
        RuleCase{"most_complete", {"name", SurvivorRule::MostComplete, {}, {}, {}}, "Bob  Smith", 3},
        RuleCase{"source_priority", {"name", SurvivorRule::SourcePriority, {}, "source", {"crm", "web"}},
                 "Robert Smith", 2},
        RuleCase{"source_priority_unlisted_last",
                 {"email", SurvivorRule::SourcePriority, {}, "source", {"crm", "shop"}}, "BOB@X.COM", 3},
        RuleCase{"own_date_column", {"email", SurvivorRule::MostRecent, "name", {}, {}}, "bob@x.com", 0}),
    [](const auto& info) { return std::string(info.param.name); });
// clang-format on

TEST(Golden, OutputTableAndLineage) {
  crm::SurvivorshipRules rules;
  rules.default_rule = SurvivorRule::MostRecent;
  rules.date_column = "updated_at";
  const crm::GoldenResult g = crm::build_golden_records(sample(), kClusters, rules);
  EXPECT_EQ(render(g.table),
            "name|email|phone|city|source|updated_at|cluster_id|source_rows\n"
            "Bob  Smith|BOB@X.COM|555 0100|springfield|shop|2022-06-15|0|0;2;3\n"
            "Ann Lee|ann@y.org|555-0101|Shelbyville|crm|2020-01-01|1|1\n");
  EXPECT_EQ(g.clusters, 2u);
  EXPECT_EQ(g.merged_groups, 1u);
  EXPECT_EQ(g.merged_rows, 3u);
  std::string csv;
  crm::write_lineage_csv(g.lineage, [&](std::string_view s) { csv.append(s); });
  EXPECT_EQ(csv,
            "record,cluster_id,column,source_row\n"
            "0,0,name,3\n0,0,email,3\n0,0,phone,3\n0,0,city,3\n0,0,source,3\n0,0,updated_at,3\n");
}

// Every cell missing in a cluster: the value of its first row (missing), lineage that row.
TEST(Golden, AllMissingKeepsFirstRow) {
  const crm::Table t = make_table({{"a", {"", "N/A", "x"}}, {"b", {"1", "2", "3"}}});
  const crm::GoldenResult g = crm::build_golden_records(t, {0, 0, 2}, {});
  EXPECT_EQ(render(g.table), "a|b|cluster_id|source_rows\n~|1|0|0;1\nx|3|2|2\n");
  EXPECT_EQ(g.lineage.source_row(0, 0), 0u);
}

// Labels other than the smallest row are accepted; the id becomes the smallest row, records
// in the order of their first rows.
TEST(Golden, AnyLabels) {
  const crm::Table t = make_table({{"a", {"p", "q", "r", "s"}}});
  const crm::GoldenResult g = crm::build_golden_records(t, {7, 9, 7, 9}, {});
  EXPECT_EQ(render(g.table), "a|cluster_id|source_rows\np|0|0;2\nq|1|1;3\n");
}

TEST(Golden, ExistingClusterIdColumnGetsAFreeName) {
  const crm::Table t = make_table({{"cluster_id", {"a", "b"}}});
  const crm::GoldenResult g = crm::build_golden_records(t, {0, 1}, {});
  EXPECT_EQ(g.table.columns[1].name(), "cluster_id_2");
}

struct ErrorCase {
  const char* name;
  const char* rules_json;
  const char* message_part;
};

class GoldenErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(GoldenErrors, ClearMessage) {
  const ErrorCase& c = GetParam();
  try {
    const auto rules = crm::survivorship_from_json(nlohmann::json::parse(c.rules_json));
    crm::build_golden_records(sample(), kClusters, rules);
    FAIL() << "no error";
  } catch (const crm::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
    EXPECT_EQ(e.code(), "bad_survivorship");
  }
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Errors, GoldenErrors,
    ::testing::Values(
        ErrorCase{"missing_column", R"({"columns":[{"column":"emial","rule":"first"}]})",
                  "the file has no column \"emial\""},
        ErrorCase{"missing_date_column", R"({"default":"most_recent","date_column":"modified"})",
                  "date column \"modified\""},
        ErrorCase{"no_date_column", R"({"default":"most_recent"})", "needs a date column"},
        ErrorCase{"unknown_rule", R"({"columns":[{"column":"name","rule":"newest"}]})",
                  "unknown rule \"newest\"; use one of most_recent"},
        ErrorCase{"source_without_order",
                  R"({"columns":[{"column":"name","rule":"source_priority","source_column":"source"}]})",
                  "needs \"source_order\""},
        ErrorCase{"source_column_missing",
                  R"({"columns":[{"column":"name","rule":"source_priority","source_column":"src","source_order":["a"]}]})",
                  "source column \"src\""},
        ErrorCase{"source_default", R"({"default":"source_priority"})", "cannot be the default"},
        ErrorCase{"two_rules", R"({"columns":[{"column":"name","rule":"first"},{"column":"name","rule":"longest"}]})",
                  "two survivorship rules"},
        ErrorCase{"not_object", R"([1,2])", "must be a JSON object"},
        ErrorCase{"unknown_field", R"({"defualt":"first"})", "unknown field \"defualt\""},
        ErrorCase{"rule_not_string", R"({"columns":[{"column":"name","rule":3}]})", "\"rule\" must be a string"},
        ErrorCase{"columns_not_array", R"({"columns":{}})", "must be an array"},
        ErrorCase{"day_first_type", R"({"day_first":"yes"})", "true or false"}),
    [](const auto& info) { return std::string(info.param.name); });
// clang-format on

TEST(Golden, ClusterCountMismatch) {
  try {
    crm::build_golden_records(sample(), {0, 1}, {});
    FAIL();
  } catch (const crm::InputError& e) {
    EXPECT_EQ(e.code(), "bad_clusters");
    EXPECT_NE(std::string(e.what()).find("2 entries for 4 rows"), std::string::npos);
  }
}

TEST(Golden, JsonRoundTrip) {
  crm::SurvivorshipRules r;
  r.default_rule = SurvivorRule::MostComplete;
  r.date_column = "updated_at";
  r.day_first = true;
  r.columns.push_back({"email", SurvivorRule::MostRecent, {}, {}, {}});
  r.columns.push_back({"name", SurvivorRule::SourcePriority, {}, "source", {"crm", "web"}});
  r.columns.push_back({"city", SurvivorRule::Oldest, "signup", {}, {}});
  const nlohmann::json j = crm::survivorship_to_json(r);
  const crm::SurvivorshipRules back = crm::survivorship_from_json(j);
  EXPECT_EQ(crm::survivorship_to_json(back), j);
  EXPECT_EQ(j["columns"][1]["source_order"][1], "web");
  EXPECT_EQ(j["default"], "most_complete");
}

TEST(Golden, Unmerge) {
  std::vector<uint64_t> c = {0, 1, 0, 0, 4, 4};
  EXPECT_EQ(crm::unmerge_cluster(c, 0), 3u);
  EXPECT_EQ(c, (std::vector<uint64_t>{0, 1, 2, 3, 4, 4}));
  EXPECT_THROW(crm::unmerge_cluster(c, 9), crm::InputError);
}

TEST(Golden, RemoveFromCluster) {
  std::vector<uint64_t> c = {0, 1, 0, 0, 4, 4};
  crm::remove_from_cluster(c, 2);  // not the id: the rest keep it
  EXPECT_EQ(c, (std::vector<uint64_t>{0, 1, 2, 0, 4, 4}));
  crm::remove_from_cluster(c, 0);  // the id leaves: the new smallest row is the id
  EXPECT_EQ(c, (std::vector<uint64_t>{0, 1, 2, 3, 4, 4}));
  crm::remove_from_cluster(c, 4);
  EXPECT_EQ(c, (std::vector<uint64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_THROW(crm::remove_from_cluster(c, 6), crm::InputError);
}

TEST(Golden, SuggestFromProfile) {
  const crm::Table t = crm::read_csv(
      "id,name,email,phone,city,last_updated\n"
      "1,Bob,bob@x.com,+1 202 555 0100,Springfield,2021-03-01\n"
      "2,Ann,ann@y.org,+1 202 555 0101,Shelbyville,2020-01-01\n"
      "3,Cy,cy@z.net,+1 202 555 0102,Ogdenville,2022-06-15\n");
  const crm::Profile p = crm::profile_table(t);
  const crm::SurvivorshipRules r = crm::suggest_survivorship(p);
  EXPECT_EQ(r.date_column, "last_updated");
  EXPECT_EQ(r.default_rule, SurvivorRule::MostComplete);
  std::vector<std::string> recent;
  for (const auto& c : r.columns) {
    if (c.rule == SurvivorRule::MostRecent) recent.push_back(c.column);
  }
  EXPECT_EQ(recent, (std::vector<std::string>{"email", "phone", "city"}));
  crm::validate_survivorship(r, t);

  const crm::Table no_date = crm::read_csv("name,email\nBob,bob@x.com\nAnn,ann@y.org\n");
  const crm::SurvivorshipRules r2 = crm::suggest_survivorship(crm::profile_table(no_date));
  EXPECT_TRUE(r2.columns.empty());
  EXPECT_EQ(r2.default_rule, SurvivorRule::MostComplete);
}

// The pandas oracle: golden records of a generated file, with the generator's truth as the
// clusters, under most_frequent / most_complete / most_recent, agree cell for cell with an
// independent pandas implementation (tests/dedupe/golden_oracle.py).
TEST(GoldenOracle, MatchesPandas) {
  if (std::system("/usr/bin/python3 -c 'import pandas' 2>/dev/null") != 0) {
    GTEST_SKIP() << "python3-pandas is not installed";
  }
  const std::string dir = ::testing::TempDir();
  const std::string csv_path = dir + "golden_oracle_in.csv", truth_path = dir + "golden_truth.csv",
                    out_path = dir + "golden_oracle_out.csv";
  std::string csv, truth;
  crm::GenerateOptions o;
  o.rows = 20000;
  o.seed = 11;
  o.dup_rate = 0.3;
  crm::generate_customers(
      o, [&](std::string_view s) { csv.append(s); }, [&](std::string_view s) { truth.append(s); });
  std::ofstream(csv_path, std::ios::binary) << csv;
  std::ofstream(truth_path, std::ios::binary) << truth;

  const crm::Table t = crm::read_csv(csv);
  // Truth entity ids -> clusters (rows of one entity form a cluster).
  std::vector<uint64_t> clusters;
  std::istringstream in(truth);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) clusters.push_back(std::stoull(line.substr(line.find(',') + 1)));
  ASSERT_EQ(clusters.size(), t.rows);

  crm::SurvivorshipRules rules;
  rules.default_rule = SurvivorRule::MostComplete;
  rules.date_column = "last_updated";
  rules.columns.push_back({"email", SurvivorRule::MostRecent, {}, {}, {}});
  rules.columns.push_back({"phone", SurvivorRule::MostRecent, {}, {}, {}});
  rules.columns.push_back({"city", SurvivorRule::MostFrequent, {}, {}, {}});
  rules.columns.push_back({"first_name", SurvivorRule::MostFrequent, {}, {}, {}});
  const crm::GoldenResult g = crm::build_golden_records(t, clusters, rules);
  ASSERT_GT(g.merged_groups, 1000u);
  std::string out;
  for (size_t c = 0; c < g.table.columns.size(); ++c) {
    if (c) out += ',';
    crm::write_csv_field(out, g.table.columns[c].name());
  }
  out += '\n';
  for (size_t r = 0; r < g.table.rows; ++r) {
    for (size_t c = 0; c < g.table.columns.size(); ++c) {
      if (c) out += ',';
      crm::write_csv_field(out, g.table.columns[c].value(r));
    }
    out += '\n';
  }
  std::ofstream(out_path, std::ios::binary) << out;
  std::string lineage;
  crm::write_lineage_csv(g.lineage, [&](std::string_view s) { lineage.append(s); });
  std::ofstream(dir + "golden_lineage.csv", std::ios::binary) << lineage;

  const std::string cmd = "/usr/bin/python3 " CRM_SOURCE_DIR "/tests/dedupe/golden_oracle.py " +
                          csv_path + " " + truth_path + " " + out_path + " " + dir +
                          "golden_lineage.csv";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace
