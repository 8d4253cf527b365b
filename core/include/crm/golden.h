// Golden records: one surviving record per duplicate cluster, built column by column by a
// survivorship rule, with lineage (the source row of every cell).
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "crm/common.h"
#include "crm/table.h"

namespace crm {

struct Profile;

/// How a column's surviving value is chosen among a cluster's rows. Missing values never win
/// over present ones; every tie goes to the earliest row.
enum class SurvivorRule : uint8_t {
  MostRecent,      // the row with the latest date in the rule's date column
  MostComplete,    // the row with the most non-missing fields
  MostFrequent,    // the value seen most often (ties: the one seen first)
  Longest,         // the longest value (in characters)
  First,           // the first row (row order)
  Oldest,          // the row with the earliest date in the rule's date column
  SourcePriority,  // the row whose source column value comes first in an ordered list
};

/// Name of a rule as written in JSON ("most_recent", "most_complete", "most_frequent",
/// "longest", "first", "oldest", "source_priority").
const char* survivor_rule_name(SurvivorRule r);

/// Parses a rule name (see survivor_rule_name); false for anything else.
bool parse_survivor_rule(std::string_view name, SurvivorRule& out);

/// The rule of one column.
struct ColumnRule {
  std::string column;
  SurvivorRule rule = SurvivorRule::MostComplete;
  std::string date_column;                // MostRecent / Oldest; empty: the rules' date_column
  std::string source_column;              // SourcePriority: the column naming each row's source
  std::vector<std::string> source_order;  // SourcePriority: source values, most trusted first
};

/// Survivorship rules of a table: a default rule plus per-column overrides.
struct SurvivorshipRules {
  SurvivorRule default_rule = SurvivorRule::MostComplete;
  std::string date_column;  // the last-updated column used by MostRecent / Oldest by default
  bool day_first = false;   // read ambiguous slash dates (05/03/2021) day first
  std::vector<ColumnRule> columns;
};

/// Rules suggested from a profile: when a last-updated date column exists, most recent for the
/// contact fields (email, phone, street, city, postal code, country, company) and most complete
/// for the rest; without one, most complete everywhere.
SurvivorshipRules suggest_survivorship(const Profile& profile);

/// Checks the rules against a table: every column they name must exist, MostRecent / Oldest need
/// a date column, SourcePriority a source column and a non-empty order. Throws InputError
/// ("bad_survivorship") naming the rule and what to do.
void validate_survivorship(const SurvivorshipRules& rules, const Table& table);

/// The rules as JSON: {"default": "...", "date_column": "...", "day_first": false,
/// "columns": [{"column", "rule", "date_column"?, "source_column"?, "source_order"?}]}.
nlohmann::json survivorship_to_json(const SurvivorshipRules& rules);

/// Reads rules from JSON (see survivorship_to_json); throws InputError ("bad_survivorship")
/// naming the field and the problem.
SurvivorshipRules survivorship_from_json(const nlohmann::json& j);

/// Where every cell of the golden records came from.
struct GoldenLineage {
  /// merged_slot value of a record that is one row (a singleton).
  static constexpr uint32_t kSingleton = UINT32_MAX;

  std::vector<std::string> columns;     // the input's column names
  std::vector<uint64_t> cluster_ids;    // per output record: its cluster id (smallest row)
  std::vector<uint32_t> cluster_sizes;  // per output record: rows merged into it
  std::vector<uint32_t> merged_slot;    // per output record: its index among the merged records,
                                        // or kSingleton (every cell from the record's own row)
  std::vector<uint64_t> source_rows;    // merged records × columns, row-major: the 0-based row

  /// The input row that cell (record, column) came from.
  uint64_t source_row(size_t record, size_t column) const {
    const uint32_t slot = merged_slot[record];
    return slot == kSingleton ? cluster_ids[record] : source_rows[slot * columns.size() + column];
  }
};

/// Golden records and their lineage.
struct GoldenResult {
  /// One record per cluster in cluster-id order (singletons unchanged), the input's columns plus
  /// `cluster_id` (smallest row of the cluster) and `source_rows` (its rows, "3;17;42").
  Table table;
  GoldenLineage lineage;
  uint64_t clusters = 0;       // output records
  uint64_t merged_rows = 0;    // input rows that went into a cluster of more than one
  uint64_t merged_groups = 0;  // clusters of more than one row
};

/// Builds one record per cluster. `cluster_of[row]` labels each input row's cluster (normally
/// the cluster's smallest row, as the dedupe clusters CSV has it; any labels work: rows with
/// the same label form one cluster, and its id becomes its smallest row). Throws InputError when
/// the labels do not cover every row or the rules do not fit the table (validate_survivorship).
GoldenResult build_golden_records(const Table& table, const std::vector<uint64_t>& cluster_of,
                                  const SurvivorshipRules& rules, ProgressFn progress = {},
                                  CancelFlag cancel = nullptr);

/// Splits the cluster with id `cluster_id` into singletons (every row its own cluster). Returns
/// how many rows it had; throws InputError when no row has that cluster id.
uint64_t unmerge_cluster(std::vector<uint64_t>& cluster_of, uint64_t cluster_id);

/// Takes `row` out of its cluster: it becomes a singleton, and when it was the cluster's id (its
/// smallest row) the others take the new smallest row as id. Throws InputError when `row` is
/// out of range.
void remove_from_cluster(std::vector<uint64_t>& cluster_of, uint64_t row);

/// The lineage as CSV, header `record,cluster_id,column,source_row` (record = 0-based row of the
/// golden file), one line per cell of the records that merged more than one row; a singleton's
/// cells all come from its own row and are left out.
void write_lineage_csv(const GoldenLineage& lineage,
                       const std::function<void(std::string_view)>& sink);

}  // namespace crm
