// The page: file choice, loading progress, and the Data / Profile / Quality views. All engine
// work happens in the worker (views/client.js); this thread renders. Data is only ever set as
// text (textContent, attribute values, Chart.js labels), never parsed as HTML.
import { EngineClient } from './views/client.js';
import { Grid } from './views/grid.js';
import { SearchBox } from './views/search.js';
import { ColumnsMenu } from './views/columns.js';
import { CellDetail } from './views/celldetail.js';
import { renderProfile } from './views/profile.js';
import { renderQuality } from './views/quality.js';
import { createRulesView, ruleFilterLabel } from './views/rules.js';
import { DuplicatesView } from './views/duplicates.js';
import { buildReport, sourceText } from './views/report.js';
import { refreshChartThemes } from './views/charts.js';
import { keepInViewport } from './views/popover.js';
import { CleanView } from './views/clean.js';
import { mountSpelling } from './views/spelling.js';
import { createSegmentsView } from './views/segments.js';
import { el, fmtInt, fmtBytes, plural, word, showValue, download } from './views/dom.js';
import { ProjectDialog } from './views/project.js';
import { newManifest, openProject, readHeader, saveProjectParts, toBase64, fromBase64 } from './project.js';
import { historyOf, registerState, replayPlan, replayRecipe, restoreViews, saveViews } from './project-state.js';
import { hasProjectKey, projectKey, resetProjectKey, setProjectKey } from './project-key.js';
import { Autosave } from './autosave.js';
import { PersonalData } from './views/privacy.js';
import { ProtectDialog } from './views/privacy-dialog.js';
import { PersonSearch } from './views/person.js';

const $ = (id) => document.getElementById(id);

const params = new URLSearchParams(location.search);
const client = new EngineClient(Number(params.get('memoryCapMB')) || 0, {
  cleanHoldMs: Number(params.get('cleanHoldMs')) || 0, // test hook: a cleaning step holds this long
});

const state = {
  file: null,
  fileName: '',
  size: 0,
  kind: 'csv',
  sheetName: null,
  load: null,
  profile: null,
  filters: [],
  sort: null,
  viewRows: 0,
  viewVersion: 0,
  busy: false,
  engineError: null, // why the engine could not start, if it could not
};

const OOM_MESSAGE =
  'This file needs more memory than this browser tab can give (the engine ran out of memory). ' +
  'Try the command-line tool crmwb, or a smaller file.';

// ---- screens --------------------------------------------------------------------------------

function setState(s) {
  document.body.dataset.state = s;
}

function showScreen(name) {
  $('start').hidden = name !== 'start';
  $('loading').hidden = name !== 'loading';
  $('sheet-choice').hidden = name !== 'sheet';
  $('workbench').hidden = name !== 'workbench';
}

function showError(message, lead = 'Could not open the file. ') {
  const box = $('error');
  box.replaceChildren(el('strong', { text: lead }), message);
  box.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').replaceChildren();
}

function errorText(err) {
  if (err.code === 'out_of_memory') return OOM_MESSAGE;
  const msg = String(err.message || 'unknown error');
  return msg.charAt(0).toUpperCase() + msg.slice(1) + (/[.!?]$/.test(msg) ? '' : '.');
}

// ---- opening files ----------------------------------------------------------------------------

