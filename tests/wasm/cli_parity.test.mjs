// scripts/crmwb-wasm (the WebAssembly build under Node) must print byte-identical output, write
// byte-identical files and exit with the same status as the native crmwb, on every command.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dataDir, nativeCli, root, run, tempDir, wasmCli } from './helpers.mjs';

const dir = tempDir();
const febrl = path.join(root, '../shared/datasets/febrl/dataset1.csv');

// Inputs: the repository's test files plus files made here.
const png = path.join(dir, 'picture.csv');
fs.writeFileSync(png, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3000)]));
const empty = path.join(dir, 'empty.csv');
fs.writeFileSync(empty, '');
const inputs = fs
  .readdirSync(dataDir)
  .filter((f) => /\.(csv|tsv|txt)$/.test(f))
  .map((f) => path.join(dataDir, f));
assert.ok(inputs.length >= 4, 'tests/data should hold several CSV files');

/** Runs the same command natively and in wasm; compares status, stdout, stderr, out files. */
function same(args, outFiles = []) {
  const runOne = (cli, tag) => {
    const mapped = args.map((a) => a.replaceAll('{out}', path.join(dir, tag)));
    const r = run(cli, mapped, { cwd: root });
    const files = outFiles.map((f) => {
      const p = path.join(dir, tag + f);
      return fs.existsSync(p) ? fs.readFileSync(p) : null;
    });
    return { ...r, files };
  };
  const n = runOne(nativeCli, 'native');
  const w = runOne(wasmCli, 'wasm');
  const label = args.join(' ');
  assert.equal(w.status, n.status, `exit status of: ${label}\n${w.stderr}`);
  assert.equal(w.stderr.toString(), n.stderr.toString(), `stderr of: ${label}`);
  assert.ok(w.stdout.equals(n.stdout), `stdout differs for: ${label}`);
  outFiles.forEach((f, i) => {
    assert.ok(n.files[i] !== null, `${f} not written natively`);
    assert.ok(w.files[i] !== null && w.files[i].equals(n.files[i]), `${f} differs for: ${label}`);
  });
  return n;
}

for (const file of inputs) {
  const name = path.basename(file);
  test(`profile --json ${name}`, () => {
    const r = same(['profile', file, '--json', '--reference-date', '2026-06-30']);
    assert.equal(r.status, 0, r.stderr.toString());
  });
  test(`profile (text) ${name}`, () => same(['profile', file, '--reference-date', '2026-06-30']));
  test(`convert ${name} to csv, json, jsonl`, () => {
    same(['convert', file, '--out', '{out}.csv'], ['.csv']);
    same(['convert', file, '--out', '{out}.json'], ['.json']);
    same(['convert', file, '--out', '{out}.jsonl'], ['.jsonl']);
  });
}

test('FEBRL dataset1 profile', { skip: !fs.existsSync(febrl) && 'shared datasets absent' }, () => {
  same(['profile', febrl, '--json', '--reference-date', '2026-06-30']);
});

test('generate writes identical data and truth', () => {
  same(['generate', '--rows', '3000', '--seed', '11', '--dup-rate', '0.2', '--out', '{out}.gen.csv',
    '--truth', '{out}.truth.csv'], ['.gen.csv', '.truth.csv']);
});

test('bad input: empty file, binary file, missing file', () => {
  for (const f of [empty, png, path.join(dir, 'does-not-exist.csv')]) {
    const r = same(['profile', f]);
    assert.equal(r.status, 1);
    assert.match(r.stderr.toString(), new RegExp(`^crmwb: ${f.replaceAll('/', '\\/')}: `));
  }
});

test('bad usage exits 2 with the usage text', () => {
  for (const args of [[], ['frobnicate'], ['profile'], ['profile', 'x', '--header', 'maybe'],
    ['generate', '--rows', 'ten', '--seed', '1', '--out', 'x'], ['convert', 'a.csv', '--out', 'b.xml']]) {
    const r = same(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr.toString(), /usage:/);
  }
});

