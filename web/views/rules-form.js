// The Rules tab's form for adding a rule by hand: one set of fields per check, optional `mostly`
// and severity, and for in_column a second file (loaded into an engine of its own by the
// worker). It builds the rule object of the rules file format; the engine checks it.
import { el, plural } from './dom.js';

/** The checks and what the form asks for each, in the order of the README. */
export const CHECKS = [
  { check: 'not_null', label: 'Not missing', help: 'Every row has a value.' },
  { check: 'unique', label: 'Unique', help: 'No two rows share a value (or a combination of values).', many: true },
  { check: 'type', label: 'Of a type', help: 'Values fit a type (email, date, number…).' },
  { check: 'regex', label: 'Matches a pattern', help: 'Values match a regular expression (RE2 syntax: no back-references or look-around; anchor with ^ and $).' },
  { check: 'between', label: 'Between', help: 'Numbers, or dates as YYYY-MM-DD, from a minimum and/or up to a maximum.' },
  { check: 'in_set', label: 'One of a list', help: 'Values are one of the listed ones.' },
  { check: 'length', label: 'Length', help: 'Values have at least and/or at most this many characters.' },
  { check: 'not_future', label: 'Not in the future', help: 'Dates are not after today (or a date you give).' },
  { check: 'compare', label: 'Compare two columns', help: 'Column A compared with column B in the same row, e.g. signup ≤ last update.' },
  { check: 'in_column', label: 'Present in another file', help: 'Values appear in a column of a second file (referential integrity).' },
];

const TYPES = ['integer', 'decimal', 'boolean', 'date', 'datetime', 'email', 'phone', 'url', 'postal_code', 'country_code', 'text'];
const OPERATORS = ['<', '<=', '=', '!=', '>=', '>'];

let uid = 0;

/** A labelled field: [label, control] with matching ids, plus an optional hint. */
function field(label, control, hint) {
  const id = `rule-f${++uid}`;
  control.id = id;
  const wrap = el('div', { className: 'rule-field' }, el('label', { for: id, text: label }), control);
  if (hint) {
    const hid = `${id}-hint`;
    control.setAttribute('aria-describedby', hid);
    wrap.append(el('p', { id: hid, className: 'hint', text: hint }));
  }
  return wrap;
}

function columnSelect(columns, multiple = false) {
  return el('select', { multiple, size: multiple ? String(Math.min(6, columns.length)) : null },
    ...columns.map((c) => el('option', { value: c, text: c })));
}

/** A number or an ISO date from a text box: '' → undefined, '12' → 12, '2020-01-01' stays. */
function bound(text) {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return t;
}

/**
 * Builds the add-rule form in `root`. options: columns() (names of the loaded table's columns),
 * onAdd(rule) (a rule object; may reject with an Error whose message the form shows),
 * openOther(file) → {name, rows, columns} (loads the second file), other() → the second file's
 * info or null.
 */