function readOptions() {
  const options = {};
  const delimiter = $('opt-delimiter').value;
  if (delimiter) options.delimiter = delimiter;
  options.header = $('opt-header').value;
  const nulls = $('opt-nulls');
  if (nulls.value !== nulls.defaultValue) {
    options.nullTokens = nulls.value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  return options;
}

const PHASES = {
  read: 'Reading the file',
  unzip: 'Unpacking the workbook',
  convert: 'Reading the sheet',
  parse: 'Parsing',
  profile: 'Profiling columns',
  export: 'Writing',
};

function onProgress(p) {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const xlsx = state.kind === 'xlsx';
  // Overall bar: parsing is most of the work; profiling is the last tenth.
  let overall;
  if (p.phase === 'read') overall = 0.1 * frac;
  else if (p.phase === 'unzip' || p.phase === 'convert') overall = 0.1 + 0.2 * frac;
  else if (p.phase === 'parse') overall = (xlsx ? 0.3 : 0) + (xlsx ? 0.6 : 0.9) * frac;
  else overall = 0.9 + 0.1 * frac;
  $('progress').value = overall;
  let text = `${PHASES[p.phase] ?? 'Working'} — `;
  if (p.phase === 'profile') {
    text += `${plural(p.rows, 'row')} read`;
    if (p.total > 1) text += `, column ${fmtInt(p.done)} of ${fmtInt(p.total)}`;
  } else if (p.phase === 'parse') {
    text += `${fmtBytes(p.bytes)} of ${fmtBytes(p.total)} · ${plural(p.rows, 'row')}`;
  } else {
    text += `${Math.round(frac * 100)}%`;
  }
  $('progress-text').textContent = text;
}

async function openFile(file, sheet = null, options = readOptions()) {
  if (state.busy) return false;
  if (state.engineError) {
    // The engine never started: say that again rather than blame this file.
    setState('error');
    showEngineError(state.engineError);
    return false;
  }
  state.busy = true;
  state.cancelled = false;
  // A new file starts a new project: no key, so pseudonyms of one customer file cannot be linked
  // to another's by accident (opening a project puts its own key back after this).
  resetProjectKey();
  resultCsv = new Map(); // version ids are the engine's: a new file (or a new engine) reuses them
  state.loadOptions = options;
  state.sheet = sheet;
  clearError();
  state.file = file;
  state.fileName = file.name || 'untitled';
  state.size = file.size;
  state.kind = 'csv';
  $('export-menu').hidden = true;
  $('loading-title').textContent = `Opening ${state.fileName}`;
  $('progress').value = 0;
  $('progress-text').textContent = `Starting — ${fmtBytes(file.size)}`;
  $('cancel-button').disabled = false;
  showScreen('loading');
  setState('loading');
  const started = performance.now();
  try {
    const result = await client.request('open', { file, sheet, options }, (p) => {
      if (p.phase === 'read' || p.phase === 'unzip' || p.phase === 'convert') state.kind = 'xlsx';
      onProgress(p);
    });
    if (state.cancelled) {
      // Finished in the moment Cancel was pressed: honor the Cancel.
      const err = new Error('Cancelled.');
      err.code = 'cancelled';
      throw err;
    }
    if (result.needSheet) {
      state.busy = false;
      askSheet(result.sheets);
      return false;
    }
    state.busy = false;
    state.openSeconds = (performance.now() - started) / 1000;
    showWorkbench(result);
    return true;
  } catch (err) {
    state.busy = false;
    state.profile = null;
    showScreen('start');
    if (err.code === 'cancelled') {
      // For tests: whether the worker stopped by itself or had to be replaced.
      document.body.dataset.cancelledBy = client.lastCancel ?? 'page';
      setState('idle');
      showError(`${state.fileName} was not opened; nothing was kept.`, 'Loading cancelled. ');
      $('start-title').focus?.();
    } else if (err.code === 'engine_unavailable') {
      setState('error');
      showEngineError(err);
    } else {
      setState('error');
      showError(`${state.fileName}: ${errorText(err)}`);
    }
  }
}

/** The engine could not start (the hosting does not serve its files): not the user's file. */
function showEngineError(err) {
  showError(errorText(err), 'The workbench could not start its engine. ');
}

function askSheet(sheets) {
  const picker = $('sheet-picker');
  picker.replaceChildren(
    ...sheets.map((s) =>
      el('option', { value: String(s.index), text: s.hidden ? `${s.name} (hidden)` : s.name }),
    ),
  );
  const firstVisible = sheets.find((s) => !s.hidden) ?? sheets[0];
  picker.value = String(firstVisible.index);
  $('sheet-title').textContent = `${state.fileName} has ${sheets.length} sheets`;
  showScreen('sheet');
  setState('idle');
  picker.focus();
}

async function openSample() {
  const inline = document.getElementById('crmwb-sample');
  let blob;
  if (inline) {
    const text = inline.dataset.encoding === 'base64'
      ? Uint8Array.from(atob(inline.textContent.trim()), (c) => c.charCodeAt(0))
      : inline.textContent.replace(/^\n/, '');
    blob = new Blob([text], { type: 'text/csv' });
  } else {
    try {
      const res = await fetch('sample/customers_sample.csv');
      if (!res.ok) throw new Error(`the sample is missing (HTTP ${res.status})`);
      blob = await res.blob();
    } catch (err) {
      setState('error');
      showError(`Sample data: ${errorText(err)}`);
      return;
    }
  }
  openFile(new File([blob], 'customers_sample.csv', { type: 'text/csv' }));
}

// ---- workbench ------------------------------------------------------------------------------

const grid = new Grid($('grid'), {
  fetchWindow: (begin, end) => client.request('window', { begin, end }),
  onSort: (column) => cycleSort(column),
  onActive: () => {
    if (detail.isOpen) detail.show(grid.activeCell());
  },
  onOpen: () => setDetail(true),
  onEscape: () => {
    if (!detail.isOpen) return false;
    setDetail(false);
    return true;
  },
  onMark: (column) => openProtect($('grid'), state.profile.columns[column]?.name), // views/privacy.js
});

const detail = new CellDetail($('cell-detail'), {
  fetchRow: (row) => client.request('window', { begin: row, end: row + 1 }),
  onClose: () => setDetail(false),
  onEdit: (cell, value) => cleanView.editCell(cell.column, cell.tableRow, value), // Clean view
});

/** Opens the cell detail on the active cell, or closes it (focus back to the grid). */
function setDetail(open) {
  if (open) detail.show(grid.activeCell());
  else if (detail.isOpen) detail.close();
  $('detail-button').setAttribute('aria-pressed', String(open));
  if (!open) $('grid').focus({ preventScroll: true });
}
$('detail-button').addEventListener('click', () => setDetail(!detail.isOpen));

const columnsMenu = new ColumnsMenu($('columns-button'), $('columns-menu'), {
  onChange: (order) => grid.setColumns(state.profile.columns, { rows: state.profile.rows, order }),
});

const search = new SearchBox($('search-input'), $('search-column'), {
  onSearch: (s) => {
    state.filters = state.filters.filter((f) => f.kind !== 'search');
    if (s) state.filters.push({ kind: 'search', column: s.column, value: s.value });
    refreshView();
  },
});

/** Shows the view's search (if any) in the search box. */
function syncSearch() {
  const f = state.filters.find((x) => x.kind === 'search');
  search.show(f ? { column: f.column, value: f.value } : null);
}

function showWorkbench(result) {
  state.kind = result.kind;
  state.sheetName = result.sheetName;
  state.load = result.load;
  state.profile = result.profile;
  state.filters = [];
  state.sort = null;
  state.viewRows = result.view.rows;

  const profile = result.profile;
  $('file-name').textContent = state.fileName;
  state.sheetPosition = result.sheetPosition;
  state.sheetCount = result.sheetCount;
  $('file-meta').textContent =
    `${plural(profile.rows, 'row')} · ${plural(profile.columns.length, 'column')} · ` +
    `${fmtBytes(state.size)}${result.kind === 'xlsx' ? '' : ' · Text file'}`;
  $('file-dialect').textContent = sourceText({ ...result, dialect: result.load.dialect ?? profile.dialect ?? {} });

  const warnings = result.load.warnings ?? [];
  const box = $('warnings-box');
  box.hidden = warnings.length === 0;
  $('warnings-summary').textContent = `${plural(warnings.length, 'warning')} while reading`;
  const shown = warnings.slice(0, 100).map((w) =>
    el('li', {}, w.line && !/^line \d/i.test(w.message) ? el('span', { className: 'muted', text: `Line ${fmtInt(w.line)}: ` }) : null, w.message),
  );
  if (warnings.length > 100) shown.push(el('li', { className: 'muted', text: `… and ${fmtInt(warnings.length - 100)} more` }));
  $('warnings').replaceChildren(...shown);
  box.open = warnings.length > 0 && warnings.length <= 3;

  showScreen('workbench');
  selectTab('data', false);
  grid.setColumns(profile.columns, { rows: profile.rows });
  columnsMenu.setColumns(profile.columns);
  search.setColumns(profile.columns);
  detail.setColumns(profile.columns);
  $('detail-button').setAttribute('aria-pressed', 'false');
  grid.setView(state.viewRows, null);
  updateViewUi();
  state.profileOptions = {};
  renderFindings();
  cleanView.setTable(profile);
  spelling.setColumns(profile.columns.map((c) => c.name));
  personal.reset();
  personSearch?.reset();
  personal.refresh(profile.columns.map((c) => c.name));
  rulesView.setTable(profile);
  duplicatesView.setTable(profile);
  segmentsView.setTable(profile);
  setState('ready');
  // Keyboard focus goes to the loaded view (the grid), not back to the document.
  $('grid').focus({ preventScroll: true });
  $('autosave-restore').hidden = true;
  autosave.fileOpened(state.file).then((ok) => ok && autosave.changed(autosaveState));
}

function renderFindings() {
  const o = state.profileOptions ?? {};
  renderProfile($('profile-summary'), $('cards'), state.profile);
  renderQuality($('quality'), state.profile, {
    timeliness: { days: o.timelinessDays, referenceDay: o.referenceDay },
    onReprofile: reprofile,
    onDuplicates: () => selectTab('duplicates'),
  });
}

/** Recomputes the profile with other quality options (timeliness window); resets the view. */
async function reprofile(options) {
  setState('loading');
  $('quality').setAttribute('aria-busy', 'true');
  try {
    // Only the quality score depends on these options: re-score, do not profile again.
    const result = await client.request('rescore', { options });
    state.profile = result.profile;
    state.profileOptions = options;
    state.filters = [];
    state.sort = null;
    state.viewRows = result.view.rows;
    grid.setColumns(result.profile.columns, { rows: result.profile.rows, order: columnsMenu.shown() });
    detail.setColumns(result.profile.columns);
    syncSearch();
    grid.setView(state.viewRows, null);
    updateViewUi();
    renderFindings();
    setState('ready');
    document.getElementById('timeliness-definition')?.focus(); // the form was drawn anew
  } catch (err) {
    if (err.fatal || err.code === 'restarted') engineLost(err);
    else {
      setState('ready');
      showError(errorText(err));
    }
  } finally {
    $('quality').removeAttribute('aria-busy');
  }
}

function resetToStart() {
  state.profile = null;
  rulesView.reset();
  state.file = null;
  $('export-menu').hidden = true;
  showScreen('start');
  setState('idle');
}

// ---- tabs -----------------------------------------------------------------------------------

const TABS = ['data', 'profile', 'quality', 'clean', 'rules', 'duplicates', 'segments'];

function selectTab(name, focus = true) {
  for (const t of TABS) {
    const tab = $(`tab-${t}`);
    const on = t === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
  }
  if (name === 'clean') cleanView.shown();
  if (name === 'duplicates') duplicatesView.shown();
  if (name === 'segments') segmentsView.shown();
  if (focus) $(`tab-${name}`).focus();
}

for (const t of TABS) {
  $(`tab-${t}`).addEventListener('click', () => selectTab(t, false));
  $(`tab-${t}`).addEventListener('keydown', (e) => {
    const i = TABS.indexOf(t);
    let next = null;
    if (e.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length];
    else if (e.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (e.key === 'Home') next = TABS[0];
    else if (e.key === 'End') next = TABS[TABS.length - 1];
    if (next) {
      e.preventDefault();
      selectTab(next);
    }
  });
}

// ---- view: filters and sort -----------------------------------------------------------------

function sameFilter(a, b) {
  return a.kind === b.kind && a.column === b.column && a.value === b.value;
}

/** Adds a filter (replacing one of the same kind on the same column), or replaces all. */
function applyFilter(filter, replace) {
  if (replace) state.filters = [filter];
  else {
    state.filters = state.filters.filter(
      (f) => !(f.kind === filter.kind && (f.kind === 'duplicate' || f.column === filter.column)),
    );
    state.filters.push(filter);
  }
  syncSearch();
  selectTab('data', false);
  refreshView();
  $('grid').focus({ preventScroll: true });
}

function removeFilter(filter) {
  state.filters = state.filters.filter((f) => !sameFilter(f, filter));
  syncSearch();
  refreshView();
}

function cycleSort(column) {
  const s = state.sort;
  if (!s || s.column !== column) state.sort = { column, descending: false };
  else if (!s.descending) state.sort = { column, descending: true };
  else state.sort = null;
  refreshView();
}

async function refreshView() {
  const version = ++state.viewVersion;
  const spec = { filters: state.filters, ...(state.sort ? { sort: state.sort } : {}) };
  $('row-count').classList.add('busy');
  $('grid').setAttribute('aria-busy', 'true');
  try {
    const view = await client.request('view', { spec });
    if (version !== state.viewVersion) return;
    state.viewRows = view.rows;
    grid.setView(view.rows, state.sort);
    if (detail.isOpen) detail.show(grid.activeCell());
  } catch (err) {
    if (version !== state.viewVersion) return;
    if (err.fatal || err.code === 'restarted') {
      engineLost(err);
      return;
    }
    showError(errorText(err));
  } finally {
    if (version === state.viewVersion) {
      $('row-count').classList.remove('busy');
      $('grid').removeAttribute('aria-busy');
      updateViewUi();
    }
  }
}

function filterLabel(f) {
  const name = state.profile?.columns[f.column]?.name ?? `column ${f.column + 1}`;
  switch (f.kind) {
    case 'search':
      return f.column < 0 ? `contains “${f.value}”` : `${name} contains “${f.value}”`;
    case 'value':
      return `${name} = ${showValue(f.value)}`;
    case 'pattern':
      return `${name} has shape ${f.value}`;
    case 'missing':
      return `${name} is missing`;
    case 'invalid':
      return `${name} is invalid`;
    case 'inconsistent':
      return `${name} is off-format`;
    case 'whitespace':
      return `${name} has extra spaces`;
    case 'duplicate':
      return 'duplicate rows';
    case 'duplicate_record':
      return 'duplicate records';
    case 'rule':
      return ruleFilterLabel(f);
    case 'stale':
      return `not updated within ${plural(state.profile?.quality?.timeliness_days ?? 365, 'day')}`;
    default:
      return `${f.kind} ${name}`;
  }
}

function updateViewUi() {
  const total = state.profile?.rows ?? 0;
  const rc = $('row-count');
  rc.dataset.count = String(state.viewRows);
  if (state.filters.length) {
    rc.replaceChildren(el('strong', { text: fmtInt(state.viewRows) }), ` of ${plural(total, 'row')} ${word(state.viewRows, 'matches', 'match')}`);
  } else {
    rc.replaceChildren(el('strong', { text: fmtInt(state.viewRows) }), ` ${word(state.viewRows, 'row')}`);
  }
  if (state.sort) {
    const col = state.profile.columns[state.sort.column]?.name ?? '';
    rc.append(el('span', { className: 'muted', text: ` · sorted by ${col} ${state.sort.descending ? '↓' : '↑'}` }));
  }
  $('active-filters').replaceChildren(
    ...state.filters.map((f) => {
      const label = filterLabel(f);
      return el('li', { className: 'filter-chip' },
        el('span', { text: label }),
        el('button', { type: 'button', className: 'chip-remove', 'aria-label': `Remove filter: ${label}`, title: 'Remove filter', on: { click: () => removeFilter(f) } }, '×'));
    }),
  );
  $('clear-filters').hidden = state.filters.length === 0;
  $('view-only-count').textContent = `(${plural(state.viewRows, 'row')})`;
}

$('clear-filters').addEventListener('click', () => {
  state.filters = [];
  syncSearch();
  refreshView();
});

function onFacetClick(e) {
  const target = e.target.closest('button[data-kind]');
  if (!target) return;
  applyFilter(
    { kind: target.dataset.kind, column: Number(target.dataset.column), value: target.dataset.value ?? '' },
    target.dataset.mode === 'replace',
  );
}
$('panel-profile').addEventListener('click', onFacetClick);
$('panel-quality').addEventListener('click', onFacetClick);
$('panel-rules').addEventListener('click', onFacetClick);

// ---- validation rules (views/rules.js) --------------------------------------------------------
// The Rules tab. Its revalidate() (exported by views/rules.js too) re-runs the rules after anything
// that makes a new table version; the quality score it returns carries the accuracy dimension.
const rulesView = createRulesView($('rules'), {
  client,
  fileBase: () => baseName(),
  onQuality: (quality) => {
    if (!state.profile || !quality) return;
    state.profile = { ...state.profile, quality };
    renderFindings();
  },
});

// ---- duplicates (views/duplicates.js) ----------------------------------------------------------
// A run, a new threshold or a decision counts its clusters in the quality score (uniqueness and
// the "look like duplicates" problem, which opens this tab).
const duplicatesView = new DuplicatesView($('duplicates'), {
  client,
  baseName: () => baseName(),
  onQuality: (quality) => {
    if (!state.profile || !quality) return;
    state.profile = { ...state.profile, quality };
    renderFindings();
  },
  onChange: () => autosave.changed(autosaveState),
});
// The dedupe run (its model, threshold and review decisions) comes back with a project.
registerState('duplicates', {
  save: () => duplicatesView.save(),
  restore: (s) => duplicatesView.restore(s),
});

function engineLost(err) {
  resetToStart();
  setState('error');
  showError(`${state.fileName}: ${errorText(err)}`);
}

// ---- export ---------------------------------------------------------------------------------

const menu = $('export-menu');
const exportButton = $('export-button');

function setMenu(open) {
  menu.hidden = !open;
  exportButton.setAttribute('aria-expanded', String(open));
  if (open) {
    keepInViewport(menu);
    $('export-csv').focus({ preventScroll: true });
  }
}
window.addEventListener('resize', () => keepInViewport(menu));

exportButton.addEventListener('click', () => setMenu(menu.hidden));
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !menu.hidden) {
    setMenu(false);
    exportButton.focus();
  }
});
document.addEventListener('click', (e) => {
  // Only real clicks outside close the menu (a download's synthetic <a> click must not).
  if (!e.isTrusted) return;
  if (!menu.hidden && !menu.contains(e.target) && e.target !== exportButton) setMenu(false);
});

