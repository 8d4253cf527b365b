// Phone normalizer: the WebAssembly engine (engine.normalizePhones, one batch) against
// libphonenumber-js (parsePhoneNumber(text, region).format('E.164') per number) on the same
// numbers in one Node process. Prints both times, the ratio and how many answers agree.
//
// Usage: node bench/phone.mjs [--count N]   (default 1,000,000)
import { parsePhoneNumber } from 'libphonenumber-js/max';
import { loadEngineNode } from '../web/engine-node.js';
import { parseArgs, now, since, emitResult, runMain } from './common.mjs';

// Deterministic numbers: example-like numbers of several regions in several notations.
function makeNumbers(count) {
  let x = 12345;
  const rnd = (n) => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const d = (k) => Array.from({ length: k }, () => rnd(10)).join('');
  const make = [
    () => ['US', `(${200 + rnd(700)}) ${200 + rnd(700)}-${d(4)}`],
    () => ['US', `+1 ${200 + rnd(700)} ${200 + rnd(700)} ${d(4)}`],
    () => ['GB', `020 7${d(3)} ${d(4)}`],
    () => ['GB', `+44 7${d(3)} ${d(6)}`],
    () => ['DE', `030 ${d(7)}`],
    () => ['DE', `+49 151 ${d(8)}`],
    () => ['FR', `0${1 + rnd(5)} ${d(2)} ${d(2)} ${d(2)} ${d(2)}`],
    () => ['FR', `+33 6 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`],
    () => ['AU', `+61 2 ${d(4)} ${d(4)} ext. ${d(2)}`],
    () => ['JP', `tel:+81-3-${d(4)}-${d(4)}`],
    () => ['IT', `06 ${d(8)}`],
    () => ['ES', `+34 6${d(2)} ${d(3)} ${d(3)}`],
  ];
  const regions = new Array(count);
  const texts = new Array(count);
  for (let i = 0; i < count; ++i) [regions[i], texts[i]] = make[rnd(make.length)]();
  return { regions, texts };
}

runMain('phone', async () => {
  const args = parseArgs(process.argv.slice(2), { count: '1000000' });
  const count = Number(args.count);
  const { regions, texts } = makeNumbers(count);
  // Group by region: one batch per region for the engine, the same order for the peer.
  const groups = new Map();
  regions.forEach((r, i) => (groups.has(r) ? groups.get(r).push(i) : groups.set(r, [i])));

  const engine = await loadEngineNode();
  const wasmOut = new Array(count);
  // CPU seconds of this process too: on a machine shared with other jobs they are disturbed
  // far less than wall seconds (time spent waiting for a core does not count).
  const cpu = (u) => (u.user + u.system) / 1e6;
  const c0 = process.cpuUsage();
  const t0 = now();
  for (const [region, idx] of groups) {
    const lines = engine.normalizePhones(idx.map((i) => texts[i]).join('\n'), { region }).split('\n');
    idx.forEach((i, k) => (wasmOut[i] = lines[k].slice(0, lines[k].indexOf('\t'))));
  }
  const wasmSeconds = since(t0);
  const wasmCpu = cpu(process.cpuUsage(c0));

  const jsOut = new Array(count);
  const c1 = process.cpuUsage();
  const t1 = now();
  for (const [region, idx] of groups) {
    for (const i of idx) {
      try {
        jsOut[i] = parsePhoneNumber(texts[i], region).format('E.164');
      } catch {
        jsOut[i] = '';
      }
    }
  }
  const jsSeconds = since(t1);
  const jsCpu = cpu(process.cpuUsage(c1));
  let agree = 0;
  for (let i = 0; i < count; ++i) agree += wasmOut[i] === jsOut[i];
  const ratio = jsSeconds / wasmSeconds;
  console.log(`phone: ${count} numbers; WebAssembly ${wasmSeconds.toFixed(3)} s, ` +
    `libphonenumber-js ${jsSeconds.toFixed(3)} s, ratio ${ratio.toFixed(1)}x ` +
    `(target >= 10x); same E.164 for ${agree} (${((100 * agree) / count).toFixed(2)}%); CPU ` +
    `seconds ${wasmCpu.toFixed(3)} and ${jsCpu.toFixed(3)}, ratio ${(jsCpu / wasmCpu).toFixed(1)}x`);
  emitResult({ peer: 'phone', count, wasm_seconds: wasmSeconds, js_seconds: jsSeconds, ratio,
    wasm_cpu_seconds: wasmCpu, js_cpu_seconds: jsCpu, cpu_ratio: jsCpu / wasmCpu, agree });
});
