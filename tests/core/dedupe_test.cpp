// Tests of the dedupe module: comparator levels, Jaro-Winkler against python3-jellyfish, EM on
// simulated comparison vectors, blocking against brute force, the chaining guard, the model
// round trip, bad input and the command line.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "crm/dedupe.h"
#include "crm/generate.h"
#include "crm/report.h"
#include "crm/text.h"
#include "crm/workbench.h"
#include "dedupe/internal.h"
#include "mem_io.h"
#include "test_util.h"

using namespace crm;
using crm::test::make_table;

namespace {

/// Profiles a table as the workbench does.
Profile profile_of(const Table& t) {
  ProfileOptions o;
  return profile_table(t, o);
}

/// A compared field.
CompareField field(const std::string& column, CompareKind kind, FieldRole role) {
  CompareField f;
  f.column = column;
  f.kind = kind;
  f.role = role;
  return f;
}

/// The level of the pair (0, 1) of a two-row table on a one-field model of `kind`.
std::string level_name(CompareKind kind, FieldRole role, const std::string& a,
                       const std::string& b) {
  Table t = make_table({{"x", {a, b}}});
  DedupeModel m;
  CompareField f;
  f.column = "x";
  f.kind = kind;
  f.role = role;
  m.fields.push_back(f);
  Profile p;
  const auto keys = dedupe::build_keys(m, t, p, nullptr, nullptr, nullptr);
  return compare_levels(kind)[dedupe::compare_level(keys, m, 0, 0, 1)];
}

}  // namespace

