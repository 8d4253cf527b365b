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

/** An entry of problems() (`column`: a column index); problems() adds its score. */
const problem = (kind, column, count, text, detail) => ({ kind, column, count, text, detail });

/** The problems of a profile, ranked: [{kind, column, value, count, text, detail, score}]. */
export function problems(profile) {
  const rows = profile.rows;
  const out = [];
  if (!rows) return out;
  profile.columns.forEach((c, i) => {
    const n = columnCounts(c, rows);
    const name = `“${c.name}”`;
    const ofFilled = (count) => `${fmtPct(count / Math.max(1, n.present))} of the filled values`;
    if (n.invalid > 0) {
      const text = c.type === 'email'
        ? `${fmtInt(n.invalid)} ${n.invalid === 1 ? 'email is' : 'emails are'} malformed in ${name}`
        : `${fmtInt(n.invalid)} ${n.invalid === 1 ? 'value' : 'values'} in ${name} ${n.invalid === 1 ? 'is not a valid' : 'are not valid'} ${typeNoun(c.type)}`;
      out.push(problem('invalid', i, n.invalid, text, ofFilled(n.invalid)));
    }
    if (n.missing > 0) {
      const text = `${fmtInt(n.missing)} ${n.missing === 1 ? 'value is' : 'values are'} missing in ${name}`;
      out.push(problem('missing', i, n.missing, text, `${fmtPct(n.missing / rows)} of rows`));
    }
    if (n.offFormat > 0 && n.offFormat > n.invalid) {
      const f = formatPhrase(c);
      const text = `${fmtInt(n.offFormat)} ${n.offFormat === 1 ? 'value' : 'values'} in ${name} ${n.offFormat === 1 ? 'does' : 'do'} not follow the usual ${f.what} (${f.name})`;
      out.push(problem('inconsistent', i, n.offFormat, text, ofFilled(n.offFormat)));
    }
    if (n.whitespace > 0) {
      const text = `${fmtInt(n.whitespace)} ${n.whitespace === 1 ? 'value' : 'values'} in ${name} ${n.whitespace === 1 ? 'has' : 'have'} leading or trailing spaces`;
      out.push(problem('whitespace', i, n.whitespace, text, ofFilled(n.whitespace)));
    }
  });
  if (profile.duplicate_rows > 0) {
    const d = profile.duplicate_rows;
    const text = `${fmtInt(d)} exact duplicate ${d === 1 ? 'row' : 'rows'}`;
    out.push(problem('duplicate', 0, d, text, `${fmtPct(d / rows)} of rows repeat an earlier row in every column`));
  }
  for (const p of out) p.score = (p.count / rows) * WEIGHT[p.kind];
  out.sort((a, b) => b.score - a.score || b.count - a.count);
  return out;
}
