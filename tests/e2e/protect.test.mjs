// Personal data in the browser: the sample's name, email, phone, address and postcode columns
// show marks in the grid's headers; a mark corrected by the user changes the badge and the
// suggested action; "Export protected…" previews masked and pseudonymized values, exports, and
// says what each column became; the page's CSV equals `crmwb protect` with the same actions and
// the page's exported key, byte for byte; a bad key file is refused with a clear message and a
// good one changes the pseudonyms to the command line's under that key; every control is
// labelled, Escape closes the dialog; a saved project brings back the corrections and the key;
// no request leaves the page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
const tid = h.byTestId;
const DIR = path.join(h.OUT, 'protect');

/** The header badges: {column name: badge text}. */
const badges = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('[data-testid="grid"] .grid-colhead')]
    .map((c) => [c.querySelector('.colhead-name').textContent, c.querySelector('[data-testid="pii-badge"]')?.textContent ?? null])
    .filter(([, b]) => b !== null)));

const control = (page, testid, column) => page.locator(`[data-testid="${testid}"][data-column="${column}"]`);

/** Clicks a button in the dialog that downloads; returns {name, bytes}. */
async function save(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, testid).click()]);
  const failure = await dl.failure();
  if (failure) throw new Error(`download from ${testid} failed: ${failure}`);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

/** The preview table as {header, rows}. */
const preview = (page) => page.evaluate(() => {
  const t = document.querySelector('[data-testid="protect-preview"] table');
  if (!t) return null;
  return {
    header: [...t.querySelectorAll('thead th')].map((x) => x.textContent),
    rows: [...t.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((x) => x.textContent)),
  };
});

/** Waits until the preview shows `column` with every non-empty value matching `re`. */
async function waitPreview(page, column, re) {
  await page.waitForFunction(([col, source]) => {
    const t = document.querySelector('[data-testid="protect-preview"] table');
    if (!t || document.querySelector('[data-testid="protect-preview"]').getAttribute('aria-busy')) return false;
    const i = [...t.querySelectorAll('thead th')].map((x) => x.textContent).indexOf(col);
    if (i < 0) return false;
    const values = [...t.querySelectorAll('tbody tr')].map((r) => r.children[i].textContent).filter(Boolean);
    return values.length > 0 && values.every((v) => new RegExp(source, 'u').test(v));
  }, [column, re.source]);
}

function crmwbProtect(config, key, out) {
  const cfg = path.join(DIR, `${out}.json`);
  const keyFile = path.join(DIR, `${out}.key`);
  const outFile = path.join(DIR, `${out}.csv`);
  fs.writeFileSync(cfg, JSON.stringify(config));
  fs.writeFileSync(keyFile, key);
  const r = spawnSync(h.NATIVE, ['protect', h.SAMPLE, '--config', cfg, '--key-file', keyFile, '--out', outFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, `crmwb protect failed: ${r.stderr}`);
  return fs.readFileSync(outFile);
}

/** The 300,000-row file of the cancel tests, generated once. */
function bigFile300k() {
  const big = path.join(DIR, 'protect-300k.csv');
  if (!fs.existsSync(big)) {
    fs.mkdirSync(DIR, { recursive: true });
    const g = spawnSync(h.NATIVE, ['generate', '--rows', '300000', '--seed', '5', '--out', big], { encoding: 'utf8' });
    assert.equal(g.status, 0, g.stderr);
  }
  return big;
}

/**
 * On a 300,000-row file: Export shows a progress bar and a Cancel button that has the focus;
 * Cancel stops the export, nothing is downloaded, and the dialog says so; the table and the
 * worker stay, so a second export writes every row.
 */
async function cancelOnBigFile(page) {
  await h.loadFile(page, bigFile300k(), 120_000);
  await h.openExportMenu(page);
  await tid(page, 'export-protected').click();
  await tid(page, 'protect-dialog').waitFor({ state: 'visible' });
  await waitPreview(page, 'email', /^[0-9a-f]{32}$/); // quick: 10 rows of 300,000
  let downloads = 0;
  page.on('download', () => downloads++);
  await tid(page, 'protect-export').click();
  await tid(page, 'protect-progress').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'protect-cancel', 'focus on Cancel');
  assert.equal(await tid(page, 'protect-progress').getAttribute('aria-label'), 'Writing the protected file');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="protect-progress"]').value) > 0, null, { timeout: 60_000 });
  await page.keyboard.press('Enter'); // on Cancel
  await page.waitForFunction(() => /Export cancelled: no file was saved/.test(document.querySelector('[data-testid="protect-status"]').textContent), null, { timeout: 60_000 });
  assert.equal(await tid(page, 'protect-progress').isHidden(), true);
  assert.equal(await tid(page, 'protect-export').isEnabled(), true);
  await page.waitForTimeout(300);
  assert.equal(downloads, 0, 'nothing downloaded');
  await control(page, 'protect-action', 'phone').selectOption('drop');
  const again = await save(page, 'protect-export');
  assert.equal(h.parseCsv(again.bytes.toString('utf8')).length, 300001);
}

