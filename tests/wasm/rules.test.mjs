// Validation rules through the WebAssembly engine (what the page's worker calls): the report
// equals `crmwb validate --json` (native) for the same file and rules, with a second file for
// in_column; the stepwise run gives the same; accuracy joins the quality score; the "rule" view
// filter shows each rule's failing rows (ruleRows gives all of them); bad rules and patterns get
// the core's messages naming the rule and field, and a pathological pattern runs in linear time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadModuleNode } from '../../web/engine-node.js';
import { Engine } from '../../web/engine.js';
import { dataDir, nativeCli, run, tempDir } from './helpers.mjs';

const dir = tempDir();
const contactsPath = path.join(dataDir, 'contacts_mixed.csv');
const idsPath = path.join(dir, 'ids.csv');
fs.writeFileSync(idsPath, 'id,name\n1,a\n2,b\n3,c\n');
const REF = '2026-06-30';
const REF_DAY = Math.floor(Date.parse(`${REF}T00:00:00Z`) / 86400000);

const RULES = {
  crmwb_rules: 1,
  rules: [
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
  ],
};
const rulesText = `${JSON.stringify(RULES, null, 2)}\n`;

let module;
async function engineWith(file, profile = true) {
  module ??= await loadModuleNode();
  const e = new Engine(module);
  const bytes = fs.readFileSync(file);
  e.beginLoad({ expectedBytes: bytes.length });
  e.feed(new Uint8Array(bytes));
  e.finishLoad();
  if (profile) e.profile();
  return e;
}

function nativeValidate(file, rulesFile, extra = []) {
  const r = run(nativeCli, ['validate', file, '--rules', rulesFile, '--json', '--reference-date', REF, ...extra]);
  return { status: r.status, report: r.status === 0 || r.status === 3 ? JSON.parse(r.stdout.toString()) : null, stderr: r.stderr.toString() };
}

test('the engine report equals crmwb validate --json, with a second file for in_column', async () => {
  const rulesFile = path.join(dir, 'rules.json');
  fs.writeFileSync(rulesFile, rulesText);
  const native = nativeValidate(contactsPath, rulesFile, ['--other', idsPath]);
  assert.equal(native.status, 3, native.stderr);
  const e = await engineWith(contactsPath);
  const other = await engineWith(idsPath, false);
  const { report, quality } = e.validate(rulesText, other, { referenceDay: REF_DAY });
  assert.deepEqual(report, native.report);
  assert.equal(quality.accuracy, native.report.accuracy);
  // The same run in steps (as the worker runs it, a cancel check between rules).
  e.validateBegin(rulesText, other, { referenceDay: REF_DAY });
  let steps = 0;
  for (let s = e.validateStep(); ; s = e.validateStep()) {
    steps++;
    assert.equal(s.total, RULES.rules.length);
    if (!s.more) break;
  }
  assert.equal(steps, RULES.rules.length + 1);
  assert.deepEqual(e.validateFinish().report, native.report);
  // Without the second file: the in_column rule says what is missing.
  assert.throws(() => e.validate(rulesText, null), (err) => err.code === 'no_other_file' && /^rule 11 \(in_column\)/.test(err.message));
  other.dispose();
  e.dispose();
});

test('suggested rules: the engine and crmwb suggest --rules agree, and so do their reports', async () => {
  const e = await engineWith(contactsPath);
  const suggested = e.suggestRules();
  const cli = run(nativeCli, ['suggest', contactsPath, '--rules', '--json']);
  assert.equal(cli.status, 0, cli.stderr.toString());
  assert.equal(suggested, cli.stdout.toString());
  assert.ok(JSON.parse(suggested).rules.length >= 3);
  const rulesFile = path.join(dir, 'suggested.json');
  fs.writeFileSync(rulesFile, suggested);
  const native = nativeValidate(contactsPath, rulesFile);
  assert.deepEqual(e.validate(suggested, null, { referenceDay: REF_DAY }).report, native.report);
  e.dispose();
});

