// The spelling-clusters panel (web/views/spelling.js) in Chromium, mounted on a harness page with
// a stand-in client (the engine's answers are tested in tests/wasm/spelling.test.mjs): labels and
// keyboard use, the groups as listed, and the replace step "Merge selected" hands to onStep.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CHROMIUM, ROOT, launch, serveSite } from './helpers.mjs';

const skip = !fs.existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)`;

const CLUSTERS = {
  column: 'city',
  method: 'fingerprint',
  rows: 12,
  values: 11,
  distinct: 6,
  groups: 2,
  affected: 9,
  clusters: [
    {
      key: 'paris', rows: 6, target: 'Paris',
      spellings: [
        { value: 'Paris', count: 3, first_row: 0 },
        { value: 'paris', count: 2, first_row: 1 },
        { value: ' PARIS ', count: 1, first_row: 4 },
      ],
    },
    {
      key: 'lyon', rows: 3, target: 'Lyon',
      spellings: [{ value: 'Lyon', count: 2, first_row: 2 }, { value: 'LYON', count: 1, first_row: 5 }],
    },
  ],
};

const HARNESS = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>spelling panel</title></head>
<body><div id="clean-spelling"></div>
<script type="module">
import { mountSpelling } from './views/spelling.js';
window.__calls = [];
window.__steps = [];
const client = {
  async spellingClusters(column, method, options, onProgress) {
    window.__calls.push({ column, method, options });
    onProgress?.({ done: 1, total: 2 });
    const r = ${JSON.stringify(CLUSTERS)};
    if (window.__steps.length) { r.groups = 1; r.affected = 3; r.clusters = r.clusters.slice(1); }
    return r;
  },
};
const panel = mountSpelling(document.getElementById('clean-spelling'), {
  client,
  columns: ['city', 'name'],
  onStep: async (step) => { window.__steps.push(step); },
});
window.__panel = panel;
document.body.dataset.ready = '1';
</script></body></html>`;

test('the spelling panel lists groups and merges the ticked spellings', { skip, timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-spelling-'));
  fs.mkdirSync(path.join(dir, 'views'));
  for (const f of ['spelling.js', 'dom.js']) fs.copyFileSync(path.join(ROOT, 'web/views', f), path.join(dir, 'views', f));
  fs.writeFileSync(path.join(dir, 'index.html'), HARNESS);
  const site = await serveSite(dir);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(site.url('/'));
    await page.waitForSelector('body[data-ready="1"]');

    // Labelled controls; the method's explanation follows the choice.
    const column = page.getByLabel('Column');
    assert.deepEqual(await column.locator('option').allTextContents(), ['city', 'name']);
    const method = page.getByLabel('Compare values by');
    await method.selectOption('metaphone');
    assert.match(await page.locator('.spelling-help').textContent(), /sound the same/);
    await method.selectOption('fingerprint');

    // Keyboard: Enter on the focused button runs the search.
    await page.getByRole('button', { name: 'Find similar spellings' }).focus();
    await page.keyboard.press('Enter');
    const status = page.locator('.spelling-status');
    await page.waitForFunction(() => document.querySelector('.spelling-status').textContent.includes('groups'));
    assert.equal(await status.textContent(), '2 groups of similar spellings in “city”, 9 rows in all.');
    assert.equal(await status.getAttribute('role'), 'status');
    const calls = await page.evaluate(() => window.__calls);
    assert.deepEqual(calls, [{ column: 'city', method: 'fingerprint', options: { maxGroups: 200, maxSpellings: 50 } }]);

    const group = page.getByRole('group', { name: /Group 1: 3 spellings, 6 rows/ });
    assert.equal(await group.getByRole('checkbox').count(), 3);
    assert.equal(await group.getByRole('checkbox', { checked: true }).count(), 3);
    // Values with outer spaces are shown quoted; every checkbox is named by its spelling and rows.
    await group.getByRole('checkbox', { name: '“ PARIS ” — 1 row', exact: true }).uncheck();
    await group.getByRole('button', { name: 'Keep the spelling paris', exact: true }).click();
    const target = group.getByLabel('Spelling to keep');
    assert.equal(await target.inputValue(), 'paris');
    assert.equal(await page.evaluate(() => document.activeElement.id), await target.getAttribute('id'));
    await group.getByRole('button', { name: 'Merge selected' }).click();
    await page.waitForFunction(() => window.__calls.length === 2);
    assert.deepEqual(await page.evaluate(() => window.__steps), [
      { op: 'replace', column: 'city', map: { Paris: 'paris' } },
    ]);
    // After the merge the groups are found again.
    await page.waitForFunction(() => document.querySelector('.spelling-status').textContent.startsWith('1 group'));
    assert.equal(await page.getByRole('group').count(), 1);

    // Nothing to merge: a message, no step.
    const lyon = page.getByRole('group', { name: /Group 1: 2 spellings/ });
    await lyon.getByRole('checkbox', { name: 'LYON — 1 row', exact: true }).uncheck();
    await lyon.getByRole('button', { name: 'Merge selected' }).click();
    assert.match(await lyon.locator('.spelling-note').textContent(), /Tick at least one spelling/);
    assert.equal((await page.evaluate(() => window.__steps)).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
