// The workbench's main flows on the served site, checked against the native engine on the same
// sample file: load, file info, grid and sort, profile cards and facets, quality and problems,
// every export. Also writes the view screenshots (build/e2e/screenshots/).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sheetToCsv } from '../../web/xlsx.js';
import { unzipSync, strFromU8 } from 'fflate';
import fs from 'node:fs';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite();
const env = h.browserAndSite(skip);
let native; // the native engine's profile of the sample
let sampleRows; // the sample parsed: [header, ...rows]

before(() => {
  if (skip) return;
  native = h.nativeProfile(h.SAMPLE);
  sampleRows = h.parseCsv(fs.readFileSync(h.SAMPLE, 'utf8'));
});

/** A fresh page on the site with the sample loaded; returns {context, page, log}. */
async function sampleSession() {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadSample(page);
  return { context, page, log };
}

function colIndex(name) {
  const i = native.columns.findIndex((c) => c.name === name);
  assert.ok(i >= 0, `column ${name} in the native profile`);
  return i;
}

/** How many rows a filter of `kind` on column `i` should select, from the native profile. */
function expectedCount(kind, i) {
  const c = native.columns[i];
  const present = native.rows - c.missing;
  switch (kind) {
    case 'missing':
      return c.missing;
    case 'invalid':
      return present - c.valid;
    case 'inconsistent':
      return c.valid - c.consistent; // off-format: valid values outside the most common format
    case 'whitespace':
      return c.whitespace;
    case 'duplicate':
      return native.duplicate_rows;
    case 'duplicate_record':
      return native.duplicate_records;
    case 'stale':
      return native.quality.stale;
    default:
      throw new Error(`no expectation for ${kind}`);
  }
}

test('sample loads: state, file info, grid with typed headers, screenshots', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  assert.equal(await h.waitState(page, 'idle'), 'idle');
  await h.byTestId(page, 'drop-zone').waitFor();
  await h.screenshot(page, '1-first-screen');

  await h.loadSample(page);
  const info = await h.byTestId(page, 'file-info').innerText();
  assert.match(info, /customers_sample\.csv/, 'file name');
  assert.match(info, /2,000 rows/, 'row count');
  assert.match(info, /14 columns/, 'column count');
  const size = fs.statSync(h.SAMPLE).size;
  assert.match(info, new RegExp(`${(size / 1000).toFixed(0)} kB|${(size / 1000).toFixed(1)} kB`), `size (${size} bytes)`);
  assert.match(info, /comma/i, 'dialect: delimiter');
  assert.match(info, /UTF-8/i, 'dialect: encoding');
  assert.match(info, /header/i, 'dialect: header');

  // Data tab is the first view.
  assert.equal(await h.byTestId(page, 'tab-data').getAttribute('aria-selected'), 'true');
  assert.equal(await h.rowCount(page), native.rows);
  await h.waitGridSettled(page);
  const headers = await page.locator('[data-testid="grid"] [role="columnheader"]').allTextContents();
  // One header per column (plus the row-number header), each with its name and inferred type.
  const named = headers.filter((t) => t !== '#');
  assert.equal(named.length, native.columns.length, `headers: ${headers.join(' | ')}`);
  const typeWords = { postal_code: 'postal code', country_code: 'country code', boolean: 'yes/no', datetime: 'date-time', url: 'URL' };
  native.columns.forEach((c, i) => {
    assert.ok(named[i].startsWith(c.name), `header ${i} "${named[i]}" starts with ${c.name}`);
    const word = typeWords[c.type] ?? c.type;
    assert.ok(named[i].toLowerCase().includes(word.toLowerCase()), `header ${c.name} shows type ${word}: "${named[i]}"`);
  });
  const rows = await h.gridRows(page);
  assert.ok(rows.length >= 10, `at least 10 rows on screen, got ${rows.length}`);
  assert.equal(rows[0].num, '1');
  assert.deepEqual(rows[0].cells, sampleRows[1], 'first row = first data row of the file');
  assert.deepEqual(rows[1].cells, sampleRows[2]);
  // Cell flags: every empty cell is marked missing.
  for (const r of rows) {
    r.cells.forEach((v, c) => {
      if (v.trim() === '') assert.match(r.classes[c], /cell-missing/, `row ${r.num} col ${c} empty → cell-missing`);
    });
  }
  await h.screenshot(page, '2-data');
  await context.close();
});

