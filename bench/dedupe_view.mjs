#!/usr/bin/env node
// The Duplicates view's engine calls on one file, under Node (the page makes the same calls in
// its worker): load + profile, the run, counts at five thresholds (the live slider), the clusters
// list, one cluster, clustering again, the golden-records export, and the heap.
//   node bench/dedupe_view.mjs FILE.csv     (e.g. crmwb generate --rows 100000 --seed 7 --dup-rate 0.2)
import fs from 'node:fs';
import { loadEngineNode } from '../web/engine-node.js';
const file = process.argv[2];
const e = await loadEngineNode();
const t = () => performance.now();
let t0 = t();
e.beginLoad({}); const bytes = fs.readFileSync(file);
for (let at = 0; at < bytes.length; at += 4 << 20) e.feed(bytes.subarray(at, at + (4 << 20)));
e.finishLoad(); e.profile();
const load = t() - t0;
t0 = t(); const s = e.dedupeRun({}); const run = t() - t0;
const counts = [];
for (const p of [0.5, 0.9, 0.99, 0.999, 0.2]) { t0 = t(); e.dedupeCounts(p); counts.push(t() - t0); }
t0 = t(); const list = e.dedupeClusters('uncertain'); const listMs = t() - t0;
t0 = t(); e.dedupeCluster(list.ids[0]); const one = t() - t0;
t0 = t(); e.dedupeSetThreshold(0.9); const apply = t() - t0;
t0 = t(); const g = e.dedupeExport('golden'); const golden = t() - t0;
console.log(JSON.stringify({ rows: s.rows, clusters: s.clusters, kept_pairs: s.kept_pairs, load_profile_ms: Math.round(load), run_ms: Math.round(run),
  counts_ms: counts.map((x) => Math.round(x)), clusters_list_ms: Math.round(listMs), list_json_kb: Math.round(JSON.stringify(list).length / 1024), cluster_ms: Math.round(one), set_threshold_ms: Math.round(apply), golden_export_ms: Math.round(golden), heap_mb: Math.round(e.heapBytes() / 1048576) }));
