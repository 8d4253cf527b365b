// The spelling-clusters panel: pick a column and a way of comparing, see the groups of values
// that are probably one value spelled differently (OpenRefine-style key collision, computed in
// the engine over the column's distinct values), and merge the chosen spellings of a group into
// one with a `replace` step that the page applies (onStep).
import { el, fmtInt, plural, showValue } from './dom.js';

/** The comparison methods the engine offers, in menu order. */
export const SPELLING_METHODS = [
  {
    value: 'fingerprint',
    label: 'Same words (fingerprint)',
    help: 'Groups values with the same words once case, accents, punctuation and word order are ignored: “Paris, Café de” and “café de paris”.',
  },
  {
    value: 'ngram',
    label: 'Same letters (n-gram fingerprint)',
    help: 'Also ignores spaces and catches some typos: “Silver line Inc” and “Silverline, Inc.”.',
  },
  {
    value: 'metaphone',
    label: 'Sound alike (Double Metaphone)',
    help: 'Groups values that sound the same in English: “Smith”, “Smyth” and “Śmith”. Looser: check each group.',
  },
];

/** Groups listed at most (the engine counts them all). */
const MAX_GROUPS = 200;
/** Spellings listed per group at most (a loose key can gather thousands). */
const MAX_SPELLINGS = 50;

let nextId = 1;

/**
 * The `replace` step that merges the `selected` spellings of `column` into `target`, or null when
 * it would change nothing (no selected spelling differs from the target).
 */
export function mergeStep(column, selected, target) {
  const map = {};
  for (const from of selected) if (from !== target) map[from] = target;
  if (Object.keys(map).length === 0) return null;
  return { op: 'replace', column, map };
}

/**
 * Mounts the panel in `container`. options: client (EngineClient: spellingClusters), onStep(step)
 * (applies a replace step; may return a promise, after which the groups are found again),
 * columns (names to offer; setColumns changes them later). Returns {setColumns, run}.
 */
