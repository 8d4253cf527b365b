// Small DOM and formatting helpers. Data (cell values, column names, messages from the engine)
// only ever enters the page as text: el() sets textContent, never innerHTML.

/**
 * Creates an element. attrs: className, text (textContent), dataset {..}, on {event: fn}, and any
 * other attribute (set with setAttribute; false/null/undefined skip it). children: nodes/strings.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === 'hidden') node.hidden = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const integerFormat = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567". */
export function fmtInt(n) {
  return integerFormat.format(n);
}

/** 0.1234 → "12.3%" (1 decimal; 100% and 0% exact only when exact). */
export function fmtPct(ratio, digits = 1) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  const pct = ratio * 100;
  if (pct > 99.9 && pct < 100) return '>99.9%';
  if (pct > 0 && pct < 0.1) return '<0.1%';
  return `${pct.toFixed(digits).replace(/\.0+$/, '')}%`;
}

/** A byte count as "12.3 MB". */
export function fmtBytes(n) {
  if (n < 1000) return `${n} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

/** A number from the profile (mean, std, quantile) compactly: up to 4 significant decimals. */
export function fmtNum(v) {
  if (typeof v === 'string') return v; // dates come as strings
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return fmtInt(v);
  const abs = Math.abs(v);
  if (abs >= 1e6 || (abs > 0 && abs < 1e-3)) return v.toExponential(3);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: abs >= 100 ? 2 : 4 }).format(v);
}

const pluralRules = new Intl.PluralRules('en-US');

/**
 * The word for a count, by the language's plural rules: word(1, 'row') → "row",
 * word(2, 'value is', 'values are') → "values are". The one way the page matches a noun (or a
 * noun and its verb) to a count.
 */
export function word(n, one, many = `${one}s`) {
  return pluralRules.select(n) === 'one' ? one : many;
}

/** A count and its word: plural(3, 'row') → "3 rows"; plural(1, 'value is', 'values are'). */
export function plural(n, one, many = `${one}s`) {
  return `${fmtInt(n)} ${word(n, one, many)}`;
}

/** A facet's accessible name: showRows(1, ' where x is missing') → "Show the 1 row where x is missing". */
export function showRows(n, rest = '') {
  return `Show the ${plural(n, 'row')}${rest}`;
}

/** The human name of an inferred type. */
export const TYPE_LABELS = {
  integer: 'integer',
  decimal: 'decimal',
  boolean: 'yes/no',
  date: 'date',
  datetime: 'date-time',
  email: 'email',
  phone: 'phone',
  url: 'URL',
  postal_code: 'postal code',
  country_code: 'country code',
  country: 'country',
  text: 'text',
  empty: 'empty',
};

export function typeLabel(type) {
  return TYPE_LABELS[type] ?? String(type).replace(/_/g, ' ');
}

/** What a valid value of a type is called in a sentence ("valid email addresses"). */
const TYPE_NOUNS = {
  integer: 'whole numbers',
  decimal: 'numbers',
  boolean: 'yes/no values',
  date: 'dates',
  datetime: 'date-times',
  email: 'email addresses',
  phone: 'phone numbers',
  url: 'web addresses',
  postal_code: 'postal codes',
  country_code: 'country codes',
  country: 'countries',
};

export function typeNoun(type) {
  return TYPE_NOUNS[type] ?? `${typeLabel(type)} values`;
}

/** What one valid value of a type is called ("email address"). */
const TYPE_NOUNS_ONE = {
  integer: 'whole number',
  decimal: 'number',
  boolean: 'yes/no value',
  date: 'date',
  datetime: 'date-time',
  email: 'email address',
  phone: 'phone number',
  url: 'web address',
  postal_code: 'postal code',
  country_code: 'country code',
  country: 'country',
};

export function typeNounOne(type) {
  return TYPE_NOUNS_ONE[type] ?? `${typeLabel(type)} value`;
}

/** Visible rendering of a value whose spaces matter: quotes it when it has outer whitespace. */
export function showValue(v) {
  if (v === '') return '(empty)';
  if (/^\s|\s$/.test(v)) return `“${v}”`;
  return v;
}

/** Downloads bytes (Uint8Array/ArrayBuffer/string) as a file via a blob: URL. */
export function download(data, filename, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, className: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