test('accuracy joins the score; the rule filter and ruleRows give the failing rows', async () => {
  const e = await engineWith(contactsPath);
  const before = e.rescore({}).quality;
  assert.equal(before.accuracy, undefined);
  const rules = JSON.stringify({ crmwb_rules: 1, rules: [
    { check: 'type', column: 'email', type: 'email' },
    { check: 'not_null', column: 'phone' },
  ] });
  const { report, quality } = e.validate(rules);
  const rows = report.records;
  assert.equal(quality.accuracy, report.records_passing_all / rows);
  // Equal weights: the score is the mean of the dimensions present, accuracy among them.
  const dims = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness', 'accuracy'].filter((k) => typeof quality[k] === 'number');
  assert.ok(dims.includes('accuracy'));
  const mean = dims.reduce((s, k) => s + quality[k], 0) / dims.length;
  assert.ok(Math.abs(quality.score - mean) < 1e-12, `${quality.score} vs ${mean}`);
  // A rescore keeps accuracy.
  assert.equal(e.rescore({}).quality.accuracy, quality.accuracy);
  const any = new Set();
  for (const r of report.rules) {
    const all = e.ruleRows(r.index);
    assert.ok(all instanceof Uint32Array);
    assert.equal(all.length, r.failed);
    assert.deepEqual([...all.slice(0, 100)], r.failing_rows);
    all.forEach((x) => any.add(x));
    const view = e.setView({ filters: [{ kind: 'rule', value: String(r.index) }] });
    assert.equal(view.rows, r.failed);
    assert.deepEqual(e.viewWindow(0, view.rows).index, [...all]);
  }
  assert.equal(e.setView({ filters: [{ kind: 'rule', value: 'any' }] }).rows, any.size);
  assert.equal(any.size, rows - report.records_passing_all);
  assert.deepEqual([...e.ruleRows(0)], [...any].sort((a, b) => a - b));
  assert.equal(e.ruleRows(99), null);
  assert.throws(() => e.setView({ filters: [{ kind: 'rule', value: 'x' }] }), (err) => err.code === 'bad_view');
  // Cleared: accuracy leaves the score, and the filter has nothing to show.
  assert.equal(e.clearRules().quality.accuracy, undefined);
  assert.throws(() => e.setView({ filters: [{ kind: 'rule', value: '1' }] }), /run the rules first/);
  e.dispose();
});

test('bad rules files and patterns: the core message names the rule and field; no hang', async () => {
  const e = await engineWith(contactsPath);
  const one = (rule) => JSON.stringify({ crmwb_rules: 1, rules: [{ check: 'not_null', column: 'email' }, rule] });
  const cases = [
    ['{"crmwb_rules": 1,\n "rules": [}', 'bad_rules', /line 2/],
    ['not json', 'bad_rules', /JSON|line 1/],
    [JSON.stringify({ rules: [] }), 'bad_rules', /crmwb_rules/],
    [one({ check: 'not_nul', column: 'email' }), 'bad_rules', /^rule 2: unknown check "not_nul"/],
    [one({ check: 'between', column: 'lifetime_value', min: 9, max: 1 }), 'bad_rules', /^rule 2 \(between\): "min" \(9\) is above "max"/],
    [one({ check: 'not_null', column: 'emial' }), 'missing_column', /^rule 2 \(not_null\): the file has no column "emial"/],
    [one({ check: 'regex', column: 'email', pattern: '(a)\\1' }), 'bad_rules', /^rule 2 \(regex\): "pattern": .*back-reference/i],
    [one({ check: 'regex', column: 'email', pattern: '(?=a)' }), 'bad_rules', /^rule 2 \(regex\): "pattern"/],
    [one({ check: 'regex', column: 'email', pattern: '((((a{100}){100}){100}){100})' }), 'bad_rules', /^rule 2 \(regex\): "pattern"/],
  ];
  for (const [text, code, message] of cases) {
    assert.throws(() => e.validate(text), (err) => {
      assert.equal(err.code, code, `${text}: ${err.message}`);
      assert.match(err.message, message);
      return true;
    });
  }
  // (a+)+$ and a 10,000-character pattern are valid RE2 and run in linear time.
  const long = `^(${'a'.repeat(9990)})?$`;
  const ok = e.validate(one({ check: 'regex', column: 'email', pattern: '(a+)+$' })).report;
  assert.equal(ok.rules.length, 2);
  const r = e.validate(one({ check: 'regex', column: 'full_name', pattern: long })).report;
  assert.equal(r.rules[1].evaluated, r.rules[1].failed + (r.rules[1].evaluated - r.rules[1].failed));
  e.dispose();
});

test('a pathological pattern over 200,000 values runs in linear time in WebAssembly', async () => {
  const lines = ['v'];
  for (let i = 0; i < 200_000; i++) lines.push(i % 2 ? `${'a'.repeat(40)}b` : 'a'.repeat(30));
  const file = path.join(dir, 'aaa.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const e = await engineWith(file);
  const started = performance.now();
  const { report } = e.validate(JSON.stringify({ crmwb_rules: 1, rules: [{ check: 'regex', column: 'v', pattern: '^(a+)+$' }] }));
  const ms = performance.now() - started;
  assert.equal(report.rules[0].failed, 100_000);
  console.log(`^(a+)+$ over 200,000 values in WebAssembly: ${ms.toFixed(0)} ms`);
  e.dispose();
});
