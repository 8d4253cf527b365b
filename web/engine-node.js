// Loads the crmwb WebAssembly module under Node (tests, scripts/crmwb-wasm, benchmarks).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Engine } from './engine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Instantiates the module from `dir` (default: $CRMWB_WASM_DIR or build/wasm); `options` go to the module factory
 * (e.g. {wasmMemory: new WebAssembly.Memory({initial: 256, maximum})} to cap its memory). */
export async function loadModuleNode(
  dir = path.resolve(process.env.CRMWB_WASM_DIR ?? path.join(here, '../build/wasm')),
  options = {},
) {
  dir = path.resolve(dir);
  const js = path.join(dir, 'crmwb.cjs');
  if (!fs.existsSync(js)) {
    throw new Error(`${js} is missing: build the WebAssembly module with ./scripts/build wasm`);
  }
  const factory = require(js);
  // Emscripten 3.1.6 under Node 20 tries fetch() on a file path: hand it the bytes instead.
  return factory({ wasmBinary: fs.readFileSync(path.join(dir, 'crmwb.wasm')), ...options });
}

/** A ready Engine backed by a fresh module instance. */
export async function loadEngineNode(dir, options) {
  return new Engine(await loadModuleNode(dir, options));
}
