// Project-file benchmark (entry: scripts/bench project): saving and opening an encrypted .crmwb
// project of the 1,000,000-row customer file against reading the plain CSV, in the same run.
//
//   read CSV  = the page's load of the file (WebAssembly engine: beginLoad, feed in 8 MiB chunks,
//               finishLoad) — the peer.
//   save      = web/project.js saveProjectParts (what "Save project" hands to the download's
//               Blob): PBKDF2-HMAC-SHA256 600,000 iterations, then the payload encrypted with
//               AES-256-GCM in 256 KiB segments, several in flight (Node's WebCrypto).
//   open      = openProjectStreaming (key, segments decrypted and checked, several in flight) with
//               each segment's file bytes fed to the engine as it arrives (beginLoad, feed,
//               finishLoad once every segment passed): what "Open project" does before replaying
//               the history.
//   native    = crmwb encrypt / crmwb decrypt --original (OpenSSL), and crmwb convert as its peer.
// Target: save and open each take less than 2x the plain read.
// Options: --file CSV (default build/bench/customers_1m.csv, generated when missing), --repeat N,
//          --crmwb PATH, --out JSON (default build/bench/project.json).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, parseArgs, now, since } from './common.mjs';
import { loadEngineNode } from '../web/engine-node.js';
import { newManifest, openProject, openProjectStreaming, saveProjectParts } from '../web/project.js';

const args = parseArgs(process.argv.slice(2), {
  file: path.join(ROOT, 'build/bench/customers_1m.csv'), repeat: '2',
  crmwb: path.join(ROOT, 'build/native/crmwb'), out: path.join(ROOT, 'build/bench/project.json'),
});
fs.mkdirSync(path.dirname(args.out), { recursive: true });
if (!fs.existsSync(args.file)) {
  const g = spawnSync(args.crmwb, ['generate', '--rows', '1000000', '--seed', '42', '--out', args.file], { stdio: 'inherit' });
  if (g.status !== 0) process.exit(1);
}
const bytes = new Uint8Array(fs.readFileSync(args.file));
const pass = 'benchmark passphrase';

function load(engine, data) {
  engine.beginLoad({ expectedBytes: data.length });
  for (let at = 0; at < data.length; at += 8 << 20) engine.feed(data.subarray(at, at + (8 << 20)));
  return engine.finishLoad();
}

const engine = await loadEngineNode();
// Wall time and CPU time of this process (the machine may be shared: CPU time is the steadier).
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const best = { read: Infinity, save: Infinity, open: Infinity, openWhole: Infinity, key: Infinity };
const bestCpu = { read: Infinity, save: Infinity, open: Infinity };
let first = null; // the first round: a fresh engine whose memory has not grown yet (the page's first open)
let project;
for (let i = 0; i < Number(args.repeat); i++) {
  let t = now();
  let c = cpu();
  load(engine, bytes);
  best.read = Math.min(best.read, since(t));
  bestCpu.read = Math.min(bestCpu.read, cpu() - c);
  t = now();
  c = cpu();
  const parts = await saveProjectParts({ manifest: newManifest('customers_1m.csv', bytes.length, {}), fileBytes: bytes }, { passphrase: pass });
  best.save = Math.min(best.save, since(t));
  bestCpu.save = Math.min(bestCpu.save, cpu() - c);
  project = new Uint8Array(Buffer.concat(parts)); // the file as the page reads it back (not timed)
  t = now();
  c = cpu();
  await openProjectStreaming(project, {
    passphrase: pass,
    begin: (manifest, size) => engine.beginLoad({ ...manifest.file.options, expectedBytes: size }),
    chunk: (data) => engine.feed(data),
  });
  engine.finishLoad();
  best.open = Math.min(best.open, since(t));
  bestCpu.open = Math.min(bestCpu.open, cpu() - c);
  // As the page's "Open project…" does it today: every segment decrypted first (openProject),
  // then the file's pieces loaded (the page hands them to its worker as one File).
  t = now();
  const whole = await openProject(project, { passphrase: pass });
  engine.beginLoad({ expectedBytes: bytes.length });
  for (const part of whole.fileParts) engine.feed(part);
  engine.finishLoad();
  best.openWhole = Math.min(best.openWhole, since(t));
  if (!first) first = { ...best };
}
let t = now();
await saveProjectParts({ manifest: newManifest('x', 0, {}), fileBytes: new Uint8Array(0) }, { passphrase: pass });
best.key = since(t);

// Native: OpenSSL.
const dir = path.join(ROOT, 'build/bench');
const passFile = path.join(dir, 'project-pass.txt');
fs.writeFileSync(passFile, pass);
const time = (argv) => {
  const t0 = now();
  const r = spawnSync(args.crmwb, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`crmwb ${argv.join(' ')} failed`);
  return since(t0);
};
const enc = path.join(dir, 'project-1m.crmwb');
const native = {
  convert: time(['convert', args.file, '--out', path.join(dir, 'project-convert.csv')]),
  encrypt: time(['encrypt', args.file, '--out', enc, '--passphrase-file', passFile]),
  decrypt_original: time(['decrypt', enc, '--out', path.join(dir, 'project-orig.csv'), '--passphrase-file', passFile, '--original']),
  decrypt_table: time(['decrypt', enc, '--out', path.join(dir, 'project-table.csv'), '--passphrase-file', passFile]),
};
const result = {
  file: args.file, bytes: bytes.length, page: best, page_cpu: bestCpu, page_first_round: first,
  ratio_save_first: first.save / first.read, ratio_open_first: first.open / first.read,
  ratio_save_cpu: bestCpu.save / bestCpu.read, ratio_open_cpu: bestCpu.open / bestCpu.read,
  ratio_save: best.save / best.read, ratio_open: best.open / best.read, ratio_open_whole: best.openWhole / best.read, native,
};
fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
const f = (s) => `${s.toFixed(2)} s`;
console.log(`project files, ${(bytes.length / 1e6).toFixed(0)} MB CSV (${args.file})`);
console.log(`  page  read CSV ${f(best.read)} | save encrypted ${f(best.save)} (${result.ratio_save.toFixed(2)}x, target < 2x; key derivation alone ${f(best.key)}) | open encrypted + read ${f(best.open)} (${result.ratio_open.toFixed(2)}x, target < 2x)`);
console.log(`  page, open as "Open project…" does it (every segment decrypted, then read): ${f(best.openWhole)} (${result.ratio_open_whole.toFixed(2)}x)`);
console.log(`  page, first round (fresh engine): read ${f(first.read)} | save ${f(first.save)} (${result.ratio_save_first.toFixed(2)}x) | open + read ${f(first.open)} (${result.ratio_open_first.toFixed(2)}x)`);
console.log(`  page CPU: read ${f(bestCpu.read)} | save ${f(bestCpu.save)} (${result.ratio_save_cpu.toFixed(2)}x) | open + read ${f(bestCpu.open)} (${result.ratio_open_cpu.toFixed(2)}x)`);
console.log(`  native convert ${f(native.convert)} | encrypt ${f(native.encrypt)} | decrypt --original ${f(native.decrypt_original)} | decrypt (table) ${f(native.decrypt_table)}`);
