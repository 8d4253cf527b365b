// The Data grid: text sorts that ignore case and accents, the search box (chip, column picker,
// Escape, combined with other filters), line breaks marked in cells, the cell detail panel
// (keyboard in and out), the Columns menu (hide, move, reset; exports keep the file's columns),
// a row-number column wide enough for 1,000,000; and screenshots of all of it (light, dark, 390 px).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite();
const env = h.browserAndSite(skip);

const CSV = [
  'name,email,city,note,spend',
  'bob,bob@example.com,Oslo,fine,10',
  'CLAUDIA.F,CLAUDIA.F@EXAMPLE.COM,Köln,"first line\nsecond line",20',
  'claudia.f,claudia.f@example.com,koln,ok,30',
  'Ann,ann@example,Paris,,40',
  'Émile,emile@example.com,Lyon,  padded ,50',
  'adam,adam@example.com,,x,60',
].join('\n') + '\n';
const FILE = { name: 'grid.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) };

async function session(options = {}) {
  const { context, page } = await h.newPage(env.browser, options);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadFile(page, FILE);
  await h.waitGridSettled(page);
  return { context, page, log };
}

const headers = (page) => page.$$eval('[data-testid="grid"] .grid-colhead .colhead-name', (els) => els.map((e) => e.textContent));
const column = async (page, name) => {
  const names = await headers(page);
  const i = names.indexOf(name);
  return (await h.gridRows(page)).map((r) => r.cells[i]);
};

test('a text column sorts ignoring case and accents, ties by the exact bytes', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await session();
  await page.locator('[data-testid="grid"] .grid-colhead', { hasText: 'name' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="grid"] [aria-sort="ascending"]'));
  await h.waitGridSettled(page);
  assert.deepEqual(await column(page, 'name'), ['adam', 'Ann', 'bob', 'CLAUDIA.F', 'claudia.f', 'Émile']);
  await context.close();
});

test('search: debounced box, a chip, one column or all, Escape clears, combines with other filters', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await session();
  const box = h.byTestId(page, 'search-input');
  await box.fill('KOLN');
  await h.waitRowCount(page, 2);
  assert.deepEqual(await column(page, 'name'), ['CLAUDIA.F', 'claudia.f']);
  assert.match(await h.byTestId(page, 'active-filters').innerText(), /contains “KOLN”/);
  assert.match(await h.byTestId(page, 'row-count').innerText(), /2 of 6 rows match/);

  await box.fill('emile');
  await h.waitRowCount(page, 1); // accents ignored: Émile
  await h.byTestId(page, 'search-column').selectOption({ label: 'city' });
  await h.waitRowCount(page, 0); // not in the city column
  await h.byTestId(page, 'search-column').selectOption({ label: 'All columns' });
  await h.waitRowCount(page, 1);

  await box.fill('example.com');
  await h.waitRowCount(page, 5);
  // Combined with a profile facet: rows whose city is missing.
  await h.openTab(page, 'profile');
  const cityCard = h.byTestId(page, 'column-card').filter({ hasText: 'city' }).first();
  await cityCard.locator('[data-kind="missing"]').first().click();
  await h.waitRowCount(page, 1);
  assert.equal((await h.byTestId(page, 'active-filters').locator('li').count()), 2);
  assert.equal(await box.inputValue(), 'example.com', 'the search stays in the box');

  // Escape in the box clears the search; the other filter stays.
  await box.focus();
  await page.keyboard.press('Escape');
  await h.waitRowCount(page, 1);
  assert.equal(await box.inputValue(), '');
  assert.doesNotMatch(await h.byTestId(page, 'active-filters').innerText(), /contains/);
  // Removing the search chip empties the box.
  await box.fill('oslo');
  await h.waitRowCount(page, 0);
  await h.byTestId(page, 'clear-filters').click();
  await h.waitRowCount(page, 6);
  await box.fill('oslo');
  await h.waitRowCount(page, 1);
  await page.getByRole('button', { name: /Remove filter: contains/ }).click();
  await h.waitRowCount(page, 6);
  assert.equal(await box.inputValue(), '');
  await context.close();
});

test('a multi-line cell shows a mark for its line breaks and the whole value on hover', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await session();
  const notes = await column(page, 'note');
  assert.equal(notes[1], 'first line⏎second line');
  const cell = page.locator('[data-testid="grid"] [role="row"][data-row="1"] [role="gridcell"]').nth(3);
  assert.equal(await cell.getAttribute('title'), 'first line\nsecond line');
  await context.close();
});

test('cell detail: Enter opens the active cell, the panel follows, Escape closes back to the grid', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await session();
  const grid = h.byTestId(page, 'grid');
  const panel = h.byTestId(page, 'cell-detail');
  // Row 4 (Ann), the email column: an invalid email.
  await page.locator('[data-testid="grid"] [role="row"][data-row="3"] [role="gridcell"]').nth(1).click();
  await grid.focus();
  await page.keyboard.press('Enter');
  await panel.waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelector('[data-testid="cell-detail-value"]')?.textContent === 'ann@example');
  let text = await panel.innerText();
  assert.match(text, /email/);
  assert.match(text, /row 4 of the file/);
  assert.match(text, /Invalid: Not a valid email address\./);
  assert.equal(await h.byTestId(page, 'detail-button').getAttribute('aria-pressed'), 'true');

  // Arrow keys move the active cell; the panel follows: the multi-line note, then the padded one.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => /second line/.test(document.querySelector('[data-testid="cell-detail-value"]')?.textContent ?? ''));
  assert.equal(await h.byTestId(page, 'cell-detail-value').textContent(), 'first line⏎\nsecond line');
  assert.match(await panel.innerText(), /2 lines/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => /padded/.test(document.querySelector('[data-testid="cell-detail-value"]')?.textContent ?? ''));
  assert.equal(await h.byTestId(page, 'cell-detail-value').textContent(), '··padded·');
  text = await panel.innerText();
  assert.match(text, /Extra spaces/);
  assert.match(text, /text/);

  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'grid');

  // The toolbar button opens it too; Escape inside the panel closes it and focus returns.
  await h.byTestId(page, 'detail-button').click();
  await panel.waitFor({ state: 'visible' });
  await h.byTestId(page, 'cell-copy').focus();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'grid');
  assert.equal(await h.byTestId(page, 'detail-button').getAttribute('aria-pressed'), 'false');
  await context.close();
});

