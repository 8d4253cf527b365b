// Tests of the dedupe module: comparator levels, Jaro-Winkler against python3-jellyfish, EM on
// simulated comparison vectors, blocking against brute force, the chaining guard, the model
// round trip, bad input and the command line.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "crm/dedupe.h"
#include "crm/generate.h"
#include "crm/golden.h"
#include "crm/keys.h"
#include "crm/nicknames.h"
#include "crm/recipe.h"
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
      {"name one typo", CompareKind::Name, "Wilkinson", "Wilkinsen", "jw>=0.92"},
      {"name nickname", CompareKind::Name, "Bob", "Robert", "nickname"},
      {"name nickname accents and case", CompareKind::Name, "ELIZABETH", "Liz", "nickname"},
      {"name nickname spelling", CompareKind::Name, "Jonathan", "Jonathon", "nickname"},
      {"name phonetic alternate", CompareKind::Name, "Schmidt", "Smith", "phonetic"},
      {"name phonetic", CompareKind::Name, "Dwayne", "Duane", "phonetic"},
      {"name jw 0.92", CompareKind::Name, "Martha", "Marhta", "jw>=0.92"},
      {"name jw 0.88", CompareKind::Name, "Thomas", "Tomasz", "jw>=0.88"},
      {"name phonetic K0RN", CompareKind::Name, "Catherine", "Kathryn", "phonetic"},
      {"name jw 0.70", CompareKind::Name, "Richards", "Richmond", "jw>=0.70"},
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

TEST(DedupeCompare, PhoneticIsDoubleMetaphone) {
  // Blocking's phonetic key is the primary Double Metaphone code (crm/keys.h, itself checked
  // against npm double-metaphone); the name level matches on either code of either name.
  EXPECT_EQ(dedupe::phonetic_code("schmidt"), "XMT");
  EXPECT_EQ(dedupe::phonetic_code("smith"), "SM0");
  EXPECT_EQ(dedupe::phonetic_code(""), "");
  EXPECT_EQ(dedupe::phonetic_code("123"), "");
  const char* names[] = {"Schmidt",   "Smith",    "Schmitt", "Smyth",   "Meyer",   "Mair",
                         "Maier",     "Thompson", "Tomson",  "Philips", "Fillips", "Kathryn",
                         "Catherine", "Jon",      "Zoe",     "Xavier",  "Javier",  "Wright",
                         "Rite",      "Knight",   "Nite"};
  for (const char* a : names) {
    for (const char* b : names) {
      const std::string fa = fold_key(a), fb = fold_key(b);
      if (fa == fb) continue;
      const DoubleMetaphone x = double_metaphone(fa), y = double_metaphone(fb);
      const bool agree = x.primary == y.primary || x.primary == y.alternate ||
                         x.alternate == y.primary || x.alternate == y.alternate;
      const std::string level = level_name(CompareKind::Name, FieldRole::FamilyName, a, b);
      const double jw = jaro_winkler(fa, fb);
      if (jw < 0.88) {
        EXPECT_EQ(level == "phonetic", agree) << a << " / " << b << ": " << level;
      }
    }
  }
}

