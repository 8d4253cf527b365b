// The Duplicates view's cluster list (web/views/duplicates-list.js) in Chromium on a harness page
// with 50,000 clusters: only the rows in sight are in the DOM wherever the list is scrolled, the
// keyboard (arrows, Page Down, End, Home, Enter) moves the active option and opens clusters, and
// screen readers get the listbox's active option, its position and the set size.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CHROMIUM, ROOT, launch, serveSite } from './helpers.mjs';

const skip = !fs.existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)`;
const N = 50_000;

const HARNESS = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cluster list</title>
<style>.dup-list { position: relative; height: 340px; overflow-y: auto; } .dup-spacer { position: relative; }
.dup-option { position: absolute; left: 0; right: 0; height: 34px; box-sizing: border-box; }</style></head>
<body><div id="root"></div>
<script type="module">
import { ClusterList } from './views/duplicates-list.js';
window.__opened = [];
const list = new ClusterList((id) => window.__opened.push(id));
document.getElementById('root').append(list.node);
const n = ${N};
const ids = [], sizes = [], min_probability = [], accepted = [];
for (let i = 0; i < n; i++) { ids.push(i * 3); sizes.push(2 + (i % 3)); min_probability.push(0.99 + (i / n) * 0.0099); accepted.push(0); }
list.set({ ids, sizes, min_probability, accepted });
window.__list = list;
document.body.dataset.ready = '1';
</script></body></html>`;

test('50,000 clusters: a few rows in the DOM, keyboard and screen-reader basics', { skip: skip || false, timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-duplist-'));
  fs.mkdirSync(path.join(dir, 'views'));
  for (const f of ['duplicates-list.js', 'dom.js']) fs.copyFileSync(path.join(ROOT, 'web/views', f), path.join(dir, 'views', f));
  fs.writeFileSync(path.join(dir, 'index.html'), HARNESS);
  const site = await serveSite(dir);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(site.url('/'));
    await page.waitForSelector('body[data-ready="1"]');
    const box = page.getByRole('listbox', { name: 'Clusters of possible duplicates' });
    const options = () => page.locator('[role="option"]').count();
    assert.ok((await options()) < 40, 'only the rows in sight (and a few more) exist');
    assert.equal(await box.getAttribute('aria-activedescendant'), 'dup-opt-0');

    await box.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('PageDown');
    const active = await box.getAttribute('aria-activedescendant');
    assert.ok(Number(active.replace('dup-opt-', '')) > 5, active);
    await page.keyboard.press('End');
    assert.equal(await box.getAttribute('aria-activedescendant'), `dup-opt-${N - 1}`);
    const last = page.locator(`#dup-opt-${N - 1}`);
    assert.equal(await last.getAttribute('aria-posinset'), String(N));
    assert.equal(await last.getAttribute('aria-setsize'), String(N));
    assert.equal(await last.getAttribute('aria-selected'), 'true');
    assert.ok(await last.isVisible());
    assert.match(await last.textContent(), /^Cluster 149,997/);
    assert.ok((await options()) < 40);
    await page.keyboard.press('Enter');
    assert.deepEqual(await page.evaluate(() => window.__opened), [(N - 1) * 3]);

    // Scrolled to the middle by the wheel (or a scrollbar): the rows there are drawn.
    await box.evaluate((n) => { n.scrollTop = 25_000 * 34; n.dispatchEvent(new Event('scroll')); });
    await page.waitForSelector('#dup-opt-25000');
    assert.ok((await options()) < 40);
    await page.locator('#dup-opt-25002').click();
    assert.deepEqual(await page.evaluate(() => window.__opened), [(N - 1) * 3, 25_002 * 3]);
    assert.equal(await box.getAttribute('aria-activedescendant'), 'dup-opt-25002');
    await page.keyboard.press('Home');
    assert.equal(await box.getAttribute('aria-activedescendant'), 'dup-opt-0');
    assert.ok(await page.locator('#dup-opt-0').isVisible());
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
