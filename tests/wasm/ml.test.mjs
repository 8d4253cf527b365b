// The analysis binding (MlMatrix) of the WebAssembly build: same results as the native core's
// unit tests on small known cases, and errors as envelopes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadModuleNode } from '../../web/engine-node.js';

const M = await loadModuleNode();

function withMatrix(rows) {
  const m = new M.MlMatrix();
  const ptr = Number(m.stage(rows.length, rows[0].length));
  M.HEAPF64.set(rows.flat(), ptr / 8);
  return m;
}
const run = (m, method, o = {}) => JSON.parse(m.run(method, JSON.stringify(o)));

const pts = [[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]];

test('k-means separates two groups with the known inertia', () => {
  const m = withMatrix(pts);
  const r = run(m, 'kmeans', { k: 2, nInit: 3 });
  assert.equal(r.ok, true);
  assert.ok(Math.abs(r.value.inertia - 8 / 3) < 1e-10);
  const labels = Array.from(m.rowResult());
  assert.equal(labels[0], labels[1]);
  assert.notEqual(labels[0], labels[3]);
  const s = run(m, 'silhouette', {});
  assert.ok(s.value.silhouette > 0.8);
  m.delete();
});

test('DBSCAN labels clusters in row order and noise -1', () => {
  const m = withMatrix([[0, 0], [0, 0.5], [0.5, 0], [5, 5], [5, 5.5], [5.5, 5], [20, 20]]);
  const r = run(m, 'dbscan', { eps: 1, minSamples: 3 });
  assert.equal(r.value.clusters, 2);
  assert.deepEqual(Array.from(m.rowResult()), [0, 0, 0, 1, 1, 1, -1]);
  m.delete();
});

test('PCA and Isolation Forest return per-row results', () => {
  const m = withMatrix(pts);
  const p = run(m, 'pca');
  assert.ok(Math.abs(p.value.explained_variance_ratio.reduce((a, b) => a + b) - 1) < 1e-9);
  assert.equal(m.rowResult().length, 12);
  const f = run(m, 'iforest', { trees: 10 });
  assert.equal(f.value.max_samples, 6);
  const scores = Array.from(m.rowResult());
  assert.ok(scores.every((v) => v > 0 && v <= 1));
  m.delete();
});

test('bad input comes back as an error envelope', () => {
  const m = withMatrix(pts);
  const r = run(m, 'kmeans', { k: 7 });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'bad_k');
  assert.equal(run(m, 'dbscan', { eps: 0 }).error.code, 'bad_eps');
  assert.equal(run(m, 'nope').error.code, 'bad_method');
  m.delete();
});
