// Shared pieces of `crmwb segment` and `crmwb analyze`: their arguments, loading the customers,
// joining the orders, and the analysis methods (cli/segment_ml.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "args.h"
#include "crm/segment.h"

namespace crm::cli {

/// Everything `crmwb segment` (and `crmwb analyze`) was given.
struct SegmentArgs {
  std::string customers, orders, out;
  std::string method;
  bool json = false;
  bool aggregates = false;
  CsvOptions csv;
  OrderColumns columns;
  std::vector<std::string> features;  // --columns
  std::vector<std::string> log;       // --log
  std::string impute = "median";      // median, mean, exclude
  std::optional<uint64_t> k;          // --k N (absent: auto)
  std::optional<double> eps;          // --eps E (absent or auto: suggested)
  uint64_t min_samples = 5;
  std::string scale = "zscore";  // zscore, minmax, none
  uint64_t seed = 0;
  std::optional<int64_t> reference_day;
  uint64_t top = 20;                 // anomaly: top anomalies listed
  std::string detector = "iforest";  // anomaly: iforest or lof
  uint64_t neighbors = 20;           // anomaly --detector lof: neighbours
  std::string target;                // tree: the label column
  double top_share = 0;              // tree: > 0 for --target topN:COL
  uint64_t max_depth = 4;            // tree
  uint64_t min_leaf = 5;             // tree
  std::vector<std::string> by;       // analyze: --by a[,b]
  std::string value;                 // analyze groupby: --value COL
};

/// Splits "a,b,c" into names (empty names are a usage error naming `opt`).
std::vector<std::string> split_names(const std::string& opt, const std::string& v);
/// Reads one option about the orders file and its join (--orders, --customer-key, ...,
/// --aggregates, --reference-date); false when `a` is not one.
bool orders_option(const std::string& a, Args& args, SegmentArgs& s);

/// Writes the workbench's current version to --out in the format its name says.
void write_output(Io& io, const SegmentArgs& s, const Workbench& wb);
/// Loads the customers into `wb` (file names the input for error messages).
void load_customers(Io& io, const SegmentArgs& s, Workbench& wb, std::string& file);
/// Joins --orders to the customers in `wb` and makes the RFM columns (and with --aggregates the
/// order aggregates) its next version; InputError when no order row could be counted.
SegmentResult join_rfm(Io& io, const SegmentArgs& s, Workbench& wb, std::string& file);
/// One line per join fact for the text summaries of methods run after a join.
std::string join_text(const SegmentResult& r, const SegmentArgs& s);
/// The join as JSON for the summaries of methods run after a join.
nlohmann::json join_json(const SegmentResult& r);
/// InputError ("not_numeric") when a column holds more non-numbers than numbers (missing cells
/// aside): it is text, not a numeric feature.
void require_numeric(const Table& t, const std::vector<std::string>& columns);

/// segment --method kmeans|dbscan|pca|anomaly|tree (cli/segment_ml.cpp).
int run_ml_method(Io& io, const SegmentArgs& s, std::string& file);

}  // namespace crm::cli
