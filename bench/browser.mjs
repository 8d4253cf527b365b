#!/usr/bin/env node
// Browser benchmark (not a test): one headless Chromium run on one CSV (default: the 1M-row
// build/e2e/customers_1m.csv, generated when missing) measuring
//
//   (a) the workbench (build/site, served on 127.0.0.1): file chosen (setInputFiles) → profile
//       shown (state ready, column cards rendered, next frame painted), timed in the page from the
//       input's change event; the engine is warmed up first by loading the sample;
//   (b) DuckDB-WASM 1.32 (eh bundle, AsyncDuckDB in a Worker) in the same browser, on a tiny page
//       served from a temp dir: registerFileHandle(File from an <input type=file>,
//       BROWSER_FILEREADER), CREATE TABLE t AS SELECT * FROM read_csv_auto('data.csv'), SUMMARIZE t,
//       timed in the page from the change event (database instantiated beforehand);
//   (c) the workbench grid while scrolling the million rows: ~50 jumps to random positions (and
//       50 page-sized steps): per jump, the latency from setting scrollTop to the end of the first
//       frame painted with every visible row filled (includes the worker round trip for rows not
//       cached and the wait for the next frame), and that frame's main-thread cost (from its
//       animation-frame start to after its paint: the grid's render + style + layout + paint).
//
// Prints the figures and writes build/bench/browser.json. `--only grid` measures just (c): one
// workbench load (needed to have rows to scroll), no DuckDB (the same as --runs 1 --no-duckdb).
// `--only workbench` measures just (a) (also for an .xlsx: --file build/e2e/customers_300k.xlsx);
// `--site DIR` serves another build of the site (say, a copy made before a change).
//
// Usage: node bench/browser.mjs [--file F] [--runs N] [--duckdb-runs N] [--jumps N] [--out JSON]
//                               [--no-duckdb] [--only grid|workbench] [--site DIR] [--chromium PATH]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SITE = path.join(ROOT, 'build/site');

function parseArgs(argv) {
  const given = new Set();
  const opts = {
    file: path.join(ROOT, 'build/e2e/customers_1m.csv'),
    runs: 3,
    'duckdb-runs': 1,
    jumps: 50,
    out: path.join(ROOT, 'build/bench/browser.json'),
    duckdb: true,
    only: null,
    site: SITE,
    chromium: process.env.CRMWB_CHROMIUM ?? '/usr/bin/chromium',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-duckdb') opts.duckdb = false;
    else if (a.startsWith('--') && a.slice(2) in opts && i + 1 < argv.length) {
      given.add(a.slice(2));
      opts[a.slice(2)] = argv[++i];
    } else {
      console.error(`bench/browser: unknown argument ${a}\nusage: node bench/browser.mjs [--file F] [--runs N] ` +
        '[--duckdb-runs N] [--jumps N] [--out JSON] [--no-duckdb] [--only grid|workbench] [--site DIR] [--chromium PATH]');
      process.exit(2);
    }
  }
  if (opts.only !== null && opts.only !== 'grid' && opts.only !== 'workbench') {
    console.error(`bench/browser: --only takes "grid" or "workbench" (got ${opts.only})`);
    process.exit(2);
  }
  if (opts.only === 'workbench') opts.duckdb = false;
  if (opts.only === 'grid') {
    opts.duckdb = false;
    if (!given.has('runs')) opts.runs = 1;
  }
  opts.file = path.resolve(opts.file);
  opts.site = path.resolve(opts.site);
  opts.runs = Math.max(1, Number(opts.runs));
  opts['duckdb-runs'] = Math.max(1, Number(opts['duckdb-runs']));
  opts.jumps = Math.max(5, Number(opts.jumps));
  return opts;
}

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const r3 = (x) => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);

function ensureFile(file) {
  if (fs.existsSync(file)) return;
  const def = path.join(ROOT, 'build/e2e/customers_1m.csv');
  if (file !== def) throw new Error(`${file} does not exist`);
  console.log('generating build/e2e/customers_1m.csv (1,000,000 rows)…');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  execFileSync(path.join(ROOT, 'build/native/crmwb'),
    ['generate', '--rows', '1000000', '--seed', '7', '--dup-rate', '0.1', '--out', tmp], { stdio: 'inherit' });
  fs.renameSync(tmp, file);
}

