// CART decision tree classifier (Gini) with a seeded held-out split and readable rules.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "crm/ml_stats.h"

namespace crm::ml {

namespace {

using Index = Eigen::Index;

double gini_of(const std::vector<uint64_t>& c, uint64_t n) {
  if (!n) return 0;
  double s = 0;
  for (uint64_t v : c) {
    const double p = static_cast<double>(v) / static_cast<double>(n);
    s += p * p;
  }
  return 1 - s;
}

int32_t majority(const std::vector<uint64_t>& c) {
  int32_t best = 0;
  for (size_t i = 1; i < c.size(); ++i) {
    if (c[i] > c[static_cast<size_t>(best)]) best = static_cast<int32_t>(i);
  }
  return best;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

struct Builder {
  const Matrix& x;
  const std::vector<int32_t>& y;
  size_t classes;
  const TreeOptions& o;
  CancelFlag cancel;
  const ProgressFn& progress;
  std::vector<TreeNode>& nodes;
  std::vector<double>& importance;
  uint64_t total;
  uint64_t placed = 0;  // training rows in finished leaves (the progress)

  /// Counts a finished leaf of n rows toward the progress.
  int32_t leaf(int32_t id, uint64_t n) {
    placed += n;
    if (progress) progress({"tree", placed, total, placed});
    return id;
  }

  int32_t build(std::vector<uint32_t>& rows, int depth) {
    check_cancel(cancel);
    const int32_t id = static_cast<int32_t>(nodes.size());
    nodes.emplace_back();
    std::vector<uint64_t> counts(classes, 0);
    for (uint32_t r : rows) ++counts[static_cast<size_t>(y[r])];
    const uint64_t n = rows.size();
    const double g = gini_of(counts, n);
    nodes[static_cast<size_t>(id)].counts = counts;
    nodes[static_cast<size_t>(id)].predicted = majority(counts);
    nodes[static_cast<size_t>(id)].gini = g;
    const uint64_t min_leaf = static_cast<uint64_t>(std::max(o.min_samples_leaf, 1));
    if (depth >= o.max_depth || g <= 0 || n < 2 * min_leaf) return leaf(id, n);

    double best_gain = 1e-12;
    Index best_f = -1;
    double best_thr = 0;
    std::vector<uint32_t> sorted(rows);
    std::vector<uint64_t> lc(classes), rc(classes);
    for (Index f = 0; f < x.cols(); ++f) {
      std::sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) {
        const double va = x(a, f), vb = x(b, f);
        return va < vb || (va == vb && a < b);
      });
      std::fill(lc.begin(), lc.end(), 0);
      rc = counts;
      // Σ count² on each side, updated incrementally.
      double lsq = 0, rsq = 0;
      for (uint64_t v : rc) rsq += static_cast<double>(v) * static_cast<double>(v);
      for (uint64_t i = 0; i + 1 < n; ++i) {
        const size_t c = static_cast<size_t>(y[sorted[i]]);
        lsq += 2.0 * static_cast<double>(lc[c]) + 1;
        rsq -= 2.0 * static_cast<double>(rc[c]) - 1;
        ++lc[c];
        --rc[c];
        const uint64_t nl = i + 1, nr = n - nl;
        if (nl < min_leaf || nr < min_leaf) continue;
        const double a = x(sorted[i], f), b = x(sorted[i + 1], f);
        if (!(b > a)) continue;
        // Weighted child impurity: nl·(1 − lsq/nl²) + nr·(1 − rsq/nr²) = n − lsq/nl − rsq/nr.
        const double child = (static_cast<double>(n) - lsq / static_cast<double>(nl) -
                              rsq / static_cast<double>(nr)) /
                             static_cast<double>(n);
        const double gain = g - child;
        if (gain > best_gain) {
          best_gain = gain;
          best_f = f;
          best_thr = a + (b - a) / 2;
          if (best_thr >= b) best_thr = a;
        }
      }
    }
    if (best_f < 0) return leaf(id, n);
    importance[static_cast<size_t>(best_f)] +=
        static_cast<double>(n) / static_cast<double>(total) * best_gain;
    std::vector<uint32_t> l, r;
    for (uint32_t row : rows) (x(row, best_f) <= best_thr ? l : r).push_back(row);
    std::vector<uint32_t>().swap(sorted);
    rows.clear();
    rows.shrink_to_fit();
    const int32_t li = build(l, depth + 1);
    const int32_t ri = build(r, depth + 1);
    TreeNode& nd = nodes[static_cast<size_t>(id)];
    nd.feature = static_cast<int32_t>(best_f);
    nd.threshold = best_thr;
    nd.left = li;
    nd.right = ri;
    return id;
  }
};

int32_t predict(const std::vector<TreeNode>& nodes, const Matrix& x, Index i) {
  int32_t k = 0;
  while (nodes[static_cast<size_t>(k)].feature >= 0) {
    const TreeNode& nd = nodes[static_cast<size_t>(k)];
    k = x(i, nd.feature) <= nd.threshold ? nd.left : nd.right;
  }
  return nodes[static_cast<size_t>(k)].predicted;
}

void collect_rules(const TreeResult& t, int32_t k, std::map<int32_t, std::pair<double, double>> box,
                   std::vector<std::string>& out) {
  const TreeNode& nd = t.nodes[static_cast<size_t>(k)];
  if (nd.feature < 0) {
    std::string s = "if ";
    bool first = true;
    for (const auto& [f, range] : box) {
      const std::string& name = t.features[static_cast<size_t>(f)];
      if (!first) s += " and ";
      first = false;
      if (std::isfinite(range.first) && std::isfinite(range.second)) {
        s += num(range.first) + " < " + name + " <= " + num(range.second);
      } else if (std::isfinite(range.first)) {
        s += name + " > " + num(range.first);
      } else {
        s += name + " <= " + num(range.second);
      }
    }
    if (first) s = "always";
    uint64_t n = 0;
    for (uint64_t c : nd.counts) n += c;
    const uint64_t hit = nd.counts[static_cast<size_t>(nd.predicted)];
    char buf[64];
    std::snprintf(buf, sizeof buf, " (%llu training rows, %.1f%% of them)",
                  static_cast<unsigned long long>(n),
                  n ? 100.0 * static_cast<double>(hit) / static_cast<double>(n) : 0.0);
    out.push_back(s + " then " + t.classes[static_cast<size_t>(nd.predicted)] + buf);
    return;
  }
  auto l = box, r = box;
  auto& lr = l.try_emplace(nd.feature, -INFINITY, INFINITY).first->second;
  lr.second = std::min(lr.second, nd.threshold);
  auto& rr = r.try_emplace(nd.feature, -INFINITY, INFINITY).first->second;
  rr.first = std::max(rr.first, nd.threshold);
  collect_rules(t, nd.left, std::move(l), out);
  collect_rules(t, nd.right, std::move(r), out);
}

}  // namespace

