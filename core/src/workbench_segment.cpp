// The workbench's segmentation operations: joining orders, RFM, derived-column versions.
#include <algorithm>
#include <string>
#include <string_view>

#include "crm/csv.h"

#include "crm/workbench.h"

namespace crm {

OrderAggregates Workbench::join_orders(const Table& orders, const JoinOptions& options,
                                       Table* table, ProgressFn progress, CancelFlag cancel) const {
  JoinOptions o = options;
  o.columns = resolve_order_columns(this->table(), orders, options.columns);
  OrderAggregates agg = crm::join_orders(this->table(), orders, o, std::move(progress), cancel);
  if (table) *table = with_order_columns(this->table(), agg);
  return agg;
}

SegmentResult Workbench::segment(const Table& orders, const SegmentOptions& options,
                                 ProgressFn progress, CancelFlag cancel) const {
  if (options.method != "rfm")
    throw InputError("unknown_method",
                     "segment method '" + options.method + "' is not available here (rfm is)");
  const Table& customers = table();
  JoinOptions jo;
  jo.columns = resolve_order_columns(customers, orders, options.columns);
  jo.reference_day = options.reference_day;
  const OrderAggregates agg = crm::join_orders(customers, orders, jo, std::move(progress), cancel);
  SegmentResult r;
  r.method = "rfm";
  r.rfm = compute_rfm(agg, options.reference_day, cancel);
  const Table base = options.aggregates ? with_order_columns(customers, agg) : customers;
  r.table = with_rfm_columns(base, agg, r.rfm);
  for (size_t i = customers.columns.size(); i < r.table.columns.size(); ++i)
    r.added.push_back(r.table.columns[i].name());
  return r;
}

namespace {

/// `name` less a trailing `_N` (the suffix unique_column_name adds).
std::string_view base_name(std::string_view name) {
  size_t i = name.size();
  while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9') --i;
  if (i < name.size() && i > 1 && name[i - 1] == '_') return name.substr(0, i - 1);
  return name;
}

/// True for the history steps whose added columns a re-run replaces.
bool is_result_op(const std::string& op) {
  return op == "join_orders" || op.rfind("segment_", 0) == 0;
}

}  // namespace

const HistoryEntry& Workbench::add_columns(Table t, const std::string& op, bool reprofile,
                                           CancelFlag cancel, bool replace) {
  const Table& cur = table();
  bool same = t.rows == cur.rows && t.columns.size() >= cur.columns.size();
  for (size_t i = 0; same && i < cur.columns.size(); ++i) same = t.columns.same(i, cur.columns, i);
  if (!same)
    throw InputError("stale_result",
                     "the result belongs to another version of the table: run it again");
  Version v;
  v.row_ids = versions_[current_].row_ids;
  v.entry.step.op = op;
  if (replace) {
    // Columns earlier result steps added (still applied), by name.
    std::vector<std::string> earlier;
    for (size_t k = 1; k <= current_; ++k) {
      const RecipeStep& s = versions_[k].entry.step;
      if (is_result_op(s.op)) earlier.insert(earlier.end(), s.as.begin(), s.as.end());
    }
    std::vector<bool> taken(cur.columns.size(), false);
    for (size_t i = cur.columns.size(); i < t.columns.size();) {
      const std::string name = t.columns[i].name();
      size_t slot = cur.columns.size();
      for (size_t j = 0; j < cur.columns.size() && slot == cur.columns.size(); ++j) {
        const std::string& old = cur.columns[j].name();
        if (!taken[j] && base_name(old) == base_name(name) &&
            std::find(earlier.begin(), earlier.end(), old) != earlier.end())
          slot = j;
      }
      if (slot == cur.columns.size()) {
        v.entry.step.as.push_back(name);
        ++i;
        continue;
      }
      taken[slot] = true;
      t.columns[i].set_name(cur.columns[slot].name());
      v.entry.step.as.push_back(cur.columns[slot].name());
      t.columns.set(slot, t.columns.share(i));
      t.columns.erase(i);
    }
  } else {
    for (size_t i = cur.columns.size(); i < t.columns.size(); ++i)
      v.entry.step.as.push_back(t.columns[i].name());
  }
  v.entry.step.params = nlohmann::json::object({{"op", op}, {"as", v.entry.step.as}});
  v.entry.step.row_specific = true;
  v.entry.rows = t.rows;
  v.table = std::move(t);
  return push_version(std::move(v), reprofile, {}, cancel);
}

std::string Workbench::result_columns_csv(size_t index) const {
  if (index == 0 || index >= versions_.size())
    throw InputError("bad_step", "there is no step " + std::to_string(index) + " in the history (" +
                                     std::to_string(versions_.size() - 1) + " steps)");
  const Version& v = versions_[index];
  const RecipeStep& step = v.entry.step;
  if (!is_result_op(step.op))
    throw InputError("bad_step", "step " + std::to_string(index) + " (" + step.op +
                                     ") did not add result columns");
  std::vector<const Column*> cols;
  for (const std::string& name : step.as) {
    const Column* found = nullptr;
    for (const Column& c : v.table.columns)
      if (c.name() == name) found = &c;
    if (!found)
      throw InputError("bad_step", "step " + std::to_string(index) + " names a column '" + name +
                                       "' its version does not have");
    cols.push_back(found);
  }
  std::string out = "row";
  for (const Column* c : cols) {
    out.push_back(',');
    write_csv_field(out, c->name());
  }
  out += "\r\n";
  for (size_t r = 0; r < v.table.rows; ++r) {
    out += std::to_string(r);
    for (const Column* c : cols) {
      out.push_back(',');
      write_csv_field(out, c->value(r));
    }
    out += "\r\n";
  }
  return out;
}

const HistoryEntry& Workbench::restore_result_columns(const std::string& op, std::string_view csv,
                                                      bool reprofile, CancelFlag cancel) {
  if (!is_result_op(op))
    throw InputError("bad_step", "'" + op +
                                     "' is not a step that adds result columns (join_orders "
                                     "or segment_...)");
  const Table& cur = table();
  CsvOptions o;
  o.delimiter = ',';
  o.header = HeaderMode::Yes;
  o.null_tokens.clear();  // only empty values are missing, as the steps write them
  Table added = read_csv(csv, o);
  const std::string what = "the saved columns of step " + op;
  if (added.columns.size() < 2 || added.columns[0].name() != "row")
    throw InputError("bad_step",
                     what + " lack their row numbers and values: save the project again");
  if (added.rows != cur.rows)
    throw InputError("stale_result", what + " have " + std::to_string(added.rows) +
                                         " rows where the table has " + std::to_string(cur.rows) +
                                         ": the project was changed");
  const Column& row = added.columns[0];
  for (size_t r = 0; r < added.rows; ++r)
    if (row.value(r) != std::to_string(r))
      throw InputError("bad_step", what + " are out of order at row " + std::to_string(r) +
                                       ": the project was changed");
  Table t = cur;  // shares every column
  for (size_t i = 1; i < added.columns.size(); ++i)
    t.columns.insert(t.columns.size(), added.columns.share(i));
  return add_columns(std::move(t), op, reprofile, cancel, true);
}

}  // namespace crm
