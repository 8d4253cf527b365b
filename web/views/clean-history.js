// The Clean view's history panel: every step since the file was loaded with its counts, where
// the table is now (undone steps stay listed until a new step replaces them), Undo and Redo.
import { el, fmtInt, plural } from './dom.js';
import { describeStep } from './clean-steps.js';

/** "12 changed · 3 could not be standardized · 40 rows dropped" for a history entry. */
export function countsText(e) {
  const parts = [`${fmtInt(e.changed)} changed`];
  if (e.flagged) parts.push(`${fmtInt(e.flagged)} could not be standardized`);
  if (e.dropped) parts.push(`${plural(e.dropped, 'row')} dropped`);
  return parts.join(' · ');
}

export class HistoryPanel {
  /** @param container the panel's element; onUndo(), onRedo() */
  constructor(container, { onUndo, onRedo }) {
    this.undoButton = el('button', {
      type: 'button', className: 'button small', 'data-testid': 'clean-undo', 'aria-keyshortcuts': 'Control+Z',
      title: 'Undo the last step (Ctrl+Z)', disabled: true, on: { click: onUndo },
    }, 'Undo');
    this.redoButton = el('button', {
      type: 'button', className: 'button small', 'data-testid': 'clean-redo', 'aria-keyshortcuts': 'Control+Shift+Z',
      title: 'Redo the undone step (Ctrl+Shift+Z)', disabled: true, on: { click: onRedo },
    }, 'Redo');
    this.position = el('p', { className: 'hint', 'data-testid': 'clean-position', 'aria-live': 'polite' });
    this.list = el('ol', { className: 'clean-history-list', 'data-testid': 'clean-history', 'aria-label': 'Steps applied' });
    container.replaceChildren(
      el('div', { className: 'clean-section-head' },
        el('h3', { id: 'clean-history-title', text: 'History' }),
        el('div', { className: 'row' }, this.undoButton, this.redoButton)),
      this.position,
      this.list,
    );
    this.entries = [];
  }

  /** Shows the history entries ([{step, applied, changed, flagged, dropped, rows}]). */
  render(entries) {
    this.entries = entries;
    const applied = entries.filter((e) => e.applied).length;
    this.undoButton.disabled = applied === 0;
    this.redoButton.disabled = applied === entries.length;
    this.position.textContent = entries.length === 0
      ? 'No steps yet: the table is the file as loaded.'
      : applied === 0
        ? `The file as loaded (${plural(entries.length, 'undone step')} can be redone).`
        : `After step ${fmtInt(applied)} of ${fmtInt(entries.length)}${applied < entries.length ? ` (${plural(entries.length - applied, 'undone step')} can be redone)` : ''}.`;
    this.list.replaceChildren(...entries.map((e, i) => el('li', {
      className: e.applied ? 'history-step' : 'history-step undone',
      'aria-current': e.applied && i === applied - 1 ? 'step' : false,
      dataset: { applied: String(e.applied) },
    },
    el('span', { className: 'history-what', text: describeStep(e.step) }),
    el('span', { className: 'hint', text: ` — ${countsText(e)}${e.applied ? '' : ' (undone)'}` }))));
  }

  /** Whether Undo / Redo can act now. */
  canUndo() {
    return !this.undoButton.disabled;
  }
  canRedo() {
    return !this.redoButton.disabled;
  }
}
