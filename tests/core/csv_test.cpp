// Parser tests: RFC 4180 and the files people really have. Every case is also read in chunks of
// every size from 1 to 7 bytes, which must give the same table.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crm/workbench.h"
#include "test_util.h"

using crm::test::find_warning;
using crm::test::read_chunked;
using crm::test::render;

namespace {

struct Case {
  const char* name;
  std::string input;
  std::string expected;           // render() of the table
  const char* warning = nullptr;  // a warning code that must be present
};

const Case kCases[] = {
    {"simple", "a,b\n1,2\n3,4\n", "a|b\n1|2\n3|4\n"},
    {"no_final_newline", "a,b\n1,2", "a|b\n1|2\n"},
    {"crlf", "a,b\r\n1,2\r\n", "a|b\n1|2\n"},
    {"lone_cr", "a,b\r1,2\r3,4", "a|b\n1|2\n3|4\n"},
    {"quoted_delimiter", "a,b\n\"x,y\",2\n", "a|b\nx,y|2\n"},
    {"escaped_quotes", "a,b\n\"say \"\"hi\"\"\",2\n", "a|b\nsay \"hi\"|2\n"},
    {"newline_in_quotes", "a,b\n\"line1\nline2\",2\n", "a|b\nline1\nline2|2\n"},
    {"crlf_in_quotes", "a,b\r\n\"l1\r\nl2\",2\r\n", "a|b\nl1\r\nl2|2\n"},
    {"blank_lines", "a,b\n\n1,2\n\n\n3,4\n", "a|b\n1|2\n3|4\n", "blank_lines"},
    {"whitespace_kept", "a,b\n  x , y\n", "a|b\n  x | y\n"},
    {"missing_tokens", "a,b\nNULL,\nN/A,  \n", "a|b\n~NULL|~\n~N/A|~  \n"},
    {"short_row_padded", "a,b,c\n1,2\n", "a|b|c\n1|2|~\n", "short_rows"},
    {"long_row_kept", "a,b\n1,2,3\n4,5\n", "a|b|extra_1\n1|2|3\n4|5|~\n", "long_rows"},
    {"trailing_delimiter_rows", "a,b\n1,2,\n3,4,\n", "a|b\n1|2\n3|4\n", "trailing_delimiter"},
    {"trailing_delimiter_all", "a,b,\n1,2,\n3,4,\n", "a|b\n1|2\n3|4\n", "trailing_delimiter"},
    {"unterminated_quote", "a,b\n1,\"open\n2,3\n", "a|b\n1|open\n2,3\n\n", "unterminated_quote"},
    {"text_after_quote", "a,b\n\"x\"y,2\n", "a|b\nxy|2\n", "text_after_quote"},
    {"nul_bytes", std::string("a,b\n1\0,2\n", 9), "a|b\n1|2\n", "nul_bytes"},
    {"quote_inside_unquoted", "a,b\nab\"c,2\n", "a|b\nab\"c|2\n"},
    {"empty_quoted", "a,b\n\"\",2\n", "a|b\n~|2\n"},
    {"semicolon", "a;b\n1,5;2\n3,5;4\n", "a|b\n1,5|2\n3,5|4\n"},
    {"tab", "a\tb\n1\t2\n", "a|b\n1|2\n"},
    {"pipe", "name|age\nann|3\nbob|4\n", "name|age\nann|3\nbob|4\n"},
    {"duplicate_header", "id,id,\n1,2,3\n", "id|id_2|column_3\n1|2|3\n", "header_renamed"},
    {"header_only", "a,b\n", "a|b\n", "no_data_rows"},
    {"skip_initial_space", "a, b, c\n1, , 3\n4, 5, 6\n", "a|b|c\n1|~|3\n4|5|6\n"},
    {"utf8_bom", "\xEF\xBB\xBFname,city\nJos\xC3\xA9,K\xC3\xB6ln\n",
     "name|city\nJos\xC3\xA9|K\xC3\xB6ln\n"},
    {"cp1252_fallback", "name,city\nJos\xE9,K\xF6ln\n", "name|city\nJos\xC3\xA9|K\xC3\xB6ln\n",
     "not_utf8"},
    {"cp1252_euro",
     "name,price\nx,\x80"
     "5\n",
     "name|price\nx|\xE2\x82\xAC"
     "5\n",
     "not_utf8"},
    {"utf16le_bom",
     std::string("\xFF\xFE"
                 "a\0,\0b\0\n\0"
                 "1\0,\0\xE9\0\n\0",
                 18),
     "a|b\n1|\xC3\xA9\n"},
    {"utf16be_bom",
     std::string("\xFE\xFF\0a\0,\0b\0\n\0"
                 "1\0,\0\xE9\0\n",
                 18),
     "a|b\n1|\xC3\xA9\n"},
};

class CsvCases : public ::testing::TestWithParam<Case> {};

TEST_P(CsvCases, ParsesAndIsChunkInvariant) {
  const Case& c = GetParam();
  crm::CsvOptions o;
  o.header = crm::HeaderMode::Yes;
  const crm::Table whole = read_chunked(c.input, 0, o);
  EXPECT_EQ(render(whole), c.expected);
  if (c.warning) {
    EXPECT_NE(find_warning(whole, c.warning), nullptr) << "missing warning " << c.warning;
  }
  for (size_t chunk = 1; chunk <= 7; ++chunk) {
    const crm::Table t = read_chunked(c.input, chunk, o);
    EXPECT_EQ(render(t), c.expected) << "chunk size " << chunk;
    EXPECT_EQ(t.warnings.size(), whole.warnings.size()) << "chunk size " << chunk;
  }
}

INSTANTIATE_TEST_SUITE_P(Rfc4180AndRealFiles, CsvCases, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Csv, HeaderNoGivesGeneratedNames) {
  crm::CsvOptions o;
  o.header = crm::HeaderMode::No;
  const crm::Table t = crm::read_csv("1,2\n3,4\n", o);
  EXPECT_EQ(render(t), "column_1|column_2\n1|2\n3|4\n");
}

TEST(Csv, WarningsNameTheFirstLine) {
  const crm::Table t = crm::read_csv("a,b\n1,2\n3\n4,5\n6\n");
  const crm::Warning* w = find_warning(t, "short_rows");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->line, 3);
  EXPECT_NE(w->message.find("2 rows"), std::string::npos) << w->message;
}

