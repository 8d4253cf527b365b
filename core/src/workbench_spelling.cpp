// The workbench's spelling clusters and the file of rows drop_rows removed.
#include <algorithm>

#include "crm/workbench.h"

namespace crm {

SpellingClusters Workbench::spelling_clusters(const std::string& column, ClusterMethod method,
                                              const SpellingOptions& options, ProgressFn progress,
                                              CancelFlag cancel) const {
  const Table& t = table();
  for (const Column& c : t.columns)
    if (c.name() == column)
      return crm::spelling_clusters(c, method, options, std::move(progress), cancel);
  std::string names;
  for (const Column& c : t.columns) names += (names.empty() ? "" : ", ") + c.name();
  throw InputError("missing_column",
                   "there is no column \"" + column + "\" to cluster; the columns are: " + names);
}

void Workbench::dropped_rows(const ByteSink& sink, CancelFlag cancel) const {
  const Table& original = versions_.at(0).table;
  std::vector<uint64_t> rows;
  for (size_t k = 1; k <= current_; ++k) {
    if (versions_[k].entry.step.op == "erase_rows") continue;  // a person's request: not kept
    const auto* ids = versions_[k - 1].row_ids.get();
    for (uint32_t r : versions_[k].log.dropped) rows.push_back(ids ? (*ids)[r] : r);
  }
  std::sort(rows.begin(), rows.end());
  std::string buf = "row";
  for (const Column& c : original.columns) {
    buf.push_back(',');
    write_csv_field(buf, c.name());
  }
  buf += "\r\n";
  for (uint64_t r : rows) {
    buf += std::to_string(r);
    for (const Column& c : original.columns) {
      buf.push_back(',');
      write_csv_field(buf, r < c.size() ? c.value(r) : std::string_view());
    }
    buf += "\r\n";
    if (buf.size() >= (1u << 20)) {
      check_cancel(cancel);
      sink(buf);
      buf.clear();
    }
  }
  if (!buf.empty()) sink(buf);
}

}  // namespace crm
