// The items of "Workbench polish from a new user's trial" that concern the profile and quality
// views: counts with one definition each (cards, alerts and problems agree; no "usual format" for
// a format few values use), timeliness explained, linked and adjustable, duplicate records apart
// from duplicate rows, plural words, focus after loading, and types (two-digit years, decimal
// commas, hyphenated names).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite();
const env = h.browserAndSite(skip);

const PHONES = ['(415) 223-4567', '415.222.3333', '415-444-5555', '+1 415 666 7777', '415 888 9999', '(415)990-1111', '4153212222', '+14153334444'];

/** A customer file: ids, hyphenated names, a phone column in many formats (no dominant one),
 * two-digit-year dates, decimal-comma amounts, updates from 2024 only, and customers entered
 * twice under fresh ids. */
function trialCsv() {
  const lines = ['customer_id,first_name,phone,signup,betrag,last_updated'];
  const names = ['Ji-woo', 'Jean-Luc', 'Anna', "O'Brien", 'Seo-yeon', 'Bob'];
  for (let i = 0; i < 60; i++) {
    const id = `C${String(i + 1).padStart(4, '0')}`;
    const k = i >= 54 ? i - 54 : i; // rows 54-59 repeat rows 0-5 with fresh ids
    const phone = k % 13 === 7 ? 'call me' : PHONES[k % PHONES.length].replace(/\d{2}$/, String(k).padStart(2, '0'));
    const signup = `${String((k % 12) + 1).padStart(2, '0')}/${String((k % 28) + 1).padStart(2, '0')}/${String(k % 30).padStart(2, '0')}`;
    const betrag = `"${1 + k},${String(k % 100).padStart(2, '0')}"`;
    const updated = `2024-0${(k % 6) + 1}-${String((k % 28) + 1).padStart(2, '0')}`;
    const name = k === 10 ? '' : names[k % names.length];
    lines.push([id, name, phone, signup, betrag, updated].join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function trialSession() {
  const file = path.join(h.OUT, 'trial.csv');
  fs.mkdirSync(h.OUT, { recursive: true });
  fs.writeFileSync(file, trialCsv());
  const native = h.nativeProfile(file);
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadFile(page, file);
  return { context, page, native };
}

const card = (page, name) => page.locator(`[data-testid="column-card"][data-column="${name}"]`);

test('focus goes to the loaded view, not back to the document', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadSample(page);
  const focused = await page.evaluate(() => ({
    body: document.activeElement === document.body,
    testid: document.activeElement?.dataset?.testid ?? document.activeElement?.closest('[data-testid]')?.dataset.testid,
  }));
  assert.equal(focused.body, false, 'focus is not on the document body');
  assert.equal(focused.testid, 'grid');
  await context.close();
});

test('cards: one definition per count, the same numbers as the alerts; no dominant format said so', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page, native } = await trialSession();
  await h.openTab(page, 'profile');
  const phone = native.columns.find((c) => c.name === 'phone');
  assert.equal(phone.dominant_format, null, 'the engine finds no dominant phone format');
  assert.equal(phone.invalid, 4);
  const text = await card(page, 'phone').innerText();
  assert.doesNotMatch(await page.locator('#panel-profile').innerText(), /usual format/i);
  assert.match(text, /No dominant format: the most common, .* covers [\d.]+% of valid values/);
  // Counts: invalid and off-format as the engine counts them; the alerts use the same numbers.
  assert.equal(await card(page, 'phone').locator('[data-testid="facet"][data-kind="invalid"]').innerText(), String(phone.invalid));
  assert.equal(await card(page, 'phone').locator('[data-testid="facet"][data-kind="inconsistent"]').innerText(), String(phone.off_format));
  const alerts = phone.alerts.map((a) => a.message);
  assert.ok(alerts.includes('All 4 invalid values are text, not phone'), alerts.join(' | '));
  assert.match(text, /All 4 invalid values are text, not phone/);
  assert.ok(await page.locator('[data-testid="count-definitions"]').innerText().then((t) => /Invalid: filled values that do not fit/.test(t) && /Off-format: valid values not in/.test(t)));
  // Singular: the one missing name.
  assert.equal(await card(page, 'first_name').locator('[data-kind="missing"]').getAttribute('aria-label'), 'Show the 1 row where first_name is missing');
  await card(page, 'phone').locator('[data-testid="facet"][data-kind="inconsistent"]').click();
  await h.waitRowCount(page, phone.off_format);
  await h.openTab(page, 'quality');
  const problems = await h.byTestId(page, 'problem').allInnerTexts();
  assert.ok(problems.some((p) => /4 values in “phone” are not valid phone numbers/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => /1 value is missing in “first_name”/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => new RegExp(`${phone.off_format} valid values in “phone” are not in the most common format`).test(p)), problems.join('\n'));
  assert.ok(!problems.some((p) => /usual/.test(p)));
  await context.close();
});

