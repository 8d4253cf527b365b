#!/usr/bin/env node
// Dedupe benchmark (prints figures; not a test): `crmwb dedupe` on generated customers with
// duplicates at 10k, 100k and 1M rows, natively and in WebAssembly (scripts/crmwb-wasm, the same
// C++ under Node), each in its own process, in turn. Per run: wall time, the engine's time per
// phase (--timings), pairs compared and pairs per second, peak memory (native: max RSS;
// WebAssembly: the module's memory at the end, which never shrinks, and the Node process RSS),
// and the native/WebAssembly speed ratio on the same file. Peers: `native` (threads: one per
// core, at most 4), `native1` (native with --threads 1) and `wasm` (one thread); per run also
// the CPU time (user + sys), which a shared machine disturbs less than the wall time.
// Targets (informational): 1M rows in WebAssembly < 60 s and < 2 GB; native >= 1.5x faster.
//
// Usage: node bench/dedupe.mjs [--rows 10000,100000,1000000] [--seed S] [--dup-rate R]
//                              [--out JSON] [--only native,native1,wasm]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opts = { rows: '10000,100000,1000000', seed: '7', 'dup-rate': '0.1',
  out: path.join(ROOT, 'build/bench/dedupe.json'), only: 'native,wasm' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const k = argv[i].replace(/^--/, '');
  if (!(k in opts) || i + 1 >= argv.length) {
    console.error('usage: node bench/dedupe.mjs [--rows N,N,...] [--seed S] [--dup-rate R] ' +
      '[--out JSON] [--only native,native1,wasm]');
    process.exit(2);
  }
  opts[k] = argv[++i];
}
const native = path.join(ROOT, 'build/native/crmwb');
const wasm = path.join(ROOT, 'scripts/crmwb-wasm');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-dedupe-bench-'));
const peers = opts.only.split(',');

/** Runs one dedupe under /usr/bin/time; returns wall seconds, max RSS and the JSON summary. */
function runOne(peer, file) {
  const memFile = path.join(dir, 'wasm-memory.txt');
  const cmd = peer === 'wasm' ? ['node', wasm] : [native];
  const args = [...cmd, 'dedupe', file, ...(peer === 'native1' ? ['--threads', '1'] : []), '--out', path.join(dir, `${peer}.out.csv`),
    '--clusters', path.join(dir, `${peer}.clusters.csv`), '--json', '--timings'];
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M cpu=%U+%S', ...args], {
    env: { ...process.env, CRMWB_WASM_MEMORY: memFile }, maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${peer} failed: ${r.stderr}`);
  const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr.toString())[1]) * 1024;
  const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr.toString());
  const summary = JSON.parse(r.stdout.toString());
  const out = { seconds: +seconds.toFixed(2), cpu_seconds: +(Number(cpu[1]) + Number(cpu[2])).toFixed(2),
    max_rss_mb: +(rss / 2 ** 20).toFixed(1),
    pairs_compared: summary.pairs_compared, clusters: summary.clusters,
    pairs_per_second: summary.pairs_per_second, timings_ms: summary.timings_ms };
  if (peer === 'wasm' && fs.existsSync(memFile)) {
    out.wasm_memory_mb = +(Number(fs.readFileSync(memFile, 'utf8')) / 2 ** 20).toFixed(1);
    fs.rmSync(memFile);
  }
  return out;
}

const results = [];
for (const rows of opts.rows.split(',').map(Number)) {
  const file = path.join(dir, `customers_${rows}.csv`);
  execFileSync(native, ['generate', '--rows', String(rows), '--seed', opts.seed,
    '--dup-rate', opts['dup-rate'], '--out', file]);
  const entry = { rows };
  for (const peer of peers) {
    entry[peer] = runOne(peer, file);
    console.log(`${rows} rows, ${peer}: ${entry[peer].seconds} s (CPU ${entry[peer].cpu_seconds} s), ` +
      `${entry[peer].pairs_compared} pairs (${entry[peer].pairs_per_second}/s in compare), ` +
      `max RSS ${entry[peer].max_rss_mb} MB` +
      (entry[peer].wasm_memory_mb ? `, wasm memory ${entry[peer].wasm_memory_mb} MB` : '') +
      `\n  phases (ms): ${JSON.stringify(entry[peer].timings_ms)}`);
  }
  // Every peer writes the same bytes (threads or not, native or WebAssembly).
  for (const peer of peers.slice(1)) {
    for (const kind of ['out', 'clusters']) {
      const a = fs.readFileSync(path.join(dir, `${peers[0]}.${kind}.csv`));
      const b = fs.readFileSync(path.join(dir, `${peer}.${kind}.csv`));
      if (!a.equals(b)) throw new Error(`${rows} rows: ${peer}'s ${kind} differs from ${peers[0]}'s`);
    }
  }
  if (entry.native && entry.wasm) {
    entry.native_speedup = +(entry.wasm.seconds / entry.native.seconds).toFixed(2);
    console.log(`  native is ${entry.native_speedup}x faster than WebAssembly`);
  }
  if (entry.native1 && entry.wasm) {
    entry.native1_speedup = +(entry.wasm.seconds / entry.native1.seconds).toFixed(2);
    console.log(`  native on one thread is ${entry.native1_speedup}x faster than WebAssembly`);
  }
  fs.rmSync(file);
  results.push(entry);
}
fs.mkdirSync(path.dirname(opts.out), { recursive: true });
fs.writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
const big = results.find((r) => r.rows >= 1000000 && r.wasm);
if (big) {
  console.log(`target 1M rows in WebAssembly < 60 s: ${big.wasm.seconds} s; < 2 GB: ` +
    `${big.wasm.wasm_memory_mb} MB`);
}
fs.rmSync(dir, { recursive: true, force: true });