TEST(DedupeCompare, NicknamesFollowTheTable) {
  // The nickname level is chosen exactly when crm::are_nicknames says so (given names; a name
  // in several groups matches each group's names), never for family names.
  std::vector<std::string> names = {"Robert", "Bob",   "Rob",      "Bobby",     "Dobbin", "William",
                                    "Bill",   "Will",  "Liam",     "Elizabeth", "Liz",    "Beth",
                                    "Betty",  "Eliza", "Margaret", "Peggy",     "Maggie", "Zoe"};
  for (const std::string& n : nicknames_of("Richard")) names.push_back(n);
  size_t seen = 0;
  for (const std::string& a : names) {
    for (const std::string& b : names) {
      if (fold_key(a) == fold_key(b)) continue;
      const bool nick = are_nicknames(a, b);
      seen += nick;
      EXPECT_EQ(level_name(CompareKind::Name, FieldRole::GivenName, a, b) == "nickname", nick)
          << a << " / " << b;
      EXPECT_NE(level_name(CompareKind::Name, FieldRole::FamilyName, a, b), "nickname")
          << a << " / " << b;
    }
  }
  EXPECT_GT(seen, 40u);
  // Full names: the first words are nicknames and the rest is equal.
  EXPECT_EQ(level_name(CompareKind::Name, FieldRole::FullName, "Bob Smith", "Robert Smith"),
            "nickname");
  EXPECT_NE(level_name(CompareKind::Name, FieldRole::FullName, "Bob Smith", "Robert Jones"),
            "nickname");
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

TEST(DedupeBlocking, SortedNeighbourhoodMatchesBruteForce) {
  // A sorted-neighbourhood rule next to an equality rule: every pair once, with the right rule
  // mask, and the estimate equal to the pairs the window makes.
  const Table t = generated(300, 8, 0.3);
  const Profile p = profile_of(t);
  DedupeModel m = dedupe::suggest_fields(t, p, nullptr);
  m.rules.clear();
  m.rules.push_back({{{"email", BlockKey::Value}}});
  BlockRule sn;
  sn.parts = {{"last_name", BlockKey::Phonetic}, {"first_name", BlockKey::Value}};
  sn.window = 5;
  m.rules.push_back(sn);
  EXPECT_EQ(block_rule_text(sn),
            "sorted neighbourhood of phonetic(last_name) + first_name, window 5");
  const auto keys = dedupe::build_keys(m, t, p, nullptr, nullptr, nullptr);
  size_t fl = 0, ff = 0;
  for (size_t f = 0; f < m.fields.size(); ++f) {
    if (m.fields[f].column == "last_name") fl = f;
    if (m.fields[f].column == "first_name") ff = f;
  }
  for (bool link : {false, true}) {
    const size_t ra = link ? 120 : t.rows, rb = link ? t.rows - 120 : 0;
    const auto blocks = dedupe::build_blocks(m, keys, t, ra, rb, nullptr);
    // The expected order: rows with both keys, by (phonetic code, U+001F, first name, row).
    std::vector<std::pair<std::string, uint32_t>> order;
    for (uint32_t row = 0; row < t.rows; ++row) {
      const uint32_t il = keys[fl].row_id[row], ig = keys[ff].row_id[row];
      if (!il || !ig) continue;
      const std::string code = double_metaphone(keys[fl].value[il]).primary;
      if (code.empty()) continue;
      order.emplace_back(code + "\x1f" + keys[ff].value[ig], row);
    }
    std::sort(order.begin(), order.end());
    std::set<std::pair<uint32_t, uint32_t>> window_pairs;
    for (size_t x = 0; x < order.size(); ++x)
      for (size_t k = 1; k < 5 && x + k < order.size(); ++k) {
        uint32_t i = order[x].second, j = order[x + k].second;
        if (i > j) std::swap(i, j);
        if (link && !(i < ra && j >= ra)) continue;
        window_pairs.insert({i, j});
      }
    EXPECT_EQ(blocks[1].estimated, window_pairs.size());
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> seen;
    std::vector<uint64_t> fresh;
    dedupe::for_each_pair(
        blocks, ra, link,
        [&](uint32_t i, uint32_t j, uint32_t mask) {
          EXPECT_TRUE(seen.emplace(std::make_pair(i, j), mask).second) << "pair twice";
        },
        fresh, nullptr);
    size_t made = 0;
    for (uint32_t i = 0; i < t.rows; ++i) {
      for (uint32_t j = i + 1; j < t.rows; ++j) {
        if (link && !(i < ra && j >= ra)) continue;
        uint32_t mask = 0;
        if (blocks[0].block[i] && blocks[0].block[i] == blocks[0].block[j]) mask |= 1;
        if (window_pairs.count({i, j})) mask |= 2;
        if (!mask) continue;
        ++made;
        auto it = seen.find({i, j});
        ASSERT_NE(it, seen.end()) << i << "," << j;
        EXPECT_EQ(it->second, mask);
      }
    }
    EXPECT_EQ(made, seen.size());
    EXPECT_GT(fresh[1], 0u);
  }
  // The rule in a model file, and its checks.
  DedupeModel saved = m;
  const DedupeModel back = parse_dedupe_model(dedupe_model_to_json(saved));
  ASSERT_EQ(back.rules.size(), 2u);
  EXPECT_EQ(back.rules[1].window, 5u);
  EXPECT_EQ(block_rule_text(back.rules[1]), block_rule_text(sn));
  for (const char* w : {"1", "1001", "\"5\""}) {
    try {
      parse_dedupe_model(std::string(R"({"crmwb_dedupe_model": 1, "columns": [{"column": "a",
        "compare": "name"}], "blocking": [{"window": )") +
                         w + R"(, "parts": [{"column": "a"}]}]})");
      ADD_FAILURE() << "no error for window " << w;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("\"window\" must be a whole number from 2 to 1000"),
                std::string::npos)
          << e.what();
    }
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
  // A number too large for a double (found by the fuzzer).
  EXPECT_NE(code_of([] {
              parse_dedupe_model(R"({"crmwb_dedupe_model": 2.86E09999})");
            }).find("bad_model"),
            std::string::npos);
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

namespace {

/// Loads CSV text into a workbench and profiles it.
void load(Workbench& wb, const std::string& text) {
  wb.begin_load({});
  wb.feed(text.data(), text.size());
  wb.finish_load();
  wb.profile();
}

/// Generated customers as CSV text.
std::string generated_csv(uint64_t rows, uint64_t seed, double dup_rate) {
  GenerateOptions g;
  g.rows = rows;
  g.seed = seed;
  g.dup_rate = dup_rate;
  std::string csv;
  generate_customers(g, [&](std::string_view b) { csv.append(b); });
  return csv;
}

}  // namespace

TEST(DedupeOutput, SingletonsHaveProbabilityZero) {
  DedupeResult r;
  r.rows_a = 4;
  r.cluster = {0, 0, 2, 3};
  r.probability = {0.995f, 0.995f, 0.f, 0.f};
  std::string out;
  write_clusters_csv(r, [&](std::string_view b) { out.append(b); });
  EXPECT_EQ(out,
            "row,cluster_id,match_probability\n0,0,0.9950\n1,0,0.9950\n2,2,0.0000\n3,3,0.0000\n");
}

TEST(DedupeOutput, GoldenRecordsFollowSurvivorship) {
  // Rows 0 and 2 are one customer; the longest street and the most recent e-mail survive.
  Table t = make_table({{"name", {"Ann Lee", "Bob Day", "Ann Lee"}},
                        {"email", {"ann@old.com", "bob@x.org", "ann@new.com"}},
                        {"street", {"1 Main St", "9 Elm Rd", "1 Main Street"}},
                        {"updated", {"2020-01-01", "2021-01-01", "2023-05-01"}}});
  DedupeResult r;
  r.rows_a = 3;
  r.cluster = {0, 1, 0};
  r.probability = {0.999f, 0.f, 0.999f};
  r.model.survivorship = survivorship_from_json(nlohmann::json::parse(
      R"({"default": "first", "date_column": "updated", "columns": [
          {"column": "street", "rule": "longest"}, {"column": "email", "rule": "most_recent"}]})"));
  r.model.has_survivorship = true;
  std::string out;
  write_deduped_csv(t, r, [&](std::string_view b) { out.append(b); });
  EXPECT_EQ(out,
            "name,email,street,updated,cluster_id,source_rows\n"
            "Ann Lee,ann@new.com,1 Main Street,2020-01-01,0,0;2\n"
            "Bob Day,bob@x.org,9 Elm Rd,2021-01-01,1,1\n");
  // The lineage is crm::write_lineage_csv's for a dedupe.
  const GoldenResult g = dedupe_golden_records(t, r);
  std::string mine, theirs;
  write_dedupe_lineage_csv(g, r, [&](std::string_view b) { mine.append(b); });
  write_lineage_csv(g.lineage, [&](std::string_view b) { theirs.append(b); });
  EXPECT_EQ(mine, theirs);
  EXPECT_NE(mine.find("0,0,email,2\n"), std::string::npos) << mine;
  EXPECT_NE(mine.find("0,0,street,2\n"), std::string::npos) << mine;
  // A link: rows and ids written a:N / b:N, b's missing columns missing.
  Table b = make_table({{"name", {"Ann Lee"}}, {"street", {"1 Main Street, Apt 4"}}});
  Table a = make_table({{"name", {"Ann Lee", "Bob Day"}},
                        {"email", {"ann@old.com", "bob@x.org"}},
                        {"street", {"1 Main St", "9 Elm Rd"}},
                        {"updated", {"2020-01-01", "2021-01-01"}}});
  DedupeResult lr = r;
  lr.link = true;
  lr.rows_a = 2;
  lr.rows_b = 1;
  lr.cluster = {0, 1, 0};
  std::string lout, llin;
  const GoldenResult lg = dedupe_golden_records(a, lr, &b);
  write_deduped_csv(lg, lr, [&](std::string_view x) { lout.append(x); });
  write_dedupe_lineage_csv(lg, lr, [&](std::string_view x) { llin.append(x); });
  EXPECT_EQ(lout,
            "name,email,street,updated,cluster_id,source_rows\n"
            "Ann Lee,ann@old.com,\"1 Main Street, Apt 4\",2020-01-01,a:0,a:0;b:0\n"
            "Bob Day,bob@x.org,9 Elm Rd,2021-01-01,a:1,a:1\n");
  EXPECT_NE(llin.find("0,a:0,street,b:0\n"), std::string::npos) << llin;
  EXPECT_NE(llin.find("0,a:0,email,a:0\n"), std::string::npos) << llin;
}

TEST(DedupeModel, SurvivorshipInTheModel) {
  const Table t = generated(600, 5, 0.2);
  const Profile p = profile_of(t);
  const DedupeResult r = run_dedupe(t, p, DedupeOptions());
  // The run suggests survivorship from the profile and the model carries it.
  ASSERT_TRUE(r.model.has_survivorship);
  EXPECT_EQ(survivorship_to_json(r.model.survivorship),
            survivorship_to_json(suggest_survivorship(p)));
  const std::string json = dedupe_model_to_json(r.model);
  EXPECT_NE(json.find("\"survivorship\""), std::string::npos);
  const DedupeModel back = parse_dedupe_model(json);
  EXPECT_TRUE(back.has_survivorship);
  EXPECT_EQ(dedupe_model_to_json(back), json);
  // A model saved before survivorship existed still loads (and a run suggests the rules).
  auto old = nlohmann::json::parse(json);
  old.erase("survivorship");
  const DedupeModel before = parse_dedupe_model(old.dump());
  EXPECT_FALSE(before.has_survivorship);
  DedupeOptions o;
  o.model = before;
  o.use_model = true;
  const DedupeResult r2 = run_dedupe(t, p, o);
  EXPECT_EQ(r2.cluster, r.cluster);
  EXPECT_TRUE(r2.model.has_survivorship);
  // Bad survivorship in a model: a message naming it; a column the file lacks stops the run.
  auto bad = nlohmann::json::parse(json);
  bad["survivorship"] = {{"default", "loudest"}};
  try {
    parse_dedupe_model(bad.dump());
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "bad_model");
    EXPECT_NE(std::string(e.what()).find("survivorship"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("loudest"), std::string::npos) << e.what();
  }
  bad["survivorship"] = {{"columns", {{{"column", "nickname"}, {"rule", "longest"}}}}};
  o.model = parse_dedupe_model(bad.dump());
  try {
    run_dedupe(t, p, o);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "bad_survivorship");
    EXPECT_NE(std::string(e.what()).find("nickname"), std::string::npos) << e.what();
  }
}

