// Correlations, cross-tabs with chi-square, group-by summaries and linear regression.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include <Eigen/QR>

#include "crm/infer.h"
#include "crm/ml_stats.h"

namespace crm::ml {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The complete pairs of x and y.
void complete_pairs(const std::vector<double>& x, const std::vector<double>& y,
                    std::vector<double>& a, std::vector<double>& b) {
  a.clear();
  b.clear();
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (x[i] == x[i] && y[i] == y[i]) {
      a.push_back(x[i]);
      b.push_back(y[i]);
    }
  }
}

double pearson_complete(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t n = a.size();
  if (n < 2) return kNaN;
  double ma = 0, mb = 0;
  for (size_t i = 0; i < n; ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa <= 0 || sbb <= 0) return kNaN;
  const double r = sab / (std::sqrt(saa) * std::sqrt(sbb));
  return std::max(-1.0, std::min(1.0, r));
}

/// ln Γ(a) through std::lgamma (a > 0).
double log_gamma(double a) {
  return std::lgamma(a);
}

/// P(a, x) by its series (x < a + 1).
double gamma_p_series(double a, double x) {
  double sum = 1.0 / a, term = sum, ap = a;
  for (int n = 0; n < 10000; ++n) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * 1e-17) break;
  }
  return sum * std::exp(-x + a * std::log(x) - log_gamma(a));
}

/// Q(a, x) by its continued fraction (modified Lentz; x ≥ a + 1).
double gamma_q_fraction(double a, double x) {
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-17) break;
  }
  return std::exp(-x + a * std::log(x) - log_gamma(a)) * h;
}

/// Every 65,536 rows: polls the cancel flag and reports rows i of n of `stage`.
void tick(const char* stage, size_t i, size_t n, CancelFlag cancel, const ProgressFn& progress) {
  if ((i & 0xFFFF) != 0) return;
  check_cancel(cancel);
  if (progress) progress({stage, i, n, i});
}

std::string key_of(const Column& c, size_t i) {
  return c.missing(i) ? std::string() : std::string(trim_space(c.value(i)));
}

}  // namespace

size_t column_index(const Table& table, const std::string& column) {
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].name() == column) return c;
  }
  throw InputError("unknown_column",
                   "column '" + column + "' is not in the table: pick one of its columns");
}

std::vector<double> numeric_column(const Table& table, const std::string& column,
                                   bool decimal_comma) {
  const Column& c = table.columns[column_index(table, column)];
  std::vector<double> v(table.rows, kNaN);
  for (size_t i = 0; i < table.rows; ++i) {
    if (c.missing(i)) continue;
    if (auto num = parse_number(trim_space(c.value(i)), decimal_comma)) {
      if (std::isfinite(num->value)) v[i] = num->value;
    }
  }
  return v;
}

std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (size_t t = i; t <= j; ++t) r[order[t]] = rank;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> a, b;
  complete_pairs(x, y, a, b);
  return pearson_complete(a, b);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> a, b;
  complete_pairs(x, y, a, b);
  return pearson_complete(average_ranks(a), average_ranks(b));
}

Correlations correlations(const Table& table, const std::vector<std::string>& columns,
                          CancelFlag cancel, ProgressFn progress) {
  if (columns.size() < 2) {
    throw InputError("no_features", "a correlation matrix needs at least 2 numeric columns");
  }
  Correlations out;
  out.columns = columns;
  std::vector<std::vector<double>> v;
  for (const std::string& c : columns) v.push_back(numeric_column(table, c));
  const auto d = static_cast<Eigen::Index>(columns.size());
  out.pearson = Matrix::Identity(d, d);
  out.spearman = Matrix::Identity(d, d);
  out.defined.setOnes(d, d);
  out.pairs.assign(static_cast<size_t>(d * d), 0);
  std::vector<double> a, b;
  const uint64_t pairs = static_cast<uint64_t>(d * (d + 1) / 2);
  uint64_t done = 0;
  for (Eigen::Index i = 0; i < d; ++i) {
    for (Eigen::Index j = i; j < d; ++j) {
      check_cancel(cancel);
      if (progress) progress({"correlations", done++, pairs, table.rows});
      complete_pairs(v[static_cast<size_t>(i)], v[static_cast<size_t>(j)], a, b);
      out.pairs[static_cast<size_t>(i * d + j)] = out.pairs[static_cast<size_t>(j * d + i)] =
          a.size();
      const double p = pearson_complete(a, b);
      const double s = pearson_complete(average_ranks(a), average_ranks(b));
      const bool ok = p == p;
      out.defined(i, j) = out.defined(j, i) = ok;
      out.pearson(i, j) = out.pearson(j, i) = ok ? (i == j ? 1 : p) : 0;
      out.spearman(i, j) = out.spearman(j, i) = s == s ? (i == j ? 1 : s) : 0;
    }
  }
  return out;
}

