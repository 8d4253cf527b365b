// Unicode comparison keys, collation and NFC (core/src/text).
#include <gtest/gtest.h>

#include <algorithm>
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