test('validate: reports, exit codes and rule errors match', () => {
  const contacts = path.join(dataDir, 'contacts_mixed.csv');
  const write = (name, rules) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, typeof rules === 'string' ? rules : JSON.stringify({ crmwb_rules: 1, rules }));
    return p;
  };
  const all = write('all.json', [
    { check: 'not_null', column: 'email' },
    { check: 'unique', columns: ['full_name', 'email'] },
    { check: 'type', column: 'email', type: 'email', mostly: 0.5 },
    { check: 'regex', column: 'phone', pattern: '^(\\d+)+$', severity: 'warning' },
    { check: 'between', column: 'lifetime_value', min: 0, max: 1000 },
    { check: 'between', column: 'birth_date', min: '1950-01-01', max: '2010-12-31' },
    { check: 'in_set', column: 'country', values: ['US', 'DE'], ignore_case: true },
    { check: 'length', column: 'full_name', min: 3, max: 40 },
    { check: 'not_future', column: 'birth_date' },
    { check: 'compare', columns: ['birth_date', 'last_updated'], operator: '<' },
    { check: 'in_column', column: 'contact_id', other_column: 'id' },
  ]);
  const ids = path.join(dir, 'ids.csv');
  fs.writeFileSync(ids, 'id\n1\n2\n3\n');
  const pass = write('pass.json', [{ check: 'type', column: 'contact_id', type: 'integer' }]);
  for (const json of [[], ['--json']]) {
    const r = same(['validate', contacts, '--rules', all, '--other', ids, '--reference-date', '2026-06-30', ...json]);
    assert.equal(r.status, 3, r.stderr.toString());
  }
  assert.equal(same(['validate', contacts, '--rules', pass, '--json']).status, 0);
  const bad = [
    write('syntax.json', '{"crmwb_rules": 1,\n "rules": [}'),
    write('unknown.json', [{ check: 'not_nul', column: 'email' }]),
    write('param.json', [{ check: 'between', column: 'lifetime_value', min: 9, max: 1 }]),
    write('column.json', [{ check: 'not_null', column: 'emial' }]),
    write('pattern.json', [{ check: 'regex', column: 'email', pattern: '(?=a)' }]),
  ];
  for (const rules of bad) {
    const r = same(['validate', contacts, '--rules', rules]);
    assert.equal(r.status, 1, rules);
    assert.match(r.stderr.toString(), /^crmwb: .*\.json: .*\n$/);
  }
  // Suggested rules, as a rules file and as text.
  for (const json of [[], ['--json']]) assert.equal(same(['suggest', contacts, '--rules', ...json]).status, 0);
  const noOther = same(['validate', contacts, '--rules', all]);
  assert.equal(noOther.status, 2);
  assert.match(noOther.stderr.toString(), /pass --other FILE/);
});

// Cleaning: the suggested recipe of each test file, applied with its change log; a broken recipe.
for (const file of inputs) {
  const name = path.basename(file);
  test(`suggest and clean ${name}`, () => {
    const s = same(['suggest', file, '--json']);
    same(['suggest', file]);
    if (s.status !== 0) return;
    const recipe = path.join(dir, `${name}.recipe.json`);
    fs.writeFileSync(recipe, s.stdout);
    for (const ext of ['.csv', '.json', '.jsonl']) {
      same(['clean', file, '--recipe', recipe, '--out', `{out}.clean${ext}`, '--changes',
        '{out}.changes.csv', '--reference-date', '2026-06-30'], [`.clean${ext}`, '.changes.csv']);
    }
  });
}

