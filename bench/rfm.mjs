// RFM benchmark (entry: scripts/bench rfm): crmwb's RFM in WebAssembly over about 5,000,000
// generated orders, against pandas (Debian python3-pandas) computing the same in the same run.
//
// Both sides read the files first (not in the RFM time). The WebAssembly RFM time covers the
// whole segmentRfm call: key matching (as written, trimmed, case-folded), date and amount
// parsing, per-customer aggregation, quintile scores and segments, the added columns. The pandas
// time (bench/rfm_pandas.py) covers exact key lookup, to_datetime, to_numeric, groupby
// size/sum/max, rank + qcut three times and the segment map.
//
// Options:
//   --customers N   customers to generate (default 2040000: about 5,000,000 orders)
//   --seed S        generator seed (default 7)
//   --repeat N      WebAssembly RFM runs; the fastest counts (default 3)
//   --crmwb PATH    native tool that generates the files (default build/native/crmwb)
//   --out PATH      JSON results (default build/bench/rfm.json)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, parseArgs, now, since, fmt } from './common.mjs';
import { loadEngineNode } from '../web/engine-node.js';

const args = parseArgs(process.argv.slice(2), {
  customers: '2040000', seed: '7', repeat: '3', crmwb: path.join(ROOT, 'build/native/crmwb'),
  out: path.join(ROOT, 'build/bench/rfm.json'),
});
const n = Number(args.customers);
const dir = path.join(ROOT, 'build/bench', `rfm-${n}-${args.seed}`);
const customers = path.join(dir, 'customers.csv');
const orders = path.join(dir, 'orders.csv');
fs.mkdirSync(dir, { recursive: true });
if (!fs.existsSync(orders)) {
  console.log(`generating ${n} customers and their orders into ${dir} ...`);
  const g = spawnSync(args.crmwb, ['generate', '--rows', String(n), '--seed', args.seed, '--out',
    customers, '--orders', orders], { stdio: 'inherit' });
  if (g.status !== 0) process.exit(1);
}

/** Loads a file into `engine` in 8 MiB chunks; returns the seconds taken. */
function load(engine, file) {
  const t0 = now();
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(8 << 20);
  engine.beginLoad({ expectedBytes: size });
  for (;;) {
    const got = fs.readSync(fd, buf, 0, buf.length, null);
    if (got === 0) break;
    engine.feed(buf.subarray(0, got));
  }
  fs.closeSync(fd);
  engine.finishLoad();
  return since(t0);
}

const cust = await loadEngineNode();
const ord = cust.sibling();
const loadCustomers = load(cust, customers);
const loadOrders = load(ord, orders);
// Wall and CPU time (this process: the machine may be shared, so CPU time is the steadier
// figure); the fastest of the runs counts.
let best = Infinity;
let bestCpu = Infinity;
let summary;
for (let i = 0; i < Number(args.repeat); i++) {
  const t0 = now();
  const c0 = process.cpuUsage();
  summary = cust.segmentRfm(ord, { apply: false }).summary;
  const c = process.cpuUsage(c0);
  best = Math.min(best, since(t0));
  bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
}
const heap = cust.heapBytes();
const orderRows = summary.match.order_rows;

const py = spawnSync('/usr/bin/python3', [path.join(ROOT, 'bench/rfm_pandas.py'), customers, orders],
  { encoding: 'utf8', maxBuffer: 1 << 20 });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const pandas = JSON.parse(py.stdout.trim().split('\n').pop());

const results = {
  orders: orderRows,
  customers: summary.match.customer_rows,
  wasm: { load_customers_s: loadCustomers, load_orders_s: loadOrders, rfm_s: best, rfm_cpu_s: bestCpu,
    heap_bytes: heap, counted: summary.match.matched },
  pandas,
  ratio_wasm_to_pandas: best / pandas.rfm_s,
  ratio_wasm_to_pandas_cpu: bestCpu / pandas.rfm_cpu_s,
  target_s: 3,
};
fs.mkdirSync(path.dirname(args.out), { recursive: true });
fs.writeFileSync(args.out, JSON.stringify(results, null, 2) + '\n');
console.log(`RFM over ${orderRows.toLocaleString('en-US')} orders, ` +
  `${results.customers.toLocaleString('en-US')} customers`);
console.log(`  WebAssembly: load customers ${fmt(loadCustomers)} s, load orders ${fmt(loadOrders)} s, ` +
  `RFM ${fmt(best)} s wall, ${fmt(bestCpu)} s CPU (target < 3 s: ${best < 3 ? 'met' : 'NOT met'}), ` +
  `heap ${Math.round(heap / 1048576)} MiB`);
console.log(`  pandas ${pd()}: read ${fmt(pandas.read_s)} s, RFM ${fmt(pandas.rfm_s)} s wall, ` +
  `${fmt(pandas.rfm_cpu_s)} s CPU`);
console.log(`  WebAssembly / pandas RFM time: ${fmt(results.ratio_wasm_to_pandas)} wall, ` +
  `${fmt(results.ratio_wasm_to_pandas_cpu)} CPU; load average ${os.loadavg()[0].toFixed(1)}`);
console.log(`results: ${path.relative(ROOT, args.out)}`);

/** The pandas version, for the printout. */
function pd() {
  const v = spawnSync('/usr/bin/python3', ['-c', 'import pandas; print(pandas.__version__)'],
    { encoding: 'utf8' });
  return (v.stdout || '').trim();
}
