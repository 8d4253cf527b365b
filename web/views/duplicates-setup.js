// The setup part of the Duplicates view: which columns are compared and how, the blocking rules
// (which pairs are compared at all) with the pairs each would make, estimated from key
// frequencies before anything runs, and the verdict against the pair budget. Edits change a copy
// of the model (the JSON `crmwb dedupe --save-model` writes) and hand it to `onChange`, which
// estimates again.
import { el, fmtInt } from './dom.js';

/** Plain words for the comparators (the engine's kind names). */
const KIND_WORDS = {
  name: 'Person name (typos, nicknames, swapped)',
  text: 'Short text (typos)',
  street: 'Street or company (words)',
  email: 'Email',
  phone: 'Phone number',
  date: 'Date',
  code: 'Code or postcode (one or two edits)',
  number: 'Number (within a tolerance)',
  country: 'Country',
  exact: 'Exact only',
};

/** Plain words for the blocking keys. */
const KEY_WORDS = {
  value: 'the whole value',
  phonetic: 'sounds alike',
  initial: 'first letter',
  first3: 'first three letters',
  year: 'year',
  last7: 'last seven digits',
  sorted: 'words in any order',
};

/** The column names a blocking rule part list uses. */
function ruleColumns(rule) {
  return rule.map((p) => p.column);
}

/**
 * Draws the setup into `root`. setup: the engine's dedupeSuggest answer. onChange(model): the
 * user changed the model (a copy). Returns nothing; call again with a new answer to redraw.
 */
export function renderSetup(root, setup, onChange) {
  const model = structuredClone(setup.model);
  const compared = new Map(model.columns.map((c) => [c.column, c]));
  const kinds = setup.kinds.map((k) => k.kind);

  const changed = () => onChange(model);

  // Compared columns: every column of the file, ticked when compared.
  const body = el('tbody');
  setup.columns.forEach((name, i) => {
    const field = compared.get(name);
    const check = el('input', { type: 'checkbox', id: `dup-use-${i}`, 'data-testid': 'dup-use', dataset: { column: name } });
    check.checked = Boolean(field);
    const kind = el('select', { id: `dup-kind-${i}`, 'aria-label': `How to compare ${name}`, 'data-testid': 'dup-kind', disabled: !field });
    for (const k of kinds) kind.append(el('option', { value: k, text: KIND_WORDS[k] ?? k }));
    kind.value = field?.compare ?? 'text';
    check.addEventListener('change', () => {
      if (check.checked) {
        model.columns.push({ column: name, compare: kind.value, role: 'other', tf: false });
      } else {
        model.columns = model.columns.filter((c) => c.column !== name);
        // A rule may only use compared columns: rules on this column go too.
        model.blocking = model.blocking.filter((r) => !ruleColumns(r).includes(name));
      }
      changed();
    });
    kind.addEventListener('change', () => {
      const f = model.columns.find((c) => c.column === name);
      if (f) {
        f.compare = kind.value;
        if (kind.value === 'number' && f.tolerance === undefined) f.tolerance = 0.01;
        changed();
      }
    });
    body.append(el('tr', { className: field ? 'dup-compared' : '' },
      el('td', {}, check, ' ', el('label', { for: `dup-use-${i}`, text: name })),
      el('td', {}, kind)));
  });
  const columnsTable = el('table', { className: 'dup-setup-table', 'data-testid': 'dup-columns' },
    el('caption', { text: 'Compared columns' }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Compare' }), el('th', { scope: 'col', text: 'How' }))),
    body);

  // Blocking rules with their estimates.
  const est = setup.estimate;
  const rules = el('ol', { className: 'dup-rules', 'data-testid': 'dup-rules' });
  model.blocking.forEach((rule, i) => {
    const text = est.rules[i]?.rule ?? rule.map((p) => `${p.key}(${p.column})`).join(' + ');
    const remove = el('button', { type: 'button', className: 'button small', text: 'Remove', 'aria-label': `Remove blocking rule ${i + 1}` });
    remove.addEventListener('click', () => {
      model.blocking.splice(i, 1);
      changed();
    });
    rules.append(el('li', { 'data-testid': 'dup-rule' },
      el('code', { text }), ' ',
      el('span', { className: 'dup-estimate', text: `${fmtInt(est.rules[i]?.estimated ?? 0)} pairs` }), ' ', remove));
  });
  const colSelect = el('select', { id: 'dup-rule-column', 'data-testid': 'dup-rule-column' });
  for (const c of model.columns) colSelect.append(el('option', { value: c.column, text: c.column }));
  const keySelect = el('select', { id: 'dup-rule-key', 'data-testid': 'dup-rule-key' });
  for (const k of setup.block_keys) keySelect.append(el('option', { value: k, text: KEY_WORDS[k] ?? k }));
  const add = el('button', { type: 'button', className: 'button small', text: 'Add rule', 'data-testid': 'dup-rule-add', disabled: model.columns.length === 0 });
  add.addEventListener('click', () => {
    model.blocking.push([{ column: colSelect.value, key: keySelect.value }]);
    changed();
  });
  const addRow = el('div', { className: 'dup-rule-add' },
    el('label', { for: 'dup-rule-column', text: 'Column' }), colSelect,
    el('label', { for: 'dup-rule-key', text: 'equal in' }), keySelect, add);

  const verdict = el('p', {
    className: est.within_budget ? 'dup-verdict' : 'dup-verdict warning-text',
    'data-testid': 'dup-estimate',
    role: est.within_budget ? null : 'alert',
    text: est.within_budget
      ? `${fmtInt(est.total)} pairs will be compared (at most; pairs several rules make are compared once). The budget is ${fmtInt(est.budget)}.`
      : `Cannot run: ${est.message}.`,
  });

  root.replaceChildren(
    el('div', { className: 'dup-setup-grid' },
      columnsTable,
      el('div', {},
        el('h3', { className: 'dup-subtitle', text: 'Blocking rules' }),
        el('p', { className: 'hint', text: 'Only pairs that agree on at least one rule are compared, so a million rows do not become half a trillion pairs.' }),
        rules, addRow, verdict)));
}
