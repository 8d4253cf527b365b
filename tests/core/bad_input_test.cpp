// Bad input: each case ends in a clear error or warning that names the line, never a crash, a hang
// or silently dropped data.
#include <gtest/gtest.h>

#include <random>

#include "test_util.h"

namespace {

using crm::test::find_warning;

struct ErrorCase {
  const char* name;
  std::string bytes;
  std::string code;
  std::string message_part;
};

class Rejected : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(Rejected, WithClearError) {
  const ErrorCase& c = GetParam();
  for (size_t chunk : {0, 1, 5000}) {
    try {
      crm::test::read_chunked(c.bytes, chunk);
      FAIL() << "no error for " << c.name;
    } catch (const crm::InputError& e) {
      EXPECT_EQ(e.code(), c.code);
      EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
    }
  }
}

std::string with_padding(std::string head, size_t n = 6000) {
  head.resize(n, '\0');
  return head;
}

std::string random_bytes(size_t n) {
  std::mt19937_64 rng(42);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, Rejected,
    ::testing::Values(
        ErrorCase{"empty_file", "", "empty_file", "empty"},
        ErrorCase{"only_blank_lines", "\n\n\r\n", "no_rows", "no rows"},
        ErrorCase{"only_bom", "\xEF\xBB\xBF", "no_rows", "no rows"},
        ErrorCase{"png", with_padding("\x89PNG\r\n\x1A\n"), "binary_file", "PNG image"},
        ErrorCase{"zip_xlsx", with_padding(std::string("PK\x03\x04", 4)), "binary_file", ".xlsx"},
        ErrorCase{"pdf", with_padding("%PDF-1.7\n"), "binary_file", "PDF"},
        ErrorCase{"gzip", with_padding("\x1F\x8B\x08"), "binary_file", "gzip"},
        ErrorCase{"random_binary", random_bytes(100000), "binary_file", "binary"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(BadInput, RaggedRowsAreKeptAndCounted) {
  const crm::Table t = crm::read_csv("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10\n");
  EXPECT_EQ(t.rows, 4u);  // every row accounted for
  const crm::Warning* s = find_warning(t, "short_rows");
  const crm::Warning* l = find_warning(t, "long_rows");
  ASSERT_TRUE(s && l);
  EXPECT_EQ(s->line, 3);
  EXPECT_EQ(l->line, 4);
  ASSERT_EQ(t.columns.size(), 4u);
  EXPECT_EQ(t.columns[3].name(), "extra_1");
  EXPECT_EQ(t.columns[3].value(2), "9");
  EXPECT_TRUE(t.columns[2].missing(3));
}

TEST(BadInput, UnterminatedQuoteKeepsTheRest) {
  const crm::Table t = crm::read_csv("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n");
  const crm::Warning* w = find_warning(t, "unterminated_quote");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->line, 3);
  ASSERT_EQ(t.rows, 2u);
  EXPECT_EQ(t.columns[1].value(1), "never closed\n4,5\n6,7\n");
}

TEST(BadInput, NulBytesRemovedWithLine) {
  std::string csv = "a,b\n1,2\n3,x";
  csv += '\0';
  csv += "y\n";
  const crm::Table t = crm::read_csv(csv);
  const crm::Warning* w = find_warning(t, "nul_bytes");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->line, 3);
  EXPECT_EQ(t.columns[1].value(1), "xy");
}

TEST(BadInput, HugeSingleField) {
  const std::string big(40u << 20, 'z');
  const crm::Table t = crm::test::read_chunked("v\n" + big + "\n", 1 << 20);
  ASSERT_EQ(t.rows, 1u);
  EXPECT_EQ(t.columns[0].value(0).size(), big.size());
}

TEST(BadInput, HeaderOnly) {
  const crm::Table t = crm::read_csv("a,b,c\n");
  EXPECT_EQ(t.rows, 0u);
  EXPECT_EQ(t.columns.size(), 3u);
  EXPECT_NE(find_warning(t, "no_data_rows"), nullptr);
}

TEST(BadInput, ManyRowsEveryOneAccountedFor) {
  std::string csv = "id,v\n";
  size_t expected = 0;
  for (int i = 0; i < 50000; ++i) {
    csv += std::to_string(i);
    if (i % 7 == 0) {
      csv += "\n";  // short row: padded
    } else if (i % 11 == 0) {
      csv += ",a,b\n";  // long row: extra column
    } else if (i % 13 == 0) {
      csv += ",\"multi\nline\"\n";
    } else {
      csv += ",x\n";
    }
    ++expected;
    if (i % 17 == 0) csv += "\n";  // blank line: skipped
  }
  const crm::Table t = crm::test::read_chunked(csv, 4099);
  EXPECT_EQ(t.rows, expected);
  for (const crm::Column& c : t.columns) EXPECT_EQ(c.size(), expected);
}

TEST(BadInput, CancelStopsLoading) {
  std::atomic<bool> cancel{true};
  crm::CsvReader r({}, {}, &cancel);
  EXPECT_THROW(r.feed("a,b\n1,2\n", 8), crm::Cancelled);
}

}  // namespace
