// Unicode comparison keys, collation and NFC (core/src/text).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crm/text.h"

namespace crm {
namespace {

struct FoldCase {
  const char* name;
  std::string in;
  std::string key;
};

TEST(Text, FoldKey) {
  const FoldCase cases[] = {
      {"ascii upper", "CLAUDIA.F@EXAMPLE.COM", "claudia.f@example.com"},
      {"ascii unchanged", "abc 123 -_.", "abc 123 -_."},
      {"acute", "\xC3\x89mile", "emile"},              // Émile
      {"decomposed acute", "E\xCC\x81mile", "emile"},  // E + U+0301
      {"german sharp s",
       "Stra\xC3\x9F"
       "e",
       "strasse"},                                         // Straße
      {"umlaut", "M\xC3\xBCller", "muller"},               // Müller
      {"ligature", "\xEF\xAC\x81le", "file"},              // ﬁle
      {"soft hyphen dropped", "Jo\xC2\xADhn", "john"},     // Jo<SHY>hn
      {"zero width dropped", "An\xE2\x80\x8Bna", "anna"},  // An<ZWSP>na
      {"curly apostrophe",
       "O\xE2\x80\x99"
       "Brien",
       "o'brien"},  // O’Brien
      {"greek", "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3", "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83"},
      {"not utf8 kept", "AB\xFF", "ab\xFF"},
  };
  for (const auto& c : cases) EXPECT_EQ(fold_key(c.in), c.key) << c.name;
}

TEST(Text, CollateOrdersCaseAndAccentInsensitivelyThenByBytes) {
  std::vector<std::string> v = {"claudia.f", "CLAUDIA.F", "Bob",        "\xC3\x89mile",
                                "emile",     "alice",     "Zo\xC3\xAB", "zed"};
  std::sort(v.begin(), v.end(),
            [](const std::string& a, const std::string& b) { return collate_compare(a, b) < 0; });
  const std::vector<std::string> want = {"alice", "Bob",          "CLAUDIA.F", "claudia.f",
                                         "emile", "\xC3\x89mile", "zed",       "Zo\xC3\xAB"};
  EXPECT_EQ(v, want);
  EXPECT_EQ(collate_compare("a", "a"), 0);
  EXPECT_LT(collate_compare("a", "ab"), 0);
  EXPECT_GT(collate_compare("B", "a"), 0);
}

TEST(Text, NfcComposes) {
  EXPECT_EQ(nfc("E\xCC\x81"), "\xC3\x89");
  EXPECT_EQ(nfc("plain"), "plain");
  EXPECT_EQ(nfc("bad\xFF"), "bad\xFF");
  EXPECT_STRNE(unicode_version(), "");
}

}  // namespace
}  // namespace crm

