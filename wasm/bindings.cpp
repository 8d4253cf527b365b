// Embind bindings: the only file that includes Emscripten headers. Every call returns a JSON
// envelope {"ok":true,"value":...} or {"ok":false,"error":{code,message,line}}; no C++ exception
// ever crosses into JavaScript.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <atomic>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "app.h"
#include "crm/analysis.h"
#include "crm/clean.h"
#include "crm/ml.h"
#include "crm/ml_report.h"
#include "crm/phone.h"
#include "crm/privacy.h"
#include "crm/report.h"
#include "crm/segment.h"
#include "crm/workbench.h"
#include "dedupe_session.h"

using emscripten::val;
using nlohmann::json;

namespace {

std::string ok(const json& value) {
  return json{{"ok", true}, {"value", value}}.dump();
}

std::string fail(const std::string& code, const std::string& message, int64_t line = 0) {
  return json{{"ok", false}, {"error", {{"code", code}, {"message", message}, {"line", line}}}}
      .dump();
}

/// Runs `f`, turning every exception into an error envelope.
template <typename F>
std::string guarded(F&& f) {
  try {
    return f();
  } catch (const crm::InputError& e) {
    return fail(e.code(), e.what(), e.line());
  } catch (const crm::Cancelled&) {
    return fail("cancelled", "the operation was cancelled");
  } catch (const std::bad_alloc&) {
    return fail("out_of_memory",
                "out of memory: the file is too large for the memory this browser allows");
  } catch (const json::exception& e) {
    return fail("bad_options", std::string("options are not valid JSON: ") + e.what());
  } catch (const std::exception& e) {
    return fail("internal", e.what());
  }
}

crm::CsvOptions csv_options(const json& o) {
  crm::CsvOptions c;
  if (o.contains("delimiter") && o["delimiter"].is_string()) {
    const std::string d = o["delimiter"];
    if (d == "tab" || d == "\t") {
      c.delimiter = '\t';
    } else if (d.size() == 1) {
      c.delimiter = d[0];
    }
  }
  if (o.contains("header")) {
    const std::string h = o["header"];
    c.header = h == "yes"  ? crm::HeaderMode::Yes
               : h == "no" ? crm::HeaderMode::No
                           : crm::HeaderMode::Auto;
  }
  if (o.contains("nullTokens")) c.null_tokens = o["nullTokens"].get<std::vector<std::string>>();
  if (o.contains("expectedBytes")) c.expected_bytes = o["expectedBytes"].get<uint64_t>();
  return c;
}

crm::ProfileOptions profile_options(const json& o) {
  crm::ProfileOptions p;
  if (o.contains("phoneRegion") && o["phoneRegion"].is_string()) {
    p.phone_region = o["phoneRegion"].get<std::string>();
    if (!p.phone_region.empty() && !crm::is_phone_region(p.phone_region)) {
      throw std::invalid_argument("unknown phone region '" + p.phone_region +
                                  "': use an ISO 3166 alpha-2 code such as US or GB");
    }
  }
  if (o.contains("referenceDay")) p.quality.reference_day = o["referenceDay"].get<int64_t>();
  if (o.contains("timelinessDays")) p.quality.timeliness_days = o["timelinessDays"].get<int64_t>();
  if (o.contains("lastUpdated")) p.quality.last_updated_column = o["lastUpdated"];
  if (o.contains("weights")) {
    const auto w = o["weights"].get<std::vector<double>>();
    if (w.size() == 5 || w.size() == 6) {
      p.quality.w_completeness = w[0];
      p.quality.w_validity = w[1];
      p.quality.w_uniqueness = w[2];
      p.quality.w_consistency = w[3];
      p.quality.w_timeliness = w[4];
      if (w.size() == 6) p.quality.w_accuracy = w[5];  // accuracy (validation rules)
    }
  }
  return p;
}

json parse_options(const std::string& s) {
  return s.empty() ? json::object() : json::parse(s);
}

/// One loaded table for JavaScript. Bytes come in through a staging buffer in wasm memory that
/// JavaScript fills (HEAPU8.set) before calling feed().
class Engine {
 public:
  /// Address of a staging buffer of at least `size` bytes.
  uintptr_t stage(size_t size) {
    if (staging_.size() < size) staging_.resize(size);
    return reinterpret_cast<uintptr_t>(staging_.data());
  }

  std::string beginLoad(const std::string& options) {
    return guarded([&] {
      dedupe_.clear();
      wb_.begin_load(csv_options(parse_options(options)));
      return ok(nullptr);
    });
  }

  /// Parses `size` bytes from the staging buffer.
  std::string feed(size_t size) {
    return guarded([&] {
      if (size > staging_.size()) throw std::logic_error("feed() larger than the staged buffer");
      wb_.feed(staging_.data(), size);
      return ok({{"bytes", wb_.bytes_loaded()}, {"rows", wb_.rows_loaded()}});
    });
  }

  std::string finishLoad() {
    return guarded([&] {
      wb_.finish_load();
      std::vector<char>().swap(staging_);
      const crm::Table& t = wb_.table();
      json ws = json::array();
      for (const crm::Warning& w : t.warnings) ws.push_back(crm::to_json(w));
      return ok({{"rows", t.rows},
                 {"columns", t.names()},
                 {"dialect", crm::to_json(t.dialect)},
                 {"warnings", ws},
                 {"bytes", t.input_bytes}});
    });
  }

  /// Profiles the table; `progress(done, total)` is called per column if it is a function.
  std::string profile(const std::string& options, val progress) {
    return guarded([&] {
      crm::ProgressFn fn;
      if (progress.typeOf().as<std::string>() == "function") {
        fn = [&](const crm::Progress& p) {
          progress(static_cast<double>(p.done), static_cast<double>(p.total));
        };
      }
      return ok(crm::to_json(wb_.profile(profile_options(parse_options(options)), fn)));
    });
  }

  /// Stepwise profile (one column per profileStep(), so a worker can take a cancel message in
  /// between): profileBegin(options), then profileStep() -> {done, total, more} until more is
  /// false, then profileFinish() -> the profile.
  std::string profileBegin(const std::string& options) {
    return guarded([&] {
      wb_.begin_profile(profile_options(parse_options(options)));
      return ok(nullptr);
    });
  }
  std::string profileStep() {
    return guarded([&] {
      size_t done = 0, total = 0;
      const bool more = wb_.profile_step(done, total);
      return ok({{"done", done}, {"total", total}, {"more", more}});
    });
  }
  std::string profileFinish() {
    return guarded([&] { return ok(crm::to_json(wb_.finish_profile())); });
  }

  /// Recomputes only the quality score with other quality options (as profile() takes them).
  std::string rescore(const std::string& options) {
    return guarded([&] {
      return ok(crm::to_json(wb_.rescore(profile_options(parse_options(options)).quality)));
    });
  }

