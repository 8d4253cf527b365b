// The Segments view: the orders file and the join (segments-orders.js), RFM segments
// (segments-rfm.js), clusters and the PCA scatter (segments-clusters.js), anomalies, the value
// tree and comparisons (segments-analysis.js). This module owns the shared parts: one running task
// at a time with a progress bar and a Cancel button, the error box, and the current profile.
// Results that add columns (order aggregates, RFM, cluster, pc1/pc2, anomaly_score) become a new
// table version through onVersion, so the grid, filters, rules and exports see them.
import { el, plural } from './dom.js';
import { destroyCharts } from './charts.js';
import { mountOrders } from './segments-orders.js';
import { mountRfm } from './segments-rfm.js';
import { mountClusters } from './segments-clusters.js';
import { mountAnalysis } from './segments-analysis.js';

/** Types whose columns can be features. */
const NUMERIC = new Set(['integer', 'decimal']);

/**
 * Creates the view in `root`. options: {client (EngineClient), onVersion(result) (shows a new
 * table version: {profile, view}), onShowRows({filter, sort}) (the grid with a filter or a sort),
 * onEngineLost(err)}. Returns {setTable(profile), profileChanged(profile), shown()}.
 */
export function createSegmentsView(root, { client, onVersion, onShowRows, onEngineLost }) {
  let profile = null;
  let busy = false;
  let cancelling = false;

  const progress = el('progress', { max: '1', value: '0', 'aria-label': 'Progress', 'data-testid': 'seg-progress' });
  const progressText = el('span', { className: 'small', 'aria-live': 'polite' });
  const cancelBtn = el('button', { type: 'button', className: 'button small', 'data-testid': 'seg-cancel', text: 'Cancel' });
  const progressRow = el('div', { className: 'seg-progress row', hidden: true, 'data-testid': 'seg-progress-row' }, progress, progressText, cancelBtn);
  const status = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'seg-status' });
  const errorBox = el('div', { className: 'seg-error error', role: 'alert', 'data-testid': 'seg-error', hidden: true });

  cancelBtn.addEventListener('click', () => {
    if (!busy) return;
    cancelling = true;
    cancelBtn.disabled = true;
    progressText.textContent = 'Cancelling…';
    client.cancelSegment();
  });

  const ctx = {
    client,
    profile: () => profile,
    /** Column index of `name` in the current version, or −1. */
    columnIndex: (name) => (profile ? profile.columns.findIndex((c) => c.name === name) : -1),
    /** Names of the numeric columns of the current version. */
    numericColumns: () => (profile ? profile.columns.filter((c) => NUMERIC.has(c.type)).map((c) => c.name) : []),
    /** Names of every column. */
    columns: () => (profile ? profile.columns.map((c) => c.name) : []),
    showRows: (spec) => onShowRows(spec),
    run,
    isBusy: () => busy,
    setStatus: (text) => (status.textContent = text),
  };

  /**
   * Runs one long task: `call(onProgress)` returns a promise. Shows progress and Cancel; a
   * result carrying {profile, view} is a new table version (shown at once). Returns the result,
   * or null when it failed or was cancelled (the reason is shown).
   */
  async function run(label, call) {
    if (busy) {
      status.textContent = 'Another step is running: wait for it or cancel it.';
      return null;
    }
    busy = true;
    cancelling = false;
    root.setAttribute('aria-busy', 'true');
    errorBox.hidden = true;
    progress.value = 0;
    progress.removeAttribute('value'); // indeterminate until the first report
    progressText.textContent = `${label}…`;
    cancelBtn.disabled = false;
    progressRow.hidden = false;
    status.textContent = '';
    const started = performance.now();
    try {
      const result = await call((p) => {
        if (cancelling) return;
        const f = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
        progress.value = f;
        progressText.textContent = `${label} — ${Math.round(f * 100)}%`;
      });
      if (result?.cancelled) {
        if (result.profile && result.view) await onVersion(result);
        status.textContent = `${label}: cancelled; nothing was changed.`;
        root.dataset.lastCancel = 'undone';
        return null;
      }
      if (result?.profile && result?.view) await onVersion(result);
      const s = (performance.now() - started) / 1000;
      status.textContent = `${label}: done in ${s < 10 ? s.toFixed(1) : Math.round(s)} s.`;
      return result;
    } catch (err) {
      if (err.code === 'cancelled') {
        status.textContent = `${label}: cancelled; nothing was changed.`;
        root.dataset.lastCancel = 'stopped';
      } else if (err.fatal || err.code === 'restarted') {
        onEngineLost(err);
      } else {
        const msg = String(err.message || 'unknown error');
        errorBox.replaceChildren(el('strong', { text: `${label}: ` }), msg.charAt(0).toUpperCase() + msg.slice(1));
        errorBox.hidden = false;
      }
      return null;
    } finally {
      busy = false;
      root.removeAttribute('aria-busy');
      progressRow.hidden = true;
    }
  }

  const intro = el('p', { className: 'hint' },
    'Who are your customers? Join them with their orders to score recency, frequency and money spent (RFM), ' +
    'group similar customers (k-means), see them on a map (PCA), find unusual records, and explain what makes ' +
    'a customer valuable. Everything runs in this browser; results become columns of the table.');
  const ordersBox = el('section', { className: 'seg-section', 'aria-labelledby': 'seg-orders-title' });
  const rfmBox = el('section', { className: 'seg-section', 'aria-labelledby': 'seg-rfm-title', hidden: true, 'data-testid': 'seg-rfm' });
  const clustersBox = el('section', { className: 'seg-section', 'aria-labelledby': 'seg-clusters-title', 'data-testid': 'seg-clusters' });
  const analysisBox = el('section', { className: 'seg-section', 'aria-labelledby': 'seg-analysis-title', 'data-testid': 'seg-analysis' });

  root.replaceChildren(
    el('h2', { className: 'section-title', text: 'Segments' }),
    intro,
    el('div', { className: 'seg-sticky' }, progressRow, status, errorBox),
    ordersBox,
    rfmBox,
    clustersBox,
    analysisBox,
  );

  const rfm = mountRfm(rfmBox, ctx);
  const orders = mountOrders(ordersBox, ctx, { onRfm: (summary) => rfm.show(summary) });
  const clusters = mountClusters(clustersBox, ctx);
  const analysis = mountAnalysis(analysisBox, ctx);

  return {
    /** A new file was loaded: everything starts over. */
    setTable(p) {
      profile = p;
      destroyCharts(root);
      status.textContent = '';
      errorBox.hidden = true;
      orders.reset();
      rfm.reset();
      clusters.reset();
      analysis.reset();
      client.closeOrders().catch(() => {});
    },
    /** The table has a new version (a step, an undo, added columns): column lists follow. */
    profileChanged(p) {
      profile = p;
      clusters.columnsChanged();
      analysis.columnsChanged();
    },
    /** The tab was opened. */
    shown() {
      clusters.columnsChanged();
      analysis.columnsChanged();
      if (profile) status.textContent ||= `${plural(profile.rows, 'customer row')} loaded.`;
    },
  };
}
