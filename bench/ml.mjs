// Analysis benchmark: crmwb's WebAssembly build (single-threaded, under Node) against
// scikit-learn (native, all cores) on the same matrices, written by bench/ml_sklearn.py.
//   k-means++ k = 5 on 1,000,000 × 5 standardized points (1 and 3 initializations): time and
//   inertia; PCA 1,000,000 × 10; DBSCAN 100,000 2-D points (eps 0.15, min_samples 10);
//   Isolation Forest 100 trees × 256 samples fitted and scoring 1,000,000 rows.
// Usage: node bench/ml.mjs [--rows N] [--out JSON]   (needs scripts/build wasm, python3-sklearn)
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, parseArgs, now, since } from './common.mjs';
import { loadModuleNode } from '../web/engine-node.js';

const args = parseArgs(process.argv.slice(2), {
  rows: '1000000',
  out: path.join(ROOT, 'build', 'bench', 'ml.json'),
});
const dir = path.join(ROOT, 'build', 'bench', 'ml');
fs.mkdirSync(dir, { recursive: true });
console.error('ml bench: generating data and timing scikit-learn ...');
const sk = JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'bench', 'ml_sklearn.py'),
  dir, '--rows', args.rows], { encoding: 'utf8', maxBuffer: 1 << 26 }));

const M = await loadModuleNode();
const m = new M.MlMatrix();

function stage(file, cols) {
  const buf = fs.readFileSync(path.join(dir, file));
  const data = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  const rows = data.length / cols;
  const ptr = Number(m.stage(rows, cols));
  M.HEAPF64.set(data, ptr / 8); // read HEAPF64 after stage(): memory may have grown
  return rows;
}
function run(method, options = {}) {
  const t = now();
  const r = JSON.parse(m.run(method, JSON.stringify(options)));
  const seconds = since(t);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return { seconds, value: r.value };
}

// Warm-up on a small matrix, so V8 has tiered the hot functions up before the timed runs.
{
  const ptr = Number(m.stage(20000, 5));
  const view = M.HEAPF64.subarray(ptr / 8, ptr / 8 + 100000);
  for (let i = 0; i < view.length; i++) view[i] = Math.sin(i * 12.9898) * 43758.5453 % 1;
  run('kmeans', { k: 5, nInit: 2 });
  run('iforest', { trees: 20 });
  run('pca');
  run('dbscan', { eps: 0.2, minSamples: 10 });
}

const out = { rows: Number(args.rows), sklearn: sk, wasm: {} };
stage('kmeans.f64', 5);
for (const nInit of [1, 3]) {
  const r = run('kmeans', { k: 5, nInit, seed: 0 });
  out.wasm[`kmeans_n_init_${nInit}`] = { seconds: r.seconds, inertia: r.value.inertia,
    iterations: r.value.iterations };
}
const r1 = run('iforest', { trees: 100, maxSamples: 256, seed: 0 });
out.wasm.iforest = { seconds: r1.seconds };
stage('pca.f64', 10);
const rp = run('pca');
out.wasm.pca = { seconds: rp.seconds, explained_variance_ratio: rp.value.explained_variance_ratio };
stage('dbscan.f64', 2);
const rd = run('dbscan', { eps: 0.15, minSamples: 10 });
out.wasm.dbscan = { seconds: rd.seconds, clusters: rd.value.clusters, noise: rd.value.noise };

const f = (x) => x.toFixed(3);
const lines = [];
for (const n of [1, 3]) {
  const w = out.wasm[`kmeans_n_init_${n}`], s = sk[`kmeans_n_init_${n}`];
  lines.push(`k-means k=5 n_init=${n}: wasm ${f(w.seconds)} s (inertia ${w.inertia.toFixed(1)}, ` +
    `${w.iterations} it) vs sklearn ${f(s.seconds)} s (inertia ${s.inertia.toFixed(1)}, ` +
    `${s.iterations} it): speed ${f(s.seconds / w.seconds)}x, inertia ratio ` +
    `${(w.inertia / s.inertia).toFixed(5)}`);
}
lines.push(`PCA ${args.rows} x 10: wasm ${f(out.wasm.pca.seconds)} s vs sklearn ${f(sk.pca.seconds)} s` +
  ` (target < 0.5 s)`);
lines.push(`DBSCAN 100,000 x 2: wasm ${f(out.wasm.dbscan.seconds)} s (${out.wasm.dbscan.clusters} ` +
  `clusters, ${out.wasm.dbscan.noise} noise) vs sklearn ${f(sk.dbscan.seconds)} s ` +
  `(${sk.dbscan.clusters}, ${sk.dbscan.noise}) (target < 2 s)`);
lines.push(`Isolation Forest 100 trees, fit + score ${args.rows}: wasm ${f(out.wasm.iforest.seconds)} s ` +
  `vs sklearn fit ${f(sk.iforest.fit_seconds)} s + score ${f(sk.iforest.score_seconds)} s (target < 5 s)`);
console.log(lines.join('\n'));
fs.mkdirSync(path.dirname(args.out), { recursive: true });
fs.writeFileSync(args.out, JSON.stringify(out, null, 2));
