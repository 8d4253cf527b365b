// The page's dedupe session (the Duplicates view): the suggested setup with estimated pairs, a run
// kept for review, counts at another threshold (the live slider), the clusters list, one
// cluster's records with per-field levels and contributions, review decisions (accept, reject,
// split), the golden-record preview and the exports. Plain C++ (no Emscripten): bindings.cpp
// wraps it in JSON envelopes and hands it JavaScript's progress callbacks and sinks.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/csv.h"
#include "crm/dedupe.h"
#include "crm/golden.h"
#include "crm/report.h"
#include "crm/workbench.h"

namespace crm::wasm {

/// A dedupe run on one Workbench's current version and the review decisions made on it.
class DedupeSession {
 public:
  using json = nlohmann::json;

  /// The suggested setup (or `options.model`, text or object, as edited) with the pairs each
  /// blocking rule makes: {model, estimate: {rules: [{rule, estimated}], total, budget,
  /// within_budget, message}, survivorship, columns, kinds: [{kind, levels}], roles, block_keys}.
  /// `other`: the second file of a link (its columns shared with this one are compared).
  static json suggest(Workbench& wb, const json& options, Workbench* other = nullptr) {
    const uint64_t budget = options.value("pairBudget", DedupeOptions().pair_budget);
    const Table* ot = other ? &other->table() : nullptr;
    const Profile* op = other ? other->current_profile() : nullptr;
    if (other && !op) op = &other->profile();
    DedupeModel model =
        options.contains("model") ? model_from(options["model"]) : wb.suggest_dedupe(ot);
    const Profile* profile = wb.current_profile();
    if (!profile) profile = &wb.profile();
    json rules = json::array();
    uint64_t total = 0;
    size_t loosest = 0;
    std::vector<RuleCount> counts;
    if (!model.fields.empty() && !model.rules.empty()) {
      check_dedupe_columns(model, wb.table(), "the file");
      if (ot) check_dedupe_columns(model, *ot, "the second file");
      counts = estimate_block_pairs(wb.table(), *profile, model, ot, op);
    }
    for (size_t i = 0; i < counts.size(); ++i) {
      rules.push_back({{"rule", counts[i].rule}, {"estimated", counts[i].estimated}});
      total += counts[i].estimated;
      if (counts[i].estimated > counts[loosest].estimated) loosest = i;
    }
    std::string message;
    if (model.fields.empty()) {
      message = "no column looks like a name, email, phone, address or date to compare: add one";
    } else if (model.rules.empty()) {
      message = "no blocking rule: add one (a column, or a part of it, that duplicates share)";
    } else if (total > budget) {
      message = "blocking rule " + std::to_string(loosest + 1) + " (" + counts[loosest].rule +
                ") would compare " + group_thousands(counts[loosest].estimated) + " pairs (" +
                group_thousands(total) + " in all, the budget is " + group_thousands(budget) +
                "): add a column to the rule or remove it";
    }
    json kinds = json::array();
    for (int k = 0; k <= static_cast<int>(CompareKind::Exact); ++k) {
      const auto kind = static_cast<CompareKind>(k);
      kinds.push_back({{"kind", compare_kind_name(kind)}, {"levels", compare_levels(kind)}});
    }
    json roles = json::array();
    for (int r = 0; r <= static_cast<int>(FieldRole::Identifier); ++r)
      roles.push_back(field_role_name(static_cast<FieldRole>(r)));
    json keys = json::array();
    for (int b = 0; b <= static_cast<int>(BlockKey::Sorted); ++b)
      keys.push_back(block_key_name(static_cast<BlockKey>(b)));
    return {{"model", json::parse(dedupe_model_to_json(model))},
            {"estimate",
             {{"rules", rules},
              {"total", total},
              {"budget", budget},
              {"within_budget", message.empty()},
              {"message", message}}},
            {"survivorship", survivorship_to_json(suggest_survivorship(*profile))},
            {"columns", wb.table().names()},
            {"link", ot != nullptr},
            {"other_columns", ot ? json(ot->names()) : json::array()},
            {"kinds", kinds},
            {"roles", roles},
            {"block_keys", keys}};
  }

