// Clusters (README "Analysis"): pick numeric features, let the k chooser draw the elbow (inertia)
// and silhouette curves for k = 2..10 and suggest k, run k-means (or DBSCAN), read each cluster's
// profile in original units, and see the customers on a PCA scatter colored by cluster or
// segment. Results become the columns cluster, pc1 and pc2.
import { el, fmtInt, fmtPct, fmtNum } from './dom.js';
import { destroyCharts } from './charts.js';
import { chart, curveConfig, drawScatter, categoryColor } from './segments-charts.js';

let uid = 0;

/** Replaces the children of `box`, skipping null/false ones (replaceChildren would print "null"). */
function put(box, ...children) {
  box.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

/** Columns the analyses add (cluster, pc1, pc2, anomaly_score, predicted_..., RFM scores). */
const RESULT_COLUMN = /^(cluster|pc\d+|anomaly_score|predicted_|[rfm]_score)(_\d+)?/;

/** The features block shared by clusters and anomalies: {node, options(), refresh()}. */
export function featurePicker(ctx, prefix) {
  const id = `${prefix}-${++uid}`;
  const list = el('div', { className: 'seg-checks', 'data-testid': `${prefix}-features` });
  const scale = el('select', { id: `${id}-scale`, 'data-testid': `${prefix}-scale` },
    el('option', { value: 'zscore', text: 'z-score (mean 0, standard deviation 1)' }),
    el('option', { value: 'minmax', text: 'min–max (0 to 1)' }),
    el('option', { value: 'none', text: 'none (original units)' }));
  const impute = el('select', { id: `${id}-impute` },
    el('option', { value: 'median', text: 'fill with the median' }),
    el('option', { value: 'mean', text: 'fill with the mean' }),
    el('option', { value: 'exclude', text: 'leave the row out' }));
  const autoLog = el('input', { type: 'checkbox', id: `${id}-log` });
  let chosen = null; // names ticked (kept across versions)
  let touched = false; // the user changed the ticks: keep them; else follow the defaults
  const node = el('fieldset', { className: 'seg-features' },
    el('legend', { text: 'Features (numeric columns)' }),
    list,
    el('div', { className: 'seg-fields' },
      el('label', { for: `${id}-scale`, className: 'seg-field' }, el('span', { text: 'Scaling' }), scale),
      el('label', { for: `${id}-impute`, className: 'seg-field' }, el('span', { text: 'Missing values' }), impute)),
    el('label', { className: 'check', for: `${id}-log` }, autoLog, 'Log-transform skewed columns (skewness above 1)'));

  function refresh() {
    const names = ctx.numericColumns();
    if (chosen === null || !touched || !chosen.some((n) => names.includes(n))) {
      const rfm = ['recency_days', 'frequency', 'monetary'].filter((n) => names.includes(n));
      // Columns that analyses added are results, not features (tick them to use them anyway).
      const inputs = names.filter((n) => !RESULT_COLUMN.test(n));
      chosen = rfm.length ? rfm : inputs.slice(0, 3);
    }
    list.replaceChildren(...(names.length ? names.map((name, i) => {
      const box = el('input', { type: 'checkbox', id: `${id}-f${i}`, value: name, checked: chosen.includes(name) });
      box.addEventListener('change', () => {
        touched = true;
        chosen = [...list.querySelectorAll('input:checked')].map((b) => b.value);
      });
      return el('label', { className: 'check', for: `${id}-f${i}` }, box, name);
    }) : [el('p', { className: 'hint', text: 'No numeric columns yet: compute RFM above, or load a table with numbers.' })]));
  }

  return {
    node,
    refresh,
    options: () => ({
      columns: [...list.querySelectorAll('input:checked')].map((b) => b.value),
      scale: scale.value,
      impute: impute.value,
      autoLog: autoLog.checked,
    }),
  };
}

/** Mounts the cluster workflow in `box`. Returns {reset(), columnsChanged()}. */
export function mountClusters(box, ctx) {
  const id = `seg-k-${++uid}`;
  const features = featurePicker(ctx, 'seg-kf');
  const chooseBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-choose-k', text: 'Find a good k' });
  const kInput = el('input', { type: 'number', id: `${id}-k`, min: '1', max: '50', value: '4', 'data-testid': 'seg-k', className: 'num-input seg-num' });
  const runBtn = el('button', { type: 'button', className: 'button primary', 'data-testid': 'seg-run-kmeans', text: 'Run k-means' });
  const epsInput = el('input', { type: 'number', id: `${id}-eps`, min: '0', step: 'any', placeholder: 'suggested', className: 'num-input seg-num', 'data-testid': 'seg-eps' });
  const minInput = el('input', { type: 'number', id: `${id}-min`, min: '2', value: '5', className: 'num-input seg-num' });
  const dbscanBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-run-dbscan', text: 'Run DBSCAN' });
  const chooser = el('div', { className: 'seg-chooser', 'data-testid': 'seg-k-chooser' });
  const profiles = el('div', { 'data-testid': 'seg-cluster-profiles' });
  const colorBy = el('select', { id: `${id}-color`, 'data-testid': 'seg-color-by' });
  const addPcs = el('input', { type: 'checkbox', id: `${id}-addpc`, checked: true });
  const pcaBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'seg-run-pca', text: 'Draw the PCA map' });
  const scatterBox = el('div', { className: 'seg-scatter-box', hidden: true });
  const canvas = el('canvas', { className: 'seg-scatter', role: 'img', 'data-testid': 'seg-scatter', 'aria-label': 'PCA scatter' });
  const legend = el('ul', { className: 'seg-legend', 'aria-label': 'Colors' });
  const pcaText = el('p', { className: 'small', 'data-testid': 'seg-pca-text' });
  scatterBox.append(pcaText, canvas, legend);

  box.replaceChildren(
    el('h3', { id: 'seg-clusters-title', className: 'section-title', text: '3. Groups of similar customers' }),
    el('p', { className: 'hint', text: 'k-means puts each customer in the nearest of k groups, measured on the features you pick (scaled so that each counts alike). Not sure about k? “Find a good k” tries k = 2 to 10: the elbow is where adding groups stops helping much; the silhouette (−1 to 1) is higher when groups are well apart. Running k-means or DBSCAN again replaces the cluster column the last run added.' }),
    features.node,
    el('div', { className: 'row' }, chooseBtn,
      el('label', { for: `${id}-k`, className: 'seg-inline' }, 'k (groups)', kInput), runBtn),
    chooser,
    el('details', { className: 'seg-more' },
      el('summary', { text: 'Odd-shaped groups: DBSCAN' }),
      el('p', { className: 'hint', text: 'DBSCAN grows groups from dense neighbourhoods (within distance eps, at least “min samples” rows) and labels the rest noise (−1). Leave eps empty to take the knee of the k-distance curve.' }),
      el('div', { className: 'row' },
        el('label', { for: `${id}-eps`, className: 'seg-inline' }, 'eps', epsInput),
        el('label', { for: `${id}-min`, className: 'seg-inline' }, 'min samples', minInput), dbscanBtn)),
    profiles,
    el('h4', { className: 'seg-sub', text: 'Map (PCA)' }),
    el('p', { className: 'hint', text: 'Principal components squeeze the features into two axes that keep as much of their spread as possible; each dot is a customer.' }),
    el('div', { className: 'row' },
      el('label', { for: `${id}-color`, className: 'seg-inline' }, 'Color by', colorBy),
      el('label', { className: 'check', for: `${id}-addpc` }, addPcs, 'Add pc1 and pc2 as columns'), pcaBtn),
    scatterBox,
  );

  chooseBtn.addEventListener('click', async () => {
    const o = features.options();
    const r = await ctx.run('Trying k = 2 to 10', (p) => ctx.client.analyze('choose_k', o, p));
    if (!r) return;
    showChooser(r);
  });

  runBtn.addEventListener('click', async () => {
    const k = Number(kInput.value);
    const r = await ctx.run(`k-means with k = ${k}`, (p) => ctx.client.analyze('kmeans', { ...features.options(), k, nInit: 3, apply: true }, p));
    if (!r) return;
    showProfiles(r.clusters, r.features, `k-means, k = ${r.kmeans.k}: inertia ${fmtNum(r.kmeans.inertia)} after ${r.kmeans.iterations} iterations.`, r.added, r.replaced);
    columnsChanged(r.added?.[0]);
  });

  dbscanBtn.addEventListener('click', async () => {
    const eps = Number(epsInput.value) || 0;
    const r = await ctx.run('DBSCAN', (p) => ctx.client.analyze('dbscan', { ...features.options(), eps, minSamples: Number(minInput.value) || 5, apply: true }, p));
    if (!r) return;
    const d = r.dbscan;
    showProfiles(r.clusters, r.features, `DBSCAN with eps ${fmtNum(d.eps)}${r.eps_suggestion ? ' (suggested)' : ''} and min samples ${d.min_samples}: ${d.clusters} groups, ${fmtInt(d.noise)} noise rows (−1).`, r.added, r.replaced);
    columnsChanged(r.added?.[0]);
  });

  pcaBtn.addEventListener('click', async () => {
    const o = { ...features.options(), colorColumn: colorBy.value, apply: addPcs.checked };
    const r = await ctx.run('PCA', (p) => ctx.client.analyze('pca', o, p));
    if (!r) return;
    const pts = await ctx.client.points();
    if (!pts) return;
    scatterBox.hidden = false;
    const ratio = r.pca.explained_variance_ratio;
    const top = (q) => Object.entries(r.pca.components?.[q] ?? {}).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 3).map(([f, v]) => `${f} ${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`).join(', ');
    pcaText.textContent = `pc1 explains ${fmtPct(ratio[0])} of the spread${ratio.length > 1 ? `, pc2 ${fmtPct(ratio[1])}` : ''}. pc1 ≈ ${top(0)}${ratio.length > 1 ? `; pc2 ≈ ${top(1)}` : ''}.`;
    const cats = r.points?.categories ?? [];
    const colors = cats.map((c, i) => categoryColor(c, i));
    const drawn = drawScatter(canvas, pts.xy, pts.codes, { colors });
    canvas.dataset.points = String(drawn.points);
    canvas.dataset.ms = drawn.ms.toFixed(1);
    canvas.setAttribute('aria-label', `PCA scatter of ${fmtInt(drawn.points)} customers${o.colorColumn ? `, colored by ${o.colorColumn}` : ''}. ${pcaText.textContent}`);
    legend.replaceChildren(...cats.map((c, i) => {
      const sw = el('span', { className: 'seg-swatch', 'aria-hidden': 'true' });
      sw.style.background = colors[i];
      return el('li', {}, sw, `${o.colorColumn} ${c}`);
    }));
    ctx.setStatus(`Drew ${fmtInt(drawn.points)} points in ${drawn.ms.toFixed(0)} ms.${r.added ? ` ${r.replaced?.length ? 'Replaced' : 'Added'} ${r.added.join(', ')}.` : ''}`);
  });

  function showChooser(r) {
    destroyCharts(chooser);
    const c = r.choice;
    const ks = c.scores.map((s) => s.k);
    const inertia = el('canvas', { role: 'img', 'aria-label': `Elbow chart: inertia for k = ${ks[0]} to ${ks[ks.length - 1]}; the elbow is at k = ${c.elbow_k}.`, 'data-testid': 'seg-elbow' });
    const sil = el('canvas', { role: 'img', 'aria-label': `Silhouette for k = ${ks[0]} to ${ks[ks.length - 1]}; highest at k = ${c.suggested_k}.`, 'data-testid': 'seg-silhouette' });
    const use = el('button', { type: 'button', className: 'button small', 'data-testid': 'seg-use-k', text: `Use k = ${c.suggested_k}` });
    use.addEventListener('click', () => {
      kInput.value = String(c.suggested_k);
      kInput.focus();
    });
    put(chooser,
      el('p', { 'data-testid': 'seg-suggested-k', 'data-k': String(c.suggested_k) },
        el('strong', { text: `Suggested k = ${c.suggested_k}` }),
        ` (highest silhouette, ${c.scores.find((s) => s.k === c.suggested_k)?.silhouette?.toFixed(3)}); the elbow of the inertia curve is at k = ${c.elbow_k}. `,
        el('span', { className: 'muted', text: `On ${fmtInt(c.rows_used)} rows; silhouette on ${fmtInt(c.silhouette_rows)}.` }), ' ', use),
      el('div', { className: 'seg-two' },
        el('div', { className: 'seg-chart' }, inertia),
        el('div', { className: 'seg-chart' }, sil)),
      el('table', { className: 'seg-table seg-compact' },
        el('caption', { className: 'visually-hidden', text: 'Inertia and silhouette per k' }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'k' }), ...ks.map((k) => el('th', { scope: 'col', text: String(k) })))),
        el('tbody', {},
          el('tr', {}, el('th', { scope: 'row', text: 'Inertia' }), ...c.scores.map((s) => el('td', { className: 'num', text: fmtNum(s.inertia) }))),
          el('tr', {}, el('th', { scope: 'row', text: 'Silhouette' }), ...c.scores.map((s) => el('td', { className: 'num', text: s.silhouette === null ? '—' : s.silhouette.toFixed(3) }))))),
    );
    kInput.value = String(c.suggested_k);
    chart(inertia, curveConfig(ks, c.scores.map((s) => s.inertia), 'Inertia', c.elbow_k));
    chart(sil, curveConfig(ks, c.scores.map((s) => s.silhouette), 'Silhouette', c.suggested_k));
  }

  function showProfiles(clusters, feat, headline, added, replaced) {
    const names = (feat.columns ?? []).filter((c) => c.used).map((c) => c.name);
    const notes = (feat.columns ?? []).filter((c) => !c.used).map((c) => `${c.name} left out: ${c.excluded_reason}`);
    const imputed = (feat.columns ?? []).filter((c) => c.used && c.imputed > 0).map((c) => `${c.name}: ${fmtInt(c.imputed)} missing filled with ${fmtNum(c.fill)}`);
    put(profiles,
      el('h4', { className: 'seg-sub', text: 'Cluster profiles' }),
      el('p', { className: 'small', text: `${headline}${added?.length ? ` Column ${added.join(', ')} ${replaced?.length ? 'replaced (the last run’s result)' : 'added'}.` : ''}` }),
      notes.length || imputed.length ? el('p', { className: 'hint', text: [...notes, ...imputed].join(' · ') }) : null,
      el('div', { className: 'seg-scroll' },
        el('table', { className: 'seg-table', 'data-testid': 'seg-profile-table' },
          el('caption', { className: 'visually-hidden', text: 'Cluster profiles: size and mean of each feature in original units' }),
          el('thead', {}, el('tr', {}, ...['Cluster', 'Customers', 'Share', ...names.map((n) => `${n} (mean)`), 'Stands out by'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, ...clusters.map((c) => {
            const link = el('button', { type: 'button', className: 'link-button', text: String(c.cluster), 'aria-label': `Show the rows of cluster ${c.cluster}` });
            link.addEventListener('click', () => {
              const col = ctx.columnIndex(added?.[0] ?? 'cluster');
              if (col >= 0) ctx.showRows({ filter: { kind: 'value', column: col, value: String(c.cluster) } });
            });
            const sw = el('span', { className: 'seg-swatch', 'aria-hidden': 'true' });
            sw.style.background = categoryColor(String(c.cluster), 0);
            return el('tr', { 'data-testid': 'seg-profile-row' },
              el('th', { scope: 'row' }, sw, link),
              el('td', { className: 'num', text: fmtInt(c.size) }),
              el('td', { className: 'num', text: fmtPct(c.share) }),
              ...names.map((n) => el('td', { className: 'num', text: fmtNum(c.centroid[n]) })),
              el('td', { className: 'small', text: (c.standout ?? []).filter((s) => Math.abs(s.z) >= 0.05).map((s) => `${s.feature} ${s.z >= 0 ? 'high' : 'low'} (${s.z >= 0 ? '+' : '−'}${Math.abs(s.z).toFixed(1)} sd)`).join(', ') || 'close to the average' }));
          })))),
    );
  }

  /** Refreshes the feature list and the color choices; `prefer` selects a new column. */
  function columnsChanged(prefer) {
    features.refresh();
    const names = ctx.columns();
    const keep = prefer ?? colorBy.value;
    const choices = names.filter((n) => /^(cluster|rfm_segment|r_score|f_score|m_score|predicted_)/.test(n));
    colorBy.replaceChildren(el('option', { value: '', text: '(one color)' }), ...choices.map((n) => el('option', { value: n, text: n })));
    colorBy.value = choices.includes(keep) ? keep : choices.find((n) => n.startsWith('cluster')) ?? choices.find((n) => n.startsWith('rfm_segment')) ?? '';
  }

  return {
    reset() {
      destroyCharts(box);
      chooser.replaceChildren();
      profiles.replaceChildren();
      scatterBox.hidden = true;
      columnsChanged();
    },
    columnsChanged: () => columnsChanged(),
  };
}
