// "Save project…" and "Open project…": the passphrase dialog (twice when saving, or "no
// passphrase"), progress while the key is derived and the data encrypted, and clear messages for
// a wrong passphrase or a damaged file. The format code is web/project.js; app.js gathers and
// restores the state (web/project-state.js).
import { el } from './dom.js';

/** The project dialog: ask() resolves with {passphrase} (null: none) or null when cancelled. */
export class ProjectDialog {
  constructor() {
    this.dialog = el('dialog', { className: 'project-dialog', 'data-testid': 'project-dialog' });
    this.dialog.setAttribute('aria-labelledby', 'project-dialog-title');
    this.title = el('h2', { id: 'project-dialog-title' });
    this.intro = el('p', { className: 'hint', id: 'project-dialog-intro' });
    this.pass = el('input', { type: 'password', id: 'project-pass', autocomplete: 'new-password', 'data-testid': 'project-pass' });
    this.pass2 = el('input', { type: 'password', id: 'project-pass2', autocomplete: 'new-password', 'data-testid': 'project-pass2' });
    this.none = el('input', { type: 'checkbox', id: 'project-nopass', 'data-testid': 'project-nopass' });
    this.passRow = el('label', { for: 'project-pass' }, 'Passphrase ', this.pass);
    this.pass2Row = el('label', { for: 'project-pass2' }, 'Passphrase again ', this.pass2);
    this.noneRow = el('label', { className: 'check', for: 'project-nopass' }, this.none,
      ' Save without a passphrase (anyone with the file can read it)');
    this.error = el('p', { className: 'error-text', role: 'alert', 'data-testid': 'project-error' });
    this.error.hidden = true;
    this.progress = el('p', { className: 'hint', 'aria-live': 'polite', 'data-testid': 'project-progress' });
    this.ok = el('button', { type: 'submit', className: 'button primary', 'data-testid': 'project-ok' });
    this.cancel = el('button', { type: 'button', className: 'button', 'data-testid': 'project-cancel', text: 'Cancel' });
    const form = el('form', { method: 'dialog' }, this.title, this.intro, this.passRow, this.pass2Row,
      this.noneRow, this.error, this.progress, el('div', { className: 'menu-buttons' }, this.ok, this.cancel));
    this.dialog.append(form);
    document.body.append(this.dialog);
    this.none.addEventListener('change', () => {
      this.pass.disabled = this.pass2.disabled = this.none.checked;
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.cancel.addEventListener('click', () => this.finish(null));
    this.dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      if (!this.busy) this.finish(null);
    });
  }

  /**
   * Opens the dialog. mode 'save' (passphrase twice, or none) or 'open' (one passphrase).
   * `work(passphrase)` runs with the dialog still open (progress via setProgress); its thrown
   * error is shown and the user may try again. Resolves with work's result, or null if cancelled.
   */
  ask(mode, { title, intro = '', okText, work }) {
    this.mode = mode;
    this.work = work;
    this.title.textContent = title;
    this.intro.textContent = intro;
    this.ok.textContent = okText;
    this.pass.value = this.pass2.value = '';
    this.pass.autocomplete = mode === 'save' ? 'new-password' : 'current-password';
    this.none.checked = false;
    this.pass.disabled = this.pass2.disabled = false;
    this.pass2Row.hidden = mode !== 'save';
    this.noneRow.hidden = mode !== 'save';
    this.showError('');
    this.progress.textContent = '';
    this.setBusy(false);
    this.dialog.showModal();
    this.pass.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  /** Progress text while the work runs. */
  setProgress(text) {
    this.progress.textContent = text;
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }

  setBusy(busy) {
    this.busy = busy;
    this.ok.disabled = busy;
    this.cancel.disabled = busy;
    this.dialog.setAttribute('aria-busy', String(busy));
  }

  async submit() {
    if (this.busy) return;
    let passphrase = this.pass.value;
    if (this.mode === 'save' && this.none.checked) passphrase = null;
    else if (passphrase === '') {
      this.showError(this.mode === 'save' ? 'Choose a passphrase, or tick “Save without a passphrase”.' : 'Type the passphrase the project was saved with.');
      this.pass.focus();
      return;
    } else if (this.mode === 'save' && passphrase !== this.pass2.value) {
      this.showError('The two passphrases differ. Type the same passphrase twice.');
      this.pass2.focus();
      return;
    }
    this.showError('');
    this.setBusy(true);
    try {
      const result = await this.work(passphrase);
      this.finish(result ?? true);
    } catch (err) {
      this.setBusy(false);
      this.progress.textContent = '';
      const msg = String(err.message || err);
      this.showError(msg.charAt(0).toUpperCase() + msg.slice(1) + (/[.!?]$/.test(msg) ? '' : '.'));
      this.pass.select();
      this.pass.focus();
    }
  }

  finish(result) {
    this.setBusy(false);
    this.pass.value = this.pass2.value = '';
    if (this.dialog.open) this.dialog.close();
    this.resolve?.(result);
    this.resolve = null;
  }
}
