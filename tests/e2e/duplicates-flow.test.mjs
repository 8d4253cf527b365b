// The end-to-end flow on the served site, from the bundled sample: sample → find
// duplicates → the Quality view lists "N records look like duplicates of another customer" and its
// button opens the Duplicates tab → review a cluster (keep it apart: the Quality count follows) →
// merge rules → re-score with my decisions → export golden records with lineage that account for
// every row → no request leaves the page. And linking: "Link with another file…" loads a second
// CSV, shows the columns both files have, links them, and exports the cluster map with a:/b:
// rows byte for byte as `crmwb dedupe A --link B --clusters`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite();
const env = h.browserAndSite(skip);
const tid = h.byTestId;


async function exportBytes(page, kind) {
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, `dup-export-${kind}`).click()]);
  assert.equal(await dl.failure(), null);
  return fs.readFileSync(await dl.path()).toString();
}

/** The count of the Quality view's fuzzy-duplicate problem, or null when it is absent. */
async function qualityDuplicates(page) {
  await h.openTab(page, 'quality');
  const p = tid(page, 'problem-duplicates');
  if ((await p.count()) === 0) return null;
  const m = /([\d,]+) records? looks? like (a )?duplicates? of another customer/.exec(await p.textContent());
  assert.ok(m, await p.textContent());
  return Number(m[1].replace(/,/g, ''));
}

const num = (s) => Number(s.replace(/,/g, ''));

test('sample → find duplicates → Quality link → review → merge → re-score → export with lineage', { skip: skip || false, timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadSample(page);

  // Before any run the problem is absent.
  assert.equal(await qualityDuplicates(page), null);
  const score0 = Number(await tid(page, 'quality-score').getAttribute('data-score'));

  // Find duplicates.
  await h.openTab(page, 'duplicates');
  await tid(page, 'dup-rule').first().waitFor();
  await tid(page, 'dup-run').click();
  await tid(page, 'dup-results').waitFor({ state: 'visible', timeout: 90_000 });
  await tid(page, 'dup-cluster-title').waitFor();
  const summary = await tid(page, 'dup-summary').textContent();
  const dups = num(/([\d,]+) look like duplicates/.exec(summary)[1]);
  assert.ok(dups > 0, summary);

  // Quality: the problem with the run's count, a lower score; its button opens the Duplicates tab.
  assert.equal(await qualityDuplicates(page), dups);
  const score1 = Number(await tid(page, 'quality-score').getAttribute('data-score'));
  assert.ok(score1 < score0, `${score1} < ${score0}`);
  assert.match(await page.locator('#quality .formulas').textContent(), /fuzzy duplicates/);
  await tid(page, 'problem-duplicates').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="tab-duplicates"]').getAttribute('aria-selected') === 'true');

  // Review a cluster: keep it apart; the Quality count follows.
  const title = await tid(page, 'dup-cluster-title').textContent();
  const size = Number(/: (\d+) records/.exec(title)[1]);
  await tid(page, 'dup-reject').click();
  await page.waitForFunction(() => /Kept apart cluster/.test(document.querySelector('[data-testid="dup-status"]').textContent));
  assert.equal(await qualityDuplicates(page), dups - (size - 1));
  await h.openTab(page, 'duplicates');

  // Merge: the merged record follows a merge rule.
  await tid(page, 'dup-cluster-title').waitFor();
  await tid(page, 'dup-accept').click();
  await page.waitForFunction(() => /Accepted cluster/.test(document.querySelector('[data-testid="dup-status"]').textContent));
  await page.locator('.dup-survivor summary').click();
  await tid(page, 'dup-survivor-default').selectOption('longest');
  assert.ok((await tid(page, 'dup-golden-cell').count()) > 3);

  // Re-score with my decisions: the model learns from them, the decisions stay.
  const rescore = tid(page, 'dup-rescore');
  assert.equal(await rescore.isDisabled(), false);
  await rescore.click();
  await page.waitForFunction(() => /Re-scored with \d+ labelled pairs?/.test(document.querySelector('[data-testid="dup-status"]').textContent), null, { timeout: 90_000 });
  await tid(page, 'dup-cluster-title').waitFor();
  const labels = JSON.parse(await exportBytes(page, 'labels'));
  assert.deepEqual(labels.decisions.map((d) => d.action), ['reject', 'accept']);
  assert.equal(await rescore.isDisabled(), false);
  const after = num(/([\d,]+) look like duplicates/.exec(await tid(page, 'dup-summary').textContent())[1]);
  assert.ok(after > 0);

  // Exports: the cluster map, golden records and lineage account for every row.
  const map = h.parseCsv(await exportBytes(page, 'clusters')).slice(1);
  const clusterOf = new Map(map.map(([row, id]) => [row, id]));
  const ids = new Set(map.map(([, id]) => id));
  const golden = h.parseCsv(await exportBytes(page, 'golden'));
  assert.equal(golden.length - 1, ids.size, 'one golden record per cluster');
  const lineage = h.parseCsv(await exportBytes(page, 'lineage'));
  assert.deepEqual(lineage[0], ['record', 'cluster_id', 'column', 'source_row']);
  assert.ok(lineage.length > 1);
  for (const [, id, , source] of lineage.slice(1)) assert.equal(clusterOf.get(source), id, `row ${source} of cluster ${id}`);
  // The rejected cluster's rows stayed apart through the re-score.
  for (const r of labels.decisions[0].rows) assert.equal(clusterOf.get(String(r)), String(r));

  h.noRequestsOut(log, env.site.origin, { consoleErrors: true });
  await context.close();
});

