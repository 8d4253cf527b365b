// Everything done in the page comes back from a saved project: a dedupe run with review
// decisions (found again with the saved model: the same clusters, the same decisions); segment
// steps (RFM from an orders file, k-means) whose columns the project keeps, so the restored table
// has the same bytes and `crmwb decrypt` replays them too; and a new file starts with no project
// key (pseudonyms of one customer file cannot be linked to another's by accident).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
const tid = h.byTestId;
const DIR = path.join(h.OUT, 'project-state');

/** Saves the project without a passphrase; returns its path. */
async function saveProject(page, name) {
  await tid(page, 'save-project').click();
  await tid(page, 'project-nopass').check();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), tid(page, 'project-ok').click()]);
  fs.mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, name);
  fs.writeFileSync(file, fs.readFileSync(await dl.path()));
  return file;
}

/** A fresh page with the project opened and restored. */
async function openInFreshPage(file) {
  const b = await h.newPage(env.browser);
  const log = await h.watch(b.context, b.page);
  await b.page.goto(env.site.url('/'));
  await tid(b.page, 'project-input').setInputFiles(file);
  await b.page.waitForFunction(() => document.body.dataset.projectRestored !== undefined, null, { timeout: 120_000 });
  await h.waitReady(b.page);
  return { ...b, log };
}

async function dupExport(page, kind) {
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, `dup-export-${kind}`).click()]);
  return fs.readFileSync(await dl.path()).toString();
}

/** What the Duplicates tab shows: the summary, the listed clusters and the decisions. */
async function dupState(page) {
  await h.openTab(page, 'duplicates');
  await tid(page, 'dup-results').waitFor({ state: 'visible', timeout: 90_000 });
  await tid(page, 'dup-cluster-title').waitFor();
  const labels = JSON.parse(await dupExport(page, 'labels'));
  return {
    summary: await tid(page, 'dup-summary').textContent(),
    list: await page.$$eval('[data-testid="dup-list"] [role="option"]', (os) => os.map((o) => o.textContent)),
    clusters: await dupExport(page, 'clusters'),
    decisions: labels.decisions,
    threshold: labels.threshold,
  };
}

test('a dedupe run with decisions comes back from a project: same clusters, same decisions', { skip, timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadSample(page);
  await h.openTab(page, 'duplicates');
  await tid(page, 'dup-rule').first().waitFor();
  await tid(page, 'dup-run').click();
  await tid(page, 'dup-results').waitFor({ state: 'visible', timeout: 90_000 });
  await tid(page, 'dup-cluster-title').waitFor();
  // Keep the first cluster apart, accept the next one.
  await tid(page, 'dup-reject').click();
  await page.waitForFunction(() => /Kept apart cluster/.test(document.querySelector('[data-testid="dup-status"]').textContent));
  await tid(page, 'dup-cluster-title').waitFor();
  await tid(page, 'dup-accept').click();
  await page.waitForFunction(() => /Accepted cluster/.test(document.querySelector('[data-testid="dup-status"]').textContent));
  const before = await dupState(page);
  assert.deepEqual(before.decisions.map((d) => d.action), ['reject', 'accept']);
  const file = await saveProject(page, 'dedupe.crmwb');
  await context.close();

  const b = await openInFreshPage(file);
  const after = await dupState(b.page);
  assert.match(await tid(b.page, 'dup-status').textContent(), /saved run.*2 decisions/);
  assert.equal(after.summary, before.summary);
  const shown = Math.min(after.list.length, before.list.length);
  assert.ok(shown >= 5);
  assert.deepEqual(after.list.slice(0, shown), before.list.slice(0, shown), 'the same clusters listed (accepted marks too)');
  assert.equal(after.clusters, before.clusters, 'the same cluster map');
  assert.deepEqual(after.decisions, before.decisions, 'the same decisions');
  assert.equal(after.threshold, before.threshold);
  assert.equal(await tid(b.page, 'dup-rescore').isDisabled(), false, 'decisions can re-score');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(b.log.pageErrors, []);
  await b.context.close();
});

