// Synchronous JavaScript wrapper around the crmwb WebAssembly module. It works the same in a
// Web Worker and in Node (tests, scripts/crmwb-wasm, benchmarks); the worker message layer is
// separate. Every engine call returns a JSON envelope; failures become Error objects with
// `code` and `line` properties.

/** Turns a {ok, value | error} envelope into its value, or throws an Error. */
export function unwrap(envelope) {
  const r = JSON.parse(envelope);
  if (r.ok) return r.value;
  const err = new Error(r.error.message);
  err.code = r.error.code;
  err.line = r.error.line;
  throw err;
}

/** A recipe step as JSON text (objects are stringified). */
function stepText(step) {
  return typeof step === 'string' ? step : JSON.stringify(step);
}

/** One loaded table in the engine. */
export class Engine {
  /** @param module an instantiated crmwb module (the createCrmwb factory's result) */
  constructor(module) {
    this.module = module;
    this.native = new module.Engine();
  }

  /** A second, empty Engine in the same module (the orders next to the customers). */
  sibling() {
    return new Engine(this.module);
  }

  /** Starts loading a file: {delimiter, header: 'auto'|'yes'|'no', nullTokens, expectedBytes}. */
  beginLoad(options = {}) {
    return unwrap(this.native.beginLoad(JSON.stringify(options)));
  }

  /** Parses the next chunk (a Uint8Array); returns {bytes, rows} consumed so far. */
  feed(chunk) {
    const ptr = this.native.stage(chunk.length);
    this.module.HEAPU8.set(chunk, ptr); // read HEAPU8 after stage(): memory may have grown
    return unwrap(this.native.feed(chunk.length));
  }

  /** Ends loading; returns {rows, columns, dialect, warnings, bytes}. */
  finishLoad() {
    return unwrap(this.native.finishLoad());
  }

  /** Profiles the table; options {referenceDay, timelinessDays, lastUpdated, weights}. */
  /** Recomputes only the quality score of the last profile with other quality options. */
  rescore(options = {}) {
    return unwrap(this.native.rescore(JSON.stringify(options)));
  }

  profile(options = {}, onProgress = undefined) {
    return unwrap(this.native.profile(JSON.stringify(options), onProgress));
  }

  /**
   * The same profile in steps, one column each, for a caller that must take messages between
   * them: profileBegin(options), then profileStep() -> {done, total, more} until more is false,
   * then profileFinish() -> the profile.
   */
  profileBegin(options = {}) {
    unwrap(this.native.profileBegin(JSON.stringify(options)));
  }

  profileStep() {
    return unwrap(this.native.profileStep());
  }

  profileFinish() {
    return unwrap(this.native.profileFinish());
  }

  /**
   * Sets the grid's view and returns {rows}. spec: {filters: [{kind, column, value}], sort:
   * {column, descending}}; kind is value | pattern | missing | invalid | inconsistent |
   * whitespace | duplicate | search (rows whose value contains `value`, ignoring case and
   * accents; column -1 looks in every column). Text sorts ignore case and accents (ties by the
   * exact bytes); numbers and dates sort by value. Needs profile() first. An empty spec shows
   * every row.
   */
  setView(spec = {}) {
    return unwrap(this.native.setView(JSON.stringify(spec)));
  }

  /**
   * Rows [begin, end) of the view: {index: table row numbers, rows: string[][], flags: number[][]
   * (bits: 1 missing, 2 invalid, 4 inconsistent, 8 whitespace), total}.
   */
  viewWindow(begin, end) {
    return unwrap(this.native.viewWindow(begin, end));
  }

  /** Rows [begin, end) as arrays of strings. */
  window(begin, end) {
    return unwrap(this.native.window(begin, end));
  }

  /**
   * Exports the table as one Uint8Array. options: {format: 'csv'|'json'|'jsonl', bom, neutralize
   * (CSV: prefix cells a spreadsheet could run with '), view (only the current view's rows)}.
   */
  exportTable(options = {}) {
    return this.exportTableWithStats(options).bytes;
  }

