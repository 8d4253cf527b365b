// web/xlsx.js: .xlsx sheets to CSV, formula-injection neutralization, and writing workbooks.
// The test workbooks are written by hand here (XML parts zipped with fflate).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  columnName,
  isFormulaRisk,
  listSheets,
  neutralizeFormula,
  sheetToCsv,
  sheetToCsvAsync,
  sheetToCsvSteps,
  writeXlsx,
  writeXlsxSteps,
} from '../../web/xlsx.js';
import { parseCsv } from './helpers.mjs';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const TYPES = 'http://schemas.openxmlformats.org/package/2006/content-types';
const RELS_CT = 'application/vnd.openxmlformats-package.relationships+xml';

/** Zips {path: xml text | Uint8Array} into workbook bytes. */
function zip(parts) {
  const files = {};
  for (const [name, data] of Object.entries(parts)) {
    files[name] = typeof data === 'string' ? strToU8(data) : data;
  }
  return zipSync(files, { level: 6 });
}

/** A workbook's parts: sheets [{name, xml}] as xl/worksheets/sheetN.xml, in that tab order. */
function workbook({ sheets, sharedStrings, styles, workbookPr = '' }) {
  const parts = {
    '[Content_Types].xml':
      `${DECL}<Types xmlns="${TYPES}"><Default Extension="rels" ContentType="${RELS_CT}"/>` +
      '<Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels':
      `${DECL}<Relationships xmlns="${PKG}">` +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
      '</Relationships>',
  };
  let rels = '';
  let list = '';
  sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = s.xml;
    const target = `worksheets/sheet${i + 1}.xml`;
    rels += `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${target}"/>`;
    list += `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`;
  });
  if (sharedStrings) {
    parts['xl/sharedStrings.xml'] = sharedStrings;
    rels += `<Relationship Id="rId90" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`;
  }
  if (styles) {
    parts['xl/styles.xml'] = styles;
    rels += `<Relationship Id="rId91" Type="${REL}/styles" Target="styles.xml"/>`;
  }
  parts['xl/_rels/workbook.xml.rels'] =
    `${DECL}<Relationships xmlns="${PKG}">${rels}</Relationships>`;
  parts['xl/workbook.xml'] =
    `${DECL}<workbook xmlns="${NS}" xmlns:r="${REL}">${workbookPr}` +
    `<sheets>${list}</sheets></workbook>`;
  return parts;
}

const dec = new TextDecoder();
const csv = (bytes, index = 0) => dec.decode(sheetToCsv(bytes, index));