double gamma_q(double a, double x) {
  if (!(a > 0) || !(x >= 0)) return kNaN;
  if (x == 0) return 1;
  if (x < a + 1) return 1 - gamma_p_series(a, x);
  return gamma_q_fraction(a, x);
}

CrossTab crosstab(const Table& table, const std::string& row_column, const std::string& col_column,
                  CancelFlag cancel, ProgressFn progress) {
  const Column& rc = table.columns[column_index(table, row_column)];
  const Column& cc = table.columns[column_index(table, col_column)];
  CrossTab t;
  t.row_column = row_column;
  t.col_column = col_column;
  std::map<std::string, std::map<std::string, uint64_t>> cells;
  std::map<std::string, int> col_set;
  for (size_t i = 0; i < table.rows; ++i) {
    tick("crosstab", i, table.rows, cancel, progress);
    if (rc.missing(i) || cc.missing(i)) {
      ++t.missing;
      continue;
    }
    const std::string r = key_of(rc, i), c = key_of(cc, i);
    ++cells[r][c];
    col_set.emplace(c, 0);
    ++t.total;
  }
  // A dense table of two near-unique columns (ids, e-mails) would not fit in memory.
  constexpr double kMaxCells = 1e6;
  if (static_cast<double>(cells.size()) * static_cast<double>(col_set.size()) > kMaxCells) {
    throw InputError("too_many_categories",
                     "a cross-tab of " + row_column + " (" + group_thousands(cells.size()) +
                         " values) by " + col_column + " (" + group_thousands(col_set.size()) +
                         " values) would have more than 1,000,000 cells: choose columns with "
                         "fewer distinct values");
  }
  for (auto& [c, idx] : col_set) {
    idx = static_cast<int>(t.cols.size());
    t.cols.push_back(c);
  }
  for (const auto& [r, m] : cells) {
    t.rows.push_back(r);
    std::vector<uint64_t> line(t.cols.size(), 0);
    for (const auto& [c, n] : m) line[static_cast<size_t>(col_set[c])] = n;
    t.counts.push_back(std::move(line));
  }
  const size_t R = t.rows.size(), C = t.cols.size();
  if (R < 2 || C < 2) {
    t.dof = 0;
    t.p_value = 1;
    return t;  // nothing to test: one category on a side
  }
  std::vector<double> rs(R, 0), cs(C, 0);
  for (size_t i = 0; i < R; ++i) {
    for (size_t j = 0; j < C; ++j) {
      rs[i] += static_cast<double>(t.counts[i][j]);
      cs[j] += static_cast<double>(t.counts[i][j]);
    }
  }
  const double n = static_cast<double>(t.total);
  uint64_t low = 0;
  for (size_t i = 0; i < R; ++i) {
    for (size_t j = 0; j < C; ++j) {
      const double e = rs[i] * cs[j] / n;
      const double diff = static_cast<double>(t.counts[i][j]) - e;
      t.chi2 += diff * diff / e;
      low += e < 5;
    }
  }
  t.dof = static_cast<int>((R - 1) * (C - 1));
  t.p_value = gamma_q(t.dof / 2.0, t.chi2 / 2);
  t.cramers_v = std::sqrt(t.chi2 / (n * static_cast<double>(std::min(R, C) - 1)));
  t.low_expected_share = static_cast<double>(low) / static_cast<double>(R * C);
  return t;
}

