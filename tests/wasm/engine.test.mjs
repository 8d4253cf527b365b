// The JavaScript engine wrapper: loading in chunks, profile, row windows, export, and errors that
// come back as Error objects (never escaped C++ exceptions).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { isFormulaRisk } from '../../web/xlsx.js';

const enc = new TextEncoder();

async function load(text, options = {}, chunk = 5) {
  const engine = await loadEngineNode();
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  engine.beginLoad({ expectedBytes: bytes.length, ...options });
  let last;
  for (let i = 0; i < bytes.length; i += chunk) last = engine.feed(bytes.subarray(i, i + chunk));
  const info = engine.finishLoad();
  return { engine, info, last };
}

test('loads in chunks and reports progress by bytes', async () => {
  const csv = 'name,email\nAnn,ann@example.com\nBob,bob@example\n';
  const { engine, info, last } = await load(csv);
  assert.equal(last.bytes, enc.encode(csv).length);
  assert.equal(info.rows, 2);
  assert.deepEqual(info.columns, ['name', 'email']);
  assert.equal(info.dialect.delimiter, ',');
  assert.deepEqual(engine.window(0, 10), [
    ['Ann', 'ann@example.com'],
    ['Bob', 'bob@example'],
  ]);
  assert.deepEqual(engine.window(1, 2), [['Bob', 'bob@example']]);
  engine.dispose();
});

test('profile returns the documented top-level fields', async () => {
  const { engine } = await load('id,email\n1,a@b.co\n2,N/A\n3,c@d.org\n3,c@d.org\n');
  const p = engine.profile({ referenceDay: 20000 });
  for (const key of ['rows', 'columns', 'duplicate_rows', 'quality', 'dialect', 'warnings']) {
    assert.ok(key in p, key);
  }
  assert.equal(p.rows, 4);
  assert.equal(p.duplicate_rows, 1);
  const email = p.columns.find((c) => c.name === 'email');
  assert.equal(email.missing, 1);
  assert.equal(email.distinct, 2);
  engine.dispose();
});

test('profile reports progress per column', async () => {
  const { engine } = await load('a,b,c\n1,2,3\n');
  const seen = [];
  engine.profile({}, (done, total) => seen.push([done, total]));
  assert.ok(seen.length >= 1);
  assert.equal(seen.at(-1)[1], 3);
  engine.dispose();
});

test('a stepwise profile equals the one-call profile', async () => {
  const { engine } = await load('id,email,when\n1,a@b.co,2024-01-02\n2,N/A,2024-02-03\n3,c@d.org,\n3,c@d.org,\n');
  const whole = engine.profile({ referenceDay: 20000 });
  engine.profileBegin({ referenceDay: 20000 });
  const steps = [];
  for (;;) {
    const s = engine.profileStep();
    steps.push(s);
    if (!s.more) break;
  }
  assert.deepEqual(steps.map((s) => [s.done, s.total, s.more]),
    [[1, 3, true], [2, 3, true], [3, 3, true], [3, 3, false]]);
  assert.deepEqual(engine.profileFinish(), whole);
  assert.throws(() => engine.profileFinish(), /before the last/);
  assert.throws(() => engine.profileStep(), /before begin_profile/);
  engine.dispose();
});

test('export writes CSV, JSON and JSON lines', async () => {
  const { engine } = await load('a,b\n"x,1",2\n');
  const dec = new TextDecoder();
  assert.equal(dec.decode(engine.exportTable({ format: 'csv' })), 'a,b\r\n"x,1",2\r\n');
  assert.deepEqual(JSON.parse(dec.decode(engine.exportTable({ format: 'json' }))), [
    { a: 'x,1', b: '2' },
  ]);
  assert.equal(dec.decode(engine.exportTable({ format: 'jsonl' })), '{"a":"x,1","b":"2"}\n');
  const bom = engine.exportTable({ format: 'csv', bom: true });
  assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  engine.dispose();
});

