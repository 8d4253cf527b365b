// Protected-export benchmark (entry: scripts/bench protect): the page's protected export of the
// 1,000,000-row customer file in WebAssembly against the plain CSV export of the same table in
// the same run, and the native CLI (crmwb protect against crmwb convert).
//
//   config    = email and phone pseudonymized (HMAC-SHA256), first_name and last_name masked,
//               signup_date cut to its year (the generated file has no birth date; the same
//               rule), postal_code generalized to 2 characters.
//   plain     = Engine.exportTable({format: 'csv'}) of the loaded, profiled table — the peer.
//   protect   = Engine.protectExport(config, key): one call over every row.
//   sliced    = what the page's worker does: slices of 100,000 rows (header with the first),
//               each a call of its own (detection again per call), progress callback on.
//   breakdown = one round of each part of the configuration alone (keep all, email, phone, masks).
//   native    = crmwb protect FILE --config --key-file --out (load + profile + detect + write)
//               against crmwb convert FILE --out OUT.csv (load + write).
// Options: --file CSV (default build/bench/customers_1m.csv, generated when missing), --repeat N,
//          --crmwb PATH, --out JSON (default build/bench/protect.json).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, parseArgs, now, since } from './common.mjs';
import { loadEngineNode } from '../web/engine-node.js';

const args = parseArgs(process.argv.slice(2), {
  file: path.join(ROOT, 'build/bench/customers_1m.csv'), repeat: '2',
  crmwb: path.join(ROOT, 'build/native/crmwb'), out: path.join(ROOT, 'build/bench/protect.json'),
});
const dir = path.dirname(args.out);
fs.mkdirSync(dir, { recursive: true });
if (!fs.existsSync(args.file)) {
  const g = spawnSync(args.crmwb, ['generate', '--rows', '1000000', '--seed', '42', '--out', args.file], { stdio: 'inherit' });
  if (g.status !== 0) process.exit(1);
}
const config = {
  crmwb_protect: 1,
  columns: {
    email: 'pseudonymize', phone: 'pseudonymize', first_name: 'mask', last_name: 'mask',
    signup_date: 'year', postal_code: { action: 'generalize', digits: 2 },
  },
};
const key = new Uint8Array(32).map((_, i) => (i * 29 + 3) & 255);
const SLICE = 100_000;

const engine = await loadEngineNode();
const bytes = new Uint8Array(fs.readFileSync(args.file));
let t = now();
engine.beginLoad({ expectedBytes: bytes.length });
for (let at = 0; at < bytes.length; at += 8 << 20) engine.feed(bytes.subarray(at, at + (8 << 20)));
const load = engine.finishLoad();
const loadS = since(t);
t = now();
engine.profile();
const profileS = since(t);
const rows = load.rows;

const best = { plain: Infinity, protect: Infinity, sliced: Infinity, preview: Infinity };
let protectedBytes = 0;
let plainBytes = 0;
for (let i = 0; i < Number(args.repeat); i++) {
  t = now();
  plainBytes = engine.exportTable({ format: 'csv' }).length;
  best.plain = Math.min(best.plain, since(t));
  t = now();
  const whole = engine.protectExport(config, key);
  best.protect = Math.min(best.protect, since(t));
  protectedBytes = whole.bytes.length;
  t = now();
  let size = 0;
  for (let first = 0; first === 0 || first < rows; first += SLICE) {
    size += engine.protectExport(config, key, { first, limit: SLICE, header: first === 0, onProgress: () => false }).bytes.length;
  }
  best.sliced = Math.min(best.sliced, since(t));
  if (size !== protectedBytes) throw new Error(`sliced export has ${size} bytes, whole ${protectedBytes}`);
  t = now();
  engine.protectExport(config, key, { limit: 10 });
  best.preview = Math.min(best.preview, since(t));
}
// Where the time goes: one round of each part of the configuration alone.
const parts = {
  keep_all: {},
  email_pseudonymize: { email: 'pseudonymize' },
  phone_pseudonymize: { phone: 'pseudonymize' },
  masks_year_generalize: { first_name: 'mask', last_name: 'mask', signup_date: 'year', postal_code: config.columns.postal_code },
};
const breakdown = {};
for (const [name, columns] of Object.entries(parts)) {
  t = now();
  engine.protectExport({ crmwb_protect: 1, columns }, key);
  breakdown[name] = since(t);
}
engine.dispose();

const cfgFile = path.join(dir, 'protect-config.json');
const keyFile = path.join(dir, 'protect.key');
fs.writeFileSync(cfgFile, JSON.stringify(config));
fs.writeFileSync(keyFile, Buffer.from(key));
const time = (argv) => {
  const t0 = now();
  const r = spawnSync(args.crmwb, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`crmwb ${argv.join(' ')} failed`);
  return since(t0);
};
const native = {
  convert: time(['convert', args.file, '--out', path.join(dir, 'protect-convert.csv')]),
  protect: time(['protect', args.file, '--config', cfgFile, '--key-file', keyFile, '--out', path.join(dir, 'protect-out.csv')]),
};
const result = {
  file: args.file, bytes: bytes.length, rows, load: loadS, profile: profileS, page: best,
  breakdown, plain_bytes: plainBytes, protected_bytes: protectedBytes,
  ratio: best.protect / best.plain, ratio_sliced: best.sliced / best.plain,
  native, native_ratio: native.protect / native.convert,
};
fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
const f = (s) => `${s.toFixed(2)} s`;
console.log(`protected export, ${rows.toLocaleString('en-US')} rows, ${(bytes.length / 1e6).toFixed(0)} MB CSV (${args.file})`);
console.log(`  wasm  load ${f(loadS)}, profile ${f(profileS)} | plain CSV export ${f(best.plain)} | protected ${f(best.protect)} (${result.ratio.toFixed(2)}x) | as the worker does it, ${SLICE.toLocaleString('en-US')}-row slices ${f(best.sliced)} (${result.ratio_sliced.toFixed(2)}x) | preview of 10 rows ${(best.preview * 1000).toFixed(1)} ms`);
console.log(`  wasm, each part alone: ${Object.entries(breakdown).map(([k, v]) => `${k} ${f(v)}`).join(' | ')}`);
console.log(`  native crmwb convert ${f(native.convert)} | crmwb protect ${f(native.protect)} (${result.native_ratio.toFixed(2)}x; both include the load, protect also the profile)`);