  /// Sets the view: {"filters":[{"kind","column","value"}], "sort":{"column","descending"}};
  /// a "search" filter with column -1 (or none) looks in every column.
  std::string setView(const std::string& spec) {
    return guarded([&] {
      const json j = parse_options(spec);
      crm::ViewSpec v;
      for (const json& f : j.value("filters", json::array())) {
        crm::RowFilter rf;
        const std::string kind = f.value("kind", "");
        if (!crm::parse_filter_kind(kind, rf.kind)) {
          return fail("bad_view", "unknown filter kind '" + kind + "'");
        }
        // A search with no column, or column -1, looks in every column.
        const json col = f.value("column", json());
        if (rf.kind == crm::FilterKind::Search &&
            (col.is_null() || (col.is_number_integer() && col.get<int64_t>() < 0))) {
          rf.column = crm::kAllColumns;
        } else if (col.is_number_unsigned()) {
          rf.column = col.get<size_t>();
        } else if (!col.is_null()) {
          return fail("bad_view", "a filter's column must be a column number");
        }
        rf.value = f.value("value", "");
        v.filters.push_back(std::move(rf));
      }
      if (j.contains("sort") && j["sort"].is_object()) {
        v.sort = crm::SortKey{j["sort"].value("column", 0u), j["sort"].value("descending", false)};
      }
      return ok({{"rows", wb_.set_view(v)}});
    });
  }

  /// Rows [begin, end) of the view: {"index":[row numbers], "rows":[[...]], "flags":[[bits]]}.
  std::string viewWindow(double begin, double end) {
    return guarded([&] {
      crm::ViewWindow w = wb_.view_window(static_cast<size_t>(begin), static_cast<size_t>(end));
      return ok(
          {{"index", w.index}, {"rows", w.rows}, {"flags", w.flags}, {"total", wb_.view_size()}});
    });
  }

  /// Rows [begin, end) as arrays of strings.
  std::string window(double begin, double end) {
    return guarded([&] {
      return ok(wb_.table().window(static_cast<size_t>(begin), static_cast<size_t>(end)));
    });
  }

  /// Streams the table as csv/json/jsonl to `sink(Uint8Array view)`; the view is only valid
  /// during the call, so the sink must copy it. Returns {"neutralized": CSV cells given a '}.
  std::string exportTable(const std::string& options, val sink) {
    return guarded([&] {
      const json o = parse_options(options);
      crm::ExportOptions ex;
      const std::string format = o.value("format", "csv");
      if (!crm::parse_export_format(format, ex.format)) {
        return fail("bad_options", "unknown export format '" + format + "'");
      }
      ex.bom = o.value("bom", false);
      ex.neutralize = o.value("neutralize", false);
      ex.view_only = o.value("view", false);
      const crm::ExportStats stats = wb_.export_table(ex, [&](std::string_view b) {
        sink(val(
            emscripten::typed_memory_view(b.size(), reinterpret_cast<const uint8_t*>(b.data()))));
      });
      return ok({{"neutralized", stats.neutralized}});
    });
  }

