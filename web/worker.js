// The engine's message layer. Everything that touches the data runs here, off the page's main
// thread. Source is an ES module; scripts/build-site.mjs bundles it into a classic worker script
// (IIFE), so the Emscripten loader (a classic script, build/wasm/crmwb.cjs shipped as
// crmwb-engine.js) can come in with importScripts, or be prepended by the single-file build,
// which also defines self.CRMWB_WASM_BINARY. The wasm bytes are fetched here, not streamed, so
// no server needs to know the application/wasm type. An engine that cannot load fails `init`
// (and any later request) with code engine_unavailable and what the host served instead.
//
// Protocol: the page posts {id, op, ...}; the worker answers {id, ok: true, result} or
// {id, ok: false, error: {code, message, fatal}}. While an op runs it may post
// {id, progress: {phase, bytes, total, rows, done}} (at most once per 1% of the work).
// `fatal` means the WebAssembly instance cannot be used any more (it ran out of memory or
// aborted): the page terminates this worker and starts a new one.
//
// ops: init {memoryCapMB} · open {file, sheet, options} · cancel · view {spec} ·
//      window {begin, end} · export {format, bom, neutralize, viewOnly} · reprofile {options} ·
//      rescore {options} · spellingClusters {column, method, options} · droppedRows
//      clean* (the Clean view): see worker-clean.js
//      dedupe* (the Duplicates view): see the duplicates block below
//      seg* (the Segments view): see worker-segment.js
/* global importScripts */
import { Engine } from './engine.js';
import { listSheets, sheetToCsvSteps, writeXlsxSteps } from './xlsx.js';
import { cleanOps, CLEAN_CANCELLABLE } from './worker-clean.js';
import { segmentOps, SEGMENT_CANCELLABLE } from './worker-segment.js';

/** The engine's loader and module, next to worker.js in the multi-file site (see build-site.mjs). */
const ENGINE_SCRIPT = 'crmwb-engine.js';
const ENGINE_WASM = 'crmwb.wasm';

/** Why the engine's loader could not be imported (an Error), or null. */
let engineScriptError = null;
if (typeof self.createCrmwb === 'undefined') {
  try {
    importScripts(ENGINE_SCRIPT);
  } catch (err) {
    engineScriptError = err; // reported by the first request (init), with what the host served
  }
}

/** Bytes read from the file per step; cancel is checked between steps. */
const CHUNK = 4 << 20;

let memoryCapMB = 0;
let enginePromise = null;
let engine = null;
/** The loaded table: {columns, rows, viewRows}; null when nothing is loaded. */
let table = null;
/** The id of the request a cancel message cancels (open, export), or 0. */
let cancelId = 0;
let cancelRequested = false;
/** Settles when the running export ends; null when none runs. */
let exportRunning = null;

function fail(code, message) {
  const err = new Error(message);
  err.code = code;
  return err;
}

function cancelled() {
  return fail('cancelled', 'Cancelled.');
}

// Long work yields between steps so that a cancel message gets its turn. Awaiting a resolved
// promise is not enough (a microtask runs before any message); a message on a channel of our own
// is queued behind the messages that arrived first.
const yieldChannel = new MessageChannel();
const yieldWaiters = [];
yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();

/** Resolves once the messages that arrived before this call have been handled. */
function yieldToMessages() {
  return new Promise((resolve) => {
    yieldWaiters.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}

/** Work done between two yields to the message queue by runSteps (ms). */
const STEP_MS = 40;

/**
 * Runs a step generator of xlsx.js (sheetToCsvSteps, writeXlsxSteps) to its end, yielding to the
 * message queue every STEP_MS; on a cancel it drops the generator (and what it held) and throws.
 * A step that yields a promise (the native decompressor's next output) is awaited first.
 */
async function runSteps(steps) {
  let last = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value) await r.value;
    if (performance.now() - last >= STEP_MS) {
      await yieldToMessages();
      if (cancelRequested) {
        steps.return();
        throw cancelled();
      }
      last = performance.now();
    }
  }
}

/** The module options of the memory-cap test hook. */
function moduleOptions(initialPages) {
  const options = {};
  if (memoryCapMB > 0) {
    const maximum = Math.max(initialPages, Math.floor(memoryCapMB * 16));
    options.wasmMemory = new WebAssembly.Memory({ initial: initialPages, maximum });
  }
  return options;
}

