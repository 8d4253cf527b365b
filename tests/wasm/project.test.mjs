// Project files between the page's format code (web/project.js under Node's WebCrypto), the
// native crmwb (OpenSSL) and an independent Python reader (python3-cryptography): both ways,
// identical bytes; tampering and wrong passphrases refused everywhere.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dataDir, nativeCli, root, run, tempDir } from './helpers.mjs';
import { loadEngineNode } from '../../web/engine-node.js';
import { newManifest, openProject, openProjectStreaming, readHeader, saveProject, saveProjectParts } from '../../web/project.js';
import { historyOf, replayRecipe } from '../../web/project-state.js';

const dir = tempDir();
const reader = path.join(root, 'tests/project/read_project.py');
const csvPath = path.join(dataDir, 'contacts_mixed.csv');
const csv = new Uint8Array(fs.readFileSync(csvPath));
const pass = 'a long passphrase — with ü';
const passFile = path.join(dir, 'pass.txt');
fs.writeFileSync(passFile, pass + '\n');

/** The page's way: load, apply steps, undo one, and save the engine's history in a project. */
async function pageProject() {
  const engine = await loadEngineNode();
  engine.beginLoad({ expectedBytes: csv.length });
  engine.feed(csv);
  engine.finishLoad();
  engine.profile();
  const recipe = engine.suggestRecipe ? engine.suggestRecipe() : null;
  const steps = recipe ? JSON.parse(recipe).steps.slice(0, 3) : [];
  for (const s of steps) engine.applyStep(s);
  const cols = engine.profile().columns.map((c) => c.name);
  engine.applyStep({ op: 'edit_cell', column: cols[0], row: 1, value: 'Edited Value' });
  engine.applyStep({ op: 'trim', column: cols[1] });
  engine.undo();
  const manifest = newManifest('contacts_mixed.csv', csv.length, {});
  const h = historyOf(engine.history());
  manifest.history = { steps: h.steps, undone: h.undone };
  const exported = engine.exportTable({ format: 'csv' });
  return { manifest, exported, engine };
}

test('page save (encrypted) -> crmwb decrypt: the same table and original bytes; Python reads it', async () => {
  const { manifest, exported } = await pageProject();
  assert.ok(manifest.history.steps.length >= 2 && manifest.history.undone === 1);
  const bytes = await saveProject({ manifest, fileBytes: csv }, { passphrase: pass });
  const file = path.join(dir, 'page.crmwb');
  fs.writeFileSync(file, bytes);
  const emails = new TextDecoder().decode(csv).match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g);
  assert.ok(emails.length > 3);
  for (const e of emails) assert.equal(Buffer.from(bytes).indexOf(e), -1, `${e} in the saved bytes`);
  let r = run(nativeCli, ['decrypt', file, '--out', path.join(dir, 'cli.csv'), '--passphrase-file', passFile]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(path.join(dir, 'cli.csv')).equals(Buffer.from(exported)), 'same clean CSV as the page');
  r = run(nativeCli, ['decrypt', file, '--out', path.join(dir, 'orig.csv'), '--passphrase-file', passFile, '--original']);
  assert.equal(r.status, 0);
  assert.ok(fs.readFileSync(path.join(dir, 'orig.csv')).equals(Buffer.from(csv)));
  // The independent reader, from the README alone.
  r = run('/usr/bin/python3', [reader, file, '--passphrase-file', passFile, '--original', path.join(dir, 'py.csv'), '--manifest', path.join(dir, 'py.json')]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(path.join(dir, 'py.csv')).equals(Buffer.from(csv)));
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'py.json'), 'utf8')), manifest);
  const info = JSON.parse(run(nativeCli, ['project', 'info', file, '--json']).stdout);
  assert.equal(info.iterations, 600000);
  assert.equal(info.encrypted, true);
});

test('crmwb encrypt -> page open; re-saving with its salt and nonce gives identical bytes', async () => {
  const file = path.join(dir, 'cli.crmwb');
  const r = run(nativeCli, ['encrypt', csvPath, '--out', file, '--passphrase-file', passFile]);
  assert.equal(r.status, 0, r.stderr.toString());
  const bytes = new Uint8Array(fs.readFileSync(file));
  const p = await openProject(bytes, { passphrase: pass });
  assert.ok(Buffer.from(p.fileBytes).equals(Buffer.from(csv)));
  assert.equal(p.manifest.file.name, 'contacts_mixed.csv');
  const again = await saveProject({ manifest: p.manifest, fileBytes: p.fileBytes }, { passphrase: pass, salt: p.header.salt, nonce: p.header.nonce, iterations: p.header.iterations, segmentShift: p.header.segmentShift });
  assert.ok(Buffer.from(again).equals(Buffer.from(bytes)), 'byte-identical to the CLI file');
  // And the plain format too.
  const plainFile = path.join(dir, 'plain.crmwb');
  assert.equal(run(nativeCli, ['encrypt', csvPath, '--out', plainFile, '--no-passphrase']).status, 0);
  const plain = new Uint8Array(fs.readFileSync(plainFile));
  const q = await openProject(plain);
  assert.ok(Buffer.from(await saveProject(q)).equals(Buffer.from(plain)));
});

