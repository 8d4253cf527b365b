// The Duplicates view's quality link and review labels, through the engine API under Node:
// a run (then a new threshold, decisions, a cleaning step and undo) counts its clusters in the
// quality score's uniqueness and its fuzzy_duplicate problem; "Re-score with my decisions" (a run
// with the decisions as labels) is `crmwb dedupe --labels` byte for byte (model, summary and,
// with the decisions forgotten, the cluster map).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { nativeCli, run, tempDir } from './helpers.mjs';

const dir = tempDir();
const file = path.join(dir, 'dups.csv');
const dec = new TextDecoder();
let engine;
const ROWS = 3000;

/** The summary without the fields only the page's run adds. */
function cliSummary(s) {
  const { prior_weight, kept_pairs, decisions, keep_pairs_min, quality, ...rest } = s;
  return rest;
}

before(async () => {
  const g = run(nativeCli, ['generate', '--rows', String(ROWS), '--seed', '5', '--dup-rate', '0.2', '--out', file]);
  assert.equal(g.status, 0, g.stderr.toString());
  engine = await loadEngineNode();
  engine.beginLoad({});
  engine.feed(new TextEncoder().encode(fs.readFileSync(file, 'utf8')));
  engine.finishLoad();
  engine.profile();
});

test('quality: absent before a run; a run, a threshold and decisions count in uniqueness', () => {
  const q0 = engine.dedupeQuality().quality;
  assert.equal(q0.fuzzy_duplicates, undefined);
  assert.equal(q0.problems, undefined);
  const s = engine.dedupeRun({});
  assert.ok(s.duplicates > 100);
  const q = s.quality;
  assert.equal(q.fuzzy_duplicates, s.duplicates);
  assert.deepEqual(q.problems, [{
    kind: 'fuzzy_duplicate',
    count: s.duplicates,
    text: `${s.duplicates.toLocaleString('en-US')} records look like duplicates of another customer`,
  }]);
  // uniqueness = 1 − |E ∪ F| / N, and it fell below the exact-duplicates figure.
  assert.ok(Math.abs(q.uniqueness - (1 - q.duplicates / ROWS)) < 1e-12);
  assert.ok(q.duplicates >= s.duplicates);
  assert.ok(q.uniqueness < q0.uniqueness);
  assert.deepEqual(engine.dedupeQuality().quality, q);
  // A stricter threshold: fewer fuzzy duplicates.
  const strict = engine.dedupeSetThreshold(0.99999);
  assert.equal(strict.quality.fuzzy_duplicates, strict.duplicates);
  assert.ok(strict.duplicates < s.duplicates);
  engine.dedupeSetThreshold(s.threshold);
  // Keeping a cluster apart takes its records out of the count; forgetting brings them back.
  const list = engine.dedupeClusters('largest');
  const rows = engine.dedupeCluster(list.ids[0]).rows;
  const d = engine.dedupeDecide({ action: 'reject', cluster: list.ids[0] });
  assert.equal(d.quality.fuzzy_duplicates, s.duplicates - (rows.length - 1));
  assert.equal(engine.dedupeResetDecisions().quality.fuzzy_duplicates, s.duplicates);
  // A cleaning step makes a table without them; undo brings the run's table and them back.
  const step = engine.applyStep({ op: 'trim', column: 'first_name' });
  assert.equal(step.profile.quality.fuzzy_duplicates, undefined);
  assert.equal(engine.dedupeQuality().quality.fuzzy_duplicates, undefined);
  const back = engine.undo();
  assert.equal(back.profile.quality.fuzzy_duplicates, s.duplicates);
  // A cancelled run leaves no clusters in the score.
  assert.throws(() => engine.dedupeRun({}, () => true), { code: 'cancelled' });
  assert.equal(engine.dedupeQuality().quality.fuzzy_duplicates, undefined);
});

test('re-score with my decisions = crmwb dedupe --labels: model, summary, cluster map', () => {
  const s = engine.dedupeRun({});
  const list = engine.dedupeClusters('uncertain');
  // Contradict the model: keep the three least certain clusters apart, accept the next two,
  // take a row out of the sixth.
  for (const id of list.ids.slice(0, 3)) engine.dedupeDecide({ action: 'reject', cluster: id });
  for (const id of list.ids.slice(3, 5)) engine.dedupeDecide({ action: 'accept', cluster: id });
  const six = engine.dedupeCluster(list.ids[5]).rows;
  engine.dedupeDecide({ action: 'split', cluster: list.ids[5], row: six[six.length - 1] });
  const labels = dec.decode(engine.dedupeExport('labels'));
  const labelsFile = path.join(dir, 'labels.json');
  fs.writeFileSync(labelsFile, labels);

  const again = engine.dedupeRun({ labels, threshold: s.threshold });
  assert.equal(again.decisions, 6, 'the decisions stay');
  assert.ok(again.labels.matches > 0 && again.labels.non_matches > 0, JSON.stringify(again.labels));
  assert.notDeepEqual(again.columns, s.columns, 'm and u moved');
  assert.notEqual(again.lambda, s.lambda, 'the prior was estimated again');

  const out = path.join(dir, 'l-out.csv');
  const clusters = path.join(dir, 'l-clusters.csv');
  const model = path.join(dir, 'l-model.json');
  const r = run(nativeCli, ['dedupe', file, '--out', out, '--clusters', clusters, '--save-model', model,
    '--labels', labelsFile, '--threshold', String(s.threshold), '--json']);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.deepEqual(cliSummary(again), JSON.parse(r.stdout.toString()));
  assert.equal(dec.decode(engine.dedupeExport('model')), fs.readFileSync(model, 'utf8'));
  // The page's exports follow the decisions; without them the cluster map is the CLI's.
  engine.dedupeResetDecisions();
  assert.equal(dec.decode(engine.dedupeExport('clusters')), fs.readFileSync(clusters, 'utf8'));
  assert.equal(dec.decode(engine.dedupeExport('deduplicated')), fs.readFileSync(out, 'utf8'));
});

test('bad labels: a clear error naming the decision', () => {
  engine.dedupeRun({});
  assert.throws(() => engine.dedupeRun({ labels: '{"crmwb_dedupe_labels": 1, "decisions": [{"action": "accept", "rows": [1, 99999]}]}' }),
    (e) => e.code === 'bad_labels' && /another file/.test(e.message));
  assert.throws(() => engine.dedupeRun({ labels: { crmwb_dedupe_labels: 1, decisions: [{ action: 'merge', rows: [1, 2] }] } }),
    (e) => e.code === 'bad_labels' && /decision 1/.test(e.message));
});
