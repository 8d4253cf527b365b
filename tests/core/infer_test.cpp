// Value-level classifiers: table-driven cases, one named row per behaviour.
#include "crm/infer.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm {
namespace {

// ---------------------------------------------------------------------------------------------
// Numbers

struct NumberCase {
  const char* name;
  const char* input;
  bool ok;
  double value;
  NumberNotation notation;
  bool integer;
};

TEST(ParseNumber, Table) {
  const NumberCase cases[] = {
      {"zero", "0", true, 0, NumberNotation::Plain, true},
      {"negative_zero", "-0", true, -0.0, NumberNotation::Plain, true},
      {"integer", "1234", true, 1234, NumberNotation::Plain, true},
      {"signed_integer", "+42", true, 42, NumberNotation::Plain, true},
      {"negative_integer", "-17", true, -17, NumberNotation::Plain, true},
      {"leading_zero_is_code", "0412", false, 0, NumberNotation::None, false},
      {"leading_zero_decimal_is_code", "00.5", false, 0, NumberNotation::None, false},
      {"decimal", "12.5", true, 12.5, NumberNotation::Plain, false},
      {"zero_point", "0.25", true, 0.25, NumberNotation::Plain, false},
      {"bare_fraction", ".5", true, 0.5, NumberNotation::Plain, false},
      {"trailing_dot", "5.", true, 5, NumberNotation::Plain, false},
      {"exponent", "1.5e3", true, 1500, NumberNotation::Plain, false},
      {"negative_exponent", "25E-2", true, 0.25, NumberNotation::Plain, false},
      {"correct_rounding_fast_path", "0.1", true, 0.1, NumberNotation::Plain, false},
      {"correct_rounding_slow_path", "3.14159265358979323846", true, 3.141592653589793,
       NumberNotation::Plain, false},
      {"long_integer_is_decimal", "12345678901234567890", true, 12345678901234567890.0,
       NumberNotation::Plain, false},
      {"thousands", "1,234,567", true, 1234567, NumberNotation::Thousands, false},
      {"thousands_decimal", "1,234.50", true, 1234.5, NumberNotation::Thousands, false},
      {"two_digits_after_comma_is_decimal_comma", "1,23", true, 1.23, NumberNotation::DecimalComma,
       false},
      {"european_decimal_comma", "12,5", true, 12.5, NumberNotation::DecimalComma, false},
      {"decimal_comma_grouped", "1.234,56", true, 1234.56, NumberNotation::DecimalComma, false},
      {"decimal_comma_two_groups", "-1.234.567,8", true, -1234567.8, NumberNotation::DecimalComma,
       false},
      {"decimal_comma_zero", "0,75", true, 0.75, NumberNotation::DecimalComma, false},
      {"decimal_comma_euro", "1.234,56 \xE2\x82\xAC", true, 1234.56, NumberNotation::Currency,
       false},
      {"decimal_comma_bad_group", "1.23,5", false, 0, NumberNotation::None, false},
      {"decimal_comma_leading_zero", "01,5", false, 0, NumberNotation::None, false},
      {"comma_and_dot_groups_mixed", "1,234.567,8", false, 0, NumberNotation::None, false},
      {"dollar", "$12.50", true, 12.5, NumberNotation::Currency, false},
      {"negative_dollar", "-$1,000", true, -1000, NumberNotation::Currency, false},
      {"euro_suffix", "99 \xE2\x82\xAC", true, 99, NumberNotation::Currency, false},
      {"pound",
       "\xC2\xA3"
       "3",
       true, 3, NumberNotation::Currency, false},
      {"overflow_rejected", "1e400", false, 0, NumberNotation::None, false},
      {"underflow_rejected", "1e-400", false, 0, NumberNotation::None, false},
      {"text", "abc", false, 0, NumberNotation::None, false},
      {"empty", "", false, 0, NumberNotation::None, false},
      {"sign_only", "-", false, 0, NumberNotation::None, false},
      {"two_dots", "1.2.3", false, 0, NumberNotation::None, false},
      {"percent", "12%", false, 0, NumberNotation::None, false},
  };
  for (const NumberCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto n = parse_number(c.input);
    ASSERT_EQ(n.has_value(), c.ok);
    if (!c.ok) continue;
    EXPECT_EQ(n->value, c.value);
    EXPECT_EQ(std::signbit(n->value), std::signbit(c.value));
    EXPECT_EQ(n->notation, c.notation);
    EXPECT_EQ(n->integer, c.integer);
  }
}

TEST(ParseNumber, CorrectlyRoundedAgainstLiterals) {
  // Values whose naive digit-by-digit evaluation would round differently.
  struct Case {
    const char* name;
    const char* text;
    double value;
  };
  const Case cases[] = {
      {"seventeen_digits", "0.30000000000000004", 0.30000000000000004},
      {"many_fraction_digits", "123456.789012345678", 123456.789012345678},
      {"big_exponent", "9.999999999999999e299", 9.999999999999999e299},
      {"small_exponent", "2.2250738585072014e-300", 2.2250738585072014e-300},
      {"leading_fraction_zeros", "0.000000000000000000123", 1.23e-19},
      {"halfway", "9007199254740993", 9007199254740993.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto n = parse_number(c.text);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->value, c.value);
  }
}

TEST(IsIntegerLiteral, Table) {
  EXPECT_TRUE(is_integer_literal("0"));
  EXPECT_TRUE(is_integer_literal("-12"));
  EXPECT_FALSE(is_integer_literal("012"));
  EXPECT_FALSE(is_integer_literal("1.0"));
  EXPECT_FALSE(is_integer_literal("1e3"));
  EXPECT_FALSE(is_integer_literal(""));
}

// ---------------------------------------------------------------------------------------------
// Dates

struct DateCase {
  const char* name;
  const char* input;
  bool day_first;
  bool ok;
  DateFormat format;
  int y;
  unsigned m, d;
  double seconds;  // UTC seconds since midnight
  int evidence;
  bool ambiguous;
};

TEST(ParseDate, Table) {
  using F = DateFormat;
  const DateCase cases[] = {
      {"iso", "2021-03-05", false, true, F::YmdDash, 2021, 3, 5, 0, 0, false},
      {"iso_slash", "2021/3/5", false, true, F::YmdSlash, 2021, 3, 5, 0, 0, false},
      {"mdy", "03/05/2021", false, true, F::MdySlash, 2021, 3, 5, 0, 0, true},
      {"mdy_read_day_first", "03/05/2021", true, true, F::DmySlash, 2021, 5, 3, 0, 0, true},
      {"dmy_by_evidence", "13/05/2021", false, true, F::DmySlash, 2021, 5, 13, 0, 1, false},
      {"mdy_by_evidence", "05/13/2021", true, true, F::MdySlash, 2021, 5, 13, 0, -1, false},
      {"same_day_month", "04/04/2021", false, true, F::MdySlash, 2021, 4, 4, 0, 0, false},
      {"unpadded_mdy", "3/5/2021", false, true, F::MdySlash, 2021, 3, 5, 0, 0, true},
      {"dmy_dot", "05.03.2021", false, true, F::DmyDot, 2021, 3, 5, 0, 0, false},
      {"dmy_dash", "05-03-2021", false, true, F::DmyDash, 2021, 3, 5, 0, 0, false},
      {"compact", "20210305", false, true, F::YmdCompact, 2021, 3, 5, 0, 0, false},
      {"compact_year_too_early", "17990101", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"compact_year_too_late", "22000101", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"month_name_first", "Mar 5, 2021", false, true, F::MonDY, 2021, 3, 5, 0, 0, false},
      {"full_month_name", "March 05, 2021", false, true, F::MonDY, 2021, 3, 5, 0, 0, false},
      {"month_name_no_comma", "Sep 30 2021", false, true, F::MonDY, 2021, 9, 30, 0, 0, false},
      {"day_month_name", "5 Mar 2021", false, true, F::DMonY, 2021, 3, 5, 0, 0, false},
      {"day_month_name_dash", "05-Mar-2021", false, true, F::DMonYDash, 2021, 3, 5, 0, 0, false},
      {"lower_case_month", "05-mar-2021", false, true, F::DMonYDash, 2021, 3, 5, 0, 0, false},
      {"iso_t", "2021-03-05T10:30:15", false, true, F::IsoTHms, 2021, 3, 5, 37815, 0, false},
      {"iso_t_minutes", "2021-03-05T10:30", false, true, F::IsoTHm, 2021, 3, 5, 37800, 0, false},
      {"iso_t_fraction", "2021-03-05T10:30:15.5", false, true, F::IsoTHmsF, 2021, 3, 5, 37815.5, 0,
       false},
      {"iso_t_z", "2021-03-05T10:30:15Z", false, true, F::IsoTHmsZ, 2021, 3, 5, 37815, 0, false},
      {"iso_t_fraction_z", "2021-03-05T10:30:15.250Z", false, true, F::IsoTHmsFZ, 2021, 3, 5,
       37815.25, 0, false},
      {"iso_t_offset_to_utc", "2021-03-05T10:30:00+02:00", false, true, F::IsoTHmsOff, 2021, 3, 5,
       30600, 0, false},
      {"iso_t_offset_crosses_midnight", "2021-03-05T23:30:00-01:00", false, true, F::IsoTHmsOff,
       2021, 3, 6, 1800, 0, false},
      {"iso_t_offset_before_midnight", "2021-03-01T00:30:00+01:00", false, true, F::IsoTHmsOff,
       2021, 2, 28, 84600, 0, false},
      {"sql_datetime", "2021-03-05 10:30", false, true, F::YmdHm, 2021, 3, 5, 37800, 0, false},
      {"sql_datetime_seconds", "2021-03-05 10:30:15", false, true, F::YmdHms, 2021, 3, 5, 37815, 0,
       false},
      {"us_datetime", "03/05/2021 10:30", false, true, F::MdyHm, 2021, 3, 5, 37800, 0, true},
      {"us_datetime_pm", "03/05/2021 1:30 PM", false, true, F::MdyHmAmPm, 2021, 3, 5, 48600, 0,
       true},
      {"us_datetime_12am", "03/05/2021 12:15:00 am", false, true, F::MdyHmsAmPm, 2021, 3, 5, 900, 0,
       true},
      {"leap_day", "2020-02-29", false, true, F::YmdDash, 2020, 2, 29, 0, 0, false},
      {"not_leap_day", "2021-02-29", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"century_not_leap", "1900-02-29", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"quad_century_leap", "2000-02-29", false, true, F::YmdDash, 2000, 2, 29, 0, 0, false},
      {"feb_30", "2021-02-30", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"april_31", "04/31/2021", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"month_13", "2021-13-01", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"both_parts_over_12", "13/13/2021", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"hour_24", "2021-03-05T24:00:00", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"iso_needs_two_digit_month", "2021-3-05", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"trailing_garbage", "2021-03-05x", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"two_digit_year_mdy", "03/05/21", false, true, F::MdySlashYY, 2021, 3, 5, 0, 0, true},
      {"two_digit_year_dmy_by_evidence", "25/12/99", false, true, F::DmySlashYY, 1999, 12, 25, 0, 1,
       false},
      {"two_digit_year_unpadded", "1/2/07", true, true, F::DmySlashYY, 2007, 2, 1, 0, 0, true},
      {"two_digit_year_pivot_68", "12/31/68", false, true, F::MdySlashYY, 2068, 12, 31, 0, -1,
       false},
      {"two_digit_year_pivot_69", "01/13/69", false, true, F::MdySlashYY, 1969, 1, 13, 0, -1,
       false},
      {"two_digit_year_dot", "05.03.21", false, true, F::DmyDotYY, 2021, 3, 5, 0, 0, false},
      {"two_digit_year_no_time", "03/05/21 10:30", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"three_digit_year", "03/05/021", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"dot_three_digit_year", "05.03.202", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"bad_month_name", "Foo 5, 2021", false, false, F::None, 0, 0, 0, 0, 0, false},
      {"plain_number", "12345", false, false, F::None, 0, 0, 0, 0, 0, false},
  };
  for (const DateCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto d = parse_date(c.input, c.day_first);
    ASSERT_EQ(d.has_value(), c.ok);
    if (!c.ok) continue;
    EXPECT_EQ(d->format, c.format);
    EXPECT_EQ(d->day, days_from_civil(c.y, c.m, c.d));
    EXPECT_DOUBLE_EQ(d->day_fraction * 86400.0, c.seconds);
    EXPECT_EQ(d->order_evidence, c.evidence);
    EXPECT_EQ(d->order_ambiguous, c.ambiguous);
  }
}

TEST(ParseDate, FormatNamesAndTimeFlag) {
  EXPECT_STREQ(date_format_name(DateFormat::YmdDash), "YYYY-MM-DD");
  EXPECT_STREQ(date_format_name(DateFormat::MdySlash), "MM/DD/YYYY");
  EXPECT_STREQ(date_format_name(DateFormat::DMonYDash), "DD-MMM-YYYY");
  EXPECT_STREQ(date_format_name(DateFormat::None), "");
  EXPECT_FALSE(date_format_has_time(DateFormat::YmdCompact));
  EXPECT_TRUE(date_format_has_time(DateFormat::IsoTHmsZ));
  for (int f = 1; f < static_cast<int>(DateFormat::Count); ++f) {
    EXPECT_STRNE(date_format_name(static_cast<DateFormat>(f)), "") << f;
  }
}

TEST(Civil, RoundTripAndKnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(1, 1, 1), -719162);
  for (int64_t z = -800000; z <= 3000000; z += 997) {
    int64_t y;
    unsigned m, d;
    civil_from_days(z, y, m, d);
    ASSERT_EQ(days_from_civil(y, m, d), z);
    ASSERT_TRUE(valid_civil(y, m, d) || y < 1 || y > 9999);
  }
}