$('neutralize').addEventListener('change', (e) => {
  $('neutralize-hint').classList.toggle('warning-text', !e.target.checked);
  $('neutralize-hint').textContent = e.target.checked
    ? "Cells a spreadsheet would run as formulas (starting with = @, or + - followed by more than a number) get a leading ' in CSV and a text mark in XLSX. Numbers and phone numbers stay exactly as they are."
    : 'Off: cells are written exactly as they are. A spreadsheet may run cells starting with = + - @ as formulas.';
});

function baseName() {
  return state.fileName.replace(/\.[^.]+$/, '') || 'data';
}

function setExportStatus(text) {
  $('export-status').textContent = text;
}

let exportCancelled = false;

async function exportData(format, { viewOnly = $('view-only').checked, status = setExportStatus, suffix = '' } = {}) {
  const buttons = menu.querySelectorAll('button:not(#export-cancel)');
  buttons.forEach((b) => (b.disabled = true));
  exportCancelled = false;
  $('export-cancel').hidden = false;
  $('export-cancel').disabled = false;
  status('Preparing the file…');
  try {
    const result = await client.request('export', {
      format,
      bom: $('excel-compatible').checked,
      neutralize: $('neutralize').checked,
      viewOnly,
    }, (p) => {
      if (!exportCancelled) status(`Writing — ${Math.round((p.done / Math.max(1, p.total)) * 100)}%`);
    });
    // A cancel that came after the last step (a CSV is written in one step): keep nothing.
    if (exportCancelled) throw Object.assign(new Error('Cancelled.'), { code: 'cancelled' });
    const name = `${baseName()}${suffix}${viewOnly && state.filters.length ? '-view' : ''}.${format}`;
    const type = format === 'xlsx'
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv;charset=utf-8';
    download(result.bytes, name, type);
    const notes = (result.warnings ?? []).map((w) => w.message).join(' ');
    status(`Saved ${name} (${fmtBytes(result.bytes.byteLength)}).${notes ? ` ${notes}` : ''}`);
  } catch (err) {
    if (err.fatal || err.code === 'restarted') engineLost(err);
    else if (err.code === 'cancelled') {
      document.body.dataset.exportCancelledBy = client.lastCancel ?? 'page';
      status('Export cancelled; no file was saved.');
    } else status(`Export failed: ${errorText(err)}`);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    $('export-cancel').hidden = true;
  }
}

