// Anomalies, the customer value tree and comparisons (README "Analysis"): Isolation Forest scores
// with the top anomalies and what makes them stand out; a CART tree predicting a label (a column,
// or the top share of a numeric column) drawn as a tree, with its rules and held-out accuracy;
// group-by summaries, a correlation heat map (Pearson and Spearman), a cross-tab with chi-square
// and a linear regression.
import { el, fmtInt, fmtPct, fmtNum } from './dom.js';
import { featurePicker } from './segments-clusters.js';
import { drawHeatmap } from './segments-charts.js';

let uid = 0;

/** Replaces the children of `box`, skipping null/false ones (replaceChildren would print "null"). */
function put(box, ...children) {
  box.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
/** Sums and means in plain digits (fmtNum switches to exponents at a million). */
const fmtValue = (v) => (v === null || v === undefined || Number.isNaN(v) ? '—' : plain.format(v));

/** Mounts the three analyses in `box`. Returns {reset(), columnsChanged()}. */
export function mountAnalysis(box, ctx) {
  const id = `seg-an-${++uid}`;
  const features = featurePicker(ctx, 'seg-af');

  // ---- anomalies
  const topInput = el('input', { type: 'number', id: `${id}-top`, min: '1', max: '200', value: '20', className: 'num-input seg-num' });
  const detector = el('select', { id: `${id}-detector`, 'data-testid': 'seg-detector' },
    el('option', { value: 'iforest', text: 'Isolation Forest' }),
    el('option', { value: 'lof', text: 'Local Outlier Factor' }));
  const neighbors = el('input', { type: 'number', id: `${id}-neighbors`, min: '1', max: '500', value: '20', className: 'num-input seg-num', 'data-testid': 'seg-lof-neighbors' });
  const neighborsLabel = el('label', { for: `${id}-neighbors`, className: 'seg-inline', hidden: true }, 'Neighbours', neighbors);
  detector.addEventListener('change', () => { neighborsLabel.hidden = detector.value !== 'lof'; });
  const anomalyBtn = el('button', { type: 'button', className: 'button primary', 'data-testid': 'seg-run-anomaly', text: 'Find unusual customers' });
  const anomalies = el('div', { 'data-testid': 'seg-anomalies' });

  // ---- tree
  const labelSel = el('select', { id: `${id}-label`, 'data-testid': 'seg-tree-label' });
  const topShare = el('input', { type: 'number', id: `${id}-share`, min: '1', max: '99', value: '20', className: 'num-input seg-num', 'data-testid': 'seg-tree-share' });
  const useShare = el('input', { type: 'checkbox', id: `${id}-useshare`, checked: true });
  const depth = el('input', { type: 'number', id: `${id}-depth`, min: '1', max: '8', value: '3', className: 'num-input seg-num' });
  const treeBtn = el('button', { type: 'button', className: 'button primary', 'data-testid': 'seg-run-tree', text: 'Grow the tree' });
  const tree = el('div', { 'data-testid': 'seg-tree' });

  // ---- comparisons
  const bySel = el('select', { id: `${id}-by`, 'data-testid': 'seg-group-by' });
  const by2Sel = el('select', { id: `${id}-by2` });
  const valueSel = el('select', { id: `${id}-value`, 'data-testid': 'seg-group-value' });
  const groupBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-run-groupby', text: 'Compare groups' });
  const groups = el('div', { 'data-testid': 'seg-groups' });
  const corrMethod = el('select', { id: `${id}-corr` },
    el('option', { value: 'pearson', text: 'Pearson (linear)' }),
    el('option', { value: 'spearman', text: 'Spearman (rank)' }));
  const corrBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-run-corr', text: 'Correlation heat map' });
  const corr = el('div', { 'data-testid': 'seg-corr' });
  let lastCorr = null;
  const xRow = el('select', { id: `${id}-xrow`, 'data-testid': 'seg-xtab-row' });
  const xCol = el('select', { id: `${id}-xcol`, 'data-testid': 'seg-xtab-col' });
  const xtabBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-run-xtab', text: 'Cross-tab' });
  const xtab = el('div', { 'data-testid': 'seg-xtab' });
  const target = el('select', { id: `${id}-target`, 'data-testid': 'seg-reg-target' });
  const regBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-run-reg', text: 'Fit a line' });
  const reg = el('div', { 'data-testid': 'seg-reg' });

  box.replaceChildren(
    el('h3', { id: 'seg-analysis-title', className: 'section-title', text: '4. Unusual customers, value and comparisons' }),
    features.node,
    el('h4', { className: 'seg-sub', text: 'Unusual customers (Isolation Forest or Local Outlier Factor)' }),
    el('p', { className: 'hint', text: 'Isolation Forest: random splits isolate unusual rows in fewer steps; the score is between 0 and 1, above about 0.6 is unusual; adds the column anomaly_score. Local Outlier Factor: how much sparser a row’s neighbourhood is than its neighbours’; about 1 is normal, above about 1.5 is unusual; adds lof_score. Running again replaces the column the last run added.' }),
    el('div', { className: 'row' },
      el('label', { for: `${id}-detector`, className: 'seg-inline' }, 'Method', detector), neighborsLabel,
      el('label', { for: `${id}-top`, className: 'seg-inline' }, 'List the top', topInput), anomalyBtn),
    anomalies,
    el('h4', { className: 'seg-sub', text: 'What makes a customer valuable (decision tree)' }),
    el('p', { className: 'hint', text: 'A tree of yes/no questions on the features that predicts a label; accuracy is measured on a quarter of the rows held out. Adds the tree’s prediction for every row as the column predicted_<label> (running again replaces it).' }),
    el('div', { className: 'row' },
      el('label', { for: `${id}-label`, className: 'seg-inline' }, 'Label', labelSel),
      el('label', { className: 'check', for: `${id}-useshare` }, useShare, 'is in the top'),
      el('label', { for: `${id}-share`, className: 'seg-inline' }, el('span', { className: 'visually-hidden', text: 'Top share in percent' }), topShare, '%'),
      el('label', { for: `${id}-depth`, className: 'seg-inline' }, 'Depth', depth), treeBtn),
    tree,
    el('h4', { className: 'seg-sub', text: 'Compare groups' }),
    el('div', { className: 'row' },
      el('label', { for: `${id}-by`, className: 'seg-inline' }, 'Group by', bySel),
      el('label', { for: `${id}-by2`, className: 'seg-inline' }, 'and', by2Sel),
      el('label', { for: `${id}-value`, className: 'seg-inline' }, 'Summarize', valueSel), groupBtn),
    groups,
    el('div', { className: 'row' }, el('label', { for: `${id}-corr`, className: 'seg-inline' }, 'Correlation', corrMethod), corrBtn),
    el('p', { className: 'hint', text: 'Correlations of the features ticked above: +1 rise together, −1 one rises as the other falls, 0 no relation.' }),
    corr,
    el('div', { className: 'row' },
      el('label', { for: `${id}-xrow`, className: 'seg-inline' }, 'Count', xRow),
      el('label', { for: `${id}-xcol`, className: 'seg-inline' }, 'against', xCol), xtabBtn),
    el('p', { className: 'hint', text: 'A cross-tab counts the rows of every pair of values; the chi-square test says whether the two columns are related (a small p-value: they are).' }),
    xtab,
    el('div', { className: 'row' }, el('label', { for: `${id}-target`, className: 'seg-inline' }, 'Explain', target), el('span', { className: 'small', text: 'by the ticked features' }), regBtn),
    reg,
  );

  xtabBtn.addEventListener('click', async () => {
    const r = await ctx.run('Cross-tab', (p) => ctx.client.analyze('crosstab', { row: xRow.value, col: xCol.value }, p));
    if (!r) return;
    const cols = r.cols.slice(0, 30);
    put(xtab,
      el('p', { className: 'small', 'data-testid': 'seg-xtab-test' },
        `χ² = ${fmtValue(r.chi2)} with ${fmtInt(r.dof)} degrees of freedom, p = ${r.p_value === null ? '—' : r.p_value < 1e-4 ? r.p_value.toExponential(1) : r.p_value.toFixed(4)}, Cramér’s V = ${r.cramers_v === null ? '—' : r.cramers_v.toFixed(3)} (0 unrelated, 1 fully related). ${fmtInt(r.total)} rows${r.missing ? `; ${fmtInt(r.missing)} with a missing value left out` : ''}.`,
        r.low_expected_share > 0.2 ? ` Careful: ${fmtPct(r.low_expected_share)} of the cells expect fewer than 5 rows, so the test is rough.` : ''),
      el('div', { className: 'seg-scroll' },
        el('table', { className: 'seg-table seg-compact', 'data-testid': 'seg-xtab-table' },
          el('caption', { className: 'visually-hidden', text: `${r.row_column} by ${r.col_column}` }),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: `${r.row_column} ↓ · ${r.col_column} →` }), ...cols.map((c) => el('th', { scope: 'col', text: c })))),
          el('tbody', {}, ...r.rows.slice(0, 50).map((name, i) => el('tr', {}, el('th', { scope: 'row', text: name }),
            ...cols.map((_, j) => el('td', { className: 'num', text: fmtInt(r.counts[i][j]) }))))))),
      r.rows.length > 50 || r.cols.length > 30 ? el('p', { className: 'hint', text: `Showing the first 50 rows and 30 columns of ${fmtInt(r.rows.length)} × ${fmtInt(r.cols.length)}; the test uses all of them.` }) : null,
    );
  });

  regBtn.addEventListener('click', async () => {
    const features = featuresOf().filter((c) => c !== target.value);
    const r = await ctx.run('Fitting a line', (p) => ctx.client.analyze('regression', { target: target.value, features }, p));
    if (!r) return;
    put(reg,
      el('p', { className: 'small', 'data-testid': 'seg-reg-r2' }, el('strong', { text: `R² = ${r.r2.toFixed(3)}` }),
        ` (adjusted ${r.adjusted_r2.toFixed(3)}): the features explain ${fmtPct(Math.max(0, r.r2))} of the spread of ${r.target}. ${fmtInt(r.rows)} rows used${r.rows_excluded ? `, ${fmtInt(r.rows_excluded)} left out for a missing or non-numeric value` : ''}.`),
      el('table', { className: 'seg-table' },
        el('caption', { className: 'visually-hidden', text: `Linear regression of ${r.target}` }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Term' }), el('th', { scope: 'col', text: 'Coefficient' }))),
        el('tbody', {},
          el('tr', {}, el('th', { scope: 'row', text: 'intercept' }), el('td', { className: 'num', text: fmtNum(r.intercept) })),
          ...Object.entries(r.coefficients).map(([f, v]) => el('tr', {}, el('th', { scope: 'row', text: f }), el('td', { className: 'num', text: fmtNum(v) }))))),
      el('p', { className: 'hint', text: `${r.target} ≈ ${fmtNum(r.intercept)} ${Object.entries(r.coefficients).map(([f, v]) => `${v < 0 ? '−' : '+'} ${fmtNum(Math.abs(v))} × ${f}`).join(' ')}` }),
    );
  });

  function featuresOf() {
    return features.options().columns;
  }

  anomalyBtn.addEventListener('click', async () => {
    const lof = detector.value === 'lof';
    const o = { ...features.options(), top: Number(topInput.value) || 20, detector: detector.value, apply: true };
    if (lof) o.neighbors = Number(neighbors.value) || 20;
    const r = await ctx.run('Scoring unusual customers', (p) => ctx.client.analyze('anomaly', o, p));
    if (!r) return;
    const column = r.added?.[0] ?? (lof ? 'lof_score' : 'anomaly_score');
    const sortBtn = el('button', { type: 'button', className: 'button small', 'data-testid': 'seg-anomaly-sort', text: 'Show all rows, most unusual first' });
    sortBtn.addEventListener('click', () => {
      const col = ctx.columnIndex(column);
      if (col >= 0) ctx.showRows({ sort: { column: col, descending: true } });
    });
    put(anomalies,
      el('p', { className: 'small', 'data-testid': 'seg-anomaly-summary' }, `Column ${column} ${r.replaced?.length ? 'replaced' : 'added'} (${lof ? `Local Outlier Factor, ${r.neighbors} neighbours` : `${r.trees} trees of ${r.max_samples} rows`}). `, sortBtn),
      el('table', { className: 'seg-table', 'data-testid': 'seg-anomaly-table' },
        el('caption', { className: 'visually-hidden', text: 'Most unusual customers' }),
        el('thead', {}, el('tr', {}, ...['Row', 'Score', 'Stands out by'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...(r.top ?? []).map((a) => el('tr', { 'data-testid': 'seg-anomaly-row' },
          el('td', { className: 'num', text: fmtInt(a.row + 1) }),
          el('td', { className: 'num', text: a.score.toFixed(3) }),
          el('td', { className: 'small', text: (a.standout ?? []).map((s) => `${s.feature} = ${fmtNum(s.value)} (${s.z >= 0 ? '+' : ''}${s.z.toFixed(1)} sd)`).join(', ') }))))),
    );
  });

  treeBtn.addEventListener('click', async () => {
    const label = labelSel.value;
    const o = { ...features.options(), label, maxDepth: Number(depth.value) || 3, apply: true };
    o.columns = o.columns.filter((c) => c !== label);
    if (useShare.checked) o.topShare = (Number(topShare.value) || 20) / 100;
    const r = await ctx.run('Growing the tree', (p) => ctx.client.analyze('tree', o, p));
    if (!r) return;
    showTree(r);
  });

  /** "Column x added." or "Column x replaced (the last run's result)." for a result's columns. */
  function addedText(r) {
    if (!r.added?.length) return '';
    const list = r.added.join(', ');
    return r.replaced?.length ? ` Column ${list} replaced (the last run’s result).` : ` Column ${list} added.`;
  }

  function showTree(r) {
    const t = r.tree;
    const nodes = t.nodes ?? [];
    const total = (n) => n.counts.reduce((a, b) => a + b, 0);
    const draw = (i, question) => {
      const n = nodes[i];
      const size = total(n);
      const share = size ? Math.max(...n.counts) / size : 0;
      const head = el('span', { className: n.feature === undefined || n.left === undefined ? 'seg-leaf' : 'seg-node' },
        question ? el('span', { className: 'seg-q', text: `${question} ` }) : null,
        n.left === undefined
          ? el('strong', { text: `→ ${n.predicted}` })
          : el('span', { text: question ? '' : 'All training rows' }),
        el('span', { className: 'muted', text: ` (${fmtInt(size)} rows, ${fmtPct(share)} ${n.predicted})` }));
      if (n.left === undefined) return el('li', { role: 'treeitem' }, head);
      const f = n.feature;
      return el('li', { role: 'treeitem', 'aria-expanded': 'true' }, head,
        el('ul', { role: 'group' }, draw(n.left, `${f} ≤ ${fmtNum(n.threshold)}`), draw(n.right, `${f} > ${fmtNum(n.threshold)}`)));
    };
    put(tree,
      el('p', { className: 'small', 'data-testid': 'seg-tree-accuracy' },
        el('strong', { text: `Held-out accuracy ${fmtPct(t.test_accuracy)}` }),
        ` (always guessing the most common label: ${fmtPct(t.baseline_accuracy)}; training rows ${fmtPct(t.train_accuracy)}). Label: ${r.label}${r.unlabelled ? `; ${fmtInt(r.unlabelled)} rows without a label left out` : ''}.${addedText(r)}`),
      nodes.length ? el('ul', { className: 'seg-tree', role: 'tree', 'aria-label': `Decision tree predicting ${r.label}` }, draw(0, '')) : null,
      el('details', { className: 'seg-more' },
        el('summary', { text: `Rules (${(t.rules ?? []).length})` }),
        el('ol', { className: 'small', 'data-testid': 'seg-tree-rules' }, ...(t.rules ?? []).map((s) => el('li', { text: s })))),
      el('p', { className: 'hint', text: `Importance: ${Object.entries(t.importance ?? {}).sort((a, b) => b[1] - a[1]).map(([f, v]) => `${f} ${fmtPct(v)}`).join(', ')}` }),
    );
  }

  groupBtn.addEventListener('click', async () => {
    const by = [bySel.value, by2Sel.value].filter(Boolean);
    const r = await ctx.run('Comparing groups', (p) => ctx.client.analyze('groupby', { by, value: valueSel.value }, p));
    if (!r) return;
    groups.replaceChildren(el('div', { className: 'seg-scroll' },
      el('table', { className: 'seg-table', 'data-testid': 'seg-group-table' },
        el('caption', { className: 'visually-hidden', text: `${r.value_column} by ${r.by.join(' and ')}` }),
        el('thead', {}, el('tr', {}, ...[...r.by, 'Rows', 'Numbers', 'Sum', 'Mean', 'Median'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...r.groups.map((g) => el('tr', {},
          ...g.keys.map((k) => el('th', { scope: 'row', text: k === '' ? '(missing)' : k })),
          el('td', { className: 'num', text: fmtInt(g.count) }),
          el('td', { className: 'num', text: fmtInt(g.values) }),
          el('td', { className: 'num', text: fmtValue(g.sum) }),
          el('td', { className: 'num', text: fmtValue(g.mean) }),
          el('td', { className: 'num', text: fmtValue(g.median) })))))));
  });

  corrBtn.addEventListener('click', async () => {
    const cols = features.options().columns;
    const r = await ctx.run('Correlations', (p) => ctx.client.analyze('correlations', { columns: cols }, p));
    if (!r) return;
    lastCorr = r;
    showCorr();
  });
  corrMethod.addEventListener('change', () => lastCorr && showCorr());

  function showCorr() {
    const r = lastCorr;
    const m = r[corrMethod.value];
    const canvas = el('canvas', { className: 'seg-heatmap', role: 'img', 'data-testid': 'seg-heatmap',
      'aria-label': `${corrMethod.value === 'pearson' ? 'Pearson' : 'Spearman'} correlations of ${r.columns.join(', ')}; the numbers are in the table below.` });
    corr.replaceChildren(canvas,
      el('details', { className: 'seg-more' }, el('summary', { text: 'As a table' }),
        el('table', { className: 'seg-table seg-compact' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: '' }), ...r.columns.map((c) => el('th', { scope: 'col', text: c })))),
          el('tbody', {}, ...r.columns.map((c, i) => el('tr', {}, el('th', { scope: 'row', text: c }),
            ...m[i].map((v) => el('td', { className: 'num', text: v === null ? '—' : v.toFixed(3) }))))))));
    drawHeatmap(canvas, r.columns, m);
  }

  function columnsChanged() {
    features.refresh();
    const all = ctx.columns();
    const numeric = ctx.numericColumns();
    const profile = ctx.profile();
    // Grouping columns: few distinct values (categories, segments, clusters, scores).
    const categorical = (profile?.columns ?? []).filter((c) => c.distinct > 0 && c.distinct <= 50).map((c) => c.name);
    const fill = (sel, names, prefer, optional = false) => {
      const keep = sel.value || prefer;
      sel.replaceChildren(...(optional ? [el('option', { value: '', text: '(nothing)' })] : []), ...names.map((n) => el('option', { value: n, text: n })));
      sel.value = names.includes(keep) ? keep : optional ? '' : names[0] ?? '';
    };
    fill(labelSel, all, all.includes('monetary') ? 'monetary' : numeric[0]);
    fill(bySel, categorical, categorical.find((n) => n.startsWith('rfm_segment')) ?? categorical.find((n) => n.startsWith('cluster')) ?? 'country');
    fill(by2Sel, categorical, '', true);
    fill(valueSel, numeric, numeric.includes('monetary') ? 'monetary' : numeric[0]);
    fill(xRow, categorical, categorical.find((n) => n.startsWith('rfm_segment')) ?? 'country');
    fill(xCol, categorical, categorical.find((n) => n.startsWith('cluster')) ?? categorical.find((n) => n !== xRow.value));
    fill(target, numeric, numeric.includes('monetary') ? 'monetary' : numeric[0]);
  }

  return {
    reset() {
      anomalies.replaceChildren();
      tree.replaceChildren();
      groups.replaceChildren();
      corr.replaceChildren();
      xtab.replaceChildren();
      reg.replaceChildren();
      lastCorr = null;
      columnsChanged();
    },
    columnsChanged,
  };
}
