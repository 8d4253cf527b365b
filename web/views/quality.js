// The Quality tab: the overall score, one bar per dimension (formula in the tooltip and in a
// table), a column × dimension heat map, and the ranked problems, each linking to its rows.
import { el, fmtInt, fmtPct, plural, showRows, word } from './dom.js';
import { facet, problems, columnCounts, idColumnsText } from './facets.js';
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
    formula: '1 − duplicate records ÷ rows (a duplicate record equals an earlier row in every column except the unique id columns)',
    column: 'distinct values ÷ non-missing values',
  },
  consistency: {
    label: 'Consistency',
    formula: 'values in their column’s most common format ÷ non-missing cells (that format is the dominant one when it holds at least half of the valid values)',
    column: 'values in the most common format ÷ non-missing values',
  },
  timeliness: {
    label: 'Timeliness',
    formula: 'records updated within 365 days of the reference date ÷ records with an update date',
  },
  // Only once validation rules were run (the Rules tab).
  accuracy: {
    label: 'Accuracy',
    formula: 'records passing every validation rule ÷ records (only once rules were run in the Rules tab)',
  },
};

/** Uniqueness after a “Find duplicates” run of this table version (core/src/workbench_dedupe.cpp). */
const FUZZY_UNIQUENESS = '1 − (duplicate records ∪ fuzzy duplicates) ÷ rows (a fuzzy duplicate is a record in a cluster of “Find duplicates” beyond the cluster’s first row)';

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
    completeness: `${fmtInt(present)} of ${plural(cells, 'cell')} ${word(present, 'is', 'are')} filled`,
    validity: `${fmtInt(valid)} of ${plural(present, 'filled cell')} ${word(valid, 'fits its', 'fit their')} type`,
    uniqueness: (q.fuzzy_duplicates !== undefined && q.fuzzy_duplicates !== null
      ? `${plural(q.duplicates ?? 0, 'duplicate record')} among ${plural(rows, 'row')} (${fmtInt(q.fuzzy_duplicates)} found by “Find duplicates”, the rest exact)`
      : `${plural(profile.duplicate_records ?? profile.duplicate_rows ?? 0, 'duplicate record')} among ${plural(rows, 'row')}`) +
      ((profile.id_columns ?? []).length ? `; id ${word(profile.id_columns.length, 'column', 'columns')} left out: ${idColumnsText(profile)}` : '; no id columns'),
    consistency: `${fmtInt(consistent)} of ${plural(present, 'filled cell')} ${word(consistent, 'is in its', 'are in their')} column’s most common format`,
    timeliness: q.timeliness_column
      ? `${fmtInt(q.timely ?? 0)} of ${plural(q.dated ?? 0, 'dated record')} updated within ${plural(q.timeliness_days ?? 365, 'day')} of ${q.reference_date} (column “${q.timeliness_column}”)`
      : '',
    accuracy: q.accuracy !== null && q.accuracy !== undefined
      ? `${fmtInt(Math.round(q.accuracy * rows))} of ${plural(rows, 'record')} pass every validation rule`
      : '',
  };
  return Object.keys(DIMENSIONS)
    .filter((k) => q[k] !== null && q[k] !== undefined)
    .map((k) => ({
      key: k,
      label: DIMENSIONS[k].label,
      value: q[k],
      formula: k === 'timeliness' ? DIMENSIONS[k].formula.replace('365 days', plural(timelinessDays, 'day'))
        : k === 'uniqueness' && q.fuzzy_duplicates !== undefined && q.fuzzy_duplicates !== null ? FUZZY_UNIQUENESS
          : DIMENSIONS[k].formula,
      detail: detail[k],
    }));
}

/** A 0..10 bucket for heat-map coloring. */
function bucket(v) {
  return Math.max(0, Math.min(10, Math.floor(v * 10 + 1e-9)));
}

/**
 * The engine's own problems of the quality score (after a dedupe: kind "fuzzy_duplicate", "N
 * records look like duplicates of another customer"), ranked like problems() ranks its own
 * (count ÷ rows, weight 1 as exact duplicates), with a detail line.
 */
