// The Profile tab: a summary line and one card per column (type, missing, distinct, top values as
// bars, a histogram for numbers and dates, common shapes, alerts). Every count that selects rows
// is a facet (see facets.js).
import { el, fmtInt, fmtPct, fmtNum, plural, showRows, typeLabel, typeNoun, showValue } from './dom.js';
import { facet, columnCounts, formatPhrase, idColumnsText } from './facets.js';
import { lazyChart, destroyCharts, histogramConfig } from './charts.js';

const TOP_SHOWN = 8;
const PATTERNS_SHOWN = 6;

/** Renders the Profile tab into `summaryRoot` and `cardsRoot`. */
export function renderProfile(summaryRoot, cardsRoot, profile) {
  destroyCharts(cardsRoot);
  const types = new Map();
  for (const c of profile.columns) types.set(c.type, (types.get(c.type) ?? 0) + 1);
  const typeText = [...types.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${n} ${typeLabel(t)}`)
    .join(' · ');
  const alerts = profile.columns.reduce((s, c) => s + (c.alerts?.length ?? 0), 0);
  const dupRows = profile.duplicate_rows ?? 0;
  const dupRecords = profile.duplicate_records ?? dupRows;
  const ids = profile.id_columns ?? [];
  summaryRoot.replaceChildren(
    el('p', { className: 'summary-line' },
      el('strong', { text: plural(profile.rows, 'row') }), ' · ',
      el('strong', { text: plural(profile.columns.length, 'column') }), ' · ',
      dupRows > 0
        ? facet({ kind: 'duplicate', column: 0, className: 'facet inline', label: showRows(dupRows, ' that repeat an earlier row in every column') },
          plural(dupRows, 'duplicate row'))
        : 'no duplicate rows',
      ' · ',
      dupRecords > 0
        ? facet({ kind: 'duplicate_record', column: 0, className: 'facet inline', label: showRows(dupRecords, ' that repeat an earlier record'),
          title: ids.length ? `Rows equal to an earlier row in every column except the id ${ids.length === 1 ? 'column' : 'columns'} ${idColumnsText(profile)}` : 'Without id columns, duplicate records are the duplicate rows' },
          plural(dupRecords, 'duplicate record'))
        : 'no duplicate records',
      ' · ', plural(alerts, 'alert')),
    el('p', { className: 'summary-types muted', text: `Column types: ${typeText}. Shapes: 9 = digit, a = lower-case letter, A = upper-case letter.` }),
    el('p', { className: 'summary-types muted', 'data-testid': 'count-definitions', text:
      'Invalid: filled values that do not fit the column’s type. Off-format: valid values not in the column’s dominant format (a format is dominant when it holds at least half of the valid values; without one, off-format counts the values outside the most common format).' +
      (ids.length ? ` Duplicate records: rows equal to an earlier row in every column except the id ${ids.length === 1 ? 'column' : 'columns'} ${idColumnsText(profile)}.` : '') }),
  );
  cardsRoot.replaceChildren(...profile.columns.map((c, i) => card(c, i, profile.rows)));
}

function card(c, index, rows) {
  const n = columnCounts(c, rows);
  const typed = c.type !== 'text' && c.type !== 'empty';
  const head = el('header', { className: 'card-head' },
    el('h3', { className: 'card-title', text: c.name, title: c.name }),
    el('span', { className: `type-badge type-${c.type}`, text: typeLabel(c.type) }),
    typed && c.type_share !== undefined
      ? el('span', { className: 'muted small', text: `${fmtPct(c.type_share)} of values fit` })
      : null,
  );

  const stats = el('dl', { className: 'stats' });
  const stat = (label, value, extra) => {
    stats.append(el('div', { className: 'stat' }, el('dt', { text: label }), el('dd', {}, value, extra ?? null)));
  };
  stat('Missing',
    n.missing > 0
      ? facet({ kind: 'missing', column: index, label: showRows(n.missing, ` where ${c.name} is missing`) },
        `${fmtPct(n.missing / Math.max(1, rows))} `, el('span', { className: 'muted', text: `(${fmtInt(n.missing)})` }))
      : '0');
  stat('Distinct', fmtInt(c.distinct));
  if (typed) {
    stat('Invalid',
      n.invalid > 0
        ? facet({ kind: 'invalid', column: index, label: showRows(n.invalid, ` where ${c.name} is not one of the ${typeNoun(c.type)}`), title: `Filled values that are not ${typeNoun(c.type)}` }, fmtInt(n.invalid))
        : '0');
  }
  const f = formatPhrase(c);
  if (n.offFormat > 0) {
    stat('Off-format',
      facet({ kind: 'inconsistent', column: index,
        label: showRows(n.offFormat, f.dominant ? ` where ${c.name} is valid but not in the dominant ${f.what} ${f.name}` : ` where ${c.name} is valid but not in the most common ${f.what} ${f.name}`),
        title: f.dominant ? `Valid values not in the dominant ${f.what} (${f.name})` : `Valid values not in the most common ${f.what} (${f.name}); no ${f.what} is dominant` }, fmtInt(n.offFormat)));
  }
  if (n.whitespace > 0) {
    stat('Extra spaces',
      facet({ kind: 'whitespace', column: index, label: showRows(n.whitespace, ' with leading or trailing spaces') }, fmtInt(n.whitespace)));
  }
  const isNumber = c.type === 'integer' || c.type === 'decimal';
  const isDate = c.type === 'date' || c.type === 'datetime';
  if (isNumber || isDate) {
    const q = c.quantiles ?? {};
    stat(isDate ? 'Earliest' : 'Min', fmtNum(c.min));
    if (q['50%'] !== undefined) stat('Median', fmtNum(q['50%']));
    stat(isDate ? 'Latest' : 'Max', fmtNum(c.max));
    if (isNumber && c.mean !== undefined) stat('Mean', fmtNum(c.mean));
  } else if (c.length) {
    stat('Length', c.length.min === c.length.max ? fmtInt(c.length.min) : `${fmtInt(c.length.min)}–${fmtInt(c.length.max)}`);
  }

  const body = [head, stats];
  if (c.common_format && n.present > 0 && c.type !== 'empty') {
    body.push(el('p', { className: 'format-line muted small', 'data-testid': 'format-line' },
      f.dominant
        ? `Dominant ${f.what}: ${f.name} (${fmtPct(f.share)} of valid values)`
        : `No dominant ${f.what}: the most common, ${f.name}, covers ${fmtPct(f.share)} of valid values`));
  }

  // Top values.
  const top = (c.top ?? []).slice(0, TOP_SHOWN);
  if (top.length) {
    const section = el('section', { className: 'card-section' }, el('h4', { text: 'Top values' }));
    if (top[0].count <= 1 && c.distinct > 1) {
      section.append(el('p', { className: 'muted small', text: 'Every value appears only once.' }));
    } else {
      const max = top[0].count;
      const list = el('ol', { className: 'bars', 'aria-label': `Most common values of ${c.name}` });
      for (const t of top) {
        const fill = el('span', { className: 'bar-fill' });
        fill.style.width = `${Math.max(1, (t.count / max) * 100)}%`;
        list.append(el('li', {},
          facet({ kind: 'value', column: index, value: t.value, className: 'facet bar-row',
            label: showRows(t.count, ` where ${c.name} is ${t.value === '' ? 'empty' : t.value}`), title: t.value },
          el('span', { className: 'bar-label', text: showValue(t.value) }),
          el('span', { className: 'bar-track', 'aria-hidden': 'true' }, fill),
          el('span', { className: 'bar-count', text: fmtInt(t.count) }),
          el('span', { className: 'bar-pct muted', text: fmtPct(t.count / Math.max(1, n.present)) }))));
      }
      section.append(list);
      const rest = c.distinct - top.length;
      if (rest > 0) section.append(el('p', { className: 'muted small', text: `and ${plural(rest, 'other value')}` }));
    }
    body.push(section);
  }

  // Distribution.
  if ((isNumber || isDate) && c.histogram && c.histogram.counts?.length) {
    const canvas = el('canvas', { role: 'img', 'aria-label': `Histogram of ${c.name}: from ${fmtNum(c.min)} to ${fmtNum(c.max)}` });
    const wrap = el('div', { className: 'chart-box' }, canvas);
    body.push(el('section', { className: 'card-section' }, el('h4', { text: 'Distribution' }), wrap));
    lazyChart(canvas, histogramConfig(c.histogram, 'values', isDate ? String : fmtNum));
  }

  // Common shapes.
  const patterns = (c.patterns ?? []).slice(0, PATTERNS_SHOWN);
  if (patterns.length > 1 || (patterns.length === 1 && c.distinct > 1)) {
    const chips = el('div', { className: 'shapes' });
    for (const p of patterns) {
      chips.append(facet({ kind: 'pattern', column: index, value: p.value, className: 'facet chip',
        label: showRows(p.count, ` where ${c.name} has the shape ${p.value}`),
        title: '9 = digit, a = lower-case letter, A = upper-case letter' },
      el('code', { text: showValue(p.value) }), el('span', { className: 'muted', text: fmtInt(p.count) })));
    }
    body.push(el('section', { className: 'card-section' },
      el('h4', { text: 'Common shapes' }), chips));
  }

  // Alerts.
  if (c.alerts?.length) {
    body.push(el('section', { className: 'card-section' },
      el('h4', { text: 'Alerts' }),
      el('ul', { className: 'alerts' }, ...c.alerts.map((a) =>
        el('li', { className: `alert alert-${alertLevel(a.code)}`, text: a.message })))));
  }

  return el('article', { className: 'card', 'data-testid': 'column-card', dataset: { column: c.name }, 'aria-label': `Column ${c.name}` }, ...body);
}

function alertLevel(code) {
  if (['MISSING', 'MIXED_TYPES', 'DUPLICATES', 'EMPTY', 'NULL'].includes(code)) return 'warn';
  if (['INCONSISTENT_FORMAT', 'LEADING_TRAILING_WHITESPACE', 'CONSTANT', 'SKEWED', 'ZEROS'].includes(code)) return 'note';
  return 'info';
}