// The actions chosen in the page, as the command line's configuration.
const CONFIG = {
  crmwb_protect: 1,
  columns: {
    first_name: 'mask',
    last_name: 'pseudonymize',
    email: 'pseudonymize',
    phone: 'mask',
    company: { action: 'mask', as: 'name' },
    postal_code: { action: 'generalize', digits: 3 },
    signup_date: 'year',
  },
};

test('personal-data marks, Export protected equals crmwb protect, key files', { skip, timeout: 180_000 }, async () => {
  fs.mkdirSync(DIR, { recursive: true });
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadSample(page);

  // Marks in the headers, with the detector's evidence in the badge's title.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="pii-badge"]').length >= 5);
  const marks = await badges(page);
  assert.equal(marks.email, 'email');
  assert.equal(marks.phone, 'phone');
  assert.equal(marks.first_name, 'name');
  assert.equal(marks.last_name, 'name');
  assert.equal(marks.street, 'address');
  assert.equal(marks.postal_code, 'postcode');
  assert.equal(marks.company, undefined, 'company is not marked');
  const title = await page.locator('[data-testid="pii-badge"][data-kind="email"]').getAttribute('title');
  assert.match(title, /email addresses/);

  // A click on a badge opens the marks on that column (and does not sort); Escape goes back.
  const dialog = tid(page, 'protect-dialog');
  await page.locator('[data-testid="pii-badge"][data-kind="phone"]').click();
  await dialog.waitFor({ state: 'visible' });
  assert.deepEqual(await page.evaluate(() => [document.activeElement?.dataset.testid, document.activeElement?.dataset.column]), ['protect-kind', 'phone']);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('[data-testid="grid"] [aria-sort="ascending"], [data-testid="grid"] [aria-sort="descending"]').count(), 0, 'not sorted');

  // Correct two marks from "Personal data…": company is a name, street is not personal.
  await tid(page, 'pii-button').click();
  await dialog.waitFor({ state: 'visible' });
  await control(page, 'protect-kind', 'company').selectOption('name');
  await control(page, 'protect-kind', 'street').selectOption('none');
  assert.equal(await control(page, 'protect-action', 'company').inputValue(), 'mask', 'suggested from the corrected mark');
  assert.equal(await control(page, 'protect-action', 'street').inputValue(), 'keep');
  assert.equal(await control(page, 'protect-action', 'email').inputValue(), 'pseudonymize');
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('.grid-colhead')].find((c) => c.querySelector('.colhead-name').textContent === 'company');
    return b?.querySelector('[data-testid="pii-badge"]')?.textContent === 'name';
  });
  const after = await badges(page);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await h.screenshot(page, 'protect-badges');
  await tid(page, 'pii-button').click();
  await dialog.waitFor({ state: 'visible' });
  assert.equal(after.company, 'name');
  assert.equal(after.street, undefined, 'street no longer marked');

  // Every control in the dialog has a name; Escape closes it and focus goes back.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('[data-testid="protect-dialog"] select, [data-testid="protect-dialog"] input, [data-testid="protect-dialog"] button')]
    .filter((c) => !(c.getAttribute('aria-label') || c.labels?.length || c.textContent.trim()))
    .map((c) => c.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'pii-button');

  // Export protected… from the export menu: choose the actions; the preview follows.
  await h.openExportMenu(page);
  await tid(page, 'export-protected').click();
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await control(page, 'protect-kind', 'company').inputValue(), 'name', 'the correction is kept');
  await control(page, 'protect-action', 'first_name').selectOption('mask');
  await control(page, 'protect-action', 'last_name').selectOption('pseudonymize');
  await control(page, 'protect-action', 'phone').selectOption('mask');
  await control(page, 'protect-action', 'postal_code').selectOption('generalize');
  await control(page, 'protect-param', 'postal_code').fill('3');
  await control(page, 'protect-param', 'postal_code').dispatchEvent('change');
  await control(page, 'protect-action', 'signup_date').selectOption('year');
  await waitPreview(page, 'email', /^[0-9a-f]{32}$/);
  await waitPreview(page, 'phone', /•/);
  await waitPreview(page, 'first_name', /^\p{L}•*( \p{L}•*)*$/);
  await waitPreview(page, 'postal_code', /^\S{1,3}$/);
  await h.screenshot(page, 'protect-dialog');
  const pv = await preview(page);
  assert.ok(pv.header.includes('street'), 'street is kept (not personal after the correction)');
  assert.equal(pv.rows.length, 10);

  // The settings as the command line's configuration.
  const saved = await save(page, 'protect-config');
  assert.deepEqual(JSON.parse(saved.bytes.toString('utf8')), CONFIG);

  // Export; the summary says what each column became.
  const exported = await save(page, 'protect-export');
  assert.equal(exported.name, 'customers_sample-protected.csv');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="protect-summary"] li').length > 0);
  const summary = await tid(page, 'protect-summary').textContent();
  assert.match(summary, /email: pseudonymized \(email\), [\d,]+ values changed/);
  assert.match(summary, /street: kept as is/);
  assert.match(summary, /company: masked \(name\)/);

  // The page's key, exported, gives the command line the same bytes.
  const key = await save(page, 'protect-key-export');
  assert.match(key.bytes.toString('latin1'), /^[0-9a-f]{64}\n$/);
  const cli = crmwbProtect(CONFIG, key.bytes, 'page-key');
  assert.ok(exported.bytes.equals(cli), `the page's protected CSV equals crmwb protect's (${exported.bytes.length} vs ${cli.length} bytes)`);

  // A bad key file: a clear message, the key does not change.
  await tid(page, 'protect-key-input').setInputFiles({ name: 'bad.key', mimeType: 'text/plain', buffer: Buffer.from('not a key\n') });
  await page.waitForFunction(() => !document.querySelector('[data-testid="protect-error"]').hidden);
  assert.match(await tid(page, 'protect-error').textContent(), /bad\.key: A key file holds exactly 32 bytes or 64 hex digits; this one has 10 bytes/);
  const same = await save(page, 'protect-export');
  assert.ok(same.bytes.equals(cli), 'the key in use did not change');

  // A good key file (32 raw bytes): pseudonyms change, and match the command line's with it.
  const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255));
  await tid(page, 'protect-key-input').setInputFiles({ name: 'colleague.key', mimeType: 'application/octet-stream', buffer: raw });
  await page.waitForFunction(() => /colleague\.key/.test(document.querySelector('[data-testid="protect-key-status"]').textContent));
  assert.equal(await tid(page, 'protect-error').isHidden(), true);
  const other = await save(page, 'protect-export');
  assert.ok(!other.bytes.equals(cli), 'another key gives other pseudonyms');
  assert.ok(other.bytes.equals(crmwbProtect(CONFIG, raw, 'file-key')), 'equal to crmwb protect with the same key file');

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // A project file keeps the corrections and the key: a fresh page shows the same marks and
  // exports the same protected bytes.
  await tid(page, 'save-project').click();
  await tid(page, 'project-nopass').check();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), tid(page, 'project-ok').click()]);
  const projectPath = path.join(DIR, 'protect-project.crmwb');
  fs.writeFileSync(projectPath, fs.readFileSync(await dl.path()));
  const b = await h.newPage(env.browser);
  const blog = await h.watch(b.context, b.page);
  await b.page.goto(env.site.url('/'));
  await tid(b.page, 'project-input').setInputFiles(projectPath);
  await b.page.waitForFunction(() => document.body.dataset.projectRestored !== undefined, null, { timeout: 120_000 });
  await h.waitReady(b.page);
  await b.page.waitForFunction(() => document.querySelectorAll('[data-testid="pii-badge"]').length >= 5);
  const restored = await badges(b.page);
  assert.equal(restored.company, 'name', 'the correction came back with the project');
  assert.equal(restored.street, undefined);
  await h.openExportMenu(b.page);
  await tid(b.page, 'export-protected').click();
  await tid(b.page, 'protect-dialog').waitFor({ state: 'visible' });
  for (const [column, action] of Object.entries(CONFIG.columns)) {
    await control(b.page, 'protect-action', column).selectOption(typeof action === 'string' ? action : action.action);
  }
  await control(b.page, 'protect-param', 'postal_code').fill('3');
  await control(b.page, 'protect-param', 'postal_code').dispatchEvent('change');
  const again = await save(b.page, 'protect-export');
  assert.ok(again.bytes.equals(other.bytes), 'the project key came back with the project');
  assert.deepEqual(blog.pageErrors, []);
  await b.context.close();

  // No request left the page; nothing broke.
  const origin = new URL(env.site.origin);
  const out = log.requests.filter((r) => {
    const u = new URL(r.url);
    return !/^(blob|data):$/.test(u.protocol) && u.host !== origin.host;
  });
  assert.deepEqual(out, [], `requests left the page: ${out.map((r) => r.url).join(', ')}`);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(await log.collectViolations(), []);
  await context.close();
});

