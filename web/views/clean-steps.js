// Recipe steps for people: each op in plain words (describeStep), and the "Add a step" form —
// one set of labelled fields per op, read back into a step object (StepForm). The engine checks
// every step again (recipe.h); the form only helps to write a valid one.
import { el } from './dom.js';

/** The ops the form offers, in the README's order: {op, label, many (several columns)}. */
export const OPS = [
  { op: 'clean_text', label: 'Clean text (trim, spaces, invisible characters)', many: true },
  { op: 'trim', label: 'Trim leading and trailing spaces', many: true },
  { op: 'collapse_spaces', label: 'Collapse inner spaces', many: true },
  { op: 'case', label: 'Change letter case', many: true },
  { op: 'email', label: 'Standardize e-mail addresses', many: true },
  { op: 'phone', label: 'Standardize phone numbers', many: true },
  { op: 'date', label: 'Write dates as YYYY-MM-DD', many: true },
  { op: 'country', label: 'Standardize countries', many: true },
  { op: 'postal_code', label: 'Standardize postal codes', many: true },
  { op: 'number', label: 'Write numbers plainly', many: true },
  { op: 'boolean', label: 'Write yes/no values as true/false', many: true },
  { op: 'replace', label: 'Replace whole values', many: true },
  { op: 'fill_missing', label: 'Fill missing values', many: true },
  { op: 'drop_rows', label: 'Drop rows with a missing value', many: true },
  { op: 'zscore', label: 'Add a z-score column', adds: 1 },
  { op: 'minmax', label: 'Add a 0–1 scaled column', adds: 1 },
  { op: 'age', label: 'Add an age column (whole years)', adds: 1 },
  { op: 'days_since', label: 'Add a days-since column', adds: 1 },
  { op: 'split_name', label: 'Split a full name into given and family name', adds: 2 },
  { op: 'rename', label: 'Rename the column' },
  { op: 'drop_column', label: 'Remove the column', many: true },
];

const CASE_WORDS = { lower: 'lower case', upper: 'UPPER CASE', title: 'Title Case', name: 'person-name case (McDonald, van)' };

function cols(step) {
  const names = step.columns ?? (step.column !== undefined ? [step.column] : []);
  const q = names.map((n) => `“${n}”`);
  if (q.length <= 3) return q.join(', ');
  return `${q.slice(0, 3).join(', ')} and ${q.length - 3} more columns`;
}

/** One step in plain words: "Phone numbers in “phone” → E.164 (+14155550123), region US". */
export function describeStep(step) {
  const c = cols(step);
  const as = step.as ? ` as “${[].concat(step.as).join('”, “')}”` : '';
  switch (step.op) {
    case 'clean_text': return `Clean the text in ${c}: trim, collapse spaces, remove invisible characters`;
    case 'trim': return `Trim spaces around the values in ${c}`;
    case 'collapse_spaces': return `Collapse runs of spaces in ${c}`;
    case 'case': return `Write ${c} in ${CASE_WORDS[step.mode] ?? step.mode}`;
    case 'email': return `Standardize the e-mail addresses in ${c}${step.lower_local ? ' (whole address in lower case)' : ''}`;
    case 'phone': {
      const fmt = { international: 'international format', national: 'national format' }[step.format] ?? 'E.164 (+14155550123)';
      const region = [step.region_column ? `the country in “${step.region_column}”` : '', step.region ? `else ${step.region}` : ''].filter(Boolean).join(', ');
      return `Write the phone numbers in ${c} as ${fmt}${region ? ` (region: ${region})` : ''}`;
    }
    case 'date': return `Write the dates in ${c} as YYYY-MM-DD${step.input_format ? `, reading ${step.input_format}` : ''}`;
    case 'country': return `Write the countries in ${c} as ${{ alpha3: 'three-letter codes', name: 'English names' }[step.output] ?? 'two-letter codes (ISO 3166)'}`;
    case 'postal_code': return `Standardize the postal codes in ${c} for ${step.country_column ? `the country in “${step.country_column}”` : step.country ?? 'their country'}`;
    case 'number': return `Write the numbers in ${c} plainly (1234.5)${step.decimal_comma === true ? ', reading decimal commas' : ''}`;
    case 'boolean': return `Write the yes/no values in ${c} as true/false`;
    case 'replace': return `Replace ${Object.keys(step.map ?? {}).length} value(s) in ${c}`;
    case 'fill_missing': return `Fill the missing values in ${c} with ${step.strategy === 'value' ? `“${step.value}”` : `the ${step.strategy}${step.strategy === 'previous' ? ' value' : ''}`}`;
    case 'drop_rows': return `Drop the rows with a missing value in ${c}`;
    case 'zscore': return `Add the z-score of ${c}${as}`;
    case 'minmax': return `Add ${c} scaled to 0–1${as}`;
    case 'age': return `Add the age in years from ${c}${as}${step.reference_date ? ` on ${step.reference_date}` : ''}`;
    case 'days_since': return `Add the days since ${c}${as}`;
    case 'split_name': return `Split ${c} into given and family name${as}`;
    case 'join_name': return `Join ${c} into one name${as}`;
    case 'rename': return `Rename ${c} to “${step.to}”`;
    case 'drop_column': return `Remove ${c}`;
    case 'edit_cell': return `Set ${c} in row ${Number(step.row) + 1} to “${step.value}”`;
    case 'erase_rows': return `Erase ${step.rows?.length === 1 ? `row ${Number(step.rows[0]) + 1}` : `${step.rows?.length ?? 0} rows`} at a person’s request (${step.reason})`;
    default: return `${step.op} on ${c}`;
  }
}

