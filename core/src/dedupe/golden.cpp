// Golden records: survivorship rules per column, lineage, unmerge / take a row out, rules JSON.
#include "crm/golden.h"

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "crm/csv.h"
#include "crm/infer.h"
#include "crm/profile.h"

namespace crm {

using nlohmann::json;

namespace {

constexpr const char* kCode = "bad_survivorship";

constexpr struct {
  SurvivorRule rule;
  const char* name;
} kRuleNames[] = {
    {SurvivorRule::MostRecent, "most_recent"},
    {SurvivorRule::MostComplete, "most_complete"},
    {SurvivorRule::MostFrequent, "most_frequent"},
    {SurvivorRule::Longest, "longest"},
    {SurvivorRule::First, "first"},
    {SurvivorRule::Oldest, "oldest"},
    {SurvivorRule::SourcePriority, "source_priority"},
};

/// The rule names joined for messages: "most_recent, most_complete, ...".
std::string rule_list() {
  std::string s;
  for (const auto& r : kRuleNames) s += (s.empty() ? "" : ", ") + std::string(r.name);
  return s;
}

/// `v` without surrounding ASCII whitespace.
std::string_view trim(std::string_view v) {
  const size_t b = v.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const size_t e = v.find_last_not_of(" \t\r\n");
  return v.substr(b, e - b + 1);
}

/// Number of UTF-8 code points of v (continuation bytes not counted).
size_t code_points(std::string_view v) {
  size_t n = 0;
  for (char c : v) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// Index of the column named `name`, or npos.
size_t column_index(const Table& t, std::string_view name) {
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c].name() == name) return c;
  }
  return std::string::npos;
}

/// "no column "x" (the file's columns: a, b, c)".
std::string no_column(const Table& t, std::string_view name) {
  std::string cols;
  for (size_t c = 0; c < t.columns.size() && c < 30; ++c) {
    cols += (c ? ", " : "") + t.columns[c].name();
  }
  if (t.columns.size() > 30) cols += ", ...";
  return "the file has no column \"" + std::string(name) + "\" (its columns: " + cols + ")";
}

/// A rule resolved against the table: column indices and source ranks.
struct Resolved {
  SurvivorRule rule = SurvivorRule::MostComplete;
  size_t date_col = std::string::npos;
  size_t source_col = std::string::npos;
  std::map<std::string, size_t, std::less<>> source_rank;
};

/// Resolves the rule of every column of the table (validating as it goes).
std::vector<Resolved> resolve(const SurvivorshipRules& rules, const Table& t) {
  std::vector<Resolved> out(t.columns.size());
  auto date_of = [&](const std::string& own, const std::string& what) -> size_t {
    const std::string& name = own.empty() ? rules.date_column : own;
    if (name.empty()) {
      throw InputError(kCode, what +
                                  " needs a date column: give \"date_column\" (a last-updated "
                                  "column such as updated_at) for the rule or for all rules");
    }
    const size_t c = column_index(t, name);
    if (c == std::string::npos) {
      throw InputError(kCode,
                       what + " uses date column \"" + name + "\", but " + no_column(t, name));
    }
    return c;
  };
  auto apply = [&](Resolved& r, SurvivorRule rule, const ColumnRule* cr, const std::string& col) {
    r = Resolved{};
    r.rule = rule;
    const std::string what =
        cr ? "the survivorship rule for column \"" + col + "\" (" + survivor_rule_name(rule) + ")"
           : std::string("the default survivorship rule (") + survivor_rule_name(rule) + ")";
    if (rule == SurvivorRule::MostRecent || rule == SurvivorRule::Oldest) {
      r.date_col = date_of(cr ? cr->date_column : std::string(), what);
    } else if (rule == SurvivorRule::SourcePriority) {
      if (!cr) {
        throw InputError(kCode,
                         "source_priority cannot be the default rule: it needs a source "
                         "column and an order, give it per column");
      }
      if (cr->source_column.empty()) {
        throw InputError(kCode, what +
                                    " needs \"source_column\": the column naming each row's "
                                    "source (e.g. source or import_batch)");
      }
      r.source_col = column_index(t, cr->source_column);
      if (r.source_col == std::string::npos) {
        throw InputError(kCode, what + " uses source column \"" + cr->source_column + "\", but " +
                                    no_column(t, cr->source_column));
      }
      if (cr->source_order.empty()) {
        throw InputError(kCode, what +
                                    " needs \"source_order\": the source values, most trusted "
                                    "first");
      }
      for (size_t i = 0; i < cr->source_order.size(); ++i) {
        r.source_rank.emplace(std::string(trim(cr->source_order[i])), i);
      }
    }
  };
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (rules.default_rule == SurvivorRule::SourcePriority) {
      apply(out[c], rules.default_rule, nullptr, t.columns[c].name());
    }
  }
  std::vector<bool> has_rule(t.columns.size(), false);
  for (const ColumnRule& cr : rules.columns) {
    const size_t c = column_index(t, cr.column);
    if (c == std::string::npos) {
      throw InputError(kCode, "the survivorship rule for column \"" + cr.column +
                                  "\": " + no_column(t, cr.column) +
                                  ". Remove the rule or rename it to a column of this file");
    }
    if (has_rule[c]) {
      throw InputError(kCode, "column \"" + cr.column + "\" has two survivorship rules: keep one");
    }
    has_rule[c] = true;
    apply(out[c], cr.rule, &cr, cr.column);
  }
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (!has_rule[c]) apply(out[c], rules.default_rule, nullptr, t.columns[c].name());
  }
  return out;
}

