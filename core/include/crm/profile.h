// Column profiling: type inference, statistics, value shapes and alerts.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/common.h"
#include "crm/quality.h"
#include "crm/table.h"

namespace crm {

/// Semantic types a column can be inferred as.
enum class ValueType {
  Empty,
  Integer,
  Decimal,
  Boolean,
  Date,
  DateTime,
  Email,
  Phone,
  Url,
  PostalCode,
  CountryCode,
  Text
};

/// Lower-case name of a type, as used in reports ("integer", "postal_code", ...).
const char* type_name(ValueType t);

/// A value (or shape) and how often it occurs.
struct ValueCount {
  std::string value;
  uint64_t count = 0;
};

/// An alert on a column: code (e.g. "MISSING") and plain-words message.
struct Alert {
  std::string code;
  std::string message;
};

/// Statistics for numeric and date columns; dates are expressed as ISO strings in the report.
struct NumericStats {
  double min = 0, max = 0, mean = 0, std = 0;  // std with ddof=1 like pandas; dates in days
  double q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;
  double skewness = 0;
  uint64_t count = 0;  // values that parsed
  uint64_t zeros = 0;
  uint64_t negatives = 0;
};

/// Number of values falling on one calendar day (UTC date of datetimes).
struct DayCount {
  int64_t day = 0;  // days since 1970-01-01
  uint64_t count = 0;
};

/// Everything learned about one column.
struct ColumnProfile {
  std::string name;
  ValueType type = ValueType::Empty;
  std::string format;     // date/datetime format ("YYYY-MM-DD") or phone format, else empty
  double type_share = 0;  // share of non-missing values that fit `type`
  uint64_t valid = 0;     // non-missing values that fit `type`
  uint64_t missing = 0;
  uint64_t distinct = 0;                    // exact distinct non-missing values
  std::vector<ValueCount> top;              // up to 10 most frequent non-missing values
  std::optional<NumericStats> stats;        // numbers and dates
  uint64_t length_min = 0, length_max = 0;  // in UTF-8 code points, over non-missing
  double length_mean = 0;
  std::vector<ValueCount> patterns;     // most common value shapes (up to 10)
  uint64_t consistent = 0;              // valid values in the most common format (common_format)
  std::string common_format;            // the most common format class among valid values
  std::string dominant_format;          // common_format when it holds >= kDominantShare of the
                                        // valid values, else empty ("no dominant format")
  uint64_t whitespace = 0;              // values with leading/trailing whitespace
  std::vector<ValueCount> type_counts;  // per candidate type: values fitting it
  std::vector<Alert> alerts;
  std::vector<double> histogram_edges;  // numeric/date histogram (edges, n+1)
  std::vector<uint64_t> histogram_counts;
  bool day_first = false;            // ambiguous slash dates were read day first (DD/MM/YYYY)
  bool decimal_comma = false;        // numbers: commas are decimal commas ("1,234" is 1.234)
  std::vector<DayCount> day_counts;  // date/datetime columns: valid values per day, by day;
                                     // input for timeliness, not meant for the JSON report
  uint32_t valid_fits = 0;           // FitBits (infer.h) of which a value must fit one to be valid
                                     // (unused for text, where every value is valid)
  uint32_t dominant_class = 0;       // consistency class of dominant_format (value_consistent)
  std::string phone_region;          // phone columns: the default region of national numbers
  std::string phone_country_column;  // phone columns: the country column whose value in a row
                                     // (when recognized) is that row's region instead
  bool phone_pass = false;           // the values were checked as phone numbers, which reads the
                                     // country column; internal, not reported
};

/// A format is dominant when it holds at least this share of a column's valid values.
constexpr double kDominantShare = 0.5;

/// Options for profiling.
struct ProfileOptions {
  uint32_t top_n = 10;
  uint32_t patterns_n = 10;
  uint32_t histogram_bins = 20;
  QualityOptions quality;
  /// Columns profiled at once in native builds: 0 = one per hardware thread (at most 4), 1 = one
  /// at a time.
  /// WebAssembly builds (no threads) always profile one at a time. The result is the same.
  uint32_t threads = 1;
  /// Also keep what the profile learned about each row (RowVerdicts), for views: one byte per
  /// cell plus the duplicate rows. The profile itself is the same either way.
  bool row_verdicts = false;
  /// Default region of national phone numbers (ISO 3166 alpha-2, e.g. "GB"); empty: decided per
  /// column (the most common country among its international numbers, else US).
  std::string phone_region;
};

/// The profile of a table: per-column profiles, duplicates and the quality score.
struct Profile {
  uint64_t rows = 0;
  std::vector<ColumnProfile> columns;
  uint64_t duplicate_rows = 0;     // rows equal to an earlier row in every column
  uint64_t duplicate_records = 0;  // rows equal to an earlier row in every column but id_columns
  std::vector<std::string> id_columns;  // unique identifiers, left out of duplicate_records:
                                        // among the rows that are not duplicate rows, at least 2
                                        // non-missing values, all distinct, and an id-like name
                                        // (kHintId) or only UUIDs
  QualityScore quality;
  Dialect dialect;
  std::vector<Warning> warnings;
  std::vector<Alert> alerts;  // table-level alerts (DUPLICATES: exact duplicate rows)
};

/// Flags of one cell (RowVerdicts::cells, the grid's marks), as the profile judges its value.
enum CellFlag : uint8_t {
  kCellMissing = 1,
  kCellInvalid = 2,       // non-missing and not fitting the column's type (not value_valid)
  kCellInconsistent = 4,  // valid and not in the most common format: off-format (value_valid and
                          // not value_consistent)
  kCellWhitespace = 8,    // non-missing with leading or trailing whitespace
};
/// The CellFlag bits of a cell's byte.
constexpr uint8_t kCellFlagMask = 0x0F;
/// Bits 4-7 of a cell's byte: 1 + the index in ColumnProfile::patterns of the value's shape
/// (value_pattern), 0 when missing or when the shape is not among the first kCellPatternRanks.
constexpr int kCellPatternShift = 4;
/// Patterns that have a rank in a cell's byte.
constexpr size_t kCellPatternRanks = 15;

/// What profiling learned about each row, kept next to the table for views (not in reports).
struct RowVerdicts {
  std::vector<std::vector<uint8_t>> cells;  // per column, per row: CellFlag bits and pattern rank
  std::vector<uint32_t> duplicates;         // rows equal to an earlier row, ascending
  std::vector<uint32_t> duplicate_records;  // the rows counted in Profile::duplicate_records
};

/// Profiles every column of `table`. Reports progress per column; throws Cancelled.
Profile profile_table(const Table& table, const ProfileOptions& options = {},
                      ProgressFn progress = {}, CancelFlag cancel = nullptr);

/// An earlier profile (with the same options) of a table that shares column objects with the one
/// being profiled (a table version before or after a recipe step): its column profiles and row
/// verdicts are taken over for the columns that are the very same objects (for a column checked
/// as phone numbers, with the same country column too: it gives the numbers their region).
struct ProfileReuse {
  const Table* table = nullptr;           // the earlier table
  const Profile* profile = nullptr;       // its profile
  const RowVerdicts* verdicts = nullptr;  // its row verdicts (needed with row_verdicts)
  const ProfileReuse* next = nullptr;     // a further earlier profile, tried for the columns
                                          // this one cannot give (must outlive the profiler)
};

/// The per-row value hashes a profile found duplicate rows with, kept by a caller that profiles
/// versions of one table in turn: the next version's profile then hashes only the columns that
/// are not the very same Column objects (see TableProfiler).
struct RowHashes {
  Table table;                     // the version hashed (a copy shares, and keeps, its columns)
  std::vector<uint64_t> row_hash;  // per row: the columns not named like identifiers
  std::vector<uint64_t> id_hash;   // per row: the columns named like identifiers (or empty)
};

/// The same run as profile_table, one column per step(), so that a caller without threads (the
/// browser worker) can take messages such as a cancel between steps. `table` must outlive it.
class TableProfiler {
 public:
  /// With `reuse` (which must outlive the profiler), unchanged columns are not profiled again:
  /// the profile is the same as without it.
  /// With `start` (the row hashes of another version with the same rows and column names; moved
  /// from when it fits, else left alone), only the columns that differ from it are hashed.
  TableProfiler(const Table& table, const ProfileOptions& options,
                const ProfileReuse& reuse = ProfileReuse(), RowHashes* start = nullptr);
  ~TableProfiler();
  TableProfiler(const TableProfiler&) = delete;
  TableProfiler& operator=(const TableProfiler&) = delete;

