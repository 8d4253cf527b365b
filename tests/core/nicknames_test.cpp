// Tests of the bundled nickname table: known pairs, and every link of the npm package's own map.
#include "crm/nicknames.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct PairCase {
  const char* name;
  const char* a;
  const char* b;
  bool linked;
};

class NicknamePairs : public ::testing::TestWithParam<PairCase> {};

TEST_P(NicknamePairs, AreNicknames) {
  const PairCase& c = GetParam();
  EXPECT_EQ(crm::are_nicknames(c.a, c.b), c.linked) << c.a << " / " << c.b;
  EXPECT_EQ(crm::are_nicknames(c.b, c.a), c.linked) << "symmetric: " << c.b << " / " << c.a;
}

INSTANTIATE_TEST_SUITE_P(Known, NicknamePairs,
                         ::testing::Values(PairCase{"robert_bob", "Robert", "Bob", true},
                                           PairCase{"robert_rob", "robert", "ROB", true},
                                           PairCase{"robert_bobby", "Robert", "Bobby", true},
                                           PairCase{"william_bill", "William", "Bill", true},
                                           PairCase{"william_will", "William", "Will", true},
                                           PairCase{"elizabeth_liz", "Elizabeth", "Liz", true},
                                           PairCase{"elizabeth_beth", "Elizabeth", "Beth", true},
                                           PairCase{"margaret_peggy", "Margaret", "Peggy", true},
                                           PairCase{"richard_dick", "Richard", "Dick", true},
                                           PairCase{"katherine_kate", "Katherine", "Kate", true},
                                           PairCase{"spaces_case", "  JAMES ", "jim", true},
                                           PairCase{"same_name", "Robert", "robert", false},
                                           PairCase{"unrelated", "Robert", "Elizabeth", false},
                                           PairCase{"unknown_name", "Zyxwv", "Robert", false},
                                           PairCase{"empty", "", "Bob", false},
                                           PairCase{"blank", "   ", "  ", false}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Nicknames, Canonicals) {
  const auto bob = crm::nickname_canonicals("Bob");
  EXPECT_NE(std::find(bob.begin(), bob.end(), "robert"), bob.end());
  const auto liz = crm::nickname_canonicals(" liz ");
  EXPECT_NE(std::find(liz.begin(), liz.end(), "elizabeth"), liz.end());
  const auto robert = crm::nickname_canonicals("ROBERT");
  EXPECT_NE(std::find(robert.begin(), robert.end(), "robert"), robert.end());
  EXPECT_TRUE(crm::nickname_canonicals("Zyxwv").empty());
  EXPECT_TRUE(crm::nickname_canonicals("").empty());
  EXPECT_TRUE(std::is_sorted(bob.begin(), bob.end()));
}

TEST(Nicknames, NicknamesOf) {
  const auto n = crm::nicknames_of("Robert");
  for (const char* want : {"bob", "rob", "bobby"}) {
    EXPECT_NE(std::find(n.begin(), n.end(), want), n.end()) << want;
  }
  EXPECT_EQ(std::find(n.begin(), n.end(), "robert"), n.end());
  for (const std::string& nick : n) EXPECT_TRUE(crm::are_nicknames("Robert", nick)) << nick;
  EXPECT_TRUE(crm::nicknames_of("Zyxwv").empty());
}

// Accents are folded before the lookup (Zoë is zoe).
TEST(Nicknames, AccentsFolded) {
  EXPECT_EQ(crm::nickname_canonicals("Róbert"), crm::nickname_canonicals("robert"));
}

/// The package's synonym map, parsed from its CommonJS build with nlohmann::json.
nlohmann::json package_map() {
  std::ifstream in(CRM_NICKNAME_JS);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const size_t b = text.find('{');
  const size_t e = text.find("};");
  if (b == std::string::npos || e == std::string::npos) return {};
  return nlohmann::json::parse(text.substr(b, e - b + 1));
}

// Oracle: every link in the npm package's own map (name -> synonyms) is a nickname pair here, and
// every name it lists is in the table.
TEST(Nicknames, EveryPackageLinkIsFound) {
  const nlohmann::json map = package_map();
  ASSERT_TRUE(map.is_object());
  ASSERT_GT(map.size(), 1500u);
  size_t links = 0;
  for (const auto& [name, synonyms] : map.items()) {
    EXPECT_FALSE(crm::nickname_canonicals(name).empty() && crm::nicknames_of(name).empty()) << name;
    for (const auto& s : synonyms) {
      const std::string other = s.get<std::string>();
      if (other == name) continue;
      ++links;
      EXPECT_TRUE(crm::are_nicknames(name, other)) << name << " / " << other;
    }
  }
  EXPECT_GT(links, 5000u);
  EXPECT_EQ(crm::nickname_table_size().names, map.size());
  // Names the map does not link are not nicknames of each other here either (a sample).
  std::vector<std::string> names;
  for (const auto& [name, synonyms] : map.items()) names.push_back(name);
  size_t checked = 0;
  for (size_t i = 0; i + 7 < names.size(); i += 7) {
    const auto& syn = map[names[i]];
    const std::string& other = names[i + 7];
    const bool linked = std::find(syn.begin(), syn.end(), other) != syn.end();
    EXPECT_EQ(crm::are_nicknames(names[i], other), linked && other != names[i])
        << names[i] << " / " << other;
    ++checked;
  }
  EXPECT_GT(checked, 200u);
}

}  // namespace
