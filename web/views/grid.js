// The data grid: a virtualized, keyboard-navigable table over the engine's current view. Only the
// rows on screen exist in the DOM (a recycled pool); their values come from the worker in blocks
// (viewWindow) kept in a small cache. Browsers cap an element's height near 33.5 million pixels,
// so beyond MAX_SPACER the scroll position is scaled onto the row range. Values are text only.
import { el, fmtInt, typeLabel, typeNoun, fmtPct } from './dom.js';

const ROW_HEIGHT = 28;
/** Largest spacer height used; beyond it scroll positions are scaled (browser limit ~33.5M px). */
const MAX_SPACER = 15_000_000;
const BLOCK = 128;
const MAX_BLOCKS = 48;
const MAX_IN_FLIGHT = 3;
const ROWNUM_WIDTH = 72;

const FLAG_MISSING = 1;
const FLAG_INVALID = 2;
const FLAG_INCONSISTENT = 4;
const FLAG_WHITESPACE = 8;

export class Grid {
  /**
   * @param root the role=grid element (the scroll container)
   * @param fetchWindow (begin, end) → Promise<{index, rows, flags}> rows of the current view
   * @param onSort (columnIndex) → void: the header of that column was activated
   */
  constructor(root, { fetchWindow, onSort }) {
    this.root = root;
    this.fetchWindow = fetchWindow;
    this.onSort = onSort;
    this.columns = [];
    this.widths = [];
    this.rowCount = 0;
    this.generation = 0;
    this.blocks = new Map(); // block index → {index, rows, flags}
    this.inFlight = new Map(); // block index → generation
    this.pool = [];
    this.active = { row: 0, col: 0 };
    this.virtualTopOverride = null;
    this.scrollStart = null;
    this.frame = 0;
    this.sort = null;

    this.header = el('div', { className: 'grid-header', role: 'rowgroup' });
    this.spacer = el('div', { className: 'grid-spacer', role: 'presentation' });
    this.layer = el('div', { className: 'grid-layer', role: 'rowgroup' });
    this.spacer.append(this.layer);
    this.empty = el('p', { className: 'grid-empty', hidden: true, text: 'No rows match these filters.' });
    root.replaceChildren(this.header, this.spacer, this.empty);

    root.addEventListener('scroll', () => {
      if (this.scrollStart === null) this.scrollStart = performance.now();
      if (this.virtualTopOverride && Math.abs(root.scrollTop - this.virtualTopOverride.scrollTop) > 1) {
        this.virtualTopOverride = null;
      }
      // Scroll events come once per frame, before it is painted: render now, not a frame later.
      this.renderNow();
    });
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('click', (e) => this.onClick(e));
    root.addEventListener('focus', () => this.markActive());
    new ResizeObserver(() => {
      this.buildPool();
      this.schedule();
    }).observe(root);
  }

  /** Sets the table's columns: [{name, type, type_share, ...profile column}]. */
  setColumns(columns) {
    this.columns = columns;
    this.widths = columns.map(estimateWidth);
    this.totalWidth = ROWNUM_WIDTH + this.widths.reduce((a, b) => a + b, 0);
    this.root.setAttribute('aria-colcount', String(columns.length + 1));
    this.buildHeader();
    this.pool = [];
    this.layer.replaceChildren();
    this.buildPool();
  }

  /** Shows a new view: its row count and sort ({column, descending} or null). */
  setView(rowCount, sort) {
    this.generation++;
    this.blocks.clear();
    this.inFlight.clear();
    this.rowCount = rowCount;
    this.sort = sort;
    this.active = { row: rowCount > 0 ? 0 : -1, col: Math.min(this.active.col, this.columns.length - 1) };
    this.virtualTopOverride = null;
    this.root.setAttribute('aria-rowcount', String(rowCount + 1));
    this.updateHeaderSort();
    this.spacer.style.height = `${Math.min(rowCount * ROW_HEIGHT, MAX_SPACER)}px`;
    this.spacer.style.width = `${this.totalWidth}px`;
    this.empty.hidden = rowCount > 0;
    this.root.scrollTop = 0;
    this.schedule();
  }

