// Times the grid's row filters in the WebAssembly engine under Node: loads and profiles FILE, then
// runs every filter kind on every column (pattern: the column's most common shape), a sort of
// every column (all rows, ascending), the search filter (a few texts, in all columns and in one)
// and a grid window of 50 rows x all columns (cell flags), each --repeat times; prints the best
// time of each. --only sort|search skips the rest (an older engine without search: --only sort).
//
// Usage: node bench/view_filters.mjs FILE [--repeat N] [--engine MODULE] [--only sort|search]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, parseArgs, now, since, runMain } from './common.mjs';

const CHUNK = 4 << 20;

runMain('view_filters', async () => {
  const args = parseArgs(process.argv.slice(2), {
    engine: path.join(ROOT, 'web', 'engine-node.js'),
    repeat: '3',
    only: '',
  });
  const file = args._[0];
  if (!file) throw new Error('usage: node bench/view_filters.mjs FILE [--repeat N]');
  const repeat = Math.max(1, Number(args.repeat));
  const { loadEngineNode } = await import(pathToFileURL(path.resolve(args.engine)).href);
  const engine = await loadEngineNode();
  engine.beginLoad({ expectedBytes: fs.statSync(file).size });
  const buf = new Uint8Array(CHUNK);
  const fd = fs.openSync(file, 'r');
  for (let n; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0;) {
    engine.feed(n === CHUNK ? buf : buf.subarray(0, n));
  }
  fs.closeSync(fd);
  engine.finishLoad();
  const t0 = now();
  const profile = engine.profile();
  const profileSeconds = since(t0);

  const best = (fn) => {
    let b = Infinity;
    let out;
    for (let i = 0; i < repeat; i++) {
      const t = now();
      out = fn();
      b = Math.min(b, since(t));
    }
    return [b, out];
  };
  const totals = {};
  const lines = [];
  const only = args.only;
  for (const kind of only ? [] : ['missing', 'invalid', 'inconsistent', 'whitespace', 'pattern', 'value']) {
    let sum = 0;
    let worst = 0;
    const counts = [];
    profile.columns.forEach((c, column) => {
      const value = kind === 'pattern' ? c.patterns[0]?.value ?? '' : kind === 'value' ? c.top[0]?.value ?? '' : '';
      const [s, r] = best(() => engine.setView({ filters: [{ kind, column, value }] }));
      sum += s;
      worst = Math.max(worst, s);
      counts.push(r.rows);
    });
    totals[kind] = sum;
    lines.push(`${kind.padEnd(13)} all ${profile.columns.length} columns ${(sum * 1000).toFixed(1)} ms, ` +
      `slowest column ${(worst * 1000).toFixed(1)} ms; rows ${counts.join(' ')}`);
  }
  if (!only) {
    const [dup, dr] = best(() => engine.setView({ filters: [{ kind: 'duplicate', column: 0 }] }));
    lines.push(`duplicate     ${(dup * 1000).toFixed(1)} ms; rows ${dr.rows}`);
  }
  const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
  if (!only || only === 'sort') {
    const parts = [];
    profile.columns.forEach((c, column) => {
      const [s] = best(() => engine.setView({ sort: { column } }));
      parts.push(`${c.name} (${c.type}) ${ms(s)}`);
    });
    lines.push(`sort          ${parts.join(', ')}`);
  }
  if (!only || only === 'search') {
    const one = Math.max(0, profile.columns.findIndex((c) => c.type === 'email'));
    for (const value of ['son', 'MÜLLER', 'zqxj']) {
      const [all, ra] = best(() => engine.setView({ filters: [{ kind: 'search', column: -1, value }] }));
      const [col, rc] = best(() => engine.setView({ filters: [{ kind: 'search', column: one, value }] }));
      lines.push(`search "${value}"`.padEnd(14) + `all columns ${ms(all)} (${ra.rows} rows), ` +
        `${profile.columns[one].name} ${ms(col)} (${rc.rows} rows)`);
    }
  }
  engine.setView({});
  const [win] = best(() => {
    for (let i = 0; i < 20; i++) engine.viewWindow(i * 50000, i * 50000 + 50);
  });
  lines.push(`viewWindow    50 rows x ${profile.columns.length} columns: ${(win / 20 * 1000).toFixed(2)} ms`);
  console.log(`profile ${profileSeconds.toFixed(3)} s, wasm heap ${(engine.heapBytes() / 1e6).toFixed(1)} MB`);
  for (const l of lines) console.log(l);
});
