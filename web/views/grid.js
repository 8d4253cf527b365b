// The data grid: a virtualized, keyboard-navigable table over the engine's current view. Only the
// rows on screen exist in the DOM (a recycled pool); their values come from the worker in blocks
// (viewWindow) kept in a small cache. Browsers cap an element's height near 33.5 million pixels,
// so beyond MAX_SPACER the scroll position is scaled onto the row range. Values are text only.
//
// Frame cost (bench/browser.mjs measures it):
// - The pool's rows flow in one layer moved with a transform, in DOM order = screen order. When
//   the first row moves by less than the pool, the slots that left the screen move to the other
//   end, so only the rows that came into view are refilled.
// - Each cell keeps one Text node; its class and title are written only when they change.
// - Rows waiting for their block keep their old cells (nothing to restyle or lay out) under a
//   cover: one element per run of such rows, its placeholder drawn by tiled backgrounds.
// - Columns more than a margin outside the viewport skip rendering their contents
//   (content-visibility: hidden through a --cvN variable); their text stays in the DOM.
// - The row numbers stay in view when scrolling sideways through one sticky column (numcol,
//   hidden from assistive technology) over the rows' own row-number cells: a sticky cell in
//   every row made every row a composited layer.
// - Hidden or moved columns (setColumns' `order`) only change which cells the pool has: the
//   blocks from the worker keep every column, so a change re-renders from the cache.
// - Layout is read (geometry) before anything is written. A block arriving from the worker is
//   filled in at once, into the rows of the last render's geometry without reading layout again,
//   so the next frame only restyles, lays out and paints; nothing forces a layout in between.
import { el, fmtInt, typeLabel, typeNoun, fmtPct } from './dom.js';
import { formatPhrase } from './facets.js';

const ROW_HEIGHT = 28;
/** Largest spacer height used; beyond it scroll positions are scaled (browser limit ~33.5M px). */
const MAX_SPACER = 15_000_000;
const BLOCK = 128;
const MAX_BLOCKS = 48;
const MAX_IN_FLIGHT = 3;
/** Shown in a cell in place of each line break (the whole value is in its title and the detail). */
export const LINE_BREAK_MARK = '⏎';
const LINE_BREAKS = /\r\n|\r|\n/g;

const FLAG_MISSING = 1;
const FLAG_INVALID = 2;
const FLAG_INCONSISTENT = 4;
const FLAG_WHITESPACE = 8;