async function listen(root) {
  const server = await serve(root, 0, '127.0.0.1');
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(resolve));
}

// ---- (a) the workbench: file chosen → profile shown -------------------------------------------

/** In-page timing hooks: the change event of the file input and the move to state "ready". */
function installTimers() {
  window.__bench = { chosen: null, ready: null, shown: null, cards: 0, state: [] };
  document.addEventListener('change', (e) => {
    if (e.target?.matches?.('[data-testid="file-input"]')) {
      window.__bench = { chosen: performance.now(), ready: null, shown: null, cards: 0, state: [] };
    }
  }, true);
  const watchState = () => {
    new MutationObserver(() => {
      const b = window.__bench;
      const s = document.body.dataset.state;
      b.state.push(s);
      if (b.chosen !== null && b.ready === null && (s === 'ready' || s === 'error')) {
        b.ready = performance.now();
        b.final = s;
        b.cards = document.querySelectorAll('[data-testid="column-card"]').length;
        // Shown = the end of the next frame (rAF, then a task after its paint).
        requestAnimationFrame(() => setTimeout(() => {
          b.shown = performance.now();
        }, 0));
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  };
  if (document.body) watchState();
  else document.addEventListener('DOMContentLoaded', watchState);
}

async function workbenchRun(browser, origin, file) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(installTimers);
  await page.goto(`${origin}/`);
  // Warm-up: the engine instantiated and the views built once (the sample).
  await page.locator('[data-testid="sample-button"]').click();
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60_000 });
  const t0 = performance.now();
  await page.locator('[data-testid="file-input"]').setInputFiles(file);
  await page.waitForFunction(() => window.__bench?.shown !== null && window.__bench?.chosen !== null,
    null, { timeout: 600_000, polling: 50 });
  const wall = (performance.now() - t0) / 1000;
  const b = await page.evaluate(() => window.__bench);
  if (b.final !== 'ready') {
    const err = await page.locator('[data-testid="error"]').textContent();
    throw new Error(`workbench did not load the file: ${err}`);
  }
  const rows = await page.locator('[data-testid="row-count"]').getAttribute('data-count')
    ?? (await page.locator('[data-testid="row-count"]').textContent());
  return {
    page,
    context,
    result: {
      seconds_to_ready: (b.ready - b.chosen) / 1000,
      seconds_to_shown: (b.shown - b.chosen) / 1000,
      wall_seconds: wall,
      column_cards: b.cards,
      rows: Number(String(rows).replace(/[^\d]/g, '')),
    },
  };
}

// ---- (c) grid scrolling -----------------------------------------------------------------------

/** Runs in the page: scroll jumps, measured per jump. */
async function scrollJumps({ jumps, mode, seed }) {
  const grid = document.querySelector('[data-testid="grid"]');
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  // Resolves after the frame that follows: {frameStart, painted}.
  const frame = () => new Promise((resolve) => requestAnimationFrame((ts) => {
    const frameStart = performance.now();
    setTimeout(() => resolve({ frameStart, rafTs: ts, painted: performance.now() }), 0);
  }));
  const complete = () => {
    const gr = grid.getBoundingClientRect();
    const rows = [...grid.querySelectorAll('[role="row"]')].filter((r) => {
      if (r.hidden || !r.querySelector('[role="gridcell"]')) return false;
      const b = r.getBoundingClientRect();
      return b.bottom > gr.top + 1 && b.top < gr.bottom - 1 && !r.closest('[role="rowgroup"]')?.classList.contains('grid-header');
    });
    if (!rows.length) return null;
    if (rows.some((r) => r.classList.contains('loading') || r.dataset.row === undefined)) return null;
    return Number(rows[0].dataset.row);
  };
  let state = seed >>> 0;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out = [];
  await raf();
  await raf();
  if (mode === 'idle') {
    for (let j = 0; j < jumps; j++) {
      const f = await frame();
      out.push({ latency: 0, frameCost: f.painted - f.frameStart, lastFrameCost: f.painted - f.frameStart, frames: 1 });
    }
    return out;
  }
  for (let j = 0; j < jumps; j++) {
    const max = grid.scrollHeight - grid.clientHeight;
    const before = complete();
    const target = mode === 'random' ? Math.floor(rand() * max) : Math.min(max, grid.scrollTop + grid.clientHeight - 60);
    const t0 = performance.now();
    grid.scrollTop = target;
    let frames = 0;
    let last;
    let worst = 0;
    for (;;) {
      last = await frame();
      frames++;
      worst = Math.max(worst, last.painted - last.frameStart);
      const first = complete();
      if (first !== null && (first !== before || mode !== 'random')) break;
      if (frames > 600) throw new Error(`rows did not render after a jump to ${target}`);
    }
    out.push({
      latency: last.painted - t0,
      frameCost: worst,
      lastFrameCost: last.painted - last.frameStart,
      frames,
    });
    // Let the prefetch settle before the next jump.
    await raf();
  }
  return out;
}

