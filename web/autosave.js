// Autosave: the work kept in this browser's own storage so a closed tab or a crash loses nothing.
// The original file is stored once, in 4 MiB chunks, and the small state (history, rules, view
// settings, project key) after each step, a few seconds after the change. Everything is encrypted
// with AES-256-GCM under a non-extractable WebCrypto key kept in IndexedDB (it never leaves the
// browser; the stored bytes are ciphertext only). Blobs go to the Origin Private File System where
// the browser has it, else to IndexedDB. Every piece of work is awaited in small steps, so the page
// never waits on one long task.

const DB = 'crmwb-autosave';
const CHUNK = 4 << 20;
const SETTING = 'crmwb-autosave';
const te = new TextEncoder();
const td = new TextDecoder();

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb() {
  const r = indexedDB.open(DB, 1);
  r.onupgradeneeded = () => {
    r.result.createObjectStore('keys');
    r.result.createObjectStore('blobs');
  };
  return request(r);
}

async function tx(db, store, mode, fn) {
  const t = db.transaction(store, mode);
  const out = await request(fn(t.objectStore(store)));
  await new Promise((resolve, reject) => {
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('aborted'));
  });
  return out;
}

/** Blobs in IndexedDB. */
class IdbBlobs {
  constructor(db) {
    this.db = db;
    this.kind = 'IndexedDB';
  }
  put(name, bytes) {
    return tx(this.db, 'blobs', 'readwrite', (s) => s.put(bytes, name));
  }
  async get(name) {
    const v = await tx(this.db, 'blobs', 'readonly', (s) => s.get(name));
    return v ? new Uint8Array(v) : null;
  }
  del(name) {
    return tx(this.db, 'blobs', 'readwrite', (s) => s.delete(name));
  }
  async list() {
    const names = await tx(this.db, 'blobs', 'readonly', (s) => s.getAllKeys());
    const out = [];
    for (const n of names) out.push({ name: n, size: (await this.get(n))?.byteLength ?? 0 });
    return out;
  }
}

/** Blobs as files in the Origin Private File System. */
class OpfsBlobs {
  constructor(dir) {
    this.dir = dir;
    this.kind = 'the browser\'s private file system';
  }
  async put(name, bytes) {
    const h = await this.dir.getFileHandle(name, { create: true });
    const w = await h.createWritable();
    await w.write(bytes);
    await w.close();
  }
  async get(name) {
    try {
      const f = await (await this.dir.getFileHandle(name)).getFile();
      return new Uint8Array(await f.arrayBuffer());
    } catch (err) {
      if (err.name === 'NotFoundError') return null;
      throw err;
    }
  }
  async del(name) {
    try {
      await this.dir.removeEntry(name);
    } catch (err) {
      if (err.name !== 'NotFoundError') throw err;
    }
  }
  async list() {
    const out = [];
    for await (const [name, h] of this.dir.entries()) out.push({ name, size: (await h.getFile()).size });
    return out;
  }
}

/** Keeps and restores the work; every failure turns autosave off once with a notice. */
export class Autosave {
  /** onNotice(text): shown once when storage is unavailable or full. */
  constructor({ onNotice = () => {}, onSaved = () => {}, delayMs = 2000 } = {}) {
    this.onNotice = onNotice;
    this.onSaved = onSaved;
    this.delayMs = delayMs;
    this.failed = false;
    this.timer = null;
    this.fileReady = null;
    this.ready = null;
  }

  /** Whether the user allows autosave (a setting kept in localStorage). */
  static enabled() {
    try {
      return localStorage.getItem(SETTING) !== 'off';
    } catch {
      return false;
    }
  }

  /** Turns autosave on or off; off deletes what is stored. */
  async setEnabled(on) {
    try {
      localStorage.setItem(SETTING, on ? 'on' : 'off');
    } catch {
      // no localStorage: nothing can be kept anyway
    }
    if (!on) await this.discard();
  }

  async open() {
    if (!this.ready) {
      this.ready = (async () => {
        if (!globalThis.indexedDB || !globalThis.crypto?.subtle) throw new Error('no storage');
        const db = await openDb();
        const key = (await tx(db, 'keys', 'readonly', (s) => s.get('key'))) ?? null;
        let blobs = new IdbBlobs(db);
        try {
          const root = await navigator.storage?.getDirectory?.();
          if (root) {
            const dir = await root.getDirectoryHandle(DB, { create: true });
            const probe = await dir.getFileHandle('.probe', { create: true });
            if (probe.createWritable) {
              await dir.removeEntry('.probe');
              blobs = new OpfsBlobs(dir);
            }
          }
        } catch {
          // no OPFS (or no createWritable): IndexedDB
        }
        return { db, key, blobs };
      })();
    }
    return this.ready;
  }

