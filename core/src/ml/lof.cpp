// Local Outlier Factor (Breunig, Kriegel, Ng and Sander 2000), as scikit-learn's
// LocalOutlierFactor: k nearest neighbours by a k-d tree, reachability distances, local
// reachability densities and their ratios.
#include <algorithm>
#include <cmath>

#include "crm/ml.h"
#include "kdtree.h"

namespace crm::ml {

LofResult local_outlier_factor(const Matrix& x, int neighbors, ProgressFn progress,
                               CancelFlag cancel) {
  const size_t n = static_cast<size_t>(x.rows());
  const Eigen::Index d = x.cols();
  if (n < 2 || d < 1) throw InputError("no_rows", "the Local Outlier Factor needs at least 2 rows");
  if (neighbors < 1)
    throw InputError("bad_neighbors", "the number of neighbours must be at least 1");
  LofResult r;
  // As scikit-learn: at most n − 1 neighbours (the row itself never counts).
  const size_t k = std::min<size_t>(static_cast<size_t>(neighbors), n - 1);
  r.neighbors = static_cast<int>(k);
  detail::KdTree tree(x);
  std::vector<uint32_t> nb(n * k);
  std::vector<double> dist(n * k);
  std::vector<std::pair<double, uint32_t>> found;
  for (size_t i = 0; i < n; ++i) {
    if ((i & 0x3FFF) == 0) {
      check_cancel(cancel);
      if (progress) progress({"lof", i, n + n / 8, i});
    }
    tree.knn(x.data() + static_cast<Eigen::Index>(i) * d, k + 1, found);
    // Leave the row itself out (it is among the nearest at distance 0; with duplicates of it,
    // drop the entry for this very row, else the farthest).
    auto self = std::find_if(found.begin(), found.end(),
                             [&](const std::pair<double, uint32_t>& p) { return p.second == i; });
    if (self == found.end()) self = found.end() - 1;
    found.erase(self);
    for (size_t j = 0; j < k; ++j) {
      nb[i * k + j] = found[j].second;
      dist[i * k + j] = std::sqrt(found[j].first);
    }
  }
  if (progress) progress({"lof", n, n + n / 8, n});
  // lrd(p) = 1 / (mean over o in N_k(p) of max(k-distance(o), d(p, o)) + 1e-10).
  std::vector<double> lrd(n);
  for (size_t i = 0; i < n; ++i) {
    double s = 0;
    for (size_t j = 0; j < k; ++j) {
      const uint32_t o = nb[i * k + j];
      s += std::max(dist[static_cast<size_t>(o) * k + k - 1], dist[i * k + j]);
    }
    lrd[i] = 1.0 / (s / static_cast<double>(k) + 1e-10);
  }
  check_cancel(cancel);
  // LOF(p) = mean over o in N_k(p) of lrd(o) / lrd(p).
  r.scores.resize(n);
  for (size_t i = 0; i < n; ++i) {
    double s = 0;
    for (size_t j = 0; j < k; ++j) s += lrd[nb[i * k + j]] / lrd[i];
    r.scores[i] = s / static_cast<double>(k);
  }
  return r;
}

}  // namespace crm::ml