/** Checks that err has the code and a message matching pattern (when given). */
function hasCode(code, pattern) {
  return (err) => {
    assert.equal(err.code, code, `code of: ${err.message}`);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

function assertCode(fn, code, pattern) {
  assert.throws(fn, hasCode(code, pattern));
}

/**
 * The two ways a sheet is inflated: fflate (sheetToCsv, synchronous) and the runtime's
 * DecompressionStream (sheetToCsvAsync with inflate 'native', as in the browser's worker).
 */
const INFLATE_PATHS = {
  fflate: (bytes, index, options) => sheetToCsv(bytes, index, options),
  native: (bytes, index, options) => sheetToCsvAsync(bytes, index, { ...options, inflate: 'native' }),
};

/**
 * A reading test, run once per inflate path. fn gets that path's {read, csv, rejects}: read
 * resolves to sheetToCsv's result, csv to it decoded, rejects(read arguments, code, pattern)
 * checks the error.
 */
function readingTest(name, fn) {
  for (const [path, sheetToCsvVia] of Object.entries(INFLATE_PATHS)) {
    const read = async (bytes, index = 0, options = {}) => sheetToCsvVia(bytes, index, options);
    test(`${name} [${path}]`, () =>
      fn({
        read,
        csv: async (bytes, index = 0, options = {}) => dec.decode(await read(bytes, index, options)),
        rejects: (args, code, pattern) => assert.rejects(read(...args), hasCode(code, pattern)),
      }));
  }
}

// ----- Reading: strings, types, sparse rows and cells, XML details --------------------------

const SHARED = `${DECL}<sst xmlns="${NS}" count="8" uniqueCount="8">
<si><t>name</t></si>
<si><t xml:space="preserve">  padded  </t></si>
<si><r><rPr><b/><sz val="11"/><rFont val="Calibri"/></rPr><t>Rich</t></r><r><t xml:space="preserve"> text</t></r></si>
<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
<si><t>a &amp; b &lt;c&gt; &quot;q&quot; &apos;s&apos; &#65;&#x42;&#x1F600;</t></si>
<si><t>line1_x000D_
line2 _x005F_x0041_ x_x0041_</t></si>
<si><t/></si>
<si><t>crlf\r\nend</t></si>
</sst>`;

// Prefixed element names, a comment and a processing instruction, rows and cells without r,
// attributes in any order and quoting, self-closing tags, and empty rows around the data.
const STRINGS_SHEET = `${DECL}<x:worksheet xmlns:x="${NS}"><x:dimension ref="A1:F10"/>
<x:sheetData>
<x:row r="1" spans="1:3"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>kind</x:t></x:is></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>
<!-- a comment with <x:row r="99"> inside -->
<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2" t="str"><x:f>CONCAT("ab"," & c")</x:f><x:v>ab &amp; c</x:v></x:c><x:c r="C2" t="s"><x:v>3</x:v></x:c></x:row>
<x:row><x:c t="s"><x:v>4</x:v></x:c><x:c t="s"><x:v>5</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:rPr><x:i/></x:rPr><x:t xml:space="preserve">line </x:t></x:r></x:is></x:c></x:row>
<?some-pi data?>
<x:row r="5"><x:c r="A5" t="b"><x:v>1</x:v></x:c><x:c r="C5" t="b"><x:v>0</x:v></x:c><x:c r="E5" t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row r="6"/>
<x:row r='7' spans='2:6'><x:c t='n' s='0' r='B7'><x:v>1.50</x:v></x:c><x:c s="0" r="C7"><x:v>1E-3</x:v></x:c><x:c r="D7" s="0"/><x:c r="F7" t="s"><x:v>6</x:v></x:c></x:row>
<x:row r="8"><x:c r="A8" t="s"><x:v>7</x:v></x:c><x:c r="B8" t="s"><x:v>5</x:v></x:c></x:row>
<x:row r="9"><x:c r="A9" s="0"/><x:c r="B9" t="str"><x:f>""</x:f><x:v></x:v></x:c></x:row>
<x:row r="10"/>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`;

const STRINGS_CSV = [
  'name,kind,Rich text,,',
  '  padded  ,ab & c,東京,,',
  '"a & b <c> ""q"" \'s\' AB😀","line1\r\nline2 _x0041_ xA",inline ,,',
  ',,,,',
  'TRUE,,FALSE,,#N/A',
  ',,,,',
  ',1.50,1E-3,,',
  '"crlf\nend","line1\r\nline2 _x0041_ xA",,,',
  '',
].join('\n');

readingTest('shared, rich, inline and formula strings, booleans, errors, sparse rows and cells', async ({ csv }) => {
  const bytes = zip(
    workbook({ sheets: [{ name: 'Strings', xml: STRINGS_SHEET }], sharedStrings: SHARED }),
  );
  assert.equal(await csv(bytes), STRINGS_CSV);
});

readingTest('empty leading rows are dropped, columns keep their place, empty one-column rows', async ({ csv }) => {
  const sheet = `${DECL}<worksheet xmlns="${NS}"><sheetData>
<row r="1"><c r="A1" s="0"/></row><row r="3"><c r="B3"><v>1</v></c></row>
<row r="5"><c r="B5"><v>2</v></c></row></sheetData></worksheet>`;
  assert.equal(await csv(zip(workbook({ sheets: [{ name: 'S', xml: sheet }] }))), ',1\n,\n,2\n');
  const one = `${DECL}<worksheet xmlns="${NS}"><sheetData>
<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>
</sheetData></worksheet>`;
  assert.equal(await csv(zip(workbook({ sheets: [{ name: 'S', xml: one }] }))), '1\n""\n2\n');
});

readingTest('XML details: byte order mark, DOCTYPE, CDATA, a UTF-16 part, > in attribute values', async ({ csv }) => {
  const body =
    '<!DOCTYPE worksheet [<!ENTITY x "y">]><worksheet xmlns="' +
    NS +
    '" data-note="a > b"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>' +
    '<t><![CDATA[<raw> & "text"]]></t></is></c><c r="B1" t="str"><v>&#233;t&#xE9;</v></c>' +
    '</row></sheetData></worksheet>';
  const utf8Bom = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(`${DECL}${body}`)]);
  const expected = '"<raw> & ""text""",été\n';
  assert.equal(await csv(zip(workbook({ sheets: [{ name: 'S', xml: utf8Bom }] }))), expected);
  const text = `<?xml version="1.0" encoding="UTF-16"?>${body}`;
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
  for (let i = 0; i < text.length; i++) utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
  assert.equal(await csv(zip(workbook({ sheets: [{ name: 'S', xml: utf16 }] }))), expected);
});

readingTest('a sheet without cells gives an empty CSV', async ({ read }) => {
  const sheet = `${DECL}<worksheet xmlns="${NS}"><sheetData/></worksheet>`;
  assert.equal((await read(zip(workbook({ sheets: [{ name: 'S', xml: sheet }] })))).length, 0);
});

// ----- Dates ---------------------------------------------------------------------------------

const STYLES = `${DECL}<styleSheet xmlns="${NS}">
<numFmts count="5">
<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="0.0 &quot;days&quot;"/>
<numFmt numFmtId="166" formatCode="[h]:mm:ss"/>
<numFmt formatCode="[Red]#,##0.00;[Blue]-#,##0.00" numFmtId="167"/>
<numFmt numFmtId='168' formatCode='yyyy-mm-dd\\ hh:mm'/>
</numFmts>
<cellStyleXfs count="1"><xf numFmtId="14" fontId="0"/></cellStyleXfs>
<cellXfs count="9">
<xf numFmtId="0" fontId="0"/>
<xf numFmtId="14" applyNumberFormat="1"/>
<xf numFmtId="22"/>
<xf numFmtId="164"/>
<xf numFmtId="165"/>
<xf numFmtId="166"/>
<xf numFmtId="167"/>
<xf numFmtId="21"/>
<xf numFmtId="168"></xf>
</cellXfs></styleSheet>`;

