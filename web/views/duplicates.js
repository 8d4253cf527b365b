// The Duplicates view: find customers entered more than once (typos, nicknames, new phone
// formats...) with the engine's Fellegi–Sunter dedupe, review them and export the result.
//   1. Setup (duplicates-setup.js): compared columns and blocking rules with estimated pairs.
//   2. Run with progress and Cancel (the engine works in the worker; the page stays responsive).
//   3. The match-weight histogram (duplicates-chart.js) with a threshold slider: pair and cluster
//      counts update live while it moves; letting go clusters again at that threshold.
//   4. The clusters, uncertain ones first, in a virtualized list (duplicates-list.js).
//   5. One cluster (duplicates-review.js): records side by side, the merged record, the
//      waterfall of field contributions, accept / reject / take out.
//   6. Exports: the deduplicated file, the cluster map, golden records and their lineage, the
//      model (as `crmwb dedupe` writes them) and the review decisions.
//
// app.js wires it: new DuplicatesView(root, {client, baseName, onQuality}), setTable() after a
// file is opened, tableChanged() after a new version (cleaning, undo), shown() when its tab
// opens. onQuality(quality) gets the quality score after a run, a new threshold or a decision:
// the engine counts the clusters as they stand in uniqueness and the fuzzy_duplicate problem.
// "Re-score with my decisions" runs again with the decisions as labels (they refine m and
// the prior, as `crmwb dedupe --labels` does) and keeps them. save() / restore(state) keep the
// view in a project (web/project-state.js): the run's model, threshold and decisions, which a
// restore runs again on the restored table (deterministic: the same clusters); onChange() is
// called when that state changes (autosave).
import { el, fmtInt, download, plural } from './dom.js';
import { WeightHistogram, probabilityToWeight, weightToProbability } from './duplicates-chart.js';
import { ClusterList } from './duplicates-list.js';
import { renderCluster } from './duplicates-review.js';
import { renderSetup } from './duplicates-setup.js';

/** Survivorship rules offered for the merged record, in plain words. */
const SURVIVOR_RULES = [
  ['most_complete', 'the most complete record'],
  ['most_recent', 'the most recently updated record'],
  ['most_frequent', 'the most frequent value'],
  ['longest', 'the longest value'],
  ['first', 'the first record (file order)'],
  ['oldest', 'the oldest record'],
];

/** Plain words for the engine's progress stages. */
const STAGES = {
  keys: 'Preparing match keys',
  blocking: 'Choosing pairs to compare',
  u: 'Learning how often values agree by chance',
  compare: 'Comparing pairs',
  em: 'Learning what duplicates look like',
  score: 'Scoring pairs',
  cluster: 'Grouping duplicates',
  done: 'Done',
};

/** The exports: [kind, button text, file suffix, MIME type]. */
const EXPORTS = [
  ['deduplicated', 'Deduplicated file (CSV)', '-deduplicated.csv', 'text/csv'],
  ['clusters', 'Cluster map (CSV)', '-clusters.csv', 'text/csv'],
  ['golden', 'Golden records (CSV)', '-golden.csv', 'text/csv'],
  ['lineage', 'Golden record lineage (CSV)', '-lineage.csv', 'text/csv'],
  ['model', 'Model (JSON)', '-dedupe-model.json', 'application/json'],
  ['labels', 'Review decisions (JSON)', '-dedupe-decisions.json', 'application/json'],
];

export class DuplicatesView {
  /** @param root the view's element; options {client, baseName: () => file name stem, onQuality, onChange} */
  constructor(root, { client, baseName, onQuality = () => {}, onChange = () => {} }) {
    this.root = root;
    this.client = client;
    this.baseName = baseName;
    this.onQuality = onQuality;
    this.onChange = onChange;
    this.rules = null; // the merge rules as edited (kept by a re-score), or null: suggested
    this.link = null; // the second file of a link {name, rows, columns}, or null: deduplicate
    this.setup = null; // the engine's dedupeSuggest answer
    this.model = null; // the edited model, or null (the suggested setup as it is)
    this.summary = null;
    this.running = false;
    this.countsBusy = false;
    this.countsNext = null;
    this.build();
  }

