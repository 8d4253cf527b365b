// The one facade the CLI and the WebAssembly bindings call: load, profile, convert.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "crm/analysis.h"
#include "crm/clean.h"
#include "crm/csv.h"
#include "crm/dedupe.h"
#include "crm/generate.h"
#include "crm/person.h"
#include "crm/profile.h"
#include "crm/rules.h"
#include "crm/segment.h"
#include "crm/spelling.h"
#include "crm/table.h"
#include "crm/view.h"

namespace crm {

/// Output formats of convert.
enum class ExportFormat { Csv, Json, Jsonl };

/// Parses "csv", "json" or "jsonl" (or a file name ending in one); false when unknown.
bool parse_export_format(std::string_view name_or_path, ExportFormat& out);

/// Options for export.
struct ExportOptions {
  ExportFormat format = ExportFormat::Csv;
  bool bom = false;         // CSV only: UTF-8 BOM for Excel
  bool neutralize = false;  // CSV only: prefix cells a spreadsheet could run (formula_risk) with '
  bool view_only = false;   // only the rows of the current view, in view order
};

/// What an export did besides writing bytes.
struct ExportStats {
  uint64_t neutralized = 0;  // CSV cells (header included) given a leading ' (formula_risk)
};

/// Rows of the current view: their table row numbers, values and CellFlag bits.
struct ViewWindow {
  std::vector<uint32_t> index;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<uint8_t>> flags;
};

/// One applied (or undone) step as the history shows it.
struct HistoryEntry {
  RecipeStep step;
  bool applied = true;  // false: undone (redo() brings it back)
  uint64_t changed = 0, flagged = 0, missing = 0, dropped = 0;
  uint64_t rows = 0;  // rows after the step
  uint64_t id = 0;    // this version's number, never given to another version of the workbench
};

/// Holds one loaded table and runs the operations on it.
class Workbench {
 public:
  Workbench();
  ~Workbench();

  /// Starts loading a new file (drops any loaded table).
  void begin_load(const CsvOptions& options, ProgressFn progress = {}, CancelFlag cancel = nullptr);
  /// Feeds the next chunk of the file being loaded.
  void feed(const void* data, size_t size);
  /// Ends loading; the table becomes available. Throws InputError.
  void finish_load();
  /// True when a table is loaded.
  bool loaded() const { return table_ != nullptr; }
  /// The loaded table (throws std::logic_error if none).
  const Table& table() const;
  /// Bytes fed so far in the current load.
  uint64_t bytes_loaded() const;
  /// Rows parsed so far in the current load.
  uint64_t rows_loaded() const;

  /// Profiles the loaded table and keeps the result for views, together with its per-row verdicts
  /// (ProfileOptions::row_verdicts is always on here).
  const Profile& profile(const ProfileOptions& options = {}, ProgressFn progress = {},
                         CancelFlag cancel = nullptr);
  /// The same in steps, one column each, for a caller that must take messages in between:
  /// begin_profile(), then profile_step() until it returns false, then finish_profile().
  void begin_profile(const ProfileOptions& options = {});
  /// Profiles the next column; false when none was left. `done`/`total`: columns.
  bool profile_step(size_t& done, size_t& total, CancelFlag cancel = nullptr);
  const Profile& finish_profile(CancelFlag cancel = nullptr);
  /// Recomputes only the quality score of the kept profile with other options (timeliness
  /// window, reference day, last-update column, weights); the view is reset. Needs profile().
  const Profile& rescore(const QualityOptions& options);
  /// Writes the loaded table in `options.format` to `sink`, in chunks.
  ExportStats export_table(const ExportOptions& options, const ByteSink& sink,
                           CancelFlag cancel = nullptr) const;