TEST(DedupeCompare, LevelsTable) {
  struct Case {
    const char* name;
    CompareKind kind;
    const char* a;
    const char* b;
    const char* level;
  };
  const Case cases[] = {
      {"name exact after folding", CompareKind::Name, "Émile", "EMILE", "exact"},
      {"name one typo", CompareKind::Name, "Jonathan", "Jonathon", "jw>=0.92"},
      {"name phonetic", CompareKind::Name, "Dwayne", "Duane", "phonetic"},
      {"name jw 0.92", CompareKind::Name, "Martha", "Marhta", "jw>=0.92"},
      {"name jw 0.88", CompareKind::Name, "Thomas", "Tomasz", "jw>=0.88"},
      {"name jw 0.70", CompareKind::Name, "Catherine", "Kathryn", "jw>=0.70"},
      {"name phonetic", CompareKind::Name, "Meyer", "Mair", "phonetic"},
      {"name initial", CompareKind::Name, "J", "Jonathan", "initial"},
      {"name else", CompareKind::Name, "Robert", "Zoe", "else"},
      {"name missing", CompareKind::Name, "", "Zoe", "missing"},
      {"name null token", CompareKind::Name, "NULL", "Zoe", "missing"},
      {"email case", CompareKind::Email, "Ann.Lee@Example.COM", "ann.lee@example.com", "exact"},
      {"email local part", CompareKind::Email, "ann.lee@gmail.com", "ann.lee@yahoo.com",
       "same local part"},
      {"email jw", CompareKind::Email, "ann.lee@gmail.com", "ann.le@gmail.com", "jw>=0.88"},
      {"email else", CompareKind::Email, "ann.lee@gmail.com", "bob@x.org", "else"},
      {"phone formats", CompareKind::Phone, "+1 415 555 2671", "(415) 555-2671", "exact"},
      {"phone last 7", CompareKind::Phone, "+1 415 555 2671", "+1 650 555 2671",
       "same last 7 digits"},
      {"phone else", CompareKind::Phone, "+1 415 555 2671", "+1 415 555 9999", "else"},
      {"date formats", CompareKind::Date, "1980-03-05", "19800305", "exact"},
      {"date one edit", CompareKind::Date, "1980-03-05", "1980-03-06", "one edit"},
      {"date day/month swapped", CompareKind::Date, "1980-03-05", "1980-05-03",
       "day/month swapped"},
      {"date within a year", CompareKind::Date, "1980-03-05", "1980-12-20", "within a year"},
      {"date else", CompareKind::Date, "1980-03-05", "1990-03-25", "else"},
      {"code dl 1", CompareKind::Code, "4011", "4012", "dl<=1"},
      {"code transposition", CompareKind::Code, "4011", "4101", "dl<=1"},
      {"code dl 2", CompareKind::Code, "4011", "4121", "dl<=2"},
      {"code spacing", CompareKind::Code, "T12 PTVF", "t12ptvf", "exact"},
      {"street abbreviation", CompareKind::Street, "12 Main St.", "12 main street", "exact"},
      {"street other number", CompareKind::Street, "Corso Cavour 323", "Corso Cavour 85", "else"},
      {"street word order", CompareKind::Street, "Bahnhof Platz 3", "Platz Bahnhof 3",
       "tokens>=0.6"},
      {"text jw", CompareKind::Text, "Melbourne", "Melborne", "jw>=0.92"},
      {"country names", CompareKind::Country, "Germany", "DE", "exact"},
      {"country else", CompareKind::Country, "Germany", "FR", "else"},
      {"number exact", CompareKind::Number, "12.50", "12.5", "exact"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(level_name(c.kind, FieldRole::Other, c.a, c.b), c.level) << c.name;
  }
}

TEST(DedupeCompare, SwappedNames) {
  Table t = make_table({{"first", {"Anna", "Smith"}}, {"last", {"Smith", "Anna"}}});
  DedupeModel m;
  m.fields.push_back(field("first", CompareKind::Name, FieldRole::GivenName));
  m.fields.push_back(field("last", CompareKind::Name, FieldRole::FamilyName));
  Profile p;
  const auto keys = dedupe::build_keys(m, t, p, nullptr, nullptr, nullptr);
  EXPECT_EQ(compare_levels(CompareKind::Name)[dedupe::compare_level(keys, m, 0, 0, 1)], "swapped");
  EXPECT_EQ(compare_levels(CompareKind::Name)[dedupe::compare_level(keys, m, 1, 0, 1)], "swapped");
}

TEST(DedupeCompare, JaroWinklerMatchesJellyfish) {
  // ASCII pairs of many lengths (the fast path), plus Unicode (the general path).
  std::mt19937 rng(5);
  std::vector<std::pair<std::string, std::string>> pairs;
  const char letters[] = "abcdeab xyz";
  for (int i = 0; i < 3000; ++i) {
    std::string a, b;
    const int la = static_cast<int>(rng() % 70), lb = static_cast<int>(rng() % 70);
    for (int k = 0; k < la; ++k) a += letters[rng() % 11];
    b = a.substr(0, std::min<int>(la, lb));
    for (int k = static_cast<int>(b.size()); k < lb; ++k) b += letters[rng() % 11];
    if (!b.empty() && rng() % 2) std::swap(b[0], b[b.size() - 1]);
    pairs.emplace_back(a, b);
  }
  pairs.emplace_back("Müller", "Mueller");
  pairs.emplace_back("Zoë", "Zoe");
  pairs.emplace_back("日本語テキスト", "日本語テスト");
  const std::string path = ::testing::TempDir() + "crmwb_dedupe_jw.txt";
  {
    std::ofstream out(path);
    for (auto& [x, y] : pairs) out << x << "\t" << y << "\n";
  }
  const std::string cmd =
      "/usr/bin/python3 -c 'import sys, jellyfish\n"
      "for l in open(sys.argv[1], encoding=\"utf-8\"):\n"
      "  a, b = l.rstrip(\"\\n\").split(\"\\t\")\n"
      "  print(repr(jellyfish.jaro_winkler_similarity(a, b)))' " +
      path + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  size_t i = 0, bad = 0;
  double jw = 0;
  while (std::fscanf(p, "%lf", &jw) == 1 && i < pairs.size()) {
    const auto& [x, y] = pairs[i++];
    if (std::abs(dedupe::jaro_winkler_fast(x, y) - jw) > 1e-12 && ++bad < 10)
      ADD_FAILURE() << x << " | " << y << ": " << dedupe::jaro_winkler_fast(x, y) << " vs " << jw;
  }
  pclose(p);
  if (i == 0) GTEST_SKIP() << "python3-jellyfish is not installed";
  EXPECT_EQ(i, pairs.size());
}

TEST(DedupeEm, RecoversKnownMAndU) {
  // Four fields with three levels (missing unused): comparison vectors drawn as expected counts
  // from known m, u and lambda.
  const std::vector<std::vector<double>> m_true = {
      {0, 0.85, 0.10, 0.05}, {0, 0.70, 0.20, 0.10}, {0, 0.90, 0.05, 0.05}, {0, 0.60, 0.30, 0.10}};
  const std::vector<std::vector<double>> u_true = {
      {0, 0.02, 0.08, 0.90}, {0, 0.05, 0.15, 0.80}, {0, 0.01, 0.04, 0.95}, {0, 0.10, 0.20, 0.70}};
  const double lambda = 0.08, n = 2e6;
  DedupeModel model;
  for (size_t f = 0; f < 4; ++f) {
    CompareField cf;
    cf.column = "f" + std::to_string(f);
    cf.kind = CompareKind::Number;  // 4 levels: missing, exact, within, else
    cf.u = {0, 0.2, 0.3, 0.5};      // a poor start: EM must move away from it
    model.fields.push_back(cf);
  }
  model.rules.push_back({{{"not_compared", BlockKey::Value}}});  // one session, nothing held out
  std::vector<dedupe::PatternCount> patterns;
  uint64_t total = 0;
  for (unsigned a = 1; a <= 3; ++a)
    for (unsigned b = 1; b <= 3; ++b)
      for (unsigned c = 1; c <= 3; ++c)
        for (unsigned d = 1; d <= 3; ++d) {
          const unsigned l[4] = {a, b, c, d};
          double pm = lambda, pu = 1 - lambda;
          uint64_t pattern = 0;
          for (size_t f = 0; f < 4; ++f) {
            pm *= m_true[f][l[f]];
            pu *= u_true[f][l[f]];
            pattern |= uint64_t{l[f]} << (4 * f);
          }
          const uint64_t count = static_cast<uint64_t>(std::llround(n * (pm + pu)));
          total += count;
          patterns.push_back({pattern, 1u, count});
        }
  // u as the random pairs would give it (the session re-estimates its own u anyway).
  for (size_t f = 0; f < 4; ++f) model.fields[f].u = u_true[f];
  dedupe::train_m(model, patterns, total, total, 200);
  for (size_t f = 0; f < 4; ++f)
    for (size_t l = 1; l <= 3; ++l)
      EXPECT_NEAR(model.fields[f].m[l], m_true[f][l], 0.01) << "field " << f << " level " << l;
  EXPECT_NEAR(model.lambda, lambda, 0.005);
}

namespace {

/// A generated customer table of `rows` rows.
Table generated(uint64_t rows, uint64_t seed, double dup_rate) {
  GenerateOptions g;
  g.rows = rows;
  g.seed = seed;
  g.dup_rate = dup_rate;
  std::string csv;
  generate_customers(g, [&](std::string_view b) { csv.append(b); });
  return read_csv(csv);
}

}  // namespace

TEST(DedupeBlocking, PairsMatchBruteForce) {
  const Table t = generated(400, 3, 0.3);
  const Profile p = profile_of(t);
  DedupeModel m = dedupe::suggest_fields(t, p, nullptr);
  ASSERT_GE(m.rules.size(), 4u);
  const auto keys = dedupe::build_keys(m, t, p, nullptr, nullptr, nullptr);
  for (bool link : {false, true}) {
    const size_t ra = link ? 150 : t.rows, rb = link ? t.rows - 150 : 0;
    const auto blocks = dedupe::build_blocks(m, keys, t, ra, rb, nullptr);
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> seen;
    std::vector<uint64_t> fresh;
    dedupe::for_each_pair(
        blocks, ra, link,
        [&](uint32_t i, uint32_t j, uint32_t mask) {
          EXPECT_TRUE(seen.emplace(std::make_pair(i, j), mask).second) << "pair twice";
        },
        fresh, nullptr);
    // Brute force: a pair is made when some rule puts both rows in one block.
    uint64_t made = 0;
    std::vector<uint64_t> per_rule(blocks.size(), 0);
    for (uint32_t i = 0; i < t.rows; ++i) {
      for (uint32_t j = i + 1; j < t.rows; ++j) {
        if (link && !(i < ra && j >= ra)) continue;
        uint32_t mask = 0;
        for (size_t r = 0; r < blocks.size(); ++r) {
          if (blocks[r].block[i] && blocks[r].block[i] == blocks[r].block[j]) {
            mask |= 1u << r;
            ++per_rule[r];
          }
        }
        if (!mask) continue;
        ++made;
        auto it = seen.find({i, j});
        ASSERT_NE(it, seen.end()) << i << "," << j;
        EXPECT_EQ(it->second, mask);
      }
    }
    EXPECT_EQ(made, seen.size());
    EXPECT_GT(made, 0u);
    for (size_t r = 0; r < blocks.size(); ++r) EXPECT_EQ(blocks[r].estimated, per_rule[r]);
  }
}

TEST(DedupeBlocking, EmptyKeysMakeNoBlock) {
  // A million rows with the same empty key would be 5e11 pairs: missing parts make no block.
  std::vector<std::string> empty(5000, ""), names(5000, "x");
  for (size_t i = 0; i < names.size(); ++i) names[i] = "name" + std::to_string(i);
  Table t = make_table({{"email", empty}, {"name", names}});
  DedupeModel m;
  m.fields.push_back(field("email", CompareKind::Email, FieldRole::Email));
  m.fields.push_back(field("name", CompareKind::Name, FieldRole::FullName));
  m.rules.push_back({{{"email", BlockKey::Value}}});
  Profile p;
  const auto keys = dedupe::build_keys(m, t, p, nullptr, nullptr, nullptr);
  const auto blocks = dedupe::build_blocks(m, keys, t, t.rows, 0, nullptr);
  EXPECT_EQ(blocks[0].estimated, 0u);
  EXPECT_EQ(blocks[0].blocks, 0u);
}

TEST(DedupeCluster, ChainingGuardCutsWeakBridges) {
  // 0-1-2 a strong triangle; 2-3 linked but weakly (a bridge); 4-5 a weak pair on its own.
  std::vector<ScoredPair> pairs = {
      {0, 1, 30, 0.99999f, 0}, {0, 2, 30, 0.99999f, 0}, {1, 2, 30, 0.99999f, 0},
      {2, 3, 8, 0.995f, 0},    {4, 5, 8, 0.995f, 0},    {5, 6, 1, 0.5f, 0},
  };
  DedupeResult r;
  dedupe::cluster_pairs(pairs, 7, 0.99, 0.9999, r);
  EXPECT_EQ(r.cluster, (std::vector<uint32_t>{0, 0, 0, 3, 4, 4, 6}));
  EXPECT_EQ(r.bridges_cut, 1u);
  EXPECT_EQ(r.pairs_linked, 5u);
  EXPECT_EQ(r.clusters, 2u);
  EXPECT_FLOAT_EQ(r.probability[3], 0.0f);
  // Without the guard the chain holds.
  DedupeResult loose;
  dedupe::cluster_pairs(pairs, 7, 0.99, 0.99, loose);
  EXPECT_EQ(loose.cluster[3], 0u);
}

TEST(DedupeRun, FindsGeneratedDuplicatesAndModelRoundTrips) {
  const Table t = generated(3000, 11, 0.2);
  const Profile p = profile_of(t);
  DedupeOptions o;
  const DedupeResult r = run_dedupe(t, p, o);
  EXPECT_EQ(r.cluster.size(), t.rows);
  EXPECT_GT(r.clusters, 100u);
  for (const CompareField& f : r.model.fields) EXPECT_NE(f.column, "customer_id");
  // Each kept pair's column contributions and the prior sum to its weight.
  const size_t nf = r.model.fields.size();
  ASSERT_EQ(r.contributions.size(), r.pairs.size() * nf);
  ASSERT_FALSE(r.pairs.empty());
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    double sum = r.prior_weight;
    for (size_t f = 0; f < nf; ++f) sum += r.contributions[i * nf + f];
    EXPECT_NEAR(sum, r.pairs[i].weight, 1e-3 * (1 + std::fabs(sum)));
    if (i) {
      EXPECT_TRUE(r.pairs[i - 1].a < r.pairs[i].a ||
                  (r.pairs[i - 1].a == r.pairs[i].a && r.pairs[i - 1].b < r.pairs[i].b));
    }
  }
  // Saved and loaded, the model gives the same clusters without training.
  const std::string json = dedupe_model_to_json(r.model);
  const DedupeModel back = parse_dedupe_model(json);
  EXPECT_EQ(dedupe_model_to_json(back), json);
  DedupeOptions again;
  again.model = back;
  again.use_model = true;
  const DedupeResult r2 = run_dedupe(t, p, again);
  EXPECT_EQ(r2.cluster, r.cluster);
  // The same run twice gives the same bytes.
  EXPECT_EQ(to_json(run_dedupe(t, p, o)).dump(), to_json(r).dump());
}

