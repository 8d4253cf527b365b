// What a project (and autosave) gathers from the page: the cleaning history from the engine, and
// the state of views that hold some (rules, duplicate decisions and model, view settings) through
// a small registry. A view registers {name, save(), restore(state)}; save() returns plain JSON.

const views = new Map();

/** Registers a view's state: save() -> JSON-able value (or undefined: nothing to keep). */
export function registerState(name, { save, restore }) {
  views.set(name, { save, restore });
}

/** Every registered view's state: {name: state}. */
export async function saveViews() {
  const out = {};
  for (const [name, v] of views) {
    try {
      const s = await v.save();
      if (s !== undefined) out[name] = s;
    } catch (err) {
      out[name] = undefined; // a view that cannot say its state does not stop the save
    }
  }
  return out;
}

/** Gives every registered view its saved state (views missing from `states` get nothing). */
export async function restoreViews(states = {}) {
  const problems = [];
  for (const [name, v] of views) {
    if (!(name in states)) continue;
    try {
      await v.restore(states[name]);
    } catch (err) {
      problems.push(`${name}: ${err.message}`);
    }
  }
  return problems;
}

/**
 * Steps the engine cannot replay from their JSON: they add columns computed from elsewhere (an
 * orders file, a model run). A project keeps the columns such a step added (CSV, as the engine's
 * resultColumns writes them) and restores them as the same step (restoreColumns).
 */
export function isResultStep(op) {
  return op === 'join_orders' || (typeof op === 'string' && op.startsWith('segment_'));
}

/**
 * The manifest's history from the engine's history() entries ([{step, applied}], undone ones
 * last): {steps, undone, results: the 0-based indexes of the steps whose added columns must be
 * kept (their CSV goes in history.results as {step: index, csv})}.
 */
export function historyOf(entries) {
  const steps = [];
  const results = [];
  let undone = 0;
  for (const e of entries) {
    if (isResultStep(e.step?.op)) results.push(steps.length);
    steps.push(e.step);
    if (!e.applied) undone++;
  }
  return { steps, undone, results };
}

/** The recipe text that replays saved steps (every step given, undone ones included). */
export function replayRecipe(history) {
  return JSON.stringify({ crmwb_recipe: 1, steps: history?.steps ?? [] });
}

/**
 * How to replay a saved history: [{recipe: steps}] runs of ordinary steps and [{result: step,
 * csv}] steps whose saved columns are restored, in history order. A result step without its
 * columns (a project saved before they were kept) ends the plan: `missing` names it.
 */
export function replayPlan(history) {
  const steps = history?.steps ?? [];
  const csvOf = new Map((history?.results ?? []).map((r) => [r.step, r.csv]));
  const plan = [];
  let run = [];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!isResultStep(s?.op)) {
      run.push(s);
      continue;
    }
    if (run.length) plan.push({ recipe: run });
    run = [];
    if (typeof csvOf.get(i) !== 'string') return { plan, missing: s.op, kept: i };
    plan.push({ result: s, csv: csvOf.get(i) });
  }
  if (run.length) plan.push({ recipe: run });
  return { plan, missing: null, kept: steps.length };
}