test('a history saved by the page replays in a fresh engine to the same table, undo works', async () => {
  const { manifest, exported, engine } = await pageProject();
  const bytes = await saveProject({ manifest, fileBytes: csv }, { passphrase: pass });
  const p = await openProject(bytes, { passphrase: pass });
  const e2 = engine.sibling();
  e2.beginLoad({ ...p.manifest.file.options, expectedBytes: p.fileBytes.length });
  e2.feed(p.fileBytes);
  e2.finishLoad();
  e2.profile();
  e2.applyRecipe(replayRecipe(p.manifest.history));
  for (let i = 0; i < p.manifest.history.undone; i++) e2.undo();
  assert.ok(Buffer.from(e2.exportTable({ format: 'csv' })).equals(Buffer.from(exported)));
  assert.deepEqual(e2.history().map((h) => [h.step, h.applied]), engine.history().map((h) => [h.step, h.applied]));
  assert.equal(e2.redo().moved, true, 'the undone step is redo-able');
  assert.equal(e2.undo().moved, true);
  assert.equal(e2.undo().moved, true);
});

test('tampering and wrong passphrases are refused by the page, the CLI and Python', async () => {
  const manifest = newManifest('contacts_mixed.csv', csv.length, {});
  const bytes = await saveProject({ manifest, fileBytes: csv }, { passphrase: pass, iterations: 100000 });
  await assert.rejects(openProject(bytes, { passphrase: 'wrong' }), { code: 'wrong_passphrase' });
  await assert.rejects(openProject(bytes), { code: 'passphrase_needed' });
  for (const at of [0, 9, 13, 20, 40, 50, 56, 100, bytes.length - 1]) {
    const t = bytes.slice();
    t[at] ^= 1;
    await assert.rejects(openProject(t, { passphrase: pass }), (err) => typeof err.code === 'string', `byte ${at}`);
    const f = path.join(dir, `t${at}.crmwb`);
    fs.writeFileSync(f, t);
    const r = run(nativeCli, ['decrypt', f, '--out', path.join(dir, 'x.csv'), '--passphrase-file', passFile]);
    assert.equal(r.status, 1, `CLI byte ${at}: ${r.stderr}`);
    assert.equal(run('/usr/bin/python3', [reader, f, '--passphrase-file', passFile]).status, 1);
  }
  assert.throws(() => readHeader(bytes.subarray(0, 30)), { code: 'truncated_project' });
  const v3 = bytes.slice();
  v3[8] = 3;
  assert.throws(() => readHeader(v3), { code: 'newer_project' });
});

/** Streams a project's file bytes as the bench and a worker would; returns them joined. */
async function streamed(bytes, passphrase) {
  const got = [];
  let began = null;
  const r = await openProjectStreaming(bytes, { passphrase, begin: (m, n) => (began = n), chunk: (c) => got.push(Buffer.from(c)) });
  const all = Buffer.concat(got);
  assert.equal(all.length, began);
  return { ...r, fileBytes: all };
}

test('many segments: page save -> crmwb and Python; crmwb encrypt (several segments) -> page; streaming open', async () => {
  // 64-byte segments: the small file spans hundreds of them.
  const manifest = newManifest('contacts_mixed.csv', csv.length, {});
  const bytes = await saveProject({ manifest, fileBytes: csv }, { passphrase: pass, iterations: 100000, segmentShift: 6 });
  const h = readHeader(bytes);
  assert.equal(h.version, 2);
  assert.equal(h.segmentShift, 6);
  assert.ok(h.segments > 10, `${h.segments} segments`);
  const parts = await saveProjectParts({ manifest, fileBytes: csv }, { passphrase: pass, iterations: 100000, segmentShift: 6, salt: h.salt, nonce: h.nonce });
  assert.equal(parts.length, 1 + h.segments);
  assert.ok(Buffer.concat(parts).equals(Buffer.from(bytes)), 'the parts are the file');
  const file = path.join(dir, 'small-segments.crmwb');
  fs.writeFileSync(file, bytes);
  let r = run(nativeCli, ['decrypt', file, '--out', path.join(dir, 'ss.csv'), '--passphrase-file', passFile, '--original']);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(path.join(dir, 'ss.csv')).equals(Buffer.from(csv)));
  r = run('/usr/bin/python3', [reader, file, '--passphrase-file', passFile, '--original', path.join(dir, 'ss-py.csv')]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(path.join(dir, 'ss-py.csv')).equals(Buffer.from(csv)));
  assert.ok((await streamed(bytes, pass)).fileBytes.equals(Buffer.from(csv)));
  // A file over one 256 KiB segment written natively.
  const big = path.join(dir, 'big.csv');
  assert.equal(run(nativeCli, ['generate', '--rows', '6000', '--seed', '7', '--out', big]).status, 0);
  const bigBytes = fs.readFileSync(big);
  assert.ok(bigBytes.length > 2 * 262144, `${bigBytes.length} bytes`);
  const bigFile = path.join(dir, 'big.crmwb');
  r = run(nativeCli, ['encrypt', big, '--out', bigFile, '--passphrase-file', passFile, '--iterations', '100000']);
  assert.equal(r.status, 0, r.stderr.toString());
  const enc = new Uint8Array(fs.readFileSync(bigFile));
  assert.ok(readHeader(enc).segments >= 3);
  const bp = await openProject(enc, { passphrase: pass });
  assert.ok(Buffer.from(bp.fileBytes).equals(bigBytes));
  const again = await saveProject({ manifest: bp.manifest, fileBytes: bp.fileBytes }, { passphrase: pass, iterations: 100000, salt: bp.header.salt, nonce: bp.header.nonce });
  assert.ok(Buffer.from(again).equals(Buffer.from(enc)), 'the page writes the same segments as crmwb');
  assert.ok((await streamed(enc, pass)).fileBytes.equals(bigBytes));
  r = run('/usr/bin/python3', [reader, bigFile, '--passphrase-file', passFile, '--original', path.join(dir, 'big-py.csv')]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(path.join(dir, 'big-py.csv')).equals(bigBytes));
});