TEST(DedupeQuality, UniquenessCountsFuzzyDuplicates) {
  Workbench wb;
  const std::string csv = generated_csv(1500, 9, 0.3);
  load(wb, csv);
  const Profile before = *wb.current_profile();
  EXPECT_FALSE(before.quality.fuzzy_duplicates);
  const std::string plain = to_json(before.quality).dump();
  const DedupeResult r = wb.dedupe(DedupeOptions());
  ASSERT_GT(r.clusters, 10u);
  const Profile& p = *wb.current_profile();
  const uint64_t fuzzy = r.rows_in_clusters - r.clusters;
  ASSERT_TRUE(p.quality.fuzzy_duplicates);
  EXPECT_EQ(*p.quality.fuzzy_duplicates, fuzzy);
  // |E ∪ F| computed here from the table: E = rows equal to an earlier row except the ids,
  // F = rows whose cluster id is another row.
  const Table& t = wb.table();
  std::set<std::vector<std::string>> seen;
  uint64_t both = 0;
  for (size_t row = 0; row < t.rows; ++row) {
    std::vector<std::string> key;
    for (const Column& c : t.columns) {
      bool id = false;
      for (const auto& name : p.id_columns) id |= name == c.name();
      if (!id) key.push_back(c.missing(row) ? std::string("\x01") : std::string(c.value(row)));
    }
    const bool exact = !seen.insert(key).second;
    both += exact || r.cluster[row] != row;
  }
  EXPECT_EQ(p.quality.duplicates, both);
  ASSERT_TRUE(p.quality.uniqueness);
  EXPECT_DOUBLE_EQ(*p.quality.uniqueness, 1.0 - static_cast<double>(both) / t.rows);
  EXPECT_LT(*p.quality.uniqueness, *before.quality.uniqueness);
  EXPECT_LT(p.quality.score, before.quality.score);
  // The quality JSON lists the problem the page links to the Duplicates view.
  const auto j = to_json(p.quality);
  EXPECT_EQ(j["fuzzy_duplicates"], fuzzy);
  ASSERT_EQ(j["problems"].size(), 1u);
  EXPECT_EQ(j["problems"][0]["kind"], "fuzzy_duplicate");
  EXPECT_EQ(j["problems"][0]["count"], fuzzy);
  EXPECT_EQ(j["problems"][0]["text"],
            group_thousands(fuzzy) + " records look like duplicates of another customer");
  // A re-score keeps it; a changed table has none; back on the deduplicated version it counts.
  QualityOptions qo;
  qo.timeliness_days = 30;
  EXPECT_EQ(wb.rescore(qo).quality.fuzzy_duplicates, fuzzy);
  wb.apply_step(parse_recipe_step(nlohmann::json::parse(R"({"op":"trim","column":"city"})"), 1));
  EXPECT_FALSE(wb.current_profile()->quality.fuzzy_duplicates);
  EXPECT_FALSE(to_json(wb.current_profile()->quality).contains("problems"));
  ASSERT_TRUE(wb.undo());
  EXPECT_EQ(wb.current_profile()->quality.fuzzy_duplicates, fuzzy);
  // A fresh profile of the same version keeps counting them; clear_dedupe forgets them.
  wb.profile();
  EXPECT_EQ(wb.current_profile()->quality.fuzzy_duplicates, fuzzy);
  wb.clear_dedupe();
  EXPECT_FALSE(wb.current_profile()->quality.fuzzy_duplicates);
  QualityOptions same;
  wb.rescore(same);
  EXPECT_EQ(to_json(wb.current_profile()->quality).dump(), plain);
}

