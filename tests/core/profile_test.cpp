// Column profiling: type inference, statistics against pandas/numpy reference values, shapes,
// alerts, duplicate rows, progress/cancel and a golden summary (tests/data/profile_small.txt).
#include "crm/profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "crm/infer.h"
#include "crm/report.h"
#include "test_util.h"

namespace crm {
namespace {

using test::make_table;
using test::Values;

ColumnProfile profile_one(const std::string& name, const Values& values) {
  Profile p = profile_table(make_table({{name, values}}));
  return p.columns.at(0);
}

Values repeat(const Values& pattern, size_t times) {
  Values out;
  for (size_t i = 0; i < times; ++i) out.insert(out.end(), pattern.begin(), pattern.end());
  return out;
}

// a + b + c without operator+ (GCC 12 -O3 warns falsely on `"x" + std::to_string(i)`).
std::string cat(std::string a, const std::string& b, const std::string& c = "") {
  a.append(b);
  a.append(c);
  return a;
}

bool has_alert(const ColumnProfile& c, const std::string& code) {
  return std::any_of(c.alerts.begin(), c.alerts.end(),
                     [&](const Alert& a) { return a.code == code; });
}

std::string alert_message(const ColumnProfile& c, const std::string& code) {
  for (const Alert& a : c.alerts) {
    if (a.code == code) return a.message;
  }
  return "";
}

void expect_rel(double actual, double expected, double rel, const char* what) {
  const double tol = rel * std::max(1.0, std::fabs(expected));
  EXPECT_NEAR(actual, expected, tol) << what;
}

// ---------------------------------------------------------------------------------------------
// Type inference

struct TypeCase {
  const char* name;
  const char* column;
  Values values;
  ValueType type;
  const char* format;
  uint64_t valid;
};

TEST(ProfileTypes, Table) {
  const TypeCase cases[] = {
      {"integers", "qty", {"1", "22", "-3", "400", "5"}, ValueType::Integer, "", 5},
      {"integers_with_missing", "qty", {"1", "", "NULL", "4", "N/A"}, ValueType::Integer, "", 2},
      {"leading_zero_codes_are_text",
       "code",
       {"0412", "0007", "0413", "0100"},
       ValueType::Text,
       "",
       4},
      {"decimals", "price", {"1.5", "2.25", "3", "4.75"}, ValueType::Decimal, "", 4},
      {"mostly_whole_numbers_with_fractions_are_decimal", "amount",
       repeat({"10", "20", "30", "40", "50", "60", "70", "80", "90", "12.5"}, 3),
       ValueType::Decimal, "", 30},
      {"integer_with_rare_fraction_stays_integer", "qty",
       repeat({"1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11", "12", "13",
               "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25"},
              1),
       ValueType::Integer, "", 25},
      {"currency_counts_as_decimal",
       "revenue",
       {"$1,200.00", "$35.50", "$7", "$12,000"},
       ValueType::Decimal,
       "",
       4},
      {"zero_one_is_integer", "score", {"0", "1", "1", "0", "1"}, ValueType::Integer, "", 5},
      {"zero_one_with_hint_is_boolean",
       "is_active",
       {"0", "1", "1", "0", "1"},
       ValueType::Boolean,
       "",
       5},
      {"yes_no", "newsletter", {"Yes", "No", "Yes", "yes"}, ValueType::Boolean, "", 4},
      {"iso_dates",
       "joined",
       {"2021-03-05", "2020-02-29", "2019-12-31"},
       ValueType::Date,
       "YYYY-MM-DD",
       3},
      {"invalid_calendar_dates",
       "joined",
       {"2021-03-05", "2021-02-30", "2021-04-01", "2021-04-02", "2021-04-03"},
       ValueType::Date,
       "YYYY-MM-DD",
       4},
      {"mdy_default",
       "d",
       {"03/05/2021", "04/06/2021", "12/01/2020"},
       ValueType::Date,
       "MM/DD/YYYY",
       3},
      {"dmy_by_evidence",
       "d",
       {"03/05/2021", "25/06/2021", "12/01/2020"},
       ValueType::Date,
       "DD/MM/YYYY",
       3},
      {"mixed_date_formats_valid_any",
       "d",
       {"2021-03-05", "2021-03-06", "2021-03-07", "03/08/2021", "Mar 9, 2021"},
       ValueType::Date,
       "YYYY-MM-DD",
       5},
      {"compact_dates_by_share",
       "d",
       {"20210305", "20200229", "19991231", "20211111"},
       ValueType::Date,
       "YYYYMMDD",
       4},
      {"compact_dates_by_name",
       "birth_date",
       {"20210305", "20200229", "19991231", "20211111", "12345678"},
       ValueType::Date,
       "YYYYMMDD",
       4},
      {"eight_digit_numbers_without_hint",
       "ref",
       {"20210305", "20200229", "19991231", "20211111", "12345678"},
       ValueType::Integer,
       "",
       5},
      {"datetimes",
       "ts",
       {"2021-03-05T10:00:00Z", "2021-03-05T11:00:00Z", "2021-03-05"},
       ValueType::DateTime,
       "YYYY-MM-DDTHH:MM:SSZ",
       3},
      {"emails",
       "contact",
       {"a@x.com", "b.c@y.org", "bad@", "d@z.io", "e@w.net"},
       ValueType::Email,
       "",
       4},
      {"phones_by_name",
       "phone",
       {"4152234567", "4159876543", "4152000000"},
       ValueType::Phone,
       "9999999999",
       3},
      {"phones_by_shape",
       "contact",
       {"(415) 223-4567", "(415) 987-6543", "415-200-1111"},
       ValueType::Phone,
       "(999) 999-9999",
       3},
      {"digit_numbers_without_phone_hint",
       "contact",
       {"4152234567", "4159876543"},
       ValueType::Integer,
       "",
       2},
      {"urls", "website", {"https://a.com", "http://b.org/x", "www.c.io"}, ValueType::Url, "", 3},
      {"zip_by_name", "zip", {"02134", "90210", "10001", "60601"}, ValueType::PostalCode, "", 4},
      {"five_digits_without_hint",
       "n",
       {"12134", "90210", "10001", "60601"},
       ValueType::Integer,
       "",
       4},
      {"uk_postcodes_without_hint",
       "pc",
       {"SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH"},
       ValueType::PostalCode,
       "",
       4},
      {"country_codes", "country", {"US", "DE", "FR", "GB"}, ValueType::CountryCode, "", 4},
      {"country_names_valid",
       "country",
       {"US", "Germany", "FR", "GB", "DE"},
       ValueType::CountryCode,
       "",
       5},
      {"lower_codes_invalid",
       "country",
       {"US", "de", "FR", "GB", "DE"},
       ValueType::CountryCode,
       "",
       4},
      {"state_codes_are_not_countries",
       "state",
       {"CA", "DE", "IN", "GA", "AL"},
       ValueType::Text,
       "",
       5},
      {"text", "name", {"John", "Mary", "Ann-Marie"}, ValueType::Text, "", 3},
      {"all_missing", "x", {"", "NULL", " "}, ValueType::Empty, "", 0},
  };
  for (const TypeCase& c : cases) {
    SCOPED_TRACE(c.name);
    const ColumnProfile p = profile_one(c.column, c.values);
    EXPECT_STREQ(type_name(p.type), type_name(c.type));
    EXPECT_EQ(p.format, c.format);
    EXPECT_EQ(p.valid, c.valid);
    const uint64_t n = c.values.size() - p.missing;
    if (n > 0) {
      EXPECT_DOUBLE_EQ(p.type_share, static_cast<double>(c.valid) / static_cast<double>(n));
    }
  }
}

TEST(ProfileTypes, TypeCountsAreSortedAndCounted) {
  const ColumnProfile p = profile_one("x", {"1", "2", "2021-03-05", "a@b.co", "3"});
  ASSERT_FALSE(p.type_counts.empty());
  EXPECT_EQ(p.type_counts[0].value, "decimal");
  EXPECT_EQ(p.type_counts[0].count, 3u);
  for (size_t i = 1; i < p.type_counts.size(); ++i) {
    const auto& a = p.type_counts[i - 1];
    const auto& b = p.type_counts[i];
    EXPECT_TRUE(a.count > b.count || (a.count == b.count && a.value < b.value));
  }
}

TEST(ProfileTypes, DayFirstRecordedAndUsed) {
  const ColumnProfile p = profile_one("d", {"01/02/2021", "25/12/2021"});
  EXPECT_TRUE(p.day_first);
  ASSERT_TRUE(p.stats);
  EXPECT_EQ(p.stats->min, static_cast<double>(days_from_civil(2021, 2, 1)));
}

// ---------------------------------------------------------------------------------------------
// Statistics against pandas 1.5.3 / numpy 1.24.2 (values computed with Series.mean/std/skew,
// Series.quantile and numpy.histogram(values, bins=20)).

TEST(ProfileStats, NumbersMatchPandas) {
  Values v = {"12.5",   "7",    "0",  "-3.25", "100",   "42.42", "0", "19.99", "5",  "1e3",
              "250.75", "-0.5", "33", "0",     "8.125", "NULL",  "",  "77.7",  "61", "2.5"};
  const ColumnProfile p = profile_one("amount", v);
  EXPECT_EQ(p.type, ValueType::Decimal);
  ASSERT_TRUE(p.stats);
  const NumericStats& s = *p.stats;
  EXPECT_EQ(s.count, 18u);
  EXPECT_EQ(s.zeros, 3u);
  EXPECT_EQ(s.negatives, 2u);
  EXPECT_EQ(s.min, -3.25);
  EXPECT_EQ(s.max, 1000.0);
  expect_rel(s.mean, 89.79083333333334, 1e-14, "mean");
  expect_rel(s.std, 235.28607738771962, 1e-14, "std");
  expect_rel(s.skewness, 3.8157577516324324, 1e-12, "skew");
  EXPECT_DOUBLE_EQ(s.q05, -0.9124999999999998);
  EXPECT_DOUBLE_EQ(s.q25, 0.625);
  EXPECT_DOUBLE_EQ(s.q50, 10.3125);
  EXPECT_DOUBLE_EQ(s.q75, 56.355000000000004);
  EXPECT_DOUBLE_EQ(s.q95, 363.1374999999989);
  const std::vector<double> edges = {-3.25,
                                     46.9125,
                                     97.075,
                                     147.2375,
                                     197.4,
                                     247.5625,
                                     297.725,
                                     347.8875,
                                     398.05,
                                     448.21250000000003,
                                     498.375,
                                     548.5375,
                                     598.7,
                                     648.8625000000001,
                                     699.025,
                                     749.1875,
                                     799.35,
                                     849.5125,
                                     899.6750000000001,
                                     949.8375,
                                     1000.0};
  const std::vector<uint64_t> counts = {13, 2, 1, 0, 0, 1, 0, 0, 0, 0,
                                        0,  0, 0, 0, 0, 0, 0, 0, 0, 1};
  ASSERT_EQ(p.histogram_edges.size(), edges.size());
  for (size_t i = 0; i < edges.size(); ++i) EXPECT_DOUBLE_EQ(p.histogram_edges[i], edges[i]) << i;
  EXPECT_EQ(p.histogram_counts, counts);
}

TEST(ProfileStats, DatesAsDaysMatchPandas) {
  const ColumnProfile p =
      profile_one("d", {"2021-03-05", "2020-02-29", "2019-12-31", "2021-03-05", "2022-07-14",
                        "2018-01-01", "2023-11-30", "1969-07-20", "2000-01-01", "2021-03-06"});
  ASSERT_EQ(p.type, ValueType::Date);
  ASSERT_TRUE(p.stats);
  const NumericStats& s = *p.stats;
  EXPECT_EQ(s.min, -165.0);
  EXPECT_EQ(s.max, 19691.0);
  expect_rel(s.mean, 15985.8, 1e-14, "mean");
  expect_rel(s.std, 6192.230971144407, 1e-14, "std");
  expect_rel(s.skewness, -2.438574142672934, 1e-12, "skew");
  EXPECT_DOUBLE_EQ(s.q05, 4839.900000000001);
  EXPECT_DOUBLE_EQ(s.q25, 17714.25);
  EXPECT_DOUBLE_EQ(s.q50, 18506.0);
  EXPECT_DOUBLE_EQ(s.q75, 18691.75);
  EXPECT_DOUBLE_EQ(s.q95, 19464.2);
  EXPECT_EQ(p.histogram_counts,
            (std::vector<uint64_t>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 5, 2}));
  ASSERT_EQ(p.histogram_edges.size(), 21u);
  EXPECT_DOUBLE_EQ(p.histogram_edges[3], 2813.3999999999996);
  // Day counts for timeliness: by day, merged.
  ASSERT_FALSE(p.day_counts.empty());
  EXPECT_EQ(p.day_counts.front().day, -165);
  uint64_t total = 0;
  for (size_t i = 0; i < p.day_counts.size(); ++i) {
    total += p.day_counts[i].count;
    if (i > 0) {
      EXPECT_LT(p.day_counts[i - 1].day, p.day_counts[i].day);
    }
  }
  EXPECT_EQ(total, 10u);
}

TEST(ProfileStats, DateTimesAsFractionalDaysMatchPandas) {
  const ColumnProfile p =
      profile_one("ts", {"2021-03-05T10:30:00Z", "2021-03-05T23:59:59Z", "2020-01-01T00:00:00Z",
                         "2022-06-15T12:00:00Z", "2021-03-05T10:30:00.5Z"});
  ASSERT_EQ(p.type, ValueType::DateTime);
  ASSERT_TRUE(p.stats);
  const NumericStats& s = *p.stats;
  EXPECT_EQ(s.min, 18262.0);
  EXPECT_EQ(s.max, 19158.5);
  expect_rel(s.mean, 18699.074998842592, 1e-13, "mean");
  expect_rel(s.std, 317.1248195753828, 1e-12, "std");
  expect_rel(s.q50, 18691.43750578704, 1e-13, "median");
  expect_rel(s.q75, 18691.999988425927, 1e-13, "q75");
  EXPECT_EQ(p.histogram_counts,
            (std::vector<uint64_t>{1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
}

TEST(ProfileStats, ConstantColumnHistogramLikeNumpy) {
  const ColumnProfile p = profile_one("n", {"5", "5", "5"});
  ASSERT_TRUE(p.stats);
  EXPECT_EQ(p.stats->std, 0.0);
  EXPECT_EQ(p.stats->q05, 5.0);
  ASSERT_EQ(p.histogram_edges.size(), 21u);
  EXPECT_EQ(p.histogram_edges.front(), 4.5);
  EXPECT_EQ(p.histogram_edges.back(), 5.5);
  EXPECT_EQ(p.histogram_counts[10], 3u);
}

// Mean and standard deviation of many values, exactly: integer arithmetic on values k/100.
TEST(ProfileStats, MillionRowMeanAndStdAccurate) {
  const size_t rows = 1000000;
  for (const int64_t offset : {int64_t{0}, int64_t{1000000000}}) {
    SCOPED_TRACE(offset);
    Table t;
    Column c("amount");
    __int128 sum = 0, sum_sq = 0;  // of cents
    uint64_t state = 12345;
    char buf[64];
    for (size_t i = 0; i < rows; ++i) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      const int64_t cents = offset * 100 + static_cast<int64_t>((state >> 33) % 10000000);
      std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                    static_cast<long long>(cents % 100));
      c.append(buf, false);
      sum += cents;
      sum_sq += static_cast<__int128>(cents) * cents;
    }
    t.columns.push_back(std::move(c));
    t.rows = rows;
    const Profile p = profile_table(t);
    ASSERT_TRUE(p.columns[0].stats);
    const double n = static_cast<double>(rows);
    const long double mean_cents = static_cast<long double>(sum) / rows;
    const __int128 ss = sum_sq * static_cast<__int128>(rows) - sum * sum;  // n^2 * var_pop
    const long double var = static_cast<long double>(ss) /
                            (static_cast<long double>(rows) * static_cast<long double>(rows - 1));
    const double exact_mean = static_cast<double>(mean_cents / 100);
    const double exact_std = static_cast<double>(std::sqrt(var) / 100);
    EXPECT_NEAR(p.columns[0].stats->mean, exact_mean, std::fabs(exact_mean) * 1e-12);
    EXPECT_NEAR(p.columns[0].stats->std, exact_std, exact_std * 1e-9);
    (void)n;
  }
}

// ---------------------------------------------------------------------------------------------
// Counts, top values, shapes, lengths

TEST(ProfileColumn, CountsTopValuesAndShapes) {
  const ColumnProfile p =
      profile_one("city", {"Boston", "austin", "Boston", "", "Chicago", "austin", "NULL", " Denver",
                           "Boston", "Zurich", "Austin"});
  EXPECT_EQ(p.missing, 2u);
  EXPECT_EQ(p.distinct, 6u);
  ASSERT_GE(p.top.size(), 4u);
  EXPECT_EQ(p.top[0].value, "Boston");
  EXPECT_EQ(p.top[0].count, 3u);
  EXPECT_EQ(p.top[1].value, "austin");
  EXPECT_EQ(p.top[1].count, 2u);
  // Ties in count: byte order (" Denver" < "Austin" < "Chicago" < "Zurich").
  EXPECT_EQ(p.top[2].value, " Denver");
  EXPECT_EQ(p.top[3].value, "Austin");
  EXPECT_EQ(p.whitespace, 1u);
  EXPECT_EQ(p.length_min, 6u);
  EXPECT_EQ(p.length_max, 7u);
  EXPECT_DOUBLE_EQ(p.length_mean, (6 * 7 + 7 * 2) / 9.0);
  ASSERT_FALSE(p.patterns.empty());
  EXPECT_EQ(p.patterns[0].value, "Aaaaaa");  // Boston x3, Zurich, Austin, Denver (trimmed)
  EXPECT_EQ(p.patterns[0].count, 6u);
  // Letter case consistency: Title is dominant, "austin" x2 is not.
  EXPECT_EQ(p.dominant_format, "Aa");
  EXPECT_EQ(p.consistent, 7u);
  EXPECT_TRUE(has_alert(p, "INCONSISTENT_FORMAT"));
  EXPECT_TRUE(has_alert(p, "LEADING_TRAILING_WHITESPACE"));
}

TEST(ProfileColumn, TopValuesLimitedAndTotallyOrdered) {
  Values v;
  for (int i = 0; i < 30; ++i) v.push_back(cat("v", std::to_string(i % 15)));
  const ColumnProfile p = profile_one("x", v);
  ASSERT_EQ(p.top.size(), 10u);
  for (size_t i = 1; i < p.top.size(); ++i) {
    EXPECT_TRUE(p.top[i - 1].count > p.top[i].count ||
                (p.top[i - 1].count == p.top[i].count && p.top[i - 1].value < p.top[i].value));
  }
  EXPECT_EQ(p.top[0].value, "v0");
  EXPECT_EQ(p.top[2].value, "v10");
}

TEST(ProfileColumn, PhoneFormatIsDominantShape) {
  const ColumnProfile p =
      profile_one("phone", {"(415) 223-4567", "(415) 222-3333", "415.444.5555", "(415) 777-8888"});
  EXPECT_EQ(p.type, ValueType::Phone);
  EXPECT_EQ(p.format, "(999) 999-9999");
  EXPECT_EQ(p.consistent, 3u);
  EXPECT_EQ(p.valid, 4u);
}

TEST(ProfileColumn, CountryNamesAreValidButInconsistent) {
  const ColumnProfile p = profile_one("country", {"US", "Germany", "FR", "GB", "DE"});
  EXPECT_EQ(p.dominant_format, "alpha-2");
  EXPECT_EQ(p.valid, 5u);
  EXPECT_EQ(p.consistent, 4u);
}

TEST(ProfileColumn, NumberNotationConsistency) {
  const ColumnProfile p = profile_one("amount", {"1200.50", "35", "$7.25", "1,000", "12"});
  EXPECT_EQ(p.type, ValueType::Decimal);
  EXPECT_EQ(p.dominant_format, "plain");
  EXPECT_EQ(p.consistent, 3u);
  ASSERT_TRUE(p.stats);
  EXPECT_EQ(p.stats->max, 1200.5);
}

// ---------------------------------------------------------------------------------------------
// The country cell of row r for a phone column that reads regions from it ("" otherwise).
// (the profile judges a distinct value by the country of the first row that holds it).
std::string_view row_country(const Table& t, const ColumnProfile& cp, const Column& col, size_t r) {
  for (const Column& c : t.columns) {
    if (cp.phone_country_column.empty() || c.name() != cp.phone_country_column) continue;
    size_t first = r;
    for (size_t k = 0; k < r; ++k) {
      if (!col.missing(k) && col.value(k) == col.value(r)) {
        first = k;
        break;
      }
    }
    return c.missing(first) ? std::string_view() : c.value(first);
  }
  return {};
}

// Row filters: value_valid, value_consistent and value_pattern agree with the counts.

// Checks every column of `t` against its profile: rows where value_valid / value_consistent hold
// number `valid` / `consistent`, and each listed pattern counts the rows value_pattern gives it.
void expect_filters_agree(const Table& t) {
  const Profile prof = profile_table(t);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const Column& col = t.columns[c];
    const ColumnProfile& cp = prof.columns[c];
    SCOPED_TRACE(cp.name);
    uint64_t valid = 0, consistent = 0;
    std::map<std::string, uint64_t> patterns;
    for (size_t r = 0; r < col.size(); ++r) {
      if (col.missing(r)) continue;
      const std::string_view rc = row_country(t, cp, col, r);
      const bool ok = value_valid(cp, col.value(r), rc);
      const bool same_format = value_consistent(cp, col.value(r), rc);
      EXPECT_TRUE(ok || !same_format) << col.value(r);
      valid += ok;
      consistent += same_format;
      ++patterns[value_pattern(col.value(r))];
    }
    EXPECT_EQ(valid, cp.valid);
    EXPECT_EQ(consistent, cp.consistent);
    ASSERT_FALSE(cp.patterns.empty());
    for (const ValueCount& vc : cp.patterns) EXPECT_EQ(patterns[vc.value], vc.count) << vc.value;
  }
}

TEST(ValueFilters, AgreeWithCounts) {
  const Table t = make_table({
      // Mixed formats, read day first (25/12/2020 cannot be month first).
      {"event_date",
       {"05/03/2021", "25/12/2020", "2021-03-05", "03/04/2021 10:30", "5/3/2021", "13/01/2022",
        "2021-02-30", "", "07.08.2021", "12/11/2019", "04/05/2020 09:15 PM", "not a date"}},
      // Month first: 03/15/2021 cannot be day first.
      {"us_date",
       {"03/04/2021", "03/15/2021", "12/11/2019", "2021-03-05", "1/2/2020", "N/A", "02/03/2020",
        "11/12/2021", "04/04/2021", "x", "03/04/2021", "06/07/2022"}},
      {"phone",
       {"(415) 223-4567", "415-223-4567", "+1 415 223 4567", "(415) 765-4321", "12345",
        "(415) 200-1111", "415.223.4567", "", "415 987 6543", "(415) 223-4567", "2021-02-03",
        "+44 20 7946 0958"}},
      {"email",
       {"ann@example.com", "Bob@Example.com", "CAROL@EXAMPLE.COM", "dave@example",
        "erin.smith@mail.example.org", "frank@example.com", "", "Grace.Hopper@Navy.mil",
        "hank@x.io", "not an email", "ivan@example.com", "judy@EXAMPLE.com"}},
      {"amount",
       {"1200.50", "35", "$7.25", "1,000", "12",
        "\xE2\x82\xAC"
        "3,500.00",
        "0412", "-0", "", "1e3", "12 \xC2\xA3", "99.5"}},
      {"is_active", {"yes", "no", "Y", "N", "1", "0", "TRUE", "false", "", "maybe", "Yes", "no"}},
      {"country",
       // (also the rows' phone regions: US numbers in the phone column)
       {"US", "US", "Germany", "USA", "fr", "xx", "United States", "", "US", "GB", "ES", "DEU"}},
      {"zip",
       {"02134", "90210", "SW1A 1AA", "K1A 0B1", "1234 AB", "123", "", "10001-1234", "60601",
        "ABCDE", "02134", "73301"}},
      {"birth_date",
       {"19850312", "20010101", "19991231", "", "20200230", "19700101", "18001231", "unknown",
        "20240229", "19850312", "20000101", "19601010"}},
      {"notes",
       {"hello world", "Hello World", "HELLO", "", "José Müller", "van der Berg", "McDonald's",
        "ACME LLC", "42", "d'Amboise", "Ünïcödé text that is longer than twenty-four", "ok"}},
  });
  expect_filters_agree(t);
  // The columns are what they are meant to exercise.
  const Profile p = profile_table(t);
  const struct {
    ValueType type;
    const char* dominant;
    uint64_t consistent;
  } expected[] = {{ValueType::Date, "DD/MM/YYYY", 5},      {ValueType::Date, "MM/DD/YYYY", 9},
                  {ValueType::Phone, "(999) 999-9999", 4}, {ValueType::Email, "aa", 5},
                  {ValueType::Decimal, "plain", 6},        {ValueType::Boolean, "yes/no", 3},
                  {ValueType::CountryCode, "alpha-2", 5},  {ValueType::PostalCode, "99999", 5},
                  {ValueType::Date, "YYYYMMDD", 9},        {ValueType::Text, "Aa", 5}};
  for (size_t c = 0; c < p.columns.size(); ++c) {
    SCOPED_TRACE(p.columns[c].name);
    EXPECT_EQ(p.columns[c].type, expected[c].type);
    EXPECT_EQ(p.columns[c].common_format, expected[c].dominant);
    EXPECT_EQ(p.columns[c].consistent, expected[c].consistent);
    // Dominant only when the most common format holds at least half of the valid values.
    const bool dominant = p.columns[c].consistent * 2 >= p.columns[c].valid;
    EXPECT_EQ(p.columns[c].dominant_format, dominant ? expected[c].dominant : "");
  }
  EXPECT_TRUE(p.columns[0].day_first);
}

TEST(ValueFilters, AgreeWithCountsOnManyRows) {
  // Enough distinct values for the partitioned counting and the per-shape classification.
  Values id, email, phone, amount, when;
  uint64_t state = 7;
  auto rnd = [&](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  const char* domains[] = {"@example.com", "@Example.COM", "@mail.example-long-domain.org"};
  for (int i = 0; i < 360000; ++i) {
    id.push_back(rnd(20) == 0 ? std::string() : cat("C", std::to_string(1000000 + rnd(900000))));
    std::string e =
        cat(rnd(4) == 0 ? "Ann." : "ann.", std::to_string(rnd(500000)), domains[rnd(3)]);
    email.push_back(rnd(50) == 0 ? std::string("n/a") : e);
    const uint64_t a = 200 + rnd(800), b = rnd(1000), d = rnd(10000);
    phone.push_back(cat(rnd(2) ? cat("(", std::to_string(a), ") ") : std::to_string(a) + "-",
                        std::to_string(100 + b % 900) + "-", std::to_string(1000 + d % 9000)));
    amount.push_back(rnd(10) == 0 ? cat("$", std::to_string(rnd(100000)))
                                  : cat(std::to_string(rnd(100000)), ".", std::to_string(rnd(10))));
    const unsigned day = 1 + static_cast<unsigned>(rnd(28)),
                   mon = 1 + static_cast<unsigned>(rnd(12));
    when.push_back(cat(std::to_string(day), "/", std::to_string(mon)) + "/" +
                   std::to_string(1990 + rnd(30)));
  }
  expect_filters_agree(make_table(
      {{"id", id}, {"email", email}, {"phone", phone}, {"amount", amount}, {"when", when}}));
}

// ---------------------------------------------------------------------------------------------
// Distinct values of high-cardinality columns (counted in partitions past 32768 distinct
// values) against a plain map.

TEST(DistinctCounting, ManyDistinctValuesMatchAMap) {
  Values v;
  uint64_t state = 99;
  auto rnd = [&](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  for (int i = 0; i < 400000; ++i) {
    const uint64_t k = rnd(10);
    if (k == 0) {
      v.push_back("");  // missing
    } else if (k == 1) {
      v.push_back("heavy hitter");
    } else if (k < 5) {
      v.push_back(std::to_string(rnd(300000)));  // short
    } else {
      v.push_back(cat("a value longer than sixteen bytes #", std::to_string(rnd(200000))));
    }
  }
  std::map<std::string, uint64_t> counts;
  for (const std::string& x : v) {
    if (!x.empty()) ++counts[x];
  }
  const ColumnProfile p = profile_one("v", v);
  EXPECT_EQ(p.distinct, counts.size());
  std::vector<std::pair<std::string, uint64_t>> ranked(counts.begin(), counts.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  ASSERT_EQ(p.top.size(), 10u);
  for (size_t i = 0; i < p.top.size(); ++i) {
    EXPECT_EQ(p.top[i].value, ranked[i].first);
    EXPECT_EQ(p.top[i].count, ranked[i].second);
  }
  // Each row doubled: every second row is a copy of the first.
  Values twice = v;
  twice.insert(twice.end(), v.begin(), v.end());
  const Table t = make_table({{"v", twice}});
  EXPECT_EQ(profile_table(t).columns[0].distinct, counts.size());
  EXPECT_EQ(profile_table(t).duplicate_rows, twice.size() - counts.size() - 1);
}

// ---------------------------------------------------------------------------------------------
// Alerts

TEST(ProfileAlerts, MessagesInPlainWords) {
  Values v(1000, "x");
  for (size_t i = 0; i < 234; ++i) v[i] = "";
  for (size_t i = 234; i < 1000; ++i) v[i] = std::to_string(i);
  const ColumnProfile p = profile_one("n", v);
  EXPECT_EQ(alert_message(p, "MISSING"), "234 of 1000 values (23.4%) are missing");
  EXPECT_EQ(alert_message(p, "UNIQUE"), "All 766 non-missing values are distinct");
}

struct AlertCase {
  const char* name;
  const char* column;
  Values values;
  std::vector<std::string> present;
  std::vector<std::string> absent;
};

Values numbered(const char* prefix, size_t n, size_t modulo = 0) {
  Values v;
  for (size_t i = 0; i < n; ++i) v.push_back(cat(prefix, std::to_string(modulo ? i % modulo : i)));
  return v;
}

TEST(ProfileAlerts, Table) {
  Values skewed(500, "1");
  skewed.push_back("100000000");
  Values zeros = numbered("", 50);
  for (size_t i = 0; i < 10; ++i) zeros[i] = "0";
  Values emails;
  for (size_t i = 0; i < 100; ++i) emails.push_back(cat("user", std::to_string(i % 90), "@x.com"));
  Values mixed_int = numbered("", 90);
  for (size_t i = 0; i < 10; ++i) mixed_int.push_back(cat("2021-01-", std::to_string(10 + i)));
  Values half_numbers = numbered("", 40);
  for (size_t i = 0; i < 60; ++i) half_numbers.push_back(cat("word", std::to_string(i)));
  const AlertCase cases[] = {
      {"empty", "x", {"", "NULL", "N/A"}, {"EMPTY"}, {"MISSING", "CONSTANT"}},
      {"constant", "x", {"a", "a", "a"}, {"CONSTANT"}, {"UNIQUE"}},
      {"unique", "x", {"a", "b", "c"}, {"UNIQUE"}, {"CONSTANT", "DUPLICATES"}},
      {"high_cardinality", "name", numbered("n", 100, 80), {"HIGH_CARDINALITY"}, {"UNIQUE"}},
      {"low_cardinality_is_not_high", "name", numbered("n", 100, 10), {}, {"HIGH_CARDINALITY"}},
      {"missing_5pct",
       "x",
       repeat({"a", "b", "c", "d", "e", "f", "g", "h", "i", "",
               "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"},
              1),
       {"MISSING"},
       {}},
      {"missing_below_5pct", "x", numbered("a", 30), {}, {"MISSING"}},
      {"duplicate_emails", "email", emails, {"DUPLICATES"}, {"UNIQUE"}},
      {"repeated_categories_not_duplicates", "segment", numbered("s", 100, 5), {}, {"DUPLICATES"}},
      {"mixed_types_integer_with_dates", "n", mixed_int, {"MIXED_TYPES"}, {}},
      {"mixed_types_text_with_numbers", "x", half_numbers, {"MIXED_TYPES"}, {}},
      {"gender_letters_are_not_mixed", "gender", repeat({"M", "F"}, 20), {}, {"MIXED_TYPES"}},
      {"whitespace", "x", {" a", "b ", "c"}, {"LEADING_TRAILING_WHITESPACE"}, {}},
      {"inconsistent_dates",
       "d",
       {"2021-03-05", "2021-03-06", "03/07/2021"},
       {"INCONSISTENT_FORMAT"},
       {}},
      {"skewed", "n", skewed, {"SKEWED"}, {}},
      {"zeros", "n", zeros, {"ZEROS"}, {}},
  };
  for (const AlertCase& c : cases) {
    SCOPED_TRACE(c.name);
    const ColumnProfile p = profile_one(c.column, c.values);
    for (const std::string& code : c.present) EXPECT_TRUE(has_alert(p, code)) << code;
    for (const std::string& code : c.absent) EXPECT_FALSE(has_alert(p, code)) << code;
    for (const Alert& a : p.alerts) EXPECT_FALSE(a.message.empty()) << a.code;
  }
}

TEST(ProfileAlerts, MixedTypesMessage) {
  Values v = numbered("", 90);
  for (size_t i = 0; i < 10; ++i) v.push_back("unknown");
  const ColumnProfile p = profile_one("n", v);
  EXPECT_EQ(p.type, ValueType::Integer);
  EXPECT_EQ(alert_message(p, "MIXED_TYPES"), "All 10 invalid values are text, not integer");
}

// ---------------------------------------------------------------------------------------------
// Duplicate rows

TEST(DuplicateRows, ExactAndMissingEqual) {
  const Table t = make_table(
      {{"a", {"1", "1", "2", "1", "", "NULL", "1"}}, {"b", {"x", "x", "x", "y", "z", "z", "x"}}});
  // Rows 1 and 6 repeat row 0; row 5 repeats row 4.
  EXPECT_EQ(duplicate_rows(t), (std::vector<uint32_t>{1, 5, 6}));
  const Profile p = profile_table(t);
  EXPECT_EQ(p.duplicate_rows, 3u);
  ASSERT_EQ(p.alerts.size(), 1u);
  EXPECT_EQ(p.alerts[0].code, "DUPLICATES");
  EXPECT_EQ(p.alerts[0].message, "3 rows (42.9%) are exact copies of an earlier row");
}

TEST(DuplicateRows, ColumnOrderMatters) {
  const Table t = make_table({{"a", {"x", "y"}}, {"b", {"y", "x"}}});
  EXPECT_TRUE(duplicate_rows(t).empty());
}

TEST(DuplicateRows, ManyRows) {
  Values a, b;
  for (int i = 0; i < 100000; ++i) {
    a.push_back(std::to_string(i % 50000));
    b.push_back(std::to_string((i % 50000) * 7));
  }
  const Table t = make_table({{"a", a}, {"b", b}});
  const std::vector<uint32_t> dups = duplicate_rows(t);
  ASSERT_EQ(dups.size(), 50000u);
  EXPECT_EQ(dups.front(), 50000u);
  EXPECT_EQ(dups.back(), 99999u);
  EXPECT_EQ(profile_table(t).duplicate_rows, 50000u);
}

// ---------------------------------------------------------------------------------------------
// Duplicate records: rows equal but for the unique identifiers

TEST(DuplicateRecords, IdColumnsAreLeftOut) {
  const Table t = make_table({
      {"Id", {"1", "2", "3", "4", "5"}},
      {"contactId", {"k1", "k2", "k3", "k4", "k5"}},
      {"Customer Number", {"100", "101", "102", "103", "104"}},
      {"ref",
       {"0b7f8a52-3c3e-4f5e-9a57-1d2c3b4a5e6f", "1b7f8a52-3c3e-4f5e-9a57-1d2c3b4a5e6f",
        "2b7f8a52-3c3e-4f5e-9a57-1d2c3b4a5e6f", "3B7F8A52-3C3E-4F5E-9A57-1D2C3B4A5E6F",
        "{4b7f8a52-3c3e-4f5e-9a57-1d2c3b4a5e6f}"}},
      // Unique, but neither named like an id nor UUIDs: a real attribute.
      {"email", {"a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com"}},
      // Named like an id but not unique: compared.
      {"account_id", {"A", "A", "B", "A", "A"}},
      {"name", {"Ann", "Ann", "Bob", "Ann", "Ann"}},
  });
  Profile p = profile_table(t);
  EXPECT_EQ(p.id_columns, (std::vector<std::string>{"Id", "contactId", "Customer Number", "ref"}));
  EXPECT_EQ(p.duplicate_rows, 0u);
  EXPECT_EQ(p.duplicate_records, 0u);  // the emails differ

  const Table t2 = make_table({{"id", {"1", "2", "3", "4"}},
                               {"name", {"Ann", "Bob", "Ann", "ann"}},
                               {"phone", {"", "1", "NULL", ""}}});
  ProfileOptions o;
  o.row_verdicts = true;
  TableProfiler run(t2, o);
  run.run();
  p = run.finish();
  EXPECT_EQ(p.id_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(p.duplicate_records, 1u);  // row 2 repeats row 0 (missing values alike)
  EXPECT_EQ(run.take_row_verdicts().duplicate_records, std::vector<uint32_t>{2});
  ASSERT_EQ(p.alerts.size(), 1u);
  EXPECT_EQ(p.alerts[0].code, "DUPLICATE_RECORDS");
  EXPECT_EQ(p.alerts[0].message,
            "1 of 4 rows (25.0%) is the same record as an earlier row: equal in every column "
            "but the unique identifier id");
}

TEST(DuplicateRecords, ExactCopiesDoNotHideTheIdColumn) {
  // Row 1 is an exact copy of row 0 (same id); row 3 is row 0 again with a fresh id.
  const Table t = make_table(
      {{"customer_id", {"C1", "C1", "C2", "C3"}}, {"name", {"Ann", "Ann", "Bob", "Ann"}}});
  const Profile p = profile_table(t);
  EXPECT_EQ(p.id_columns, std::vector<std::string>{"customer_id"});
  EXPECT_EQ(p.duplicate_rows, 1u);
  EXPECT_EQ(p.duplicate_records, 2u);
}

TEST(DuplicateRecords, WithoutIdColumnsTheyAreTheDuplicateRows) {
  const Table t = make_table({{"a", {"1", "1", "2"}}, {"b", {"x", "x", "y"}}});
  const Profile p = profile_table(t);
  EXPECT_TRUE(p.id_columns.empty());
  EXPECT_EQ(p.duplicate_records, 1u);
  EXPECT_EQ(p.duplicate_rows, 1u);
}

// ---------------------------------------------------------------------------------------------
// Formats: a dominant one only when it holds half of the valid values; counts that agree

TEST(ProfileFormats, NoDominantFormatBelowHalf) {
  // Five phone layouts, the most common in 2 of 6 valid values; one invalid value.
  const ColumnProfile p =
      profile_one("phone", {"(415) 223-4567", "(415) 222-3333", "415.444.5555", "415-777-8888",
                            "+1 415 990 0000", "415 321 2222", "call me"});
  EXPECT_EQ(p.type, ValueType::Phone);
  EXPECT_EQ(p.valid, 6u);
  EXPECT_EQ(p.common_format, "(999) 999-9999");
  EXPECT_EQ(p.consistent, 2u);
  EXPECT_EQ(p.dominant_format, "");
  EXPECT_EQ(alert_message(p, "INCONSISTENT_FORMAT"),
            "No dominant format: the most common, \"(999) 999-9999\", covers 2 of the 6 valid "
            "values (33.3%)");
  // The invalid value is counted once, as invalid, not also as off-format.
  EXPECT_EQ(alert_message(p, "MIXED_TYPES"), "The invalid value is text, not phone");
}

TEST(ProfileFormats, HalfIsDominant) {
  const ColumnProfile p =
      profile_one("d", {"2021-01-02", "2021-01-03", "01/04/2021", "05/06/2021"});
  EXPECT_EQ(p.dominant_format, "MM/DD/YYYY");  // ties: the smaller label
  EXPECT_EQ(p.consistent, 2u);
}

TEST(ProfileFormats, HyphenatedNamesAreCapitalized) {
  const ColumnProfile p = profile_one(
      "first_name", {"Ji-woo", "Jean-Luc", "Anna", "O'Brien", "Mary-kate", "Seo-yeon", "Bob"});
  EXPECT_EQ(p.dominant_format, "Aa");
  EXPECT_EQ(p.consistent, 7u);
  EXPECT_FALSE(has_alert(p, "INCONSISTENT_FORMAT"));
}

TEST(ProfileFormats, TwoDigitYearDates) {
  ColumnProfile p = profile_one("signup", {"03/05/21", "12/31/99", "01/15/68", "7/4/20", ""});
  EXPECT_EQ(p.type, ValueType::Date);
  EXPECT_EQ(p.format, "MM/DD/YY");
  ASSERT_TRUE(p.stats);
  EXPECT_EQ(p.stats->min, static_cast<double>(days_from_civil(1999, 12, 31)));
  EXPECT_EQ(p.stats->max, static_cast<double>(days_from_civil(2068, 1, 15)));
  p = profile_one("datum", {"05.03.21", "25.12.99", "01.01.00"});
  EXPECT_EQ(p.type, ValueType::Date);
  EXPECT_EQ(p.format, "DD.MM.YY");
  // Day first by evidence (25 cannot be a month).
  p = profile_one("d", {"05/03/21", "25/12/20", "01/02/03"});
  EXPECT_TRUE(p.day_first);
  EXPECT_EQ(p.format, "DD/MM/YY");
  EXPECT_EQ(p.stats->min, static_cast<double>(days_from_civil(2003, 2, 1)));
}

TEST(ProfileFormats, DecimalCommaByEvidence) {
  // Decimal commas outnumber decimal points: "1,234" is 1.234 and in the column's notation.
  ColumnProfile p = profile_one("betrag", {"12,5", "1.234,56", "0,75", "1,234", "3", "2,10"});
  EXPECT_EQ(p.type, ValueType::Decimal);
  EXPECT_TRUE(p.decimal_comma);
  EXPECT_EQ(p.dominant_format, "decimal comma");
  EXPECT_EQ(p.consistent, 5u);  // "3" is plain
  ASSERT_TRUE(p.stats);
  EXPECT_DOUBLE_EQ(p.stats->max, 1234.56);
  EXPECT_DOUBLE_EQ(p.stats->min, 0.75);
  EXPECT_NEAR(p.stats->mean, (12.5 + 1234.56 + 0.75 + 1.234 + 3 + 2.10) / 6, 1e-9);
  // Without that evidence "1,234" keeps its thousands reading.
  p = profile_one("amount", {"1,234", "12.5", "7.25", "3"});
  EXPECT_FALSE(p.decimal_comma);
  EXPECT_DOUBLE_EQ(p.stats->max, 1234);
}

TEST(ProfileAlerts, SingularAndPlural) {
  Values v = numbered("", 19);
  v.push_back("");
  ColumnProfile p = profile_one("n", v);
  EXPECT_EQ(alert_message(p, "MISSING"), "1 of 20 values (5.0%) is missing");
  p = profile_one("x", {" a", "b", "c"});
  EXPECT_EQ(alert_message(p, "LEADING_TRAILING_WHITESPACE"),
            "1 of 3 values (33.3%) has leading or trailing whitespace");
}

// ---------------------------------------------------------------------------------------------
// Table-level behaviour

TEST(ProfileTable, CopiesTableFieldsAndReportsProgress) {
  Table t = make_table({{"a", {"1", "2"}}, {"b", {"x", "y"}}, {"c", {"", ""}}});
  t.dialect.delimiter = ';';
  t.warnings.push_back({"ragged_row", "line 3 has 2 fields, expected 3", 3});
  std::vector<Progress> seen;
  const Profile p = profile_table(t, {}, [&](const Progress& pr) { seen.push_back(pr); });
  EXPECT_EQ(p.rows, 2u);
  EXPECT_EQ(p.columns.size(), 3u);
  EXPECT_EQ(p.dialect.delimiter, ';');
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].code, "ragged_row");
  ASSERT_EQ(seen.size(), 3u);
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].stage, "profile");
    EXPECT_EQ(seen[i].done, i + 1);
    EXPECT_EQ(seen[i].total, 3u);
    EXPECT_EQ(seen[i].rows, 2u);
  }
  EXPECT_TRUE(p.quality.completeness.has_value());
}

