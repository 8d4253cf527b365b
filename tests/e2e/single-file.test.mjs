// The single self-contained file (build/site/crmwb-workbench.html) opened from file:// with the
// network cut off entirely: the inline sample loads, profiles and shows in the grid.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip, { serve: false });

const LOCAL = /^(file|blob|data):/;

test('single file from file:// works with all network blocked', { skip, timeout: 90_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (LOCAL.test(url)) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  await context.setOffline(true);
  const log = await h.watch(context, page);

  await page.goto(pathToFileURL(h.SINGLE).href);
  assert.equal(await h.waitState(page, ['idle', 'error']), 'idle', `starts idle: ${await h.byTestId(page, 'error').textContent()}`);
  await h.armLoad(page);
  await h.byTestId(page, 'sample-button').click();
  const state = await h.waitLoaded(page, 60_000);
  if (state !== 'ready') await h.screenshot(page, '7-single-file');
  const errorText = (await h.byTestId(page, 'error').textContent()) ?? '';
  const violations = await log.collectViolations();
  assert.equal(state, 'ready', `single file did not load its sample: "${errorText.trim()}"\n` +
    `CSP violations:\n${h.listing(violations)}\nconsole errors:\n${h.listing([...log.consoleErrors, ...log.workerConsoleErrors])}`);

  assert.match(await h.byTestId(page, 'file-info').innerText(), /2,000 rows/);
  await h.waitGridSettled(page);
  await h.screenshot(page, '7-single-file');
  const rows = await h.gridRows(page);
  assert.ok(rows.length >= 10, `grid shows rows (${rows.length})`);
  assert.equal(rows[0].num, '1');
  await h.openTab(page, 'profile');
  assert.equal(await h.byTestId(page, 'column-card').count(), 14);
  await h.openTab(page, 'quality');
  await h.byTestId(page, 'quality-score').waitFor();
  // An export works offline too (a blob: download).
  const csv = await h.download(page, 'export-csv');
  assert.equal(h.parseCsv(csv.bytes.toString('utf8')).length, 2001);

  const outside = log.requests.filter((r) => !LOCAL.test(r.url));
  assert.deepEqual([...new Set([...blocked, ...outside.map((r) => r.url)])], [], 'no request beyond file:/blob:/data:');
  assert.deepEqual(await log.collectViolations(), [], 'no CSP violation');
  assert.deepEqual([...log.consoleErrors, ...log.workerConsoleErrors, ...log.pageErrors], [], 'no console or page error');
  await context.close();
});