TEST(DedupeCli, LineageAndGoldenRecords) {
  crm::test::MemIo io;
  io.files["in.csv"] = generated_csv(700, 6, 0.3);
  ASSERT_EQ(cli::run({"dedupe", "in.csv", "--out", "out.csv", "--clusters", "c.csv", "--lineage",
                      "lin.csv", "--save-model", "m.json"},
                     io),
            0)
      << io.err_text;
  // The golden file and lineage are build_golden_records' over the cluster map, with the
  // survivorship the saved model carries.
  const Table in = read_csv(io.files["in.csv"]);
  const Table c = read_csv(io.files["c.csv"]);
  std::vector<uint64_t> labels;
  for (size_t r = 0; r < c.rows; ++r)
    labels.push_back(std::stoull(std::string(c.columns[1].value(r))));
  const DedupeModel m = parse_dedupe_model(io.files["m.json"]);
  ASSERT_TRUE(m.has_survivorship);
  const GoldenResult g = build_golden_records(in, labels, m.survivorship);
  std::string lin;
  write_lineage_csv(g.lineage, [&](std::string_view b) { lin.append(b); });
  EXPECT_EQ(io.files["lin.csv"], lin);
  const Table out = read_csv(io.files["out.csv"]);
  ASSERT_EQ(out.rows, g.table.rows);
  for (size_t col = 0; col < out.columns.size(); ++col)
    for (size_t r = 0; r < out.rows; ++r)
      ASSERT_EQ(out.columns[col].value(r), g.table.columns[col].value(r)) << col << " " << r;
  // Singletons: probability 0.0000; rows in clusters: at least the threshold.
  for (size_t r = 0; r < c.rows; ++r) {
    const std::string p(c.columns[2].value(r));
    size_t members = 0;
    for (uint64_t l : labels) members += l == labels[r];
    if (members == 1) {
      EXPECT_EQ(p, "0.0000");
    } else {
      EXPECT_GE(std::stod(p), 0.99 - 1e-4);
    }
  }
}