  /// Columns in the table, and columns profiled so far.
  size_t columns() const;
  size_t done() const;
  bool finished() const { return done() == columns(); }
  /// Profiles the next column (none when finished). Throws Cancelled.
  void step(CancelFlag cancel = nullptr);
  /// Profiles all remaining columns, several at once when options.threads allows it (native
  /// builds); progress is reported per column from one thread at a time. Throws Cancelled.
  void run(ProgressFn progress = {}, CancelFlag cancel = nullptr);
  /// Duplicate rows, table alerts and quality: the whole profile. Needs finished(); the
  /// profiler is spent afterwards.
  Profile finish(CancelFlag cancel = nullptr);
  /// After finish(), with ProfileOptions::row_verdicts: the per-row verdicts (moved out; empty
  /// without that option).
  RowVerdicts take_row_verdicts();
  /// After finish(): the row hashes (moved out), to start the next version's profile from.
  RowHashes take_row_hashes();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when raw value `v` (non-missing) fits the column's inferred type as profiled (counted in
/// `valid`).
bool value_valid(const ColumnProfile& column, std::string_view v);

/// value_valid for a value in a row whose country cell (phone_country_column) is
/// `row_country` (the profile judges a distinct value by the country of its first row).
bool value_valid(const ColumnProfile& column, std::string_view v, std::string_view row_country);

/// True when raw value `v` is valid and in the column's most common format (counted in
/// `consistent`).
bool value_consistent(const ColumnProfile& column, std::string_view v);

/// value_consistent for a value in a row whose country cell is `row_country` (see value_valid).
bool value_consistent(const ColumnProfile& column, std::string_view v,
                      std::string_view row_country);

/// The value shape shown in ColumnProfile::patterns for raw value `v`.
std::string value_pattern(std::string_view v);

/// Rows equal (in every column) to an earlier row, ascending: the ones counted in
/// Profile::duplicate_rows (missing values are equal to each other whatever their spelling).
std::vector<uint32_t> duplicate_rows(const Table& table, CancelFlag cancel = nullptr);

}  // namespace crm
