// Tests of review labels (crm::parse_dedupe_labels, refine_with_labels in em.cpp): the decisions
// file read into labelled pairs, bad files named, and labels that contradict EM moving m, the
// prior and the scored pairs in the expected direction.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "crm/csv.h"
#include "crm/dedupe.h"
#include "crm/generate.h"
#include "test_util.h"

using namespace crm;

namespace {

Table generated(uint64_t rows, uint64_t seed, double dup_rate) {
  GenerateOptions g;
  g.rows = rows;
  g.seed = seed;
  g.dup_rate = dup_rate;
  std::string csv;
  generate_customers(g, [&](std::string_view b) { csv.append(b); });
  return read_csv(csv);
}

/// The kept pairs of a run by (a, b).
std::map<std::pair<uint32_t, uint32_t>, ScoredPair> pairs_of(const DedupeResult& r) {
  std::map<std::pair<uint32_t, uint32_t>, ScoredPair> out;
  for (const ScoredPair& p : r.pairs) out[{p.a, p.b}] = p;
  return out;
}

}  // namespace

TEST(DedupeLabels, DecisionsBecomePairs) {
  const auto l = parse_dedupe_labels(R"({"crmwb_dedupe_labels": 1, "threshold": 0.99,
    "decisions": [{"action": "accept", "cluster": 2, "rows": [2, 5, 9]},
                  {"action": "split", "cluster": 2, "rows": [2, 5, 9], "row": 9},
                  {"action": "reject", "cluster": 11, "rows": [11, 12]}]})",
                                     20);
  // accept: (2,5) (2,9) (5,9) matches; split of 9 then makes (2,9) (5,9) non-matches.
  ASSERT_EQ(l.size(), 4u);
  std::map<std::pair<uint32_t, uint32_t>, bool> m;
  for (const DedupeLabel& x : l) m[{x.a, x.b}] = x.match;
  EXPECT_TRUE(m.at({2, 5}));
  EXPECT_FALSE(m.at({2, 9}));
  EXPECT_FALSE(m.at({5, 9}));
  EXPECT_FALSE(m.at({11, 12}));
}

TEST(DedupeLabels, BadFilesAreNamed) {
  struct Case {
    const char* name;
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {"not json", "{", "not JSON"},
      {"no header", R"({"decisions": []})", "crmwb_dedupe_labels"},
      {"version", R"({"crmwb_dedupe_labels": 2, "decisions": []})", "must be 1"},
      {"no list", R"({"crmwb_dedupe_labels": 1})", "no \"decisions\""},
      {"action",
       R"({"crmwb_dedupe_labels": 1, "decisions": [{"action": "merge", "rows": [1, 2]}]})",
       "decision 1: \"action\" is accept, reject or split"},
      {"one row", R"({"crmwb_dedupe_labels": 1, "decisions": [{"action": "accept", "rows": [1]}]})",
       "two or more rows"},
      {"past the file",
       R"({"crmwb_dedupe_labels": 1, "decisions": [{"action": "accept", "rows": [1, 99]}]})",
       "another file"},
      {"negative",
       R"({"crmwb_dedupe_labels": 1, "decisions": [{"action": "reject", "rows": [-1, 2]}]})",
       "row number"},
      {"split row",
       R"({"crmwb_dedupe_labels": 1, "decisions": [{"action": "split", "rows": [1, 2], "row": 3}]})",
       "not in its \"rows\""},
  };
  for (const Case& c : cases) {
    try {
      parse_dedupe_labels(c.text, 20);
      ADD_FAILURE() << c.name << ": accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.code(), "bad_labels") << c.name;
      EXPECT_NE(std::string(e.what()).find(c.says), std::string::npos)
          << c.name << ": " << e.what();
    }
  }
}

TEST(DedupeLabels, ContradictingLabelsMoveMAndScores) {
  const Table t = generated(1500, 11, 0.25);
  const Profile p = profile_table(t, ProfileOptions());
  DedupeOptions o;
  const DedupeResult before = run_dedupe(t, p, o);
  // Contradict EM: 10 pairs it is sure of (probability 0.9..0.999999) are "not the same", and 10
  // pairs it is unsure of (0.05..0.9) are "the same".
  std::vector<ScoredPair> sure, unsure;
  for (const ScoredPair& s : before.pairs) {
    if (s.probability >= 0.9 && s.probability < 0.999999) sure.push_back(s);
    if (s.probability >= 0.05 && s.probability < 0.9) unsure.push_back(s);
  }
  ASSERT_GE(sure.size(), 10u);
  ASSERT_GE(unsure.size(), 3u);
  sure.resize(10);
  if (unsure.size() > 10) unsure.resize(10);
  for (const ScoredPair& s : sure) o.labels.push_back({s.a, s.b, false});
  for (const ScoredPair& s : unsure) o.labels.push_back({s.a, s.b, true});
  const DedupeResult after = run_dedupe(t, p, o);
  EXPECT_EQ(after.labelled_non_matches, sure.size());
  EXPECT_EQ(after.labelled_matches, unsure.size());
  ASSERT_EQ(after.model.fields.size(), before.model.fields.size());
  // m at the level all labelled matches share rose, m at the level all labelled non-matches
  // share fell (unless the matches share it too); u stays; m still sums to 1.
  const size_t nf = before.model.fields.size();
  for (size_t f = 0; f < nf; ++f) {
    std::map<unsigned, int> lm, lu;
    for (const ScoredPair& s : unsure) ++lm[(s.levels >> (4 * f)) & 15u];
    for (const ScoredPair& s : sure) ++lu[(s.levels >> (4 * f)) & 15u];
    const CompareField& b = before.model.fields[f];
    const CompareField& a = after.model.fields[f];
    EXPECT_EQ(a.u, b.u) << b.column;
    double sm = 0;
    for (size_t l = 1; l < a.m.size(); ++l) sm += a.m[l];
    EXPECT_NEAR(sm, 1, 1e-9) << b.column;
    const unsigned only_m = lm.size() == 1 ? lm.begin()->first : 0;
    const unsigned only_u = lu.size() == 1 ? lu.begin()->first : 0;
    if (only_m > 0 && only_m != only_u && lu.count(only_m) == 0 && b.m[only_m] < 0.999) {
      EXPECT_GT(a.m[only_m], b.m[only_m]) << b.column;
    }
    if (only_u > 0 && lm.count(only_u) == 0) {
      EXPECT_LT(a.m[only_u], b.m[only_u]) << b.column;
    }
  }
  // The scored pairs move with the labels: the rejected ones down and the accepted ones up, on
  // average (a pair may share a level with the other group).
  const auto pa = pairs_of(after);
  double down = 0, up = 0;
  for (const ScoredPair& s : sure) {
    const auto it = pa.find({s.a, s.b});
    down += (it == pa.end() ? -7.0 : it->second.weight) - s.weight;
  }
  for (const ScoredPair& s : unsure) {
    const auto it = pa.find({s.a, s.b});
    up += (it == pa.end() ? -7.0 : it->second.weight) - s.weight;
  }
  EXPECT_LT(down, 0);
  EXPECT_GT(up, 0);
  EXPECT_NE(after.model.lambda, before.model.lambda);  // the prior was estimated again
  // A link takes no labels.
  Table b = t;
  o.other = &b;
  EXPECT_THROW(run_dedupe(t, p, o), InputError);
}