export class Grid {
  /**
   * @param root the role=grid element (the scroll container)
   * @param fetchWindow (begin, end) → Promise<{index, rows, flags}> rows of the current view
   * @param onSort (columnIndex) → void: the header of that column was activated
   * @param onActive () → void: the active cell moved (keyboard or click); see activeCell()
   * @param onOpen () → void: Enter or a double click on a data cell
   * @param onEscape () → boolean: Escape in the grid; true when it closed something
   * @param onMark (columnIndex) → void: a personal-data badge in that column's header was clicked
   */
  constructor(root, { fetchWindow, onSort, onActive = () => {}, onOpen = () => {}, onEscape = () => false, onMark = () => {} }) {
    this.root = root;
    this.fetchWindow = fetchWindow;
    this.onSort = onSort;
    this.onActive = onActive;
    this.onOpen = onOpen;
    this.onEscape = onEscape;
    this.onMark = onMark;
    this.all = []; // the table's columns
    this.order = []; // table column shown at each grid position
    this.columns = []; // the shown columns, in grid order
    this.numWidth = 56;
    this.widths = [];
    this.rowCount = 0;
    this.generation = 0;
    this.blocks = new Map(); // block index → {index, rows, flags}
    this.inFlight = new Map(); // block index → generation
    this.colLeft = [];
    this.colHidden = []; // columns whose contents are not rendered (far outside the viewport)
    this.pool = []; // slots in DOM order: slot k shows row poolFirst + k
    this.poolFirst = null;
    this.layerY = null;
    this.active = { row: 0, col: 0 };
    this.virtualTopOverride = null;
    this.scrollStart = null;
    this.frame = 0;
    this.sort = null;

    this.header = el('div', { className: 'grid-header', role: 'rowgroup' });
    this.spacer = el('div', { className: 'grid-spacer', role: 'presentation' });
    this.layer = el('div', { className: 'grid-layer', role: 'rowgroup' });
    this.numcol = el('div', { className: 'grid-numcol', 'aria-hidden': 'true' });
    this.covers = []; // {el, top, height, parity}: over runs of rows whose block has not arrived
    this.layer.append(this.numcol);
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
    }, { passive: true });
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('click', (e) => this.onClick(e));
    root.addEventListener('dblclick', (e) => {
      if (e.target.closest('[role=gridcell]')) this.onOpen();
    });
    root.addEventListener('focus', () => this.markActive());
    new ResizeObserver(() => {
      this.buildPool();
      this.schedule();
    }).observe(root);
  }

  /**
   * Sets the table's columns ([{name, type, type_share, ...profile column}]), its row count (which
   * sizes the row-number column) and the columns shown, in order (`order`: table column indices;
   * default all). Keeps the current view and its fetched rows.
   */
  setColumns(columns, { rows = this.tableRows ?? 0, order = columns.map((_, i) => i) } = {}) {
    const activeColumn = this.order[this.active.col];
    this.all = columns;
    this.tableRows = rows;
    this.order = order.filter((i) => i >= 0 && i < columns.length);
    this.columns = this.order.map((i) => columns[i]);
    const keep = this.order.indexOf(activeColumn);
    this.active = { row: this.active.row, col: keep >= 0 ? keep : Math.min(this.active.col, Math.max(0, this.columns.length - 1)) };
    this.numWidth = this.rownumWidth(rows);
    this.widths = this.columns.map(estimateWidth);
    this.totalWidth = this.numWidth + this.widths.reduce((a, b) => a + b, 0);
    let x = this.numWidth;
    this.colLeft = this.widths.map((w) => (x += w) - w);
    for (let c = 0; c < this.colHidden.length; c++) this.layer.style.removeProperty(`--cv${c}`);
    this.colHidden = this.widths.map(() => false);
    this.layer.style.setProperty('--grid-skeleton', skeleton(this.colLeft, this.widths));
    this.root.setAttribute('aria-colcount', String(columns.length + 1));
    this.buildHeader();
    this.pool = [];
    this.poolFirst = null;
    this.numcol.replaceChildren();
    this.covers = [];
    this.layer.replaceChildren(this.numcol);
    this.layer.style.width = `${this.totalWidth}px`;
    this.numcol.style.width = `${this.numWidth}px`;
    this.spacer.style.width = `${this.totalWidth}px`;
    this.buildPool();
    this.schedule();
  }

  /**
   * The row-number column's width: the largest row number ("1,000,000") measured in the column's
   * own font and padding (one layout read, only when the columns are set), at least 56 px.
   */
  rownumWidth(rows) {
    const text = fmtInt(Math.max(1, rows));
    const probe = el('div', { className: 'grid-cell grid-rownum', 'aria-hidden': 'true', text });
    probe.style.cssText = 'position: absolute; visibility: hidden; left: 0; top: 0;';
    this.root.append(probe);
    const measured = probe.getBoundingClientRect().width;
    probe.remove();
    // Not laid out (hidden): about 8.6 px a character at 0.8rem, plus the padding.
    const width = measured > 0 ? measured + 6 : text.length * 8.6 + 26;
    return Math.max(56, Math.ceil(width));
  }

  /** The columns shown, in order (table column indices). */
  get shownColumns() {
    return this.order.slice();
  }

  /** The active cell: {row (in the view), column (table index)}, or null (none, or a header). */
  activeCell() {
    const { row, col } = this.active;
    if (row < 0 || row >= this.rowCount || col < 0 || col >= this.order.length) return null;
    return { row, column: this.order[col] };
  }

  /** Shows a new view: its row count and sort ({column, descending} or null). */
  setView(rowCount, sort) {
    this.generation++;
    this.blocks.clear();
    this.inFlight.clear();
    this.rowCount = rowCount;
    this.sort = sort;
    this.active = { row: rowCount > 0 ? 0 : -1, col: Math.max(0, Math.min(this.active.col, this.columns.length - 1)) };
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
    num.style.width = `${this.numWidth}px`;
    row.append(num);
    this.headCells = this.columns.map((c, i) => {
      const cell = el(
        'div',
        {
          className: 'grid-cell grid-colhead',
          role: 'columnheader',
          'aria-colindex': i + 2,
          'aria-sort': 'none',
          dataset: { column: String(this.order[i]) },
          title: `${c.name}: ${typeLabel(c.type)}` +
            (c.type_share !== undefined && c.type !== 'text' && c.type !== 'empty'
              ? ` (${fmtPct(c.type_share)} of values)`
              : '') + ' — click to sort',
        },
        el('span', { className: 'colhead-name', text: c.name }),
        el('span', { className: `colhead-type type-${c.type}`, text: typeLabel(c.type) }),
        el('span', { className: 'colhead-sort', 'aria-hidden': 'true' }),
      );
      const mark = this.marks?.get(c.name);
      if (mark) {
        // Personal data (views/privacy.js): a badge with the kind; the evidence in the titles.
        const why = `Personal data: ${mark.label}${mark.evidence ? ` — ${mark.evidence}` : ''}`;
        cell.querySelector('.colhead-type').after(
          el('span', { className: 'colhead-pii', 'data-testid': 'pii-badge', dataset: { kind: mark.kind }, title: `${why} (click to correct)`, text: mark.label }));
        cell.title = `${cell.title}\n${why}`;
      }
      cell.style.width = `${this.widths[i]}px`;
      row.append(cell);
      return cell;
    });
    this.header.replaceChildren(row);
  }

  /**
   * Personal-data marks shown as header badges: Map column name → {kind, label, evidence}
   * (views/privacy.js), or null for none. Redraws only the header.
   */
  setMarks(marks) {
    this.marks = marks;
    if (this.columns) {
      this.buildHeader();
      this.updateHeaderSort();
    }
  }

  updateHeaderSort() {
    this.headCells?.forEach((cell, i) => {
      const on = this.sort && this.sort.column === this.order[i];
      cell.setAttribute('aria-sort', on ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
    });
  }

  /** Makes enough recycled rows to fill the viewport. */
  buildPool() {
    if (!this.columns.length) return;
    const height = Math.max(this.root.clientHeight, 200);
    const want = Math.ceil(height / ROW_HEIGHT) + 2;
    if (this.pool.length >= want) return;
    while (this.pool.length < want) {
      const row = el('div', { className: 'grid-row', role: 'row', hidden: true });
      row.style.width = `${this.totalWidth}px`;
      const num = el('div', { className: 'grid-cell grid-rownum', role: 'rowheader' });
      num.style.width = `${this.numWidth}px`;
      const numText = document.createTextNode('');
      num.append(numText);
      row.append(num);
      const cells = [];
      const texts = [];
      this.widths.forEach((w, c) => {
        const cell = el('div', { className: 'grid-cell', role: 'gridcell', 'aria-colindex': c + 2 });
        cell.style.width = `${w}px`;
        cell.style.setProperty('content-visibility', `var(--cv${c}, visible)`);
        const text = document.createTextNode('');
        cell.append(text);
        row.append(cell);
        cells.push(cell);
        texts.push(text);
      });
      // Its twin in the sticky row-number column (what is seen when scrolled sideways).
      const mark = el('div', { className: 'grid-cell grid-rownum', hidden: true });
      mark.style.width = `${this.numWidth}px`;
      const markText = document.createTextNode('');
      mark.append(markText);
      this.layer.append(row);
      this.numcol.append(mark);
      this.pool.push({
        row,
        num,
        numText,
        mark,
        markText,
        cells,
        texts,
        classes: cells.map(() => 'grid-cell'), // what each cell's className / title is now
        titles: cells.map(() => null),
        shows: -2, // the row shown, -1 a loading placeholder, -2 nothing
        gen: -1,
        rowIndex: null, // aria-rowindex as set
        odd: false,
      });
    }
    this.layer.style.height = `${this.pool.length * ROW_HEIGHT}px`;
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
    const scrollLeft = this.root.scrollLeft;
    const viewWidth = this.root.clientWidth;
    let virtualTop;
    if (this.virtualTopOverride) virtualTop = this.virtualTopOverride.virtualTop;
    else virtualTop = total > MAX_SPACER && maxScroll > 0 ? (scrollTop / maxScroll) * maxVirtual : scrollTop;
    virtualTop = Math.max(0, Math.min(virtualTop, maxVirtual));
    const first = Math.floor(virtualTop / ROW_HEIGHT);
    const offset = virtualTop - first * ROW_HEIGHT;
    const visible = Math.ceil((bodyHeight + offset) / ROW_HEIGHT);
    return {
      bodyHeight, total, spacer, maxScroll, maxVirtual, scrollTop, virtualTop, first, offset, visible, scrollLeft, viewWidth,
    };
  }

  /** Renders the rows for the scroll position; `g` (a geometry() result) skips reading layout. */
  render(g = this.geometry()) {
    // Reads first (layout is clean at the start of a frame), then only writes.
    this.lastGeometry = g;
    const y = g.scrollTop - g.offset;
    if (y !== this.layerY) {
      this.layerY = y;
      this.layer.style.transform = `translateY(${y}px)`;
    }
    this.updateColumns(g);
    const last = Math.min(this.rowCount, g.first + g.visible);
    this.request(g.first, last);
    this.rotate(g.first);
    let complete = true;
    const runs = []; // [first slot, slots, first row] of rows waiting for their block
    for (let k = 0; k < this.pool.length; k++) {
      const slot = this.pool[k];
      const r = g.first + k;
      if (r >= last) {
        if (slot.shows !== -2) {
          slot.row.hidden = true;
          slot.mark.hidden = true;
          slot.shows = -2;
        }
        continue;
      }
      if (slot.shows === -2) {
        slot.row.hidden = false;
        slot.mark.hidden = false;
      }
      const block = this.blocks.get(Math.floor(r / BLOCK));
      if (!block) {
        complete = false;
        if (slot.shows !== -1 || slot.loadingRow !== r) this.fillLoading(slot, r);
        const run = runs[runs.length - 1];
        if (run && run[0] + run[1] === k) run[1]++;
        else runs.push([k, 1, r]);
        continue;
      }
      if (slot.shows === r && slot.gen === this.generation) continue;
      this.fill(slot, r, block, r - Math.floor(r / BLOCK) * BLOCK);
    }
    this.placeCovers(runs);
    this.markActive();
    if (complete && this.scrollStart !== null) {
      const start = this.scrollStart;
      this.scrollStart = null;
      performance.measure('crmwb:grid-window', { start, end: performance.now() });
      requestAnimationFrame(() => performance.measure('crmwb:grid-paint', { start, end: performance.now() }));
    }
  }

  /** Puts a cover over each run of waiting rows (they keep their old cells underneath). */
  placeCovers(runs) {
    while (this.covers.length < runs.length) {
      const cover = el('div', { className: 'grid-cover', 'aria-hidden': 'true', hidden: true });
      this.layer.append(cover);
      this.covers.push({ el: cover, top: null, height: null, parity: null });
    }
    for (let i = 0; i < this.covers.length; i++) {
      const cover = this.covers[i];
      const run = runs[i];
      if (!run) {
        if (!cover.el.hidden) cover.el.hidden = true;
        continue;
      }
      const top = run[0] * ROW_HEIGHT;
      const height = run[1] * ROW_HEIGHT;
      const parity = run[2] % 2; // odd rows are striped
      if (cover.top !== top) cover.el.style.top = `${(cover.top = top)}px`;
      if (cover.height !== height) cover.el.style.height = `${(cover.height = height)}px`;
      if (cover.parity !== parity) {
        cover.el.style.setProperty('--stripe-y', `${-ROW_HEIGHT * (cover.parity = parity)}px`);
      }
      if (cover.el.hidden) cover.el.hidden = false;
    }
  }

  /**
   * Columns more than a margin (a quarter of the viewport, at least 320 px) outside the viewport
   * do not render their contents; the margin covers the frames in which a sideways scroll moves
   * ahead of this render. Their text stays in the DOM.
   */
  updateColumns(g) {
    if (g.viewWidth <= 0) return; // not shown: keep the current state
    const margin = Math.max(320, g.viewWidth / 4);
    const left = g.scrollLeft - margin;
    const right = g.scrollLeft + g.viewWidth + margin;
    for (let c = 0; c < this.widths.length; c++) {
      const hide = this.colLeft[c] >= right || this.colLeft[c] + this.widths[c] <= left;
      if (hide === this.colHidden[c]) continue;
      this.colHidden[c] = hide;
      if (hide) this.layer.style.setProperty(`--cv${c}`, 'hidden');
      else this.layer.style.removeProperty(`--cv${c}`);
    }
  }

  /**
   * Keeps slot k on row `first` + k: when the first row moved by less than the pool, the slots
   * that left the screen move (DOM and pool) to the other end; the others keep their content.
   */
  rotate(first) {
    const prev = this.poolFirst;
    this.poolFirst = first;
    const d = prev === null ? 0 : first - prev;
    const n = this.pool.length;
    if (d === 0 || Math.abs(d) >= n) return;
    if (d > 0) {
      const moved = this.pool.splice(0, d);
      this.pool.push(...moved);
      this.layer.append(...moved.map((s) => s.row));
      this.numcol.append(...moved.map((s) => s.mark));
    } else {
      const moved = this.pool.splice(n + d, -d);
      this.pool.unshift(...moved);
      this.numcol.after(...moved.map((s) => s.row));
      this.numcol.prepend(...moved.map((s) => s.mark));
    }
  }

  setRowIndex(slot, r) {
    if (slot.rowIndex === r) return;
    slot.rowIndex = r;
    slot.row.setAttribute('aria-rowindex', String(r + 2));
  }

  /** Sets a cell's class and title (null: none), writing only what changed. */
  setCell(slot, c, cls, title) {
    if (slot.classes[c] !== cls) {
      slot.classes[c] = cls;
      slot.cells[c].className = cls;
    }
    if (slot.titles[c] !== title) {
      slot.titles[c] = title;
      if (title === null) slot.cells[c].removeAttribute('title');
      else slot.cells[c].title = title;
    }
  }

  fillLoading(slot, r) {
    if (slot.shows !== -1) {
      // The cells keep their old text and classes under the cover (placeCovers): nothing to lay
      // out now, and the fill that follows writes only what differs.
      delete slot.row.dataset.row;
      slot.row.classList.add('loading');
      slot.row.setAttribute('aria-busy', 'true');
      slot.numText.data = '';
      slot.markText.data = '';
      for (let c = 0; c < slot.cells.length; c++) {
        if (slot.titles[c] !== null) this.setCell(slot, c, slot.classes[c], null);
      }
    }
    slot.shows = -1;
    slot.loadingRow = r;
    this.setRowIndex(slot, r);
  }

  fill(slot, r, block, i) {
    if (slot.shows === -1) {
      slot.row.classList.remove('loading');
      slot.row.removeAttribute('aria-busy');
    }
    slot.shows = r;
    slot.gen = this.generation;
    const odd = r % 2 === 1;
    if (slot.odd !== odd) {
      slot.odd = odd;
      slot.row.classList.toggle('odd', odd);
    }
    this.setRowIndex(slot, r);
    slot.row.dataset.row = String(r);
    const num = fmtInt(block.index[i] + 1);
    if (slot.numText.data !== num) {
      slot.numText.data = num;
      slot.markText.data = num;
    }
    const values = block.rows[i];
    const flags = block.flags[i];
    for (let c = 0; c < slot.cells.length; c++) {
      const t = this.order[c];
      const v = values[t] ?? '';
      // Line breaks would hide the lines after the first: each shows as a mark instead.
      const multiline = v.includes('\n') || v.includes('\r');
      const shown = multiline ? v.replace(LINE_BREAKS, LINE_BREAK_MARK) : v;
      const text = slot.texts[c];
      if (text.data !== shown) text.data = shown;
      const f = flags ? flags[t] : 0;
      let cls = multiline ? 'grid-cell cell-multiline' : 'grid-cell';
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
            if (!title) {
              const fp = formatPhrase(this.columns[c]);
              title = fp.dominant
                ? `Off-format: not in this column's dominant ${fp.what} (${fp.name})`
                : `Off-format: not in this column's most common ${fp.what} (${fp.name})`;
            }
          }
          if (f & FLAG_WHITESPACE) {
            cls += ' cell-whitespace';
            title = (title ? `${title}; ` : '') + 'has leading or trailing spaces';
          }
        }
        if (title && v.length > 0) title += `\n${v}`;
      } else if (multiline || v.length * 7.2 > this.widths[c] - 24) {
        title = v;
      }
      this.setCell(slot, c, cls, title || null);
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
          // Filled in now, into the rows as last rendered: reading the geometry again here would
          // force a layout of what the previous block wrote. A frame renders afresh anyway.
          if (this.lastGeometry && !this.frame) this.render(this.lastGeometry);
          else this.schedule();
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
    if (head && e.target.closest('.colhead-pii')) {
      this.onMark(Number(head.dataset.column)); // the badge: correct the mark, not sort
      return;
    }
    if (head) {
      this.active = { row: -1, col: this.headCells.indexOf(head) };
      this.onSort(Number(head.dataset.column));
      this.markActive();
      return;
    }
    const rowEl = e.target.closest('.grid-row');
    const cell = e.target.closest('[role=gridcell]');
    if (rowEl && cell && rowEl.dataset.row !== undefined) {
      this.active = { row: Number(rowEl.dataset.row), col: Number(cell.getAttribute('aria-colindex')) - 2 };
      this.markActive();
      this.onActive();
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
          this.onSort(this.order[col]);
        } else if (e.key === 'Enter' && row >= 0) {
          e.preventDefault();
          this.onOpen();
        }
        return;
      case 'Escape':
        if (this.onEscape()) e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    const moved = row !== this.active.row || col !== this.active.col;
    this.active = { row, col };
    this.ensureVisible(row, col);
    this.markActive();
    if (moved) this.onActive();
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
      let left = this.numWidth;
      for (let c = 0; c < col; c++) left += this.widths[c];
      const right = left + this.widths[col];
      const view = this.root.clientWidth;
      if (left - this.numWidth < this.root.scrollLeft) this.root.scrollLeft = left - this.numWidth;
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

