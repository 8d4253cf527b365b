// Quality dimensions and the weighted score, computed from a Profile.
//
// Exact formulas (N = rows of the table; for a column c: n_c = non-missing values,
// valid_c = non-missing values that fit the column's inferred type, consistent_c = valid values
// in the column's dominant format, distinct_c = exact distinct non-missing values):
//
//   completeness(c) = n_c / N                          null when N = 0
//   validity(c)     = valid_c / n_c                    null when n_c = 0
//   uniqueness(c)   = distinct_c / n_c                 null when n_c = 0
//   consistency(c)  = consistent_c / n_c               null when n_c = 0
//
//   valid:      integer: plain integer literal without a leading zero; decimal: plain,
//               thousands-separated or currency number; boolean: true/false/yes/no/t/f/y/n
//               (and 1/0 when allowed); date/datetime: any recognized date or datetime format;
//               email/phone/url/postal code/country: the classifier of that type (infer.h);
//               text: every value.
//   dominant format: the most common class among valid values (ties: smallest label):
//               number notation (plain / thousands / currency) for numbers, spelling for
//               booleans, the date format for dates, the shape for phones and postal codes
//               ("(999) 999-9999"), alpha-2 / alpha-3 / name for countries, the letter case
//               ("aa", "AA", "Aa", "A", "mixed", "no letters") for emails, URLs and text.
//
// Table level (sums over all columns):
//   completeness = Σ n_c / Σ N                         (non-missing cells / cells)
//   validity     = Σ valid_c / Σ n_c                   null when no cell is non-missing
//   consistency  = Σ consistent_c / Σ n_c              null when no cell is non-missing
//   uniqueness   = 1 − duplicate_records / N           null when N = 0; a duplicate record equals
//                                                      an earlier row in every column except the
//                                                      unique identifiers (Profile::id_columns;
//                                                      missing values equal each other)
//       after a dedupe of the table (set_fuzzy_duplicates; Workbench::dedupe):
//   uniqueness   = 1 − |E ∪ F| / N                     E = the duplicate records above, F = rows in
//                                                      a dedupe cluster of more than one that are
//                                                      not its first (smallest) row
//   timeliness   = timely / dated                      null when there is no last-update column
//       last-update column: QualityOptions::last_updated_column if set, else the first column
//       named like last_updated, updated_at, last_modified, modified, lastmodifieddate,
//       last_activity..., date_modified, systemmodstamp; it must be inferred date or datetime.
//       dated  = records with a valid date in it;
//       timely = those with reference_day − day ≤ timeliness_days (day = UTC calendar day;
//                reference_day defaults to today, UTC; dates after the reference day count as
//                timely).
//   accuracy     = records passing every validation rule / records   null when no rules were run
//                                                      or N = 0 (set_accuracy; rules.h)
//   score = Σ w_d · d / Σ w_d over the dimensions d that are not null (weights below 0 count
//           as 0; score = 0 when no dimension is available or all weights are 0).
#include "crm/quality.h"

#include <ctime>

#include "crm/infer.h"
#include "crm/profile.h"

namespace crm {

int64_t today_utc_day() {
  const int64_t t = static_cast<int64_t>(std::time(nullptr));
  return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

namespace {

std::optional<double> ratio(uint64_t num, uint64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

bool is_temporal(ValueType t) {
  return t == ValueType::Date || t == ValueType::DateTime;
}

}  // namespace

QualityScore compute_quality(const Profile& profile, const QualityOptions& options) {
  QualityScore q;
  const uint64_t rows = profile.rows;
  uint64_t cells = 0, present = 0, valid = 0, consistent = 0;
  for (const ColumnProfile& c : profile.columns) {
    const uint64_t n = rows >= c.missing ? rows - c.missing : 0;
    ColumnQuality cq;
    cq.name = c.name;
    cq.completeness = ratio(n, rows);
    cq.validity = ratio(c.valid, n);
    cq.uniqueness = ratio(c.distinct, n);
    cq.consistency = ratio(c.consistent, n);
    q.columns.push_back(std::move(cq));
    cells += rows;
    present += n;
    valid += c.valid;
    consistent += c.consistent;
  }
  q.completeness = ratio(present, cells);
  q.validity = ratio(valid, present);
  q.consistency = ratio(consistent, present);
  if (rows > 0) q.uniqueness = 1.0 - static_cast<double>(profile.duplicate_records) / rows;
  q.duplicates = profile.duplicate_records;

  // Timeliness.
  const ColumnProfile* last = nullptr;
  for (const ColumnProfile& c : profile.columns) {
    const bool named = options.last_updated_column.empty()
                           ? (column_hints(c.name) & kHintLastUpdated) != 0
                           : c.name == options.last_updated_column;
    if (named && is_temporal(c.type)) {
      last = &c;
      break;
    }
    if (named && !options.last_updated_column.empty()) break;  // named but not a date column
  }
  q.reference_day = options.reference_day ? *options.reference_day : today_utc_day();
  q.timeliness_days = options.timeliness_days;
  if (last) {
    q.timeliness_column = last->name;
    const int64_t ref = q.reference_day;
    if (!last->day_counts.empty()) q.newest_day = last->day_counts.back().day;
    for (const DayCount& dc : last->day_counts) {
      q.dated += dc.count;
      if (ref - dc.day <= options.timeliness_days) q.timely += dc.count;
    }
    q.timeliness = ratio(q.timely, q.dated);
  }

  q.score = quality_score(q, options);
  return q;
}

double quality_score(const QualityScore& q, const QualityOptions& options) {
  double num = 0, den = 0;
  auto add = [&](const std::optional<double>& d, double w) {
    if (!d || !(w > 0)) return;
    num += w * *d;
    den += w;
  };
  add(q.completeness, options.w_completeness);
  add(q.validity, options.w_validity);
  add(q.uniqueness, options.w_uniqueness);
  add(q.consistency, options.w_consistency);
  add(q.timeliness, options.w_timeliness);
  add(q.accuracy, options.w_accuracy);
  return den > 0 ? num / den : 0;
}

void set_fuzzy_duplicates(QualityScore& q, uint64_t records, uint64_t duplicates,
                          std::optional<uint64_t> fuzzy, const QualityOptions& options) {
  q.fuzzy_duplicates = fuzzy;
  q.duplicates = duplicates;
  q.uniqueness = records > 0 ? std::optional<double>(1.0 - static_cast<double>(duplicates) /
                                                               static_cast<double>(records))
                             : std::nullopt;
  q.score = quality_score(q, options);
}

void set_accuracy(QualityScore& q, uint64_t passing, uint64_t records, bool have_rules,
                  const QualityOptions& options) {
  q.accuracy = have_rules ? ratio(passing, records) : std::nullopt;
  q.score = quality_score(q, options);
}

}  // namespace crm
