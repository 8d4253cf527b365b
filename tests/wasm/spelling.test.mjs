// Spelling clusters through the WebAssembly engine, checked against an independent oracle: the
// JDK (java.text.Normalizer, java.util.regex with Unicode classes, Guava) computing OpenRefine's
// fingerprint and n-gram fingerprint keys as OpenRefine's FingerprintKeyer defines them
// (tests/wasm/FingerprintOracle.java). Also: merging a group with its replace step, and the
// dropped-rows CSV.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { mergeStep } from '../../web/views/spelling.js';
import { nativeCli, root, run, tempDir } from './helpers.mjs';

const dir = tempDir();
const guava = '/usr/share/java/guava.jar';
const haveJava = fs.existsSync('/usr/bin/java') && fs.existsSync(guava);

/** Keys [fingerprint, ngram] per value, computed by the JDK oracle. */
function oracleKeys(values, n = 2) {
  const r = run('java', ['-cp', guava, path.join(root, 'tests/wasm/FingerprintOracle.java'), String(n)], {
    input: values.map((v) => `${v}\0`).join(''),
  });
  assert.equal(r.status, 0, r.stderr.toString());
  const lines = r.stdout.toString('utf8').split('\0');
  lines.pop();
  assert.equal(lines.length, values.length);
  return lines.map((l) => l.split('\t'));
}

async function loadCsv(text) {
  const engine = await loadEngineNode();
  const bytes = new TextEncoder().encode(text);
  engine.beginLoad({});
  engine.feed(bytes);
  engine.finishLoad();
  engine.profile();
  return engine;
}

/** The oracle's groups: key → {values (first-seen order), counts}. Only keys of ≥ 2 values. */
function oracleGroups(values, keys) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const distinct = [...counts.keys()];
  const keyOf = new Map(distinct.map((v, i) => [v, keys[i]]));
  const groups = new Map();
  for (const v of distinct) {
    const k = keyOf.get(v);
    if (k === '') continue;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(v);
  }
  const out = new Map();
  for (const [k, vs] of groups) if (vs.length >= 2) out.set(k, { values: vs, counts: vs.map((v) => counts.get(v)) });
  return { out, distinct };
}

/**
 * Checks the engine's fingerprint and n-gram groups of column `c` against the oracle's keys of
 * the same values. `skipNgram(value)`: values the n-gram check leaves out (see the README: Java
 * takes n-grams of UTF-16 units, the engine of code points).
 */
function checkAgainstOracle(engine, rows, c, column, skipNgram = () => false) {
  const values = rows.filter((r) => !r.missing[c]).map((r) => r.values[c]);
  const keys = oracleKeys([...new Set(values)]);
  let groups = 0;
  for (const method of ['fingerprint', 'ngram']) {
    const kept = method === 'ngram' ? values.filter((v) => !skipNgram(v)) : values;
    const keyOf = new Map([...new Set(values)].map((v, i) => [v, keys[i][method === 'ngram' ? 1 : 0]]));
    const want = oracleGroups(kept, [...new Set(kept)].map((v) => keyOf.get(v))).out;
    const got = engine.spellingClusters(column, method);
    assert.equal(got.distinct, new Set(values).size, `${column} distinct`);
    const clusters = got.clusters.filter((g) => !g.spellings.some((s) => method === 'ngram' && skipNgram(s.value)));
    assert.equal(clusters.length, want.size, `${column} ${method}: group count`);
    for (const g of clusters) {
      const w = want.get(g.key);
      assert.ok(w, `${column} ${method}: the engine's key ${JSON.stringify(g.key)} is not the oracle's`);
      assert.deepEqual(new Set(g.spellings.map((s) => s.value)), new Set(w.values), `${column} ${method} ${g.key}`);
      for (const s of g.spellings) assert.equal(s.count, w.counts[w.values.indexOf(s.value)]);
      assert.equal(g.target, g.spellings[0].value);
      assert.equal(g.rows, g.spellings.reduce((a, s) => a + s.count, 0));
    }
    for (let i = 1; i < got.clusters.length; i++) assert.ok(got.clusters[i - 1].rows >= got.clusters[i].rows);
    groups += got.groups;
  }
  return groups;
}

/** Every row: {values, missing (per column, the engine's own flags)}. */
function allRows(engine) {
  engine.setView({});
  const w = engine.viewWindow(0, 1 << 30);
  return w.rows.map((values, i) => ({ values, missing: w.flags[i].map((f) => (f & 1) !== 0) }));
}