  /// Runs validation rules on the loaded table (`other`: the second file of in_column rules),
  /// after checking that every column they name exists (InputError naming the rule).
  ValidationReport validate(const Rules& rules, const Table* other = nullptr,
                            const ValidateOptions& options = {}, CancelFlag cancel = nullptr) const;
  /// Starts running validation rules on the current version, one rule per validate_step() (a
  /// caller can take messages in between), after checking that every column they name exists
  /// (InputError naming the rule). `other`: the second file of in_column rules (copied: cheap).
  void begin_validate(const Rules& rules, const Table* other = nullptr,
                      const ValidateOptions& options = {});
  /// Runs the next rule; false when none was left. `done`/`total`: rules. Throws Cancelled (the
  /// run is dropped; the last finished report stays).
  bool validate_step(size_t& done, size_t& total, CancelFlag cancel = nullptr);
  /// Ends the run: keeps the report for views (the "rule" filter) and sets the accuracy dimension
  /// of the current profile's quality score (records passing every rule / records). Needs
  /// profile() first.
  const ValidationReport& finish_validate();
  /// begin_validate, every step and finish_validate in one call.
  const ValidationReport& run_rules(const Rules& rules, const Table* other = nullptr,
                                    const ValidateOptions& options = {},
                                    CancelFlag cancel = nullptr);
  /// Forgets the kept report; the current profile's accuracy becomes null again.
  void clear_validation();
  /// The kept report when it was run on the current table version (same columns), else null.
  const ValidationReport* validation() const;
  /// Failing rows (ascending) of rule `index` (1-based) of the kept report, or of any rule with
  /// index 0; null when there is no current report or no such rule.
  std::shared_ptr<const std::vector<uint32_t>> rule_rows(size_t index) const;
  /// Runs `step` on the current version without keeping the result (counts and samples).
  /// `number` names the step in messages (0: the number it would get in the history).
  StepResult preview_step(const RecipeStep& step, ProgressFn progress = {},
                          CancelFlag cancel = nullptr, size_t number = 0) const;
  /// Applies `step` to the current version: a new version replaces any redo versions. With
  /// `reprofile`, the new version is profiled (views need it; progress stage "profile"). A
  /// failed or cancelled step
  /// changes nothing. Step defaults come from the loaded file's profile (see base_profile).
  const HistoryEntry& apply_step(const RecipeStep& step, ProgressFn progress = {},
                                 CancelFlag cancel = nullptr, bool reprofile = true,
                                 size_t number = 0);
  /// Checks the recipe's columns, then applies every step; on an error or a cancel nothing
  /// changes (the versions added are dropped again). Profiles the result once with `reprofile`.
  void apply_recipe(const Recipe& recipe, ProgressFn progress = {}, CancelFlag cancel = nullptr,
                    bool reprofile = true);
  /// Steps back one version (false at the loaded file). O(1) when its profile is kept.
  bool undo();
  /// Steps forward one undone version (false when there is none).
  bool redo();
  /// Index of the current version (0 = the loaded file).
  size_t version() const { return current_; }
  /// The loaded file's row (0-based, as edit_cell and the change log count) of current row `row`.
  uint64_t original_row(size_t row) const;
  /// Every step applied since loading, undone ones (redo-able) last.
  std::vector<HistoryEntry> history() const;
  /// The applied steps as a recipe; `portable` leaves out row-specific steps (edit_cell).
  Recipe recipe(bool portable = false) const;
  /// Writes the change log CSV (row,column,before,after,step,note) of the applied steps; a row
  /// an erase_rows step removed has no value written, from any step (only row, column, step).
  void change_log(const ByteSink& sink, CancelFlag cancel = nullptr) const;
  /// The day (days since 1970-01-01) age and days_since measure to when a step gives none.
  void set_today(int64_t day) { today_ = day; }
  /// The current version's profile, or null when it has not been computed.
  const Profile* current_profile() const { return profile_.get(); }
  /// The profile of the loaded file (step defaults), or null before profile().
  const Profile* base_profile() const { return base_profile_.get(); }

