// Phone parsing and formatting (crm/phone.h) and the digit-pattern matcher behind it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "crm/phone.h"
#include "standardize/digit_regex.h"

using namespace crm;

namespace {

struct ParseCase {
  const char* name;
  const char* text;
  const char* region;
  const char* e164;  // "" when parsing fails
  bool valid;
  const char* ext;
};

TEST(PhoneParse, Table) {
  const ParseCase cases[] = {
      {"us_national", "(415) 555-2671", "US", "+14155552671", true, ""},
      {"us_national_no_region", "(415) 555-2671", "", "", false, ""},
      {"us_international", "+1 415 555 2671", "", "+14155552671", true, ""},
      {"au_extension", "+61 2 1234 4565 ext. 12", "", "+61212344565", true, "12"},
      {"jp_tel_uri", "tel:+81-3-1234-5678", "", "+81312345678", true, ""},
      {"rfc3966_ext", "tel:+1-415-555-2671;ext=99", "", "+14155552671", true, "99"},
      {"phone_context", "tel:555-2671;phone-context=+1415", "", "+14155552671", true, ""},
      {"x_extension", "415.555.2671 x305", "US", "+14155552671", true, "305"},
      {"hash_extension", "415-555-2671 - 305#", "US", "+14155552671", true, "305"},
      {"gb_00", "0044 20 7946 0958", "GB", "+442079460958", true, ""},
      {"gb_national_prefix", "020 7946 0958", "GB", "+442079460958", true, ""},
      {"us_idd", "011 44 20 7946 0958", "US", "+442079460958", true, ""},
      {"de_national", "030 123456", "DE", "+4930123456", true, ""},
      {"it_leading_zero", "+39 06 1234 5678", "", "+390612345678", true, ""},
      {"ar_transform", "011 15 2345 6789", "AR", "+5491123456789", true, ""},
      {"ca_shared_code", "+1 604 555 5555", "", "+16045555555", true, ""},
      {"code_shaped", "9999-9999-9999-999", "US", "+1999999999999999", false, ""},
      {"letters", "1-800-FLOWERS", "US", "+18003569377", true, ""},
      {"junk", "hello", "US", "", false, ""},
      {"too_short", "12", "US", "+112", false, ""},
      {"bad_country_code", "+999 123 456 789", "", "", false, ""},
      {"nbsp",
       "+33\xC2\xA0"
       "1\xC2\xA0"
       "23\xC2\xA0"
       "45\xC2\xA0"
       "67\xC2\xA0"
       "89",
       "", "+33123456789", true, ""},
  };
  for (const ParseCase& c : cases) {
    const PhoneNumber n = parse_phone(c.text, c.region);
    EXPECT_EQ(format_phone(n, PhoneFormat::E164), c.e164) << c.name;
    EXPECT_EQ(n.valid(), c.valid) << c.name << " " << phone_reason_name(n.reason);
    EXPECT_EQ(std::string(n.extension()), c.ext) << c.name;
  }
}

TEST(PhoneParse, RegionAndReason) {
  const PhoneNumber ca = parse_phone("+1 604 555 5555", "");
  EXPECT_EQ(ca.region_code(), "CA");
  const PhoneNumber none = parse_phone("415 555 2671", "");
  EXPECT_EQ(none.reason, PhoneReason::InvalidCountryCode);
  const PhoneNumber shortn = parse_phone("+44 20 7946", "");
  EXPECT_TRUE(shortn.parsed());
  EXPECT_FALSE(shortn.valid());
  EXPECT_EQ(shortn.reason, PhoneReason::TooShort);
  EXPECT_FALSE(parse_phone(std::string(300, '1'), "US").parsed());
}

TEST(PhoneFormat, Notations) {
  const PhoneNumber au = parse_phone("+61 2 1234 4565 ext. 12", "");
  EXPECT_EQ(format_phone(au, PhoneFormat::International), "+61 2 1234 4565 ext. 12");
  EXPECT_EQ(format_phone(au, PhoneFormat::National), "(02) 1234 4565 ext. 12");
  EXPECT_EQ(format_phone(au, PhoneFormat::Rfc3966), "tel:+61-2-1234-4565;ext=12");
  const PhoneNumber us = parse_phone("4155552671", "US");
  EXPECT_EQ(format_phone(us, PhoneFormat::National), "(415) 555-2671");
  EXPECT_EQ(format_phone(us, PhoneFormat::International), "+1 415-555-2671");
  const PhoneNumber gb = parse_phone("+442079460958", "");
  EXPECT_EQ(format_phone(gb, PhoneFormat::National), "020 7946 0958");
  EXPECT_EQ(format_phone(gb, PhoneFormat::International), "+44 20 7946 0958");
}

TEST(PhoneLookups, Regions) {
  EXPECT_TRUE(is_phone_region("US"));
  EXPECT_FALSE(is_phone_region("us"));
  EXPECT_FALSE(is_phone_region("XX"));
  EXPECT_EQ(phone_main_region(1), "US");
  EXPECT_EQ(phone_main_region(44), "GB");
  EXPECT_EQ(phone_main_region(999), "");
  EXPECT_EQ(phone_country_code("FR"), 33);
  EXPECT_EQ(phone_leading_country_code("+44 20 7946 0958"), 44);
  EXPECT_EQ(phone_leading_country_code("tel:+81-3-1234-5678"), 81);
  EXPECT_EQ(phone_leading_country_code("0049 30 123456"), 49);
  EXPECT_EQ(phone_leading_country_code("030 123456"), 0);
}

TEST(DigitRegex, Matching) {
  DigitRegex r("(?:1[0-2]|[2-9])\\d{2,3}");
  EXPECT_TRUE(r.full_match("1012"));
  EXPECT_TRUE(r.full_match("5123"));
  EXPECT_FALSE(r.full_match("13123"));
  EXPECT_FALSE(r.full_match("51"));
  EXPECT_TRUE(r.prefix_match("51299999"));
  DigitRegex np("0?(?:(11)15)?");
  DigitRegex::Captures caps;
  ASSERT_TRUE(np.looking_at("0111523", caps));
  EXPECT_EQ(caps.end, 5);
  EXPECT_EQ(caps.pos[2], 1);
  EXPECT_EQ(caps.pos[3], 3);
  DigitRegex anchored("(000[2569]\\d{4,6})$|0");
  ASSERT_TRUE(anchored.looking_at("00021234", caps));
  EXPECT_EQ(caps.end, 8);
  ASSERT_TRUE(anchored.looking_at("0002123", caps));
  EXPECT_EQ(caps.end, 1);
  EXPECT_THROW(DigitRegex("a+"), std::invalid_argument);
}

}  // namespace

// For tests/wasm/phone_oracle.test.mjs: with CRM_PHONE_CASES (lines "region<TAB>text") and
// CRM_PHONE_ANSWERS set, writes one "e164<TAB>reason" line per case; skipped otherwise.
TEST(PhoneOracle, Answers) {
  const char* cases = std::getenv("CRM_PHONE_CASES");
  const char* answers = std::getenv("CRM_PHONE_ANSWERS");
  if (!cases || !answers) GTEST_SKIP() << "run by tests/wasm/phone_oracle.test.mjs";
  std::ifstream in(cases, std::ios::binary);
  std::ofstream out(answers, std::ios::binary);
  ASSERT_TRUE(in && out);
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos);
    const PhoneNumber n = parse_phone(std::string_view(line).substr(tab + 1), line.substr(0, tab));
    out << format_phone(n, PhoneFormat::E164) << '\t' << phone_reason_name(n.reason) << '\n';
  }
}
