// Protected export: each column kept, dropped, masked, pseudonymized, cut to a year or generalized.
#include <algorithm>
#include <string>

#include "crm/common.h"
#include "crm/csv.h"
#include "crm/privacy.h"
#include "recipe/spec.h"

namespace crm {

std::string protect_value(std::string_view v, const ColumnProtection& p, PiiKind kind,
                          const ProjectKey* key, std::string_view region) {
  switch (p.action) {
    case ProtectAction::Mask:
      return mask_value(v, kind);
    case ProtectAction::Pseudonymize:
      if (!key) throw InputError("no_key", "pseudonymize needs the project key");
      return pseudonymize_value(v, kind, *key, region);
    case ProtectAction::Year:
      return year_of(v);
    case ProtectAction::Generalize:
      return generalize_value(v, kind, p);
    case ProtectAction::Keep:
    case ProtectAction::Drop:
      break;
  }
  return std::string(v);
}

ProtectResult protect_table(const Table& table, const Profile& profile,
                            const std::vector<PiiFinding>& findings, const ProtectConfig& config,
                            const ProjectKey* key, const ByteSink& sink, CancelFlag cancel,
                            const ProgressFn& progress, const ProtectRows& rows) {
  const size_t ncols = table.columns.size();
  std::vector<ColumnProtection> plan(ncols);
  std::vector<PiiKind> kinds(ncols, PiiKind::None);
  for (const PiiFinding& f : findings)
    if (f.column < ncols) kinds[f.column] = f.kind;
  for (const auto& [name, p] : config.columns) {
    size_t found = ncols;
    for (size_t c = 0; c < ncols; ++c) {
      if (table.columns[c].name() == name) {
        found = c;
        break;
      }
    }
    if (found == ncols) {
      std::string names;
      for (size_t c = 0; c < ncols && c < 20; ++c)
        names += (c ? ", " : "") + table.columns[c].name();
      throw InputError("bad_protect_config", "the protect configuration names column '" + name +
                                                 "', which the file does not have (its columns: " +
                                                 names + (ncols > 20 ? ", ..." : "") + ")");
    }
    if (p.action == ProtectAction::Pseudonymize && !key)
      throw InputError("no_key", "column '" + name +
                                     "': pseudonymize needs the project key: give --key-file K "
                                     "(32 bytes or 64 hex digits), or make one with "
                                     "--new-key-file K");
    plan[found] = p;
    if (p.as_given) kinds[found] = p.as;
  }
  const uint64_t first = std::min<uint64_t>(rows.first, table.rows);
  const uint64_t end = first + std::min<uint64_t>(rows.limit, table.rows - first);
  ProtectResult r;
  r.rows = end - first;
  std::vector<std::string> regions(ncols, "US");
  for (size_t c = 0; c < ncols && c < profile.columns.size(); ++c)
    if (!profile.columns[c].phone_region.empty()) regions[c] = profile.columns[c].phone_region;
  for (size_t c = 0; c < ncols; ++c) {
    ProtectColumnSummary s;
    s.name = table.columns[c].name();
    s.action = plan[c].action;
    s.kind = kinds[c];
    r.columns.push_back(std::move(s));
  }
  std::string out;
  bool first_field = true;
  if (rows.header) {
    for (size_t c = 0; c < ncols; ++c) {
      if (plan[c].action == ProtectAction::Drop) continue;
      if (!first_field) out += ',';
      first_field = false;
      write_csv_field(out, table.columns[c].name());
    }
    out += '\n';
  }
  Progress pr;
  pr.stage = "protect";
  pr.total = r.rows;
  if (progress) progress(pr);
  for (size_t row = first; row < end; ++row) {
    if ((row - first) % 4096 == 4095) {
      check_cancel(cancel);
      if (progress) {
        pr.done = pr.rows = row - first;
        progress(pr);
        check_cancel(cancel);
      }
    }
    bool first = true;
    for (size_t c = 0; c < ncols; ++c) {
      const ColumnProtection& p = plan[c];
      if (p.action == ProtectAction::Drop) continue;
      if (!first) out += ',';
      first = false;
      const Column& col = table.columns[c];
      const std::string_view v = row < col.size() ? col.value(row) : std::string_view();
      if (p.action == ProtectAction::Keep) {
        write_csv_field(out, v);
        continue;
      }
      if (row >= col.size() || col.missing(row)) {
        if (!v.empty()) ++r.columns[c].changed;  // a null token becomes empty
        continue;
      }
      const std::string w = protect_value(v, p, kinds[c], key, regions[c]);
      if (w != v) ++r.columns[c].changed;
      if (w.empty()) ++r.columns[c].blanked;
      write_csv_field(out, w);
    }
    out += '\n';
    if (out.size() >= (1u << 16)) {
      sink(out);
      out.clear();
    }
  }
  check_cancel(cancel);
  for (size_t c = 0; c < ncols; ++c)
    if (plan[c].action == ProtectAction::Drop) r.columns[c].changed = r.rows;
  if (!out.empty()) sink(out);
  if (progress) {
    pr.done = pr.rows = r.rows;
    progress(pr);
  }
  return r;
}

std::string protect_summary_text(const ProtectResult& r) {
  std::string s;
  for (const ProtectColumnSummary& c : r.columns) {
    s += c.name + ": " + protect_action_name(c.action);
    if (c.action != ProtectAction::Keep && c.action != ProtectAction::Drop)
      s += " (as " + std::string(pii_kind_name(c.kind)) + "), " + std::to_string(c.changed) +
           " values changed";
    if (c.blanked) s += ", " + std::to_string(c.blanked) + " did not read and were left empty";
    s += "\n";
  }
  s += "rows: " + std::to_string(r.rows) + " in, " + std::to_string(r.rows) + " out\n";
  return s;
}

std::string pii_findings_json(const std::vector<PiiFinding>& findings) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const PiiFinding& f : findings) {
    a.push_back({{"column", f.column},
                 {"name", f.name},
                 {"kind", pii_kind_name(f.kind)},
                 {"checked", f.checked},
                 {"matched", f.matched},
                 {"evidence", f.evidence}});
  }
  return a.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string protect_result_json(const ProtectResult& r) {
  nlohmann::ordered_json j;
  j["rows"] = r.rows;
  j["columns"] = nlohmann::ordered_json::array();
  for (const ProtectColumnSummary& c : r.columns) {
    j["columns"].push_back({{"name", c.name},
                            {"action", protect_action_name(c.action)},
                            {"kind", pii_kind_name(c.kind)},
                            {"changed", c.changed},
                            {"blanked", c.blanked}});
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace crm
