// The worker's segmentation messages (the Segments view): the orders file in a second engine of
// the same module, join keys, the match report, the join and RFM as new table versions, and the
// analyses (k chooser, k-means, DBSCAN, PCA, anomalies, value tree, comparisons). worker.js owns
// the loaded table and the message loop; it hands this module a context and merges its ops.
//
// ops:
//   segOpenOrders {file, options} → {name, rows, columns, keys, match} (keys: suggested pairs,
//     best first; match: the match report of the best pair with the date and amount columns
//     found by name, or matchError when they cannot be found)
//   segMatch {options} → {match} · segJoin {options} → {match, entry, profile, view}
//   segRfm {options} → {summary, entry, profile, view}
//   segAnalyze {method, options} → the analysis JSON; with options.apply also {entry, profile,
//     view, added}
//   segPoints → {xy, codes, rows} (transferred typed arrays of the last pca) or null
//   segCloseOrders
//
// Cancel: the engine runs each of these in one synchronous call. Its progress callback reads the
// shared cancel flag (cross-origin isolated pages), so the call stops at its next check and
// changes nothing. Elsewhere the cancel message is seen when the call returns: the answer is
// dropped and a version it made is undone again (answer {cancelled: true, profile, view}).

/** Ops that a cancel message (or the shared flag) can stop. */
export const SEGMENT_CANCELLABLE = new Set(['segOpenOrders', 'segMatch', 'segJoin', 'segRfm', 'segAnalyze']);

/**
 * The segmentation ops. ctx: {getEngine() → Promise<engine>, requireTable() → engine, table() →
 * the worker's table record, columnTypes(profile), progressReporter(id), yieldToMessages(),
 * cancelRequested() → bool, fail(code, message), loadFile(engine, id, file, options) → load}.
 */
export function segmentOps(ctx) {
  let sharedCancel = null;
  /** The orders file's engine and what it holds; null when none. */
  let orders = null;
  let ordersInfo = null;

  let holdMs = 0;

  /** Called by init: the page's SharedArrayBuffer cancel flag (or null) and the test hold. */
  function configure({ cancelBuffer = null, cleanHoldMs = 0 } = {}) {
    sharedCancel = cancelBuffer ? new Int32Array(cancelBuffer) : null;
    holdMs = Number(cleanHoldMs) || 0;
  }

  function cancelWanted() {
    return ctx.cancelRequested() || (sharedCancel !== null && Atomics.load(sharedCancel, 0) === 1);
  }

  /**
   * The engine's progress callback: posts {phase, stage, done, total}; true once cancelled. With
   * `hold` (steps that make a version), the ?cleanHoldMs test hook holds its first call that long
   * (or until a cancel the shared flag shows).
   */
  function progress(id, phase, hold = false) {
    const report = ctx.progressReporter(id);
    let held = !hold || holdMs <= 0;
    return (done, total, stage = '') => {
      report({ phase, stage, done, total, bytes: 0, rows: 0 });
      if (!held) {
        held = true;
        const until = performance.now() + holdMs;
        while (performance.now() < until && !cancelWanted()) {
          // busy: a step that takes this long (test hook)
        }
      }
      return cancelWanted();
    };
  }

  function cancelledError() {
    return ctx.fail('cancelled', 'Cancelled.');
  }

  /** After a synchronous call: lets a cancel message in; true when one came (or the flag). */
  async function cancelArrived() {
    await ctx.yieldToMessages();
    return cancelWanted();
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

  /** A result that made a version: {…result, entry, view}, or undone when a cancel came late. */
  async function versioned(e, result) {
    const { step, ...rest } = result;
    if (await cancelArrived()) {
      const r = e.undo();
      return { cancelled: true, profile: r.profile, view: refreshed(e, r.profile) };
    }
    return { ...rest, entry: step, view: refreshed(e, result.profile) };
  }

  function requireOrders() {
    if (!orders) throw ctx.fail('no_orders', 'open an orders file first');
    return orders;
  }

  function closeOrders() {
    if (orders) orders.dispose();
    orders = null;
    ordersInfo = null;
    return { closed: true };
  }

  /** Join options from the page's choice: only the names it set. */
  function joinOptions(options = {}) {
    const o = {};
    for (const k of ['customerKey', 'orderKey', 'orderDate', 'amount', 'orderId', 'category', 'referenceDate']) {
      if (options[k]) o[k] = options[k];
    }
    return o;
  }

  return {
    configure,
    /** Forgets the orders engine (the module it lived in is gone after a fatal error). */
    reset() {
      orders = null;
      ordersInfo = null;
    },
    ops: {
      segOpenOrders: async (id, { file, options = {} }) => {
        const main = ctx.requireTable();
        closeOrders();
        const other = main.sibling();
        try {
          const load = await ctx.loadFile(other, id, file, options);
          orders = other;
          ordersInfo = { name: file.name ?? 'orders', rows: load.rows, columns: load.columns };
        } catch (err) {
          other.dispose();
          throw err;
        }
        const keys = main.suggestJoinKeys(orders);
        let match = null;
        let matchError = null;
        try {
          const best = keys[0];
          const o = best ? { customerKey: best.customer_column, orderKey: best.order_column } : {};
          match = main.joinOrders(orders, o, progress(id, 'match')).match;
        } catch (err) {
          if (err.code === 'cancelled') throw err;
          matchError = { code: err.code, message: err.message };
        }
        return { ...ordersInfo, keys, match, matchError };
      },
      segCloseOrders: async () => closeOrders(),
      segMatch: async (id, { options = {} }) => {
        const e = ctx.requireTable();
        const r = e.joinOrders(requireOrders(), joinOptions(options), progress(id, 'match'));
        if (await cancelArrived()) throw cancelledError();
        return r;
      },
      segJoin: async (id, { options = {} }) => {
        const e = ctx.requireTable();
        const r = e.joinOrders(requireOrders(), { ...joinOptions(options), apply: true }, progress(id, 'join', true));
        return versioned(e, r);
      },
      segRfm: async (id, { options = {} }) => {
        const e = ctx.requireTable();
        const o = { ...joinOptions(options), aggregates: Boolean(options.aggregates), apply: true };
        const r = e.segmentRfm(requireOrders(), o, progress(id, 'rfm', true));
        return versioned(e, r);
      },
      segAnalyze: async (id, { method, options = {} }) => {
        const e = ctx.requireTable();
        const r = e.analyze(method, options, progress(id, method, Boolean(options.apply)));
        if (options.apply && r.step) return versioned(e, r);
        if (await cancelArrived()) throw cancelledError();
        return r;
      },
      segPoints: async () => {
        const p = ctx.requireTable().points();
        if (!p) return null;
        const transfer = [p.xy.buffer, p.rows.buffer];
        if (p.codes) transfer.push(p.codes.buffer);
        return { result: p, transfer };
      },
    },
  };
}