TEST(ProfileTable, CancelThrows) {
  const Table t = make_table({{"a", {"1", "2"}}});
  std::atomic<bool> cancel{true};
  EXPECT_THROW(profile_table(t, {}, {}, &cancel), Cancelled);
}

TEST(ProfileTable, StepwiseRunEqualsOneCall) {
  const Table t = make_table({{"id", {"1", "2", "3", "3"}},
                              {"email", {"a@b.co", "N/A", "c@d.org", "c@d.org"}},
                              {"when", {"2024-01-02", "", "2024-03-04", "2024-03-04"}}});
  const Profile whole = profile_table(t);
  TableProfiler run(t, {});
  EXPECT_EQ(run.columns(), 3u);
  EXPECT_THROW(run.finish(), std::logic_error);  // not finished yet
  for (size_t k = 1; k <= 3; ++k) {
    ASSERT_FALSE(run.finished());
    run.step();
    EXPECT_EQ(run.done(), k);
  }
  EXPECT_TRUE(run.finished());
  run.step();  // nothing left: no-op
  const Profile stepped = run.finish();
  EXPECT_EQ(to_json(stepped).dump(), to_json(whole).dump());
  EXPECT_EQ(stepped.duplicate_rows, 1u);
  EXPECT_THROW(run.step(), std::logic_error);  // spent
}

