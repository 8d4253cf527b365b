// crmwb analyze: comparative and association analyses of the customers (joined with their orders
// first when given): group-by summaries, correlation matrices, cross-tabs with chi-square and
// linear regression. Prints a summary (text or --json); writes nothing.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "crm/ml_report.h"
#include "crm/ml_stats.h"
#include "segment.h"

namespace crm::cli {

namespace {

constexpr const char* kMethods = "groupby, correlation, crosstab or regression";

SegmentArgs parse_analyze_args(Args& args) {
  SegmentArgs s;
  while (!args.done()) {
    const std::string& a = args.next();
    if (orders_option(a, args, s)) {
    } else if (a == "--method") {
      s.method = args.value(a);
      if (s.method != "groupby" && s.method != "correlation" && s.method != "crosstab" &&
          s.method != "regression")
        throw UsageError(std::string("--method takes ") + kMethods + ", not '" + s.method + "'");
    } else if (a == "--columns") {
      s.features = split_names(a, args.value(a));
    } else if (a == "--by") {
      s.by = split_names(a, args.value(a));
    } else if (a == "--value") {
      s.value = args.value(a);
    } else if (a == "--target") {
      s.target = args.value(a);
    } else if (a == "--json") {
      s.json = true;
    } else if (csv_option(a, args, s.csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for analyze");
    } else if (s.customers.empty()) {
      s.customers = a;
    } else {
      throw UsageError("analyze takes one CUSTOMERS file (the orders go with --orders)");
    }
  }
  if (s.customers.empty()) throw UsageError("analyze needs a CUSTOMERS file");
  if (s.method.empty()) throw UsageError(std::string("analyze needs --method ") + kMethods);
  if (s.method == "groupby" && (s.by.empty() || s.by.size() > 2 || s.value.empty()))
    throw UsageError("analyze --method groupby needs --by COL or --by COL1,COL2 and --value COL");
  if (s.method == "correlation" && s.features.size() < 2)
    throw UsageError("analyze --method correlation needs --columns with two or more columns");
  if (s.method == "crosstab" && s.by.size() != 2)
    throw UsageError("analyze --method crosstab needs --by ROWS,COLUMNS (two columns)");
  if (s.method == "regression") {
    if (s.target.empty() || s.features.empty())
      throw UsageError("analyze --method regression needs --target COL and --columns a,b,c");
    if (std::find(s.features.begin(), s.features.end(), s.target) != s.features.end())
      throw UsageError("the --target column '" + s.target + "' is also in --columns");
  }
  return s;
}

std::string num(double v, const char* f) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, std::fabs(v) < 5e-13 ? 0.0 : v);
  return buf;
}

/// `s` padded to `w` characters (right-aligned when `right`), counting UTF-8 code points.
std::string pad(const std::string& s, size_t w, bool right) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  if (n >= w) return s;
  return right ? std::string(w - n, ' ') + s : s + std::string(w - n, ' ');
}

/// Width of the widest of `v` in code points (at least `min`).
size_t widest(const std::vector<std::string>& v, size_t min) {
  size_t w = min;
  for (const std::string& s : v) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    w = std::max(w, n);
  }
  return w;
}

/// "(empty)" for a missing category in tables.
std::string shown(const std::string& v) {
  return v.empty() ? "(empty)" : v;
}

std::string correlation_text(const ml::Correlations& c) {
  std::string t = "correlations of " + std::to_string(c.columns.size()) +
                  " columns (pairwise complete rows; n/a: fewer than 2 pairs or no spread)\n";
  const size_t w = widest(c.columns, 8) + 1;
  const auto d = static_cast<Eigen::Index>(c.columns.size());
  for (int which = 0; which < 2; ++which) {
    t += "\n";
    t += pad(which ? "Spearman" : "Pearson", w, false);
    for (const std::string& name : c.columns) t += pad(name, w, true);
    t += "\n";
    for (Eigen::Index i = 0; i < d; ++i) {
      t += pad(c.columns[static_cast<size_t>(i)], w, false);
      for (Eigen::Index j = 0; j < d; ++j) {
        const double v = which ? c.spearman(i, j) : c.pearson(i, j);
        t += pad(c.defined(i, j) ? num(v, "%.3f") : "n/a", w, true);
      }
      t += "\n";
    }
  }
  t += "\ncomplete pairs";
  uint64_t lo = UINT64_MAX, hi = 0;
  for (uint64_t p : c.pairs) {
    lo = std::min(lo, p);
    hi = std::max(hi, p);
  }
  t += lo == hi ? ": " + group_thousands(lo) + " in every cell\n"
                : ": " + group_thousands(lo) + " to " + group_thousands(hi) + " (see --json)\n";
  return t;
}

