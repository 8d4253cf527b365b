// The Clean view on the generated 1,000,000-row file: a real cancel (no test hook) in the middle
// of "Apply all suggested fixes" stops it inside the engine (the page is cross-origin isolated,
// so the shared flag reaches the running step) and changes nothing; then the fixes apply, the
// score rises, and one undo gives back the score of the file. Prints the times it measured.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
let big = null;
if (!skip) big = h.bigFile();

const clean = (page, f, arg) => page.waitForFunction(f, arg, { timeout: 600_000 });
const version = (page) => page.evaluate(() => document.getElementById('clean').dataset.version ?? '');
const settled = (page, old) => clean(page, (v) => (document.getElementById('clean').dataset.version ?? '') !== v && !document.getElementById('clean').dataset.busy, old);
const score = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="quality-score"]').dataset.score));

test('1M rows: cancel mid-way changes nothing; apply the suggested fixes; undo', { skip, timeout: 900_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  await h.loadFile(page, big, 300_000);
  assert.equal(await h.rowCount(page), h.BIG_ROWS);
  const original = await score(page);
  await h.openTab(page, 'clean');
  await clean(page, () => document.querySelectorAll('[data-testid="clean-suggestion"]').length > 0);
  const steps = await page.locator('[data-testid="clean-suggestion"]').count();

  await h.byTestId(page, 'clean-apply-all').click();
  await clean(page, () => Number(document.getElementById('clean').dataset.progress ?? 0) > 0.05);
  let t = Date.now();
  await h.byTestId(page, 'clean-cancel').click();
  await clean(page, () => /cancelled\. Nothing changed\.$/.test(document.querySelector('[data-testid="clean-status"]').textContent));
  const cancelSeconds = (Date.now() - t) / 1000;
  assert.equal(await page.locator('[data-testid="clean-history"] li').count(), 0, 'the cancelled recipe left no step');
  assert.equal(await score(page), original);

  let v = await version(page);
  t = Date.now();
  await h.byTestId(page, 'clean-apply-all').click();
  await settled(page, v);
  const applySeconds = (Date.now() - t) / 1000;
  assert.equal(await page.locator('[data-testid="clean-history"] li').count(), steps);
  assert.ok((await score(page)) > original);

  v = await version(page);
  t = Date.now();
  await h.byTestId(page, 'clean-undo').click();
  await settled(page, v);
  const undoSeconds = (Date.now() - t) / 1000;
  console.log(`1M rows: cancel ${cancelSeconds.toFixed(2)} s, apply ${steps} suggested steps ${applySeconds.toFixed(1)} s, one undo (with the page's refresh) ${undoSeconds.toFixed(1)} s`);
  await context.close();
});