test('clean: every op on one file, and a broken recipe', () => {
  const recipe = path.join(dir, 'all.recipe.json');
  fs.writeFileSync(recipe, JSON.stringify({
    crmwb_recipe: 1,
    steps: [
      { op: 'clean_text', columns: ['full_name', 'email'] },
      { op: 'case', column: 'full_name', mode: 'name' },
      { op: 'email', column: 'email' },
      { op: 'phone', column: 'phone', region: 'US', format: 'international' },
      { op: 'country', column: 'country', output: 'alpha3' },
      { op: 'date', column: 'birth_date' },
      { op: 'number', column: 'lifetime_value' },
      { op: 'boolean', column: 'opted_in' },
      { op: 'fill_missing', column: 'lifetime_value', strategy: 'median' },
      { op: 'zscore', column: 'lifetime_value' },
      { op: 'age', column: 'birth_date' },
      { op: 'split_name', column: 'full_name' },
      { op: 'drop_rows', column: 'email', rule: { check: 'not_null' } },
      { op: 'edit_cell', column: 'contact_id', row: 1, value: 'B-2' },
      { op: 'rename', column: 'contact_id', to: 'id' },
      { op: 'drop_column', column: 'last_updated' },
    ],
  }));
  const input = path.join(dataDir, 'contacts_mixed.csv');
  const r = same(['clean', input, '--recipe', recipe, '--out', '{out}.all.csv', '--changes',
    '{out}.all.changes.csv', '--reference-date', '2026-06-30'], ['.all.csv', '.all.changes.csv']);
  assert.equal(r.status, 0, r.stderr.toString());
  const broken = path.join(dir, 'broken.recipe.json');
  fs.writeFileSync(broken, '{"crmwb_recipe": 1, "steps": [{"op": "trim", "column": "nme"}]}');
  const b = same(['clean', input, '--recipe', broken, '--out', '{out}.never.csv']);
  assert.equal(b.status, 1);
  assert.match(b.stderr.toString(), /recipe step 1 \(trim\): the file has no column "nme"/);
});

// Spelling clusters (suggest --clusters) and the dropped-rows file (clean --dropped).
test('suggest --clusters: every method, text and JSON, and its errors', () => {
  const gen = path.join(dir, 'clusters.gen.csv');
  assert.equal(run(nativeCli, ['generate', '--rows', '4000', '--seed', '9', '--out', gen]).status, 0);
  for (const column of ['last_name', 'city', 'company']) {
    for (const method of ['fingerprint', 'ngram', 'metaphone']) {
      for (const json of [[], ['--json']]) {
        const r = same(['suggest', gen, '--clusters', column, '--method', method, ...json]);
        assert.equal(r.status, 0, r.stderr.toString());
      }
    }
  }
  if (fs.existsSync(febrl)) same(['suggest', febrl, '--clusters', 'surname', '--method', 'metaphone']);
  assert.equal(same(['suggest', gen, '--clusters', 'town']).status, 1);
  assert.equal(same(['suggest', gen, '--clusters', 'city', '--method', 'soundex']).status, 2);
});

test('clean --dropped writes the same dropped rows', () => {
  const recipe = path.join(dir, 'drop.recipe.json');
  fs.writeFileSync(recipe, JSON.stringify({
    crmwb_recipe: 1,
    steps: [
      { op: 'case', column: 'full_name', mode: 'upper' },
      { op: 'drop_rows', column: 'email', rule: { check: 'not_null' } },
      { op: 'drop_rows', columns: ['full_name', 'phone'], rule: { check: 'not_null' } },
    ],
  }));
  const input = path.join(dataDir, 'contacts_mixed.csv');
  const r = same(['clean', input, '--recipe', recipe, '--out', '{out}.kept.csv', '--dropped',
    '{out}.dropped.csv'], ['.kept.csv', '.dropped.csv']);
  assert.equal(r.status, 0, r.stderr.toString());
  const dropped = fs.readFileSync(path.join(dir, 'native.dropped.csv'), 'utf8');
  assert.match(dropped, /^row,contact_id,/);
});