TEST(ProfileTable, StepwiseCancelBetweenColumns) {
  const Table t = make_table({{"a", {"1", "2"}}, {"b", {"x", "y"}}});
  TableProfiler run(t, {});
  run.step();
  std::atomic<bool> cancel{true};
  EXPECT_THROW(run.step(&cancel), Cancelled);
}

// Several columns at once (native threads) give the same profile, duplicates included.
TEST(ProfileTable, ThreadsGiveTheSameProfile) {
  Values id, email, city, spend, when;
  for (int i = 0; i < 3000; ++i) {
    const int k = i % 2500;  // rows 2500.. repeat rows 0..499 exactly
    id.push_back(cat("C", std::to_string(k)));
    email.push_back(k % 7 == 0 ? std::string("n/a") : cat("u", std::to_string(k), "@x.org"));
    city.push_back(k % 3 == 0 ? "Paris" : (k % 3 == 1 ? "Lyon" : " Nice"));
    spend.push_back(cat(std::to_string(k % 97), ".", std::to_string(k % 10)));
    when.push_back(cat("2024-0", std::to_string(1 + k % 9), "-1") + std::to_string(k % 10));
  }
  const Table t =
      make_table({{"id", id}, {"email", email}, {"city", city}, {"spend", spend}, {"when", when}});
  ProfileOptions one;
  one.threads = 1;
  const std::string expected = to_json(profile_table(t, one)).dump();
  EXPECT_EQ(profile_table(t, one).duplicate_rows, 500u);
  for (uint32_t threads : {0u, 2u, 3u, 8u}) {
    ProfileOptions o;
    o.threads = threads;
    std::vector<size_t> seen;
    const Profile p = profile_table(t, o, [&](const Progress& pr) { seen.push_back(pr.done); });
    EXPECT_EQ(to_json(p).dump(), expected) << threads << " threads";
    EXPECT_EQ(seen, (std::vector<size_t>{1, 2, 3, 4, 5})) << threads << " threads";
  }
  // Per-row verdicts: the same with threads, and the profile does not change with them.
  auto verdicts = [&](uint32_t threads) {
    ProfileOptions o;
    o.threads = threads;
    o.row_verdicts = true;
    TableProfiler run(t, o);
    run.run();
    EXPECT_EQ(to_json(run.finish()).dump(), expected) << threads << " threads";
    return run.take_row_verdicts();
  };
  const RowVerdicts alone = verdicts(1);
  ASSERT_EQ(alone.cells.size(), 5u);
  EXPECT_EQ(alone.duplicates.size(), 500u);
  // " Nice" has the most common shape (Aaaa, with Lyon), Paris the second; n/a is missing.
  EXPECT_EQ(alone.cells[2][0], 2 << kCellPatternShift);
  EXPECT_EQ(alone.cells[2][2], kCellWhitespace | 1 << kCellPatternShift);
  EXPECT_EQ(alone.cells[1][0], kCellMissing);
  for (uint32_t threads : {2u, 3u}) {
    const RowVerdicts v = verdicts(threads);
    EXPECT_EQ(v.cells, alone.cells) << threads << " threads";
    EXPECT_EQ(v.duplicates, alone.duplicates) << threads << " threads";
  }
}

