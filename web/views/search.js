// The search box of the Data view: a text and a column picker (all columns or one). Typing is
// debounced; Enter applies at once; Escape clears. The search itself is a `search` filter the
// engine runs (case- and accent-insensitive, core/src/view_search.cpp); app.js shows it as a chip.
import { el } from './dom.js';

const DEBOUNCE_MS = 250;

export class SearchBox {
  /**
   * @param input the <input type=search>
   * @param picker the <select> of columns (value -1: all columns)
   * @param onSearch ({column, value} | null) → void: the search to apply (null: none)
   */
  constructor(input, picker, { onSearch }) {
    this.input = input;
    this.picker = picker;
    this.onSearch = onSearch;
    this.timer = 0;
    this.applied = null; // the last {column, value} handed to onSearch, or null
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.apply();
      } else if (e.key === 'Escape' && input.value !== '') {
        e.preventDefault();
        e.stopPropagation(); // the page's Escape (menus, detail) is not for this
        input.value = '';
        this.apply();
      }
    });
    picker.addEventListener('change', () => {
      if (input.value.trim() !== '') this.apply();
    });
  }

  /** Fills the column picker with the table's columns. */
  setColumns(columns) {
    this.picker.replaceChildren(
      el('option', { value: '-1', text: 'All columns' }),
      ...columns.map((c, i) => el('option', { value: String(i), text: c.name })),
    );
    this.clear();
  }

  /** Empties the box without announcing a search (the caller drops the filter itself). */
  clear() {
    clearTimeout(this.timer);
    this.input.value = '';
    this.picker.value = '-1';
    this.applied = null;
  }

  /** Shows `search` ({column, value} or null) in the box without applying it. */
  show(search) {
    clearTimeout(this.timer);
    this.input.value = search?.value ?? '';
    this.picker.value = String(search?.column ?? -1);
    this.applied = search;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.apply(), DEBOUNCE_MS);
  }

  /** The search in the box now: leading and trailing spaces are not searched for. */
  current() {
    const value = this.input.value.trim();
    return value === '' ? null : { column: Number(this.picker.value), value };
  }

  apply() {
    clearTimeout(this.timer);
    const next = this.current();
    const prev = this.applied;
    if (next?.value === prev?.value && next?.column === prev?.column) return;
    this.applied = next;
    this.onSearch(next);
  }
}
