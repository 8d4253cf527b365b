// Shared helpers for the benchmark peers and runner: argument parsing, timing, formatting,
// the missing-value test (same rule as the core's is_missing_value) and result reporting.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (bench/..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Prefix of the one stdout line through which a peer hands its figures to the runner. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * Minimal `--key value` / `--flag` parser. `defaults` lists the known keys; a key whose default
 * is a boolean is a flag. Positional arguments go to `_`. Unknown options are an error.
 */
export function parseArgs(argv, defaults = {}) {
  const out = { ...defaults, _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { out._.push(a); continue; }
    let key = a.slice(2);
    let val;
    const eq = key.indexOf('=');
    if (eq >= 0) { val = key.slice(eq + 1); key = key.slice(0, eq); }
    if (!(key in defaults)) throw new Error(`unknown option --${key}`);
    if (typeof defaults[key] === 'boolean') out[key] = val === undefined ? true : val !== 'false';
    else {
      if (val === undefined) {
        if (i + 1 >= argv.length) throw new Error(`option --${key} needs a value`);
        val = argv[++i];
      }
      out[key] = val;
    }
  }
  return out;
}

/** Milliseconds from a monotonic clock. */
export const now = () => performance.now();

/** Seconds elapsed since `t0` (a `now()` value). */
export const since = (t0) => (performance.now() - t0) / 1000;

/** The default null tokens (crm::default_null_tokens). */
export const NULL_TOKENS = ['NULL', 'null', 'N/A', 'n/a', 'NA', 'None', '-'];
const NULL_SET = new Set(NULL_TOKENS);
const BLANK = /^[ \t\r\n\v\f]*$/;

/** True when `v` counts as missing: empty, whitespace-only, or exactly a null token. */
export function isMissing(v) {
  if (v.length === 0) return true;
  const c0 = v.charCodeAt(0);
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return BLANK.test(v); // blank only if all whitespace
  return v.length <= 4 && NULL_SET.has(v); // the longest null token has 4 characters
}

/** Peak resident set size of this process in KB (Linux: ru_maxrss). */
export const maxRssKB = () => process.resourceUsage().maxRSS;

/** File size in bytes. */
export const fileBytes = (file) => fs.statSync(file).size;

/** Megabytes (1e6 bytes). */
export const MB = (bytes) => bytes / 1e6;

/** Fixed-point formatting that tolerates missing values. */
export function fmt(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  return Number(x).toFixed(digits);
}

/** Prints a peer's figures as the single machine-readable line the runner looks for. */
export function emitResult(obj) {
  process.stdout.write(RESULT_PREFIX + JSON.stringify(obj) + '\n');
  // And a line for people running a peer by hand.
  const parts = Object.entries(obj.seconds || {}).map(([k, v]) => `${k} ${fmt(v, 3)} s`);
  if (obj.wasm_heap_bytes) parts.push(`wasm heap ${fmt(MB(obj.wasm_heap_bytes), 1)} MB`);
  if (obj.max_rss_kb) parts.push(`maxRSS ${fmt(obj.max_rss_kb * 1024 / 1e6, 1)} MB`);
  process.stderr.write(`${obj.peer}: ${fmt(MB(obj.bytes), 1)} MB, ${obj.rows} rows; ${parts.join(', ')}\n`);
}

/** Finds the result line in a peer's stdout; null when absent. */
export function findResult(stdout) {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
  return line ? JSON.parse(line.slice(RESULT_PREFIX.length)) : null;
}

/** Runs `main` and turns a thrown error into a clear message and exit status 1. */
export function runMain(name, main) {
  main().catch((err) => {
    console.error(`${name}: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  });
}

/** Renders rows (arrays of cells) as a plain-text table; `align` is 'l'/'r' per column. */
export function table(header, rows, align = []) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] || '').length)));
  const line = (r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
    .join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)]
    .join('\n');
}