$('export-cancel').addEventListener('click', () => {
  exportCancelled = true;
  $('export-cancel').disabled = true;
  setExportStatus('Cancelling…');
  client.cancel(null); // the worker stops at its next step; the table stays loaded
});

$('export-csv').addEventListener('click', () => exportData('csv'));
$('export-xlsx').addEventListener('click', () => exportData('xlsx'));
$('export-profile-json').addEventListener('click', () => {
  const json = JSON.stringify(state.profile, null, 2) + '\n';
  download(json, `${baseName()}-profile.json`, 'application/json');
  setExportStatus(`Saved ${baseName()}-profile.json.`);
});
$('export-report-html').addEventListener('click', () => {
  const html = buildReport(state.profile, {
    fileName: state.fileName,
    size: state.size,
    kind: state.kind,
    sheetName: state.sheetName,
    sheetPosition: state.sheetPosition,
    sheetCount: state.sheetCount,
    load: state.load,
  });
  download(html, `${baseName()}-report.html`, 'text/html;charset=utf-8');
  setExportStatus(`Saved ${baseName()}-report.html.`);
});

// ---- personal data (views/privacy.js: header marks; views/privacy-dialog.js: Export protected…)

const personal = new PersonalData({ client, onMarks: (marks) => grid.setMarks(marks) });
const protectDialog = new ProtectDialog({ client, personal, baseName });
let protectOpener = null;
protectDialog.onClose = () => {
  protectOpener?.focus();
  autosave.changed(autosaveState);
};
/** Opens Export protected (focus on `column`'s mark, else the active cell's); focus returns to `opener`. */
function openProtect(opener, column = null) {
  protectOpener = opener;
  setMenu(false);
  const active = grid.activeCell();
  protectDialog.open(state.profile.columns.map((c) => c.name), column ?? (active ? state.profile.columns[active.column]?.name : null), state.profile.rows);
}
$('export-protected').addEventListener('click', () => openProtect(exportButton));
$('pii-button').addEventListener('click', () => openProtect($('pii-button')));
// Find a person (views/person.js): an access or erasure request; erasure is a Clean view step.
const personSearch = new PersonSearch({
  client, baseName,
  fileName: () => state.fileName,
  erase: (step) => cleanView.apply(step),
});
personSearch.onClose = () => $('find-person-button').focus();
$('find-person-button').addEventListener('click', () => personSearch.open());
registerState('privacy', {
  save: () => personal.save(),
  restore: (s) => personal.restore(s),
});

