// A static k-d tree over the rows of a matrix, shared by DBSCAN and the Local Outlier Factor.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <utility>
#include <vector>

#include "crm/ml.h"

namespace crm::ml::detail {

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

  /// The k nearest rows of point p as (squared distance, row), nearest first (ties: lower row
  /// first); the row itself is included when it is in the tree.
  void knn(const double* p, size_t k, std::vector<std::pair<double, uint32_t>>& out) const {
    out.clear();
    if (k == 0) return;
    search_pairs(0, p, k, out);
    std::sort_heap(out.begin(), out.end());
  }

 private:
  struct Node {
    size_t begin, end;
    int64_t left = -1, right = -1;
    size_t box;  // offset of min (d values) then max (d values) in boxes_
  };
  static constexpr size_t kLeaf = 16;

  double sq(const double* p, uint32_t i) const {
    const double* q = x_.data() + static_cast<Eigen::Index>(i) * d_;
    double s = 0;
    for (Eigen::Index j = 0; j < d_; ++j) {
      const double t = p[j] - q[j];
      s += t * t;
    }
    return s;
  }

  double box_dist(const Node& nd, const double* p) const {
    const double* lo = boxes_.data() + nd.box;
    const double* hi = lo + d_;
    double s = 0;
    for (Eigen::Index j = 0; j < d_; ++j) {
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
      const double* q = x_.data() + static_cast<Eigen::Index>(idx_[t]) * d_;
      for (Eigen::Index j = 0; j < d_; ++j) {
        lo[static_cast<size_t>(j)] = std::min(lo[static_cast<size_t>(j)], q[j]);
        hi[static_cast<size_t>(j)] = std::max(hi[static_cast<size_t>(j)], q[j]);
      }
    }
    boxes_.insert(boxes_.end(), lo.begin(), lo.end());
    boxes_.insert(boxes_.end(), hi.begin(), hi.end());
    if (e - b <= kLeaf) return id;
    Eigen::Index dim = 0;
    for (Eigen::Index j = 1; j < d_; ++j) {
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

  void search_pairs(size_t node, const double* p, size_t k,
                    std::vector<std::pair<double, uint32_t>>& heap) const {
    const Node& nd = nodes_[node];
    if (heap.size() == k && box_dist(nd, p) > heap.front().first) return;
    if (nd.left < 0) {
      for (size_t t = nd.begin; t < nd.end; ++t) {
        const std::pair<double, uint32_t> c{sq(p, idx_[t]), idx_[t]};
        if (heap.size() < k) {
          heap.push_back(c);
          std::push_heap(heap.begin(), heap.end());
        } else if (c < heap.front()) {
          std::pop_heap(heap.begin(), heap.end());
          heap.back() = c;
          std::push_heap(heap.begin(), heap.end());
        }
      }
      return;
    }
    const size_t l = static_cast<size_t>(nd.left), r = static_cast<size_t>(nd.right);
    const bool left_first = box_dist(nodes_[l], p) <= box_dist(nodes_[r], p);
    search_pairs(left_first ? l : r, p, k, heap);
    search_pairs(left_first ? r : l, p, k, heap);
  }

  const Matrix& x_;
  Eigen::Index d_;
  std::vector<uint32_t> idx_;
  std::vector<Node> nodes_;
  std::vector<double> boxes_;
  mutable std::vector<size_t> stack_;
};

}  // namespace crm::ml::detail
