// Benchmark runner (entry: scripts/bench). Generates the customer CSV with `crmwb generate`
// (cached), runs every peer in its own process, one after another, under /usr/bin/time, prints a
// table with the target ratios, and writes the figures to build/bench/results.json.
//
// Options:
//   --rows N          rows to generate (default 1000000)
//   --seed S          generator seed (default 7)
//   --dup-rate R      generator duplicate rate (default 0.1)
//   --file PATH       benchmark an existing CSV instead (no generation)
//   --only LIST       comma-separated peers: native,wasm,papaparse-parse,papaparse,duckdb,phone,
//                     clean (the suggested recipe through the WebAssembly engine: bench/clean.mjs)
//   --timeout SEC     per-peer time limit (default 600)
//   --out PATH        JSON results (default build/bench/results.json)
//   --crmwb PATH      native tool (default build/native/crmwb)
//   --engine MODULE   Node loader of the wasm engine (default web/engine-node.js)
//   --repeat N        rounds (default 3): every round runs each peer once, in turn; each peer's
//                     figures come from its fastest round, the least disturbed by other work on
//                     the machine; the ratios are also given from the median rounds
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, parseArgs, now, since, MB, fmt, findResult, table } from './common.mjs';

const PEERS = ['native', 'wasm', 'papaparse-parse', 'papaparse', 'duckdb', 'phone', 'clean'];
const TIME = '/usr/bin/time';

function usage(msg) {
  if (msg) console.error(`bench: ${msg}`);
  console.error('usage: scripts/bench [--rows N] [--seed S] [--dup-rate R] [--file CSV] ' +
    '[--only native,wasm,papaparse-parse,papaparse,duckdb,phone,clean] [--timeout SEC] [--out JSON] [--crmwb PATH] ' +
    '[--engine MODULE] [--repeat N]');
  process.exit(2);
}

/** "1m", "100k" or the plain number, for file names. */
function rowsLabel(n) {
  if (n % 1000000 === 0) return `${n / 1000000}m`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

/**
 * Runs `cmd args` in its own process group under /usr/bin/time (when present), with a time
 * limit. Resolves to { ok, code, signal, timedOut, wall, timeWall, rssKB, stdout, stderr }.
 */
function runMeasured(cmd, args, { timeoutSec, captureStdout }) {
  const haveTime = fs.existsSync(TIME);
  const timeFile = path.join(os.tmpdir(), `crmwb-bench-time-${process.pid}-${Date.now()}`);
  const argv = haveTime ? [TIME, '-f', '%e %M', '-o', timeFile, cmd, ...args] : [cmd, ...args];
  return new Promise((resolve) => {
    const t0 = now();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: ROOT,
      detached: true, // own process group, so a timeout kills the peer and its children
      stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (child.stdout) child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 65536) stderr = stderr.slice(-32768);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutSec * 1000);
    const finish = (code, signal, spawnError) => {
      clearTimeout(timer);
      const wall = since(t0);
      let timeWall = null;
      let rssKB = null;
      let exitCode = code;
      if (haveTime && fs.existsSync(timeFile)) {
        const text = fs.readFileSync(timeFile, 'utf8').trim();
        fs.rmSync(timeFile, { force: true });
        // On a non-zero exit GNU time writes "Command exited with non-zero status N" first.
        const last = text.split('\n').pop();
        const m = /^([\d.]+) (\d+)$/.exec(last);
        if (m) { timeWall = Number(m[1]); rssKB = Number(m[2]); }
        const st = /non-zero status (\d+)/.exec(text);
        if (st) exitCode = Number(st[1]);
        const sig = /terminated by signal (\d+)/.exec(text);
        if (sig) signal = `signal ${sig[1]}`;
      }
      if (spawnError) stderr += `\n${spawnError.message}`;
      resolve({
        ok: !timedOut && !spawnError && exitCode === 0 && !signal,
        code: exitCode, signal, timedOut, wall, timeWall, rssKB, stdout, stderr,
      });
    };
    child.on('error', (err) => finish(null, null, err));
    child.on('close', (code, signal) => finish(code, signal, null));
  });
}