  /** exportTable, also telling what it did: {bytes, neutralized (CSV cells given a ')}. */
  exportTableWithStats(options = {}) {
    const parts = [];
    let total = 0;
    const stats = unwrap(
      this.native.exportTable(JSON.stringify(options), (view) => {
        parts.push(view.slice());
        total += view.length;
      }),
    );
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return { bytes: out, neutralized: stats?.neutralized ?? 0 };
  }

  /**
   * Parses phone numbers, one per line of `text`, with options {region: 'US' (default region
   * for national numbers; none by default), format: 'e164' | 'international' | 'national' |
   * 'rfc3966'}; returns the output text: per input line "number<TAB>reason\n" (reason "ok" for
   * a valid number; the number is empty when parsing failed).
   */
  normalizePhones(text, options = {}) {
    // In pieces of about 1 MB (whole lines): the module's memory stays small, where one large
    // call would grow it step by step.
    const opts = JSON.stringify(options);
    const out = [];
    for (let at = 0; at < text.length || (at === 0 && out.length === 0); ) {
      let end = Math.min(text.length, at + (1 << 20));
      if (end < text.length) {
        const nl = text.indexOf('\n', end);
        end = nl < 0 ? text.length : nl + 1;
      }
      let piece = text.slice(at, end);
      // A final line without '\n' is a line too; a trailing '\n' ends the last line.
      if (end === text.length && piece.endsWith('\n') && end > 0) piece = piece.slice(0, -1);
      unwrap(this.module.phoneLines(piece, opts));
      out.push(this.module.takePhoneLines());
      at = end;
      if (text.length === 0) break;
    }
    return out.join('');
  }

  /** The same for an array of strings: [{number, reason, valid}] in order. */
  parsePhones(lines, options = {}) {
    const out = this.normalizePhones(lines.join('\n'), options).split('\n');
    out.pop();
    return out.map((line) => {
      const tab = line.lastIndexOf('\t');
      const reason = line.slice(tab + 1);
      return { number: line.slice(0, tab), reason, valid: reason === 'ok' };
    });
  }

  /**
   * Runs one recipe step (an object or JSON text) on the current version without keeping it;
   * returns {changed, flagged, missing, dropped, rows, samples: [{column, before, after, note}]}.
   * `onProgress(done, total, stage)` may return true to cancel (an Error with code 'cancelled');
   * stage is "clean" (rows done of rows × columns), "clean step I of N" in a recipe, or
   * "profile" (applyStep and applyRecipe: the result's columns profiled).
   */
  previewStep(step, onProgress = undefined) {
    return unwrap(this.native.previewStep(stepText(step), onProgress));
  }

  /** Applies one step: {step: {step, changed, flagged, missing, dropped, rows}, profile}. */
  applyStep(step, onProgress = undefined) {
    return unwrap(this.native.applyStep(stepText(step), onProgress));
  }

  /** Applies a recipe (JSON text); on any error or a cancel nothing changes. {steps, profile}. */
  applyRecipe(text, onProgress = undefined) {
    return unwrap(this.native.applyRecipe(text, onProgress));
  }

  /** Steps back one version: {moved, version, rows, profile}. */
  undo() {
    return unwrap(this.native.undo());
  }

  /** Steps forward one undone version: {moved, version, rows, profile}. */
  redo() {
    return unwrap(this.native.redo());
  }

  /** Every step since loading (undone ones with applied: false). */
  history() {
    return unwrap(this.native.history());
  }

  /** The loaded file's row number (edit_cell's `row`) of current table row `row`. */
  originalRow(row) {
    return unwrap(this.native.originalRow(row));
  }

  /** The applied steps as recipe text; {portable: true} leaves out edit_cell steps. */
  recipeJson(options = {}) {
    return unwrap(this.native.recipeJson(JSON.stringify(options)));
  }

  /** A suggested recipe (text) for the current version; needs profile() first. */
  suggestRecipe() {
    return unwrap(this.native.suggestRecipe());
  }

  /** The change log CSV (row,column,before,after,step,note) of the applied steps, as text. */
  changeLogCsv() {
    const parts = [];
    unwrap(this.native.changeLog((view) => parts.push(view.slice())));
    const dec = new TextDecoder();
    return parts.map((p) => dec.decode(p)).join('');
  }

