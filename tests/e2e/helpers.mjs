// Shared set-up for the browser end-to-end tests (node:test + playwright-core + Debian Chromium).
//
//   node --test tests/e2e/
//
// Needs build/site/ (./scripts/build native && ./scripts/build wasm && node scripts/build-site.mjs)
// and /usr/bin/chromium. Big-file tests generate build/e2e/customers_1m.csv once (reused).
// Env: CRMWB_E2E_SITE (site dir, default build/site), CRMWB_CHROMIUM (browser binary),
//      CRMWB_E2E_HEADED=1 (show the browser).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/static-server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = path.resolve(ROOT, process.env.CRMWB_E2E_SITE ?? 'build/site');
export const OUT = path.join(ROOT, 'build/e2e');
export const SHOTS = path.join(OUT, 'screenshots');
export const NATIVE = path.join(ROOT, 'build/native/crmwb');
export const SAMPLE = path.join(SITE, 'sample/customers_sample.csv');
export const SINGLE = path.join(SITE, 'crmwb-workbench.html');
export const BIG = path.join(OUT, 'customers_1m.csv');
export const BIG_ROWS = 1_000_000;

export const CHROMIUM = process.env.CRMWB_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the suite cannot run here (missing site or browser), or null. */
export function missingPrerequisite() {
  for (const f of ['index.html', 'app.js', 'worker.js', 'crmwb-engine.js', 'crmwb.wasm', 'crmwb-workbench.html', 'sample/customers_sample.csv']) {
    if (!fs.existsSync(path.join(SITE, f))) {
      return `${path.relative(ROOT, path.join(SITE, f))} is missing: run ./scripts/build native && ./scripts/build wasm && node scripts/build-site.mjs`;
    }
  }
  if (!fs.existsSync(NATIVE)) return 'build/native/crmwb is missing: run ./scripts/build native';
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  return null;
}

/** Newest modification time (ms) of files under `dir` (recursively). */
function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Sources newer than the build under test (tests would check an old page): a list of notes. */
export function staleness() {
  const notes = [];
  const site = path.join(SITE, 'index.html');
  if (!fs.existsSync(site)) return notes;
  const siteTime = fs.statSync(site).mtimeMs;
  if (newest(path.join(ROOT, 'web')) > siteTime) notes.push('web/ is newer than build/site (node scripts/build-site.mjs)');
  const wasm = path.join(ROOT, 'build/wasm/crmwb.wasm');
  if (fs.existsSync(wasm)) {
    const wasmTime = fs.statSync(wasm).mtimeMs;
    const sources = Math.max(newest(path.join(ROOT, 'core')), newest(path.join(ROOT, 'wasm')), fs.statSync(path.join(ROOT, 'CMakeLists.txt')).mtimeMs);
    if (sources > wasmTime) notes.push('core/, wasm/ or CMakeLists.txt is newer than build/wasm (./scripts/build wasm)');
    if (wasmTime > siteTime) notes.push('build/wasm is newer than build/site (node scripts/build-site.mjs)');
  }
  return notes;
}

if (!globalThis.__crmwbStaleWarned) {
  globalThis.__crmwbStaleWarned = true;
  for (const n of staleness()) process.stderr.write(`e2e: warning: ${n}: the tests run against an older build\n`);
}

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.CRMWB_E2E_HEADED,
    args: [...CHROMIUM_ARGS.filter((a) => !(process.env.CRMWB_E2E_HEADED && a === '--headless')), ...extraArgs],
    timeout: 30_000,
  });
}

/** Serves the site on a free port of 127.0.0.1: {server, origin, url(path)}. */
export async function serveSite(root = SITE) {
  const server = await serve(root, 0, '127.0.0.1');
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return { server, origin, url: (p = '/') => `${origin}${p}`, close: () => closeServer(server) };
}

export function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The browser and the served site shared by the tests of a file: registers a before hook that
 * launches the browser and serves the site (nothing when `skip`, the reason the tests cannot
 * run, is set) and an after hook that closes both. Returns {browser, site}, filled in by the
 * before hook. Options: serve (default true; false for a browser alone).
 */
