// Decision trees and comparative statistics: CART classifier, correlations, cross-tabs with
// chi-square, group-by summaries and linear regression.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crm/ml.h"

namespace crm::ml {

/// Values of a column as numbers (parse_number), NaN where missing or not a number.
std::vector<double> numeric_column(const Table& table, const std::string& column,
                                   bool decimal_comma = false);
/// Index of a column by name; throws InputError ("unknown_column") naming it when absent.
size_t column_index(const Table& table, const std::string& column);

/// Options of the decision tree.
struct TreeOptions {
  int max_depth = 4;
  int min_samples_leaf = 5;
  double test_share = 0.25;  // share of rows held out (⌈share × n⌉, as train_test_split)
  uint64_t seed = 0;         // seeds the held-out split
};
/// One node of a fitted tree.
struct TreeNode {
  int32_t feature = -1;  // −1: leaf
  double threshold = 0;  // value ≤ threshold goes left
  int32_t left = -1, right = -1;
  std::vector<uint64_t> counts;  // training rows per class
  int32_t predicted = 0;         // majority class (the lowest index on ties)
  double gini = 0;
};
/// A fitted CART classifier and how well it predicts held-out rows.
struct TreeResult {
  std::vector<std::string> features;
  std::vector<std::string> classes;
  std::vector<TreeNode> nodes;        // nodes[0] is the root
  std::vector<uint32_t> train, test;  // matrix rows
  double train_accuracy = 0, test_accuracy = 0;
  double baseline_accuracy = 0;      // held-out accuracy of always predicting the majority class
  std::vector<int32_t> predictions;  // for every matrix row
  std::vector<std::string> rules;    // one per leaf: "if a <= 1 and b > 2 then X (n, share)"
  std::vector<double> importance;    // Gini importance per feature (sums to 1 when any split)
};
/// Fits a CART tree (Gini, midpoint thresholds, best split over every feature) on `x` (original
/// units) with class labels `y` (0..classes−1) on a seeded split; throws InputError on bad input.
TreeResult decision_tree(const Matrix& x, const std::vector<std::string>& features,
                         const std::vector<int32_t>& y, const std::vector<std::string>& classes,
                         const TreeOptions& options, CancelFlag cancel = nullptr,
                         ProgressFn progress = {});
/// Class labels from a column's values for the given table rows: classes sorted by value; rows
/// whose label is missing get −1 (leave them out).
std::vector<int32_t> labels_from_column(const Table& table, const std::string& column,
                                        const std::vector<uint32_t>& rows,
                                        std::vector<std::string>& classes);
/// Labels "top" / "rest": top when the value is ≥ the (1 − share) quantile (linear, as pandas)
/// of the values; −1 where NaN.
std::vector<int32_t> labels_top_share(const std::vector<double>& values, double share,
                                      std::vector<std::string>& classes);

/// Pearson and Spearman correlation matrices (pairwise complete observations, like pandas).
struct Correlations {
  std::vector<std::string> columns;
  Matrix pearson, spearman;  // NaN-free: 0 where undefined (fewer than 2 pairs or no spread),
                             // with `defined` false
  Eigen::Matrix<uint8_t, Eigen::Dynamic, Eigen::Dynamic> defined;
  std::vector<uint64_t> pairs;  // complete pairs per cell, row-major
};
/// Correlations of the given numeric columns.
Correlations correlations(const Table& table, const std::vector<std::string>& columns,
                          CancelFlag cancel = nullptr, ProgressFn progress = {});
/// Pearson's r of x and y over the pairs where both are numbers; NaN when undefined.
double pearson(const std::vector<double>& x, const std::vector<double>& y);
/// Spearman's rho (Pearson of average ranks) over the complete pairs; NaN when undefined.
double spearman(const std::vector<double>& x, const std::vector<double>& y);
/// Ranks 1..n with ties given their average rank (scipy's rankdata "average").
std::vector<double> average_ranks(const std::vector<double>& v);

/// A cross-tab of two categorical columns with Pearson's chi-square test of independence.
struct CrossTab {
  std::string row_column, col_column;
  std::vector<std::string> rows, cols;  // category values, sorted
  std::vector<std::vector<uint64_t>> counts;
  uint64_t total = 0;
  uint64_t missing = 0;  // rows left out because either value is missing
  double chi2 = 0;
  int dof = 0;
  double p_value = 1;
  double cramers_v = 0;
  double low_expected_share = 0;  // share of cells with an expected count below 5
};
/// The cross-tab and its chi-square (no continuity correction: scipy's
/// chi2_contingency(..., correction=False)); p = Q(dof/2, chi2/2).
CrossTab crosstab(const Table& table, const std::string& row_column, const std::string& col_column,
                  CancelFlag cancel = nullptr, ProgressFn progress = {});
/// The regularized upper incomplete gamma function Q(a, x) (a > 0, x ≥ 0).
double gamma_q(double a, double x);

/// One group of a group-by summary.
struct Group {
  std::vector<std::string> keys;         // one per group-by column ("" for missing)
  uint64_t count = 0;                    // rows in the group
  uint64_t values = 0;                   // rows whose value is a number
  double sum = 0, mean = 0, median = 0;  // over the numbers (0 when none)
};
/// Count, sum, mean and median of a numeric column by one or two categorical columns.
struct GroupSummary {
  std::vector<std::string> by;
  std::string value_column;
  std::vector<Group> groups;  // sorted by keys
};
/// Groups the table by `by` (one or two columns) and summarizes `value_column`.
GroupSummary group_by(const Table& table, const std::vector<std::string>& by,
                      const std::string& value_column, CancelFlag cancel = nullptr,
                      ProgressFn progress = {});

/// A least-squares linear regression with intercept.
struct Regression {
  std::string target;
  std::vector<std::string> features;
  double intercept = 0;
  std::vector<double> coefficients;
  double r2 = 0, adjusted_r2 = 0;
  uint64_t rows = 0;           // rows used (target and every feature a number)
  uint64_t rows_excluded = 0;  // rows left out for a missing or non-numeric value
};
/// Fits target ~ features by least squares (column-pivoting Householder QR).
Regression linear_regression(const Table& table, const std::string& target,
                             const std::vector<std::string>& features, CancelFlag cancel = nullptr,
                             ProgressFn progress = {});

}  // namespace crm::ml
