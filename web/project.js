// Project files (.crmwb) in the page: the same byte format as the native crmwb (core/src/project,
// README "Project files"), with WebCrypto: PBKDF2-HMAC-SHA256 (600,000 iterations by default)
// makes an AES-256-GCM key; the 56-byte header is the additional authenticated data. Works in a
// page, a worker and Node (globalThis.crypto).

export const MAGIC = 'CRMWBPRJ';
export const HEADER_SIZE = 56;
export const FORMAT_VERSION = 1;
export const DEFAULT_ITERATIONS = 600000;
export const MIN_ITERATIONS = 100000;
export const MAX_ITERATIONS = 10000000;
const ENCRYPTED = 1;
const MAX_MANIFEST = 256 * 1024 * 1024;

/** A project file that cannot be read: `code` as the native reader names it. */
export class ProjectError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

/** True when `bytes` start with the project magic. */
export function isProject(bytes) {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/** A new manifest for a file: name, size, load options (as beginLoad takes them), no history. */
export function newManifest(name, size, options = {}) {
  return {
    crmwb_project: FORMAT_VERSION,
    file: { name, size, options },
    history: { steps: [], undone: 0 },
    views: {},
    project_key: null,
  };
}

/** The payload: u32 LE manifest length, manifest JSON (UTF-8), u64 LE file length, file bytes. */
export function buildPayload(manifest, fileBytes) {
  const m = te.encode(JSON.stringify(manifest));
  const out = new Uint8Array(4 + m.length + 8 + fileBytes.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, m.length, true);
  out.set(m, 4);
  dv.setBigUint64(4 + m.length, BigInt(fileBytes.length), true);
  out.set(fileBytes, 4 + m.length + 8);
  return out;
}

function bad(message) {
  throw new ProjectError('bad_project', message);
}

/** Parses payload bytes into {manifest, fileBytes} (fileBytes a view into `payload`). */
export function parsePayload(payload) {
  if (payload.length < 4) bad('the project payload is cut short before its manifest length');
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const m = dv.getUint32(0, true);
  if (m > MAX_MANIFEST) bad(`the project manifest claims ${m} bytes`);
  if (payload.length < 4 + m + 8) bad('the project payload is cut short inside its manifest');
  const f = dv.getBigUint64(4 + m, true);
  const have = payload.length - (4 + m + 8);
  if (BigInt(have) !== f) bad(`the project payload holds ${have} file bytes where its manifest part says ${f}`);
  let manifest;
  try {
    manifest = JSON.parse(td.decode(payload.subarray(4, 4 + m)));
  } catch (err) {
    bad(`the project manifest is not valid JSON: ${err.message}`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) bad('the project manifest is not a JSON object');
  const v = manifest.crmwb_project;
  if (!Number.isInteger(v) || v < 0) bad('the project manifest lacks "crmwb_project": 1');
  if (v === 0 || v > FORMAT_VERSION) {
    throw new ProjectError('newer_project', `the project manifest has version ${v}; this crmwb reads up to ${FORMAT_VERSION}: open it with a newer crmwb`);
  }
  if (!manifest.file || typeof manifest.file.name !== 'string') bad('the project manifest lacks "file": {"name": ...}');
  const h = manifest.history;
  if (h != null) {
    if (typeof h !== 'object' || !Array.isArray(h.steps)) bad('the project manifest\'s history lacks "steps": [...]');
    if (h.undone !== undefined && (!Number.isInteger(h.undone) || h.undone < 0 || h.undone > h.steps.length)) {
      bad("the project manifest's history.undone is not a count of its steps");
    }
    if (h.results !== undefined && (!Array.isArray(h.results) || !h.results.every((r) => r && Number.isInteger(r.step) &&
      r.step >= 0 && r.step < h.steps.length && typeof r.csv === 'string'))) {
      bad('the project manifest\'s history.results holds an entry that is not {"step": a step\'s index, "csv": its columns}');
    }
  }
  return { manifest, fileBytes: payload.subarray(4 + m + 8) };
}

/** The 56 header bytes. */
export function headerBytes(h) {
  const out = new Uint8Array(HEADER_SIZE);
  const dv = new DataView(out.buffer);
  out.set(te.encode(MAGIC), 0);
  dv.setUint16(8, h.version ?? FORMAT_VERSION, true);
  dv.setUint16(10, h.flags, true);
  out[12] = h.kdf;
  out[13] = h.cipher;
  dv.setUint16(14, 0, true);
  dv.setUint32(16, h.iterations, true);
  out.set(h.salt, 20);
  out.set(h.nonce, 36);
  dv.setBigUint64(48, BigInt(h.payloadLength), true);
  return out;
}

/** Parses and checks the header of a whole project file; throws ProjectError. */
export function readHeader(bytes) {
  if (!isProject(bytes)) {
    const prefix = bytes.length < 8 && [...bytes].every((b, i) => b === MAGIC.charCodeAt(i));
    if (prefix) throw new ProjectError('truncated_project', `the project file is cut short (${bytes.length} bytes): copy the whole file again`);
    throw new ProjectError('not_project', 'not a crmwb project file (it does not start with CRMWBPRJ): open a .crmwb file saved by crmwb, or load a CSV/XLSX file as a file');
  }
  if (bytes.length < HEADER_SIZE) {
    throw new ProjectError('truncated_project', `the project file is cut short inside its header (${bytes.length} bytes): copy the whole file again`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  const h = {
    version: dv.getUint16(8, true),
    flags: dv.getUint16(10, true),
    kdf: bytes[12],
    cipher: bytes[13],
    iterations: dv.getUint32(16, true),
    salt: bytes.slice(20, 36),
    nonce: bytes.slice(36, 48),
    payloadLength: Number(dv.getBigUint64(48, true)),
  };
  const reserved = dv.getUint16(14, true);
  h.encrypted = (h.flags & ENCRYPTED) !== 0;
  if (h.version === 0 || h.version > FORMAT_VERSION) {
    throw new ProjectError('newer_project', `the project file has format version ${h.version}; this crmwb reads up to ${FORMAT_VERSION}: open it with a newer crmwb`);
  }
  if ((h.flags & ~ENCRYPTED) !== 0 || reserved !== 0) {
    throw new ProjectError('newer_project', `the project file uses features this crmwb does not know (header flags ${h.flags}): open it with a newer crmwb`);
  }
  if (h.encrypted ? h.kdf !== 1 || h.cipher !== 1 : h.kdf !== 0 || h.cipher !== 0 || h.iterations !== 0) {
    throw new ProjectError('newer_project', `the project file names a key derivation or cipher this crmwb does not know (kdf ${h.kdf}, cipher ${h.cipher}): open it with a newer crmwb`);
  }
  if (h.encrypted && (h.iterations < MIN_ITERATIONS || h.iterations > MAX_ITERATIONS)) {
    throw new ProjectError('bad_project', `the project file asks for ${h.iterations} PBKDF2 iterations; crmwb accepts ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  const have = bytes.length - HEADER_SIZE;
  if (have < h.payloadLength) {
    throw new ProjectError('truncated_project', `the project file is cut short: ${have} of ${h.payloadLength} payload bytes are there; copy the whole file again`);
  }
  if (have > h.payloadLength) {
    throw new ProjectError('bad_project', `the project file has ${have - h.payloadLength} bytes after its end: it was changed or joined with another file`);
  }
  if (h.encrypted && h.payloadLength < 16) throw new ProjectError('truncated_project', 'the encrypted payload is shorter than its 16-byte tag');
  return h;
}

/** The AES-256-GCM key of `passphrase` (UTF-8) by PBKDF2-HMAC-SHA256. */
export async function deriveKey(passphrase, salt, iterations) {
  const base = await crypto.subtle.importKey('raw', te.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * A whole project file (Uint8Array) from {manifest, fileBytes}. With `passphrase` it is encrypted;
 * `salt`/`nonce` only for tests (random otherwise). `onProgress(stage)`: 'key', 'encrypt'.
 */
export async function saveProject({ manifest, fileBytes }, { passphrase = null, iterations = DEFAULT_ITERATIONS, salt, nonce, onProgress } = {}) {
  const payload = buildPayload(manifest, fileBytes);
  if (passphrase == null) {
    const header = headerBytes({ flags: 0, kdf: 0, cipher: 0, iterations: 0, salt: new Uint8Array(16), nonce: new Uint8Array(12), payloadLength: payload.length });
    const out = new Uint8Array(HEADER_SIZE + payload.length);
    out.set(header, 0);
    out.set(payload, HEADER_SIZE);
    return out;
  }
  if (passphrase === '') throw new ProjectError('empty_passphrase', 'the passphrase is empty: choose one, or save without');
  if (!(iterations >= MIN_ITERATIONS && iterations <= MAX_ITERATIONS)) {
    throw new ProjectError('bad_project', `PBKDF2 iterations must be from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  salt = salt ?? crypto.getRandomValues(new Uint8Array(16));
  nonce = nonce ?? crypto.getRandomValues(new Uint8Array(12));
  const header = headerBytes({ flags: ENCRYPTED, kdf: 1, cipher: 1, iterations, salt, nonce, payloadLength: payload.length + 16 });
  onProgress?.('key');
  const key = await deriveKey(passphrase, salt, iterations);
  onProgress?.('encrypt');
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: header, tagLength: 128 }, key, payload));
  const out = new Uint8Array(HEADER_SIZE + sealed.length);
  out.set(header, 0);
  out.set(sealed, HEADER_SIZE);
  return out;
}

/**
 * Reads a whole project file: {header, manifest, fileBytes}. Throws ProjectError (codes as the
 * native reader: not_project, truncated_project, newer_project, bad_project, passphrase_needed,
 * wrong_passphrase). Nothing is returned unless every check passed.
 */
export async function openProject(bytes, { passphrase = null, onProgress } = {}) {
  const header = readHeader(bytes);
  const body = bytes.subarray(HEADER_SIZE);
  if (!header.encrypted) return { header, ...parsePayload(body) };
  if (passphrase == null || passphrase === '') throw new ProjectError('passphrase_needed', 'the project is encrypted: give its passphrase');
  onProgress?.('key');
  const key = await deriveKey(passphrase, header.salt, header.iterations);
  onProgress?.('decrypt');
  let plain;
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: header.nonce, additionalData: bytes.subarray(0, HEADER_SIZE), tagLength: 128 }, key, body));
  } catch {
    throw new ProjectError('wrong_passphrase', 'cannot decrypt the project: the passphrase is wrong or the file was changed (its authentication tag does not match); nothing was loaded');
  }
  return { header, ...parsePayload(plain) };
}

/** Base64 of bytes (the project key in the manifest). */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Bytes of base64 text. */
export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
