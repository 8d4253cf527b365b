// The Segments tab on the served site, checked against the native `crmwb segment`: generated
// customers + orders → the orders file opened next to the customers → join keys suggested and the
// match report equal to the native one → RFM segments (sizes and revenue) equal to
// `crmwb segment --method rfm --json` → a segment link filters the grid to that segment's rows →
// the k chooser suggests k → k-means adds a cluster column → the PCA scatter draws every point →
// a cancelled run changes nothing → no request leaves the page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite();
const env = h.browserAndSite(skip);

const DIR = path.join(h.OUT, 'segments');
const CUSTOMERS = path.join(DIR, 'c.csv');
const ORDERS = path.join(DIR, 'o.csv');

/** Generates the customers and orders, and the native RFM: {summary, rows (rfm_segment per row)}. */
function prepare() {
  fs.mkdirSync(DIR, { recursive: true });
  execFileSync(h.NATIVE, ['generate', '--rows', '5000', '--seed', '4', '--out', CUSTOMERS, '--orders', ORDERS]);
  const out = path.join(DIR, 'rfm.csv');
  const json = execFileSync(h.NATIVE, ['segment', CUSTOMERS, '--orders', ORDERS, '--method', 'rfm', '--out', out, '--json']);
  const summary = JSON.parse(json.toString());
  // The last column of OUT is rfm_segment (never quoted: segment names have no commas).
  const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
  const segments = lines.slice(1).map((l) => l.slice(l.lastIndexOf(',') + 1).trim());
  return { summary, segments };
}

const text = async (page, id) => (await h.byTestId(page, id).innerText()).trim();
const num = (s) => Number(String(s).replace(/[^\d.-]/g, ''));

async function waitIdle(page) {
  await page.waitForFunction(() => !document.querySelector('#segments[aria-busy="true"]'), null, { timeout: 120_000 });
}