  /**
   * Groups of similar spellings in `column` of the current version (OpenRefine-style key
   * collision): {column, method, rows, values, distinct, groups, affected, clusters: [{key, rows,
   * target, spelling_count, spellings: [{value, count, first_row}], step}]}. `method`:
   * 'fingerprint' | 'ngram' | 'metaphone'; options {ngram, maxGroups, maxSpellings} (the first so
   * many groups / spellings of a group; `step` merges the listed spellings). Merge a group with applyStep(cluster.step) or a
   * replace step of your own ({op: 'replace', column, map: {from: to}}).
   */
  spellingClusters(column, method = 'fingerprint', options = {}, onProgress = undefined) {
    const o = JSON.stringify({ ...options, method });
    return unwrap(this.native.spellingClusters(column, o, onProgress));
  }

  /** The rows drop_rows steps removed, as CSV text: `row` (0-based, as loaded), then the row. */
  droppedRowsCsv() {
    const parts = [];
    unwrap(this.native.droppedRows((view) => parts.push(view.slice())));
    const dec = new TextDecoder(); // streaming: a character may span two parts
    return parts.map((p, i) => dec.decode(p, { stream: i + 1 < parts.length })).join('');
  }

  // ---- find a person ---------------------------------------------------------------------------

  /**
   * One person's records in the current version (`crmwb find --json`): query {email, phone, name,
   * region, values: {column: value}, limit}. Compared with the kept dedupe run's model when there
   * is one. Returns {rows, found, strong, trained, model, compared: [{column, query}], notes,
   * matches: [{row, original_row, weight, strength, why: [{column, query, value, level, weight}]}]}.
   * onProgress(done, total, stage) may return true to cancel.
   */
  findPerson(query, onProgress = undefined) {
    return unwrap(
      this.native.findPerson(
        JSON.stringify(query),
        onProgress ? (done, all, stage) => Boolean(onProgress(done, all, stage)) : null,
      ),
    );
  }

  /** Rows of the current version (row numbers) as CSV text: `row` (as loaded), then every column. */
  personRowsCsv(rows) {
    const parts = [];
    unwrap(this.native.personRowsCsv(JSON.stringify(rows), (view) => parts.push(view.slice())));
    const dec = new TextDecoder();
    return parts.map((p, i) => dec.decode(p, { stream: i + 1 < parts.length })).join('');
  }

  // ---- validation rules (rules text: {"crmwb_rules": 1, "rules": [...]}) ------------------------

  /** The suggested rules for the current version (text); needs profile() first. */
  suggestRules() {
    return unwrap(this.native.suggestRules());
  }

  /**
   * The columns of the profiled version that hold personal data, with why:
   * [{column, name, kind, checked, matched, evidence}] (kinds: README "Personal data").
   */
  detectPersonalData() {
    return unwrap(this.native.detectPersonalData());
  }

  /**
   * The profiled version as CSV, protected as `config` (a protect configuration object,
   * {crmwb_protect: 1, columns: {...}}) says, byte-identical to `crmwb protect`; `key`: the
   * 32-byte project key (Uint8Array) or null. Returns {bytes, summary: {rows, columns}}.
   * options {first, limit, header}: only these rows (a preview, or one slice of a long export:
   * slices in order, the header with the first, make the whole file); onProgress(done, total)
   * may return true to cancel (an Error with code 'cancelled'; nothing is returned).
   */
  protectExport(config, key = null, { first, limit, header, onProgress } = {}) {
    const hex = key ? Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('') : '';
    const rows = {};
    if (first !== undefined) rows.first = first;
    if (limit !== undefined) rows.limit = limit;
    if (header !== undefined) rows.header = header;
    const parts = [];
    let total = 0;
    const summary = unwrap(
      this.native.protectExport(
        JSON.stringify(config),
        hex,
        JSON.stringify(rows),
        (view) => {
          parts.push(view.slice());
          total += view.length;
        },
        onProgress ? (done, all) => Boolean(onProgress(done, all)) : null,
      ),
    );
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return { bytes, summary };
  }

