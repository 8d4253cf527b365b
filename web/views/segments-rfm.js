// RFM segments (README "RFM"): a chart of each segment's share of customers and of revenue, and a
// table where each segment links to its rows in the grid (a view filter on rfm_segment).
import { el, fmtInt, fmtPct } from './dom.js';
import { destroyCharts } from './charts.js';
import { chart, segmentBarsConfig } from './segments-charts.js';

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Mounts the RFM results in `box`. Returns {show(summary), reset()}. */
export function mountRfm(box, ctx) {
  function show(summary) {
    destroyCharts(box);
    const segments = summary.segments ?? [];
    const column = summary.added_columns?.find((c) => c.startsWith('rfm_segment')) ?? 'rfm_segment';
    const canvas = el('canvas', { role: 'img', 'aria-label': `Share of customers and of revenue per RFM segment; the same numbers are in the table below.`, 'data-testid': 'seg-rfm-chart' });
    const rows = segments.map((s) => {
      const link = el('button', { type: 'button', className: 'link-button', 'data-testid': 'seg-rfm-link', 'data-segment': s.segment,
        'aria-label': `Show the rows of segment ${s.segment} in the Data tab`, text: s.segment });
      link.addEventListener('click', () => {
        const col = ctx.columnIndex(column);
        if (col < 0) {
          ctx.setStatus(`The column ${column} is no longer in the table (undone?): compute RFM again.`);
          return;
        }
        ctx.showRows({ filter: { kind: 'value', column: col, value: s.segment } });
      });
      return el('tr', { 'data-testid': 'seg-rfm-row' },
        el('th', { scope: 'row' }, link),
        el('td', { className: 'num', 'data-testid': 'seg-rfm-customers', text: fmtInt(s.customers) }),
        el('td', { className: 'num', text: fmtPct(s.customer_share) }),
        el('td', { className: 'num', text: money.format(s.revenue) }),
        el('td', { className: 'num', text: fmtPct(s.revenue_share) }));
    });
    box.replaceChildren(
      el('h3', { id: 'seg-rfm-title', className: 'section-title', text: '2. RFM segments' }),
      el('p', { className: 'hint', text: `Reference date ${summary.reference_date}: recency is days since the last order, frequency the number of orders, monetary the amount spent; each is scored 1–5 by quintiles and R×F names the segment. ${fmtInt(summary.customers)} customers, revenue ${money.format(summary.revenue)}. Columns added: ${(summary.added_columns ?? []).join(', ')}.` }),
      el('div', { className: 'seg-chart seg-chart-tall' }, canvas),
      el('table', { className: 'seg-table', 'data-testid': 'seg-rfm-table' },
        el('caption', { className: 'visually-hidden', text: 'RFM segments' }),
        el('thead', {}, el('tr', {}, ...['Segment (click: its rows)', 'Customers', 'Share', 'Revenue', 'Revenue share'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...rows)),
    );
    box.hidden = false;
    chart(canvas, segmentBarsConfig(segments));
  }
  return {
    show,
    reset() {
      destroyCharts(box);
      box.replaceChildren();
      box.hidden = true;
    },
  };
}
