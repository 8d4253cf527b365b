// The cell detail panel of the Data view: the active cell's column (name and type), its whole
// value with line breaks and edge whitespace made visible, its verdicts in plain words (missing,
// invalid, off-format, extra spaces) and a copy button. It follows the active cell while open.
import { el, fmtInt, plural, typeLabel } from './dom.js';
import { formatPhrase } from './facets.js';

const FLAG_MISSING = 1;
const FLAG_INVALID = 2;
const FLAG_INCONSISTENT = 4;
const FLAG_WHITESPACE = 8;

/** What a valid value of a type is, in a sentence ("not a valid email address"). */
const TYPE_ONE = {
  integer: 'a whole number',
  decimal: 'a number',
  boolean: 'a yes/no value',
  date: 'a date',
  datetime: 'a date-time',
  email: 'a valid email address',
  phone: 'a valid phone number',
  url: 'a valid web address',
  postal_code: 'a valid postal code',
  country_code: 'a country code',
  country: 'a country',
};

/** The verdicts of a value as [{kind, title, text}] (empty: nothing to say). */
export function verdicts(column, value, flags) {
  const out = [];
  if (flags & FLAG_MISSING) {
    let text;
    if (value === '') text = 'The cell is empty.';
    else if (value.trim() === '') text = 'The cell holds only spaces.';
    else text = `“${value.trim()}” is one of the words read as a missing value.`;
    out.push({ kind: 'missing', title: 'Missing', text });
    return out;
  }
  if (flags & FLAG_INVALID) {
    out.push({ kind: 'invalid', title: 'Invalid', text: `Not ${TYPE_ONE[column.type] ?? `a ${typeLabel(column.type)} value`}.` });
  }
  if (flags & FLAG_INCONSISTENT) {
    const f = formatPhrase(column);
    const text = f.dominant
      ? `The column’s dominant ${f.what} is ${f.name}.`
      : `Not in the column’s most common ${f.what}, ${f.name} (no ${f.what} holds half of the valid values).`;
    out.push({ kind: 'inconsistent', title: 'Off-format', text });
  }
  if (flags & FLAG_WHITESPACE) {
    out.push({ kind: 'whitespace', title: 'Extra spaces', text: 'The value starts or ends with spaces (shown as ·).' });
  }
  return out;
}

/**
 * The value as nodes: edge spaces as ·, tabs as →, line breaks as ⏎ followed by the break, other
 * text as is; everything as text nodes or spans (never HTML).
 */
export function visibleValue(value) {
  const nodes = [];
  const mark = (text, title) => nodes.push(el('span', { className: 'ws-mark', title, text }));
  const lead = /^[ \t]*/.exec(value)[0].length;
  const trail = value.length > lead ? /[ \t]*$/.exec(value)[0].length : 0;
  const body = value.slice(lead, value.length - trail);
  const edge = (s) => {
    for (const ch of s) mark(ch === '\t' ? '→' : '·', ch === '\t' ? 'tab' : 'space');
  };
  edge(value.slice(0, lead));
  const parts = body.split(/(\r\n|\r|\n|\t)/);
  for (const part of parts) {
    if (part === '') continue;
    if (part === '\t') mark('→', 'tab');
    else if (/^(\r\n|\r|\n)$/.test(part)) {
      mark('⏎', part === '\r\n' ? 'line break (CR LF)' : part === '\r' ? 'line break (CR)' : 'line break');
      nodes.push('\n');
    } else nodes.push(part);
  }
  edge(value.slice(value.length - trail));
  return nodes;
}