let formIds = 0;

/** A labelled field: {node, read() → value or undefined (not given)}. */
function field(label, control, hint) {
  const id = `step-field-${++formIds}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  const node = el('div', { className: 'step-field' },
    el('label', { for: id, text: label }), control,
    hint ? el('p', { id: hintId, className: 'hint', text: hint }) : null);
  return node;
}

function select(options, value = options[0]?.[0] ?? '') {
  const s = el('select', {}, ...options.map(([v, t]) => el('option', { value: v, text: t })));
  s.value = value;
  return s;
}

function text(placeholder = '') {
  return el('input', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder });
}

/** Parameter fields of an op: [{node, apply(step) (sets its parameter, or throws)}]. */
function paramFields(op, columnNames) {
  const colOptions = [['', '(none)'], ...columnNames.map((n) => [n, n])];
  const out = [];
  const add = (node, apply) => out.push({ node, apply });
  const optText = (key, label, placeholder, hint) => {
    const c = text(placeholder);
    add(field(label, c, hint), (s) => { if (c.value.trim() !== '') s[key] = c.value.trim(); });
  };
  const optSelect = (key, label, options, hint) => {
    const c = select(options);
    add(field(label, c, hint), (s) => { if (c.value !== '') s[key] = c.value; });
  };
  switch (op) {
    case 'case':
      optSelect('mode', 'Case', [['name', 'Person names (Ronald McDonald)'], ['title', 'Title Case'], ['lower', 'lower case'], ['upper', 'UPPER CASE']]);
      break;
    case 'email': {
      const c = el('input', { type: 'checkbox' });
      add(field('Lower-case the part before @ too', c), (s) => { if (c.checked) s.lower_local = true; });
      break;
    }
    case 'phone':
      optText('region', 'Default region', 'US', 'Two-letter country code for numbers written without +; empty: the region the profile found.');
      optSelect('region_column', 'Country column (per row)', colOptions);
      optSelect('format', 'Write as', [['', 'E.164 (+14155550123)'], ['international', 'International (+1 415-555-0123)'], ['national', 'National ((415) 555-0123)']]);
      break;
    case 'date':
      optText('input_format', 'Input layout', 'DD/MM/YYYY', 'Optional, e.g. DD/MM/YYYY or MM/DD/YYYY; empty: each value in its own recognized layout.');
      break;
    case 'country':
      optSelect('output', 'Write as', [['', 'Two-letter code (DE)'], ['alpha3', 'Three-letter code (DEU)'], ['name', 'English name (Germany)']]);
      break;
    case 'postal_code':
      optText('country', 'Country', 'US', 'Two-letter code; or pick a country column below.');
      optSelect('country_column', 'Country column (per row)', colOptions);
      break;
    case 'number': {
      const c = select([['', 'As the profile found'], ['false', 'Point (1,234.50)'], ['true', 'Comma (1.234,50)']]);
      add(field('Decimal mark', c), (s) => { if (c.value !== '') s.decimal_comma = c.value === 'true'; });
      break;
    }
    case 'replace': {
      const c = el('textarea', { rows: '4', spellcheck: 'false', placeholder: 'Calif. => CA' });
      add(field('Replacements, one per line: from => to', c, 'Whole values only; an empty “to” makes the value missing.'), (s) => {
        const map = {};
        for (const line of c.value.split('\n')) {
          if (line.trim() === '') continue;
          const at = line.indexOf('=>');
          if (at < 0) throw new Error(`“${line}” has no => between the value and its replacement`);
          map[line.slice(0, at).trim()] = line.slice(at + 2).trim();
        }
        if (Object.keys(map).length === 0) throw new Error('write at least one replacement (from => to)');
        s.map = map;
      });
      break;
    }
    case 'fill_missing': {
      const strategy = select([['value', 'A value'], ['mean', 'The mean'], ['median', 'The median'], ['mode', 'The most frequent value'], ['previous', 'The value above']], 'value');
      const value = text('unknown');
      add(field('Fill with', strategy), (s) => { s.strategy = strategy.value; });
      add(field('Value', value, 'Used when filling with a value.'), (s) => { if (s.strategy === 'value') s.value = value.value; });
      break;
    }
    case 'drop_rows':
      add(el('p', { className: 'hint', text: 'Drops every row with a missing value in the column(s); the change log lists them.' }), (s) => { s.rule = { check: 'not_null' }; });
      break;
    case 'zscore': case 'minmax': case 'age': case 'days_since':
      if (op === 'age' || op === 'days_since') {
        const d = el('input', { type: 'date' });
        add(field('Reference date', d, 'Empty: today.'), (s) => { if (d.value) s.reference_date = d.value; });
      }
      optText('as', 'New column name', '', 'Empty: the default name.');
      break;
    case 'split_name': {
      const given = text('given_name');
      const family = text('family_name');
      add(field('Given-name column', given), () => {});
      add(field('Family-name column', family), (s) => {
        if (given.value.trim() || family.value.trim()) s.as = [given.value.trim() || 'given_name', family.value.trim() || 'family_name'];
      });
      break;
    }
    case 'rename': {
      const c = text();
      add(field('New name', c), (s) => {
        if (c.value.trim() === '') throw new Error('write the new name');
        s.to = c.value.trim();
      });
      break;
    }
    default:
      break;
  }
  return out;
}

/** The "Add a step" form: column(s), op and its parameters. */
export class StepForm {
  /** @param container where the form's fields go; onChange() when anything changes */
  constructor(container, { onChange }) {
    this.container = container;
    this.onChange = onChange;
    this.columnNames = [];
    this.op = select(OPS.map((o) => [o.op, o.label]), 'clean_text');
    this.op.dataset.testid = 'step-op';
    this.column = el('select', { 'data-testid': 'step-column' });
    this.params = el('div', { className: 'step-params', 'data-testid': 'step-params' });
    this.fields = [];
    this.op.addEventListener('change', () => { this.renderParams(); this.onChange(); });
    this.column.addEventListener('change', () => this.onChange());
    this.params.addEventListener('input', () => this.onChange());
    this.params.addEventListener('change', () => this.onChange());
    container.replaceChildren(
      el('div', { className: 'step-row' }, field('Column', this.column), field('Change', this.op)),
      this.params,
    );
  }

  /** The current version's column names. */
  setColumns(names) {
    const keep = this.column.value;
    this.columnNames = names;
    this.column.replaceChildren(...names.map((n) => el('option', { value: n, text: n })));
    if (names.includes(keep)) this.column.value = keep;
    this.renderParams();
  }

  renderParams() {
    this.fields = paramFields(this.op.value, this.columnNames);
    this.params.replaceChildren(...this.fields.map((f) => f.node));
  }

  /** Picks an op and column (from a suggested step). */
  set(op, column) {
    this.op.value = op;
    if (this.columnNames.includes(column)) this.column.value = column;
    this.renderParams();
  }

  /** The step the form describes; throws an Error with a plain message when incomplete. */
  read() {
    if (!this.column.value) throw new Error('pick a column');
    const step = { op: this.op.value, column: this.column.value };
    for (const f of this.fields) f.apply(step);
    return step;
  }
}