test('RFM from an orders file and k-means come back from a project with the same table bytes', { skip, timeout: 180_000 }, async () => {
  fs.mkdirSync(DIR, { recursive: true });
  const customers = path.join(DIR, 'c.csv');
  const orders = path.join(DIR, 'o.csv');
  execFileSync(h.NATIVE, ['generate', '--rows', '1500', '--seed', '9', '--out', customers, '--orders', orders]);
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadFile(page, customers);
  await h.openTab(page, 'segments');
  await tid(page, 'seg-orders-input').setInputFiles(orders);
  await tid(page, 'seg-join-form').waitFor();
  const idle = () => page.waitForFunction(() => !document.querySelector('#segments[aria-busy="true"]'), null, { timeout: 120_000 });
  await tid(page, 'seg-run-rfm').click();
  await tid(page, 'seg-rfm-table').waitFor({ timeout: 120_000 });
  await idle();
  await tid(page, 'seg-k').fill('3');
  await tid(page, 'seg-run-kmeans').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="seg-profile-row"]').length === 3, null, { timeout: 120_000 });
  await idle();
  // A cleaning step after them (replayed as a recipe between restored columns).
  await h.openTab(page, 'clean');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="clean-suggestion"]').length > 0);
  await h.newVersion(page, () => tid(page, 'clean-apply-all').click());
  await h.openTab(page, 'clean');
  const history = await h.historyItems(page);
  assert.ok(history.some((t) => /rfm/i.test(t)) && history.some((t) => /k-means|kmeans|cluster/i.test(t)), history.join(' | '));
  const table = await h.exportCsv(page, false);
  assert.match(table.toString('utf8').split('\n')[0], /rfm_segment.*cluster/);
  const file = await saveProject(page, 'segments.crmwb');
  await context.close();

  const b = await openInFreshPage(file);
  await h.openTab(b.page, 'clean');
  assert.deepEqual(await h.historyItems(b.page), history, 'the same history');
  assert.ok((await h.exportCsv(b.page, false)).equals(table), 'the same table bytes');
  // Undo goes back through the cleaning steps, then the restored k-means step.
  const header = async () => (await h.exportCsv(b.page, false)).toString('utf8').split('\n')[0];
  for (let i = 0; i < history.length - 2; i++) await h.newVersion(b.page, () => tid(b.page, 'clean-undo').click());
  assert.match(await header(), /,cluster\r$/);
  await h.newVersion(b.page, () => tid(b.page, 'clean-undo').click());
  const undone = await header();
  assert.ok(!/(^|,)cluster(,|\r|$)/.test(undone) && /rfm_segment/.test(undone), undone);
  assert.deepEqual(b.log.pageErrors, []);
  assert.deepEqual(log.pageErrors, []);
  await b.context.close();

  // The native tool replays the same project (the kept columns included) to the same bytes.
  const out = path.join(DIR, 'segments-cli.csv');
  const r = spawnSync(h.NATIVE, ['decrypt', file, '--out', out]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(out).equals(table), 'crmwb decrypt gives the page\'s table');
});

test('a new file starts with no project key; a project brings its own back', { skip, timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadSample(page);
  const openProtect = async () => {
    await h.openExportMenu(page);
    await tid(page, 'export-protected').click();
    await tid(page, 'protect-dialog').waitFor({ state: 'visible' });
  };
  /** The key in use, as "Export key" writes it (it makes one when there is none). */
  const exportKey = async () => {
    await openProtect();
    const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, 'protect-key-export').click()]);
    const key = fs.readFileSync(await dl.path(), 'latin1');
    await page.keyboard.press('Escape');
    await tid(page, 'protect-dialog').waitFor({ state: 'hidden' });
    assert.match(key, /^[0-9a-f]{64}\n$/);
    return key;
  };
  const first = await exportKey();
  const file = await saveProject(page, 'key.crmwb');
  // Another customer file: the first file's key is gone.
  await h.loadFile(page, h.SAMPLE);
  const second = await exportKey();
  assert.notEqual(second, first, 'a new file gets a new key');
  // The project: its own key again.
  await tid(page, 'project-input').setInputFiles(file);
  await page.waitForFunction(() => document.body.dataset.projectRestored !== undefined, null, { timeout: 60_000 });
  await h.waitReady(page);
  assert.equal(await exportKey(), first, 'the project brought its key back');
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('autosave keeps the dedupe decisions: close the page, restore, the same clusters and decisions', { skip, timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/?autosaveMs=200'));
  await h.loadSample(page);
  await h.openTab(page, 'duplicates');
  await tid(page, 'dup-rule').first().waitFor();
  await tid(page, 'dup-run').click();
  await tid(page, 'dup-results').waitFor({ state: 'visible', timeout: 90_000 });
  await tid(page, 'dup-cluster-title').waitFor();
  await page.evaluate(() => delete document.body.dataset.autosaved);
  await tid(page, 'dup-reject').click();
  await page.waitForFunction(() => /Kept apart cluster/.test(document.querySelector('[data-testid="dup-status"]').textContent));
  // Saved after the decision (the state is gathered when the wait is over).
  await page.waitForFunction(() => document.body.dataset.autosaved !== undefined, null, { timeout: 30_000 });
  const before = await dupState(page);
  assert.equal(before.decisions.length, 1);
  await page.close();

  const again = await context.newPage();
  await again.goto(env.site.url('/?autosaveMs=200'));
  await tid(again, 'autosave-restore-button').waitFor({ state: 'visible' });
  await tid(again, 'autosave-restore-button').click();
  await again.waitForFunction(() => document.body.dataset.projectRestored !== undefined, null, { timeout: 120_000 });
  await h.waitReady(again);
  const after = await dupState(again);
  assert.equal(after.clusters, before.clusters, 'the same cluster map');
  assert.deepEqual(after.decisions, before.decisions, 'the same decisions');
  const shown = Math.min(after.list.length, before.list.length);
  assert.deepEqual(after.list.slice(0, shown), before.list.slice(0, shown));
  await context.close();
});
