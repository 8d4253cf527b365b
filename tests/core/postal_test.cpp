// Postal code standardizer (core/src/standardize/postal.cpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crm/postal.h"

namespace crm {
namespace {

struct Case {
  const char* name;
  std::string in;
  std::string country;
  bool restore;
  bool ok;
  std::string out;
  std::string reason;  // expected substring ("" = none)
  std::string suggestion = {};
};

TEST(Postal, Values) {
  const Case cases[] = {
      {"us zip", "12345", "US", false, true, "12345", ""},
      {"us zip trimmed", " 12345 ", "US", false, true, "12345", ""},
      {"us zip+4", "12345-6789", "US", false, true, "12345-6789", ""},
      {"us zip+4 space", "12345 6789", "US", false, true, "12345-6789", ""},
      {"us zip+4 nine digits", "123456789", "US", false, true, "12345-6789", ""},
      {"us float", "12345.0", "US", false, true, "12345", "\".0\" dropped"},
      {"us 4 digits flagged", "2134", "US", false, false, "2134", "leading zeros", "02134"},
      {"us 4 digits restored", "2134", "US", true, true, "02134", "leading zeros restored"},
      {"us 3 digits restored", "601", "US", true, true, "00601", "leading zeros restored"},
      {"us 3 digits too low", "123", "US", true, false, "123", "too short"},
      {"us zip+4 short restored", "2134-1234", "US", true, true, "02134-1234", "restored"},
      {"us no-break space",
       "\xC2\xA0"
       "12345\xC2\xA0",
       "US", false, true, "12345", ""},
      {"uk no-break space",
       "SW1A\xC2\xA0"
       "1AA",
       "GB", false, true, "SW1A 1AA", ""},
      {"bad keeps no-break space",
       "1\xC2\xA0"
       "2",
       "US", false, false,
       "1\xC2\xA0"
       "2",
       "not a"},
      {"us letters", "ABCDE", "US", false, false, "ABCDE", "not a US ZIP"},
      {"us bad plus4", "12345-67", "US", false, false, "12345-67", "not a US ZIP"},
      {"us six digits", "123456", "US", false, false, "123456", "not a US ZIP"},
      {"country by name", "12345", "United States", false, true, "12345", ""},
      {"uk compact lower", "sw1a1aa", "GB", false, true, "SW1A 1AA", ""},
      {"uk spaced", " SW1A  1AA ", "UK", false, true, "SW1A 1AA", ""},
      {"uk A9 9AA", "m11ae", "GB", false, true, "M1 1AE", ""},
      {"uk A99", "B33 8TH", "GB", false, true, "B33 8TH", ""},
      {"uk A9A", "W1A0AX", "GB", false, true, "W1A 0AX", ""},
      {"uk AA9", "CR2 6XH", "GB", false, true, "CR2 6XH", ""},
      {"uk AA99", "dn551pt", "GB", false, true, "DN55 1PT", ""},
      {"uk GIR", "gir0aa", "GB", false, true, "GIR 0AA", ""},
      {"uk jersey", "je2 3ab", "JE", false, true, "JE2 3AB", ""},
      {"uk bad inward letter", "SW1A 1AC", "GB", false, false, "SW1A 1AC", "not a valid UK"},
      {"uk bad first letter", "QW1 1AA", "GB", false, false, "QW1 1AA", "not a valid UK"},
      {"uk too short", "SW1", "GB", false, false, "SW1", "not a valid UK"},
      {"ca", "k1a0b1", "CA", false, true, "K1A 0B1", ""},
      {"ca hyphen", "K1A-0B1", "Canada", false, true, "K1A 0B1", ""},
      {"ca bad letter", "D1A 0B1", "CA", false, false, "D1A 0B1", "Canadian"},
      {"nl", "1234ab", "NL", false, true, "1234 AB", ""},
      {"nl spaced", "1234  AB", "Nederland", false, true, "1234 AB", ""},
      {"nl prefix", "NL-1234 AB", "NL", false, true, "1234 AB", ""},
      {"nl no letters", "1234", "NL", false, false, "1234", "two letters"},
      {"nl SS", "1234 SS", "NL", false, false, "1234 SS", "not a valid Dutch"},
      {"nl leading zero", "0123 AB", "NL", false, false, "0123 AB", "not a valid Dutch"},
      {"de", "10115", "DE", false, true, "10115", ""},
      {"de prefix", "D-10115", "Deutschland", false, true, "10115", ""},
      {"de 4 digits flagged", "1067", "DE", false, false, "1067", "leading zero", "01067"},
      {"de 4 digits restored", "1067", "DE", true, true, "01067", "restored"},
      {"de 6 digits", "101150", "DE", false, false, "101150", "not a German"},
      {"fr spaced", "75 001", "FR", false, true, "75001", ""},
      {"fr prefix", "F-75001", "France", false, true, "75001", ""},
      {"fr 4 digits restored", "1000", "FR", true, true, "01000", "restored"},
      {"other trimmed upper", "  sw-1234  ab ", "SE", false, true, "SW-1234 AB", ""},
      {"other never flagged", "anything", "JP", false, true, "ANYTHING", ""},
      {"unknown country", "12345", "Atlantis", false, false, "12345", "not recognized"},
      {"no country", "12345", "", false, false, "12345", "no country"},
  };
  for (const auto& c : cases) {
    Standardized r = standardize_postal(c.in, c.country, c.restore);
    EXPECT_EQ(r.ok, c.ok) << c.name << ": " << r.reason;
    EXPECT_EQ(r.output, c.out) << c.name;
    if (c.reason.empty())
      EXPECT_EQ(r.reason, "") << c.name;
    else
      EXPECT_NE(r.reason.find(c.reason), std::string::npos) << c.name << ": " << r.reason;
    EXPECT_EQ(r.suggestion, c.suggestion) << c.name;
  }
  EXPECT_TRUE(postal_has_rules("Germany"));
  EXPECT_FALSE(postal_has_rules("JP"));
}

Column make(const std::vector<std::string>& values) {
  Column c("zip");
  for (const auto& v : values) c.append(v, v.empty() || v == "N/A");
  return c;
}

std::vector<std::string> values(const Column& c) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.size(); ++i) out.emplace_back(c.value(i));
  return out;
}