test('sorting by a header orders the rows (ascending, descending, off)', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await sampleSession();
  const col = colIndex('total_spend');
  const c = native.columns[col];
  const header = page.locator(`[data-testid="grid"] [role="columnheader"][aria-colindex="${col + 2}"]`);
  const visibleValues = async () => (await h.gridRows(page)).map((r, k) => ({ v: r.cells[col], cls: r.classes[col], num: r.num, k }));
  // Read as the engine reads them: "57,41" has a decimal comma, "1,234.50" a thousands comma.
  const number = (v) => Number((/^[^,]*,\d{1,2}$/.test(v.trim()) ? v.replace(',', '.') : v).replace(/[$,€\s]/g, ''));
  const numbers = (vals) => vals.filter((x) => !/cell-(missing|invalid)/.test(x.cls)).map((x) => number(x.v));

  const sortIs = (dir) => page.waitForFunction(
    ([i, d]) => document.querySelector(`[data-testid="grid"] [role="columnheader"][aria-colindex="${i}"]`)?.getAttribute('aria-sort') === d,
    [col + 2, dir],
  );

  await header.click();
  await sortIs('ascending');
  await h.waitGridSettled(page);
  let vals = numbers(await visibleValues());
  assert.ok(vals.length > 5, 'numbers visible after sorting');
  for (let k = 1; k < vals.length; k++) assert.ok(vals[k - 1] <= vals[k], `ascending: ${vals.join(', ')}`);
  assert.equal(vals[0], c.min, `first value after ascending sort is the column minimum ${c.min}`);
  assert.match(await h.byTestId(page, 'row-count').innerText(), /sorted by total_spend/);

  await header.click();
  await sortIs('descending');
  await h.waitGridSettled(page);
  vals = numbers(await visibleValues());
  for (let k = 1; k < vals.length; k++) assert.ok(vals[k - 1] >= vals[k], `descending: ${vals.join(', ')}`);
  assert.equal(vals[0], c.max, `first value after descending sort is the column maximum ${c.max}`);

  await header.click();
  await sortIs('none');
  await h.waitGridSettled(page);
  assert.deepEqual((await h.gridRows(page)).slice(0, 3).map((r) => r.num), ['1', '2', '3'], 'file order again');
  assert.equal(await h.rowCount(page), native.rows);
  await context.close();
});

test('profile: a card per column; missing and invalid facets filter the grid to the engine counts; clear restores', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await sampleSession();
  await h.openTab(page, 'profile');
  const cards = h.byTestId(page, 'column-card');
  assert.equal(await cards.count(), native.columns.length);
  const names = await cards.evaluateAll((els) => els.map((e) => e.dataset.column));
  assert.deepEqual(names, native.columns.map((c) => c.name));
  await h.screenshot(page, '3-profile');

  // Missing facet: the column with the most missing values.
  const missingCol = native.columns.reduce((best, c, i) => (c.missing > native.columns[best].missing ? i : best), 0);
  const mc = native.columns[missingCol];
  assert.ok(mc.missing > 0, 'the sample has missing values');
  const card = page.locator(`[data-testid="column-card"][data-column="${mc.name}"]`);
  await card.locator(`[data-testid="facet"][data-kind="missing"]`).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="tab-data"]')?.getAttribute('aria-selected') === 'true');
  await h.waitRowCount(page, mc.missing);
  assert.match(await h.byTestId(page, 'active-filters').innerText(), new RegExp(`${mc.name}.*missing`));
  await h.waitGridSettled(page);
  for (const r of await h.gridRows(page)) {
    assert.match(r.classes[missingCol], /cell-missing/, `row ${r.num}: ${mc.name} is missing ("${r.cells[missingCol]}")`);
  }
  await h.screenshot(page, '5-filtered');

  await h.byTestId(page, 'clear-filters').click();
  await h.waitRowCount(page, native.rows);
  assert.equal(await h.byTestId(page, 'active-filters').locator('li').count(), 0);
  assert.equal(await h.byTestId(page, 'clear-filters').isVisible(), false);

  // Invalid facet: the typed column with the most invalid values.
  let invalidCol = -1;
  native.columns.forEach((c, i) => {
    if (c.type === 'text') return;
    if (invalidCol < 0 || expectedCount('invalid', i) > expectedCount('invalid', invalidCol)) invalidCol = i;
  });
  const ic = native.columns[invalidCol];
  const wantInvalid = expectedCount('invalid', invalidCol);
  assert.ok(wantInvalid > 0, 'the sample has invalid values');
  await h.openTab(page, 'profile');
  await page.locator(`[data-testid="column-card"][data-column="${ic.name}"] [data-testid="facet"][data-kind="invalid"]`).click();
  await h.waitRowCount(page, wantInvalid);
  await h.waitGridSettled(page);
  for (const r of await h.gridRows(page)) {
    assert.match(r.classes[invalidCol], /cell-invalid/, `row ${r.num}: ${ic.name} "${r.cells[invalidCol]}" is flagged invalid`);
  }

  // Value facet (top value of the column with the most common value): count from the profile.
  const topCol = native.columns.findIndex((c) => c.top?.length && c.top[0].count > 1 && c.top[0].value !== '');
  const top = native.columns[topCol].top[0];
  await h.openTab(page, 'profile');
  const valueFacet = page.locator(`[data-testid="column-card"][data-column="${native.columns[topCol].name}"] [data-testid="facet"][data-kind="value"]`).first();
  assert.equal(await valueFacet.getAttribute('data-value'), top.value);
  await valueFacet.click();
  // A facet of another column adds to the filters: invalid AND value.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="active-filters"] li').length === 2);
  await h.byTestId(page, 'clear-filters').click();
  await h.waitRowCount(page, native.rows);
  await h.openTab(page, 'profile');
  await valueFacet.click();
  await h.waitRowCount(page, top.count);
  await context.close();
});

