// Save project / Open project in the real page: a cleaned, partly undone sample saved with a
// passphrase opens in a fresh page with the same table and history, undo and redo still work;
// the native crmwb decrypts the page's file to the page's clean export; a wrong passphrase and a
// flipped byte are refused with nothing loaded; the saved bytes hold no email of the file; no
// request leaves the page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
const tid = h.byTestId;
const PASS = 'blue harbour 42 lantern';

const { newVersion } = h;
const { historyItems } = h;

const exportCsv = (page) => h.exportCsv(page, false);


/** Opens a project file through "Open project…"; with `pass`, types it into the dialog. */
async function chooseProject(page, file, pass) {
  await tid(page, 'project-input').setInputFiles(file);
  if (pass !== undefined) {
    await tid(page, 'project-pass').waitFor({ state: 'visible' });
    await tid(page, 'project-pass').fill(pass);
    await tid(page, 'project-ok').click();
  }
}

test('save an encrypted project, open it in a fresh page: same table, history, undo', { skip, timeout: 300_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadSample(page);
  await h.openTab(page, 'clean');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="clean-suggestion"]').length > 0);
  await newVersion(page, () => tid(page, 'clean-apply-all').click());
  await newVersion(page, () => tid(page, 'clean-undo').click());
  const history = await historyItems(page);
  assert.ok(history.length >= 2, history.join(' | '));
  const table = await exportCsv(page);

  // Save: the passphrase twice; a mismatch is caught first.
  await tid(page, 'save-project').click();
  await tid(page, 'project-pass').fill(PASS);
  await tid(page, 'project-pass2').fill(PASS + 'x');
  await tid(page, 'project-ok').click();
  assert.match(await tid(page, 'project-error').textContent(), /differ/);
  await tid(page, 'project-pass2').fill(PASS);
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), tid(page, 'project-ok').click()]);
  assert.equal(dl.suggestedFilename(), 'customers_sample.crmwb');
  const saved = fs.readFileSync(await dl.path());
  assert.equal(saved.subarray(0, 8).toString('latin1'), 'CRMWBPRJ');
  const emails = fs.readFileSync(h.SAMPLE, 'utf8').match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g);
  assert.ok(emails.length > 100);
  for (const e of emails.slice(0, 500)) assert.equal(saved.indexOf(e), -1, `${e} is in the saved bytes`);
  fs.mkdirSync(h.OUT, { recursive: true });
  const projectPath = path.join(h.OUT, 'page-project.crmwb');
  fs.writeFileSync(projectPath, saved);

  // The native tool decrypts the page's project to the page's table.
  const passFile = path.join(h.OUT, 'page-project-pass.txt');
  fs.writeFileSync(passFile, PASS);
  const cliOut = path.join(h.OUT, 'page-project.csv');
  const r = spawnSync(h.NATIVE, ['decrypt', projectPath, '--out', cliOut, '--passphrase-file', passFile]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.ok(fs.readFileSync(cliOut).equals(table), 'crmwb decrypt gives the page\'s table');
  h.noRequestsOut(log, env.site.origin);
  await context.close();

  // A fresh page: a wrong passphrase first (nothing loaded), then the right one.
  const b = await h.newPage(env.browser);
  const log2 = await h.watch(b.context, b.page);
  await b.page.goto(env.site.url('/'));
  await chooseProject(b.page, projectPath, 'not the passphrase');
  await b.page.waitForFunction(() => /passphrase is wrong/.test(document.querySelector('[data-testid="project-error"]').textContent));
  assert.equal(await b.page.evaluate(() => document.getElementById('workbench').hidden), true, 'nothing loaded');
  await tid(b.page, 'project-pass').fill(PASS);
  await tid(b.page, 'project-ok').click();
  await b.page.waitForFunction(() => document.body.dataset.projectRestored !== undefined, null, { timeout: 120_000 });
  await h.waitReady(b.page);
  await h.openTab(b.page, 'clean');
  assert.deepEqual(await historyItems(b.page), history, 'same history (the undone step too)');
  assert.ok((await exportCsv(b.page)).equals(table), 'same table bytes');
  // Undo and redo still work: redo brings back the step undone before saving.
  await newVersion(b.page, () => tid(b.page, 'clean-redo').click());
  await newVersion(b.page, () => tid(b.page, 'clean-undo').click());
  await newVersion(b.page, () => tid(b.page, 'clean-undo').click());
  assert.ok(!(await exportCsv(b.page)).equals(table), 'one more undo changes the table');
  h.noRequestsOut(log2, env.site.origin);
  await b.context.close();
});

test('a flipped byte or a cut file is refused with nothing loaded', { skip, timeout: 120_000 }, async () => {
  const projectPath = path.join(h.OUT, 'page-project.crmwb');
  if (!fs.existsSync(projectPath)) return;
  const bytes = fs.readFileSync(projectPath);
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 40] ^= 1;
  await chooseProject(page, { name: 'flipped.crmwb', mimeType: 'application/octet-stream', buffer: flipped }, PASS);
  await page.waitForFunction(() => /file was changed/.test(document.querySelector('[data-testid="project-error"]').textContent));
  await tid(page, 'project-cancel').click();
  assert.equal(await page.evaluate(() => document.getElementById('workbench').hidden), true);
  await chooseProject(page, { name: 'cut.crmwb', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, bytes.length - 5) });
  await page.waitForFunction(() => /cut short/.test(document.querySelector('[data-testid="error"]')?.textContent ?? ''));
  assert.equal(await page.evaluate(() => document.getElementById('workbench').hidden), true);
  await context.close();
});