  /// Runs the dedupe: options {model (text or object; absent: the suggested setup, trained as
  /// `crmwb dedupe` does without --model), threshold, pairBudget, seed, uSamples, decisions (the
  /// labels JSON of a saved run: kept as the run's decisions, the model is not refined)}. Returns
  /// the summary `crmwb dedupe --json` prints plus {prior_weight, kept_pairs}. Review decisions are
  /// dropped; the survivorship rules become the suggested ones unless options.survivorship.
  /// `other`: the second file of a link (rows written a:17 / b:42; no review of clusters or
  /// decisions, and the quality score does not count it).
  json run(Workbench& wb, const json& options, ProgressFn progress, CancelFlag cancel,
           Workbench* other = nullptr) {
    DedupeOptions opt;
    if (other) {
      if (!other->current_profile()) other->profile();
      opt.other = &other->table();
      opt.other_profile = other->current_profile();
      if (options.contains("labels") && !options["labels"].is_null())
        throw InputError("bad_labels",
                         "review decisions are made on one file's clusters: they do not apply "
                         "to a link of two files");
    }
    if (options.contains("model") && !options["model"].is_null()) {
      opt.model = model_from(options["model"]);
      opt.use_model = true;
    }
    if (options.contains("threshold") && options["threshold"].is_number()) {
      opt.threshold = options["threshold"].get<double>();
      if (!(opt.threshold >= 0 && opt.threshold <= 1))
        throw InputError("bad_options", "threshold takes a probability from 0 to 1");
    }
    opt.pair_budget = options.value("pairBudget", opt.pair_budget);
    opt.seed = options.value("seed", opt.seed);
    opt.u_samples = options.value("uSamples", opt.u_samples);
    // Review labels (the decisions JSON, text or object): they refine m and the prior as
    // `crmwb dedupe --labels` does, and stay the run's decisions (replayed on its clusters).
    json decisions = json::array();
    if (options.contains("labels") && !options["labels"].is_null()) {
      const json& l = options["labels"];
      const std::string text = l.is_string() ? l.get<std::string>() : l.dump();
      opt.labels = parse_dedupe_labels(text, wb.table().rows);
      decisions = json::parse(text)["decisions"];
    }
    // Saved decisions (a project): replayed on the clusters as they were made, without
    // refining the model (the saved model is already the refined one).
    if (options.contains("decisions") && !options["decisions"].is_null()) {
      if (other)
        throw InputError("bad_labels", "review decisions do not apply to a link of two files");
      const json& l = options["decisions"];
      const std::string text = l.is_string() ? l.get<std::string>() : l.dump();
      parse_dedupe_labels(text, wb.table().rows);  // checks every decision apply() reads
      decisions = json::parse(text)["decisions"];
    }
    DedupeResult r = wb.dedupe(opt, std::move(progress), cancel);
    result_ = std::move(r);
    have_ = true;
    table_ = &wb.table();
    other_ = opt.other;
    version_ = wb.version();
    rows_ = wb.table().rows;
    rules_ = options.contains("survivorship") ? survivorship_from_json(options["survivorship"])
                                              : suggest_survivorship(*wb.current_profile());
    validate_survivorship(rules_, wb.table());
    decisions_ = decisions;
    relabel();
    return summary();
  }

  /// Counts the clusters as they stand (threshold and decisions) in `wb`'s quality score (the
  /// uniqueness dimension and the fuzzy_duplicate problem); returns the quality JSON.
  json sync_quality(Workbench& wb) const {
    if (have_ && wb.loaded() && wb.version() == version_) wb.set_dedupe_clusters(labels_);
    const Profile* p = wb.current_profile();
    return p ? json::parse(to_json(p->quality).dump()) : json();
  }

  /// True when a run is kept.
  bool has_result() const { return have_; }
  /// The model of the kept run, or null when none is kept.
  const DedupeModel* model() const { return have_ ? &result_.model : nullptr; }