/** A two-column sheet from [label, style, value, expected, type]: an inline string and a value. */
function dateSheet(rows) {
  const body = rows
    .map(([label, s, v, , t], i) => {
      const type = t ? ` t="${t}"` : '';
      const r = i + 1;
      return (
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${label}</t></is></c>` +
        `<c r="B${r}" s="${s}"${type}><v>${v}</v></c></row>`
      );
    })
    .join('\n');
  return `${DECL}<worksheet xmlns="${NS}"><sheetData>\n${body}\n</sheetData></worksheet>`;
}

const DATE_CASES = [
  ['builtin 14', 1, '45351', '2024-02-29'],
  ['builtin 14 with a time', 1, '45351.25', '2024-02-29T06:00:00'],
  ['builtin 22', 2, '45351', '2024-02-29T00:00:00'],
  ['custom dd/mm/yyyy, serial 1', 3, '1', '1900-01-01'],
  ['Excel leap day 60', 3, '60', '1900-02-29'],
  ['serial 61', 3, '61', '1900-03-01'],
  ['quoted d is not a date', 4, '12.5', '12.5'],
  ['elapsed [h]:mm:ss', 5, '1.5', '36:00:00'],
  ['[Red] color is not a date', 6, '-3', '-3'],
  ['builtin 21 time of day', 7, '0.75', '18:00:00'],
  ['custom datetime', 8, '45351.5', '2024-02-29T12:00:00'],
  ['general stays a number', 0, '45351', '45351'],
  ['one second', 1, '45351.000011574', '2024-02-29T00:00:01'],
  ['negative stays a number', 1, '-5', '-5'],
  ['string result is not converted', 1, '2024', '2024', 'str'],
];

readingTest('date cells: built-in and custom formats become ISO dates', async ({ csv }) => {
  const bytes = zip(
    workbook({
      sheets: [{ name: 'Dates', xml: dateSheet(DATE_CASES) }],
      styles: STYLES,
      workbookPr: '<workbookPr date1904="false" defaultThemeVersion="164011"/>',
    }),
  );
  const rows = parseCsv(await csv(bytes));
  for (const [i, [label, , , expected]] of DATE_CASES.entries()) {
    assert.deepEqual(rows[i], [label, expected], label);
  }
});

readingTest('date cells in the 1904 date system', async ({ csv }) => {
  const cases = [
    ['epoch', 1, '0', '1904-01-01'],
    ['leap day', 1, '43889', '2024-02-29'],
    ['time', 2, '1.5', '1904-01-02T12:00:00'],
  ];
  for (const flag of ['1', 'true']) {
    const bytes = zip(
      workbook({
        sheets: [{ name: 'D', xml: dateSheet(cases) }],
        styles: STYLES,
        workbookPr: `<workbookPr date1904="${flag}"/>`,
      }),
    );
    assert.deepEqual(
      parseCsv(await csv(bytes)).map((r) => r[1]),
      cases.map((c) => c[3]),
    );
  }
});

// ----- Workbook structure ----------------------------------------------------------------------

readingTest('sheets are listed in tab order, mapped through the relationships', async ({ csv, rejects }) => {
  const one = (text) =>
    `${DECL}<worksheet xmlns="${NS}"><sheetData><row r="1">` +
    `<c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;
  const parts = {
    '[Content_Types].xml': `${DECL}<Types xmlns="${TYPES}"/>`,
    '_rels/.rels':
      `${DECL}<Relationships xmlns="${PKG}"><Relationship Target="/xl/workbook.xml" ` +
      `Id="rId1" Type="${REL}/officeDocument"/></Relationships>`,
    'xl/workbook.xml': `${DECL}<workbook xmlns="${NS}" xmlns:rel="${REL}"><sheets>
<sheet name="First &amp; foremost" sheetId="7" rel:id="rId2"/>
<sheet name='Second' sheetId='3' rel:id='rId1' state='hidden'/>
<sheet name="Chart" sheetId="4" rel:id="rId3"/>
</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${DECL}<Relationships xmlns="${PKG}">
<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="${REL}/chartsheet" Target="chartsheets/../chartsheets/sheet1.xml"/>
</Relationships>`,
    'xl/worksheets/sheet1.xml': one('from sheet1.xml'),
    'xl/worksheets/sheet2.xml': one('from sheet2.xml'),
  };
  const bytes = zip(parts);
  assert.deepEqual(listSheets(bytes), [
    { name: 'First & foremost', index: 0, hidden: false, kind: 'worksheet' },
    { name: 'Second', index: 1, hidden: true, kind: 'worksheet' },
    { name: 'Chart', index: 2, hidden: false, kind: 'chartsheet' },
  ]);
  assert.equal(await csv(bytes, 0), 'from sheet2.xml\n');
  assert.equal(await csv(bytes, 1), 'from sheet1.xml\n');
  await rejects([bytes, 2], 'bad_sheet', /chart/);
});

// ----- Errors ----------------------------------------------------------------------------------

readingTest('errors: not a zip, OLE (encrypted or .xls), bad sheet index, no sheets, missing part', async ({ read, rejects }) => {
  assertCode(() => listSheets(strToU8('name,email\nAnn,a@b.c\n')), 'not_xlsx', /not a zip archive/);
  await rejects([new Uint8Array(0)], 'not_xlsx');
  const ole = new Uint8Array(4096);
  ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  await rejects([ole], 'encrypted', /password-protected or in the old \.xls format/);

  const good = zip(workbook({ sheets: [{ name: 'S', xml: dateSheet([['a', 0, '1']]) }] }));
  for (const index of [-1, 1, 1.5, 99]) await rejects([good, index], 'bad_sheet');

  const none = workbook({ sheets: [] });
  await rejects([zip(none)], 'no_sheets');
  assert.deepEqual(listSheets(zip(none)), []);

  const missing = workbook({ sheets: [{ name: 'S', xml: 'x' }] });
  delete missing['xl/worksheets/sheet1.xml'];
  await rejects([zip(missing)], 'corrupt', /missing/);

  assertCode(() => listSheets(zip({ 'readme.txt': 'hello' })), 'not_xlsx');
  const truncated = good.subarray(0, good.length - 30);
  assertCode(() => listSheets(truncated), 'corrupt');
});

/** Offset of a central directory entry's record, by name. */
function centralEntry(bytes, name) {
  const target = strToU8(name);
  for (let i = bytes.length - 22; i >= 0; i--) {
    const signature = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    if (signature !== 0x02014b50) continue;
    const len = bytes[i + 28] | (bytes[i + 29] << 8);
    if (len === target.length && target.every((b, k) => bytes[i + 46 + k] === b)) return i;
  }
  throw new Error(`no entry ${name}`);
}

readingTest('zip bombs: a declared size over 1 GiB, or more data than declared, is refused', async ({ rejects }) => {
  const bytes = zip(workbook({ sheets: [{ name: 'S', xml: dateSheet([['a', 0, '1']]) }] }));
  const at = centralEntry(bytes, 'xl/worksheets/sheet1.xml');
  const big = bytes.slice();
  new DataView(big.buffer).setUint32(at + 24, 0x50000000, true); // 1.25 GiB declared
  await rejects([big], 'too_large', /zip bomb/);
  const lying = bytes.slice();
  new DataView(lying.buffer).setUint32(at + 24, 10, true); // unpacks to more than 10 bytes
  await rejects([lying], 'too_large', /declared size/);
});

// ----- Neutralization --------------------------------------------------------------------------

// The one neutralization rule, shared with the CSV export (tests/core/csv_test.cpp reads the same
// table): [name, input, expected neutralizeFormula output].
const FORMULA_CASES = JSON.parse(fs.readFileSync(new URL('../data/formula_cases.json', import.meta.url), 'utf8'));
const NEUTRALIZE_CASES = FORMULA_CASES.map((c) => [c.name, c.value, c.risky ? `'${c.value}` : c.value]);

test('formula_cases.json covers both verdicts and the cases the rule must get right', () => {
  assert.ok(FORMULA_CASES.length >= 40);
  const byName = Object.fromEntries(FORMULA_CASES.map((c) => [c.name, c]));
  for (const name of ['e164_phone', 'minus_decimal', 'double_dash', 'dash_alone', 'plus_alone']) assert.equal(byName[name].risky, false, name);
  for (const name of ['equals', 'at', 'plus_dde', 'minus_arithmetic', 'hyperlink', 'tab_start', 'cr_start', 'minus_letters', 'leading_spaces_equals']) assert.equal(byName[name].risky, true, name);
});

for (const [name, input, plain] of NEUTRALIZE_CASES) {
  test(`neutralizeFormula: ${name}`, () => {
    assert.equal(neutralizeFormula(input), plain);
    assert.equal(isFormulaRisk(input), plain !== input);
  });
}

test('isFormulaRisk is linear on long number-like input', () => {
  const s = `-${'1'.repeat(200000)}a`;
  const t = Date.now();
  assert.equal(neutralizeFormula(s), `'${s}`);
  assert.equal(isFormulaRisk(`-${'1'.repeat(200000)}`), false);
  assert.ok(Date.now() - t < 500);
});

// ----- Writing ---------------------------------------------------------------------------------

const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The cells of a workbook written by writeXlsx, straight from its sheet XML:
 * {ref: {style (the s attribute as a number, 0 when absent), type, text (the <t>, unescaped)}}.
 */
function writtenCells(bytes) {
  const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
  const cells = {};
  for (const [, ref, attrs, body] of xml.matchAll(/<c r="([A-Z]+[0-9]+)"([^>]*)>(.*?)<\/c>/gs)) {
    const text = /<t[^>]*>(.*?)<\/t>/s.exec(body)?.[1] ?? '';
    cells[ref] = {
      style: Number(/\bs="([0-9]+)"/.exec(attrs)?.[1] ?? 0),
      type: /\bt="([^"]*)"/.exec(attrs)?.[1] ?? 'n',
      text: text.replace(/&(amp|lt|gt|quot|apos);|&#([0-9]+);/g, (m, name, code) =>
        name ? XML_ENTITIES[name] : String.fromCharCode(Number(code))),
    };
  }
  return cells;
}

