// Workbench: finding duplicates in the current version (the dedupe module does the work).
#include "crm/workbench.h"

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

}  // namespace crm