GroupSummary group_by(const Table& table, const std::vector<std::string>& by,
                      const std::string& value_column, CancelFlag cancel, ProgressFn progress) {
  if (by.empty() || by.size() > 2) {
    throw InputError("bad_group_by", "group by one or two columns");
  }
  GroupSummary s;
  s.by = by;
  s.value_column = value_column;
  std::vector<const Column*> keys;
  for (const std::string& b : by) keys.push_back(&table.columns[column_index(table, b)]);
  const std::vector<double> v = numeric_column(table, value_column);
  std::map<std::vector<std::string>, std::pair<uint64_t, std::vector<double>>> groups;
  for (size_t i = 0; i < table.rows; ++i) {
    tick("groupby", i, table.rows, cancel, progress);
    std::vector<std::string> k;
    for (const Column* c : keys) k.push_back(key_of(*c, i));
    auto& g = groups[k];
    ++g.first;
    if (v[i] == v[i]) g.second.push_back(v[i]);
  }
  for (auto& [k, g] : groups) {
    Group out;
    out.keys = k;
    out.count = g.first;
    std::vector<double>& xs = g.second;
    out.values = xs.size();
    for (double x : xs) out.sum += x;
    if (!xs.empty()) {
      out.mean = out.sum / static_cast<double>(xs.size());
      std::sort(xs.begin(), xs.end());
      const size_t m = xs.size();
      out.median = m % 2 ? xs[m / 2] : (xs[m / 2 - 1] + xs[m / 2]) / 2;
    }
    s.groups.push_back(std::move(out));
  }
  return s;
}

Regression linear_regression(const Table& table, const std::string& target,
                             const std::vector<std::string>& features, CancelFlag cancel,
                             ProgressFn progress) {
  if (features.empty()) throw InputError("no_features", "choose at least one feature column");
  Regression r;
  r.target = target;
  r.features = features;
  const std::vector<double> y = numeric_column(table, target);
  std::vector<std::vector<double>> xs;
  for (const std::string& f : features) xs.push_back(numeric_column(table, f));
  std::vector<uint32_t> rows;
  for (size_t i = 0; i < table.rows; ++i) {
    tick("regression", i, table.rows, cancel, progress);
    bool ok = y[i] == y[i];
    for (const auto& x : xs) ok = ok && x[i] == x[i];
    if (ok) rows.push_back(static_cast<uint32_t>(i));
  }
  r.rows = rows.size();
  r.rows_excluded = table.rows - rows.size();
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto p = static_cast<Eigen::Index>(features.size());
  if (n < p + 2) {
    throw InputError("no_rows", "only " + std::to_string(n) +
                                    " rows have a number in the target and every feature: a "
                                    "regression on " +
                                    std::to_string(p) + " features needs at least " +
                                    std::to_string(p + 2));
  }
  Eigen::MatrixXd a(n, p + 1);
  Eigen::VectorXd b(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    a(i, 0) = 1;
    for (Eigen::Index j = 0; j < p; ++j)
      a(i, j + 1) = xs[static_cast<size_t>(j)][rows[static_cast<size_t>(i)]];
    b(i) = y[rows[static_cast<size_t>(i)]];
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a);
  if (qr.rank() < p + 1) {
    throw InputError("collinear",
                     "the features are collinear (one is a combination of the "
                     "others or constant): leave one out");
  }
  const Eigen::VectorXd coef = qr.solve(b);
  r.intercept = coef(0);
  for (Eigen::Index j = 0; j < p; ++j) r.coefficients.push_back(coef(j + 1));
  const double mean = b.mean();
  const double ss_tot = (b.array() - mean).square().sum();
  const double ss_res = (b - a * coef).squaredNorm();
  r.r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : 0;
  r.adjusted_r2 = 1 - (1 - r.r2) * static_cast<double>(n - 1) / static_cast<double>(n - p - 1);
  return r;
}

}  // namespace crm::ml