  /**
   * Runs rules (text) on the current version: {report, quality}. `report` is what `crmwb validate
   * --json` prints (per rule: index, check, columns, severity, mostly, evaluated, failed,
   * share_passed, passed, failing_rows (the first 100), message; records, records_passing_all,
   * accuracy, passed); `quality` is the quality score with accuracy in it. `other`: an Engine
   * holding the second file of in_column rules. options {referenceDay}: "today" of not_future
   * (days since 1970-01-01). Rule failures are a result, not an Error; a bad rules text, a
   * pathological pattern or a missing column throw (code bad_rules, bad_pattern,
   * missing_column, no_other_file) naming the rule and field.
   */
  validate(rules, other = null, options = {}) {
    return unwrap(this.native.validate(rules, other ? other.native : null, JSON.stringify(options)));
  }

  /**
   * The same run in steps, one rule each (a worker takes a cancel between them):
   * validateBegin(rules, other, options), validateStep() -> {done, total, more} until more is
   * false, then validateFinish() -> {report, quality}.
   */
  validateBegin(rules, other = null, options = {}) {
    unwrap(this.native.validateBegin(rules, other ? other.native : null, JSON.stringify(options)));
  }

  validateStep() {
    return unwrap(this.native.validateStep());
  }

  validateFinish() {
    return unwrap(this.native.validateFinish());
  }

  /** Forgets the last run (accuracy leaves the quality score): {quality}. */
  clearRules() {
    return unwrap(this.native.clearRules());
  }

  /**
   * Failing rows (a Uint32Array of 0-based row numbers, ascending) of rule `index` (1-based; 0:
   * of any rule) of the last run on the current version, or null. The grid shows them with the
   * view filter {kind: 'rule', value: String(index) | 'any'}.
   */
  ruleRows(index) {
    const view = this.native.ruleRows(index);
    return view ? view.slice() : null;
  }

  /** True when a table is loaded. */
  loaded() {
    return this.native.loaded();
  }

  /**
   * Join key pairs between this table (the customers) and `orders` (another Engine of the same
   * module holding the orders file), best first: [{customer_column, order_column, overlap,
   * name_match, score}].
   */
  suggestJoinKeys(orders) {
    return unwrap(this.native.suggestJoinKeys(orders.native));
  }

  /**
   * Joins `orders` to this table: {match} (the match report: counted orders, keys matched after
   * trimming or case folding, orphans, excluded rows per reason with the first rows). Options:
   * {customerKey, orderKey, orderDate, amount, orderId, category, referenceDate: 'YYYY-MM-DD',
   * apply: add first_order, last_order, order_count, total_amount, avg_amount,
   * distinct_categories as the next version (then also {step, profile})}.
   */
  joinOrders(orders, options = {}, onProgress = undefined) {
    return unwrap(this.native.joinOrders(orders.native, JSON.stringify(options), onProgress));
  }

  /**
   * The columns history step `index` (1-based; a join_orders or segment_* step) added, as that
   * step left them: CSV text (a `row` column, then the columns), for a saved project.
   */
  resultColumns(index) {
    return unwrap(this.native.resultColumns(index)).csv;
  }

  /**
   * Makes the columns of `csv` (as resultColumns wrote them) the next version as step `op` did
   * (a column named as an earlier result column takes its place): {step, profile, added, replaced}.
   */
  restoreColumns(op, csv) {
    return unwrap(this.native.restoreColumns(op, csv));
  }

  /**
   * RFM segments of this table's customers with `orders`: {summary: {reference_date, customers,
   * revenue, segments: [{segment, customers, customer_share, revenue, revenue_share}], match,
   * added_columns}}. Options as joinOrders plus {aggregates: also add the aggregate columns,
   * apply (default true): the columns become the next version, then also {step, profile}}.
   * `onProgress(done, total)` may return true to cancel (an Error with code 'cancelled').
   */
  segmentRfm(orders, options = {}, onProgress = undefined) {
    return unwrap(this.native.segmentRfm(orders.native, JSON.stringify(options), onProgress));
  }

  // ---- duplicates (the Duplicates view) ---------------------------------------------------------

