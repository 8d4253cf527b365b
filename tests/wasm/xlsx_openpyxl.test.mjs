// web/xlsx.js against an independent implementation: workbooks written by writeXlsx are read by
// openpyxl (tests/wasm/openpyxl_check.py, Debian's python3-openpyxl), and workbooks written by
// openpyxl (inline strings; it cannot write shared strings) and by XlsxWriter (shared strings)
// are read by listSheets/sheetToCsv and compared with what openpyxl reads in them.
//
// How sheetToCsv renders non-text cells (checked here on every fixture): numbers as stored in
// the file (integers with all their digits, others the same double as openpyxl's value); booleans TRUE/FALSE; a number in a date format
// YYYY-MM-DD, with THH:MM:SS (rounded to the second) when the format shows a time or the value
// has one; time-of-day formats HH:MM:SS; elapsed formats ([h]:mm:ss) HH:MM:SS with hours past 24;
// ISO date cells (t="d") as stored; a formula's cached value, or nothing. A date before the
// 1904 epoch in a 1904 workbook (a negative serial) stays the number.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { columnName, isFormulaRisk, listSheets, sheetToCsv, sheetToCsvAsync, writeXlsx } from '../../web/xlsx.js';
import { parseCsv, root, run, tempDir } from './helpers.mjs';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(root, 'tests/wasm/openpyxl_check.py');
const dir = tempDir();

/** Runs openpyxl_check.py; its JSON output. */
function python(...args) {
  const r = run(PYTHON, [SCRIPT, ...args]);
  const err = r.stderr.toString('utf8');
  assert.equal(r.status, 0, `openpyxl_check.py ${args[0]} failed (scripts/setup installs ` +
    `python3-openpyxl and python3-xlsxwriter):\n${err}`);
  return JSON.parse(r.stdout.toString('utf8'));
}

/** What openpyxl reads in each workbook (bytes): [{sheets, warnings, epoch1904}]. */
function openpyxlRead(books) {
  const files = books.map((bytes, i) => {
    const file = path.join(dir, `ours-${i}.xlsx`);
    fs.writeFileSync(file, bytes);
    return file;
  });
  const result = python('read', ...files);
  for (const [i, r] of result.entries()) assert.deepEqual(r.warnings, [], `openpyxl warnings on book ${i}`);
  return result;
}

/** "C7" → [row 7, column 2 (0-based)]. */
function parseRef(ref) {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]), col - 1];
}

/** openpyxl's cells of a sheet as a Map ref → {kind, text, quotePrefix, format}. */
function cellMap(sheet) {
  return new Map(sheet.cells.map(([ref, kind, text, quotePrefix, format]) => [ref, { kind, text, quotePrefix, format }]));
}

// ----- writeXlsx → openpyxl ------------------------------------------------------------------

const LONG = 'long '.repeat(6553) + 'xy'; // exactly 32,767 characters
const HARD = [
  ['plain', 'é 東京 😀 👩‍👩‍👧 e\u0301 n\u0303', 'a < b & c > d "q" \'s\''],
  ['line\nfeed', 'carriage\rreturn', 'crlf\r\nend', '\n\nleading line ends'],
  ['  lead', 'trail  ', '  both  ', ' ', '\u00a0nbsp edge\u00a0'],
  ['00123', '1e5', '-0', '1,234.50', '+33 1 23 45 67 89', '0x1F', 'TRUE', '2021-03-04'],
  ['=1+1', '-12.5', '+1', '@SUM(A1)', '  =indented', 'a\n=second line', '\tTab', '\rCR first'],
  ['=HYPERLINK("http://x","y")', "'already quoted", '==', '-', 'safe=no', 'x@y.z', '', null],
  [undefined, '', 'after empties', null, 'last'],
  [LONG, `${'😀'.repeat(16383)}😀`, 'z'],
  ['_x0041_ literal escape', 'tab\tinside', 'ctrl\u0001char', 'lone \ud800 surrogate', ']]>', '<![CDATA[x]]>'],
  [],
];
const HEADER = ['text', 'unicode', '=risky header', ' spaced ', '', 'f', 'g', 'h'];

