// Review labels from the truth: the least certain N clusters judged by the generator's truth file
// (accept / keep apart / take out), then re-scored with them; pairwise P/R/F1 before and after.
// Usage: node bench/dedupe_labels.mjs FILE.csv TRUTH.csv [N=30]  (crmwb generate --truth)
import fs from 'node:fs';
import { loadEngineNode } from '../web/engine-node.js';
const [file, truthFile, nStr] = process.argv.slice(2);
const N = Number(nStr ?? 30);
const truth = fs.readFileSync(truthFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]);
const e = await loadEngineNode();
e.beginLoad({}); e.feed(new TextEncoder().encode(fs.readFileSync(file, 'utf8'))); e.finishLoad(); e.profile();
const dec = new TextDecoder();
function prf() {
  const map = dec.decode(e.dedupeExport('clusters')).trim().split('\n').slice(1).map((l) => l.split(',')[1]);
  const byC = new Map(); map.forEach((c, r) => { if (!byC.has(c)) byC.set(c, []); byC.get(c).push(r); });
  let tp = 0, pred = 0; for (const rs of byC.values()) for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) { pred++; if (truth[rs[i]] === truth[rs[j]]) tp++; }
  const byE = new Map(); truth.forEach((t) => byE.set(t, (byE.get(t) ?? 0) + 1));
  let real = 0; for (const k of byE.values()) real += k * (k - 1) / 2;
  const p = tp / pred, r = tp / real; return { p: p.toFixed(4), r: r.toFixed(4), f1: (2 * p * r / (p + r)).toFixed(4) };
}
let t0 = performance.now();
const s = e.dedupeRun({});
const t1 = performance.now() - t0;
const before = prf();
const list = e.dedupeClusters('uncertain');
let acc = 0, rej = 0, spl = 0;
for (const id of list.ids.slice(0, N)) {
  const rows = e.dedupeCluster(id).rows;
  const ents = rows.map((r) => truth[r]);
  const count = new Map(); ents.forEach((x) => count.set(x, (count.get(x) ?? 0) + 1));
  const [major, k] = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
  if (k === rows.length) { e.dedupeDecide({ action: 'accept', cluster: id }); acc++; }
  else if (k === 1) { e.dedupeDecide({ action: 'reject', cluster: id }); rej++; }
  else { let cur = id; for (const r of rows) if (truth[r] !== major) { e.dedupeDecide({ action: 'split', cluster: cur, row: r }); spl++; if (r === cur) cur = Math.min(...rows.filter((x) => truth[x] === major)); } }
}
const withDecisions = prf();
const labels = dec.decode(e.dedupeExport('labels'));
t0 = performance.now();
const again = e.dedupeRun({ labels, threshold: s.threshold });
const t2 = performance.now() - t0;
const afterWithDecisions = prf();
e.dedupeResetDecisions();
const modelOnly = prf();
console.log(JSON.stringify({ rows: s.rows, reviewed: N, acc, rej, spl, labelled: again.labels, run_s: (t1 / 1000).toFixed(1), rescore_s: (t2 / 1000).toFixed(1),
  before, withDecisions, afterRescoreWithDecisions: afterWithDecisions, afterRescoreModelOnly: modelOnly, lambda: [s.lambda, again.lambda] }));