  /// Runs one step without keeping it: {changed, flagged, missing, dropped, rows, samples}.
  /// `progress(done, total, stage)` may return true to cancel (then nothing changes); stage is
  /// "clean" (rows), "clean step I of N" (a recipe's rows) or "profile" (the result's columns).
  std::string previewStep(const std::string& step, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      const crm::RecipeStep st = crm::parse_recipe_step(json::parse(step), wb_.version() + 1);
      return ok(crm::to_json(wb_.preview_step(st, progress_fn(progress, cancel), &cancel)));
    });
  }

  /// Applies one step: {step: history entry, profile} (the new version's profile).
  std::string applyStep(const std::string& step, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      const size_t number = wb_.version() + 1;
      const crm::RecipeStep st = crm::parse_recipe_step(json::parse(step), number);
      dedupe_.clear();
      const crm::HistoryEntry& e = wb_.apply_step(st, progress_fn(progress, cancel), &cancel);
      return ok({{"step", entry_json(e)}, {"profile", crm::to_json(*wb_.current_profile())}});
    });
  }

  /// Parses and applies a whole recipe (text): {steps: [history entries], profile}.
  std::string applyRecipe(const std::string& text, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      const crm::Recipe r = crm::parse_recipe(text);
      const size_t before = wb_.version();
      dedupe_.clear();
      wb_.apply_recipe(r, progress_fn(progress, cancel), &cancel);
      json steps = json::array();
      const auto h = wb_.history();
      for (size_t i = before; i < wb_.version(); ++i) steps.push_back(entry_json(h[i]));
      return ok({{"steps", steps}, {"profile", crm::to_json(*wb_.current_profile())}});
    });
  }

  /// Steps back (undo) or forward (redo): {moved, version, profile}.
  std::string undo() {
    return guarded([&] {
      dedupe_.clear();
      return moved(wb_.undo());
    });
  }
  std::string redo() {
    return guarded([&] {
      dedupe_.clear();
      return moved(wb_.redo());
    });
  }

  /// The loaded file's row number (what edit_cell's `row` names) of current table row `row`.
  std::string originalRow(double row) {
    return guarded([&] { return ok(wb_.original_row(static_cast<size_t>(row))); });
  }

  /// Every step since loading: [{step, applied, changed, flagged, missing, dropped, rows, id (the
  /// version's number, never reused)}].
  std::string history() {
    return guarded([&] {
      json out = json::array();
      for (const auto& e : wb_.history()) out.push_back(entry_json(e));
      return ok(out);
    });
  }

  /// The applied steps as recipe text; options {portable: leave out edit_cell steps}.
  std::string recipeJson(const std::string& options) {
    return guarded([&] {
      return ok(crm::recipe_to_json(wb_.recipe(parse_options(options).value("portable", false))));
    });
  }

  /// The suggested recipe for the current version (needs its profile) as recipe text.
  std::string suggestRecipe() {
    return guarded([&] {
      const crm::Profile* p = wb_.current_profile();
      if (!p) throw std::logic_error("suggestRecipe() before profile()");
      return ok(crm::recipe_to_json(crm::suggest_recipe(wb_.table(), *p)));
    });
  }

  // ---- duplicates (the Duplicates view; the work is in dedupe_session.h) ----

  /// The suggested dedupe setup with estimated pairs per blocking rule; options {model (an
  /// edited model to estimate instead), pairBudget}. See DedupeSession::suggest.
  std::string dedupeSuggest(const std::string& options) {
    return guarded([&] {
      dedupe_.bind(wb_);
      return ok(crm::wasm::DedupeSession::suggest(wb_, parse_options(options)));
    });
  }

  /// Finds duplicates: options {model, threshold, pairBudget, seed, uSamples, survivorship};
  /// `progress(done, total, stage)` (stages keys, blocking, u, compare, em, score, cluster,
  /// done) may return true to cancel. Returns the run's summary (as crmwb dedupe --json).
  std::string dedupeRun(const std::string& options, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      dedupe_.clear();
      wb_.clear_dedupe();  // a failed or cancelled run leaves no clusters in the quality score
      json s = dedupe_.run(wb_, parse_options(options), progress_fn(progress, cancel), &cancel);
      s["quality"] = dedupe_.sync_quality(wb_);
      return ok(s);
    });
  }

  /// The suggested setup for linking this file with `other` (another Engine holding the second
  /// file): the columns both have; as dedupeSuggest otherwise.
  std::string dedupeLinkSuggest(const std::string& options, Engine* other) {
    return guarded([&] {
      dedupe_.bind(wb_);
      if (!other || !other->wb_.loaded())
        throw crm::InputError("no_other_file", "open the second file to link first");
      return ok(crm::wasm::DedupeSession::suggest(wb_, parse_options(options), &other->wb_));
    });
  }

  /// Links this file with `other` (as `crmwb dedupe THIS --link OTHER`): options and progress as
  /// dedupeRun. The run is kept until the next run; `other` must stay loaded while it is (the
  /// worker calls dedupeClear before it lets the second file go).
  std::string dedupeLinkRun(const std::string& options, Engine* other, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      dedupe_.clear();
      wb_.clear_dedupe();
      if (!other || !other->wb_.loaded())
        throw crm::InputError("no_other_file", "open the second file to link first");
      json s = dedupe_.run(wb_, parse_options(options), progress_fn(progress, cancel), &cancel,
                           &other->wb_);
      s["quality"] = dedupe_.sync_quality(wb_);
      return ok(s);
    });
  }

  /// Forgets the kept dedupe run (and its clusters in the quality score): {quality}.
  std::string dedupeClear() {
    return guarded([&] {
      dedupe_.clear();
      wb_.clear_dedupe();
      return ok({{"quality", dedupe_.sync_quality(wb_)}});
    });
  }

  /// The quality score of the current version as the dedupe session counts it: {quality}.
  std::string dedupeQuality() {
    return guarded([&] {
      dedupe_.bind(wb_);
      return ok({{"quality", dedupe_.sync_quality(wb_)}});
    });
  }

  /// The kept run's summary (threshold and decisions included).
  std::string dedupeSummary() {
    return guarded([&] { return ok(bound().summary()); });
  }

  /// Pair and cluster counts at another match probability (the run is unchanged).
  std::string dedupeCounts(double threshold) {
    return guarded([&] { return ok(bound().counts(threshold)); });
  }

  /// Clusters the run again at `threshold` (decisions replayed); returns the summary.
  std::string dedupeSetThreshold(double threshold) {
    return guarded([&] { return ok(with_quality(bound().set_threshold(threshold))); });
  }

  /// The clusters list: {order, ids, sizes, min_probability, accepted}.
  std::string dedupeClusters(const std::string& order) {
    return guarded([&] { return ok(bound().clusters(order)); });
  }

  /// One cluster's records, pairs with levels and contributions, and golden-record preview.
  std::string dedupeCluster(double id) {
    return guarded([&] { return ok(bound().cluster(static_cast<uint64_t>(id))); });
  }

  /// Records a decision {action: accept|reject|split, cluster, row}.
  std::string dedupeDecide(const std::string& decision) {
    return guarded([&] { return ok(with_quality(bound().decide(parse_options(decision)))); });
  }

  /// Drops every review decision.
  std::string dedupeResetDecisions() {
    return guarded([&] { return ok(with_quality(bound().reset_decisions())); });
  }

  /// Sets the survivorship rules of golden records (JSON text); returns them as read.
  std::string dedupeSetSurvivorship(const std::string& rules) {
    return guarded([&] { return ok(bound().set_survivorship(parse_options(rules))); });
  }

  /// Streams an export (deduplicated, clusters, model, golden, lineage, labels) to
  /// `sink(Uint8Array view)` (valid only during the call); `progress` as dedupeRun.
  std::string dedupeExport(const std::string& kind, val sink, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      bound().write(
          kind,
          [&](std::string_view b) {
            sink(val(emscripten::typed_memory_view(b.size(),
                                                   reinterpret_cast<const uint8_t*>(b.data()))));
          },
          progress_fn(progress, cancel), &cancel);
      return ok(nullptr);
    });
  }

  /// True when a table is loaded (finishLoad succeeded).
  bool loaded() const { return wb_.loaded(); }

  /// Join key pairs for the orders loaded in `orders` (another Engine), best first:
  /// [{customer_column, order_column, overlap, name_match, score}].
  std::string suggestJoinKeys(const Engine& orders) {
    return guarded([&] {
      json out = json::array();
      for (const auto& k : crm::suggest_join_keys(wb_.table(), orders.wb_.table()))
        out.push_back(crm::to_json(k));
      return ok(out);
    });
  }

  /// Joins the orders loaded in `orders`: {match} (the match report). Options: customerKey,
  /// orderKey, orderDate, amount, orderId, category, referenceDate (YYYY-MM-DD), apply (add the
  /// aggregate columns as the next version; then also {step, profile}).
  std::string joinOrders(const Engine& orders, const std::string& options, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      const json o = parse_options(options);
      crm::JoinOptions jo;
      jo.columns = order_columns(o);
      jo.reference_day = reference_day(o);
      crm::Table t;
      const bool apply = o.value("apply", false);
      const crm::OrderAggregates agg = wb_.join_orders(orders.wb_.table(), jo, apply ? &t : nullptr,
                                                       progress_fn(progress, cancel), &cancel);
      json out = {{"match", crm::to_json(agg.report)}};
      if (apply) {
        const crm::HistoryEntry& e =
            wb_.add_columns(std::move(t), "join_orders", true, &cancel, true);
        out["step"] = entry_json(e);
        out["added"] = e.step.as;
        out["profile"] = crm::to_json(*wb_.current_profile());
      }
      return ok(out);
    });
  }

  /// RFM of the customers with the orders loaded in `orders`: {summary} (segments, reference
  /// date, match report, added_columns). Options as joinOrders, plus aggregates (also add the
  /// aggregate columns) and apply (default true: the columns become the next version; then also
  /// {step, profile}). `progress(done, total)` may return true to cancel.
  std::string segmentRfm(const Engine& orders, const std::string& options, val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      const json o = parse_options(options);
      crm::SegmentOptions so;
      so.method = "rfm";
      so.columns = order_columns(o);
      so.reference_day = reference_day(o);
      so.aggregates = o.value("aggregates", false);
      crm::SegmentResult r =
          wb_.segment(orders.wb_.table(), so, progress_fn(progress, cancel), &cancel);
      json out = {{"summary", crm::to_json(r)}};
      if (o.value("apply", true)) {
        const std::vector<std::string> before = wb_.table().names();
        const crm::HistoryEntry& e =
            wb_.add_columns(std::move(r.table), "segment_rfm", true, &cancel, true);
        out["step"] = entry_json(e);
        out["added"] = e.step.as;
        out["replaced"] = replaced_names(before, e.step.as);
        out["summary"]["added_columns"] = e.step.as;  // a re-run's columns replace the earlier
        out["profile"] = crm::to_json(*wb_.current_profile());
      }
      return ok(out);
    });
  }

  /// The columns history step `index` (1-based; a join_orders or segment_* step) added, as that
  /// step left them: {csv} (a `row` column, then the columns), for a saved project.
  std::string resultColumns(double index) {
    return guarded([&] {
      return ok({{"csv", wb_.result_columns_csv(static_cast<size_t>(index))}});
    });
  }

  /// Makes the columns of `csv` (as resultColumns wrote them) the next version as step `op` did:
  /// {step, profile, added, replaced}, as analyze with apply answers.
  std::string restoreColumns(const std::string& op, const std::string& csv) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      dedupe_.clear();
      const std::vector<std::string> before = wb_.table().names();
      const crm::HistoryEntry& e = wb_.restore_result_columns(op, csv, true, &cancel);
      return ok({{"step", entry_json(e)},
                 {"profile", crm::to_json(*wb_.current_profile())},
                 {"added", e.step.as},
                 {"replaced", replaced_names(before, e.step.as)}});
    });
  }

  // ---- Analysis of the current version (the Segments view) ----

  /// Runs one analysis on the current version: method choose_k, kmeans, dbscan, pca, anomaly,
  /// tree, correlations, groupby, crosstab or regression. Feature options: columns, scale,
  /// impute, logColumns, autoLog. Per method: choose_k {kMax, nInit, seed}; kmeans {k, nInit,
  /// seed}; dbscan {eps (0: suggested), minSamples}; pca {colorColumn}; anomaly {trees,
  /// maxSamples, seed, top, detector: iforest | lof, neighbors (lof)}; tree {label, topShare,
  /// maxDepth, minSamplesLeaf, seed}; correlations {columns}; groupby {by, value}; crosstab {row,
  /// col}; regression {target, features}. With apply (kmeans, dbscan, pca, anomaly, tree) the
  /// result columns become the next version: then also {step, profile, added}. pca keeps the scores
  /// for points(). `progress(done, total, stage)` may return true to cancel.
  std::string analyze(const std::string& method, const std::string& options, val progress) {
    return guarded([&]() -> std::string {
      std::atomic<bool> cancel{false};
      const json o = parse_options(options);
      const crm::ProgressFn pf = progress_fn(progress, cancel);
      const crm::ml::FeatureOptions fo = feature_options(o);
      json out;
      crm::Table add;
      std::string op;
      if (method == "choose_k") {
        crm::ml::KMeansOptions k = kmeans_options(o);
        out = crm::to_json(wb_.ml_choose_k(fo, k, o.value("kMax", 10), pf, &cancel));
      } else if (method == "kmeans") {
        const crm::ClusterAnalysis a = wb_.ml_kmeans(fo, kmeans_options(o), pf, &cancel);
        out = crm::to_json(a);
        add = crm::result_columns(a);
        op = "segment_kmeans";
      } else if (method == "dbscan") {
        const crm::DbscanAnalysis a =
            wb_.ml_dbscan(fo, o.value("eps", 0.0), o.value("minSamples", 5), pf, &cancel);
        out = crm::to_json(a);
        add = crm::result_columns(a);
        op = "segment_dbscan";
      } else if (method == "pca") {
        const crm::PcaAnalysis a = wb_.ml_pca(fo, &cancel, pf);
        out = crm::to_json(a);
        out["points"] = keep_points(a, o.value("colorColumn", std::string()));
        add = crm::result_columns(a);
        op = "segment_pca";
      } else if (method == "anomaly") {
        crm::ml::IForestOptions f;
        f.trees = o.value("trees", 100);
        f.max_samples = o.value("maxSamples", 256);
        f.seed = o.value("seed", uint64_t{0});
        const size_t top = o.value("top", size_t{20});
        const crm::AnomalyAnalysis a =
            o.value("detector", std::string("iforest")) == "lof"
                ? wb_.ml_lof(fo, o.value("neighbors", 20), top, pf, &cancel)
                : wb_.ml_anomalies(fo, f, top, pf, &cancel);
        out = crm::to_json(a);
        add = crm::result_columns(a);
        op = "segment_anomaly";
      } else if (method == "tree") {
        crm::ml::TreeOptions t;
        t.max_depth = o.value("maxDepth", 4);
        t.min_samples_leaf = o.value("minSamplesLeaf", 5);
        t.seed = o.value("seed", uint64_t{0});
        const crm::TreeAnalysis a = wb_.ml_tree(fo, o.value("label", std::string()),
                                                o.value("topShare", 0.0), t, &cancel, pf);
        out = crm::to_json(a);
        add = crm::result_columns(a);
        op = "segment_tree";
      } else if (method == "correlations") {
        out = crm::ml::to_json(crm::ml::correlations(wb_.table(), fo.columns, &cancel, pf));
      } else if (method == "groupby") {
        out = crm::ml::to_json(crm::ml::group_by(wb_.table(),
                                                 o.value("by", std::vector<std::string>{}),
                                                 o.value("value", std::string()), &cancel, pf));
      } else if (method == "crosstab") {
        out = crm::ml::to_json(crm::ml::crosstab(wb_.table(), o.value("row", std::string()),
                                                 o.value("col", std::string()), &cancel, pf));
      } else if (method == "regression") {
        out = crm::ml::to_json(crm::ml::linear_regression(
            wb_.table(), o.value("target", std::string()),
            o.value("features", std::vector<std::string>{}), &cancel, pf));
      } else {
        return fail("bad_method", "unknown analysis '" + method + "'");
      }
      if (o.value("apply", false) && !op.empty()) {
        crm::Table t = wb_.table();  // shares every column
        for (crm::Column& c : add.columns) {
          crm::Column col = std::move(c);
          col.set_name(crm::unique_column_name(t, col.name()));
          t.columns.push_back(std::move(col));
        }
        // A re-run replaces the columns the earlier run added (cluster stays cluster).
        const std::vector<std::string> before = wb_.table().names();
        const crm::HistoryEntry& e = wb_.add_columns(std::move(t), op, true, &cancel, true);
        out["step"] = entry_json(e);
        out["profile"] = crm::to_json(*wb_.current_profile());
        out["added"] = e.step.as;
        out["replaced"] = replaced_names(before, e.step.as);
      }
      return ok(out);
    });
  }

  /// The last pca run's points: Float32Array [pc1, pc2, pc1, pc2, ...] per feature row, or null.
  val points() const {
    if (points_.empty()) return val::null();
    return val::global("Float32Array")
        .new_(emscripten::typed_memory_view(points_.size(), points_.data()))
        .call<val>("slice");
  }

  /// The category (index into points.categories; −1 missing) of each point of the last pca run.
  val pointCodes() const {
    if (codes_.empty()) return val::null();
    return val::global("Int32Array")
        .new_(emscripten::typed_memory_view(codes_.size(), codes_.data()))
        .call<val>("slice");
  }

  /// The table rows (Uint32Array) of the last pca run's points.
  val pointRows() const {
    if (point_rows_.empty()) return val::null();
    return val::global("Uint32Array")
        .new_(emscripten::typed_memory_view(point_rows_.size(), point_rows_.data()))
        .call<val>("slice");
  }

  /// Streams the change log CSV to `sink(Uint8Array view)` (copy it: valid during the call).
  std::string changeLog(val sink) {
    return guarded([&] {
      wb_.change_log([&](std::string_view b) {
        sink(val(
            emscripten::typed_memory_view(b.size(), reinterpret_cast<const uint8_t*>(b.data()))));
      });
      return ok(nullptr);
    });
  }

  /// Spelling clusters of a column of the current version; options {method: fingerprint | ngram |
  /// metaphone, ngram: n, maxGroups, maxSpellings}. The result is crm::to_json(SpellingClusters).
  std::string spellingClusters(const std::string& column, const std::string& options,
                               val progress) {
    return guarded([&] {
      std::atomic<bool> cancel{false};
      const json o = parse_options(options);
      crm::ClusterMethod method = crm::ClusterMethod::Fingerprint;
      const std::string name = o.value("method", std::string("fingerprint"));
      if (!crm::parse_cluster_method(name, method)) {
        return fail("bad_options",
                    "method must be fingerprint, ngram or metaphone, not '" + name + "'");
      }
      crm::SpellingOptions so;
      so.ngram = o.value("ngram", size_t{2});
      so.max_groups = o.value("maxGroups", size_t{0});
      so.max_spellings = o.value("maxSpellings", size_t{0});
      const crm::SpellingClusters sc =
          wb_.spelling_clusters(column, method, so, progress_fn(progress, cancel), &cancel);
      return ok(json::parse(crm::to_json(sc).dump()));
    });
  }

  /// Streams the rows drop_rows steps removed as CSV (row, then the loaded columns) to
  /// `sink(Uint8Array view)` (copy it: valid during the call).
  std::string droppedRows(val sink) {
    return guarded([&] {
      wb_.dropped_rows([&](std::string_view b) {
        sink(val(
            emscripten::typed_memory_view(b.size(), reinterpret_cast<const uint8_t*>(b.data()))));
      });
      return ok(nullptr);
    });
  }

  // ---- find a person ---------------------------------------------------------------------------

  /// Finds one person's records in the current version (`crmwb find`): `query` {email, phone,
  /// name, region, values, limit}; compared with the kept dedupe run's model when there is one
  /// (else the suggested setup). `progress(done, total, stage)` may return true to cancel.
  /// Returns the search (crm::person_search_json) with `model`: "dedupe" or "suggested".
  std::string findPerson(const std::string& query, val progress) {
    return guarded([&] {
      const crm::PersonQuery q = crm::parse_person_query(query);
      std::atomic<bool> cancel{false};
      const crm::DedupeModel* model = dedupe_.is_link() ? nullptr : dedupe_.model();
      const crm::PersonSearch s =
          wb_.find_person(q, model, progress_fn(progress, cancel), &cancel);
      json out = json::parse(crm::person_search_json(s));
      out["model"] = model ? "dedupe" : "suggested";
      return ok(out);
    });
  }

  /// Writes rows of the current version (`rows`: a JSON array of row numbers) as CSV: `row` (the
  /// loaded file's row), then every column — the answer to an access request.
  std::string personRowsCsv(const std::string& rows, val sink) {
    return guarded([&] {
      const json r = parse_options(rows.empty() ? "[]" : rows);
      if (!r.is_array()) throw crm::InputError("bad_rows", "rows must be a list of row numbers");
      std::vector<crm::PersonMatch> matches;
      for (const auto& v : r) {
        crm::PersonMatch m;
        m.row = v.get<uint64_t>();
        m.original_row = wb_.original_row(static_cast<size_t>(m.row));
        matches.push_back(m);
      }
      crm::write_person_rows_csv(wb_.table(), matches, [&](std::string_view b) {
        sink(val(
            emscripten::typed_memory_view(b.size(), reinterpret_cast<const uint8_t*>(b.data()))));
      });
      return ok(nullptr);
    });
  }

  // ---- validation rules ----------------------------------------------------------------------

  /// The suggested rules for the current version (needs its profile) as rules text.
  /// The columns holding personal data: [{column, name, kind, checked, matched, evidence}].
  std::string detectPersonalData() {
    return guarded([&] {
      const crm::Profile* p = wb_.current_profile();
      if (!p) throw std::logic_error("detectPersonalData() before profile()");
      return ok(json::parse(crm::pii_findings_json(crm::detect_personal_data(wb_.table(), *p))));
    });
  }

  /// Writes the current version protected as `config` (a protect configuration) says, to
  /// `sink`, like `crmwb protect`; `keyHex`: the project key as 64 hex digits ("" for none).
  /// `options` {first, limit, header}: which rows (a preview, or one slice of a long export;
  /// default all, with the header). `progress(done, total, "protect")` may return true to
  /// cancel (code cancelled; what reached `sink` is to be discarded).
  /// Returns {rows, columns: [{name, action, kind, changed, blanked}]} for the rows written.
  std::string protectExport(const std::string& config, const std::string& keyHex,
                            const std::string& options, val sink, val progress) {
    return guarded([&] {
      const crm::Profile* p = wb_.current_profile();
      if (!p) throw std::logic_error("protectExport() before profile()");
      const crm::ProtectConfig c = crm::parse_protect_config(config);
      std::optional<crm::ProjectKey> key;
      if (!keyHex.empty()) key = crm::parse_key_file(keyHex);
      const json o = parse_options(options);
      crm::ProtectRows rows;
      if (o.contains("first")) rows.first = o["first"].get<uint64_t>();
      if (o.contains("limit")) rows.limit = o["limit"].get<uint64_t>();
      rows.header = o.value("header", true);
      std::atomic<bool> cancel{false};
      const auto findings = crm::detect_personal_data(wb_.table(), *p);
      const crm::ProtectResult r = crm::protect_table(
          wb_.table(), *p, findings, c, key ? &*key : nullptr,
          [&](std::string_view b) {
            sink(val(emscripten::typed_memory_view(b.size(),
                                                   reinterpret_cast<const uint8_t*>(b.data()))));
          },
          &cancel, progress_fn(progress, cancel), rows);
      return ok(json::parse(crm::protect_result_json(r)));
    });
  }

  std::string suggestRules() {
    return guarded([&] {
      const crm::Profile* p = wb_.current_profile();
      if (!p) throw std::logic_error("suggestRules() before profile()");
      return ok(crm::rules_to_json(crm::suggest_rules(wb_.table(), *p)));
    });
  }

  /// Parses `rules` (rules text) and checks its columns against this table and `other` (the
  /// second file of in_column rules: another Engine, or null); nothing runs yet. Options
  /// {referenceDay: days since 1970-01-01, "today" of not_future}. Then validateStep() ->
  /// {done, total, more} until more is false, then validateFinish().
  std::string validateBegin(const std::string& rules, Engine* other, const std::string& options) {
    return guarded([&] {
      const crm::Rules r = crm::parse_rules(rules);
      const crm::Table* ot = other_table(r, other);
      wb_.begin_validate(r, ot, validate_options(parse_options(options)));
      return ok(nullptr);
    });
  }
  std::string validateStep() {
    return guarded([&] {
      size_t done = 0, total = 0;
      const bool more = wb_.validate_step(done, total);
      return ok({{"done", done}, {"total", total}, {"more", more}});
    });
  }
  /// Ends the run: {report (as crmwb validate --json prints it), quality (with accuracy)}; the
  /// failing rows stay for the "rule" view filter and ruleRows().
  std::string validateFinish() {
    return guarded([&] {
      const crm::ValidationReport& r = wb_.finish_validate();
      return ok(
          {{"report", crm::to_json(r)}, {"quality", crm::to_json(wb_.current_profile()->quality)}});
    });
  }
  /// The whole run in one call (Node, tests): {report, quality}.
  std::string validate(const std::string& rules, Engine* other, const std::string& options) {
    return guarded([&] {
      const crm::Rules r = crm::parse_rules(rules);
      const crm::ValidationReport& rep =
          wb_.run_rules(r, other_table(r, other), validate_options(parse_options(options)));
      return ok({{"report", crm::to_json(rep)},
                 {"quality", crm::to_json(wb_.current_profile()->quality)}});
    });
  }
  /// Forgets the last run: accuracy leaves the quality score. Returns {quality}.
  std::string clearRules() {
    return guarded([&] {
      wb_.clear_validation();
      const crm::Profile* p = wb_.current_profile();
      return ok({{"quality", p ? crm::to_json(p->quality) : json()}});
    });
  }
  /// Failing rows of rule `index` (1-based; 0: of any rule) of the last run on this version, as
  /// a view into wasm memory that the caller must copy at once; null when there is none.
  val ruleRows(double index) {
    const auto rows = wb_.rule_rows(static_cast<size_t>(index));
    if (!rows) return val::null();
    return val(emscripten::typed_memory_view(rows->size(), rows->data()));
  }

 private:
  static crm::ValidateOptions validate_options(const json& o) {
    crm::ValidateOptions v;
    if (o.contains("referenceDay") && o["referenceDay"].is_number())
      v.reference_day = o["referenceDay"].get<int64_t>();
    return v;
  }
  /// The table of the second engine for in_column rules; null when no rule needs one.
  static const crm::Table* other_table(const crm::Rules& rules, Engine* other) {
    if (!crm::rules_need_other(rules))
      return other && other->wb_.loaded() ? &other->wb_.table() : nullptr;
    if (!other || !other->wb_.loaded()) {
      for (size_t i = 0; i < rules.rules.size(); ++i)
        if (rules.rules[i].check == "in_column")
          throw crm::InputError("no_other_file",
                                "rule " + std::to_string(i + 1) +
                                    " (in_column) looks values up in a second file: load it first");
    }
    return &other->wb_.table();
  }
  static crm::OrderColumns order_columns(const json& o) {
    crm::OrderColumns c;
    c.customer_key = o.value("customerKey", "");
    c.order_key = o.value("orderKey", "");
    c.order_date = o.value("orderDate", "");
    c.amount = o.value("amount", "");
    c.order_id = o.value("orderId", "");
    c.category = o.value("category", "");
    return c;
  }
  static std::optional<int64_t> reference_day(const json& o) {
    if (!o.contains("referenceDate") || o["referenceDate"].is_null()) return std::nullopt;
    const std::string d = o["referenceDate"].get<std::string>();
    const auto day = crm::parse_order_day(d);
    if (!day || d.size() != 10)
      throw crm::InputError("bad_options",
                            "referenceDate takes a date as YYYY-MM-DD, not '" + d + "'");
    return *day;
  }
  static crm::ml::FeatureOptions feature_options(const json& o) {
    crm::ml::FeatureOptions f;
    f.columns = o.value("columns", std::vector<std::string>{});
    f.log_columns = o.value("logColumns", std::vector<std::string>{});
    f.auto_log = o.value("autoLog", false);
    const std::string scale = o.value("scale", std::string("zscore"));
    if (!crm::ml::parse_scale(scale, f.scale))
      throw crm::InputError("bad_options",
                            "scale must be zscore, minmax or none, not '" + scale + "'");
    const std::string impute = o.value("impute", std::string("median"));
    if (!crm::ml::parse_impute(impute, f.impute))
      throw crm::InputError("bad_options",
                            "impute must be median, mean or exclude, not '" + impute + "'");
    return f;
  }
  static crm::ml::KMeansOptions kmeans_options(const json& o) {
    crm::ml::KMeansOptions k;
    k.k = o.value("k", 5);
    k.n_init = o.value("nInit", 3);
    k.seed = o.value("seed", uint64_t{0});
    return k;
  }
  /// Keeps a pca run's scores (and the category of each point in `color`, when given) for
  /// points() / pointCodes(); returns {rows, categories, color}.
  json keep_points(const crm::PcaAnalysis& a, const std::string& color) {
    const auto& s = a.pca.scores;
    const size_t n = static_cast<size_t>(s.rows());
    points_.assign(2 * n, 0.0f);
    for (size_t i = 0; i < n; ++i) {
      const auto r = static_cast<Eigen::Index>(i);
      points_[2 * i] = static_cast<float>(s(r, 0));
      points_[2 * i + 1] = s.cols() > 1 ? static_cast<float>(s(r, 1)) : 0.0f;
    }
    point_rows_ = a.features.rows;
    codes_.clear();
    json categories = json::array();
    if (!color.empty()) {
      const crm::Column& col = wb_.table().columns[crm::ml::column_index(wb_.table(), color)];
      std::vector<std::pair<std::string, int32_t>> seen;  // first-seen order, then sorted
      std::unordered_map<std::string, int32_t> index;
      codes_.assign(n, -1);
      for (size_t i = 0; i < n; ++i) {
        const uint32_t row = point_rows_[i];
        if (col.missing(row)) continue;
        const std::string v(col.value(row));
        auto it = index.find(v);
        if (it == index.end()) {
          if (index.size() >= 64) continue;  // more than 64 categories: the rest uncoloured
          it = index.emplace(v, static_cast<int32_t>(index.size())).first;
        }
        codes_[i] = it->second;
      }
      std::vector<std::string> names(index.size());
      for (const auto& [v, c] : index) names[static_cast<size_t>(c)] = v;
      categories = names;
    }
    return {{"rows", n}, {"color", color}, {"categories", categories}};
  }
  static crm::ProgressFn progress_fn(val progress, std::atomic<bool>& cancel) {
    if (progress.typeOf().as<std::string>() != "function") return {};
    return [progress, &cancel](const crm::Progress& p) {
      const val r = progress(static_cast<double>(p.done), static_cast<double>(p.total), p.stage);
      if (r.isTrue()) cancel = true;
    };
  }
  /// The names of `added` that `before` (the previous version's columns) had: the columns a
  /// re-run replaced.
  static json replaced_names(const std::vector<std::string>& before,
                             const std::vector<std::string>& added) {
    json out = json::array();
    for (const std::string& n : added) {
      if (std::find(before.begin(), before.end(), n) != before.end()) out.push_back(n);
    }
    return out;
  }

  static json entry_json(const crm::HistoryEntry& e) {
    return {{"step", json::parse(crm::to_json(e.step).dump())},
            {"applied", e.applied},
            {"changed", e.changed},
            {"flagged", e.flagged},
            {"missing", e.missing},
            {"dropped", e.dropped},
            {"rows", e.rows},
            {"id", e.id}};
  }
  std::string moved(bool did) {
    json out = {{"moved", did}, {"version", wb_.version()}, {"rows", wb_.table().rows}};
    if (wb_.current_profile()) out["profile"] = crm::to_json(*wb_.current_profile());
    return ok(out);
  }

  /// `r` with the quality score that counts the session's clusters as they stand ("quality").
  json with_quality(json r) {
    r["quality"] = dedupe_.sync_quality(wb_);
    return r;
  }

  /// The dedupe session, following the current version (a run on another one is forgotten).
  crm::wasm::DedupeSession& bound() {
    dedupe_.bind(wb_);
    return dedupe_;
  }

  crm::Workbench wb_;
  std::vector<char> staging_;
  crm::wasm::DedupeSession dedupe_;
  std::vector<float> points_;         // the last pca run's pc1, pc2 per point
  std::vector<int32_t> codes_;        // category of each point (pca colorColumn), −1 missing
  std::vector<uint32_t> point_rows_;  // table row of each point
};