/** What a cell of the table becomes: writeXlsx drops characters XML cannot hold, cuts at 32,767. */
function written(value) {
  let s = value == null ? '' : String(value);
  s = s.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
  if (s.length > 32767) s = s.slice(0, /[\uD800-\uDBFF]/.test(s[32766]) ? 32766 : 32767);
  return s;
}

/** Checks every cell of rows (header first) against openpyxl's sheet: text, type, quotePrefix. */
function assertSheet(sheet, rows, { marked = () => false } = {}) {
  const cells = cellMap(sheet);
  let expectedCount = 0;
  rows.forEach((row, r) => {
    (row ?? []).forEach((value, c) => {
      const want = written(value);
      const ref = `${columnName(c)}${r + 1}`;
      const got = cells.get(ref);
      if (want === '') {
        assert.equal(got, undefined, `${ref}: empty`);
        return;
      }
      expectedCount++;
      assert.ok(got, `${ref}: missing, expected ${JSON.stringify(want)}`);
      assert.equal(got.kind, 'str', `${ref}: a string cell`);
      // openpyxl does not decode _xHHHH_ escapes in inline strings (Excel does): our escaped
      // literal "_x0041_" (written _x005F_x0041_) comes back with the escape left in.
      const text = got.text.replace(/_x005F_(x[0-9A-Fa-f]{4}_)/g, '_$1');
      assert.equal(text, want, `${ref}: text`);
      assert.equal(got.quotePrefix, marked(want), `${ref} ${JSON.stringify(want)}: quotePrefix`);
    });
  });
  assert.equal(cells.size, expectedCount, 'no other cells');
}

test('writeXlsx → openpyxl: every hard cell reads back exactly, quotePrefix where risky', () => {
  const table = (neutralize) =>
    writeXlsx({
      columns: HEADER,
      rowCount: HARD.length,
      getRows: (b, e) => HARD.slice(b, e),
      neutralize,
      batchRows: 3,
    });
  const on = table(true);
  const off = table(false);
  assert.deepEqual(
    on.warnings.map((w) => [w.code, w.count]),
    [['truncated', 1], ['invalid_chars', 2], ['neutralized', 9]],
  );
  const [rOn, rOff] = openpyxlRead([on.bytes, off.bytes]);
  const rows = [HEADER, ...HARD];
  for (const r of [rOn, rOff]) {
    assert.deepEqual(r.sheets.map((s) => s.title), ['Data']);
    assert.equal(r.epoch1904, false);
  }
  assertSheet(rOn.sheets[0], rows, { marked: (s) => isFormulaRisk(s) });
  assertSheet(rOff.sheets[0], rows);
  // The marks themselves, spelled out (not only as isFormulaRisk says): "-0", "+33 1 23 45 67 89",
  // "-12.5", "+1" and "-" are data (numbers, a phone number, a placeholder), not marked.
  const marks = (r) => [...cellMap(r.sheets[0])].filter(([, c]) => c.quotePrefix).map(([ref]) => ref);
  assert.deepEqual(marks(rOn), ['C1', 'A6', 'D6', 'E6', 'F6', 'G6', 'H6', 'A7', 'C7']);
  assert.deepEqual(marks(rOff), []);
});

