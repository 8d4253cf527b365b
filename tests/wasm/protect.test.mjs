// The page's protect path (web/engine.js detectPersonalData / protectExport, with the key of
// web/project-key.js) against crmwb protect: the same marks, byte-identical protected CSV and
// the same pseudonyms for the same key file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { projectKey, resetProjectKey, setProjectKey } from '../../web/project-key.js';
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
