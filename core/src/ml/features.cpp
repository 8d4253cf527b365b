// Feature matrices from table columns: number parsing, imputation, log1p, scaling; and the RNG.
#include <algorithm>
#include <cmath>
#include <limits>

#include "crm/infer.h"
#include "crm/ml.h"

namespace crm::ml {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

/// Median of `v` (reordered), pandas' definition (mean of the two middle values).
double median_of(std::vector<double>& v) {
  const size_t n = v.size();
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(n / 2), v.end());
  const double hi = v[n / 2];
  if (n % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(n / 2));
  return (lo + hi) / 2;
}

/// Adjusted Fisher-Pearson skewness (pandas' skew), 0 below 3 values or without spread.
double skewness_of(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  if (v.size() < 3) return 0;
  double mean = 0;
  for (double x : v) mean += x;
  mean /= n;
  double m2 = 0, m3 = 0;
  for (double x : v) {
    const double d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  if (m2 <= 0) return 0;
  m2 /= n;
  m3 /= n;
  return std::sqrt(n * (n - 1)) / (n - 2) * m3 / std::pow(m2, 1.5);
}

/// Mean and std (ddof=1) of column j of m.
void moments(const Matrix& m, Eigen::Index j, double& mean, double& sd) {
  const Eigen::Index n = m.rows();
  mean = 0;
  for (Eigen::Index i = 0; i < n; ++i) mean += m(i, j);
  mean /= static_cast<double>(n);
  double ss = 0;
  for (Eigen::Index i = 0; i < n; ++i) ss += (m(i, j) - mean) * (m(i, j) - mean);
  sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0;
}

/// Fills x from raw (log1p where asked) and scales it; records center/scale/mean/std/min/max.
void scale_into(Features& f, std::vector<FeatureColumn*>& cols) {
  const Eigen::Index n = f.raw.rows(), d = f.raw.cols();
  f.x.resize(n, d);
  for (Eigen::Index j = 0; j < d; ++j) {
    FeatureColumn& c = *cols[static_cast<size_t>(j)];
    moments(f.raw, j, c.mean, c.std);
    c.min = n ? f.raw.col(j).minCoeff() : 0;
    c.max = n ? f.raw.col(j).maxCoeff() : 0;
    for (Eigen::Index i = 0; i < n; ++i) f.x(i, j) = c.log ? std::log1p(f.raw(i, j)) : f.raw(i, j);
    double mean = 0, sd = 0;
    moments(f.x, j, mean, sd);
    const double lo = n ? f.x.col(j).minCoeff() : 0, hi = n ? f.x.col(j).maxCoeff() : 0;
    c.center = 0;
    c.scale = 1;
    if (f.scale == Scale::ZScore) {
      c.center = mean;
      c.scale = sd > 0 ? sd : 1;
    } else if (f.scale == Scale::MinMax) {
      c.center = lo;
      c.scale = hi > lo ? hi - lo : 1;
    }
    for (Eigen::Index i = 0; i < n; ++i) f.x(i, j) = (f.x(i, j) - c.center) / c.scale;
  }
}

}  // namespace

uint64_t Rng::below(uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t r;
  do r = next();
  while (r >= limit);
  return r % n;
}

bool parse_impute(const std::string& s, Impute& out) {
  if (s == "median")
    out = Impute::Median;
  else if (s == "mean")
    out = Impute::Mean;
  else if (s == "exclude")
    out = Impute::Exclude;
  else
    return false;
  return true;
}

bool parse_scale(const std::string& s, Scale& out) {
  if (s == "zscore")
    out = Scale::ZScore;
  else if (s == "minmax")
    out = Scale::MinMax;
  else if (s == "none")
    out = Scale::None;
  else
    return false;
  return true;
}

const char* impute_name(Impute i) {
  return i == Impute::Median ? "median" : i == Impute::Mean ? "mean" : "exclude";
}

const char* scale_name(Scale s) {
  return s == Scale::ZScore ? "zscore" : s == Scale::MinMax ? "minmax" : "none";
}

