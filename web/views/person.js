// "Find a person" (README "Find a person"): one person's records for an access or erasure
// request. The query (e-mail, phone, name) is compared with every row of the loaded table and of
// a second file open for a link or for rules, through the dedupe comparators (the Duplicates
// run's model when there is one); each row found says why, column by column. The user ticks the
// records that are the person's (strong matches come ticked), then exports them (CSV per file and
// a JSON record of the request) or erases them from the loaded table as a recipe step, which the
// change log records with the reason and without the values. Everything runs in the worker.
import { el, fmtInt, plural, download } from './dom.js';

/** Weight of a reason as text: +12.3 / −4.3. */
function signed(w) {
  return `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(1)}`;
}

export class PersonSearch {
  /**
   * @param client the engine client
   * @param baseName () → the open file's name without its extension
   * @param fileName () → the open file's name
   * @param erase (step) → applies an erase_rows step through the Clean view (resolves falsy when
   *   it did not apply)
   */
  constructor({ client, baseName, fileName, erase }) {
    this.client = client;
    this.baseName = baseName;
    this.fileName = fileName;
    this.erase = erase;
    this.result = null;
    this.query = null;
    this.dialog = el('dialog', { className: 'privacy-dialog person-dialog', 'data-testid': 'person-dialog', 'aria-labelledby': 'person-title' });
    const field = (id, label, type, placeholder) => {
      const input = el('input', { id, type, autocomplete: 'off', placeholder, 'data-testid': id });
      return [el('label', { for: id, text: label }), input];
    };
    const [emailLabel, email] = field('person-email', 'E-mail', 'text', 'john.smith@example.com');
    const [phoneLabel, phone] = field('person-phone', 'Phone', 'text', '+1 415 555 0123');
    const [nameLabel, name] = field('person-name', 'Name', 'text', 'J. Smith');
    this.inputs = { email, phone, name };
    this.findButton = el('button', { type: 'submit', className: 'button primary', 'data-testid': 'person-find', text: 'Find' });
    this.cancelButton = el('button', { type: 'button', className: 'button', 'data-testid': 'person-cancel', text: 'Cancel', hidden: true });
    this.progress = el('progress', { max: '1', value: '0', hidden: true, 'aria-label': 'Searching', 'data-testid': 'person-progress' });
    this.status = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'person-status' });
    this.error = el('p', { className: 'error-text', role: 'alert', 'data-testid': 'person-error', hidden: true });
    this.results = el('div', { className: 'person-results', 'data-testid': 'person-results' });
    this.exportButton = el('button', { type: 'button', className: 'button', 'data-testid': 'person-export', text: 'Export ticked records (CSV)', disabled: true });
    this.reportButton = el('button', { type: 'button', className: 'button', 'data-testid': 'person-report', text: 'Save the search (JSON)', disabled: true });
    this.reason = el('input', { id: 'person-reason', type: 'text', 'data-testid': 'person-reason', placeholder: 'e.g. erasure request of 2026-12-04, ticket 4711' });
    this.eraseButton = el('button', { type: 'button', className: 'button danger', 'data-testid': 'person-erase', text: 'Erase ticked rows', disabled: true });
    const close = el('button', { type: 'button', className: 'button', 'data-testid': 'person-close', text: 'Close' });
    const form = el('form', { className: 'person-form', 'data-testid': 'person-form' },
      el('div', { className: 'person-fields' }, emailLabel, email, phoneLabel, phone, nameLabel, name),
      el('div', { className: 'menu-buttons' }, this.findButton, this.cancelButton, this.progress));

    this.dialog.append(
      el('h2', { id: 'person-title', text: 'Find a person' }),
      el('p', { className: 'hint', text: 'Look up one person’s records for an access or erasure request: give any of e-mail, phone and name, as you have them. Values are compared after standardizing (case, phone layouts, nicknames, initials), and each record found says why. Everything runs in this browser.' }),
      form,
      this.error,
      this.status,
      this.results,
      el('h3', { text: 'Answer the request' }),
      el('p', { className: 'hint', text: 'Tick the records that are this person’s (strong matches come ticked). Export them to answer an access request, or erase them from the table: erasure is a step in the history (undo works until you export), and the change log keeps the row numbers and your reason, not the values.' }),
      el('div', { className: 'menu-buttons' }, this.exportButton, this.reportButton),
      el('div', { className: 'person-erase' },
        el('label', { for: 'person-reason', text: 'Reason for the erasure (kept in the change log)' }),
        this.reason,
        this.eraseButton),
      el('div', { className: 'menu-buttons' }, close),
    );
    document.body.append(this.dialog);

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.find();
    });
    this.cancelButton.addEventListener('click', () => this.client.cancelPerson());
    close.addEventListener('click', () => this.close());
    this.dialog.addEventListener('cancel', () => this.close()); // Escape
    this.exportButton.addEventListener('click', () => this.exportRows());
    this.reportButton.addEventListener('click', () => this.saveReport());
    this.eraseButton.addEventListener('click', () => this.eraseRows());
    this.reason.addEventListener('input', () => this.updateButtons());
  }

  open() {
    if (!this.dialog.open) this.dialog.showModal();
    this.inputs.email.focus();
  }

  close() {
    if (this.running) this.client.cancelPerson();
    if (this.dialog.open) this.dialog.close();
    this.onClose?.();
  }

  /** Forgets the last search (a new file was opened). */
  reset() {
    this.result = null;
    this.query = null;
    this.results.replaceChildren();
    this.status.textContent = '';
    for (const i of Object.values(this.inputs)) i.value = '';
    this.reason.value = '';
    this.updateButtons();
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }

  async find() {
    const query = {};
    for (const [k, input] of Object.entries(this.inputs)) if (input.value.trim()) query[k] = input.value.trim();
    this.showError('');
    if (!Object.keys(query).length) {
      this.showError('Give an e-mail, a phone or a name to look for.');
      this.inputs.email.focus();
      return;
    }
    this.running = true;
    this.findButton.disabled = true;
    this.cancelButton.hidden = false;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.status.textContent = 'Searching…';
    try {
      const r = await this.client.findPerson(query, (p) => {
        if (p.total) this.progress.value = Math.min(1, p.done / p.total);
      });
      this.query = { ...query, at: new Date().toISOString() };
      this.result = r;
      this.render();
    } catch (err) {
      if (err.code === 'cancelled') {
        this.status.textContent = 'Search cancelled.';
      } else {
        this.status.textContent = '';
        this.showError(err.message);
      }
    } finally {
      this.running = false;
      this.findButton.disabled = false;
      this.cancelButton.hidden = true;
      this.progress.hidden = true;
    }
  }

  /** The ticked rows per file: Map file → [row]. */
  ticked() {
    const out = new Map();
    for (const box of this.results.querySelectorAll('input[type=checkbox]:checked')) {
      const { file, row } = box.dataset;
      if (!out.has(file)) out.set(file, []);
      out.get(file).push(Number(row));
    }
    return out;
  }

  updateButtons() {
    const t = this.ticked();
    const any = [...t.values()].some((rows) => rows.length);
    this.exportButton.disabled = !any;
    this.reportButton.disabled = !this.result;
    this.eraseButton.disabled = !(t.get('main')?.length && this.reason.value.trim());
  }

  render() {
    const files = this.result.files;
    const found = files.reduce((n, f) => n + f.search.found, 0);
    const strong = files.reduce((n, f) => n + f.search.strong, 0);
    const main = files[0].search;
    const how = main.model === 'dedupe' ? 'with the Duplicates run’s model' : 'with the suggested comparison (run Duplicates first to use a trained model)';
    this.status.textContent = `${plural(found, 'record')} found (${fmtInt(strong)} strong) in ${plural(files.length, 'file')}, compared on ${main.compared.map((c) => c.column).join(', ') || 'nothing'} ${how}.`;
    const blocks = files.map((f) => this.renderFile(f));
    this.results.replaceChildren(...blocks);
    this.updateButtons();
  }

  renderFile({ file, name, search }) {
    const label = file === 'main' ? this.fileName() : name;
    const rows = search.matches.map((m) => {
      const box = el('input', {
        type: 'checkbox', 'data-file': file, 'data-row': String(m.row), 'data-testid': 'person-tick',
        'aria-label': `Row ${fmtInt(m.original_row + 1)} of ${label} is this person’s`,
      });
      box.checked = m.strength === 'strong';
      box.addEventListener('change', () => this.updateButtons());
      const why = el('ul', { className: 'person-why' }, ...m.why.map((r) => el('li', {
        className: r.weight > 0 ? 'agree' : r.weight < 0 ? 'disagree' : '',
        text: `${r.column}: ${r.level}${r.value ? ` (${r.value})` : ''} ${signed(r.weight)}`,
      })));
      return el('tr', { 'data-testid': 'person-match', 'data-strength': m.strength },
        el('td', {}, box),
        el('td', { text: fmtInt(m.original_row + 1) }),
        el('td', { className: `strength ${m.strength}`, text: m.strength }),
        el('td', { className: 'num', text: m.weight.toFixed(1) }),
        el('td', {}, why));
    });
    const notes = search.notes.map((n) => el('li', { text: n }));
    const more = search.found > search.matches.length ? ` (the strongest ${fmtInt(search.matches.length)} are listed)` : '';
    return el('section', { className: 'person-file', 'data-testid': 'person-file', 'data-file': file, 'aria-label': `Records found in ${label}` },
      el('h3', { text: `${label}: ${plural(search.found, 'record')} found, ${fmtInt(search.strong)} strong${more}` }),
      notes.length ? el('ul', { className: 'hint' }, ...notes) : '',
      rows.length
        ? el('div', { className: 'protect-table-wrap' }, el('table', { className: 'protect-table person-table' },
          el('caption', { className: 'visually-hidden', text: `Records found in ${label}, strongest first` }),
          el('thead', {}, el('tr', {},
            el('th', { scope: 'col', text: 'Theirs' }),
            el('th', { scope: 'col', text: 'Row' }),
            el('th', { scope: 'col', text: 'Match' }),
            el('th', { scope: 'col', text: 'Weight', title: 'log2 of how much likelier these comparisons are for the person’s own record than for someone else’s' }),
            el('th', { scope: 'col', text: 'Why' }))),
          el('tbody', {}, ...rows)))
        : el('p', { className: 'hint', text: 'No record compares in favour of this person.' }));
  }

  async exportRows() {
    const t = this.ticked();
    const saved = [];
    for (const [file, rows] of t) {
      if (!rows.length) continue;
      const csv = await this.client.personRowsCsv(file, rows);
      const f = this.result.files.find((x) => x.file === file);
      const base = file === 'main' ? this.baseName() : (f?.name ?? file).replace(/\.[^.]+$/, '');
      const name = `${base}-person-records.csv`;
      download(csv, name, 'text/csv;charset=utf-8');
      saved.push(`${name} (${plural(rows.length, 'record')})`);
    }
    this.status.textContent = `Saved ${saved.join(', ')}. It holds the person’s data: send it to them securely and delete your copy.`;
  }

  saveReport() {
    const t = this.ticked();
    const report = {
      crmwb_person_search: 1,
      query: this.query,
      files: this.result.files.map((f) => ({
        file: f.file === 'main' ? this.fileName() : f.name,
        ...f.search,
        ticked: (t.get(f.file) ?? []).map((row) => f.search.matches.find((m) => m.row === row)?.original_row ?? row),
      })),
    };
    const name = `${this.baseName()}-person-search.json`;
    download(JSON.stringify(report, null, 2) + '\n', name, 'application/json');
    this.status.textContent = `Saved ${name}: the query, every record found, why, and which you ticked.`;
  }

  async eraseRows() {
    const rows = this.ticked().get('main') ?? [];
    const reason = this.reason.value.trim();
    if (!rows.length || !reason) return;
    const matches = this.result.files[0].search.matches;
    const original = rows.map((row) => matches.find((m) => m.row === row).original_row).sort((a, b) => a - b);
    const r = await this.erase({ op: 'erase_rows', rows: original, reason });
    if (!r) return;
    this.status.textContent = `Erased ${plural(original.length, 'row')} from the table (a step in the history; undo brings them back). Export the table to keep the result. The file you opened still holds them: delete or replace it, and any saved project made before the erasure.`;
    this.result = null;
    this.results.replaceChildren();
    this.reason.value = '';
    this.updateButtons();
  }
}