test('quality: score, heatmap, problems; every problem link filters the grid to the engine count', { skip: skip || false, timeout: 90_000 }, async () => {
  const { context, page } = await sampleSession();
  await h.openTab(page, 'quality');
  const score = h.byTestId(page, 'quality-score');
  await score.waitFor();
  assert.match(await score.innerText(), new RegExp((native.quality.score * 100).toFixed(1).replace('.', '\\.')),
    `score ${await score.innerText()} vs engine ${native.quality.score}`);
  const heat = h.byTestId(page, 'heatmap');
  await heat.waitFor();
  const heatRows = await heat.locator('tbody tr').count();
  assert.equal(heatRows, native.columns.length, 'one heat-map row per column');
  const problems = h.byTestId(page, 'problem');
  const n = await problems.count();
  assert.ok(n > 0, 'problems listed');
  await h.screenshot(page, '4-quality');

  const specs = await problems.evaluateAll((els) => els.map((e) => ({ kind: e.dataset.kind, column: Number(e.dataset.column), text: e.textContent })));
  const mismatches = [];
  for (let k = 0; k < specs.length; k++) {
    await h.openTab(page, 'quality');
    const link = problems.nth(k);
    if (!(await link.isVisible())) {
      // Beyond the first ten: expand the list.
      await page.locator('#panel-quality button[aria-expanded="false"]').click();
    }
    await link.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="tab-data"]')?.getAttribute('aria-selected') === 'true');
    const want = expectedCount(specs[k].kind, specs[k].column);
    try {
      await h.waitRowCount(page, want, 5000);
    } catch {
      mismatches.push(`${specs[k].kind} on ${native.columns[specs[k].column].name}: grid shows ${await h.rowCount(page)}, engine counts ${want} ("${specs[k].text}")`);
    }
    // The problem's text carries the same number.
    const m = /^[A-Za-z]+\s*([\d,]+)/.exec(specs[k].text);
    if (m && Number(m[1].replace(/,/g, '')) !== want) {
      mismatches.push(`problem text "${specs[k].text}" vs engine count ${want}`);
    }
  }
  assert.deepEqual(mismatches, [], `problem links whose filtered count differs from the engine:\n${h.listing(mismatches)}`);
  await context.close();
});

test('heat-map cells and the duplicate-rows facet filter to the engine counts', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await sampleSession();
  await h.openTab(page, 'quality');
  const links = h.byTestId(page, 'heatmap').locator('[data-kind]');
  const specs = await links.evaluateAll((els) => els.map((e) => ({ kind: e.dataset.kind, column: Number(e.dataset.column) })));
  assert.ok(specs.length > 0, 'heat-map links');
  const mismatches = [];
  for (let k = 0; k < Math.min(specs.length, 12); k++) {
    await h.openTab(page, 'quality');
    await links.nth(k).click();
    const want = expectedCount(specs[k].kind, specs[k].column);
    try {
      await h.waitRowCount(page, want, 5000);
    } catch {
      mismatches.push(`${specs[k].kind} on ${native.columns[specs[k].column].name}: grid ${await h.rowCount(page)}, engine ${want}`);
    }
    await h.byTestId(page, 'clear-filters').click();
    await h.waitRowCount(page, native.rows);
  }
  assert.deepEqual(mismatches, [], h.listing(mismatches));
  if (native.duplicate_rows > 0) {
    await h.openTab(page, 'profile');
    await page.locator('#panel-profile [data-testid="facet"][data-kind="duplicate"]').click();
    await h.waitRowCount(page, native.duplicate_rows);
  }
  await context.close();
});

