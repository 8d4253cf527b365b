// The "Export protected…" dialog (README "Personal data in the page"): each column with its
// personal-data mark (which the user can correct) and what it becomes in the exported copy,
// suggested from the mark; a preview of the first PREVIEW_ROWS rows as they would be exported (only
// those rows are protected, so it is shown at once at any table size) with what each column
// becomes; the project key (export it for a colleague or the command line, or use a key file);
// Export CSV (the whole table, with a progress bar and Cancel) and a summary of what each column
// became. Everything runs in the engine's worker: nothing leaves the page.
import { el, fmtInt, plural, download } from './dom.js';
import { hasProjectKey, projectKey, setProjectKey } from '../project-key.js';
import {
  ACTIONS, KINDS, actionLabel, csvHead, keyFileText, kindLabel, needsKey, parseKeyFile,
  protectConfig, suggestedAction, usesBand,
} from './privacy.js';

/** Rows the preview protects and shows (the first rows of the current table). */
const PREVIEW_ROWS = 10;

export class ProtectDialog {
  /**
   * @param client the engine client
   * @param personal the marks (views/privacy.js PersonalData)
   * @param baseName () → the open file's name without its extension
   */
  constructor({ client, personal, baseName }) {
    this.client = client;
    this.personal = personal;
    this.baseName = baseName;
    this.choices = new Map(); // name → {name, action, digits, band, chosen (by the user)}
    this.dialog = el('dialog', { className: 'privacy-dialog', 'data-testid': 'protect-dialog', 'aria-labelledby': 'protect-title' });
    this.rows = el('tbody');
    this.preview = el('div', { className: 'protect-preview', 'data-testid': 'protect-preview', 'aria-label': 'Preview of the first rows', role: 'region', tabindex: '-1' });
    this.status = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'protect-status' });
    this.error = el('p', { className: 'error-text', role: 'alert', 'data-testid': 'protect-error', hidden: true });
    this.summary = el('ul', { className: 'protect-summary', 'data-testid': 'protect-summary', 'aria-label': 'What each column became' });
    this.becomes = el('ul', { className: 'protect-summary', 'data-testid': 'protect-becomes', 'aria-label': 'What each column becomes' });
    this.progress = el('progress', { max: '1', value: '0', 'aria-label': 'Writing the protected file', 'data-testid': 'protect-progress' });
    this.progressText = el('span', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'protect-progress-text' });
    this.cancelButton = el('button', { type: 'button', className: 'button small', 'data-testid': 'protect-cancel', text: 'Cancel' });
    this.progressBox = el('div', { className: 'clean-progress', hidden: true }, this.progress, ' ', this.progressText, ' ', this.cancelButton);
    this.keyStatus = el('p', { className: 'hint', 'data-testid': 'protect-key-status' });
    this.keyInput = el('input', { type: 'file', id: 'protect-key-file', className: 'visually-hidden', 'data-testid': 'protect-key-input' });
    this.exportButton = el('button', { type: 'button', className: 'button primary', 'data-testid': 'protect-export', text: 'Export CSV' });
    const close = el('button', { type: 'button', className: 'button', 'data-testid': 'protect-close', text: 'Close' });
    const saveConfig = el('button', { type: 'button', className: 'button', 'data-testid': 'protect-config', text: 'Save settings for crmwb protect (JSON)' });
    const exportKey = el('button', { type: 'button', className: 'button', 'data-testid': 'protect-key-export', text: 'Export project key…' });
    const useKey = el('label', { className: 'button', for: 'protect-key-file', tabindex: '0', role: 'button', 'data-testid': 'protect-key-use' }, 'Use a key file…');

    this.dialog.append(
      el('h2', { id: 'protect-title', text: 'Export protected' }),
      el('p', { className: 'hint', text: 'Choose what each column becomes in the exported copy. The table in the page does not change, and everything is computed in this browser.' }),
      el('div', { className: 'protect-table-wrap' },
        el('table', { className: 'protect-table' },
          el('caption', { className: 'visually-hidden', text: 'Columns, their personal-data marks and what they become' }),
          el('thead', {}, el('tr', {},
            el('th', { scope: 'col', text: 'Column' }),
            el('th', { scope: 'col', text: 'Personal data' }),
            el('th', { scope: 'col', text: 'In the export' }),
            el('th', { scope: 'col', text: 'Option' }))),
          this.rows)),
      el('h3', { text: 'Preview' }),
      this.preview,
      this.becomes,
      el('h3', { text: 'Project key' }),
      el('p', { className: 'hint', text: 'Pseudonyms are made with this project’s secret key: the same value always gives the same token, so protected files can still be joined. Keep the key as secret as the data. Save project keeps it; export it for a colleague or for crmwb protect --key-file.' }),
      this.keyStatus,
      el('div', { className: 'menu-buttons' }, exportKey, useKey, this.keyInput),
      this.error,
      this.status,
      this.progressBox,
      this.summary,
      el('div', { className: 'menu-buttons' }, this.exportButton, saveConfig, close),
    );
    document.body.append(this.dialog);

    close.addEventListener('click', () => this.close());
    this.cancelButton.addEventListener('click', () => this.cancelExport());
    this.dialog.addEventListener('cancel', () => this.close()); // Escape
    this.exportButton.addEventListener('click', () => this.exportCsv());
    saveConfig.addEventListener('click', () => {
      const name = `${this.baseName()}-protect.json`;
      download(JSON.stringify(this.config(), null, 2) + '\n', name, 'application/json');
      this.status.textContent = `Saved ${name}: run crmwb protect FILE --config ${name} --key-file KEY --out OUT.csv for the same result.`;
    });
    exportKey.addEventListener('click', () => {
      const name = `${this.baseName()}-project.key`;
      download(keyFileText(), name, 'text/plain');
      this.showKey();
      this.status.textContent = `Saved ${name} (64 hex digits). Anyone with it can test whether a given value is in a protected file.`;
    });
    useKey.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.keyInput.click();
      }
    });
    this.keyInput.addEventListener('change', () => this.useKeyFile());
  }

  /**
   * Opens the dialog on the current table (`columns`: names in order, `rows`: its row count);
   * focus on `focusColumn`'s mark.
   */
  open(columns, focusColumn = null, rows = 0) {
    this.columns = columns;
    this.tableRows = rows;
    for (const name of [...this.choices.keys()]) if (!columns.includes(name)) this.choices.delete(name);
    this.render();
    this.summary.replaceChildren();
    this.status.textContent = '';
    this.showError('');
    this.showKey();
    if (!this.dialog.open) this.dialog.showModal();
    const target = focusColumn && this.rows.querySelector(`select[data-column="${CSS.escape(focusColumn)}"]`);
    (target || this.rows.querySelector('select'))?.focus();
    this.updatePreview(true);
  }

  close() {
    if (this.exporting) this.cancelExport(); // closing stops a running export; nothing is saved
    if (this.dialog.open) this.dialog.close();
    this.onClose?.();
  }

  /** The choice of a column: the user's, else suggested from its mark. */
  choice(name) {
    let c = this.choices.get(name);
    if (!c) {
      c = { name, action: suggestedAction(this.personal.kindOf(name)), digits: 2, band: 10, chosen: false };
      this.choices.set(name, c);
    }
    return c;
  }

  config() {
    return protectConfig(this.columns.map((n) => this.choice(n)), this.personal);
  }

  render() {
    const rows = this.columns.map((name, i) => {
      const c = this.choice(name);
      const kind = this.personal.kindOf(name);
      const kindSelect = el('select', {
        id: `protect-kind-${i}`, 'data-testid': 'protect-kind', 'data-column': name,
        'aria-label': `Personal data in ${name}`, title: this.personal.evidenceOf(name) || 'Not found to hold personal data',
      }, el('option', { value: 'none', text: 'not personal' }), ...KINDS.map((k) => el('option', { value: k, text: kindLabel(k) })));
      kindSelect.value = kind;
      kindSelect.addEventListener('change', () => {
        this.personal.correct(name, kindSelect.value);
        if (!c.chosen) c.action = suggestedAction(kindSelect.value);
        this.rerender(`#protect-kind-${i}`);
      });
      const actionSelect = el('select', {
        id: `protect-action-${i}`, 'data-testid': 'protect-action', 'data-column': name, 'aria-label': `${name} in the export`,
      }, ...ACTIONS.map((a) => el('option', { value: a, text: actionLabel(a) })));
      actionSelect.value = c.action;
      actionSelect.addEventListener('change', () => {
        c.action = actionSelect.value;
        c.chosen = true;
        this.rerender(`#protect-action-${i}`);
      });
      let option = null;
      if (c.action === 'generalize') {
        const band = usesBand(kind);
        const input = el('input', {
          type: 'number', id: `protect-param-${i}`, 'data-testid': 'protect-param', 'data-column': name,
          min: 1, max: band ? 100 : 10, step: 1, value: band ? c.band : c.digits, className: 'protect-param',
        });
        input.addEventListener('change', () => {
          const max = band ? 100 : 10;
          const v = Math.min(max, Math.max(1, Math.round(Number(input.value) || (band ? 10 : 2))));
          input.value = String(v);
          if (band) c.band = v;
          else c.digits = v;
          this.updatePreview();
        });
        option = el('label', { for: `protect-param-${i}`, className: 'protect-param-label' },
          band ? 'Years per band ' : 'Characters kept ', input);
      }
      const evidence = this.personal.corrected(name) ? `You marked it; found: ${kindLabel(this.personal.detectedKind(name))}` : this.personal.evidenceOf(name);
      return el('tr', { dataset: { column: name } },
        el('th', { scope: 'row' }, el('span', { text: name }), evidence ? el('span', { className: 'hint protect-evidence', text: evidence }) : null),
        el('td', {}, kindSelect),
        el('td', {}, actionSelect),
        el('td', {}, option));
    });
    this.rows.replaceChildren(...rows);
  }

  /** Draws the rows again after a change, keeping focus on the control changed. */
  rerender(focusSelector) {
    this.render();
    this.rows.querySelector(focusSelector)?.focus();
    this.updatePreview();
  }

  /** Says where the key in use came from (a key file chosen here, or this project). */
  showKey() {
    let text;
    if (!hasProjectKey()) text = 'none yet; one is made in this browser when a column is pseudonymized';
    else if (this.keyFrom && this.keyFrom.hex === keyFileText()) text = this.keyFrom.text;
    else text = 'this project’s own (made in this browser, or restored from the project file)';
    this.keyStatus.textContent = `Key: ${text}.`;
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }

  async useKeyFile() {
    const file = this.keyInput.files?.[0];
    this.keyInput.value = '';
    if (!file) return;
    try {
      const key = parseKeyFile(new Uint8Array(await file.arrayBuffer()));
      setProjectKey(key);
      this.keyFrom = { text: `from ${file.name}`, hex: keyFileText() };
      this.showError('');
      this.showKey();
      this.status.textContent = `Using the key in ${file.name}; pseudonyms now match files protected with it.`;
      this.updatePreview();
    } catch (err) {
      this.showError(`${file.name}: ${err.message} The key in use did not change.`);
    }
  }

  /** The configuration and the key it needs (made now if this project has none yet). */
  request() {
    const config = this.config();
    const key = needsKey(config) ? projectKey() : null;
    this.showKey(); // a key may have been made just now
    return { config, key };
  }

  /** Redraws the preview after a change (`now`: without waiting for more changes). */
  updatePreview(now = false) {
    clearTimeout(this.timer);
    if (now) this.showPreview();
    else this.timer = setTimeout(() => this.showPreview(), 150);
  }

  /** Protects the first PREVIEW_ROWS rows only and shows them, with what each column becomes. */
  async showPreview() {
    const ticket = (this.ticket = (this.ticket ?? 0) + 1);
    // The last preview stays (marked busy) until the new one is ready.
    if (!this.preview.querySelector('table')) this.preview.replaceChildren(el('p', { className: 'hint', text: 'Computing the preview…' }));
    this.preview.setAttribute('aria-busy', 'true');
    try {
      const { config, key } = this.request();
      const result = await this.client.protectPreview(config, key, PREVIEW_ROWS);
      if (ticket !== this.ticket) return;
      this.showError('');
      const text = new TextDecoder().decode(new Uint8Array(result.bytes));
      const [head = [], ...body] = csvHead(text, PREVIEW_ROWS + 1);
      this.preview.replaceChildren(el('table', { className: 'protect-preview-table' },
        el('caption', { className: 'hint', text: `The first ${plural(body.length, 'row')} as exported` }),
        el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...body.map((r) => el('tr', {}, ...r.map((v) => el('td', { text: v })))))));
      this.becomes.replaceChildren(...result.summary.columns.map((c) => el('li', { dataset: { column: c.name } },
        el('strong', { text: c.name }), ': ', becomesText(c, result.summary.rows))));
    } catch (err) {
      if (ticket === this.ticket) this.showError(`No preview: ${err.message}`);
    } finally {
      if (ticket === this.ticket) this.preview.removeAttribute('aria-busy');
    }
  }

  /** Shows how far the export is: the bar, and words for screen readers every 10%. */
  showProgress(p) {
    const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    this.progress.value = fraction;
    const tenth = Math.floor(fraction * 10);
    if (tenth !== this.lastTenth) {
      this.lastTenth = tenth;
      this.progressText.textContent = `${tenth * 10}% (${fmtInt(p.done)} of ${plural(p.total, 'row')})`;
    }
  }

  /** Writes the whole table protected, with progress and Cancel; saves it when it is done. */
  async exportCsv() {
    if (this.exporting) return;
    this.exporting = true;
    this.exportButton.disabled = true;
    this.summary.replaceChildren();
    this.showError('');
    this.status.textContent = 'Writing the protected file…';
    this.lastTenth = -1;
    this.showProgress({ done: 0, total: this.tableRows || 0 });
    this.progressBox.hidden = false;
    this.cancelButton.disabled = false;
    this.cancelButton.focus();
    try {
      const { config, key } = this.request();
      const result = await this.client.protectExport(config, key, (p) => this.showProgress(p));
      const name = `${this.baseName()}-protected.csv`;
      download(result.bytes, name, 'text/csv;charset=utf-8');
      this.status.textContent = `Saved ${name} (${plural(result.summary.rows, 'row')}).`;
      this.summary.replaceChildren(...result.summary.columns.map((c) => el('li', { dataset: { column: c.name } },
        el('strong', { text: c.name }), ': ', summaryText(c))));
    } catch (err) {
      if (err.code === 'cancelled') {
        this.status.textContent = 'Export cancelled: no file was saved.';
      } else {
        this.status.textContent = '';
        this.showError(`Export failed: ${err.message}`);
      }
    } finally {
      this.exporting = false;
      this.progressBox.hidden = true;
      this.exportButton.disabled = false;
      // Focus was on Cancel, which is gone now: back to Export, if the dialog is still open.
      if (this.dialog.open && (document.activeElement === this.cancelButton || document.activeElement === document.body)) this.exportButton.focus();
    }
  }

  /** Stops the running export: it ends with 'cancelled' and saves nothing. */
  cancelExport() {
    if (!this.exporting) return;
    this.cancelButton.disabled = true;
    this.status.textContent = 'Cancelling…';
    this.client.cancelProtect();
  }
}