/** Returns the CSV to benchmark, generating it with `crmwb generate` unless cached. */
async function prepareFile(opts) {
  if (opts.file) {
    if (!fs.existsSync(opts.file)) usage(`--file ${opts.file}: no such file`);
    return { path: path.resolve(opts.file), generated: false, generator: null };
  }
  const rows = Number(opts.rows);
  if (!Number.isInteger(rows) || rows <= 0) usage('--rows must be a positive integer');
  const dir = path.join(ROOT, 'build', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, `customers_${rowsLabel(rows)}.csv`);
  const markerPath = `${csv}.marker`;
  const want = { generator: 'crmwb generate', rows, seed: Number(opts.seed), dup_rate: Number(opts['dup-rate']) };
  if (fs.existsSync(csv) && fs.existsSync(markerPath)) {
    try {
      const marker = JSON.parse(fs.readFileSync(markerPath, 'utf8'));
      const same = Object.keys(want).every((k) => marker[k] === want[k]);
      if (same && marker.bytes === fs.statSync(csv).size) {
        console.log(`bench: using cached ${path.relative(ROOT, csv)} (${fmt(MB(marker.bytes), 1)} MB)`);
        return { path: csv, generated: false, generator: want };
      }
    } catch { /* regenerate */ }
  }
  const crmwb = path.resolve(opts.crmwb);
  if (!fs.existsSync(crmwb)) {
    console.error(`bench: ${path.relative(ROOT, crmwb)} not found: build it with 'scripts/build native' ` +
      '(or pass --file CSV to benchmark an existing file)');
    process.exit(1);
  }
  fs.rmSync(markerPath, { force: true });
  console.log(`bench: generating ${rows} rows -> ${path.relative(ROOT, csv)} ...`);
  const r = await runMeasured(crmwb, ['generate', '--rows', String(rows), '--seed', String(want.seed),
    '--dup-rate', String(want.dup_rate), '--out', csv], { timeoutSec: Number(opts.timeout), captureStdout: false });
  if (!r.ok) {
    console.error(`bench: crmwb generate failed (${describeFailure(r)})\n${r.stderr.trim()}`);
    process.exit(1);
  }
  const bytes = fs.statSync(csv).size;
  fs.writeFileSync(markerPath, JSON.stringify({ ...want, bytes }) + '\n');
  console.log(`bench: generated ${fmt(MB(bytes), 1)} MB in ${fmt(r.wall)} s`);
  return { path: csv, generated: true, generator: want, generate_seconds: r.wall };
}

function describeFailure(r) {
  if (r.timedOut) return 'timed out';
  if (r.signal) return `killed by ${r.signal}`;
  return `exit status ${r.code}`;
}

/** The command line of each peer. */
function peerCommand(peer, file, opts) {
  const node = process.execPath;
  switch (peer) {
    case 'native': return { cmd: path.resolve(opts.crmwb), args: ['profile', file, '--json'], capture: false };
    case 'wasm': return { cmd: node, args: ['bench/wasm_profile.mjs', file, '--engine', opts.engine], capture: true };
    case 'papaparse-parse': return { cmd: node, args: ['bench/papaparse_profile.mjs', file, '--parse-only'], capture: true };
    case 'papaparse': return { cmd: node, args: ['bench/papaparse_profile.mjs', file], capture: true };
    case 'duckdb': return { cmd: node, args: ['bench/duckdb_profile.mjs', file], capture: true };
    // The phone normalizer against libphonenumber-js on 1,000,000 generated numbers (no file).
    case 'phone': return { cmd: node, args: ['bench/phone.mjs'], capture: true };
    // The suggested recipe on the file through the WebAssembly engine (one click, then per step).
    case 'clean': return { cmd: node, args: ['bench/clean.mjs', file, '--engine', opts.engine], capture: true };
    default: throw new Error(peer);
  }
}

