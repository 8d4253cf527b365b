// The suggested recipe on a file, through the WebAssembly engine under Node (what the page's
// "apply the suggested fixes" runs in its worker): load, profile, suggestRecipe(), then
//  1. one click: applyRecipe(recipe) (every step, then the profile of the result), one undo and
//     one redo, and the peak WebAssembly memory against the file size;
//  2. step by step (unless --no-steps), on a fresh engine: each step's own time (previewStep: the
//     step alone, on the version before it) and applyStep (the step, kept as a version, and the
//     new version's profile), then one undo after applyStep.
//
// Usage: node bench/clean.mjs FILE [--engine MODULE] [--no-steps]
//   --engine   the Node loader module (default: web/engine-node.js), exporting loadEngineNode()
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, parseArgs, now, since, fileBytes, fmt, emitResult, runMain } from './common.mjs';

const CHUNK = 4 << 20; // 4 MiB

/** Streams `file` into `engine` in 4 MiB chunks; returns the load's info. */
function load(engine, file, bytes) {
  engine.beginLoad({ expectedBytes: bytes });
  const buf = new Uint8Array(CHUNK);
  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      engine.feed(n === CHUNK ? buf : buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return engine.finishLoad();
}

// CPU milliseconds of this process, the figures to read on a machine shared with other jobs
// (time spent waiting for a core does not count).
const cpuLog = {};

/** Runs `fn` and returns [its result, milliseconds]; its CPU milliseconds go to cpuLog[name]. */
function timed(fn, name = null) {
  const c = process.cpuUsage();
  const t = now();
  const r = fn();
  const ms = now() - t;
  if (name) {
    const u = process.cpuUsage(c);
    cpuLog[name] = (u.user + u.system) / 1000;
  }
  return [r, ms];
}

/** A short label of a step: its op and column(s). */
function label(step) {
  const cols = step.columns ?? (step.column !== undefined ? [step.column] : []);
  const shown = cols.length > 3 ? `${cols.slice(0, 2).join(', ')} +${cols.length - 2}` : cols.join(', ');
  return `${step.op}${step.mode ? ` ${step.mode}` : ''}${shown ? ` (${shown})` : ''}`;
}

runMain('clean', async () => {
  const args = parseArgs(process.argv.slice(2), {
    engine: path.join(ROOT, 'web', 'engine-node.js'), 'no-steps': false,
  });
  const file = args._[0];
  if (!file) throw new Error('usage: node bench/clean.mjs FILE [--engine MODULE] [--no-steps]');
  const bytes = fileBytes(file);
  const { loadModuleNode } = await import(pathToFileURL(path.resolve(args.engine)).href);
  const { Engine } = await import(pathToFileURL(path.join(ROOT, 'web', 'engine.js')).href);
  const module = await loadModuleNode();

  // 1. One click.
  let engine = new Engine(module);
  const [info, loadMs] = timed(() => load(engine, file, bytes), 'load');
  const [, profileMs] = timed(() => engine.profile(), 'profile');
  const recipeText = engine.suggestRecipe();
  const steps = JSON.parse(recipeText).steps;
  const [applied, recipeMs] = timed(() => engine.applyRecipe(recipeText), 'recipe');
  const heap = engine.heapBytes(); // memory only grows: the peak so far
  const [, undoRecipeMs] = timed(() => engine.undo(), 'undo_after_recipe');
  const [, redoRecipeMs] = timed(() => engine.redo());
  const changed = applied.steps.reduce((s, e) => s + e.changed, 0);
  console.log(`clean: ${file}: ${(bytes / 1e6).toFixed(1)} MB, ${info.rows} rows; load ` +
    `${fmt(loadMs / 1000, 2)} s, profile ${fmt(profileMs / 1000, 2)} s`);
  console.log(`clean: suggested recipe (${steps.length} steps) with applyRecipe: ` +
    `${fmt(recipeMs / 1000, 2)} s (target < 5 s; the steps and the profile of the result), ` +
    `${changed} cells changed`);
  console.log(`clean: undo after applyRecipe ${fmt(undoRecipeMs, 0)} ms (the version before the ` +
    `last step: its profile was not kept, so it is computed), redo ${fmt(redoRecipeMs, 0)} ms`);
  console.log(`clean: CPU seconds: load ${fmt(cpuLog.load / 1000, 2)}, profile ` +
    `${fmt(cpuLog.profile / 1000, 2)}, applyRecipe ${fmt(cpuLog.recipe / 1000, 2)}, undo ` +
    `${fmt(cpuLog.undo_after_recipe / 1000, 2)}`);
  console.log(`clean: peak WebAssembly memory ${(heap / 1e6).toFixed(0)} MB = ` +
    `${(heap / bytes).toFixed(2)}x the file (target < 3.5x)`);

  // 2. Step by step, on a fresh engine (the peak above is not disturbed).
  const perStep = [];
  let undoStepMs = null;
  if (!args['no-steps']) {
    engine.dispose();
    engine = new Engine(module);
    load(engine, file, bytes);
    engine.profile();
    for (const step of steps) {
      const [preview, stepMs] = timed(() => engine.previewStep(step), 'step');
      const stepCpu = cpuLog.step;
      const [, applyMs] = timed(() => engine.applyStep(step), 'apply');
      perStep.push({ step: label(step), ms: stepMs, apply_ms: applyMs, cpu_ms: stepCpu,
        apply_cpu_ms: cpuLog.apply, changed: preview.changed, flagged: preview.flagged });
      console.log(`clean:   ${label(step).padEnd(44)} ${fmt(stepMs, 0).padStart(6)} ms alone, ` +
        `${fmt(applyMs, 0).padStart(6)} ms applied and profiled (CPU ${fmt(stepCpu, 0)} / ` +
        `${fmt(cpuLog.apply, 0)} ms); ${preview.changed} changed, ${preview.flagged} flagged`);
    }
    const sum = perStep.reduce((s, x) => s + x.ms, 0);
    [, undoStepMs] = timed(() => engine.undo(), 'undo_after_step');
    console.log(`clean: the steps alone add up to ${fmt(sum / 1000, 2)} s; undo after applyStep ` +
      `${fmt(undoStepMs, 0)} ms (CPU ${fmt(cpuLog.undo_after_step, 0)} ms; target < 100 ms)`);
  }
  emitResult({
    peer: 'clean',
    bytes,
    rows: info.rows,
    steps: perStep,
    seconds: { load: loadMs / 1000, profile: profileMs / 1000, recipe: recipeMs / 1000 },
    undo_after_recipe_ms: undoRecipeMs,
    redo_after_recipe_ms: redoRecipeMs,
    undo_after_step_ms: undoStepMs,
    cpu_ms: cpuLog,
    wasm_heap_bytes: heap,
    heap_per_file: heap / bytes,
  });
});
