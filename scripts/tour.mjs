#!/usr/bin/env node
// Takes the README's tour screenshots (docs/tour/*.png) in headless Chromium: the workbench
// served from build/site/ with its bundled sample, light theme, plus one view in the dark theme.
// Run after ./scripts/build when the page changes:  node scripts/tour.mjs [--out DIR]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as h from '../tests/e2e/helpers.mjs';

const argv = process.argv.slice(2);
const outIdx = argv.indexOf('--out');
const OUT = path.resolve(outIdx >= 0 ? argv[outIdx + 1] : path.join(h.ROOT, 'docs/tour'));

const missing = h.missingPrerequisite();
if (missing) {
  console.error(`tour: ${missing}`);
  process.exit(1);
}
fs.mkdirSync(OUT, { recursive: true });

const shots = [];
async function shot(page, name, what) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push({ file: path.relative(h.ROOT, file), what, bytes: fs.statSync(file).size });
}

const browser = await h.launch();
const site = await h.serveSite();
try {
  // Light theme: first screen, data, profile, quality, then the rows behind one problem.
  {
    const { context, page } = await h.newPage(browser, { colorScheme: 'light' });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.byTestId(page, 'drop-zone').waitFor();
    await shot(page, '1-start', 'first screen: drop zone, file picker, sample data');

    await h.loadSample(page);
    await h.waitGridSettled(page);
    await shot(page, '2-data', 'data grid: typed headers, missing and invalid cells marked');

    await h.openTab(page, 'profile');
    await shot(page, '3-profile', 'profile: a card per column');

    await h.openTab(page, 'quality');
    await h.byTestId(page, 'heatmap').waitFor();
    await page.waitForTimeout(600); // the charts animate in
    await shot(page, '4-quality', 'quality: score, dimensions, problems, heat map');

    // The rows behind a format problem of the phone column (or the first problem).
    const problems = h.byTestId(page, 'problem');
    const phone = problems.filter({ hasText: 'phone' }).first();
    await ((await phone.count()) ? phone : problems.first()).click();
    await h.waitGridSettled(page);
    await shot(page, '5-problem-rows', 'the rows behind one problem, as a filter');

    // Search, combined with the chips, and the detail of one cell.
    await h.byTestId(page, 'clear-filters').click();
    await h.openTab(page, 'data');
    await h.byTestId(page, 'search-input').fill('gonzalez');
    await page.waitForFunction(() => /contains/.test(document.querySelector('[data-testid="active-filters"]')?.textContent ?? ''));
    await h.waitGridSettled(page);
    await page.locator('[data-testid="grid"] [role="row"][data-row="0"] [role="gridcell"]').nth(4).click();
    await h.byTestId(page, 'grid').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="cell-detail-value"]'));
    await shot(page, '7-search-detail', 'search as a chip, and the detail of one cell');
    await context.close();
  }
  // The Clean view: two suggested fixes applied (history, score before → after), the others
  // previewed with their counts and before → after samples.
  {
    const { context, page } = await h.newPage(browser, { colorScheme: 'light', viewport: { width: 1440, height: 1100 } });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadSample(page);
    await h.openTab(page, 'clean');
    const previewed = () => page.waitForFunction(() => {
      const items = document.querySelectorAll('[data-testid="clean-suggestion"]');
      return items.length > 0 && [...items].every((li) => li.querySelector('[data-testid="preview-counts"]'));
    });
    for (let i = 0; i < 2; i++) {
      await previewed();
      const v = await page.evaluate(() => document.getElementById('clean').dataset.version ?? '');
      // The second fix: the phone numbers (or the first one left).
      const items = page.locator('[data-testid="clean-suggestion"]');
      const phone = items.filter({ hasText: 'phone numbers' }).first();
      await (i === 1 && (await phone.count()) ? phone : items.first()).locator('[data-testid="clean-apply-one"]').click();
      await page.waitForFunction((old) => (document.getElementById('clean').dataset.version ?? '') !== old && !document.getElementById('clean').dataset.busy, v);
    }
    await previewed();
    await shot(page, '9-clean', 'clean: suggested fixes previewed, history, score before → after');
    await context.close();
  }
  // A phone-width screen: the grid with its tools, and the export menu inside the screen.
  {
    const { context, page } = await h.newPage(browser, { colorScheme: 'light', viewport: { width: 390, height: 844 } });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadSample(page);
    await h.waitGridSettled(page);
    await h.byTestId(page, 'export-button').click();
    await page.waitForTimeout(300);
    await shot(page, '8-phone-export', 'a 390 px screen: the export menu stays inside it');
    await context.close();
  }
  // The Rules tab: the suggested rules accepted and run, with the results per rule.
  {
    const { context, page } = await h.newPage(browser, { colorScheme: 'light' });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadSample(page);
    await h.openTab(page, 'rules');
    await h.byTestId(page, 'rules-suggest').click();
    await h.byTestId(page, 'suggestion').first().waitFor();
    await h.byTestId(page, 'suggestion-accept-all').click();
    await h.byTestId(page, 'rules-verdict').waitFor();
    await shot(page, '10-rules', 'rules: the suggested checks accepted, failing count and pass share per rule');
    await context.close();
  }
  // The Duplicates tab: the sample's duplicates found, one cluster under review.
  {
    const { context, page } = await h.newPage(browser, { colorScheme: 'light' });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadSample(page);
    await h.openTab(page, 'duplicates');
    await h.byTestId(page, 'dup-rule').first().waitFor();
    await h.byTestId(page, 'dup-run').click();
    await h.byTestId(page, 'dup-cluster-title').waitFor({ timeout: 60_000 });
    await h.byTestId(page, 'dup-summary').evaluate((n) => n.scrollIntoView({ block: 'start' }));
    await shot(page, '11-duplicates', 'duplicates: match-weight histogram with the threshold, clusters uncertain first, records side by side with the merged record');
    await h.byTestId(page, 'dup-waterfall').evaluate((n) => n.scrollIntoView({ block: 'center' }));
    await shot(page, '12-duplicates-why', 'duplicates: why two records match, field by field (contributions add up to the match weight)');
  }
  // The Segments tab: generated customers and orders, RFM segments, k-means and the PCA map.
  {
    const dir = path.join(h.OUT, 'tour-segments');
    fs.mkdirSync(dir, { recursive: true });
    const customers = path.join(dir, 'customers.csv');
    const orders = path.join(dir, 'orders.csv');
    execFileSync(h.NATIVE, ['generate', '--rows', '5000', '--seed', '4', '--out', customers, '--orders', orders]);
    const { context, page } = await h.newPage(browser, { colorScheme: 'light', viewport: { width: 1366, height: 1100 } });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadFile(page, customers);
    await h.openTab(page, 'segments');
    await h.byTestId(page, 'seg-orders-input').setInputFiles(orders);
    await h.byTestId(page, 'seg-join-form').waitFor();
    const idle = () => page.waitForFunction(() => !document.querySelector('#segments[aria-busy="true"]'), null, { timeout: 120_000 });
    await idle();
    await h.byTestId(page, 'seg-run-rfm').click();
    await h.byTestId(page, 'seg-rfm-table').waitFor();
    await idle();
    await page.evaluate(() => {
      const box = document.querySelector('[data-testid="seg-rfm"]');
      window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY - 8);
    });
    await page.waitForTimeout(600);
    await shot(page, '13-segments', 'segments: RFM segments from the orders file, share of customers and of revenue, each a link to its rows');
    await context.close();
  }
  // Personal data: Export protected… and Find a person (README "Personal data", "Find a person").
  {
    const { context, page } = await h.newPage(browser, { colorScheme: 'light' });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadSample(page);
    await h.openExportMenu(page);
    await h.byTestId(page, 'export-protected').click();
    await h.byTestId(page, 'protect-dialog').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelector('[data-testid="protect-preview"] table'));
    await page.waitForTimeout(400);
    await shot(page, '14-protect', 'Export protected: a mark and an action per column, the preview of the first rows');
    await page.keyboard.press('Escape');
    await h.byTestId(page, 'find-person-button').click();
    await h.byTestId(page, 'person-dialog').waitFor({ state: 'visible' });
    await h.byTestId(page, 'person-name').fill('W. de Leon');
    await h.byTestId(page, 'person-phone').fill('+1 480 980 5852');
    await h.byTestId(page, 'person-find').click();
    await h.byTestId(page, 'person-match').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.evaluate(() => document.querySelector('[data-testid="person-results"]').scrollIntoView());
    await page.waitForTimeout(400);
    await shot(page, '15-find-person', 'find a person: “W. de Leon, +1 480 980 5852” finds William de León’s records, each with why');
    await context.close();
  }
  // Dark theme (follows the system preference).
  {
    const { context, page } = await h.newPage(browser, { colorScheme: 'dark' });
    await page.goto(site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadSample(page);
    await h.openTab(page, 'profile');
    await page.evaluate(() => {
      const card = document.querySelector('[data-testid="column-card"][data-column="signup_date"]');
      if (card) window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 16);
    });
    await page.waitForTimeout(600);
    await shot(page, '6-profile-dark', 'profile in the dark theme: histograms and shapes');
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}
for (const s of shots) console.log(`tour: ${s.file} (${Math.round(s.bytes / 1000)} kB): ${s.what}`);