// ---- cleaning (the Clean view, views/clean.js) ------------------------------------------------

/** Shows a new table version (after a step, undo or redo): profile, score, grid and filters. */
async function showVersion(result) {
  const oldNames = state.profile.columns.map((c) => c.name);
  const profile = result.profile;
  const names = profile.columns.map((c) => c.name);
  const sameColumns = names.length === oldNames.length && names.every((n, i) => n === oldNames[i]);
  // Filters and the sort follow their column by name; those of a removed column are dropped.
  const remap = (i) => (i < 0 ? i : names.includes(oldNames[i]) ? names.indexOf(oldNames[i]) : -2);
  state.filters = state.filters
    .map((f) => (typeof f.column !== 'number' || ['duplicate', 'duplicate_record', 'stale'].includes(f.kind) ? f : { ...f, column: remap(f.column) }))
    .filter((f) => typeof f.column !== 'number' || f.column >= -1);
  if (state.sort) {
    const c = remap(state.sort.column);
    state.sort = c >= 0 ? { ...state.sort, column: c } : null;
  }
  state.profile = profile;
  state.viewRows = result.view.rows;
  $('file-meta').textContent =
    `${plural(profile.rows, 'row')} · ${plural(profile.columns.length, 'column')} · ` +
    `${fmtBytes(state.size)}${state.kind === 'xlsx' ? '' : ' · Text file'}`;
  const order = sameColumns ? columnsMenu.shown() : undefined;
  if (!sameColumns) {
    columnsMenu.setColumns(profile.columns);
    search.setColumns(profile.columns);
  }
  grid.setColumns(profile.columns, { rows: profile.rows, ...(order ? { order } : {}) });
  detail.columns = profile.columns; // keeps the panel open on the edited cell
  spelling.setColumns(names);
  personal.refresh(names);
  syncSearch();
  renderFindings();
  segmentsView.profileChanged(profile);
  // The rules run again on the new version (their failing rows and the accuracy dimension belong
  // to a version) before the grid asks for a view that may filter on them.
  await rulesView.revalidate(profile);
  duplicatesView.tableChanged();
  await refreshView();
  autosave.changed(autosaveState);
}

