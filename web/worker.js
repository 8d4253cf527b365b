// The engine runs here, off the page's main thread. Classic worker: the Emscripten loader is a
// classic script (importScripts), the wrapper an ES module (dynamic import).
/* global importScripts, createCrmwb */
importScripts('crmwb.cjs');

const CHUNK = 4 << 20;
let enginePromise = null;
let cancelled = false;

async function engine() {
  if (!enginePromise) {
    enginePromise = Promise.all([createCrmwb(), import('./engine.js')]).then(
      ([module, { Engine }]) => new Engine(module),
    );
  }
  return enginePromise;
}

async function load(file) {
  const e = await engine();
  cancelled = false;
  e.beginLoad({ expectedBytes: file.size });
  for (let at = 0; at < file.size; at += CHUNK) {
    const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
    if (cancelled) throw Object.assign(new Error('Loading was cancelled.'), { code: 'cancelled' });
    const p = e.feed(bytes);
    postMessage({ type: 'progress', bytes: p.bytes, rows: p.rows, total: file.size });
  }
  const info = e.finishLoad();
  const profile = e.profile({}, (done, total) => postMessage({ type: 'profiling', done, total }));
  return { info, profile };
}

onmessage = async (msg) => {
  const { type, file } = msg.data;
  if (type === 'cancel') {
    cancelled = true;
    return;
  }
  if (type === 'load') {
    try {
      postMessage({ type: 'done', ...(await load(file)) });
    } catch (err) {
      postMessage({ type: 'error', code: err.code ?? 'internal', message: err.message });
    }
  }
};
