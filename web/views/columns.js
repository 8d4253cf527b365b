// The Columns menu of the Data view: show or hide each column and move it up or down (keyboard
// accessible), "Show all" to reset. Only the grid changes: exports keep the file's own columns.
// The choice is kept while the file is open (setColumns() for a new file resets it).
import { el } from './dom.js';

export class ColumnsMenu {
  /**
   * @param button the toolbar button that opens the menu (aria-controls = panel)
   * @param panel the menu element
   * @param onChange (order) → void: table column indices to show, in grid order
   */
  constructor(button, panel, { onChange }) {
    this.button = button;
    this.panel = panel;
    this.onChange = onChange;
    this.columns = [];
    this.order = []; // every column, in the chosen order
    this.hidden = new Set();
    button.addEventListener('click', () => this.setOpen(panel.hidden));
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.setOpen(false);
        button.focus();
      }
    });
    document.addEventListener('click', (e) => {
      if (!e.isTrusted || panel.hidden) return;
      // The path as dispatched: a move button pressed is replaced while its click bubbles.
      const path = e.composedPath();
      if (!path.includes(panel) && !path.includes(button)) this.setOpen(false);
    });
  }

  /** A new table: every column shown, in file order. */
  setColumns(columns) {
    this.columns = columns;
    this.order = columns.map((_, i) => i);
    this.hidden.clear();
    this.setOpen(false);
    this.render();
  }

  /** Table column indices shown, in grid order. */
  shown() {
    return this.order.filter((i) => !this.hidden.has(i));
  }

  setOpen(open) {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) this.panel.querySelector('input, button')?.focus();
  }

  changed(focusSelector = null) {
    this.render();
    if (focusSelector) this.panel.querySelector(focusSelector)?.focus();
    const hiddenCount = this.hidden.size;
    this.button.textContent = hiddenCount ? `Columns (${hiddenCount} hidden)` : 'Columns';
    this.onChange(this.shown());
  }

  move(column, by) {
    const at = this.order.indexOf(column);
    const to = at + by;
    if (to < 0 || to >= this.order.length) return;
    [this.order[at], this.order[to]] = [this.order[to], this.order[at]];
    // Focus stays on the button pressed (or the other one at either end of the list).
    const edge = (by < 0 && to === 0) || (by > 0 && to === this.order.length - 1);
    const which = by < 0 ? (edge ? 'down' : 'up') : edge ? 'up' : 'down';
    this.changed(`[data-column="${column}"] .move-${which}`);
  }

  render() {
    const visible = this.shown().length;
    const items = this.order.map((c, pos) => {
      const name = this.columns[c].name;
      const shown = !this.hidden.has(c);
      const box = el('input', {
        type: 'checkbox',
        id: `colmenu-${c}`,
        'data-testid': 'column-toggle',
        checked: shown,
        // The last shown column stays: a grid without columns would show nothing.
        disabled: shown && visible === 1,
        on: {
          change: (e) => {
            if (e.target.checked) this.hidden.delete(c);
            else this.hidden.add(c);
            this.changed(`#colmenu-${c}`);
          },
        },
      });
      return el('li', { className: 'colmenu-item', dataset: { column: String(c) } },
        el('label', { className: 'check', for: `colmenu-${c}` }, box, el('span', { className: 'colmenu-name', text: name })),
        el('button', {
          type: 'button', className: 'icon-button move-up', 'aria-label': `Move ${name} up`, title: 'Move up',
          disabled: pos === 0, on: { click: () => this.move(c, -1) },
        }, '↑'),
        el('button', {
          type: 'button', className: 'icon-button move-down', 'aria-label': `Move ${name} down`, title: 'Move down',
          disabled: pos === this.order.length - 1, on: { click: () => this.move(c, 1) },
        }, '↓'));
    });
    const reset = el('button', {
      type: 'button', className: 'button small', 'data-testid': 'columns-reset',
      on: {
        click: () => {
          this.order = this.columns.map((_, i) => i);
          this.hidden.clear();
          this.changed('[data-testid="columns-reset"]');
        },
      },
    }, 'Show all, in file order');
    this.panel.replaceChildren(
      el('p', { className: 'hint colmenu-note', text: 'Only the grid changes: exports keep all the file’s columns in their own order.' }),
      el('ul', { className: 'colmenu-list', 'aria-label': 'Columns shown in the grid' }, ...items),
      el('div', { className: 'colmenu-actions' }, reset),
    );
  }
}