  /// Follows the Workbench's current version: a run made on another version (a cleaning step,
  /// undo, a new file) is forgotten.
  void bind(const Workbench& wb) {
    if (!have_) return;
    if (!wb.loaded() || wb.version() != version_ || wb.table().rows != rows_) {
      clear();
      return;
    }
    table_ = &wb.table();
  }

  /// Forgets the run (the table it belongs to changed).
  void clear() {
    have_ = false;
    result_ = DedupeResult();
    labels_.clear();
    accepted_.clear();
    decisions_ = json::array();
    table_ = nullptr;
    other_ = nullptr;
  }

  /// True when the kept run links two files.
  bool is_link() const { return have_ && result_.link; }

  /// The summary of the kept run at its current threshold (as `crmwb dedupe --json`).
  json summary() const {
    need();
    json s = json::parse(to_json(result_, false).dump());
    s["prior_weight"] = result_.prior_weight;
    s["kept_pairs"] = result_.pairs.size();
    s["decisions"] = decisions_.size();
    s["keep_pairs_min"] = DedupeOptions().keep_pairs_min;
    return s;
  }

  /// Pairs and clusters there would be at match probability `threshold`, with the chaining
  /// guard, without changing the kept run: {threshold, pairs_linked, clusters, rows_in_clusters,
  /// duplicates, largest_cluster, bridges_cut}.
  json counts(double threshold) {
    need();
    DedupeResult scratch;
    scratch.model.strong = result_.model.strong;
    scratch.cluster.resize(result_.cluster.size());
    std::swap(scratch.pairs, result_.pairs);
    Workbench::recluster_dedupe(scratch, clamp_threshold(threshold));
    std::swap(scratch.pairs, result_.pairs);
    return {{"threshold", scratch.model.threshold},
            {"pairs_linked", scratch.pairs_linked},
            {"clusters", scratch.clusters},
            {"rows_in_clusters", scratch.rows_in_clusters},
            {"duplicates", scratch.rows_in_clusters - scratch.clusters},
            {"largest_cluster", scratch.largest_cluster},
            {"bridges_cut", scratch.bridges_cut}};
  }

  /// Clusters the run again at `threshold` (the model's threshold becomes it) and replays the
  /// review decisions; returns the summary.
  json set_threshold(double threshold) {
    need();
    Workbench::recluster_dedupe(result_, clamp_threshold(threshold));
    relabel();
    return summary();
  }

  /// Clusters of two or more rows after the decisions: {order, ids, sizes, min_probability,
  /// accepted}. order "uncertain" (default: the lowest link probability inside the cluster
  /// first), "largest" or "id".
  json clusters(const std::string& order) const {
    need();
    const size_t rows = labels_.size();
    std::vector<uint32_t> size(rows, 0);
    for (uint64_t l : labels_) ++size[l];
    std::vector<float> min_p(rows, 2.0f);
    const double t = result_.model.threshold;
    for (const ScoredPair& p : result_.pairs) {
      if (p.probability < t || labels_[p.a] != labels_[p.b]) continue;
      float& m = min_p[labels_[p.a]];
      m = std::min(m, p.probability);
    }
    std::vector<uint32_t> ids;
    for (size_t r = 0; r < rows; ++r)
      if (size[r] >= 2) ids.push_back(static_cast<uint32_t>(r));
    for (uint32_t id : ids)
      if (min_p[id] > 1.0f) min_p[id] = 0;  // held together by no kept link (after a split)
    if (order == "largest") {
      std::stable_sort(ids.begin(), ids.end(),
                       [&](uint32_t x, uint32_t y) { return size[x] > size[y]; });
    } else if (order != "id") {
      std::stable_sort(ids.begin(), ids.end(),
                       [&](uint32_t x, uint32_t y) { return min_p[x] < min_p[y]; });
    }
    json sizes = json::array(), probs = json::array(), acc = json::array();
    for (uint32_t id : ids) {
      sizes.push_back(size[id]);
      probs.push_back(round4(min_p[id]));
      acc.push_back(accepted_.count(id) ? 1 : 0);
    }
    return {{"order", order.empty() ? "uncertain" : order},
            {"ids", ids},
            {"sizes", sizes},
            {"min_probability", probs},
            {"accepted", acc}};
  }

