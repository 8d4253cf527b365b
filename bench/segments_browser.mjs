// The Segments view on 1,000,000 customers in Chromium (not a test): load the generated 1M-row
// file (build/e2e/customers_1m.csv, made once by the e2e helpers), k-means with k = 4 on the
// default features, then the PCA map colored by cluster; prints the page's own timings (the
// canvas' data-ms is drawScatter's time for every point). Usage: node bench/segments_browser.mjs
import * as h from '../tests/e2e/helpers.mjs';

const missing = h.missingPrerequisite();
if (missing) {
  console.error(`segments_browser: ${missing}`);
  process.exit(1);
}
const file = h.bigFile();
const browser = await h.launch();
const site = await h.serveSite();
try {
  const { context, page } = await h.newPage(browser);
  await page.goto(site.url('/'));
  await h.waitState(page, 'idle');
  let t = Date.now();
  await h.loadFile(page, file, 300_000);
  const load = (Date.now() - t) / 1000;
  await h.openTab(page, 'segments');
  const idle = () => page.waitForFunction(() => !document.querySelector('#segments[aria-busy="true"]'), null, { timeout: 300_000 });
  const features = await page.$$eval('[data-testid="seg-kf-features"] input:checked', (b) => b.map((x) => x.value));
  t = Date.now();
  await h.byTestId(page, 'seg-k').fill('4');
  await h.byTestId(page, 'seg-run-kmeans').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="seg-profile-row"]').length === 4, null, { timeout: 300_000 });
  await idle();
  const kmeans = (Date.now() - t) / 1000;
  t = Date.now();
  await h.byTestId(page, 'seg-run-pca').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="seg-scatter"]')?.dataset.points, null, { timeout: 300_000 });
  await idle();
  const pca = (Date.now() - t) / 1000;
  const canvas = h.byTestId(page, 'seg-scatter');
  console.log(JSON.stringify({
    rows: 1_000_000,
    features,
    load_s: load,
    kmeans_k4_s: kmeans,
    pca_and_draw_s: pca,
    points: Number(await canvas.getAttribute('data-points')),
    draw_ms: Number(await canvas.getAttribute('data-ms')),
  }));
  await context.close();
} finally {
  await browser.close();
  await site.close();
}
