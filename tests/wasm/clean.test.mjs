// Cleaning through the WebAssembly engine: apply, undo to the original bytes, redo, preview,
// the recipe and change log, cancel from the progress callback, and broken recipes' messages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { dataDir } from './helpers.mjs';

const bytes = fs.readFileSync(path.join(dataDir, 'contacts_mixed.csv'));

async function loaded() {
  const engine = await loadEngineNode();
  engine.beginLoad({ expectedBytes: bytes.length });
  engine.feed(new Uint8Array(bytes));
  engine.finishLoad();
  engine.profile();
  return engine;
}

test('apply the suggested recipe, undo every step to the original export, redo', async () => {
  const engine = await loaded();
  const original = engine.exportTable({ format: 'csv' });
  const recipe = engine.suggestRecipe();
  const steps = JSON.parse(recipe).steps;
  assert.ok(steps.length >= 3);
  const r = engine.applyRecipe(recipe);
  assert.equal(r.steps.length, steps.length);
  assert.equal(r.profile.rows, 7);
  const cleaned = engine.exportTable({ format: 'csv' });
  assert.notDeepEqual(cleaned, original);
  assert.equal(engine.recipeJson(), recipe);
  for (let i = 0; i < steps.length; i++) assert.equal(engine.undo().moved, true);
  assert.equal(engine.undo().moved, false);
  assert.deepEqual(engine.exportTable({ format: 'csv' }), original);
  while (engine.redo().moved);
  assert.deepEqual(engine.exportTable({ format: 'csv' }), cleaned);
  assert.equal(engine.history().length, steps.length);
  assert.match(engine.changeLogCsv(), /^row,column,before,after,step,note\r\n/);
  engine.dispose();
});

test('preview changes nothing; applyStep returns counts and the new profile', async () => {
  const engine = await loaded();
  const before = engine.exportTable({ format: 'csv' });
  const p = engine.previewStep({ op: 'email', column: 'email' });
  assert.equal(p.changed, 1);
  assert.equal(p.flagged, 1);
  assert.deepEqual(p.samples[0], {
    column: 'email', before: 'BOB@EXAMPLE.COM', after: 'BOB@example.com', note: '',
  });
  assert.equal(p.samples[1].note, 'more than one @');
  assert.deepEqual(engine.exportTable({ format: 'csv' }), before);
  assert.equal(engine.history().length, 0);
  const a = engine.applyStep({ op: 'case', column: 'full_name', mode: 'upper' });
  assert.equal(a.step.changed, 6);
  assert.ok(Array.isArray(a.profile.columns));
  assert.equal(engine.changeLogCsv().split('\r\n')[1], '0,full_name,Alice Smith,ALICE SMITH,1,');
  engine.applyStep({ op: 'edit_cell', column: 'email', row: 2, value: 'carla@example.com' });
  assert.equal(JSON.parse(engine.recipeJson({ portable: true })).steps.length, 1);
  assert.equal(JSON.parse(engine.recipeJson()).steps.length, 2);
  engine.dispose();
});

test('cancel from the progress callback and broken recipes change nothing', async () => {
  const engine = await loaded();
  const before = engine.exportTable({ format: 'csv' });
  assert.throws(() => engine.applyStep({ op: 'trim', column: 'full_name' }, () => true),
    { code: 'cancelled' });
  assert.throws(() => engine.applyRecipe('{"crmwb_recipe": 1, "steps": [{"op": "trim"}]}'),
    { code: 'bad_recipe', message: /recipe step 1 \(trim\): it names no column/ });
  assert.throws(
    () => engine.applyRecipe(JSON.stringify({ crmwb_recipe: 1, steps: [
      { op: 'trim', column: 'full_name' }, { op: 'phone', column: 'phone', region: 'ZZ' }] })),
    { message: /recipe step 2 \(phone\): "region" "ZZ"/ });
  assert.throws(() => engine.applyStep({ op: 'case', column: 'nope', mode: 'upper' }),
    { code: 'missing_column', message: /the file has no column "nope"/ });
  assert.deepEqual(engine.exportTable({ format: 'csv' }), before);
  assert.equal(engine.history().length, 0);
  engine.dispose();
});

test('originalRow maps current rows to the loaded file after drop_rows (edit_cell counts those)', async () => {
  const engine = await loaded();
  assert.equal(engine.originalRow(3), 3);
  // Rows 3 (lifetime_value empty) and 7 (full_name NULL) go: rows 0,1,3,4,5 of the file stay.
  engine.applyStep({ op: 'drop_rows', columns: ['full_name', 'lifetime_value'], rule: { check: 'not_null' } });
  assert.deepEqual([0, 1, 2, 3, 4].map((r) => engine.originalRow(r)), [0, 1, 3, 4, 5]);
  assert.throws(() => engine.originalRow(5), { code: 'bad_row', message: /row 6 is past the table.s 5 rows/ });
  // The page edits current row 2 (file row 3, "Dan Wu") through its original number.
  engine.applyStep({ op: 'edit_cell', column: 'full_name', row: engine.originalRow(2), value: 'Dan Wu' });
  assert.equal(engine.window(2, 3)[0][1], 'Dan Wu');
  assert.match(engine.changeLogCsv(), /\r\n3,full_name, {2}Dan Wu ,Dan Wu,2,\r\n/);
  engine.undo();
  engine.undo();
  assert.equal(engine.originalRow(6), 6);
  engine.dispose();
});

test('applyStep reports the clean stage, then the profile of the result; a cancel there changes nothing', async () => {
  const engine = await loaded();
  const before = engine.exportTable({ format: 'csv' });
  const stages = [];
  engine.applyStep({ op: 'trim', column: 'full_name' }, (done, total, stage) => stages.push(`${stage} ${done}/${total}`));
  assert.equal(stages[0].split(' ')[0], 'clean');
  assert.equal(stages.at(-1), 'profile 9/9');
  engine.undo();
  const recipe = JSON.stringify({ crmwb_recipe: 1, steps: [{ op: 'trim', column: 'full_name' }, { op: 'email', column: 'email' }] });
  const seen = new Set();
  engine.applyRecipe(recipe, (done, total, stage) => seen.add(stage));
  assert.deepEqual([...seen], ['clean step 1 of 2', 'clean step 2 of 2', 'profile']);
  engine.undo();
  engine.undo();
  assert.throws(() => engine.applyStep({ op: 'trim', column: 'full_name' }, (d, t, stage) => stage === 'profile' && d >= 3),
    { code: 'cancelled' });
  assert.deepEqual(engine.exportTable({ format: 'csv' }), before);
  assert.equal(engine.history().filter((e) => e.applied).length, 0);
  engine.dispose();
});