const cleanView = new CleanView($('clean'), {
  client,
  onVersion: showVersion,
  onExportTable: (format, status) => exportData(format, { viewOnly: false, status, suffix: '-clean' }),
  baseName,
  onEngineLost: (err) => engineLost(err),
});
// The spelling-clusters panel (views/spelling.js) lives in the Clean view's slot; a merge is a
// replace step applied like any other.
const spelling = mountSpelling(cleanView.spellingSlot, { client, onStep: (step) => cleanView.apply(step) });

// Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo cleaning steps, unless typing in a field.
document.addEventListener('keydown', (e) => {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || $('workbench').hidden || !state.profile) return;
  const t = e.target;
  if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  const key = e.key.toLowerCase();
  if (key === 'z' && !e.shiftKey) {
    e.preventDefault();
    cleanView.undo();
  } else if ((key === 'z' && e.shiftKey) || key === 'y') {
    e.preventDefault();
    cleanView.redo();
  }
});

// F2 on a grid cell opens its details ready to edit (an edit_cell step).
$('grid').addEventListener('keydown', (e) => {
  if (e.key !== 'F2' || !grid.activeCell()) return;
  e.preventDefault();
  setDetail(true);
  detail.startEdit();
});

// ---- segments (the Segments view, views/segments.js) ------------------------------------------
// Its results (order aggregates, RFM, cluster, pc1/pc2, anomaly_score) are new table versions
// shown by showVersion; its links show rows in the Data tab with a filter or a sort.
const segmentsView = createSegmentsView($('segments'), {
  client,
  onVersion: showVersion,
  onShowRows: ({ filter, sort }) => {
    if (sort) {
      state.sort = sort;
      selectTab('data', false);
      refreshView();
      $('grid').focus({ preventScroll: true });
    }
    if (filter) applyFilter(filter, false);
  },
  onEngineLost: (err) => engineLost(err),
});

// ---- file choice wiring -----------------------------------------------------------------------

$('file-input').addEventListener('change', (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (file && /\.crmwb$/i.test(file.name)) openProjectFile(file);
  else if (file) openFile(file);
});
$('sample-button').addEventListener('click', openSample);
$('cancel-button').addEventListener('click', () => {
  state.cancelled = true;
  $('cancel-button').disabled = true;
  $('progress-text').textContent = 'Cancelling…';
  client.cancel();
});
$('open-another').addEventListener('click', () => {
  resetToStart();
  $('file-input').focus();
});
$('sheet-open').addEventListener('click', () => {
  if (state.file) openFile(state.file, Number($('sheet-picker').value));
});
$('sheet-cancel').addEventListener('click', resetToStart);

