// The Rules tab: validation rules (suggested from the profile or written by hand), run by the
// engine in the worker (per rule: failing count, pass share, pass/fail with `mostly`, severity),
// each rule's failing rows one click from the grid (the view filter {kind: 'rule', value}), the
// accuracy dimension fed into the Quality view, and the rules file
// ({"crmwb_rules": 1, "rules": [...]}) imported and exported as `crmwb validate --rules` reads it.
//
// app.js wires it: createRulesView(root, {client, onQuality, fileBase}), then setTable(profile)
// after a file is opened. revalidate() (also exported at module level) re-runs the rules on the
// current table version: call it after anything that makes a new version (a cleaning step, undo,
// redo); it does nothing when no rules are set.
import { el, fmtInt, fmtPct, plural, download } from './dom.js';
import { facet } from './facets.js';
import { buildRuleForm, CHECKS } from './rules-form.js';

/** Runs shorter than this show no progress bar (no flicker for small files). */
const PROGRESS_DELAY_MS = 250;

/** The rules as the rules file's text (what `crmwb validate --rules` reads). */
export function rulesText(rules) {
  return `${JSON.stringify({ crmwb_rules: 1, rules }, null, 2)}\n`;
}

/** What a rule asks, in plain words (the engine's wording, for rules not run yet). */
export function describeRule(r) {
  const c = r.column ?? r.columns?.[0] ?? '';
  const range = (unit = '') => {
    if (r.min !== undefined && r.max !== undefined) return r.min === r.max ? `exactly ${r.min}${unit}` : `between ${r.min} and ${r.max}${unit}`;
    return r.min !== undefined ? `at least ${r.min}${unit}` : `at most ${r.max}${unit}`;
  };
  switch (r.check) {
    case 'not_null': return `${c} must not be missing`;
    case 'unique': return r.columns?.length > 1 ? `${r.columns.join(', ')} must be unique together` : `${c} must be unique`;
    case 'type': return `${c} must be of type ${r.type}`;
    case 'regex': return `${c} must match ${r.pattern}`;
    case 'between': return `${c} must be ${range()}`;
    case 'length': return `${c} must be ${range(' characters long')}`;
    case 'in_set': return `${c} must be one of ${(r.values ?? []).slice(0, 8).join(', ')}${(r.values ?? []).length > 8 ? ', …' : ''}`;
    case 'not_future': return `${c} must not be in the future${r.reference_date ? ` (after ${r.reference_date})` : ''}`;
    case 'compare': return `${c} must be ${r.operator} ${r.columns?.[1] ?? ''}`;
    case 'in_column': return `${c} must appear in column ${r.other_column} of the other file`;
    default: return `${c}: ${r.check}`;
  }
}

/** The engine's message without its counts: "email must be a valid email address". */
function ruleWords(result) {
  return String(result.message ?? '').replace(/:\s[^:]*$/, '');
}

/** The view instance the module-level revalidate() and ruleFilterLabel() reach. */
let current = null;

/**
 * Re-runs the rules on the current table version (after a step, undo or redo) and resolves when
 * done ({report, quality}, or null when no rules are set or the run failed; the Rules tab shows
 * why). `profile` (optional): the new version's profile, whose columns the add-rule form offers
 * from then on (a step may rename, add or drop columns).
 */
export function revalidate(profile = null) {
  return current ? current.revalidate(profile) : Promise.resolve(null);
}

/** The grid's chip text for a {kind: 'rule'} filter. */
export function ruleFilterLabel(f) {
  if (f.value === 'any') return 'fails a validation rule';
  const i = Number(f.value) - 1;
  const res = current?.report()?.rules?.[i];
  const r = current?.rules()[i];
  if (res) return `fails rule ${f.value}: ${ruleWords(res)}`;
  return r ? `fails rule ${f.value}: ${describeRule(r)}` : `fails rule ${f.value}`;
}

/** Adds the page's hint to an engine error about the second file. */
function errorMessage(err) {
  let m = String(err?.message ?? err);
  if (err?.code === 'no_other_file') m += ' (Add a rule → “Present in another file” → Second file)';
  return m.charAt(0).toUpperCase() + m.slice(1);
}