  buildHeader() {
    const row = el('div', { className: 'grid-row grid-head-row', role: 'row', 'aria-rowindex': 1 });
    row.style.width = `${this.totalWidth}px`;
    const num = el('div', { className: 'grid-cell grid-rownum', role: 'columnheader', title: 'Row number in the file' }, '#');
    num.style.width = `${ROWNUM_WIDTH}px`;
    row.append(num);
    this.headCells = this.columns.map((c, i) => {
      const cell = el(
        'div',
        {
          className: 'grid-cell grid-colhead',
          role: 'columnheader',
          'aria-colindex': i + 2,
          'aria-sort': 'none',
          dataset: { column: String(i) },
          title: `${c.name}: ${typeLabel(c.type)}` +
            (c.type_share !== undefined && c.type !== 'text' && c.type !== 'empty'
              ? ` (${fmtPct(c.type_share)} of values)`
              : '') + ' — click to sort',
        },
        el('span', { className: 'colhead-name', text: c.name }),
        el('span', { className: `colhead-type type-${c.type}`, text: typeLabel(c.type) }),
        el('span', { className: 'colhead-sort', 'aria-hidden': 'true' }),
      );
      cell.style.width = `${this.widths[i]}px`;
      row.append(cell);
      return cell;
    });
    this.header.replaceChildren(row);
  }