const dropZone = $('drop-zone');
let dragDepth = 0;
document.addEventListener('dragenter', (e) => {
  if (!e.dataTransfer?.types?.includes('Files')) return;
  dragDepth++;
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) document.body.classList.remove('dragging');
});
document.addEventListener('dragover', (e) => {
  if (e.dataTransfer?.types?.includes('Files')) e.preventDefault();
});
document.addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  document.body.classList.remove('dragging');
  const file = e.dataTransfer?.files?.[0];
  if (file && !state.busy && /\.crmwb$/i.test(file.name)) openProjectFile(file);
  else if (file && !state.busy) openFile(file);
});
dropZone.addEventListener('click', (e) => {
  if (e.target === dropZone || e.target.closest('.drop-title, .drop-sub, .drop-icon')) $('file-input').click();
});

// ---- project files (Save project… / Open project…; format: web/project.js) ---------------------

const projectDialog = new ProjectDialog();

// View state a project keeps besides the file and the history: the grid's filters and sort, and
// the validation rules (they run again on the restored table).
registerState('view', {
  save: () => ({ filters: state.filters, sort: state.sort }),
  restore: async (s) => {
    state.filters = Array.isArray(s?.filters) ? s.filters : [];
    state.sort = s?.sort ?? null;
    syncSearch();
    await refreshView();
  },
});
registerState('rules', {
  save: () => ({ rules: rulesView.rules() }),
  restore: async (s) => {
    if (Array.isArray(s?.rules) && s.rules.length) await rulesView.setRules(s.rules);
  },
});

/** The CSV of each result step's columns by version id (engine history ids), for gatherManifest. */
let resultCsv = new Map();

/** The project of the work now open: {manifest, fileBytes}. */
async function gatherProject() {
  const fileBytes = new Uint8Array(await state.file.arrayBuffer());
  return { ...(await gatherManifest()), fileBytes };
}

/**
 * The manifest of the work now open (no file bytes): {manifest}. Steps that added columns
 * computed elsewhere (orders joined, RFM, clusters, anomaly scores...) keep those columns as CSV.
 */
async function gatherManifest() {
  const manifest = newManifest(state.fileName, state.size, state.loadOptions ?? {});
  if (state.kind === 'xlsx') {
    manifest.file.format = 'xlsx';
    if (state.sheet !== null && state.sheet !== undefined) manifest.file.sheet = state.sheet;
  }
  const entries = await client.history();
  const h = historyOf(entries);
  manifest.history = { steps: h.steps, undone: h.undone };
  // A version never changes and its id is never reused: its columns are written once (autosave
  // gathers the manifest after every change).
  const results = [];
  const kept = new Map();
  for (const i of h.results) {
    const id = entries[i].id;
    const csv = (id !== undefined ? resultCsv.get(id) : undefined) ?? (await client.resultColumns(i + 1));
    if (id !== undefined) kept.set(id, csv);
    results.push({ step: i, csv });
  }
  resultCsv = kept;
  if (results.length) manifest.history.results = results;
  manifest.views = await saveViews();
  manifest.project_key = hasProjectKey() ? toBase64(projectKey()) : null;
  manifest.saved_at = new Date().toISOString();
  return { manifest };
}

async function saveProjectFlow() {
  if (!state.profile || !state.file || state.busy) return;
  const name = `${baseName()}.crmwb`;
  const saved = await projectDialog.ask('save', {
    title: 'Save project',
    intro: 'One .crmwb file with the original file, every cleaning step and segment result (undo still works after opening), rules, duplicate review, personal-data marks and view settings. With a passphrase it is encrypted (AES-256-GCM); without the passphrase nobody can open it — there is no way to recover it.',
    okText: 'Save project',
    work: async (passphrase) => {
      projectDialog.setProgress('Gathering the project…');
      const project = await gatherProject();
      // The file's pieces go straight into the download's Blob (no joined copy of the file).
      const parts = await saveProjectParts(project, {
        passphrase,
        onProgress: (stage) => projectDialog.setProgress(stage === 'key' ? 'Deriving the key from the passphrase…' : 'Encrypting…'),
      });
      const blob = new Blob(parts, { type: 'application/octet-stream' });
      download(blob, name, 'application/octet-stream');
      return { size: blob.size, encrypted: passphrase !== null };
    },
  });
  if (!saved) return;
  setExportStatus(`Saved ${name} (${fmtBytes(saved.size)}${saved.encrypted ? ', encrypted' : ', not encrypted'}).`);
  document.body.dataset.projectSaved = String(saved.size);
}

/** Opens a .crmwb file: asks the passphrase when it is encrypted, then restores the state. */
async function openProjectFile(file) {
  if (state.busy) return;
  clearError();
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
    readHeader(bytes); // a damaged or newer file is refused before any question
  } catch (err) {
    setState('error');
    showError(`${file.name}: ${errorText(err)}`, 'Could not open the project. ');
    return;
  }
  let project;
  if (readHeader(bytes).encrypted) {
    project = await projectDialog.ask('open', {
      title: `Open ${file.name}`,
      intro: 'This project is encrypted. Type its passphrase.',
      okText: 'Open project',
      work: async (passphrase) => {
        projectDialog.setProgress('Deriving the key from the passphrase…');
        return openProject(bytes, { passphrase, onProgress: (s) => s === 'decrypt' && projectDialog.setProgress('Decrypting…') });
      },
    });
    if (!project) return;
  } else {
    try {
      project = await openProject(bytes);
    } catch (err) {
      setState('error');
      showError(`${file.name}: ${errorText(err)}`, 'Could not open the project. ');
      return;
    }
  }
  bytes = null;
  await restoreProject(project.manifest, project.fileParts);
}

