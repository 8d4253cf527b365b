// Clustering: connected components over the links at or above the threshold, with a guard
// against chaining: in a cluster of three or more rows, a link whose removal would split the
// cluster (a bridge) and whose probability is below the strong threshold is cut, so one weak
// link cannot join two groups of records. Cluster id = the cluster's smallest row, which stays
// the same across runs as long as that row does.
#include <algorithm>

#include "dedupe/internal.h"

namespace crm::dedupe {
namespace {

/// Union-find with path halving; the root is the smallest row of the set.
struct Sets {
  std::vector<uint32_t> parent;
  explicit Sets(size_t n) : parent(n) {
    for (size_t i = 0; i < n; ++i) parent[i] = static_cast<uint32_t>(i);
  }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  void unite(uint32_t a, uint32_t b) {
    a = find(a), b = find(b);
    if (a == b) return;
    if (a < b) {
      parent[b] = a;
    } else {
      parent[a] = b;
    }
  }
};

}  // namespace

void cluster_pairs(const std::vector<ScoredPair>& pairs, size_t rows, double threshold,
                   double strong, DedupeResult& out) {
  std::vector<uint32_t> links;  // indices into pairs of links at or above the threshold
  for (size_t i = 0; i < pairs.size(); ++i)
    if (pairs[i].probability >= threshold) links.push_back(static_cast<uint32_t>(i));
  out.pairs_linked = links.size();
  Sets first(rows);
  for (uint32_t e : links) first.unite(pairs[e].a, pairs[e].b);
  std::vector<uint32_t> size(rows, 0);
  for (size_t r = 0; r < rows; ++r) ++size[first.find(static_cast<uint32_t>(r))];

  // Bridges of the link graph (Tarjan, iterative), only in clusters of three or more rows.
  std::vector<uint32_t> head(rows + 1, 0), adj(links.size() * 2), edge_of(links.size() * 2);
  for (uint32_t e : links) ++head[pairs[e].a + 1], ++head[pairs[e].b + 1];
  for (size_t r = 0; r < rows; ++r) head[r + 1] += head[r];
  {
    std::vector<uint32_t> fill(head.begin(), head.end() - 1);
    for (uint32_t k = 0; k < links.size(); ++k) {
      const ScoredPair& p = pairs[links[k]];
      adj[fill[p.a]] = p.b, edge_of[fill[p.a]++] = k;
      adj[fill[p.b]] = p.a, edge_of[fill[p.b]++] = k;
    }
  }
  std::vector<char> cut(links.size(), 0);
  std::vector<uint32_t> order(rows, 0), low(rows, 0);
  std::vector<char> seen(rows, 0);
  uint32_t counter = 0;
  struct Frame {
    uint32_t node, parent_edge, next;
  };
  std::vector<Frame> stack;
  for (size_t s = 0; s < rows; ++s) {
    if (seen[s] || size[first.find(static_cast<uint32_t>(s))] < 3) continue;
    stack.push_back({static_cast<uint32_t>(s), UINT32_MAX, head[s]});
    seen[s] = 1;
    order[s] = low[s] = ++counter;
    while (!stack.empty()) {
      Frame& fr = stack.back();
      if (fr.next < head[fr.node + 1]) {
        const uint32_t to = adj[fr.next], e = edge_of[fr.next];
        ++fr.next;
        if (e == fr.parent_edge) continue;
        if (seen[to]) {
          low[fr.node] = std::min(low[fr.node], order[to]);
        } else {
          seen[to] = 1;
          order[to] = low[to] = ++counter;
          stack.push_back({to, e, head[to]});
        }
      } else {
        const Frame done = fr;
        stack.pop_back();
        if (!stack.empty()) {
          Frame& up = stack.back();
          low[up.node] = std::min(low[up.node], low[done.node]);
          if (low[done.node] > order[up.node] &&
              pairs[links[done.parent_edge]].probability < strong)
            cut[done.parent_edge] = 1;
        }
      }
    }
  }
  Sets final_sets(rows);
  out.bridges_cut = 0;
  for (uint32_t k = 0; k < links.size(); ++k) {
    if (cut[k]) {
      ++out.bridges_cut;
      continue;
    }
    final_sets.unite(pairs[links[k]].a, pairs[links[k]].b);
  }
  out.cluster.assign(rows, 0);
  out.probability.assign(rows, 0);
  std::vector<uint32_t> members(rows, 0);
  for (size_t r = 0; r < rows; ++r) {
    out.cluster[r] = final_sets.find(static_cast<uint32_t>(r));
    ++members[out.cluster[r]];
  }
  for (uint32_t k = 0; k < links.size(); ++k) {
    if (cut[k]) continue;
    const ScoredPair& p = pairs[links[k]];
    out.probability[p.a] = std::max(out.probability[p.a], p.probability);
    out.probability[p.b] = std::max(out.probability[p.b], p.probability);
  }
  out.clusters = out.rows_in_clusters = out.largest_cluster = 0;
  for (size_t r = 0; r < rows; ++r) {
    if (members[r] >= 2) {
      ++out.clusters;
      out.rows_in_clusters += members[r];
      out.largest_cluster = std::max<uint64_t>(out.largest_cluster, members[r]);
    }
  }
}

}  // namespace crm::dedupe