// Dedupe: clusters, records, the saved model and the summary, natively and in WebAssembly.
const febrlDir = path.join(root, '../shared/datasets/febrl');
const febrlData = fs.existsSync(febrlDir) ? febrlDir : '/work/shared/datasets/febrl';
test('dedupe: generated customers, FEBRL 1, FEBRL 4a with 4b, a saved model, bad input', () => {
  const gen = path.join(dir, 'dedupe_gen.csv');
  run(nativeCli, ['generate', '--rows', '3000', '--seed', '5', '--dup-rate', '0.2', '--out', gen]);
  const outs = ['.dd.csv', '.ddc.csv', '.ddm.json', '.ddl.csv'];
  const r = same(['dedupe', gen, '--out', '{out}.dd.csv', '--clusters', '{out}.ddc.csv',
    '--save-model', '{out}.ddm.json', '--lineage', '{out}.ddl.csv', '--json'], outs);
  assert.equal(r.status, 0, r.stderr.toString());
  same(['dedupe', gen, '--out', '{out}.dd.csv', '--threshold', '0.5'], ['.dd.csv']);
  const model = path.join(dir, 'native.ddm.json');
  same(['dedupe', gen, '--out', '{out}.dd2.csv', '--model', model, '--clusters', '{out}.dd2c.csv'],
    ['.dd2.csv', '.dd2c.csv']);
  if (fs.existsSync(path.join(febrlData, 'dataset1.csv'))) {
    same(['dedupe', path.join(febrlData, 'dataset1.csv'), '--out', '{out}.f1.csv', '--clusters',
      '{out}.f1c.csv', '--json'], ['.f1.csv', '.f1c.csv']);
    same(['dedupe', path.join(febrlData, 'dataset4a.csv'), '--link',
      path.join(febrlData, 'dataset4b.csv'), '--out', '{out}.f4.csv', '--clusters', '{out}.f4c.csv',
      '--lineage', '{out}.f4l.csv'],
    ['.f4.csv', '.f4c.csv', '.f4l.csv']);
  }
  const bad = path.join(dir, 'bad.model.json');
  fs.writeFileSync(bad, '{"crmwb_dedupe_model": 1, "columns": [{"column": "nme", "compare": "name"}], ' +
    '"blocking": [[{"column": "nme"}]]}');
  const b = same(['dedupe', gen, '--out', '{out}.never.csv', '--model', bad]);
  assert.equal(b.status, 1);
  assert.match(b.stderr.toString(), /has no column 'nme'/);
  // A sorted-neighbourhood rule added to an untrained model.
  const snModel = path.join(dir, 'sn.model.json');
  const sn = JSON.parse(fs.readFileSync(model, 'utf8'));
  sn.trained = false;
  delete sn.lambda;
  for (const c of sn.columns) delete c.levels;
  sn.blocking.push({ window: 20, parts: [{ column: 'last_name', key: 'phonetic' }, { column: 'first_name' }] });
  fs.writeFileSync(snModel, JSON.stringify(sn));
  assert.equal(same(['dedupe', gen, '--out', '{out}.sn.csv', '--model', snModel, '--clusters',
    '{out}.snc.csv', '--json'], ['.sn.csv', '.snc.csv']).status, 0);
  // Survivorship in a model naming a column the file lacks.
  const badRules = path.join(dir, 'bad_rules.model.json');
  const saved = JSON.parse(fs.readFileSync(model, 'utf8'));
  saved.survivorship = { default: 'most_complete', columns: [{ column: 'nickname', rule: 'longest' }] };
  fs.writeFileSync(badRules, JSON.stringify(saved));
  const br = same(['dedupe', gen, '--out', '{out}.never.csv', '--model', badRules]);
  assert.equal(br.status, 1);
  assert.match(br.stderr.toString(), /nickname/);
  const one = path.join(dir, 'one_row.csv');
  fs.writeFileSync(one, 'first_name,last_name,email\nAnn,Lee,ann@example.com\n');
  assert.equal(same(['dedupe', one, '--out', '{out}.one.csv', '--clusters', '{out}.onec.csv'],
    ['.one.csv', '.onec.csv']).status, 0);
  const budget = same(['dedupe', gen, '--out', '{out}.never.csv', '--pair-budget', '10']);
  assert.equal(budget.status, 1);
  assert.match(budget.stderr.toString(), /would compare .* pairs/);
});

