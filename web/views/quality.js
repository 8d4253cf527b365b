// The Quality tab: the overall score, one bar per dimension (formula in the tooltip and in a
// table), a column × dimension heat map, and the ranked problems, each linking to its rows.
import { el, fmtInt, fmtPct, plural } from './dom.js';
import { facet, problems, columnCounts } from './facets.js';
import { lazyChart, destroyCharts, dimensionsConfig } from './charts.js';

/** The dimension definitions as computed by core/src/quality.cpp. */
export const DIMENSIONS = {
  completeness: {
    label: 'Completeness',
    formula: 'non-missing cells ÷ all cells',
    column: 'non-missing values ÷ rows',
  },
  validity: {
    label: 'Validity',
    formula: 'values that fit their column’s type ÷ non-missing cells',
    column: 'values that fit the type ÷ non-missing values',
  },
  uniqueness: {
    label: 'Uniqueness',
    formula: '1 − duplicate rows ÷ rows',
    column: 'distinct values ÷ non-missing values',
  },
  consistency: {
    label: 'Consistency',
    formula: 'values in their column’s dominant format ÷ non-missing cells',
    column: 'values in the dominant format ÷ non-missing values',
  },
  timeliness: {
    label: 'Timeliness',
    formula: 'records updated within 365 days ÷ records with an update date',
  },
};

/** [{key, label, value, formula, detail}] for the dimensions that are not null. */
export function tableDimensions(profile, timelinessDays = 365) {
  const q = profile.quality ?? {};
  const rows = profile.rows;
  const cells = rows * profile.columns.length;
  let present = 0;
  let valid = 0;
  let consistent = 0;
  for (const c of profile.columns) {
    const n = rows - c.missing;
    present += n;
    valid += c.valid ?? n;
    consistent += c.consistent ?? n;
  }
  const detail = {
    completeness: `${fmtInt(present)} of ${fmtInt(cells)} cells are filled`,
    validity: `${fmtInt(valid)} of ${fmtInt(present)} filled cells fit their type`,
    uniqueness: `${plural(profile.duplicate_rows ?? 0, 'duplicate row')} among ${fmtInt(rows)}`,
    consistency: `${fmtInt(consistent)} of ${fmtInt(present)} filled cells are in the dominant format`,
    timeliness: q.timeliness_column
      ? `${fmtInt(q.timely ?? 0)} of ${fmtInt(q.dated ?? 0)} dated records (column “${q.timeliness_column}”)`
      : '',
  };
  return Object.keys(DIMENSIONS)
    .filter((k) => q[k] !== null && q[k] !== undefined)
    .map((k) => ({
      key: k,
      label: DIMENSIONS[k].label,
      value: q[k],
      formula: k === 'timeliness' ? DIMENSIONS[k].formula.replace('365', String(timelinessDays)) : DIMENSIONS[k].formula,
      detail: detail[k],
    }));
}

/** A 0..10 bucket for heat-map coloring. */
function bucket(v) {
  return Math.max(0, Math.min(10, Math.floor(v * 10 + 1e-9)));
}

/**
 * Renders the Quality tab. options: {timeliness: {days, referenceDay}} as last profiled;
 * onReprofile(profileOptions) recomputes with other timeliness settings.
 */