export function browserAndSite(skip, { serve = true } = {}) {
  const env = { browser: undefined, site: undefined };
  before(async () => {
    if (skip) return;
    env.browser = await launch();
    if (serve) env.site = await serveSite();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/** The 1M-row file, generated once (~139 MB; reused when present and complete). */
export function bigFile() {
  if (fs.existsSync(BIG) && fs.statSync(BIG).size > 100_000_000) return BIG;
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = `${BIG}.tmp-${process.pid}`;
  execFileSync(NATIVE, ['generate', '--rows', String(BIG_ROWS), '--seed', '7', '--dup-rate', '0.1', '--out', tmp], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000,
  });
  fs.renameSync(tmp, BIG);
  return BIG;
}

/** The native engine's profile of a file (the reference for counts shown in the page). */
export function nativeProfile(file) {
  const out = execFileSync(NATIVE, ['profile', file, '--json'], {
    maxBuffer: 64 << 20,
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.toString('utf8'));
}

/**
 * Records what a page does that a test may want to fail on: every request (page + workers,
 * through the context), console errors, page errors, CSP violations and dialogs.
 * Call before navigating.
 */
export async function watch(context, page) {
  const log = {
    requests: [],
    consoleErrors: [],
    workerConsoleErrors: [],
    pageErrors: [],
    violations: [],
    dialogs: [],
    workers: [],
  };
  const seen = new Set();
  const record = (source) => (req) => {
    // A request reaches both context.on and page.on: count it once.
    if (seen.has(req)) return;
    seen.add(req);
    let frame = '';
    try {
      frame = req.frame()?.url() ?? '';
    } catch {
      frame = '(worker)';
    }
    log.requests.push({ url: req.url(), method: req.method(), type: req.resourceType(), source, frame });
  };
  context.on('request', record('context'));
  page.on('request', record('page'));
  page.on('worker', (w) => {
    log.workers.push(w.url());
    w.on('console', (msg) => {
      if (msg.type() === 'error') log.workerConsoleErrors.push(msg.text());
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => log.pageErrors.push(String(err?.stack ?? err)));
  page.on('dialog', (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push({
        directive: e.violatedDirective,
        effective: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: e.sourceFile,
        line: e.lineNumber,
      });
    });
  });
  log.collectViolations = async () => {
    const v = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
    log.violations.push(...v);
    return log.violations;
  };
  return log;
}

/** A new context + page with downloads enabled and a roomy viewport. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1366, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  return { context, page };
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Waits for document.body.dataset.state to be one of `states`; returns it. */
export async function waitState(page, states, timeout = 30_000) {
  const list = Array.isArray(states) ? states : [states];
  const handle = await page.waitForFunction(
    (wanted) => (wanted.includes(document.body.dataset.state) ? document.body.dataset.state : false),
    list,
    { timeout, polling: 100 },
  );
  return handle.jsonValue();
}

/** Fails with the error box's text if the page went to the error state. */
export async function waitReady(page, timeout = 30_000) {
  const s = await waitState(page, ['ready', 'error'], timeout);
  if (s !== 'ready') {
    const err = await page.locator('[data-testid="error"]').textContent().catch(() => '');
    throw new Error(`page state is "${s}", not ready: ${err}`);
  }
}

/**
 * Arms a watch on body[data-state] before an action that starts a load: waitLoaded() then waits
 * for the first ready/error state set after the action (a page already in "error" or "ready" is
 * not mistaken for the result).
 */
export async function armLoad(page) {
  await page.evaluate(() => {
    window.__e2eLoad?.disconnect();
    window.__e2eStates = [];
    window.__e2eLoad = new MutationObserver(() => window.__e2eStates.push(document.body.dataset.state));
    window.__e2eLoad.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  });
}

/** After armLoad() and the action: the first settled state (ready | error | idle after loading). */
export async function waitLoaded(page, timeout = 30_000) {
  const handle = await page.waitForFunction(
    () => {
      const seen = window.__e2eStates ?? [];
      const settled = seen.find((s, i) => s === 'ready' || s === 'error' || (s === 'idle' && seen.slice(0, i).includes('loading')));
      return settled ?? false;
    },
    null,
    { timeout, polling: 50 },
  );
  const state = await handle.jsonValue();
  await page.evaluate(() => window.__e2eLoad?.disconnect());
  return state;
}

async function expectReady(page, state) {
  if (state !== 'ready') {
    const err = await page.locator('[data-testid="error"]').textContent().catch(() => '');
    throw new Error(`page state is "${state}", not ready: ${err}`);
  }
}

export async function loadSample(page, timeout = 30_000) {
  await armLoad(page);
  await byTestId(page, 'sample-button').click();
  await expectReady(page, await waitLoaded(page, timeout));
}

/** Loads a file through the <input type=file>: a path, or {name, mimeType, buffer}. */
export async function loadFile(page, file, timeout = 30_000) {
  await armLoad(page);
  await byTestId(page, 'file-input').setInputFiles(file);
  await expectReady(page, await waitLoaded(page, timeout));
}

/** Chooses a file and returns the state it settles in (ready | error | idle). */
export async function chooseFile(page, file, timeout = 30_000) {
  await armLoad(page);
  await byTestId(page, 'file-input').setInputFiles(file);
  return waitLoaded(page, timeout);
}

/** The number in row-count's text ("1,234 of 2,000 rows match" → 1234). */
export async function rowCount(page) {
  const text = await byTestId(page, 'row-count').textContent();
  const m = /([\d,]+)/.exec(text ?? '');
  if (!m) throw new Error(`row-count has no number: "${text}"`);
  return Number(m[1].replace(/,/g, ''));
}

/** Waits until row-count shows `n` and the grid is not busy. */
export async function waitRowCount(page, n, timeout = 15_000) {
  await page.waitForFunction(
    (want) => {
      const rc = document.querySelector('[data-testid="row-count"]');
      const grid = document.querySelector('[data-testid="grid"]');
      if (!rc || grid?.getAttribute('aria-busy') === 'true') return false;
      const m = /([\d,]+)/.exec(rc.textContent ?? '');
      return m && Number(m[1].replace(/,/g, '')) === want;
    },
    n,
    { timeout, polling: 50 },
  );
}

/** Waits until the grid shows data rows (rows with cells, not placeholders). */
export async function waitGridRows(page, timeout = 15_000) {
  await page.waitForFunction(
    () => {
      const g = document.querySelector('[data-testid="grid"]');
      if (!g) return false;
      return [...g.querySelectorAll('[role="row"]')].some(
        (r) => !r.hidden && r.querySelector('[role="gridcell"]') && !r.classList.contains('loading') && r.dataset.row !== undefined,
      );
    },
    null,
    { timeout, polling: 50 },
  );
}

/**
 * Waits until the grid shows the current view: no view request pending, two frames rendered since,
 * and every visible row filled (none a loading placeholder).
 */
export async function waitGridSettled(page, timeout = 15_000) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="grid"]')?.getAttribute('aria-busy') !== 'true',
    null,
    { timeout, polling: 50 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(
    () => {
      const g = document.querySelector('[data-testid="grid"]');
      const rows = [...g.querySelectorAll('[role="row"]')].filter((r) => !r.hidden && r.querySelector('[role="gridcell"]'));
      return rows.length > 0 && rows.every((r) => !r.classList.contains('loading') && r.dataset.row !== undefined);
    },
    null,
    { timeout, polling: 50 },
  );
}

/** The visible data rows of the grid: [{num, cells: [text], classes: [className]}]. */
export async function gridRows(page) {
  return page.evaluate(() => {
    const g = document.querySelector('[data-testid="grid"]');
    const gr = g.getBoundingClientRect();
    return [...g.querySelectorAll('[role="row"]')]
      .filter((r) => !r.hidden && r.querySelector('[role="gridcell"]') && r.dataset.row !== undefined)
      .filter((r) => {
        const b = r.getBoundingClientRect();
        return b.bottom > gr.top && b.top < gr.bottom;
      })
      .map((r) => ({
        num: r.querySelector('[role="rowheader"]')?.textContent ?? '',
        cells: [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent),
        classes: [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.className),
      }));
  });
}

/** Clicks a tab and waits for its panel to show. */
export async function openTab(page, name) {
  await byTestId(page, `tab-${name}`).click();
  await page.waitForFunction((n) => {
    const tab = document.querySelector(`[data-testid="tab-${n}"]`);
    const panel = document.getElementById(tab?.getAttribute('aria-controls') ?? '');
    return tab?.getAttribute('aria-selected') === 'true' && panel && !panel.hidden;
  }, name);
}

/** Opens the export menu if closed. */
export async function openExportMenu(page) {
  const csv = byTestId(page, 'export-csv');
  if (!(await csv.isVisible())) await byTestId(page, 'export-button').click();
  await csv.waitFor({ state: 'visible' });
}

/** Clicks an export button and returns {name, bytes} of the download. */
export async function download(page, testid, timeout = 30_000) {
  await openExportMenu(page);
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout }),
    byTestId(page, testid).click(),
  ]);
  const file = await dl.path();
  const failure = await dl.failure();
  if (failure) throw new Error(`download from ${testid} failed: ${failure}`);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file), url: dl.url() };
}