TEST(DedupeThreads, AnyNumberOfThreadsGivesTheSameResult) {
  // Keys, blocking, u and comparisons split over threads natively: the result (clusters, pairs,
  // contributions, trained model, histogram) is the same bytes as on one thread.
  const Table t = generated(4000, 13, 0.25);
  const Profile p = profile_of(t);
  DedupeOptions o;
  o.threads = 1;
  o.u_samples = 60000;
  const std::string one = to_json(run_dedupe(t, p, o)).dump();
  const DedupeResult r1 = run_dedupe(t, p, o);
  for (uint32_t n : {2u, 3u, 8u}) {
    o.threads = n;
    const DedupeResult rn = run_dedupe(t, p, o);
    EXPECT_EQ(to_json(rn).dump(), one) << n << " threads";
    EXPECT_EQ(rn.pairs.size(), r1.pairs.size());
    EXPECT_EQ(rn.contributions, r1.contributions) << n << " threads";
    EXPECT_EQ(rn.weight_histogram, r1.weight_histogram) << n << " threads";
  }
  // A link too (b's rows after a's).
  const Table b = generated(1500, 14, 0.25);
  const Profile pb = profile_of(b);
  DedupeOptions l;
  l.other = &b;
  l.other_profile = &pb;
  l.u_samples = 60000;
  l.threads = 1;
  const std::string link_one = to_json(run_dedupe(t, p, l)).dump();
  l.threads = 4;
  EXPECT_EQ(to_json(run_dedupe(t, p, l)).dump(), link_one);
}