/** The cellXfs entries of a written workbook's styles.xml: [{quotePrefix: bool}] by index. */
function cellXfs(bytes) {
  const xml = strFromU8(unzipSync(bytes)['xl/styles.xml']);
  const block = /<cellXfs count="([0-9]+)">(.*?)<\/cellXfs>/s.exec(xml);
  assert.ok(block, 'styles.xml has cellXfs');
  const xfs = [...block[2].matchAll(/<xf\b([^>]*)\/?>/g)].map(([, a]) => ({ quotePrefix: /\bquotePrefix="(1|true)"/.test(a) }));
  assert.equal(xfs.length, Number(block[1]), 'cellXfs count');
  return xfs;
}

/** The refs of the cells whose style has quotePrefix="1". */
function quotePrefixed(bytes) {
  const xfs = cellXfs(bytes);
  return Object.entries(writtenCells(bytes))
    .filter(([, c]) => {
      assert.ok(c.style < xfs.length, `style ${c.style} exists`);
      return xfs[c.style].quotePrefix;
    })
    .map(([ref]) => ref);
}

const TRICKY = [
  ['plain', 'comma, here', 'quote "q"', 'new\nline'],
  ['cr\r\nlf', '  lead and trail  ', 'é 東京 😀', '_x0041_ literal'],
  ['', 'middle empty', '', ''],
  ['<tag>&amp;', ']]>', "'apostrophe", 'tab\tinside'],
  ['=1+1', '-12.5', '@x', ''],
];

