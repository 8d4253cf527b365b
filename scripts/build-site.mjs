#!/usr/bin/env node
// Builds the static site into build/site/ from web/ (needs build/native/crmwb and build/wasm):
//
//   index.html, app.js (ES module bundle), worker.js (classic worker bundle), crmwb-engine.js
//   (build/wasm/crmwb.cjs, renamed) + crmwb.wasm, style.css, sample/customers_sample.csv
//                                                         — the multi-file site
//   crmwb-workbench.html — one self-contained file (app, worker, engine, wasm, styles, sample)
//                          that works from file:// with no network at all
//
// The multi-file site ships only names that every static server types without help: .html,
// .js, .css, .csv and .wasm. A worker script must come with a JavaScript type, and Python's
// http.server, nginx's and Apache's default tables give .cjs application/octet-stream, which
// browsers refuse; hence crmwb-engine.js. The worker fetches crmwb.wasm as bytes, so its type
// does not matter either.
//
// The single file's Content-Security-Policy allows its one script and one style by sha256 hash,
// the worker only from blob: URLs, and no connections. The worker source and the sample travel
// in non-executed <script type="text/plain"> blocks; the app turns the first into a blob: Worker.
// Usage: node scripts/build-site.mjs [--out DIR] [--wasm DIR]   (defaults: build/site, build/wasm)
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return path.resolve(root, i >= 0 && args[i + 1] ? args[i + 1] : fallback);
};
const out = option('--out', 'build/site');
const web = path.join(root, 'web');
const wasmDir = option('--wasm', 'build/wasm');
const nativeTool = path.join(root, 'build/native/crmwb');

function need(file, hint) {
  if (!fs.existsSync(file)) {
    console.error(`build-site: ${path.relative(root, file)} is missing: ${hint}`);
    process.exit(1);
  }
}
need(path.join(wasmDir, 'crmwb.cjs'), 'run ./scripts/build wasm first');
need(path.join(wasmDir, 'crmwb.wasm'), 'run ./scripts/build wasm first');
need(nativeTool, 'run ./scripts/build native first');

const common = {
  bundle: true,
  minify: true,
  write: false,
  target: ['es2020'],
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
};

async function bundle(entry, format) {
  const result = await esbuild.build({ ...common, entryPoints: [path.join(web, entry)], format });
  return result.outputFiles[0].text;
}

const [appEsm, appIife, workerIife] = await Promise.all([
  bundle('app.js', 'esm'),
  bundle('app.js', 'iife'),
  bundle('worker.js', 'iife'),
]);
const css = fs.readFileSync(path.join(web, 'style.css'), 'utf8');
const indexHtml = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
const engineJs = fs.readFileSync(path.join(wasmDir, 'crmwb.cjs'), 'utf8');
const wasm = fs.readFileSync(path.join(wasmDir, 'crmwb.wasm'));
if (/new Function\(|new_\(Function/.test(engineJs)) {
  console.warn(
    'build-site: warning: crmwb.cjs generates code at run time (embind without -sDYNAMIC_EXECUTION=0); ' +
      "the single file's worker inherits its CSP (no 'unsafe-eval') and the engine will not start there",
  );
}

// ---- multi-file site ------------------------------------------------------------------------
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'sample'), { recursive: true });
fs.writeFileSync(path.join(out, 'index.html'), indexHtml);
fs.writeFileSync(path.join(out, 'app.js'), appEsm);
fs.writeFileSync(path.join(out, 'worker.js'), workerIife);
fs.writeFileSync(path.join(out, 'style.css'), css);
// The file name web/worker.js imports (ENGINE_SCRIPT there).
fs.copyFileSync(path.join(wasmDir, 'crmwb.cjs'), path.join(out, 'crmwb-engine.js'));
fs.copyFileSync(path.join(wasmDir, 'crmwb.wasm'), path.join(out, 'crmwb.wasm'));
const samplePath = path.join(out, 'sample/customers_sample.csv');
execFileSync(nativeTool, ['generate', '--rows', '2000', '--seed', '2024', '--dup-rate', '0.08', '--out', samplePath], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const sample = fs.readFileSync(samplePath);

// ---- single file ----------------------------------------------------------------------------

/** Makes JavaScript safe inside a <script> element: "</script" and "<!--" cannot end or confuse it. */
function scriptSafe(js) {
  // Inside string, template and regex literals "<\/" and "<\!" mean the same characters.
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function sha256(text) {
  return `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const workerSource = scriptSafe(
  `${engineJs}\n;self.CRMWB_WASM_BINARY=(function(s){var b=atob(s),u=new Uint8Array(b.length);` +
    `for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return u})("${wasm.toString('base64')}");\n` +
    workerIife,
);
const sampleText = sample.toString('utf8');
const sampleRaw = !sampleText.includes('<') && Buffer.from(sampleText, 'utf8').equals(sample);
const sampleBlock = sampleRaw
  ? `<script type="text/plain" id="crmwb-sample">\n${sampleText}</script>`
  : `<script type="text/plain" id="crmwb-sample" data-encoding="base64">${sample.toString('base64')}</script>`;
const appInline = scriptSafe(appIife);
if (/<\/style/i.test(css)) throw new Error('style.css contains "</style"');

const csp = [
  "default-src 'none'",
  `script-src ${sha256(appInline)} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  "connect-src 'none'",
  `style-src ${sha256(css)}`,
  "img-src data: blob:",
  "font-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

let single = indexHtml;
const replaceOnce = (pattern, make, what) => {
  let hits = 0;
  single = single.replace(pattern, (...m) => {
    hits++;
    return make(...m);
  });
  if (hits !== 1) throw new Error(`build-site: expected one ${what} in web/index.html, found ${hits}`);
};
replaceOnce(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () =>
  `<meta http-equiv="Content-Security-Policy" content="${csp}">`, 'CSP meta');
replaceOnce(/<link rel="stylesheet" href="style.css">/, () => `<style>${css}</style>`, 'stylesheet link');
replaceOnce(/<script type="module" src="app.js"><\/script>/, () =>
  `<script type="text/plain" id="crmwb-worker-src">${workerSource}</script>\n` +
  `${sampleBlock}\n<script>${appInline}</script>`, 'app script');
const singlePath = path.join(out, 'crmwb-workbench.html');
fs.writeFileSync(singlePath, single);

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(
  `build-site: ${path.relative(root, out)}/ (app.js ${kb(appEsm.length)}, worker.js ${kb(workerIife.length)}, ` +
    `crmwb.wasm ${kb(wasm.length)}) and crmwb-workbench.html (${kb(fs.statSync(singlePath).size)})`,
);