  build() {
    const intro = el('p', { className: 'hint', text: 'Finds customers entered more than once — with a typo, a nickname, a new phone format or an upper-cased email — by comparing likely pairs column by column. Everything runs in this browser.' });
    this.setupBox = el('div', { className: 'dup-setup' });
    this.setupSummary = el('summary', { 'data-testid': 'dup-setup-summary', text: 'Setup' });
    // Open until a run: then folded to one line, so the results come into view.
    this.setupDetails = el('details', { className: 'dup-setup-details', open: true }, this.setupSummary, this.setupBox);
    this.runBtn = el('button', { type: 'button', className: 'button primary', 'data-testid': 'dup-run', text: 'Find duplicates' });
    this.cancelBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'dup-cancel', text: 'Cancel', hidden: true });
    this.resetSetupBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'dup-setup-reset', text: 'Back to the suggested setup', hidden: true });
    this.progress = el('progress', { max: '1', value: '0', 'aria-label': 'Finding duplicates', 'data-testid': 'dup-progress', hidden: true });
    this.status = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'dup-status' });
    this.error = el('div', { className: 'rules-error', role: 'alert', 'data-testid': 'dup-error', hidden: true });
    this.runBtn.addEventListener('click', () => this.run());

    // Linking with a second file (as `crmwb dedupe THIS --link OTHER`).
    this.linkInput = el('input', { type: 'file', id: 'dup-link-file', className: 'visually-hidden', 'data-testid': 'dup-link-input',
      accept: '.csv,.tsv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const linkLabel = el('label', { for: 'dup-link-file', className: 'button', tabindex: '0', role: 'button', 'data-testid': 'dup-link-button', text: 'Link with another file…' });
    linkLabel.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.linkInput.click();
      }
    });
    this.linkInput.addEventListener('change', () => {
      const file = this.linkInput.files[0];
      this.linkInput.value = '';
      if (file) this.openLink(file);
    });
    this.unlinkBtn = el('button', { type: 'button', className: 'button small', 'data-testid': 'dup-unlink', text: 'Stop linking: find duplicates in this file', hidden: true });
    this.unlinkBtn.addEventListener('click', () => this.closeLink());
    this.linkInfo = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'dup-link-info', text: 'Or match this file against another one (a marketing list against the CRM export): only pairs across the two files are compared.' });
    this.linkBox = el('div', { className: 'dup-link', 'data-testid': 'dup-link' }, el('div', { className: 'row' }, linkLabel, this.linkInput, this.unlinkBtn), this.linkInfo);
    this.cancelBtn.addEventListener('click', () => this.cancel());
    this.resetSetupBtn.addEventListener('click', () => {
      this.model = null;
      this.loadSetup();
    });

    // Results.
    this.results = el('section', { className: 'dup-results', 'aria-labelledby': 'dup-results-title', hidden: true, 'data-testid': 'dup-results' });
    this.summaryLine = el('p', { 'data-testid': 'dup-summary' });
    this.canvas = el('canvas', { className: 'dup-histogram', role: 'img', 'data-testid': 'dup-histogram', 'aria-label': 'Histogram of match weights' });
    this.chart = new WeightHistogram(this.canvas, (w) => this.slide(w, true));
    this.slider = el('input', { type: 'range', id: 'dup-threshold', 'data-testid': 'dup-threshold', min: '-6', max: '30', step: '0.1', value: '6.6' });
    this.sliderText = el('output', { for: 'dup-threshold', 'data-testid': 'dup-threshold-value' });
    this.counts = el('p', { 'aria-live': 'polite', 'data-testid': 'dup-counts' });
    this.slider.addEventListener('input', () => this.slide(Number(this.slider.value), false));
    this.slider.addEventListener('change', () => this.applyThreshold());
    this.orderSelect = el('select', { id: 'dup-order', 'data-testid': 'dup-order' },
      el('option', { value: 'uncertain', text: 'Least certain first' }),
      el('option', { value: 'largest', text: 'Largest first' }),
      el('option', { value: 'id', text: 'File order' }));
    this.orderSelect.addEventListener('change', () => this.loadClusters());
    this.list = new ClusterList((id) => this.openCluster(id));
    this.listCount = el('p', { className: 'hint', 'data-testid': 'dup-list-count' });
    this.detail = el('section', { className: 'dup-detail', 'aria-label': 'The cluster under review', 'data-testid': 'dup-detail' });
    this.survivorBox = el('details', { className: 'dup-survivor' });
    this.exportBox = el('div', { className: 'dup-exports', 'data-testid': 'dup-exports' });
    this.exportStatus = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'dup-export-status' });
    this.exportButtons = {};
    for (const [kind, text, suffix, type] of EXPORTS) {
      const b = el('button', { type: 'button', className: 'button', 'data-testid': `dup-export-${kind}`, text });
      b.addEventListener('click', () => this.exportFile(kind, suffix, type));
      this.exportBox.append(b);
      this.exportButtons[kind] = b;
    }
    const resetDecisions = el('button', { type: 'button', className: 'button small', 'data-testid': 'dup-reset-decisions', text: 'Forget my decisions' });
    resetDecisions.addEventListener('click', () => this.resetDecisions());
    this.rescoreBtn = el('button', { type: 'button', className: 'button small', 'data-testid': 'dup-rescore', text: 'Re-score with my decisions', disabled: true, 'aria-describedby': 'dup-rescore-hint' });
    this.rescoreBtn.addEventListener('click', () => this.run({ rescore: true }));
    const rescoreHint = el('p', { className: 'hint', id: 'dup-rescore-hint', text: 'Your accepted and kept-apart clusters teach the model what a duplicate looks like here: it learns again from them and scores every pair anew. Your decisions stay.' });

    this.results.append(
      el('h2', { className: 'section-title', id: 'dup-results-title', text: 'Results' }),
      this.summaryLine,
      el('div', { className: 'dup-threshold' },
        this.canvas,
        el('div', { className: 'dup-slider-row' },
          el('label', { for: 'dup-threshold', text: 'Match threshold (weight)' }), this.slider, this.sliderText),
        el('p', { className: 'hint', text: 'Pairs at or above the threshold are joined into clusters. Move it right for fewer, surer duplicates; left to catch more. Letting go groups the clusters again.' }),
        this.counts),
      this.linkNote = el('p', { className: 'hint', 'data-testid': 'dup-link-note', hidden: true, text: 'Linked clusters are not reviewed one by one here: export the cluster map (rows a:N are this file’s, b:N the second file’s) or the merged records.' }),
      this.reviewBox = el('div', { className: 'dup-review' },
        el('div', { className: 'dup-list-box' },
          el('div', { className: 'dup-list-head' }, el('label', { for: 'dup-order', text: 'Order' }), this.orderSelect),
          this.list.node, this.listCount, resetDecisions, this.rescoreBtn, rescoreHint),
        this.detail),
      this.survivorBox,
      el('h3', { className: 'dup-subtitle', text: 'Export' }),
      el('p', { className: 'hint', text: 'Your decisions apply to the CSV files. Nothing is deleted: every file says which rows went into which record.' }),
      this.exportBox, this.exportStatus);

    this.root.replaceChildren(
      el('h2', { className: 'section-title', id: 'dup-setup-title', text: 'Find duplicates' }),
      intro, this.linkBox, this.setupDetails,
      el('div', { className: 'dup-run-row' }, this.runBtn, this.cancelBtn, this.resetSetupBtn, this.progress),
      this.status, this.error, this.results);
  }

  /** A new file: forget everything (a link's second file too). */
  setTable() {
    if (this.link) this.client.dedupeCloseLink().catch(() => {});
    this.link = null;
    this.restoring = null;
    this.showLink();
    this.setup = null;
    this.setupDetails.open = true;
    this.model = null;
    this.clearResults();
    this.setupBox.replaceChildren();
    this.status.textContent = '';
    this.showError(null);
  }

  /** A new table version (cleaning, undo): the engine forgot the run; the setup is estimated again. */
  tableChanged() {
    const hadRun = this.summary !== null;
    this.clearResults();
    this.setup = null;
    if (hadRun) this.status.textContent = 'The table changed: find duplicates again to see its clusters.';
    if (!this.root.closest('[hidden]')) this.loadSetup();
  }

  /** The tab opened: load the suggested setup once. */
  shown() {
    if (!this.setup && !this.running) this.loadSetup();
    this.chart.draw();
  }

  clearResults() {
    this.summary = null;
    this.rescoreBtn.disabled = true;
    this.results.hidden = true;
    this.detail.replaceChildren();
  }

  showError(err) {
    this.error.hidden = !err;
    this.error.textContent = err ? String(err.message ?? err) : '';
  }

  async loadSetup() {
    const m = this.model;
    if (m && this.setup && (m.columns.length === 0 || m.blocking.length === 0)) {
      // The engine reads no model without columns or rules: say what is missing, keep the edits.
      const message = m.columns.length === 0
        ? 'tick at least one column to compare'
        : 'add a blocking rule (a column, or a part of it, that duplicates share)';
      this.setup = { ...this.setup, model: m, estimate: { ...this.setup.estimate, rules: [], total: 0, within_budget: false, message } };
      this.drawSetup();
      return;
    }
    try {
      const o = this.model ? { model: this.model } : {};
      this.setup = await (this.link ? this.client.dedupeLinkSuggest(o) : this.client.dedupeSuggest(o));
      this.showError(null);
    } catch (err) {
      this.showError(err);
      if (this.model) {
        // The edit cannot be estimated (say, a rule on no column): back to the suggestion.
        this.model = null;
        this.setup = await (this.link ? this.client.dedupeLinkSuggest({}) : this.client.dedupeSuggest({})).catch(() => null);
      }
    }
    if (!this.setup) return;
    this.drawSetup();
  }

  drawSetup() {
    renderSetup(this.setupBox, this.setup, (model) => {
      this.model = model;
      this.loadSetup();
    });
    const m = this.setup.model;
    this.setupSummary.textContent = `Setup${this.model ? ' (edited)' : ' (suggested)'}: ${plural(m.columns.length, 'compared column')}, ${plural(m.blocking.length, 'blocking rule')}, about ${fmtInt(this.setup.estimate.total)} pairs`;
    this.resetSetupBtn.hidden = this.model === null;
    this.runBtn.disabled = !this.setup.estimate.within_budget;
    this.showLink();
  }

  /** The link controls and wording follow whether a second file is open. */
  showLink() {
    const link = this.link;
    this.runBtn.textContent = link ? 'Link the two files' : 'Find duplicates';
    this.unlinkBtn.hidden = !link;
    if (!link) return;
    const shared = (this.setup?.link ? this.setup.model.columns : []).map((c) => c.column);
    this.linkInfo.textContent = `Linking with “${link.name}” (${plural(link.rows, 'row')}). ` +
      (shared.length ? `Compared columns both files have: ${shared.join(', ')}.` : 'Looking for the columns both files have…');
  }

  /** Opens the second file of a link in the worker; the setup is suggested for the two files. */
  async openLink(file) {
    if (this.running) return;
    this.showError(null);
    this.linkInfo.textContent = `Reading ${file.name}…`;
    try {
      this.link = await this.client.dedupeOpenLink(file);
    } catch (err) {
      this.link = null;
      this.linkInfo.textContent = '';
      this.showError(err);
      this.showLink();
      return;
    }
    this.model = null;
    this.setup = null;
    this.clearResults();
    this.status.textContent = '';
    this.setupDetails.open = true;
    await this.loadSetup();
  }

  /** Back to deduplicating the loaded file. */
  async closeLink() {
    await this.client.dedupeCloseLink().catch(() => {});
    this.link = null;
    this.model = null;
    this.setup = null;
    this.clearResults();
    this.status.textContent = '';
    this.linkInfo.textContent = 'Or match this file against another one (a marketing list against the CRM export): only pairs across the two files are compared.';
    this.showLink();
    await this.loadSetup();
  }

  /**
   * Finds duplicates; with {rescore: true} again with the review decisions as labels; with
   * {restore: {model, threshold, decisions}} a saved run again (its trained model as it is, its
   * decisions replayed without refining it).
   */
  async run({ rescore = false, restore = null } = {}) {
    if (this.running) return;
    const link = this.link !== null && !restore;
    let labels = null;
    const threshold = this.summary?.threshold;
    if (restore) {
      // the survivorship rules come with the saved state
    } else if (rescore) {
      try {
        labels = new TextDecoder().decode(await this.client.dedupeExport('labels'));
      } catch (err) {
        this.showError(err);
        return;
      }
    } else {
      this.rules = null;
    }
    this.running = true;
    this.showError(null);
    // The engine forgets the last run as this one starts (even if it is cancelled).
    this.clearResults();
    this.runBtn.disabled = true;
    this.cancelBtn.hidden = false;
    this.cancelBtn.disabled = false;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.status.textContent = restore ? 'Finding the saved duplicates again…' : rescore ? 'Learning from your decisions…' : link ? 'Linking the two files…' : 'Finding duplicates…';
    this.cancelled = false;
    const started = performance.now();
    try {
      const options = this.model ? { model: this.model } : {};
      if (labels !== null) Object.assign(options, { labels, threshold, ...(this.rules ? { survivorship: this.rules } : {}) });
      if (restore) {
        Object.assign(options, { model: restore.model, threshold: restore.threshold, decisions: restore.decisions, ...(this.rules ? { survivorship: this.rules } : {}) });
      }
      const onProgress = (p) => {
        this.progress.value = p.total > 0 ? p.done / p.total : 0;
        this.status.textContent = `${STAGES[p.stage] ?? p.stage}…`;
      };
      const summary = link ? await this.client.dedupeLinkRun(options, onProgress) : await this.client.dedupeRun(options, onProgress);
      if (this.cancelled) throw Object.assign(new Error('Cancelled.'), { code: 'cancelled' });
      this.summary = summary;
      this.setupDetails.open = false;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      this.status.textContent = restore
        ? `Found the saved run's ${plural(summary.clusters, 'cluster')} again in ${secs} s, with ${plural(summary.decisions ?? 0, 'decision')}.`
        : rescore
        ? `Re-scored with ${plural((summary.labels?.matches ?? 0) + (summary.labels?.non_matches ?? 0), 'labelled pair')} in ${secs} s: ${plural(summary.clusters, 'cluster')} of possible duplicates.`
        : link ? `Linked in ${secs} s: ${plural(summary.clusters, 'cluster')} across the two files.`
          : `Done in ${secs} s: ${plural(summary.clusters, 'cluster')} of possible duplicates.`;
      this.onQuality(summary.quality);
      await this.showResults();
      if (!restore) this.onChange();
    } catch (err) {
      if (err.code === 'cancelled') {
        this.status.textContent = 'Cancelled. Nothing changed.';
        this.onQuality(await this.client.dedupeQuality().catch(() => null));
      } else {
        this.status.textContent = '';
        this.showError(err);
      }
    } finally {
      this.running = false;
      this.runBtn.disabled = !this.setup?.estimate.within_budget;
      this.cancelBtn.hidden = true;
      this.progress.hidden = true;
    }
  }

  cancel() {
    this.cancelled = true;
    this.cancelBtn.disabled = true;
    this.status.textContent = 'Cancelling…';
    this.client.cancelDedupe();
  }

  describeSummary(s) {
    return `${s.link ? `${fmtInt(s.rows_a)} + ${fmtInt(s.rows_b)}` : fmtInt(s.rows)} rows · ${fmtInt(s.pairs_compared)} pairs compared · ${fmtInt(s.pairs_linked)} linked · ` +
      `${plural(s.clusters, 'cluster')} with ${fmtInt(s.rows_in_clusters)} records: ` +
      `${fmtInt(s.duplicates)} look like duplicates of another customer` +
      (s.bridges_cut ? ` · ${plural(s.bridges_cut, 'weak link')} cut so clusters do not chain` : '');
  }

  async showResults() {
    const s = this.summary;
    const link = s.link === true;
    this.results.hidden = false;
    // A link: counts, threshold and exports; no one-by-one review or decisions.
    this.reviewBox.hidden = link;
    this.linkNote.hidden = !link;
    this.exportButtons.labels.hidden = link;
    this.rescoreBtn.disabled = !(s.decisions > 0);
    this.summaryLine.textContent = this.describeSummary(s);
    const hist = s.weight_histogram;
    const minW = Math.max(hist.min_weight, Math.ceil(probabilityToWeight(s.keep_pairs_min) * 10) / 10);
    const maxW = Math.max(minW + 1, hist.min_weight + hist.counts.length);
    this.slider.min = String(minW);
    this.slider.max = String(maxW);
    const w = Math.round(probabilityToWeight(s.threshold) * 10) / 10;
    // The slider moves in steps of 0.1 weight; at the run's own step it means the run's threshold.
    this.runThreshold = { weight: w, probability: s.threshold };
    this.slider.value = String(w);
    this.canvas.setAttribute('aria-label',
      `Histogram of match weights of ${fmtInt(s.pairs_compared)} compared pairs, from ${hist.min_weight} to ${maxW}; the threshold is at ${w}.`);
    this.chart.set(hist, w);
    this.showCounts({ threshold: s.threshold, pairs_linked: s.pairs_linked, clusters: s.clusters, duplicates: s.duplicates });
    this.renderSurvivorship();
    if (link) {
      this.rescoreBtn.disabled = true;
      return;
    }
    await this.loadClusters();
  }

  showCounts(c) {
    this.sliderText.textContent = `probability ${c.threshold.toFixed(4)}`;
    this.counts.textContent = `At this threshold: ${plural(c.pairs_linked, 'pair')} linked, ${plural(c.clusters, 'cluster')}, ${fmtInt(c.duplicates)} duplicate records.`;
  }

  /** The slider (or the chart) moved to weight `w`: counts follow live, one request at a time. */
  slide(w, fromChart) {
    if (!this.summary) return;
    const min = Number(this.slider.min);
    const max = Number(this.slider.max);
    w = Math.min(max, Math.max(min, Math.round(w * 10) / 10));
    if (fromChart) this.slider.value = String(w);
    this.chart.setThreshold(w);
    this.countsNext = w;
    if (fromChart) {
      clearTimeout(this.chartApply);
      this.chartApply = setTimeout(() => this.applyThreshold(), 400);
    }
    this.pumpCounts();
  }

  async pumpCounts() {
    if (this.countsBusy || this.countsNext === null) return;
    this.countsBusy = true;
    const w = this.countsNext;
    this.countsNext = null;
    try {
      this.showCounts(await this.client.dedupeCounts(this.probabilityAt(w)));
    } catch (err) {
      this.showError(err);
    } finally {
      this.countsBusy = false;
      this.pumpCounts();
    }
  }

  /** The match probability of slider weight `w` (the run's own threshold at its step). */
  probabilityAt(w) {
    return this.runThreshold && Math.abs(w - this.runThreshold.weight) < 1e-9 ? this.runThreshold.probability : weightToProbability(w);
  }

  /** Clusters again at the slider's threshold; the list and the summary follow. */
  async applyThreshold() {
    if (!this.summary) return;
    try {
      this.summary = await this.client.dedupeSetThreshold(this.probabilityAt(Number(this.slider.value)));
      this.onQuality(this.summary.quality);
      this.onChange();
      this.summaryLine.textContent = this.describeSummary(this.summary);
      this.showCounts(this.summary);
      if (!this.summary.link) await this.loadClusters();
    } catch (err) {
      this.showError(err);
    }
  }

  async loadClusters() {
    const list = await this.client.dedupeClusters(this.orderSelect.value);
    this.list.set(list);
    this.listCount.textContent = list.ids.length
      ? `${plural(list.ids.length, 'cluster')}; the number is the weakest link’s match probability. Arrow keys move, Enter opens.`
      : 'No clusters at this threshold.';
    if (list.ids.length) await this.openCluster(list.ids[0], false);
    else this.detail.replaceChildren();
  }

  async openCluster(id, focus = true) {
    try {
      const cluster = await this.client.dedupeCluster(id);
      renderCluster(this.detail, cluster, { onDecide: (d) => this.decide(d) });
      if (focus) this.detail.querySelector('#dup-cluster-title')?.focus();
    } catch (err) {
      this.showError(err);
    }
  }

  async decide(decision) {
    try {
      const r = await this.client.dedupeDecide(decision);
      this.onQuality(r.quality);
      this.onChange();
      this.rescoreBtn.disabled = r.decisions === 0;
      const words = { accept: 'Accepted', reject: 'Kept apart', split: `Took row ${decision.row} out of` };
      this.status.textContent = `${words[decision.action]} cluster ${decision.cluster}. ${plural(r.decisions, 'decision')} so far; ${fmtInt(r.duplicates)} duplicate records.`;
      if (decision.action === 'accept') {
        this.list.markAccepted(decision.cluster);
        const at = this.list.list.ids.indexOf(decision.cluster);
        // On to the next cluster to review.
        if (at >= 0 && at + 1 < this.list.size) {
          this.list.setActive(at + 1);
          await this.openCluster(this.list.activeId());
        } else {
          await this.openCluster(decision.cluster);
        }
        return;
      }
      const active = this.list.active;
      const list = await this.client.dedupeClusters(this.orderSelect.value);
      this.list.set(list);
      this.list.setActive(active);
      // A split keeps the rest of the cluster (under its new smallest row) in view.
      const rest = decision.action === 'split' ? (await this.client.dedupeCluster(Math.min(...this.detailRows(decision))).catch(() => null)) : null;
      if (rest) renderCluster(this.detail, rest, { onDecide: (d) => this.decide(d) });
      else if (this.list.size) await this.openCluster(this.list.activeId());
      else this.detail.replaceChildren();
      this.detail.querySelector('#dup-cluster-title')?.focus();
    } catch (err) {
      this.showError(err);
    }
  }

  /** The rows of the cluster a split decision left (the shown cluster's rows minus the one taken out). */
  detailRows(decision) {
    const rows = [...this.detail.querySelectorAll('[data-testid="dup-split"]')]
      .map((b) => Number(/row (\d+)/.exec(b.getAttribute('aria-label'))[1]))
      .filter((r) => r !== decision.row);
    return rows.length ? rows : [decision.cluster];
  }

  async resetDecisions() {
    try {
      const r = await this.client.dedupeResetDecisions();
      this.onQuality(r.quality);
      this.onChange();
      this.rescoreBtn.disabled = true;
      this.status.textContent = `Decisions forgotten: ${fmtInt(r.duplicates)} duplicate records.`;
      await this.loadClusters();
    } catch (err) {
      this.showError(err);
    }
  }

  /** The merged-record rules: a default and per-column overrides. */
  renderSurvivorship() {
    const rules = structuredClone(this.rules ?? this.setup?.survivorship ?? { default: 'most_complete', columns: [] });
    rules.columns = rules.columns ?? [];
    const apply = async () => {
      try {
        await this.client.dedupeSurvivorship(rules);
        this.rules = structuredClone(rules);
        this.onChange();
        this.showError(null);
        const id = this.list.activeId();
        if (id !== null) await this.openCluster(id, false);
      } catch (err) {
        this.showError(err);
      }
    };
    const options = (select, value, withDefault) => {
      if (withDefault) select.append(el('option', { value: '', text: 'as the default' }));
      for (const [v, t] of SURVIVOR_RULES) select.append(el('option', { value: v, text: t }));
      select.value = value;
    };
    const def = el('select', { id: 'dup-survivor-default', 'data-testid': 'dup-survivor-default' });
    options(def, rules.default, false);
    def.addEventListener('change', () => {
      rules.default = def.value;
      apply();
    });
    const body = el('tbody');
    (this.setup?.columns ?? []).forEach((name, i) => {
      const own = rules.columns.find((c) => c.column === name);
      const sel = el('select', { id: `dup-survivor-${i}`, 'aria-label': `Value kept for ${name}` });
      options(sel, own?.rule ?? '', true);
      sel.addEventListener('change', () => {
        rules.columns = rules.columns.filter((c) => c.column !== name);
        if (sel.value) rules.columns.push({ column: name, rule: sel.value });
        apply();
      });
      body.append(el('tr', {}, el('th', { scope: 'row', text: name }), el('td', {}, sel)));
    });
    this.survivorBox.replaceChildren(
      el('summary', { text: 'Merge rules (which value the merged record keeps)' }),
      el('p', { className: 'hint', text: 'Missing values never win over present ones; ties go to the earlier row.' }),
      el('div', { className: 'dup-slider-row' }, el('label', { for: 'dup-survivor-default', text: 'By default keep' }), def),
      el('table', { className: 'dup-setup-table' }, el('caption', { text: 'Per column' }), body));
  }

  /**
   * The view's state for a project: {setup (the edited model or null), rules (merge rules or
   * null), order, link: {name, rows} of a second file (not kept), run: {model (the trained model,
   * as `crmwb dedupe --save-model` writes it), threshold, decisions (the labels JSON)} or null}.
   */
  async save() {
    if (this.restoring) return this.restoring; // asked while a saved run is found again
    const s = this.summary;
    const state = { setup: this.model, rules: this.rules, order: this.orderSelect.value, link: this.link ? { name: this.link.name, rows: this.link.rows } : null, run: null };
    if (s && !s.link && !this.running) {
      const json = async (kind) => JSON.parse(new TextDecoder().decode(await this.client.dedupeExport(kind)));
      state.run = { model: await json('model'), threshold: s.threshold, decisions: await json('labels') };
    }
    return state;
  }

  /**
   * Puts back a saved state (after the table and its history are restored): the setup, the merge
   * rules, and a saved run found again with progress, its decisions applied. A linked second
   * file is not in the project: the status says to load it again.
   */
  async restore(state) {
    if (!state || typeof state !== 'object') return;
    this.model = state.setup ?? null;
    this.rules = state.rules ?? null;
    if (['uncertain', 'largest', 'id'].includes(state.order)) this.orderSelect.value = state.order;
    if (state.run) {
      this.restoring = state;
      try {
        await this.run({ restore: state.run });
      } finally {
        this.restoring = null;
      }
      if (this.error.hidden === false) throw new Error(`the saved duplicates could not be found again (${this.error.textContent})`);
    }
    if (state.link) {
      this.status.textContent = `${this.status.textContent} This work had linked “${state.link.name}” (${plural(state.link.rows, 'row')}); a project does not keep that second file: load it again with “Link with another file…” and link the two files again.`.trim();
    }
  }

  async exportFile(kind, suffix, type) {
    this.exportStatus.textContent = 'Preparing the file…';
    try {
      const bytes = await this.client.dedupeExport(kind);
      download(bytes, `${this.baseName()}${suffix}`, type);
      this.exportStatus.textContent = `Saved ${this.baseName()}${suffix}.`;
    } catch (err) {
      this.exportStatus.textContent = '';
      this.showError(err);
    }
  }
}