/**
 * Presses Cancel from inside the page as soon as the progress text matches `pattern` (a RegExp
 * source): a test polling from outside could miss a short phase. Sets window.__cancelPressedAt
 * (performance.now()) and window.__cancelText (the progress text then).
 */
export async function cancelWhenProgress(page, pattern) {
  await page.evaluate((source) => {
    const re = new RegExp(source);
    const text = document.querySelector('[data-testid="progress-text"]') ?? document.getElementById('progress-text');
    new MutationObserver((_, observer) => {
      if (re.test(text.textContent)) {
        observer.disconnect();
        window.__cancelText = text.textContent;
        window.__cancelPressedAt = performance.now();
        document.querySelector('[data-testid="cancel-button"]').click();
      }
    }).observe(text, { childList: true, characterData: true, subtree: true });
  }, pattern);
}

/** Sets a checkbox in the export menu. */
export async function setCheck(page, testid, on) {
  await openExportMenu(page);
  await byTestId(page, testid).setChecked(on);
}

/** A minimal RFC 4180 CSV reader (for checking exports). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** Formats a list of lines for a failure message. */
export function listing(items, max = 40) {
  const lines = items.slice(0, max).map((x) => `  - ${typeof x === 'string' ? x : JSON.stringify(x)}`);
  if (items.length > max) lines.push(`  … and ${items.length - max} more`);
  return lines.join('\n');
}

