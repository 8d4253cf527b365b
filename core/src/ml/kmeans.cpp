// k-means: greedy k-means++ seeding, Hamerly's exact accelerated Lloyd iterations, silhouette,
// the k chooser and cluster profiles.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "crm/ml.h"

namespace crm::ml {

namespace {

using Index = Eigen::Index;

inline double sqdist(const double* a, const double* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = a[j] - b[j];
    s += t * t;
  }
  return s;
}

/// Distinct rows of x, counted up to `limit` (k larger than that cannot make k clusters).
size_t distinct_rows(const Matrix& x, size_t limit) {
  std::vector<Index> seen;
  const Index d = x.cols();
  for (Index i = 0; i < x.rows() && seen.size() < limit; ++i) {
    bool dup = false;
    for (Index s : seen) {
      if (sqdist(x.row(i).data(), x.row(s).data(), d) == 0) {
        dup = true;
        break;
      }
    }
    if (!dup) seen.push_back(i);
  }
  return seen.size();
}

struct Run {
  Matrix centers;
  std::vector<int32_t> labels;
  double inertia = 0;
  int iterations = 0;
};

/// Assigns every row to its nearest center exactly; returns the inertia. Fills upper (distance
/// to the nearest) and lower (to the second nearest) bounds when given.
double assign_all(const Matrix& x, const Matrix& c, std::vector<int32_t>& labels,
                  std::vector<double>* upper, std::vector<double>* lower) {
  const Index n = x.rows(), d = x.cols(), k = c.rows();
  double inertia = 0;
  for (Index i = 0; i < n; ++i) {
    const double* p = x.data() + i * d;
    double best = std::numeric_limits<double>::infinity(), second = best;
    int32_t arg = 0;
    for (Index j = 0; j < k; ++j) {
      const double s = sqdist(p, c.data() + j * d, d);
      if (s < best) {
        second = best;
        best = s;
        arg = static_cast<int32_t>(j);
      } else if (s < second) {
        second = s;
      }
    }
    labels[static_cast<size_t>(i)] = arg;
    inertia += best;
    if (upper) {
      (*upper)[static_cast<size_t>(i)] = std::sqrt(best);
      (*lower)[static_cast<size_t>(i)] = std::sqrt(second);
    }
  }
  return inertia;
}

/// New centers as the means of their rows, in row order. Empty clusters take the row farthest
/// from its center (as scikit-learn relocates them); returns true when that happened.
bool update_centers(const Matrix& x, const std::vector<int32_t>& labels, Matrix& c,
                    const std::vector<double>& dist) {
  const Index n = x.rows(), d = x.cols(), k = c.rows();
  Matrix sum = Matrix::Zero(k, d);
  std::vector<uint64_t> count(static_cast<size_t>(k), 0);
  for (Index i = 0; i < n; ++i) {
    const int32_t l = labels[static_cast<size_t>(i)];
    ++count[static_cast<size_t>(l)];
    const double* p = x.data() + i * d;
    double* s = sum.data() + l * d;
    for (Index j = 0; j < d; ++j) s[j] += p[j];
  }
  bool relocated = false;
  std::vector<uint8_t> taken(static_cast<size_t>(n), 0);
  for (Index j = 0; j < k; ++j) {
    if (count[static_cast<size_t>(j)] == 0) {
      Index far = 0;
      double fd = -1;
      for (Index i = 0; i < n; ++i) {
        if (!taken[static_cast<size_t>(i)] && dist[static_cast<size_t>(i)] > fd) {
          fd = dist[static_cast<size_t>(i)];
          far = i;
        }
      }
      taken[static_cast<size_t>(far)] = 1;
      c.row(j) = x.row(far);
      relocated = true;
    } else {
      c.row(j) = sum.row(j) / static_cast<double>(count[static_cast<size_t>(j)]);
    }
  }
  return relocated;
}

Run run_once(const Matrix& x, const Matrix& init, const KMeansOptions& o, double tol,
             CancelFlag cancel) {
  const Index n = x.rows(), d = x.cols(), k = init.rows();
  Run r;
  r.centers = init;
  r.labels.assign(static_cast<size_t>(n), 0);
  std::vector<double> upper(static_cast<size_t>(n)), lower(static_cast<size_t>(n));
  assign_all(x, r.centers, r.labels, &upper, &lower);
  std::vector<double> half(static_cast<size_t>(k)), move(static_cast<size_t>(k));
  Matrix old;
  bool strict = false;
  for (r.iterations = 1; r.iterations <= o.max_iter; ++r.iterations) {
    check_cancel(cancel);
    old = r.centers;
    const bool relocated = update_centers(x, r.labels, r.centers, upper);
    double shift = 0, max1 = 0, max2 = 0;
    Index arg1 = 0;
    for (Index j = 0; j < k; ++j) {
      const double s = sqdist(old.row(j).data(), r.centers.row(j).data(), d);
      shift += s;
      const double m = std::sqrt(s);
      move[static_cast<size_t>(j)] = m;
      if (m > max1) {
        max2 = max1;
        max1 = m;
        arg1 = j;
      } else if (m > max2) {
        max2 = m;
      }
    }
    // Reassign with the moved centers.
    bool changed = false;
    if (!o.hamerly || relocated) {
      std::vector<int32_t> before = r.labels;
      assign_all(x, r.centers, r.labels, &upper, &lower);
      changed = before != r.labels;
    } else {
      for (Index j = 0; j < k; ++j) {
        double m = std::numeric_limits<double>::infinity();
        for (Index q = 0; q < k; ++q) {
          if (q != j) m = std::min(m, sqdist(r.centers.row(j).data(), r.centers.row(q).data(), d));
        }
        half[static_cast<size_t>(j)] = 0.5 * std::sqrt(m);
      }
      for (Index i = 0; i < n; ++i) {
        const size_t si = static_cast<size_t>(i);
        const int32_t a = r.labels[si];
        upper[si] += move[static_cast<size_t>(a)];
        lower[si] -= a == arg1 ? max2 : max1;
        const double bound = std::max(half[static_cast<size_t>(a)], lower[si]);
        if (upper[si] <= bound) continue;
        const double* p = x.data() + i * d;
        upper[si] = std::sqrt(sqdist(p, r.centers.data() + a * d, d));
        if (upper[si] <= bound) continue;
        double best = std::numeric_limits<double>::infinity(), second = best;
        int32_t arg = 0;
        for (Index j = 0; j < k; ++j) {
          const double s = sqdist(p, r.centers.data() + j * d, d);
          if (s < best) {
            second = best;
            best = s;
            arg = static_cast<int32_t>(j);
          } else if (s < second) {
            second = s;
          }
        }
        if (arg != a) changed = true;
        r.labels[si] = arg;
        upper[si] = std::sqrt(best);
        lower[si] = std::sqrt(second);
      }
    }
    if (!changed) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  (void)strict;
  // Labels and inertia for the final centers (scikit-learn's last E-step).
  r.inertia = assign_all(x, r.centers, r.labels, nullptr, nullptr);
  if (r.iterations > o.max_iter) r.iterations = o.max_iter;
  return r;
}

}  // namespace

Matrix kmeans_plusplus(const Matrix& x, int k, Rng& rng) {
  const Index n = x.rows(), d = x.cols();
  Matrix c(k, d);
  const int trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
  Index first = static_cast<Index>(rng.below(static_cast<uint64_t>(n)));
  c.row(0) = x.row(first);
  std::vector<double> closest(static_cast<size_t>(n)), cum(static_cast<size_t>(n));
  double pot = 0;
  for (Index i = 0; i < n; ++i) {
    closest[static_cast<size_t>(i)] = sqdist(x.row(i).data(), c.row(0).data(), d);
    pot += closest[static_cast<size_t>(i)];
  }
  std::vector<double> cand_dist(static_cast<size_t>(n)), best_dist(static_cast<size_t>(n));
  for (int ci = 1; ci < k; ++ci) {
    double run = 0;
    for (Index i = 0; i < n; ++i)
      cum[static_cast<size_t>(i)] = run += closest[static_cast<size_t>(i)];
    double best_pot = std::numeric_limits<double>::infinity();
    Index best = 0;
    for (int t = 0; t < trials; ++t) {
      const double r = rng.uniform() * pot;
      Index id = static_cast<Index>(std::upper_bound(cum.begin(), cum.end(), r) - cum.begin());
      if (id >= n) id = n - 1;
      double cp = 0;
      const double* q = x.row(id).data();
      for (Index i = 0; i < n; ++i) {
        const double s = std::min(closest[static_cast<size_t>(i)], sqdist(x.row(i).data(), q, d));
        cand_dist[static_cast<size_t>(i)] = s;
        cp += s;
      }
      if (cp < best_pot) {
        best_pot = cp;
        best = id;
        best_dist.swap(cand_dist);
      }
    }
    c.row(ci) = x.row(best);
    closest.swap(best_dist);
    best_dist.resize(static_cast<size_t>(n));
    pot = best_pot;
  }
  return c;
}

KMeansResult kmeans(const Matrix& x, const KMeansOptions& o, ProgressFn progress,
                    CancelFlag cancel) {
  const Index n = x.rows(), d = x.cols();
  if (o.k < 1) throw InputError("bad_k", "k must be at least 1");
  if (n == 0 || d == 0) throw InputError("no_rows", "k-means needs at least one row and feature");
  if (static_cast<Index>(o.k) > n) {
    throw InputError("bad_k", "k = " + std::to_string(o.k) + " is larger than the " +
                                  group_thousands(static_cast<uint64_t>(n)) +
                                  " rows: choose a smaller k");
  }
  const size_t distinct = distinct_rows(x, static_cast<size_t>(o.k));
  if (distinct < static_cast<size_t>(o.k)) {
    throw InputError("bad_k", "k = " + std::to_string(o.k) + " but the rows take only " +
                                  std::to_string(distinct) +
                                  " distinct values: choose a smaller k");
  }
  // Tolerance relative to the data, as scikit-learn: tol × mean of the feature variances.
  double var_sum = 0;
  for (Index j = 0; j < d; ++j) {
    double m = 0, s = 0;
    for (Index i = 0; i < n; ++i) m += x(i, j);
    m /= static_cast<double>(n);
    for (Index i = 0; i < n; ++i) s += (x(i, j) - m) * (x(i, j) - m);
    var_sum += s / static_cast<double>(n);
  }
  const double tol = o.tol * var_sum / static_cast<double>(d);
  Rng rng(o.seed);
  KMeansResult best;
  best.inertia = std::numeric_limits<double>::infinity();
  const int inits = std::max(1, o.n_init);
  for (int t = 0; t < inits; ++t) {
    check_cancel(cancel);
    if (progress) progress({"kmeans", static_cast<uint64_t>(t), static_cast<uint64_t>(inits), 0});
    Matrix init = kmeans_plusplus(x, o.k, rng);
    Run r = run_once(x, init, o, tol, cancel);
    best.init_inertia.push_back(r.inertia);
    if (r.inertia < best.inertia) {
      best.inertia = r.inertia;
      best.centers = std::move(r.centers);
      best.labels = std::move(r.labels);
      best.iterations = r.iterations;
      best.best_init = t;
    }
  }
  best.k = o.k;
  best.sizes.assign(static_cast<size_t>(o.k), 0);
  for (int32_t l : best.labels) ++best.sizes[static_cast<size_t>(l)];
  if (progress) progress({"kmeans", static_cast<uint64_t>(inits), static_cast<uint64_t>(inits), 0});
  return best;
}

std::vector<uint32_t> sample_rows(size_t n, size_t m, uint64_t seed) {
  std::vector<uint32_t> out;
  if (m >= n) {
    out.resize(n);
    std::iota(out.begin(), out.end(), 0u);
    return out;
  }
  // Partial Fisher-Yates over an index array.
  std::vector<uint32_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0u);
  Rng rng(seed);
  for (size_t i = 0; i < m; ++i) {
    const size_t j = i + static_cast<size_t>(rng.below(n - i));
    std::swap(idx[i], idx[j]);
  }
  out.assign(idx.begin(), idx.begin() + static_cast<ptrdiff_t>(m));
  std::sort(out.begin(), out.end());
  return out;
}