export function buildRuleForm(root, { columns, onAdd, openOther, other }) {
  const check = el('select', { 'data-testid': 'rule-check' },
    ...CHECKS.map((c) => el('option', { value: c.check, text: c.label })));
  const checkHelp = el('p', { className: 'hint', id: 'rule-check-help' });
  check.setAttribute('aria-describedby', 'rule-check-help');
  const params = el('div', { className: 'rule-params', 'data-testid': 'rule-params' });
  const mostly = el('input', { type: 'number', min: '0.01', max: '100', step: 'any', className: 'num-input', 'data-testid': 'rule-mostly', placeholder: '100' });
  const severity = el('select', { 'data-testid': 'rule-severity' },
    el('option', { value: 'error', text: 'Error (the run fails)' }),
    el('option', { value: 'warning', text: 'Warning (reported only)' }));
  const message = el('p', { className: 'form-error', role: 'alert', 'data-testid': 'rule-form-error' });
  const add = el('button', { type: 'submit', className: 'button primary small', 'data-testid': 'rule-add', text: 'Add rule' });
  const form = el('form', { className: 'rule-form', 'aria-label': 'Add a rule', 'data-testid': 'rule-form' },
    field('Check', check), checkHelp, params,
    el('div', { className: 'rule-row' },
      field('Passes when at least (% of values)', mostly, 'Empty: every value must pass.'),
      field('Severity', severity)),
    el('div', { className: 'rule-row' }, add), message);

  /** The current check's controls: a function that reads them into a rule (or throws). */
  let read = () => ({});

  function draw() {
    const spec = CHECKS.find((c) => c.check === check.value);
    checkHelp.textContent = spec.help;
    const cols = columns();
    const col = columnSelect(cols, false);
    col.dataset.testid = 'rule-column';
    const parts = [];
    const c = check.value;
    if (c === 'unique') {
      const many = columnSelect(cols, true);
      many.dataset.testid = 'rule-columns';
      parts.push(field('Columns (one, or several that must be unique together)', many, 'Ctrl- or Shift-click to pick several.'));
      read = () => {
        const picked = [...many.selectedOptions].map((o) => o.value);
        if (picked.length === 0) throw new Error('Pick at least one column.');
        return picked.length === 1 ? { column: picked[0] } : { columns: picked };
      };
    } else if (c === 'compare') {
      const b = columnSelect(cols, false);
      b.dataset.testid = 'rule-column-b';
      if (cols.length > 1) b.selectedIndex = 1;
      const op = el('select', { 'data-testid': 'rule-operator' }, ...OPERATORS.map((o) => el('option', { value: o, text: o })));
      op.value = '<=';
      parts.push(el('div', { className: 'rule-row' }, field('Column A', col), field('must be', op), field('Column B', b)));
      read = () => ({ columns: [col.value, b.value], operator: op.value });
    } else {
      parts.push(field('Column', col));
      read = () => ({ column: col.value });
    }
    const more = [];
    if (c === 'type') {
      const t = el('select', { 'data-testid': 'rule-type' }, ...TYPES.map((x) => el('option', { value: x, text: x.replace('_', ' ') })));
      more.push(field('Type', t));
      const base = read;
      read = () => ({ ...base(), type: t.value });
    } else if (c === 'regex') {
      const p = el('input', { type: 'text', 'data-testid': 'rule-pattern', spellcheck: 'false', autocomplete: 'off', placeholder: '^[A-Z]{2}\\d{4}$' });
      const ic = el('input', { type: 'checkbox', 'data-testid': 'rule-ignore-case' });
      more.push(field('Pattern', p, 'RE2 syntax; it runs in linear time, so no pattern can hang the page.'),
        el('label', { className: 'check' }, ic, ' Ignore case'));
      const base = read;
      read = () => {
        if (p.value === '') throw new Error('Enter a pattern.');
        return { ...base(), pattern: p.value, ...(ic.checked ? { ignore_case: true } : {}) };
      };
    } else if (c === 'between' || c === 'length') {
      const lo = el('input', { type: 'text', className: 'num-input', 'data-testid': 'rule-min', inputmode: c === 'length' ? 'numeric' : null });
      const hi = el('input', { type: 'text', className: 'num-input', 'data-testid': 'rule-max', inputmode: c === 'length' ? 'numeric' : null });
      const hint = c === 'between' ? 'A number, or a date as YYYY-MM-DD.' : 'Characters.';
      more.push(el('div', { className: 'rule-row' }, field('Minimum', lo, hint), field('Maximum', hi)));
      const base = read;
      read = () => {
        const r = { ...base() };
        const a = bound(lo.value);
        const b = bound(hi.value);
        if (a === undefined && b === undefined) throw new Error('Give a minimum, a maximum or both.');
        if (a !== undefined) r.min = a;
        if (b !== undefined) r.max = b;
        return r;
      };
    } else if (c === 'in_set') {
      const v = el('textarea', { rows: '3', 'data-testid': 'rule-values', spellcheck: 'false' });
      const ic = el('input', { type: 'checkbox', 'data-testid': 'rule-ignore-case' });
      more.push(field('Allowed values (one per line)', v), el('label', { className: 'check' }, ic, ' Ignore case'));
      const base = read;
      read = () => {
        const values = v.value.split('\n').map((s) => s.trim()).filter((s) => s !== '');
        if (values.length === 0) throw new Error('List at least one allowed value.');
        return { ...base(), values, ...(ic.checked ? { ignore_case: true } : {}) };
      };
    } else if (c === 'not_future') {
      const d = el('input', { type: 'date', 'data-testid': 'rule-reference-date' });
      more.push(field('Reference date (empty: today)', d));
      const base = read;
      read = () => ({ ...base(), ...(d.value ? { reference_date: d.value } : {}) });
    } else if (c === 'in_column') {
      const file = el('input', { type: 'file', accept: '.csv,.tsv,.txt,.xlsx', 'data-testid': 'rule-other-file' });
      const status = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'rule-other-status' });
      const oc = el('select', { 'data-testid': 'rule-other-column' });
      const fill = (info) => {
        oc.replaceChildren(...(info?.columns ?? []).map((n) => el('option', { value: n, text: n })));
        status.textContent = info ? `${info.name}: ${plural(info.rows, 'row')}, ${plural(info.columns.length, 'column')}` : 'No second file loaded yet.';
      };
      fill(other());
      file.addEventListener('change', async () => {
        const f = file.files[0];
        file.value = '';
        if (!f) return;
        status.textContent = `Reading ${f.name}…`;
        try {
          fill(await openOther(f));
        } catch (err) {
          status.textContent = `Could not read ${f.name}: ${err.message}`;
        }
      });
      more.push(field('Second file', file), status, field('Its column', oc));
      const base = read;
      read = () => {
        if (!oc.value) throw new Error('Load the second file and pick its column.');
        return { ...base(), other_column: oc.value };
      };
    }
    params.replaceChildren(...parts, ...more);
  }

  check.addEventListener('change', () => {
    message.textContent = '';
    draw();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    let rule;
    try {
      rule = { check: check.value, ...read() };
      if (mostly.value !== '') {
        const m = Number(mostly.value);
        if (!(m > 0 && m <= 100)) throw new Error('“Passes when at least” is a percentage above 0 and at most 100.');
        rule.mostly = m / 100;
      }
      if (severity.value === 'warning') rule.severity = 'warning';
    } catch (err) {
      message.textContent = err.message;
      return;
    }
    add.disabled = true;
    try {
      await onAdd(rule);
    } catch (err) {
      message.textContent = err.message;
    } finally {
      add.disabled = false;
    }
  });
  root.replaceChildren(form);
  return { redraw: draw };
}
