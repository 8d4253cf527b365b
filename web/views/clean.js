// The Clean view: suggested fixes (each previewed: how many values change, before → after, what
// cannot be standardized and why), a step written by hand (preview, then apply), the history with
// undo and redo, importing a recipe, and the exports (clean file, recipe, change log). Every step
// runs in the worker (client.js → worker-clean.js); after each one the page refreshes its
// profile, score, grid and filters from the new version (onVersion, app.js) and this view shows
// the quality score before → after.
//
// A slot for the spelling-clusters panel (views/spelling.js, written apart) is the element with
// id "clean-spelling"; app.js mounts it with
//   mountSpelling(cleanView.spellingSlot, { client, onStep: (step) => cleanView.apply(step) })
// where onStep runs one recipe step (a `replace` step) like any other and resolves when the page
// shows the new version.
import { el, fmtInt, plural, download } from './dom.js';
import { describeStep, StepForm } from './clean-steps.js';
import { HistoryPanel, countsText } from './clean-history.js';
import { SuggestedFixes, previewNodes, sentence } from './clean-suggest.js';

function score(profile) {
  return ((profile?.quality?.score ?? 0) * 100).toFixed(1);
}

export class CleanView {
  /**
   * @param root the panel's container
   * @param client the EngineClient
   * @param onVersion (result with {profile, view}) → Promise: the page shows the new version
   * @param onExportTable (format, setStatus) → Promise: the existing CSV/XLSX export, whole table
   * @param baseName () → the loaded file's name without extension
   * @param onEngineLost (err) → void: the worker was lost (out of memory)
   */
  constructor(root, { client, onVersion, onExportTable, baseName, onEngineLost }) {
    Object.assign(this, { root, client, onVersion, onExportTable, baseName, onEngineLost });
    this.profile = null;
    this.busy = false;
    this.version = 0; // bumps with every new version (stale suggestions and previews)
    this.build();
  }

