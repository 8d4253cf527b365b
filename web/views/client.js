// The page's side of the worker protocol (see worker.js): promises for requests, progress
// callbacks, cancel, and recreating the worker after a fatal error (out of memory) or a cancel the
// worker could not see (it was busy in a synchronous step).

/** Creates the engine worker: the bundled worker.js, or the inlined source of the single file. */
function spawn() {
  const inline = document.getElementById('crmwb-worker-src');
  if (inline) {
    const blob = new Blob([inline.textContent], { type: 'text/javascript' });
    const url = URL.createObjectURL(blob);
    const worker = new Worker(url);
    // The worker has fetched its script once it starts; the URL can go after a moment.
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return worker;
  }
  return new Worker('worker.js');
}

export class EngineClient {
  /**
   * @param memoryCapMB the ?memoryCapMB test hook (0 = none)
   * @param options {cleanHoldMs}: the ?cleanHoldMs test hook (a cleaning step holds this long)
   */
  constructor(memoryCapMB = 0, options = {}) {
    this.memoryCapMB = memoryCapMB;
    this.cleanHoldMs = Number(options.cleanHoldMs) || 0;
    // A flag the worker's cleaning step reads while it runs (cross-origin isolated pages only).
    this.cancelFlag = sharedCancelFlag();
    this.nextId = 1;
    this.pending = new Map();
    this.worker = null;
    this.ready = null;
    this.restart();
  }