test('types: two-digit-year dates, decimal commas, hyphenated names in Title case', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page, native } = await trialSession();
  const col = (n) => native.columns.find((c) => c.name === n);
  assert.equal(col('signup').type, 'date');
  assert.equal(col('signup').format, 'MM/DD/YY');
  assert.equal(col('betrag').type, 'decimal');
  assert.equal(col('betrag').max, 54.53);
  assert.equal(col('first_name').off_format, 0);
  await h.openTab(page, 'profile');
  assert.match(await card(page, 'signup').innerText(), /date/i);
  assert.match(await card(page, 'betrag').innerText(), /decimal/i);
  assert.doesNotMatch(await card(page, 'first_name').innerText(), /Off-format/);
  await context.close();
});

test('duplicate records apart from duplicate rows; uniqueness says which id columns are left out', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page, native } = await trialSession();
  assert.deepEqual(native.id_columns, ['customer_id']);
  assert.equal(native.duplicate_rows, 0);
  assert.equal(native.duplicate_records, 6);
  await h.openTab(page, 'profile');
  const summary = await page.locator('#profile-summary').innerText();
  assert.match(summary, /no duplicate rows/);
  assert.match(summary, /6 duplicate records/);
  await page.locator('#profile-summary [data-kind="duplicate_record"]').click();
  await h.waitRowCount(page, 6);
  await h.openTab(page, 'quality');
  const formulas = await page.locator('.formulas').textContent();
  assert.match(formulas, /except the unique id columns/);
  assert.match(formulas, /id column left out: “customer_id”/);
  const problems = await h.byTestId(page, 'problem').allInnerTexts();
  assert.ok(problems.some((p) => /6 rows repeat an earlier record/.test(p)), problems.join('\n'));
  await context.close();
});

test('timeliness: stated with its reference date and window, listed as a problem with its rows, adjustable, with a suggestion', { skip: skip || false, timeout: 60_000 }, async () => {
  const { context, page, native } = await trialSession();
  const q = native.quality;
  assert.equal(q.timeliness, 0);
  assert.equal(q.stale, 60);
  await h.openTab(page, 'quality');
  const definition = h.byTestId(page, 'timeliness-definition');
  assert.match(await definition.innerText(), new RegExp(`Timeliness: updated within 365 days of ${q.reference_date} \\(column last_updated\\)`));
  assert.match(await h.byTestId(page, 'timeliness-suggestion').innerText(), /The newest update is 2024-06-26/);
  const problems = await h.byTestId(page, 'problem').allInnerTexts();
  assert.ok(problems.some((p) => new RegExp(`60 records were last updated more than 365 days before ${q.reference_date}`).test(p)), problems.join('\n'));
  await h.byTestId(page, 'problem').filter({ hasText: 'last updated' }).click();
  await h.waitRowCount(page, 60);
  // Change the window in the page: 30 days of 2024-06-30 (re-scored by the engine).
  await h.openTab(page, 'quality');
  await page.locator('#timeliness-days').fill('30');
  await page.locator('#timeliness-ref').fill('2024-06-30');
  await page.locator('.timeliness-form button[type="submit"]').click();
  await page.waitForFunction(() => /within 30 days of 2024-06-30/.test(document.querySelector('[data-testid="timeliness-definition"]')?.textContent ?? ''));
  const stale = await page.locator('[data-testid="timeliness"] [data-kind="stale"]').innerText();
  const n = Number(/^([\d,]+)/.exec(stale)[1]);
  assert.ok(n > 0 && n < 60, stale);
  await page.locator('[data-testid="timeliness"] [data-kind="stale"]').click();
  await h.waitRowCount(page, n);
  // The suggestion measures from the newest update.
  await h.openTab(page, 'quality');
  await page.locator('#timeliness-days').fill('365');
  await page.locator('#timeliness-ref').fill(q.reference_date);
  await page.locator('.timeliness-form button[type="submit"]').click();
  await h.byTestId(page, 'use-newest').waitFor();
  await h.byTestId(page, 'use-newest').click();
  await page.waitForFunction(() => /within 365 days of 2024-06-26/.test(document.querySelector('[data-testid="timeliness-definition"]')?.textContent ?? ''));
  assert.match(await definition.innerText(), /100%/);
  await context.close();
});