test('writeXlsx → openpyxl: typed numbers, dates, booleans where exact; the rest text; frozen header, autofilter', () => {
  const columns = ['customer_id', 'amount', 'balance', 'score', 'active', 'signup', 'last_login', 'phone', 'zip', 'big', 'note'];
  const types = [
    { type: 'integer' }, { type: 'decimal' }, { type: 'decimal' }, { type: 'integer' }, { type: 'boolean' },
    { type: 'date', format: 'DD/MM/YYYY' }, { type: 'datetime', format: 'YYYY-MM-DD HH:MM:SS' },
    { type: 'phone', format: '+99999999999' }, { type: 'postal_code' }, { type: 'integer' }, { type: 'text' },
  ];
  const rows = [
    ['1001', '12.50', '1,234.50', '42', 'yes', '05/03/2021', '2021-03-05 10:30:00', '+81312344686', '01234', '123456789012345678', '=1+1'],
    ['1002', '-3', '1,234', '0042', 'FALSE', '31/12/1999', '2021-03-05T10:30:00', '0412 345 678', '12345', '123456789012345', '-2+3'],
    ['1003', 'n/a', '$5.00', '-7', 'maybe', '30/02/2021', '2021-13-01 00:00:00', '555-1234', '99999', '-0', 'plain'],
    ['1004', '1e5', '12,345,678', '+5', '1', '01/01/1899', '1900-03-01 00:00:01', '', '', ' 7', '--'],
  ];
  const { bytes, warnings, typedCells } = writeXlsx({ columns, rowCount: rows.length, getRows: (b, e) => rows.slice(b, e), types });
  assert.deepEqual(warnings.map((w) => [w.code, w.count]), [['neutralized', 2]]);
  const [r] = openpyxlRead([bytes]);
  const sheet = r.sheets[0];
  assert.equal(sheet.freeze, 'A2', 'the header row is frozen');
  assert.equal(sheet.autofilter, 'A1:K5', 'an autofilter over the written range');
  const cells = cellMap(sheet);
  const kinds = (col) => [2, 3, 4, 5].map((row) => {
    const c = cells.get(`${col}${row}`);
    return c ? [c.kind, c.text] : null;
  });
  const str = (...vs) => vs.map((v) => (v === '' ? null : ['str', v]));
  assert.deepEqual(kinds('A'), str('1001', '1002', '1003', '1004'), 'an id column stays text');
  assert.deepEqual(kinds('B'), [['float', '12.5'], ['int', '-3'], ['str', 'n/a'], ['str', '1e5']]);
  assert.deepEqual(kinds('C'), [['float', '1234.5'], ['str', '1,234'], ['str', '$5.00'], ['int', '12345678']],
    '1,234 could be a decimal comma; a currency sign stays with its value');
  assert.deepEqual(kinds('D'), [['int', '42'], ['str', '0042'], ['int', '-7'], ['str', '+5']], 'a leading zero or + keeps the text');
  assert.deepEqual(kinds('E'), [['bool', 'TRUE'], ['bool', 'FALSE'], ['str', 'maybe'], ['bool', 'TRUE']]);
  assert.deepEqual(kinds('F'), [['datetime', '2021-03-05T00:00:00'], ['datetime', '1999-12-31T00:00:00'], ['str', '30/02/2021'], ['str', '01/01/1899']],
    'DD/MM/YYYY read day first; no 30 February; nothing before 1900-03-01');
  assert.deepEqual(kinds('G'), [['datetime', '2021-03-05T10:30:00'], ['str', '2021-03-05T10:30:00'], ['str', '2021-13-01 00:00:00'], ['datetime', '1900-03-01T00:00:01']],
    'only values in the column\'s own layout');
  assert.deepEqual(kinds('H'), str('+81312344686', '0412 345 678', '555-1234', ''), 'phones stay text');
  assert.deepEqual(kinds('I'), str('01234', '12345', '99999', ''), 'postal codes stay text');
  assert.deepEqual(kinds('J'), [['str', '123456789012345678'], ['int', '123456789012345'], ['int', '0'], ['str', ' 7']],
    'more than 15 digits would be rounded by Excel: text');
  assert.equal(cells.get('F2').format, 'yyyy-mm-dd');
  assert.equal(cells.get('G2').format, 'yyyy-mm-dd hh:mm:ss');
  // Neutralization marks text cells only; typed cells are never formulas.
  const marked = [...cells].filter(([, c]) => c.quotePrefix).map(([ref]) => ref);
  assert.deepEqual(marked, ['K2', 'K3']);
  assert.equal(typedCells, [...cells.values()].filter((c) => c.kind !== 'str').length);
  // The header stays text whatever the column's type.
  for (let c = 0; c < columns.length; c++) assert.equal(cells.get(`${columnName(c)}1`).kind, 'str');
  // Our own reader gives the dates back in ISO form, numbers as written, booleans TRUE/FALSE.
  const back = parseCsv(new TextDecoder().decode(sheetToCsv(bytes)));
  assert.deepEqual(back[1].slice(1, 7), ['12.50', '1234.50', '42', 'TRUE', '2021-03-05', '2021-03-05T10:30:00']);
});

