// Encodings: UTF-8 with/without BOM, UTF-16 LE/BE (with BOM, and without from NUL patterns),
// Windows-1252 fallback with the first offending line named.
#include <gtest/gtest.h>

#include "csv/encoding.h"
#include "test_util.h"

namespace {

std::string utf16(const std::u16string& s, bool be, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += be ? std::string{hi, lo} : std::string{lo, hi};
  };
  if (bom) put(0xFEFF);
  for (char16_t u : s) put(u);
  return out;
}

struct EncCase {
  const char* name;
  std::string bytes;
  std::string encoding;
  std::string second_value;  // row 0, column 1
};

class Encodings : public ::testing::TestWithParam<EncCase> {};

TEST_P(Encodings, ConvertToUtf8) {
  const EncCase& c = GetParam();
  for (size_t chunk : {0, 1, 3, 4096}) {
    const crm::Table t = crm::test::read_chunked(c.bytes, chunk);
    ASSERT_EQ(t.rows, 1u) << chunk;
    EXPECT_EQ(t.dialect.encoding, c.encoding) << chunk;
    EXPECT_EQ(t.columns[0].name(), "name") << chunk;
    EXPECT_EQ(t.columns[1].value(0), c.second_value) << chunk;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Csv, Encodings,
    ::testing::Values(
        EncCase{"utf8", "name,city\nAnn,K\xC3\xB6ln\n", "UTF-8", "K\xC3\xB6ln"},
        EncCase{"utf8_bom", "\xEF\xBB\xBFname,city\nAnn,K\xC3\xB6ln\n", "UTF-8-BOM", "K\xC3\xB6ln"},
        EncCase{"utf16le_bom", utf16(u"name,city\nAnn,K\u00f6ln \U0001F600\n", false, true),
                "UTF-16LE", "K\xC3\xB6ln \xF0\x9F\x98\x80"},
        EncCase{"utf16be_bom", utf16(u"name,city\nAnn,K\u00f6ln\n", true, true), "UTF-16BE",
                "K\xC3\xB6ln"},
        EncCase{"utf16le_no_bom", utf16(u"name,city\nAnn,Koeln\n", false, false), "UTF-16LE",
                "Koeln"},
        EncCase{"cp1252", "name,city\nAnn,K\xF6ln \x93quoted\x94\n", "windows-1252",
                "K\xC3\xB6ln \xE2\x80\x9Cquoted\xE2\x80\x9D"},
        EncCase{"mixed_utf8_cp1252", "name,city\nJos\xC3\xA9,K\xF6ln\n", "UTF-8 + windows-1252",
                "K\xC3\xB6ln"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Encodings, Cp1252WarningNamesFirstLine) {
  const crm::Table t = crm::read_csv("a,b\n1,ok\n2,caf\xE9\n3,na\xEFve\n");
  const crm::Warning* w = crm::test::find_warning(t, "not_utf8");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->line, 3);
  EXPECT_NE(w->message.find("2 values"), std::string::npos) << w->message;
}

struct Utf8Case {
  const char* name;
  std::string bytes;
  bool valid;
};

class Utf8Validation : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8Validation, Validates) {
  EXPECT_EQ(crm::enc::valid_utf8(GetParam().bytes), GetParam().valid);
}

INSTANTIATE_TEST_SUITE_P(Encodings, Utf8Validation,
                         ::testing::Values(Utf8Case{"ascii", "hello", true},
                                           Utf8Case{"two_byte", "\xC3\xA9", true},
                                           Utf8Case{"four_byte", "\xF0\x9F\x98\x80", true},
                                           Utf8Case{"lone_continuation", "\x80", false},
                                           Utf8Case{"overlong", "\xC0\xAF", false},
                                           Utf8Case{"surrogate", "\xED\xA0\x80", false},
                                           Utf8Case{"truncated", "\xE2\x82", false},
                                           Utf8Case{"above_max", "\xF4\x90\x80\x80", false}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Encodings, Utf16DecoderReplacesLoneSurrogates) {
  crm::enc::Utf16Decoder d(false);
  std::string out;
  const unsigned char bytes[] = {0x00, 0xD8, 0x41, 0x00};  // lone high surrogate, then 'A'
  d.decode(bytes, sizeof bytes, out);
  d.finish(out);
  EXPECT_EQ(out,
            "\xEF\xBF\xBD"
            "A");
  EXPECT_EQ(d.replaced(), 1u);
}

}  // namespace
