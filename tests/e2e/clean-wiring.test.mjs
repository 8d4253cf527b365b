// The Clean view's neighbours wired together in the real page: the spelling-clusters panel in
// the Clean view merges a group with a replace step (history, grid, groups found again); rules
// set in the Rules tab run again after every cleaning step, undo and redo, so accuracy stays in
// the score and the rule filter follows the new version; the rows a drop-rows step removed
// export as the file `crmwb clean --dropped` writes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
const tid = h.byTestId;

const { newVersion } = h;

/** The native dropped-rows file for `recipe` on the sample. */
function nativeDropped(recipe) {
  fs.mkdirSync(h.OUT, { recursive: true });
  const recipePath = path.join(h.OUT, 'wiring-recipe.json');
  const out = path.join(h.OUT, 'wiring-kept.csv');
  const dropped = path.join(h.OUT, 'wiring-dropped.csv');
  fs.writeFileSync(recipePath, recipe);
  const r = spawnSync(h.NATIVE, ['clean', h.SAMPLE, '--recipe', recipePath, '--out', out, '--dropped', dropped]);
  assert.equal(r.status, 0, r.stderr.toString());
  return fs.readFileSync(dropped);
}

test('spelling merge in the Clean view, rules re-run after each step, dropped rows export', { skip, timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadSample(page);

  // Rules first: every suggestion accepted; accuracy joins the score.
  await h.openTab(page, 'rules');
  await tid(page, 'rules-suggest').click();
  await tid(page, 'suggestion').first().waitFor();
  await tid(page, 'suggestion-accept-all').click();
  await tid(page, 'rules-verdict').waitFor();
  await h.openTab(page, 'quality');
  await tid(page, 'accuracy').waitFor();

  // The spelling panel inside the Clean view: the city column's groups.
  await h.openTab(page, 'clean');
  const panel = tid(page, 'clean-spelling');
  await panel.getByLabel('Column').selectOption('city');
  await panel.getByRole('button', { name: 'Find similar spellings' }).click();
  await page.waitForFunction(() => /^\d+ groups of similar spellings in “city”/.test(document.querySelector('[data-testid="clean-spelling"] .spelling-status')?.textContent ?? ''));
  const before = await panel.locator('.spelling-status').textContent();
  const groupsBefore = Number(before.match(/^(\d+) groups/)[1]);
  const london = panel.getByRole('group', { name: /Group 1: 5 spellings, 89 rows/ });
  await newVersion(page, () => london.getByRole('button', { name: 'Merge selected' }).click());
  // The groups are found again on the new version, one fewer.
  await page.waitForFunction((n) => (document.querySelector('[data-testid="clean-spelling"] .spelling-status')?.textContent ?? '').startsWith(`${n} groups`), groupsBefore - 1);
  const history = await tid(page, 'clean-history').locator('li').allInnerTexts();
  assert.equal(history.length, 1);
  assert.match(history[0], /replace|Replace/);
  assert.match(history[0], /5 changed/);

  // The rules ran again on the new version: accuracy is still in the score, the rule filter works.
  await h.openTab(page, 'quality');
  await tid(page, 'accuracy').waitFor();
  await tid(page, 'accuracy-rows').click();
  await h.waitGridSettled(page);
  assert.ok((await h.rowCount(page)) > 0);

  // A drop-rows step from an imported recipe; the dropped rows export equals crmwb clean --dropped.
  const recipe = `${JSON.stringify({ crmwb_recipe: 1, steps: [{ op: 'drop_rows', column: 'company', rule: { check: 'not_null' } }] }, null, 2)}\n`;
  await h.openTab(page, 'clean');
  await newVersion(page, () => tid(page, 'clean-recipe-input').setInputFiles({ name: 'drop.json', mimeType: 'application/json', buffer: Buffer.from(recipe) }));
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, 'clean-export-dropped').click()]);
  assert.match(dl.suggestedFilename(), /-dropped\.csv$/);
  const bytes = fs.readFileSync(await dl.path());
  const native = nativeDropped(recipe);
  assert.ok(native.length > 200, 'the sample has rows without a company');
  assert.ok(bytes.equals(native), 'the page’s dropped rows equal crmwb clean --dropped');
  assert.match(await tid(page, 'clean-export-status').textContent(), /Saved .*-dropped\.csv \([\d,]+ dropped rows?\)/);

  // Undo keeps the rules in step too.
  await newVersion(page, () => tid(page, 'clean-undo').click());
  await h.openTab(page, 'quality');
  await tid(page, 'accuracy').waitFor();

  const origin = new URL(env.site.origin);
  const outside = log.requests.filter((r) => {
    const u = new URL(r.url);
    return !(u.protocol === 'blob:' || u.protocol === 'data:' || u.host === origin.host);
  });
  assert.deepEqual(outside, []);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.consoleErrors, []);
  await context.close();
});
