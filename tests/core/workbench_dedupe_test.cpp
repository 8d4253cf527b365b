// Tests of Workbench::recluster_dedupe (the Duplicates view's threshold slider): clustering the
// kept pairs again at another threshold gives what a run at that threshold gives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crm/csv.h"
#include "crm/dedupe.h"
#include "crm/generate.h"
#include "crm/workbench.h"

using namespace crm;

namespace {

/// A workbench holding a generated customer table of `rows` rows, profiled.
void load_generated(Workbench& wb, uint64_t rows, uint64_t seed, double dup_rate) {
  GenerateOptions g;
  g.rows = rows;
  g.seed = seed;
  g.dup_rate = dup_rate;
  std::string csv;
  generate_customers(g, [&](std::string_view b) { csv.append(b); });
  wb.begin_load({});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  wb.profile();
}

}  // namespace

TEST(WorkbenchDedupe, ReclusterEqualsARunAtThatThreshold) {
  Workbench wb;
  load_generated(wb, 2000, 5, 0.2);
  const DedupeResult base = wb.dedupe({});
  ASSERT_GT(base.clusters, 50u);
  for (double t : {0.05, 0.5, 0.9, 0.99, 0.9999}) {
    DedupeOptions o;
    o.threshold = t;
    const DedupeResult want = wb.dedupe(o);
    DedupeResult got = base;
    Workbench::recluster_dedupe(got, t);
    EXPECT_EQ(got.model.threshold, t);
    EXPECT_EQ(got.pairs_linked, want.pairs_linked) << t;
    EXPECT_EQ(got.bridges_cut, want.bridges_cut) << t;
    EXPECT_EQ(got.clusters, want.clusters) << t;
    EXPECT_EQ(got.rows_in_clusters, want.rows_in_clusters) << t;
    EXPECT_EQ(got.largest_cluster, want.largest_cluster) << t;
    EXPECT_EQ(got.cluster, want.cluster) << t;
    EXPECT_EQ(got.probability, want.probability) << t;
  }
}

TEST(WorkbenchDedupe, HigherThresholdsNeverLinkMore) {
  Workbench wb;
  load_generated(wb, 1000, 9, 0.3);
  DedupeResult r = wb.dedupe({});
  uint64_t last = UINT64_MAX;
  for (double t : {0.01, 0.2, 0.6, 0.95, 0.999, 1.0}) {
    Workbench::recluster_dedupe(r, t);
    EXPECT_LE(r.pairs_linked, last) << t;
    last = r.pairs_linked;
    uint64_t in_clusters = 0;
    std::vector<uint32_t> size(r.cluster.size(), 0);
    for (size_t i = 0; i < r.cluster.size(); ++i) {
      EXPECT_LE(r.cluster[i], i);  // a cluster's id is its smallest row
      ++size[r.cluster[i]];
    }
    for (uint32_t n : size) in_clusters += n >= 2 ? n : 0;
    EXPECT_EQ(in_clusters, r.rows_in_clusters) << t;
  }
}