TEST(Postal, UsZipColumnOfNumbersRestoresZeros) {
  // All values are numbers: the column passed through a spreadsheet, so 4-digit ZIPs get their
  // zero back, as a noted change.
  Column in = make({"2134", "90210", "", "2134", "10001-1234", "N/A"});
  ColumnStandardization out = standardize_postal_column(in, "US");
  EXPECT_EQ(values(out.column),
            (std::vector<std::string>{"02134", "90210", "", "02134", "10001-1234", "N/A"}));
  EXPECT_EQ(out.changed, 2u);
  EXPECT_EQ(out.flagged, 0u);
  EXPECT_EQ(out.missing, 2u);
  EXPECT_EQ(out.distinct, 3u);
  ASSERT_NE(out.note[0], ColumnStandardization::kNoNote);
  EXPECT_NE(out.notes[out.note[0]].reason.find("restored"), std::string::npos);
  EXPECT_EQ(out.status[1], CellStatus::kUnchanged);
  EXPECT_TRUE(out.column.missing(5));
}

TEST(Postal, MixedColumnFlagsShortZips) {
  // Under 90% of the values are numbers: no evidence of a spreadsheet, so flagged, not fixed.
  Column in = make({"2134", "90210", "zip unknown", "SW1A 1AA", "12345"});
  ColumnStandardization out = standardize_postal_column(in, "US");
  EXPECT_EQ(values(out.column), values(in));
  EXPECT_EQ(out.flagged, 3u);
  EXPECT_EQ(out.notes[out.note[0]].suggestion, "02134");
  PostalColumnOptions always;
  always.zeros = ZeroRestore::kAlways;
  EXPECT_EQ(standardize_postal_column(in, "US", always).column.value(0), "02134");
  PostalColumnOptions never;
  never.zeros = ZeroRestore::kNever;
  EXPECT_EQ(standardize_postal_column(make({"2134", "12345"}), "US", never).flagged, 1u);
}

TEST(Postal, UnknownColumnCountryIsBadOptions) {
  EXPECT_THROW(standardize_postal_column(make({"12345"}), "Atlantis"), InputError);
  EXPECT_THROW(standardize_postal_column(make({"12345"}), " "), InputError);
  EXPECT_EQ(standardize_postal_column(make({"k1a0b1"}), "Kanada").column.value(0), "K1A 0B1");
}

TEST(Postal, PerRowCountry) {
  Column zips = make({"sw1a1aa", "2134", "1234ab", "10115", "12345", "x", "77"});
  Column countries("country");
  for (const char* c : {"UK", "USA", "Netherlands", "Deutschland", "", "Atlantis", "Japan"})
    countries.append(c, *c == 0);
  ColumnStandardization out = standardize_postal_column(zips, countries);
  EXPECT_EQ(values(out.column), (std::vector<std::string>{"SW1A 1AA", "02134", "1234 AB", "10115",
                                                          "12345", "x", "77"}));
  EXPECT_EQ(out.status[4], CellStatus::kFlagged);  // no country in that row
  EXPECT_NE(out.notes[out.note[4]].reason.find("no country"), std::string::npos);
  EXPECT_EQ(out.status[5], CellStatus::kFlagged);
  EXPECT_NE(out.notes[out.note[5]].reason.find("Atlantis"), std::string::npos);
  EXPECT_EQ(out.status[6], CellStatus::kUnchanged);
  PostalColumnOptions o;
  o.default_country = "US";
  EXPECT_EQ(standardize_postal_column(zips, countries, o).status[4], CellStatus::kUnchanged);
  o.default_country = "Atlantis";
  EXPECT_THROW(standardize_postal_column(zips, countries, o), InputError);
  Column short_countries("c");
  EXPECT_THROW(standardize_postal_column(zips, short_countries), InputError);
}

}  // namespace
}  // namespace crm
