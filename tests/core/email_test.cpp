// E-mail validity, standardization and typo suggestions (core/src/standardize/email.cpp).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "crm/email.h"

namespace crm {
namespace {

struct Case {
  const char* name;
  std::string in;
  bool lower_local;
  std::string output;
  bool valid;
  std::string suggestion;
};

TEST(Email, Standardize) {
  const Case cases[] = {
      {"plain", "john@example.com", false, "john@example.com", true, ""},
      {"trim and domain case", "  John.Smith@Example.COM ", false, "John.Smith@example.com", true,
       ""},
      {"local lowered on request", "John.Smith@Example.COM", true, "john.smith@example.com", true,
       ""},
      {"mailto", "mailto:a@b.org", false, "a@b.org", true, ""},
      {"angle brackets", "<a@b.org>", false, "a@b.org", true, ""},
      {"invisible", "a\xE2\x80\x8B@b.org\xC2\xA0", false, "a@b.org", true, ""},
      {"gmial", "ann@gmial.com", false, "ann@gmial.com", true, "ann@gmail.com"},
      {"hotmial", "ann@HOTMIAL.COM", false, "ann@hotmial.com", true, "ann@hotmail.com"},
      {"yaho", "ann@yaho.com", false, "ann@yaho.com", true, "ann@yahoo.com"},
      {"dot con on a provider", "ann@yahoo.con", false, "ann@yahoo.con", true, "ann@yahoo.com"},
      {"dot con elsewhere", "ann@acme-corp.con", false, "ann@acme-corp.con", true,
       "ann@acme-corp.com"},
      {"real provider untouched", "ann@mail.com", false, "ann@mail.com", true, ""},
      {"company domain untouched", "ann@acme.de", false, "ann@acme.de", true, ""},
      {"no at", "ann.example.com", false, "ann.example.com", false, ""},
      {"two ats", "a@b@c.com", false, "a@b@c.com", false, ""},
      {"space", "ann smith@x.com", false, "ann smith@x.com", false, ""},
      {"double dot domain", "a@x..com", false, "a@x..com", false, ""},
      {"hyphen edge", "a@-x.com", false, "a@-x.com", false, ""},
      {"dotless domain is valid (WHATWG)", "a@localhost", false, "a@localhost", true, ""},
      {"non-ascii domain", "a@b\xC3\xBC.de", false, "a@b\xC3\xBC.de", false, ""},
      {"empty", "", false, "", false, ""},
  };
  for (const auto& c : cases) {
    EmailOptions o;
    o.lower_local = c.lower_local;
    EmailResult r = standardize_email(c.in, o);
    EXPECT_EQ(r.output, c.output) << c.name;
    EXPECT_EQ(r.valid, c.valid) << c.name;
    EXPECT_EQ(r.valid, r.reason.empty()) << c.name;
    EXPECT_EQ(r.suggestion, c.suggestion) << c.name;
  }
}

// The WHATWG HTML standard's own regular expression for a valid e-mail address, run by Python's
// re module, is the reference for is_whatwg_email.
TEST(Email, ValidityAgreesWithTheWhatwgRegex) {
  std::vector<std::string> values = {"a@b",
                                     "a@b.c",
                                     ".a@b.c",
                                     "a.@b.c",
                                     "a..b@c.d",
                                     "a@b-.c",
                                     "a@-b.c",
                                     "a@b..c",
                                     "a@.b",
                                     "@b.c",
                                     "a@",
                                     "a b@c.d",
                                     "a@b_c.d",
                                     "!#$%&'*+/=?^_`{|}~-@x.y",
                                     "a@1.2.3.4",
                                     "a@[1.2.3.4]",
                                     "\"a\"@b.c",
                                     "a@b.c.",
                                     "a@" + std::string(63, 'x'),
                                     "a@" + std::string(64, 'x'),
                                     "a@x." + std::string(63, 'y')};
  const std::string chars = "ab.@-_+ Z9";
  uint64_t seed = 7;
  for (int k = 0; k < 4000; ++k) {
    std::string s;
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t len = 1 + (seed >> 59);
    for (size_t i = 0; i < len; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      s.push_back(chars[(seed >> 33) % chars.size()]);
    }
    values.push_back(s);
  }
  std::string path = ::testing::TempDir() + "crmwb_emails.txt";
  {
    std::ofstream out(path);
    for (const auto& v : values) out << v << "\n";
  }
  std::string cmd =
      "/usr/bin/python3 -c 'import re, sys\n"
      "r = re.compile(r\"^[a-zA-Z0-9.!#$%&\\x27*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}"
      "[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$\")\n"
      "for l in open(sys.argv[1]):\n"
      "  print(1 if r.match(l.rstrip(\"\\n\")) else 0)' " +
      path;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  size_t i = 0;
  int want;
  while (std::fscanf(p, "%d", &want) == 1 && i < values.size()) {
    EXPECT_EQ(is_whatwg_email(values[i]), want == 1) << "[" << values[i] << "]";
    ++i;
  }
  pclose(p);
  EXPECT_EQ(i, values.size());
}

}  // namespace
}  // namespace crm
