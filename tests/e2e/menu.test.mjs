// The Export menu stays inside the viewport, on a phone-width screen (390 × 844, where it once
// opened at x = -99 px with its controls out of reach) and on a desktop one, and every control
// in it can be clicked there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as h from './helpers.mjs';

const skip = h.missingPrerequisite() || false;
const env = h.browserAndSite(skip);

const CONTROLS = ['neutralize', 'excel-compatible', 'view-only', 'export-csv', 'export-xlsx', 'export-report-html', 'export-profile-json'];

for (const [width, height] of [[390, 844], [1280, 800]]) {
  test(`export menu at ${width}×${height}: inside the viewport, every control clickable`, { skip, timeout: 60_000 }, async () => {
    const { context, page } = await h.newPage(env.browser, { viewport: { width, height } });
    await page.goto(env.site.url('/'));
    await h.loadSample(page);
    await h.byTestId(page, 'export-button').scrollIntoViewIfNeeded();
    await h.openExportMenu(page);
    const inside = (box, what) => {
      assert.ok(box, `${what} has a box`);
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height,
        `${what} at x=${box.x.toFixed(0)} y=${box.y.toFixed(0)} ${box.width.toFixed(0)}×${box.height.toFixed(0)} is inside ${width}×${height}`);
    };
    inside(await page.locator('#export-menu').boundingBox(), 'the menu');
    for (const id of CONTROLS) {
      const control = h.byTestId(page, id);
      await control.scrollIntoViewIfNeeded(); // within the menu, if it scrolls inside
      inside(await control.boundingBox(), id);
      // Visible, enabled, and the element at its centre (nothing covers it).
      await control.click({ trial: true, timeout: 5_000 });
      const hit = await control.evaluate((node) => {
        const r = node.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return at === node || node.contains(at) || at?.control === node || at?.contains(node);
      });
      assert.ok(hit, `${id} is the element under its own centre`);
    }
    // And it really works: the checkbox toggles under a click, then a CSV downloads.
    await h.byTestId(page, 'neutralize').click();
    assert.equal(await h.byTestId(page, 'neutralize').isChecked(), false);
    await h.byTestId(page, 'neutralize').click();
    const csv = await h.download(page, 'export-csv');
    assert.match(csv.name, /\.csv$/);
    await h.screenshot(page, `export-menu-${width}`);
    await context.close();
  });
}