TEST(DedupeRun, BadInput) {
  auto code_of = [](const std::function<void()>& f) -> std::string {
    try {
      f();
    } catch (const InputError& e) {
      return e.code() + ": " + e.what();
    }
    return "no error";
  };
  EXPECT_NE(code_of([] { parse_dedupe_model("{not json"); }).find("bad_model"), std::string::npos);
  EXPECT_NE(code_of([] { parse_dedupe_model("[]"); }).find("not a crmwb dedupe model"),
            std::string::npos);
  EXPECT_NE(code_of([] {
              parse_dedupe_model(R"({"crmwb_dedupe_model": 1, "columns": [{"column": "a",
                "compare": "fuzzy"}], "blocking": [[{"column": "a"}]]})");
            }).find("unknown comparator"),
            std::string::npos);
  EXPECT_NE(code_of([] {
              parse_dedupe_model(R"({"crmwb_dedupe_model": 1, "columns": [{"column": "a",
                "compare": "text"}], "blocking": [[{"column": "b"}]]})");
            }).find("not a compared column"),
            std::string::npos);
  const Table t = generated(500, 2, 0.2);
  const Profile p = profile_of(t);
  // A model whose columns the file lacks.
  DedupeOptions o;
  o.use_model = true;
  o.model = parse_dedupe_model(R"({"crmwb_dedupe_model": 1, "columns": [{"column": "surname",
    "compare": "name"}], "blocking": [[{"column": "surname"}]]})");
  EXPECT_NE(code_of([&] { run_dedupe(t, p, o); }).find("no column 'surname'"), std::string::npos);
  // A rule over the pair budget is named.
  o.model = parse_dedupe_model(R"({"crmwb_dedupe_model": 1, "columns": [{"column": "country",
    "compare": "country"}, {"column": "last_name", "compare": "name"}],
    "blocking": [[{"column": "last_name"}], [{"column": "country"}]]})");
  o.pair_budget = 5000;
  const std::string msg = code_of([&] { run_dedupe(t, p, o); });
  EXPECT_NE(msg.find("too_many_pairs"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rule 2 (country)"), std::string::npos) << msg;
  // Compared columns all empty; one value in every row; a one-row file.
  Table empty = make_table({{"email", {"", "", ""}}, {"name", {"", "", ""}}});
  DedupeOptions e;
  e.use_model = true;
  e.model = parse_dedupe_model(R"({"crmwb_dedupe_model": 1, "columns": [{"column": "email",
    "compare": "email"}], "blocking": [[{"column": "email"}]]})");
  EXPECT_NE(code_of([&] { run_dedupe(empty, profile_of(empty), e); }).find("empty_columns"),
            std::string::npos);
  Table same = make_table({{"email", {"a@b.com", "a@b.com", "a@b.com", "a@b.com"}}});
  EXPECT_NE(code_of([&] { run_dedupe(same, profile_of(same), e); }).find("one_value"),
            std::string::npos);
  Table one = make_table({{"email", {"a@b.com"}}});
  const DedupeResult r1 = run_dedupe(one, profile_of(one), e);
  EXPECT_EQ(r1.cluster, (std::vector<uint32_t>{0}));
  EXPECT_EQ(r1.pairs_compared, 0u);
  DedupeOptions suggested;  // no model: a one-row file still gives its one cluster
  const DedupeResult r1s = run_dedupe(one, profile_of(one), suggested);
  EXPECT_EQ(r1s.cluster, (std::vector<uint32_t>{0}));
  ASSERT_EQ(r1s.warnings.size(), 1u);
}