test('writeXlsx then sheetToCsv gives back the same cells', () => {
  const columns = ['name', 'note, with comma', 'city', 'last'];
  const progress = [];
  const { bytes, warnings } = writeXlsx({
    columns,
    rowCount: TRICKY.length,
    getRows: (b, e) => TRICKY.slice(b, e),
    neutralize: false,
    batchRows: 2,
    onProgress: (done, total) => progress.push([done, total]),
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(quotePrefixed(bytes), [], 'neutralize: false marks no cell');
  assert.ok(Object.values(writtenCells(bytes)).every((c) => c.style === 0 && c.type === 'inlineStr'));
  assert.deepEqual(progress, [
    [2, 5],
    [4, 5],
    [5, 5],
  ]);
  assert.deepEqual(listSheets(bytes), [
    { name: 'Data', index: 0, hidden: false, kind: 'worksheet' },
  ]);
  assert.deepEqual(parseCsv(csv(bytes)), [columns, ...TRICKY]);
  const names = Object.keys(unzipSync(bytes)).sort();
  assert.deepEqual(names, [
    '[Content_Types].xml',
    '_rels/.rels',
    'xl/_rels/workbook.xml.rels',
    'xl/styles.xml',
    'xl/workbook.xml',
    'xl/worksheets/sheet1.xml',
  ]);
});

test('writeXlsx neutralizes by style: the text unchanged, quotePrefix="1", reported', () => {
  const { bytes, warnings } = writeXlsx({
    columns: ['=cmd', 'b'],
    rowCount: 1,
    getRows: () => [['-2+3', '\u0001=after a control character']],
  });
  // Read back: the original text, no apostrophe added.
  assert.deepEqual(parseCsv(csv(bytes)), [
    ['=cmd', 'b'],
    ['-2+3', '=after a control character'],
  ]);
  // In the sheet: inline strings (never formulas) with the text as is; the risky ones carry a
  // style whose cellXfs entry has quotePrefix="1", the others none.
  const cells = writtenCells(bytes);
  assert.deepEqual(
    Object.fromEntries(Object.entries(cells).map(([ref, c]) => [ref, [c.type, c.text]])),
    {
      A1: ['inlineStr', '=cmd'],
      B1: ['inlineStr', 'b'],
      A2: ['inlineStr', '-2+3'],
      B2: ['inlineStr', '=after a control character'],
    },
  );
  assert.doesNotMatch(strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']), /<f[ >]/);
  assert.deepEqual(quotePrefixed(bytes), ['A1', 'A2', 'B2']);
  assert.equal(cells.B1.style, 0);
  assert.equal(cellXfs(bytes)[0].quotePrefix, false, 'the default style has no quote prefix');
  assert.deepEqual(
    warnings.map((w) => [w.code, w.count]),
    [
      ['invalid_chars', 1],
      ['neutralized', 3],
    ],
  );
  assert.doesNotMatch(warnings[1].message, /apostrophe/);

  const numbers = writeXlsx({
    columns: ['n', 'f'],
    rowCount: 1,
    getRows: () => [['+81312344686', '=1']],
  });
  assert.deepEqual(parseCsv(csv(numbers.bytes)), [['n', 'f'], ['+81312344686', '=1']]);
  assert.deepEqual(quotePrefixed(numbers.bytes), ['B2'], 'a phone number is data, not a formula');

  const off = writeXlsx({ columns: ['f'], rowCount: 1, getRows: () => [['=1']], neutralize: false });
  assert.deepEqual(parseCsv(csv(off.bytes)), [['f'], ['=1']]);
  assert.deepEqual(quotePrefixed(off.bytes), []);
  assert.deepEqual(off.warnings, []);
});

test('writeXlsx: every neutralization case reads back as written, marked exactly when risky', () => {
  const values = NEUTRALIZE_CASES.map(([, input]) => input);
  const rows = values.map((v) => [v]);
  const { bytes, warnings } = writeXlsx({
    columns: ['value'],
    rowCount: rows.length,
    getRows: (b, e) => rows.slice(b, e),
    neutralize: true,
  });
  const back = parseCsv(csv(bytes));
  const cells = writtenCells(bytes);
  const marked = new Set(quotePrefixed(bytes));
  let risky = 0;
  NEUTRALIZE_CASES.forEach(([name, input, plain], i) => {
    const ref = `A${i + 2}`;
    // The reader gives back the value itself (an empty cell is simply absent).
    assert.equal(back[i + 1]?.[0] ?? '', input, `${name}: read back`);
    if (input !== '') assert.equal(cells[ref].text, input, `${name}: stored text`);
    assert.equal(marked.has(ref), plain !== input, `${name}: quotePrefix iff neutralized`);
    if (plain !== input) risky++;
  });
  assert.deepEqual(
    warnings.map((w) => [w.code, w.count]),
    [['neutralized', risky]],
  );
});

test('writeXlsx in several batches of rows', () => {
  const rowCount = 25000;
  const calls = [];
  const { bytes } = writeXlsx({
    columns: ['i', 'text'],
    rowCount,
    getRows: (b, e) => {
      calls.push([b, e]);
      return Array.from({ length: e - b }, (_, k) => [String(b + k), `row ${b + k}`]);
    },
    sheetName: 'Customers: 2024/Q1 [all]',
  });
  assert.deepEqual(calls, [
    [0, 10000],
    [10000, 20000],
    [20000, 25000],
  ]);
  assert.equal(listSheets(bytes)[0].name, 'Customers_ 2024_Q1 _all_');
  const rows = parseCsv(csv(bytes));
  assert.equal(rows.length, rowCount + 1);
  assert.deepEqual(rows[rowCount], ['24999', 'row 24999']);
});

test('writeXlsx cuts cells over 32,767 characters and drops control characters', () => {
  const long = `${'x'.repeat(32766)}😀tail`;
  const { bytes, warnings } = writeXlsx({
    columns: ['a', 'b'],
    rowCount: 1,
    getRows: () => [[long, 'bell\u0007\uFFFEend']],
  });
  assert.deepEqual(
    warnings.map((w) => [w.code, w.count]),
    [
      ['truncated', 1],
      ['invalid_chars', 1],
    ],
  );
  const rows = parseCsv(csv(bytes));
  assert.equal(rows[1][0], 'x'.repeat(32766)); // the emoji is not cut in half
  assert.equal(rows[1][1], 'bellend');
});

test('writeXlsx refuses more rows than Excel holds', () => {
  const getRows = () => assert.fail('no rows should be read');
  assertCode(
    () => writeXlsx({ columns: ['a'], rowCount: 1048576, getRows }),
    'too_many_rows',
    /CSV/,
  );
  assertCode(
    () => writeXlsx({ columns: Array(16385).fill('c'), rowCount: 1, getRows }),
    'too_many_columns',
  );
});

test('columnName', () => {
  assert.deepEqual(
    [0, 25, 26, 51, 52, 701, 702, 16383].map(columnName),
    ['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD'],
  );
});

// ----- Streaming: the sheet is read in pieces; tokens cut at piece boundaries are carried over --

const OUT_OF_ORDER_SHEET = `${DECL}<worksheet xmlns="${NS}"><sheetData>
<row r="2"><c r="C2"><v>3</v></c><c r="A2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>4</t></is></c><c r="B2"/></row>
<row r="3"><c r="B3"><v>x</v></c><c r="B3"><v></v></c></row>
<row r="6"><c r="D6" t="inlineStr"><is><t>wide, "quoted"</t></is></c></row>
<row r="7"></row>
</sheetData></worksheet>`;

readingTest('cells out of column order or repeated: the last non-empty value of a column wins', async ({ csv }) => {
  const bytes = zip(workbook({ sheets: [{ name: 'S', xml: OUT_OF_ORDER_SHEET }] }));
  assert.equal(await csv(bytes), '1,,4,\n,x,,\n,,,\n,,,\n,,,"wide, ""quoted"""\n');
});

/** Workbooks covering the reader's cases, stored (piece offsets are XML offsets) and deflated. */
function streamingBooks() {
  const details =
    '<!DOCTYPE worksheet [<!ENTITY x "y">]><worksheet xmlns="' +
    NS +
    '" data-note="a > b"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>' +
    '<t><![CDATA[<raw> & "text"]]></t></is></c><c r="B1" t="str"><v>&#233;t&#xE9;</v></c>' +
    '<c r="C1" t="inlineStr"><is><t>cr&#13;lf\r\n_x0041_ 東京😀</t></is></c></row></sheetData></worksheet>';
  const utf8Bom = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(`${DECL}${details}`)]);
  const text = `<?xml version="1.0" encoding="UTF-16"?>${details}`;
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  const gaps = `${DECL}<worksheet xmlns="${NS}"><sheetData>
<row r="1"><c r="A1" s="0"/></row><row r="3"><c r="B3"><v>1</v></c></row>
<row r="5"><c r="B5"><v>2</v></c></row><row r="9"/></sheetData></worksheet>`;
  const parts = workbook({
    sheets: [
      { name: 'Strings', xml: STRINGS_SHEET },
      { name: 'Dates', xml: dateSheet(DATE_CASES) },
      { name: 'Bom', xml: utf8Bom },
      { name: 'Utf16', xml: utf16 },
      { name: 'Gaps', xml: gaps },
      { name: 'Order', xml: OUT_OF_ORDER_SHEET },
    ],
    sharedStrings: SHARED,
    styles: STYLES,
  });
  const files = {};
  for (const [name, data] of Object.entries(parts)) {
    files[name] = typeof data === 'string' ? strToU8(data) : data;
  }
  const written = writeXlsx({
    columns: ['name', 'note, with comma', 'city', 'last'],
    rowCount: TRICKY.length,
    getRows: (b, e) => TRICKY.slice(b, e),
  }).bytes;
  return [zipSync(files, { level: 0 }), zipSync(files, { level: 6 }), written];
}

readingTest('a sheet read in pieces of any size converts exactly as read whole', async ({ csv, read }) => {
  for (const bytes of streamingBooks()) {
    for (const [index, sheet] of listSheets(bytes).entries()) {
      const whole = await csv(bytes, index);
      assert.ok(whole.length > 0, sheet.name);
      assert.equal(whole, dec.decode(sheetToCsv(bytes, index)), `${sheet.name}: as with fflate`);
      for (const chunkBytes of [1, 2, 3, 4, 5, 7, 11, 16, 31, 64, 1000]) {
        const pieces = dec.decode(await read(bytes, index, { chunkBytes }));
        assert.equal(pieces, whole, `${sheet.name}, pieces of ${chunkBytes} bytes`);
      }
    }
  }
  // The expected text, not only agreement: the strings sheet with shared strings.
  assert.equal(dec.decode(await read(streamingBooks()[1], 0, { chunkBytes: 3 })), STRINGS_CSV);
});

readingTest('a piece boundary exactly at, inside or right after a token', async ({ csv, read }) => {
  // Stored: the first boundary falls exactly at offset chunkBytes of the sheet XML.
  const bytes = streamingBooks()[0];
  const xml = STRINGS_SHEET;
  const whole = await csv(bytes, 0);
  const markers = ['<x:row r="2">', '&amp;', '_x000D_', '<x:c r="A2" t="s">', '</x:c>', '<!--', '-->', '<?some-pi', '東京', '<x:v>', '</x:row>'];
  for (const marker of markers) {
    const at = strToU8(xml.slice(0, xml.indexOf(marker))).length;
    assert.ok(at > 0, marker);
    for (let d = -1; d <= strToU8(marker).length + 1; d++) {
      const pieces = dec.decode(await read(bytes, 0, { chunkBytes: at + d }));
      assert.equal(pieces, whole, `boundary at ${marker} ${d >= 0 ? '+' : ''}${d}`);
    }
  }
  // Shared strings split the same way (the sharedStrings part is read in the same pieces).
  for (const marker of ['<si><r>', '&amp;', '<rPh', '_x005F_']) {
    const at = strToU8(SHARED.slice(0, SHARED.indexOf(marker))).length;
    for (let d = -1; d <= 3; d++) {
      assert.equal(dec.decode(await read(bytes, 0, { chunkBytes: at + d })), whole, marker);
    }
  }
});

readingTest('sheetToCsv reports progress: shared strings as unzip, the sheet as parse, in packed bytes', async ({ read }) => {
  const [, bytes] = streamingBooks();
  const seen = [];
  await read(bytes, 0, { onProgress: (done, total, phase) => seen.push([done, total, phase]) });
  assert.ok(seen.some(([, , phase]) => phase === 'unzip'));
  const last = seen[seen.length - 1];
  assert.equal(last[2], 'parse');
  assert.equal(last[0], last[1]);
  for (const [done, total] of seen) assert.ok(done >= 0 && done <= total);
});

readingTest('malformed UTF-8 in cells and shared strings becomes U+FFFD, read whole or in pieces', async ({ read }) => {
  const bytesOf = (...parts) => {
    const out = [];
    for (const p of parts) out.push(...(typeof p === 'string' ? strToU8(p) : p));
    return new Uint8Array(out);
  };
  const sheet = bytesOf(
    `${DECL}<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a`,
    [0xff],
    'b',
    [0xed, 0xa0, 0x80],
    '</t></is></c><c r="B1"><v>',
    [0xe6, 0x9d],
    '</v></c><c r="C1" t="s"><v>0</v></c><c r="D1" t="inlineStr"><is><t>é東😀</t></is></c>',
    '</row></sheetData></worksheet>',
  );
  const sst = bytesOf(`${DECL}<sst xmlns="${NS}"><si><t>`, [0xc0, 0xaf], ',x</t></si></sst>');
  const bytes = zip(workbook({ sheets: [{ name: 'S', xml: sheet }], sharedStrings: sst }));
  const expected = 'a\uFFFDb\uFFFD\uFFFD\uFFFD,\uFFFD,"\uFFFD\uFFFD,x",é東😀\n';
  for (const chunkBytes of [0, 1, 2, 5]) {
    assert.equal(dec.decode(await read(bytes, 0, { chunkBytes })), expected, `pieces of ${chunkBytes}`);
  }
});

readingTest('pieces: the CSV as a list of arrays equals the one array, ragged rows padded across pieces', async ({ read }) => {
  // About 3 MB of CSV, so that the converter's output spans several pieces; every fifth row is
  // short (1 field of 3) and every seventh empty, so padding happens in every piece.
  let rows = '';
  const expected = [];
  for (let r = 1; r <= 90000; r++) {
    if (r % 7 === 0) {
      rows += `<row r="${r}"/>`;
      expected.push(',,');
    } else if (r % 5 === 0) {
      rows += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>only${r}</t></is></c></row>`;
      expected.push(`only${r},,`);
    } else {
      rows += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>a${r}</t></is></c>` +
        `<c r="B${r}"><v>${r * 3}</v></c><c r="C${r}" t="inlineStr"><is><t>c, ${r}</t></is></c></row>`;
      expected.push(`a${r},${r * 3},"c, ${r}"`);
    }
  }
  const xml = `${DECL}<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;
  const bytes = zip(workbook({ sheets: [{ name: 'Big', xml }] }));
  const whole = await read(bytes, 0);
  const pieces = await read(bytes, 0, { pieces: true });
  assert.ok(Array.isArray(pieces) && pieces.length > 1, `${pieces.length} piece(s)`);
  assert.ok(pieces.every((p) => p instanceof Uint8Array && p.length > 0));
  const joined = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    joined.set(p, at);
    at += p.length;
  }
  assert.equal(dec.decode(joined), dec.decode(whole));
  assert.equal(dec.decode(whole), `${expected.join('\n')}\n`);
  // A sheet without short rows: the pieces are the converter's own buffers.
  let evenRows = '';
  for (let r = 1; r <= 90000; r++) {
    evenRows += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>a${r}</t></is></c>` +
      `<c r="B${r}"><v>${r}</v></c></row>`;
  }
  const evenXml = `${DECL}<worksheet xmlns="${NS}"><sheetData>${evenRows}</sheetData></worksheet>`;
  const evenBytes = zip(workbook({ sheets: [{ name: 'Even', xml: evenXml }] }));
  const evenPieces = await read(evenBytes, 0, { pieces: true });
  assert.ok(evenPieces.length > 1, `${evenPieces.length} piece(s)`);
  assert.equal(dec.decode(Buffer.concat(evenPieces)), dec.decode(await read(evenBytes, 0)));
});

