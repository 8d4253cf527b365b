// Workbench: finding duplicates in the current version, and one person's records (the dedupe
// module does the work).
#include "crm/workbench.h"
#include "dedupe/internal.h"

namespace crm {

DedupeResult Workbench::dedupe(const DedupeOptions& options, ProgressFn progress,
                               CancelFlag cancel) {
  if (!profile_) profile({}, {}, cancel);
  DedupeResult r = run_dedupe(table(), *profile_, options, std::move(progress), cancel);
  if (!options.other) {
    auto kept = std::make_unique<KeptDedupe>();
    kept->table = table();
    for (size_t row = 0; row < r.cluster.size(); ++row)
      if (r.cluster[row] != row) kept->duplicates.push_back(static_cast<uint32_t>(row));
    dedupe_ = std::move(kept);
    apply_dedupe_quality();
  }
  return r;
}

void Workbench::clear_dedupe() {
  dedupe_.reset();
  apply_dedupe_quality();
}

void Workbench::set_dedupe_clusters(const std::vector<uint64_t>& cluster) {
  if (!dedupe_ || !table_ || cluster.size() != dedupe_->table.rows) return;
  const Table& now = table();
  bool same =
      now.rows == dedupe_->table.rows && now.columns.size() == dedupe_->table.columns.size();
  for (size_t i = 0; same && i < now.columns.size(); ++i)
    same = now.columns.same(i, dedupe_->table.columns, i);
  if (!same) return;
  dedupe_->duplicates.clear();
  for (size_t row = 0; row < cluster.size(); ++row)
    if (cluster[row] != row) dedupe_->duplicates.push_back(static_cast<uint32_t>(row));
  apply_dedupe_quality();
}

void Workbench::apply_dedupe_quality() {
  if (!profile_ || !table_) return;
  const Table& now = table();
  bool same = dedupe_ && now.rows == dedupe_->table.rows &&
              now.columns.size() == dedupe_->table.columns.size();
  for (size_t i = 0; same && i < now.columns.size(); ++i)
    same = now.columns.same(i, dedupe_->table.columns, i);
  QualityScore& q = profile_->quality;
  if (!same) {
    if (q.fuzzy_duplicates)
      set_fuzzy_duplicates(q, profile_->rows, profile_->duplicate_records, std::nullopt,
                           quality_options_);
    return;
  }
  // |E ∪ F|: the exact duplicate records (verdicts) and the fuzzy duplicates, both ascending.
  const std::vector<uint32_t>& e = verdicts_.duplicate_records;
  const std::vector<uint32_t>& f = dedupe_->duplicates;
  uint64_t both = 0;
  size_t i = 0, j = 0;
  while (i < e.size() && j < f.size()) {
    if (e[i] == f[j]) {
      ++both, ++i, ++j;
    } else if (e[i] < f[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  const uint64_t exact =
      e.size() == profile_->duplicate_records ? e.size() : profile_->duplicate_records;
  set_fuzzy_duplicates(q, profile_->rows, exact + f.size() - both, f.size(), quality_options_);
}

DedupeModel Workbench::suggest_dedupe(const Table* other) {
  if (!profile_) profile();
  return suggest_dedupe_model(table(), *profile_, other);
}

PersonSearch Workbench::find_person(const PersonQuery& query, const DedupeModel* model,
                                    ProgressFn progress, CancelFlag cancel) {
  if (!profile_) profile({}, {}, cancel);
  return crm::find_person(
      table(), *profile_, query, model, [this](uint64_t row) { return original_row(row); },
      std::move(progress), cancel);
}

void Workbench::recluster_dedupe(DedupeResult& result, double threshold) {
  result.model.threshold = threshold;
  dedupe::cluster_pairs(result.pairs, result.cluster.size(), threshold, result.model.strong,
                        result);
}

}  // namespace crm
