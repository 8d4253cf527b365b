// Patterns on RE2: matching, clear errors, and linear time on the classic catastrophic cases.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "crm/common.h"
#include "crm/pattern.h"

namespace crm {
namespace {

std::string error_of(const std::string& p) {
  try {
    Pattern x(p);
  } catch (const InputError& e) {
    return e.code() + ": " + e.what();
  }
  return "";
}

TEST(Pattern, Matches) {
  EXPECT_TRUE(Pattern("^[A-Z]{2}\\d{3}$").search("AB123"));
  EXPECT_FALSE(Pattern("^[A-Z]{2}\\d{3}$").search("AB1234"));
  EXPECT_TRUE(Pattern("gmail").search("ann@gmail.com"));
  EXPECT_TRUE(Pattern("^\\p{Lu}", false).search("\xC3\x89mile"));
  EXPECT_TRUE(Pattern("^emile$", true).search("EMILE"));
}

TEST(Pattern, ClearErrors) {
  EXPECT_EQ(error_of("(a)\\1"),
            "bad_pattern: the pattern (a)\\1 cannot be used: back-references such as \\1 are not "
            "supported (patterns run in linear time, RE2 syntax)");
  EXPECT_EQ(error_of("a(?=b)"),
            "bad_pattern: the pattern a(?=b) cannot be used: look-ahead and look-behind such as "
            "(?= are not supported (patterns run in linear time, RE2 syntax)");
  EXPECT_EQ(error_of("a{2000}"),
            "bad_pattern: the pattern a{2000} cannot be used: a repetition count above 1000 "
            "({2000})");
  EXPECT_EQ(error_of("(ab"), "bad_pattern: the pattern (ab cannot be used: missing ): (ab");
}

// (a+)+$ and (a|aa)*c take exponential time in backtracking engines; here they must finish at
// once on a long value (a generous bound: this checks a hang, not speed).
TEST(Pattern, NoCatastrophicBacktracking) {
  std::string value(100000, 'a');
  value += "!";
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(Pattern("^(a+)+$").search(value));
  EXPECT_FALSE(Pattern("^(a|aa)*c$").search(value));
  EXPECT_FALSE(Pattern("(x+x+)+y").search(std::string(50000, 'x')));
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 10.0);
}

}  // namespace
}  // namespace crm