test('columns menu: hide, move (keyboard), show all; exports keep the file columns', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await session();
  const button = h.byTestId(page, 'columns-button');
  await button.click();
  const menu = h.byTestId(page, 'columns-menu');
  await menu.waitFor({ state: 'visible' });
  assert.match(await menu.innerText(), /exports keep all the file’s columns/);
  await menu.getByRole('checkbox', { name: 'email', exact: true }).uncheck();
  await page.waitForFunction(() => ![...document.querySelectorAll('.colhead-name')].some((e) => e.textContent === 'email'));
  assert.deepEqual(await headers(page), ['name', 'city', 'note', 'spend']);
  assert.match(await button.innerText(), /1 hidden/);

  // Move "spend" up twice with the keyboard: focus stays on its button.
  await menu.getByRole('button', { name: 'Move spend up' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move spend up');
  assert.deepEqual(await headers(page), ['name', 'spend', 'city', 'note']);
  await h.waitGridSettled(page);
  assert.deepEqual((await h.gridRows(page))[0].cells, ['bob', '10', 'Oslo', 'fine']);

  // Sorting a moved column sorts that column.
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'columns-button');
  await page.locator('[data-testid="grid"] .grid-colhead', { hasText: 'spend' }).click();
  await page.locator('[data-testid="grid"] .grid-colhead', { hasText: 'spend' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="grid"] [aria-sort="descending"] .colhead-name')?.textContent === 'spend');
  await h.waitGridSettled(page);
  assert.deepEqual((await column(page, 'spend')), ['60', '50', '40', '30', '20', '10']);

  // The export has every column, in the file's order.
  await h.openExportMenu(page);
  const csv = h.parseCsv((await h.download(page, 'export-csv')).bytes.toString('utf8'));
  assert.deepEqual(csv[0], ['name', 'email', 'city', 'note', 'spend']);
  await page.keyboard.press('Escape');

  await button.click();
  await h.byTestId(page, 'columns-reset').click();
  assert.deepEqual(await headers(page), ['name', 'email', 'city', 'note', 'spend']);
  assert.equal(await button.innerText(), 'Columns');
  await context.close();
});

test('the row-number column fits 1,000,000', { skip: skip || false, timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  const lines = ['n'];
  for (let i = 1; i <= 1_000_000; i++) lines.push(String(i % 10));
  await h.loadFile(page, { name: 'million.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') }, 90_000);
  await h.waitGridSettled(page);
  await h.byTestId(page, 'grid').evaluate((g) => {
    g.scrollTop = g.scrollHeight;
  });
  // The text's width in the cell's font against the cell's content box (the cell clips, so its
  // scrollWidth does not tell).
  const fits = await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid="grid"] [role="row"][data-row]:not([hidden]) [role="rowheader"]')];
    const last = cells.find((c) => c.textContent === '1,000,000');
    if (!last) return false;
    const cs = getComputedStyle(last);
    const probe = document.createElement('span');
    for (const k of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontVariantNumeric', 'letterSpacing']) probe.style[k] = cs[k];
    Object.assign(probe.style, { whiteSpace: 'pre', position: 'absolute', visibility: 'hidden' });
    probe.textContent = last.textContent;
    document.body.append(probe);
    const need = probe.getBoundingClientRect().width;
    probe.remove();
    return { need, room: last.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) };
  }, null, { timeout: 20_000 });
  const { need, room } = await fits.jsonValue();
  assert.ok(need <= room, `"1,000,000" needs ${need.toFixed(1)} px, the row-number column gives ${room.toFixed(1)} px`);
  await context.close();
});

test('screenshots: search, columns menu and cell detail (light, dark, 390 px)', { skip: skip || false, timeout: 90_000 }, async () => {
  for (const [name, options] of [
    ['grid-tools-light', {}],
    ['grid-tools-dark', { colorScheme: 'dark' }],
    ['grid-tools-390', { viewport: { width: 390, height: 844 } }],
  ]) {
    const { context, page } = await h.newPage(env.browser, options);
    await page.goto(env.site.url('/'));
    await h.waitState(page, 'idle');
    await h.loadSample(page);
    await h.waitGridSettled(page);
    await h.byTestId(page, 'search-input').fill('gonzalez');
    await page.waitForFunction(() => /contains/.test(document.querySelector('[data-testid="active-filters"]')?.textContent ?? ''));
    await h.waitGridSettled(page);
    await page.locator('[data-testid="grid"] [role="row"][data-row="0"] [role="gridcell"]').nth(4).click(); // an off-format phone
    await h.byTestId(page, 'grid').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="cell-detail-value"]'));
    await h.screenshot(page, `${name}-detail`);
    await h.byTestId(page, 'columns-button').click();
    await h.byTestId(page, 'columns-menu').waitFor({ state: 'visible' });
    await h.screenshot(page, `${name}-columns`);
    await context.close();
  }
});