// Review labels (the page's decisions file) refine m and the prior; bad labels are named.
test('dedupe --labels: refined model, summary and clusters; bad labels', () => {
  const gen = path.join(dir, 'dedupe_gen.csv');
  if (!fs.existsSync(gen)) run(nativeCli, ['generate', '--rows', '3000', '--seed', '5', '--dup-rate', '0.2', '--out', gen]);
  const labels = path.join(dir, 'dedupe.labels.json');
  fs.writeFileSync(labels, JSON.stringify({
    crmwb_dedupe_labels: 1,
    threshold: 0.99,
    decisions: [
      { action: 'accept', cluster: 3, rows: [3, 1500, 2999] },
      { action: 'reject', cluster: 10, rows: [10, 11, 12] },
      { action: 'split', cluster: 3, rows: [3, 1500, 2999], row: 2999 },
    ],
  }));
  const r = same(['dedupe', gen, '--out', '{out}.lab.csv', '--clusters', '{out}.labc.csv',
    '--save-model', '{out}.labm.json', '--labels', labels, '--json'], ['.lab.csv', '.labc.csv', '.labm.json']);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.deepEqual(JSON.parse(r.stdout.toString()).labels, { matches: 1, non_matches: 5 });
  const bad = path.join(dir, 'bad.labels.json');
  fs.writeFileSync(bad, '{"crmwb_dedupe_labels": 1, "decisions": [{"action": "accept", "rows": [1, 3000]}]}');
  const b = same(['dedupe', gen, '--out', '{out}.never.csv', '--labels', bad]);
  assert.equal(b.status, 1);
  assert.match(b.stderr.toString(), /another file/);
  const link = same(['dedupe', gen, '--out', '{out}.never.csv', '--labels', labels, '--link', gen]);
  assert.equal(link.status, 2);
});

// Segments: generated customers and orders, RFM in text and JSON, and bad input.
test('generate --orders writes identical customers and orders', () => {
  same(['generate', '--rows', '3000', '--seed', '4', '--out', '{out}.seg.csv', '--orders',
    '{out}.orders.csv'], ['.seg.csv', '.orders.csv']);
});

test('segment --method rfm: text, JSON, aggregates, reference date, bad input', () => {
  const customers = path.join(dir, 'native.seg.csv');
  const orders = path.join(dir, 'native.orders.csv');
  if (!fs.existsSync(orders)) {
    run(nativeCli, ['generate', '--rows', '3000', '--seed', '4', '--out', customers, '--orders',
      orders], { cwd: root });
  }
  const base = ['segment', customers, '--orders', orders, '--method', 'rfm'];
  assert.equal(same([...base, '--out', '{out}.rfm.csv'], ['.rfm.csv']).status, 0);
  same([...base, '--out', '{out}.rfm.jsonl', '--json', '--aggregates'], ['.rfm.jsonl']);
  same([...base, '--out', '{out}.rfm2.csv', '--reference-date', '2025-01-01', '--json'], ['.rfm2.csv']);
  const other = path.join(dir, 'other_orders.csv');
  fs.writeFileSync(other, 'client,when,value\nX1,2024-01-01,3\nX2,not a date,-1\n');
  const none = same(['segment', customers, '--orders', other, '--method', 'rfm', '--customer-key',
    'customer_id', '--order-key', 'client', '--order-date', 'when', '--amount', 'value', '--out',
    '{out}.none.csv']);
  assert.equal(none.status, 1);
  assert.match(none.stderr.toString(), /none of the 2 order rows could be counted/);
  const noCol = same([...base, '--amount', 'nope', '--out', '{out}.x.csv']);
  assert.equal(noCol.status, 1);
  assert.match(noCol.stderr.toString(), /no column 'nope'/);
  for (const args of [['segment', customers, '--method', 'rfm', '--out', 'x.csv'],
    [...base, '--method', 'kmeans', '--out', 'x.csv'], [...base, '--out', 'x.xml'],
    [...base, '--reference-date', '2025-02-30', '--out', 'x.csv']]) {
    assert.equal(same(args).status, 2, args.join(' '));
  }
});