  /// Spelling clusters of `column` in the current version (see crm::spelling_clusters); throws
  /// InputError (code "missing_column") naming the columns there are when it does not exist.
  SpellingClusters spelling_clusters(const std::string& column, ClusterMethod method,
                                     const SpellingOptions& options = {}, ProgressFn progress = {},
                                     CancelFlag cancel = nullptr) const;
  /// Writes the rows the applied drop_rows steps (not erase_rows) removed as CSV: `row` (the 0-based row of the
  /// loaded file), then that row as loaded, in row order. Only the header when none was dropped.
  void dropped_rows(const ByteSink& sink, CancelFlag cancel = nullptr) const;
  /// Finds duplicate records in the current version (or links it with `options.other`), with
  /// the suggested setup unless `options.use_model`; profiles the table first when needed.
  /// Throws InputError for a setup that cannot run, Cancelled when cancelled.
  DedupeResult dedupe(const DedupeOptions& options, ProgressFn progress = {},
                      CancelFlag cancel = nullptr);
  /// The suggested dedupe setup for the current version (profiles it first when needed).
  DedupeModel suggest_dedupe(const Table* other = nullptr);
  /// After dedupe() of the current version (not a link), its clusters count in the current
  /// profile's uniqueness (QualityScore::fuzzy_duplicates, set_fuzzy_duplicates) until the table
  /// changes; a later dedupe replaces them. Forgets them (uniqueness as profiled again).
  void clear_dedupe();
  /// After review decisions on the last dedupe of the current version: its clusters become
  /// `cluster` (per row its cluster id, the cluster's smallest row) in the quality score. Does
  /// nothing when the last dedupe ran on another version or was a link.
  void set_dedupe_clusters(const std::vector<uint64_t>& cluster);
  /// Clusters the kept pairs of `result` again at match probability `threshold` (and the model's
  /// chaining guard), as a run with that threshold would: cluster, probability, pairs_linked,
  /// bridges_cut and the cluster counts change. Exact for thresholds at or above the run's
  /// DedupeOptions::keep_pairs_min (the pairs below it were not kept).
  static void recluster_dedupe(DedupeResult& result, double threshold);
  /// Finds one person's records in the current version (crm::find_person; profiles it first
  /// when needed): rows found carry their loaded-file row (what an erase_rows step names).
  PersonSearch find_person(const PersonQuery& query, const DedupeModel* model = nullptr,
                           ProgressFn progress = {}, CancelFlag cancel = nullptr);
  /// Joins `orders` to the current version and segments the customers (SegmentOptions::method;
  /// rfm so far). The result's table is the current version plus the added columns; it becomes
  /// a version only through add_columns. InputError for a missing column or an unknown method.
  SegmentResult segment(const Table& orders, const SegmentOptions& options,
                        ProgressFn progress = {}, CancelFlag cancel = nullptr) const;
  /// Joins `orders` to the current version: the match report and the customers with the order
  /// aggregate columns (first_order, last_order, order_count, total_amount, avg_amount,
  /// distinct_categories) in `table` (not yet a version: see add_columns).
  OrderAggregates join_orders(const Table& orders, const JoinOptions& options,
                              Table* table = nullptr, ProgressFn progress = {},
                              CancelFlag cancel = nullptr) const;
  /// Makes `table` (the current version with columns added at its end, such as
  /// SegmentResult::table) the next version, named `op` in the history (a row-specific step:
  /// portable recipes leave it out). Profiles it with `reprofile`. With `replace`, an added column
  /// whose name, less a `_N` suffix, is that of a column an earlier step of the history added
  /// (join_orders or segment_*) takes that column's place and name instead of being appended (a
  /// re-run replaces its result); the step's `as` lists the final names. InputError when `table`
  /// is not the current version plus columns.
  const HistoryEntry& add_columns(Table table, const std::string& op, bool reprofile = true,
                                  CancelFlag cancel = nullptr, bool replace = false);

  /// The columns history step `index` added (1-based, as history() lists them; a join_orders or
  /// segment_* step), as that step left them: CSV with a header, a first column `row` (0-based)
  /// and the columns named in the step's `as`. InputError for another step or no such step.
  std::string result_columns_csv(size_t index) const;
  /// Makes the columns of `csv` (as result_columns_csv wrote them) the next version as step
  /// `op` (join_orders or segment_*) did: a column named as one an earlier such step added takes
  /// its place, others are appended (add_columns with replace). For a saved project whose
  /// results cannot be computed again. InputError when `csv` does not fit the current version.
  const HistoryEntry& restore_result_columns(const std::string& op, std::string_view csv,
                                             bool reprofile = true, CancelFlag cancel = nullptr);

  /// Sets the grid's view (filters and sort; needs profile() first); returns its row count.
  size_t set_view(const ViewSpec& spec, CancelFlag cancel = nullptr);
  /// Rows of the current view (all rows in table order until set_view is called).
  size_t view_size() const;
  /// Rows [begin, end) of the current view, clamped, with cell flags.
  ViewWindow view_window(size_t begin, size_t end) const;