/// Chooses the row whose value survives in column `col` among `rows` (ascending).
class Chooser {
 public:
  /// Keeps references to the table and the per-row helpers.
  Chooser(const Table& t, const std::vector<uint32_t>& filled, const SurvivorshipRules& rules)
      : t_(t), filled_(filled), day_first_(rules.day_first) {}

  /// The surviving row of column `col` under rule `r`.
  uint64_t choose(const std::vector<uint64_t>& rows, size_t col, const Resolved& r) {
    const Column& column = t_.columns[col];
    present_.clear();
    for (uint64_t row : rows) {
      if (!column.missing(row)) present_.push_back(row);
    }
    if (present_.empty()) return rows.front();
    if (present_.size() == 1) return present_.front();
    switch (r.rule) {
      case SurvivorRule::First:
        return present_.front();
      case SurvivorRule::MostComplete:
        return best_by([&](uint64_t row) { return static_cast<double>(filled_[row]); });
      case SurvivorRule::Longest:
        return best_by(
            [&](uint64_t row) { return static_cast<double>(code_points(column.value(row))); });
      case SurvivorRule::MostRecent:
        return best_by([&](uint64_t row) { return date(r.date_col, row, false); });
      case SurvivorRule::Oldest:
        return best_by([&](uint64_t row) { return date(r.date_col, row, true); });
      case SurvivorRule::SourcePriority:
        return best_by([&](uint64_t row) {
          const Column& src = t_.columns[r.source_col];
          if (src.missing(row)) return -1e300;
          const auto it = r.source_rank.find(trim(src.value(row)));
          return it == r.source_rank.end() ? -1e300 : -static_cast<double>(it->second);
        });
      case SurvivorRule::MostFrequent: {
        counts_.clear();
        uint64_t best = present_.front();
        size_t best_count = 0;
        for (uint64_t row : present_) {
          auto [it, fresh] = counts_.try_emplace(column.value(row), 0, row);
          (void)fresh;
          ++it->second.first;
        }
        // Highest count; ties to the value seen first (its first row is smallest).
        for (const auto& [value, cr] : counts_) {
          if (cr.first > best_count || (cr.first == best_count && cr.second < best)) {
            best_count = cr.first;
            best = cr.second;
          }
        }
        return best;
      }
    }
    return present_.front();
  }

 private:
  /// The present row with the highest score; ties to the earliest row.
  template <typename Score>
  uint64_t best_by(Score score) {
    uint64_t best = present_.front();
    double best_score = score(best);
    for (size_t i = 1; i < present_.size(); ++i) {
      const double s = score(present_[i]);
      if (s > best_score) {
        best_score = s;
        best = present_[i];
      }
    }
    return best;
  }

  /// The date of a row as a score: later is higher (or earlier, for oldest); rows without a
  /// readable date rank below every row with one.
  double date(size_t col, uint64_t row, bool oldest) {
    const Column& c = t_.columns[col];
    if (c.missing(row)) return -1e300;
    const auto d = parse_date(trim(c.value(row)), day_first_);
    if (!d) return -1e300;
    return oldest ? -d->days() : d->days();
  }

  const Table& t_;
  const std::vector<uint32_t>& filled_;
  bool day_first_;
  std::vector<uint64_t> present_;
  std::unordered_map<std::string_view, std::pair<size_t, uint64_t>> counts_;
};

/// A column name not yet used in the table: `base`, else base_2, base_3...
std::string free_name(const Table& t, const std::string& base) {
  std::string name = base;
  for (int k = 2; column_index(t, name) != std::string::npos; ++k)
    name = base + "_" + std::to_string(k);
  return name;
}

}  // namespace

