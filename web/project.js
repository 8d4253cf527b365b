// Project files (.crmwb) in the page: the same byte format as the native crmwb (core/src/project,
// README "Project files"), with WebCrypto: PBKDF2-HMAC-SHA256 (600,000 iterations by default)
// makes an AES-256-GCM key. Container version 2 encrypts the payload in 256 KiB segments (the
// STREAM construction: a nonce per segment from the header nonce, the segment index and a
// last-segment flag; the 56-byte header and the index as associated data), several in flight at
// once; version 1 files (one AES-GCM message) still open. Works in a page, a worker and Node.

export const MAGIC = 'CRMWBPRJ';
export const HEADER_SIZE = 56;
/** The manifest's version ("crmwb_project"). */
export const FORMAT_VERSION = 1;
/** The newest container (header) version this code reads and writes. */
export const CONTAINER_VERSION = 2;
/** log2 of the plaintext bytes per segment written by default (256 KiB). */
export const DEFAULT_SEGMENT_SHIFT = 18;
/** Smallest log2 segment size a reader accepts (64 bytes; small segments are for tests). */
export const MIN_SEGMENT_SHIFT = 6;
/** Largest log2 segment size a reader accepts (64 MiB). */
export const MAX_SEGMENT_SHIFT = 26;
const TAG = 16;
/** Segments encrypted or decrypted at once (WebCrypto works on other threads). */
const IN_FLIGHT = 6;
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

/** The payload as its parts in order: [manifest length + manifest + file length, file bytes]. */
export function payloadParts(manifest, fileBytes) {
  const m = te.encode(JSON.stringify(manifest));
  const prefix = new Uint8Array(4 + m.length + 8);
  const dv = new DataView(prefix.buffer);
  dv.setUint32(0, m.length, true);
  prefix.set(m, 4);
  dv.setBigUint64(4 + m.length, BigInt(fileBytes.length), true);
  return [prefix, fileBytes];
}