namespace crm {
namespace {

struct CaseCase {
  const char* name;
  std::string in;
  CaseMode mode;
  std::string out;
};

TEST(Text, ChangeCase) {
  const CaseCase cases[] = {
      {"issue: beethoven", "LUDWIG VAN BEETHOVEN", CaseMode::Name, "Ludwig van Beethoven"},
      {"issue: mcdonald", "ronald mcdonald", CaseMode::Name, "Ronald McDonald"},
      {"issue: o'brien", "MARY O'BRIEN", CaseMode::Name, "Mary O'Brien"},
      {"issue: machado", "JOHN MACHADO", CaseMode::Name, "John Machado"},
      {"hyphenated", "JEAN-LUC PICARD", CaseMode::Name, "Jean-Luc Picard"},
      {"initials", "j.r.r. tolkien", CaseMode::Name, "J.R.R. Tolkien"},
      {"macdonald", "ALAN MACDONALD", CaseMode::Name, "Alan MacDonald"},
      {"mack stays", "MACK SMITH", CaseMode::Name, "Mack Smith"},
      {"mack next to mc (per word)", "MACK MCDONALD", CaseMode::Name, "Mack McDonald"},
      {"particles", "MARIA DE LA CRUZ", CaseMode::Name, "Maria de la Cruz"},
      {"da silva", "JOSE DA SILVA", CaseMode::Name, "Jose da Silva"},
      {"forename al", "al pacino", CaseMode::Name, "Al Pacino"},
      {"forename van", "VAN MORRISON", CaseMode::Name, "Van Morrison"},
      {"possessive", "PAUL'S", CaseMode::Name, "Paul's"},
      {"roman", "henry viii", CaseMode::Name, "Henry VIII"},
      {"roman suffix", "JOHN SMITH III", CaseMode::Name, "John Smith III"},
      {"liv is a name", "LIV TYLER", CaseMode::Name, "Liv Tyler"},
      {"li is a name", "JET LI", CaseMode::Name, "Jet Li"},
      {"xi is a name", "JINPING XI", CaseMode::Name, "Jinping Xi"},
      {"post-nominal after comma", "jane smith, phd", CaseMode::Name, "Jane Smith, PhD"},
      {"ma is a name", "LI MA", CaseMode::Name, "Li Ma"},
      {"ji-woo", "JI-WOO PARK", CaseMode::Name, "Ji-Woo Park"},
      {"accented", "\xC3\x89MILE ZOLA", CaseMode::Name, "\xC3\x89mile Zola"},
      {"greek", "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91", CaseMode::Name,
       "\xCE\xA3\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1"},  // ΣΟΦΙΑ → Σοφια
      {"lower", "\xC3\x89MILE", CaseMode::Lower, "\xC3\xA9mile"},
      {"upper",
       "stra\xC3\x9F"
       "e",
       CaseMode::Upper,
       "STRA\xE1\xBA\x9E"
       "E"},  // utf8proc: ẞ
      {"title", "hello WORLD o'brien", CaseMode::Title, "Hello World O'brien"},
      {"title digits", "3rd avenue", CaseMode::Title, "3rd Avenue"},
      {"not utf8 unchanged", "AB\xFF", CaseMode::Lower, "AB\xFF"},
  };
  for (const auto& c : cases) EXPECT_EQ(change_case(c.in, c.mode), c.out) << c.name;
  CaseMode m;
  EXPECT_TRUE(parse_case_mode("name", m));
  EXPECT_EQ(m, CaseMode::Name);
  EXPECT_FALSE(parse_case_mode("Name", m));
}

struct CleanCase {
  const char* name;
  std::string in;
  TextCleanOptions options;
  std::string out;
};

TEST(Text, CleanText) {
  TextCleanOptions all;
  TextCleanOptions no_collapse;
  no_collapse.collapse = false;
  TextCleanOptions trim_only{true, false, false, false};
  const CleanCase cases[] = {
      {"trim and collapse", "  John \t  Smith \n", all, "John Smith"},
      {"nbsp is a space", "John\xC2\xA0Smith\xC2\xA0", all, "John Smith"},
      {"zero width removed", "Jo\xE2\x80\x8Bhn", all, "John"},
      {"soft hyphen removed", "Jo\xC2\xADhn", all, "John"},
      {"bom removed", "\xEF\xBB\xBFJohn", all, "John"},
      {"control removed", "Jo\x01hn\x7F", all, "John"},
      {"zwj kept",
       "a\xE2\x80\x8D"
       "b",
       all,
       "a\xE2\x80\x8D"
       "b"},
      {"nfc", "E\xCC\x81mile", all, "\xC3\x89mile"},
      {"multi-line kept without collapse", " a\nb ", no_collapse, "a\nb"},
      {"nbsp inside becomes space",
       "a\xC2\xA0"
       "b",
       no_collapse, "a b"},
      {"trim only keeps inner", " a  b\xC2\xA0", trim_only, "a  b"},
      {"empty", "   ", all, ""},
      {"not utf8 unchanged", " a\xFF ", all, " a\xFF "},
  };
  for (const auto& c : cases) EXPECT_EQ(clean_text(c.in, c.options), c.out) << c.name;
}

}  // namespace
}  // namespace crm

namespace crm {
namespace {

// Reads the FEBRL given names and surnames (../shared/datasets), upper-cased as CRM exports often
// have them, plus hard cases; empty when the datasets are absent.
std::vector<std::string> name_corpus() {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const char* f : {"dataset2.csv", "dataset3.csv"}) {
    std::ifstream in(std::string(CRM_SHARED_DATASETS) + "/febrl/" + f);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::stringstream ss(line);
      std::string cell;
      while (std::getline(ss, cell, ',')) cells.push_back(cell.empty() ? cell : cell.substr(1));
      if (cells.size() < 3 || cells[1].empty() || cells[2].empty()) continue;
      std::string full = cells[1] + " " + cells[2];
      for (auto& c : full) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (seen.insert(full).second) out.push_back(full);
    }
  }
  return out;
}

