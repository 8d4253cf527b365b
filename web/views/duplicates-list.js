// A virtualized list of duplicate clusters: only the rows in sight exist in the DOM, so tens of
// thousands of clusters scroll without lag. It is one listbox (role="listbox") with the active
// option named by aria-activedescendant: arrow keys, Page Up/Down, Home and End move, Enter or a
// click opens the cluster.
import { el, fmtInt } from './dom.js';

/** Height of one row in pixels (CSS .dup-option uses the same). */
const ROW = 34;
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 8;

export class ClusterList {
  /**
   * @param onOpen called with a cluster id when a cluster is opened
   */
  constructor(onOpen) {
    this.onOpen = onOpen;
    this.list = { ids: [], sizes: [], min_probability: [], accepted: [] };
    this.active = 0;
    this.spacer = el('div', { className: 'dup-spacer' });
    this.node = el('div', {
      className: 'dup-list',
      role: 'listbox',
      tabindex: '0',
      'aria-label': 'Clusters of possible duplicates',
      'data-testid': 'dup-list',
    }, this.spacer);
    this.node.addEventListener('scroll', () => this.render());
    this.node.addEventListener('keydown', (e) => this.key(e));
    this.node.addEventListener('click', (e) => {
      const opt = e.target.closest('[data-index]');
      if (!opt) return;
      this.setActive(Number(opt.dataset.index));
      this.open();
    });
  }

  /** Sets the clusters ({ids, sizes, min_probability, accepted}); the first becomes active. */
  set(list) {
    this.list = list;
    this.active = 0;
    this.spacer.style.height = `${list.ids.length * ROW}px`;
    this.node.scrollTop = 0;
    this.render();
  }

  /** Number of clusters listed. */
  get size() {
    return this.list.ids.length;
  }

  /** The id of the active cluster, or null. */
  activeId() {
    return this.size ? this.list.ids[this.active] : null;
  }

  /** Marks the cluster `id` accepted (after a decision) without reloading the list. */
  markAccepted(id) {
    const i = this.list.ids.indexOf(id);
    if (i >= 0) this.list.accepted[i] = 1;
    this.render();
  }

  setActive(i) {
    if (!this.size) return;
    this.active = Math.max(0, Math.min(this.size - 1, i));
    const top = this.active * ROW;
    const h = this.node.clientHeight || ROW * 10;
    if (top < this.node.scrollTop) this.node.scrollTop = top;
    else if (top + ROW > this.node.scrollTop + h) this.node.scrollTop = top + ROW - h;
    this.render();
  }

  open() {
    const id = this.activeId();
    if (id !== null) this.onOpen(id);
  }

  key(e) {
    const page = Math.max(1, Math.floor((this.node.clientHeight || ROW * 10) / ROW) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) this.setActive(this.active + moves[e.key]);
    else if (e.key === 'Home') this.setActive(0);
    else if (e.key === 'End') this.setActive(this.size - 1);
    else if (e.key === 'Enter' || e.key === ' ') this.open();
    else return;
    e.preventDefault();
  }

  render() {
    const n = this.size;
    const h = this.node.clientHeight || ROW * 10;
    const first = Math.max(0, Math.floor(this.node.scrollTop / ROW) - OVERSCAN);
    const last = Math.min(n, Math.ceil((this.node.scrollTop + h) / ROW) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) {
      const id = this.list.ids[i];
      const p = this.list.min_probability[i];
      const accepted = this.list.accepted[i] === 1;
      const row = el('div', {
        className: `dup-option${i === this.active ? ' active' : ''}`,
        role: 'option',
        id: `dup-opt-${i}`,
        'aria-selected': String(i === this.active),
        'aria-setsize': String(n),
        'aria-posinset': String(i + 1),
        dataset: { index: String(i), cluster: String(id) },
      },
      el('span', { className: 'dup-option-id', text: `Cluster ${fmtInt(id)}` }),
      el('span', { text: `${fmtInt(this.list.sizes[i])} records` }),
      el('span', { className: 'dup-option-p', title: 'the weakest link’s match probability' },
        el('span', { className: 'visually-hidden', text: 'weakest link ' }), p.toFixed(3)),
      accepted ? el('span', { className: 'dup-badge', text: 'accepted' }) : null);
      row.style.top = `${i * ROW}px`; // CSSOM: allowed by the page's CSP (no inline styles)
      rows.push(row);
    }
    this.spacer.replaceChildren(...rows);
    if (n) this.node.setAttribute('aria-activedescendant', `dup-opt-${this.active}`);
    else this.node.removeAttribute('aria-activedescendant');
  }
}
