// Peer: DuckDB-WASM 1.32 under Node, in-process (blocking bindings, no worker):
//   CREATE TABLE t AS SELECT * FROM read_csv_auto('data.csv');  SUMMARIZE t;
//
// Usage: node bench/duckdb_profile.mjs FILE
//
// How DuckDB-WASM is loaded (fiddly under Node):
//  - dist/duckdb-node-blocking.cjs is CommonJS only, so it is require()d via createRequire.
//  - createDuckDB(bundles, logger, NODE_RUNTIME) needs a bundle map with `mvp` (required by the
//    type) and `eh`; the paths are plain filesystem paths to the .wasm files (the Node bindings
//    read them with fs, no fetch). It picks `eh` when the platform has wasm exceptions (Node 20
//    does); the mainWorker entries are not used by the blocking bindings.
//  - It returns bindings that must be instantiate()d and open()ed before connect().
//  - A local file is made visible with registerFileURL(name, absolutePath, NODE_FS, false);
//    the NODE_RUNTIME then reads it with fs on demand (no copy of the whole file into JS).
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs, now, since, maxRssKB, fileBytes, emitResult, runMain } from './common.mjs';

const require = createRequire(import.meta.url);

runMain('duckdb_profile', async () => {
  const args = parseArgs(process.argv.slice(2), {});
  const file = args._[0];
  if (!file) throw new Error('usage: node bench/duckdb_profile.mjs FILE');
  const bytes = fileBytes(file);

  const entry = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = path.dirname(entry);
  const duckdb = require(entry);
  const bundles = {
    mvp: {
      mainModule: path.join(dist, 'duckdb-mvp.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs'),
    },
    eh: {
      mainModule: path.join(dist, 'duckdb-eh.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs'),
    },
  };

  const tInit = now();
  const features = await duckdb.getPlatformFeatures();
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  const conn = db.connect();
  const initSeconds = since(tInit);

  db.registerFileURL('data.csv', path.resolve(file), duckdb.DuckDBDataProtocol.NODE_FS, false);

  const tLoad = now();
  conn.query("CREATE TABLE t AS SELECT * FROM read_csv_auto('data.csv')");
  const loadSeconds = since(tLoad);

  const tSum = now();
  // Every SUMMARIZE column is fetched; null_percentage is a DECIMAL, cast for JS.
  const summary = conn.query('SELECT *, null_percentage::DOUBLE AS null_pct FROM (SUMMARIZE t)')
    .toArray().map((r) => r.toJSON());
  const summarizeSeconds = since(tSum);

  const rows = Number(conn.query('SELECT count(*) AS n FROM t').toArray()[0].toJSON().n);
  const memoryLimit = conn.query("SELECT current_setting('memory_limit') AS m").toArray()[0].toJSON().m;
  const threads = conn.query("SELECT current_setting('threads') AS m").toArray()[0].toJSON().m;
  // The wasm linear memory (never shrinks, so this is its peak). `mod` is internal.
  const heap = db.mod && db.mod.HEAPU8 ? db.mod.HEAPU8.buffer.byteLength : null;

  emitResult({
    peer: 'duckdb',
    bytes,
    rows,
    columns: summary.map((r) => ({
      name: r.column_name,
      type: r.column_type,
      approx_unique: Number(r.approx_unique),
      null_percentage: r.null_pct,
    })),
    seconds: { init: initSeconds, load: loadSeconds, summarize: summarizeSeconds,
      total: loadSeconds + summarizeSeconds },
    wasm_heap_bytes: heap,
    max_rss_kb: maxRssKB(),
    duckdb: {
      version: db.getVersion(),
      // mainModulePath is internal; fall back to the rule createDuckDB applies.
      module: db.mainModulePath ? path.basename(db.mainModulePath)
        : (features.wasmExceptions ? 'duckdb-eh.wasm' : 'duckdb-mvp.wasm'),
      threads: String(threads),
      memory_limit: String(memoryLimit),
    },
  });
  conn.close();
});
