// Privacy and page security: a full session makes no request beyond the page's own static files
// (page and worker requests both recorded), the Content-Security-Policy of the served page and of
// the single file is as strict as promised, it is enforced, and nothing violates it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);

/** The CSP meta of an HTML document as {directive: [tokens]}, plus where it sits. */
function cspOf(document) {
  // Only the document's own <head> (inline scripts may carry other HTML, e.g. the report's).
  const end = document.search(/<\/head>/i);
  assert.ok(end > 0, 'the document has a </head>');
  const html = document.slice(0, end);
  const metas = [...html.matchAll(/<meta\s[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/gi)];
  assert.equal(metas.length, 1, 'exactly one CSP meta');
  const content = /content="([^"]*)"/i.exec(metas[0][0])?.[1];
  assert.ok(content, 'CSP meta has content');
  const policy = {};
  for (const part of content.split(';')) {
    const [name, ...tokens] = part.trim().split(/\s+/);
    if (name) policy[name.toLowerCase()] = tokens;
  }
  // A meta CSP only covers what comes after it: it must precede every script, style and link.
  const at = metas[0].index;
  const first = /<(script|style|link)\b/i.exec(html);
  return { policy, content, metaBeforeResources: !first || at < first.index };
}

/** Checks common to both documents; returns the problems found. */
function cspProblems(html, { connect }) {
  const { policy, content, metaBeforeResources } = cspOf(html);
  const problems = [];
  const eq = (name, want) => {
    const got = (policy[name] ?? []).join(' ');
    if (got !== want) problems.push(`${name} is "${got}", want "${want}"`);
  };
  if (!metaBeforeResources) problems.push('the CSP meta comes after a script/style/link');
  eq('default-src', "'none'");
  eq('form-action', "'none'");
  eq('base-uri', "'none'");
  for (const [name, tokens] of Object.entries(policy)) {
    if (tokens.includes("'unsafe-eval'")) problems.push(`${name} allows 'unsafe-eval'`);
    for (const t of tokens) {
      if (t === '*' || /^(https?:|wss?:|\*\.)/i.test(t) || t === 'http:' || t === 'https:') problems.push(`${name} allows the wide source ${t}`);
    }
  }
  const script = policy['script-src'] ?? policy['default-src'] ?? [];
  if (script.includes("'unsafe-inline'")) problems.push("script-src allows 'unsafe-inline'");
  if (script.some((t) => t === 'data:' || t === 'blob:')) problems.push(`script-src allows ${script.join(' ')}`);
  // connect-src: falls back to default-src ('none') when absent.
  const conn = policy['connect-src'] ?? policy['default-src'];
  const allowed = connect === 'self' ? ["'self'", "'none'"] : ["'none'"];
  if (!conn || conn.some((t) => !allowed.includes(t))) problems.push(`connect-src "${(conn ?? []).join(' ')}" is wider than ${connect === 'self' ? "'self'" : "'none'"}`);
  return { problems, content };
}

