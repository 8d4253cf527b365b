// The engine's dedupe methods for the Duplicates view, checked against the native `crmwb dedupe`
// on a generated file with duplicates: the summary, the deduplicated file, the cluster map and
// the model are the CLI's byte for byte; the live counts equal a run at that threshold; the
// contributions of every pair add up to its weight; review decisions, golden records with
// lineage and bad input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { nativeCli, parseCsv, run, tempDir } from './helpers.mjs';

const dir = tempDir();
const file = path.join(dir, 'dups.csv');
const dec = new TextDecoder();
let engine;
let native; // {summary, deduped, clusters, model} of the native CLI

/** A loaded engine with `text` (profiled). */
async function loadText(text, e = null) {
  e = e ?? (await loadEngineNode());
  e.beginLoad({});
  e.feed(new TextEncoder().encode(text));
  e.finishLoad();
  e.profile();
  return e;
}

/** Runs native `crmwb dedupe` on `file` with extra args; returns its outputs as text. */
function nativeDedupe(extra = [], tag = 'n') {
  const out = path.join(dir, `${tag}-out.csv`);
  const clusters = path.join(dir, `${tag}-clusters.csv`);
  const model = path.join(dir, `${tag}-model.json`);
  const r = run(nativeCli, ['dedupe', file, '--out', out, '--clusters', clusters, '--save-model', model, '--json', ...extra]);
  assert.equal(r.status, 0, r.stderr.toString());
  return {
    summary: JSON.parse(r.stdout.toString()),
    deduped: fs.readFileSync(out, 'utf8'),
    clusters: fs.readFileSync(clusters, 'utf8'),
    model: fs.readFileSync(model, 'utf8'),
  };
}

/** The summary without the fields only the page's run adds. */
function cliSummary(s) {
  const { prior_weight, kept_pairs, decisions, keep_pairs_min, quality, ...rest } = s;
  return rest;
}

before(async () => {
  const g = run(nativeCli, ['generate', '--rows', '3000', '--seed', '5', '--dup-rate', '0.2', '--out', file]);
  assert.equal(g.status, 0, g.stderr.toString());
  native = nativeDedupe();
  engine = await loadText(fs.readFileSync(file, 'utf8'));
});

test('the suggested setup: the model, pairs per rule and in total, within the budget', () => {
  const s = engine.dedupeSuggest();
  assert.equal(s.model.crmwb_dedupe_model, 1);
  assert.ok(s.model.columns.length >= 4, 'several compared columns');
  assert.ok(s.estimate.rules.length >= 1);
  const total = s.estimate.rules.reduce((n, r) => n + r.estimated, 0);
  assert.equal(s.estimate.total, total);
  assert.equal(s.estimate.within_budget, true);
  assert.equal(s.estimate.message, '');
  assert.ok(s.kinds.some((k) => k.kind === 'name' && k.levels[0] === 'missing'));
  assert.ok(s.columns.includes('email'));
  // The same rules and estimates as the native run's summary.
  assert.deepEqual(
    s.estimate.rules.map((r) => [r.rule, r.estimated]),
    native.summary.blocking.map((r) => [r.rule, r.estimated_pairs]),
  );
  // A tiny budget: the message names the loosest rule.
  const tight = engine.dedupeSuggest({ pairBudget: 10 });
  assert.equal(tight.estimate.within_budget, false);
  assert.match(tight.estimate.message, /^blocking rule \d+ \(.+\) would compare .* pairs .*budget is 10\)/);
});

test('a run equals native crmwb dedupe: summary, deduplicated file, cluster map, model', () => {
  const stages = new Set();
  const s = engine.dedupeRun({}, (done, total, stage) => {
    stages.add(stage);
    return false;
  });
  assert.ok(stages.has('compare') && stages.has('cluster'), [...stages].join(','));
  assert.deepEqual(cliSummary(s), native.summary);
  assert.ok(s.clusters > 100, `clusters: ${s.clusters}`);
  assert.equal(dec.decode(engine.dedupeExport('deduplicated')), native.deduped);
  assert.equal(dec.decode(engine.dedupeExport('clusters')), native.clusters);
  assert.equal(dec.decode(engine.dedupeExport('model')), native.model);
  // The suggested model, given back as the model to use, runs the same.
  const again = engine.dedupeRun({ model: engine.dedupeSuggest().model });
  assert.deepEqual(cliSummary(again), native.summary);
});