export class CellDetail {
  /**
   * @param panel the <aside> of the panel (hidden while closed)
   * @param fetchRow (viewRow) → Promise<{index, rows, flags}> that one row of the view
   * @param onClose () → void: the panel was closed by its button (focus goes back to the grid)
   * @param onEdit (cell {column, tableRow}, value) → Promise: sets the cell (a cleaning step);
   *   none: the panel offers no editing
   */
  constructor(panel, { fetchRow, onClose, onEdit = null }) {
    this.panel = panel;
    this.fetchRow = fetchRow;
    this.onClose = onClose;
    this.onEdit = onEdit;
    this.wantEdit = false; // startEdit() before the cell has been read
    this.columns = [];
    this.request = 0;
    this.value = null;
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close();
        this.onClose();
      }
    });
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  /** A new table: its profile columns; closes the panel. */
  setColumns(columns) {
    this.columns = columns;
    this.close();
  }

  /** Opens the editor of the shown cell (now, or once the cell has been read). */
  startEdit() {
    if (!this.onEdit) return;
    if (this.editor) this.editor();
    else this.wantEdit = true;
  }

  close() {
    this.wantEdit = false;
    this.request++;
    this.panel.hidden = true;
    this.panel.replaceChildren();
  }

  /** Opens (or refreshes) the panel on the cell {row: view row, column: table column}; null: none. */
  async show(cell) {
    const id = ++this.request;
    this.panel.hidden = false;
    if (!cell) {
      this.render(null);
      return;
    }
    this.panel.setAttribute('aria-busy', 'true');
    try {
      const win = await this.fetchRow(cell.row);
      if (id !== this.request) return;
      if (!win.rows.length) {
        this.render(null);
        return;
      }
      this.render({
        column: cell.column,
        tableRow: win.index[0],
        value: win.rows[0][cell.column] ?? '',
        flags: win.flags?.[0]?.[cell.column] ?? 0,
      });
    } catch {
      if (id === this.request) this.render(null, 'This cell could not be read.');
    } finally {
      if (id === this.request) this.panel.removeAttribute('aria-busy');
    }
  }

  render(cell, message = 'Select a cell in the table to see its whole value.') {
    const close = el('button', {
      type: 'button', className: 'icon-button detail-close', 'aria-label': 'Close cell details', title: 'Close (Escape)',
      'data-testid': 'cell-detail-close',
      on: { click: () => { this.close(); this.onClose(); } },
    }, '×');
    this.editor = null;
    if (!cell) {
      this.value = null;
      this.panel.replaceChildren(
        el('div', { className: 'detail-head' }, el('h3', { id: 'cell-detail-title', text: 'Cell details' }), close),
        el('p', { className: 'hint', text: message }),
      );
      return;
    }
    const column = this.columns[cell.column] ?? { name: `column ${cell.column + 1}`, type: 'text' };
    const v = cell.value;
    this.value = v;
    const lines = v === '' ? 0 : v.split(/\r\n|\r|\n/).length;
    const found = verdicts(column, v, cell.flags);
    const status = el('p', { className: 'copy-status hint', 'aria-live': 'polite' });
    const copy = el('button', {
      type: 'button', className: 'button small', 'data-testid': 'cell-copy',
      on: {
        click: async () => {
          try {
            await navigator.clipboard.writeText(v);
            status.textContent = 'Copied.';
          } catch {
            status.textContent = 'The browser did not allow copying; select the value and copy it instead.';
          }
        },
      },
    }, 'Copy value');
    this.panel.replaceChildren(
      el('div', { className: 'detail-head' },
        el('h3', { id: 'cell-detail-title' }, el('span', { className: 'detail-column', text: column.name })),
        close),
      el('p', { className: 'detail-meta' },
        el('span', { className: `colhead-type type-${column.type}`, text: typeLabel(column.type) }),
        ` · row ${fmtInt(cell.tableRow + 1)} of the file`),
      el('pre', { className: 'detail-value', 'data-testid': 'cell-detail-value', tabindex: '0', 'aria-label': 'Whole value' },
        ...(v === '' ? [el('span', { className: 'muted', text: '(empty)' })] : visibleValue(v))),
      el('p', { className: 'detail-size hint', text: `${plural([...v].length, 'character')}${lines > 1 ? ` · ${plural(lines, 'line')}` : ''}` }),
      found.length
        ? el('ul', { className: 'detail-verdicts', 'data-testid': 'cell-verdicts' },
          ...found.map((f) => el('li', { className: `verdict verdict-${f.kind}` }, el('strong', { text: `${f.title}: ` }), f.text)))
        : el('p', { className: 'detail-ok', 'data-testid': 'cell-verdicts', text: okText(column) }),
      el('div', { className: 'detail-actions' }, copy, this.editButton(cell, v), status),
      this.editBox = el('div', { className: 'detail-edit', hidden: true }),
    );
    if (this.wantEdit) {
      this.wantEdit = false;
      this.editor?.();
    }
  }

  /** The "Edit value" button and its editor (a textarea, Save and Cancel); null without onEdit. */
  editButton(cell, value) {
    if (!this.onEdit) return null;
    const open = () => {
      const id = `cell-edit-${cell.tableRow}-${cell.column}`;
      const input = el('textarea', { id, rows: '3', spellcheck: 'false', 'data-testid': 'cell-edit-input', 'aria-describedby': `${id}-hint` });
      input.value = value;
      const note = el('p', { className: 'hint', 'aria-live': 'polite' });
      const save = async () => {
        note.textContent = 'Saving…';
        const done = await this.onEdit(cell, input.value);
        if (!done) note.textContent = 'The value was not changed.';
      };
      const cancel = () => {
        this.editBox.hidden = true;
        this.editBox.replaceChildren();
        button.focus();
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          cancel();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          save();
        }
      });
      this.editBox.replaceChildren(
        el('label', { for: id, text: 'New value' }), input,
        el('p', { id: `${id}-hint`, className: 'hint', text: 'Ctrl+Enter saves, Escape cancels. The edit is a step in the history and the change log (Undo takes it back); it stays out of a saved recipe.' }),
        el('div', { className: 'detail-actions' },
          el('button', { type: 'button', className: 'button small primary', 'data-testid': 'cell-edit-save', on: { click: save } }, 'Save'),
          el('button', { type: 'button', className: 'button small', on: { click: cancel } }, 'Cancel')),
        note);
      this.editBox.hidden = false;
      input.focus();
      input.select();
    };
    this.editor = open;
    const button = el('button', { type: 'button', className: 'button small', 'data-testid': 'cell-edit', 'aria-keyshortcuts': 'F2', title: 'Edit this cell (F2 in the table)', on: { click: open } }, 'Edit value');
    return button;
  }
}

function okText(column) {
  if (column.type === 'text' || column.type === 'empty') return 'No problems found in this value.';
  const f = formatPhrase(column);
  const what = TYPE_ONE[column.type] ?? `a ${typeLabel(column.type)} value`;
  return f.dominant ? `Fits the column: ${what}, in its dominant ${f.what} ${f.name}.` : `Fits the column: ${what}.`;
}