test('writeXlsx → openpyxl: columns past Z, AZ, ZZ up to XFD, sparse cells', () => {
  const width = 16384;
  const columns = Array.from({ length: width }, (_, c) => (c % 7 === 5 ? '' : `h${columnName(c)}`));
  const rows = [
    Array.from({ length: width }, (_, c) => (c % 97 === 0 || c === width - 1 ? `${columnName(c)}2` : null)),
    Array.from({ length: 800 }, (_, c) => `r3 ${c}`),
    ['only A4'],
  ];
  const { bytes } = writeXlsx({ columns, rowCount: rows.length, getRows: (b, e) => rows.slice(b, e) });
  const [r] = openpyxlRead([bytes]);
  assertSheet(r.sheets[0], [columns, ...rows]);
  const cells = cellMap(r.sheets[0]);
  for (const ref of ['Z3', 'AA3', 'AZ3', 'BA3', 'ZZ3', 'AAA3', 'ADT3', 'XFD1', 'XFD2']) assert.ok(cells.has(ref), ref);
  // And our own reader agrees with the table.
  const back = parseCsv(new TextDecoder().decode(sheetToCsv(bytes)));
  assert.equal(back.length, 4);
  assert.deepEqual(back[2].slice(0, 800), rows[1]);
  assert.equal(back[1][width - 1], 'XFD2');
});

test('writeXlsx → openpyxl: sheet names with odd characters', () => {
  const names = [
    ['Q1 & <Ünïcødé> "x" \'y\' 😀', 'Q1 & <Ünïcødé> "x" \'y\' 😀'],
    ['a/b:c*d?e[f]g\\h', 'a_b_c_d_e_f_g_h'],
    ["'quoted'", 'quoted'],
    ['History', 'History_'],
    ['', 'Data'],
    ['1234567890123456789012345678901234', '1234567890123456789012345678901'],
    ['123456789012345678901234567890😀', '123456789012345678901234567890'], // no half emoji
  ];
  const books = names.map(([sheetName]) =>
    writeXlsx({ columns: ['a'], rowCount: 1, getRows: () => [['1']], sheetName }).bytes,
  );
  const read = openpyxlRead(books);
  names.forEach(([given, want], i) => {
    assert.equal(read[i].sheets[0].title, want, `openpyxl title of ${JSON.stringify(given)}`);
    assert.equal(listSheets(books[i])[0].name, want, `listSheets name of ${JSON.stringify(given)}`);
  });
});

// ----- openpyxl / XlsxWriter → sheetToCsv ----------------------------------------------------

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** A format code shows a time when it has h or s outside quotes, brackets and escapes. */
const showsTime = (format) => /[hs]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));

/** ISO "YYYY-MM-DDTHH:MM:SS[.ffffff]" rounded to the second. */
function isoToSecond(iso) {
  const ms = Date.parse(`${iso}Z`);
  return new Date(Math.round(ms / 1000) * 1000).toISOString().slice(0, 19);
}

/** The CSV text sheetToCsv gives for what openpyxl read (the rules at the top of this file). */
function rendered({ kind, text, format }, { isoDates, epoch1904 }) {
  switch (kind) {
    case 'str':
    case 'error':
      return text;
    case 'bool':
      return text; // TRUE / FALSE
    case 'int':
      return text; // all its digits, as stored
    case 'float':
      return null; // checked as a number
    case 'date':
      return text;
    case 'time':
      return text.slice(0, 8);
    case 'timedelta': {
      const s = Math.round(Number(text));
      return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    }
    case 'datetime': {
      if (epoch1904 && text < '1904') {
        // Before the 1904 epoch: a negative serial, which Excel shows as ##### and sheetToCsv
        // keeps as the number (openpyxl makes a date of it).
        return String((Date.parse(`${text}Z`) - Date.UTC(1904, 0, 1)) / 86400000);
      }
      if (isoDates) return text.replace(/(\.\d{3})\d{3}$/, '$1'); // as openpyxl stores it
      const iso = isoToSecond(text);
      return showsTime(format) || !iso.endsWith('T00:00:00') ? iso : iso.slice(0, 10);
    }
    default:
      throw new Error(`unexpected kind ${kind}`);
  }
}

