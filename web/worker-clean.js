// The worker's cleaning messages (the Clean view): suggest, preview, apply a step or a recipe,
// undo, redo, history, the recipe and the change log, and editing one cell. worker.js owns the
// loaded table and the message loop; it hands this module a context and merges the ops it
// returns into its own table of ops.
//
// ops (each answers as worker.js describes; a step's result also carries the new version's
// profile and a reset view, so the page refreshes everything from one answer):
//   cleanSuggest · cleanPreview {step} · cleanApply {step} · cleanApplyRecipe {text} ·
//   cleanUndo · cleanRedo · cleanHistory · cleanRecipe {portable} · cleanChangeLog ·
//   cleanEditCell {column (table column), row (current table row), value}
//
// Cancel: the engine runs a step in one synchronous call, so a cancel *message* cannot reach it
// until the step is over. When the page is cross-origin isolated it shares a SharedArrayBuffer
// flag (sent with init) that the step's progress callback reads: the step stops at its next
// check and changes nothing. Elsewhere the cancel is seen when the call returns: a preview's
// answer is dropped, and the steps that finished are undone at once (answer {cancelled: true}
// with the restored version): the table is as before, and the undone steps are left in the
// history as steps Redo can bring back.

/** Ops that a cancel message (or the shared flag) can stop. */
export const CLEAN_CANCELLABLE = new Set(['cleanPreview', 'cleanApply', 'cleanApplyRecipe', 'cleanEditCell']);

/**
 * The cleaning ops. ctx: {requireTable() → engine, table() → the worker's table record,
 * columnTypes(profile), progressReporter(id), yieldToMessages(), cancelRequested() → bool,
 * fail(code, message)}.
 */
export function cleanOps(ctx) {
  /** The shared cancel flag (Int32Array of 1) when the page sent one; the test hold (ms). */
  let sharedCancel = null;
  let holdMs = 0;

  /** Called by init: the page's SharedArrayBuffer flag (or null) and the ?cleanHoldMs hook. */
  function configure({ cancelBuffer = null, cleanHoldMs = 0 } = {}) {
    sharedCancel = cancelBuffer ? new Int32Array(cancelBuffer) : null;
    holdMs = Number(cleanHoldMs) || 0;
  }

  function cancelWanted() {
    return ctx.cancelRequested() || (sharedCancel !== null && Atomics.load(sharedCancel, 0) === 1);
  }

  /**
   * The engine's progress callback for request `id`: posts {phase: 'clean' | 'profile', done,
   * total, step, steps} (at most every 1% of each phase; `step` of `steps` in a recipe, from
   * the engine's stage "clean step I of N") and returns true once a cancel is wanted. The test
   * hook holds the first call of an applied step for holdMs (previews are not held).
   */
  function stepProgress(id, hold = true) {
    const reporters = new Map(); // one 1% throttle per phase and step
    let held = false;
    return (done, total, stage = 'clean') => {
      const m = /^clean step (\d+) of (\d+)$/.exec(stage);
      const phase = stage === 'profile' ? 'profile' : 'clean';
      const step = m ? Number(m[1]) : 1;
      const steps = m ? Number(m[2]) : 1;
      const key = `${phase} ${step}`;
      if (!reporters.has(key)) reporters.set(key, ctx.progressReporter(id));
      reporters.get(key)({ phase, done, total, step, steps });
      if (hold && holdMs > 0 && !held) {
        held = true;
        const until = performance.now() + holdMs;
        while (performance.now() < until && !cancelWanted()) {
          // busy: a step that takes this long (test hook ?cleanHoldMs)
        }
      }
      return cancelWanted();
    };
  }

  /** The new version became current: the worker's table record and a reset view follow it. */
  function refreshed(e, profile) {
    const t = ctx.table();
    if (profile) {
      t.columns = profile.columns.map((c) => c.name);
      t.rows = profile.rows;
      t.types = ctx.columnTypes(profile);
    }
    const view = e.setView({});
    t.viewRows = view.rows;
    return view;
  }

  /** After a synchronous step: lets a cancel message in; true when one came (or the flag). */
  async function cancelArrived() {
    await ctx.yieldToMessages();
    return cancelWanted();
  }

  function parseStep(step) {
    if (typeof step === 'string') {
      try {
        return JSON.parse(step);
      } catch {
        throw ctx.fail('bad_recipe', 'the step is not valid JSON');
      }
    }
    return step;
  }

  /** A cancel seen after `count` steps finished: undoes them; the answer for the page. */
  function undoLate(e, count) {
    let r = null;
    for (let i = 0; i < count; i++) r = e.undo();
    const view = refreshed(e, r?.profile);
    return { cancelled: true, undone: count, profile: r?.profile, view };
  }

  async function applyOne(id, e, step) {
    const result = e.applyStep(step, stepProgress(id));
    if (await cancelArrived()) return undoLate(e, 1);
    const view = refreshed(e, result.profile);
    return { entry: result.step, profile: result.profile, view };
  }

  return {
    configure,
    ops: {
      cleanSuggest: async () => {
        const e = ctx.requireTable();
        const text = e.suggestRecipe();
        return { text, steps: JSON.parse(text).steps };
      },
      cleanPreview: async (id, { step }) => {
        const e = ctx.requireTable();
        const result = e.previewStep(parseStep(step), stepProgress(id, false));
        if (await cancelArrived()) throw ctx.fail('cancelled', 'Cancelled.');
        return result;
      },
      cleanApply: async (id, { step }) => applyOne(id, ctx.requireTable(), parseStep(step)),
      cleanApplyRecipe: async (id, { text }) => {
        const e = ctx.requireTable();
        const result = e.applyRecipe(text, stepProgress(id));
        if (await cancelArrived()) return undoLate(e, result.steps.length);
        const view = refreshed(e, result.profile);
        return { entries: result.steps, profile: result.profile, view };
      },
      cleanUndo: async () => {
        const e = ctx.requireTable();
        const r = e.undo();
        const view = refreshed(e, r.profile);
        return { ...r, view };
      },
      cleanRedo: async () => {
        const e = ctx.requireTable();
        const r = e.redo();
        const view = refreshed(e, r.profile);
        return { ...r, view };
      },
      cleanHistory: async () => ctx.requireTable().history(),
      cleanResultColumns: async (id, { index }) => ctx.requireTable().resultColumns(index),
      cleanRestoreColumns: async (id, { stepOp, csv }) => {
        const e = ctx.requireTable();
        const result = e.restoreColumns(stepOp, csv);
        const view = refreshed(e, result.profile);
        return { entry: result.step, profile: result.profile, view };
      },
      cleanRecipe: async (id, { portable = true }) => ctx.requireTable().recipeJson({ portable }),
      cleanChangeLog: async () => ctx.requireTable().changeLogCsv(),
      cleanEditCell: async (id, { column, row, value }) => {
        const e = ctx.requireTable();
        const name = ctx.table().columns[column];
        if (name === undefined) throw ctx.fail('bad_request', `there is no column number ${column + 1}`);
        const original = e.originalRow(row);
        return applyOne(id, e, { op: 'edit_cell', column: name, row: original, value: String(value) });
      },
    },
  };
}