/** What a column becomes, in words, from the preview's summary ("masked (email): 9 of 10 rows changed"). */
function becomesText(c, rows) {
  if (c.action === 'drop' || c.action === 'keep') return summaryText(c);
  const base = summaryText({ ...c, changed: 0, blanked: 0 }).replace(/, 0 values changed$/, '');
  const blank = c.blanked ? `, ${fmtInt(c.blanked)} left empty (did not read)` : '';
  return `${base}: ${fmtInt(c.changed)} of the first ${plural(rows, 'row')} changed${blank}`;
}

/** One column of the engine's summary in words ("pseudonymized (email), 1,936 values changed"). */
function summaryText(c) {
  const as = c.kind && c.kind !== 'none' ? ` (${kindLabel(c.kind)})` : '';
  const done = {
    keep: 'kept as is', drop: 'dropped', mask: 'masked', pseudonymize: 'pseudonymized',
    year: 'year only', generalize: 'generalized',
  }[c.action] ?? c.action;
  if (c.action === 'drop' || c.action === 'keep') return done;
  const blank = c.blanked ? `; ${fmtInt(c.blanked)} that did not read left empty` : '';
  return `${done}${as}, ${fmtInt(c.changed)} ${c.changed === 1 ? 'value' : 'values'} changed${blank}`;
}