TEST(DedupeThreads, ProgressReportsKeysAndU) {
  const Table t = generated(40000, 3, 0.1);
  const Profile p = profile_of(t);
  for (uint32_t n : {1u, 2u}) {
    DedupeOptions o;
    o.threads = n;
    std::map<std::string, std::vector<std::pair<uint64_t, uint64_t>>> seen;
    run_dedupe(t, p, o, [&](const Progress& pr) { seen[pr.stage].push_back({pr.done, pr.total}); });
    // Keys: rows done over rows × fields, in several steps, ending complete; u likewise in
    // pairs.
    for (const char* stage : {"keys", "u"}) {
      const auto& s = seen[stage];
      ASSERT_GT(s.size(), 3u) << stage;
      for (size_t i = 1; i < s.size(); ++i) EXPECT_LE(s[i - 1].first, s[i].first) << stage;
      EXPECT_EQ(s.back().first, s.back().second) << stage;
    }
    EXPECT_EQ(seen["u"].back().second, o.u_samples);
  }
}

TEST(DedupeThreads, CancelDuringKeysStopsPromptlyAndChangesNothing) {
  // The page's Cancel sets the flag from another thread; here the progress callback sets it on
  // the second report of the keys stage (one field part-way through).
  GenerateOptions g;
  g.rows = 60000;
  g.seed = 21;
  g.dup_rate = 0.2;
  std::string csv;
  generate_customers(g, [&](std::string_view x) { csv.append(x); });
  for (uint32_t n : {1u, 2u}) {
    Workbench wb;
    wb.begin_load({});
    wb.feed(csv.data(), csv.size());
    wb.finish_load();
    wb.profile();
    const std::string before = to_json(*wb.current_profile()).dump();
    const size_t version = wb.version();
    const uint64_t rows = wb.table().rows;
    std::atomic<bool> cancel{false};
    size_t keys_reports = 0, after_cancel = 0;
    std::set<std::string> stages_after;
    DedupeOptions o;
    o.threads = n;
    EXPECT_THROW(wb.dedupe(
                     o,
                     [&](const Progress& pr) {
                       if (cancel) {
                         ++after_cancel;
                         stages_after.insert(pr.stage);
                         return;
                       }
                       if (pr.stage == "keys" && pr.done > 0 && ++keys_reports == 2) cancel = true;
                     },
                     &cancel),
                 Cancelled);
    // Promptly: no later stage started, and at most one more keys report per other thread
    // (each thread polls the flag every 4,096 rows and reports every 16,384).
    EXPECT_LE(after_cancel, n - 1) << n << " threads";
    EXPECT_TRUE(stages_after.empty() || stages_after == std::set<std::string>{"keys"});
    // Nothing changed: the same profile (no fuzzy duplicates counted), the same versions.
    EXPECT_EQ(to_json(*wb.current_profile()).dump(), before);
    EXPECT_EQ(wb.version(), version);
    EXPECT_EQ(wb.table().rows, rows);
    // And the workbench still runs a dedupe afterwards.
    cancel = false;
    EXPECT_GT(wb.dedupe(o).clusters, 100u);
  }
}
