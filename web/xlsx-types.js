// Typed cells for the .xlsx export: which values of a profiled column are written as numbers,
// dates or booleans (so that a spreadsheet can sum, sort and filter them), and which stay text.
// Plain ES module with no DOM (worker and Node).
//
// A value is typed only when its column's inferred type says so and the conversion is exact and
// unambiguous; anything else stays text, exactly as it is:
//   integer / decimal: -?digits[.digits] without a superfluous leading zero ("0412" is a code),
//     and 1,234,567[.89] when the grouping cannot be a decimal comma (two or more groups, or a
//     decimal point); at most 15 significant digits (Excel keeps 15; "123456789012345678" would
//     be rounded). Not in columns named like identifiers (id, uuid, guid, key, uid: "customer_id",
//     "AccountKey"). A currency sign, a leading +, an exponent or spaces keep a value text.
//   boolean: true/false, yes/no, t/f, y/n, 1/0 (any case) → TRUE/FALSE.
//   date / datetime: values in the column's own format (the profile's `format`, which also
//     settles DD/MM against MM/DD), years 1900-9999 from 1900-03-01 on (Excel's serials before
//     that are off by its 1900 leap-year bug), real calendar dates; a UTC "Z" is the same clock
//     time; month-name formats and UTC offsets stay text (Excel has no time zones).
// Phones, postal codes, emails, URLs, countries and text are never typed.

/** Style indexes in the written styles.xml (see writeXlsx): dates, datetimes, with milliseconds. */
export const XF_DATE = 2;
export const XF_DATETIME = 3;
export const XF_DATETIME_MS = 4;
/** The number formats of those styles (custom ids 164-166; ISO order reads the same everywhere). */
export const DATE_FORMATS = [
  [164, 'yyyy-mm-dd'],
  [165, 'yyyy-mm-dd hh:mm:ss'],
  [166, 'yyyy-mm-dd hh:mm:ss.000'],
];

const PLAIN_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const GROUPED_NUMBER = /^-?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?$/;
const BOOLEANS = new Map(
  ['true', 'yes', 't', 'y', '1'].map((w) => [w, '1']).concat(['false', 'no', 'f', 'n', '0'].map((w) => [w, '0'])),
);
const ID_WORDS = new Set(['id', 'uuid', 'guid', 'key', 'uid']);