export function engineProblems(profile) {
  const rows = Math.max(1, profile.rows ?? 0);
  return (profile.quality?.problems ?? [])
    .filter((p) => p.kind === 'fuzzy_duplicate' && p.count > 0)
    .map((p) => ({
      ...p,
      score: p.count / rows,
      detail: `${fmtPct(p.count / rows)} of rows, from the last “Find duplicates” run (records in a cluster beyond its first); uniqueness counts them`,
    }));
}

/**
 * Renders the Quality tab. options: {timeliness: {days, referenceDay}} as last profiled;
 * onReprofile(profileOptions) recomputes with other timeliness settings; onDuplicates() opens
 * the Duplicates tab (the action of the fuzzy-duplicate problem).
 */
export function renderQuality(root, profile, { timeliness = {}, onReprofile, onDuplicates } = {}) {
  destroyCharts(root);
  const q = profile.quality ?? {};
  const dims = tableDimensions(profile, q.timeliness_days ?? timeliness.days ?? 365);
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
  // A click on a bar opens its rows where one filter selects them.
  const barKinds = { uniqueness: 'duplicate_record', timeliness: 'stale', accuracy: 'rule' };
  lazyChart(canvas, dimensionsConfig(dims, (i) => {
    const kind = barKinds[dims[i]?.key];
    if (kind) root.querySelector(`button[data-kind="${kind}"]`)?.click();
  }));

  const formulas = el('details', { className: 'formulas' },
    el('summary', { text: 'How these are computed' }),
    el('table', { className: 'plain' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Dimension' }), el('th', { text: 'Score' }), el('th', { text: 'Formula' }), el('th', { text: 'Here' }))),
      el('tbody', {}, ...dims.map((d) => el('tr', { title: d.formula },
        el('th', { scope: 'row', text: d.label }),
        el('td', { className: 'num', text: fmtPct(d.value) }),
        el('td', { text: d.formula }),
        el('td', { className: 'muted', text: d.detail }))))),
    el('p', { className: 'muted small', text: `Overall score = the average of the ${plural(dims.length, 'dimension')} above (equal weights). Missing: empty, whitespace-only, or a null word such as NULL, N/A, None, -.` }));

  const scoreCard = el('section', { className: 'score-card', 'aria-labelledby': 'score-title' },
    el('div', { className: 'score-main' },
      el('h2', { id: 'score-title', className: 'score-label', text: 'Overall quality score' }),
      el('p', { className: `score grade-${grade}`, 'data-testid': 'quality-score', 'data-score': String(score) },
        el('span', { className: 'score-value', text: (score * 100).toFixed(1) }),
        el('span', { className: 'score-of', text: ' / 100' })),
      el('p', { className: `grade grade-${grade}`, text: gradeText }),
      timelinessSection(profile, onReprofile),
      accuracySection(profile)),
    el('div', { className: 'score-dims' },
      el('h3', { className: 'section-title', text: 'Dimensions' }), chartBox, formulas));

  // Problems: the profile's, and the engine's (fuzzy duplicates after a dedupe) in rank.
  const list = problems(profile);
  for (const p of engineProblems(profile)) {
    const at = list.findIndex((q) => q.score < p.score);
    list.splice(at < 0 ? list.length : at, 0, p);
  }
  const problemSection = el('section', { className: 'problems', 'aria-labelledby': 'problems-title' },
    el('h3', { id: 'problems-title', className: 'section-title' }, 'Problems ', el('span', { className: 'muted small', text: list.length ? 'largest first — click one to see its rows' : '' })));
  if (list.length === 0) {
    problemSection.append(el('p', { className: 'ok-note', text: 'No problems found: every value is present, valid and in a consistent format, no record is duplicated and every record is recent.' }));
  } else {
    const SHOWN = 10;
    const ol = el('ol', { className: 'problem-list' });
    for (const [rank, p] of list.entries()) {
      if (p.kind === 'fuzzy_duplicate') {
        ol.append(el('li', { className: `problem problem-${p.kind}` }, duplicatesLink(p, onDuplicates)));
        if (rank >= SHOWN) ol.lastChild.hidden = true;
        continue;
      }
      ol.append(el('li', { className: `problem problem-${p.kind}` },
        facet({ kind: p.kind, column: p.column, value: '', className: 'problem-link', testid: 'problem', mode: 'replace', label: `${p.text}: show these rows` },
          el('span', { className: `problem-kind kind-${p.kind}`, text: KIND_LABELS[p.kind] }),
          el('span', { className: 'problem-text', text: p.text }),
          el('span', { className: 'problem-detail muted', text: p.detail }))));
      if (rank >= SHOWN) ol.lastChild.hidden = true;
    }
    problemSection.append(ol);
    if (list.length > SHOWN) {
      const more = el('button', { type: 'button', className: 'button small', 'aria-expanded': 'false', text: `Show all ${plural(list.length, 'problem')}` });
      more.addEventListener('click', () => {
        const open = more.getAttribute('aria-expanded') !== 'true';
        [...ol.children].forEach((li, i) => (li.hidden = !open && i >= SHOWN));
        more.setAttribute('aria-expanded', String(open));
        more.textContent = open ? `Show the top ${SHOWN} only` : `Show all ${plural(list.length, 'problem')}`;
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
              facet({ kind, column: i, className: 'heat-link', title: `${title}\nClick to see the ${plural(affected, 'row')}`, label: `${c.name} ${DIMENSIONS[k].label} ${pct}: ${showRows(affected).toLowerCase()}` }, pct));
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

/** The fuzzy-duplicate problem: a button that opens the Duplicates tab (its clusters). */
function duplicatesLink(p, onDuplicates) {
  const b = el('button', { type: 'button', className: 'problem-link', 'data-testid': 'problem-duplicates', 'aria-label': `${p.text}: open the Duplicates tab to review them` },
    el('span', { className: `problem-kind kind-${p.kind}`, text: KIND_LABELS[p.kind] }),
    el('span', { className: 'problem-text', text: p.text }),
    el('span', { className: 'problem-detail muted', text: p.detail }));
  b.addEventListener('click', () => onDuplicates?.());
  return b;
}

/** Accuracy next to the score, once rules were run: its count and a link to the failing records. */
function accuracySection(profile) {
  const a = profile.quality?.accuracy;
  if (a === null || a === undefined) return null;
  const failing = profile.rows - Math.round(a * profile.rows);
  return el('section', { className: 'accuracy', 'aria-labelledby': 'accuracy-title', 'data-testid': 'accuracy' },
    el('h3', { id: 'accuracy-title', className: 'section-title', text: 'Accuracy' }),
    el('p', { 'data-testid': 'accuracy-definition' }, `Records passing every validation rule: ${fmtPct(a)}`),
    failing > 0
      ? el('p', {}, facet({ kind: 'rule', column: 0, value: 'any', className: 'facet inline', testid: 'accuracy-rows', mode: 'replace', label: showRows(failing, ' failing a validation rule') },
        `${plural(failing, 'record')} fail a rule`))
      : null);
}

export const KIND_LABELS = {
  invalid: 'Invalid',
  missing: 'Missing',
  inconsistent: 'Format',
  whitespace: 'Spaces',
  duplicate: 'Duplicates',
  duplicate_record: 'Duplicates',
  fuzzy_duplicate: 'Duplicates',
  stale: 'Outdated',
};

/**
 * Timeliness next to the score: its definition with the reference date, window and column, the
 * rows it counts as outdated, controls to change all three (re-scored by the engine), and a
 * suggestion when every update is older than the window.
 */
function timelinessSection(profile, onReprofile) {
  const q = profile.quality ?? {};
  const dateColumns = profile.columns.filter((c) => c.type === 'date' || c.type === 'datetime');
  if (!q.timeliness_column && dateColumns.length === 0) return null;
  const days = q.timeliness_days ?? 365;
  const section = el('section', { className: 'timeliness', 'aria-labelledby': 'timeliness-title', 'data-testid': 'timeliness' });
  section.append(el('h3', { id: 'timeliness-title', className: 'section-title', text: 'Timeliness' }));
  if (q.timeliness_column) {
    section.append(el('p', { 'data-testid': 'timeliness-definition', id: 'timeliness-definition', tabindex: '-1' },
      `Timeliness: updated within ${plural(days, 'day')} of ${q.reference_date} (column ${q.timeliness_column})`,
      q.timeliness !== null && q.timeliness !== undefined ? ` — ${fmtPct(q.timeliness)}` : ''));
    if ((q.stale ?? 0) > 0) {
      section.append(el('p', {}, facet({ kind: 'stale', column: 0, className: 'facet inline',
        label: showRows(q.stale, ` not updated within ${plural(days, 'day')} of ${q.reference_date}`) },
      `${plural(q.stale, 'record')} not updated within the window`)));
    }
  } else {
    section.append(el('p', { className: 'muted', text: 'No column is recognized as the last-update date; choose one to measure timeliness.' }));
  }
  const newest = q.newest_update;
  const refDay = q.reference_date ? isoToDay(q.reference_date) : todayDay();
  if (onReprofile && newest && refDay - isoToDay(newest) > days) {
    const use = el('button', { type: 'button', className: 'button small', 'data-testid': 'use-newest', text: `Measure from ${newest}` });
    use.addEventListener('click', () => onReprofile(currentOptions(q, { referenceDay: isoToDay(newest) })));
    section.append(el('p', { className: 'suggestion', 'data-testid': 'timeliness-suggestion' },
      `The newest update is ${newest}, more than ${plural(days, 'day')} before ${q.reference_date}: measure from there? `, use));
  }
  if (onReprofile) section.append(timelinessForm(profile, onReprofile));
  return section;
}

/** Today as a UTC calendar day number (days since 1970-01-01), and ISO dates to day numbers. */
function todayDay() {
  return Math.floor(Date.now() / 86400000);
}
function isoToDay(iso) {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86400000);
}

/** The quality options now in force, with `change` applied. */
function currentOptions(q, change) {
  const o = { timelinessDays: q.timeliness_days ?? 365 };
  if (q.reference_date) o.referenceDay = isoToDay(q.reference_date);
  if (q.timeliness_column) o.lastUpdated = q.timeliness_column;
  return { ...o, ...change };
}

function timelinessForm(profile, onReprofile) {
  const q = profile.quality ?? {};
  const days = el('input', { type: 'number', id: 'timeliness-days', min: '0', max: '36500', step: '1', value: String(q.timeliness_days ?? 365), className: 'num-input' });
  const ref = el('input', { type: 'date', id: 'timeliness-ref', value: q.reference_date ?? new Date().toISOString().slice(0, 10) });
  const dateColumns = profile.columns.filter((c) => c.type === 'date' || c.type === 'datetime');
  const column = el('select', { id: 'timeliness-column' },
    ...dateColumns.map((c) => el('option', { value: c.name, text: c.name, selected: c.name === q.timeliness_column })));
  const apply = el('button', { type: 'submit', className: 'button small', text: 'Recompute' });
  const form = el('form', { className: 'timeliness-form', 'aria-label': 'Timeliness settings' },
    el('label', { for: 'timeliness-days', text: 'Timely when updated within' }), days,
    el('label', { for: 'timeliness-ref', text: 'days of' }), ref,
    el('label', { for: 'timeliness-column', text: 'in column' }), column, apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = Math.round(Number(days.value));
    if (!(n >= 0) || days.value === '') {
      days.setCustomValidity('Enter a number of days, 0 or more');
      days.reportValidity();
      return;
    }
    days.setCustomValidity('');
    const options = currentOptions(q, { timelinessDays: n });
    if (Number.isFinite(ref.valueAsNumber)) options.referenceDay = Math.floor(ref.valueAsNumber / 86400000);
    if (column.value) options.lastUpdated = column.value;
    onReprofile(options);
  });
  return form;
}
