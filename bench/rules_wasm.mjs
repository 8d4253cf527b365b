// Times validation rules in the WebAssembly engine under Node, as the page's worker runs them:
// loads and profiles FILE, then runs the suggested rules (or --rules RULES.json) one rule per step
// (validateBegin / validateStep / validateFinish), --repeat times; prints the best total, the
// slowest single rule (the longest a cancel waits) and the `rule` view filter of the records
// failing any rule. Native `crmwb validate` on the same rules is the peer (same report).
//
// Usage: node bench/rules_wasm.mjs FILE [--rules RULES.json] [--repeat N]
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, parseArgs, now, since, runMain } from './common.mjs';
import { loadEngineNode } from '../web/engine-node.js';

const CHUNK = 4 << 20;

runMain('rules_wasm', async () => {
  const args = parseArgs(process.argv.slice(2), { rules: '', repeat: '1' });
  const file = args._[0];
  if (!file) throw new Error('usage: node bench/rules_wasm.mjs FILE [--rules RULES.json] [--repeat N]');
  const engine = await loadEngineNode(path.join(ROOT, 'build/wasm'));
  engine.beginLoad({ expectedBytes: fs.statSync(file).size });
  const buf = new Uint8Array(CHUNK);
  const fd = fs.openSync(file, 'r');
  for (let n; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0;) engine.feed(n === CHUNK ? buf : buf.subarray(0, n));
  fs.closeSync(fd);
  engine.finishLoad();
  engine.profile();
  const rules = args.rules ? fs.readFileSync(args.rules, 'utf8') : engine.suggestRules();
  const count = JSON.parse(rules).rules.length;
  let best = Infinity;
  let slowest = 0;
  let report;
  for (let i = 0; i < Math.max(1, Number(args.repeat)); i++) {
    const t = now();
    engine.validateBegin(rules);
    for (let more = true; more;) {
      const s = now();
      more = engine.validateStep().more;
      slowest = Math.max(slowest, since(s));
    }
    report = engine.validateFinish().report;
    best = Math.min(best, since(t));
  }
  const t = now();
  const view = engine.setView({ filters: [{ kind: 'rule', value: 'any' }] });
  const filter = since(t);
  console.log(`${count} rules over ${report.records} rows: ${best.toFixed(2)} s; slowest rule ${(slowest * 1000).toFixed(0)} ms; ` +
    `accuracy ${report.accuracy}; rule filter 'any' ${view.rows} rows in ${(filter * 1000).toFixed(1)} ms; ` +
    `wasm heap ${(engine.heapBytes() / 1e6).toFixed(0)} MB`);
});