/** Compares sheetToCsv's CSV of one sheet with openpyxl's cells (rows and columns placed). */
function assertCsvMatches(csvText, sheet, options, label) {
  const grid = new Map();
  let first = Infinity;
  let last = 0;
  let width = 0;
  for (const [ref, kind, text, , format] of sheet.cells) {
    const [row, col] = parseRef(ref);
    let cellText = text;
    // openpyxl leaves XlsxWriter's _x000D_ (CR) escape in shared strings undecoded; Excel and
    // sheetToCsv decode it.
    if (options.fixture === 'xlsxwriter') cellText = cellText.replace(/_x000D_/g, '\r');
    grid.set(ref, { kind, text: cellText, format, row, col });
    first = Math.min(first, row);
    last = Math.max(last, row);
    width = Math.max(width, col + 1);
  }
  const rows = parseCsv(csvText);
  if (grid.size === 0) {
    assert.deepEqual(rows, [], `${label}: an empty sheet gives an empty CSV`);
    return;
  }
  // Leading and trailing empty rows are dropped, empty rows between kept, rows padded to the
  // widest, column A is the first field.
  assert.equal(rows.length, last - first + 1, `${label}: rows`);
  for (const [r, fields] of rows.entries()) {
    assert.equal(fields.length, width, `${label}: fields in CSV row ${r + 1}`);
    for (const [c, field] of fields.entries()) {
      const ref = `${columnName(c)}${first + r}`;
      const cell = grid.get(ref);
      if (!cell) {
        assert.equal(field, '', `${label} ${ref}: empty`);
        continue;
      }
      const want = rendered(cell, options);
      if (want === null) {
        assert.match(field, /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/, `${label} ${ref}: a plain number`);
        assert.equal(Number(field), Number(cell.text), `${label} ${ref}: the same number`);
      } else {
        assert.equal(field, want, `${label} ${ref} (${cell.kind}, ${cell.format})`);
      }
    }
  }
}

for (const fixture of ['openpyxl', 'openpyxl-write-only', 'openpyxl-iso-dates', 'openpyxl-1904', 'xlsxwriter']) {
  test(`${fixture} → listSheets and sheetToCsv give what openpyxl reads (fflate and native inflate)`, async () => {
    const file = path.join(dir, `${fixture}.xlsx`);
    const expected = python('write', fixture, file);
    assert.deepEqual(expected.warnings, []);
    assert.equal(expected.epoch1904, fixture === 'openpyxl-1904');
    const bytes = new Uint8Array(fs.readFileSync(file));
    const sheets = listSheets(bytes);
    assert.deepEqual(sheets.map((s) => s.name), expected.sheets.map((s) => s.title));
    assert.deepEqual(sheets.map((s) => s.hidden), expected.sheets.map((s) => s.state !== 'visible'));
    assert.ok(sheets.every((s) => s.kind === 'worksheet'));
    for (const [i, sheet] of expected.sheets.entries()) {
      const csv = sheetToCsv(bytes, i);
      const text = new TextDecoder().decode(csv);
      assertCsvMatches(text, sheet, { fixture, isoDates: fixture === 'openpyxl-iso-dates', epoch1904: expected.epoch1904 }, `${fixture} ${sheet.title}`);
      assert.deepEqual(await sheetToCsvAsync(bytes, i, { inflate: 'native' }), csv, `${sheet.title}: native inflate`);
    }
    if (fixture === 'openpyxl') {
      // The rendering rules, spelled out on a few cells of the first sheet.
      const rows = parseCsv(new TextDecoder().decode(sheetToCsv(bytes, 0)));
      assert.deepEqual(rows[1], ['plain', '0', '1.5', 'TRUE', '2021-03-04T05:06:07', '2020-01-02', '13:14:15', '30:01:00']);
      assert.deepEqual(rows[3], ['', '', '', '', '', '', '', '']);
      assert.equal(rows[7][4], '2000-01-01T12:00:00'); // .25 s rounded to the second
      assert.deepEqual(rows[9].slice(0, 5), ['1e5', '1', '2', '3', '']); // formula without a value
    }
  });
}