test('segment kmeans, dbscan, pca, anomaly, tree and analyze: text, JSON, orders, bad input', () => {
  const customers = path.join(dir, 'native.seg.csv');
  const orders = path.join(dir, 'native.orders.csv');
  if (!fs.existsSync(orders)) {
    run(nativeCli, ['generate', '--rows', '3000', '--seed', '4', '--out', customers, '--orders',
      orders], { cwd: root });
  }
  const rfm = ['--orders', orders, '--reference-date', '2026-07-01'];
  const feats = ['--columns', 'recency_days,frequency,monetary', '--log', 'frequency,monetary'];
  const cases = [
    ['kmeans', [...rfm, ...feats]], // --k auto: the k chooser table
    ['kmeans', [...rfm, ...feats, '--k', '4', '--seed', '3', '--json']],
    ['kmeans', ['--columns', 'total_spend,order_count', '--k', '3', '--scale', 'minmax']],
    ['pca', [...rfm, ...feats, '--json']],
    ['pca', ['--columns', 'total_spend,order_count', '--impute', 'exclude']],
    ['dbscan', [...rfm, ...feats]], // eps auto
    ['dbscan', [...rfm, ...feats, '--eps', '0.3', '--min-samples', '8', '--json']],
    ['anomaly', [...rfm, ...feats, '--top', '10']],
    ['anomaly', ['--columns', 'total_spend,order_count', '--seed', '5', '--json']],
    ['anomaly', ['--columns', 'total_spend,order_count', '--detector', 'lof', '--neighbors', '15']],
    ['anomaly', ['--columns', 'total_spend,order_count', '--detector', 'lof', '--json']],
    ['tree', [...rfm, '--columns', 'recency_days,frequency,total_spend', '--target',
      'top20:monetary']],
    ['tree', [...rfm, '--columns', 'frequency,monetary', '--target', 'country', '--json',
      '--max-depth', '3', '--min-leaf', '10']],
  ];
  cases.forEach(([method, extra], i) => {
    const r = same(['segment', customers, '--method', method, ...extra, '--out',
      `{out}.ml${i}.csv`], [`.ml${i}.csv`]);
    assert.equal(r.status, 0, `${method} ${extra.join(' ')}\n${r.stderr}`);
  });
  const analyses = [
    ['groupby', ['--by', 'rfm_segment', '--value', 'monetary']],
    ['groupby', ['--by', 'rfm_segment,country', '--value', 'frequency', '--json']],
    ['correlation', ['--columns', 'recency_days,frequency,monetary,total_spend']],
    ['correlation', ['--columns', 'recency_days,frequency,monetary', '--json']],
    ['crosstab', ['--by', 'country,rfm_segment']],
    ['crosstab', ['--by', 'country,rfm_segment', '--json']],
    ['regression', ['--target', 'monetary', '--columns', 'frequency,recency_days']],
    ['regression', ['--target', 'monetary', '--columns', 'frequency,recency_days', '--json']],
  ];
  for (const [method, extra] of analyses) {
    const r = same(['analyze', customers, ...rfm, '--method', method, ...extra]);
    assert.equal(r.status, 0, `${method} ${extra.join(' ')}\n${r.stderr}`);
  }
  const bad = [
    [['segment', customers, '--method', 'kmeans', '--columns', 'nope', '--out', '{out}.b.csv'], 1],
    [['segment', customers, '--method', 'pca', '--columns', 'city,total_spend', '--out',
      '{out}.b.csv'], 1],
    [['segment', customers, '--method', 'kmeans', '--columns', 'total_spend', '--k', '5000',
      '--out', '{out}.b.csv'], 1],
    [['segment', customers, '--method', 'tree', '--columns', 'total_spend', '--out',
      '{out}.b.csv'], 2],
    [['segment', customers, '--method', 'dbscan', '--columns', 'total_spend', '--eps', '0',
      '--out', '{out}.b.csv'], 2],
    [['analyze', customers, '--method', 'crosstab', '--by', 'country'], 2],
    [['analyze', customers, '--method', 'correlation', '--columns', 'city,total_spend'], 1],
  ];
  for (const [args, status] of bad) assert.equal(same(args).status, status, args.join(' '));
});

