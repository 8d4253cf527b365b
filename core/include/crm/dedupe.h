// Finding duplicate records: standardized match keys, blocking rules, comparators with levels,
// Fellegi–Sunter scoring trained by EM (u from random pairs, m and the prior by EM with u
// fixed), clustering with a guard against chained clusters, and the model as JSON. Works on one
// table (dedupe) or links two (a ⋈ b).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crm/common.h"
#include "crm/generate.h"
#include "crm/golden.h"
#include "crm/profile.h"
#include "crm/table.h"

namespace crm {

/// How two values of one compared column are told apart; each kind has fixed levels.
enum class CompareKind : uint8_t {
  Name,     // person names: exact, nickname, swapped given/family, JW 0.92/0.88, phonetic, ...
  Text,     // short text (city, state): exact, JW 0.92 / 0.88 / 0.70
  Street,   // multi-word text (street, company): exact, JW 0.92, token-set Jaccard, JW 0.80
  Email,    // exact (case-insensitive), same local part, JW 0.88
  Phone,    // exact E.164, same last 7 digits
  Date,     // exact, one edit, day and month swapped, within a year
  Code,     // identifiers and postcodes: exact, Damerau-Levenshtein <= 1 / <= 2
  Number,   // exact, within a tolerance
  Country,  // the same ISO 3166 country (names, codes and aliases read alike)
  Exact,    // exact (folded) only
};

/// Stable name of a kind ("name", "text", ...).
const char* compare_kind_name(CompareKind k);
/// Parses a kind name; false when unknown.
bool parse_compare_kind(std::string_view s, CompareKind& out);
/// Names of the levels of a kind, level 0 first ("missing", "exact", ..., "else").
const std::vector<std::string>& compare_levels(CompareKind k);

/// What a compared column holds (for swapped names, blocking keys and nicknames).
enum class FieldRole : uint8_t {
  Other,
  GivenName,
  FamilyName,
  FullName,
  Email,
  Phone,
  BirthDate,
  Street,
  StreetNumber,
  City,
  Postcode,
  State,
  Country,
  Company,
  Identifier
};
/// Stable name of a role ("given_name", ...).
const char* field_role_name(FieldRole r);
/// Parses a role name; false when unknown.
bool parse_field_role(std::string_view s, FieldRole& out);

/// One compared column with its trained probabilities (m and u per level; level 0, missing,
/// is neutral and has none).
struct CompareField {
  std::string column;  // column name (the same in both files when linking)
  CompareKind kind = CompareKind::Text;
  FieldRole role = FieldRole::Other;
  bool tf = false;        // term-frequency adjustment of the exact level
  double tolerance = 0;   // Number: the largest relative difference of the "within" level
  std::vector<double> m;  // P(level | match), one per level (m[0] unused)
  std::vector<double> u;  // P(level | non-match), one per level (u[0] unused)
};

/// Derived keys a blocking rule can compare (each a function of one column's standardized key).
enum class BlockKey : uint8_t {
  Value,     // the whole standardized key
  Phonetic,  // primary Double Metaphone code of the key (crm/keys.h)
  Initial,   // first letter
  First3,    // first three characters
  Year,      // the year of a date
  Last7,     // last seven digits of a phone
  Sorted,    // the key's words sorted (fingerprint)
};

/// Stable name of a block key ("value", "phonetic", ...).
const char* block_key_name(BlockKey k);
/// Parses a block key name; false when unknown.
bool parse_block_key(std::string_view s, BlockKey& out);

/// One part of a blocking rule: a derived key of one column.
struct BlockPart {
  std::string column;
  BlockKey key = BlockKey::Value;
};

/// A blocking rule: pairs whose parts are all equal (and none missing) are compared; with a
/// window, a sorted-neighbourhood rule: rows sorted by their parts (joined, then by row), each
/// compared with the next window − 1 rows (rows with a part missing are left out).
struct BlockRule {
  std::vector<BlockPart> parts;
  uint32_t window = 0;  // 0: equality; 2..1000: sorted neighbourhood of this many rows
};

/// The rule as text, e.g. "phonetic(last_name) + initial(first_name)".
std::string block_rule_text(const BlockRule& rule);

/// Everything needed to run the same dedupe again: what is compared, how pairs are chosen and
/// the trained probabilities.
struct DedupeModel {
  std::vector<CompareField> fields;
  std::vector<BlockRule> rules;
  double lambda = 0;        // prior probability that two random records match (0: train)
  double threshold = 0.99;  // pairs at or above this match probability are linked
  double strong = 0.9999;   // clusters of 3+: a bridging link below this is cut (chaining guard)
  bool trained = false;     // m, u and lambda are set (a loaded model is used as it is)
  SurvivorshipRules survivorship;  // how the merged record of a cluster is built (golden.h)
  bool has_survivorship = false;   // survivorship was given (else a run suggests it from the
                                   // profile, and the result's model carries the suggestion)
};

/// One labelled pair from the review (rows 0-based, a < b): the same customer or not.
struct DedupeLabel {
  uint32_t a = 0, b = 0;
  bool match = false;  // true: the same customer (accept); false: not (reject, split)
};

/// Options of a dedupe run.
struct DedupeOptions {
  DedupeModel model;                // fields empty: suggested from the profile
  bool use_model = false;           // use `model` as given (else suggest, then train)
  double threshold = -1;            // overrides the model's threshold when >= 0
  uint64_t pair_budget = 60000000;  // refuse blocking rules producing more pairs than this
  uint64_t u_samples = 400000;      // random pairs that estimate u
  uint64_t seed = 42;               // seed of the random pairs
  uint32_t em_iterations = 40;
  bool keep_pairs = true;        // keep the scored pairs in the result (review, JSON)
  double keep_pairs_min = 0.01;  // kept pairs: probability at least this
  const Table* other = nullptr;  // link: the second file (b); null: dedupe one file
  const Profile* other_profile = nullptr;
  std::vector<DedupeLabel> labels;  // review labels: refine m and the prior after training
  uint32_t threads = 0;  // native threads for keys, blocking, u and comparisons (0: one per
                         // core, at most 4; the WebAssembly build uses one); any number
                         // gives the same result
};

/// One scored pair (rows are indices into the combined rows: a's rows, then b's).
struct ScoredPair {
  uint32_t a = 0, b = 0;
  float weight = 0;       // match weight (log2 Bayes factor plus prior log-odds)
  float probability = 0;  // match probability
  uint64_t levels = 0;    // 4 bits per field: the level of each compared column
};

/// Per-rule blocking figures.
struct RuleCount {
  std::string rule;
  uint64_t estimated = 0;  // pairs the rule makes on its own (from key frequencies)
  uint64_t new_pairs = 0;  // pairs it added that earlier rules had not
};

/// Time spent per phase, in milliseconds.
struct DedupeTimings {
  double keys = 0, blocking = 0, u = 0, compare = 0, em = 0, score = 0, cluster = 0;
};

/// What a dedupe run found.
struct DedupeResult {
  DedupeModel model;  // the model used (trained)
  bool link = false;  // a ⋈ b
  uint64_t rows_a = 0, rows_b = 0;
  uint64_t pairs_compared = 0;
  uint64_t pairs_total = 0;  // all pairs there are (n(n-1)/2, or na·nb)
  std::vector<RuleCount> rules;
  uint64_t pairs_linked = 0;       // pairs at or above the threshold
  uint64_t bridges_cut = 0;        // weak links cut by the chaining guard
  std::vector<uint32_t> cluster;   // per row (a then b): cluster id = its smallest row
  std::vector<float> probability;  // per row: its best link inside its cluster (0 singleton)
  uint64_t clusters = 0;           // clusters of two or more rows
  uint64_t rows_in_clusters = 0;   // rows in clusters of two or more
  uint64_t largest_cluster = 0;
  std::vector<ScoredPair> pairs;     // scored pairs at or above keep_pairs_min (by a, b)
  std::vector<float> contributions;  // per kept pair, per compared column: its match weight
                                     // (pairs.size() × fields, row-major); with prior_weight they
                                     // sum to the pair's weight
  double prior_weight = 0;           // log2(lambda / (1 - lambda))
  std::vector<uint64_t> weight_histogram;  // pairs compared per whole match weight
  int weight_histogram_min = 0;            // weight of weight_histogram[0]
  std::vector<std::string> warnings;
  DedupeTimings timings;
  uint64_t labelled_matches = 0;      // labelled pairs that refined m (DedupeOptions::labels)
  uint64_t labelled_non_matches = 0;  // labelled non-matching pairs that refined m
};

/// The comparison setup suggested for a table: compared columns and blocking rules. Unique
/// identifiers, provenance and update-time columns are left out. `other`: the second file of
/// a link (only columns both have).
DedupeModel suggest_dedupe_model(const Table& table, const Profile& profile,
                                 const Table* other = nullptr);

/// The compared columns of the suggested setup alone (no blocking rules: nothing is keyed or
/// counted), as suggest_dedupe_model chooses them.
DedupeModel suggest_dedupe_fields(const Table& table, const Profile& profile);

/// Pairs each rule would make on its own (from key frequencies; nothing is compared).
std::vector<RuleCount> estimate_block_pairs(const Table& table, const Profile& profile,
                                            const DedupeModel& model, const Table* other = nullptr,
                                            const Profile* other_profile = nullptr);

/// Runs the dedupe (or link): keys, blocking, training unless the model is trained, scoring and
/// clustering. Throws InputError for a setup that cannot run (missing columns, too many pairs).
DedupeResult run_dedupe(const Table& table, const Profile& profile, const DedupeOptions& options,
                        ProgressFn progress = {}, CancelFlag cancel = nullptr);

/// The model as JSON text ({"crmwb_dedupe_model": 1, ...}).
std::string dedupe_model_to_json(const DedupeModel& model);
/// Reads a model; InputError naming the problem for anything malformed.
DedupeModel parse_dedupe_model(std::string_view json);
/// Reads review decisions ({"crmwb_dedupe_labels": 1, "threshold", "decisions": [{"action":
/// accept | reject | split, "cluster", "rows", "row"}]}, as the page exports them) into labelled
/// pairs: accept labels every pair of `rows` a match, reject every pair a non-match, split the
/// pairs of `row` with the other rows non-matches; a later decision on a pair wins. Rows must
/// be below `rows` (the file's data rows). InputError naming the decision for anything malformed.
std::vector<DedupeLabel> parse_dedupe_labels(std::string_view json, uint64_t rows);
/// Checks that every column the model uses exists in `table` (InputError naming it).
void check_dedupe_columns(const DedupeModel& model, const Table& table, const char* which);

/// Writes the cluster map CSV: `row,cluster_id,match_probability`, one line per row (rows of a
/// link written `a:17` / `b:42`). match_probability: the row's strongest link inside its
/// cluster, 4 decimals; 0.0000 for a row on its own (it is linked to no other row).
void write_clusters_csv(const DedupeResult& result, const ByteSink& sink);

/// The golden records of a run: crm::build_golden_records over the result's clusters with the
/// result model's survivorship rules (the model's default rules when it has none). A link
/// builds them over a's rows then b's (b's columns matched by name; a column b lacks is missing
/// in b's rows), so lineage rows are combined rows: a's row r is r, b's row r is rows_a + r.
GoldenResult dedupe_golden_records(const Table& table, const DedupeResult& result,
                                   const Table* other = nullptr, ProgressFn progress = {},
                                   CancelFlag cancel = nullptr);

/// Writes one golden record per cluster (singletons unchanged) with the added columns
/// `cluster_id` and `source_rows`, in order of cluster id (dedupe_golden_records). `other`: the
/// second file of a link (ids and rows then written a:17 / b:42).
void write_deduped_csv(const Table& table, const DedupeResult& result, const ByteSink& sink,
                       const Table* other = nullptr);
/// The same from golden records already built by dedupe_golden_records for `result`.
void write_deduped_csv(const GoldenResult& golden, const DedupeResult& result,
                       const ByteSink& sink);

/// Writes the lineage of golden records built by dedupe_golden_records for `result`:
/// `record,cluster_id,column,source_row`, one line per cell of each record that merged two or
/// more rows (as crm::write_lineage_csv; a link writes ids and rows as a:17 / b:42).
void write_dedupe_lineage_csv(const GoldenResult& golden, const DedupeResult& result,
                              const ByteSink& sink);

/// One row of a table compared with a given record (match_record).
struct RecordMatch {
  uint32_t row = 0;
  double weight = 0;         // the evidence: Σ over compared fields of their level's weight
  uint64_t levels = 0;       // 4 bits per field of the model used (level 0: missing)
  std::vector<float> parts;  // per field of the model used: its weight
};

/// Compares one record with every row of `table` (as Splink's compare_two_records, against a
/// whole table), with the standardized keys and comparator levels of a dedupe run. `record`
/// gives values by column name; `model` keeps only the fields whose column the record gives a
/// value for, in order. The weights are the record's own: per field and level l seen against it,
/// m_l is the model's m (default_m when untrained), the agreeing levels' m scaled to share
/// 1 − m_else over the levels seen (m_else, of "else", kept within [1e-6, 0.5]; a name given as
/// one letter shares it alike over "exact" and "initial", its other levels weighing as "else"),
/// and u_l
/// the share of the table's other rows at l ((rows at l − 1 + 0.5) / (rows present − 1 + 0.5 ×
/// levels seen)): the chance that another person's row compares so; weight = log2(m_l / u_l),
/// 0 when missing. Returns the rows whose total weight exceeds `min_weight`, highest first (ties:
/// lower row first). Reports stages "keys" and "compare"; throws Cancelled.
std::vector<RecordMatch> match_record(
    const Table& table, const Profile& profile,
    const std::vector<std::pair<std::string, std::string>>& record, DedupeModel& model,
    double min_weight = 0, ProgressFn progress = {}, CancelFlag cancel = nullptr,
    uint32_t threads = 0);

/// The m of an untrained field of `kind`: the agreeing levels (exact first) share 0.95, each a
/// quarter of the one before; the last level ("else") gets 0.05. m[0] (missing) is 0.
std::vector<double> default_m(CompareKind kind);

}  // namespace crm