test('orders → match report → RFM equal to crmwb segment → segment rows → k-means → PCA → cancel', { skip: skip || false, timeout: 300_000 }, async () => {
  const native = prepare();
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadFile(page, CUSTOMERS);
  await h.openTab(page, 'segments');

  // The orders file and the suggested keys.
  await h.byTestId(page, 'seg-orders-input').setInputFiles(ORDERS);
  await h.byTestId(page, 'seg-join-form').waitFor();
  await waitIdle(page);
  assert.equal(await h.byTestId(page, 'seg-customerKey').inputValue(), 'customer_id');
  assert.equal(await h.byTestId(page, 'seg-orderKey').inputValue(), 'customer_id');
  assert.equal(await h.byTestId(page, 'seg-orderDate').inputValue(), 'order_date');
  assert.equal(await h.byTestId(page, 'seg-amount').inputValue(), 'amount');

  // The match report equals the native one.
  const m = native.summary.match;
  const cell = async (id) => num(await page.locator(`[data-testid="${id}"] td`).innerText());
  assert.equal(await cell('seg-with-orders'), m.customers_with_orders);
  assert.equal(await cell('seg-without-orders'), m.customers_without_orders);
  assert.equal(await cell('seg-matched'), m.matched);
  assert.equal(await cell('seg-after-trim'), m.matched_after_trim);
  assert.equal(await cell('seg-after-case'), m.matched_after_case_fold);
  assert.equal(await cell('seg-excluded-orphan'), m.excluded.orphan);
  assert.ok(m.matched_after_trim > 0 && m.excluded.orphan > 0, 'the generated orders have messy keys');

  // RFM: the same segments, sizes and revenue as natively.
  await h.byTestId(page, 'seg-run-rfm').click();
  await h.byTestId(page, 'seg-rfm-table').waitFor();
  await waitIdle(page);
  const shown = await page.$$eval('[data-testid="seg-rfm-row"]', (rows) => rows.map((r) => ({
    segment: r.querySelector('th').innerText.trim(),
    customers: Number(r.querySelector('[data-testid="seg-rfm-customers"]').innerText.replace(/,/g, '')),
    revenue: Number(r.children[3].innerText.replace(/,/g, '')),
  })));
  assert.deepEqual(shown, native.summary.segments.map((s) => ({ segment: s.segment, customers: s.customers, revenue: s.revenue })));
  assert.ok(shown.length >= 8, `segments: ${shown.map((s) => s.segment)}`);
  assert.ok(await h.byTestId(page, 'seg-rfm-chart').isVisible());

  // A segment link shows that segment's rows in the grid.
  const champions = native.segments.filter((s) => s === 'Champions').length;
  await page.locator('[data-testid="seg-rfm-link"][data-segment="Champions"]').click();
  await h.waitRowCount(page, champions);
  assert.match(await h.byTestId(page, 'active-filters').innerText(), /rfm_segment = Champions/);
  await h.byTestId(page, 'clear-filters').click();
  await h.waitRowCount(page, 5000);

  // k chooser → suggested k → k-means adds a cluster column.
  await h.openTab(page, 'segments');
  await h.byTestId(page, 'seg-choose-k').click();
  await h.byTestId(page, 'seg-suggested-k').waitFor({ timeout: 120_000 });
  await waitIdle(page);
  const k = Number(await h.byTestId(page, 'seg-suggested-k').getAttribute('data-k'));
  assert.ok(k >= 2 && k <= 10, `suggested k ${k}`);
  assert.equal(await h.byTestId(page, 'seg-k').inputValue(), String(k));
  assert.ok(await h.byTestId(page, 'seg-elbow').isVisible());
  assert.ok(await h.byTestId(page, 'seg-silhouette').isVisible());
  await h.byTestId(page, 'seg-run-kmeans').click();
  await page.waitForFunction((want) => document.querySelectorAll('[data-testid="seg-profile-row"]').length === want, k, { timeout: 120_000 });
  await waitIdle(page);
  const sizes = await page.$$eval('[data-testid="seg-profile-row"] td:nth-of-type(1)', (tds) => tds.map((t) => Number(t.innerText.replace(/,/g, ''))));
  assert.equal(sizes.reduce((a, b) => a + b, 0), 5000, 'every customer is in a cluster');
  assert.match(await h.byTestId(page, 'file-info').innerText(), /5,000 rows · 22 columns/, 'cluster is the 22nd column (14 + 7 RFM + 1)');
  assert.equal(await h.byTestId(page, 'seg-color-by').inputValue(), 'cluster');

  // PCA scatter colored by cluster: every point drawn, pc1/pc2 added.
  await h.byTestId(page, 'seg-run-pca').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="seg-scatter"]')?.dataset.points, null, { timeout: 60_000 });
  await waitIdle(page);
  assert.equal(await h.byTestId(page, 'seg-scatter').getAttribute('data-points'), '5000');
  const painted = await page.$eval('[data-testid="seg-scatter"]', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colors = new Set();
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0) {
        n++;
        colors.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      }
    }
    return { n, colors: colors.size };
  });
  assert.ok(painted.n > 500, `painted pixels: ${painted.n}`);
  assert.ok(painted.colors >= k, `colors: ${painted.colors}`);
  assert.match(await h.byTestId(page, 'file-info').innerText(), /24 columns/);

  // The export carries the new columns; its RFM columns equal the native OUT's.
  const { bytes } = await h.download(page, 'export-csv');
  const exported = bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = exported[0].split(',');
  assert.deepEqual(header.slice(14), ['recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'rfm_segment', 'cluster', 'pc1', 'pc2']);
  const nativeOut = fs.readFileSync(path.join(DIR, 'rfm.csv'), 'utf8').split(/\r?\n/);
  const tail = (line, from, to) => line.split(',').slice(from, to).join(',');
  // Rows whose cells have no quoted commas: compare the seven RFM values (column 14.. of 24).
  let compared = 0;
  for (let i = 1; i < nativeOut.length && compared < 500; i++) {
    if (nativeOut[i].includes('"') || exported[i].includes('"')) continue;
    assert.equal(tail(exported[i], 14, 21), tail(nativeOut[i], 14, 21), `row ${i}`);
    compared++;
  }
  assert.ok(compared >= 100, `compared ${compared} rows`);
  await page.keyboard.press('Escape');

  // Cancel: the k chooser stops and nothing changes.
  await h.byTestId(page, 'seg-choose-k').click();
  await h.byTestId(page, 'seg-progress-row').waitFor();
  await h.byTestId(page, 'seg-cancel').click();
  await page.waitForFunction(() => /cancelled/.test(document.querySelector('[data-testid="seg-status"]').textContent), null, { timeout: 60_000 });
  await waitIdle(page);
  assert.match(await h.byTestId(page, 'file-info').innerText(), /24 columns/);

  // Anomalies and the value tree run on the same features.
  await h.byTestId(page, 'seg-run-anomaly').click();
  await h.byTestId(page, 'seg-anomaly-row').first().waitFor({ timeout: 60_000 });
  await waitIdle(page);
  assert.equal(await h.byTestId(page, 'seg-anomaly-row').count(), 20);
  await h.byTestId(page, 'seg-tree-label').selectOption('monetary');
  await h.byTestId(page, 'seg-run-tree').click();
  await h.byTestId(page, 'seg-tree-accuracy').waitFor({ timeout: 60_000 });
  assert.match(await text(page, 'seg-tree-accuracy'), /Held-out accuracy \d/);
  await h.byTestId(page, 'seg-run-groupby').click();
  await h.byTestId(page, 'seg-group-table').waitFor({ timeout: 60_000 });
  await h.byTestId(page, 'seg-run-corr').click();
  await h.byTestId(page, 'seg-heatmap').waitFor({ timeout: 60_000 });
  await waitIdle(page);
  await h.byTestId(page, 'seg-xtab-row').selectOption('rfm_segment');
  await h.byTestId(page, 'seg-xtab-col').selectOption('cluster');
  await h.byTestId(page, 'seg-run-xtab').click();
  await h.byTestId(page, 'seg-xtab-table').waitFor({ timeout: 60_000 });
  assert.match(await text(page, 'seg-xtab-test'), /χ² = [\d,.]+ with \d+ degrees of freedom, p = /);
  await waitIdle(page);
  await h.byTestId(page, 'seg-reg-target').selectOption('monetary');
  await h.byTestId(page, 'seg-run-reg').click();
  await h.byTestId(page, 'seg-reg-r2').waitFor({ timeout: 60_000 });
  assert.match(await text(page, 'seg-reg-r2'), /R² = 0\.\d{3}/);

  assert.doesNotMatch(await page.locator('#segments').innerText(), /\bnull\b|undefined|NaN/, 'no stray null/undefined/NaN in the view');

  // Every control has a name and is reachable by keyboard.
  const unlabeled = await page.evaluate(() => {
    const bad = [];
    for (const c of document.querySelectorAll('#segments input, #segments select, #segments button, #segments summary')) {
      if (c.type === 'file') continue; // labelled by the "Open the orders file…" label
      const name = c.labels?.[0]?.textContent.trim() || c.getAttribute('aria-label') || ((c.tagName === 'BUTTON' || c.tagName === 'SUMMARY') && c.textContent.trim());
      if (!name) bad.push(c.outerHTML.slice(0, 100));
      if (c.tabIndex < 0) bad.push(`not focusable: ${c.outerHTML.slice(0, 100)}`);
    }
    return bad;
  });
  assert.deepEqual(unlabeled, []);
  assert.equal(await h.byTestId(page, 'seg-orders-button').getAttribute('tabindex'), '0');

  fs.mkdirSync(h.SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(h.SHOTS, 'segments.png'), fullPage: false });

  // No request left the page; no errors.
  const origin = new URL(env.site.origin);
  const outside = log.requests.filter((r) => {
    const u = new URL(r.url);
    return !(u.protocol === 'blob:' || u.protocol === 'data:' || (u.host === origin.host && r.method === 'GET'));
  });
  assert.deepEqual(outside, []);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.consoleErrors, []);
  await context.close();
});

