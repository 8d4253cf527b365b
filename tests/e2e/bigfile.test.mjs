// A million rows (~139 MB, generated once into build/e2e/customers_1m.csv): loads, profiles and
// scrolls to the last row; under ?memoryCapMB=64 it fails cleanly and the page stays usable; a
// load can be cancelled. Tests run in order and share the browser and the file.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
let big;

before(() => {
  if (!skip) big = h.bigFile();
});
const env = h.browserAndSite(skip);

/** The text of the visible page (hidden elements excluded). */
const visibleText = (page) => page.evaluate(() => document.body.innerText);

test('1,000,000 rows: load, profile, grid scrolls to the last row', { skip, timeout: 240_000 }, async (t) => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  const started = Date.now();
  await h.byTestId(page, 'file-input').setInputFiles(big);
  await h.waitReady(page, 180_000);
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`1M rows: file chosen → ready in ${seconds.toFixed(1)} s`);

  const info = await h.byTestId(page, 'file-info').innerText();
  assert.match(info, /1,000,000 rows/);
  assert.match(info, /14 columns/);
  assert.equal(await h.rowCount(page), h.BIG_ROWS);

  await h.openTab(page, 'profile');
  await h.byTestId(page, 'column-card').first().waitFor();
  assert.equal(await h.byTestId(page, 'column-card').count(), 14);
  // The profile equals the native engine's on the same file.
  const prof = JSON.parse((await h.download(page, 'export-profile-json', 60_000)).bytes.toString('utf8'));
  const native = h.nativeProfile(big);
  assert.equal(prof.rows, native.rows);
  assert.equal(prof.duplicate_rows, native.duplicate_rows);
  for (const [i, c] of prof.columns.entries()) {
    for (const k of ['type', 'missing', 'distinct', 'valid']) {
      assert.deepEqual(c[k], native.columns[i][k], `${c.name}.${k}`);
    }
  }
  await page.keyboard.press('Escape');

  // Grid: scroll its container to the bottom; the last row (number 1,000,000) shows.
  await h.openTab(page, 'data');
  await h.waitGridSettled(page);
  await h.byTestId(page, 'grid').evaluate((g) => {
    g.scrollTop = g.scrollHeight;
  });
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="grid"] [role="row"][data-row]:not([hidden]) [role="rowheader"]')]
      .some((c) => c.textContent === '1,000,000'),
    null,
    { timeout: 20_000 },
  );
  const rows = await h.gridRows(page);
  const last = rows[rows.length - 1];
  assert.equal(last.num, '1,000,000', `last visible row is 1,000,000 (visible: ${rows.map((r) => r.num).join(' ')})`);
  assert.ok(last.cells[0].length > 0, 'the last row has values');
  // And back to the middle: rows there render too.
  await h.byTestId(page, 'grid').evaluate((g) => {
    g.scrollTop = g.scrollHeight / 2;
  });
  await page.waitForFunction(() => {
    const nums = [...document.querySelectorAll('[data-testid="grid"] [role="row"][data-row]:not([hidden]) [role="rowheader"]')]
      .map((c) => Number(c.textContent.replace(/,/g, '')));
    return nums.length > 0 && nums.every((n) => n > 400_000 && n < 600_000);
  }, null, { timeout: 20_000 });
  await h.screenshot(page, '8-big-scrolled');

  // Exporting a million rows to .xlsx takes a while: it shows progress and can be cancelled;
  // the worker stops by itself (the loaded table stays) and no file is saved.
  let downloads = 0;
  page.on('download', () => downloads++);
  await h.openExportMenu(page);
  await page.evaluate(() => {
    const status = document.querySelector('[data-testid="export-status"]');
    new MutationObserver((_, observer) => {
      const m = /Writing — (\d+)%/.exec(status.textContent);
      if (m && Number(m[1]) >= 2) {
        observer.disconnect();
        window.__exportCancelText = status.textContent;
        document.querySelector('[data-testid="export-cancel"]').click();
      }
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await h.byTestId(page, 'export-xlsx').click();
  await page.waitForFunction(() => /Export cancelled/.test(document.querySelector('[data-testid="export-status"]').textContent),
    null, { timeout: 120_000 });
  t.diagnostic(`export cancelled at "${await page.evaluate(() => window.__exportCancelText)}"`);
  assert.equal(await page.evaluate(() => document.body.dataset.exportCancelledBy), 'worker',
    'the worker stopped the export itself (it was not replaced)');
  assert.equal(await h.byTestId(page, 'export-cancel').isVisible(), false, 'the cancel button is gone');
  assert.equal(await h.byTestId(page, 'export-xlsx').isEnabled(), true, 'exports can be started again');
  assert.equal(downloads, 0, 'a cancelled export saves nothing');
  // The table is still loaded: a filter still works on it.
  await page.keyboard.press('Escape');
  assert.equal(await h.rowCount(page), h.BIG_ROWS);
  await h.byTestId(page, 'grid').evaluate((g) => {
    g.scrollTop = 0;
  });
  await h.waitGridSettled(page);
  assert.equal((await h.gridRows(page))[0].num, '1');
  assert.deepEqual([...log.pageErrors, ...log.consoleErrors], []);
  await context.close();
});

test('?memoryCapMB=64: the 1M-row file fails with a clear message, then the sample loads', { skip, timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/?memoryCapMB=64'));
  await h.waitState(page, 'idle');
  const state = await h.chooseFile(page, big, 180_000);
  assert.equal(state, 'error', 'loading 139 MB under a 64 MB cap ends in the error state (the cap hook may not be applied)');
  const error = h.byTestId(page, 'error');
  assert.ok(await error.isVisible(), 'error box visible');
  assert.equal(await error.getAttribute('role'), 'alert');
  const text = await error.innerText();
  assert.match(text, /memory|too large/i, `error explains it: "${text}"`);
  assert.match(text, /customers_1m\.csv/, 'error names the file');
  await h.screenshot(page, '6-error');

  await h.loadSample(page);
  assert.match(await h.byTestId(page, 'file-info').innerText(), /2,000 rows/);
  await h.waitGridSettled(page);
  assert.equal(await h.byTestId(page, 'error').isVisible(), false, 'error cleared after a successful load');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('cancel while loading the 1M-row file: back to a usable page with a message; the sample then loads', { skip, timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.byTestId(page, 'file-input').setInputFiles(big);
  await h.waitState(page, ['loading', 'ready', 'error'], 10_000);
  const cancel = h.byTestId(page, 'cancel-button');
  await cancel.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'loading', 'still loading when cancel shows');
  await h.byTestId(page, 'progress').waitFor({ state: 'visible' });
  await h.screenshot(page, '9-loading');
  await cancel.click();
  const state = await h.waitState(page, ['idle', 'error', 'ready'], 30_000);
  assert.notEqual(state, 'ready', 'the load was cancelled, not finished');
  assert.equal(await h.byTestId(page, 'sample-button').isVisible(), true, 'the first screen is back');
  const text = await visibleText(page);
  assert.ok(/cancel/i.test(text), `no visible message says the load was cancelled (state "${state}", ` +
    `error box "${await h.byTestId(page, 'error').textContent()}"; the page shows the first screen only)`);

  await h.loadSample(page);
  await h.waitGridSettled(page);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('cancel while profiling the 1M-row file: the worker stops between columns, no restart', { skip, timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  // Cancel as soon as the first column is profiled (the profile phase lasts about a second).
  await h.cancelWhenProgress(page, 'Profiling columns .*column [1-9]\\d* of');
  await h.byTestId(page, 'file-input').setInputFiles(big);
  const state = await h.waitState(page, ['idle', 'error', 'ready'], 180_000);
  assert.equal(state, 'idle', 'the load was cancelled during profiling');
  assert.ok(await page.evaluate(() => window.__cancelPressedAt > 0), 'Cancel was pressed in the profile phase');
  assert.equal(await page.evaluate(() => document.body.dataset.cancelledBy), 'worker',
    'the worker saw the cancel between two columns (it was not terminated after the grace time)');
  assert.ok(/cancel/i.test(await visibleText(page)), 'a visible message says the load was cancelled');
  await h.loadSample(page);
  await h.waitGridSettled(page);
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('cancel, then the same big file loads fully', { skip, timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.byTestId(page, 'file-input').setInputFiles(big);
  await h.byTestId(page, 'cancel-button').waitFor({ state: 'visible', timeout: 10_000 });
  await h.byTestId(page, 'cancel-button').click();
  await h.waitState(page, ['idle', 'error'], 30_000);
  await h.loadFile(page, big, 180_000);
  assert.equal(await h.rowCount(page), h.BIG_ROWS);
  await context.close();
});