  build() {
    const $ = (tag, attrs, ...kids) => el(tag, attrs, ...kids);
    this.status = $('p', { className: 'clean-status', 'data-testid': 'clean-status', 'aria-live': 'polite' });
    this.error = $('div', { className: 'error', role: 'alert', 'data-testid': 'clean-error', hidden: true });
    this.progress = $('progress', { max: '1', value: '0', 'aria-label': 'Step progress', 'data-testid': 'clean-progress' });
    this.progressText = $('span', { className: 'hint', 'aria-live': 'polite' });
    this.cancelButton = $('button', { type: 'button', className: 'button small', 'data-testid': 'clean-cancel', on: { click: () => this.cancel() } }, 'Cancel');
    this.progressBox = $('div', { className: 'clean-progress', hidden: true }, this.progress, this.progressText, this.cancelButton);

    this.suggest = new SuggestedFixes(this);

    // A step by hand
    const formBox = $('div', { className: 'step-form', 'data-testid': 'step-form' });
    this.formPreview = $('div', { className: 'step-preview', 'data-testid': 'step-preview', 'aria-live': 'polite' });
    this.form = new StepForm(formBox, { onChange: () => this.formPreview.replaceChildren() });
    const addStep = $('section', { className: 'clean-card', 'aria-labelledby': 'clean-add-title' },
      $('h3', { id: 'clean-add-title', text: 'Add a step' }),
      formBox,
      $('div', { className: 'row' },
        $('button', { type: 'button', className: 'button', 'data-testid': 'step-preview-button', on: { click: () => this.previewForm() } }, 'Preview'),
        $('button', { type: 'button', className: 'button primary', 'data-testid': 'step-apply-button', on: { click: () => this.applyForm() } }, 'Apply step')),
      this.formPreview);

    // History
    const historyBox = $('section', { className: 'clean-card', 'aria-labelledby': 'clean-history-title' });
    this.history = new HistoryPanel(historyBox, { onUndo: () => this.undo(), onRedo: () => this.redo() });

    // Spelling clusters (another module mounts itself here; see the top of this file)
    this.spellingSlot = $('section', { id: 'clean-spelling', className: 'clean-card clean-spelling', 'aria-label': 'Spelling clusters', 'data-testid': 'clean-spelling' });

    // Recipe and exports
    const recipeInput = $('input', { type: 'file', id: 'clean-recipe-input', className: 'visually-hidden', accept: '.json,application/json', 'data-testid': 'clean-recipe-input' });
    recipeInput.addEventListener('change', () => {
      const file = recipeInput.files[0];
      recipeInput.value = '';
      if (file) this.importRecipe(file);
    });
    this.exportStatus = $('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'clean-export-status' });
    const button = (testid, label, fn) => $('button', { type: 'button', className: 'button', 'data-testid': testid, on: { click: fn } }, label);
    const exports = $('section', { className: 'clean-card', 'aria-labelledby': 'clean-export-title' },
      $('h3', { id: 'clean-export-title', text: 'Recipe and exports' }),
      $('p', { className: 'hint', text: 'Run a saved recipe on this file (next month’s export, say): every step is checked first; if one cannot run, nothing changes.' }),
      $('div', { className: 'row' }, $('label', { className: 'button', for: 'clean-recipe-input', tabindex: '0', 'data-testid': 'clean-import', on: { keydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); recipeInput.click(); } } } }, 'Import a recipe…'), recipeInput),
      $('div', { className: 'menu-buttons' },
        button('clean-export-csv', 'Clean file (CSV)', () => this.exportTable('csv')),
        button('clean-export-xlsx', 'Clean file (Excel .xlsx)', () => this.exportTable('xlsx')),
        button('clean-export-recipe', 'Recipe (recipe.json)', () => this.exportRecipe()),
        button('clean-export-changes', 'Change log (CSV)', () => this.exportChanges()),
        button('clean-export-dropped', 'Dropped rows (CSV)', () => this.exportDropped())),
      this.exportStatus);

    this.root.replaceChildren(
      $('div', { className: 'clean-top' }, this.status, this.progressBox),
      this.error,
      $('div', { className: 'clean-columns' },
        $('div', { className: 'clean-main' }, this.suggest.node, addStep, this.spellingSlot),
        $('div', { className: 'clean-side' }, historyBox, exports)),
    );
  }

  // ---- state ------------------------------------------------------------------------------

  /** A newly loaded file: forget suggestions and history. */
  setTable(profile) {
    this.tableId = (this.tableId ?? 0) + 1;
    this.profile = profile;
    this.version++;
    this.form.setColumns(profile.columns.map((c) => c.name));
    this.formPreview.replaceChildren();
    this.status.textContent = `Quality score ${score(profile)}. Nothing changed yet.`;
    this.hideError();
    this.history.render([]);
    this.suggest.reset();
  }

  /** The Clean tab was shown: fetch suggestions for the current version if needed. */
  shown() {
    if (!this.suggest.fresh()) this.suggest.load();
  }

  /** A new version (after a step, undo, redo): page refresh, columns, history, suggestions. */
  async newVersion(result) {
    this.profile = result.profile;
    this.version++;
    await this.onVersion(result);
    this.form.setColumns(result.profile.columns.map((c) => c.name));
    this.history.render(await this.client.history());
    if (!this.root.closest('[hidden]')) await this.suggest.load();
    else this.suggest.reset();
  }

  showError(text) {
    this.error.replaceChildren(text);
    this.error.hidden = false;
  }

  hideError() {
    this.error.hidden = true;
    this.error.replaceChildren();
  }

  /**
   * Runs `work(onProgress)` as the one cleaning job at a time, with progress and (when
   * `cancellable`) Cancel; returns its result, or null when it failed (the message is shown) or
   * was cancelled.
   */
  async job(label, work, { cancellable = true } = {}) {
    if (this.busy) return null;
    this.busy = true;
    // A background preview of a suggestion stops first (one request runs at a time).
    if (this.quietRunning) this.client.cancelClean();
    while (this.quietRunning) await this.quietRunning;
    this.cancelled = false;
    this.root.setAttribute('aria-busy', 'true');
    this.root.dataset.busy = 'true';
    this.progress.value = 0;
    this.progressText.textContent = `${label}…`;
    this.cancelButton.disabled = false;
    this.cancelButton.hidden = !cancellable;
    this.progressBox.hidden = false;
    this.hideError();
    const table = this.tableId;
    try {
      const result = await work((p) => {
        const part = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
        const steps = p.steps ?? 1;
        // A recipe's steps share the bar; profiling the result is its last tenth.
        const cleaned = ((p.step ?? 1) - 1 + part) / steps;
        this.progress.value = p.phase === 'profile' ? 0.9 + 0.1 * part : 0.9 * cleaned;
        const of = steps > 1 ? ` (step ${fmtInt(p.step)} of ${fmtInt(steps)})` : '';
        this.progressText.textContent = p.phase === 'profile'
          ? `${label}: profiling the result — column ${fmtInt(p.done)} of ${fmtInt(p.total)}`
          : `${label}${of} — ${Math.round(part * 100)}%`;
        this.root.dataset.progress = String(this.progress.value);
      });
      // Another file was opened meanwhile: this answer is about a table that is gone.
      return table === this.tableId ? result : null;
    } catch (err) {
      if (table !== this.tableId) return null;
      if (err.code === 'cancelled') {
        this.status.textContent = `${label}: cancelled. Nothing changed.`;
      } else if (err.fatal || err.code === 'restarted') {
        this.onEngineLost(err);
      } else {
        this.showError(`${label}: ${sentence(err)} Nothing changed.`);
      }
      return null;
    } finally {
      this.busy = false;
      this.progressBox.hidden = true;
      this.root.removeAttribute('aria-busy');
      delete this.root.dataset.busy;
    }
  }

  cancel() {
    if (!this.busy) return;
    this.cancelled = true;
    this.cancelButton.disabled = true;
    this.progressText.textContent = 'Cancelling…';
    this.client.cancelClean();
  }

  /** The status line after a change: what it did and the score before → after. */
  report(what, before, after) {
    this.status.textContent = `${what} Quality score ${score(before)} → ${score(after)}.`;
    this.root.dataset.version = String(this.version);
  }

  /**
   * A job's answer: a step that finished before the cancel reached it comes back undone
   * ({cancelled: true}); the page shows that version and says so. True when it was.
   */
  async undoneByCancel(r, label) {
    if (!r?.cancelled) return false;
    await this.newVersion(r);
    this.root.dataset.version = String(this.version);
    this.status.textContent = `${label}: cancelled. Nothing changed (it had finished before the cancel reached it, so it was undone; Redo brings it back).`;
    return true;
  }

  // ---- steps ------------------------------------------------------------------------------

  /** Applies one step (from the form, a suggestion or another panel); resolves when shown. */
  async apply(step) {
    const before = this.profile;
    const r = await this.job(`Applying: ${describeStep(step)}`, (onProgress) => this.client.applyStep(step, onProgress));
    if (!r || (await this.undoneByCancel(r, `Applying: ${describeStep(step)}`))) return null;
    await this.newVersion(r);
    this.report(`Applied “${describeStep(step)}”: ${countsText(r.entry)}.`, before, r.profile);
    return r;
  }

  async runRecipe(text, label) {
    const before = this.profile;
    const r = await this.job(label, (onProgress) => this.client.applyRecipe(text, onProgress));
    if (!r || (await this.undoneByCancel(r, label))) return null;
    await this.newVersion(r);
    const changed = r.entries.reduce((n, e) => n + e.changed, 0);
    this.report(`${label}: ${plural(r.entries.length, 'step')}, ${plural(changed, 'value')} changed.`, before, r.profile);
    return r;
  }

  /** Restores a saved step's result columns (a project: join_orders, segment_*); as apply. */
  async restoreColumns(op, csv, label) {
    const before = this.profile;
    const r = await this.job(label, () => this.client.restoreColumns(op, csv), { cancellable: false });
    if (!r) return null;
    await this.newVersion(r);
    this.report(`${label}: ${plural(r.entry.step.as?.length ?? 0, 'column')}.`, before, r.profile);
    return r;
  }

  async importRecipe(file) {
    let text;
    try {
      text = await file.text();
    } catch (err) {
      this.showError(`The recipe file could not be read: ${sentence(err)}`);
      return;
    }
    await this.runRecipe(text, `Running the recipe ${file.name}`);
  }

  async undo() {
    if (this.busy || !this.history.canUndo()) return;
    const before = this.profile;
    const r = await this.job('Undo', () => this.client.undo(), { cancellable: false });
    if (!r?.moved) return;
    await this.newVersion(r);
    this.report('Undid the last step.', before, r.profile);
  }

  async redo() {
    if (this.busy || !this.history.canRedo()) return;
    const before = this.profile;
    const r = await this.job('Redo', () => this.client.redo(), { cancellable: false });
    if (!r?.moved) return;
    await this.newVersion(r);
    this.report('Redid the step.', before, r.profile);
  }

  /** Sets one cell (table column, current table row): an edit_cell step. */
  async editCell(column, row, value) {
    const before = this.profile;
    const name = this.profile.columns[column]?.name ?? '';
    const r = await this.job(`Editing ${name}`, () => this.client.editCell(column, row, value));
    if (!r || (await this.undoneByCancel(r, `Editing ${name}`))) return null;
    await this.newVersion(r);
    this.report(`Set ${name} in row ${fmtInt(r.entry.step.row + 1)}: ${countsText(r.entry)}.`, before, r.profile);
    return r;
  }

  // ---- the form ---------------------------------------------------------------------------

  readForm() {
    try {
      return this.form.read();
    } catch (err) {
      this.formPreview.replaceChildren(el('p', { className: 'warning-text', text: sentence(err) }));
      return null;
    }
  }

  async previewForm() {
    const step = this.readForm();
    if (!step) return;
    const p = await this.job('Previewing', (onProgress) => this.client.preview(step, onProgress));
    if (p) this.formPreview.replaceChildren(el('p', { className: 'preview-what', text: describeStep(step) }), ...previewNodes(p));
  }

  async applyForm() {
    const step = this.readForm();
    if (!step) return;
    if (await this.apply(step)) this.formPreview.replaceChildren();
  }

  // ---- exports ----------------------------------------------------------------------------

  async exportTable(format) {
    await this.onExportTable(format, (text) => (this.exportStatus.textContent = text));
  }

  async exportRecipe() {
    try {
      const text = await this.client.recipe(true);
      download(text, 'recipe.json', 'application/json');
      const n = JSON.parse(text).steps.length;
      this.exportStatus.textContent = `Saved recipe.json (${plural(n, 'step')}; edits of single cells stay out of a recipe).`;
    } catch (err) {
      this.exportStatus.textContent = `The recipe could not be saved: ${sentence(err)}`;
    }
  }

  async exportChanges() {
    try {
      const text = await this.client.changeLog();
      const name = `${this.baseName()}-changes.csv`;
      download(text, name, 'text/csv;charset=utf-8');
      const lines = Math.max(0, text.split('\r\n').length - 2);
      this.exportStatus.textContent = `Saved ${name} (${plural(lines, 'line')}).`;
    } catch (err) {
      this.exportStatus.textContent = `The change log could not be saved: ${sentence(err)}`;
    }
  }

  /** Saves the rows the applied drop-rows steps removed, as loaded (`row`, then the columns). */
  async exportDropped() {
    try {
      const [text, history] = await Promise.all([this.client.droppedRowsCsv(), this.client.history()]);
      const rows = history.filter((e) => e.applied).reduce((n, e) => n + (e.dropped ?? 0), 0);
      const name = `${this.baseName()}-dropped.csv`;
      download(text, name, 'text/csv;charset=utf-8');
      this.exportStatus.textContent = rows
        ? `Saved ${name} (${plural(rows, 'dropped row')}).`
        : `Saved ${name}: no row has been dropped, so it holds only the column names.`;
    } catch (err) {
      this.exportStatus.textContent = `The dropped rows could not be saved: ${sentence(err)}`;
    }
  }
}
