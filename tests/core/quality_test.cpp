// Quality dimensions and score: the formulas of quality.cpp on hand-checked tables.
#include "crm/quality.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crm/infer.h"
#include "crm/profile.h"
#include "test_util.h"

namespace crm {
namespace {

using test::make_table;
using test::Values;

Profile profile_at(const Table& t, int64_t reference_day, QualityOptions q = {}) {
  ProfileOptions o;
  q.reference_day = reference_day;
  o.quality = q;
  return profile_table(t, o);
}

const int64_t kRef = days_from_civil(2024, 1, 31);

TEST(Quality, ColumnAndTableFormulas) {
  // qty: 5 present of 6, 4 valid integers (80%: integer), 4 distinct;
  // name: 6 present, letter case Aa x5 + AA x1.
  const Table t = make_table({{"qty", {"1", "2", "2", "3", "x", ""}},
                              {"name", {"Ann", "Bob", "Cy", "DAN", "Eve", "Flo"}}});
  const Profile p = profile_at(t, kRef);
  const QualityScore& q = p.quality;
  ASSERT_EQ(p.columns[0].type, ValueType::Integer);
  ASSERT_EQ(q.columns.size(), 2u);
  const ColumnQuality& qty = q.columns[0];
  EXPECT_EQ(qty.name, "qty");
  EXPECT_DOUBLE_EQ(*qty.completeness, 5.0 / 6);
  EXPECT_DOUBLE_EQ(*qty.validity, 4.0 / 5);
  EXPECT_DOUBLE_EQ(*qty.uniqueness, 4.0 / 5);
  EXPECT_DOUBLE_EQ(*qty.consistency, 4.0 / 5);
  const ColumnQuality& name = q.columns[1];
  EXPECT_DOUBLE_EQ(*name.completeness, 1.0);
  EXPECT_DOUBLE_EQ(*name.validity, 1.0);
  EXPECT_DOUBLE_EQ(*name.uniqueness, 1.0);
  EXPECT_DOUBLE_EQ(*name.consistency, 5.0 / 6);
  // Cell-weighted table dimensions.
  EXPECT_DOUBLE_EQ(*q.completeness, 11.0 / 12);
  EXPECT_DOUBLE_EQ(*q.validity, (4.0 + 6) / 11);
  EXPECT_DOUBLE_EQ(*q.consistency, (4.0 + 5) / 11);
  EXPECT_DOUBLE_EQ(*q.uniqueness, 1.0);
  EXPECT_FALSE(q.timeliness.has_value());
  EXPECT_EQ(q.timeliness_column, "");
  const double expected = (11.0 / 12 + 10.0 / 11 + 1.0 + 9.0 / 11) / 4;
  EXPECT_DOUBLE_EQ(q.score, expected);
}

TEST(Quality, UniquenessFromDuplicateRows) {
  const Table t = make_table({{"a", {"1", "1", "1", "2"}}, {"b", {"x", "x", "x", "y"}}});
  const Profile p = profile_at(t, kRef);
  EXPECT_EQ(p.duplicate_rows, 2u);
  EXPECT_DOUBLE_EQ(*p.quality.uniqueness, 0.5);
}

struct TimelinessCase {
  const char* name;
  const char* column;
  Values values;
  std::string option_column;
  const char* used_column;
  uint64_t timely, dated;
};

TEST(Quality, Timeliness) {
  // kRef = 2024-01-31; window 365 days: on or after 2023-01-31 is timely.
  const TimelinessCase cases[] = {
      {"by_name_dates",
       "last_updated",
       {"2024-01-30", "2023-01-31", "2023-01-30", "2020-05-05", ""},
       "",
       "last_updated",
       2,
       4},
      {"datetimes_use_utc_day",
       "updated_at",
       {"2023-01-31T00:30:00+01:00", "2023-01-31T00:30:00Z", "2024-01-01T12:00:00Z"},
       "",
       "updated_at",
       2,
       3},
      {"future_dates_are_timely",
       "LastModifiedDate",
       {"2025-06-01", "2022-01-01"},
       "",
       "LastModifiedDate",
       1,
       2},
      {"last_activity",
       "last_activity_date",
       {"2024-01-01", "2024-01-02"},
       "",
       "last_activity_date",
       2,
       2},
      {"not_a_last_update_name", "created_at", {"2024-01-01", "2024-01-02"}, "", "", 0, 0},
      {"named_but_not_dates", "last_updated", {"soon", "later", "never"}, "", "", 0, 0},
      {"option_names_column", "touched", {"2024-01-01", "2000-01-01"}, "touched", "touched", 1, 2},
      {"option_column_missing", "last_updated", {"2024-01-01"}, "nope", "", 0, 0},
  };
  for (const TimelinessCase& c : cases) {
    SCOPED_TRACE(c.name);
    QualityOptions o;
    o.last_updated_column = c.option_column;
    const Profile p = profile_at(make_table({{c.column, c.values}}), kRef, o);
    const QualityScore& q = p.quality;
    EXPECT_EQ(q.timeliness_column, c.used_column);
    EXPECT_EQ(q.timely, c.timely);
    EXPECT_EQ(q.dated, c.dated);
    if (c.dated > 0) {
      ASSERT_TRUE(q.timeliness.has_value());
      EXPECT_DOUBLE_EQ(*q.timeliness, static_cast<double>(c.timely) / c.dated);
    } else {
      EXPECT_FALSE(q.timeliness.has_value());
    }
  }
}

TEST(Quality, TimelinessWindowOption) {
  QualityOptions o;
  o.timeliness_days = 30;
  const Profile p = profile_at(
      make_table({{"last_updated", {"2024-01-01", "2023-12-31", "2024-01-31"}}}), kRef, o);
  EXPECT_EQ(p.quality.timely, 2u);  // 2024-01-01 is exactly 30 days before
  EXPECT_EQ(p.quality.dated, 3u);
}

TEST(Quality, FirstMatchingColumnIsUsed) {
  const Profile p = profile_at(make_table({{"modified", {"2024-01-01", "2024-01-02"}},
                                           {"last_updated", {"2000-01-01", "2000-01-02"}}}),
                               kRef);
  EXPECT_EQ(p.quality.timeliness_column, "modified");
}

TEST(Quality, WeightsAndAvailableDimensions) {
  const Table t = make_table({{"id", {"1", "2", "3", "3"}},
                              {"last_updated", {"2024-01-30", "2024-01-30", "2001-01-01", ""}}});
  QualityOptions w;
  w.w_completeness = 2;
  w.w_validity = 0;
  w.w_uniqueness = 1;
  w.w_consistency = 0;
  w.w_timeliness = 1;
  const Profile p = profile_at(t, kRef, w);
  const QualityScore& q = p.quality;
  EXPECT_DOUBLE_EQ(*q.completeness, 7.0 / 8);
  EXPECT_DOUBLE_EQ(*q.uniqueness, 1.0);
  EXPECT_DOUBLE_EQ(*q.timeliness, 2.0 / 3);
  EXPECT_DOUBLE_EQ(q.score, (2 * 7.0 / 8 + 1.0 + 2.0 / 3) / 4);

  QualityOptions negative = w;
  negative.w_timeliness = -5;  // negative weights count as 0
  const Profile p2 = profile_at(t, kRef, negative);
  EXPECT_DOUBLE_EQ(p2.quality.score, (2 * 7.0 / 8 + 1.0) / 3);

  QualityOptions none;
  none.w_completeness = none.w_validity = none.w_uniqueness = none.w_consistency =
      none.w_timeliness = 0;
  EXPECT_EQ(profile_at(t, kRef, none).quality.score, 0.0);
}

TEST(Quality, RecomputeFromProfileWithOtherOptions) {
  const Profile p = profile_at(
      make_table({{"last_updated", {"2024-01-30", "2023-06-01", "2022-01-01", "2021-01-01"}}}),
      kRef);
  EXPECT_EQ(p.quality.timely, 2u);
  QualityOptions o;
  o.reference_day = days_from_civil(2022, 6, 1);
  const QualityScore q = compute_quality(p, o);
  EXPECT_EQ(q.timely, 3u);  // 2024/2023 lie after the reference day, 2022-01-01 within 365
  EXPECT_EQ(q.dated, 4u);
}

TEST(Quality, EmptyAndAllMissing) {
  Profile empty;
  const QualityScore q0 = compute_quality(empty);
  EXPECT_FALSE(q0.completeness.has_value());
  EXPECT_FALSE(q0.validity.has_value());
  EXPECT_FALSE(q0.uniqueness.has_value());
  EXPECT_FALSE(q0.consistency.has_value());
  EXPECT_EQ(q0.score, 0.0);

  const Profile p = profile_at(make_table({{"x", {"", "NULL"}}}), kRef);
  const QualityScore& q = p.quality;
  EXPECT_DOUBLE_EQ(*q.completeness, 0.0);
  EXPECT_FALSE(q.validity.has_value());
  EXPECT_FALSE(q.consistency.has_value());
  EXPECT_FALSE(q.columns[0].validity.has_value());
  EXPECT_FALSE(q.columns[0].uniqueness.has_value());
  EXPECT_DOUBLE_EQ(*q.uniqueness, 0.5);  // the two all-missing rows are equal
  EXPECT_DOUBLE_EQ(q.score, (0.0 + 0.5) / 2);
}

TEST(Quality, UniquenessFromDuplicateRecordsNotRows) {
  // A CRM export: every row has its own id, so no row is an exact copy, but rows 2 and 3 repeat
  // the customer of row 0.
  const Table t = make_table({{"customer_id", {"C1", "C2", "C3", "C4"}},
                              {"name", {"Ann", "Bob", "Ann", "Ann"}},
                              {"email", {"a@x.com", "b@x.com", "a@x.com", "a@x.com"}}});
  const Profile p = profile_at(t, kRef);
  EXPECT_EQ(p.duplicate_rows, 0u);
  EXPECT_EQ(p.duplicate_records, 2u);
  EXPECT_EQ(p.id_columns, std::vector<std::string>{"customer_id"});
  ASSERT_TRUE(p.quality.uniqueness);
  EXPECT_DOUBLE_EQ(*p.quality.uniqueness, 0.5);
}

TEST(Quality, TimelinessSettingsAndNewestDayAreKept) {
  const Table t = make_table({{"last_updated", {"2024-06-30", "2023-01-01", "2024-06-01"}}});
  QualityOptions q;
  q.timeliness_days = 30;
  const int64_t ref = days_from_civil(2026, 12, 3);
  const Profile p = profile_at(t, ref, q);
  EXPECT_EQ(p.quality.reference_day, ref);
  EXPECT_EQ(p.quality.timeliness_days, 30);
  ASSERT_TRUE(p.quality.newest_day);
  EXPECT_EQ(*p.quality.newest_day, days_from_civil(2024, 6, 30));
  EXPECT_EQ(p.quality.timely, 0u);
  EXPECT_EQ(p.quality.dated, 3u);
}

TEST(Quality, TodayIsPlausible) {
  const int64_t today = today_utc_day();
  EXPECT_GT(today, days_from_civil(2024, 1, 1));
  EXPECT_LT(today, days_from_civil(2200, 1, 1));
}

}  // namespace
}  // namespace crm
