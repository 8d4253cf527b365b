// Engine.analyze (the Segments view's analyses of the current version): results as columns of a
// new version (undo removes them, a re-run replaces its own columns, a name the file has gets _2), the PCA points for the scatter, group-by
// and correlations equal to pandas / scipy, and bad input as clear Errors.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { tempDir } from './helpers.mjs';

const enc = new TextEncoder();

/** A deterministic customer table: three groups of spend / visits, a segment and a few gaps. */
function table(n = 600) {
  let s = 99;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['id,spend,visits,tenure,segment,city'];
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    const spend = (50 + g * 400 + rnd() * 100).toFixed(2);
    const visits = String(Math.round(2 + g * 10 + rnd() * 4));
    const tenure = i % 17 === 0 ? '' : (rnd() * 10).toFixed(1);
    lines.push(`C${i},${spend},${visits},${tenure},${['gold', 'silver', 'bronze'][g]},${['Berlin', 'Paris'][i % 2]}`);
  }
  return `${lines.join('\n')}\n`;
}

async function loaded(text = table()) {
  const e = await loadEngineNode();
  e.beginLoad({});
  e.feed(enc.encode(text));
  e.finishLoad();
  e.profile();
  return e;
}

const cols = ['spend', 'visits', 'tenure'];

test('k-means adds a cluster column as a version; again replaces it; undo removes it', async () => {
  const e = await loaded();
  const r = e.analyze('kmeans', { columns: cols, k: 3, apply: true });
  assert.deepEqual(r.added, ['cluster']);
  assert.equal(r.step.step.op, 'segment_kmeans');
  assert.equal(r.clusters.length, 3);
  assert.equal(r.clusters.reduce((a, c) => a + c.size, 0), 600);
  assert.equal(r.features.columns.find((c) => c.name === 'tenure').imputed, 36, 'missing tenure filled (median)');
  const names = r.profile.columns.map((c) => c.name);
  assert.equal(names.at(-1), 'cluster');
  // Each generated group is one cluster.
  const rows = e.window(0, 600);
  const byGroup = new Map();
  for (const row of rows) {
    const set = byGroup.get(row[4]) ?? new Set();
    set.add(row.at(-1));
    byGroup.set(row[4], set);
  }
  for (const set of byGroup.values()) assert.equal(set.size, 1);

  assert.deepEqual(r.replaced, []);
  const again = e.analyze('kmeans', { columns: cols, k: 2, apply: true });
  assert.deepEqual(again.added, ['cluster'], 'a re-run replaces the column it added');
  assert.deepEqual(again.replaced, ['cluster']);
  assert.deepEqual(again.profile.columns.map((c) => c.name), [...names]);
  assert.equal(new Set(e.window(0, 600).map((row) => row.at(-1))).size, 2, 'the grid sees the k = 2 result');
  e.undo();
  const back = e.undo();
  assert.deepEqual(back.profile.columns.map((c) => c.name), ['id', 'spend', 'visits', 'tenure', 'segment', 'city']);
  e.dispose();
});