  // Analysis of the current version (crm/analysis.h). Features read decimal commas where the
  // current profile found them. Each throws InputError on bad input.
  /// The feature matrix of chosen columns.
  ml::Features ml_features(const ml::FeatureOptions& options) const;
  /// k-means with cluster profiles.
  ClusterAnalysis ml_kmeans(const ml::FeatureOptions& features, const ml::KMeansOptions& options,
                            ProgressFn progress = {}, CancelFlag cancel = nullptr) const;
  /// The k chooser for k = 2..k_max.
  KChoiceAnalysis ml_choose_k(const ml::FeatureOptions& features, const ml::KMeansOptions& base,
                              int k_max = 10, ProgressFn progress = {},
                              CancelFlag cancel = nullptr) const;
  /// PCA with pc1, pc2 scores.
  PcaAnalysis ml_pca(const ml::FeatureOptions& features, CancelFlag cancel = nullptr,
                     ProgressFn progress = {}) const;
  /// DBSCAN; eps ≤ 0 means suggest it from the k-distance curve.
  DbscanAnalysis ml_dbscan(const ml::FeatureOptions& features, double eps, int min_samples,
                           ProgressFn progress = {}, CancelFlag cancel = nullptr) const;
  /// Isolation Forest scores and the `top` highest.
  AnomalyAnalysis ml_anomalies(const ml::FeatureOptions& features,
                               const ml::IForestOptions& options, size_t top = 20,
                               ProgressFn progress = {}, CancelFlag cancel = nullptr) const;
  /// Local Outlier Factor scores with `neighbors` neighbours and the `top` highest.
  AnomalyAnalysis ml_lof(const ml::FeatureOptions& features, int neighbors = 20, size_t top = 20,
                         ProgressFn progress = {}, CancelFlag cancel = nullptr) const;
  /// A decision tree predicting `label` (a column), or with `top_share` > 0 whether the numeric
  /// column `label` is in its top share.
  TreeAnalysis ml_tree(const ml::FeatureOptions& features, const std::string& label,
                       double top_share, const ml::TreeOptions& options,
                       CancelFlag cancel = nullptr, ProgressFn progress = {}) const;

 private:
  /// Table row number of view position i.
  size_t view_row(size_t i) const { return has_view_ ? view_[i] : i; }

  /// One table version: the loaded file (0) or the result of a step.
  struct Version {
    Table table;
    std::shared_ptr<const std::vector<uint32_t>> row_ids;  // original row per row; null: same
    HistoryEntry entry;
    StepResult log;                    // what the step changed (its table left empty)
    std::unique_ptr<Profile> profile;  // kept profile and verdicts (see kVerdictBudget)
    RowVerdicts verdicts;
  };
  /// Makes `v` the current version (dropping redo versions), profiled with `reprofile`.
  const HistoryEntry& push_version(Version v, bool reprofile, ProgressFn progress,
                                   CancelFlag cancel);
  /// The kept profiles of the versions (not `skip`), nearest to version `near` first, chained
  /// (ProfileReuse::next) after `first` when it has a profile: what a new profile can take over.
  std::vector<ProfileReuse> reuse_chain(size_t near, size_t skip, ProfileReuse first) const;
  /// Moves to version `v`: the kept profile comes along, else it is recomputed.
  void switch_to(size_t v);
  /// Drops kept verdicts of old versions past the memory budget.
  void trim_kept();
  /// Starts the version list at the loaded table.
  void reset_versions();

  /// The last validation run's report with the table version it ran on and its failing rows
  /// (per rule, and of any rule at [0]) shared with views.
  struct KeptValidation {
    ValidationReport report;
    Table table;
    std::vector<std::shared_ptr<const std::vector<uint32_t>>> rows;
  };
  std::unique_ptr<Validator> validator_;  // a run under way
  std::unique_ptr<KeptValidation> validation_;
  /// The last dedupe of one table: the version it ran on and its fuzzy duplicate rows (rows in
  /// a cluster of more than one beyond the cluster's first), ascending.
  struct KeptDedupe {
    Table table;
    std::vector<uint32_t> duplicates;
  };
  std::unique_ptr<KeptDedupe> dedupe_;
  /// Sets the current profile's uniqueness from the kept dedupe when it ran on the current
  /// version, else back to the profile's own (exact duplicate records only).
  void apply_dedupe_quality();
  QualityOptions quality_options_;  // of the current score (profile or rescore), for accuracy

  std::vector<Version> versions_;
  size_t current_ = 0;
  uint64_t last_id_ = 0;  // HistoryEntry::id of the newest version made
  std::unique_ptr<Profile> base_profile_;
  ProfileOptions profile_options_;
  int64_t today_ = 0;  // today (UTC) unless set_today
  std::unique_ptr<CsvReader> reader_;
  std::unique_ptr<Table> table_;
  std::unique_ptr<TableProfiler> profiler_;  // a stepwise profile under way
  std::unique_ptr<Profile> profile_;
  RowVerdicts verdicts_;  // of profile_: cell flags and duplicate rows, for views
  RowHashes hashes_;      // of the version profiled last: the next profile hashes only changes
  std::vector<uint32_t> view_;
  bool has_view_ = false;
};

}  // namespace crm