/** Words of a column name, as the engine splits them (separators, camelCase), lower case. */
function nameWords(name) {
  return String(name ?? '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True for a column named like an identifier (its numbers stay text). */
export function isIdName(name) {
  return nameWords(name).some((w) => ID_WORDS.has(w));
}

/** Significant digits of a number literal (digits without leading zeros). */
function significantDigits(digits) {
  const s = digits.replace(/^[0.]+/, '');
  return s.replace('.', '').length;
}

/** The <v> text of a number value, or null when it stays text. */
function numberValue(s) {
  let literal;
  if (PLAIN_NUMBER.test(s)) literal = s;
  else if (GROUPED_NUMBER.test(s) && (s.includes('.') || s.indexOf(',') !== s.lastIndexOf(','))) literal = s.replace(/,/g, '');
  else return null;
  const digits = literal.replace('-', '');
  if (significantDigits(digits) > 15) return null;
  return literal; // written as is: Excel reads the decimal text to the nearest double
}

function booleanValue(s) {
  return BOOLEANS.get(s.toLowerCase()) ?? null;
}

const DAY_MS = 86400000;
/** Serial of 1970-01-01 in Excel's 1900 date system. */
const EPOCH_SERIAL = 25569;
/** First serial past Excel's phantom 1900-02-29. */
const FIRST_SAFE_SERIAL = 61;

function daysInMonth(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A parser for values in a date layout as the engine names it ("DD/MM/YYYY",
 * "YYYY-MM-DDTHH:MM:SS.fffZ", "MM/DD/YYYY hh:MM AM"): {parse(s) → serial | null, time, millis},
 * or null for layouts written as text (month names, UTC offsets).
 */
export function dateLayout(format) {
  const f = String(format ?? '');
  if (!f || /MMM|±/.test(f)) return null;
  const slash = f.includes('/');
  let re = '^';
  const fields = [];
  let clock = false;
  for (let i = 0; i < f.length; ) {
    const rest = f.slice(i);
    const token = ['YYYY', 'MM', 'DD', 'HH', 'hh', 'SS', 'fff', 'AM'].find((t) => rest.startsWith(t));
    if (token === 'YYYY') {
      re += '([0-9]{4})';
      fields.push('y');
    } else if (token === 'MM' && !clock) {
      re += slash ? '([0-9]{1,2})' : '([0-9]{2})';
      fields.push('m');
    } else if (token === 'MM') {
      re += '([0-9]{2})';
      fields.push('mi');
    } else if (token === 'DD') {
      re += slash ? '([0-9]{1,2})' : '([0-9]{2})';
      fields.push('d');
    } else if (token === 'HH' || token === 'hh') {
      clock = true;
      re += token === 'hh' ? '([0-9]{1,2})' : '([0-9]{2})';
      fields.push(token === 'hh' ? 'h12' : 'h');
    } else if (token === 'SS') {
      re += '([0-9]{2})';
      fields.push('s');
    } else if (token === 'fff') {
      re += '([0-9]{1,9})';
      fields.push('f');
    } else if (token === 'AM') {
      re += '([AaPp][Mm])';
      fields.push('ampm');
    } else {
      const c = f[i];
      if (!/[-/.: TZ]/.test(c)) return null; // a layout this does not know: text
      re += c === '.' ? '\\.' : c;
      i += 1;
      continue;
    }
    i += token.length;
  }
  const pattern = new RegExp(`${re}$`);
  const millis = fields.includes('f');
  const parse = (s) => {
    const m = pattern.exec(s);
    if (!m) return null;
    const v = { y: 0, m: 0, d: 0, h: 0, h12: -1, mi: 0, s: 0, f: '', ampm: '' };
    fields.forEach((name, k) => {
      v[name] = name === 'f' || name === 'ampm' ? m[k + 1] : Number(m[k + 1]);
    });
    let hour = v.h;
    if (v.h12 >= 0) {
      if (v.h12 < 1 || v.h12 > 12) return null;
      hour = (v.h12 % 12) + (v.ampm.toLowerCase() === 'pm' ? 12 : 0);
    }
    if (v.y < 1900 || v.y > 9999 || v.m < 1 || v.m > 12 || v.d < 1 || v.d > daysInMonth(v.y, v.m)) return null;
    if (hour > 23 || v.mi > 59 || v.s > 59) return null;
    const day = Date.UTC(v.y, v.m - 1, v.d) / DAY_MS + EPOCH_SERIAL;
    if (day < FIRST_SAFE_SERIAL) return null;
    const seconds = hour * 3600 + v.mi * 60 + v.s + (v.f ? Number(`0.${v.f}`) : 0);
    return seconds ? day + seconds / 86400 : day;
  };
  return { parse, time: clock, millis };
}

/**
 * For each column, how its values are typed: null (all text), or {style, bool, value(s) → the
 * <v> text or null (text)}. types: per column {type, format} as in the profile's columns; names:
 * the header (identifier columns stay text).
 */
export function cellTypers(types, names = []) {
  return (types ?? []).map((t, i) => {
    const type = t?.type;
    if (type === 'integer' || type === 'decimal') {
      if (isIdName(names[i])) return null;
      return { style: 0, bool: false, value: numberValue };
    }
    if (type === 'boolean') return { style: 0, bool: true, value: booleanValue };
    if (type === 'date' || type === 'datetime') {
      const layout = dateLayout(t.format);
      if (!layout) return null;
      const style = !layout.time ? XF_DATE : layout.millis ? XF_DATETIME_MS : XF_DATETIME;
      return {
        style,
        bool: false,
        value: (s) => {
          const serial = layout.parse(s);
          return serial === null ? null : String(serial);
        },
      };
    }
    return null;
  });
}
