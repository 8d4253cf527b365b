// Principal component analysis by the covariance matrix and a symmetric eigen solver.
#include <algorithm>
#include <cmath>

// Eigen's triangular kernels trip GCC's -Wmaybe-uninitialized (a false positive in its headers).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Eigenvalues>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include "crm/ml.h"

namespace crm::ml {

PcaResult pca(const Matrix& x, int n_scores, CancelFlag cancel, ProgressFn progress) {
  using Index = Eigen::Index;
  const Index n = x.rows(), d = x.cols();
  if (n < 2 || d < 1) throw InputError("no_rows", "PCA needs at least 2 rows and 1 feature");
  PcaResult r;
  r.mean.assign(static_cast<size_t>(d), 0);
  for (Index i = 0; i < n; ++i) {
    const double* p = x.data() + i * d;
    for (Index j = 0; j < d; ++j) r.mean[static_cast<size_t>(j)] += p[j];
  }
  for (double& m : r.mean) m /= static_cast<double>(n);
  // Upper triangle of the centred cross-product, accumulated row by row in a fixed order.
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
  std::vector<double> c(static_cast<size_t>(d));
  for (Index i = 0; i < n; ++i) {
    if ((i & 0xFFFF) == 0) {
      check_cancel(cancel);
      if (progress)
        progress({"pca", static_cast<uint64_t>(i), 2 * static_cast<uint64_t>(n),
                  static_cast<uint64_t>(i)});
    }
    const double* p = x.data() + i * d;
    for (Index j = 0; j < d; ++j) c[static_cast<size_t>(j)] = p[j] - r.mean[static_cast<size_t>(j)];
    for (Index a = 0; a < d; ++a) {
      const double ca = c[static_cast<size_t>(a)];
      for (Index b = a; b < d; ++b) cov(a, b) += ca * c[static_cast<size_t>(b)];
    }
  }
  for (Index a = 0; a < d; ++a) {
    for (Index b = a; b < d; ++b) {
      cov(a, b) /= static_cast<double>(n - 1);
      cov(b, a) = cov(a, b);
    }
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(cov);
  if (es.info() != Eigen::Success) {
    throw InputError("pca_failed", "the eigen decomposition did not converge");
  }
  // Ascending eigenvalues: reverse into descending components.
  double total = 0;
  for (Index a = 0; a < d; ++a) total += cov(a, a);
  r.components.resize(d, d);
  for (Index q = 0; q < d; ++q) {
    const Index src = d - 1 - q;
    const double ev = std::max(0.0, es.eigenvalues()(src));
    r.explained_variance.push_back(ev);
    r.explained_variance_ratio.push_back(total > 0 ? ev / total : 0);
    Eigen::VectorXd v = es.eigenvectors().col(src);
    Index big = 0;
    for (Index j = 1; j < d; ++j) {
      if (std::fabs(v(j)) > std::fabs(v(big))) big = j;
    }
    if (v(big) < 0) v = -v;
    r.components.row(q) = v.transpose();
  }
  const Index s = std::min<Index>(std::max(n_scores, 0), d);
  r.scores.resize(n, s);
  for (Index i = 0; i < n; ++i) {
    if ((i & 0xFFFF) == 0) {
      check_cancel(cancel);
      if (progress)
        progress({"pca", static_cast<uint64_t>(n + i), 2 * static_cast<uint64_t>(n),
                  static_cast<uint64_t>(i)});
    }
    const double* p = x.data() + i * d;
    for (Index q = 0; q < s; ++q) {
      double acc = 0;
      for (Index j = 0; j < d; ++j)
        acc += (p[j] - r.mean[static_cast<size_t>(j)]) * r.components(q, j);
      r.scores(i, q) = acc;
    }
  }
  return r;
}

}  // namespace crm::ml