export function renderQuality(root, profile, { timeliness = {}, onReprofile } = {}) {
  destroyCharts(root);
  const dims = tableDimensions(profile, timeliness.days ?? 365);
  const score = profile.quality?.score ?? 0;
  const grade = score >= 0.9 ? 'good' : score >= 0.7 ? 'fair' : 'poor';
  const gradeText = { good: 'Good', fair: 'Needs attention', poor: 'Poor' }[grade];

  // Score and dimension bars.
  const canvas = el('canvas', {
    role: 'img',
    'aria-label': `Quality dimensions: ${dims.map((d) => `${d.label} ${fmtPct(d.value)}`).join(', ')}`,
  });
  const chartBox = el('div', { className: 'chart-box dims' }, canvas);
  chartBox.style.height = `${dims.length * 34 + 40}px`;
  lazyChart(canvas, dimensionsConfig(dims));

  const formulas = el('details', { className: 'formulas' },
    el('summary', { text: 'How these are computed' }),
    el('table', { className: 'plain' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Dimension' }), el('th', { text: 'Score' }), el('th', { text: 'Formula' }), el('th', { text: 'Here' }))),
      el('tbody', {}, ...dims.map((d) => el('tr', { title: d.formula },
        el('th', { scope: 'row', text: d.label }),
        el('td', { className: 'num', text: fmtPct(d.value) }),
        el('td', { text: d.formula }),
        el('td', { className: 'muted', text: d.detail }))))),
    el('p', { className: 'muted small', text: `Overall score = the average of the ${dims.length} dimensions above (equal weights). Missing: empty, whitespace-only, or a null word such as NULL, N/A, None, -.` }),
    profile.quality?.timeliness_column && onReprofile ? timelinessForm(timeliness, onReprofile) : null);

  const scoreCard = el('section', { className: 'score-card', 'aria-labelledby': 'score-title' },
    el('div', { className: 'score-main' },
      el('h2', { id: 'score-title', className: 'score-label', text: 'Overall quality score' }),
      el('p', { className: `score grade-${grade}`, 'data-testid': 'quality-score', 'data-score': String(score) },
        el('span', { className: 'score-value', text: (score * 100).toFixed(1) }),
        el('span', { className: 'score-of', text: ' / 100' })),
      el('p', { className: `grade grade-${grade}`, text: gradeText })),
    el('div', { className: 'score-dims' },
      el('h3', { className: 'section-title', text: 'Dimensions' }), chartBox, formulas));

  // Problems.
  const list = problems(profile);
  const problemSection = el('section', { className: 'problems', 'aria-labelledby': 'problems-title' },
    el('h3', { id: 'problems-title', className: 'section-title' }, 'Problems ', el('span', { className: 'muted small', text: list.length ? 'largest first — click one to see its rows' : '' })));
  if (list.length === 0) {
    problemSection.append(el('p', { className: 'ok-note', text: 'No problems found: every value is present, valid and in a consistent format, and no row is duplicated.' }));
  } else {
    const SHOWN = 10;
    const ol = el('ol', { className: 'problem-list' });
    for (const [rank, p] of list.entries()) {
      ol.append(el('li', { className: `problem problem-${p.kind}` },
        facet({ kind: p.kind, column: p.column, value: '', className: 'problem-link', testid: 'problem', mode: 'replace', label: `${p.text}: show these rows` },
          el('span', { className: `problem-kind kind-${p.kind}`, text: KIND_LABELS[p.kind] }),
          el('span', { className: 'problem-text', text: p.text }),
          el('span', { className: 'problem-detail muted', text: p.detail }))));
      if (rank >= SHOWN) ol.lastChild.hidden = true;
    }
    problemSection.append(ol);
    if (list.length > SHOWN) {
      const more = el('button', { type: 'button', className: 'button small', 'aria-expanded': 'false', text: `Show all ${list.length} problems` });
      more.addEventListener('click', () => {
        const open = more.getAttribute('aria-expanded') !== 'true';
        [...ol.children].forEach((li, i) => (li.hidden = !open && i >= SHOWN));
        more.setAttribute('aria-expanded', String(open));
        more.textContent = open ? `Show the top ${SHOWN} only` : `Show all ${list.length} problems`;
      });
      problemSection.append(el('p', { className: 'more-row' }, more));
    }
  }

  // Heat map.
  const keys = ['completeness', 'validity', 'consistency', 'uniqueness'];
  const kindOf = { completeness: 'missing', validity: 'invalid', consistency: 'inconsistent' };
  const table = el('table', { className: 'heatmap', 'data-testid': 'heatmap' },
    el('caption', { className: 'visually-hidden', text: 'Quality of each column by dimension' }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Column' }),
      ...keys.map((k) => el('th', { scope: 'col', title: `${DIMENSIONS[k].label}(column) = ${DIMENSIONS[k].column}` },
        DIMENSIONS[k].label, k === 'uniqueness' ? el('span', { className: 'muted small', text: ' (info)' }) : null)))),
    el('tbody', {}, ...profile.columns.map((c, i) => {
      const counts = columnCounts(c, profile.rows);
      return el('tr', {}, el('th', { scope: 'row', text: c.name, title: c.name }),
        ...keys.map((k) => {
          const v = c.quality?.[k];
          if (v === null || v === undefined) return el('td', { className: 'heat na', text: '—', title: 'No non-missing values' });
          const pct = fmtPct(v);
          const title = `${c.name} · ${DIMENSIONS[k].label} ${pct}\n${DIMENSIONS[k].column}`;
          const cls = k === 'uniqueness' ? `heat info-${bucket(v)}` : `heat h-${bucket(v)}`;
          const kind = kindOf[k];
          const affected = kind === 'missing' ? counts.missing : kind === 'invalid' ? counts.invalid : kind === 'inconsistent' ? counts.offFormat : 0;
          if (kind && affected > 0) {
            return el('td', { className: cls },
              facet({ kind, column: i, className: 'heat-link', title: `${title}\nClick to see the ${fmtInt(affected)} rows`, label: `${c.name} ${DIMENSIONS[k].label} ${pct}: show the ${affected} rows` }, pct));
          }
          return el('td', { className: cls, title, text: pct });
        }));
    })));
  const heat = el('section', { className: 'heat-section', 'aria-labelledby': 'heat-title' },
    el('h3', { id: 'heat-title', className: 'section-title' }, 'By column ', el('span', { className: 'muted small', text: 'click a score below 100% to see its rows' })),
    el('div', { className: 'heat-wrap' }, table),
    el('div', { className: 'legend muted small' },
      el('span', { className: 'swatch h-1' }), 'below 30%', el('span', { className: 'swatch h-6' }), '60–80%',
      el('span', { className: 'swatch h-9' }), '90–99%', el('span', { className: 'swatch h-10' }), '100%',
      el('p', { className: 'legend-note', text: 'Uniqueness is shown in blue because it is informational: few distinct values is normal for columns like country.' })));

  root.replaceChildren(scoreCard, el('div', { className: 'quality-cols' }, problemSection, heat));
}