TEST(ProfileTable, ThreadsCancel) {
  const Table t = make_table({{"a", {"1", "2"}}, {"b", {"x", "y"}}, {"c", {"p", "q"}}});
  ProfileOptions o;
  o.threads = 3;
  std::atomic<bool> cancel{true};
  EXPECT_THROW(profile_table(t, o, {}, &cancel), Cancelled);
}

TEST(ProfileTable, EmptyTable) {
  Table t;
  const Profile p = profile_table(t);
  EXPECT_EQ(p.rows, 0u);
  EXPECT_TRUE(p.columns.empty());
  EXPECT_EQ(p.duplicate_rows, 0u);
}

TEST(ProfileTable, OptionsLimitLists) {
  ProfileOptions o;
  o.top_n = 2;
  o.patterns_n = 1;
  o.histogram_bins = 5;
  const Profile p = profile_table(make_table({{"n", {"1", "2", "3", "4", "10", "100"}}}), o);
  EXPECT_EQ(p.columns[0].top.size(), 2u);
  EXPECT_EQ(p.columns[0].patterns.size(), 1u);
  EXPECT_EQ(p.columns[0].histogram_counts.size(), 5u);
  EXPECT_EQ(p.columns[0].histogram_edges.size(), 6u);
}

// ---------------------------------------------------------------------------------------------
// Golden summary: a small realistic table, every reported field, doubles printed exactly.
// Regenerate with CRM_UPDATE_GOLDEN=1 after an intended change (and review the diff).

