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

test('native and WebAssembly give identical numbers for a seed', async (t) => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { execFileSync } = await import('node:child_process');
  const driver = path.resolve('build/native/ml_oracle_driver');
  if (!fs.existsSync(driver)) {
    t.skip('build/native/ml_oracle_driver is missing (scripts/build native)');
    return;
  }
  // A deterministic matrix: 3 blobs in 3-D from a small LCG.
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = [];
  for (let i = 0; i < 3000; i++) rows.push([0, 1, 2].map((j) => rnd() + (i % 3 === j ? 2 : 0)));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-ml-')), 'm.csv');
  fs.writeFileSync(file, 'a,b,c\n' + rows.map((r) => r.join(',')).join('\n') + '\n');
  const native = (method, ...kv) => JSON.parse(execFileSync(driver,
    [method, file, 'scale=none', ...kv], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const m = withMatrix(rows);

  const nk = native('kmeans', 'k=4', 'n_init=3', 'seed=7', 'sample=10');
  const wk = run(m, 'kmeans', { k: 4, nInit: 3, seed: 7 });
  assert.deepEqual(Array.from(m.rowResult()), nk.labels);
  assert.deepEqual(wk.value.centers_scaled, nk.centers_scaled);
  assert.deepEqual(wk.value.init_inertia, nk.init_inertia);

  const nf = native('iforest', 'seed=3');
  run(m, 'iforest', { seed: 3 });
  assert.deepEqual(Array.from(m.rowResult()), nf.scores, 'Isolation Forest scores, bit for bit');

  const nd = native('dbscan', 'eps=0.15', 'min_samples=8');
  run(m, 'dbscan', { eps: 0.15, minSamples: 8 });
  assert.deepEqual(Array.from(m.rowResult()), nd.labels);
  m.delete();
});
