// The multi-file site on a plain static server: Python's `http.server` (its MIME table, like
// nginx's and Apache's defaults, knows .html .js .css .wasm .csv and nothing fancier). The sample
// must load there; and when the engine's files are not served, the page says that the workbench
// could not start its engine (and what the host must serve), not that the user's file is bad.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import * as h from './helpers.mjs';

const PYTHON = '/usr/bin/python3';
const skip = h.missingPrerequisite() || (!fs.existsSync(PYTHON) && `${PYTHON} is missing`) || false;
const env = h.browserAndSite(skip, { serve: false });

/** A port of 127.0.0.1 that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const servers = [];

/** Serves `dir` with `python3 -m http.server`; resolves to its origin once it answers. */
async function pythonServe(dir) {
  const port = await freePort();
  const child = spawn(PYTHON, ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  servers.push(child);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`http.server exited: ${stderr}`);
    try {
      const res = await fetch(`${origin}/index.html`);
      if (res.ok) return { origin, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`http.server did not answer on ${origin}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

after(() => {
  for (const child of servers) if (child.exitCode === null) child.kill();
});

/** Every file under `dir`, relative. */
function files(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

test('the site ships only file types every static server knows', { skip }, () => {
  const odd = files(h.SITE).filter((f) => !/\.(html|js|css|wasm|csv)$/.test(f));
  assert.deepEqual(odd, [], 'files a plain static server would type as application/octet-stream');
});

test('python3 -m http.server: the sample loads (engine script typed as JavaScript)', { skip, timeout: 60_000 }, async () => {
  const { origin } = await pythonServe(h.SITE);
  const { context, page } = await h.newPage(env.browser);
  const log = await h.watch(context, page);
  await page.goto(`${origin}/`);
  assert.equal(await h.waitState(page, ['idle', 'error']), 'idle', await h.byTestId(page, 'error').textContent().catch(() => ''));
  await h.loadSample(page, 45_000);
  assert.match(await h.byTestId(page, 'file-info').innerText(), /2,000 rows/);
  await h.waitGridRows(page);
  // The worker's engine files came from this server, as JavaScript and as bytes.
  const res = await fetch(`${origin}/crmwb-engine.js`);
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  const urls = log.requests.map((r) => new URL(r.url).pathname);
  assert.ok(urls.includes('/crmwb-engine.js') && urls.includes('/crmwb.wasm'), urls.join(', '));
  assert.deepEqual(log.pageErrors, []);
  await context.close();
});

test('engine files not served: "could not start its engine", what to serve, not "could not open the file"', { skip, timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmwb-site-'));
  try {
    fs.cpSync(h.SITE, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'crmwb-engine.js'));
    const { origin } = await pythonServe(dir);
    const { context, page } = await h.newPage(env.browser);
    await page.goto(`${origin}/`);
    await h.waitState(page, ['idle', 'error']);
    await h.armLoad(page);
    await h.byTestId(page, 'sample-button').click();
    assert.equal(await h.waitLoaded(page), 'error');
    // The engine's failure may be reported twice (at start-up and by the load that needed it):
    // wait for the message rather than read it at the first error state.
    await page.waitForFunction(() => /could not start its engine/i.test(document.querySelector('[data-testid="error"]')?.textContent ?? ''));
    const text = await h.byTestId(page, 'error').textContent();
    assert.match(text, /could not start its engine/i, text);
    assert.match(text, /crmwb-engine\.js is missing \(HTTP 404\)/, text);
    assert.match(text, /must serve crmwb-engine\.js as JavaScript/, text);
    assert.doesNotMatch(text, /could not open the file/i, text);
    await h.screenshot(page, 'engine-unavailable');
    await context.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('engine script served with a non-JavaScript type: the message names the type', { skip, timeout: 60_000 }, async () => {
  const { origin } = await pythonServe(h.SITE);
  const { context, page } = await h.newPage(env.browser);
  // What the old site met on Python's server: the engine's loader as application/octet-stream.
  await context.route('**/crmwb-engine.js', (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: 'var x = 1;' }));
  await page.goto(`${origin}/`);
  await h.waitState(page, ['idle', 'error']);
  await h.armLoad(page);
  await h.byTestId(page, 'sample-button').click();
  assert.equal(await h.waitLoaded(page), 'error');
  const text = await h.byTestId(page, 'error').textContent();
  assert.match(text, /could not start its engine/i, text);
  assert.match(text, /application\/octet-stream/, text);
  assert.doesNotMatch(text, /could not open the file/i, text);
  await context.close();
});
