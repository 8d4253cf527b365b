// DBSCAN with a k-d tree, and the eps suggestion from the k-distance curve.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>

#include "crm/ml.h"

namespace crm::ml {

namespace {

using Index = Eigen::Index;

/// A static k-d tree over the rows of a matrix: median splits on the widest dimension, leaves
/// of up to kLeaf rows, a bounding box per node for pruning.
class KdTree {
 public:
  explicit KdTree(const Matrix& x) : x_(x), d_(x.cols()) {
    idx_.resize(static_cast<size_t>(x.rows()));
    std::iota(idx_.begin(), idx_.end(), 0u);
    if (!idx_.empty()) build(0, idx_.size());
  }

  /// Calls f(row) for every row within distance eps (≤) of point p, until f returns false.
  template <typename F>
  void radius(const double* p, double eps, F&& f) const {
    if (nodes_.empty()) return;
    const double r2 = eps * eps;
    stack_.clear();
    stack_.push_back(0);
    while (!stack_.empty()) {
      const Node& nd = nodes_[stack_.back()];
      stack_.pop_back();
      if (box_dist(nd, p) > r2) continue;
      if (nd.left < 0) {
        for (size_t t = nd.begin; t < nd.end; ++t) {
          const uint32_t i = idx_[t];
          if (sq(p, i) <= r2 && !f(i)) return;
        }
      } else {
        stack_.push_back(static_cast<size_t>(nd.right));
        stack_.push_back(static_cast<size_t>(nd.left));
      }
    }
  }

  /// Squared distance from p to its k-th nearest row (the row itself included when in the tree).
  double kth(const double* p, size_t k) const {
    std::priority_queue<double> heap;  // the k smallest so far (max on top)
    search_knn(0, p, k, heap);
    return heap.top();
  }

 private:
  struct Node {
    size_t begin, end;
    int64_t left = -1, right = -1;
    size_t box;  // offset of min (d values) then max (d values) in boxes_
  };
  static constexpr size_t kLeaf = 16;

  double sq(const double* p, uint32_t i) const {
    const double* q = x_.data() + static_cast<Index>(i) * d_;
    double s = 0;
    for (Index j = 0; j < d_; ++j) {
      const double t = p[j] - q[j];
      s += t * t;
    }
    return s;
  }

  double box_dist(const Node& nd, const double* p) const {
    const double* lo = boxes_.data() + nd.box;
    const double* hi = lo + d_;
    double s = 0;
    for (Index j = 0; j < d_; ++j) {
      const double t = p[j] < lo[j] ? lo[j] - p[j] : p[j] > hi[j] ? p[j] - hi[j] : 0;
      s += t * t;
    }
    return s;
  }

  size_t build(size_t b, size_t e) {
    const size_t id = nodes_.size();
    nodes_.push_back({b, e, -1, -1, boxes_.size()});
    std::vector<double> lo(static_cast<size_t>(d_), INFINITY),
        hi(static_cast<size_t>(d_), -INFINITY);
    for (size_t t = b; t < e; ++t) {
      const double* q = x_.data() + static_cast<Index>(idx_[t]) * d_;
      for (Index j = 0; j < d_; ++j) {
        lo[static_cast<size_t>(j)] = std::min(lo[static_cast<size_t>(j)], q[j]);
        hi[static_cast<size_t>(j)] = std::max(hi[static_cast<size_t>(j)], q[j]);
      }
    }
    boxes_.insert(boxes_.end(), lo.begin(), lo.end());
    boxes_.insert(boxes_.end(), hi.begin(), hi.end());
    if (e - b <= kLeaf) return id;
    Index dim = 0;
    for (Index j = 1; j < d_; ++j) {
      if (hi[static_cast<size_t>(j)] - lo[static_cast<size_t>(j)] >
          hi[static_cast<size_t>(dim)] - lo[static_cast<size_t>(dim)]) {
        dim = j;
      }
    }
    if (hi[static_cast<size_t>(dim)] == lo[static_cast<size_t>(dim)]) return id;  // all equal
    const size_t mid = b + (e - b) / 2;
    std::nth_element(idx_.begin() + static_cast<ptrdiff_t>(b),
                     idx_.begin() + static_cast<ptrdiff_t>(mid),
                     idx_.begin() + static_cast<ptrdiff_t>(e), [&](uint32_t a, uint32_t c) {
                       const double va = x_(a, dim), vc = x_(c, dim);
                       return va < vc || (va == vc && a < c);
                     });
    const size_t l = build(b, mid);
    const size_t r = build(mid, e);
    nodes_[id].left = static_cast<int64_t>(l);
    nodes_[id].right = static_cast<int64_t>(r);
    return id;
  }

  void search_knn(size_t node, const double* p, size_t k, std::priority_queue<double>& heap) const {
    const Node& nd = nodes_[node];
    if (heap.size() == k && box_dist(nd, p) > heap.top()) return;
    if (nd.left < 0) {
      for (size_t t = nd.begin; t < nd.end; ++t) {
        const double s = sq(p, idx_[t]);
        if (heap.size() < k) {
          heap.push(s);
        } else if (s < heap.top()) {
          heap.pop();
          heap.push(s);
        }
      }
      return;
    }
    const size_t l = static_cast<size_t>(nd.left), r = static_cast<size_t>(nd.right);
    const bool left_first = box_dist(nodes_[l], p) <= box_dist(nodes_[r], p);
    search_knn(left_first ? l : r, p, k, heap);
    search_knn(left_first ? r : l, p, k, heap);
  }

  const Matrix& x_;
  Index d_;
  std::vector<uint32_t> idx_;
  std::vector<Node> nodes_;
  std::vector<double> boxes_;
  mutable std::vector<size_t> stack_;
};

}  // namespace

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