/**
 * The placeholder drawn by a cover (--grid-skeleton, style.css; the stripes are added there):
 * in every row a bar in each cell, the cell borders; background layers tiled down the cover.
 */
function skeleton(lefts, widths) {
  const bar = `linear-gradient(transparent 10px, var(--surface-2) 10px 18px, transparent 18px)`;
  const line = 'linear-gradient(var(--border), var(--border))';
  const layers = [];
  widths.forEach((w, c) => {
    const x = lefts[c];
    // The cell's padding is 0.6rem (9 px); the bar takes 60% of its content width.
    layers.push(`${bar} ${x + 9}px 0 / ${Math.max(0, Math.round(0.6 * (w - 19)))}px ${ROW_HEIGHT}px repeat-y`);
    layers.push(`${line} ${x + w - 1}px 0 / 1px 100% no-repeat`);
  });
  layers.push(`linear-gradient(transparent ${ROW_HEIGHT - 1}px, var(--border) ${ROW_HEIGHT - 1}px) 0 0 / 100% ${ROW_HEIGHT}px repeat-y`);
  return layers.join(', ');
}

/** A column's width from the lengths in its profile and its name. */
function estimateWidth(c) {
  const len = c.length ?? {};
  const values = Math.min(len.max ?? 8, Math.max(8, (len.mean ?? 8) * 1.5));
  const head = (c.name?.length ?? 4) + 0.75 * typeLabel(c.type).length + 2;
  const chars = Math.max(values, head, 6);
  return Math.round(Math.min(340, Math.max(80, chars * 7.8 + 28)));
}