test('writeXlsx: option modified is the time stamp of every zip entry (fixed stamps give equal bytes)', () => {
  const modified = new Date(2026, 0, 2, 3, 4, 6); // local time, as zip stores it
  const wantTime = (3 << 11) | (4 << 5) | (6 >> 1);
  const wantDate = ((2026 - 1980) << 9) | (1 << 5) | 2;
  const { bytes } = writeXlsx({ columns: ['a'], rowCount: 1, getRows: () => [['x']], modified });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let entries = 0;
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (view.getUint32(i, true) !== 0x04034b50) continue; // local file header
    assert.equal(view.getUint16(i + 10, true), wantTime, `entry ${entries} time`);
    assert.equal(view.getUint16(i + 12, true), wantDate, `entry ${entries} date`);
    entries++;
  }
  assert.ok(entries >= 5, `${entries} zip entries`);
});

test('sheetToCsvSteps and writeXlsxSteps: many small steps, the same result; return() stops them', () => {
  const rowCount = 30000;
  const getRows = (b, e) => Array.from({ length: e - b }, (_, k) => [String(b + k), `name ${b + k}`, 'x'.repeat((b + k) % 50)]);
  // A fixed time stamp: two writes a second apart would otherwise differ in the zip headers.
  const options = { columns: ['id', 'name', 'pad'], rowCount, getRows, modified: new Date(2026, 0, 2, 3, 4, 6) };
  const steps = writeXlsxSteps(options);
  let writeSteps = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) writeSteps++;
  const { bytes } = r.value;
  assert.ok(writeSteps > 5, `writeXlsxSteps yielded ${writeSteps} times`);
  assert.deepEqual(bytes, writeXlsx(options).bytes);

  const reading = sheetToCsvSteps(bytes, 0, { pieces: true });
  let readSteps = 0;
  for (r = reading.next(); !r.done; r = reading.next()) readSteps++;
  assert.ok(readSteps > 5, `sheetToCsvSteps yielded ${readSteps} times`);
  assert.deepEqual(Buffer.concat(r.value), Buffer.from(sheetToCsv(bytes)));

  // Abandoned halfway: return() ends the generator.
  const abandoned = sheetToCsvSteps(bytes);
  abandoned.next();
  abandoned.next();
  assert.deepEqual(abandoned.return(), { done: true, value: undefined });
  assert.equal(abandoned.next().done, true);
});