test('counts at a threshold equal a native run at that threshold; the slider applies', () => {
  engine.dedupeRun({});
  const at = nativeDedupe(['--threshold', '0.5'], 't');
  const c = engine.dedupeCounts(0.5);
  assert.equal(c.pairs_linked, at.summary.pairs_linked);
  assert.equal(c.clusters, at.summary.clusters);
  assert.equal(c.rows_in_clusters, at.summary.rows_in_clusters);
  assert.equal(c.bridges_cut, at.summary.bridges_cut);
  // Counts leave the run as it was.
  assert.equal(engine.dedupeSummary().pairs_linked, native.summary.pairs_linked);
  const s = engine.dedupeSetThreshold(0.5);
  assert.deepEqual(cliSummary(s), at.summary);
  assert.equal(dec.decode(engine.dedupeExport('clusters')), at.clusters);
  assert.equal(dec.decode(engine.dedupeExport('deduplicated')), at.deduped);
  // Higher thresholds never link more.
  let last = Infinity;
  for (const t of [0.05, 0.5, 0.9, 0.99, 0.9999]) {
    const n = engine.dedupeCounts(t).pairs_linked;
    assert.ok(n <= last, `${t}: ${n} > ${last}`);
    last = n;
  }
  assert.throws(() => engine.dedupeCounts(2), { code: 'bad_options' });
});

test('clusters list (uncertain first) and one cluster: contributions sum to the weight', () => {
  engine.dedupeRun({});
  const list = engine.dedupeClusters('uncertain');
  assert.equal(list.ids.length, engine.dedupeSummary().clusters);
  for (let i = 1; i < list.ids.length; i++) assert.ok(list.min_probability[i - 1] <= list.min_probability[i]);
  const largest = engine.dedupeClusters('largest');
  assert.equal(largest.sizes[0], native.summary.largest_cluster);
  // The cluster map's rows of the first cluster.
  const map = parseCsv(native.clusters).slice(1);
  const id = list.ids[0];
  const members = map.filter((r) => Number(r[1]) === id).map((r) => Number(r[0]));
  const c = engine.dedupeCluster(id);
  assert.deepEqual(c.rows, members);
  assert.equal(c.values.length, members.length);
  assert.equal(c.values[0].length, c.columns.length);
  assert.ok(c.pairs.length >= members.length - 1, 'linked by pairs');
  for (const p of c.pairs) {
    const sum = p.contributions.reduce((a, b) => a + b, c.prior_weight);
    assert.ok(Math.abs(sum - p.weight) < 0.01, `${sum} vs ${p.weight}`);
    assert.ok(Math.abs(1 / (1 + 2 ** -p.weight) - p.probability) < 0.001);
    assert.equal(p.levels.length, c.fields.length);
  }
  // The golden preview: every value from one of the cluster's rows.
  assert.equal(c.golden.values.length, c.columns.length);
  for (let k = 0; k < c.columns.length; k++) {
    const src = c.golden.source_rows[k];
    assert.ok(members.includes(src));
    assert.equal(c.golden.values[k], c.values[members.indexOf(src)][k]);
  }
  assert.throws(() => engine.dedupeCluster(members[1] ?? 999999), { code: 'no_cluster' });
});