  /** (Re)creates the worker; pending requests fail with `code`. */
  restart(code = 'restarted', message = 'The engine was restarted.') {
    if (this.worker) this.worker.terminate();
    this.failAll(code, message);
    this.needsRestart = false;
    const worker = spawn();
    this.worker = worker;
    let answered = false;
    worker.onmessage = ({ data }) => {
      answered = true;
      this.receive(data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (answered) {
        this.restart('internal', `The engine stopped: ${event.message || 'unknown error'}`);
        return;
      }
      // The worker script itself did not load or run: starting it again would fail the same way
      // (and loop). Fail what waits; the next request tries once more.
      this.failAll(
        'engine_unavailable',
        'worker.js did not load or run. The site must serve worker.js, crmwb-engine.js and ' +
          'crmwb.wasm next to index.html (any static web server does, with no special headers).',
      );
      this.needsRestart = true;
    };
    this.ready = this.request('init', {
      memoryCapMB: this.memoryCapMB,
      clean: { cancelBuffer: this.cancelFlag?.buffer ?? null, cleanHoldMs: this.cleanHoldMs },
    });
    this.ready.catch(() => {});
  }

  /** Rejects every pending request with an Error carrying `code`. */
  failAll(code, message) {
    for (const p of this.pending.values()) {
      const err = new Error(message);
      err.code = code;
      p.reject(err);
    }
    this.pending.clear();
  }

  receive(data) {
    const p = this.pending.get(data.id);
    if (!p) return;
    if (data.progress) {
      p.onProgress?.(data.progress);
      return;
    }
    this.pending.delete(data.id);
    if (data.ok) {
      p.resolve(data.result);
    } else {
      const err = new Error(data.error.message);
      err.code = data.error.code;
      err.fatal = data.error.fatal;
      if (err.code === 'cancelled') this.lastCancel = 'worker';
      // A failed start is not retried at once (that could loop): the next request restarts.
      if (data.error.fatal && p.op === 'init') this.needsRestart = true;
      else if (data.error.fatal) this.restart();
      p.reject(err);
    }
  }

  /** Sends {op, ...args}; resolves with the result. Transfers nothing from the page. */
  request(op, args = {}, onProgress = undefined) {
    if (this.needsRestart && op !== 'init') this.restart();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, op });
      this.worker.postMessage({ id, op, ...args });
    });
  }

  // ---- Spelling clusters and dropped rows (views/spelling.js) ----

  /**
   * Groups of similar spellings in `column` of the current version (see Engine.spellingClusters);
   * `method`: 'fingerprint' | 'ngram' | 'metaphone'; options {ngram, maxGroups}.
   */
  spellingClusters(column, method = 'fingerprint', options = {}, onProgress = undefined) {
    return this.request('spellingClusters', { column, method, options }, onProgress);
  }

  /** The rows drop_rows steps removed, as CSV text (row, then the loaded columns). */
  async droppedRowsCsv() {
    return (await this.request('droppedRows')).csv;
  }

  /**
   * Cancels the running open/export. The worker checks between chunks; if it has not answered
   * within `graceMs` (it is inside one long synchronous step), it is replaced by a new one.
   * `graceMs = null` never replaces it (an export: replacing would lose the loaded table); the
   * request then ends when the worker gets to the cancel.
   */
  cancel(graceMs = 1000) {
    // How the last cancel ended: 'worker' (it stopped between steps), 'restart' (replaced).
    this.lastCancel = null;
    this.worker.postMessage({ id: 0, op: 'cancel' });
    const busy = [...this.pending.values()].filter((p) => p.op === 'open' || p.op === 'export');
    if (busy.length === 0 || graceMs === null) return;
    const worker = this.worker;
    setTimeout(() => {
      if (this.worker === worker && busy.some((p) => [...this.pending.values()].includes(p))) {
        this.lastCancel = 'restart';
        this.restart('cancelled', 'Cancelled.');
      }
    }, graceMs);
  }

  // ---- cleaning (the Clean view; worker side in worker-clean.js) -----------------------------

  /** Sends a cleaning request; a cancellable one first lowers the shared cancel flag. */
  clean(op, args = {}, onProgress = undefined) {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 0);
    return this.request(op, args, onProgress);
  }

  /** The suggested recipe for the current version: {text, steps}. */
  suggest() {
    return this.clean('cleanSuggest');
  }

  /** Runs `step` without keeping it: {changed, flagged, missing, dropped, rows, samples}. */
  preview(step, onProgress) {
    return this.clean('cleanPreview', { step }, onProgress);
  }

  /**
   * Applies `step`: {entry, profile, view}; or {cancelled: true, undone, profile, view} when a
   * cancel reached it only after it finished (it was undone again).
   */
  applyStep(step, onProgress) {
    return this.clean('cleanApply', { step }, onProgress);
  }

  /** Applies a recipe (JSON text), all or nothing: {entries, profile, view} (or as applyStep). */
  applyRecipe(text, onProgress) {
    return this.clean('cleanApplyRecipe', { text }, onProgress);
  }

  /** Steps back one version: {moved, version, rows, profile, view}. */
  undo() {
    return this.clean('cleanUndo');
  }

  /** Steps forward one undone version: {moved, version, rows, profile, view}. */
  redo() {
    return this.clean('cleanRedo');
  }

  /** Every step since loading: [{step, applied, changed, flagged, missing, dropped, rows, id (never reused)}]. */
  history() {
    return this.clean('cleanHistory');
  }

  /** The columns history step `index` (1-based; join_orders or segment_*) added, as CSV text. */
  resultColumns(index) {
    return this.clean('cleanResultColumns', { index });
  }

  /** Makes saved result columns (resultColumns' CSV) the next version as step `op`: as applyStep. */
  restoreColumns(op, csv) {
    return this.clean('cleanRestoreColumns', { stepOp: op, csv });
  }

  /** The applied steps as recipe text (portable: without edit_cell steps). */
  recipe(portable = true) {
    return this.clean('cleanRecipe', { portable });
  }

  /** The change log CSV text (row,column,before,after,step,note). */
  changeLog() {
    return this.clean('cleanChangeLog');
  }

  /** Sets one cell (table column, current table row) to `value`: an edit_cell step. */
  editCell(column, row, value) {
    return this.clean('cleanEditCell', { column, row, value });
  }

  /**
   * Cancels the running preview or step: the shared flag stops it inside the engine (isolated
   * pages); the message stops it at its end otherwise. The worker is never replaced (that would
   * lose the loaded table).
   */
  cancelClean() {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 1);
    this.lastCancel = null;
    this.worker.postMessage({ id: 0, op: 'cancel' });
  }

  // ---- find a person (worker ops in worker.js's find a person block) --------------------------

  /**
   * One person's records in the loaded table and any second file open: {files: [{file, name,
   * search}]} (search as Engine.findPerson). cancelPerson() stops it (Error code 'cancelled').
   */
  findPerson(query, onProgress = undefined) {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 0);
    return this.request('findPerson', { query }, onProgress);
  }

  /** Stops a running person search (as cancelDedupe). */
  cancelPerson() {
    this.cancelClean();
  }

  /** Rows (row numbers of `file`'s current version) as CSV text: row (as loaded), then every column. */
  async personRowsCsv(file, rows) {
    return (await this.request('personRows', { file, rows })).csv;
  }

  // ---- personal data (worker ops in worker.js's personal data block) ---------------------------

  /** The columns of the current version holding personal data: [{column, name, kind, evidence}]. */
  async detectPersonalData() {
    return (await this.request('detectPersonalData')).marks;
  }

  /**
   * The first `rows` rows of the current version as protected CSV ({bytes: ArrayBuffer,
   * summary}): the dialog's preview, cheap at any table size.
   */
  protectPreview(config, key = null, rows = 20) {
    return this.request('protectPreview', { config, key, rows });
  }

  /**
   * The current version as protected CSV ({bytes: ArrayBuffer, summary}), byte-identical to
   * `crmwb protect` with the same configuration and key (Uint8Array of 32 bytes, or null).
   * onProgress({phase: 'protect', done, total}) at most every 1%; cancelProtect() stops it (an
   * Error with code 'cancelled'; nothing is kept, the table and the worker stay).
   */
  protectExport(config, key = null, onProgress = undefined) {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 0);
    return this.request('protectExport', { config, key }, onProgress);
  }

  /** Stops a running protected export (inside the engine on isolated pages, else between slices). */
  cancelProtect() {
    this.cancelClean();
  }

  // ---- validation rules (worker ops in worker.js's rules block) --------------------------------

  /** The suggested rules (text) for the loaded table. */
  async suggestRules() {
    return (await this.request('suggestRules')).rules;
  }

  /**
   * Runs rules (text) on the current table version: {report, quality}. onProgress({done, total})
   * per rule. cancelRules() stops it between rules (Error code 'cancelled'; nothing changes).
   */
  validate(rules, options = {}, onProgress = undefined) {
    return this.request('validate', { rules, options }, onProgress);
  }

  /** Stops a running validate between two rules; the worker (and the table) stays. */
  cancelRules() {
    this.cancel(null);
  }

  /** Forgets the last run: accuracy leaves the quality score. {quality}. */
  clearRules() {
    return this.request('clearRules');
  }

  /** Loads the second file of in_column rules (a File): {name, rows, columns}. */
  openOther(file, options = {}) {
    return this.request('openOther', { file, options });
  }

  /** Drops the second file. */
  closeOther() {
    return this.request('closeOther');
  }


  // ---- duplicates (views/duplicates.js; worker side in worker.js's duplicates block) ----------

  /** The suggested setup with estimated pairs (Engine.dedupeSuggest); options {model, pairBudget}. */
  dedupeSuggest(options = {}) {
    return this.request('dedupeSuggest', { options });
  }

  /**
   * Finds duplicates (Engine.dedupeRun): the summary. onProgress({stage, done, total}).
   * cancelDedupe() stops it (an Error with code 'cancelled'; the table is untouched).
   */
  dedupeRun(options = {}, onProgress = undefined) {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 0);
    return this.request('dedupeRun', { options }, onProgress);
  }

  /**
   * Stops a running dedupe: inside the engine when the page is cross-origin isolated (the shared
   * flag), else when the engine call returns (its answer is dropped). The worker stays.
   */
  cancelDedupe() {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 1);
    this.lastCancel = null;
    this.worker.postMessage({ id: 0, op: 'cancel' });
  }

  /** Loads the second file of a link (a File: CSV or XLSX) in the worker: {name, rows, columns}. */
  dedupeOpenLink(file, onProgress = undefined) {
    return this.request('dedupeOpenLink', { file }, onProgress);
  }

  /** Lets the link's second file go (a kept link run is forgotten). */
  dedupeCloseLink() {
    return this.request('dedupeCloseLink');
  }

  /** The suggested setup for the link (columns both files have), as dedupeSuggest. */
  dedupeLinkSuggest(options = {}) {
    return this.request('dedupeLinkSuggest', { options });
  }

  /** Links the file with the second one (Engine.dedupeLinkRun): the summary; cancelDedupe() stops it. */
  dedupeLinkRun(options = {}, onProgress = undefined) {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 0);
    return this.request('dedupeLinkRun', { options }, onProgress);
  }

  /** The quality score as the dedupe session counts it (Engine.dedupeQuality): the quality. */
  async dedupeQuality() {
    return (await this.request('dedupeQuality')).quality;
  }

  /** Pairs and clusters at match probability `threshold` (the run is unchanged). */
  dedupeCounts(threshold) {
    return this.request('dedupeCounts', { threshold });
  }

  /** Clusters the run again at `threshold`; the summary. */
  dedupeSetThreshold(threshold) {
    return this.request('dedupeThreshold', { threshold });
  }

  /** The clusters list {ids, sizes, min_probability, accepted}; order uncertain|largest|id. */
  dedupeClusters(order = 'uncertain') {
    return this.request('dedupeClusters', { order });
  }

  /** One cluster's records, pairs (levels, contributions) and golden preview. */
  dedupeCluster(clusterId) {
    return this.request('dedupeCluster', { clusterId });
  }

  /** A review decision {action: accept|reject|split, cluster, row}. */
  dedupeDecide(decision) {
    return this.request('dedupeDecide', { decision });
  }

  /** Drops every review decision. */
  dedupeResetDecisions() {
    return this.request('dedupeResetDecisions');
  }

  /** Sets the survivorship rules of golden records. */
  dedupeSurvivorship(rules) {
    return this.request('dedupeSurvivorship', { rules });
  }

  /** One export as an ArrayBuffer: deduplicated, clusters, model, golden, lineage, labels. */
  async dedupeExport(kind) {
    return (await this.request('dedupeExport', { kind })).bytes;
  }

  // ---- segments (the Segments view; worker side in worker-segment.js) -------------------------

  /** Sends a segments request; it first lowers the shared cancel flag. */
  segment(op, args = {}, onProgress = undefined) {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 0);
    return this.request(op, args, onProgress);
  }

  /**
   * Loads the orders file (a File: CSV, or an XLSX workbook's first visible sheet) next to the
   * customers: {name, rows, columns, keys (suggested pairs), match (the best pair's report) or
   * matchError}.
   */
  openOrders(file, options = {}, onProgress = undefined) {
    return this.segment('segOpenOrders', { file, options }, onProgress);
  }

  /** The match report for chosen columns {customerKey, orderKey, orderDate, amount, ...}: {match}. */
  matchOrders(options, onProgress = undefined) {
    return this.segment('segMatch', { options }, onProgress);
  }

  /** Adds the order aggregate columns as the next version: {match, entry, profile, view}. */
  joinOrders(options, onProgress = undefined) {
    return this.segment('segJoin', { options }, onProgress);
  }

  /** RFM columns as the next version: {summary, entry, profile, view} (options.aggregates too). */
  segmentRfm(options, onProgress = undefined) {
    return this.segment('segRfm', { options }, onProgress);
  }

  /**
   * One analysis of the current version (Engine.analyze): the analysis JSON; with options.apply
   * also {entry, profile, view, added}, or {cancelled: true, profile, view} when a late cancel
   * undid it.
   */
  analyze(method, options = {}, onProgress = undefined) {
    return this.segment('segAnalyze', { method, options }, onProgress);
  }

  /** The last PCA's points: {xy: Float32Array, codes: Int32Array | null, rows: Uint32Array}. */
  points() {
    return this.request('segPoints');
  }

  /** Drops the orders file. */
  closeOrders() {
    return this.request('segCloseOrders');
  }

  /** Cancels the running segments request (the worker and the table stay). */
  cancelSegment() {
    this.cancelClean();
  }

}

/** An Int32Array(1) on a SharedArrayBuffer when this page may share memory with its worker. */
function sharedCancelFlag() {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) return null;
  return new Int32Array(new SharedArrayBuffer(4));
}
