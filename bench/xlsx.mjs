// Excel import/export timing under Node:
//   node bench/xlsx.mjs [--rows N] [--runs R] [--out F]   or   node bench/xlsx.mjs --file F.xlsx
// Generates N customer rows (crmwb generate, seed 7), loads and profiles them in the engine, writes
// them with writeXlsx and the profile's column types (as the worker's export does), then reads
// the workbook back with sheetToCsv (as the worker's import does), R times each; prints the median and every run. --out keeps the .xlsx;
// --file reads that workbook instead (nothing generated or written). Reading is timed on both
// inflate paths: fflate (sheetToCsv) and the runtime's DecompressionStream (sheetToCsvAsync with
// inflate 'native', what the browser's worker uses).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEngineNode } from '../web/engine-node.js';
import { sheetToCsv, sheetToCsvAsync, writeXlsx } from '../web/xlsx.js';
import { ROOT, now, parseArgs } from './common.mjs';

const args = parseArgs(process.argv.slice(2), { rows: '200000', runs: '3', out: '', file: '' });
const runs = Number(args.runs);

/** The generated rows loaded into the engine: {engine, load}. */
async function generated(rows) {
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
  // The column types, as the worker passes them (typed number, date and boolean cells).
  const types = engine.profile({}).columns.map((c) => ({ type: c.type, format: c.format ?? '' }));
  return { engine, load, types };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => (ms / 1000).toFixed(2);
const write = [];
const read = { fflate: [], native: [] };
let bytes = args.file ? new Uint8Array(fs.readFileSync(args.file)) : null;
const source = args.file ? null : await generated(Number(args.rows));
let csvBytes = 0;
for (let r = 0; r < runs; r++) {
  if (source) {
    const t = now();
    bytes = writeXlsx({
      columns: source.load.columns,
      rowCount: source.load.rows,
      getRows: (b, e) => source.engine.window(b, e),
      types: source.types,
    }).bytes;
    write.push(now() - t);
  }
  for (const inflate of ['fflate', 'native']) {
    const t = now();
    const pieces = inflate === 'fflate'
      ? sheetToCsv(bytes, 0, { pieces: true })
      : await sheetToCsvAsync(bytes, 0, { pieces: true, inflate });
    read[inflate].push(now() - t);
    csvBytes = pieces.reduce((n, p) => n + p.length, 0);
  }
}
if (args.out) fs.writeFileSync(args.out, bytes);
const times = (xs) => `median ${s(median(xs))} s, min ${s(Math.min(...xs))} s (${xs.map(s).join(', ')})`;
console.log(
  (source ? `${source.load.rows} rows, ${source.load.columns.length} columns: ` : `${args.file}: `) +
    `.xlsx ${(bytes.length / 1e6).toFixed(1)} MB, CSV ${(csvBytes / 1e6).toFixed(1)} MB\n` +
    (source ? `writeXlsx  ${times(write)}\n` : '') +
    `sheetToCsv (fflate)                  ${times(read.fflate)}\n` +
    `sheetToCsvAsync (inflate 'native')   ${times(read.native)}\n` +
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