  /** The key; made (and kept in IndexedDB) on the first write, never before. */
  async key(create) {
    const r = await this.open();
    if (!r.key && create) {
      r.key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await tx(r.db, 'keys', 'readwrite', (s) => s.put(r.key, 'key'));
    }
    if (!r.key) throw new Error('no autosave key');
    return r.key;
  }

  fail(err) {
    if (this.failed) return;
    this.failed = true;
    clearTimeout(this.timer);
    const full = err?.name === 'QuotaExceededError' || /quota/i.test(String(err?.message));
    this.onNotice(full
      ? 'Autosave stopped: this browser\'s storage for the page is full. Your work goes on; use “Save project…” to keep it.'
      : 'Autosave is not available in this window (private browsing or storage turned off). Your work goes on; use “Save project…” to keep it.');
  }

  async seal(name, bytes) {
    const key = await this.key(true);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(name) }, key, bytes));
    const out = new Uint8Array(12 + ct.length);
    out.set(iv, 0);
    out.set(ct, 12);
    return out;
  }

  async unseal(name, sealed) {
    const key = await this.key(false);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(0, 12), additionalData: te.encode(name) }, key, sealed.subarray(12)));
  }

  /** A file was opened: store it once (encrypted, in chunks), replacing earlier work. */
  fileOpened(file, meta) {
    if (!Autosave.enabled() || this.failed) return Promise.resolve(false);
    clearTimeout(this.timer);
    this.meta = meta;
    this.fileReady = (async () => {
      try {
        const { blobs } = await this.open();
        await this.discard({ keepKey: true });
        const chunks = Math.max(1, Math.ceil(file.size / CHUNK));
        for (let i = 0; i < chunks; i++) {
          const part = new Uint8Array(await file.slice(i * CHUNK, (i + 1) * CHUNK).arrayBuffer());
          await blobs.put(`file-${i}`, await this.seal(`file-${i}`, part));
        }
        this.chunks = chunks;
        return true;
      } catch (err) {
        this.fail(err);
        return false;
      }
    })();
    return this.fileReady;
  }

  /** The state changed: save it within delayMs (getState() -> manifest without the file). */
  changed(getState) {
    if (!Autosave.enabled() || this.failed || !this.fileReady) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(getState), this.delayMs);
  }

  /** Saves the state now (after the file is stored). Resolves true when saved. */
  async saveNow(getState) {
    clearTimeout(this.timer);
    if (!this.fileReady || !(await this.fileReady) || this.failed) return false;
    try {
      const manifest = await getState();
      const record = { manifest, chunks: this.chunks, savedAt: new Date().toISOString() };
      const { blobs } = await this.open();
      await blobs.put('state', await this.seal('state', te.encode(JSON.stringify(record))));
      this.onSaved(record);
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /** What a restore would bring back: {name, steps, savedAt, bytes} or null. */
  async pending() {
    try {
      if (!Autosave.enabled()) return null;
      const { blobs } = await this.open();
      const sealed = await blobs.get('state');
      if (!sealed) return null;
      const record = JSON.parse(td.decode(await this.unseal('state', sealed)));
      this.record = record;
      const h = record.manifest.history ?? { steps: [], undone: 0 };
      const bytes = (await blobs.list()).reduce((n, b) => n + b.size, 0);
      return { name: record.manifest.file.name, steps: h.steps.length - (h.undone ?? 0), savedAt: record.savedAt, bytes };
    } catch {
      return null; // unreadable (another browser profile's key, damaged): offered as nothing
    }
  }

  /** The stored work: {manifest, fileBytes}. */
  async restore() {
    const { blobs } = await this.open();
    const record = this.record ?? JSON.parse(td.decode(await this.unseal('state', await blobs.get('state'))));
    const parts = [];
    let total = 0;
    for (let i = 0; i < record.chunks; i++) {
      const p = await this.unseal(`file-${i}`, await blobs.get(`file-${i}`));
      parts.push(p);
      total += p.length;
    }
    const fileBytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      fileBytes.set(p, at);
      at += p.length;
    }
    return { manifest: record.manifest, fileBytes };
  }

  /** What is stored: [{name, size}] (ciphertext sizes) and where. */
  async list() {
    try {
      const { blobs } = await this.open();
      return { where: blobs.kind, items: await blobs.list() };
    } catch {
      return { where: 'nowhere (storage unavailable)', items: [] };
    }
  }

  /** Deletes the stored work (and, unless keepKey, the key). */
  async discard({ keepKey = false } = {}) {
    clearTimeout(this.timer);
    this.record = null;
    try {
      const { db, blobs } = await this.open();
      for (const b of await blobs.list()) await blobs.del(b.name);
      if (!keepKey) {
        await tx(db, 'keys', 'readwrite', (s) => s.delete('key'));
        (await this.open()).key = null;
      }
    } catch {
      // nothing stored, or storage unavailable
    }
    if (!keepKey) this.fileReady = null;
  }
}
