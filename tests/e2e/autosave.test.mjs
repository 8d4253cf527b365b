// Autosave in the real page: work on the sample, close the page mid-work, open it again, restore:
// same table and history. The stored bytes are ciphertext only (no email of the file in them),
// discard leaves nothing stored, nothing is stored before a file is opened, and no request
// leaves the page. Also the longest main-thread task while autosave stores the file and state.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
const tid = h.byTestId;

const { newVersion } = h;
const { historyItems } = h;

const exportCsv = (page) => h.exportCsv(page, false);

/** Every stored byte (OPFS files and IndexedDB blobs) as base64 strings, by name. */
function storedBytes(page) {
  return page.evaluate(async () => {
    const out = {};
    const b64 = (u8) => {
      let s = '';
      for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
      return btoa(s);
    };
    try {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('crmwb-autosave');
      for await (const [name, handle] of dir.entries()) out[`opfs:${name}`] = b64(new Uint8Array(await (await handle.getFile()).arrayBuffer()));
    } catch {
      // no OPFS directory
    }
    const dbs = (await indexedDB.databases()).map((d) => d.name);
    if (dbs.includes('crmwb-autosave')) {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open('crmwb-autosave');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of ['blobs', 'keys']) {
        if (!db.objectStoreNames.contains(store)) continue;
        const t = db.transaction(store);
        const keys = await new Promise((res) => (t.objectStore(store).getAllKeys().onsuccess = (e) => res(e.target.result)));
        for (const k of keys) {
          const v = await new Promise((res) => (db.transaction(store).objectStore(store).get(k).onsuccess = (e) => res(e.target.result)));
          out[`idb:${store}:${k}`] = v instanceof CryptoKey ? `CryptoKey extractable=${v.extractable}` : b64(new Uint8Array(v));
        }
      }
      db.close();
    }
    return out;
  });
}

test('close mid-work, reopen, restore: same table and history; ciphertext only; discard clears', { skip, timeout: 300_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/?autosaveMs=200'));
  assert.deepEqual(Object.keys(await storedBytes(page)).filter((k) => !k.startsWith('idb:keys')), [], 'nothing stored before a file is opened');
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await h.loadSample(page);
  await h.openTab(page, 'clean');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="clean-suggestion"]').length > 0);
  await newVersion(page, () => tid(page, 'clean-apply-all').click());
  await newVersion(page, () => tid(page, 'clean-undo').click());
  const history = await historyItems(page);
  const steps = history.length;
  await page.waitForFunction((n) => document.body.dataset.autosaved === String(n), steps, { timeout: 30_000 });
  const table = await exportCsv(page);
  const stored = await storedBytes(page);
  const names = Object.keys(stored);
  assert.ok(names.some((n) => n.endsWith('state')) && names.some((n) => /file-0$/.test(n)), names.join(', '));
  assert.ok(names.some((n) => stored[n] === 'CryptoKey extractable=false'), 'a non-extractable key');
  const emails = fs.readFileSync(h.SAMPLE, 'utf8').match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g);
  for (const n of names) {
    if (n.startsWith('idb:keys')) continue;
    const bytes = Buffer.from(stored[n], 'base64');
    for (const e of emails.slice(0, 300)) assert.equal(bytes.indexOf(e), -1, `${e} stored in ${n}`);
    assert.equal(bytes.indexOf('customers_sample'), -1, `the file name in clear in ${n}`);
  }
  // Autosave alone: turned off and on again it stores the file and the state anew.
  await page.evaluate(() => {
    window.__longest = 0;
    delete document.body.dataset.autosaved;
  });
  await page.locator('#autosave-panel summary').evaluate((s) => s.closest('details').open = true).catch(() => {});
  await page.evaluate(() => {
    const box = document.getElementById('autosave-enabled');
    box.checked = false;
    box.dispatchEvent(new Event('change'));
  });
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const box = document.getElementById('autosave-enabled');
    box.checked = true;
    box.dispatchEvent(new Event('change'));
  });
  await page.waitForFunction((n) => document.body.dataset.autosaved === String(n), steps, { timeout: 30_000 });
  const longest = await page.evaluate(() => window.__longest);
  process.stderr.write(`autosave e2e: longest main-thread task while autosave stores the file and state: ${longest.toFixed(0)} ms\n`);
  await page.close(); // mid-work: no save, no goodbye

  const page2 = await context.newPage();
  await page2.goto(env.site.url('/?autosaveMs=200'));
  await tid(page2, 'autosave-restore').waitFor({ state: 'visible' });
  const offer = await tid(page2, 'autosave-restore').textContent();
  assert.match(offer, /Restore your last work\? customers_sample\.csv, \d+ steps?, saved just now/);
  await tid(page2, 'autosave-restore-button').click();
  await page2.waitForFunction(() => document.body.dataset.projectRestored !== undefined, null, { timeout: 120_000 });
  await h.waitReady(page2);
  await h.openTab(page2, 'clean');
  assert.deepEqual(await historyItems(page2), history);
  assert.ok((await exportCsv(page2)).equals(table), 'same table bytes');
  await page2.close();

  // Discard on the next visit leaves nothing stored.
  const page3 = await context.newPage();
  await page3.goto(env.site.url('/'));
  await tid(page3, 'autosave-restore').waitFor({ state: 'visible' });
  await tid(page3, 'autosave-discard-button').click();
  await page3.waitForFunction(() => document.body.dataset.autosaveDiscarded === 'yes');
  assert.deepEqual(await storedBytes(page3), {}, 'discard leaves nothing');
  await page3.reload();
  await page3.waitForTimeout(500);
  assert.equal(await tid(page3, 'autosave-restore').isVisible(), false);
  const origin = new URL(env.site.origin);
  const out = log.requests.filter((r) => !/^(blob|data):$/.test(new URL(r.url).protocol) && new URL(r.url).host !== origin.host);
  assert.deepEqual(out, []);
  await context.close();
});

test('autosave turned off stores nothing', { skip, timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/?autosaveMs=200'));
  await page.locator('#autosave-panel summary').click();
  await tid(page, 'autosave-enabled').setChecked(false);
  await h.loadSample(page);
  await page.waitForTimeout(1000);
  assert.deepEqual(Object.keys(await storedBytes(page)).filter((k) => !k.startsWith('idb:keys')), []);
  await context.close();
});
