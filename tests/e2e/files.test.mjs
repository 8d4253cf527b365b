// Other ways in and other files: drop on the drop zone, a messy semicolon file (dialect and read
// warnings), a workbook exported by the page opened again, a workbook with several sheets (the
// sheet picker), a workbook with damaged sheet data and a binary file renamed .csv (clear errors,
// page still usable).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);

async function freshPage() {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  return { context, page, log };
}

/** Drops a file on the drop zone (a real DataTransfer with a File in it). */
async function dropFile(page, name, text, type = 'text/csv') {
  const dataTransfer = await page.evaluateHandle(({ name, text, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type }));
    return dt;
  }, { name, text, type });
  const zone = h.byTestId(page, 'drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

test('a file dropped on the drop zone opens', { skip, timeout: 30_000 }, async () => {
  const { context, page } = await freshPage();
  await dropFile(page, 'dropped.csv', 'name,age\nAnn,31\nBob,42\nCid,27\n');
  await h.waitReady(page);
  assert.match(await h.byTestId(page, 'file-info').innerText(), /dropped\.csv[\s\S]*3 rows/);
  await h.waitGridSettled(page);
  assert.deepEqual((await h.gridRows(page)).map((r) => r.cells), [['Ann', '31'], ['Bob', '42'], ['Cid', '27']]);
  await context.close();
});

test('messy semicolon file: dialect shown, read warnings listed with their lines, rows kept', { skip, timeout: 30_000 }, async () => {
  const { context, page } = await freshPage();
  const text = '\ufeffid;name;amount\r\n1;Ann;"1,5"\r\n2;Bob\r\n3;Cid;7;extra\r\n4;"Dee ""D"" Lee";9\r\n';
  await h.loadFile(page, { name: 'messy.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  const info = await h.byTestId(page, 'file-info').innerText();
  assert.match(info, /semicolon/i, `dialect: ${info}`);
  assert.match(info, /CRLF/i, `line endings: ${info}`);
  assert.match(info, /4 rows/, 'no row dropped');
  const warnings = h.byTestId(page, 'warnings');
  const items = await warnings.locator('li').allTextContents();
  assert.ok(items.length >= 2, `warnings listed: ${JSON.stringify(items)}`);
  assert.ok(items.some((t) => /\b3\b/.test(t)), `a warning names line 3 (the short row): ${JSON.stringify(items)}`);
  assert.ok(items.some((t) => /\b4\b/.test(t)), `a warning names line 4 (the long row): ${JSON.stringify(items)}`);
  await h.waitGridSettled(page);
  const rows = await h.gridRows(page);
  assert.equal(rows[3].cells[1], 'Dee "D" Lee', 'quoted field read');
  assert.equal(rows[0].cells[2], '1,5');
  await context.close();
});

test('an exported workbook opens again with the same rows', { skip, timeout: 60_000 }, async () => {
  const { context, page } = await freshPage();
  await h.loadSample(page);
  const xlsx = await h.download(page, 'export-xlsx');
  await h.loadFile(page, { name: 'again.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx.bytes });
  const info = await h.byTestId(page, 'file-info').innerText();
  assert.match(info, /again\.xlsx/);
  assert.match(info, /2,000 rows/);
  assert.match(info, /14 columns/);
  assert.match(info, /Excel|workbook|sheet/i);
  await h.openTab(page, 'profile');
  assert.equal(await h.byTestId(page, 'column-card').count(), 14);
  await context.close();
});

/** A workbook with sheets [{name, rows: string[][]}] (inline strings). */
function workbookBytes(sheets) {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}">` +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  };
  let rels = '';
  let list = '';
  sheets.forEach((s, i) => {
    const rows = s.rows.map((r, ri) => `<row r="${ri + 1}">${r.map((v, ci) =>
      `<c r="${String.fromCharCode(65 + ci)}${ri + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('');
    parts[`xl/worksheets/sheet${i + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;
    rels += `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`;
    list += `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`;
  });
  parts['xl/_rels/workbook.xml.rels'] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}">${rels}</Relationships>`;
  parts['xl/workbook.xml'] = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${list}</sheets></workbook>`;
  const files = {};
  for (const [k, v] of Object.entries(parts)) files[k] = strToU8(v);
  return Buffer.from(zipSync(files));
}

test('a workbook with several sheets: the sheet picker lists them and opens the chosen one', { skip, timeout: 30_000 }, async () => {
  const { context, page } = await freshPage();
  const bytes = workbookBytes([
    { name: 'Contacts', rows: [['name', 'email'], ['Ann', 'ann@example.com'], ['Bob', 'bob@example.com']] },
    { name: 'Deals <2024>', rows: [['deal', 'amount'], ['D1', '100'], ['D2', '250'], ['D3', '75']] },
  ]);
  await h.byTestId(page, 'file-input').setInputFiles({ name: 'crm.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
  const picker = h.byTestId(page, 'sheet-picker');
  await picker.waitFor({ state: 'visible' });
  const options = await picker.locator('option').allTextContents();
  assert.deepEqual(options, ['Contacts', 'Deals <2024>']);
  await picker.selectOption({ label: 'Deals <2024>' });
  await h.byTestId(page, 'sheet-open').click();
  await h.waitReady(page);
  const info = await h.byTestId(page, 'file-info').innerText();
  assert.match(info, /3 rows/, info);
  assert.match(info, /Deals <2024>/, 'the sheet name shown literally');
  // The workbook and sheet are described, not the CSV the sheet was turned into internally.
  assert.match(info, /Excel workbook · sheet “Deals <2024>” \(2 of 2\) · header row/, info);
  assert.doesNotMatch(info, /separated|quote|UTF-8|line endings/i, info);
  const report = (await h.download(page, 'export-report-html')).bytes.toString('utf8');
  assert.match(report, /Excel workbook · sheet “Deals &lt;2024&gt;” \(2 of 2\) · header row/);
  assert.doesNotMatch(report, /Comma-separated|line endings/);
  await h.waitGridSettled(page);
  assert.deepEqual((await h.gridRows(page)).map((r) => r.cells), [['D1', '100'], ['D2', '250'], ['D3', '75']]);
  await context.close();
});

test('a workbook whose sheet data is damaged: the clear zip message (native inflate in the worker)', { skip, timeout: 30_000 }, async () => {
  const { context, page } = await freshPage();
  const bytes = workbookBytes([{ name: 'S', rows: [['name'], ...Array.from({ length: 50 }, (_, i) => [`row ${i}`])] }]);
  const name = 'xl/worksheets/sheet1.xml';
  const local = bytes.indexOf(`PK\x03\x04`, bytes.indexOf(name) - 30 - 4);
  assert.equal(bytes.readUInt16LE(local + 8), 8, 'the sheet is deflated');
  bytes[local + 30 + name.length] |= 0x06; // its first block gets type 3: invalid
  assert.equal(await h.chooseFile(page, { name: 'damaged.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes }), 'error');
  assert.match(await h.byTestId(page, 'error').innerText(), /this \.xlsx file is damaged: its zip archive cannot be read/i);
  await h.loadSample(page);
  assert.equal(await h.byTestId(page, 'error').isVisible(), false);
  await context.close();
});

test('a PNG renamed .csv is refused with a message saying what it is; the page stays usable', { skip, timeout: 30_000 }, async () => {
  const { context, page } = await freshPage();
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
  assert.equal(await h.chooseFile(page, { name: 'photo.csv', mimeType: 'text/csv', buffer: png }), 'error');
  const text = await h.byTestId(page, 'error').innerText();
  assert.match(text, /PNG|image/i, `error says what it is: "${text}"`);
  await h.loadSample(page);
  assert.equal(await h.byTestId(page, 'error').isVisible(), false);
  await context.close();
});