test('swapped, dropped or foreign segments are refused by the page (streaming too), the CLI and Python', async () => {
  const manifest = newManifest('contacts_mixed.csv', csv.length, {});
  const opts = { passphrase: pass, iterations: 100000, segmentShift: 6 };
  const bytes = await saveProject({ manifest, fileBytes: csv }, opts);
  const other = await saveProject({ manifest, fileBytes: csv }, opts);
  const seg = 64 + 16;
  const at = 56;
  const swapped = bytes.slice();
  swapped.set(bytes.subarray(at + 3 * seg, at + 4 * seg), at + 2 * seg);
  swapped.set(bytes.subarray(at + 2 * seg, at + 3 * seg), at + 3 * seg);
  const foreign = bytes.slice();
  foreign.set(other.subarray(at + 2 * seg, at + 3 * seg), at + 2 * seg);
  const lastByte = bytes.slice();
  lastByte[lastByte.length - 1] ^= 1;
  const dropped = new Uint8Array([...bytes.subarray(0, at + 2 * seg), ...bytes.subarray(at + 3 * seg)]);
  const cases = { swapped, foreign, lastByte, dropped };
  for (const [name, t] of Object.entries(cases)) {
    const code = name === 'dropped' ? 'truncated_project' : 'changed_project';
    await assert.rejects(openProject(t, { passphrase: pass }), { code }, name);
    let fed = 0;
    await assert.rejects(openProjectStreaming(t, { passphrase: pass, begin() {}, chunk: (c) => (fed += c.length) }), { code }, `${name} streaming`);
    assert.ok(fed < csv.length, 'the stream stopped before the end');
    const f = path.join(dir, `seg-${name}.crmwb`);
    fs.writeFileSync(f, t);
    const r = run(nativeCli, ['decrypt', f, '--out', path.join(dir, 'x.csv'), '--passphrase-file', passFile]);
    assert.equal(r.status, 1, `CLI ${name}: ${r.stderr}`);
    assert.equal(run('/usr/bin/python3', [reader, f, '--passphrase-file', passFile]).status, 1, `Python ${name}`);
  }
});

test('version 1 files (one AES-GCM message) still open in the page, the CLI and Python', async () => {
  const v1 = new Uint8Array(fs.readFileSync(path.join(dataDir, 'project_v1.crmwb')));
  const v1pass = fs.readFileSync(path.join(dataDir, 'project_v1.pass'), 'utf8').replace(/\n$/, '');
  const expected = 'name,email,phone\nAnn Lee,ann@example.com,+1 415 555 0100\nBob Ray,bob@example.org,\n';
  assert.equal(readHeader(v1).version, 1);
  const p = await openProject(v1, { passphrase: v1pass });
  assert.equal(new TextDecoder().decode(p.fileBytes), expected);
  assert.equal((await streamed(v1, v1pass)).fileBytes.toString(), expected);
  await assert.rejects(openProject(v1, { passphrase: 'nope' }), { code: 'wrong_passphrase' });
  const f = path.join(dataDir, 'project_v1.crmwb');
  let r = run(nativeCli, ['decrypt', f, '--out', path.join(dir, 'v1.csv'), '--passphrase-file', path.join(dataDir, 'project_v1.pass'), '--original']);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.equal(fs.readFileSync(path.join(dir, 'v1.csv'), 'utf8'), expected);
  r = run('/usr/bin/python3', [reader, f, '--passphrase-file', path.join(dataDir, 'project_v1.pass'), '--original', path.join(dir, 'v1-py.csv')]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.equal(fs.readFileSync(path.join(dir, 'v1-py.csv'), 'utf8'), expected);
});