/// Host I/O for the CLI driver, provided by JavaScript (see scripts/crmwb-wasm). JS functions
/// return a number on success or a string reason on failure; they never throw.
class JsIo : public crm::cli::Io {
 public:
  explicit JsIo(val io) : io_(std::move(io)) {}

  uint64_t file_size(const std::string& path) override {
    const val r = io_.call<val>("size", path);
    return r.isNumber() ? static_cast<uint64_t>(r.as<double>()) : 0;
  }

  void read_file(const std::string& path,
                 const std::function<void(const char*, size_t)>& chunk) override {
    const int fd = open(path, "r");
    std::vector<char> buf(4 << 20);
    for (;;) {
      const val r = io_.call<val>("read", fd, reinterpret_cast<uintptr_t>(buf.data()), buf.size());
      if (r.isString()) {
        io_.call<val>("close", fd);
        throw std::runtime_error(r.as<std::string>());
      }
      const size_t n = static_cast<size_t>(r.as<double>());
      if (n == 0) break;
      try {
        chunk(buf.data(), n);
      } catch (...) {
        io_.call<val>("close", fd);
        throw;
      }
    }
    io_.call<val>("close", fd);
  }

  /// A file opened for writing through JavaScript.
  class File : public crm::cli::OutFile {
   public:
    File(JsIo& io, int fd) : io_(io), fd_(fd) {}
    ~File() override {
      if (fd_ >= 0) io_.io_.call<val>("close", fd_);
    }
    void write(std::string_view b) override { io_.write_fd(fd_, b); }
    void close() override {
      const int fd = fd_;
      fd_ = -1;
      const val r = io_.io_.call<val>("close", fd);
      if (r.isString()) throw std::runtime_error(r.as<std::string>());
    }

