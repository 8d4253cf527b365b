// What a project keeps besides cleaning steps, through the engine as the page drives it: the
// columns of segment steps (join_orders, segment_rfm, segment_kmeans) kept as CSV and restored
// as the same steps (same table bytes, same history, undo works; `crmwb decrypt` replays them
// too), and a dedupe run found again from its saved model with its decisions (same clusters).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { nativeCli, run, tempDir, wasmCli } from './helpers.mjs';
import { loadEngineNode } from '../../web/engine-node.js';
import { newManifest, openProject, saveProject } from '../../web/project.js';
import { historyOf, replayPlan, replayRecipe } from '../../web/project-state.js';

const dir = tempDir();
const dec = new TextDecoder();

function load(engine, bytes) {
  engine.beginLoad({ expectedBytes: bytes.length });
  engine.feed(bytes);
  engine.finishLoad();
  engine.profile();
}

/** The manifest history as the page gathers it (app.js gatherManifest). */
function gather(engine) {
  const h = historyOf(engine.history());
  const history = { steps: h.steps, undone: h.undone };
  const results = h.results.map((i) => ({ step: i, csv: engine.resultColumns(i + 1) }));
  if (results.length) history.results = results;
  return history;
}

/** Replays a saved history as the page does (app.js restoreProject). */
function replay(engine, history) {
  const { plan, missing } = replayPlan(history);
  assert.equal(missing, null);
  for (const part of plan) {
    if (part.recipe) engine.applyRecipe(replayRecipe({ steps: part.recipe }));
    else engine.restoreColumns(part.result.op, part.csv);
  }
  for (let i = 0; i < history.undone; i++) engine.undo();
}

test('segment steps come back from a project with the same bytes, in the page and natively', async () => {
  const cPath = path.join(dir, 'c.csv');
  const oPath = path.join(dir, 'o.csv');
  const g = run(nativeCli, ['generate', '--rows', '800', '--seed', '3', '--out', cPath, '--orders', oPath]);
  assert.equal(g.status, 0, g.stderr.toString());
  const csv = new Uint8Array(fs.readFileSync(cPath));
  const engine = await loadEngineNode();
  const orders = engine.sibling();
  load(engine, csv);
  load(orders, new Uint8Array(fs.readFileSync(oPath)));
  engine.joinOrders(orders, { apply: true });
  engine.segmentRfm(orders, {});
  const features = ['order_count', 'total_amount', 'monetary'];
  engine.analyze('kmeans', { columns: features, k: 3, seed: 1, apply: true });
  engine.analyze('kmeans', { columns: features, k: 4, seed: 2, apply: true }); // a re-run replaces the cluster column
  const names = engine.profile().columns.map((c) => c.name);
  engine.applyStep({ op: 'trim', column: names[1] });
  engine.applyStep({ op: 'case', column: 'rfm_segment', mode: 'upper' });
  engine.undo();
  const table = engine.exportTable({ format: 'csv' });
  const header = dec.decode(table).split('\r\n')[0].split(',');
  assert.equal(header.filter((n) => n === 'cluster').length, 1, header.join(','));
  assert.ok(header.includes('rfm_segment') && header.includes('order_count'), header.join(','));

  const manifest = newManifest('c.csv', csv.length, {});
  manifest.history = gather(engine);
  assert.deepEqual(manifest.history.results.map((r) => manifest.history.steps[r.step].op), ['join_orders', 'segment_rfm', 'segment_kmeans', 'segment_kmeans']);
  const bytes = await saveProject({ manifest, fileBytes: csv });
  const p = await openProject(bytes);

  const e2 = engine.sibling();
  load(e2, p.fileBytes);
  replay(e2, p.manifest.history);
  assert.ok(Buffer.from(e2.exportTable({ format: 'csv' })).equals(Buffer.from(table)), 'same table bytes');
  assert.deepEqual(e2.history().map((x) => [x.step, x.applied]), engine.history().map((x) => [x.step, x.applied]));
  assert.equal(e2.redo().moved, true, 'the undone step is redo-able');
  e2.undo();
  e2.undo(); // the trim
  e2.undo(); // the second k-means: the first one's cluster column is back
  const e2csv = dec.decode(e2.exportTable({ format: 'csv' }));
  // Version ids (the page's cache key for kept columns): a new step after an undo gets a new one.
  const ids = e2.history().map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length);
  e2.applyStep({ op: 'trim', column: names[1] });
  const after = e2.history().map((x) => x.id);
  assert.equal(after.length, 4);
  assert.deepEqual(after.slice(0, 3), ids.slice(0, 3));
  assert.ok(!ids.includes(after[3]), 'a new version never takes an old id');
  e2.undo();
  engine.undo();
  engine.undo();
  assert.equal(e2csv, dec.decode(engine.exportTable({ format: 'csv' })));

  // The native tool replays the same project to the same bytes.
  const file = path.join(dir, 'seg.crmwb');
  fs.writeFileSync(file, bytes);
  const r = run(nativeCli, ['decrypt', file, '--out', path.join(dir, 'cli.csv')]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(path.join(dir, 'cli.csv')).equals(Buffer.from(table)), 'crmwb decrypt: the same bytes');
  const w = run(wasmCli, ['decrypt', file, '--out', path.join(dir, 'wasm.csv')]);
  assert.equal(w.status, 0, w.stderr.toString());
  assert.ok(fs.readFileSync(path.join(dir, 'wasm.csv')).equals(Buffer.from(table)), 'scripts/crmwb-wasm decrypt: the same bytes');

  // Columns that do not fit the table are refused with a clear message; nothing changes.
  const v = e2.history().length;
  const csvOf = p.manifest.history.results[0].csv;
  assert.throws(() => e2.restoreColumns('segment_kmeans', csvOf.split('\r\n').slice(0, 10).join('\r\n')), (e) => e.code === 'stale_result' && /rows where the table has/.test(e.message));
  assert.throws(() => e2.restoreColumns('trim', csvOf), (e) => e.code === 'bad_step');
  assert.throws(() => e2.restoreColumns('segment_kmeans', 'x,y\r\n1,2\r\n'), (e) => e.code === 'bad_step');
  assert.equal(e2.history().length, v);
  assert.throws(() => e2.resultColumns(1 + e2.history().findIndex((x) => x.step.op === 'trim')), (e) => e.code === 'bad_step');

  // A project without the columns of a result step: the native tool says so.
  const broken = structuredClone(p.manifest);
  delete broken.history.results;
  const bf = path.join(dir, 'broken.crmwb');
  fs.writeFileSync(bf, await saveProject({ manifest: broken, fileBytes: csv }));
  const rb = run(nativeCli, ['decrypt', bf, '--out', path.join(dir, 'x.csv')]);
  assert.equal(rb.status, 1);
  assert.match(rb.stderr.toString(), /step 1 \(join_orders\) added columns the project does not hold/);
  const wb = run(wasmCli, ['decrypt', bf, '--out', path.join(dir, 'x.csv')]);
  assert.equal(wb.status, 1);
  assert.equal(wb.stderr.toString(), rb.stderr.toString(), 'the same message natively and in WebAssembly');
  // A results entry that is not {step, csv}: refused as a damaged project by the page and natively.
  const bad = structuredClone(p.manifest);
  bad.history.results[0].step = 99;
  const badBytes = await saveProject({ manifest: bad, fileBytes: csv });
  await assert.rejects(openProject(badBytes), (e) => e.code === 'bad_project' && /history\.results/.test(e.message));
  fs.writeFileSync(bf, badBytes);
  assert.match(run(nativeCli, ['decrypt', bf, '--out', path.join(dir, 'x.csv')]).stderr.toString(), /history\.results/);
});