/** The pieces joined into one Uint8Array. */
export function joinParts(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The payload: u32 LE manifest length, manifest JSON (UTF-8), u64 LE file length, file bytes. */
export function buildPayload(manifest, fileBytes) {
  return joinParts(payloadParts(manifest, fileBytes));
}

/** Bytes [start, end) of the parts joined: a view when they lie in one part, else a copy. */
function sliceParts(parts, start, end) {
  let at = 0;
  for (const p of parts) {
    if (start >= at && end <= at + p.length) return p.subarray(start - at, end - at);
    at += p.length;
  }
  const out = new Uint8Array(end - start);
  at = 0;
  for (const p of parts) {
    const lo = Math.max(start, at);
    const hi = Math.min(end, at + p.length);
    if (lo < hi) out.set(p.subarray(lo - at, hi - at), lo - start);
    at += p.length;
  }
  return out;
}

function bad(message) {
  throw new ProjectError('bad_project', message);
}

/**
 * Parses the start of a payload (manifest length, manifest, file length) once `head` holds it:
 * {manifest, fileLength, size} (size: the bytes before the file), or null while it is too short.
 */
export function parsePayloadHead(head) {
  if (head.length < 4) return null;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const m = dv.getUint32(0, true);
  if (m > MAX_MANIFEST) bad(`the project manifest claims ${m} bytes`);
  if (head.length < 4 + m + 8) return null;
  const f = dv.getBigUint64(4 + m, true);
  let manifest;
  try {
    manifest = JSON.parse(td.decode(head.subarray(4, 4 + m)));
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
  return { manifest, fileLength: f, size: 4 + m + 8 };
}

function fileLengthCheck(have, f) {
  if (BigInt(have) !== f) bad(`the project payload holds ${have} file bytes where its manifest part says ${f}`);
}

/** Parses payload bytes into {manifest, fileBytes} (fileBytes a view into `payload`). */
export function parsePayload(payload) {
  if (payload.length < 4) bad('the project payload is cut short before its manifest length');
  const head = parsePayloadHead(payload);
  if (!head) bad('the project payload is cut short inside its manifest');
  fileLengthCheck(payload.length - head.size, head.fileLength);
  return { manifest: head.manifest, fileBytes: payload.subarray(head.size) };
}

/** The 56 header bytes. */
export function headerBytes(h) {
  const out = new Uint8Array(HEADER_SIZE);
  const dv = new DataView(out.buffer);
  out.set(te.encode(MAGIC), 0);
  dv.setUint16(8, h.version ?? CONTAINER_VERSION, true);
  dv.setUint16(10, h.flags, true);
  out[12] = h.kdf;
  out[13] = h.cipher;
  out[14] = h.segmentShift ?? 0;
  out[15] = 0;
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
    segmentShift: bytes[14],
    payloadLength: Number(dv.getBigUint64(48, true)),
  };
  const reserved = bytes[15];
  h.encrypted = (h.flags & ENCRYPTED) !== 0;
  h.segmented = h.encrypted && h.version >= 2;
  if (h.version === 0 || h.version > CONTAINER_VERSION) {
    throw new ProjectError('newer_project', `the project file has format version ${h.version}; this crmwb reads up to ${CONTAINER_VERSION}: open it with a newer crmwb`);
  }
  // Version 1 has a reserved u16 at 14; version 2 keeps the segment size at 14 (encrypted only).
  const shiftOk = h.segmented ? h.segmentShift >= MIN_SEGMENT_SHIFT && h.segmentShift <= MAX_SEGMENT_SHIFT : h.segmentShift === 0;
  if ((h.flags & ~ENCRYPTED) !== 0 || reserved !== 0 || !shiftOk) {
    throw new ProjectError('newer_project', `the project file uses features this crmwb does not know (header flags ${h.flags}, segment size 2^${h.segmentShift}): open it with a newer crmwb`);
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
  if (h.encrypted && h.payloadLength < TAG) throw new ProjectError('truncated_project', 'the encrypted payload is shorter than its 16-byte tag');
  h.segments = segmentCount(h);
  if (h.segmented && h.segments > 1 && h.payloadLength - (h.segments - 1) * ((1 << h.segmentShift) + TAG) <= TAG) {
    throw new ProjectError('bad_project', `the project file's payload length (${h.payloadLength} bytes) does not fit its encrypted segments`);
  }
  h.plainLength = h.payloadLength - TAG * h.segments;
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

/** Encrypted segments of a header's payload: k = max(1, ceil(L / (S + 16))); 1 for version 1. */
function segmentCount(h) {
  if (!h.encrypted) return 0;
  if (!h.segmented) return 1;
  const c = (1 << h.segmentShift) + TAG;
  return h.payloadLength <= c ? 1 : Math.ceil(h.payloadLength / c);
}

/** Segment `index`'s nonce: the header nonce XOR (byte 0: `last`; bytes 4-11: index, big-endian). */
export function segmentNonce(nonce, index, last) {
  const n = Uint8Array.from(nonce);
  if (last) n[0] ^= 1;
  let i = BigInt(index);
  for (let b = 11; b >= 4; b--, i >>= 8n) n[b] ^= Number(i & 0xffn);
  return n;
}

/** Segment `index`'s associated data: the 56 header bytes, then the index as a u64 LE. */
function segmentAad(header, index) {
  const a = new Uint8Array(HEADER_SIZE + 8);
  a.set(header.subarray(0, HEADER_SIZE), 0);
  new DataView(a.buffer).setBigUint64(HEADER_SIZE, BigInt(index), true);
  return a;
}

/**
 * Runs task(i) for i in 0..count-1 with at most `limit` running, and hands each result to
 * done(i, result) in index order (while later ones still run). Rejects with the first error.
 */
async function inOrder(count, limit, task, done) {
  const running = new Map();
  let next = 0;
  const start = () => {
    while (next < count && running.size < limit) {
      const p = task(next);
      p.catch(() => {}); // handled when its turn comes
      running.set(next, p);
      next++;
    }
  };
  for (let i = 0; i < count; i++) {
    start();
    const r = await running.get(i);
    running.delete(i);
    start();
    await done(i, r);
  }
}

/**
 * A whole project file (Uint8Array) from {manifest, fileBytes}. With `passphrase` it is encrypted;
 * `salt`/`nonce`/`segmentShift` only for tests (random, 256 KiB otherwise). `onProgress(stage,
 * fraction)`: 'key', then 'encrypt' with the share of segments done.
 */
export async function saveProject(project, options = {}) {
  return joinParts(await saveProjectParts(project, options));
}

/**
 * The same file as saveProject, as its pieces in order (the header, then each sealed segment, or
 * the plain payload's parts): what the page hands to a Blob for the download, so the file is not
 * joined into one more large buffer first. Options as saveProject.
 */
export async function saveProjectParts({ manifest, fileBytes }, { passphrase = null, iterations = DEFAULT_ITERATIONS, salt, nonce, segmentShift = DEFAULT_SEGMENT_SHIFT, onProgress } = {}) {
  const parts = payloadParts(manifest, fileBytes);
  const plainLength = parts.reduce((n, p) => n + p.length, 0);
  if (passphrase == null) {
    const header = headerBytes({ flags: 0, kdf: 0, cipher: 0, iterations: 0, salt: new Uint8Array(16), nonce: new Uint8Array(12), payloadLength: plainLength });
    return [header, ...parts];
  }
  if (passphrase === '') throw new ProjectError('empty_passphrase', 'the passphrase is empty: choose one, or save without');
  if (!(iterations >= MIN_ITERATIONS && iterations <= MAX_ITERATIONS)) {
    throw new ProjectError('bad_project', `PBKDF2 iterations must be from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  if (!(segmentShift >= MIN_SEGMENT_SHIFT && segmentShift <= MAX_SEGMENT_SHIFT)) throw new RangeError('segmentShift out of range');
  salt = salt ?? crypto.getRandomValues(new Uint8Array(16));
  nonce = nonce ?? crypto.getRandomValues(new Uint8Array(12));
  const size = 2 ** segmentShift;
  const count = Math.max(1, Math.ceil(plainLength / size));
  const header = headerBytes({ flags: ENCRYPTED, kdf: 1, cipher: 1, iterations, salt, nonce, segmentShift, payloadLength: plainLength + TAG * count });
  onProgress?.('key');
  const key = await deriveKey(passphrase, salt, iterations);
  onProgress?.('encrypt', 0);
  const out = [header];
  await inOrder(
    count,
    IN_FLIGHT,
    (i) => crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: segmentNonce(nonce, i, i === count - 1), additionalData: segmentAad(header, i), tagLength: 128 },
      key,
      sliceParts(parts, i * size, Math.min(plainLength, (i + 1) * size)),
    ),
    (i, sealed) => {
      out.push(new Uint8Array(sealed));
      onProgress?.('encrypt', (i + 1) / count);
    },
  );
  return out;
}

function wrongPassphrase() {
  return new ProjectError('wrong_passphrase', 'cannot decrypt the project: the passphrase is wrong or the file was changed (its authentication tag does not match); nothing was loaded');
}

/**
 * Decrypts an encrypted project's payload segment by segment, several in flight, handing each
 * plaintext segment (Uint8Array) to `done(index, plain)` in order. Throws ProjectError:
 * wrong_passphrase (the first segment fails), changed_project (a later one fails).
 */
async function decryptSegments(bytes, header, passphrase, onProgress, done) {
  if (passphrase == null || passphrase === '') throw new ProjectError('passphrase_needed', 'the project is encrypted: give its passphrase');
  onProgress?.('key');
  const key = await deriveKey(passphrase, header.salt, header.iterations);
  onProgress?.('decrypt', 0);
  const head = bytes.subarray(0, HEADER_SIZE);
  const count = header.segments;
  const csize = header.segmented ? (1 << header.segmentShift) + TAG : header.payloadLength;
  await inOrder(
    count,
    IN_FLIGHT,
    async (i) => {
      const params = header.segmented
        ? { name: 'AES-GCM', iv: segmentNonce(header.nonce, i, i === count - 1), additionalData: segmentAad(head, i), tagLength: 128 }
        : { name: 'AES-GCM', iv: header.nonce, additionalData: head, tagLength: 128 };
      const at = HEADER_SIZE + i * csize;
      try {
        return await crypto.subtle.decrypt(params, key, bytes.subarray(at, Math.min(bytes.length, at + csize)));
      } catch {
        if (i === 0) throw wrongPassphrase();
        throw new ProjectError('changed_project', `cannot decrypt the project: part ${i + 1} of ${count} fails its authentication check, so the file was changed, cut or reassembled after it was saved; nothing was loaded`);
      }
    },
    (i, plain) => {
      onProgress?.('decrypt', (i + 1) / count);
      return done(i, new Uint8Array(plain));
    },
  );
}

/**
 * Reads a whole project file: {header, manifest, fileParts, fileBytes}. fileParts are the original
 * file's bytes as views into the decrypted segments (a File or Blob takes them without one more
 * joined copy); fileBytes joins them on first use. Throws ProjectError (codes as the native
 * reader: not_project, truncated_project, newer_project, bad_project, passphrase_needed,
 * wrong_passphrase, changed_project). Nothing is returned unless every check passed.
 */
export async function openProject(bytes, { passphrase = null, onProgress } = {}) {
  const header = readHeader(bytes);
  if (!header.encrypted) {
    const p = parsePayload(bytes.subarray(HEADER_SIZE));
    return { header, manifest: p.manifest, fileParts: [p.fileBytes], fileBytes: p.fileBytes };
  }
  const fileParts = [];
  const { manifest } = await openProjectStreaming(bytes, { passphrase, onProgress, begin() {}, chunk: (c) => fileParts.push(c) });
  let joined = null;
  return {
    header,
    manifest,
    fileParts,
    get fileBytes() {
      joined ??= joinParts(fileParts);
      return joined;
    },
  };
}

/**
 * Opens a project and streams the original file's bytes as they are decrypted, so the reader
 * (e.g. the engine's feed) works while later segments are still being decrypted:
 * `begin(manifest, fileLength)` once the manifest is read, `chunk(bytes)` for the file's bytes
 * in order. Resolves {header, manifest} only after every segment passed its check; when it
 * rejects (ProjectError as openProject), the caller must discard what chunk() received.
 */
export async function openProjectStreaming(bytes, { passphrase = null, onProgress, begin, chunk }) {
  const header = readHeader(bytes);
  let head = new Uint8Array(0);
  let parsed = null;
  let fed = 0;
  const take = async (seg) => {
    if (!parsed) {
      const joined = new Uint8Array(head.length + seg.length);
      joined.set(head, 0);
      joined.set(seg, head.length);
      parsed = parsePayloadHead(joined);
      if (!parsed) {
        head = joined;
        return;
      }
      head = null;
      await begin(parsed.manifest, Number(parsed.fileLength));
      seg = joined.subarray(parsed.size);
    }
    if (seg.length) {
      fed += seg.length;
      if (BigInt(fed) > parsed.fileLength) fileLengthCheck(fed, parsed.fileLength);
      await chunk(seg);
    }
  };
  if (!header.encrypted) {
    const body = bytes.subarray(HEADER_SIZE);
    for (let at = 0; at < body.length || at === 0; at += 1 << DEFAULT_SEGMENT_SHIFT) {
      await take(body.subarray(at, at + (1 << DEFAULT_SEGMENT_SHIFT)));
      if (!body.length) break;
    }
  } else {
    await decryptSegments(bytes, header, passphrase, onProgress, (i, seg) => take(seg));
  }
  if (!parsed) bad(head.length < 4 ? 'the project payload is cut short before its manifest length' : 'the project payload is cut short inside its manifest');
  fileLengthCheck(fed, parsed.fileLength);
  return { header, manifest: parsed.manifest };
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