   private:
    JsIo& io_;
    int fd_;
  };

  std::unique_ptr<crm::cli::OutFile> open_write(const std::string& path) override {
    return std::make_unique<File>(*this, open(path, "w"));
  }
  void out(std::string_view text) override { write_fd(1, text); }
  void err(std::string_view text) override { write_fd(2, text); }

 private:
  int open(const std::string& path, const char* mode) {
    const val r = io_.call<val>("open", path, std::string(mode));
    if (r.isString()) throw std::runtime_error(r.as<std::string>());
    return r.as<int>();
  }
  void write_fd(int fd, std::string_view b) {
    const val r = io_.call<val>("write", fd, reinterpret_cast<uintptr_t>(b.data()), b.size());
    if (r.isString()) throw std::runtime_error(r.as<std::string>());
  }
  val io_;
};

/// Runs the crmwb CLI with host I/O from JavaScript; returns the exit status.
int run_cli(val args, val io) {
  const auto argv = emscripten::vecFromJSArray<std::string>(args);
  JsIo host(io);
  try {
    return crm::cli::run(argv, host);
  } catch (...) {
    return 70;  // an internal error; run() itself catches every documented failure
  }
}

/// The output of the last phoneLines call, handed over by takePhoneLines.
std::string g_phone_lines;

