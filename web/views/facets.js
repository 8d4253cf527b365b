// Facets: clickable links that filter the Data view. Every one is a <button> carrying the filter
// in data-kind / data-column (column index) / data-value; app.js handles the clicks.
import { el, fmtInt, fmtPct, typeNoun } from './dom.js';

/** A facet button; `children` is its visible content (strings become text). */
export function facet({ kind, column = 0, value = '', label, title, className = 'facet', testid = 'facet', mode }, ...children) {
  return el(
    'button',
    {
      type: 'button',
      className,
      'data-testid': testid,
      dataset: { kind, column: String(column), value, ...(mode ? { mode } : {}) },
      title,
      'aria-label': label,
    },
    ...children,
  );
}

/** Counts per column derived from a profile column and the table's row count. */
export function columnCounts(c, rows) {
  const present = rows - c.missing;
  return {
    present,
    missing: c.missing,
    invalid: Math.max(0, present - (c.valid ?? present)),
    offFormat: Math.max(0, present - (c.consistent ?? present)),
    whitespace: c.whitespace ?? 0,
  };
}

/** Plain-words description of a column's dominant format. */
export function formatPhrase(c) {
  const f = c.dominant_format;
  const caseNames = {
    aa: 'lower case',
    AA: 'UPPER CASE',
    Aa: 'Capitalized',
    A: 'Capitalized',
    mixed: 'mixed case',
    'no letters': 'no letters',
  };
  if (['text', 'email', 'url'].includes(c.type) && f in caseNames) {
    return { what: 'letter case', name: caseNames[f] };
  }
  return { what: 'format', name: f || '—' };
}

/** Severity weights for ranking problems: share of rows affected × weight. */
const WEIGHT = { invalid: 1, duplicate: 1, missing: 0.7, inconsistent: 0.35, whitespace: 0.25 };

/** The problems of a profile, ranked: [{kind, column, value, count, text, detail, score}]. */
export function problems(profile) {
  const rows = profile.rows;
  const out = [];
  if (!rows) return out;
  profile.columns.forEach((c, i) => {
    const n = columnCounts(c, rows);
    const name = `“${c.name}”`;
    if (n.invalid > 0) {
      out.push({
        kind: 'invalid',
        column: i,
        count: n.invalid,
        text: c.type === 'email'
          ? `${fmtInt(n.invalid)} ${n.invalid === 1 ? 'email is' : 'emails are'} malformed in ${name}`
          : `${fmtInt(n.invalid)} ${n.invalid === 1 ? 'value' : 'values'} in ${name} ${n.invalid === 1 ? 'is not a valid' : 'are not valid'} ${typeNoun(c.type)}`,
        detail: `${fmtPct(n.invalid / Math.max(1, n.present))} of the filled values`,
      });
    }
    if (n.missing > 0) {
      out.push({
        kind: 'missing',
        column: i,
        count: n.missing,
        text: `${fmtInt(n.missing)} ${n.missing === 1 ? 'value is' : 'values are'} missing in ${name}`,
        detail: `${fmtPct(n.missing / rows)} of rows`,
      });
    }
    if (n.offFormat > 0 && n.offFormat > n.invalid) {
      const f = formatPhrase(c);
      out.push({
        kind: 'inconsistent',
        column: i,
        count: n.offFormat,
        text: `${fmtInt(n.offFormat)} ${n.offFormat === 1 ? 'value' : 'values'} in ${name} ${n.offFormat === 1 ? 'does' : 'do'} not follow the usual ${f.what} (${f.name})`,
        detail: `${fmtPct(n.offFormat / Math.max(1, n.present))} of the filled values`,
      });
    }
    if (n.whitespace > 0) {
      out.push({
        kind: 'whitespace',
        column: i,
        count: n.whitespace,
        text: `${fmtInt(n.whitespace)} ${n.whitespace === 1 ? 'value' : 'values'} in ${name} ${n.whitespace === 1 ? 'has' : 'have'} leading or trailing spaces`,
        detail: `${fmtPct(n.whitespace / Math.max(1, n.present))} of the filled values`,
      });
    }
  });
  if (profile.duplicate_rows > 0) {
    const d = profile.duplicate_rows;
    out.push({
      kind: 'duplicate',
      column: 0,
      count: d,
      text: `${fmtInt(d)} exact duplicate ${d === 1 ? 'row' : 'rows'}`,
      detail: `${fmtPct(d / rows)} of rows repeat an earlier row in every column`,
    });
  }
  for (const p of out) p.score = (p.count / rows) * WEIGHT[p.kind];
  out.sort((a, b) => b.score - a.score || b.count - a.count);
  return out;
}
