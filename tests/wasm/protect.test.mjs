// The page's protect path (web/engine.js detectPersonalData / protectExport, with the key of
// web/project-key.js) against crmwb protect: the same marks, byte-identical protected CSV and
// the same pseudonyms for the same key file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { projectKey, resetProjectKey, setProjectKey } from '../../web/project-key.js';
import { PersonalData, protectConfig } from '../../web/views/privacy.js';
import { dataDir, nativeCli, parseCsv, root, run, tempDir } from './helpers.mjs';

const dir = tempDir();

async function loaded(bytes) {
  const engine = await loadEngineNode();
  engine.beginLoad({ expectedBytes: bytes.length });
  engine.feed(new Uint8Array(bytes));
  engine.finishLoad();
  engine.profile();
  return engine;
}

test('page marks and protected export equal crmwb protect with the same key', async () => {
  const gen = path.join(dir, 'gen.csv');
  assert.equal(run(nativeCli, ['generate', '--rows', '3000', '--seed', '4', '--out', gen]).status, 0);
  const config = { crmwb_protect: 1, columns: {
    email: 'pseudonymize', phone: 'pseudonymize', first_name: 'mask', street: 'mask',
    postal_code: { action: 'generalize', digits: 2 }, company: 'drop' } };
  const configPath = path.join(dir, 'protect.json');
  fs.writeFileSync(configPath, JSON.stringify(config));
  // The page's key: made in the page (crypto.getRandomValues), exported as a key file.
  resetProjectKey();
  const key = projectKey();
  const keyPath = path.join(dir, 'project.key');
  fs.writeFileSync(keyPath, Buffer.from(key));
  const engine = await loaded(fs.readFileSync(gen));
  const marks = engine.detectPersonalData();
  const cliMarks = run(nativeCli, ['protect', gen, '--detect', '--json'], { cwd: root });
  assert.deepEqual(marks, JSON.parse(cliMarks.stdout.toString()));
  assert.deepEqual(marks.map((m) => m.kind).sort(),
    ['address', 'email', 'name', 'name', 'phone', 'postcode']);
  const page = engine.protectExport(config, projectKey());
  const out = path.join(dir, 'cli.csv');
  const cli = run(nativeCli, ['protect', gen, '--config', configPath, '--key-file', keyPath, '--out',
    out, '--json'], { cwd: root });
  assert.equal(cli.status, 0, cli.stderr.toString());
  assert.ok(Buffer.from(page.bytes).equals(fs.readFileSync(out)), 'protected CSV differs');
  assert.deepEqual(page.summary, JSON.parse(cli.stdout.toString()));
  // Pseudonyms are 32 hex digits, equal for equal emails, and change with the key.
  const rows = parseCsv(Buffer.from(page.bytes).toString());
  const email = rows[0].indexOf('email');
  assert.ok(rows.slice(1).every((r) => r[email] === '' || /^[0-9a-f]{32}$/.test(r[email])));
  assert.equal(rows[0].indexOf('company'), -1);
  const other = new Uint8Array(32).fill(7);
  setProjectKey(other);
  const again = engine.protectExport(config, projectKey());
  assert.notDeepEqual(again.bytes, page.bytes);
  // Without a key: the same clear message as the CLI.
  assert.throws(() => engine.protectExport(config, null),
    /column 'email': pseudonymize needs the project key/);
  assert.throws(() => engine.protectExport({ crmwb_protect: 1, columns: { email: 'hash' } }, key),
    /column 'email': unknown action 'hash'/);
  engine.dispose();
});

test('marks on the mixed contacts file', async () => {
  const engine = await loaded(fs.readFileSync(path.join(dataDir, 'contacts_mixed.csv')));
  const marks = Object.fromEntries(engine.detectPersonalData().map((m) => [m.name, m.kind]));
  assert.deepEqual(marks, { full_name: 'name', email: 'email', phone: 'phone',
    birth_date: 'birth_date' });
  engine.dispose();
});