test('decisions: accept, split, reject; exported labels; exports follow them', () => {
  const s = engine.dedupeRun({});
  const list = engine.dedupeClusters('largest');
  const [big, second, third] = list.ids;
  const bigRows = engine.dedupeCluster(big).rows;
  assert.ok(bigRows.length >= 2);
  let d = engine.dedupeDecide({ action: 'accept', cluster: third });
  assert.equal(d.decisions, 1);
  assert.equal(d.clusters, s.clusters);
  assert.equal(engine.dedupeCluster(third).accepted, true);
  d = engine.dedupeDecide({ action: 'split', cluster: big, row: bigRows[bigRows.length - 1] });
  assert.equal(d.duplicates, s.duplicates - 1);
  const secondRows = engine.dedupeCluster(second).rows;
  d = engine.dedupeDecide({ action: 'reject', cluster: second });
  assert.equal(d.duplicates, s.duplicates - 1 - (secondRows.length - 1));
  const labels = JSON.parse(dec.decode(engine.dedupeExport('labels')));
  assert.equal(labels.crmwb_dedupe_labels, 1);
  assert.deepEqual(labels.decisions.map((x) => x.action), ['accept', 'split', 'reject']);
  assert.deepEqual(labels.decisions[2].rows, secondRows);
  // The cluster map: the rejected rows and the split row are their own clusters now.
  const map = parseCsv(dec.decode(engine.dedupeExport('clusters'))).slice(1);
  for (const r of [...secondRows, bigRows[bigRows.length - 1]]) {
    assert.equal(map[r][1], String(r));
    assert.equal(map[r][2], '0.0000'); // a record alone has match probability 0
  }
  const deduped = parseCsv(dec.decode(engine.dedupeExport('deduplicated')));
  assert.equal(deduped.length - 1, 3000 - d.duplicates);
  assert.throws(() => engine.dedupeDecide({ action: 'merge', cluster: big }), { code: 'bad_decision' });
  assert.throws(() => engine.dedupeDecide({ action: 'split', cluster: big, row: 999999 }), { code: 'bad_decision' });
  // Decisions survive a new threshold; reset brings the run's clusters back.
  engine.dedupeSetThreshold(0.9);
  assert.equal(engine.dedupeSummary().decisions, 3);
  engine.dedupeSetThreshold(s.threshold);
  assert.equal(engine.dedupeResetDecisions().duplicates, s.duplicates);
});

test('golden records with lineage: one record per cluster, every cell from its cluster', () => {
  const s = engine.dedupeRun({});
  engine.dedupeSetSurvivorship({ default: 'longest' });
  const golden = parseCsv(dec.decode(engine.dedupeExport('golden')));
  const header = golden[0];
  assert.deepEqual(header.slice(-2), ['cluster_id', 'source_rows']);
  assert.equal(golden.length - 1, 3000 - s.duplicates);
  const lineage = parseCsv(dec.decode(engine.dedupeExport('lineage')));
  assert.deepEqual(lineage[0], ['record', 'cluster_id', 'column', 'source_row']);
  const src = parseCsv(fs.readFileSync(file, 'utf8'));
  const colIndex = new Map(src[0].map((n, i) => [n, i]));
  let checked = 0;
  for (const [record, cluster, column, row] of lineage.slice(1, 2000)) {
    const rec = golden[Number(record) + 1];
    assert.equal(rec[header.length - 2], cluster);
    assert.ok(rec[header.length - 1].split(';').includes(row));
    assert.equal(rec[colIndex.get(column)], src[Number(row) + 1][colIndex.get(column)]);
    checked++;
  }
  assert.ok(checked > 100);
  assert.throws(() => engine.dedupeSetSurvivorship({ default: 'best' }), { code: 'bad_survivorship' });
  assert.throws(() => engine.dedupeExport('pdf'), { code: 'bad_options' });
});

test('bad input: a clear error, never a crash', async () => {
  const e = await loadText('name,city\nAnn,Oslo\n');
  const one = e.dedupeRun({});
  assert.equal(one.clusters, 0);
  assert.match(one.warnings[0], /fewer than two rows/);
  assert.throws(() => e.dedupeRun({ model: '{"crmwb_dedupe_model": 1, "fields": [' }), { code: 'bad_model' });
  const suggested = engine.dedupeSuggest().model;
  const first = JSON.stringify(suggested.columns[0].column);
  const wrong = JSON.parse(JSON.stringify(suggested).replaceAll(first, '"no_such_column"'));
  const two = await loadText('name,city\nAnn,Oslo\nBob,Rome\n');
  assert.throws(() => two.dedupeRun({ model: wrong }), (err) => err.code === 'missing_column' && /no column 'no_such_column'/.test(err.message));
  assert.throws(() => engine.dedupeRun({ model: suggested, pairBudget: 10 }),
    (err) => err.code === 'too_many_pairs' && /^blocking rule \d+ \(.+\) would compare/.test(err.message));
  // Without a model the suggested rules too loose for the budget are left out: none is left.
  assert.throws(() => engine.dedupeRun({ pairBudget: 10 }), { code: 'no_blocking' });
  // A cancel from the progress callback stops the run.
  assert.throws(() => engine.dedupeRun({}, () => true), { code: 'cancelled' });
  assert.throws(() => engine.dedupeSummary(), { code: 'no_dedupe' });
  // A cleaning step (a new version) forgets the run.
  engine.dedupeRun({});
  engine.applyStep({ op: 'trim', column: 'email' });
  assert.throws(() => engine.dedupeClusters(), { code: 'no_dedupe' });
  engine.undo();
});
