// The Rules tab on the served site, checked against the native `crmwb validate` on the same
// sample: suggested rules accepted → results per rule → accuracy in the Quality view and in the
// overall score → a rule's "show rows" filters the grid → the exported rules file, run natively,
// gives the same failing counts → a hand-written rule, an in_column rule with a second file, a
// broken rules file and unusable patterns give the core's clear messages → no request leaves the
// page. Also writes the Rules screenshot (build/e2e/screenshots/rules.png).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite();
const env = h.browserAndSite(skip);

/** Runs `crmwb validate --json` natively: {status, report}. */
function nativeValidate(file, rulesPath, extra = []) {
  const r = spawnSync(h.NATIVE, ['validate', file, '--rules', rulesPath, '--json', ...extra], { maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 3, `crmwb validate: ${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout.toString()) };
}

/** The results table: [{index, failed, passed}]. */
async function results(page) {
  return page.$$eval('[data-testid="rule-result"]', (rows) => rows.map((r) => ({
    index: Number(r.dataset.index),
    failed: r.dataset.failed === '' ? null : Number(r.dataset.failed),
    passed: r.dataset.passed,
  })));
}

async function waitResults(page, n) {
  await page.waitForFunction((want) => {
    const rows = [...document.querySelectorAll('[data-testid="rule-result"]')];
    return rows.length === want && rows.every((r) => r.dataset.failed !== '') && !document.querySelector('#rules[aria-busy="true"]');
  }, n, { timeout: 30_000 });
}

async function rulesError(page) {
  const box = h.byTestId(page, 'rules-error');
  await box.waitFor({ state: 'visible' });
  return box.innerText();
}

test('suggested rules → results → accuracy in the score → rows in the grid → exported file equals crmwb validate', { skip: skip || false, timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadSample(page);
  await h.openTab(page, 'quality');
  const scoreBefore = Number(await h.byTestId(page, 'quality-score').getAttribute('data-score'));
  assert.equal(await h.byTestId(page, 'accuracy').count(), 0, 'no accuracy before rules run');

  // Suggestions in plain words with their pass share.
  await h.openTab(page, 'rules');
  await h.byTestId(page, 'rules-suggest').click();
  await h.byTestId(page, 'suggestion').first().waitFor();
  const suggestions = await h.byTestId(page, 'suggestion').allInnerTexts();
  assert.ok(suggestions.length >= 5, `suggestions: ${suggestions.length}`);
  for (const s of suggestions) assert.match(s, / must .*: (\d+(\.\d)?%|100%) pass \([\d,]+ of [\d,]+\)|no values to check/, s);
  // Dismiss one, accept the rest.
  await h.byTestId(page, 'suggestion-dismiss').first().click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="suggestion"]').length === n, suggestions.length - 1);
  await h.byTestId(page, 'suggestion-accept-all').click();
  const n = suggestions.length - 1;
  await waitResults(page, n);
  await h.byTestId(page, 'rules-verdict').waitFor();
  const shown = await results(page);
  await h.screenshot(page, 'rules');

  // The exported rules file, run natively on the same file: the same failing counts.
  const [dl] = await Promise.all([page.waitForEvent('download'), h.byTestId(page, 'rules-export').click()]);
  assert.match(dl.suggestedFilename(), /customers_sample-rules\.json$/);
  const exported = fs.readFileSync(await dl.path(), 'utf8');
  const parsed = JSON.parse(exported);
  assert.equal(parsed.crmwb_rules, 1);
  assert.equal(parsed.rules.length, n);
  const rulesPath = path.join(h.OUT, 'rules-exported.json');
  fs.mkdirSync(h.OUT, { recursive: true });
  fs.writeFileSync(rulesPath, exported);
  const native = nativeValidate(h.SAMPLE, rulesPath).report;
  assert.deepEqual(shown.map((r) => r.failed), native.rules.map((r) => r.failed), 'failing counts equal crmwb validate');
  assert.deepEqual(shown.map((r) => r.passed), native.rules.map((r) => String(r.passed)));
  const verdict = await h.byTestId(page, 'rules-verdict').innerText();
  assert.match(verdict, new RegExp(`${native.records_passing_all.toLocaleString('en-US')} of ${native.records.toLocaleString('en-US')} records pass every rule`));

  // Accuracy in the Quality view and in the overall score (equal weights: the mean of the dimensions).
  await h.openTab(page, 'quality');
  await h.byTestId(page, 'accuracy').waitFor();
  const scoreAfter = Number(await h.byTestId(page, 'quality-score').getAttribute('data-score'));
  const profile = h.nativeProfile(h.SAMPLE);
  const dims = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness'].map((k) => profile.quality[k]).filter((v) => typeof v === 'number');
  assert.ok(Math.abs(scoreBefore - profile.quality.score) < 1e-9, `score before ${scoreBefore} vs native ${profile.quality.score}`);
  const expected = (dims.reduce((a, b) => a + b, 0) + native.accuracy) / (dims.length + 1);
  assert.ok(Math.abs(scoreAfter - expected) < 1e-9, `score with accuracy ${scoreAfter} vs ${expected}`);
  const formulas = await page.locator('.formulas').textContent();
  assert.match(formulas, /Accuracy/);
  assert.match(formulas, /records passing every validation rule ÷ records/);

  // A failing rule's rows in the grid (like the Quality view's problems).
  await h.openTab(page, 'rules');
  const failing = native.rules.find((r) => r.failed > 0);
  assert.ok(failing, 'some suggested rule fails on the sample (mostly < 1)');
  await page.locator(`[data-testid="rule-result"][data-index="${failing.index}"] [data-testid="rule-show-rows"]`).click();
  await h.waitRowCount(page, failing.failed);
  const chips = await h.byTestId(page, 'active-filters').innerText();
  assert.match(chips, new RegExp(`fails rule ${failing.index}`));
  await h.waitGridSettled(page);
  const rows = await h.gridRows(page);
  assert.equal(rows[0].num, String(failing.failing_rows[0] + 1), 'first row of the view is the first failing row');
  // And every record failing any rule, from the Quality view.
  await h.openTab(page, 'quality');
  await h.byTestId(page, 'accuracy-rows').click();
  await h.waitRowCount(page, native.records - native.records_passing_all);

  // No request left the page; no console error.
  const origin = new URL(env.site.origin);
  const outside = log.requests.filter((r) => {
    const u = new URL(r.url);
    return !(u.protocol === 'blob:' || u.protocol === 'data:' || (u.host === origin.host && r.method === 'GET'));
  });
  assert.deepEqual(outside, [], h.listing(outside.map((r) => `${r.method} ${r.url}`)));
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.consoleErrors, []);
  await context.close();
});

test('hand-written rules, a second file, a broken rules file and unusable patterns', { skip: skip || false, timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadSample(page);
  await h.openTab(page, 'rules');
  const header = fs.readFileSync(h.SAMPLE, 'utf8').split(/\r?\n/)[0].split(',');
  const idCol = header[0];
  await page.locator('[data-testid="rule-add-details"] summary').click();

  // A regex by hand: (a+)+$ is valid RE2 and runs in linear time.
  await h.byTestId(page, 'rule-check').selectOption('regex');
  await h.byTestId(page, 'rule-column').selectOption(idCol);
  await h.byTestId(page, 'rule-pattern').fill('(a+)+$');
  await h.byTestId(page, 'rule-mostly').fill('50');
  await h.byTestId(page, 'rule-add').click();
  await waitResults(page, 1);

  // A back-reference: the core's message names the rule and field; nothing is added.
  await h.byTestId(page, 'rule-pattern').fill('(a)\\1');
  await h.byTestId(page, 'rule-add').click();
  const formError = h.byTestId(page, 'rule-form-error');
  await page.waitForFunction(() => document.querySelector('[data-testid="rule-form-error"]')?.textContent !== '');
  assert.match(await formError.innerText(), /rule 2 \(regex\): "pattern": .*back-reference/i);
  // A 10,000-character pattern RE2 cannot hold in its memory budget, or one it can: never a hang.
  await h.byTestId(page, 'rule-pattern').fill(`((((a{100}){100}){100}){100})${'x'.repeat(9970)}`);
  await h.byTestId(page, 'rule-add').click();
  await page.waitForFunction(() => /rule 2 \(regex\): "pattern"/.test(document.querySelector('[data-testid="rule-form-error"]')?.textContent ?? ''));
  assert.equal((await results(page)).length, 1, 'the bad patterns were not added');

  // unique over two columns, and compare.
  await h.byTestId(page, 'rule-check').selectOption('unique');
  await h.byTestId(page, 'rule-columns').selectOption([header[1], header[2]]);
  await h.byTestId(page, 'rule-add').click();
  await waitResults(page, 2);

  // in_column with a second file: the ids 1..50 only.
  const ids = ['id', ...Array.from({ length: 50 }, (_, i) => String(i + 1))].join('\n') + '\n';
  await h.byTestId(page, 'rule-check').selectOption('in_column');
  await h.byTestId(page, 'rule-column').selectOption(idCol);
  await h.byTestId(page, 'rule-other-file').setInputFiles({ name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(ids) });
  await page.waitForFunction(() => /ids\.csv: 50 rows/.test(document.querySelector('[data-testid="rule-other-status"]')?.textContent ?? ''));
  await h.byTestId(page, 'rule-other-column').selectOption('id');
  await h.byTestId(page, 'rule-severity').selectOption('warning');
  await h.byTestId(page, 'rule-add').click();
  await waitResults(page, 3);
  // Same counts as crmwb validate --other on the exported rules.
  const [dl] = await Promise.all([page.waitForEvent('download'), h.byTestId(page, 'rules-export').click()]);
  fs.mkdirSync(h.OUT, { recursive: true });
  const rulesPath = path.join(h.OUT, 'rules-hand.json');
  const idsPath = path.join(h.OUT, 'rules-ids.csv');
  fs.copyFileSync(await dl.path(), rulesPath);
  fs.writeFileSync(idsPath, ids);
  const native = nativeValidate(h.SAMPLE, rulesPath, ['--other', idsPath]).report;
  assert.deepEqual((await results(page)).map((r) => r.failed), native.rules.map((r) => r.failed));
  assert.equal(JSON.parse(fs.readFileSync(rulesPath, 'utf8')).rules[2].severity, 'warning');

  // A broken rules file: the core's message with the line; the rules in place stay.
  const importInput = h.byTestId(page, 'rules-import');
  await importInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"crmwb_rules": 1,\n "rules": [}') });
  assert.match(await rulesError(page), /broken\.json: .*line 2/i);
  await importInput.setInputFiles({ name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ crmwb_rules: 1, rules: [{ check: 'not_null', column: 'emial' }] })) });
  await page.waitForFunction(() => /typo\.json: Rule 1 \(not_null\): the file has no column "emial"/.test(document.querySelector('[data-testid="rules-error"]')?.textContent ?? ''));
  assert.equal((await results(page)).length, 3);
  // A good file replaces the rules.
  await importInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ crmwb_rules: 1, rules: [{ check: 'not_null', column: idCol }] })) });
  await waitResults(page, 1);
  assert.ok(await h.byTestId(page, 'rules-error').isHidden());
  // Remove the last rule: accuracy leaves the score.
  await h.byTestId(page, 'rule-remove').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="rule-result"]').length === 0);
  await h.openTab(page, 'quality');
  assert.equal(await h.byTestId(page, 'accuracy').count(), 0);

  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('rules over a million rows show progress and can be cancelled', { skip: skip || false, timeout: 400_000 }, async () => {
  const big = h.bigFile();
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadFile(page, big, 240_000);
  await h.openTab(page, 'rules');
  // Many rules so the run takes a while: a cancel between two of them.
  const header = execFileSync('head', ['-1', big]).toString().trim().split(',');
  const rules = [];
  for (let k = 0; k < 4; k++) for (const c of header) rules.push({ check: 'unique', column: c }, { check: 'regex', column: c, pattern: '(a+)+$' });
  await page.evaluate(() => {
    window.__progressSeen = false;
    const row = document.querySelector('[data-testid="rules-progress"]').parentElement;
    new MutationObserver(() => {
      if (!row.hidden && /Checked \d+ of/.test(row.textContent)) {
        window.__progressSeen = true;
        document.querySelector('[data-testid="rules-cancel"]').click();
      }
    }).observe(row, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  await h.byTestId(page, 'rules-import').setInputFiles({ name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ crmwb_rules: 1, rules })) });
  await page.waitForFunction(() => /Cancelled/.test(document.querySelector('[data-testid="rules-status"]')?.textContent ?? ''), null, { timeout: 120_000 });
  assert.equal(await page.evaluate(() => window.__progressSeen), true);
  assert.equal((await results(page)).length, 0, 'a cancelled import keeps nothing');
  // The table is still loaded: a small rule set runs to the end.
  await h.byTestId(page, 'rules-import').setInputFiles({ name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ crmwb_rules: 1, rules: [{ check: 'not_null', column: header[0] }] })) });
  await waitResults(page, 1);
  await context.close();
});