test('plain projects: encrypt --no-passphrase, project info, decrypt (table and --original)', () => {
  const contacts = path.join(dataDir, 'contacts_mixed.csv');
  same(['encrypt', contacts, '--out', '{out}.crmwb', '--no-passphrase'], ['.crmwb']);
  const plain = path.join(dir, 'native.crmwb');
  for (const json of [[], ['--json']]) assert.equal(same(['project', 'info', plain, ...json]).status, 0);
  assert.equal(same(['decrypt', plain, '--out', '{out}.dec.csv'], ['.dec.csv']).status, 0);
  assert.equal(same(['decrypt', plain, '--out', '{out}.orig.csv', '--original'], ['.orig.csv']).status, 0);
  // Not a project, a cut one, usage errors.
  assert.equal(same(['project', 'info', contacts]).status, 1);
  const cut = path.join(dir, 'cut.crmwb');
  fs.writeFileSync(cut, fs.readFileSync(plain).subarray(0, 70));
  assert.equal(same(['decrypt', cut, '--out', '{out}.x.csv']).status, 1);
  assert.equal(same(['encrypt', contacts, '--out', '{out}.y.crmwb']).status, 2);
  assert.equal(same(['project', 'list']).status, 2);
  // Headers of encrypted projects (no cipher needed): version 1 and version 2 in segments.
  const v1 = path.join(dataDir, 'project_v1.crmwb');
  const v2 = path.join(dir, 'v2.crmwb');
  const pass = path.join(dataDir, 'project_v1.pass');
  assert.equal(run(nativeCli, ['encrypt', contacts, '--out', v2, '--passphrase-file', pass, '--iterations', '100000']).status, 0);
  for (const f of [v1, v2]) for (const json of [[], ['--json']]) assert.equal(same(['project', 'info', f, ...json]).status, 0);
});

