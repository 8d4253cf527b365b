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

/** Steps the engine cannot replay from their JSON (they add columns computed elsewhere). */
export const NOT_REPLAYABLE = new Set(['join_orders', 'segment_rfm']);

/**
 * The manifest's history from the engine's history() entries ([{step, applied}], undone ones
 * last): {steps, undone}. Steps after one that cannot be replayed are left out; `cut` counts them.
 */
export function historyOf(entries) {
  const steps = [];
  let undone = 0;
  let cut = 0;
  for (const e of entries) {
    if (cut || NOT_REPLAYABLE.has(e.step?.op)) {
      cut++;
      continue;
    }
    steps.push(e.step);
    if (!e.applied) undone++;
  }
  return { steps, undone, cut };
}

/** The recipe text that replays a saved history (every step, undone ones included). */
export function replayRecipe(history) {
  return JSON.stringify({ crmwb_recipe: 1, steps: history?.steps ?? [] });
}
