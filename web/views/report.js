// The standalone printable report: one HTML file with its styles inline, no scripts (its CSP
// forbids them), every piece of data escaped. Charts are drawn as CSS bars.
import { fmtInt, fmtPct, fmtNum, fmtBytes, plural, typeLabel, showValue } from './dom.js';
import { problems, columnCounts } from './facets.js';
import { tableDimensions, DIMENSIONS } from './quality.js';

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESC[ch]);
}

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;line-height:1.45}
body{max-width:960px;margin:2rem auto;padding:0 1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .75rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
h3{font-size:1.05rem;margin:0 0 .4rem}
.muted{color:#59636e}.small{font-size:.85rem}
.meta{margin:.2rem 0;color:#59636e}
.score{font-size:2.6rem;font-weight:700;margin:.2rem 0}.score small{font-size:1rem;color:#59636e;font-weight:400}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.7rem;background:#2563eb;border-radius:2px;vertical-align:middle}
.track{display:inline-block;width:160px;background:#eef1f5;border-radius:2px;margin-right:.5rem}
.col{break-inside:avoid;page-break-inside:avoid;border:1px solid #d0d7de;border-radius:6px;padding:.9rem 1rem;margin:0 0 1rem}
.type{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:999px;background:#eef1f5;margin-left:.4rem;vertical-align:middle}
.alerts{margin:.4rem 0 0;padding-left:1.2rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;background:#f4f5f7;padding:0 .25rem;border-radius:3px;white-space:pre}
.v{white-space:pre-wrap;word-break:break-word}
.h0,.h1,.h2,.h3{background:#fbd5d5}.h4,.h5,.h6,.h7{background:#fdecc8}.h8,.h9{background:#e3f4d7}.h10{background:#c9ecd0}
.footer{margin-top:2rem;color:#59636e;font-size:.8rem}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
`;

/**
 * Builds the report as an HTML string. info: {fileName, size, kind, sheetName, sheetPosition,
 * sheetCount, load}.
 */
export function buildReport(profile, info, generatedAt = new Date()) {
  const rows = profile.rows;
  const dims = tableDimensions(profile);
  const list = problems(profile);
  const d = profile.dialect ?? info.load?.dialect ?? {};
  const out = [];
  const p = (s) => out.push(s);
  p('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  p(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`);
  p('<meta name="viewport" content="width=device-width, initial-scale=1">');
  p(`<title>${esc(`Data quality report — ${info.fileName}`)}</title><style>${STYLE}</style></head><body>`);
  p(`<h1>Data quality report</h1>`);
  p(`<p class="meta"><strong>${esc(info.fileName)}</strong> · ${esc(fmtBytes(info.size))} · ${esc(plural(rows, 'row'))} · ${esc(plural(profile.columns.length, 'column'))}</p>`);
  p(`<p class="meta">${esc(sourceText({ ...info, dialect: d }))}</p>`);
  p(`<p class="meta small">Generated ${esc(generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC by CRM Data Workbench, entirely on this device.</p>`);

  p('<h2>Quality score</h2>');
  p(`<p class="score">${esc(((profile.quality?.score ?? 0) * 100).toFixed(1))} <small>/ 100 — the average of the dimensions below (equal weights)</small></p>`);
  p('<table><thead><tr><th>Dimension</th><th class="num">Score</th><th></th><th>Formula</th><th>In this file</th></tr></thead><tbody>');
  for (const dim of dims) {
    const w = Math.round(dim.value * 160);
    p(`<tr><th>${esc(dim.label)}</th><td class="num">${esc(fmtPct(dim.value))}</td><td><span class="track"><span class="bar" style="width:${w}px"></span></span></td><td>${esc(dim.formula)}</td><td class="muted">${esc(dim.detail)}</td></tr>`);
  }
  p('</tbody></table>');

  p('<h2>Problems, largest first</h2>');
  if (list.length === 0) p('<p>No problems found.</p>');
  else {
    p('<ol>');
    for (const pr of list) p(`<li>${esc(pr.text)} <span class="muted">(${esc(pr.detail)})</span></li>`);
    p('</ol>');
  }

  p('<h2>Columns by dimension</h2>');
  const keys = ['completeness', 'validity', 'consistency', 'uniqueness'];
  p(`<table><thead><tr><th>Column</th><th>Type</th>${keys.map((k) => `<th class="num">${esc(DIMENSIONS[k].label)}</th>`).join('')}</tr></thead><tbody>`);
  for (const c of profile.columns) {
    p(`<tr><th>${esc(c.name)}</th><td>${esc(typeLabel(c.type))}</td>`);
    for (const k of keys) {
      const v = c.quality?.[k];
      const cls = v === null || v === undefined || k === 'uniqueness' ? '' : ` h${Math.max(0, Math.min(10, Math.floor(v * 10 + 1e-9)))}`;
      p(`<td class="num${cls}">${esc(v === null || v === undefined ? '—' : fmtPct(v))}</td>`);
    }
    p('</tr>');
  }
  p('</tbody></table>');

  p('<h2>Column profiles</h2>');
  for (const c of profile.columns) {
    const n = columnCounts(c, rows);
    p('<section class="col">');
    p(`<h3>${esc(c.name)}<span class="type">${esc(typeLabel(c.type))}</span></h3>`);
    const facts = [
      `missing ${fmtPct(n.missing / Math.max(1, rows))} (${fmtInt(n.missing)})`,
      `distinct ${fmtInt(c.distinct)}`,
    ];
    if (c.type !== 'text' && c.type !== 'empty') facts.push(`invalid ${fmtInt(n.invalid)}`, `fit the type ${fmtPct(c.type_share)}`);
    if (n.offFormat) facts.push(`off-format ${fmtInt(n.offFormat)}`);
    if (n.whitespace) facts.push(`extra spaces ${fmtInt(n.whitespace)}`);
    if (c.min !== undefined) facts.push(`min ${fmtNum(c.min)}`, `max ${fmtNum(c.max)}`);
    if (c.mean !== undefined && typeof c.mean === 'number') facts.push(`mean ${fmtNum(c.mean)}`);
    p(`<p class="muted small">${esc(facts.join(' · '))}</p>`);
    const top = (c.top ?? []).slice(0, 8);
    if (top.length) {
      const max = top[0].count || 1;
      p('<table><tbody>');
      for (const t of top) {
        const w = Math.max(1, Math.round((t.count / max) * 160));
        p(`<tr><td class="v">${esc(showValue(t.value))}</td><td><span class="track"><span class="bar" style="width:${w}px"></span></span></td><td class="num">${esc(fmtInt(t.count))}</td></tr>`);
      }
      p('</tbody></table>');
    }
    const pats = (c.patterns ?? []).slice(0, 6);
    if (pats.length) {
      p(`<p class="small">Common shapes: ${pats.map((x) => `<code>${esc(x.value)}</code> ${esc(fmtInt(x.count))}`).join(' · ')}</p>`);
    }
    if (c.alerts?.length) p(`<ul class="alerts small">${c.alerts.map((a) => `<li>${esc(a.message)}</li>`).join('')}</ul>`);
    p('</section>');
  }
  const warnings = profile.warnings ?? [];
  if (warnings.length) {
    p('<h2>Reading warnings</h2><ul>');
    for (const w of warnings.slice(0, 200)) p(`<li>${esc(w.line && !/^line \d/i.test(w.message) ? `Line ${fmtInt(w.line)}: ` : '')}${esc(w.message)}</li>`);
    if (warnings.length > 200) p(`<li>… and ${esc(fmtInt(warnings.length - 200))} more</li>`);
    p('</ul>');
  }
  p('<p class="footer">Missing = empty, whitespace-only, or a null word (NULL, null, N/A, n/a, NA, None, -). Shapes: 9 = digit, a = lower-case letter, A = upper-case letter.</p>');
  p('</body></html>');
  return out.join('\n');
}

/**
 * How the file was read, for people: a text file's dialect (dialectText), or for a workbook
 * "Excel workbook · sheet “Customers” (2 of 3) · header row" (the CSV the sheet was turned into
 * internally is no business of the reader's). info: {kind, sheetName, sheetPosition, sheetCount,
 * dialect}.
 */
export function sourceText({ kind, sheetName, sheetPosition = 0, sheetCount = 0, dialect = {} }) {
  if (kind !== 'xlsx') return dialectText(dialect ?? {});
  let sheet = `sheet “${sheetName ?? ''}”`;
  if (sheetCount > 1 && sheetPosition > 0) sheet += ` (${sheetPosition} of ${sheetCount})`;
  return ['Excel workbook', sheet, dialect?.header ? 'header row' : 'no header row'].join(' · ');
}

/** "Comma-separated · header row · UTF-8 · LF line endings". */
export function dialectText(d) {
  const names = { ',': 'Comma-separated', ';': 'Semicolon-separated', '\t': 'Tab-separated', '|': 'Pipe-separated' };
  const parts = [names[d.delimiter] ?? `Separated by “${d.delimiter ?? '?'}”`];
  if (d.quote) parts.push(`quote ${d.quote}`);
  parts.push(d.header ? 'header row' : 'no header row');
  if (d.encoding) parts.push(d.encoding);
  if (d.line_ending) parts.push(`${d.line_ending} line endings`);
  return parts.join(' · ');
}