test('k chooser, PCA points colored by a column, anomalies and the tree', async () => {
  const e = await loaded();
  const ck = e.analyze('choose_k', { columns: ['spend', 'visits'] });
  assert.equal(ck.choice.suggested_k, 3);
  assert.equal(ck.choice.scores.length, 9);

  assert.equal(e.points(), null, 'no points before a pca');
  const p = e.analyze('pca', { columns: cols, colorColumn: 'segment', apply: true });
  assert.deepEqual(p.added, ['pc1', 'pc2']);
  assert.deepEqual(p.points.categories, ['gold', 'silver', 'bronze']);
  const pts = e.points();
  assert.equal(pts.xy.length, 1200);
  assert.equal(pts.rows.length, 600);
  assert.deepEqual(Array.from(pts.codes.slice(0, 4)), [0, 1, 2, 0]);
  // The points are the pc1/pc2 columns (10 significant digits) as floats.
  const row0 = e.window(0, 1)[0];
  assert.ok(Math.abs(pts.xy[0] - Number(row0.at(-2))) < 1e-5);

  const a = e.analyze('anomaly', { columns: cols, top: 5, apply: true });
  assert.equal(a.top.length, 5);
  assert.deepEqual(a.added, ['anomaly_score']);

  const d = e.analyze('dbscan', { columns: ['spend', 'visits'], minSamples: 5, apply: true });
  assert.ok(d.eps_suggestion.eps > 0, 'eps suggested from the k-distance curve');
  assert.ok(d.dbscan.clusters >= 1);
  assert.equal(d.dbscan.sizes.reduce((a, b) => a + b, 0) + d.dbscan.noise, 600, 'every row is in a cluster or noise');
  assert.deepEqual(d.added, ['cluster']);

  const lof = e.analyze('anomaly', { columns: cols, top: 5, detector: 'lof', neighbors: 10, apply: true });
  assert.equal(lof.detector, 'lof');
  assert.equal(lof.neighbors, 10);
  assert.deepEqual(lof.added, ['lof_score']);

  const stages = new Set();
  e.analyze('pca', { columns: cols }, (done, total, stage) => { stages.add(stage); });
  e.analyze('groupby', { by: ['segment'], value: 'spend' }, (done, total, stage) => { stages.add(stage); });
  const t = e.analyze('tree', { columns: ['visits', 'tenure'], label: 'spend', topShare: 0.2, maxDepth: 2, apply: true },
    (done, total, stage) => { stages.add(stage); });
  assert.deepEqual([...stages].sort(), ['groupby', 'pca', 'tree'], 'PCA, group-by and the tree report progress');
  assert.deepEqual(t.added, ['predicted_top_20_of_spend']);
  assert.equal(t.label, 'top 20% of spend');
  assert.ok(t.tree.test_accuracy >= t.tree.baseline_accuracy);
  assert.ok(t.tree.nodes.length >= 3);
  e.dispose();
});

test('group-by and correlations equal pandas', { skip: !fs.existsSync('/usr/bin/python3') && 'no python3' }, async () => {
  const text = table();
  const file = path.join(tempDir(), 't.csv');
  fs.writeFileSync(file, text);
  const py = `
import json, sys, pandas as pd
df = pd.read_csv(sys.argv[1], dtype={'id': str})
g = df.groupby('segment')['spend']
out = {'groups': [{'key': k, 'count': int(len(v)), 'sum': float(v.sum()), 'mean': float(v.mean()), 'median': float(v.median())} for k, v in g],
       'pearson': df[['spend', 'visits', 'tenure']].corr(method='pearson').values.tolist(),
       'spearman': df[['spend', 'visits', 'tenure']].corr(method='spearman').values.tolist()}
print(json.dumps(out))`;
  const oracle = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file]).toString());
  const e = await loaded(text);
  const g = e.analyze('groupby', { by: ['segment'], value: 'spend' });
  assert.deepEqual(g.groups.map((x) => x.keys[0]), oracle.groups.map((x) => x.key));
  g.groups.forEach((x, i) => {
    const o = oracle.groups[i];
    assert.equal(x.count, o.count);
    for (const k of ['sum', 'mean', 'median']) assert.ok(Math.abs(x[k] - o[k]) <= 1e-9 * Math.max(1, Math.abs(o[k])), `${k}: ${x[k]} vs ${o[k]}`);
  });
  const c = e.analyze('correlations', { columns: cols });
  for (const m of ['pearson', 'spearman']) {
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(c[m][i][j] - oracle[m][i][j]) < 1e-9, `${m}[${i}][${j}]`);
  }
  e.dispose();
});

test('bad input: clear Errors, nothing changes', async () => {
  const e = await loaded();
  const err = (method, o) => {
    try {
      e.analyze(method, o);
    } catch (x) {
      return x;
    }
    assert.fail(`${method} ${JSON.stringify(o)} did not throw`);
  };
  assert.equal(err('kmeans', { columns: ['nope'], apply: true }).code, 'unknown_column');
  const none = err('kmeans', { columns: ['segment', 'city'], apply: true });
  assert.match(none.message, /segment/);
  assert.equal(err('kmeans', { columns: cols, k: 1000 }).code, 'bad_k');
  assert.equal(err('kmeans', { columns: cols, scale: 'log' }).code, 'bad_options');
  assert.equal(err('nope', {}).code, 'bad_method');
  assert.equal(e.history().length, 0, 'no version was added');
  // Cancel from the progress callback.
  assert.throws(() => e.analyze('choose_k', { columns: cols }, () => true), (x) => x.code === 'cancelled');
  e.dispose();
});