test('exports: profile JSON matches the engine, HTML report has no script, CSV/XLSX round-trip', { skip: skip || false, timeout: 90_000 }, async () => {
  const { context, page } = await sampleSession();

  // Profile JSON.
  const json = await h.download(page, 'export-profile-json');
  assert.match(json.name, /\.json$/);
  const prof = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(prof.rows, native.rows);
  assert.equal(prof.duplicate_rows, native.duplicate_rows);
  assert.deepEqual(prof.columns.map((c) => c.name), native.columns.map((c) => c.name));
  for (const [i, c] of prof.columns.entries()) {
    const nc = native.columns[i];
    for (const k of ['type', 'missing', 'distinct', 'valid', 'consistent', 'whitespace']) {
      assert.deepEqual(c[k], nc[k], `${c.name}.${k}: page ${c[k]} vs native ${nc[k]}`);
    }
  }
  assert.equal(prof.quality.score.toFixed(9), native.quality.score.toFixed(9));

  // HTML report: self-contained text, no script, no external resources.
  const report = await h.download(page, 'export-report-html');
  assert.match(report.name, /\.html$/);
  const html = report.bytes.toString('utf8');
  assert.doesNotMatch(html, /<script/i, 'no <script> in the report');
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers in the report');
  assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i, 'no external resources in the report');
  assert.match(html, /customers_sample\.csv/);
  const reportCsp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html.slice(0, html.search(/<\/head>/i)))?.[1] ?? '';
  assert.match(reportCsp, /default-src 'none'/, `the report carries a restrictive CSP: "${reportCsp}"`);
  assert.doesNotMatch(reportCsp, /script-src/, 'the report allows no script');
  for (const c of native.columns) assert.ok(html.includes(c.name), `report names column ${c.name}`);

  // CSV, neutralization off: exactly the file's cells.
  await h.setCheck(page, 'neutralize', false);
  let csv = await h.download(page, 'export-csv');
  assert.match(csv.name, /\.csv$/);
  assert.notDeepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no BOM by default');
  assert.deepEqual(h.parseCsv(csv.bytes.toString('utf8')), sampleRows, 'raw CSV export = the sample');

  // CSV, neutralization on (default) + Excel BOM.
  await h.setCheck(page, 'neutralize', true);
  await h.setCheck(page, 'excel-compatible', true);
  csv = await h.download(page, 'export-csv');
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM with excel-compatible');
  const neutral = h.parseCsv(csv.bytes.subarray(3).toString('utf8'));
  assert.equal(neutral.length, sampleRows.length);
  for (let r = 0; r < sampleRows.length; r++) {
    for (let c = 0; c < sampleRows[r].length; c++) {
      const orig = sampleRows[r][c];
      const got = neutral[r][c];
      if (got !== orig) assert.equal(got, `'${orig}`, `row ${r} col ${c}: "${orig}" → "${got}"`);
      if (/^[=@]/.test(orig)) assert.equal(got, `'${orig}`, `row ${r} col ${c} neutralized`);
      // Numbers, phone numbers and "-" placeholders are data: never changed.
      if (/^[+-][0-9 .,()-]*$/.test(orig)) assert.equal(got, orig, `row ${r} col ${c}: "${orig}" kept`);
    }
  }
  await h.setCheck(page, 'excel-compatible', false);

  // XLSX: a zip that web/xlsx.js reads back to the same table.
  const xlsx = await h.download(page, 'export-xlsx', 60_000);
  assert.match(xlsx.name, /\.xlsx$/);
  assert.equal(xlsx.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'zip magic');
  const back = h.parseCsv(Buffer.from(sheetToCsv(new Uint8Array(xlsx.bytes))).toString('utf8'));
  assert.equal(back.length, sampleRows.length, 'xlsx rows');
  assert.deepEqual(back[0], sampleRows[0], 'xlsx header');
  assert.deepEqual(back[1].length, sampleRows[1].length);

  // Current view only: a filter, then the CSV holds just those rows.
  const missingCol = native.columns.findIndex((c) => c.missing > 0);
  await h.openTab(page, 'profile');
  await page.locator(`[data-testid="column-card"][data-column="${native.columns[missingCol].name}"] [data-testid="facet"][data-kind="missing"]`).click();
  await h.waitRowCount(page, native.columns[missingCol].missing);
  await h.setCheck(page, 'view-only', true);
  csv = await h.download(page, 'export-csv');
  const viewRows = h.parseCsv(csv.bytes.toString('utf8'));
  assert.equal(viewRows.length - 1, native.columns[missingCol].missing, 'view-only CSV has the filtered rows');
  // Every exported value of that column is a missing one (neutralization may prefix "-" with ').
  const notMissing = viewRows.slice(1).map((r) => r[missingCol]).filter((v) => !(v.trim() === '' || /^'?(NULL|null|N\/A|n\/a|NA|None|-)$/.test(v.trim())));
  assert.deepEqual(notMissing, [], 'view-only export: the filtered column is missing in every row');
  await context.close();
});