TreeResult decision_tree(const Matrix& x, const std::vector<std::string>& features,
                         const std::vector<int32_t>& y, const std::vector<std::string>& classes,
                         const TreeOptions& o, CancelFlag cancel, ProgressFn progress) {
  const size_t n = static_cast<size_t>(x.rows());
  if (y.size() != n) throw std::invalid_argument("decision_tree: labels and rows differ");
  if (classes.size() < 2) {
    throw InputError("one_class",
                     "the label has fewer than 2 distinct values, so there is "
                     "nothing to predict: pick another label");
  }
  if (o.max_depth < 1) throw InputError("bad_depth", "max depth must be at least 1");
  if (!(o.test_share >= 0 && o.test_share < 1)) {
    throw InputError("bad_test_share", "the held-out share must be in [0, 1)");
  }
  TreeResult t;
  t.features = features;
  t.classes = classes;
  // Seeded shuffle of the labelled rows; the first ⌈share·n⌉ are held out.
  std::vector<uint32_t> idx;
  for (size_t i = 0; i < n; ++i) {
    if (y[i] >= 0) idx.push_back(static_cast<uint32_t>(i));
  }
  if (idx.size() < 4) throw InputError("no_rows", "the tree needs at least 4 labelled rows");
  Rng rng(o.seed);
  for (size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[rng.below(i)]);
  const size_t test =
      static_cast<size_t>(std::ceil(o.test_share * static_cast<double>(idx.size())));
  t.test.assign(idx.begin(), idx.begin() + static_cast<ptrdiff_t>(test));
  t.train.assign(idx.begin() + static_cast<ptrdiff_t>(test), idx.end());
  std::sort(t.test.begin(), t.test.end());
  std::sort(t.train.begin(), t.train.end());
  t.importance.assign(features.size(), 0);
  std::vector<uint32_t> rows = t.train;
  Builder b{x, y, classes.size(), o, cancel, progress, t.nodes, t.importance, t.train.size()};
  b.build(rows, 0);
  double imp = 0;
  for (double v : t.importance) imp += v;
  if (imp > 0) {
    for (double& v : t.importance) v /= imp;
  }
  t.predictions.resize(n);
  for (size_t i = 0; i < n; ++i) t.predictions[i] = predict(t.nodes, x, static_cast<Index>(i));
  auto accuracy = [&](const std::vector<uint32_t>& rs) {
    if (rs.empty()) return 0.0;
    uint64_t ok = 0;
    for (uint32_t r : rs) ok += t.predictions[r] == y[r];
    return static_cast<double>(ok) / static_cast<double>(rs.size());
  };
  t.train_accuracy = accuracy(t.train);
  t.test_accuracy = accuracy(t.test);
  if (!t.test.empty()) {
    const int32_t maj = t.nodes[0].predicted;
    uint64_t ok = 0;
    for (uint32_t r : t.test) ok += y[r] == maj;
    t.baseline_accuracy = static_cast<double>(ok) / static_cast<double>(t.test.size());
  }
  collect_rules(t, 0, {}, t.rules);
  return t;
}

std::vector<int32_t> labels_from_column(const Table& table, const std::string& column,
                                        const std::vector<uint32_t>& rows,
                                        std::vector<std::string>& classes) {
  const Column& c = table.columns[column_index(table, column)];
  std::map<std::string, int32_t> ids;
  for (uint32_t r : rows) {
    if (!c.missing(r)) ids.emplace(std::string(c.value(r)), 0);
  }
  classes.clear();
  for (auto& [k, v] : ids) {
    v = static_cast<int32_t>(classes.size());
    classes.push_back(k);
  }
  std::vector<int32_t> y;
  y.reserve(rows.size());
  for (uint32_t r : rows) y.push_back(c.missing(r) ? -1 : ids[std::string(c.value(r))]);
  return y;
}

std::vector<int32_t> labels_top_share(const std::vector<double>& values, double share,
                                      std::vector<std::string>& classes) {
  std::vector<double> v;
  for (double d : values) {
    if (d == d) v.push_back(d);
  }
  classes = {"rest", "top"};
  std::vector<int32_t> y(values.size(), -1);
  if (v.empty()) return y;
  std::sort(v.begin(), v.end());
  const double pos = (1 - share) * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  const double q = v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == values[i]) y[i] = values[i] >= q ? 1 : 0;
  }
  return y;
}

}  // namespace crm::ml