std::string dump(const Profile& p) {
  std::ostringstream o;
  auto d = [](double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", x);
    return std::string(b);
  };
  auto opt = [&](const std::optional<double>& x) { return x ? d(*x) : std::string("null"); };
  o << "rows " << p.rows << " duplicate_rows " << p.duplicate_rows << " duplicate_records "
    << p.duplicate_records << " id_columns";
  for (const std::string& id : p.id_columns) o << " " << id;
  o << "\n";
  for (const ColumnProfile& c : p.columns) {
    o << "column " << c.name << " type " << type_name(c.type) << " format '" << c.format
      << "' share " << d(c.type_share) << " valid " << c.valid << " missing " << c.missing
      << " distinct " << c.distinct << " consistent " << c.consistent << " common '"
      << c.common_format << "' dominant '" << c.dominant_format << "' whitespace " << c.whitespace
      << " length " << c.length_min << "/" << d(c.length_mean) << "/" << c.length_max
      << " day_first " << c.day_first << "\n";
    o << "  top";
    for (const auto& t : c.top) o << " [" << t.value << "]x" << t.count;
    o << "\n  patterns";
    for (const auto& t : c.patterns) o << " [" << t.value << "]x" << t.count;
    o << "\n  type_counts";
    for (const auto& t : c.type_counts) o << " " << t.value << "=" << t.count;
    o << "\n";
    if (c.stats) {
      const NumericStats& s = *c.stats;
      o << "  stats n " << s.count << " min " << d(s.min) << " max " << d(s.max) << " mean "
        << d(s.mean) << " std " << d(s.std) << " q " << d(s.q05) << " " << d(s.q25) << " "
        << d(s.q50) << " " << d(s.q75) << " " << d(s.q95) << " skew " << d(s.skewness) << " zeros "
        << s.zeros << " negatives " << s.negatives << "\n  hist";
      for (uint64_t h : c.histogram_counts) o << " " << h;
      o << "\n";
    }
    for (const Alert& a : c.alerts) o << "  alert " << a.code << ": " << a.message << "\n";
  }
  for (const Alert& a : p.alerts) o << "alert " << a.code << ": " << a.message << "\n";
  const QualityScore& q = p.quality;
  o << "quality completeness " << opt(q.completeness) << " validity " << opt(q.validity)
    << " uniqueness " << opt(q.uniqueness) << " consistency " << opt(q.consistency)
    << " timeliness " << opt(q.timeliness) << " (" << q.timeliness_column << " " << q.timely << "/"
    << q.dated << ") score " << d(q.score) << "\n";
  return o.str();
}