// ----- Inflate paths: fflate and the runtime's DecompressionStream -------------------------------

/** Where an entry's compressed data lies in the zip: {central, start} (record and data offsets). */
function entryData(bytes, name) {
  const central = centralEntry(bytes, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const local = view.getUint32(central + 42, true);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  return { central, start, csize: view.getUint32(central + 20, true) };
}

readingTest('damaged or truncated deflate data in the sheet or the shared strings: corrupt', async ({ rejects }) => {
  const good = zip(
    workbook({ sheets: [{ name: 'Strings', xml: STRINGS_SHEET }], sharedStrings: SHARED }),
  );
  for (const part of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']) {
    const { central, start, csize } = entryData(good, part);
    const badBlock = good.slice();
    badBlock[start] |= 0x06; // block type 3: invalid
    await rejects([badBlock], 'corrupt', /^this \.xlsx file is damaged: its zip archive cannot be read$/);
    const truncated = good.slice();
    new DataView(truncated.buffer).setUint32(central + 20, csize >> 1, true);
    await rejects([truncated], 'corrupt', /^this \.xlsx file is damaged: its zip archive cannot be read$/);
  }
});

/** Runs sheetToCsvSteps with native inflate: the result and how many waits for input it had. */
async function nativeSteps(bytes, options) {
  const steps = sheetToCsvSteps(bytes, 0, { ...options, inflate: 'native' });
  let waits = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { result: r.value, waits };
    if (r.value) {
      waits++;
      await r.value;
    }
  }
}

