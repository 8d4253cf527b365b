// Find a person in the browser: "J. Smith, +1 415 555 0123" finds John Smith's two records
// (written "(415) 555-0123" and "415.555.0123", one with a nickname-free "Jonathan"), strong
// matches come ticked and each row says why; the page's search equals `crmwb find --json` and its
// exported records equal `crmwb find --out`, byte for byte; erasing the ticked rows is a step in
// the history whose change log keeps the reason without the values, and the table the page
// exports then equals `crmwb clean` with the recipe `crmwb find --erase-recipe` writes; every
// control is labelled; no request leaves the page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);
const tid = h.byTestId;
const DIR = path.join(h.OUT, 'person');

const PEOPLE = [
  'P1,John,Smith,john.smith@example.com,(415) 555-0123,,1 Main St,San Francisco,94105,US,,,,',
  'P2,Mary,Jones,mary.jones@example.com,(212) 555-0188,,2 Oak Ave,New York,10001,US,,,,',
  'P3,Jonathan,Smith,JOHN.SMITH@example.com,415.555.0123,,1 Main Street,San Francisco,94105,US,,,,',
];

/** 2,000 generated customers and three more (rows 2000-2002). */
function peopleFile() {
  fs.mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, 'people.csv');
  const g = spawnSync(h.NATIVE, ['generate', '--rows', '2000', '--seed', '3', '--out', file], { encoding: 'utf8' });
  assert.equal(g.status, 0, g.stderr);
  fs.appendFileSync(file, PEOPLE.join('\n') + '\n');
  return file;
}

function crmwb(args) {
  const r = spawnSync(h.NATIVE, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `crmwb ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}


test('find a person: why each record matched, export equals crmwb find, erasure', { skip, timeout: 180_000 }, async () => {
  const file = peopleFile();
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.loadFile(page, file);

  await tid(page, 'find-person-button').click();
  await tid(page, 'person-dialog').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'person-email', 'focus on the first field');
  // Every field and button has a name for screen readers.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('[data-testid="person-dialog"] input, [data-testid="person-dialog"] button')]
    .filter((x) => !(x.labels?.length || x.getAttribute('aria-label') || x.textContent.trim())).map((x) => x.outerHTML));
  assert.deepEqual(unlabelled, []);

  // Nothing asked: a clear message.
  await tid(page, 'person-find').click();
  await page.waitForFunction(() => /Give an e-mail, a phone or a name/.test(document.querySelector('[data-testid="person-error"]').textContent));

  await tid(page, 'person-name').fill('J. Smith');
  await tid(page, 'person-phone').fill('+1 415 555 0123');
  await tid(page, 'person-phone').press('Enter');
  await tid(page, 'person-match').first().waitFor({ state: 'visible', timeout: 60_000 });
  const shown = await page.evaluate(() => [...document.querySelectorAll('[data-testid="person-match"]')].map((tr) => ({
    row: Number(tr.querySelector('input').dataset.row),
    ticked: tr.querySelector('input').checked,
    strength: tr.dataset.strength,
    why: [...tr.querySelectorAll('.person-why li')].map((li) => li.textContent),
  })));
  const strong = shown.filter((m) => m.strength === 'strong');
  assert.deepEqual(strong.map((m) => m.row).sort(), [2000, 2002]);
  assert.ok(strong.every((m) => m.ticked), 'strong matches come ticked');
  assert.ok(shown.filter((m) => m.strength !== 'strong').every((m) => !m.ticked), 'the others do not');
  const top = shown[0].why.join(' | ');
  assert.match(top, /first_name: initial \(Jo(hn|nathan)\) \+/);
  assert.match(top, /last_name: exact \(Smith\) \+/);
  assert.match(top, /phone: exact \((\(415\) 555-0123|415\.555\.0123)\) \+/);

  // The page's search is the command line's.
  const cli = JSON.parse(crmwb(['find', file, '--name', 'J. Smith', '--phone', '+1 415 555 0123', '--json']));
  assert.deepEqual(shown.map((m) => m.row), cli.matches.map((m) => m.row));
  assert.deepEqual(shown.map((m) => m.strength), cli.matches.map((m) => m.strength));

  // Access request: the ticked records equal `crmwb find --out`.
  const [dl] = await Promise.all([page.waitForEvent('download'), tid(page, 'person-export').click()]);
  assert.equal(dl.suggestedFilename(), 'people-person-records.csv');
  const pageRows = fs.readFileSync(await dl.path());
  const cliRows = path.join(DIR, 'cli-rows.csv');
  const erase = path.join(DIR, 'erase.json');
  crmwb(['find', file, '--name', 'J. Smith', '--phone', '+1 415 555 0123', '--out', cliRows,
    '--erase-recipe', erase, '--reason', 'request 4711']);
  assert.deepEqual(pageRows, fs.readFileSync(cliRows));
  assert.match(pageRows.toString('utf8'), /^row,customer_id,/);

  // Erasure: a reason is needed; then a step in the history.
  assert.equal(await tid(page, 'person-erase').isDisabled(), true);
  await tid(page, 'person-reason').fill('request 4711');
  await h.newVersion(page, () => tid(page, 'person-erase').click());
  await page.waitForFunction(() => /Erased 2 rows/.test(document.querySelector('[data-testid="person-status"]').textContent));
  await tid(page, 'person-close').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'find-person-button', 'focus returns');
  assert.equal(await h.rowCount(page), 2001);
  await h.openTab(page, 'clean');
  assert.ok((await h.historyItems(page)).some((t) => /Erase 2 rows at a person’s request \(request 4711\)/.test(t)));
  const table = await h.exportCsv(page, false);
  assert.ok(!table.toString('utf8').includes('john.smith@example.com'));
  const cleaned = path.join(DIR, 'cli-erased.csv');
  const changes = path.join(DIR, 'cli-changes.csv');
  crmwb(['clean', file, '--recipe', erase, '--out', cleaned, '--changes', changes]);
  assert.deepEqual(table, fs.readFileSync(cleaned), 'the page erased what crmwb clean erases');
  const log2 = fs.readFileSync(changes, 'utf8');
  assert.match(log2, /2000,,,,1,row erased: request 4711/);
  assert.ok(!/Smith/.test(log2), 'no value of the erased rows in the change log');

  await h.screenshot(page, 'person');
  h.noRequestsOut(log, env.site.origin);
  await context.close();
});
