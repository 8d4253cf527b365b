// The Clean view in the browser: the sample file → apply the suggested fixes → the quality score
// rises → undo every step (Ctrl+Z) → the table exports to the original bytes; exports of the
// clean file, recipe and change log; a cell edited from the detail panel; a broken recipe and a
// recipe naming a missing column change nothing; a step cancelled mid-way changes nothing; a
// recipe built in the page and run by `crmwb clean` (native and WebAssembly) gives the page's
// bytes; every new control has a label; no request leaves the page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
const tid = h.byTestId;

async function openPage(query = '') {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url(`/${query}`));
  await h.loadSample(page);
  return { context, page, log };
}

const { newVersion } = h;

const score = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="quality-score"]').dataset.score));
const historyCount = (page) => page.locator('[data-testid="clean-history"] li').count();

/** Clicks a button that downloads; returns {name, bytes}. */
async function save(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, testid).click()]);
  const failure = await dl.failure();
  if (failure) throw new Error(`download from ${testid} failed: ${failure}`);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

/** The table as CSV from the Export menu, with formula neutralizing as set (default on). */
const { exportCsv } = h;

async function openClean(page) {
  await h.openTab(page, 'clean');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="clean-suggestion"]').length > 0);
}

/** Imports recipe text through the file input. */
async function importRecipe(page, text, name = 'recipe.json') {
  await tid(page, 'clean-recipe-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}


test('suggested fixes raise the score; undo every step gives the original bytes; exports', { skip, timeout: 180_000 }, async () => {
  const { context, page, log } = await openPage();
  const original = await exportCsv(page);
  const scoreBefore = await score(page);
  await openClean(page);
  const suggested = await page.locator('[data-testid="clean-suggestion"]').count();
  // Each suggestion is previewed with counts.
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="clean-suggestion"] [data-testid="preview-counts"]').length === n, suggested);
  const previewed = await page.locator('[data-testid="clean-suggestion"] [data-testid="preview-counts"]').first().textContent();
  assert.match(previewed, /values? changes?/);

  await newVersion(page, () => tid(page, 'clean-apply-all').click());
  assert.equal(await historyCount(page), suggested);
  const status = await tid(page, 'clean-status').textContent();
  assert.match(status, /Quality score [\d.]+ → [\d.]+/);
  const scoreAfter = await score(page);
  assert.ok(scoreAfter > scoreBefore, `score ${scoreBefore} → ${scoreAfter}`);
  // The grid shows the new version: the phone column holds E.164 numbers now.
  await h.openTab(page, 'data');
  await h.waitGridSettled(page);
  const rows = await h.gridRows(page);
  assert.ok(rows[0].cells.some((c) => /^\+\d{8,15}$/.test(c)), `E.164 in the first row: ${rows[0].cells.join(' | ')}`);

  // A cell edited from the detail panel (F2 on the grid): an edit_cell step.
  await page.locator('[data-testid="grid"]').focus();
  await page.keyboard.press('ArrowRight'); // first_name of row 1
  await page.keyboard.press('F2');
  await tid(page, 'cell-edit-input').waitFor();
  await tid(page, 'cell-edit-input').fill('Zed');
  await newVersion(page, () => tid(page, 'cell-edit-save').click());
  assert.equal(await historyCount(page), suggested + 1);
  await h.waitGridSettled(page);
  assert.equal((await h.gridRows(page))[0].cells[1], 'Zed');

  // Exports from the Clean view.
  await h.openTab(page, 'clean');
  const clean = await save(page, 'clean-export-csv');
  assert.equal(clean.name, 'customers_sample-clean.csv');
  assert.notDeepEqual(clean.bytes, original);
  assert.match(clean.bytes.toString('utf8'), /\r?\nC0000001,Zed,/);
  const recipe = await save(page, 'clean-export-recipe');
  assert.equal(recipe.name, 'recipe.json');
  const r = JSON.parse(recipe.bytes.toString('utf8'));
  assert.equal(r.crmwb_recipe, 1);
  assert.equal(r.steps.length, suggested, 'the cell edit stays out of the portable recipe');
  assert.ok(r.steps.some((s) => s.op === 'phone'));
  const changes = (await save(page, 'clean-export-changes')).bytes.toString('utf8').split('\r\n');
  assert.equal(changes[0], 'row,column,before,after,step,note');
  assert.ok(changes.length > 100);
  assert.ok(changes.includes(`0,first_name,Alejandro,Zed,${suggested + 1},`), 'the cell edit is in the change log');

  // Undo every step with Ctrl+Z (focus on the Undo button, not in a text field).
  await tid(page, 'clean-undo').focus();
  for (let i = 0; i < suggested + 1; i++) await newVersion(page, () => page.keyboard.press('Control+z'));
  assert.match(await tid(page, 'clean-position').textContent(), /file as loaded/);
  assert.ok(await tid(page, 'clean-undo').isDisabled());
  assert.equal(await score(page), scoreBefore);
  assert.deepEqual(await exportCsv(page), original, 'undoing every step gives back the original export');
  // Redo (Ctrl+Shift+Z) brings a step back.
  await tid(page, 'clean-redo').focus();
  await newVersion(page, () => page.keyboard.press('Control+Shift+Z'));
  assert.match(await tid(page, 'clean-position').textContent(), /After step 1 of/);

  h.noRequestsOut(log, env.site.origin, { consoleErrors: true });
  await context.close();
});

test('a broken recipe and a missing column: a clear message, nothing changes', { skip, timeout: 120_000 }, async () => {
  const { context, page, log } = await openPage();
  const original = await exportCsv(page);
  await openClean(page);
  await importRecipe(page, '{"crmwb_recipe": 1, "steps": [{"op": "trim", "column": "city"}, {"op": "phone", "column": "phone", "region": "ZZ"}]}');
  await tid(page, 'clean-error').waitFor();
  assert.match(await tid(page, 'clean-error').textContent(), /recipe step 2 \(phone\): "region" "ZZ".*Nothing changed/i);
  await importRecipe(page, '{"crmwb_recipe": 1, "steps": [{"op": "case", "column": "first_name", "mode": "upper"}, {"op": "trim", "column": "fax"}]}');
  await page.waitForFunction(() => /fax/.test(document.querySelector('[data-testid="clean-error"]').textContent));
  assert.match(await tid(page, 'clean-error').textContent(), /step 2.*"fax"/);
  await importRecipe(page, '{"crmwb_recipe": 1, "steps": [');
  await page.waitForFunction(() => /JSON|line/i.test(document.querySelector('[data-testid="clean-error"]').textContent));
  assert.equal(await historyCount(page), 0);
  assert.deepEqual(await exportCsv(page), original);
  h.noRequestsOut(log, env.site.origin, { consoleErrors: true });
  await context.close();
});

test('a step cancelled mid-way changes nothing (shared cancel flag; ?cleanHoldMs hook)', { skip, timeout: 120_000 }, async () => {
  const { context, page, log } = await openPage('?cleanHoldMs=20000');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the test server isolates the page');
  const original = await exportCsv(page);
  await openClean(page);
  for (const start of [
    async () => {
      await tid(page, 'step-column').selectOption('city');
      await tid(page, 'step-op').selectOption('case');
      await tid(page, 'step-apply-button').click();
    },
    () => tid(page, 'clean-apply-all').click(),
  ]) {
    await start();
    // The step is running (its first progress report came): cancel it.
    await page.waitForFunction(() => document.getElementById('clean').dataset.busy && document.getElementById('clean').dataset.progress !== undefined);
    const t0 = Date.now();
    await tid(page, 'clean-cancel').click();
    await page.waitForFunction(() => /cancelled\. Nothing changed/.test(document.querySelector('[data-testid="clean-status"]').textContent));
    assert.ok(Date.now() - t0 < 10_000, 'the cancel stopped the step inside its hold');
    await page.evaluate(() => delete document.getElementById('clean').dataset.progress);
  }
  assert.equal(await historyCount(page), 0);
  assert.deepEqual(await exportCsv(page), original);
  h.noRequestsOut(log, env.site.origin, { consoleErrors: true });
  await context.close();
});

test('not cross-origin isolated (the single file): a step that ends before the cancel is undone', { skip, timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(`${pathToFileURL(h.SINGLE).href}?cleanHoldMs=1500`);
  await h.loadSample(page);
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
  const original = await exportCsv(page);
  await openClean(page);
  await tid(page, 'step-column').selectOption('city');
  await tid(page, 'step-op').selectOption('case');
  await tid(page, 'step-apply-button').click();
  await page.waitForFunction(() => document.getElementById('clean').dataset.progress !== undefined);
  await tid(page, 'clean-cancel').click();
  await page.waitForFunction(() => /cancelled\. Nothing changed \(it had finished/.test(document.querySelector('[data-testid="clean-status"]').textContent));
  assert.deepEqual(await page.locator('[data-testid="clean-history"] li').evaluateAll((li) => li.map((x) => x.dataset.applied)), ['false']);
  assert.match(await tid(page, 'clean-position').textContent(), /file as loaded/);
  assert.deepEqual(await exportCsv(page), original);
  await context.close();
});

test('a recipe built in the page, run by crmwb clean natively and in WebAssembly: the same bytes', { skip, timeout: 180_000 }, async () => {
  const { context, page } = await openPage();
  await openClean(page);
  const form = async (column, op, fill = async () => {}) => {
    await tid(page, 'step-column').selectOption(column);
    await tid(page, 'step-op').selectOption(op);
    await fill(page.locator('[data-testid="step-params"]'));
    await newVersion(page, () => tid(page, 'step-apply-button').click());
  };
  const byLabel = (scope, label) => scope.getByLabel(label, { exact: true });
  await form('first_name', 'clean_text');
  await form('last_name', 'case', (p) => byLabel(p, 'Case').selectOption('upper'));
  await form('phone', 'phone', async (p) => {
    await byLabel(p, 'Country column (per row)').selectOption('country');
    await byLabel(p, 'Write as').selectOption('international');
  });
  await form('signup_date', 'date');
  await form('country', 'country', (p) => byLabel(p, 'Write as').selectOption('alpha3'));
  await form('total_spend', 'number');
  await form('total_spend', 'zscore', (p) => byLabel(p, 'New column name').fill('spend_z'));
  await form('company', 'fill_missing', (p) => byLabel(p, 'Value').fill('(none)'));
  await form('city', 'replace', (p) => byLabel(p, 'Replacements, one per line: from => to').fill('Palma => Palma de Mallorca\nBarcelona => BCN'));
  await form('street', 'rename', (p) => byLabel(p, 'New name').fill('address'));
  assert.equal(await historyCount(page), 10);

  const recipe = (await save(page, 'clean-export-recipe')).bytes;
  const changes = (await save(page, 'clean-export-changes')).bytes;
  const pageCsv = await exportCsv(page, false); // crmwb clean does not neutralize formulas
  fs.mkdirSync(h.OUT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(h.OUT, 'roundtrip-'));
  const recipePath = path.join(dir, 'recipe.json');
  fs.writeFileSync(recipePath, recipe);
  for (const [name, cmd] of [['native', [h.NATIVE]], ['wasm', [path.join(h.ROOT, 'scripts/crmwb-wasm')]]]) {
    const out = path.join(dir, `${name}.csv`);
    const log = path.join(dir, `${name}-changes.csv`);
    const r = spawnSync(cmd[0], ['clean', h.SAMPLE, '--recipe', recipePath, '--out', out, '--changes', log], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    assert.deepEqual(fs.readFileSync(out), pageCsv, `${name} crmwb clean gives the page's clean CSV`);
    assert.deepEqual(fs.readFileSync(log), changes, `${name} crmwb clean gives the page's change log`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});

test('every control of the Clean view has a label and is reachable by keyboard', { skip, timeout: 60_000 }, async () => {
  const { context, page } = await openPage();
  await openClean(page);
  for (const op of ['case', 'phone', 'date', 'country', 'postal_code', 'number', 'replace', 'fill_missing', 'drop_rows', 'age', 'split_name', 'rename', 'email']) {
    await tid(page, 'step-op').selectOption(op);
    const unlabeled = await page.evaluate(() => {
      const bad = [];
      for (const c of document.querySelectorAll('#clean input, #clean select, #clean textarea, #clean button')) {
        if (c.type === 'file') continue; // labelled by the "Import a recipe…" label
        const name = c.labels?.[0]?.textContent || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim());
        if (!name) bad.push(c.outerHTML.slice(0, 80));
        if (c.tabIndex < 0) bad.push(`not focusable: ${c.outerHTML.slice(0, 80)}`);
      }
      return bad;
    });
    assert.deepEqual(unlabeled, [], op);
  }
  // The recipe import is a keyboard-focusable label.
  const importLabel = tid(page, 'clean-import');
  await importLabel.focus();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'clean-import');
  await context.close();
});
