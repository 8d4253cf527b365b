// One cluster under review in the Duplicates view: its records side by side (values that differ
// from the first record highlighted, compared columns marked), the merged record the
// survivorship rules would keep (with the row each value comes from), the waterfall of a pair's
// field contributions (why the engine believes two records are the same customer: the starting
// point plus each column's match weight gives the pair's weight), and the decisions: accept,
// reject (not duplicates) and take one record out (split).
import { el, fmtInt } from './dom.js';
import { weightToProbability } from './duplicates-chart.js';

/** Plain words for comparison levels. */
function levelWords(level) {
  return String(level).replaceAll('_', ' ');
}

/** "+3.2" / "−1.5" (one decimal, a real minus sign). */
function signed(x) {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
}

/** The waterfall of one pair: rows of label, level and a bar from the running total. */
function waterfall(cluster, pair) {
  const steps = [{ label: 'Starting point', detail: 'how likely two records match before looking', value: cluster.prior_weight }];
  cluster.fields.forEach((f, i) => {
    steps.push({ label: f.column, detail: levelWords(pair.levels[i]), value: pair.contributions[i] });
  });
  let run = 0;
  let lo = 0;
  let hi = 0;
  const spans = steps.map((s) => {
    const from = run;
    run += s.value;
    lo = Math.min(lo, from, run);
    hi = Math.max(hi, from, run);
    return { ...s, from, to: run };
  });
  const range = hi - lo || 1;
  const list = el('ol', { className: 'dup-waterfall', 'data-testid': 'dup-waterfall', 'aria-label': `Why rows ${pair.a} and ${pair.b} look alike` });
  for (const s of spans) {
    const bar = el('span', { className: `dup-bar ${s.value >= 0 ? 'up' : 'down'}` });
    bar.style.left = `${((Math.min(s.from, s.to) - lo) / range) * 100}%`;
    bar.style.width = `${Math.max(0.5, (Math.abs(s.value) / range) * 100)}%`;
    list.append(el('li', { 'data-testid': 'dup-contribution' },
      el('span', { className: 'dup-wf-label' }, el('strong', { text: s.label }), ' ', el('span', { className: 'hint', text: s.detail })),
      el('span', { className: 'dup-wf-value', text: signed(s.value) }),
      el('span', { className: 'dup-wf-track', 'aria-hidden': 'true' }, bar)));
  }
  list.append(el('li', { className: 'dup-wf-total', 'data-testid': 'dup-total' },
    el('span', { className: 'dup-wf-label' }, el('strong', { text: 'Match weight' })),
    el('span', { className: 'dup-wf-value', text: pair.weight.toFixed(1) }),
    el('span', { className: 'dup-wf-track', text: `match probability ${weightToProbability(pair.weight).toFixed(4)}${pair.linked ? '' : ' (below the threshold)'}` })));
  return list;
}

/**
 * Draws `cluster` (the engine's dedupeCluster answer) into `root`. handlers: {onDecide(decision)}.
 */
export function renderCluster(root, cluster, { onDecide }) {
  const rows = cluster.rows;
  const comparedIdx = new Set(cluster.fields.map((f) => f.column_index));
  const heading = el('h3', { className: 'dup-subtitle', id: 'dup-cluster-title', tabindex: '-1', 'data-testid': 'dup-cluster-title',
    text: `Cluster ${fmtInt(cluster.id)}: ${rows.length} records${cluster.accepted ? ' (accepted)' : ''}` });

  const accept = el('button', { type: 'button', className: 'button primary', 'data-testid': 'dup-accept', text: 'Same customer: accept' });
  accept.addEventListener('click', () => onDecide({ action: 'accept', cluster: cluster.id }));
  const reject = el('button', { type: 'button', className: 'button', 'data-testid': 'dup-reject', text: 'Not duplicates: keep apart' });
  reject.addEventListener('click', () => onDecide({ action: 'reject', cluster: cluster.id }));

  // Records side by side: one table column per record, then the merged record.
  const headRow = el('tr', {}, el('th', { scope: 'col', text: 'Column' }));
  rows.forEach((r) => {
    const out = el('button', { type: 'button', className: 'button small', 'data-testid': 'dup-split', text: 'Take out', 'aria-label': `Take row ${r} out of this cluster`, disabled: rows.length < 2 });
    out.addEventListener('click', () => onDecide({ action: 'split', cluster: cluster.id, row: r }));
    headRow.append(el('th', { scope: 'col' }, `Row ${fmtInt(r)} `, out));
  });
  headRow.append(el('th', { scope: 'col', className: 'dup-golden', text: 'Merged record' }));
  const body = el('tbody');
  cluster.columns.forEach((name, c) => {
    const first = cluster.values[0][c];
    const tr = el('tr', { className: comparedIdx.has(c) ? 'dup-compared' : '' },
      el('th', { scope: 'row' }, name, comparedIdx.has(c) ? el('span', { className: 'dup-badge', text: 'compared' }) : null));
    cluster.values.forEach((v, k) => {
      const differs = k > 0 && v[c] !== first;
      tr.append(el('td', { className: differs ? 'dup-diff' : '', 'data-testid': differs ? 'dup-diff' : null },
        v[c], differs ? el('span', { className: 'visually-hidden', text: ' (differs)' }) : null));
    });
    tr.append(el('td', { className: 'dup-golden', 'data-testid': 'dup-golden-cell' },
      cluster.golden.values[c], el('span', { className: 'hint dup-from', text: ` row ${cluster.golden.source_rows[c]}` })));
    body.append(tr);
  });
  const table = el('div', { className: 'dup-records-wrap' },
    el('table', { className: 'dup-records', 'data-testid': 'dup-records' },
      el('caption', { className: 'visually-hidden', text: 'The records of this cluster side by side, and the merged record' }),
      el('thead', {}, headRow), body));

  // The pair whose contributions are shown.
  const pairs = [...cluster.pairs].sort((x, y) => y.weight - x.weight);
  const why = el('div', { className: 'dup-why' });
  const pairSelect = el('select', { id: 'dup-pair', 'data-testid': 'dup-pair' });
  pairs.forEach((p, i) => pairSelect.append(el('option', { value: String(i), text: `rows ${p.a} and ${p.b} (probability ${p.probability.toFixed(4)})` })));
  const showPair = () => why.replaceChildren(pairs.length ? waterfall(cluster, pairs[Number(pairSelect.value) || 0]) : el('p', { className: 'hint', text: 'No compared pair joins these records any more.' }));
  pairSelect.addEventListener('change', showPair);
  showPair();

  root.replaceChildren(
    heading,
    el('div', { className: 'dup-decisions' }, accept, reject),
    table,
    el('h3', { className: 'dup-subtitle', text: 'Why they look like the same customer' }),
    pairs.length > 1 ? el('div', { className: 'dup-pair-row' }, el('label', { for: 'dup-pair', text: 'Pair' }), pairSelect) : null,
    why);
}
