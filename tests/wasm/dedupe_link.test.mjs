// Linking two files in the Duplicates view (Engine.dedupeLinkRun, the second file in an engine of
// its own) against the native `crmwb dedupe A --link B`: the summary, the cluster map with a:/b:
// rows, the merged records and their lineage byte for byte; the setup compares only the columns
// both files have; one-by-one review and labels are refused with a clear message.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { nativeCli, parseCsv, run, tempDir } from './helpers.mjs';

const dir = tempDir();
const fileA = path.join(dir, 'a.csv');
const fileB = path.join(dir, 'b.csv');
const dec = new TextDecoder();
let a;
let b;

async function load(text, e = null) {
  e = e ?? (await loadEngineNode());
  e.beginLoad({});
  e.feed(new TextEncoder().encode(text));
  e.finishLoad();
  e.profile();
  return e;
}

function cliSummary(s) {
  const { prior_weight, kept_pairs, decisions, keep_pairs_min, quality, ...rest } = s;
  return rest;
}

before(async () => {
  const all = path.join(dir, 'all.csv');
  const g = run(nativeCli, ['generate', '--rows', '3000', '--seed', '8', '--dup-rate', '0.3', '--out', all]);
  assert.equal(g.status, 0, g.stderr.toString());
  // Two files: the first 1,700 rows, and the rest without the company column (not shared).
  const rows = parseCsv(fs.readFileSync(all, 'utf8'));
  const drop = rows[0].indexOf('company');
  assert.ok(drop >= 0, rows[0].join(','));
  const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const csv = (rs) => rs.map((r) => r.map(field).join(',')).join('\n') + '\n';
  fs.writeFileSync(fileA, csv([rows[0], ...rows.slice(1, 1701)]));
  fs.writeFileSync(fileB, csv([rows[0], ...rows.slice(1701)].map((r) => r.filter((_, i) => i !== drop))));
  a = await load(fs.readFileSync(fileA, 'utf8'));
  b = await load(fs.readFileSync(fileB, 'utf8'), a.sibling());
});

test('link = crmwb dedupe A --link B: summary, cluster map (a:/b:), merged records, lineage', () => {
  const setup = a.dedupeLinkSuggest({}, b);
  assert.equal(setup.link, true);
  const compared = setup.model.columns.map((c) => c.column);
  assert.ok(!compared.includes('company'), 'only columns both files have');
  assert.ok(compared.length >= 4, compared.join(','));
  assert.ok(setup.estimate.within_budget);

  const stages = new Set();
  const s = a.dedupeLinkRun({}, b, (done, total, stage) => {
    stages.add(stage);
    return false;
  });
  assert.ok(stages.has('compare'));
  assert.equal(s.link, true);
  assert.ok(s.clusters > 50, `clusters ${s.clusters}`);
  assert.equal(s.quality.fuzzy_duplicates, undefined, 'a link does not count in quality');

  const out = path.join(dir, 'out.csv');
  const clusters = path.join(dir, 'clusters.csv');
  const lineage = path.join(dir, 'lineage.csv');
  const model = path.join(dir, 'model.json');
  const r = run(nativeCli, ['dedupe', fileA, '--link', fileB, '--out', out, '--clusters', clusters,
    '--lineage', lineage, '--save-model', model, '--json']);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.deepEqual(cliSummary(s), JSON.parse(r.stdout.toString()));
  const map = dec.decode(a.dedupeExport('clusters'));
  assert.equal(map, fs.readFileSync(clusters, 'utf8'));
  assert.match(map, /\na:0,/);
  assert.match(map, /\nb:0,/);
  assert.equal(dec.decode(a.dedupeExport('deduplicated')), fs.readFileSync(out, 'utf8'));
  assert.equal(dec.decode(a.dedupeExport('golden')), fs.readFileSync(out, 'utf8'));
  assert.equal(dec.decode(a.dedupeExport('lineage')), fs.readFileSync(lineage, 'utf8'));
  assert.equal(dec.decode(a.dedupeExport('model')), fs.readFileSync(model, 'utf8'));

  // The threshold slider works on a link too: the native run at 0.5.
  const half = run(nativeCli, ['dedupe', fileA, '--link', fileB, '--out', out, '--clusters', clusters, '--threshold', '0.5', '--json']);
  assert.equal(a.dedupeCounts(0.5).clusters, JSON.parse(half.stdout.toString()).clusters);
  a.dedupeSetThreshold(0.5);
  assert.equal(dec.decode(a.dedupeExport('clusters')), fs.readFileSync(clusters, 'utf8'));

  // No review one by one, no labels.
  assert.throws(() => a.dedupeCluster(0), { code: 'link_review' });
  assert.throws(() => a.dedupeDecide({ action: 'accept', cluster: 0 }), { code: 'link_review' });
  assert.throws(() => a.dedupeLinkRun({ labels: { crmwb_dedupe_labels: 1, decisions: [] } }, b), { code: 'bad_labels' });
  // Forgetting the run (before the second file goes) leaves nothing to export.
  a.dedupeClear();
  assert.throws(() => a.dedupeExport('clusters'), { code: 'no_dedupe' });
});
