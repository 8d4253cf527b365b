// DBSCAN with a k-d tree, and the eps suggestion from the k-distance curve.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>

#include "crm/ml.h"
#include "kdtree.h"

namespace crm::ml {

using Index = Eigen::Index;
using detail::KdTree;

DbscanResult dbscan(const Matrix& x, double eps, int min_samples, ProgressFn progress,
                    CancelFlag cancel) {
  if (!(eps > 0) || !std::isfinite(eps)) {
    throw InputError("bad_eps", "eps must be a positive number (the neighbourhood radius)");
  }
  if (min_samples < 1) throw InputError("bad_min_samples", "min_samples must be at least 1");
  const size_t n = static_cast<size_t>(x.rows());
  const Index d = x.cols();
  DbscanResult r;
  r.eps = eps;
  r.min_samples = min_samples;
  r.labels.assign(n, -1);
  r.core.assign(n, 0);
  KdTree tree(x);
  for (size_t i = 0; i < n; ++i) {
    if ((i & 0x3FFF) == 0) {
      check_cancel(cancel);
      if (progress) progress({"dbscan", i, 2 * n, i});
    }
    // Core test: stop counting at min_samples neighbours.
    size_t count = 0;
    const size_t need = static_cast<size_t>(min_samples);
    tree.radius(x.data() + static_cast<Index>(i) * d, eps,
                [&](uint32_t) { return ++count < need; });
    r.core[i] = count >= need;
  }
  std::vector<uint32_t> stack;
  int32_t label = 0;
  for (size_t start = 0; start < n; ++start) {
    if ((start & 0x3FFF) == 0) {
      check_cancel(cancel);
      if (progress) progress({"dbscan", n + start, 2 * n, start});
    }
    if (r.labels[start] != -1 || !r.core[start]) continue;
    // Rows are labelled when first reached (scikit-learn labels them when popped; the rows
    // reached, and so the labels, are the same, and each row is pushed once).
    r.labels[start] = label;
    stack.push_back(static_cast<uint32_t>(start));
    while (!stack.empty()) {
      const uint32_t i = stack.back();
      stack.pop_back();
      if (!r.core[i]) continue;
      tree.radius(x.data() + static_cast<Index>(i) * d, eps, [&](uint32_t v) {
        if (r.labels[v] == -1) {
          r.labels[v] = label;
          stack.push_back(v);
        }
        return true;
      });
    }
    ++label;
  }
  r.clusters = label;
  for (int32_t l : r.labels) r.noise += l < 0;
  return r;
}

EpsSuggestion suggest_eps(const Matrix& x, int min_samples, size_t max_rows, uint64_t seed,
                          CancelFlag cancel) {
  if (min_samples < 1) throw InputError("bad_min_samples", "min_samples must be at least 1");
  const size_t n = static_cast<size_t>(x.rows());
  if (n < 2) throw InputError("no_rows", "DBSCAN needs at least 2 rows");
  const size_t k = std::min(static_cast<size_t>(std::max(min_samples, 2)), n);
  KdTree tree(x);
  EpsSuggestion s;
  const std::vector<uint32_t> rows = sample_rows(n, max_rows, seed ^ 0xE95ull);
  s.sample_rows = rows.size();
  for (size_t t = 0; t < rows.size(); ++t) {
    if ((t & 0xFFF) == 0) check_cancel(cancel);
    s.curve.push_back(std::sqrt(tree.kth(x.data() + static_cast<Index>(rows[t]) * x.cols(), k)));
  }
  std::sort(s.curve.begin(), s.curve.end());
  // Knee of the ascending convex curve: the point farthest below the chord, on axes
  // scaled to [0, 1] (Kneedle's difference curve).
  const size_t m = s.curve.size();
  const double lo = s.curve.front(), hi = s.curve.back();
  size_t knee = m - 1;
  if (m >= 3 && hi > lo) {
    double best = -1;
    for (size_t i = 0; i < m; ++i) {
      const double t = static_cast<double>(i) / static_cast<double>(m - 1);
      const double y = (s.curve[i] - lo) / (hi - lo);
      const double gap = t - y;  // chord y = t; a convex rising curve lies below it
      if (gap > best) {
        best = gap;
        knee = i;
      }
    }
  }
  s.eps = s.curve[knee];
  if (!(s.eps > 0)) {
    // Many identical rows: the knee sits at distance 0; take the smallest positive distance.
    for (double v : s.curve) {
      if (v > 0) {
        s.eps = v;
        break;
      }
    }
    if (!(s.eps > 0)) s.eps = 1;
  }
  return s;
}

}  // namespace crm::ml