async function gridBench(page, jumps) {
  await page.keyboard.press('Escape');
  const data = page.locator('[data-testid="tab-data"]');
  await data.click();
  await page.waitForFunction(() => document.getElementById('panel-data')?.hidden === false);
  const random = await page.evaluate(scrollJumps, { jumps, mode: 'random', seed: 12345 });
  const steps = await page.evaluate(scrollJumps, { jumps, mode: 'step', seed: 1 });
  const idle = await page.evaluate(scrollJumps, { jumps: 30, mode: 'idle', seed: 1 });
  const summarize = (xs) => ({
    jumps: xs.length,
    latency_ms: { median: r3(median(xs.map((x) => x.latency))), p95: r3(quantile(xs.map((x) => x.latency), 0.95)) },
    // The longest frame of each jump (main thread: rAF start → after that frame's paint).
    frame_ms: { median: r3(median(xs.map((x) => x.frameCost))), p95: r3(quantile(xs.map((x) => x.frameCost), 0.95)) },
    completing_frame_ms: { median: r3(median(xs.map((x) => x.lastFrameCost))), p95: r3(quantile(xs.map((x) => x.lastFrameCost), 0.95)) },
    frames: { median: median(xs.map((x) => x.frames)), max: Math.max(...xs.map((x) => x.frames)) },
  });
  // The page's own marks, if it makes them (crmwb:grid-paint: scroll → frame after the render).
  const own = await page.evaluate(() => performance.getEntriesByName('crmwb:grid-paint').map((e) => e.duration));
  return {
    random: summarize(random),
    steps: summarize(steps),
    idle_frame_ms: { median: r3(median(idle.map((x) => x.frameCost))), p95: r3(quantile(idle.map((x) => x.frameCost), 0.95)) },
    page_grid_paint_ms: own.length ? { count: own.length, median: r3(median(own)), p95: r3(quantile(own, 0.95)) } : null,
  };
}

// ---- (b) DuckDB-WASM ----------------------------------------------------------------------------