test('a dedupe run comes back from its saved model and decisions: the same clusters', async () => {
  const file = path.join(dir, 'dups.csv');
  const g = run(nativeCli, ['generate', '--rows', '2000', '--seed', '5', '--dup-rate', '0.2', '--out', file]);
  assert.equal(g.status, 0, g.stderr.toString());
  const bytes = new Uint8Array(fs.readFileSync(file));
  const engine = await loadEngineNode();
  load(engine, bytes);
  engine.dedupeRun({});
  let list = engine.dedupeClusters('id');
  engine.dedupeDecide({ action: 'reject', cluster: list.ids[0] });
  engine.dedupeDecide({ action: 'accept', cluster: list.ids[1] });
  const three = engine.dedupeCluster(list.ids[2]).rows;
  engine.dedupeDecide({ action: 'split', cluster: list.ids[2], row: three[three.length - 1] });
  // A new threshold after the decisions: they are replayed on its clusters.
  const s = engine.dedupeSetThreshold(0.97);
  list = engine.dedupeClusters('uncertain');
  const saved = {
    model: JSON.parse(dec.decode(engine.dedupeExport('model'))),
    threshold: s.threshold,
    decisions: JSON.parse(dec.decode(engine.dedupeExport('labels'))),
  };
  const clusters = dec.decode(engine.dedupeExport('clusters'));

  const e2 = engine.sibling();
  load(e2, bytes);
  const r = e2.dedupeRun({ model: saved.model, threshold: saved.threshold, decisions: saved.decisions });
  assert.equal(r.decisions, 3);
  assert.equal(r.clusters, s.clusters);
  assert.equal(r.duplicates, s.duplicates);
  assert.deepEqual(e2.dedupeClusters('uncertain'), list, 'the same clusters, accepted marks too');
  assert.equal(dec.decode(e2.dedupeExport('clusters')), clusters);
  assert.deepEqual(JSON.parse(dec.decode(e2.dedupeExport('labels'))), saved.decisions);
  assert.deepEqual(JSON.parse(dec.decode(e2.dedupeExport('model'))), saved.model, 'the model is not refined');
  // Decisions that name rows the table does not have are refused.
  assert.throws(() => e2.dedupeRun({ model: saved.model, decisions: { crmwb_dedupe_labels: 1, decisions: [{ action: 'reject', rows: [1, 99999] }] } }), (e) => e.code === 'bad_labels');
});
