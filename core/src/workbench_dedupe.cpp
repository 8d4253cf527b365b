// Workbench: finding duplicates in the current version (the dedupe module does the work).
#include "crm/workbench.h"
#include "dedupe/internal.h"

namespace crm {

DedupeResult Workbench::dedupe(const DedupeOptions& options, ProgressFn progress,
                               CancelFlag cancel) {
  if (!profile_) profile({}, {}, cancel);
  return run_dedupe(table(), *profile_, options, std::move(progress), cancel);
}

DedupeModel Workbench::suggest_dedupe(const Table* other) {
  if (!profile_) profile();
  return suggest_dedupe_model(table(), *profile_, other);
}

void Workbench::recluster_dedupe(DedupeResult& result, double threshold) {
  result.model.threshold = threshold;
  dedupe::cluster_pairs(result.pairs, result.cluster.size(), threshold, result.model.strong,
                        result);
}

}  // namespace crm