// ---------------------------------------------------------------------------------------------
// Booleans, emails, phones, URLs, postal codes, countries

TEST(ParseBool, Table) {
  struct Case {
    const char* name;
    const char* input;
    bool ok;
    bool value;
    BoolFamily family;
    const char* format;
  };
  const Case cases[] = {
      {"true", "true", true, true, BoolFamily::TrueFalse, "true/false"},
      {"false_upper", "FALSE", true, false, BoolFamily::TrueFalse, "TRUE/FALSE"},
      {"yes_title", "Yes", true, true, BoolFamily::YesNo, "Yes/No"},
      {"no", "no", true, false, BoolFamily::YesNo, "yes/no"},
      {"y", "Y", true, true, BoolFamily::YN, "Y/N"},
      {"n", "n", true, false, BoolFamily::YN, "y/n"},
      {"t", "t", true, true, BoolFamily::TF, "t/f"},
      {"f_upper", "F", true, false, BoolFamily::TF, "T/F"},
      {"one", "1", true, true, BoolFamily::OneZero, "1/0"},
      {"zero", "0", true, false, BoolFamily::OneZero, "1/0"},
      {"mixed_case", "tRUE", true, true, BoolFamily::TrueFalse, "true/false (mixed case)"},
      {"on_is_not", "on", false, false, BoolFamily::None, ""},
      {"two", "2", false, false, BoolFamily::None, ""},
      {"yess", "yess", false, false, BoolFamily::None, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto b = parse_bool(c.input);
    ASSERT_EQ(b.has_value(), c.ok);
    if (!c.ok) continue;
    EXPECT_EQ(b->value, c.value);
    EXPECT_EQ(b->family, c.family);
    EXPECT_EQ(bool_format_name(b->family, b->letter_case), c.format);
  }
}

struct BoolCase {
  const char* name;
  const char* input;
  bool expected;
};

TEST(IsEmail, Table) {
  const BoolCase cases[] = {
      {"simple", "john@example.com", true},
      {"dotted_local", "john.smith@example.co.uk", true},
      {"plus_tag", "j+crm@mail.example.org", true},
      {"specials", "o'brien_1@x-y.io", true},
      {"upper_case", "John.Smith@Example.COM", true},
      {"non_ascii_local", "j\xC3\xB6rg@example.de", true},
      {"no_at", "john.example.com", false},
      {"two_ats", "a@b@example.com", false},
      {"empty_local", "@example.com", false},
      {"leading_dot", ".john@example.com", false},
      {"trailing_dot", "john.@example.com", false},
      {"double_dot", "jo..hn@example.com", false},
      {"space", "john smith@example.com", false},
      {"no_tld", "john@example", false},
      {"one_letter_tld", "john@example.c", false},
      {"numeric_tld", "john@example.123", false},
      {"domain_double_dot", "john@example..com", false},
      {"domain_leading_hyphen", "john@-example.com", false},
      {"domain_trailing_hyphen", "john@example-.com", false},
      {"domain_trailing_dot", "john@example.com.", false},
      {"comma", "john,smith@example.com", false},
  };
  for (const BoolCase& c : cases) EXPECT_EQ(is_email(c.input), c.expected) << c.name;
}

// The cheap gate before the phone parser: character classes only.
TEST(PhoneShaped, Table) {
  const BoolCase cases[] = {
      {"us_parens", "(555) 123-4567", true},
      {"international", "+44 20 7946 0958", true},
      {"dots", "555.123.4567", true},
      {"digits_only", "5551234567", true},
      {"seven_digits", "555-1234", true},
      {"extension", "555-123-4567 x12", true},
      {"tel_uri", "tel:+81-3-1234-5678", true},
      {"six_digits", "555-123", false},
      {"letters_first", "CALL 555-1234", false},
      {"plus_in_middle", "555+1234567", false},
      {"trailing_separator", "555-123-4567-", false},
      {"iso_date_shape", "2021-02-30", false},
      {"dmy_date_shape", "05/03/2021", false},
      {"dotted_date_shape", "5.3.2021", false},
  };
  for (const BoolCase& c : cases) EXPECT_EQ(phone_shaped(c.input), c.expected) << c.name;
}

// Valid phone numbers (the parser of crm/phone.h), national ones read with the region US.
TEST(IsPhone, Table) {
  const BoolCase cases[] = {
      {"us_parens", "(415) 555-2671", true},
      {"us_dots", "415.555.2671", true},
      {"us_digits", "4155552671", true},
      {"international", "+44 20 7946 0958", true},
      {"with_extension", "+61 2 1234 4565 ext. 12", true},
      {"tel_uri", "tel:+81-3-1234-5678", true},
      {"idd_00", "0044 20 7946 0958", true},
      {"unassigned_area_code", "(555) 123-4567", false},
      {"code_shaped", "9999-9999-9999-999", false},
      {"too_short", "+44 20 7946", false},
      {"date_shape", "2021-02-30", false},
      {"text", "call me", false},
  };
  for (const BoolCase& c : cases) EXPECT_EQ(is_phone(c.input), c.expected) << c.name;
  EXPECT_FALSE(is_phone("020 7946 0958", "US"));
  EXPECT_TRUE(is_phone("020 7946 0958", "GB"));
  EXPECT_TRUE(is_phone("030 123456", "DE"));
}

TEST(IsUrl, Table) {
  const BoolCase cases[] = {
      {"https", "https://example.com", true},
      {"http_path", "http://www.example.com/a/b?x=1#top", true},
      {"www", "www.example.org", true},
      {"port", "https://example.com:8443/x", true},
      {"upper_scheme", "HTTPS://EXAMPLE.COM", true},
      {"bare_domain", "example.com", false},
      {"no_tld", "https://localhost", false},
      {"space_in_path", "https://example.com/a b", false},
      {"mailto", "mailto:john@example.com", false},
      {"bad_port", "https://example.com:abc", false},
  };
  for (const BoolCase& c : cases) EXPECT_EQ(is_url(c.input), c.expected) << c.name;
}

TEST(MatchPostalCode, Table) {
  struct Case {
    const char* name;
    const char* input;
    PostalMatch expected;
  };
  const Case cases[] = {
      {"us_zip", "02134", PostalMatch::DigitsOnly},
      {"four_digits", "8001", PostalMatch::DigitsOnly},
      {"six_digits", "110001", PostalMatch::DigitsOnly},
      {"zip_plus_four", "02134-1234", PostalMatch::Distinctive},
      {"japan", "100-0001", PostalMatch::DigitsOnly},
      {"poland", "00-950", PostalMatch::DigitsOnly},
      {"uk", "SW1A 1AA", PostalMatch::Distinctive},
      {"uk_short", "M1 1AE", PostalMatch::Distinctive},
      {"uk_lower", "sw1a 1aa", PostalMatch::Distinctive},
      {"canada", "K1A 0B1", PostalMatch::Distinctive},
      {"netherlands", "1012 AB", PostalMatch::Distinctive},
      {"three_digits", "123", PostalMatch::None},
      {"seven_digits", "1234567", PostalMatch::None},
      {"word", "London", PostalMatch::None},
  };
  for (const Case& c : cases) EXPECT_EQ(match_postal_code(c.input), c.expected) << c.name;
}

TEST(MatchCountry, Table) {
  struct Case {
    const char* name;
    const char* input;
    CountryForm expected;
  };
  const Case cases[] = {
      {"alpha2", "US", CountryForm::Alpha2},
      {"alpha2_last", "ZW", CountryForm::Alpha2},
      {"alpha2_first", "AD", CountryForm::Alpha2},
      {"alpha3", "DEU", CountryForm::Alpha3},
      {"alpha3_usa", "USA", CountryForm::Alpha3},
      {"lower_code_invalid", "us", CountryForm::None},
      {"unassigned_code", "XX", CountryForm::None},
      {"name", "Germany", CountryForm::Name},
      {"name_any_case", "united states", CountryForm::Name},
      {"name_with_comma", "Korea, Republic of", CountryForm::Name},
      {"alias_uk", "UK", CountryForm::Name},
      {"non_ascii_name", "C\xC3\xB4te d'Ivoire", CountryForm::Name},
      {"not_a_country", "Springfield", CountryForm::None},
  };
  for (const Case& c : cases) EXPECT_EQ(match_country(c.input), c.expected) << c.name;
  EXPECT_STREQ(country_form_name(CountryForm::Alpha3), "alpha-3");
}

// ---------------------------------------------------------------------------------------------
// Shapes, case styles, lengths

TEST(ValueShape, Table) {
  struct Case {
    const char* name;
    const char* input;
    const char* shape;
  };
  const Case cases[] = {
      {"title_word", "John", "Aaaa"},
      {"phone", "(555) 123-4567", "(999) 999-9999"},
      {"email", "j.doe1@x.io", "a.aaa9@a.aa"},
      {"non_ascii_letters", "J\xC3\xBCrgen \xC3\x96zil", "Aaaaaa Aaaa"},
      {"greek_and_cyrillic", "\xCE\xA3\xCF\x89 \xD0\x96\xD0\xB6", "Aa Aa"},
      {"caseless_letters", "\xE5\xBC\xA0\xE4\xBC\x9F", "aa"},
      {"symbols_kept",
       "\xE2\x82\xAC"
       "5 & co",
       "\xE2\x82\xAC"
       "9 & aa"},
      {"combining_mark_dropped", "Jose\xCC\x81", "Aaaa"},
      {"truncated", "abcdefghijklmnopqrstuvwxyz", "aaaaaaaaaaaaaaaaaaaaaaaa\xE2\x80\xA6"},
      {"exactly_24", "abcdefghijklmnopqrstuvwx", "aaaaaaaaaaaaaaaaaaaaaaaa"},
      {"non_ascii_truncated",
       "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
       "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
       "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
       "\xC3\xA9",
       "aaaaaaaaaaaaaaaaaaaaaaaa\xE2\x80\xA6"},
      {"invalid_utf8_replaced",
       "a\xFF"
       "b",
       "a\xEF\xBF\xBD"
       "a"},
      {"long_ascii_over_64", "1234567890123456789012345678901234567890123456789012345678901234567",
       "999999999999999999999999\xE2\x80\xA6"},
      {"empty", "", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(value_shape(c.input), c.shape) << c.name;
}

TEST(CaseStyle, Table) {
  struct Case {
    const char* name;
    const char* input;
    CaseStyle expected;
  };
  const Case cases[] = {
      {"lower", "john smith", CaseStyle::Lower},
      {"upper", "JOHN SMITH", CaseStyle::Upper},
      {"title", "John Smith", CaseStyle::Title},
      {"title_apostrophe", "Pat O'Brien", CaseStyle::Title},
      {"hyphen_lower_second_part", "Ji-woo", CaseStyle::Title},
      {"hyphen_lower_second_part_full_name", "Ji-woo Park", CaseStyle::Title},
      {"hyphen_both_capitalized", "Jean-Luc", CaseStyle::Title},
      {"hyphen_non_ascii", "Zoë-ann Müller", CaseStyle::Title},
      {"hyphen_after_capitals_stays_mixed", "JEAN-luc", CaseStyle::Mixed},
      {"hyphen_lower", "ji-woo", CaseStyle::Lower},
      {"particles_title", "van der Berg", CaseStyle::Title},
      {"particles_with_name", "Anna van der Berg", CaseStyle::Title},
      {"title_mc", "Ronald McDonald", CaseStyle::Title},
      {"title_with_particle", "Ludwig van Beethoven", CaseStyle::Title},
      {"title_with_initial", "J. Smith", CaseStyle::Title},
      {"single_capital", "M", CaseStyle::Single},
      {"initials", "J.R.", CaseStyle::Single},
      {"mixed_title_lower", "John smith", CaseStyle::Mixed},
      {"mixed_upper_title", "JOHN Smith", CaseStyle::Mixed},
      {"camel", "iPhone", CaseStyle::Mixed},
      {"lower_email", "john.smith@example.com", CaseStyle::Lower},
      {"mixed_email", "John.Smith@Example.com", CaseStyle::Mixed},
      {"no_letters", "12-34", CaseStyle::None},
      {"non_ascii_title", "\xC3\x89lodie Dupr\xC3\xA9", CaseStyle::Title},
      {"non_ascii_upper", "\xC3\x89LODIE", CaseStyle::Upper},
      {"apostrophe_s", "14 Queen's Road", CaseStyle::Title},
      {"apostrophe_s_typographic", "14 Queen\xE2\x80\x99s Road", CaseStyle::Title},
      {"upper_with_apostrophe", "O'BRIEN", CaseStyle::Upper},
      {"french_street", "37 rue de la Gare", CaseStyle::Title},
      {"polish_street", "ul. Mickiewicza 51/8", CaseStyle::Title},
      {"company_form", "Sol y Mar Capital S.r.l.", CaseStyle::Title},
      {"ordinal_indicator", "Calle Mayor, 86, 5\xC2\xBA C", CaseStyle::Title},
      {"single_lower_letter", "a", CaseStyle::Lower},
      {"ordinal_street", "89 5th Avenue", CaseStyle::Title},
      {"legal_form", "Summit Group PLC", CaseStyle::Title},
      {"legal_forms_in_caps_name", "ACME LLC", CaseStyle::Upper},
      {"roman_numeral", "Corso Vittorio Emanuele II 76", CaseStyle::Title},
      {"shouting_name", "JOHN Smith", CaseStyle::Mixed},
      {"elided_article", "Mercier & d'Amboise SARL", CaseStyle::Title},
      {"elided_article_non_ascii", "47 rue de l'\xC3\x89glise", CaseStyle::Title},
      {"camel_after_apostrophe_upper_first", "x'Yz", CaseStyle::Title},
      {"long_title_general_path",
       "Flat 14, 95 Queen's Road, Kensington and Chelsea, London, United Kingdom",
       CaseStyle::Title},
      {"long_value_general_path",
       "this value is longer than sixty four characters so it takes "
       "the general path",
       CaseStyle::Lower},
  };
  for (const Case& c : cases) EXPECT_EQ(case_style(c.input), c.expected) << c.name;
  EXPECT_STREQ(case_style_name(CaseStyle::Title), "Aa");
}

// The names of every enumerator, and of a value outside the enum (table lookups).
TEST(Names, EveryEnumerator) {
  const auto out_of_range = [](auto e) { return static_cast<decltype(e)>(200); };
  EXPECT_STREQ(number_notation_name(NumberNotation::None), "");
  EXPECT_STREQ(number_notation_name(NumberNotation::Plain), "plain");
  EXPECT_STREQ(number_notation_name(NumberNotation::Thousands), "thousands");
  EXPECT_STREQ(number_notation_name(NumberNotation::Currency), "currency");
  EXPECT_STREQ(number_notation_name(out_of_range(NumberNotation::None)), "");
  EXPECT_STREQ(country_form_name(CountryForm::None), "");
  EXPECT_STREQ(country_form_name(CountryForm::Alpha2), "alpha-2");
  EXPECT_STREQ(country_form_name(CountryForm::Alpha3), "alpha-3");
  EXPECT_STREQ(country_form_name(CountryForm::Name), "name");
  EXPECT_STREQ(country_form_name(out_of_range(CountryForm::None)), "");
  EXPECT_STREQ(case_style_name(CaseStyle::None), "no letters");
  EXPECT_STREQ(case_style_name(CaseStyle::Lower), "aa");
  EXPECT_STREQ(case_style_name(CaseStyle::Upper), "AA");
  EXPECT_STREQ(case_style_name(CaseStyle::Title), "Aa");
  EXPECT_STREQ(case_style_name(CaseStyle::Single), "A");
  EXPECT_STREQ(case_style_name(CaseStyle::Mixed), "mixed");
  EXPECT_STREQ(case_style_name(out_of_range(CaseStyle::None)), "no letters");
  EXPECT_STREQ(date_format_name(DateFormat::DmyHmsAmPm), "DD/MM/YYYY hh:MM:SS AM");
  EXPECT_STREQ(date_format_name(DateFormat::Count), "");
  EXPECT_STREQ(date_format_name(out_of_range(DateFormat::None)), "");
  EXPECT_EQ(bool_format_name(BoolFamily::None, 0), "");
  EXPECT_EQ(bool_format_name(BoolFamily::OneZero, 1), "1/0");
  EXPECT_EQ(bool_format_name(BoolFamily::YN, 2), "Y/N");
  EXPECT_EQ(bool_format_name(BoolFamily::TrueFalse, 3), "true/false (mixed case)");
  EXPECT_EQ(bool_format_name(out_of_range(BoolFamily::None), 1), "");
}

TEST(Text, LengthAndTrim) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("J\xC3\xBCrgen"), 6u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(trim_space("  a b \t"), "a b");
  EXPECT_EQ(trim_space("\xC2\xA0x\xC2\xA0"), "x");
  EXPECT_EQ(trim_space("   "), "");
}

// ---------------------------------------------------------------------------------------------
// classify_value and column hints

TEST(ClassifyValue, Table) {
  struct Case {
    const char* name;
    const char* input;
    uint32_t fits;
    const char* shape;
  };
  const Case cases[] = {
      {"integer", "42", kFitInteger | kFitDecimal, "99"},
      {"bool_digit", "1", kFitInteger | kFitDecimal | kFitBoolDigit, "9"},
      {"bool_word", "yes", kFitBoolWord, "aaa"},
      {"code_with_leading_zero", "0412", kFitPostalDigits, "9999"},
      {"zip", "90210", kFitInteger | kFitDecimal | kFitPostalDigits, "99999"},
      {"compact_date", "20210305", kFitInteger | kFitDecimal | kFitDateCompact | kFitPhoneShape,
       "99999999"},
      {"iso_date", "2021-03-05", kFitDate, "9999-99-99"},
      {"datetime", "2021-03-05T10:00:00Z", kFitDateTime, "9999-99-99A99:99:99A"},
      {"email", "a.b@c.de", kFitEmail, "a.a@a.aa"},
      {"phone", "(555) 123-4567", kFitPhoneShape, "(999) 999-9999"},
      {"url", "https://x.io/a", kFitUrl, "aaaaa://a.aa/a"},
      {"country", "DE", kFitCountry, "AA"},
      {"country_name", "France", kFitCountry, "Aaaaaa"},
      {"uk_postcode", "SW1A 1AA", kFitPostalDistinctive, "AA9A 9AA"},
      {"currency", "$1,200", kFitNumberLoose, "$9,999"},
      {"text", "hello world", 0, "aaaaa aaaaa"},
      {"whitespace_trimmed", "  42 ", kFitInteger | kFitDecimal, "99"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string shape;
    const ValueInfo info = classify_value(c.input, &shape);
    EXPECT_EQ(info.fits, c.fits);
    EXPECT_EQ(shape, c.shape);
  }
  const ValueInfo ws = classify_value(" x");
  EXPECT_TRUE(ws.outer_space);
  EXPECT_EQ(ws.length, 2u);
}

// Everything classify_value reports, for comparing ValueInfos.
std::string describe(const ValueInfo& i) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "fits %x num %a/%d/%d date %d/%lld/%a/%d/%d bool %d/%d/%d c %d/%d len %llu ws %d",
                i.fits, i.number.value, static_cast<int>(i.number.notation), i.number.integer,
                static_cast<int>(i.date.format), static_cast<long long>(i.date.day),
                i.date.day_fraction, i.date.order_evidence, i.date.order_ambiguous, i.boolean.value,
                static_cast<int>(i.boolean.family), i.boolean.letter_case,
                static_cast<int>(i.country), static_cast<int>(i.case_style),
                static_cast<unsigned long long>(i.length), i.outer_space);
  return buf;
}

// Values sharing shapes (digits, letters and separators drawn at random into fixed layouts):
// the facts of a shape, worked out from its first value, give every value with that shape the
// classification classify_value gives it; scan_shape agrees with scan_value.
TEST(ShapeFacts, AgreeWithClassifyValue) {
  // clang-format off
  const char* layouts[] = {
      "9999-99-99", "99/99/9999", "9/9/9999", "99.99.9999", "99-99-9999", "99999999",
      "9999/99/99", "9999-99-99A99:99:99A", "9999-99-99 99:99", "99/99/9999 99:99 AA",
      "999-999-9999", "(999) 999-9999", "+99 99 9999 9999", "99999", "99999-9999", "A9A 9A9",
      "AA9 9AA", "9999 AA", "9.99", "-999.99", "9,999.99", "$9,999", "9a9", "9A-99", ".999", "9",
      "99", "999 99", "a@a.aa", "aaaa.aaaa@aaaa.aaa", "Aaaa@Aaaa.Aaa", "aaaa://aaa.aa",
      "aaa.aaaa.aaa", "aaa://aa.aa/a", "Aaaa Aaaa", "aaaa aa aaaa", "AAA", "AA", "Aaa", "aaa",
      "Aa Aaa AA", "Aaaa'a Aaaa", "a'Aaaaa", "9 Aaa 9999", "Aaa 9, 9999", "99-Aaa-9999", "A", "a",
      "aa", "aaaa", "AAAA", " 99 ", "Aaa aa Aaa", "Aaaa AAA", "aaa AA", "A9999999",
      // Longer than the 24 characters of a shape: no facts, classified in full.
      "aaaaaaaaaa.aaaaaaaaaaaa@aaaaaaaa.aaa", "+99 (999) 999-9999 999 9 99",
      "9999-99-99A99:99:99.999999+99:99", "99999999999999999999999999.99"};
  // clang-format on
  uint64_t state = 3;
  auto rnd = [&](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((state >> 33) % n);
  };
  // Letters skewed towards the ones the classifiers look for (month names, true/false, URLs,
  // country codes, exponents, T/Z/AM/PM).
  const char* lower = "abcdefghijklmnopqrstuvwxyzaeimnoprstuwyfhte";
  std::map<std::string, ShapeFacts> facts;
  for (int n = 0; n < 300000; ++n) {
    std::string v;
    for (const char* c = layouts[rnd(sizeof layouts / sizeof *layouts)]; *c; ++c) {
      if (*c == '9') {
        v += static_cast<char>('0' + (rnd(3) == 0 ? rnd(3) : rnd(10)));
      } else if (*c == 'a') {
        v += lower[rnd(std::strlen(lower))];
      } else if (*c == 'A') {
        v += static_cast<char>(
            std::toupper(static_cast<unsigned char>(lower[rnd(std::strlen(lower))])));
      } else {
        v += *c;
      }
    }
    SCOPED_TRACE(v);
    std::string shape;
    const ValueInfo expected = classify_value(v, &shape);
    ValueScan full, quick;
    scan_value(v, full);
    EXPECT_EQ(full.shape(), shape);
    EXPECT_EQ(describe(classify_scanned(full)), describe(expected));
    const bool exact = scan_shape(v, quick);
    ASSERT_EQ(exact, full.exact_shape());
    if (!exact) continue;
    EXPECT_EQ(quick.shape(), full.shape());
    EXPECT_EQ(quick.shape_hash, full.shape_hash);
    EXPECT_EQ(quick.trimmed, full.trimmed);
    EXPECT_EQ(quick.length, full.length);
    EXPECT_EQ(quick.outer_space, full.outer_space);
    const ShapeFacts& f = facts.emplace(shape, shape_facts(full)).first->second;
    EXPECT_EQ(describe(classify_scanned(full, f)), describe(expected));
    if (f.complete) {
      ValueInfo from_shape;
      from_shape.fits = f.fits;
      from_shape.case_style = f.case_style;
      from_shape.length = quick.length;
      from_shape.outer_space = quick.outer_space;
      EXPECT_EQ(describe(from_shape), describe(expected));
    }
  }
  // Both kinds of facts occur.
  size_t complete = 0;
  for (const auto& [s, f] : facts) complete += f.complete;
  EXPECT_GT(complete, 10u);
  EXPECT_LT(complete, facts.size());
}

TEST(ColumnHints, Table) {
  struct Case {
    const char* name;
    const char* column;
    uint32_t must_have;
    uint32_t must_not_have;
  };
  const Case cases[] = {
      {"signup_date", "signup_date", kHintDate, kHintLastUpdated},
      {"created_at", "created_at", kHintDate, 0},
      {"camel_birth", "dateOfBirth", kHintDate, 0},
      {"dob", "DOB", kHintDate, 0},
      {"zip", "Zip Code", kHintPostal, 0},
      {"postcode", "postcode", kHintPostal, 0},
      {"plz", "PLZ", kHintPostal, 0},
      {"phone", "phone_number", kHintPhone, 0},
      {"tel", "Tel", kHintPhone, 0},
      {"mobile", "mobileNumber", kHintPhone, 0},
      {"hotel_is_not_phone", "hotel", 0, kHintPhone},
      {"country", "Country", kHintCountry, 0},
      {"county_is_not_country", "county", kHintNotCountry, kHintCountry},
      {"state", "state", kHintNotCountry, 0},
      {"is_active", "is_active", kHintBoolean, 0},
      {"has_flag", "hasOptedIn", kHintBoolean, 0},
      {"customer_id", "customer_id", kHintId, 0},
      {"customerId", "customerId", kHintId, 0},
      {"paid_is_not_id", "paid", 0, kHintId},
      {"email", "E-mail", kHintEmail, 0},
      {"last_updated", "last_updated", kHintLastUpdated | kHintDate, 0},
      {"updated_at", "UpdatedAt", kHintLastUpdated, 0},
      {"lastmodifieddate", "LastModifiedDate", kHintLastUpdated, 0},
      {"last_activity", "last_activity_date", kHintLastUpdated, 0},
      {"modified", "modified", kHintLastUpdated, 0},
      {"created_is_not_last_update", "created", kHintDate, kHintLastUpdated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const uint32_t h = column_hints(c.column);
    EXPECT_EQ(h & c.must_have, c.must_have);
    EXPECT_EQ(h & c.must_not_have, 0u);
  }
}

}  // namespace
}  // namespace crm