const DUCK_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>DuckDB-WASM CSV benchmark</title>
<input type="file" id="file">
<pre id="log"></pre>
<script type="module" src="bench.mjs"></script>
`;

const DUCK_SCRIPT = `import * as duckdb from './duckdb.mjs';
const log = (s) => { document.getElementById('log').textContent += s + '\\n'; };
window.__duck = { ready: false, result: null, error: null };
try {
  const t0 = performance.now();
  const worker = new Worker('./duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL('./duckdb-eh.wasm', location.href).href);
  await db.open({});
  const conn = await db.connect();
  window.__duck.init = (performance.now() - t0) / 1000;
  window.__duck.version = await db.getVersion();
  window.__duck.ready = true;
  log('ready');
  document.getElementById('file').addEventListener('change', async (e) => {
    const chosen = performance.now();
    try {
      const file = e.target.files[0];
      await conn.query('DROP TABLE IF EXISTS t');
      await db.dropFile('data.csv').catch(() => {});
      await db.registerFileHandle('data.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      const registered = performance.now();
      await conn.query("CREATE TABLE t AS SELECT * FROM read_csv_auto('data.csv')");
      const loaded = performance.now();
      const summary = (await conn.query('SUMMARIZE t')).toArray().map((r) => r.toJSON());
      const summarized = performance.now();
      const rows = Number((await conn.query('SELECT count(*) AS n FROM t')).toArray()[0].toJSON().n);
      window.__duck.result = {
        register: (registered - chosen) / 1000,
        load: (loaded - registered) / 1000,
        summarize: (summarized - loaded) / 1000,
        total: (summarized - chosen) / 1000,
        rows,
        columns: summary.length,
      };
      log(JSON.stringify(window.__duck.result));
    } catch (err) {
      window.__duck.error = String(err && err.stack || err);
    }
  });
} catch (err) {
  window.__duck.error = String(err && err.stack || err);
}
`;

async function duckPageDir() {
  const dist = path.join(ROOT, 'node_modules/@duckdb/duckdb-wasm/dist');
  for (const f of ['duckdb-browser.mjs', 'duckdb-browser-eh.worker.js', 'duckdb-eh.wasm']) {
    if (!fs.existsSync(path.join(dist, f))) throw new Error(`${path.join(dist, f)} is missing (npm install)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-duckdb-'));
  // duckdb-browser.mjs imports apache-arrow: bundle both into one browser module.
  await esbuild.build({
    entryPoints: [path.join(dist, 'duckdb-browser.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    outfile: path.join(dir, 'duckdb.mjs'),
    logLevel: 'error',
  });
  for (const f of ['duckdb-browser-eh.worker.js', 'duckdb-eh.wasm']) {
    try {
      fs.symlinkSync(path.join(dist, f), path.join(dir, f));
    } catch {
      fs.copyFileSync(path.join(dist, f), path.join(dir, f));
    }
  }
  fs.writeFileSync(path.join(dir, 'index.html'), DUCK_PAGE);
  fs.writeFileSync(path.join(dir, 'bench.mjs'), DUCK_SCRIPT);
  return dir;
}

async function duckRun(browser, origin, file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__duck?.ready || window.__duck?.error, null, { timeout: 120_000 });
  let err = await page.evaluate(() => window.__duck.error);
  if (err) throw new Error(`DuckDB-WASM did not start: ${err}`);
  const info = await page.evaluate(() => ({ init: window.__duck.init, version: window.__duck.version }));
  await page.locator('#file').setInputFiles(file);
  await page.waitForFunction(() => window.__duck.result || window.__duck.error, null, { timeout: 1_800_000, polling: 200 });
  err = await page.evaluate(() => window.__duck.error);
  if (err) throw new Error(`DuckDB-WASM failed: ${err}`);
  const result = await page.evaluate(() => window.__duck.result);
  await context.close();
  return { ...result, init: info.init, version: info.version };
}

// ---- main -------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const f of ['index.html', 'app.js', 'worker.js', 'crmwb.wasm']) {
    if (!fs.existsSync(path.join(opts.site, f))) {
      throw new Error(`${path.relative(ROOT, opts.site)}/${f} is missing: ./scripts/build native && ./scripts/build wasm && node scripts/build-site.mjs`);
    }
  }
  ensureFile(opts.file);
  const bytes = fs.statSync(opts.file).size;
  console.log(`bench/browser: ${path.relative(ROOT, opts.file) || opts.file} (${(bytes / 1e6).toFixed(1)} MB), ` +
    `Chromium ${opts.chromium}, ${os.cpus().length} CPUs`);

  const browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const site = await listen(opts.site);
  let duckDir = null;
  let duckServer = null;
  const out = {
    file: opts.file,
    bytes,
    browser: browser.version(),
    cpus: os.cpus().length,
    date: new Date().toISOString(),
  };
  try {
    // (a)
    const runs = [];
    let last = null;
    for (let i = 0; i < opts.runs; i++) {
      if (last) await last.context.close();
      last = await workbenchRun(browser, site.origin, opts.file);
      runs.push(last.result);
      console.log(`  workbench run ${i + 1}/${opts.runs}: file → profile shown ${last.result.seconds_to_shown.toFixed(2)} s ` +
        `(ready ${last.result.seconds_to_ready.toFixed(2)} s, ${last.result.rows.toLocaleString('en-US')} rows, ${last.result.column_cards} cards)`);
    }
    out.workbench = {
      runs,
      seconds_to_shown_median: r3(median(runs.map((r) => r.seconds_to_shown))),
      seconds_to_shown_min: r3(Math.min(...runs.map((r) => r.seconds_to_shown))),
      seconds_to_ready_median: r3(median(runs.map((r) => r.seconds_to_ready))),
    };

    // (c) on the last loaded page
    if (opts.only !== 'workbench') {
      out.grid = await gridBench(last.page, opts.jumps);
      console.log(`  grid, ${opts.jumps} random jumps: latency median ${out.grid.random.latency_ms.median} ms, p95 ` +
        `${out.grid.random.latency_ms.p95} ms; frame cost median ${out.grid.random.frame_ms.median} ms, p95 ${out.grid.random.frame_ms.p95} ms`);
    }
    await last.context.close();

    // (b)
    if (opts.duckdb) {
      duckDir = await duckPageDir();
      duckServer = await listen(duckDir);
      const druns = [];
      for (let i = 0; i < opts['duckdb-runs']; i++) {
        const d = await duckRun(browser, duckServer.origin, opts.file);
        druns.push(d);
        console.log(`  DuckDB-WASM ${d.version} run ${i + 1}/${opts['duckdb-runs']}: load ${d.load.toFixed(2)} s + SUMMARIZE ` +
          `${d.summarize.toFixed(2)} s = ${d.total.toFixed(2)} s (${d.rows.toLocaleString('en-US')} rows; init ${d.init.toFixed(2)} s not counted)`);
      }
      out.duckdb = { runs: druns, seconds_median: r3(median(druns.map((d) => d.total))) };
      out.ratio = r3(out.duckdb.seconds_median / out.workbench.seconds_to_shown_median);
    }
  } finally {
    await browser.close();
    await closeServer(site.server);
    if (duckServer) await closeServer(duckServer.server);
    if (duckDir) fs.rmSync(duckDir, { recursive: true, force: true });
  }

  const g = out.grid;
  const lines = [
    '',
    `file → profile shown (workbench)     ${out.workbench.seconds_to_shown_median.toFixed(2)} s   (median of ${out.workbench.runs.length}; ` +
      `min ${out.workbench.seconds_to_shown_min.toFixed(2)} s)`,
  ];
  if (out.duckdb) {
    lines.push(`DuckDB-WASM load + SUMMARIZE         ${out.duckdb.seconds_median.toFixed(2)} s`);
    lines.push(`ratio DuckDB / workbench             ${out.ratio.toFixed(1)}×   (target ≥ 1.5×: ${out.ratio >= 1.5 ? 'met' : 'NOT met'})`);
  }
  if (g) {
    lines.push(`grid window, longest frame per jump  median ${g.random.frame_ms.median} ms, p95 ${g.random.frame_ms.p95} ms   ` +
      `(target < 16 ms: ${g.random.frame_ms.p95 < 16 ? 'met' : g.random.frame_ms.median < 16 ? 'median met, p95 not' : 'NOT met'})`);
    lines.push(`grid window, scroll → rows painted   median ${g.random.latency_ms.median} ms, p95 ${g.random.latency_ms.p95} ms   ` +
      `(${g.random.frames.median} frame(s) median, max ${g.random.frames.max}; includes the wait for the next frame)`);
    lines.push(`grid page steps, scroll → painted    median ${g.steps.latency_ms.median} ms, p95 ${g.steps.latency_ms.p95} ms; ` +
      `frame cost median ${g.steps.frame_ms.median} ms, p95 ${g.steps.frame_ms.p95} ms`);
    lines.push(`idle frame (measurement floor)       median ${g.idle_frame_ms.median} ms, p95 ${g.idle_frame_ms.p95} ms`);
    if (g.page_grid_paint_ms) {
      lines.push(`page's own crmwb:grid-paint marks    median ${g.page_grid_paint_ms.median} ms, p95 ${g.page_grid_paint_ms.p95} ms (${g.page_grid_paint_ms.count})`);
    }
  }
  console.log(lines.join('\n'));
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(ROOT, opts.out)}`);
}

main().catch((err) => {
  console.error(`bench/browser: ${err.stack ?? err}`);
  process.exit(1);
});