std::string crosstab_text(const ml::CrossTab& x) {
  constexpr size_t kMaxRows = 50, kMaxCols = 12;
  std::string t = "cross-tab of " + x.row_column + " (rows) by " + x.col_column +
                  " (columns): " + group_thousands(x.total) + " rows";
  if (x.missing) t += ", " + group_thousands(x.missing) + " left out (a value missing)";
  t += "\n";
  std::vector<std::string> cols;
  for (size_t j = 0; j < x.cols.size() && j < kMaxCols; ++j) cols.push_back(shown(x.cols[j]));
  std::vector<std::string> rows;
  for (const std::string& r : x.rows) rows.push_back(shown(r));
  const size_t w0 = widest(rows, 5) + 1;
  std::vector<uint64_t> col_total(x.cols.size(), 0);
  std::vector<uint64_t> row_total(x.rows.size(), 0);
  for (size_t i = 0; i < x.rows.size(); ++i) {
    for (size_t j = 0; j < x.cols.size(); ++j) {
      row_total[i] += x.counts[i][j];
      col_total[j] += x.counts[i][j];
    }
  }
  std::vector<size_t> w;  // per shown column: its name or its total, whichever is wider
  for (size_t j = 0; j < cols.size(); ++j)
    w.push_back(widest({cols[j], std::to_string(col_total[j])}, 5) + 2);
  const size_t wt = widest({"total", std::to_string(x.total)}, 5) + 2;
  t += pad("", w0, false);
  for (size_t j = 0; j < cols.size(); ++j) t += pad(cols[j], w[j], true);
  t += pad("total", wt, true) + "\n";
  for (size_t i = 0; i < x.rows.size() && i < kMaxRows; ++i) {
    t += pad(rows[i], w0, false);
    for (size_t j = 0; j < cols.size(); ++j) t += pad(std::to_string(x.counts[i][j]), w[j], true);
    t += pad(std::to_string(row_total[i]), wt, true) + "\n";
  }
  if (x.rows.size() > kMaxRows)
    t += "... " + group_thousands(x.rows.size() - kMaxRows) + " more rows (see --json)\n";
  t += pad("total", w0, false);
  for (size_t j = 0; j < cols.size(); ++j) t += pad(std::to_string(col_total[j]), w[j], true);
  t += pad(std::to_string(x.total), wt, true) + "\n";
  if (x.cols.size() > kMaxCols)
    t += "... " + group_thousands(x.cols.size() - kMaxCols) + " more columns (see --json)\n";
  t += "chi-square " + num(x.chi2, "%.6g") + ", dof " + std::to_string(x.dof) +
       ", p = " + num(x.p_value, "%.4g") + "; Cramér's V " + num(x.cramers_v, "%.4f") + "\n";
  if (x.low_expected_share > 0.2)
    t += num(x.low_expected_share * 100, "%.1f") +
         "% of the cells expect fewer than 5 rows: the chi-square p-value is unreliable\n";
  return t;
}

