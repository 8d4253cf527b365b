// Dialect sniffing: delimiter, header, initial spaces, line endings; options override.
#include <gtest/gtest.h>

#include "crm/csv.h"

namespace {

struct SniffCase {
  const char* name;
  std::string sample;
  char delimiter;
  bool header;
  bool skip_initial_space = false;
};

class Sniff : public ::testing::TestWithParam<SniffCase> {};

TEST_P(Sniff, FindsDialect) {
  const SniffCase& c = GetParam();
  const crm::Dialect d = crm::sniff_dialect(c.sample);
  EXPECT_EQ(d.delimiter, c.delimiter);
  EXPECT_EQ(d.header, c.header);
  EXPECT_EQ(d.skip_initial_space, c.skip_initial_space);
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, Sniff,
    ::testing::Values(
        SniffCase{"comma_header", "name,age,city\nAnn,31,Oslo\nBob,42,Rome\n", ',', true},
        SniffCase{"semicolon_decimal_commas", "name;amount\nAnn;1,50\nBob;2,75\n", ';', true},
        SniffCase{"tab", "id\temail\n1\ta@b.co\n2\tc@d.co\n", '\t', true},
        SniffCase{"pipe", "id|email\n1|a@b.co\n2|c@d.co\n", '|', true},
        SniffCase{"quoted_commas_in_semicolon_file",
                  "name;note\n\"Smith, J\";\"a, b, c\"\n\"Doe, J\";\"x, y\"\n", ';', true},
        SniffCase{"no_header_numbers", "1,2.5,2024-01-01\n2,3.5,2024-01-02\n3,4.5,2024-01-03\n",
                  ',', false},
        SniffCase{"no_header_emails", "ann@example.com,Ann\nbob@example.com,Bob\n", ',', false},
        SniffCase{"febrl_style",
                  "rec_id, given_name, surname\nrec-1-org, ann, lee\nrec-2-org, "
                  "bob, , \n",
                  ',', true, true},
        SniffCase{"single_column", "email\na@b.co\nc@d.co\n", ',', true}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Sniff, OptionsOverride) {
  crm::CsvOptions o;
  o.delimiter = ';';
  o.header = crm::HeaderMode::No;
  const crm::Dialect d = crm::sniff_dialect("a,b\n1,2\n", o);
  EXPECT_EQ(d.delimiter, ';');
  EXPECT_FALSE(d.header);
}

TEST(Sniff, LineEndings) {
  EXPECT_EQ(crm::sniff_dialect("a,b\n1,2\n").line_ending, "LF");
  EXPECT_EQ(crm::sniff_dialect("a,b\r\n1,2\r\n").line_ending, "CRLF");
  EXPECT_EQ(crm::sniff_dialect("a,b\r1,2\r").line_ending, "CR");
  EXPECT_EQ(crm::sniff_dialect("a,b\r\n1,2\n").line_ending, "mixed");
}

TEST(Sniff, DelimiterFoundBeyondFirstLines) {
  // A long file: the reader sniffs on the first 64 KiB and must keep the choice for the rest.
  std::string csv = "a;b\n";
  for (int i = 0; i < 20000; ++i) csv += std::to_string(i) + ";x,y\n";
  const crm::Table t = crm::read_csv(csv);
  EXPECT_EQ(t.dialect.delimiter, ';');
  EXPECT_EQ(t.rows, 20000u);
  EXPECT_EQ(t.columns.size(), 2u);
}

}  // namespace
