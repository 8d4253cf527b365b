// Keeping segment results in a project (entry: scripts/bench project-state): the columns RFM
// with order aggregates added, written as the project keeps them (Engine.resultColumns) and
// restored as the same step (Engine.restoreColumns), against reading the plain customer CSV in
// the same run (WebAssembly under Node). Checks that the restored table has the same bytes.
//
// Options:
//   --customers N   customers to generate (default 200000)
//   --seed S        generator seed (default 7)
//   --crmwb PATH    native tool that generates the files (default build/native/crmwb)
//   --out PATH      JSON results (default build/bench/project_state.json)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, parseArgs, now, since, fmt, MB } from './common.mjs';
import { loadEngineNode } from '../web/engine-node.js';

const args = parseArgs(process.argv.slice(2), {
  customers: '200000', seed: '7', crmwb: path.join(ROOT, 'build/native/crmwb'),
  out: path.join(ROOT, 'build/bench/project_state.json'),
});
const n = Number(args.customers);
const dir = path.join(ROOT, 'build/bench', `project-state-${n}-${args.seed}`);
const customers = path.join(dir, 'customers.csv');
const orders = path.join(dir, 'orders.csv');
fs.mkdirSync(dir, { recursive: true });
if (!fs.existsSync(orders)) {
  const g = spawnSync(args.crmwb, ['generate', '--rows', String(n), '--seed', args.seed, '--out', customers, '--orders', orders], { stdio: 'inherit' });
  if (g.status !== 0) process.exit(1);
}

function load(engine, bytes) {
  engine.beginLoad({ expectedBytes: bytes.length });
  for (let at = 0; at < bytes.length; at += 8 << 20) engine.feed(bytes.subarray(at, at + (8 << 20)));
  engine.finishLoad();
  engine.profile();
}

const csv = new Uint8Array(fs.readFileSync(customers));
const engine = await loadEngineNode();
const ord = engine.sibling();
let t0 = now();
load(engine, csv);
const read = since(t0);
load(ord, new Uint8Array(fs.readFileSync(orders)));
t0 = now();
engine.segmentRfm(ord, { aggregates: true });
const rfm = since(t0);
t0 = now();
const kept = engine.resultColumns(1);
const keep = since(t0);
const table = engine.exportTable({ format: 'csv' });
const again = engine.sibling();
load(again, csv);
t0 = now();
again.restoreColumns('segment_rfm', kept);
const restore = since(t0);
const same = Buffer.from(again.exportTable({ format: 'csv' })).equals(Buffer.from(table));
const result = {
  customers: n, csv_mb: MB(csv.length), kept_mb: MB(kept.length), read_s: read, rfm_s: rfm, keep_s: keep,
  restore_s: restore, keep_ratio: keep / read, restore_ratio: restore / read, same_bytes: same,
};
console.log(`read the CSV ${fmt(read)} s · RFM ${fmt(rfm)} s · keep the columns ${fmt(keep)} s (${fmt(result.kept_mb)} MB, ${fmt(result.keep_ratio)}× the read) · restore ${fmt(restore)} s (${fmt(result.restore_ratio)}×) · same bytes: ${same}`);
fs.mkdirSync(path.dirname(args.out), { recursive: true });
fs.writeFileSync(args.out, JSON.stringify(result, null, 2) + '\n');
process.exit(same ? 0 : 1);