TEST(DedupeCli, WritesClustersAndRecords) {
  crm::test::MemIo io;
  std::string csv;
  GenerateOptions g;
  g.rows = 800;
  g.seed = 4;
  g.dup_rate = 0.25;
  generate_customers(g, [&](std::string_view b) { csv.append(b); });
  io.files["in.csv"] = csv;
  ASSERT_EQ(cli::run({"dedupe", "in.csv", "--out", "out.csv", "--clusters", "c.csv", "--save-model",
                      "m.json"},
                     io),
            0)
      << io.err_text;
  const Table c = read_csv(io.files["c.csv"]);
  EXPECT_EQ(c.names(), (std::vector<std::string>{"row", "cluster_id", "match_probability"}));
  EXPECT_EQ(c.rows, 800u);
  const Table out = read_csv(io.files["out.csv"]);
  EXPECT_EQ(out.columns.at(out.columns.size() - 2).name(), "cluster_id");
  EXPECT_EQ(out.columns.at(out.columns.size() - 1).name(), "source_rows");
  // Every input row is in exactly one output record's source rows.
  std::set<std::string> rows;
  size_t listed = 0;
  for (size_t r = 0; r < out.rows; ++r) {
    std::string s(out.columns.at(out.columns.size() - 1).value(r));
    size_t i = 0;
    while (i <= s.size()) {
      size_t j = s.find(';', i);
      if (j == std::string::npos) j = s.size();
      rows.insert(s.substr(i, j - i));
      ++listed;
      i = j + 1;
    }
  }
  EXPECT_EQ(rows.size(), 800u);
  EXPECT_EQ(listed, 800u);
  EXPECT_LT(out.rows, 800u);
  // The saved model runs again; a bad model names the file.
  ASSERT_EQ(cli::run({"dedupe", "in.csv", "--out", "o2.csv", "--model", "m.json"}, io), 0);
  EXPECT_EQ(io.files["o2.csv"], io.files["out.csv"]);
  io.files["bad.json"] = "{\"crmwb_dedupe_model\": 2}";
  io.err_text.clear();
  EXPECT_EQ(cli::run({"dedupe", "in.csv", "--out", "o3.csv", "--model", "bad.json"}, io), 1);
  EXPECT_EQ(io.err_text.rfind("crmwb: bad.json: ", 0), 0u) << io.err_text;
  EXPECT_EQ(cli::run({"dedupe", "in.csv"}, io), 2);
}
