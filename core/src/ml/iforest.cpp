// Isolation Forest anomaly scores and the top anomalies.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "crm/ml.h"

namespace crm::ml {

namespace {

using Index = Eigen::Index;

/// One isolation tree in flat arrays; node 0 is the root, children are stored next to each other.
struct ITree {
  std::vector<int32_t> feature;  // −1 for a leaf
  std::vector<double> value;     // split threshold (≤ goes left), or the leaf's path length
  std::vector<int32_t> left;     // index of the left child (right = left + 1)
};

void grow(const Matrix& x, std::vector<uint32_t>& rows, size_t b, size_t e, int depth,
          int max_depth, Rng& rng, ITree& t, size_t node) {
  const Index d = x.cols();
  const size_t size = e - b;
  auto make_leaf = [&] {
    t.feature[node] = -1;
    t.value[node] = depth + iforest_c(static_cast<double>(size));
  };
  if (depth >= max_depth || size <= 1) return make_leaf();
  // A random feature that is not constant here (drawn without replacement, as sklearn's
  // splitter skips constant features).
  std::vector<Index> order(static_cast<size_t>(d));
  std::iota(order.begin(), order.end(), Index{0});
  Index feat = -1;
  double lo = 0, hi = 0;
  for (Index left = d; left > 0; --left) {
    const Index pick = static_cast<Index>(rng.below(static_cast<uint64_t>(left)));
    const Index f = order[static_cast<size_t>(pick)];
    std::swap(order[static_cast<size_t>(pick)], order[static_cast<size_t>(left - 1)]);
    lo = hi = x(rows[b], f);
    for (size_t i = b + 1; i < e; ++i) {
      const double v = x(rows[i], f);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (hi > lo) {
      feat = f;
      break;
    }
  }
  if (feat < 0) return make_leaf();
  double thr = lo + rng.uniform() * (hi - lo);
  if (thr >= hi) thr = lo;
  const auto mid = std::partition(rows.begin() + static_cast<ptrdiff_t>(b),
                                  rows.begin() + static_cast<ptrdiff_t>(e),
                                  [&](uint32_t r) { return x(r, feat) <= thr; });
  const size_t m = static_cast<size_t>(mid - rows.begin());
  const size_t child = t.feature.size();
  t.feature.resize(child + 2);
  t.value.resize(child + 2);
  t.left.resize(child + 2);
  t.feature[node] = static_cast<int32_t>(feat);
  t.value[node] = thr;
  t.left[node] = static_cast<int32_t>(child);
  grow(x, rows, b, m, depth + 1, max_depth, rng, t, child);
  grow(x, rows, m, e, depth + 1, max_depth, rng, t, child + 1);
}

}  // namespace

double iforest_c(double n) {
  if (n <= 1) return 0;
  if (n <= 2) return 1;
  constexpr double kEuler = 0.5772156649015329;
  return 2.0 * (std::log(n - 1.0) + kEuler) - 2.0 * (n - 1.0) / n;
}

IForestResult isolation_forest(const Matrix& x, const IForestOptions& o, ProgressFn progress,
                               CancelFlag cancel) {
  const size_t n = static_cast<size_t>(x.rows());
  const Index d = x.cols();
  if (n < 2 || d < 1) throw InputError("no_rows", "Isolation Forest needs at least 2 rows");
  if (o.trees < 1) throw InputError("bad_trees", "the forest needs at least 1 tree");
  if (o.max_samples < 2) throw InputError("bad_max_samples", "max_samples must be at least 2");
  IForestResult r;
  r.trees = o.trees;
  r.max_samples = static_cast<int>(std::min<size_t>(static_cast<size_t>(o.max_samples), n));
  const size_t psi = static_cast<size_t>(r.max_samples);
  const int max_depth = static_cast<int>(std::ceil(std::log2(static_cast<double>(psi))));
  Rng rng(o.seed);
  std::vector<ITree> forest(static_cast<size_t>(o.trees));
  std::vector<uint32_t> rows;
  for (ITree& t : forest) {
    // ψ distinct rows (Floyd's sampling), in draw order.
    rows.clear();
    for (size_t j = n - psi; j < n; ++j) {
      uint32_t v = static_cast<uint32_t>(rng.below(j + 1));
      if (std::find(rows.begin(), rows.end(), v) != rows.end()) v = static_cast<uint32_t>(j);
      rows.push_back(v);
    }
    t.feature.assign(1, -1);
    t.value.assign(1, 0);
    t.left.assign(1, -1);
    grow(x, rows, 0, rows.size(), 0, max_depth, rng, t, 0);
  }
  // Scoring: leaves loop to themselves (threshold +inf), so every row takes exactly max_depth
  // steps without a leaf test, and blocks of rows advance together (independent loads in flight).
  struct Step {
    double thr;
    int32_t feat, left;
  };
  std::vector<double> depth(n, 0.0);
  std::vector<Step> steps;
  std::vector<double> leaf;
  constexpr size_t kBlock = 16;
  for (size_t ti = 0; ti < forest.size(); ++ti) {
    check_cancel(cancel);
    if (progress) progress({"iforest", ti, forest.size(), 0});
    const ITree& t = forest[ti];
    const size_t nodes = t.feature.size();
    steps.resize(nodes);
    leaf.assign(nodes, 0);
    for (size_t k = 0; k < nodes; ++k) {
      if (t.feature[k] < 0) {
        steps[k] = {INFINITY, 0, static_cast<int32_t>(k)};
        leaf[k] = t.value[k];
      } else {
        steps[k] = {t.value[k], t.feature[k], t.left[k]};
      }
    }
    const Step* st = steps.data();
    const double* xd = x.data();
    size_t i = 0;
    for (; i + kBlock <= n; i += kBlock) {
      int32_t node[kBlock] = {};
      for (int level = 0; level < max_depth; ++level) {
        for (size_t b = 0; b < kBlock; ++b) {
          const Step& s = st[node[b]];
          node[b] = s.left + (xd[static_cast<Index>(i + b) * d + s.feat] > s.thr);
        }
      }
      for (size_t b = 0; b < kBlock; ++b) depth[i + b] += leaf[static_cast<size_t>(node[b])];
    }
    for (; i < n; ++i) {
      int32_t node = 0;
      for (int level = 0; level < max_depth; ++level) {
        const Step& s = st[node];
        node = s.left + (xd[static_cast<Index>(i) * d + s.feat] > s.thr);
      }
      depth[i] += leaf[static_cast<size_t>(node)];
    }
  }
  const double cpsi = iforest_c(static_cast<double>(psi));
  r.scores.resize(n);
  for (size_t i = 0; i < n; ++i) {
    r.scores[i] = std::exp2(-(depth[i] / static_cast<double>(o.trees)) / cpsi);
  }
  return r;
}

std::vector<Anomaly> top_anomalies(const Features& f, const std::vector<double>& scores, size_t n) {
  std::vector<uint32_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0u);
  n = std::min(n, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(n), order.end(),
                    [&](uint32_t a, uint32_t b) {
                      return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
                    });
  std::vector<const FeatureColumn*> cols;
  for (const FeatureColumn& c : f.columns) {
    if (c.used) cols.push_back(&c);
  }
  std::vector<Anomaly> out;
  for (size_t t = 0; t < n; ++t) {
    const uint32_t i = order[t];
    Anomaly a;
    a.row = f.rows[i];
    a.score = scores[i];
    for (size_t j = 0; j < cols.size(); ++j) {
      const double v = f.raw(i, static_cast<Index>(j));
      a.standout.push_back(
          {cols[j]->name, v, cols[j]->std > 0 ? (v - cols[j]->mean) / cols[j]->std : 0});
    }
    std::stable_sort(
        a.standout.begin(), a.standout.end(),
        [](const Standout& p, const Standout& q) { return std::fabs(p.z) > std::fabs(q.z); });
    if (a.standout.size() > 3) a.standout.resize(3);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace crm::ml
