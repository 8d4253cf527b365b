// The grid's view through the WebAssembly engine: collation sort of text and the search filter
// (all columns or one, combined with other filters), as the page's worker calls them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';

async function load(text) {
  const engine = await loadEngineNode();
  const bytes = new TextEncoder().encode(text);
  engine.beginLoad({ expectedBytes: bytes.length });
  engine.feed(bytes);
  engine.finishLoad();
  engine.profile({ referenceDay: 20000 });
  return engine;
}

const CSV = 'email,city,spend\nclaudia.f@x.org,Köln,10\nCLAUDIA.F@X.ORG,koln,9\nann@x.org,Oslo,\nÉmile@x.org,Paris,100\nbob@x.org,,2\n';

const order = (engine, spec) => {
  const { rows } = engine.setView(spec);
  return engine.viewWindow(0, rows).index;
};

test('text sorts ignore case and accents, ties broken by the exact bytes', async () => {
  const engine = await load(CSV);
  assert.deepEqual(order(engine, { sort: { column: 0 } }), [2, 4, 1, 0, 3]);
  assert.deepEqual(order(engine, { sort: { column: 0, descending: true } }), [3, 0, 1, 4, 2]);
  assert.deepEqual(order(engine, { sort: { column: 1 } }), [0, 1, 2, 3, 4]); // missing last
  assert.deepEqual(order(engine, { sort: { column: 2 } }), [4, 1, 0, 3, 2]); // numbers by value
  engine.dispose();
});

test('search: all columns (column -1 or none) or one, case- and accent-insensitive', async () => {
  const engine = await load(CSV);
  assert.deepEqual(order(engine, { filters: [{ kind: 'search', column: -1, value: 'CLAUDIA' }] }), [0, 1]);
  assert.deepEqual(order(engine, { filters: [{ kind: 'search', value: 'koln' }] }), [0, 1]);
  assert.deepEqual(order(engine, { filters: [{ kind: 'search', column: -1, value: 'emile' }] }), [3]);
  assert.deepEqual(order(engine, { filters: [{ kind: 'search', column: 1, value: 'o' }] }), [0, 1, 2]);
  assert.deepEqual(order(engine, { filters: [{ kind: 'search', column: 0, value: 'paris' }] }), []);
  // combined with another filter and a sort
  assert.deepEqual(
    order(engine, {
      filters: [{ kind: 'search', column: -1, value: 'x.org' }, { kind: 'missing', column: 2 }],
    }),
    [2],
  );
  assert.deepEqual(
    order(engine, { filters: [{ kind: 'search', column: -1, value: 'O' }], sort: { column: 2, descending: true } }),
    [3, 0, 1, 4, 2],
  );
  assert.throws(() => engine.setView({ filters: [{ kind: 'search', column: 9, value: 'x' }] }), { code: 'bad_view' });
  assert.throws(() => engine.setView({ filters: [{ kind: 'missing', column: 'a' }] }), { code: 'bad_view' });
  engine.dispose();
});