const char* survivor_rule_name(SurvivorRule r) {
  for (const auto& n : kRuleNames) {
    if (n.rule == r) return n.name;
  }
  return "most_complete";
}

bool parse_survivor_rule(std::string_view name, SurvivorRule& out) {
  for (const auto& n : kRuleNames) {
    if (name == n.name) {
      out = n.rule;
      return true;
    }
  }
  return false;
}

SurvivorshipRules suggest_survivorship(const Profile& profile) {
  SurvivorshipRules rules;
  rules.default_rule = SurvivorRule::MostComplete;
  for (const ColumnProfile& c : profile.columns) {
    const bool is_date = c.type == ValueType::Date || c.type == ValueType::DateTime;
    if (is_date && (column_hints(c.name) & kHintLastUpdated)) {
      rules.date_column = c.name;
      rules.day_first = c.day_first;
      break;
    }
  }
  if (rules.date_column.empty()) return rules;
  for (const ColumnProfile& c : profile.columns) {
    const uint32_t h = column_hints(c.name);
    const bool contact = (h & (kHintEmail | kHintPhone | kHintPostal | kHintCountry)) != 0 ||
                         c.type == ValueType::Email || c.type == ValueType::Phone;
    std::string lower;
    for (char ch : c.name) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    const bool address =
        lower.find("street") != std::string::npos || lower.find("address") != std::string::npos ||
        lower.find("city") != std::string::npos || lower.find("company") != std::string::npos;
    if ((contact || address) && c.name != rules.date_column && !(h & kHintId)) {
      rules.columns.push_back({c.name, SurvivorRule::MostRecent, {}, {}, {}});
    }
  }
  return rules;
}

void validate_survivorship(const SurvivorshipRules& rules, const Table& table) {
  (void)resolve(rules, table);
}

json survivorship_to_json(const SurvivorshipRules& rules) {
  json j;
  j["default"] = survivor_rule_name(rules.default_rule);
  if (!rules.date_column.empty()) j["date_column"] = rules.date_column;
  j["day_first"] = rules.day_first;
  json cols = json::array();
  for (const ColumnRule& c : rules.columns) {
    json o;
    o["column"] = c.column;
    o["rule"] = survivor_rule_name(c.rule);
    if (!c.date_column.empty()) o["date_column"] = c.date_column;
    if (!c.source_column.empty()) o["source_column"] = c.source_column;
    if (!c.source_order.empty()) o["source_order"] = c.source_order;
    cols.push_back(std::move(o));
  }
  j["columns"] = std::move(cols);
  return j;
}

SurvivorshipRules survivorship_from_json(const json& j) {
  if (!j.is_object()) {
    throw InputError(kCode,
                     "survivorship rules must be a JSON object like {\"default\": "
                     "\"most_complete\", \"columns\": [...]}");
  }
  auto str = [](const json& o, const char* key, const std::string& where) -> std::string {
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) return {};
    if (!it->is_string()) {
      throw InputError(kCode, where + ": \"" + key + "\" must be a string");
    }
    return it->get<std::string>();
  };
  auto rule_of = [&](const std::string& name, const std::string& where) {
    SurvivorRule r;
    if (!parse_survivor_rule(name, r)) {
      throw InputError(kCode, where + ": unknown rule \"" + name + "\"; use one of " + rule_list());
    }
    return r;
  };
  for (const auto& [key, value] : j.items()) {
    if (key != "default" && key != "date_column" && key != "day_first" && key != "columns") {
      throw InputError(kCode, "survivorship rules: unknown field \"" + key +
                                  "\" (fields: default, date_column, day_first, columns)");
    }
  }
  SurvivorshipRules rules;
  const std::string def = str(j, "default", "survivorship rules");
  rules.default_rule =
      def.empty() ? SurvivorRule::MostComplete : rule_of(def, "survivorship rules");
  rules.date_column = str(j, "date_column", "survivorship rules");
  if (const auto it = j.find("day_first"); it != j.end()) {
    if (!it->is_boolean())
      throw InputError(kCode, "survivorship rules: \"day_first\" must be true or false");
    rules.day_first = it->get<bool>();
  }
  const auto cols = j.find("columns");
  if (cols == j.end() || cols->is_null()) return rules;
  if (!cols->is_array()) {
    throw InputError(kCode,
                     "survivorship rules: \"columns\" must be an array of {\"column\", \"rule\"}");
  }
  for (size_t i = 0; i < cols->size(); ++i) {
    const json& o = (*cols)[i];
    const std::string where = "survivorship rule " + std::to_string(i + 1);
    if (!o.is_object())
      throw InputError(kCode, where + " must be an object {\"column\", \"rule\"}");
    for (const auto& [key, value] : o.items()) {
      if (key != "column" && key != "rule" && key != "date_column" && key != "source_column" &&
          key != "source_order") {
        throw InputError(kCode, where + ": unknown field \"" + key +
                                    "\" (fields: column, rule, date_column, source_column, "
                                    "source_order)");
      }
    }
    ColumnRule cr;
    cr.column = str(o, "column", where);
    if (cr.column.empty())
      throw InputError(kCode, where + " needs \"column\": the column it is for");
    const std::string rule = str(o, "rule", where);
    if (rule.empty())
      throw InputError(kCode, where + " (" + cr.column + ") needs \"rule\": one of " + rule_list());
    cr.rule = rule_of(rule, where + " (" + cr.column + ")");
    cr.date_column = str(o, "date_column", where);
    cr.source_column = str(o, "source_column", where);
    if (const auto it = o.find("source_order"); it != o.end() && !it->is_null()) {
      if (!it->is_array())
        throw InputError(kCode, where + ": \"source_order\" must be an array of strings");
      for (const json& s : *it) {
        if (!s.is_string())
          throw InputError(kCode, where + ": \"source_order\" must be an array of strings");
        cr.source_order.push_back(s.get<std::string>());
      }
    }
    rules.columns.push_back(std::move(cr));
  }
  return rules;
}

