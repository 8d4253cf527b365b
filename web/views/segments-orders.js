// The Segments view's first step: open the orders file next to the customers, confirm the join
// columns (suggested by name and by how many order keys are found among the customer keys), read
// the match report (customers without orders, orphan orders, keys that match only after trimming
// or case folding, every excluded row counted by reason), then add the order aggregates or the
// RFM columns as a new table version.
import { el, fmtInt, fmtPct, plural } from './dom.js';

/** Plain words for the match report's exclusion reasons (README "Join keys and the match report"). */
const REASONS = {
  missing_key: 'no customer key',
  orphan: 'customer not found (orphan orders)',
  ambiguous_key: 'key matches several customers after case folding',
  missing_date: 'no order date',
  bad_date: 'order date not understood',
  missing_amount: 'no amount',
  non_numeric_amount: 'amount is not a number',
  negative_amount: 'negative amount',
  after_reference_date: 'dated after the reference date',
};

let uid = 0;

/** Replaces the children of `box`, skipping null/false ones (replaceChildren would print "null"). */
function put(box, ...children) {
  box.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

/**
 * Mounts the orders step in `box`. ctx: the Segments view's shared context. hooks: {onRfm(summary)}
 * (RFM was computed). Returns {reset()}.
 */
export function mountOrders(box, ctx, { onRfm }) {
  const id = `seg-orders-${++uid}`;
  const fileInput = el('input', { type: 'file', id: `${id}-file`, className: 'visually-hidden', 'data-testid': 'seg-orders-input',
    accept: '.csv,.tsv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const fileLabel = el('label', { for: `${id}-file`, className: 'button primary', tabindex: '0', role: 'button', 'data-testid': 'seg-orders-button', text: 'Open the orders file…' });
  const fileInfo = el('p', { className: 'small', 'data-testid': 'seg-orders-info' });
  const form = el('div', { className: 'seg-join', hidden: true, 'data-testid': 'seg-join-form' });
  const report = el('div', { className: 'seg-match', 'data-testid': 'seg-match' });
  let orders = null; // {name, rows, columns, keys}

  fileLabel.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fileInput.click();
    }
  });

  box.replaceChildren(
    el('h3', { id: 'seg-orders-title', className: 'section-title', text: '1. Orders' }),
    el('p', { className: 'hint', text: 'An export of orders or transactions: one row per order with the customer’s key, an order date (YYYY-MM-DD) and an amount; a category is optional. CSV or Excel.' }),
    el('div', { className: 'row' }, fileLabel, fileInput),
    fileInfo,
    form,
    report,
  );

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    const r = await ctx.run(`Reading ${file.name}`, (onProgress) => ctx.client.openOrders(file, {}, onProgress));
    if (!r) return;
    orders = r;
    fileInfo.textContent = `${r.name}: ${plural(r.rows, 'order row')}, ${plural(r.columns.length, 'column')}.`;
    buildForm(r);
    if (r.match) showMatch(r.match);
    else report.replaceChildren(el('p', { className: 'warning-text', role: 'status', text: `Choose the columns: ${r.matchError?.message ?? 'no join key found'}.` }));
  });

  const selects = {};

  /** A labelled select of `options` (names), `value` selected; optional ones start with (none). */
  function select(key, label, options, value, optional = false) {
    const s = el('select', { id: `${id}-${key}`, 'data-testid': `seg-${key}` },
      ...(optional ? [el('option', { value: '', text: '(none)' })] : []),
      ...options.map((name) => el('option', { value: name, text: name })));
    s.value = value && options.includes(value) ? value : optional ? '' : options[0] ?? '';
    selects[key] = s;
    return el('label', { for: `${id}-${key}`, className: 'seg-field' }, el('span', { text: label }), s);
  }

  function buildForm(r) {
    const customerCols = ctx.columns();
    const best = r.keys[0] ?? {};
    const found = r.match?.columns ?? {};
    const refDate = el('input', { type: 'date', id: `${id}-ref`, 'data-testid': 'seg-reference-date', 'aria-describedby': `${id}-ref-hint` });
    selects.referenceDate = refDate;
    const aggregates = el('input', { type: 'checkbox', id: `${id}-agg`, 'data-testid': 'seg-aggregates' });
    selects.aggregates = aggregates;
    const suggestions = r.keys.slice(0, 3).map((k) =>
      `${k.customer_column} ↔ ${k.order_column} (${fmtPct(k.overlap)} of order keys found${k.name_match ? ', same name' : ''})`);
    const matchBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-check-match', text: 'Check the match' });
    const joinBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-join', text: 'Add order columns' });
    const rfmBtn = el('button', { type: 'button', className: 'button primary', 'data-testid': 'seg-run-rfm', text: 'Compute RFM segments' });
    matchBtn.addEventListener('click', async () => {
      const m = await ctx.run('Checking the match', (p) => ctx.client.matchOrders(choice(), p));
      if (m) showMatch(m.match);
    });
    joinBtn.addEventListener('click', async () => {
      const m = await ctx.run('Adding order columns', (p) => ctx.client.joinOrders(choice(), p));
      if (m) {
        showMatch(m.match);
        ctx.setStatus(`Added ${(m.entry?.step?.as ?? []).join(', ')} to the table (Data tab). Undo in the Clean tab removes them.`);
      }
    });
    rfmBtn.addEventListener('click', async () => {
      const m = await ctx.run('Computing RFM segments', (p) => ctx.client.segmentRfm({ ...choice(), aggregates: aggregates.checked }, p));
      if (m) {
        showMatch(m.summary.match);
        onRfm(m.summary);
      }
    });
    form.replaceChildren(
      el('p', { className: 'small' }, el('strong', { text: 'Suggested join: ' }), suggestions.length ? suggestions.join(' · ') : 'none found — choose the columns.'),
      el('div', { className: 'seg-fields' },
        select('customerKey', 'Customer key (customers)', customerCols, found.customer_key ?? best.customer_column),
        select('orderKey', 'Customer key (orders)', r.columns, found.order_key ?? best.order_column),
        select('orderDate', 'Order date', r.columns, found.order_date),
        select('amount', 'Amount', r.columns, found.amount),
        select('category', 'Category', r.columns, found.category, true),
        select('orderId', 'Order id', r.columns, found.order_id, true),
        el('label', { for: `${id}-ref`, className: 'seg-field' }, el('span', { text: 'Reference date' }), refDate)),
      el('p', { id: `${id}-ref-hint`, className: 'hint', text: 'Recency is counted in days before the reference date; empty: the day after the newest order.' }),
      el('label', { className: 'check', for: `${id}-agg` }, aggregates, 'With RFM, also add first and last order, order count, total, average and categories'),
      el('div', { className: 'row' }, matchBtn, joinBtn, rfmBtn),
    );
    form.hidden = false;
  }

  /** The join options chosen in the form. */
  function choice() {
    const o = {};
    for (const k of ['customerKey', 'orderKey', 'orderDate', 'amount', 'category', 'orderId']) {
      if (selects[k]?.value) o[k] = selects[k].value;
    }
    if (selects.referenceDate?.value) o.referenceDate = selects.referenceDate.value;
    return o;
  }

  function showMatch(m) {
    const excluded = Object.entries(m.excluded ?? {}).filter(([, n]) => n > 0);
    const total = excluded.reduce((s, [, n]) => s + n, 0);
    const line = (label, value, testid) => el('tr', testid ? { 'data-testid': testid } : {}, el('th', { scope: 'row', text: label }), el('td', { className: 'num', text: value }));
    const samples = (m.excluded_samples ?? []).slice(0, 10);
    put(report,
      el('h4', { className: 'seg-sub', text: 'Match report' }),
      el('table', { className: 'seg-table', 'data-testid': 'seg-match-table' },
        el('tbody', {},
          line('Customer rows', fmtInt(m.customer_rows)),
          line('Distinct customer keys', fmtInt(m.customer_keys)),
          line('Customers with orders', fmtInt(m.customers_with_orders), 'seg-with-orders'),
          line('Customers without orders', fmtInt(m.customers_without_orders), 'seg-without-orders'),
          line('Order rows', fmtInt(m.order_rows)),
          line('Orders counted', fmtInt(m.matched), 'seg-matched'),
          line('… matching as written', fmtInt(m.matched_exact)),
          line('… matching only after trimming spaces', fmtInt(m.matched_after_trim), 'seg-after-trim'),
          line('… matching only after ignoring case', fmtInt(m.matched_after_case_fold), 'seg-after-case'),
          line('Orders left out', fmtInt(total), 'seg-excluded'),
          ...excluded.map(([k, n]) => line(`… ${REASONS[k] ?? k}`, fmtInt(n), `seg-excluded-${k}`)),
          line('Distinct unknown customer keys', fmtInt(m.orphan_keys ?? 0)),
          line('Newest order date', m.newest_order_date ?? '—'))),
      samples.length
        ? el('details', { className: 'seg-samples' },
          el('summary', { text: `First left-out rows (${samples.length})` }),
          el('ul', {}, ...samples.map((s) => el('li', { className: 'small', text: `Row ${fmtInt(s.row)}: ${REASONS[s.issue] ?? s.issue} — key “${s.key}”, date “${s.date}”, amount “${s.amount}”` }))))
        : null,
      el('p', { className: 'hint', text: 'Nothing is dropped silently: every order row is either counted or left out for the reason shown. Customers without orders stay in the table (segment “No orders”).' }),
    );
  }

  return {
    reset() {
      orders = null;
      fileInfo.textContent = 'No orders file yet.';
      form.hidden = true;
      form.replaceChildren();
      report.replaceChildren();
    },
    hasOrders: () => orders !== null,
  };
}