  /// One cluster: {id, rows, values (per row, every column), fields: [{column, column_index,
  /// kind, levels}], pairs: [{a, b, weight, probability, levels (names), contributions}],
  /// prior_weight, accepted, golden: {values, source_rows}}. The contributions of a pair plus
  /// prior_weight sum to its weight.
  json cluster(uint64_t id) const {
    need();
    need_one_file();
    std::vector<uint32_t> members;
    for (size_t r = 0; r < labels_.size(); ++r)
      if (labels_[r] == id) members.push_back(static_cast<uint32_t>(r));
    if (members.empty())
      throw InputError("no_cluster", "there is no cluster " + std::to_string(id) +
                                         " (it was split, or the threshold changed)");
    const Table& t = *table_;
    const DedupeModel& m = result_.model;
    json values = json::array();
    for (uint32_t r : members) {
      json row = json::array();
      for (const Column& c : t.columns) row.push_back(std::string(c.value(r)));
      values.push_back(row);
    }
    json fields = json::array();
    const auto names = t.names();
    for (const CompareField& f : m.fields) {
      const auto it = std::find(names.begin(), names.end(), f.column);
      fields.push_back({{"column", f.column},
                        {"column_index", it == names.end() ? -1 : it - names.begin()},
                        {"kind", compare_kind_name(f.kind)},
                        {"levels", compare_levels(f.kind)}});
    }
    json pairs = json::array();
    const size_t nf = m.fields.size();
    for (uint32_t a : members) {
      auto it = std::lower_bound(result_.pairs.begin(), result_.pairs.end(), a,
                                 [](const ScoredPair& p, uint32_t v) { return p.a < v; });
      for (; it != result_.pairs.end() && it->a == a; ++it) {
        if (!std::binary_search(members.begin(), members.end(), it->b)) continue;
        const size_t k = static_cast<size_t>(it - result_.pairs.begin());
        json lv = json::array(), parts = json::array();
        for (size_t f = 0; f < nf; ++f) {
          const unsigned l = static_cast<unsigned>((it->levels >> (4 * f)) & 15u);
          const auto& ln = compare_levels(m.fields[f].kind);
          lv.push_back(l < ln.size() ? ln[l] : std::to_string(l));
          parts.push_back(
              round4(result_.contributions.empty() ? 0.0f : result_.contributions[k * nf + f]));
        }
        pairs.push_back({{"a", it->a},
                         {"b", it->b},
                         {"weight", round4(it->weight)},
                         {"probability", round4(it->probability)},
                         {"linked", it->probability >= m.threshold},
                         {"levels", lv},
                         {"contributions", parts}});
      }
    }
    return {{"id", id},
            {"rows", members},
            {"columns", names},
            {"values", values},
            {"fields", fields},
            {"pairs", pairs},
            {"prior_weight", round4(static_cast<float>(result_.prior_weight))},
            {"threshold", m.threshold},
            {"accepted", accepted_.count(id) > 0},
            {"golden", golden_preview(members)}};
  }

  /// Records a review decision {action: accept | reject | split, cluster, row (split)} and
  /// applies it: reject makes every row of the cluster a record of its own, split takes `row`
  /// out. Returns {decisions, clusters, duplicates}.
  json decide(const json& d) {
    need();
    need_one_file();
    const std::string action = d.value("action", "");
    if (action != "accept" && action != "reject" && action != "split")
      throw InputError("bad_decision",
                       "a decision is accept, reject or split, not '" + action + "'");
    if (!d.contains("cluster") || !d["cluster"].is_number_unsigned())
      throw InputError("bad_decision", "a decision names its cluster (a row number)");
    const uint64_t id = d["cluster"].get<uint64_t>();
    json entry = {{"action", action}, {"cluster", id}};
    std::vector<uint64_t> rows;
    for (size_t r = 0; r < labels_.size(); ++r)
      if (labels_[r] == id) rows.push_back(r);
    if (rows.size() < 2)
      throw InputError("no_cluster", "there is no cluster " + std::to_string(id) + " to review");
    entry["rows"] = rows;
    if (action == "split") {
      if (!d.contains("row") || !d["row"].is_number_unsigned())
        throw InputError("bad_decision", "split names the row to take out");
      const uint64_t row = d["row"].get<uint64_t>();
      if (std::find(rows.begin(), rows.end(), row) == rows.end())
        throw InputError("bad_decision",
                         "row " + std::to_string(row) + " is not in cluster " + std::to_string(id));
      entry["row"] = row;
    }
    apply(entry);
    decisions_.push_back(entry);
    return progress_json();
  }