GoldenResult build_golden_records(const Table& table, const std::vector<uint64_t>& cluster_of,
                                  const SurvivorshipRules& rules, ProgressFn progress,
                                  CancelFlag cancel) {
  if (cluster_of.size() != table.rows) {
    throw InputError("bad_clusters", "the cluster list has " + group_thousands(cluster_of.size()) +
                                         " entries for " + group_thousands(table.rows) +
                                         " rows: give every row a cluster (singletons too)");
  }
  const std::vector<Resolved> resolved = resolve(rules, table);
  const size_t ncols = table.columns.size();
  if (table.rows >= UINT32_MAX) {
    throw InputError("too_large", "golden records take at most 4,294,967,294 rows");
  }

  // Group the rows by label (a cluster's id is its smallest row; clusters in the order of their
  // first rows): a group number per row, then the rows of each group in one flat array.
  std::vector<uint32_t> group_of(table.rows);
  std::vector<uint32_t> offsets;  // group g is members[offsets[g], offsets[g + 1])
  bool small_labels = true;       // every label a row number (the usual case): no hash table
  for (uint64_t label : cluster_of) small_labels = small_labels && label < table.rows;
  if (small_labels) {
    std::vector<uint32_t> slot(table.rows, UINT32_MAX);
    for (uint64_t row = 0; row < table.rows; ++row) {
      uint32_t& s = slot[cluster_of[row]];
      if (s == UINT32_MAX) {
        s = static_cast<uint32_t>(offsets.size());
        offsets.push_back(0);
      }
      group_of[row] = s;
      ++offsets[s];
    }
  } else {
    std::unordered_map<uint64_t, uint32_t> slot;
    slot.reserve(table.rows);
    for (uint64_t row = 0; row < table.rows; ++row) {
      auto [it, fresh] = slot.try_emplace(cluster_of[row], static_cast<uint32_t>(offsets.size()));
      if (fresh) offsets.push_back(0);
      group_of[row] = it->second;
      ++offsets[it->second];
    }
  }
  const size_t ngroups = offsets.size();
  uint32_t total = 0;
  for (uint32_t& o : offsets) {
    const uint32_t n = o;
    o = total;
    total += n;
  }
  offsets.push_back(total);
  std::vector<uint64_t> members(table.rows);
  {
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (uint64_t row = 0; row < table.rows; ++row) members[fill[group_of[row]]++] = row;
  }
  std::vector<uint32_t>().swap(group_of);

  std::vector<uint32_t> filled(table.rows, 0);
  for (size_t c = 0; c < ncols; ++c) {
    const Column& col = table.columns[c];
    for (uint64_t row = 0; row < table.rows; ++row) filled[row] += !col.missing(row);
  }

  GoldenResult res;
  res.clusters = ngroups;
  GoldenLineage& lin = res.lineage;
  lin.columns = table.names();
  lin.cluster_ids.reserve(ngroups);
  lin.cluster_sizes.reserve(ngroups);
  lin.merged_slot.reserve(ngroups);

  Table& out = res.table;
  out.dialect = table.dialect;
  out.null_tokens = table.null_tokens;
  out.rows = ngroups;
  for (size_t c = 0; c < ncols; ++c) {
    Column& col = out.columns.emplace_back(table.columns[c].name());
    col.reserve(ngroups, table.columns[c].byte_size());
  }
  Column id_col(free_name(table, "cluster_id"));
  Column rows_col(free_name(table, "source_rows"));
  id_col.reserve(ngroups, ngroups * 8);
  rows_col.reserve(ngroups, table.rows * 8);

  Chooser chooser(table, filled, rules);
  std::vector<uint64_t> rows;
  std::string buf;
  const uint64_t step = std::max<uint64_t>(1, ngroups / 100);
  for (size_t g = 0; g < ngroups; ++g) {
    rows.assign(members.begin() + offsets[g], members.begin() + offsets[g + 1]);
    if (g % step == 0) {
      check_cancel(cancel);
      if (progress) progress(Progress{"golden", g, ngroups, g});
    }
    lin.cluster_ids.push_back(rows.front());
    lin.cluster_sizes.push_back(static_cast<uint32_t>(rows.size()));
    if (rows.size() > 1) {
      lin.merged_slot.push_back(static_cast<uint32_t>(res.merged_groups));
      ++res.merged_groups;
      res.merged_rows += rows.size();
    } else {
      lin.merged_slot.push_back(GoldenLineage::kSingleton);
    }
    for (size_t c = 0; c < ncols; ++c) {
      const uint64_t src = rows.size() == 1 ? rows.front() : chooser.choose(rows, c, resolved[c]);
      if (rows.size() > 1) lin.source_rows.push_back(src);
      out.columns[c].append(table.columns[c].value(src), table.columns[c].missing(src));
    }
    buf = std::to_string(rows.front());
    id_col.append(buf, false);
    buf.clear();
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i) buf += ';';
      buf += std::to_string(rows[i]);
    }
    rows_col.append(buf, false);
  }
  out.columns.push_back(std::move(id_col));
  out.columns.push_back(std::move(rows_col));
  if (progress) progress(Progress{"golden", ngroups, ngroups, ngroups});
  return res;
}

