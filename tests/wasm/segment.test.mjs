// The engine's segment methods for the page: a second engine holds the orders; key suggestions,
// the join report with aggregate columns as a version, RFM with its columns, errors as Errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';

const enc = new TextEncoder();

function load(engine, text) {
  engine.beginLoad({});
  engine.feed(enc.encode(text));
  return engine.finishLoad();
}

const customers = 'id,name\nC1,Ann\nC2,Bob\nC3,Cid\nC4,Dee\n';
const orders =
  'order_id,customer,date,total,category\n' +
  '1,C1,2024-01-10,10.00,Books\n' +
  '2,C1,2024-03-01,5.50,Toys\n' +
  '3, C2 ,2024-02-01,20.00,Books\n' +
  '4,c3,2024-03-20,7.00,Books\n' +
  '5,C9,2024-01-01,3.00,Books\n' +
  '6,C3,31/01/2024,3.00,Books\n' +
  '7,C3,2024-01-05,-2.00,Books\n';

test('join keys, match report and aggregate columns as a version', async () => {
  const cust = await loadEngineNode();
  const ord = cust.sibling();
  load(cust, customers);
  load(ord, orders);
  cust.profile();
  const keys = cust.suggestJoinKeys(ord);
  assert.equal(keys[0].customer_column, 'id');
  assert.equal(keys[0].order_column, 'customer');
  assert.ok(keys[0].overlap > 0.5);

  const { match } = cust.joinOrders(ord);
  assert.equal(match.order_rows, 7);
  assert.equal(match.matched, 4);
  assert.equal(match.matched_after_trim, 1);
  assert.equal(match.matched_after_case_fold, 1);
  assert.equal(match.excluded.orphan, 1);
  assert.equal(match.excluded.bad_date, 1);
  assert.equal(match.excluded.negative_amount, 1);
  assert.equal(match.customers_without_orders, 1);
  assert.deepEqual(match.excluded_samples.map((s) => s.issue), ['orphan', 'bad_date', 'negative_amount']);

  const applied = cust.joinOrders(ord, { apply: true });
  assert.deepEqual(applied.step.step.as, ['first_order', 'last_order', 'order_count', 'total_amount',
    'avg_amount', 'distinct_categories']);
  assert.ok(applied.profile.columns.some((c) => c.name === 'total_amount'));
  assert.deepEqual(cust.window(0, 1)[0], ['C1', 'Ann', '2024-01-10', '2024-03-01', '2', '15.50', '7.75', '2']);
  assert.equal(cust.undo().version, 0);
  cust.dispose();
  ord.dispose();
});

test('segmentRfm adds the RFM columns; customers without orders get No orders', async () => {
  const cust = await loadEngineNode();
  const ord = cust.sibling();
  load(cust, customers);
  load(ord, orders);
  cust.profile();
  const seen = [];
  const r = cust.segmentRfm(ord, { referenceDate: '2024-04-01' }, (d, t) => { seen.push([d, t]); });
  assert.equal(r.summary.reference_date, '2024-04-01');
  assert.equal(r.summary.reference_date_given, true);
  assert.deepEqual(r.summary.added_columns, ['recency_days', 'frequency', 'monetary', 'r_score',
    'f_score', 'm_score', 'rfm_segment']);
  const names = r.summary.segments.map((s) => s.segment);
  assert.equal(names.at(-1), 'No orders');
  assert.equal(r.summary.segments.at(-1).customers, 1);
  assert.ok(seen.length >= 1);
  const rows = cust.window(0, 4);
  assert.deepEqual(rows[3].slice(2), ['', '0', '0.00', '', '', '', 'No orders']);
  assert.equal(rows[0][2], '31');  // C1: last order 2024-03-01
  assert.equal(cust.history().at(-1).step.op, 'segment_rfm');
  assert.equal(JSON.parse(cust.recipeJson({ portable: true })).steps.length, 0);

  assert.throws(() => cust.segmentRfm(ord, { amount: 'nope' }), (e) => e.code === 'missing_column' &&
    /no column 'nope'/.test(e.message));
  assert.throws(() => cust.segmentRfm(ord, { referenceDate: '2024-02-30' }), (e) => e.code === 'bad_options');
  cust.dispose();
  ord.dispose();
});