TEST(Csv, LineNumbersCountLinesInsideQuotes) {
  const crm::Table t = crm::read_csv("a,b\n\"x\ny\",1\n\"z\",2,3\n");
  const crm::Warning* w = find_warning(t, "long_rows");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->line, 4);
}

TEST(Csv, HugeField) {
  std::string big(30u << 20, 'x');
  const std::string input = "a,b\n\"" + big + "\",1\n";
  const crm::Table t = read_chunked(input, 1 << 16);
  ASSERT_EQ(t.rows, 1u);
  EXPECT_EQ(t.columns[0].value(0).size(), big.size());
}

TEST(Csv, DialectReported) {
  const crm::Table t = crm::read_csv("x;y\r\n1;2\r\n");
  EXPECT_EQ(t.dialect.delimiter, ';');
  EXPECT_EQ(t.dialect.line_ending, "CRLF");
  EXPECT_EQ(t.dialect.encoding, "UTF-8");
}

TEST(Csv, CrlfSplitAcrossChunksIsOneLineEnding) {
  const std::string input = "a,b\r\n1,2\r\n3,4\r\n";
  for (size_t chunk = 1; chunk < input.size(); ++chunk) {
    const crm::Table t = read_chunked(input, chunk);
    EXPECT_EQ(t.dialect.line_ending, "CRLF") << chunk;
    EXPECT_EQ(t.rows, 2u) << chunk;
  }
}

TEST(Csv, WriterQuotesOnlyWhenNeeded) {
  std::string out;
  crm::write_csv_field(out, "plain");
  out += ',';
  crm::write_csv_field(out, "a,b");
  out += ',';
  crm::write_csv_field(out, "say \"hi\"");
  out += ',';
  crm::write_csv_field(out, "two\nlines");
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"");
}

}  // namespace

namespace {

// The same cases drive web/xlsx.js's neutralizeFormula (tests/wasm/xlsx.test.mjs).
TEST(Csv, FormulaRiskMatchesSharedCases) {
  const auto cases = nlohmann::json::parse(crm::test::slurp(CRM_TEST_DATA "/formula_cases.json"));
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    EXPECT_EQ(crm::formula_risk(c["value"].get<std::string>()), c["risky"].get<bool>())
        << c["name"];
  }
}

// The CSV export applies the same rule to every cell and counts what it changed: a table of all
// the shared cases comes out with a ' exactly before the risky ones.
TEST(Csv, ExportNeutralizesExactlyTheSharedCasesAndCountsThem) {
  const auto cases = nlohmann::json::parse(crm::test::slurp(CRM_TEST_DATA "/formula_cases.json"));
  std::string input = "value,n\r\n";
  std::string expected = "value,n\r\n";
  uint64_t risky = 0;
  size_t n = 0;
  for (const auto& c : cases) {
    const std::string v = c["value"].get<std::string>();
    std::string tail(1, ',');
    tail += std::to_string(++n);
    tail += "\r\n";
    crm::write_csv_field(input, v);
    input += tail;
    if (c["risky"].get<bool>()) {
      std::string quoted(1, '\'');
      quoted += v;
      crm::write_csv_field(expected, quoted);
      ++risky;
    } else {
      crm::write_csv_field(expected, v);
    }
    expected += tail;
  }
  crm::Workbench wb;
  crm::CsvOptions options;
  options.header = crm::HeaderMode::Yes;
  wb.begin_load(options);
  wb.feed(input.data(), input.size());
  wb.finish_load();
  ASSERT_EQ(wb.table().rows, cases.size());
  crm::ExportOptions o;
  o.neutralize = true;
  std::string out;
  const crm::ExportStats stats = wb.export_table(o, [&](std::string_view b) { out += b; });
  EXPECT_EQ(out, expected);
  EXPECT_EQ(stats.neutralized, risky);
  EXPECT_GE(risky, 20u);
  out.clear();
  o.neutralize = false;
  EXPECT_EQ(wb.export_table(o, [&](std::string_view b) { out += b; }).neutralized, 0u);
}

}  // namespace