test('CSP of the served index.html and of the single file', { skip, timeout: 30_000 }, async () => {
  const res = await fetch(env.site.url('/'));
  assert.equal(res.status, 200);
  const served = await res.text();
  const a = cspProblems(served, { connect: 'self' });
  assert.deepEqual(a.problems, [], `index.html CSP "${a.content}":\n${h.listing(a.problems)}`);

  const single = fs.readFileSync(h.SINGLE, 'utf8');
  const b = cspProblems(single, { connect: 'none' });
  assert.deepEqual(b.problems, [], `crmwb-workbench.html CSP "${b.content}":\n${h.listing(b.problems)}`);
  // The single file runs no script by URL: everything is inline and allowed by hash.
  assert.doesNotMatch(single, /<script[^>]+\bsrc=/i, 'the single file loads no script by URL');
  assert.doesNotMatch(single, /<link[^>]+rel=["']?stylesheet/i, 'the single file loads no stylesheet by URL');
});

test('one full session requests only the page\'s own static files; no CSP violation, no console error', { skip, timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);

  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  await h.loadSample(page);
  await h.waitGridSettled(page);
  await h.openTab(page, 'profile');
  await h.byTestId(page, 'column-card').first().waitFor();
  // Scroll the cards into view so lazily drawn charts render.
  await page.evaluate(async () => {
    for (const card of document.querySelectorAll('[data-testid="column-card"]')) {
      card.scrollIntoView();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
  });
  await h.openTab(page, 'quality');
  await h.byTestId(page, 'heatmap').waitFor();
  // Filter via a problem link, then sort the filtered view.
  await h.byTestId(page, 'problem').first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="tab-data"]')?.getAttribute('aria-selected') === 'true');
  await page.waitForFunction(() => !document.querySelector('[data-testid="clear-filters"]')?.hidden);
  await page.locator('[data-testid="grid"] [role="columnheader"][aria-colindex="3"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="grid"] [role="columnheader"][aria-colindex="3"]')?.getAttribute('aria-sort') === 'ascending');
  await h.waitGridSettled(page);
  // Every export, including view-only and BOM variants.
  await h.download(page, 'export-profile-json');
  await h.download(page, 'export-report-html');
  await h.download(page, 'export-csv');
  await h.setCheck(page, 'excel-compatible', true);
  await h.setCheck(page, 'view-only', true);
  await h.download(page, 'export-csv');
  await h.setCheck(page, 'neutralize', false);
  await h.download(page, 'export-xlsx');
  await h.byTestId(page, 'clear-filters').click();
  await h.waitRowCount(page, 2000);
  // And a second file through the file input.
  await h.loadFile(page, { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,x\n2,y\n') });

  const origin = new URL(env.site.origin);
  const offending = log.requests.filter((r) => {
    const u = new URL(r.url);
    if (u.protocol === 'blob:' || u.protocol === 'data:') return false;
    if (!/^https?:$/.test(u.protocol) || u.host !== origin.host) return true;
    if (r.method !== 'GET') return true;
    // A static file of the site.
    const file = path.join(h.SITE, decodeURIComponent(u.pathname));
    const isFile = file.startsWith(h.SITE) && fs.existsSync(file) && (fs.statSync(file).isFile() || fs.existsSync(path.join(file, 'index.html')));
    return !isFile || u.search !== '';
  });
  assert.deepEqual(offending, [], `requests beyond the page's own static files:\n${h.listing(offending.map((r) => `${r.method} ${r.url} (${r.type}, via ${r.source})`))}`);

  // The worker's own requests are recorded too (through the context): proof the watch sees them.
  const urls = log.requests.map((r) => new URL(r.url).pathname);
  assert.ok(log.workers.length >= 1, 'a worker was started');
  assert.ok(urls.includes('/crmwb.wasm'), `the worker's wasm fetch is recorded: ${urls.join(', ')}`);

  const violations = await log.collectViolations();
  assert.deepEqual(violations, [], `CSP violations:\n${h.listing(violations)}`);
  assert.deepEqual(log.consoleErrors, [], `console errors:\n${h.listing(log.consoleErrors)}`);
  assert.deepEqual(log.workerConsoleErrors, [], `worker console errors:\n${h.listing(log.workerConsoleErrors)}`);
  assert.deepEqual(log.pageErrors, [], `page errors:\n${h.listing(log.pageErrors)}`);
  assert.deepEqual(log.dialogs, []);
  await context.close();
});

test('the CSP is enforced: an injected inline script and an outside fetch are blocked', { skip, timeout: 30_000 }, async () => {
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(env.site.url('/'));
  await h.waitState(page, 'idle');
  const result = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = 1';
    document.body.append(s);
    let fetched = 'no';
    try {
      await fetch('http://192.0.2.1/collect', { method: 'POST', body: 'x' });
      fetched = 'yes';
    } catch {
      fetched = 'blocked';
    }
    await new Promise((r) => setTimeout(r, 50));
    return { inline: window.__inlineRan ?? null, fetched };
  });
  assert.equal(result.inline, null, 'inline script did not run');
  assert.equal(result.fetched, 'blocked', 'outside fetch blocked');
  const violations = await log.collectViolations();
  const directives = violations.map((v) => v.effective);
  assert.ok(directives.includes('script-src-elem') || directives.includes('script-src'), `script violation reported: ${JSON.stringify(violations)}`);
  assert.ok(directives.includes('connect-src'), `connect violation reported: ${JSON.stringify(violations)}`);
  assert.ok(!log.requests.some((r) => r.url.includes('192.0.2.1')), 'no request left for the outside address');
  await context.close();
});