test('native inflate: many waits for input, tokens and rich strings longer than what is at hand', async () => {
  // A cell whose text (one token, 300 KB) outgrows the scanner's 64 KiB buffer and spans many
  // inflated pieces; rich inline and shared strings whose runs span many waits (the string item
  // is read on after each); and enough rows for the sheet to come in many pieces.
  const long = 'x&amp;y, '.repeat(30000);
  const runs = (n, tag = '') => Array.from({ length: n }, (_, k) => `<${tag}r><${tag}t>run ${k} </${tag}t></${tag}r>`).join('');
  const sst = `${DECL}<sst xmlns="${NS}"><si><t>first</t></si><si>${runs(20000)}</si><si><t>last</t></si></sst>`;
  let rows = `<row r="1"><c r="A1" t="inlineStr"><is><t>${long}</t></is></c><c r="B1" t="s"><v>1</v></c></row>`;
  rows += `<row r="2"><c r="A2" t="inlineStr"><is>${runs(20000)}</is></c><c r="B2" t="s"><v>2</v></c></row>`;
  for (let r = 3; r <= 20000; r++) rows += `<row r="${r}"><c r="A${r}" t="s"><v>0</v></c><c r="B${r}"><v>${r}</v></c></row>`;
  const xml = `${DECL}<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;
  const bytes = zip(workbook({ sheets: [{ name: 'S', xml }], sharedStrings: sst }));
  const expected = sheetToCsv(bytes);
  const text = dec.decode(expected);
  const runText = Array.from({ length: 20000 }, (_, k) => `run ${k} `).join('');
  assert.ok(text.startsWith(`"${'x&y, '.repeat(30000)}",${runText}\n${runText},last\nfirst,3\n`));
  assert.ok(text.endsWith('first,20000\n'));
  // aheadBytes 1: the next piece is inflated only once the last is read, so each is waited for;
  // chunkBytes cuts them further.
  for (const options of [{}, { aheadBytes: 1 }, { aheadBytes: 1, chunkBytes: 1000 }]) {
    const { result, waits } = await nativeSteps(bytes, options);
    assert.deepEqual(result, expected, JSON.stringify(options));
    if (options.aheadBytes) assert.ok(waits > 50, `${waits} waits for input`);
  }
});

test('inflate option: native needs the asynchronous driver, bad values are refused, auto works', async () => {
  const bytes = zip(workbook({ sheets: [{ name: 'S', xml: dateSheet([['a', 0, '1']]) }] }));
  assertCode(() => sheetToCsv(bytes, 0, { inflate: 'native' }), 'bad_options', /sheetToCsvAsync/);
  assertCode(() => sheetToCsvSteps(bytes, 0, { inflate: 'zlib' }).next(), 'bad_options', /fflate/);
  assert.equal(dec.decode(await sheetToCsvAsync(bytes)), 'a,1\n');
  assert.equal(dec.decode(await sheetToCsvAsync(bytes, 0, { inflate: 'fflate' })), 'a,1\n');
  assert.equal(csv(bytes), 'a,1\n');
});

test('native inflate in steps: abandoned halfway, return() ends it and lets go of the stream', async () => {
  const rows = Array.from({ length: 20000 }, (_, k) => [String(k), `name ${k}`]);
  const { bytes } = writeXlsx({ columns: ['id', 'name'], rowCount: rows.length, getRows: (b, e) => rows.slice(b, e) });
  const steps = sheetToCsvSteps(bytes, 0, { inflate: 'native' });
  let waited = 0;
  for (let k = 0; k < 20; k++) {
    const r = steps.next();
    if (r.value) {
      waited++;
      await r.value;
    }
  }
  assert.ok(waited > 0, 'the native path waited for its input');
  assert.deepEqual(steps.return(), { done: true, value: undefined });
  assert.equal(steps.next().done, true);
});