  /**
   * The suggested dedupe setup of the current version: {model (the model JSON, as `crmwb dedupe
   * --save-model` writes it, untrained), estimate: {rules: [{rule, estimated}], total, budget,
   * within_budget, message (why it cannot run, else '')}, survivorship (suggested golden-record
   * rules), columns, kinds: [{kind, levels}], roles, block_keys}. options {model: an edited model
   * (object or text) to estimate instead, pairBudget}.
   */
  dedupeSuggest(options = {}) {
    return unwrap(this.native.dedupeSuggest(JSON.stringify(options)));
  }

  /**
   * Finds duplicates in the current version and keeps the run for review: options {model (object
   * or text; absent: the suggested setup, trained by EM, as `crmwb dedupe` without --model),
   * threshold, pairBudget, seed, uSamples, survivorship, labels (the review decisions JSON, text
   * or object: they refine m and the prior as `crmwb dedupe --labels` does and stay the run's
   * decisions)}. Returns the summary `crmwb dedupe --json`
   * prints plus {prior_weight, kept_pairs, decisions, keep_pairs_min}. `onProgress(done, total,
   * stage)` (keys, blocking, u, compare, em, score, cluster, done) may return true to cancel (an
   * Error with code 'cancelled'). Bad setups throw (too_many_pairs naming the rule, no_blocking,
   * missing_column, bad_model, one_value).
   */
  dedupeRun(options = {}, onProgress = undefined) {
    return unwrap(this.native.dedupeRun(JSON.stringify(options), onProgress));
  }

  /** The suggested setup for linking with `other` (an Engine holding the second file): as dedupeSuggest. */
  dedupeLinkSuggest(options, other) {
    return unwrap(this.native.dedupeLinkSuggest(JSON.stringify(options), other.native));
  }

  /**
   * Links this file with `other` (an Engine holding the second file), as `crmwb dedupe THIS --link
   * OTHER`: options and the summary as dedupeRun (no labels). The exports write rows a:17 / b:42;
   * clusters are not reviewed one by one. `other` must stay loaded while the run is kept
   * (dedupeClear() forgets it).
   */
  dedupeLinkRun(options, other, onProgress = undefined) {
    return unwrap(this.native.dedupeLinkRun(JSON.stringify(options), other.native, onProgress));
  }

  /** Forgets the kept dedupe run and its clusters in the quality score: {quality}. */
  dedupeClear() {
    return unwrap(this.native.dedupeClear());
  }

  /** The kept run's summary at its current threshold. */
  dedupeSummary() {
    return unwrap(this.native.dedupeSummary());
  }

  /**
   * The quality score as the dedupe counts it: {quality}. After a run (not a link) of this table
   * version, uniqueness counts the clusters as they stand (threshold and decisions) and
   * quality.problems lists {kind: 'fuzzy_duplicate', count, text}; dedupeRun, dedupeSetThreshold,
   * dedupeDecide and dedupeResetDecisions return the same `quality` with their answer.
   */
  dedupeQuality() {
    return unwrap(this.native.dedupeQuality());
  }

  /**
   * Counts at match probability `threshold` without changing the run (fast: the live slider):
   * {threshold, pairs_linked, clusters, rows_in_clusters, duplicates, largest_cluster, bridges_cut}.
   */
  dedupeCounts(threshold) {
    return unwrap(this.native.dedupeCounts(threshold));
  }

  /** Clusters the run again at `threshold` (decisions replayed); returns the summary. */
  dedupeSetThreshold(threshold) {
    return unwrap(this.native.dedupeSetThreshold(threshold));
  }

  /**
   * The clusters of two or more records: {order, ids, sizes, min_probability (the weakest link
   * inside), accepted (1/0)}, parallel arrays. order 'uncertain' (weakest link first), 'largest'
   * or 'id'. A cluster's id is its smallest row (0-based), stable across runs.
   */
  dedupeClusters(order = 'uncertain') {
    return unwrap(this.native.dedupeClusters(order));
  }