/** The version counter the Clean view sets after each change ('' before the first). */
export const cleanVersion = (page) =>
  page.evaluate(() => document.getElementById('clean').dataset.version ?? '');

/** Runs `action` and waits until the Clean view shows a new version and is no longer busy. */
export async function newVersion(page, action, timeout = 60_000) {
  const before = await cleanVersion(page);
  await action();
  await page.waitForFunction((v) => {
    const root = document.getElementById('clean');
    return (root.dataset.version ?? '') !== v && !root.dataset.busy;
  }, before, { timeout });
}

/** The Clean view's history entries, as text. */
export const historyItems = (page) =>
  page.locator('[data-testid="clean-history"] li').allTextContents();

/** The whole table as the page exports it to CSV (with formula neutralizing off: the CLI's bytes). */
export async function exportCsv(page, neutralize = true) {
  await openExportMenu(page);
  await byTestId(page, 'neutralize').setChecked(neutralize);
  const out = await download(page, 'export-csv');
  await page.keyboard.press('Escape');
  return out.bytes;
}

/**
 * Asserts that no request of `log` (from watch) left `origin` (blob: and data: URLs stay in the
 * page) and that the page threw nothing; with `consoleErrors`, that nothing was logged as an error
 * in the page or its worker either.
 */
export function noRequestsOut(log, origin, { consoleErrors = false } = {}) {
  const host = new URL(origin).host;
  const out = log.requests.filter((r) => {
    const u = new URL(r.url);
    return !/^(blob|data):$/.test(u.protocol) && u.host !== host;
  });
  assert.deepEqual(out, [], `requests left the page: ${out.map((r) => r.url).join(', ')}`);
  assert.deepEqual(log.pageErrors, []);
  if (consoleErrors) {
    assert.deepEqual(log.consoleErrors, []);
    assert.deepEqual(log.workerConsoleErrors, []);
  }
}
