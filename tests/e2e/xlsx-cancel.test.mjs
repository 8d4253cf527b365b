// Cancel while a large .xlsx is being converted: the worker converts the sheet in steps and takes
// the cancel between two of them (no replacement of the worker after the 1 s grace time). The
// workbook (300,000 generated customers, about 41 MB) is written once with web/xlsx.js's
// writeXlsx into build/e2e/ and reused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { writeXlsx } from '../../web/xlsx.js';
import * as h from './helpers.mjs';

const ROWS = 300_000;
const XLSX = path.join(h.OUT, `customers_${ROWS / 1000}k.xlsx`);
const skip = h.missingPrerequisite() || false;

/** The generated workbook (built once: crmwb generate, the engine under Node, writeXlsx). */
async function bigWorkbook() {
  if (fs.existsSync(XLSX)) return XLSX;
  fs.mkdirSync(h.OUT, { recursive: true });
  const csv = `${XLSX}.tmp-${process.pid}.csv`;
  execFileSync(h.NATIVE, ['generate', '--rows', String(ROWS), '--seed', '11', '--out', csv], { timeout: 60_000 });
  const engine = await loadEngineNode();
  engine.beginLoad({});
  engine.feed(new Uint8Array(fs.readFileSync(csv)));
  const load = engine.finishLoad();
  fs.rmSync(csv);
  const { bytes } = writeXlsx({ columns: load.columns, rowCount: load.rows, getRows: (b, e) => engine.window(b, e) });
  fs.writeFileSync(`${XLSX}.tmp`, bytes);
  fs.renameSync(`${XLSX}.tmp`, XLSX);
  return XLSX;
}

let workbook;
before(async () => {
  if (!skip) workbook = await bigWorkbook();
});
const env = h.browserAndSite(skip);

test('cancel while a large .xlsx is converted: the worker stops by itself, the page stays usable', { skip, timeout: 180_000 }, async (t) => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  // Cancel once the sheet conversion is under way (5% or more done).
  await h.cancelWhenProgress(page, 'Reading the sheet — ([5-9]|[1-9]\\d)%');
  await page.evaluate(() => {
    new MutationObserver(() => {
      if (document.body.dataset.state !== 'loading' && window.__cancelPressedAt && !window.__settledAt) {
        window.__settledAt = performance.now();
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  });
  await h.byTestId(page, 'file-input').setInputFiles(workbook);
  const state = await h.waitState(page, ['idle', 'error', 'ready'], 120_000);
  const { percent, waited, cancelledBy } = await page.evaluate(() => ({
    percent: Number(/(\d+)%/.exec(window.__cancelText)?.[1]),
    waited: window.__settledAt - window.__cancelPressedAt,
    cancelledBy: document.body.dataset.cancelledBy,
  }));
  t.diagnostic(`cancel pressed at ${percent}% of the conversion, honoured in ${waited.toFixed(0)} ms`);
  assert.ok(percent >= 5 && percent < 90, `Cancel was pressed during the conversion (at ${percent}%)`);
  assert.equal(state, 'idle', 'the load was cancelled');
  assert.equal(cancelledBy, 'worker', 'the worker took the cancel between two steps (it was not replaced)');
  assert.ok(waited < 500, `the cancel was honoured in ${waited.toFixed(0)} ms`);
  const box = await h.byTestId(page, 'error').innerText();
  assert.match(box, /^Loading cancelled\./, 'only the cancel message shows');
  assert.deepEqual([...log.pageErrors, ...log.consoleErrors, ...log.workerConsoleErrors], []);

  // The same worker goes on: the sample loads, then the workbook itself.
  await h.loadSample(page);
  await h.waitGridSettled(page);
  assert.equal(await h.byTestId(page, 'error').isVisible(), false);
  await h.loadFile(page, workbook, 120_000);
  assert.equal(await h.rowCount(page), ROWS);
  assert.match(await h.byTestId(page, 'file-info').innerText(), /customers_300k\.xlsx/);
  assert.equal(log.workers.length, 1, 'one worker all along');
  await context.close();
});