async function runPeer(peer, file, opts) {
  const { cmd, args, capture } = peerCommand(peer, file, opts);
  if (peer === 'native' && !fs.existsSync(cmd)) {
    const error = `${path.relative(ROOT, cmd)} not found (scripts/build native)`;
    console.log(`bench: ${peer}: FAILED (${error})`);
    return { peer, ok: false, error };
  }
  process.stdout.write(`bench: running ${peer} ... `);
  const r = await runMeasured(cmd, args, { timeoutSec: Number(opts.timeout), captureStdout: capture });
  const out = { peer, ok: r.ok, wall_seconds: r.wall, time_wall_seconds: r.timeWall,
    max_rss_kb: r.rssKB, command: [path.relative(ROOT, cmd) || cmd, ...args].join(' ') };
  if (r.ok && capture) {
    const res = findResult(r.stdout);
    if (!res) { out.ok = false; out.error = 'no result line in the output'; } else out.result = res;
    // Without /usr/bin/time, fall back to the peer's own ru_maxrss.
    if (out.max_rss_kb === null && res) out.max_rss_kb = res.max_rss_kb;
  }
  if (!out.ok) {
    out.stderr = r.stderr.trim().split('\n').slice(-15).join('\n');
    if (!out.error) {
      const last = out.stderr.split('\n').pop();
      out.error = describeFailure(r) + (last ? `: ${last.length > 90 ? last.slice(0, 87) + '...' : last}` : '');
    }
    console.log(`FAILED (${out.error}) after ${fmt(r.wall)} s`);
    if (out.stderr) console.log(out.stderr.replace(/^/gm, '    | '));
  } else {
    console.log(`${fmt(r.wall)} s wall, peak RSS ${fmt(out.max_rss_kb * 1024 / 1e6, 0)} MB`);
  }
  return out;
}