double silhouette(const Matrix& x, const std::vector<int32_t>& labels,
                  const std::vector<uint32_t>& sample_in) {
  std::vector<uint32_t> sample = sample_in;
  if (sample.empty()) sample = sample_rows(static_cast<size_t>(x.rows()), SIZE_MAX, 0);
  const size_t m = sample.size();
  const Index d = x.cols();
  // Relabel to 0..c-1 over the sample.
  std::vector<int32_t> lab(m);
  std::vector<int32_t> ids;
  for (size_t i = 0; i < m; ++i) {
    const int32_t l = labels[sample[i]];
    auto it = std::find(ids.begin(), ids.end(), l);
    if (it == ids.end()) {
      ids.push_back(l);
      it = ids.end() - 1;
    }
    lab[i] = static_cast<int32_t>(it - ids.begin());
  }
  const size_t c = ids.size();
  if (c < 2 || c > m - 1) return std::numeric_limits<double>::quiet_NaN();
  std::vector<uint64_t> size(c, 0);
  for (int32_t l : lab) ++size[static_cast<size_t>(l)];
  std::vector<double> sums(c);
  double total = 0;
  for (size_t i = 0; i < m; ++i) {
    std::fill(sums.begin(), sums.end(), 0.0);
    const double* p = x.row(sample[i]).data();
    for (size_t j = 0; j < m; ++j) {
      if (j == i) continue;
      sums[static_cast<size_t>(lab[j])] += std::sqrt(sqdist(p, x.row(sample[j]).data(), d));
    }
    const size_t own = static_cast<size_t>(lab[i]);
    if (size[own] <= 1) continue;  // s = 0
    const double a = sums[own] / static_cast<double>(size[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (size_t q = 0; q < c; ++q) {
      if (q != own) b = std::min(b, sums[q] / static_cast<double>(size[q]));
    }
    const double den = std::max(a, b);
    if (den > 0) total += (b - a) / den;
  }
  return total / static_cast<double>(m);
}

KChoice choose_k(const Matrix& x_in, int k_min, int k_max, const KMeansOptions& base,
                 size_t max_rows, size_t silhouette_rows, ProgressFn progress, CancelFlag cancel) {
  KChoice out;
  const std::vector<uint32_t> rows =
      sample_rows(static_cast<size_t>(x_in.rows()), max_rows, base.seed ^ 0x5A17ull);
  Matrix x(static_cast<Index>(rows.size()), x_in.cols());
  for (size_t i = 0; i < rows.size(); ++i) x.row(static_cast<Index>(i)) = x_in.row(rows[i]);
  out.rows_used = rows.size();
  const std::vector<uint32_t> sil = sample_rows(rows.size(), silhouette_rows, base.seed ^ 0x511ull);
  out.silhouette_rows = sil.size();
  const size_t distinct = distinct_rows(x, static_cast<size_t>(std::max(k_max, 1)) + 1);
  k_min = std::max(k_min, 2);
  for (int k = k_min; k <= k_max; ++k) {
    if (static_cast<size_t>(k) > distinct || static_cast<size_t>(k) >= sil.size()) break;
    if (progress) {
      progress({"choose_k", static_cast<uint64_t>(k - k_min),
                static_cast<uint64_t>(k_max - k_min + 1), 0});
    }
    KMeansOptions o = base;
    o.k = k;
    const KMeansResult r = kmeans(x, o, {}, cancel);
    const double s = silhouette(x, r.labels, sil);
    out.scores.push_back({k, r.inertia, s == s ? s : 0});
  }
  if (out.scores.empty()) {
    throw InputError("bad_k", "too few distinct rows to compare 2 or more clusters");
  }
  size_t bi = 0;
  for (size_t i = 1; i < out.scores.size(); ++i) {
    if (out.scores[i].silhouette > out.scores[bi].silhouette + 1e-9) bi = i;
  }
  out.suggested_k = out.scores[bi].k;
  // Elbow: the point farthest below the chord from the first to the last point, both axes
  // scaled to [0, 1].
  out.elbow_k = out.scores.front().k;
  const size_t m = out.scores.size();
  if (m >= 3) {
    const double y0 = out.scores.front().inertia, y1 = out.scores.back().inertia;
    const double span = y0 - y1;
    double best = 0;
    for (size_t i = 1; i + 1 < m; ++i) {
      const double t = static_cast<double>(i) / static_cast<double>(m - 1);
      const double y = span > 0 ? (out.scores[i].inertia - y1) / span : 0;
      const double below = (1 - t) - y;  // chord from (0,1) to (1,0)
      if (below > best + 1e-12) {
        best = below;
        out.elbow_k = out.scores[i].k;
      }
    }
  }
  return out;
}

std::vector<ClusterProfile> profile_clusters(const Features& f,
                                             const std::vector<int32_t>& labels) {
  const Index n = f.raw.rows(), d = f.raw.cols();
  std::vector<const FeatureColumn*> cols;
  for (const FeatureColumn& c : f.columns) {
    if (c.used) cols.push_back(&c);
  }
  int32_t max_label = -1;
  bool noise = false;
  for (int32_t l : labels) {
    max_label = std::max(max_label, l);
    noise = noise || l < 0;
  }
  std::vector<ClusterProfile> out;
  for (int32_t l = noise ? -1 : 0; l <= max_label; ++l) {
    ClusterProfile p;
    p.cluster = l;
    p.centroid.assign(static_cast<size_t>(d), 0);
    for (Index i = 0; i < n; ++i) {
      if (labels[static_cast<size_t>(i)] != l) continue;
      ++p.size;
      for (Index j = 0; j < d; ++j) p.centroid[static_cast<size_t>(j)] += f.raw(i, j);
    }
    p.share = n ? static_cast<double>(p.size) / static_cast<double>(n) : 0;
    for (double& v : p.centroid) v = p.size ? v / static_cast<double>(p.size) : 0;
    for (Index j = 0; j < d; ++j) {
      const FeatureColumn& c = *cols[static_cast<size_t>(j)];
      const double v = p.centroid[static_cast<size_t>(j)];
      p.standout.push_back({c.name, v, c.std > 0 ? (v - c.mean) / c.std : 0});
    }
    std::stable_sort(
        p.standout.begin(), p.standout.end(),
        [](const Standout& a, const Standout& b) { return std::fabs(a.z) > std::fabs(b.z); });
    if (p.standout.size() > 3) p.standout.resize(3);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace crm::ml
