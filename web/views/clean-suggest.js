// The Clean view's suggested fixes: `crmwb suggest`'s recipe for the current version, each step
// in plain words with its preview (values that change, before → after, what cannot be
// standardized and why), "Apply all suggested fixes" and Apply per step. Previews run in the
// background one at a time for files up to AUTO_PREVIEW_ROWS rows (a Preview button above).
import { el, plural } from './dom.js';
import { describeStep } from './clean-steps.js';

/** Files this many rows or smaller get their suggested steps previewed at once. */
const AUTO_PREVIEW_ROWS = 200_000;

/** An error's message as a sentence (capital first, a full stop). */
export function sentence(err) {
  const msg = String(err?.message ?? err ?? 'unknown error');
  return msg.charAt(0).toUpperCase() + msg.slice(1) + (/[.!?]$/.test(msg) ? '' : '.');
}

/** A preview's result as nodes: the counts and the before → after samples. */
export function previewNodes(p) {
  const counts = [`${plural(p.changed, 'value changes', 'values change')}`];
  if (p.flagged) counts.push(`${plural(p.flagged, 'value cannot', 'values cannot')} be standardized (kept as they are)`);
  if (p.missing) counts.push(`${plural(p.missing, 'missing value')} kept missing`);
  if (p.dropped) counts.push(`${plural(p.dropped, 'row')} dropped`);
  const changes = p.samples.filter((s) => !s.note);
  const flagged = p.samples.filter((s) => s.note);
  const sample = (s) => el('li', {},
    s.column ? el('span', { className: 'muted', text: `${s.column}: ` }) : null,
    el('code', { className: 'before', text: s.before === '' ? '(empty)' : s.before }),
    s.note ? el('span', { className: 'flag-note', text: ` — ${s.note}` })
      : [' → ', el('code', { className: 'after', text: s.after === '' ? '(empty)' : s.after })]);
  return [
    el('p', { className: 'preview-counts', 'data-testid': 'preview-counts', dataset: { changed: String(p.changed), flagged: String(p.flagged) }, text: counts.join(' · ') }),
    changes.length ? el('ul', { className: 'preview-samples', 'aria-label': 'Examples of changes' }, ...changes.map(sample)) : null,
    flagged.length ? el('div', {}, el('p', { className: 'hint', text: 'Values it cannot standardize, and why:' }),
      el('ul', { className: 'preview-samples flagged', 'aria-label': 'Values that cannot be standardized' }, ...flagged.map(sample))) : null,
  ].filter(Boolean);
}

export class SuggestedFixes {
  /** @param view the CleanView (its client, job(), apply(), runRecipe(), version, status) */
  constructor(view) {
    this.view = view;
    this.current = null; // {text, steps, previews: Map(index → preview), version}
    this.applyAllButton = el('button', { type: 'button', className: 'button primary', 'data-testid': 'clean-apply-all', disabled: true, on: { click: () => this.applyAll() } }, 'Apply all suggested fixes');
    this.list = el('ol', { className: 'suggest-list', 'data-testid': 'clean-suggestions', 'aria-label': 'Suggested fixes' });
    this.note = el('p', { className: 'hint' });
    this.node = el('section', { className: 'clean-card', 'aria-labelledby': 'clean-suggest-title' },
      el('div', { className: 'clean-section-head' }, el('h3', { id: 'clean-suggest-title', text: 'Suggested fixes' }), this.applyAllButton),
      this.note, this.list);
  }

  /** Forgets the suggestions (a new file or version); load() fetches them again. */
  reset() {
    this.current = null;
    this.render();
  }

  /** Whether the suggestions are those of the current version. */
  fresh() {
    return this.current !== null && this.current.version === this.view.version;
  }

  /** A suggested step a preview found nothing to change with (already done). */
  idle(i) {
    const p = this.current?.previews.get(i);
    return Boolean(p) && p.changed === 0 && p.dropped === 0;
  }

  async applyAll() {
    const s = this.current;
    if (!s?.steps.length) return;
    // Steps already done (previewed: nothing to change) are left out of the run.
    const steps = s.steps.filter((_, i) => !this.idle(i));
    if (steps.length === 0) {
      this.view.status.textContent = 'The suggested fixes have nothing left to change.';
      return;
    }
    const text = steps.length === s.steps.length ? s.text : JSON.stringify({ crmwb_recipe: 1, steps }, null, 2);
    await this.view.runRecipe(text, 'Applying the suggested fixes');
  }

  async load() {
    const version = this.view.version;
    let s;
    try {
      s = await this.view.client.suggest();
    } catch (err) {
      if (version === this.view.version) this.view.showError(`Suggested fixes: ${sentence(err)}`);
      return;
    }
    if (version !== this.view.version) return;
    this.current = { ...s, previews: new Map(), version };
    this.render();
    if ((this.view.profile?.rows ?? 0) <= AUTO_PREVIEW_ROWS) this.previewAll(version);
  }

  /** Previews every suggested step in the background, one at a time, while nothing else runs. */
  async previewAll(version) {
    for (let i = 0; i < (this.current?.steps.length ?? 0); i++) {
      if (version !== this.view.version || this.view.busy) return;
      await this.preview(i, true);
    }
  }

  async preview(i, quiet = false) {
    const s = this.current;
    if (!s) return;
    let p;
    if (quiet) {
      // Background previews show no progress bar; a job waits for the one running.
      if (this.view.busy || this.view.quietRunning) return;
      this.view.quietRunning = this.view.client.preview(s.steps[i]).catch(() => null);
      try {
        p = await this.view.quietRunning;
      } finally {
        this.view.quietRunning = null;
      }
    } else {
      p = await this.view.job('Previewing', (onProgress) => this.view.client.preview(s.steps[i], onProgress));
    }
    if (p && this.current === s) {
      s.previews.set(i, p);
      this.renderOne(i);
    }
  }

  render() {
    const s = this.current;
    this.applyAllButton.disabled = !s || s.steps.length === 0;
    if (!s) {
      this.note.textContent = 'Looking for fixes…';
      this.list.replaceChildren();
      return;
    }
    this.note.textContent = s.steps.length === 0
      ? 'No fixes to suggest: the values already look standard. Add a step by hand below.'
      : `${plural(s.steps.length, 'fix', 'fixes')} from the profile. Counts are measured on the table as it is now; “Apply all” runs them in order as one recipe.`;
    this.items = s.steps.map(() => el('li', { className: 'suggest-item', 'data-testid': 'clean-suggestion' }));
    this.list.replaceChildren(...this.items);
    s.steps.forEach((_, i) => this.renderOne(i));
  }

  renderOne(i) {
    const s = this.current;
    const step = s.steps[i];
    const p = s.previews.get(i);
    const what = describeStep(step);
    this.items[i].replaceChildren(
      el('div', { className: 'suggest-head' },
        el('span', { className: 'suggest-what', text: what }),
        el('div', { className: 'row' },
          p ? null : el('button', { type: 'button', className: 'button small', 'aria-label': `Preview: ${what}`, on: { click: () => this.preview(i) } }, 'Preview'),
          this.idle(i) ? el('span', { className: 'hint', text: 'Nothing left to change' })
            : el('button', { type: 'button', className: 'button small', 'data-testid': 'clean-apply-one', 'aria-label': `Apply: ${what}`, on: { click: () => this.view.apply(step) } }, 'Apply'))),
      ...(p ? previewNodes(p) : []),
    );
  }
}