test('link with another file: shared columns, a link run, the cluster map = crmwb dedupe --link', { skip: skip || false, timeout: 240_000 }, async () => {
  const dir = path.join(h.OUT, 'duplicates-link');
  fs.mkdirSync(dir, { recursive: true });
  const all = path.join(dir, 'all.csv');
  const g = spawnSync(h.NATIVE, ['generate', '--rows', '2400', '--seed', '8', '--dup-rate', '0.3', '--out', all]);
  assert.equal(g.status, 0, String(g.stderr));
  const rows = h.parseCsv(fs.readFileSync(all, 'utf8'));
  const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const csv = (rs) => rs.map((r) => r.map(field).join(',')).join('\n') + '\n';
  const fileA = path.join(dir, 'crm.csv');
  const fileB = path.join(dir, 'marketing.csv');
  const drop = rows[0].indexOf('company');
  fs.writeFileSync(fileA, csv([rows[0], ...rows.slice(1, 1301)]));
  fs.writeFileSync(fileB, csv([rows[0], ...rows.slice(1301)].map((r) => r.filter((_, i) => i !== drop))));
  const clusters = path.join(dir, 'native-clusters.csv');
  const n = spawnSync(h.NATIVE, ['dedupe', fileA, '--link', fileB, '--out', path.join(dir, 'native-out.csv'), '--clusters', clusters, '--json']);
  assert.equal(n.status, 0, String(n.stderr));
  const native = JSON.parse(String(n.stdout));

  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadFile(page, fileA);
  await h.openTab(page, 'duplicates');
  await tid(page, 'dup-rule').first().waitFor();
  await tid(page, 'dup-link-input').setInputFiles(fileB);
  await page.waitForFunction(() => /Compared columns both files have: /.test(document.querySelector('[data-testid="dup-link-info"]').textContent));
  const info = await tid(page, 'dup-link-info').textContent();
  assert.match(info, /Linking with “marketing\.csv” \(1,100 rows\)/);
  assert.ok(!/company/.test(info), info);
  assert.equal(await tid(page, 'dup-run').textContent(), 'Link the two files');
  await tid(page, 'dup-run').click();
  await tid(page, 'dup-results').waitFor({ state: 'visible', timeout: 90_000 });
  await page.waitForFunction(() => /Linked in/.test(document.querySelector('[data-testid="dup-status"]').textContent));
  const summary = await tid(page, 'dup-summary').textContent();
  assert.ok(summary.startsWith('1,300 + 1,100 rows'), summary);
  assert.ok(summary.includes(`${native.pairs_compared.toLocaleString('en-US')} pairs compared`), summary);
  assert.equal(await tid(page, 'dup-link-note').isVisible(), true);
  assert.equal(await tid(page, 'dup-export-labels').isVisible(), false);
  const map = await exportBytes(page, 'clusters');
  assert.equal(map, fs.readFileSync(clusters, 'utf8'), 'cluster map = crmwb dedupe --link --clusters');
  assert.match(map, /\nb:0,/);
  // The Quality view does not count a link.
  assert.equal(await qualityDuplicates(page), null);
  // Back to one file.
  await h.openTab(page, 'duplicates');
  await tid(page, 'dup-unlink').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="dup-run"]').textContent === 'Find duplicates');
  h.noRequestsOut(log, env.site.origin, { consoleErrors: true });
  await context.close();
});