// crmwb protect: personal data found (--detect), protected exports, bad configurations and keys.
test('protect: detect, every action, same pseudonyms, clear errors', () => {
  const gen = path.join(dir, 'protect-gen.csv');
  run(nativeCli, ['generate', '--rows', '2000', '--seed', '21', '--out', gen], { cwd: root });
  const key = path.join(dir, 'protect.key');
  fs.writeFileSync(key, `${'0123456789abcdef'.repeat(4)}\n`);
  const config = path.join(dir, 'protect.json');
  fs.writeFileSync(config, JSON.stringify({ crmwb_protect: 1, columns: {
    email: 'pseudonymize', phone: 'mask', first_name: 'pseudonymize', last_name: 'mask',
    street: 'mask', postal_code: { action: 'generalize', digits: 2 },
    signup_date: { action: 'generalize', as: 'birth_date', band: 5 }, company: 'drop',
    last_updated: 'year' } }));
  for (const f of [gen, path.join(dataDir, 'contacts_mixed.csv')]) {
    same(['protect', f, '--detect']);
    same(['protect', f, '--detect', '--json']);
  }
  const r = same(['protect', gen, '--config', config, '--key-file', key, '--out', '{out}.prot.csv'],
    ['.prot.csv']);
  assert.equal(r.status, 0, r.stderr.toString());
  same(['protect', gen, '--config', config, '--key-file', key, '--out', '{out}.prot2.csv', '--json'],
    ['.prot2.csv']);
  const mixed = path.join(dir, 'protect-mixed.json');
  fs.writeFileSync(mixed, JSON.stringify({ crmwb_protect: 1, columns: {
    email: 'mask', phone: 'pseudonymize', birth_date: 'year', full_name: 'mask',
    lifetime_value: 'drop' } }));
  same(['protect', path.join(dataDir, 'contacts_mixed.csv'), '--config', mixed, '--key-file', key,
    '--out', '{out}.mixed.csv'], ['.mixed.csv']);
  // A column marked "not personal" in the page, given an action all the same ("as": "none").
  const asNone = path.join(dir, 'protect-as-none.json');
  fs.writeFileSync(asNone, JSON.stringify({ crmwb_protect: 1, columns: {
    email: { action: 'mask', as: 'none' }, phone: { action: 'pseudonymize', as: 'none' },
    country: { action: 'generalize', as: 'none', digits: 1 } } }));
  const none = same(['protect', path.join(dataDir, 'contacts_mixed.csv'), '--config', asNone,
    '--key-file', key, '--out', '{out}.asnone.csv', '--json'], ['.asnone.csv']);
  assert.equal(none.status, 0, none.stderr.toString());
  assert.match(none.stdout.toString(), /"name":"email","action":"mask","kind":"none"/);
  // Errors: no key, a bad key, an unknown column, a bad action, usage.
  const noKey = same(['protect', gen, '--config', config, '--out', '{out}.nokey.csv']);
  assert.equal(noKey.status, 1);
  assert.match(noKey.stderr.toString(), /column 'email': pseudonymize needs the project key/);
  const badKey = path.join(dir, 'bad.key');
  fs.writeFileSync(badKey, 'short');
  assert.equal(same(['protect', gen, '--config', config, '--key-file', badKey, '--out',
    '{out}.badkey.csv']).status, 1);
  for (const [columns, want] of [[{ mail: 'mask' }, /names column 'mail'/],
    [{ email: 'hash' }, /column 'email': unknown action 'hash'/]]) {
    const c = path.join(dir, 'protect-bad.json');
    fs.writeFileSync(c, JSON.stringify({ crmwb_protect: 1, columns }));
    const b = same(['protect', gen, '--config', c, '--out', '{out}.bad.csv']);
    assert.equal(b.status, 1);
    assert.match(b.stderr.toString(), want);
  }
  assert.equal(same(['protect', gen, '--out', '{out}.x.csv']).status, 2);
});

// crmwb find: the person search, its rows, the erase recipe, clean with it, and usage errors.
test('find: search, rows, erase recipe, clear errors', () => {
  const gen = path.join(dir, 'find-gen.csv');
  run(nativeCli, ['generate', '--rows', '3000', '--seed', '8', '--dup-rate', '0.3', '--out', gen], { cwd: root });
  const q = ['--name', 'J. Smith', '--phone', '+1 415 555 0123'];
  const text = same(['find', gen, '--name', 'Mary Smith', '--limit', '5']);
  assert.equal(text.status, 0, text.stderr.toString());
  assert.match(text.stdout.toString(), /records? found in 3,000 rows/);
  same(['find', gen, ...q, '--json']);
  same(['find', gen, '--email', 'JOHN.SMITH@gmail.com', '--json', '--limit', '3']);
  const r = same(['find', gen, '--name', 'Smith, John', '--out', '{out}.rows.csv', '--erase-recipe',
    '{out}.erase.json', '--reason', 'ticket 1', '--min-weight', '5'], ['.rows.csv', '.erase.json']);
  assert.equal(r.status, 0, r.stderr.toString());
  same(['find', gen, '--value', 'city=Berlin', '--limit', '2', '--json']);
  assert.equal(same(['find', gen]).status, 2);
  assert.equal(same(['find', gen, '--email', 'a@b.c', '--erase-recipe', '{out}.x.json']).status, 2);
  assert.equal(same(['find', gen, '--value', 'nope=1']).status, 1);
  assert.equal(same(['find', gen, '--phone', '0301234567', '--region', 'XX']).status, 1);
});