TEST(ProfileGolden, SmallCustomerTable) {
  const Table t = make_table({
      {"customer_id", {"C001", "C002", "C003", "C004", "C005", "C006", "C007", "C007"}},
      {"first_name", {"John", "mary", "José", "ANN", "Li", "", "Zoë", "Zoë"}},
      {"email",
       {"john@x.com", "mary@y.org", "jose@x.com", "ann@", "li@z.io", "NULL", "zoe@x.com",
        "zoe@x.com"}},
      {"phone",
       {"(415) 223-4567", "415-222-3333", "(415) 444-5555", "", "+1 415 666 7777", "(415) 888-9999",
        "(415) 200-1111", "(415) 200-1111"}},
      {"zip", {"02134", "90210", "10001", "SW1A 1AA", "60601", "02134", "73301", "73301"}},
      {"country", {"US", "US", "Mexico", "GB", "us", "US", "DE", "DE"}},
      {"signup_date",
       {"2021-03-05", "2021-02-30", "03/15/2021", "2020-12-01", "2019-07-04", "2021-01-01",
        "2022-05-05", "2022-05-05"}},
      {"last_updated",
       {"2023-06-01T10:00:00Z", "2023-01-15T08:30:00Z", "2021-11-30T23:59:59Z",
        "2023-06-10T00:00:00Z", "", "2022-06-01T12:00:00Z", "2023-05-31T09:00:00Z",
        "2023-05-31T09:00:00Z"}},
      {"lifetime_value", {"1200.50", "35", "0", "$7.25", "0", "88.8", "1e3", "1e3"}},
      {"active", {"yes", "no", "Yes", "no", "yes", "no", "yes", "yes"}},
  });
  ProfileOptions o;
  o.quality.reference_day = days_from_civil(2023, 6, 30);
  const std::string actual = dump(profile_table(t, o));
  const std::string path = std::string(CRM_TEST_DATA) + "/profile_small.txt";
  if (std::getenv("CRM_UPDATE_GOLDEN")) {
    std::ofstream(path) << actual;
    GTEST_SKIP() << "wrote " << path;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "missing " << path << "; run with CRM_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str());
}

TEST(ProfileDeterminism, SameInputSameProfile) {
  Values v;
  for (int i = 0; i < 5000; ++i) v.push_back(cat(std::to_string((i * 7919) % 1000), ".5"));
  const Table t = make_table({{"x", v}, {"y", numbered("k", 5000, 37)}});
  EXPECT_EQ(dump(profile_table(t)), dump(profile_table(t)));
}

// Hand-run benchmark, not part of the suite (run with --gtest_also_run_disabled_tests
// --gtest_filter=ProfileBench.*): 1M rows x 14 realistic columns built in memory, profile timed.
TEST(ProfileBench, DISABLED_MillionRowsFourteenColumns) {
  const size_t rows = 1000000;
  const char* first[] = {"John",  "Mary", "James", "Patricia",  "Robert", "Jennifer", "Michael",
                         "Linda", "José", "Zoë",   "Ann-Marie", "Sabine", "Lorenzo",  "Li"};
  const char* last[] = {"Smith",   "Johnson",  "Brown",        "Garcia", "Miller",
                        "O'Brien", "McDonald", "van der Berg", "Müller", "Rossi",
                        "Dubois",  "Nowak",    "Kim"};
  const char* cities[] = {"New York", "Chicago",  "Boston", "London",  "München", "Paris",
                          "Milano",   "Warszawa", "Austin", "Seattle", "Denver",  "Lyon"};
  const char* countries[] = {"US", "US", "US", "GB", "DE", "FR", "IT", "PL", "us", "Germany"};
  const char* status[] = {"active", "inactive", "lead", "churned", "Active"};
  const char* names[] = {"customer_id", "first_name",   "last_name",    "email",
                         "phone",       "street",       "city",         "zip",
                         "country",     "signup_date",  "last_updated", "lifetime_value",
                         "status",      "is_subscribed"};
  Table t;
  for (const char* n : names) t.columns.emplace_back(n);
  for (Column& c : t.columns) c.reserve(rows, rows * 16);
  uint64_t state = 42;
  auto rnd = [&](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  char buf[128];
  auto put = [&](size_t c, const std::string& v) {
    t.columns[c].append(v, is_missing_value(v, t.null_tokens));
  };
  for (size_t i = 0; i < rows; ++i) {
    const char* f = first[rnd(14)];
    const char* l = last[rnd(13)];
    std::snprintf(buf, sizeof buf, "C%07zu", i % 990000 + 1);
    put(0, buf);
    put(1, rnd(50) == 0 ? std::string() : std::string(f));
    put(2, rnd(100) == 0 ? std::string("SMITH") : std::string(l));
    std::string email = f;
    email += '.';
    email += std::to_string(rnd(100000));
    email += rnd(3) ? "@example.com" : "@mail.org";
    for (char& ch : email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    put(3, rnd(30) == 0 ? std::string() : email);
    const uint64_t kind = rnd(3), a = 200 + rnd(800), b = rnd(1000), d = rnd(10000);
    std::snprintf(buf, sizeof buf,
                  kind == 0 ? "(%03llu) %03llu-%04llu"
                            : (kind == 1 ? "+1 %03llu %03llu %04llu" : "%03llu-%03llu-%04llu"),
                  static_cast<unsigned long long>(a), static_cast<unsigned long long>(b),
                  static_cast<unsigned long long>(d));
    put(4, buf);
    const uint64_t house = 1 + rnd(9999);
    std::snprintf(buf, sizeof buf, "%llu %s St", static_cast<unsigned long long>(house),
                  last[rnd(13)]);
    put(5, buf);
    put(6, cities[rnd(12)]);
    std::snprintf(buf, sizeof buf, "%05llu", static_cast<unsigned long long>(rnd(99999)));
    put(7, buf);
    put(8, countries[rnd(10)]);
    const unsigned y = 2015 + static_cast<unsigned>(rnd(9)), m = 1 + static_cast<unsigned>(rnd(12)),
                   dd = 1 + static_cast<unsigned>(rnd(28));
    if (rnd(10) == 0) {
      std::snprintf(buf, sizeof buf, "%02u/%02u/%04u", m, dd, y);
    } else {
      std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", y, m, dd);
    }
    put(9, buf);
    const unsigned hh = static_cast<unsigned>(rnd(24)), mi = static_cast<unsigned>(rnd(60));
    std::snprintf(buf, sizeof buf, "2023-%02u-%02uT%02u:%02u:00Z", m, dd, hh, mi);
    put(10, buf);
    const uint64_t whole = rnd(5000), cents = rnd(100);
    std::snprintf(buf, sizeof buf, "%llu.%02llu", static_cast<unsigned long long>(whole),
                  static_cast<unsigned long long>(cents));
    put(11, rnd(20) == 0 ? std::string("0") : std::string(buf));
    put(12, rnd(25) == 0 ? std::string("NULL") : std::string(status[rnd(5)]));
    put(13, rnd(2) ? "yes" : "no");
  }
  t.rows = rows;
  ProfileOptions o;
  o.quality.reference_day = days_from_civil(2024, 1, 1);
  double best = 1e30;
  for (int run = 0; run < 3; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    const Profile p = profile_table(t, o);
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
    ASSERT_EQ(p.rows, rows);
  }
  std::printf("profile_table, 1M rows x 14 columns (%.0f MB of values): best of 3 %.0f ms\n",
              static_cast<double>(t.memory_bytes()) / 1e6, best);
}

// Phones are checked with libphonenumber's metadata: extensions and tel: URIs count, a code
// shaped like a phone does not, and national numbers are read with the column's region.
TEST(ProfileColumn, PhonesCheckedByParser) {
  const ColumnProfile p =
      profile_one("phone", {"+61 2 1234 4565 ext. 12", "tel:+81-3-1234-5678", "+44 20 7946 0958",
                            "9999-9999-9999-999", "+1 415 555 2671"});
  EXPECT_EQ(p.type, ValueType::Phone);
  EXPECT_EQ(p.valid, 4u);
  EXPECT_FALSE(value_valid(p, "9999-9999-9999-999"));
  EXPECT_TRUE(value_valid(p, "tel:+81-3-1234-5678"));
  // Without a name hint, a column of such codes is not a phone column.
  const ColumnProfile codes =
      profile_one("code", {"9999-9999-9999-999", "1234-5678-9012-345", "5555-1111-2222-333"});
  EXPECT_NE(codes.type, ValueType::Phone);
}

TEST(ProfileColumn, NationalPhonesUseTheColumnRegion) {
  // Mostly British numbers: national ones are read as British.
  const ColumnProfile gb = profile_one(
      "phone", {"+44 20 7946 0958", "+44 161 496 0000", "020 7946 0123", "0161 496 0999"});
  EXPECT_EQ(gb.phone_region, "GB");
  EXPECT_EQ(gb.valid, 4u);
  // No international number: US; a British national number is then invalid.
  const Values mixed = {"(415) 555-2671", "415-555-0199", "212 555 0100", "(646) 555-0123",
                        "020 7946 0123"};
  const ColumnProfile us = profile_one("phone", mixed);
  EXPECT_EQ(us.phone_region, "US");
  EXPECT_EQ(us.valid, 4u);
  EXPECT_FALSE(value_valid(us, "020 7946 0123"));
  // The region given as an option wins.
  ProfileOptions o;
  o.phone_region = "GB";
  const Profile pr = profile_table(make_table({{"phone", mixed}}), o);
  // (Read as British, only one of the five is valid: not a phone column.)
  EXPECT_EQ(pr.columns[0].type, ValueType::Text);
  const Profile gb2 =
      profile_table(make_table({{"phone",
                                 {"020 7946 0123", "0161 496 0999", "(415) 555-2671",
                                  "020 7946 0456", "020 7946 0789"}}}),
                    o);
  EXPECT_EQ(gb2.columns[0].phone_region, "GB");
  EXPECT_EQ(gb2.columns[0].valid, 4u);
}

// ---------------------------------------------------------------------------------------------
// Reuse: a table version sharing column objects with an earlier one takes their profiles over.

TEST(ProfileReuse, SameProfileAsWithout) {
  const Table a = make_table({{"customer_id", {"C1", "C2", "C3", "C4", "C5", "C6"}},
                              {"name", {"ann", "Bob", "ann", "ann", "Bob", "Cy"}},
                              {"phone",
                               {"(415) 223-4567", "020 7946 0018", "(415) 223-4567",
                                "(415) 223-4567", "020 7946 0018", "n/a"}},
                              {"country", {"US", "GB", "US", "US", "gb", "US"}},
                              {"total", {"1.5", "2", "1.5", "1.5", "2", "x"}}});
  ProfileOptions o;
  o.row_verdicts = true;
  TableProfiler first(a, o);
  first.run();
  const Profile pa = first.finish();
  const RowVerdicts va = first.take_row_verdicts();
  // The next version: name changed (a new column object), the rest shared; then the country
  // changed too (the phone column's regions come from it: profiled again).
  for (int changed_country = 0; changed_country < 2; ++changed_country) {
    Table b = a;
    Column name("name");
    for (const char* v : {"Ann", "Bob", "Ann", "Ann", "Bob", "Cy"}) name.append(v, false);
    b.columns.set(1, std::make_shared<Column>(std::move(name)));
    if (changed_country) {
      Column country("country");
      for (const char* v : {"US", "US", "US", "US", "US", "US"}) country.append(v, false);
      b.columns.set(3, std::make_shared<Column>(std::move(country)));
    }
    TableProfiler fresh(b, o);
    fresh.run();
    const Profile want = fresh.finish();
    const RowVerdicts want_v = fresh.take_row_verdicts();
    TableProfiler reused(b, o, ProfileReuse{&a, &pa, &va});
    reused.run();
    const Profile got = reused.finish();
    const RowVerdicts got_v = reused.take_row_verdicts();
    EXPECT_EQ(to_json(got).dump(), to_json(want).dump()) << "changed_country " << changed_country;
    EXPECT_EQ(got_v.cells, want_v.cells);
    EXPECT_EQ(got_v.duplicates, want_v.duplicates);
    EXPECT_EQ(got_v.duplicate_records, want_v.duplicate_records);
  }
}

}  // namespace
}  // namespace crm
