// Peer: our WebAssembly engine under Node. Streams the file in 4 MiB chunks into the engine,
// then profiles it.
//
// Usage: node bench/wasm_profile.mjs FILE [--engine MODULE]
//   --engine   the Node loader module (default: web/engine-node.js), exporting loadEngineNode()
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, parseArgs, now, since, maxRssKB, fileBytes, emitResult, runMain } from './common.mjs';

const CHUNK = 4 << 20; // 4 MiB

runMain('wasm_profile', async () => {
  const args = parseArgs(process.argv.slice(2), { engine: path.join(ROOT, 'web', 'engine-node.js') });
  const file = args._[0];
  if (!file) throw new Error('usage: node bench/wasm_profile.mjs FILE [--engine MODULE]');
  const enginePath = path.resolve(args.engine);
  if (!fs.existsSync(enginePath)) {
    console.error(`wasm_profile: ${path.relative(ROOT, enginePath)} does not exist yet: the Node ` +
      'loader of the WebAssembly engine (loadEngineNode) has not been written/wired, so the ' +
      'wasm peer cannot run. Build the wasm module with `scripts/build wasm` once it exists.');
    process.exit(3);
  }
  const bytes = fileBytes(file);

  const tInit = now();
  const { loadEngineNode } = await import(pathToFileURL(enginePath).href);
  if (typeof loadEngineNode !== 'function') {
    throw new Error(`${enginePath} does not export loadEngineNode()`);
  }
  const engine = await loadEngineNode();
  const initSeconds = since(tInit);
  const heapAfterInit = engine.heapBytes();

  // Load: read and feed 4 MiB at a time (one reused buffer; feed() consumes it synchronously).
  const tLoad = now();
  engine.beginLoad({ expectedBytes: bytes });
  const buf = new Uint8Array(CHUNK);
  const fd = fs.openSync(file, 'r');
  let fed = 0;
  let chunks = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      engine.feed(n === CHUNK ? buf : buf.subarray(0, n));
      fed += n;
      chunks++;
    }
  } finally {
    fs.closeSync(fd);
  }
  const info = engine.finishLoad();
  const loadSeconds = since(tLoad);

  const tProfile = now();
  const profile = engine.profile();
  const profileSeconds = since(tProfile);

  const heap = engine.heapBytes(); // wasm memory only grows: this is its peak
  const cols = profile && Array.isArray(profile.columns) ? profile.columns : [];
  emitResult({
    peer: 'wasm',
    bytes,
    fed_bytes: fed,
    chunks,
    rows: info && info.rows !== undefined ? Number(info.rows) : (profile ? profile.rows : null),
    warnings: info && Array.isArray(info.warnings) ? info.warnings.length : null,
    dialect: info ? info.dialect : null,
    columns: cols.map((c) => ({ name: c.name, type: c.type, missing: c.missing, distinct: c.distinct })),
    seconds: { init: initSeconds, load: loadSeconds, profile: profileSeconds,
      total: loadSeconds + profileSeconds },
    wasm_heap_bytes: heap,
    wasm_heap_after_init_bytes: heapAfterInit,
    max_rss_kb: maxRssKB(),
  });
});
