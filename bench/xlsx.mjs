// Excel import/export timing under Node: `node bench/xlsx.mjs [--rows N] [--runs R] [--out F]`.
// Generates N customer rows (crmwb generate, seed 7), loads them into the engine, writes them with
// writeXlsx (as the worker's export does), then reads the workbook back with sheetToCsv (as the
// worker's import does), R times each; prints the median and every run. --out keeps the .xlsx.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEngineNode } from '../web/engine-node.js';
import { sheetToCsv, writeXlsx } from '../web/xlsx.js';
import { ROOT, now, parseArgs } from './common.mjs';

const args = parseArgs(process.argv.slice(2), { rows: '200000', runs: '3', out: '' });
const rows = Number(args.rows);
const runs = Number(args.runs);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-xlsx-bench-'));
const csvFile = path.join(dir, 'customers.csv');
execFileSync(path.join(ROOT, 'build/native/crmwb'), [
  'generate', '--rows', String(rows), '--seed', '7', '--dup-rate', '0.1', '--out', csvFile,
]);
const engine = await loadEngineNode();
engine.beginLoad({});
engine.feed(new Uint8Array(fs.readFileSync(csvFile)));
const load = engine.finishLoad();
fs.rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const write = [];
const read = [];
let bytes;
let csvBytes = 0;
for (let r = 0; r < runs; r++) {
  let t = now();
  bytes = writeXlsx({
    columns: load.columns,
    rowCount: load.rows,
    getRows: (b, e) => engine.window(b, e),
  }).bytes;
  write.push(now() - t);
  t = now();
  const pieces = sheetToCsv(bytes, 0, { pieces: true });
  read.push(now() - t);
  csvBytes = pieces.reduce((n, p) => n + p.length, 0);
}
if (args.out) fs.writeFileSync(args.out, bytes);
const s = (ms) => (ms / 1000).toFixed(2);
console.log(
  `${load.rows} rows, ${load.columns.length} columns: .xlsx ${(bytes.length / 1e6).toFixed(1)} MB, ` +
    `CSV ${(csvBytes / 1e6).toFixed(1)} MB\n` +
    `writeXlsx  median ${s(median(write))} s (${write.map(s).join(', ')})\n` +
    `sheetToCsv median ${s(median(read))} s (${read.map(s).join(', ')})\n` +
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