Features build_features(const Table& table, const FeatureOptions& options) {
  const size_t n = table.rows;
  std::vector<std::string> requested = options.columns;
  const bool chosen = !requested.empty();
  if (!chosen) requested = table.names();
  std::vector<size_t> index;
  for (const std::string& name : requested) {
    size_t found = table.columns.size();
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (table.columns[c].name() == name) {
        found = c;
        break;
      }
    }
    if (found == table.columns.size()) {
      throw InputError("unknown_column",
                       "column '" + name + "' is not in the table: pick one of its columns");
    }
    index.push_back(found);
  }

  Features f;
  f.table_rows = n;
  f.scale = options.scale;
  f.impute = options.impute;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> values;  // per used column, NaN where missing
  std::vector<size_t> used;                 // index into f.columns
  for (size_t r = 0; r < requested.size(); ++r) {
    const Column& col = table.columns[index[r]];
    FeatureColumn fc;
    fc.name = requested[r];
    const bool comma = contains(options.decimal_comma_columns, fc.name);
    std::vector<double> v(n, nan);
    for (size_t i = 0; i < n; ++i) {
      if (col.missing(i)) {
        ++fc.missing;
        continue;
      }
      auto num = parse_number(trim_space(col.value(i)), comma);
      if (!num || !std::isfinite(num->value)) {
        ++fc.unparsable;
        continue;
      }
      v[i] = num->value;
      ++fc.parsed;
    }
    fc.used = false;
    if (fc.parsed == 0) {
      fc.excluded_reason = fc.missing == n ? "every value is missing" : "no value is a number";
    } else if (!chosen && fc.parsed < fc.unparsable) {
      fc.excluded_reason = "most values are not numbers";
    } else {
      double lo = INFINITY, hi = -INFINITY;
      std::vector<double> present;
      present.reserve(fc.parsed);
      for (double x : v) {
        if (x == x) {
          lo = std::min(lo, x);
          hi = std::max(hi, x);
          present.push_back(x);
        }
      }
      if (lo == hi) {
        fc.excluded_reason = "constant: every number is the same, so it cannot tell rows apart";
      } else {
        fc.used = true;
        fc.skewness = skewness_of(present);
        fc.log = contains(options.log_columns, fc.name) || (options.auto_log && fc.skewness > 1);
        if (fc.log && lo <= -1) {
          throw InputError("bad_log", "column '" + fc.name +
                                          "' has values ≤ -1, so log1p is undefined: "
                                          "leave it out of the log columns");
        }
        if (options.impute == Impute::Median) {
          fc.fill = median_of(present);
        } else if (options.impute == Impute::Mean) {
          double s = 0;
          for (double x : present) s += x;
          fc.fill = s / static_cast<double>(present.size());
        }
      }
    }
    if (fc.used) {
      used.push_back(f.columns.size());
      values.push_back(std::move(v));
    }
    f.columns.push_back(std::move(fc));
  }
  if (used.empty()) {
    std::string why;
    for (const FeatureColumn& c : f.columns) {
      if (!why.empty()) why.append("; ");
      why.append(c.name).append(": ").append(c.excluded_reason);
    }
    throw InputError("no_features", "no usable numeric column" +
                                        (why.empty() ? std::string() : " (" + why + ")") +
                                        ": choose columns that hold numbers");
  }

  // Rows: all of them, unless Exclude drops rows with a missing value.
  std::vector<uint8_t> keep(n, 1);
  if (options.impute == Impute::Exclude) {
    for (const auto& v : values) {
      for (size_t i = 0; i < n; ++i) {
        if (v[i] != v[i]) keep[i] = 0;
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (keep[i]) f.rows.push_back(static_cast<uint32_t>(i));
  }
  f.rows_excluded = n - f.rows.size();
  if (f.rows.empty()) {
    throw InputError("no_rows",
                     "every row misses at least one of the chosen columns, so excluding rows "
                     "leaves none: impute with the median or the mean instead");
  }
  const auto m = static_cast<Eigen::Index>(f.rows.size());
  const auto d = static_cast<Eigen::Index>(used.size());
  f.raw.resize(m, d);
  std::vector<FeatureColumn*> cols;
  for (Eigen::Index j = 0; j < d; ++j) {
    FeatureColumn& fc = f.columns[used[static_cast<size_t>(j)]];
    f.names.push_back(fc.name);
    cols.push_back(&fc);
    const auto& v = values[static_cast<size_t>(j)];
    for (Eigen::Index i = 0; i < m; ++i) {
      const double x = v[f.rows[static_cast<size_t>(i)]];
      if (x == x) {
        f.raw(i, j) = x;
      } else {
        f.raw(i, j) = fc.fill;
        ++fc.imputed;
      }
    }
  }
  scale_into(f, cols);
  return f;
}

Features features_from_matrix(Matrix raw, Scale scale, std::vector<std::string> names) {
  Features f;
  f.scale = scale;
  f.raw = std::move(raw);
  const Eigen::Index n = f.raw.rows(), d = f.raw.cols();
  f.table_rows = static_cast<uint64_t>(n);
  for (Eigen::Index i = 0; i < n; ++i) f.rows.push_back(static_cast<uint32_t>(i));
  std::vector<FeatureColumn*> cols;
  f.columns.resize(static_cast<size_t>(d));
  for (Eigen::Index j = 0; j < d; ++j) {
    FeatureColumn& c = f.columns[static_cast<size_t>(j)];
    if (static_cast<size_t>(j) < names.size()) {
      c.name = names[static_cast<size_t>(j)];
    } else {
      c.name = std::string("f").append(std::to_string(j));
    }
    c.parsed = static_cast<uint64_t>(n);
    f.names.push_back(c.name);
    cols.push_back(&c);
  }
  scale_into(f, cols);
  return f;
}

}  // namespace crm::ml