test('not cross-origin isolated (the single file): RFM cancelled after it finished is undone', { skip: skip || false, timeout: 180_000 }, async () => {
  if (!fs.existsSync(ORDERS)) prepare();
  const { pathToFileURL } = await import('node:url');
  const { context, page } = await h.newPage(env.browser);
  await page.goto(`${pathToFileURL(h.SINGLE).href}?cleanHoldMs=1500`);
  await h.waitState(page, 'idle');
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
  await h.loadFile(page, CUSTOMERS);
  await h.openTab(page, 'segments');
  await h.byTestId(page, 'seg-orders-input').setInputFiles(ORDERS);
  await h.byTestId(page, 'seg-join-form').waitFor();
  await waitIdle(page);
  await h.byTestId(page, 'seg-run-rfm').click();
  await h.byTestId(page, 'seg-progress-row').waitFor();
  await h.byTestId(page, 'seg-cancel').click();
  await page.waitForFunction(() => /cancelled; nothing was changed/.test(document.querySelector('[data-testid="seg-status"]').textContent), null, { timeout: 60_000 });
  await waitIdle(page);
  assert.equal(await page.evaluate(() => document.getElementById('segments').dataset.lastCancel), 'undone');
  assert.match(await h.byTestId(page, 'file-info').innerText(), /5,000 rows · 14 columns/);
  assert.equal(await h.byTestId(page, 'seg-rfm').isVisible(), false);
  // Run again without cancelling: the columns come.
  await h.byTestId(page, 'seg-run-rfm').click();
  await h.byTestId(page, 'seg-rfm-table').waitFor({ timeout: 60_000 });
  await waitIdle(page);
  assert.match(await h.byTestId(page, 'file-info').innerText(), /21 columns/);
  await context.close();
});

test('an Excel orders file (first sheet) gives the same match report', { skip: skip || false, timeout: 120_000 }, async () => {
  const native = prepare();
  const xlsx = path.join(DIR, 'o.xlsx');
  // Every cell as text, so the sheet holds exactly the CSV's values (openpyxl, Debian python3-openpyxl).
  execFileSync('/usr/bin/python3', ['-c', `
import csv, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'orders'
for row in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')): ws.append(row)
wb.save(sys.argv[2])`, ORDERS, xlsx]);
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadFile(page, CUSTOMERS);
  await h.openTab(page, 'segments');
  await h.byTestId(page, 'seg-orders-input').setInputFiles(xlsx);
  await h.byTestId(page, 'seg-join-form').waitFor();
  await waitIdle(page);
  assert.match(await text(page, 'seg-orders-info'), /o\.xlsx: 12,542 order rows, 5 columns/);
  const cell = async (id) => num(await page.locator(`[data-testid="${id}"] td`).innerText());
  assert.equal(await cell('seg-matched'), native.summary.match.matched);
  assert.equal(await cell('seg-excluded'), Object.values(native.summary.match.excluded).reduce((a, b) => a + b, 0));
  await context.close();
});