/// Parses and formats one phone number per line of `text` (crm::format_phone_lines) with
/// options {region, format}; the result waits for takePhoneLines(). Returns {lines}.
std::string phone_lines(const std::string& text, const std::string& options) {
  return guarded([&]() {
    const json o = options.empty() ? json::object() : json::parse(options);
    const std::string region = o.value("region", std::string());
    crm::PhoneFormat f = crm::PhoneFormat::E164;
    if (!crm::parse_phone_format(o.value("format", std::string("e164")), f)) {
      return fail("bad_options", "format must be e164, international, national or rfc3966");
    }
    if (!region.empty() && !crm::is_phone_region(region)) {
      return fail("bad_options", "unknown phone region '" + region +
                                     "': use an ISO 3166 alpha-2 code such as US or GB");
    }
    g_phone_lines = crm::format_phone_lines(text, region, f);
    size_t lines = 0;
    for (char c : g_phone_lines) lines += c == '\n';
    return ok({{"lines", lines}});
  });
}

/// The text of the last phoneLines call (then forgotten): "number\treason" lines.
std::string take_phone_lines() {
  std::string out;
  out.swap(g_phone_lines);
  return out;
}

/// Current size of the WebAssembly memory in bytes (it only grows, so this is the peak).
double heap_bytes() {
  return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0;
}