test('the preview protects the first rows only and shows at once; Export shows progress; Cancel saves nothing', { skip, timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadSample(page);
  await h.openExportMenu(page);
  await tid(page, 'export-protected').click();
  await tid(page, 'protect-dialog').waitFor({ state: 'visible' });
  // No button to ask for it: the preview (10 rows) and what each column becomes come at once.
  await control(page, 'protect-action', 'phone').selectOption('pseudonymize');
  await waitPreview(page, 'phone', /^[0-9a-f]{32}$/);
  await waitPreview(page, 'email', /^[0-9a-f]{32}$/);
  assert.equal((await preview(page)).rows.length, 10);
  await page.waitForFunction(() => /phone: pseudonymized \(phone\): \d+ of the first 10 rows changed/.test(
    document.querySelector('[data-testid="protect-becomes"]').textContent));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'protect-action', 'focus stays on the control');
  const out = await save(page, 'protect-export');
  const csv = h.parseCsv(out.bytes.toString('utf8'));
  assert.equal(csv.length, 2001, 'every row exported');
  assert.match(csv[1][csv[0].indexOf('phone')], /^[0-9a-f]{32}$/);
  await tid(page, 'protect-progress').waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'protect-export', 'focus back on Export');
  await page.keyboard.press('Escape');
  await tid(page, 'protect-dialog').waitFor({ state: 'hidden' });

  await cancelOnBigFile(page);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(await log.collectViolations(), []);
  await context.close();
});

test('not cross-origin isolated (the single file): Cancel stops the export between slices', { skip, timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(pathToFileURL(h.SINGLE).href);
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
  await cancelOnBigFile(page);
  assert.deepEqual(errors, []);
  await context.close();
});