export const KIND_LABELS = {
  invalid: 'Invalid',
  missing: 'Missing',
  inconsistent: 'Format',
  whitespace: 'Spaces',
  duplicate: 'Duplicates',
};

/** Today as a UTC calendar day number (days since 1970-01-01), and back to YYYY-MM-DD. */
function todayDay() {
  return Math.floor(Date.now() / 86400000);
}
function dayToIso(day) {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

function timelinessForm(timeliness, onReprofile) {
  const days = el('input', { type: 'number', id: 'timeliness-days', min: '1', max: '36500', step: '1', value: String(timeliness.days ?? 365), className: 'num-input' });
  const ref = el('input', { type: 'date', id: 'timeliness-ref', value: dayToIso(timeliness.referenceDay ?? todayDay()) });
  const apply = el('button', { type: 'submit', className: 'button small', text: 'Recompute' });
  const form = el('form', { className: 'timeliness-form', 'aria-label': 'Timeliness settings' },
    el('label', { for: 'timeliness-days', text: 'A record is timely when updated within' }), days,
    el('label', { for: 'timeliness-ref', text: 'days before' }), ref, apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = Math.round(Number(days.value));
    const refDay = ref.valueAsNumber;
    if (!(n >= 1)) {
      days.setCustomValidity('Enter a number of days, 1 or more');
      days.reportValidity();
      return;
    }
    days.setCustomValidity('');
    const options = { timelinessDays: n };
    if (Number.isFinite(refDay)) options.referenceDay = Math.floor(refDay / 86400000);
    onReprofile(options);
  });
  return form;
}