// ---- Analysis of a numeric matrix (benchmarks; charts of large tables) ----

/// A numeric matrix in wasm memory and the last analysis run on it. JavaScript fills the
/// row-major doubles (HEAPF64 at stage(rows, cols) / 8), then calls run(method, options): the
/// summary comes back as JSON, the per-row result (labels or scores) stays for rowResult().
class MlMatrix {
 public:
  /// Address of room for rows × cols doubles (row-major).
  uintptr_t stage(double rows, double cols) {
    x_.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    return reinterpret_cast<uintptr_t>(x_.data());
  }

  /// Runs "scale" (zscore in place), "kmeans" {k, nInit, seed, lloyd}, "pca", "dbscan"
  /// {eps, minSamples}, "iforest" {trees, maxSamples, seed} or "silhouette" {sample, seed} (of
  /// the last labels) on the staged matrix.
  std::string run(const std::string& method, const std::string& options) {
    return guarded([&]() -> std::string {
      const json o = parse_options(options);
      if (method == "scale") {
        crm::ml::Features f = crm::ml::features_from_matrix(x_, crm::ml::Scale::ZScore);
        x_ = std::move(f.x);
        return ok(nullptr);
      }
      if (method == "kmeans") {
        crm::ml::KMeansOptions k;
        k.k = o.value("k", 5);
        k.n_init = o.value("nInit", 1);
        k.seed = o.value("seed", uint64_t{0});
        k.hamerly = !o.value("lloyd", false);
        crm::ml::KMeansResult r = crm::ml::kmeans(x_, k);
        labels_ = r.labels;
        scores_.clear();
        return ok(crm::ml::to_json(r));
      }
      if (method == "silhouette") {
        const auto sample =
            crm::ml::sample_rows(static_cast<size_t>(x_.rows()), o.value("sample", size_t{5000}),
                                 o.value("seed", uint64_t{0}));
        return ok({{"silhouette", crm::ml::round12(crm::ml::silhouette(x_, labels_, sample))}});
      }
      if (method == "pca") {
        crm::ml::PcaResult r = crm::ml::pca(x_, 2);
        scores_.assign(r.scores.data(), r.scores.data() + r.scores.size());
        labels_.clear();
        return ok(crm::ml::to_json(r, {}));
      }
      if (method == "dbscan") {
        crm::ml::DbscanResult r =
            crm::ml::dbscan(x_, o.value("eps", 0.0), o.value("minSamples", 5));
        labels_ = r.labels;
        scores_.clear();
        return ok(crm::ml::to_json(r));
      }
      if (method == "iforest") {
        crm::ml::IForestOptions f;
        f.trees = o.value("trees", 100);
        f.max_samples = o.value("maxSamples", 256);
        f.seed = o.value("seed", uint64_t{0});
        crm::ml::IForestResult r = crm::ml::isolation_forest(x_, f);
        scores_ = std::move(r.scores);
        labels_.clear();
        return ok({{"trees", r.trees}, {"max_samples", r.max_samples}});
      }
      return fail("bad_method", "unknown analysis '" + method + "'");
    });
  }

