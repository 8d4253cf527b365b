// Quality dimensions and the weighted score, as defined in the README.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm {

struct Profile;

/// Weights and parameters of the quality score.
struct QualityOptions {
  double w_completeness = 1, w_validity = 1, w_uniqueness = 1, w_consistency = 1, w_timeliness = 1;
  double w_accuracy = 1;          // weight of accuracy (validation rules), when rules were run
  int64_t timeliness_days = 365;  // a record is timely if updated within this many days
  std::optional<int64_t> reference_day;  // days since 1970-01-01; default: today (UTC)
  std::string last_updated_column;       // name of the last-update column; empty = detect
};

/// Per-column dimension values (each in [0,1], null when undefined, e.g. no non-missing value).
struct ColumnQuality {
  std::string name;
  std::optional<double> completeness, validity, uniqueness, consistency;
};

/// Table-level dimensions and the weighted overall score.
struct QualityScore {
  std::optional<double> completeness, validity, uniqueness, consistency, timeliness;
  std::optional<double> accuracy;  // records passing every validation rule / records; null
                                   // until rules are run (set_accuracy)
  double score = 0;
  std::string timeliness_column;   // column used for timeliness, empty when none
  uint64_t timely = 0, dated = 0;  // records updated within the window / records with a date
  int64_t reference_day = 0;       // the day timeliness was measured from (days since 1970)
  int64_t timeliness_days = 0;     // the window: timely when updated at most this many days before
  std::optional<int64_t> newest_day;  // the latest day in the timeliness column, when dated > 0
  // After a dedupe of this table version (set_fuzzy_duplicates): records in a cluster of more
  // than one, beyond its first record; null until then.
  std::optional<uint64_t> fuzzy_duplicates;
  uint64_t duplicates = 0;  // records uniqueness counts: duplicate_records, or after a dedupe
                            // the rows that are a duplicate record or a fuzzy duplicate (union)
  std::vector<ColumnQuality> columns;
};

/// Code of the quality problem "N records look like duplicates of another customer" (the
/// quality JSON's "problems" list, after a dedupe); the page links it to the Duplicates view.
constexpr const char* kFuzzyDuplicateProblem = "fuzzy_duplicate";

/// Computes the quality dimensions and score of a profiled table (formulas in quality.cpp).
QualityScore compute_quality(const Profile& profile, const QualityOptions& options = {});

/// The weighted score of the dimensions of `q` that are not null (formula in quality.cpp).
double quality_score(const QualityScore& q, const QualityOptions& options);

/// Sets accuracy = passing / records (null when there are no rules or no records) and updates
/// the score.
void set_accuracy(QualityScore& q, uint64_t passing, uint64_t records, bool have_rules,
                  const QualityOptions& options);

/// Counts the duplicates a dedupe found in uniqueness: with `fuzzy` set, uniqueness = 1 −
/// `duplicates` / `records`, where `duplicates` is the number of rows that are an exact duplicate
/// record or a fuzzy duplicate (in a cluster of more than one, not its first row); without it,
/// the profile's own uniqueness (1 − duplicate_records / records) comes back. Updates the score.
void set_fuzzy_duplicates(QualityScore& q, uint64_t records, uint64_t duplicates,
                          std::optional<uint64_t> fuzzy, const QualityOptions& options);

/// Today as days since 1970-01-01 (UTC), from the system clock.
int64_t today_utc_day();

}  // namespace crm
