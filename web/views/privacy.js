// Personal data in the page (README "Personal data in the page"): the engine's marks
// (detectPersonalData) on the grid's column headers, the user's corrections to them (kept for the
// file and in project files), and the protect configuration the "Export protected…" dialog
// (views/privacy-dialog.js) builds from them: the same JSON `crmwb protect --config` reads.
import { projectKey } from '../project-key.js';

/** Kinds of personal data (core/include/crm/privacy.h), in the order the selects list them. */
export const KINDS = ['name', 'email', 'phone', 'address', 'postcode', 'birth_date', 'age', 'national_id', 'ip_address', 'free_text'];

const KIND_LABELS = {
  none: 'not personal', name: 'name', email: 'email', phone: 'phone', address: 'address',
  postcode: 'postcode', birth_date: 'birth date', age: 'age', national_id: 'national id',
  ip_address: 'IP address', free_text: 'free text',
};

/** A kind's words for people ("birth date"); "not personal" for none. */
export function kindLabel(kind) {
  return KIND_LABELS[kind] ?? kind;
}

/** The actions of a protected export, in the order the selects list them. */
export const ACTIONS = ['keep', 'drop', 'mask', 'pseudonymize', 'year', 'generalize'];

const ACTION_LABELS = {
  keep: 'keep as is', drop: 'drop the column', mask: 'mask', pseudonymize: 'pseudonymize (token)',
  year: 'year only', generalize: 'generalize',
};

/** An action's words for people. */
export function actionLabel(action) {
  return ACTION_LABELS[action] ?? action;
}

/** The action suggested for a kind of personal data. */
export function suggestedAction(kind) {
  switch (kind) {
    case 'email': return 'pseudonymize';
    case 'name': case 'phone': case 'ip_address': return 'mask';
    case 'address': case 'national_id': case 'free_text': return 'drop';
    case 'postcode': case 'age': return 'generalize';
    case 'birth_date': return 'year';
    default: return 'keep';
  }
}

/** Whether generalize takes a band of years (ages, birth dates) rather than leading digits. */
export function usesBand(kind) {
  return kind === 'age' || kind === 'birth_date';
}

/**
 * The personal-data marks of the open table. Detected marks come from the engine after a file
 * loads or a step changes the table; corrections (by column name) are the user's and win.
 */
export class PersonalData {
  /**
   * @param client the engine client (views/client.js)
   * @param onMarks (Map name → mark) → void: the marks changed (the grid redraws its badges)
   */
  constructor({ client, onMarks }) {
    this.client = client;
    this.onMarks = onMarks;
    this.columns = []; // the table's column names, in order
    this.detected = new Map(); // name → {kind, evidence}
    this.corrections = new Map(); // name → kind ('none': not personal)
    this.generation = 0;
  }

  /** A new file: no marks, no corrections. */
  reset() {
    this.generation++;
    this.columns = [];
    this.detected.clear();
    this.corrections.clear();
    this.onMarks(this.marks());
  }

  /** Asks the engine for the marks of the current version (after a load or a step). */
  async refresh(columnNames) {
    const generation = ++this.generation;
    this.columns = columnNames.slice();
    let found = [];
    try {
      found = await this.client.detectPersonalData();
    } catch (err) {
      found = []; // no marks rather than a broken page; the dialog still lets the user set them
    }
    if (generation !== this.generation) return; // a newer table came meanwhile
    this.detected = new Map(found.map((f) => [f.name, { kind: f.kind, evidence: f.evidence ?? '' }]));
    this.onMarks(this.marks());
  }

  /** The kind of a column as marked now ('none' when not personal). */
  kindOf(name) {
    return this.corrections.get(name) ?? this.detected.get(name)?.kind ?? 'none';
  }

  /** The kind the engine found for a column ('none' when none). */
  detectedKind(name) {
    return this.detected.get(name)?.kind ?? 'none';
  }

  /** Why the engine marked a column (its evidence), or ''. */
  evidenceOf(name) {
    return this.detected.get(name)?.evidence ?? '';
  }