  /// A copy of the last per-row result: Int32Array labels or Float64Array scores.
  val rowResult() const {
    if (!labels_.empty()) {
      return val::global("Int32Array")
          .new_(emscripten::typed_memory_view(labels_.size(), labels_.data()))
          .call<val>("slice");
    }
    return val::global("Float64Array")
        .new_(emscripten::typed_memory_view(scores_.size(), scores_.data()))
        .call<val>("slice");
  }

 private:
  crm::ml::Matrix x_;
  std::vector<int32_t> labels_;
  std::vector<double> scores_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(crmwb) {
  emscripten::class_<MlMatrix>("MlMatrix")
      .constructor<>()
      .function("stage", &MlMatrix::stage)
      .function("run", &MlMatrix::run)
      .function("rowResult", &MlMatrix::rowResult);
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("stage", &Engine::stage)
      .function("beginLoad", &Engine::beginLoad)
      .function("feed", &Engine::feed)
      .function("finishLoad", &Engine::finishLoad)
      .function("profile", &Engine::profile)
      .function("profileBegin", &Engine::profileBegin)
      .function("profileStep", &Engine::profileStep)
      .function("profileFinish", &Engine::profileFinish)
      .function("rescore", &Engine::rescore)
      .function("window", &Engine::window)
      .function("setView", &Engine::setView)
      .function("viewWindow", &Engine::viewWindow)
      .function("exportTable", &Engine::exportTable)
      .function("previewStep", &Engine::previewStep)
      .function("applyStep", &Engine::applyStep)
      .function("applyRecipe", &Engine::applyRecipe)
      .function("undo", &Engine::undo)
      .function("redo", &Engine::redo)
      .function("history", &Engine::history)
      .function("originalRow", &Engine::originalRow)
      .function("recipeJson", &Engine::recipeJson)
      .function("suggestRecipe", &Engine::suggestRecipe)
      .function("changeLog", &Engine::changeLog)
      .function("spellingClusters", &Engine::spellingClusters)
      .function("droppedRows", &Engine::droppedRows)
      .function("findPerson", &Engine::findPerson)
      .function("personRowsCsv", &Engine::personRowsCsv)
      .function("suggestRules", &Engine::suggestRules)
      .function("detectPersonalData", &Engine::detectPersonalData)
      .function("protectExport", &Engine::protectExport)
      .function("validateBegin", &Engine::validateBegin, emscripten::allow_raw_pointers())
      .function("validateStep", &Engine::validateStep)
      .function("validateFinish", &Engine::validateFinish)
      .function("validate", &Engine::validate, emscripten::allow_raw_pointers())
      .function("clearRules", &Engine::clearRules)
      .function("ruleRows", &Engine::ruleRows)
      .function("loaded", &Engine::loaded)
      .function("suggestJoinKeys", &Engine::suggestJoinKeys)
      .function("joinOrders", &Engine::joinOrders)
      .function("segmentRfm", &Engine::segmentRfm)
      .function("resultColumns", &Engine::resultColumns)
      .function("restoreColumns", &Engine::restoreColumns)
      .function("dedupeSuggest", &Engine::dedupeSuggest)
      .function("dedupeRun", &Engine::dedupeRun)
      .function("dedupeSummary", &Engine::dedupeSummary)
      .function("dedupeQuality", &Engine::dedupeQuality)
      .function("dedupeLinkSuggest", &Engine::dedupeLinkSuggest, emscripten::allow_raw_pointers())
      .function("dedupeLinkRun", &Engine::dedupeLinkRun, emscripten::allow_raw_pointers())
      .function("dedupeClear", &Engine::dedupeClear)
      .function("dedupeCounts", &Engine::dedupeCounts)
      .function("dedupeSetThreshold", &Engine::dedupeSetThreshold)
      .function("dedupeClusters", &Engine::dedupeClusters)
      .function("dedupeCluster", &Engine::dedupeCluster)
      .function("dedupeDecide", &Engine::dedupeDecide)
      .function("dedupeResetDecisions", &Engine::dedupeResetDecisions)
      .function("dedupeSetSurvivorship", &Engine::dedupeSetSurvivorship)
      .function("dedupeExport", &Engine::dedupeExport)
      .function("analyze", &Engine::analyze)
      .function("points", &Engine::points)
      .function("pointCodes", &Engine::pointCodes)
      .function("pointRows", &Engine::pointRows);
  emscripten::function("runCli", &run_cli);
  emscripten::function("heapBytes", &heap_bytes);
  emscripten::function("phoneLines", &phone_lines);
  emscripten::function("takePhoneLines", &take_phone_lines);
}