test('preview rows, slices, progress and cancel of a protected export', async () => {
  const gen = path.join(dir, 'gen-slices.csv');
  assert.equal(run(nativeCli, ['generate', '--rows', '20000', '--seed', '9', '--out', gen]).status, 0);
  const engine = await loaded(fs.readFileSync(gen));
  const config = { crmwb_protect: 1, columns: {
    email: 'pseudonymize', phone: 'mask', first_name: 'mask', postal_code: 'generalize' } };
  const key = new Uint8Array(32).fill(3);
  const calls = [];
  const whole = engine.protectExport(config, key, { onProgress: (done, total) => {
    calls.push([done, total]);
    return false;
  } });
  assert.equal(whole.summary.rows, 20000);
  assert.deepEqual(calls[0], [0, 20000]);
  assert.deepEqual(calls.at(-1), [20000, 20000]);
  assert.ok(calls.length >= 5, `progress every 4096 rows (got ${calls.length} calls)`);
  // Slices in order (the header with the first) give the same bytes and the same counts.
  const parts = [];
  const changed = new Map();
  for (let first = 0; first < 20000; first += 7000) {
    const s = engine.protectExport(config, key, { first, limit: 7000, header: first === 0 });
    parts.push(Buffer.from(s.bytes));
    for (const c of s.summary.columns) changed.set(c.name, (changed.get(c.name) ?? 0) + c.changed);
  }
  assert.ok(Buffer.concat(parts).equals(Buffer.from(whole.bytes)), 'sliced export differs');
  for (const c of whole.summary.columns) assert.equal(changed.get(c.name), c.changed, c.name);
  // The preview: the first 20 rows, the same bytes as the start of the whole export.
  const preview = engine.protectExport(config, key, { limit: 20 });
  assert.equal(preview.summary.rows, 20);
  const text = Buffer.from(whole.bytes).toString();
  const lines = text.split('\n').slice(0, 21).join('\n') + '\n';
  assert.equal(Buffer.from(preview.bytes).toString(), lines);
  // Cancel from the progress callback: an Error with code cancelled, nothing returned.
  assert.throws(() => engine.protectExport(config, key, { onProgress: (done) => done > 0 }),
    (err) => err.code === 'cancelled');
  // The engine still works after a cancel.
  assert.equal(engine.protectExport(config, key, { limit: 3 }).summary.rows, 3);
  engine.dispose();
});

test('a column marked "not personal" in the page and given an action: "as": "none", as the CLI reads it', async () => {
  const file = path.join(dataDir, 'contacts_mixed.csv');
  const engine = await loaded(fs.readFileSync(file));
  const personal = new PersonalData({ client: { detectPersonalData: async () => engine.detectPersonalData() }, onMarks: () => {} });
  await personal.refresh(['contact_id', 'full_name', 'email', 'phone']);
  assert.equal(personal.kindOf('email'), 'email');
  personal.correct('email', 'none');
  const config = protectConfig([
    { name: 'email', action: 'mask' }, { name: 'full_name', action: 'mask' }, { name: 'phone', action: 'keep' },
  ], personal);
  assert.deepEqual(config, { crmwb_protect: 1, columns: { email: { action: 'mask', as: 'none' }, full_name: 'mask' } });
  const page = engine.protectExport(config);
  assert.equal(page.summary.columns.find((c) => c.name === 'email').kind, 'none');
  const rows = parseCsv(Buffer.from(page.bytes).toString());
  assert.equal(rows[1][rows[0].indexOf('email')], 'a••••@•••••••.•••', 'masked as no particular kind, not as an email');
  const configPath = path.join(dir, 'as-none.json');
  fs.writeFileSync(configPath, JSON.stringify(config));
  const out = path.join(dir, 'as-none.csv');
  const cli = run(nativeCli, ['protect', file, '--config', configPath, '--out', out], { cwd: root });
  assert.equal(cli.status, 0, cli.stderr.toString());
  assert.ok(Buffer.from(page.bytes).equals(fs.readFileSync(out)), 'the page and crmwb protect agree');
  engine.dispose();
});