export function mountSpelling(container, { client, onStep, columns = [] } = {}) {
  const id = `spelling-${nextId++}`;
  const columnSelect = el('select', { id: `${id}-column` });
  const methodSelect = el(
    'select',
    { id: `${id}-method`, 'aria-describedby': `${id}-method-help` },
    SPELLING_METHODS.map((m) => el('option', { value: m.value, text: m.label })),
  );
  const methodHelp = el('p', { id: `${id}-method-help`, className: 'spelling-help', text: SPELLING_METHODS[0].help });
  const findButton = el('button', { type: 'submit', text: 'Find similar spellings' });
  const status = el('p', { className: 'spelling-status', role: 'status', 'aria-live': 'polite' });
  const list = el('div', { className: 'spelling-groups' });
  const form = el(
    'form',
    { className: 'spelling-form', on: { submit: (ev) => { ev.preventDefault(); run(); } } },
    el('label', { for: columnSelect.id, text: 'Column' }),
    columnSelect,
    el('label', { for: methodSelect.id, text: 'Compare values by' }),
    methodSelect,
    findButton,
  );
  methodSelect.addEventListener('change', () => {
    methodHelp.textContent = SPELLING_METHODS.find((m) => m.value === methodSelect.value)?.help ?? '';
  });
  const root = el(
    'section',
    { className: 'spelling', 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title`, text: 'Similar spellings' }),
    el('p', {
      className: 'spelling-intro',
      text: 'Values that are probably the same thing written differently. Tick the spellings to change, edit the spelling to keep, and merge: the change is a step of the recipe, so it can be undone.',
    }),
    form,
    methodHelp,
    status,
    list,
  );
  container.replaceChildren(root);

  let running = false;

  function setColumns(names) {
    const keep = columnSelect.value;
    columnSelect.replaceChildren(...names.map((n) => el('option', { value: n, text: n })));
    if (names.includes(keep)) columnSelect.value = keep;
    findButton.disabled = names.length === 0;
  }

  function say(text) {
    status.textContent = text;
  }

  /** One group: its spellings with checkboxes, the target, and the merge button. */
  function renderGroup(column, group, index) {
    const gid = `${id}-g${index}`;
    const target = el('input', { type: 'text', id: `${gid}-target`, value: group.target, spellcheck: 'false' });
    const boxes = [];
    const shown = group.spellings.slice(0, MAX_SPELLINGS);
    const hidden = (group.spelling_count ?? group.spellings.length) - shown.length;
    const items = shown.map((s, k) => {
      const box = el('input', { type: 'checkbox', id: `${gid}-s${k}`, checked: true });
      box.dataset.value = s.value;
      boxes.push(box);
      const use = el('button', {
        type: 'button',
        className: 'spelling-use',
        text: 'Keep this one',
        'aria-label': `Keep the spelling ${showValue(s.value)}`,
        on: { click: () => { target.value = s.value; target.focus(); } },
      });
      return el(
        'li',
        {},
        box,
        el('label', { for: box.id }, el('span', { className: 'spelling-value', text: showValue(s.value) }), ` — ${plural(s.count, 'row')}`),
        ' ',
        use,
      );
    });
    const note = el('p', { className: 'spelling-note', role: 'status', 'aria-live': 'polite' });
    const merge = el('button', {
      type: 'button',
      text: 'Merge selected',
      on: {
        click: async () => {
          const selected = boxes.filter((b) => b.checked).map((b) => b.dataset.value);
          const step = mergeStep(column, selected, target.value);
          if (!step) {
            note.textContent = 'Tick at least one spelling that differs from the one to keep.';
            return;
          }
          merge.disabled = true;
          note.textContent = `Merging ${plural(Object.keys(step.map).length, 'spelling')} into ${showValue(target.value)}…`;
          try {
            await onStep?.(step);
            await run();
          } catch (err) {
            note.textContent = `Could not merge: ${err.message}`;
            merge.disabled = false;
          }
        },
      },
    });
    return el(
      'fieldset',
      { className: 'spelling-group' },
      el('legend', { text: `Group ${index + 1}: ${plural(group.spellings.length, 'spelling')}, ${plural(group.rows, 'row')}` }),
      el('ul', { className: 'spelling-list' }, items),
      hidden > 0 && el('p', { className: 'spelling-more', text: `${plural(hidden, 'more spelling')} not listed: merging leaves them as they are.` }),
      el('label', { for: target.id, text: 'Spelling to keep' }),
      target,
      merge,
      note,
    );
  }

  async function run() {
    const column = columnSelect.value;
    if (!column || running) return;
    running = true;
    findButton.disabled = true;
    list.setAttribute('aria-busy', 'true');
    say(`Looking for similar spellings in “${column}”…`);
    try {
      const r = await client.spellingClusters(column, methodSelect.value, { maxGroups: MAX_GROUPS, maxSpellings: MAX_SPELLINGS }, (p) => {
        if (p.total) say(`Looking for similar spellings in “${column}”… ${Math.round((100 * p.done) / p.total)}%`);
      });
      list.replaceChildren(...r.clusters.map((g, i) => renderGroup(column, g, i)));
      if (r.groups === 0) {
        say(`No similar spellings in “${column}” (${plural(r.distinct, 'distinct value')}).`);
      } else {
        const shown = r.groups > r.clusters.length ? ` The first ${fmtInt(r.clusters.length)} are listed.` : '';
        say(`${plural(r.groups, 'group')} of similar spellings in “${column}”, ${plural(r.affected, 'row')} in all.${shown}`);
      }
    } catch (err) {
      list.replaceChildren();
      say(`Could not look for similar spellings: ${err.message}`);
    } finally {
      running = false;
      findButton.disabled = columnSelect.options.length === 0;
      list.removeAttribute('aria-busy');
    }
  }

  setColumns(columns);
  return { setColumns, run };
}
