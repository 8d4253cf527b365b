// Hostile data: HTML/script payloads in the header and the cells are shown as literal text in
// every view and never become elements, handlers or dialogs; formula payloads are neutralized in
// the exports; the exported HTML report is inert too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);

const HTML_PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload=window.__xss=3>',
  '<img src=x onerror=alert(4)>',
  '<b onmouseover="window.__xss=5">bold</b>',
];
const FORMULAS = ['=HYPERLINK("http://evil","x")', '@SUM(1+1)', "+cmd|'/C calc'!A0", '-2+3+cmd|\' /C calc\'!A0'];
const JS_URL = 'javascript:alert(1)';
const HEADER = ['id', ...HTML_PAYLOADS.slice(0, 3), FORMULAS[0], 'link', 'note'];

function csvField(v) {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A table whose header and cells carry the payloads; every payload appears in several rows. */
function hostileCsv() {
  const values = [...HTML_PAYLOADS, ...FORMULAS, JS_URL];
  const lines = [HEADER.map(csvField).join(',')];
  for (let r = 0; r < 24; r++) {
    const row = [String(r + 1)];
    for (let c = 1; c < HEADER.length; c++) {
      const name = HEADER[c];
      if (name === 'link') row.push(r % 3 === 0 ? JS_URL : `https://example.com/${r}`);
      else row.push(values[(r + c) % values.length]);
    }
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Records, from before the first byte of the page, elements that data could have created. */
async function watchDom(page) {
  await page.addInitScript(() => {
    window.__dataElements = [];
    const suspicious = (node) => {
      if (node.nodeType !== 1) return null;
      const tag = node.tagName.toLowerCase();
      const attrs = [...node.attributes].map((a) => [a.name.toLowerCase(), a.value]);
      if (tag === 'img' && /^x$|^https?:\/\/x/.test(node.getAttribute('src') ?? '')) return 'img src=x';
      if (tag === 'script' && /__xss/.test(node.textContent)) return 'script with payload';
      if (['iframe', 'object', 'embed'].includes(tag)) return tag;
      if (tag === 'b' && /bold/.test(node.textContent)) return '<b> from data';
      if (attrs.some(([n]) => n.startsWith('on'))) return `on* attribute on <${tag}>`;
      const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background'];
      if (attrs.some(([n, v]) => urlAttrs.includes(n) && /^\s*javascript:/i.test(v))) return `javascript: URL on <${tag}>`;
      return null;
    };
    const check = (node) => {
      const why = suspicious(node);
      if (why) window.__dataElements.push(`${why}: ${node.outerHTML.slice(0, 200)}`);
      if (node.querySelectorAll) for (const child of node.querySelectorAll('*')) {
        const w = suspicious(child);
        if (w) window.__dataElements.push(`${w}: ${child.outerHTML.slice(0, 200)}`);
      }
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') check(r.target);
        for (const n of r.addedNodes) check(n);
      }
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
}

/**
 * Every column is text here, so nothing tells the header from the data: choose "first row is a
 * header" in the reading options (not a data-testid hook; #opt-header is the page's select).
 */
async function headerYes(page) {
  const select = page.locator('#opt-header');
  if (!(await select.isVisible())) await page.locator('[data-testid="read-options"] > summary').click();
  await select.selectOption('yes');
}

async function assertInert(page, log, where) {
  const state = await page.evaluate(() => ({
    xss: window.__xss,
    elements: window.__dataElements ?? [],
    imgX: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((s) => /__xss/.test(s.textContent)).length,
    onAttrs: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).map((e) => e.tagName),
  }));
  assert.equal(state.xss, undefined, `${where}: window.__xss was set to ${state.xss}`);
  assert.deepEqual(state.elements, [], `${where}: elements created from data:\n${h.listing(state.elements)}`);
  assert.equal(state.imgX, 0, `${where}: <img src=x> present`);
  assert.equal(state.scripts, 0, `${where}: payload <script> present`);
  assert.deepEqual(state.onAttrs, [], `${where}: elements with on* attributes`);
  assert.deepEqual(log.dialogs, [], `${where}: dialogs opened`);
  assert.deepEqual(log.pageErrors, [], `${where}: page errors`);
  const strays = log.requests.filter((r) => /\/x$|evil|example\.com/.test(r.url));
  assert.deepEqual(strays, [], `${where}: requests caused by data`);
}

test('HTML and script payloads in header and cells stay text in every view', { skip, timeout: 90_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await watchDom(page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await headerYes(page);
  const csv = hostileCsv();
  await h.loadFile(page, { name: '<img src=x onerror="window.__xss=9">.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await h.waitGridSettled(page);

  // File name shown literally.
  assert.match(await h.byTestId(page, 'file-info').textContent(), /<img src=x onerror="window\.__xss=9">\.csv/);

  // Grid: header names and cell values literally.
  const heads = await page.locator('[data-testid="grid"] [role="columnheader"] .colhead-name').allTextContents();
  assert.deepEqual(heads, HEADER, 'header names literally');
  const headerText = await page.locator('[data-testid="grid"] [role="columnheader"]').allTextContents();
  for (const p of HEADER.slice(1, 5)) assert.ok(headerText.some((t) => t.includes(p)), `header shows ${p}`);
  const gridText = (await h.gridRows(page)).flatMap((r) => r.cells);
  const expected = h.parseCsv(csv);
  for (const p of [...HTML_PAYLOADS, ...FORMULAS, JS_URL]) {
    assert.ok(gridText.includes(p), `grid shows "${p}" literally (got e.g. ${JSON.stringify(gridText.slice(1, 4))})`);
  }
  assert.deepEqual((await h.gridRows(page))[0].cells, expected[1], 'first row literally');
  // Sort by a payload header: the sort note names it literally.
  await page.locator('[data-testid="grid"] [role="columnheader"][aria-colindex="3"]').click();
  await page.waitForFunction(() => /sorted by/.test(document.querySelector('[data-testid="row-count"]')?.textContent ?? ''));
  assert.ok((await h.byTestId(page, 'row-count').textContent()).includes(`sorted by ${HEADER[1]}`));
  await assertInert(page, log, 'data tab');

  // Profile: every card, scrolled into view (charts and lazy parts render), names literal.
  await h.openTab(page, 'profile');
  const cards = h.byTestId(page, 'column-card');
  assert.equal(await cards.count(), HEADER.length);
  assert.deepEqual(await cards.evaluateAll((els) => els.map((e) => e.dataset.column)), HEADER);
  for (let i = 0; i < HEADER.length; i++) {
    const card = cards.nth(i);
    await card.scrollIntoViewIfNeeded();
    await card.hover();
    const title = await card.locator('h3, .card-title').first().textContent();
    assert.equal(title, HEADER[i], `card ${i} title literally`);
    // Open anything collapsible in the card.
    for (const d of await card.locator('details:not([open]) > summary').all()) await d.click();
  }
  const cardText = await page.locator('#panel-profile').textContent();
  for (const p of [...HTML_PAYLOADS.slice(0, 3), FORMULAS[0]]) assert.ok(cardText.includes(p), `profile shows "${p}" literally`);
  // Click a value facet whose value is a payload: the filter chip names it literally.
  const payloadFacet = page.locator(`[data-testid="facet"][data-kind="value"][data-value="${HTML_PAYLOADS[0].replace(/"/g, '\\"')}"]`).first();
  await payloadFacet.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="active-filters"] li').length === 1);
  assert.ok((await h.byTestId(page, 'active-filters').textContent()).includes(HTML_PAYLOADS[0]), 'filter chip shows the payload literally');
  await h.waitGridSettled(page);
  await assertInert(page, log, 'profile tab');

  // Quality: heat map rows and problems name the columns literally.
  await h.openTab(page, 'quality');
  await h.byTestId(page, 'heatmap').waitFor();
  const heatNames = await h.byTestId(page, 'heatmap').locator('tbody th').allTextContents();
  assert.deepEqual(heatNames, HEADER, 'heat-map row names literally');
  for (const d of await page.locator('#panel-quality details:not([open]) > summary').all()) await d.click();
  const more = page.locator('#panel-quality button[aria-expanded="false"]');
  if (await more.count()) await more.first().click();
  await assertInert(page, log, 'quality tab');

  // Export menu open, then every tab once more, hovering the grid's cells.
  await h.openExportMenu(page);
  await h.openTab(page, 'data');
  await h.byTestId(page, 'clear-filters').click();
  await h.waitRowCount(page, 24);
  await h.waitGridSettled(page);
  const cells = page.locator('[data-testid="grid"] [role="row"][data-row]:not([hidden]) [role="gridcell"]');
  for (const cell of (await cells.all()).slice(0, 30)) await cell.hover({ timeout: 5000 });
  await assertInert(page, log, 'after hovering');
  await context.close();
});

test('exports of hostile data: formulas neutralized (header too), report inert when opened', { skip, timeout: 60_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await headerYes(page);
  await h.loadFile(page, { name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(hostileCsv()) });

  const rows = h.parseCsv((await h.download(page, 'export-csv')).bytes.toString('utf8'));
  const problems = [];
  rows.forEach((row, r) => row.forEach((v, c) => {
    if (/^[=+\-@\t\r]/.test(v)) problems.push(`row ${r} col ${c}: "${v}" starts like a formula`);
  }));
  assert.deepEqual(problems, [], `neutralized CSV still has formula-like cells:\n${h.listing(problems)}`);
  assert.equal(rows[0][4], `'${FORMULAS[0]}`, 'formula header neutralized');

  // The report, opened as a page of its own (file://): nothing runs, nothing loads.
  const report = await h.download(page, 'export-report-html');
  const html = report.bytes.toString('utf8');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<svg[^>]*onload/i);
  assert.ok(html.includes('&lt;img src=x onerror='), 'payload escaped in the report');
  const file = path.join(h.OUT, 'xss-report.html');
  fs.mkdirSync(h.OUT, { recursive: true });
  fs.writeFileSync(file, report.bytes);
  const reportPage = await context.newPage();
  const dialogs = [];
  reportPage.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  const reportRequests = [];
  reportPage.on('request', (r) => reportRequests.push(r.url()));
  await reportPage.goto(pathToFileURL(file).href);
  const state = await reportPage.evaluate(() => ({
    xss: window.__xss,
    img: document.querySelectorAll('img').length,
    scripts: document.scripts.length,
    text: document.body.textContent,
  }));
  assert.equal(state.xss, undefined);
  assert.equal(state.img, 0);
  assert.equal(state.scripts, 0);
  assert.ok(state.text.includes(HTML_PAYLOADS[0]), 'the report shows the payload as text');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(reportRequests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
  assert.deepEqual(log.dialogs, []);
  await context.close();
});
