// Facets: clickable links that filter the Data view. Every one is a <button> carrying the filter
// in data-kind / data-column (column index) / data-value; app.js handles the clicks.
import { el, fmtPct, plural, word, typeNoun, typeNounOne } from './dom.js';

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

/**
 * Counts per column, as the engine counts them (one definition each): missing; invalid = filled
 * values that do not fit the column's type; offFormat = valid values not in the column's most
 * common format (its dominant format when that holds at least half of the valid values).
 */
export function columnCounts(c, rows) {
  const present = rows - c.missing;
  const valid = c.valid ?? present;
  return {
    present,
    missing: c.missing,
    invalid: c.invalid ?? Math.max(0, present - valid),
    offFormat: c.off_format ?? Math.max(0, valid - (c.consistent ?? valid)),
    whitespace: c.whitespace ?? 0,
  };
}

const CASE_NAMES = {
  aa: 'lower case',
  AA: 'UPPER CASE',
  Aa: 'Capitalized',
  A: 'Capitalized',
  mixed: 'mixed case',
  'no letters': 'no letters',
};

/**
 * Plain words for a column's format: {what: 'format' | 'letter case', name (of the most common
 * format), dominant (whether it holds at least half of the valid values), share (of valid)}.
 */
export function formatPhrase(c) {
  const f = c.common_format ?? c.dominant_format ?? '';
  const isCase = ['text', 'email', 'url'].includes(c.type) && f in CASE_NAMES;
  const valid = c.valid ?? 0;
  return {
    what: isCase ? 'letter case' : 'format',
    name: isCase ? CASE_NAMES[f] : f || '—',
    dominant: c.dominant_format !== null && c.dominant_format !== undefined && c.dominant_format !== '',
    share: valid > 0 ? (c.consistent ?? valid) / valid : 1,
  };
}

/** Severity weights for ranking problems: share of rows affected × weight. */
const WEIGHT = { invalid: 1, duplicate: 1, duplicate_record: 1, missing: 0.7, stale: 0.5, inconsistent: 0.35, whitespace: 0.25 };

/** An entry of problems() (`column`: a column index); problems() adds its score. */
const problem = (kind, column, count, text, detail) => ({ kind, column, count, text, detail });

/** The id columns as words: “id” or “id”, “contact_id”. */
export function idColumnsText(profile) {
  return (profile.id_columns ?? []).map((n) => `“${n}”`).join(', ');
}

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
        ? `${plural(n.invalid, 'email is', 'emails are')} malformed in ${name}`
        : `${plural(n.invalid, 'value', 'values')} in ${name} ${word(n.invalid, 'is not a valid', 'are not valid')} ${word(n.invalid, typeNounOne(c.type), typeNoun(c.type))}`;
      out.push(problem('invalid', i, n.invalid, text, ofFilled(n.invalid)));
    }
    if (n.missing > 0) {
      const text = `${plural(n.missing, 'value is', 'values are')} missing in ${name}`;
      out.push(problem('missing', i, n.missing, text, `${fmtPct(n.missing / rows)} of rows`));
    }
    if (n.offFormat > 0) {
      const f = formatPhrase(c);
      const text = f.dominant
        ? `${plural(n.offFormat, 'value', 'values')} in ${name} ${word(n.offFormat, 'is', 'are')} off-format (not in the dominant ${f.what}, ${f.name})`
        : `${plural(n.offFormat, 'valid value', 'valid values')} in ${name} ${word(n.offFormat, 'is', 'are')} not in the most common ${f.what}, ${f.name} (${fmtPct(f.share)} of valid values): no ${f.what} is dominant`;
      out.push(problem('inconsistent', i, n.offFormat, text, ofFilled(n.offFormat)));
    }
    if (n.whitespace > 0) {
      const text = `${plural(n.whitespace, 'value', 'values')} in ${name} ${word(n.whitespace, 'has', 'have')} leading or trailing spaces`;
      out.push(problem('whitespace', i, n.whitespace, text, ofFilled(n.whitespace)));
    }
  });
  const d = profile.duplicate_rows ?? 0;
  const dr = profile.duplicate_records ?? d;
  if (dr > d) {
    const text = `${plural(dr, 'row repeats', 'rows repeat')} an earlier record`;
    out.push(problem('duplicate_record', 0, dr, text, `${fmtPct(dr / rows)} of rows equal an earlier row in every column except the id ${word((profile.id_columns ?? []).length, 'column', 'columns')} ${idColumnsText(profile)}`));
  } else if (d > 0) {
    const text = `${plural(d, 'exact duplicate row', 'exact duplicate rows')}`;
    out.push(problem('duplicate', 0, d, text, `${fmtPct(d / rows)} of rows repeat an earlier row in every column`));
  }
  const q = profile.quality ?? {};
  const stale = q.stale ?? 0;
  if (q.timeliness_column && stale > 0) {
    const text = `${plural(stale, 'record was', 'records were')} last updated more than ${plural(q.timeliness_days ?? 365, 'day')} before ${q.reference_date}`;
    const col = profile.columns.findIndex((c) => c.name === q.timeliness_column);
    out.push(problem('stale', Math.max(0, col), stale, text, `${fmtPct(stale / Math.max(1, q.dated ?? stale))} of the dated records (column “${q.timeliness_column}”)`));
  }
  for (const p of out) p.score = (p.count / rows) * WEIGHT[p.kind];
  out.sort((a, b) => b.score - a.score || b.count - a.count);
  return out;
}
