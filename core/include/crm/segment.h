// Customers joined with their orders: join keys, the match report, per-customer aggregates and
// RFM scores and segments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/common.h"
#include "crm/table.h"

namespace crm {

/// Which columns the join reads; an empty name is filled in by resolve_order_columns.
struct OrderColumns {
  std::string customer_key;  // in the customers table
  std::string order_key;     // the customer key column of the orders table
  std::string order_id;      // optional: "" when the orders have none
  std::string order_date;
  std::string amount;
  std::string category;  // optional: "" when the orders have none
};

/// A candidate pair of join key columns with the evidence for it.
struct KeySuggestion {
  std::string customer_column, order_column;
  double overlap = 0;       // share of sampled non-missing order keys found among customer keys
  bool name_match = false;  // the names agree (same name, or both look like a customer id)
  double score = 0;         // overlap, plus 0.25 for a name match (ranking only)
};

/// Key pairs ranked best first (at most `limit`); order keys are matched after trimming and
/// ASCII case folding, over the first `sample` order rows.
std::vector<KeySuggestion> suggest_join_keys(const Table& customers, const Table& orders,
                                             size_t limit = 5, size_t sample = 20000);

/// Fills in the empty names of `columns` (keys from suggest_join_keys, the others by name) and
/// checks that every named column exists; InputError naming the column and the choices else.
OrderColumns resolve_order_columns(const Table& customers, const Table& orders,
                                   OrderColumns columns);

/// Why an order row was not counted.
enum class OrderIssue : uint8_t {
  None = 0,
  MissingKey,        // the customer key is empty or a null token
  Orphan,            // no customer has the key, even after trimming and case folding
  Ambiguous,         // the key matches only after case folding, and then several customers
  MissingDate,       // empty or a null token
  BadDate,           // not a real YYYY-MM-DD date (an optional time after it is ignored)
  MissingAmount,     // empty or a null token
  NonNumericAmount,  // not a plain decimal number such as 12 or 12.50
  NegativeAmount,    // below zero (refunds are not counted as spend)
  AfterReference,    // dated after the reference date
};
/// Number of OrderIssue values.
constexpr size_t kOrderIssues = 10;
/// Machine name of an issue ("orphan", "bad_date", ...).
const char* order_issue_code(OrderIssue issue);
/// Plain description of an issue for reports.
const char* order_issue_text(OrderIssue issue);

/// One excluded order row as the report shows it.
struct ExcludedOrder {
  uint64_t row = 0;  // 0-based data row of the orders file
  OrderIssue issue = OrderIssue::None;
  std::string key, date, amount;
};

/// What the join found: every order row is counted once, in matched or in one exclusion.
struct MatchReport {
  OrderColumns columns;
  uint64_t customer_rows = 0;
  uint64_t customer_keys = 0;             // distinct non-missing customer keys
  uint64_t customer_rows_no_key = 0;      // customer rows whose key is missing
  uint64_t customer_rows_repeated = 0;    // rows repeating an earlier row's key (share its values)
  uint64_t customers_with_orders = 0;     // distinct keys with at least one counted order
  uint64_t customers_without_orders = 0;  // distinct keys with none
  uint64_t order_rows = 0;
  uint64_t matched = 0;                  // order rows counted in the aggregates
  uint64_t matched_exact = 0;            // of those: the key matched as written
  uint64_t matched_trimmed = 0;          // matched after trimming spaces
  uint64_t matched_folded = 0;           // matched after ASCII case folding (and trimming)
  uint64_t orphan_keys = 0;              // distinct keys of orphan orders
  uint64_t excluded[kOrderIssues] = {};  // order rows per issue (index: OrderIssue)
  std::vector<ExcludedOrder> samples;    // the first few rows of each issue
  std::optional<int64_t> newest_day;     // newest valid order date in the file (days since 1970)
};

/// Options of the join.
struct JoinOptions {
  OrderColumns columns;                  // resolved (see resolve_order_columns)
  std::optional<int64_t> reference_day;  // orders after it are excluded (AfterReference)
  size_t samples_per_issue = 5;          // rows listed per issue in the report
};

/// Per-customer order aggregates: one entry per distinct customer key.
struct OrderAggregates {
  std::vector<uint32_t> row_key;     // customer row -> key index (kNoKey when its key is missing)
  std::vector<uint32_t> count;       // counted orders
  std::vector<int32_t> first, last;  // first and last order day (days since 1970-01-01)
  std::vector<double> total;         // sum of amounts (Kahan-compensated, in file order)
  std::vector<uint32_t> categories;  // distinct non-missing categories
  bool has_category = false;
  MatchReport report;
};
/// row_key value of a customer row without a key.
constexpr uint32_t kNoKey = UINT32_MAX;

/// Joins the orders to the customers and aggregates them per customer key. Keys match as
/// written, else after trimming ASCII whitespace, else after ASCII case folding as well.
OrderAggregates join_orders(const Table& customers, const Table& orders, const JoinOptions& options,
                            ProgressFn progress = {}, CancelFlag cancel = nullptr);

/// The customers table (its columns shared) plus first_order, last_order, order_count,
/// total_amount, avg_amount and distinct_categories (if the orders have categories).
Table with_order_columns(const Table& customers, const OrderAggregates& agg);

/// The RFM segments, in report order; the last is "No orders".
const std::vector<std::string>& rfm_segment_names();
/// Index into rfm_segment_names() of the segment for an R and an F score (1-5).
uint8_t rfm_segment(uint8_t r, uint8_t f);
/// Quintile score 1-5 of the 1-based rank `rank` among n values, as pandas
/// qcut(rank(method='first'), 5, labels=[1..5]) gives it: max(1, ceil(5 (rank-1) / (n-1))).
uint8_t quintile_score(uint64_t rank, uint64_t n);

/// Size and revenue of one segment.
struct RfmSegmentStat {
  std::string name;
  uint64_t customers = 0;  // distinct customer keys (customer rows without a key count once each)
  double revenue = 0;      // sum of their monetary values
  double customer_share = 0, revenue_share = 0;  // of all customers, of all revenue (0..1)
};

/// RFM values per customer key and the segment summary.
struct RfmResult {
  int64_t reference_day = 0;  // recency is measured to this day
  bool reference_given = false;
  std::vector<int32_t> recency;  // per key: days from the last order (with orders)
  std::vector<uint8_t> r_score, f_score, m_score;  // per key: 1-5, 0 without orders
  std::vector<uint8_t> segment;                    // per key: index into rfm_segment_names()
  std::vector<RfmSegmentStat> segments;            // every segment, in rfm_segment_names() order
  uint64_t customers = 0;                          // customers counted in segments
  double revenue = 0;                              // total monetary value
  MatchReport match;
};

/// Scores the aggregates. `reference_day` must be the one given to join_orders; without one,
/// the day after the newest valid order date in the file.
RfmResult compute_rfm(const OrderAggregates& agg, std::optional<int64_t> reference_day,
                      CancelFlag cancel = nullptr);

/// The customers table (its columns shared) plus recency_days, frequency, monetary, r_score,
/// f_score, m_score and rfm_segment.
Table with_rfm_columns(const Table& customers, const OrderAggregates& agg, const RfmResult& rfm);

/// What `Workbench::segment` runs.
struct SegmentOptions {
  std::string method = "rfm";            // rfm (kmeans, dbscan, pca, anomaly, tree: issue 11)
  OrderColumns columns;                  // empty names are resolved (resolve_order_columns)
  std::optional<int64_t> reference_day;  // RFM: recency is measured to it (default: see RfmResult)
  bool aggregates = false;               // also add the order aggregate columns
};

/// The result of a segmentation: the summary and the customers with the added columns.
struct SegmentResult {
  std::string method;
  RfmResult rfm;                   // method rfm
  Table table;                     // the customers (columns shared) plus `added`
  std::vector<std::string> added;  // names of the added columns, in order
};

/// The segmentation summary as JSON (for rfm: to_json(RfmResult) plus "added_columns").
nlohmann::json to_json(const SegmentResult& result);

/// `base`, or base_2, base_3... when the table already has a column of that name.
std::string unique_column_name(const Table& t, const std::string& base);
/// `v` with two decimals, rounded from its exact binary value (printf "%.2f").
std::string format_money(double v);
/// Days since 1970-01-01 as YYYY-MM-DD.
std::string format_day(int64_t day);
/// The day of a YYYY-MM-DD value, optionally followed by 'T' or ' ' and a time (ignored);
/// surrounding ASCII whitespace is allowed. Empty when it is not a real date.
std::optional<int32_t> parse_order_day(std::string_view v);
/// Parses a plain decimal (-?digits[.digits], surrounding whitespace allowed) into `out`.
bool parse_amount(std::string_view v, double& out);

/// The match report as JSON.
nlohmann::json to_json(const MatchReport& report);
/// A key suggestion as JSON.
nlohmann::json to_json(const KeySuggestion& suggestion);
/// The RFM summary (reference date, segments, match report) as JSON.
nlohmann::json to_json(const RfmResult& rfm);
/// A plain-text summary of the match report and the RFM segments for terminals.
std::string format_rfm_text(const RfmResult& rfm, const std::string& customers_file,
                            const std::string& orders_file);

}  // namespace crm