/** What the host answers for `file` of the site: "HTTP 404", "served as text/html", … */
async function whatWasServed(file) {
  try {
    const res = await fetch(file, { cache: 'no-store' });
    if (!res.ok) return `${file} is missing (HTTP ${res.status})`;
    return `${file} was served as “${res.headers.get('content-type') || 'no type'}”`;
  } catch (err) {
    return `${file} could not be fetched (${err?.message ?? err})`;
  }
}

/** The error for an engine that cannot start: code engine_unavailable, plain words. */
function engineUnavailable(detail) {
  return fail(
    'engine_unavailable',
    `${detail}. The site must serve ${ENGINE_SCRIPT} as JavaScript (text/javascript) and ` +
      `${ENGINE_WASM} next to index.html and worker.js; any static web server does, with no ` +
      'special headers.',
  );
}

/** The wasm module's bytes: inlined by the single file, or fetched (any content type works). */
async function wasmBytes() {
  if (self.CRMWB_WASM_BINARY) return self.CRMWB_WASM_BINARY;
  let res;
  try {
    res = await fetch(ENGINE_WASM);
  } catch (err) {
    throw engineUnavailable(`${ENGINE_WASM} could not be fetched (${err?.message ?? err})`);
  }
  if (!res.ok) throw engineUnavailable(`${ENGINE_WASM} is missing (HTTP ${res.status})`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  // "\0asm": anything else (an HTML error page served with 200) cannot be the engine.
  if (!(bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d)) {
    throw engineUnavailable(`${ENGINE_WASM} is not a WebAssembly module (${whatIs(res)})`);
  }
  return bytes;
}

function whatIs(res) {
  return `served as “${res.headers.get('content-type') || 'no type'}”`;
}

async function createEngine() {
  if (engineScriptError || typeof self.createCrmwb !== 'function') {
    throw engineUnavailable(`The engine's loader did not load: ${await whatWasServed(ENGINE_SCRIPT)}`);
  }
  const wasmBinary = await wasmBytes();
  let module;
  try {
    module = await self.createCrmwb({ ...moduleOptions(256), wasmBinary });
  } catch (err) {
    // A build that declares more initial memory than 256 pages refuses the smaller import:
    // retry with its 64 MiB default before giving up on the cap.
    if (memoryCapMB > 0) module = await self.createCrmwb({ ...moduleOptions(1024), wasmBinary });
    else throw engineUnavailable(`${ENGINE_WASM} could not be started (${err?.message ?? err})`);
  }
  return new Engine(module);
}

async function getEngine() {
  if (!enginePromise) {
    enginePromise = createEngine().then((e) => (engine = e));
    // A failed start is tried again by the next request (the host may have been fixed).
    enginePromise.catch(() => (enginePromise = null));
  }
  return enginePromise;
}

/** Posts progress for request `id` when it moved by at least 1% since the last post. */
function progressReporter(id) {
  let last = -1;
  return (p) => {
    const fraction = p.total > 0 ? p.done / p.total : 0;
    if (fraction < 1 && fraction - last < 0.01) return;
    last = fraction;
    postMessage({ id, progress: p });
  };
}

function isZip(head) {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
}

/** Reads a whole Blob in chunks (so that progress and cancel work), as one Uint8Array. */
async function readAll(file, report) {
  const out = new Uint8Array(file.size);
  for (let at = 0; at < file.size; at += CHUNK) {
    const part = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
    if (cancelRequested) throw cancelled();
    out.set(part, at);
    report({ phase: 'read', done: at + part.length, total: file.size, bytes: at + part.length, rows: 0 });
  }
  return out;
}

/** Bytes in a Blob or in a list of Uint8Arrays. */
function sourceSize(source) {
  return Array.isArray(source) ? source.reduce((n, piece) => n + piece.length, 0) : source.size;
}

/**
 * Feeds a Blob (a CSV file) or a list of Uint8Arrays (a converted sheet, dropped piece by piece
 * as it is fed) to the engine in chunks.
 */
async function feedAll(e, source, report) {
  const size = sourceSize(source);
  let last = { bytes: 0, rows: 0 };
  let done = 0;
  const feed = (bytes) => {
    if (cancelRequested) throw cancelled();
    last = e.feed(bytes);
    done += bytes.length;
    report({ phase: 'parse', done, total: size, bytes: last.bytes, rows: last.rows });
  };
  if (Array.isArray(source)) {
    for (let k = 0; k < source.length; k++) {
      const piece = source[k];
      source[k] = null;
      for (let at = 0; at < piece.length; at += CHUNK) {
        await yieldToMessages(); // let a cancel message in
        feed(piece.subarray(at, at + CHUNK));
      }
    }
    return last;
  }
  // A file is read one chunk ahead: the browser reads the next chunk while this one is parsed.
  const read = (at) => {
    if (at >= size) return null;
    const pending = source.slice(at, at + CHUNK).arrayBuffer();
    pending.catch(() => {}); // a read left behind by a cancel must not reject unhandled
    return pending;
  };
  let ahead = read(0);
  for (let at = 0; at < size; at += CHUNK) {
    const current = ahead;
    ahead = read(at + CHUNK);
    feed(new Uint8Array(await current));
  }
  return last;
}

async function open(id, { file, sheet = null, options = {} }) {
  const e = await getEngine();
  table = null;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  let source = file;
  let kind = 'csv';
  let sheets = null;
  let sheetName = null;
  let sheetPosition = 0;
  if (isZip(head)) {
    kind = 'xlsx';
    const bytes = await readAll(file, progressReporter(id));
    sheets = listSheets(bytes).filter((s) => s.kind === 'worksheet');
    if (sheets.length === 0) throw fail('no_sheets', 'this workbook has no sheets with cells');
    if (sheet === null || sheet === undefined) {
      const visible = sheets.filter((s) => !s.hidden);
      if (sheets.length > 1) return { needSheet: true, sheets };
      sheet = (visible[0] ?? sheets[0]).index;
    }
    const chosen = sheets.find((s) => s.index === sheet);
    if (!chosen) throw fail('bad_sheet', `there is no sheet number ${sheet + 1} in this workbook`);
    sheetName = chosen.name;
    sheetPosition = sheets.indexOf(chosen) + 1;
    const phaseReport = progressReporter(id);
    source = await runSteps(sheetToCsvSteps(bytes, sheet, {
      pieces: true, // a list of arrays, fed and dropped one by one: the CSV is never held twice
      inflate: 'auto', // the browser's DecompressionStream (several times faster than fflate)
      onProgress: (done, total, phase) =>
        phaseReport({ phase: phase === 'unzip' ? 'unzip' : 'convert', done, total, bytes: 0, rows: 0 }),
    }));
  }
  const size = sourceSize(source);
  const { profile: profileOptions = {}, ...loadOptions } = options;
  e.beginLoad({ ...loadOptions, expectedBytes: size });
  await feedAll(e, source, progressReporter(id));
  source = null;
  const load = e.finishLoad();
  const report = progressReporter(id);
  report({ phase: 'profile', done: 0, total: 1, bytes: size, rows: load.rows });
  // One column per step, with a cancel check in between.
  e.profileBegin(profileOptions);
  for (;;) {
    const step = e.profileStep();
    report({ phase: 'profile', done: step.done, total: step.total, bytes: size, rows: load.rows });
    if (!step.more) break;
    await yieldToMessages();
    if (cancelRequested) throw cancelled();
  }
  const profile = e.profileFinish();
  const view = e.setView({});
  table = { columns: load.columns, rows: load.rows, viewRows: view.rows, types: columnTypes(profile) };
  const sheetCount = sheets ? sheets.length : 0;
  return { kind, sheets, sheetName, sheetPosition, sheetCount, load, profile, view, heapBytes: e.heapBytes() };
}

/** Per column {type, format} of a profile: what writeXlsx needs to write typed cells. */
function columnTypes(profile) {
  return (profile?.columns ?? []).map((c) => ({ type: c.type, format: c.format ?? '' }));
}

function requireTable() {
  if (!engine || !table) throw fail('no_table', 'no file is loaded');
  return engine;
}

function setView({ spec }) {
  const e = requireTable();
  const view = e.setView(spec ?? {});
  table.viewRows = view.rows;
  return view;
}

function viewWindow({ begin, end }) {
  return requireTable().viewWindow(begin, end);
}

/** Recomputes only the quality score (timeliness window, reference day, column, weights). */
function rescore({ options }) {
  const e = requireTable();
  const profile = e.rescore(options ?? {});
  const view = e.setView({});
  table.viewRows = view.rows;
  return { profile, view };
}

function reprofile({ options }) {
  const e = requireTable();
  const profile = e.profile(options ?? {});
  const view = e.setView({});
  table.viewRows = view.rows;
  table.types = columnTypes(profile);
  return { profile, view };
}

async function exportData(id, { format, bom = false, neutralize = true, viewOnly = false }) {
  const e = requireTable();
  let bytes;
  let warnings = [];
  if (format === 'xlsx') {
    const report = progressReporter(id);
    const rowCount = viewOnly ? table.viewRows : table.rows;
    const result = await runSteps(writeXlsxSteps({
      columns: table.columns,
      rowCount,
      getRows: viewOnly ? (b, end) => e.viewWindow(b, end).rows : (b, end) => e.window(b, end),
      neutralize,
      types: table.types, // numbers, dates and booleans as typed cells
      onProgress: (done, total) => report({ phase: 'export', done, total, bytes: 0, rows: done }),
    }));
    bytes = result.bytes;
    warnings = result.warnings ?? [];
  } else if (format === 'csv' || format === 'json' || format === 'jsonl') {
    const out = e.exportTableWithStats({ format, bom: format === 'csv' && bom, neutralize, view: viewOnly });
    bytes = out.bytes;
    if (out.neutralized) {
      warnings.push({
        code: 'neutralized',
        count: out.neutralized,
        message:
          `${out.neutralized.toLocaleString('en-US')} cell(s) that could run as formulas got a ` +
          "leading ' (numbers and phone numbers are left as they are)",
      });
    }
  } else {
    throw fail('bad_request', `unknown export format ${format}`);
  }
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : bytes.slice().buffer;
  return { result: { bytes: buffer, warnings }, transfer: [buffer] };
}

// ---- Spelling clusters and dropped rows (views/spelling.js) ----

/** Groups of similar spellings in one column of the current version (Engine.spellingClusters). */
function spellingClusters(id, { column, method = 'fingerprint', options = {} }) {
  const e = requireTable();
  const report = progressReporter(id);
  return e.spellingClusters(column, method, options ?? {}, (done, total) => {
    report({ phase: 'spelling', done, total, bytes: 0, rows: done });
    return false;
  });
}

/** The rows drop_rows steps removed, as CSV text: {csv}. */
function droppedRows() {
  return { csv: requireTable().droppedRowsCsv() };
}

// ---- find a person (README "Find a person") ----------------------------------------------------
// ops: findPerson {query} -> {files: [{file, name, search}]} (the loaded table, then a second file
// opened for a link or for rules) · personRows {file, rows} -> {csv}

/** The engines a person search covers: [{file, name, engine}]. */
function personFiles() {
  const files = [{ file: 'main', name: table?.name ?? 'the loaded file', engine: requireTable() }];
  if (linkEngine) files.push({ file: 'link', name: linkInfo?.name ?? 'second file', engine: linkEngine });
  if (otherEngine && otherEngine !== linkEngine) {
    files.push({ file: 'other', name: otherInfo?.name ?? 'second file', engine: otherEngine });
  }
  return files;
}

function findPerson(id, { query }) {
  const progress = dedupeProgress(id);
  return {
    files: personFiles().map(({ file, name, engine: e }) => ({
      file,
      name,
      search: e.findPerson(query, progress),
    })),
  };
}

function personRows({ file = 'main', rows }) {
  const f = personFiles().find((x) => x.file === file);
  if (!f) throw fail('no_file', 'that file is no longer open');
  return { csv: f.engine.personRowsCsv(rows) };
}

// ---- personal data (README "Personal data") ----------------------------------------------------
// ops: detectPersonalData -> {marks} · protectPreview {config, key, rows} -> {bytes, summary}
// (the first `rows` rows only: cheap, shown at once) · protectExport {config, key (Uint8Array,
// 32 bytes) or null} -> {bytes (transferred ArrayBuffer), summary} (cancellable; progress
// {phase: 'protect', done, total, rows} at most every 1%). The key stays in this worker's memory.
// An export runs in slices of PROTECT_SLICE rows, yielding to the message queue between them (so
// a cancel message gets in on any page); inside a slice the engine polls the page's shared cancel
// flag (cross-origin isolated pages). A cancelled export keeps nothing and answers 'cancelled'.

/** Rows per engine call of a protected export (about 0.5 s of WebAssembly for 14 columns). */
const PROTECT_SLICE = 100_000;

function detectPersonalData() {
  return { marks: requireTable().detectPersonalData() };
}

function protectPreview({ config, key = null, rows = 20 }) {
  const out = requireTable().protectExport(config, key, { limit: Math.max(0, rows) });
  const buffer = out.bytes.slice().buffer;
  return { result: { bytes: buffer, summary: out.summary }, transfer: [buffer] };
}

async function protectExport(id, { config, key = null }) {
  const e = requireTable();
  const total = table.rows;
  const report = progressReporter(id);
  const wanted = () => dedupeCancelWanted();
  const parts = [];
  let size = 0;
  let summary = null;
  report({ phase: 'protect', done: 0, total, rows: 0, bytes: 0 });
  for (let first = 0; first === 0 || first < total; first += PROTECT_SLICE) {
    const out = e.protectExport(config, key, {
      first,
      limit: PROTECT_SLICE,
      header: first === 0,
      onProgress: (done) => {
        report({ phase: 'protect', done: first + done, total, rows: first + done, bytes: size });
        return wanted();
      },
    });
    parts.push(out.bytes);
    size += out.bytes.length;
    if (!summary) summary = out.summary;
    else {
      summary.rows += out.summary.rows;
      out.summary.columns.forEach((c, i) => {
        summary.columns[i].changed += c.changed;
        summary.columns[i].blanked += c.blanked;
      });
    }
    await yieldToMessages(); // let a cancel message in
    if (wanted()) throw cancelled();
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { result: { bytes: bytes.buffer, summary }, transfer: [bytes.buffer] };
}

// ---- validation rules ------------------------------------------------------------------------
// ops: suggestRules · validate {rules, options} (cancellable; progress {phase: 'validate', done,
// total} in rules) · clearRules · openOther {file} (the second file of in_column rules, in an
// engine of its own; CSV, or an XLSX workbook's first visible sheet) · closeOther

/** The second file's engine and what it holds ({name, rows, columns}); null when none. */
let otherEngine = null;
let otherInfo = null;

function suggestRules() {
  return { rules: requireTable().suggestRules() };
}

/** Runs the rules one at a time, yielding between them so that a cancel gets in. */
async function validateRules(id, { rules, options = {} }) {
  const e = requireTable();
  const report = progressReporter(id);
  e.validateBegin(rules, otherEngine, options);
  for (;;) {
    const step = e.validateStep();
    report({ phase: 'validate', done: step.done, total: step.total, bytes: 0, rows: table.rows });
    if (!step.more) break;
    await yieldToMessages();
    if (cancelRequested) throw cancelled();
  }
  return e.validateFinish();
}

function closeOther() {
  if (otherEngine) otherEngine.dispose();
  otherEngine = null;
  otherInfo = null;
  return { closed: true };
}

/**
 * Loads a second file (CSV, or an XLSX workbook's first visible sheet) into `other`, an Engine of
 * the same module: the in_column rules' file, or the Segments view's orders. Returns the load.
 */
async function loadSecondFile(other, id, file, options = {}) {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  let source = file;
  if (isZip(head)) {
    const bytes = await readAll(file, progressReporter(id));
    const sheets = listSheets(bytes).filter((s) => s.kind === 'worksheet');
    if (sheets.length === 0) throw fail('no_sheets', 'this workbook has no sheets with cells');
    const first = sheets.find((s) => !s.hidden) ?? sheets[0];
    source = await runSteps(sheetToCsvSteps(bytes, first.index, { pieces: true, inflate: 'auto' }));
  }
  other.beginLoad({ ...options, expectedBytes: sourceSize(source) });
  await feedAll(other, source, progressReporter(id));
  return other.finishLoad();
}

async function openOther(id, { file, options = {} }) {
  const e = await getEngine();
  closeOther();
  const other = new Engine(e.module);
  try {
    const load = await loadSecondFile(other, id, file, options);
    otherEngine = other;
    otherInfo = { name: file.name ?? 'second file', rows: load.rows, columns: load.columns };
    return otherInfo;
  } catch (err) {
    other.dispose();
    throw err;
  }
}

// ---- duplicates (views/duplicates.js) ---------------------------------------------------------
// ops: dedupeSuggest {options} · dedupeRun {options} (cancellable; progress {phase: 'dedupe',
// stage, done, total}) · dedupeQuality · dedupeOpenLink {file} (the second file of a link, in an
// engine of its own) · dedupeCloseLink · dedupeLinkSuggest {options} · dedupeLinkRun {options}
// (as dedupeRun, linking the file with the second one) · dedupeCounts {threshold} · dedupeThreshold {threshold} · dedupeClusters
// {order} · dedupeCluster {id} · dedupeDecide {decision} · dedupeResetDecisions ·
// dedupeSurvivorship {rules} · dedupeExport {kind} (bytes transferred)
// A run is one synchronous engine call: a cancel *message* reaches it only when it returns (then
// its answer is dropped); the page's shared flag (cross-origin isolated pages) stops it inside.

/** The page's shared cancel flag (Int32Array of 1), or null; set by init. */
let sharedCancel = null;

function dedupeCancelWanted() {
  return cancelRequested || (sharedCancel !== null && Atomics.load(sharedCancel, 0) === 1);
}

/** A dedupe run's progress callback: one message per stage change, then at most one per 1% of
 * the stage's work; it answers whether the run should stop. */
function dedupeProgress(id) {
  let report = null;
  let lastStage = '';
  return (done, total, stage) => {
    if (stage !== lastStage) {
      lastStage = stage;
      report = progressReporter(id);
      postMessage({ id, progress: { phase: 'dedupe', stage, done, total } });
    } else if (total > 0) {
      report({ phase: 'dedupe', stage, done, total });
    }
    return dedupeCancelWanted();
  };
}

async function dedupeRun(id, { options = {} }) {
  const e = requireTable();
  const summary = e.dedupeRun(options, dedupeProgress(id));
  await yieldToMessages();
  if (cancelRequested) throw cancelled();
  return summary;
}

/** The second file of a link in the Duplicates view (an Engine of its own), and what it holds. */
let linkEngine = null;
let linkInfo = null;

/** Lets the link's second file go; the kept run (which may read it) is forgotten first. */
function dedupeCloseLink() {
  if (linkEngine) {
    if (table) requireTable().dedupeClear();
    linkEngine.dispose();
  }
  linkEngine = null;
  linkInfo = null;
  return { closed: true };
}

/** Loads the second file of a link (CSV, or an XLSX workbook's first visible sheet): {name, rows, columns}. */
async function dedupeOpenLink(id, { file, options = {} }) {
  const e = await getEngine();
  requireTable();
  dedupeCloseLink();
  const other = new Engine(e.module);
  try {
    const load = await loadSecondFile(other, id, file, options);
    other.profile();
    linkEngine = other;
    linkInfo = { name: file.name ?? 'second file', rows: load.rows, columns: load.columns };
    return linkInfo;
  } catch (err) {
    other.dispose();
    throw err;
  }
}

function requireLink() {
  if (!linkEngine) throw fail('no_other_file', 'open the second file to link first');
  return linkEngine;
}

async function dedupeLinkRun(id, { options = {} }) {
  const e = requireTable();
  const other = requireLink();
  const summary = e.dedupeLinkRun(options, other, dedupeProgress(id));
  await yieldToMessages();
  if (cancelRequested) throw cancelled();
  return summary;
}

function dedupeExport(id, { kind }) {
  const bytes = requireTable().dedupeExport(kind);
  const buffer = bytes.buffer;
  return { result: { bytes: buffer }, transfer: [buffer] };
}

const dedupeOps = {
  dedupeSuggest: async (id, { options = {} }) => requireTable().dedupeSuggest(options),
  dedupeRun,
  dedupeQuality: async () => requireTable().dedupeQuality(),
  dedupeOpenLink,
  dedupeCloseLink: async () => dedupeCloseLink(),
  dedupeLinkSuggest: async (id, { options = {} }) => requireTable().dedupeLinkSuggest(options, requireLink()),
  dedupeLinkRun,
  dedupeCounts: async (id, { threshold }) => requireTable().dedupeCounts(threshold),
  dedupeThreshold: async (id, { threshold }) => requireTable().dedupeSetThreshold(threshold),
  dedupeClusters: async (id, { order = 'uncertain' }) => requireTable().dedupeClusters(order),
  dedupeCluster: async (id, { clusterId }) => requireTable().dedupeCluster(clusterId),
  dedupeDecide: async (id, { decision }) => requireTable().dedupeDecide(decision),
  dedupeResetDecisions: async () => requireTable().dedupeResetDecisions(),
  dedupeSurvivorship: async (id, { rules }) => requireTable().dedupeSetSurvivorship(rules),
  dedupeExport: async (id, msg) => dedupeExport(id, msg),
};

/** Maps anything thrown to {code, message, fatal}. */
function describe(err) {
  const message = String(err?.message ?? err);
  let code = err?.code;
  let fatal = false;
  if (!code) {
    // Errors without a code come from the runtime, not the engine: an abort (often out of
    // memory) or a failed grow. The instance is not usable after these.
    fatal = true;
    code = /memory|OOM|allocat|grow|Aborted/i.test(message) || err instanceof RangeError
      ? 'out_of_memory'
      : 'internal';
  }
  if (code === 'out_of_memory') fatal = true;
  return { code, message, fatal };
}

// ---- cleaning (the Clean view; ops in worker-clean.js) ----------------------------------------
const clean = cleanOps({
  requireTable,
  table: () => table,
  columnTypes,
  progressReporter,
  yieldToMessages,
  cancelRequested: () => cancelRequested,
  fail,
});
// ---- end of cleaning --------------------------------------------------------------------------

// ---- segments (the Segments view; ops in worker-segment.js) -----------------------------------
const segment = segmentOps({
  getEngine,
  requireTable,
  table: () => table,
  columnTypes,
  progressReporter,
  yieldToMessages,
  cancelRequested: () => cancelRequested,
  fail,
  loadFile: loadSecondFile,
});

const ops = {
  init: async (id, msg) => {
    memoryCapMB = Number(msg.memoryCapMB) || 0;
    clean.configure(msg.clean);
    sharedCancel = msg.clean?.cancelBuffer ? new Int32Array(msg.clean.cancelBuffer) : null;
    segment.configure(msg.clean); // the same shared cancel flag
    await getEngine();
    return { ready: true };
  },
  open,
  view: async (id, msg) => setView(msg),
  window: async (id, msg) => viewWindow(msg),
  reprofile: async (id, msg) => reprofile(msg),
  rescore: async (id, msg) => rescore(msg),
  export: exportData,
  spellingClusters,
  droppedRows: async () => droppedRows(),
  ...clean.ops,
  ...segment.ops,
  // validation rules (see the block above)
  suggestRules: async () => suggestRules(),
  detectPersonalData: async () => detectPersonalData(),
  protectPreview: async (id, msg) => protectPreview(msg),
  protectExport,
  findPerson,
  personRows: async (id, msg) => personRows(msg),
  validate: validateRules,
  clearRules: async () => requireTable().clearRules(),
  openOther,
  closeOther: async () => closeOther(),
  ...dedupeOps,
};

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  if (op === 'cancel') {
    if (cancelId) cancelRequested = true;
    return;
  }
  // An export yields to the message queue so that a cancel gets in; any other request waits
  // until it ends, as when an export was one synchronous step (a view change must not reach the
  // rows being written).
  while (exportRunning) await exportRunning;
  const handler = ops[op];
  if (!handler) {
    postMessage({ id, ok: false, error: { code: 'bad_request', message: `unknown op ${op}` } });
    return;
  }
  const cancellable =
    op === 'open' ||
    op === 'export' ||
    op === 'validate' ||
    op === 'openOther' ||
    op === 'dedupeRun' ||
    op === 'dedupeLinkRun' ||
    op === 'dedupeOpenLink' ||
    op === 'protectExport' ||
    op === 'findPerson' ||
    CLEAN_CANCELLABLE.has(op) ||
    SEGMENT_CANCELLABLE.has(op);
  if (cancellable) {
    cancelId = id;
    cancelRequested = false;
  }
  let exportEnded = null;
  if (op === 'export' || op === 'protectExport') {
    exportRunning = new Promise((resolve) => (exportEnded = resolve));
  }
  try {
    const out = await handler(id, data);
    if (out && out.transfer) postMessage({ id, ok: true, result: out.result }, out.transfer);
    else postMessage({ id, ok: true, result: out });
  } catch (err) {
    const error = describe(err);
    if (error.fatal) {
      enginePromise = null;
      engine = null;
      table = null;
      otherEngine = null;
      otherInfo = null;
      segment.reset();
    }
    postMessage({ id, ok: false, error });
  } finally {
    if (cancellable && cancelId === id) {
      cancelId = 0;
      cancelRequested = false;
    }
    if (exportEnded) {
      exportRunning = null;
      exportEnded();
    }
  }
};