// Lingua::EN::NameCase (Debian liblingua-en-namecase-perl) is the reference: on real names our
// name case must agree with it but for the deviations the README lists.
TEST(Text, NameCaseAgreesWithLinguaEnNameCase) {
  if (std::system("perl -MLingua::EN::NameCase -e 1 2>/dev/null") != 0)
    GTEST_SKIP()
        << "perl Lingua::EN::NameCase missing (apt-get install liblingua-en-namecase-perl)";
  std::vector<std::string> names = name_corpus();
  if (names.empty()) GTEST_SKIP() << "../shared/datasets/febrl is absent";
  std::string path = ::testing::TempDir() + "crmwb_names.txt";
  {
    std::ofstream out(path);
    for (const auto& n : names) out << n << "\n";
  }
  std::string cmd = "perl -CSD -MLingua::EN::NameCase -ne 'chomp; print nc($_), \"\\n\"' < " + path;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::vector<std::string> want;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) {
    std::string l(buf);
    if (!l.empty() && l.back() == '\n') l.pop_back();
    want.push_back(l);
  }
  pclose(p);
  ASSERT_EQ(want.size(), names.size());
  size_t agree = 0;
  std::string diffs;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string got = change_case(names[i], CaseMode::Name);
    if (got == want[i])
      ++agree;
    else if (diffs.size() < 2000)
      diffs += names[i] + ": " + got + " vs " + want[i] + "\n";
  }
  double share = static_cast<double>(agree) / static_cast<double>(names.size());
  EXPECT_GE(share, 0.995) << names.size() << " names, disagreements:\n" << diffs;
  std::printf("name case vs Lingua::EN::NameCase: %zu of %zu agree\n%s", agree, names.size(),
              diffs.c_str());
}

}  // namespace
}  // namespace crm

namespace crm {
namespace {

// jellyfish (Debian python3-jellyfish) is the reference for the string distances.
TEST(Text, DistancesAgreeWithJellyfish) {
  if (std::system("/usr/bin/python3 -c 'import jellyfish' 2>/dev/null") != 0)
    GTEST_SKIP() << "python3-jellyfish missing (apt-get install python3-jellyfish)";
  // Pairs: a random word and a typo'd copy, over an alphabet with accents and a CJK character.
  const std::vector<std::string> alphabet = {"a", "b", "c",        "d",        "e",           "m",
                                             "r", "t", "\xC3\xA9", "\xC3\xBC", "\xE5\xB1\xB1"};
  uint64_t seed = 12345;
  auto next = [&]() {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(seed >> 33);
  };
  std::vector<std::pair<std::string, std::string>> pairs = {
      {"martha", "marhta"}, {"dixon", "dicksonx"}, {"", "abc"}, {"ca", "abc"}, {"a", "a"}};
  for (int k = 0; k < 3000; ++k) {
    std::vector<std::string> a, b;
    size_t len = next() % 12;
    for (size_t i = 0; i < len; ++i) a.push_back(alphabet[next() % alphabet.size()]);
    b = a;
    for (int e = next() % 4; e > 0 && !b.empty(); --e) {
      size_t at = next() % b.size();
      switch (next() % 4) {
        case 0:
          b.erase(b.begin() + at);
          break;
        case 1:
          b.insert(b.begin() + at, alphabet[next() % alphabet.size()]);
          break;
        case 2:
          b[at] = alphabet[next() % alphabet.size()];
          break;
        default:
          if (at + 1 < b.size()) std::swap(b[at], b[at + 1]);
      }
    }
    std::string sa, sb;
    for (auto& s : a) sa += s;
    for (auto& s : b) sb += s;
    pairs.emplace_back(sa, sb);
  }
  std::string path = ::testing::TempDir() + "crmwb_pairs.txt";
  {
    std::ofstream out(path);
    for (auto& [x, y] : pairs) out << x << "\t" << y << "\n";
  }
  std::string cmd =
      "/usr/bin/python3 -c 'import sys, jellyfish\n"
      "for l in open(sys.argv[1], encoding=\"utf-8\"):\n"
      "  a, b = l.rstrip(\"\\n\").split(\"\\t\")\n"
      "  print(jellyfish.damerau_levenshtein_distance(a, b), "
      "repr(jellyfish.jaro_similarity(a, b)), repr(jellyfish.jaro_winkler_similarity(a, b)))' " +
      path + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  size_t i = 0, bad = 0;
  size_t d;
  double j, jw;
  while (std::fscanf(p, "%zu %lf %lf", &d, &j, &jw) == 3 && i < pairs.size()) {
    const auto& [x, y] = pairs[i++];
    if (damerau_levenshtein(x, y) != d || std::abs(jaro(x, y) - j) > 1e-12 ||
        std::abs(jaro_winkler(x, y) - jw) > 1e-12) {
      if (++bad < 10)
        ADD_FAILURE() << x << " | " << y << ": dl " << damerau_levenshtein(x, y) << " vs " << d
                      << ", jaro " << jaro(x, y) << " vs " << j << ", jw " << jaro_winkler(x, y)
                      << " vs " << jw;
    }
  }
  pclose(p);
  EXPECT_EQ(i, pairs.size());
  EXPECT_EQ(bad, 0u);
}

}  // namespace
}  // namespace crm