uint64_t unmerge_cluster(std::vector<uint64_t>& cluster_of, uint64_t cluster_id) {
  // A cluster's id is its smallest row; labels other than that are matched by value too.
  uint64_t n = 0;
  for (uint64_t row = 0; row < cluster_of.size(); ++row) {
    if (cluster_of[row] == cluster_id) {
      cluster_of[row] = row;
      ++n;
    }
  }
  if (n == 0) {
    throw InputError("bad_cluster", "no row is in cluster " + std::to_string(cluster_id) +
                                        ": give the id shown in the cluster_id column");
  }
  return n;
}

void remove_from_cluster(std::vector<uint64_t>& cluster_of, uint64_t row) {
  if (row >= cluster_of.size()) {
    throw InputError("bad_row", "row " + std::to_string(row) + " is out of range: the file has " +
                                    group_thousands(cluster_of.size()) + " rows (0-based)");
  }
  const uint64_t id = cluster_of[row];
  cluster_of[row] = row;
  uint64_t new_id = std::numeric_limits<uint64_t>::max();
  for (uint64_t r = 0; r < cluster_of.size(); ++r) {
    if (r != row && cluster_of[r] == id && r < new_id) new_id = r;
  }
  if (new_id == std::numeric_limits<uint64_t>::max() || id != row) return;
  // The row was the cluster's id: the rest take their new smallest row.
  for (uint64_t r = 0; r < cluster_of.size(); ++r) {
    if (r != row && cluster_of[r] == id) cluster_of[r] = new_id;
  }
}

void write_lineage_csv(const GoldenLineage& lin,
                       const std::function<void(std::string_view)>& sink) {
  std::string out = "record,cluster_id,column,source_row\n";
  const size_t ncols = lin.columns.size();
  for (size_t rec = 0; rec < lin.cluster_ids.size(); ++rec) {
    if (lin.cluster_sizes[rec] < 2) continue;
    for (size_t c = 0; c < ncols; ++c) {
      out += std::to_string(rec);
      out += ',';
      out += std::to_string(lin.cluster_ids[rec]);
      out += ',';
      write_csv_field(out, lin.columns[c]);
      out += ',';
      out += std::to_string(lin.source_row(rec, c));
      out += '\n';
    }
    if (out.size() >= (1u << 20)) {
      sink(out);
      out.clear();
    }
  }
  if (!out.empty()) sink(out);
}

}  // namespace crm