test('formula cells: CSV neutralize on by default (\'=1+1), off writes them raw; XLSX: exact text, quotePrefix style, no formulas', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  const csvText = 'name,note,amount,phone\nAnn,=1+1,10,+81312344686\nBob,"=HYPERLINK(""http://evil"",""x"")",-5,+1 (555) 123-4567\n' +
    'Cid,@SUM(1+1),+7,--\nDee,plain,3,-\nEve,-2+3,-12.5,+33 1 23 45 67 89\n';
  await h.loadFile(page, { name: 'formulas.csv', mimeType: 'text/csv', buffer: Buffer.from(csvText) });
  assert.equal(await h.byTestId(page, 'neutralize').isChecked(), true, 'neutralize is on by default');

  let out = h.parseCsv((await h.download(page, 'export-csv')).bytes.toString('utf8'));
  assert.equal(out[1][1], "'=1+1");
  assert.equal(out[2][1], `'=HYPERLINK("http://evil","x")`);
  assert.equal(out[3][1], "'@SUM(1+1)");
  assert.equal(out[4][1], 'plain');
  assert.equal(out[5][1], "'-2+3");
  // Numbers, phone numbers and placeholders are data: exactly as they were.
  assert.deepEqual(out.slice(1).map((r) => r.slice(2)), [
    ['10', '+81312344686'], ['-5', '+1 (555) 123-4567'], ['+7', '--'], ['3', '-'], ['-12.5', '+33 1 23 45 67 89'],
  ]);
  assert.match(await h.byTestId(page, 'export-status').textContent(), /\b4 cell\(s\) that could run as formulas got a leading '/);

  const xlsx = (await h.download(page, 'export-xlsx')).bytes;
  const files = unzipSync(new Uint8Array(xlsx));
  for (const [name, data] of Object.entries(files)) {
    if (name.startsWith('xl/worksheets/')) assert.doesNotMatch(strFromU8(data), /<f[ >]/, `${name} has no formula cells`);
  }
  const back = h.parseCsv(Buffer.from(sheetToCsv(new Uint8Array(xlsx))).toString('utf8'));
  // Cells are text cells (never formulas, checked above) with their exact text: the formula-like
  // ones are marked by a style with quotePrefix="1" instead of a visible '.
  assert.equal(back[1][1], '=1+1');
  assert.equal(back[2][1], '=HYPERLINK("http://evil","x")');
  assert.equal(back[3][1], '@SUM(1+1)');
  assert.equal(back[4][1], 'plain');
  const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']);
  const xfs = [...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(strFromU8(files['xl/styles.xml']))?.[1] ?? '').matchAll(/<xf\b[^>]*>/g)]
    .map(([xf]) => /\bquotePrefix="1"/.test(xf));
  const quoted = (ref) => {
    const c = new RegExp(`<c r="${ref}"([^>]*)>`).exec(sheetXml);
    assert.ok(c, `cell ${ref} written`);
    return xfs[Number(/\bs="([0-9]+)"/.exec(c[1])?.[1] ?? 0)] === true;
  };
  assert.deepEqual(['B2', 'B3', 'B4', 'B5', 'A2'].map(quoted), [true, true, true, false, false], 'quotePrefix style on the formula cells only');
  // The worker passes the profile's types: the amount column (decimal) is written as numbers
  // where exact ("+7" stays text), the phones stay text; the header row is frozen and filtered.
  const typed = (ref) => new RegExp(`<c r="${ref}"[^>]*><v>([^<]*)</v>`).exec(sheetXml)?.[1] ?? null;
  assert.deepEqual(['C2', 'C3', 'C4', 'C6', 'D2'].map(typed), ['10', '-5', null, '-12.5', null]);
  assert.match(sheetXml, /<pane ySplit="1" topLeftCell="A2"[^>]*state="frozen"/);
  assert.match(sheetXml, /<autoFilter ref="A1:D6"\/>/);

  await h.setCheck(page, 'neutralize', false);
  out = h.parseCsv((await h.download(page, 'export-csv')).bytes.toString('utf8'));
  assert.equal(out[1][1], '=1+1', 'raw with neutralize off');
  assert.equal(out[3][1], '@SUM(1+1)');
  await context.close();
});