  /// Drops every decision (the clusters of the run at its threshold come back).
  json reset_decisions() {
    need();
    decisions_ = json::array();
    relabel();
    return progress_json();
  }

  /// The decisions as JSON: {"crmwb_dedupe_labels": 1, threshold, decisions: [{action, cluster,
  /// rows, row?}]}.
  json labels() const {
    need();
    return {{"crmwb_dedupe_labels", 1},
            {"threshold", result_.model.threshold},
            {"decisions", decisions_}};
  }

  /// Sets the survivorship rules (survivorship_to_json form); returns them as read.
  json set_survivorship(const json& j) {
    need();
    SurvivorshipRules r = survivorship_from_json(j);
    validate_survivorship(r, *table_);
    rules_ = std::move(r);
    return survivorship_to_json(rules_);
  }

  /// Writes one export to `sink`: "deduplicated" (as `crmwb dedupe --out`), "clusters" (as
  /// --clusters), "model" (as --save-model), "golden" (golden records by the survivorship rules),
  /// "lineage" (their lineage CSV) or "labels" (the decisions JSON). Decisions apply to every CSV.
  void write(const std::string& kind, const ByteSink& sink, ProgressFn progress,
             CancelFlag cancel) const {
    need();
    if (result_.link && (kind == "deduplicated" || kind == "golden" || kind == "lineage")) {
      // A link: golden records over a's rows then b's, ids and rows written a:17 / b:42.
      const DedupeResult r = labelled();
      const GoldenResult g = dedupe_golden_records(*table_, r, other_, std::move(progress), cancel);
      if (kind == "lineage") {
        write_dedupe_lineage_csv(g, r, sink);
      } else {
        write_deduped_csv(g, r, sink);
      }
    } else if (kind == "deduplicated") {
      write_deduped_csv(*table_, labelled(), sink);
    } else if (kind == "clusters") {
      write_clusters_csv(labelled(), sink);
    } else if (kind == "model") {
      sink(dedupe_model_to_json(result_.model));
    } else if (kind == "labels") {
      sink(labels().dump(2) + "\n");
    } else if (kind == "golden" || kind == "lineage") {
      const GoldenResult g =
          build_golden_records(*table_, labels_, rules_, std::move(progress), cancel);
      if (kind == "lineage") {
        write_lineage_csv(g.lineage, sink);
      } else {
        write_table_csv(g.table, sink);
      }
    } else {
      throw InputError("bad_options", "unknown dedupe export '" + kind +
                                          "': deduplicated, clusters, model, golden, lineage or "
                                          "labels");
    }
  }

 private:
  static DedupeModel model_from(const json& m) {
    return parse_dedupe_model(m.is_string() ? m.get<std::string>() : m.dump());
  }

  static double clamp_threshold(double t) {
    if (!(t >= 0 && t <= 1))
      throw InputError("bad_options", "the threshold is a probability from 0 to 1");
    return t;
  }

  static double round4(float v) { return std::round(static_cast<double>(v) * 10000) / 10000; }

  void need() const {
    if (!have_) throw InputError("no_dedupe", "find duplicates first (no run is kept)");
  }

  void need_one_file() const {
    if (result_.link)
      throw InputError("link_review",
                       "reviewing clusters is for one file: export the cluster map of the link");
  }

