// Spelling clusters: the WebAssembly engine (engine.spellingClusters, fingerprint / n-gram /
// Double Metaphone keys over a column's distinct values) on a generated customer file, against a
// plain JavaScript fingerprint clustering of the same column (String.normalize + Unicode regular
// expressions, the way one would write OpenRefine's keyer in JS) in the same Node process.
// Prints per column the distinct values, the groups, both times and the ratio. Times are the
// process's CPU time (user + system; the work is single-threaded), steadier than wall time on a
// shared machine.
//
// Usage: node bench/spelling.mjs [--file CSV] [--rows N] [--seed S] [--columns a,b,c]
//   Without --file, generates N rows (default 1,000,000, seed 1) with build/native/crmwb.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadEngineNode } from '../web/engine-node.js';
import { ROOT, parseArgs, emitResult, runMain } from './common.mjs';

/** CPU seconds of this process (user + system). */
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const since = (t0) => now() - t0;

const PUNCT_CTRL = /[\p{P}\x00-\x08\x0E-\x1F\x7F\x80-\x84\x86-\x9F]/gu;
const MARKS = /[\u0300-\u036F\p{Lm}\p{Sk}]+/gu;
const LETTERS = { ß: 'ss', æ: 'ae', ø: 'oe', å: 'aa', '©': 'c', ð: 'd', đ: 'd', ɖ: 'd', þ: 'th', ƿ: 'w', ħ: 'h', ı: 'i', ĸ: 'k', ł: 'l', ŋ: 'n', ſ: 's', ŧ: 't', œ: 'oe', ẜ: 's', ẝ: 's' };
const LETTER_RE = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/** OpenRefine's fingerprint in plain JavaScript (the peer). */
function fingerprintJs(v) {
  let s = v.trim().toLowerCase().normalize('NFKD').replace(MARKS, '');
  s = s.replace(LETTER_RE, (c) => LETTERS[c]).replace(PUNCT_CTRL, '');
  const words = s.split(/\s+/u);
  if (words.length && words[words.length - 1] === '') words.pop();
  return [...new Set(words)].sort().join(' ');
}

/** Groups of ≥ 2 distinct values sharing a fingerprint (the peer's whole job). */
function clustersJs(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const groups = new Map();
  for (const v of counts.keys()) {
    const k = fingerprintJs(v);
    if (k === '') continue;
    const g = groups.get(k);
    if (g) g.push(v);
    else groups.set(k, [v]);
  }
  let n = 0;
  for (const g of groups.values()) if (g.length >= 2) n++;
  return { distinct: counts.size, groups: n };
}

runMain('spelling', async () => {
  const args = parseArgs(process.argv.slice(2), {
    file: '', rows: '1000000', seed: '1', columns: 'first_name,last_name,city,company,street,email',
  });
  let file = args.file;
  if (!file) {
    file = path.join(ROOT, 'build', 'bench', `spelling-${args.rows}-${args.seed}.csv`);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const g = spawnSync(path.join(ROOT, 'build/native/crmwb'),
        ['generate', '--rows', args.rows, '--seed', args.seed, '--out', file], { stdio: 'inherit' });
      if (g.status !== 0) throw new Error('crmwb generate failed');
    }
  }
  const engine = await loadEngineNode();
  const bytes = fs.readFileSync(file);
  const tLoad = now();
  engine.beginLoad({ expectedBytes: bytes.length });
  for (let i = 0; i < bytes.length; i += 4 << 20) engine.feed(bytes.subarray(i, i + (4 << 20)));
  const load = engine.finishLoad();
  engine.profile();
  const loadSeconds = since(tLoad);
  const names = load.columns;
  const rows = load.rows;
  console.log(`${path.basename(file)}: ${rows.toLocaleString('en-US')} rows, load + profile ${loadSeconds.toFixed(2)} s`);
  const results = [];
  for (const column of args.columns.split(',')) {
    const c = names.indexOf(column);
    if (c < 0) throw new Error(`no column ${column}`);
    const times = {};
    let fp = null;
    for (const method of ['fingerprint', 'ngram', 'metaphone']) {
      const t = now();
      const r = engine.spellingClusters(column, method, { maxGroups: 200, maxSpellings: 50 }); // as the page asks
      times[method] = since(t);
      if (method === 'fingerprint') fp = r;
    }
    // The peer gets the column's non-missing values as JS strings first (not timed).
    engine.setView({});
    const values = [];
    for (let b = 0; b < rows; b += 65536) {
      const w = engine.viewWindow(b, Math.min(rows, b + 65536));
      w.rows.forEach((row, i) => { if (!(w.flags[i][c] & 1)) values.push(row[c]); });
    }
    const t = now();
    const js = clustersJs(values);
    const jsSeconds = since(t);
    const row = {
      column, distinct: fp.distinct, groups: fp.groups, js_groups: js.groups,
      wasm_fingerprint_seconds: times.fingerprint, wasm_ngram_seconds: times.ngram,
      wasm_metaphone_seconds: times.metaphone, js_fingerprint_seconds: jsSeconds,
      ratio: jsSeconds / times.fingerprint,
    };
    results.push(row);
    console.log(`${column}: ${fp.distinct.toLocaleString('en-US')} distinct, ${fp.groups} groups ` +
      `(JS ${js.groups}); wasm fingerprint ${times.fingerprint.toFixed(3)} s, ngram ` +
      `${times.ngram.toFixed(3)} s, metaphone ${times.metaphone.toFixed(3)} s; JS fingerprint ` +
      `${jsSeconds.toFixed(3)} s (${row.ratio.toFixed(2)}x)`);
  }
  emitResult({ file, rows, load_seconds: loadSeconds, columns: results });
});