  /**
   * One cluster: {id, rows, columns, values (per record, every column), fields: [{column,
   * column_index, kind, levels}], pairs: [{a, b, weight, probability, linked, levels (level names
   * per field), contributions (match weight per field)}], prior_weight, threshold, accepted,
   * golden: {values, source_rows, rules}}. A pair's contributions plus prior_weight sum to its
   * weight; probability = 1 / (1 + 2^-weight).
   */
  dedupeCluster(id) {
    return unwrap(this.native.dedupeCluster(id));
  }

  /**
   * Records a review decision {action: 'accept' | 'reject' | 'split', cluster, row (split: the
   * record to take out)}: reject makes every record of the cluster its own, split takes one out.
   * Returns {decisions, clusters, rows_in_clusters, duplicates}.
   */
  dedupeDecide(decision) {
    return unwrap(this.native.dedupeDecide(JSON.stringify(decision)));
  }

  /** Drops every decision; returns as dedupeDecide. */
  dedupeResetDecisions() {
    return unwrap(this.native.dedupeResetDecisions());
  }

  /** Sets the golden-record survivorship rules ({default, date_column, columns: [...]}). */
  dedupeSetSurvivorship(rules) {
    return unwrap(this.native.dedupeSetSurvivorship(JSON.stringify(rules)));
  }

  /**
   * One export of the kept run as a Uint8Array: 'deduplicated' (as `crmwb dedupe --out`),
   * 'clusters' (--clusters), 'model' (--save-model), 'golden' (golden records by the survivorship
   * rules, with cluster_id and source_rows), 'lineage' (record,cluster_id,column,source_row) or
   * 'labels' (the decisions as JSON). Review decisions apply to the CSV files.
   */
  dedupeExport(kind, onProgress = undefined) {
    const parts = [];
    let total = 0;
    unwrap(
      this.native.dedupeExport(
        kind,
        (view) => {
          parts.push(view.slice());
          total += view.length;
        },
        onProgress,
      ),
    );
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /**
   * Runs one analysis of the current version (README "Analysis"): method 'choose_k' | 'kmeans' |
   * 'dbscan' | 'pca' | 'anomaly' | 'tree' | 'correlations' | 'groupby' | 'crosstab' |
   * 'regression'. Feature options {columns, scale: 'zscore'|'minmax'|'none', impute:
   * 'median'|'mean'|'exclude', logColumns, autoLog}; per method: choose_k {kMax, nInit, seed},
   * kmeans {k, nInit, seed}, dbscan {eps (0: suggested), minSamples}, pca {colorColumn},
   * anomaly {trees, maxSamples, seed, top, detector: 'iforest'|'lof', neighbors (lof)}, tree {label, topShare, maxDepth, minSamplesLeaf,
   * seed}, correlations {columns}, groupby {by: [one or two columns], value}, crosstab {row,
   * col}, regression {target, features}. Returns the analysis JSON as `crmwb segment --json`
   * prints it; with {apply: true} (kmeans, dbscan, pca, anomaly, tree) the result columns
   * (cluster, pc1 and pc2, anomaly_score or lof_score, predicted_<label>) become the next
   * version: then also {step, profile, added, replaced}. A re-run replaces the columns an earlier
   * segment step added (replaced lists them); a name the loaded file has gets _2. pca also keeps its points (see points()).
   * `onProgress(done, total, stage)` may return true to cancel (an Error with code 'cancelled').
   */
  analyze(method, options = {}, onProgress = undefined) {
    return unwrap(this.native.analyze(method, JSON.stringify(options), onProgress));
  }

  /**
   * The last pca analysis' points: {xy: Float32Array [pc1, pc2, ...], codes: Int32Array (the
   * category of each point in options.colorColumn, −1 missing) or null, rows: Uint32Array (table
   * row of each point)}, or null before any pca.
   */
  points() {
    const xy = this.native.points();
    if (!xy) return null;
    return { xy, codes: this.native.pointCodes(), rows: this.native.pointRows() };
  }

  /** Current WebAssembly memory size in bytes (memory only grows, so this is the peak). */
  heapBytes() {
    return this.module.heapBytes();
  }

  /** Frees the engine's memory for the table (the module stays instantiated). */
  dispose() {
    this.native.delete();
  }
}