/**
 * Builds the Rules tab in `root`. options: client (views/client.js EngineClient), onQuality(quality)
 * (the quality score with accuracy, or without it when the rules are cleared), fileBase() (the
 * loaded file's name without extension, for the exported rules file).
 */
export function createRulesView(root, { client, onQuality, fileBase = () => 'data' }) {
  const state = { rules: [], report: null, suggestions: null, columns: [], other: null, running: null, again: false, loaded: false };

  // ---- layout ----
  const importInput = el('input', { type: 'file', accept: '.json,application/json', id: 'rules-import', className: 'visually-hidden', 'data-testid': 'rules-import' });
  const suggestBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'rules-suggest', text: 'Suggest rules' });
  const runBtn = el('button', { type: 'button', className: 'button primary', 'data-testid': 'rules-run', text: 'Run rules' });
  const exportBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'rules-export', text: 'Export rules' });
  const clearBtn = el('button', { type: 'button', className: 'button', 'data-testid': 'rules-clear', text: 'Remove all' });
  const importLabel = el('label', { for: 'rules-import', className: 'button', tabindex: '0', role: 'button', 'data-testid': 'rules-import-button', text: 'Import rules…' });
  importLabel.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      importInput.click();
    }
  });
  const progress = el('progress', { max: '1', value: '0', 'aria-label': 'Checking the rules', 'data-testid': 'rules-progress' });
  const progressText = el('span', { 'aria-live': 'polite', 'data-testid': 'rules-progress-text' });
  const cancelBtn = el('button', { type: 'button', className: 'button small', 'data-testid': 'rules-cancel', text: 'Cancel' });
  const progressRow = el('div', { className: 'rules-progress', hidden: true }, progress, progressText, cancelBtn);
  const status = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'rules-status' });
  const errorBox = el('div', { className: 'rules-error', role: 'alert', 'data-testid': 'rules-error', hidden: true });
  const summary = el('div', { className: 'rules-summary', 'data-testid': 'rules-summary' });
  const suggestionBox = el('section', { className: 'rule-suggestions', 'aria-labelledby': 'rule-suggestions-title', 'data-testid': 'rule-suggestions', hidden: true });
  const resultsBox = el('section', { className: 'rules-results', 'aria-labelledby': 'rules-results-title' });
  const formBox = el('div');
  const addDetails = el('details', { className: 'rule-add', 'data-testid': 'rule-add-details' },
    el('summary', { text: 'Add a rule by hand' }), formBox);

  root.replaceChildren(
    el('div', { className: 'rules-toolbar' },
      el('h2', { className: 'section-title', id: 'rules-title', text: 'Validation rules' }),
      el('div', { className: 'rules-actions' }, suggestBtn, runBtn, importLabel, importInput, exportBtn, clearBtn)),
    el('p', { className: 'hint', text: 'Checks every row against rules you accept or write. Records passing every rule ÷ records is the accuracy dimension of the quality score. Rules run in this browser; patterns use RE2, which runs in linear time.' }),
    progressRow, status, errorBox, summary, suggestionBox, resultsBox, addDetails);

  const form = buildRuleForm(formBox, {
    columns: () => state.columns,
    onAdd: (rule) => tryRules([...state.rules, rule], `Added rule ${state.rules.length + 1}.`),
    openOther: async (file) => {
      state.other = await client.openOther(file);
      return state.other;
    },
    other: () => state.other,
  });

  /** Shows an engine error (null hides the box); `prefix` names the file it came from. */
  function showError(err, prefix = '', suffix = '') {
    errorBox.hidden = !err;
    errorBox.textContent = err ? `${prefix}${errorMessage(err)}${suffix}` : '';
  }

  // ---- running ----

  /** Runs `rules` (objects, or a rules file's text); resolves with {report, quality}; throws the
   * engine's error. */
  async function runEngine(rules) {
    let timer = setTimeout(() => (progressRow.hidden = false), PROGRESS_DELAY_MS);
    progress.value = 0;
    progressText.textContent = 'Checking the rules…';
    cancelBtn.disabled = false;
    root.setAttribute('aria-busy', 'true');
    try {
      const text = typeof rules === 'string' ? rules : rulesText(rules);
      return await client.validate(text, {}, (p) => {
        progress.value = p.total > 0 ? p.done / p.total : 0;
        progressText.textContent = `Checked ${fmtInt(p.done)} of ${plural(p.total, 'rule')} over ${plural(p.rows ?? 0, 'row')}`;
      });
    } finally {
      clearTimeout(timer);
      timer = null;
      progressRow.hidden = true;
      root.removeAttribute('aria-busy');
    }
  }

  /** Runs `candidate`; on success it becomes the rule set. Errors are thrown (not shown). */
  async function tryRules(candidate, done = '') {
    if (candidate.length === 0) {
      state.rules = [];
      state.report = null;
      const { quality } = await client.clearRules();
      onQuality?.(quality);
      render();
      status.textContent = done || 'No rules: accuracy is not part of the score.';
      return null;
    }
    const started = performance.now();
    const out = await runEngine(candidate);
    state.rules = candidate;
    state.report = out.report;
    showError(null);
    onQuality?.(out.quality);
    render();
    const secs = (performance.now() - started) / 1000;
    status.textContent = `${done ? `${done} ` : ''}Checked ${plural(candidate.length, 'rule')} on ${plural(out.report.records, 'row')} in ${secs.toFixed(secs < 10 ? 2 : 1)} s.`;
    return out;
  }

  /** Runs the current rules; errors go to the error box. One run at a time (a request while one runs runs once after it). */
  async function run() {
    if (!state.loaded) return null;
    if (state.running) {
      state.again = true;
      return state.running;
    }
    state.running = (async () => {
      try {
        return await tryRules(state.rules);
      } catch (err) {
        if (err.code === 'cancelled') status.textContent = 'Cancelled: the rules were not checked; nothing changed.';
        else {
          state.report = null;
          render();
          showError(err);
        }
        return null;
      } finally {
        state.running = null;
        if (state.again) {
          state.again = false;
          run();
        }
      }
    })();
    return state.running;
  }

  // ---- rendering ----

  function render() {
    renderSuggestions();
    renderResults();
    renderSummary();
    exportBtn.disabled = state.rules.length === 0;
    clearBtn.disabled = state.rules.length === 0;
    runBtn.disabled = !state.loaded || state.rules.length === 0;
    suggestBtn.disabled = !state.loaded;
  }

  function renderSummary() {
    const r = state.report;
    if (!r || state.rules.length === 0) {
      summary.replaceChildren();
      return;
    }
    const failing = r.records - r.records_passing_all;
    const failedRules = r.rules.filter((x) => !x.passed);
    summary.replaceChildren(
      el('p', { className: `rules-verdict ${r.passed ? 'ok' : 'bad'}`, 'data-testid': 'rules-verdict' },
        r.passed ? 'Every error rule passes.' : `${plural(failedRules.filter((x) => x.severity === 'error').length, 'error rule')} failed.`,
        ` Accuracy: ${fmtPct(r.accuracy)} — ${fmtInt(r.records_passing_all)} of ${plural(r.records, 'record')} pass every rule. `,
        failing > 0
          ? facet({ kind: 'rule', column: 0, value: 'any', className: 'facet inline', testid: 'rules-show-any', mode: 'replace', label: `Show the ${plural(failing, 'record')} failing at least one rule` }, `Show the ${plural(failing, 'record')} failing a rule`)
          : null));
  }

  function renderSuggestions() {
    const list = state.suggestions;
    suggestionBox.hidden = !list || list.length === 0;
    if (!list || list.length === 0) {
      suggestionBox.replaceChildren();
      return;
    }
    const acceptAll = el('button', { type: 'button', className: 'button small primary', 'data-testid': 'suggestion-accept-all', text: `Accept all ${list.length}` });
    acceptAll.addEventListener('click', () => accept(list.map((_, i) => i)));
    const dismissAll = el('button', { type: 'button', className: 'button small', text: 'Dismiss all' });
    dismissAll.addEventListener('click', () => {
      state.suggestions = null;
      render();
      suggestBtn.focus();
    });
    suggestionBox.replaceChildren(
      el('h3', { id: 'rule-suggestions-title', className: 'section-title' }, 'Suggested rules ',
        el('span', { className: 'muted small', text: 'from the profile, with the share of values passing today' })),
      el('div', { className: 'rule-row' }, acceptAll, dismissAll),
      el('ul', { className: 'suggestion-list' }, ...list.map((s, i) => {
        const yes = el('button', { type: 'button', className: 'button small', 'data-testid': 'suggestion-accept', 'aria-label': `Accept: ${s.text}`, text: 'Accept' });
        yes.addEventListener('click', () => accept([i]));
        const no = el('button', { type: 'button', className: 'button small', 'data-testid': 'suggestion-dismiss', 'aria-label': `Dismiss: ${s.text}`, text: 'Dismiss' });
        no.addEventListener('click', () => {
          state.suggestions.splice(i, 1);
          render();
          suggestionBox.querySelector('button')?.focus();
        });
        return el('li', { className: 'suggestion', 'data-testid': 'suggestion' },
          el('span', { className: 'suggestion-text', text: s.text }), yes, no);
      })));
  }

  function renderResults() {
    const rows = state.rules.map((rule, i) => {
      const res = state.report?.rules?.[i];
      const remove = el('button', { type: 'button', className: 'button small', 'data-testid': 'rule-remove', 'aria-label': `Remove rule ${i + 1}`, text: 'Remove' });
      remove.addEventListener('click', () => {
        const next = state.rules.filter((_, k) => k !== i);
        tryRules(next, `Removed rule ${i + 1}.`)
          .then(() => (resultsBox.querySelectorAll('[data-testid="rule-remove"]')[i] ?? resultsBox.querySelector('[data-testid="rule-remove"]') ?? suggestBtn).focus())
          .catch(showError);
      });
      const words = res ? ruleWords(res) : describeRule(rule);
      const verdict = !res ? '—' : res.passed ? 'pass' : res.severity === 'error' ? 'FAIL' : 'warn';
      const show = res && res.failed > 0
        ? facet({ kind: 'rule', column: 0, value: String(i + 1), className: 'facet inline', testid: 'rule-show-rows', mode: 'replace', label: `Show the ${plural(res.failed, 'row')} failing rule ${i + 1}` }, `Show ${plural(res.failed, 'row')}`)
        : el('span', { className: 'muted', text: res ? 'none' : '' });
      return el('tr', { 'data-testid': 'rule-result', dataset: { index: String(i + 1), failed: String(res?.failed ?? ''), passed: String(res?.passed ?? '') } },
        el('td', { className: 'num', text: String(i + 1) }),
        el('th', { scope: 'row', className: 'rule-words', title: res?.message ?? '' }, words,
          rule.mostly !== undefined ? el('span', { className: 'muted small', text: ` (at least ${fmtPct(rule.mostly)})` }) : null),
        el('td', { text: rule.severity === 'warning' ? 'warning' : 'error' }),
        el('td', { className: 'num', 'data-testid': 'rule-failed', text: res ? fmtInt(res.failed) : '—' }),
        el('td', { className: 'num', text: res ? fmtPct(res.share_passed) : '—', title: res ? `${fmtInt(res.evaluated - res.failed)} of ${plural(res.evaluated, 'value')} pass` : '' }),
        el('td', { className: `rule-verdict rule-verdict-${verdict === '—' ? 'none' : verdict.toLowerCase()}`, 'data-testid': 'rule-verdict', text: verdict }),
        el('td', {}, show),
        el('td', {}, remove));
    });
    resultsBox.replaceChildren(
      el('h3', { id: 'rules-results-title', className: 'section-title', text: `Your rules (${state.rules.length})` }),
      state.rules.length === 0
        ? el('p', { className: 'muted', text: 'No rules yet: ask for suggestions, import a rules file, or add one by hand below.' })
        : el('table', { className: 'plain rules-table', 'data-testid': 'rules-results' },
          el('thead', {}, el('tr', {}, ...['#', 'Rule', 'Severity', 'Failing', 'Pass share', 'Result', 'Rows', ''].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, ...rows)));
  }

  // ---- actions ----

  async function suggest() {
    suggestBtn.disabled = true;
    showError(null);
    status.textContent = 'Suggesting rules from the profile…';
    try {
      const text = await client.suggestRules();
      const rules = JSON.parse(text).rules;
      let report = null;
      if (rules.length) {
        // A dry run gives each suggestion its pass share today; then the accepted rules (if any)
        // run again so that accuracy stays theirs.
        report = (await runEngine(rules)).report;
        if (state.rules.length) await tryRules(state.rules);
        else onQuality?.((await client.clearRules()).quality);
      }
      state.suggestions = rules.map((rule, i) => ({ rule, text: report?.rules[i]?.message ?? describeRule(rule) }));
      status.textContent = rules.length ? `${plural(rules.length, 'rule')} suggested.` : 'No rules to suggest for this file.';
      render();
      suggestionBox.querySelector('button')?.focus();
    } catch (err) {
      if (err.code === 'cancelled') status.textContent = 'Cancelled.';
      else showError(err);
    } finally {
      suggestBtn.disabled = !state.loaded;
    }
  }

  async function accept(indexes) {
    const picked = indexes.map((i) => state.suggestions[i].rule);
    try {
      await tryRules([...state.rules, ...picked], `Accepted ${plural(picked.length, 'rule')}.`);
      state.suggestions = state.suggestions.filter((_, i) => !indexes.includes(i));
      render();
      (suggestionBox.querySelector('button') ?? runBtn).focus();
    } catch (err) {
      if (err.code !== 'cancelled') showError(err);
    }
  }

  async function importRules(file) {
    showError(null);
    try {
      // The engine reads the file's own text: its messages name the line, rule and field.
      const text = await file.text();
      const out = await runEngine(text);
      state.rules = JSON.parse(text).rules;
      state.report = out.report;
      onQuality?.(out.quality);
      render();
      status.textContent = `Imported ${plural(state.rules.length, 'rule')} from ${file.name}.`;
    } catch (err) {
      if (err.code === 'cancelled') status.textContent = 'Cancelled: nothing was imported.';
      else showError(err, `${file.name}: `, ' — nothing was imported.');
    }
  }

  suggestBtn.addEventListener('click', suggest);
  runBtn.addEventListener('click', () => run());
  cancelBtn.addEventListener('click', () => {
    cancelBtn.disabled = true;
    progressText.textContent = 'Cancelling…';
    client.cancelRules();
  });
  exportBtn.addEventListener('click', () => {
    const name = `${fileBase()}-rules.json`;
    download(rulesText(state.rules), name, 'application/json');
    status.textContent = `Saved ${name} (${plural(state.rules.length, 'rule')}); run it with: crmwb validate FILE --rules ${name}`;
  });
  clearBtn.addEventListener('click', () => tryRules([], 'Removed every rule.').catch(showError));
  importInput.addEventListener('change', () => {
    const f = importInput.files[0];
    importInput.value = '';
    if (f) importRules(f);
  });

  const view = {
    /** A file was opened: its columns for the form; rules kept from before run on it. */
    setTable(profile) {
      state.loaded = true;
      state.columns = profile.columns.map((c) => c.name);
      state.report = null;
      state.suggestions = null;
      showError(null);
      status.textContent = '';
      form.redraw();
      render();
      if (state.rules.length) run();
    },
    /** No file is loaded any more. */
    reset() {
      state.loaded = false;
      state.report = null;
      render();
    },
    revalidate(profile = null) {
      if (profile) {
        state.columns = profile.columns.map((c) => c.name);
        form.redraw();
      }
      return state.rules.length ? run() : Promise.resolve(null);
    },
    /** The rules now set (objects of the rules file). */
    rules: () => state.rules,
    /** Sets and runs `rules` (a saved project's); throws when they do not run on this table. */
    setRules: (rules) => tryRules(rules, `Restored ${plural(rules.length, 'rule')} from the project.`),
    /** The last report ({rules: [...], records, records_passing_all, accuracy, passed}) or null. */
    report: () => state.report,
  };
  current = view;
  render();
  return view;
}

export { CHECKS };