async function main() {
  process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2), { rows: '1000000', seed: '7', 'dup-rate': '0.1', file: null,
      only: PEERS.join(','), timeout: '600', out: path.join(ROOT, 'build', 'bench', 'results.json'),
      crmwb: path.join(ROOT, 'build', 'native', 'crmwb'), engine: path.join(ROOT, 'web', 'engine-node.js'),
      repeat: '3' });
  } catch (e) { usage(e.message); }
  if (opts._.length) usage(`unexpected argument ${opts._[0]}`);
  const only = opts.only.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of only) if (!PEERS.includes(p)) usage(`unknown peer ${p}`);
  if (!fs.existsSync(TIME)) console.log(`bench: ${TIME} not found; node peers report their own peak RSS, native RSS unknown`);

  const data = await prepareFile(opts);
  const bytes = fs.statSync(data.path).size;
  const mb = MB(bytes);
  console.log(`bench: file ${path.relative(ROOT, data.path)}: ${fmt(mb, 1)} MB; ${os.cpus().length} cores; node ${process.version}`);

  const nativeThreads = Math.min(4, os.cpus().length); // crmwb profile's default --threads
  const repeat = Number(opts.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) usage('--repeat must be a positive integer');
  // Rounds: each peer once per round, in turn, so that a disturbance hits every peer alike.
  const all = {}; // peer -> runs, in round order
  for (let round = 1; round <= repeat; round++) {
    if (repeat > 1) console.log(`bench: round ${round} of ${repeat}`);
    for (const peer of PEERS) {
      if (!only.includes(peer)) continue;
      if (all[peer] && !all[peer].at(-1).ok) continue; // a failed peer is not run again
      (all[peer] ||= []).push(await runPeer(peer, data.path, opts));
    }
  }
  const runs = {}; // peer -> its fastest run, with every round's headline seconds
  const medians = {};
  for (const [peer, list] of Object.entries(all)) {
    const failed = list.find((r) => !r.ok);
    if (failed) { runs[peer] = failed; continue; }
    const secs = list.map(headlineSeconds);
    const best = list[secs.indexOf(Math.min(...secs))];
    runs[peer] = { ...best, rounds_seconds: secs };
    medians[peer] = median(secs);
  }

  // ---- figures -------------------------------------------------------------------------------
  const rssMB = (r) => (r && r.max_rss_kb ? r.max_rss_kb * 1024 / 1e6 : null);
  const lines = []; // { peer, what, seconds, rate, rss, heap }
  const add = (peer, what, seconds, { rate = true, rss = null, heap = null } = {}) =>
    lines.push({ peer, what, seconds, mbps: rate && seconds ? mb / seconds : null, rss_mb: rss, heap_mb: heap });
  const ok = (p) => runs[p] && runs[p].ok;
  const sec = (p) => (ok(p) ? runs[p].result.seconds : null);

  const headline = {}; // seconds used by the ratios
  if (ok('native')) {
    headline.native = runs.native.wall_seconds;
    add('native', 'profile --json (process wall)', headline.native, { rss: rssMB(runs.native) });
  }
  if (ok('wasm')) {
    const s = sec('wasm');
    const heap = runs.wasm.result.wasm_heap_bytes;
    add('wasm', 'init (instantiate)', s.init, { rate: false });
    add('wasm', 'load (4 MiB chunks)', s.load);
    add('wasm', 'profile', s.profile);
    add('wasm', 'total (load+profile)', s.total, { rss: rssMB(runs.wasm), heap: heap ? MB(heap) : null });
    headline.wasm = s.total;
  }
  if (ok('papaparse-parse')) {
    add('papaparse', 'parse only', sec('papaparse-parse').total, { rss: rssMB(runs['papaparse-parse']) });
  }
  if (ok('papaparse')) {
    headline.papaparse = sec('papaparse').total;
    add('papaparse', 'parse+count (nulls, distinct)', headline.papaparse, { rss: rssMB(runs.papaparse) });
  }
  if (ok('duckdb')) {
    const s = sec('duckdb');
    const heap = runs.duckdb.result.wasm_heap_bytes;
    add('duckdb-wasm', 'init (instantiate+open)', s.init, { rate: false });
    add('duckdb-wasm', 'load (CREATE TABLE)', s.load);
    add('duckdb-wasm', 'SUMMARIZE', s.summarize);
    add('duckdb-wasm', 'total (load+summarize)', s.total, { rss: rssMB(runs.duckdb), heap: heap ? MB(heap) : null });
    headline.duckdb = s.total;
  }
  if (ok('phone')) {
    const r = runs.phone.result;
    add('crmwb WebAssembly', `phone normalizer, ${r.count} numbers to E.164`, r.wasm_seconds, { rate: false });
    add('libphonenumber-js', `parsePhoneNumber().format('E.164'), ${r.count} numbers`, r.js_seconds, { rate: false });
  }
  if (ok('clean')) {
    const r = runs.clean.result;
    add('crmwb WebAssembly', `suggested recipe, applyRecipe (${r.steps.length || '?'} steps + profile)`,
      r.seconds.recipe, { heap: MB(r.wasm_heap_bytes) });
    for (const st of r.steps) add('crmwb WebAssembly', `  step ${st.step}`, st.ms / 1000, { rate: false });
  }
  for (const p of Object.keys(runs)) {
    if (!runs[p].ok) {
      const e = runs[p].error;
      lines.push({ peer: p, what: `FAILED: ${e.length > 60 ? e.slice(0, 57) + '...' : e}`,
        seconds: null, mbps: null, rss_mb: null, heap_mb: null });
    }
  }

  // ---- targets -------------------------------------------------------------------------------
  const ratio = (a, b) => (a && b ? a / b : null);
  const wasmHeap = ok('wasm') ? runs.wasm.result.wasm_heap_bytes : null;
  const targets = [
    // The restated floors: the whole native process >= 3x DuckDB-WASM, and the WebAssembly
    // engine >= 1.5x (the floor bench/browser.mjs checks in the page).
    { name: 'native (whole process) faster than duckdb-wasm (duckdb load+summarize / native wall)',
      value: ratio(headline.duckdb, headline.native), median: ratio(medians.duckdb, medians.native),
      op: '>=', target: 3 },
    { name: 'wasm faster than duckdb-wasm (duckdb load+summarize / wasm load+profile)',
      value: ratio(headline.duckdb, headline.wasm), median: ratio(medians.duckdb, medians.wasm),
      op: '>=', target: 1.5 },
    { name: 'wasm faster than papaparse (papaparse parse+count / wasm load+profile)',
      value: ratio(headline.papaparse, headline.wasm), median: ratio(medians.papaparse, medians.wasm),
      op: '>=', target: 5 },
    { name: 'native faster than wasm (wasm load+profile / native wall)',
      value: ratio(headline.wasm, headline.native), median: ratio(medians.wasm, medians.native),
      op: '>=', target: 1.5 },
    { name: 'wasm peak heap / file size',
      value: wasmHeap ? wasmHeap / bytes : null, op: '<', target: 2.5 },
    { name: 'wasm phone normalizer faster than libphonenumber-js (1M numbers, same answers)',
      value: ok('phone') && runs.phone.result.agree === runs.phone.result.count
        ? runs.phone.result.ratio : null,
      median: ok('phone') ? median(all.phone.map((r) => r.result.ratio)) : null,
      op: '>=', target: 10 },
    { name: 'suggested recipe in the WebAssembly engine, seconds (applyRecipe)',
      value: ok('clean') ? runs.clean.result.seconds.recipe : null,
      median: ok('clean') ? median(all.clean.map((r) => r.result.seconds.recipe)) : null,
      op: '<', target: 5 },
    { name: 'one undo after applyStep, ms',
      value: ok('clean') ? runs.clean.result.undo_after_step_ms : null, op: '<', target: 100 },
    { name: 'peak wasm heap in the recipe run / file size',
      value: ok('clean') ? runs.clean.result.heap_per_file : null, op: '<', target: 3.5 },
  ];
  for (const t of targets) {
    if (t.value === null) t.status = 'N/A';
    else t.status = (t.op === '>=' ? t.value >= t.target : t.value < t.target) ? 'PASS' : 'MISS';
  }

  // ---- print ---------------------------------------------------------------------------------
  console.log('');
  console.log(table(['peer', 'what', 'seconds', 'MB/s', 'peak RSS MB', 'wasm heap MB'],
    lines.map((l) => [l.peer, l.what, fmt(l.seconds, 3), fmt(l.mbps, 1), fmt(l.rss_mb, 0), fmt(l.heap_mb, 0)]),
    ['l', 'l', 'r', 'r', 'r', 'r']));
  console.log('');
  const x = (v, unit) => (v === null || v === undefined ? '-' : fmt(v, 2) + unit);
  console.log(table(['target', 'value', 'median', 'goal', 'status'],
    targets.map((t) => {
      const unit = t.op === '<' ? '' : 'x';
      return [t.name, x(t.value, unit), x(t.median, unit), `${t.op} ${t.target}${unit}`, t.status];
    }), ['l', 'r', 'r', 'l', 'l']));
  console.log(`(MB = 1e6 bytes; file ${fmt(mb, 1)} MB. Ratios exclude engine instantiation; native is the whole process.)`);
  if (repeat > 1) {
    console.log(`(Best of ${repeat} rounds per peer; "median" compares the median rounds. Seconds per round: ` +
      Object.entries(runs).filter(([, r]) => r.ok)
        .map(([p, r]) => `${p} ${r.rounds_seconds.map((v) => fmt(v, 2)).join('/')}`).join('; ') + '.)');
  }
  // What a missed speed target asks for, next to what the native build does on every core.
  for (const [peer, label] of [['duckdb', 'duckdb-wasm'], ['papaparse', 'papaparse']]) {
    const t = targets.find((x) => x.name.startsWith(`wasm faster than ${label}`));
    if (t && t.status === 'MISS' && headline[peer]) {
      console.log(`(${t.target}x ${label} needs wasm load+profile <= ${fmt(headline[peer] / t.target, 2)} s` +
        (headline.native ? `; the native build took ${fmt(headline.native, 2)} s on ${nativeThreads} threads.)` : '.)'));
    }
  }

  const results = {
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length,
      cpu_model: os.cpus()[0] ? os.cpus()[0].model : null, mem_bytes: os.totalmem() },
    file: { path: path.relative(ROOT, data.path), bytes, mb, rows: rowsOf(runs), generated: data.generated,
      generator: data.generator, generate_seconds: data.generate_seconds ?? null },
    repeat,
    figures: lines,
    targets,
    peers: runs,
  };
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
  const outRel = path.relative(ROOT, path.resolve(opts.out));
  console.log(`bench: wrote ${outRel.startsWith('..') ? path.resolve(opts.out) : outRel}`);

  const failed = Object.values(runs).filter((r) => !r.ok).map((r) => r.peer);
  if (failed.length) {
    console.log(`bench: ${failed.length} peer(s) failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}

/** The seconds a peer's ratios use: the native process wall, else the peer's own total. */
function headlineSeconds(run) {
  if (run.peer === 'phone') return run.result.wasm_seconds;
  if (run.peer === 'clean') return run.result.seconds.recipe;
  return run.peer === 'native' ? run.wall_seconds : run.result.seconds.total;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function rowsOf(runs) {
  for (const p of ['wasm', 'papaparse', 'papaparse-parse', 'duckdb']) {
    if (runs[p] && runs[p].ok && runs[p].result.rows != null) return runs[p].result.rows;
  }
  return null;
}

main().catch((err) => { console.error(`bench: ${err.stack || err}`); process.exit(1); });