  /** Whether the user changed this column's mark. */
  corrected(name) {
    return this.corrections.has(name);
  }

  /** Sets the user's mark of a column (a kind, 'none'; null: back to the detected one). */
  correct(name, kind) {
    if (kind === null || kind === this.detectedKind(name)) this.corrections.delete(name);
    else this.corrections.set(name, kind);
    this.onMarks(this.marks());
  }

  /** The marks shown: Map name → {kind, label, evidence, corrected} (personal columns only). */
  marks() {
    const out = new Map();
    for (const name of this.columns) {
      const kind = this.kindOf(name);
      if (kind === 'none') continue;
      const corrected = this.corrected(name);
      const evidence = corrected
        ? `marked ${kindLabel(kind)} by you${this.detected.has(name) ? ` (found: ${this.evidenceOf(name)})` : ''}`
        : this.evidenceOf(name);
      out.set(name, { kind, label: kindLabel(kind), evidence, corrected });
    }
    return out;
  }

  /** The corrections as JSON for the project file: {name: kind}. */
  save() {
    return this.corrections.size ? { corrections: Object.fromEntries(this.corrections) } : undefined;
  }

  /** Restores corrections from a project file (unknown kinds are ignored). */
  restore(state) {
    this.corrections.clear();
    for (const [name, kind] of Object.entries(state?.corrections ?? {})) {
      if (kind === 'none' || KINDS.includes(kind)) this.corrections.set(name, kind);
    }
    this.onMarks(this.marks());
  }
}

/**
 * The protect configuration ({crmwb_protect: 1, columns}) for per-column choices
 * ({name, action, digits?, band?}) and the marks: columns kept as they are are left out; a
 * corrected kind goes in "as" (how the engine reads the values; "none" for "not personal").
 */
export function protectConfig(choices, personal) {
  const columns = {};
  for (const c of choices) {
    if (c.action === 'keep') continue;
    const kind = personal.kindOf(c.name);
    const entry = { action: c.action };
    const reads = c.action !== 'drop';
    // A corrected mark says how to read the values; "none" too (the user said "not personal"
    // and still chose an action: the engine must not read them as the kind it detected).
    if (reads && personal.corrected(c.name)) entry.as = kind;
    if (c.action === 'generalize') {
      if (usesBand(kind)) entry.band = c.band;
      else entry.digits = c.digits;
    }
    columns[c.name] = Object.keys(entry).length === 1 ? c.action : entry;
  }
  return { crmwb_protect: 1, columns };
}

/** Whether a configuration pseudonymizes a column (it then needs the project key). */
export function needsKey(config) {
  return Object.values(config.columns).some((v) => (typeof v === 'string' ? v : v.action) === 'pseudonymize');
}

/** The project key as the key file the command line reads: 64 hex digits and a newline. */
export function keyFileText() {
  return Array.from(projectKey(), (b) => b.toString(16).padStart(2, '0')).join('') + '\n';
}

/**
 * Reads a key file's bytes like `crmwb protect --key-file`: exactly 32 raw bytes, or 64 hex digits
 * (trailing newline, carriage return or spaces allowed). Throws an Error saying what is wrong.
 */
export function parseKeyFile(bytes) {
  if (bytes.length === 32) return new Uint8Array(bytes);
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 10 || bytes[end - 1] === 13 || bytes[end - 1] === 32)) end--;
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end));
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    const key = new Uint8Array(32);
    for (let i = 0; i < 32; i++) key[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return key;
  }
  throw new Error(`A key file holds exactly 32 bytes or 64 hex digits; this one has ${bytes.length} bytes. ` +
    'Choose the file made by "Export project key…" or by crmwb protect --new-key-file.');
}

/** The first `max` records of CSV text (RFC 4180 quotes), as arrays of fields. */
export function csvHead(text, max) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < max; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (rows.length < max && (field !== '' || row.length)) rows.push([...row, field]);
  return rows;
}