test('CSV export neutralizes exactly the shared formula cases and counts them (web/xlsx.js isFormulaRisk agrees)', async () => {
  const cases = JSON.parse(fs.readFileSync(new URL('../data/formula_cases.json', import.meta.url), 'utf8'));
  const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const input = `value,n\r\n${cases.map((c, i) => `${field(c.value)},${i}\r\n`).join('')}`;
  const { engine } = await load(input, { header: 'yes' }, 1 << 20);
  const out = engine.exportTableWithStats({ format: 'csv', neutralize: true });
  const expected = `value,n\r\n${cases.map((c, i) => `${field(c.risky ? `'${c.value}` : c.value)},${i}\r\n`).join('')}`;
  assert.equal(new TextDecoder().decode(out.bytes), expected);
  const risky = cases.filter((c) => c.risky).length;
  assert.equal(out.neutralized, risky);
  assert.deepEqual(cases.filter((c) => isFormulaRisk(c.value) !== c.risky).map((c) => c.name), [], 'one rule in C++ and JS');
  // A contact list's phone numbers and amounts come out exactly as they went in.
  assert.equal(engine.exportTableWithStats({ format: 'csv', neutralize: false }).neutralized, 0);
  engine.dispose();
  const phones = await load('phone,amount,note\n+81312344686,-12.5,--\n+1 (555) 123-4567,-1,=1+1\n');
  const kept = phones.engine.exportTableWithStats({ format: 'csv', neutralize: true });
  assert.equal(new TextDecoder().decode(kept.bytes), "phone,amount,note\r\n+81312344686,-12.5,--\r\n+1 (555) 123-4567,-1,'=1+1\r\n");
  assert.equal(kept.neutralized, 1);
  phones.engine.dispose();
});

test('an empty file is an Error with a code, not a crash', async () => {
  const engine = await loadEngineNode();
  engine.beginLoad({});
  assert.throws(() => engine.finishLoad(), (e) => e.code === 'empty_file' && /empty/.test(e.message));
  // The engine stays usable.
  engine.beginLoad({});
  engine.feed(enc.encode('a\n1\n'));
  assert.equal(engine.finishLoad().rows, 1);
  engine.dispose();
});

test('a PNG is rejected with a clear message', async () => {
  const png = new Uint8Array(5000);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const engine = await loadEngineNode();
  engine.beginLoad({});
  assert.throws(
    () => {
      engine.feed(png);
      engine.finishLoad();
    },
    (e) => e.code === 'binary_file' && /PNG image/.test(e.message),
  );
  engine.dispose();
});

test('bad options are an Error, not an exception escaping as a number', async () => {
  const engine = await loadEngineNode();
  const r = JSON.parse(engine.native.beginLoad('{not json'));
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'bad_options');
  engine.dispose();
});

test('calls out of order are errors', async () => {
  const engine = await loadEngineNode();
  assert.throws(() => engine.window(0, 1), /no table is loaded/);
  assert.throws(() => engine.feed(enc.encode('x')), /before begin_load/);
  engine.dispose();
});

test('a file larger than the memory allowed ends in a clear error, and the engine stays usable', async () => {
  // 48 MB of memory for the whole module: the browser's "tab out of memory", made small.
  const engine = await loadEngineNode(undefined, {
    wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: 48 * 16 }),
  });
  const line = enc.encode('C00000001,Ann,Lee,ann.lee@example.com,+1 555 0100,Acme,1 Main St\n');
  const chunk = new Uint8Array(line.length * 20000);
  for (let i = 0; i < 20000; i++) chunk.set(line, i * line.length);
  engine.beginLoad({ expectedBytes: chunk.length * 40 });
  assert.throws(
    () => {
      for (let i = 0; i < 40; i++) engine.feed(chunk);
      engine.finishLoad();
    },
    (e) => e.code === 'out_of_memory' && /too large/.test(e.message),
  );
  engine.beginLoad({});
  engine.feed(enc.encode('a,b\n1,2\n'));
  assert.equal(engine.finishLoad().rows, 1);
});

test('views filter and sort, with cell flags', async () => {
  const csv = 'name,email\nAnn,ann@example.com\nbob,bob@example\nCid,\nDee,dee@example.com\n' +
    'Eve,eve@example.com\nFay,fay@example.com\nGus,gus@example.com\n';
  const { engine } = await load(csv);
  engine.profile({ referenceDay: 20000 });
  assert.deepEqual(engine.setView({ filters: [{ kind: 'invalid', column: 1 }] }), { rows: 1 });
  const w = engine.viewWindow(0, 10);
  assert.deepEqual(w.index, [1]);
  assert.deepEqual(w.rows, [['bob', 'bob@example']]);
  assert.equal(w.flags[0][1] & 2, 2);
  assert.deepEqual(engine.setView({ filters: [{ kind: 'missing', column: 1 }] }), { rows: 1 });
  assert.deepEqual(engine.setView({ sort: { column: 0, descending: true } }), { rows: 7 });
  assert.deepEqual(engine.viewWindow(0, 3).index, [6, 5, 4]); // case-insensitive: bob after Cid
  assert.throws(() => engine.setView({ filters: [{ kind: 'bogus', column: 0 }] }), /unknown filter/);
  assert.deepEqual(engine.setView({}), { rows: 7 });
  engine.dispose();
});