/**
 * Restores a project: the file (its bytes, or a list of pieces), then its history (undone steps
 * stay redo-able), rules, view.
 */
async function restoreProject(manifest, fileBytes) {
  const f = manifest.file;
  const file = new File(Array.isArray(fileBytes) ? fileBytes : [fileBytes], f.name, { type: f.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' });
  if (!(await openFile(file, f.sheet ?? null, f.options ?? {}))) return false;
  if (manifest.project_key) {
    try {
      setProjectKey(fromBase64(manifest.project_key));
    } catch {
      // a malformed key: the page makes a new one when one is needed
    }
  }
  const history = manifest.history ?? { steps: [], undone: 0 };
  const problems = [];
  if (history.steps.length) {
    selectTab('clean', false);
    // Runs of steps replay as recipes; a step that added columns computed elsewhere (orders,
    // segments) gets back the columns the project kept for it.
    const { plan, missing, kept } = replayPlan(history);
    for (const part of plan) {
      const r = part.recipe
        ? await cleanView.runRecipe(replayRecipe({ steps: part.recipe }), 'Restoring the project history')
        : await cleanView.restoreColumns(part.result.op, part.csv, 'Restoring the columns of a segment step');
      if (!r) return false;
    }
    if (missing) {
      const after = history.steps.length - kept - 1;
      problems.push(`step ${kept + 1} (${missing})${after ? ` and the ${plural(after, 'step')} after it` : ''}: the project does not hold the columns it added — run it again`);
    }
    const undone = Math.max(0, (history.undone ?? 0) - (history.steps.length - kept));
    for (let i = 0; i < undone; i++) await cleanView.undo();
    selectTab('data', false);
  }
  problems.push(...(await restoreViews(manifest.views ?? {})));
  document.body.dataset.projectRestored = String(history.steps.length);
  if (problems.length) setExportStatus(`Restored, except: ${problems.join('; ')}`);
  return true;
}

$('save-project').addEventListener('click', saveProjectFlow);

// ---- autosave (web/autosave.js) ----------------------------------------------------------------

const autosave = new Autosave({
  delayMs: Number(params.get('autosaveMs')) || 2000, // test hook: a shorter wait after a change
  onNotice: (text) => {
    $('autosave-notice').textContent = text;
    $('autosave-notice').hidden = false;
  },
  onSaved: (record) => {
    document.body.dataset.autosaved = String(record.manifest.history.steps.length);
  },
});
const autosaveState = async () => (await gatherManifest()).manifest;

function ago(iso) {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} minutes ago`;
  if (s < 129600) return `${Math.round(s / 3600)} hours ago`;
  return new Date(iso).toLocaleString();
}

async function offerRestore() {
  const p = await autosave.pending();
  if (!p || state.profile || state.busy) return;
  $('autosave-restore-text').textContent =
    `Restore your last work? ${p.name}, ${plural(p.steps, 'step')}, saved ${ago(p.savedAt)} (${fmtBytes(p.bytes)} stored, encrypted).`;
  $('autosave-restore').hidden = false;
}

async function listStored() {
  const { where, items } = await autosave.list();
  const total = items.reduce((n, b) => n + b.size, 0);
  $('autosave-list').replaceChildren(
    el('li', { text: items.length ? `${fmtBytes(total)} in ${where}: the file in ${plural(items.filter((b) => b.name.startsWith('file-')).length, 'encrypted piece')}${items.some((b) => b.name === 'state') ? ' and the work on it (steps, rules, view)' : ''}.` : 'Nothing is stored.' }),
  );
  $('autosave-delete').disabled = items.length === 0;
}

$('autosave-restore-button').addEventListener('click', async () => {
  $('autosave-restore').hidden = true;
  try {
    const { manifest, fileBytes } = await autosave.restore();
    await restoreProject(manifest, fileBytes);
  } catch (err) {
    setState('error');
    showError(errorText(err), 'Could not restore the last work. ');
  }
});
$('autosave-discard-button').addEventListener('click', async () => {
  $('autosave-restore').hidden = true;
  await autosave.discard();
  document.body.dataset.autosaveDiscarded = 'yes';
  listStored();
});
$('autosave-enabled').checked = Autosave.enabled();
$('autosave-enabled').addEventListener('change', async (e) => {
  await autosave.setEnabled(e.target.checked);
  if (e.target.checked && state.profile) autosave.fileOpened(state.file).then((ok) => ok && autosave.changed(autosaveState));
  listStored();
});
$('autosave-panel').addEventListener('toggle', () => $('autosave-panel').open && listStored());
$('autosave-delete').addEventListener('click', async () => {
  await autosave.discard();
  $('autosave-restore').hidden = true;
  listStored();
});
offerRestore();
$('project-input').addEventListener('change', (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (file) openProjectFile(file);
});

matchMedia('(prefers-color-scheme: dark)').addEventListener('change', refreshChartThemes);

client.ready.catch((err) => {
  state.engineError = err;
  setState('error');
  if (err.code === 'engine_unavailable') showEngineError(err);
  else showError(errorText(err), 'The workbench could not start its engine. ');
});