  /// The run with the decisions applied to its cluster labels (cluster, probability).
  DedupeResult labelled() const {
    DedupeResult r;
    r.model = result_.model;
    r.model.survivorship = rules_;  // the deduplicated file follows the view's survivorship
    r.link = result_.link;
    r.rows_a = result_.rows_a;
    r.rows_b = result_.rows_b;
    r.cluster.assign(labels_.begin(), labels_.end());
    r.probability = result_.probability;
    for (size_t i = 0; i < r.cluster.size(); ++i)
      if (r.cluster[i] != result_.cluster[i] && r.cluster[i] == i) r.probability[i] = 0;
    return r;
  }

  /// Labels from the run's clusters, then every decision replayed (ones that no longer fit a
  /// cluster are kept but change nothing).
  void relabel() {
    labels_.assign(result_.cluster.begin(), result_.cluster.end());
    accepted_.clear();
    for (const json& d : decisions_) apply(d);
  }

  void apply(const json& d) {
    const std::string action = d["action"];
    const auto rows = d["rows"].get<std::vector<uint64_t>>();
    if (action == "accept") {
      if (!rows.empty() && rows[0] < labels_.size()) accepted_.insert(labels_[rows[0]]);
    } else if (action == "reject") {
      for (uint64_t r : rows)
        if (r < labels_.size()) remove_from_cluster(labels_, r);
    } else if (action == "split") {
      const uint64_t row = d["row"].get<uint64_t>();
      if (row < labels_.size()) {
        const uint64_t was = labels_[row];
        const bool acc = accepted_.erase(was) > 0;
        remove_from_cluster(labels_, row);
        if (acc) {
          for (uint64_t r : rows)
            if (r != row && r < labels_.size()) accepted_.insert(labels_[r]);
        }
      }
    }
  }

  json progress_json() const {
    uint64_t clusters = 0, in = 0;
    std::vector<uint32_t> size(labels_.size(), 0);
    for (uint64_t l : labels_) ++size[l];
    for (uint32_t s : size)
      if (s >= 2) ++clusters, in += s;
    return {{"decisions", decisions_.size()},
            {"clusters", clusters},
            {"rows_in_clusters", in},
            {"duplicates", in - clusters}};
  }

  /// The golden record of `members` by the survivorship rules: {values, source_rows}.
  json golden_preview(const std::vector<uint32_t>& members) const {
    Table sub;
    sub.rows = members.size();
    sub.dialect = table_->dialect;
    sub.null_tokens = table_->null_tokens;
    for (const Column& c : table_->columns) {
      Column& out = sub.columns.emplace_back(c.name());
      for (uint32_t r : members) out.append(c.value(r), c.missing(r));
    }
    const std::vector<uint64_t> one(members.size(), 0);
    const GoldenResult g = build_golden_records(sub, one, rules_);
    json values = json::array(), sources = json::array();
    for (size_t c = 0; c < table_->columns.size(); ++c) {
      values.push_back(std::string(g.table.columns[c].value(0)));
      sources.push_back(members[g.lineage.source_row(0, c)]);
    }
    return {{"values", values}, {"source_rows", sources}, {"rules", survivorship_to_json(rules_)}};
  }

  static void write_table_csv(const Table& t, const ByteSink& sink) {
    std::string out;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c) out += ',';
      write_csv_field(out, t.columns[c].name());
    }
    out += '\n';
    for (size_t r = 0; r < t.rows; ++r) {
      for (size_t c = 0; c < t.columns.size(); ++c) {
        if (c) out += ',';
        write_csv_field(out, t.columns[c].value(r));
      }
      out += '\n';
      if (out.size() >= (1u << 16)) {
        sink(out);
        out.clear();
      }
    }
    if (!out.empty()) sink(out);
  }

  DedupeResult result_;
  bool have_ = false;
  const Table* table_ = nullptr;
  const Table* other_ = nullptr;  // a link's second file (held by the bindings' link engine)
  size_t version_ = 0, rows_ = 0;
  std::vector<uint64_t> labels_;
  std::set<uint64_t> accepted_;
  json decisions_ = json::array();
  SurvivorshipRules rules_;
};

}  // namespace crm::wasm