  updateHeaderSort() {
    this.headCells?.forEach((cell, i) => {
      const on = this.sort && this.sort.column === i;
      cell.setAttribute('aria-sort', on ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
    });
  }

  /** Makes enough recycled rows to fill the viewport. */
  buildPool() {
    if (!this.columns.length) return;
    const height = Math.max(this.root.clientHeight, 200);
    const want = Math.ceil(height / ROW_HEIGHT) + 2;
    while (this.pool.length < want) {
      const row = el('div', { className: 'grid-row', role: 'row' });
      row.style.width = `${this.totalWidth}px`;
      row.style.top = `${this.pool.length * ROW_HEIGHT}px`;
      const num = el('div', { className: 'grid-cell grid-rownum', role: 'rowheader' });
      num.style.width = `${ROWNUM_WIDTH}px`;
      row.append(num);
      const cells = this.widths.map((w, c) => {
        const cell = el('div', { className: 'grid-cell', role: 'gridcell', 'aria-colindex': c + 2 });
        cell.style.width = `${w}px`;
        row.append(cell);
        return cell;
      });
      this.layer.append(row);
      this.pool.push({ row, num, cells, shows: -2, gen: -1 });
    }
  }

  renderNow() {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.render();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Geometry of the current scroll position. */
  geometry() {
    const headerHeight = this.header.offsetHeight;
    const bodyHeight = Math.max(0, this.root.clientHeight - headerHeight);
    const total = this.rowCount * ROW_HEIGHT;
    const spacer = Math.min(total, MAX_SPACER);
    const maxScroll = Math.max(0, spacer - bodyHeight);
    const maxVirtual = Math.max(0, total - bodyHeight);
    const scrollTop = Math.min(this.root.scrollTop, maxScroll);
    let virtualTop;
    if (this.virtualTopOverride) virtualTop = this.virtualTopOverride.virtualTop;
    else virtualTop = total > MAX_SPACER && maxScroll > 0 ? (scrollTop / maxScroll) * maxVirtual : scrollTop;
    virtualTop = Math.max(0, Math.min(virtualTop, maxVirtual));
    const first = Math.floor(virtualTop / ROW_HEIGHT);
    const offset = virtualTop - first * ROW_HEIGHT;
    const visible = Math.ceil((bodyHeight + offset) / ROW_HEIGHT);
    return { bodyHeight, total, spacer, maxScroll, maxVirtual, scrollTop, virtualTop, first, offset, visible };
  }

  render() {
    const g = this.geometry();
    this.lastGeometry = g;
    this.layer.style.top = `${g.scrollTop - g.offset}px`;
    const last = Math.min(this.rowCount, g.first + g.visible);
    this.request(g.first, last);
    let complete = true;
    for (let k = 0; k < this.pool.length; k++) {
      const slot = this.pool[k];
      const r = g.first + k;
      if (r >= last) {
        slot.row.hidden = true;
        slot.shows = -2;
        continue;
      }
      slot.row.hidden = false;
      const block = this.blocks.get(Math.floor(r / BLOCK));
      if (!block) {
        complete = false;
        if (slot.shows !== -1 || slot.loadingRow !== r) this.fillLoading(slot, r);
        continue;
      }
      if (slot.shows === r && slot.gen === this.generation) continue;
      this.fill(slot, r, block, r - Math.floor(r / BLOCK) * BLOCK);
    }
    this.markActive();
    if (complete && this.scrollStart !== null) {
      const start = this.scrollStart;
      this.scrollStart = null;
      performance.measure('crmwb:grid-window', { start, end: performance.now() });
      requestAnimationFrame(() => performance.measure('crmwb:grid-paint', { start, end: performance.now() }));
    }
  }

  fillLoading(slot, r) {
    slot.shows = -1;
    slot.loadingRow = r;
    delete slot.row.dataset.row;
    slot.row.setAttribute('aria-rowindex', String(r + 2));
    slot.row.classList.add('loading');
    slot.num.textContent = '';
    for (const cell of slot.cells) {
      cell.textContent = '';
      cell.className = 'grid-cell';
      cell.removeAttribute('title');
    }
  }

  fill(slot, r, block, i) {
    slot.shows = r;
    slot.gen = this.generation;
    slot.row.classList.remove('loading');
    slot.row.classList.toggle('odd', r % 2 === 1);
    slot.row.setAttribute('aria-rowindex', String(r + 2));
    slot.row.dataset.row = String(r);
    slot.num.textContent = fmtInt(block.index[i] + 1);
    const values = block.rows[i];
    const flags = block.flags[i];
    for (let c = 0; c < slot.cells.length; c++) {
      const cell = slot.cells[c];
      const v = values[c] ?? '';
      const f = flags ? flags[c] : 0;
      cell.textContent = v;
      let cls = 'grid-cell';
      let title = null;
      if (f) {
        if (f & FLAG_MISSING) {
          cls += ' cell-missing';
          title = v === '' ? 'Missing value' : `Missing value (“${v}” counts as missing)`;
        } else {
          if (f & FLAG_INVALID) {
            cls += ' cell-invalid';
            title = `Not valid: expected ${typeNoun(this.columns[c].type)}`;
          }
          if (f & FLAG_INCONSISTENT) {
            cls += ' cell-inconsistent';
            if (!title) title = `Not in this column's usual format (${this.columns[c].dominant_format ?? '—'})`;
          }
          if (f & FLAG_WHITESPACE) {
            cls += ' cell-whitespace';
            title = (title ? `${title}; ` : '') + 'has leading or trailing spaces';
          }
        }
        if (title && v.length > 0) title += `\n${v}`;
      } else if (v.length * 7.2 > this.widths[c] - 24) {
        title = v;
      }
      cell.className = cls;
      if (title) cell.title = title;
      else cell.removeAttribute('title');
    }
  }

  /** Requests the blocks covering rows [first, last) and a little around them. */
  request(first, last) {
    if (this.rowCount === 0) return;
    const firstBlock = Math.floor(first / BLOCK);
    const lastBlock = Math.floor(Math.max(first, last - 1) / BLOCK);
    const wanted = [];
    for (let b = firstBlock; b <= lastBlock; b++) wanted.push(b);
    // Prefetch one block either side once the visible ones are in.
    wanted.push(lastBlock + 1, firstBlock - 1);
    for (const b of wanted) {
      if (b < 0 || b * BLOCK >= this.rowCount) continue;
      if (this.blocks.has(b)) {
        // refresh LRU order
        const v = this.blocks.get(b);
        this.blocks.delete(b);
        this.blocks.set(b, v);
        continue;
      }
      if (this.inFlight.has(b)) continue;
      if (this.inFlight.size >= MAX_IN_FLIGHT) break;
      const gen = this.generation;
      this.inFlight.set(b, gen);
      const begin = b * BLOCK;
      const end = Math.min(this.rowCount, begin + BLOCK);
      this.fetchWindow(begin, end).then(
        (win) => {
          if (gen !== this.generation) return;
          this.inFlight.delete(b);
          this.blocks.set(b, win);
          while (this.blocks.size > MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value);
          this.renderNow();
        },
        () => {
          if (gen === this.generation) this.inFlight.delete(b);
        },
      );
    }
  }

  // ---- keyboard and pointer ------------------------------------------------------------------

  onClick(e) {
    const head = e.target.closest('.grid-colhead');
    if (head) {
      const col = Number(head.dataset.column);
      this.active = { row: -1, col };
      this.onSort(col);
      this.markActive();
      return;
    }
    const rowEl = e.target.closest('.grid-row');
    const cell = e.target.closest('[role=gridcell]');
    if (rowEl && cell && rowEl.dataset.row !== undefined) {
      this.active = { row: Number(rowEl.dataset.row), col: Number(cell.getAttribute('aria-colindex')) - 2 };
      this.markActive();
    }
  }

  onKey(e) {
    if (!this.columns.length) return;
    const g = this.lastGeometry ?? this.geometry();
    const page = Math.max(1, Math.floor(g.bodyHeight / ROW_HEIGHT) - 1);
    let { row, col } = this.active;
    const lastRow = this.rowCount - 1;
    switch (e.key) {
      case 'ArrowDown':
        row = Math.min(lastRow, row + 1);
        break;
      case 'ArrowUp':
        row = Math.max(-1, row - 1);
        break;
      case 'ArrowLeft':
        col = Math.max(0, col - 1);
        break;
      case 'ArrowRight':
        col = Math.min(this.columns.length - 1, col + 1);
        break;
      case 'PageDown':
        row = Math.min(lastRow, Math.max(0, row) + page);
        break;
      case 'PageUp':
        row = Math.max(0, row - page);
        break;
      case 'Home':
        row = Math.min(0, lastRow);
        break;
      case 'End':
        row = lastRow;
        break;
      case 'Enter':
      case ' ':
        if (row === -1) {
          e.preventDefault();
          this.onSort(col);
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    this.active = { row, col };
    this.ensureVisible(row, col);
    this.markActive();
  }

  /** Scrolls so that the cell (row, col) is on screen. */
  ensureVisible(row, col) {
    const g = this.geometry();
    if (row >= 0) {
      let virtualTop = g.virtualTop;
      const top = row * ROW_HEIGHT;
      if (top < virtualTop) virtualTop = top;
      else if (top + ROW_HEIGHT > virtualTop + g.bodyHeight) virtualTop = top + ROW_HEIGHT - g.bodyHeight;
      if (virtualTop !== g.virtualTop) {
        const scaled = g.total > MAX_SPACER && g.maxVirtual > 0;
        const scrollTop = scaled ? (virtualTop / g.maxVirtual) * g.maxScroll : virtualTop;
        this.root.scrollTop = scrollTop;
        this.virtualTopOverride = scaled ? { virtualTop, scrollTop: this.root.scrollTop } : null;
        this.schedule();
      }
    }
    if (col >= 0) {
      let left = ROWNUM_WIDTH;
      for (let c = 0; c < col; c++) left += this.widths[c];
      const right = left + this.widths[col];
      const view = this.root.clientWidth;
      if (left - ROWNUM_WIDTH < this.root.scrollLeft) this.root.scrollLeft = left - ROWNUM_WIDTH;
      else if (right > this.root.scrollLeft + view) this.root.scrollLeft = right - view;
    }
  }

  /** Marks the active cell (class + id for aria-activedescendant) if it is on screen. */
  markActive() {
    const prev = this.root.querySelector('#grid-active-cell');
    let target = null;
    if (this.active.row === -1) target = this.headCells?.[this.active.col] ?? null;
    else {
      const slot = this.pool.find((s) => s.shows === this.active.row && !s.row.hidden);
      target = slot ? slot.cells[this.active.col] : null;
    }
    if (prev && prev !== target) {
      prev.removeAttribute('id');
      prev.classList.remove('active');
    }
    if (target) {
      target.id = 'grid-active-cell';
      target.classList.add('active');
      this.root.setAttribute('aria-activedescendant', 'grid-active-cell');
    } else {
      this.root.removeAttribute('aria-activedescendant');
    }
  }
}

/** A column's width from the lengths in its profile and its name. */
function estimateWidth(c) {
  const len = c.length ?? {};
  const values = Math.min(len.max ?? 8, Math.max(8, (len.mean ?? 8) * 1.5));
  const head = (c.name?.length ?? 4) + 0.75 * typeLabel(c.type).length + 2;
  const chars = Math.max(values, head, 6);
  return Math.round(Math.min(340, Math.max(80, chars * 7.8 + 28)));
}