std::string groupby_text(const ml::GroupSummary& g) {
  std::string t = g.value_column + " by";
  for (size_t i = 0; i < g.by.size(); ++i) t += (i ? ", " : " ") + g.by[i];
  t += ": " + group_thousands(g.groups.size()) + " groups\n";
  std::vector<size_t> kw(g.by.size());
  for (size_t i = 0; i < g.by.size(); ++i) {
    std::vector<std::string> v = {g.by[i]};
    for (const ml::Group& x : g.groups) v.push_back(shown(x.keys[i]));
    kw[i] = widest(v, 1) + 2;
  }
  std::vector<std::string> head = {"rows", "numbers", "sum", "mean", "median"};
  std::vector<std::vector<std::string>> cells;
  for (const ml::Group& x : g.groups) {
    cells.push_back({std::to_string(x.count), std::to_string(x.values), num(x.sum, "%.2f"),
                     num(x.mean, "%.2f"), num(x.median, "%.2f")});
  }
  std::vector<size_t> w(head.size());
  for (size_t j = 0; j < head.size(); ++j) {
    std::vector<std::string> v = {head[j]};
    for (const auto& row : cells) v.push_back(row[j]);
    w[j] = widest(v, 1) + 2;
  }
  for (size_t i = 0; i < g.by.size(); ++i) t += pad(g.by[i], kw[i], false);
  for (size_t j = 0; j < head.size(); ++j) t += pad(head[j], w[j], true);
  t += "\n";
  for (size_t r = 0; r < g.groups.size(); ++r) {
    for (size_t i = 0; i < g.by.size(); ++i) t += pad(shown(g.groups[r].keys[i]), kw[i], false);
    for (size_t j = 0; j < head.size(); ++j) t += pad(cells[r][j], w[j], true);
    t += "\n";
  }
  return t + "(rows: rows in the group; numbers: rows whose " + g.value_column +
         " is a number, which sum, mean and median use)\n";
}

std::string regression_text(const ml::Regression& r) {
  std::string t = "linear regression of " + r.target + " on";
  for (size_t i = 0; i < r.features.size(); ++i) t += (i ? ", " : " ") + r.features[i];
  t += ": " + group_thousands(r.rows) + " rows";
  if (r.rows_excluded)
    t += ", " + group_thousands(r.rows_excluded) + " left out (a value missing or not a number)";
  t += "\n";
  std::vector<std::string> names = r.features;
  names.push_back("intercept");
  const size_t w = widest(names, 9) + 2;
  t += pad("intercept", w, false) + num(r.intercept, "%.6g") + "\n";
  for (size_t i = 0; i < r.features.size(); ++i)
    t += pad(r.features[i], w, false) + num(r.coefficients[i], "%.6g") + "\n";
  t += "R² " + num(r.r2, "%.4f") + ", adjusted R² " + num(r.adjusted_r2, "%.4f") + "\n";
  return t;
}

}  // namespace

int cmd_analyze(Args& args, Io& io, std::string& file) {
  const SegmentArgs s = parse_analyze_args(args);
  Workbench wb;
  load_customers(io, s, wb, file);
  nlohmann::json j = {{"method", s.method}, {"rows", wb.table().rows}};
  std::string text =
      "customers: " + s.customers + " (" + group_thousands(wb.table().rows) + " rows)\n";
  if (!s.orders.empty()) {
    const SegmentResult joined = join_rfm(io, s, wb, file);
    j["orders"] = join_json(joined);
    text += join_text(joined, s);
  }
  file = s.customers;
  const Table& t = wb.table();
  if (s.method == "groupby") {
    for (const std::string& b : s.by) ml::column_index(t, b);
    require_numeric(t, {s.value});
    const ml::GroupSummary g = ml::group_by(t, s.by, s.value);
    j["groupby"] = ml::to_json(g);
    text += groupby_text(g);
  } else if (s.method == "correlation") {
    require_numeric(t, s.features);
    const ml::Correlations c = ml::correlations(t, s.features);
    j["correlation"] = ml::to_json(c);
    text += correlation_text(c);
  } else if (s.method == "crosstab") {
    const ml::CrossTab x = ml::crosstab(t, s.by[0], s.by[1]);
    j["crosstab"] = ml::to_json(x);
    text += crosstab_text(x);
  } else {
    std::vector<std::string> cols = s.features;
    cols.push_back(s.target);
    require_numeric(t, cols);
    const ml::Regression r = ml::linear_regression(t, s.target, s.features);
    j["regression"] = ml::to_json(r);
    text += regression_text(r);
  }
  io.out(s.json ? j.dump(2) + "\n" : text);
  return 0;
}

}  // namespace crm::cli