test('fingerprint and n-gram groups of generated customers match the JDK oracle', { skip: !haveJava && 'java or guava missing' }, async () => {
  const csv = path.join(dir, 'gen.csv');
  const g = run(nativeCli, ['generate', '--rows', '10000', '--seed', '5', '--out', csv]);
  assert.equal(g.status, 0, g.stderr.toString());
  const text = fs.readFileSync(csv, 'utf8');
  const names = text.slice(0, text.indexOf('\n')).split(',');
  const engine = await loadCsv(text);
  const rows = allRows(engine);
  let groups = 0;
  for (const column of ['first_name', 'last_name', 'company', 'street', 'city']) {
    groups += checkAgainstOracle(engine, rows, names.indexOf(column), column);
  }
  assert.ok(groups > 300, `only ${groups} groups`);
  engine.dispose();
});

test('Unicode spellings: keys match the JDK oracle', { skip: !haveJava && 'java or guava missing' }, async () => {
  const base = ['Café de Paris', 'Ærøskøbing', 'Łódź', 'Đorđe Balašević', 'straße', 'İstanbul',
    'ΟΔΥΣΣΕΥΣ', 'Œuvre', 'ﬁnance', 'Ⅻ Century', 'ｆｕｌｌ ｗｉｄｔｈ', 'naïve café', 'Þór', 'São Paulo',
    'Zürich', '東京 都', 'Ｍüller-Lüdenscheidt', '$5 + 3', "O'Brien", 'Mc Donald', 'a\u00A0b', 'x\u200By',
    'e\u0301mile', 'ǅemal', 'ʻOkina', 'ŉ', '¨a b', '- a', '😀 smile', 'smile 😀', 'ǈubljana'];
  const variants = base.flatMap((v) => [v, v.toUpperCase(), ` ${v.toLowerCase()}.`, v.split(' ').reverse().join(', ')]);
  const text = `v\n${variants.map((v) => `"${v.replaceAll('"', '""')}"`).join('\n')}\n`;
  const engine = await loadCsv(text);
  const astral = (v) => /[\u{10000}-\u{10FFFF}]/u.test(v);
  assert.ok(checkAgainstOracle(engine, allRows(engine), 0, 'v', astral) > 20);
  engine.dispose();
});

test('merging a group with its step: the group is gone, the rows are counted', async () => {
  const engine = await loadCsv('city,n\nParis,1\nparis,2\n PARIS ,3\nLyon,4\nParis,5\nlyon,6\n');
  const r = engine.spellingClusters('city', 'fingerprint');
  assert.equal(r.groups, 2);
  assert.deepEqual(r.clusters[0].step, { op: 'replace', column: 'city', map: { paris: 'Paris', ' PARIS ': 'Paris' } });
  const step = mergeStep('city', r.clusters[0].spellings.map((s) => s.value), r.clusters[0].target);
  assert.deepEqual(step, r.clusters[0].step);
  assert.equal(mergeStep('city', ['Paris'], 'Paris'), null);
  const applied = engine.applyStep(step);
  assert.equal(applied.step.changed, 2);
  const after = engine.spellingClusters('city', 'fingerprint');
  assert.equal(after.groups, 1);
  assert.equal(after.clusters[0].key, 'lyon');
  assert.equal(engine.spellingClusters('city', 'metaphone').method, 'metaphone');
  assert.throws(() => engine.spellingClusters('town'), (e) => e.code === 'missing_column' && /city, n/.test(e.message));
  assert.throws(() => engine.spellingClusters('city', 'soundex'), (e) => e.code === 'bad_options');
  engine.dispose();
});

test('droppedRowsCsv lists the dropped rows with their row numbers as loaded', async () => {
  const engine = await loadCsv('name,email\nann,\nbob,b@x.com\n"c, d",\n,e@x.com\nÉmile,f@x.com\n');
  assert.equal(engine.droppedRowsCsv(), 'row,name,email\r\n');
  engine.applyStep({ op: 'case', column: 'name', mode: 'upper' });
  engine.applyStep({ op: 'drop_rows', column: 'email', rule: { check: 'not_null' } });
  assert.equal(engine.droppedRowsCsv(), 'row,name,email\r\n0,ann,\r\n2,"c, d",\r\n');
  engine.applyStep({ op: 'drop_rows', column: 'name', rule: { check: 'not_null' } });
  // Row 3 of the file is row 1 of the step's input: listed by its row as loaded, values as loaded.
  assert.equal(engine.droppedRowsCsv(), 'row,name,email\r\n0,ann,\r\n2,"c, d",\r\n3,,e@x.com\r\n');
  engine.undo();
  assert.equal(engine.droppedRowsCsv(), 'row,name,email\r\n0,ann,\r\n2,"c, d",\r\n');
  engine.dispose();
});
