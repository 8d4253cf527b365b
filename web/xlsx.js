// Excel .xlsx import (a sheet to UTF-8 CSV for the engine) and export (a table to a minimal
// workbook), plus spreadsheet formula-injection neutralization. Plain ES module with no DOM: it
// runs in a Web Worker and in Node. Zip (de)compression is fflate, or for reading sheets, where
// asked for (option inflate), the runtime's DecompressionStream; the zip directory reader and
// the XML scanner are small and hand-rolled here, and work on bytes, so a sheet's XML is never
// held as one JavaScript string. sheetToCsv streams: the sheet part is inflated in pieces and
// converted as they come (a token cut at the end of a piece is carried into the next), so it
// holds the CSV being built (copied once into the result at the end), the shared strings and a
// few MB, never the whole sheet XML; values are copied to the CSV as bytes (shared strings are CSV-encoded once, up front) instead of as strings per cell.
//
// sheetToCsv: cells are placed by their references (C7), missing cells are empty fields, rows are
// padded to the widest row, empty rows before the first and after the last non-empty row are
// dropped (empty rows between are kept), columns keep their place (column A is the first field).
// Values: shared, inline and formula strings as text (phonetic runs left out, _xHHHH_ decoded);
// booleans TRUE/FALSE; errors as their text (#N/A); numbers exactly as stored, except numbers in
// a date/time format: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" when the format shows a time or the
// value has one, "HH:MM:SS" for a time-of-day format below 1, and "HH:MM:SS" with hours past 24
// for elapsed formats ([h]:mm:ss); the 1904 date system is honored. Formulas without a cached value
// are empty. Progress: onProgress(done, total, phase) in compressed bytes of the part being read:
// 'unzip' while the shared strings are read, 'parse' while the sheet is (ending with total, total).
// Option chunkBytes (tests) cuts the inflated pieces to at most that many bytes. Option pieces
// returns the CSV as a list of Uint8Arrays in order instead of one array, so that a caller that
// streams it on (the worker feeds the engine) never holds it twice.
//
// Steps: sheetToCsvSteps and writeXlsxSteps are generators that do a few ms of work per next()
// and return the result as their value; sheetToCsv and writeXlsx run them to the end. The worker
// drives them and yields to its message queue in between, so that a cancel is taken between two
// steps; dropping a generator drops everything its conversion held. With inflate 'native' the
// decompressor is asynchronous: a step may yield a promise, awaited by the driver (the worker's
// runSteps, or sheetToCsvAsync), and the token loops stop where the inflated bytes run out and go
// on from there (a token cut there is carried over as between any two pieces).
//
// writeXlsx options: columns (header names), rowCount, getRows(begin, end) → string[][] (data
// rows [begin, end), cells beyond the header's width are left out), sheetName ('Data'; cleaned to
// Excel's rules), types (per column {type, format} from the profile: integer, decimal, boolean,
// date and datetime values that convert exactly become number, boolean and date cells with a
// date format, by the rules of xlsx-types.js; without it, or for any other value, text),
// neutralize (true or false: every text cell and header that isFormulaRisk flags keeps its text
// and gets the cell style with quotePrefix="1", Excel's own "text, not a formula" mark, instead of
// the visible ' a CSV needs; text cells are inline strings, never formulas), onProgress(rowsDone,
// rowCount), batchRows (10,000). The header row is frozen (pane at A2) and carries an autofilter
// over the written range. Cells over 32,767 characters are cut and characters XML cannot hold
// are removed; both are counted in the warnings.
//
// Errors are Error objects with a `code`: not_xlsx, encrypted, corrupt, no_sheets, bad_sheet,
// too_large (zip bomb guard, or a CSV that would exceed the output limit), too_many_rows,
// too_many_columns.
import { Inflate, Zip, ZipDeflate } from 'fflate';
import { DATE_FORMATS, cellTypers } from './xlsx-types.js';

/** Largest declared uncompressed size of one workbook part that is accepted (1 GiB). */
export const MAX_PART_BYTES = 1 << 30;
/** Largest CSV that sheetToCsv produces (1 GiB). */
export const MAX_CSV_BYTES = 1 << 30;
/** Excel's limit on the rows of a sheet, header included. */
export const EXCEL_MAX_ROWS = 1048576;
/** Excel's limit on the columns of a sheet. */
export const EXCEL_MAX_COLUMNS = 16384;
/** Excel's limit on the characters in one cell. */
export const EXCEL_MAX_CELL_CHARS = 32767;

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function fail(code, message) {
  const err = new Error(message);
  err.code = code;
  return err;
}

// ---------------------------------------------------------------------------------------------
// Zip directory reading (fflate inflates; the central directory is read here so that sizes can be
// checked before anything is decompressed and the real output size enforced while inflating).

function u16(b, i) {
  return b[i] | (b[i + 1] << 8);
}
function u32(b, i) {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
}
function u64(b, i) {
  return u32(b, i) + u32(b, i + 4) * 0x100000000;
}

function corruptZip() {
  return fail('corrupt', 'this .xlsx file is damaged: its zip archive cannot be read');
}

/** Checks the file signature; throws not_xlsx / encrypted for files that are not zip archives. */
function checkSignature(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('expected the file as a Uint8Array');
  const b = bytes;
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw fail(
      'encrypted',
      'this workbook is password-protected or in the old .xls format; save it as .xlsx or CSV',
    );
  }
  if (b.length < 22 || b[0] !== 0x50 || b[1] !== 0x4b || (b[2] !== 3 && b[2] !== 5)) {
    throw fail('not_xlsx', 'this file is not an Excel .xlsx workbook (it is not a zip archive)');
  }
}

/** Reads the zip's central directory: a Map from lower-cased entry name to entry. */
function readZipDirectory(b) {
  let e = -1;
  for (let i = b.length - 22, stop = Math.max(0, b.length - 22 - 65535); i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) {
      e = i;
      break;
    }
  }
  if (e < 0) throw corruptZip();
  let count = u16(b, e + 10);
  let at = u32(b, e + 16);
  if ((count === 0xffff || at === 0xffffffff) && e >= 20 && u32(b, e - 20) === 0x07064b50) {
    const z = u64(b, e - 12); // zip64 end of central directory record
    if (z + 56 > b.length || u32(b, z) !== 0x06064b50) throw corruptZip();
    count = u64(b, z + 32);
    at = u64(b, z + 48);
  }
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || u32(b, at) !== 0x02014b50) throw corruptZip();
    const flags = u16(b, at + 8);
    const method = u16(b, at + 10);
    let csize = u32(b, at + 20);
    let usize = u32(b, at + 24);
    const nameLen = u16(b, at + 28);
    const extraLen = u16(b, at + 30);
    const commentLen = u16(b, at + 32);
    let local = u32(b, at + 42);
    const nameEnd = at + 46 + nameLen;
    if (nameEnd + extraLen > b.length) throw corruptZip();
    // zip64 extra field: the 64-bit values of those fields that are 0xFFFFFFFF, in this order.
    for (let x = nameEnd; x + 4 <= nameEnd + extraLen; ) {
      const id = u16(b, x);
      const len = u16(b, x + 2);
      if (id === 1) {
        let p = x + 4;
        if (usize === 0xffffffff) (usize = u64(b, p)), (p += 8);
        if (csize === 0xffffffff) (csize = u64(b, p)), (p += 8);
        if (local === 0xffffffff) local = u64(b, p);
      }
      x += 4 + len;
    }
    const name = utf8.decode(b.subarray(at + 46, nameEnd)).replace(/\\/g, '/').replace(/^\/+/, '');
    entries.set(name.toLowerCase(), { name, flags, method, csize, usize, local });
    at = nameEnd + extraLen + commentLen;
  }
  return entries;
}

/** Decompresses one whole entry, refusing parts declared larger than `limit` and parts that lie. */
function extract(b, entry, limit = MAX_PART_BYTES) {
  const reader = new PartReader(b, entry, { limit });
  if (entry.method === 0) return b.subarray(reader.start, reader.end);
  const out = new Uint8Array(entry.usize);
  let pos = 0;
  for (let c = reader.read(); c !== null; c = reader.read()) {
    out.set(c, pos);
    pos += c.length;
  }
  return pos === out.length ? out : out.subarray(0, pos);
}

/** Checks an entry before anything is decompressed; returns where its data lies in b. */
function partRange(b, entry, limit) {
  if (entry.flags & 1) {
    throw fail('encrypted', 'this workbook is password-protected; save it as .xlsx or CSV');
  }
  if (entry.usize > limit) {
    const gib = (entry.usize / (1 << 30)).toFixed(1);
    throw fail(
      'too_large',
      `"${entry.name}" would unpack to ${gib} GiB, more than the ${limit / (1 << 30)} GiB this ` +
        'tool accepts (it may be a zip bomb); save the sheet as CSV instead',
    );
  }
  const at = entry.local;
  if (at + 30 > b.length || u32(b, at) !== 0x04034b50) throw corruptZip();
  const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
  const end = start + entry.csize;
  if (end > b.length) throw corruptZip();
  if (entry.method === 0) {
    if (entry.csize !== entry.usize) throw corruptZip();
  } else if (entry.method !== 8) {
    throw fail('corrupt', `this .xlsx file uses an unsupported zip compression (${entry.method})`);
  }
  // DEFLATE cannot expand more than 1032 times: a larger declared size is damage, not data.
  if (entry.method === 8 && entry.usize > entry.csize * 1032 + 65536) throw corruptZip();
  return { start, end };
}

function partTooLarge(entry) {
  return fail(
    'too_large',
    `"${entry.name}" unpacks to more than its declared size (it may be a zip bomb); refused`,
  );
}

/** Compressed bytes inflated per step: at most about 64 KiB x 1032 of output at once. */
const INFLATE_PIECE = 1 << 16;
/**
 * Inflated bytes a NativePartReader keeps queued ahead of the reader (when the option aheadBytes
 * is not set): where the runtime inflates on another thread (Node's zlib), it works while the
 * sheet is parsed instead of in turns with it.
 */
const AHEAD_BYTES = 1 << 20;

/**
 * What a source's read() returns when its next piece must first be awaited (native inflate):
 * the scanner then reports TOK_MORE, and the step generator yields source.fill(), a promise its
 * driver awaits before the next step.
 */
const PENDING = Symbol('pending');

/**
 * One entry's data, decompressed piece by piece with fflate: read() returns the next piece (a
 * Uint8Array the caller may keep) or null at the end. `consumed` counts the compressed bytes used
 * so far, of `total`. The real output size is enforced as it grows (a part that unpacks to more
 * than it declares is refused after at most one piece). chunkBytes, when set, cuts the pieces
 * smaller (tests use it to put chunk boundaries everywhere).
 */
class PartReader {
  constructor(b, entry, { limit = MAX_PART_BYTES, chunkBytes = 0 } = {}) {
    const { start, end } = partRange(b, entry, limit);
    this.b = b;
    this.entry = entry;
    this.at = start;
    this.end = end;
    this.start = start;
    this.total = entry.csize;
    this.queue = [];
    this.out = 0;
    this.overflow = false;
    this.done = false;
    this.chunkBytes = chunkBytes > 0 ? chunkBytes : 0;
    this.cur = null;
    this.curAt = 0;
    this.inflate = entry.method === 8 ? new Inflate((chunk) => this.accept(chunk)) : null;
  }

  get consumed() {
    return this.at - this.start;
  }

  /** The next piece, null at the end, or PENDING (only a NativePartReader). */
  read() {
    for (;;) {
      if (this.cur !== null) {
        const c = this.cur;
        const i = this.curAt;
        const j = Math.min(c.length, i + this.chunkBytes);
        this.curAt = j;
        if (j === c.length) this.cur = null;
        return c.subarray(i, j);
      }
      if (this.queue.length) {
        const c = this.queue.shift();
        if (!this.chunkBytes || c.length <= this.chunkBytes) return c;
        this.cur = c;
        this.curAt = 0;
        continue;
      }
      if (this.done) return null;
      if (!this.step()) return PENDING;
    }
  }

  /** Queues a piece of output, unless the part would outgrow its declared size. */
  accept(chunk) {
    if (this.overflow || this.out + chunk.length > this.entry.usize) {
      this.overflow = true;
      return;
    }
    this.out += chunk.length;
    if (chunk.length) this.queue.push(chunk);
  }

  /** Consumes the next piece of compressed data; true (the output is there at once). */
  step() {
    const i = this.at;
    const j = Math.min(this.end, i + INFLATE_PIECE);
    const last = j === this.end;
    if (this.inflate === null) {
      if (j > i) this.queue.push(this.b.subarray(i, j));
    } else {
      try {
        this.inflate.push(this.b.subarray(i, j), last);
      } catch {
        throw corruptZip();
      }
      if (this.overflow) throw partTooLarge(this.entry);
    }
    this.at = j;
    if (last) this.done = true;
    return true;
  }

  /** Lets go of the decompressor (a conversion that ends early). */
  close() {}
}

/**
 * A deflated entry inflated by the runtime's DecompressionStream('deflate-raw') (several times
 * faster than fflate in browsers). Its output comes asynchronously: a pump reads it into the
 * queue while less than aheadBytes are queued; read() returns PENDING when nothing is queued yet,
 * and fill() is a promise (it never rejects) that settles once something is, or at the end. A
 * failure is thrown by the next read(), with the same errors as PartReader. The compressed bytes
 * go in INFLATE_PIECE at a time as the stream asks for them.
 */
class NativePartReader extends PartReader {
  constructor(b, entry, options = {}) {
    super(b, entry, options);
    this.inflate = null;
    this.aheadBytes = options.aheadBytes > 0 ? options.aheadBytes : AHEAD_BYTES;
    this.queued = 0; // inflated bytes queued and not yet read
    this.error = null;
    this.closed = false;
    this.pumping = false;
    this.wakePump = null; // resolves the pump's wait for room
    this.wakeReader = null; // resolves fill()
    const input = new ReadableStream(
      {
        pull: (controller) => {
          const i = this.at;
          const j = Math.min(this.end, i + INFLATE_PIECE);
          this.at = j;
          if (j > i) controller.enqueue(this.b.subarray(i, j));
          if (j === this.end) controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    this.reader = input.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  }

  read() {
    const c = super.read();
    if (c !== null && c !== PENDING) {
      this.queued -= c.length;
      if (this.wakePump && this.queued < this.aheadBytes) this.wake('wakePump');
    }
    return c;
  }

  step() {
    if (this.error) throw this.error;
    return false;
  }

  accept(chunk) {
    super.accept(chunk);
    if (!this.overflow) this.queued += chunk.length;
  }

  /** Resolves the wait in field `which` (wakePump or wakeReader), if any. */
  wake(which) {
    const resolve = this[which];
    this[which] = null;
    resolve?.();
  }

  /** Reads the decompressor's output into the queue, keeping about aheadBytes queued. */
  async pump() {
    try {
      while (!this.closed) {
        if (this.queued >= this.aheadBytes) {
          await new Promise((resolve) => (this.wakePump = resolve));
          continue;
        }
        const { done, value } = await this.reader.read();
        if (done) {
          this.done = true;
          break;
        }
        this.accept(value);
        if (this.overflow) {
          this.error = partTooLarge(this.entry);
          this.close();
        }
        this.wake('wakeReader');
      }
    } catch {
      if (!this.closed) this.error = corruptZip(); // a DecompressionStream's TypeError
    }
    this.wake('wakeReader');
  }

  fill() {
    if (this.error || this.done || this.queued > 0) return Promise.resolve();
    const ready = new Promise((resolve) => (this.wakeReader = resolve));
    if (!this.pumping) {
      this.pumping = true;
      this.pump();
    }
    return ready;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.wake('wakePump');
    this.reader.cancel().catch(() => {});
  }
}

let nativeInflateWorks = null;

/** True when the runtime has DecompressionStream with 'deflate-raw'. */
function hasNativeInflate() {
  if (nativeInflateWorks === null) {
    try {
      new DecompressionStream('deflate-raw'); // eslint-disable-line no-new
      nativeInflateWorks = true;
    } catch {
      nativeInflateWorks = false;
    }
  }
  return nativeInflateWorks;
}

/** Whether option inflate ('fflate', 'native' or 'auto') means the native decompressor. */
function useNativeInflate(inflate) {
  if (inflate === 'fflate') return false;
  if (inflate === 'auto') return hasNativeInflate();
  if (inflate !== 'native') {
    throw fail('bad_options', `inflate must be 'fflate', 'native' or 'auto', not ${inflate}`);
  }
  if (!hasNativeInflate()) {
    throw fail('bad_options', "inflate 'native' needs DecompressionStream('deflate-raw'), which is missing here");
  }
  return true;
}

/** The reader for a part: native inflate when asked for and the part is deflated. */
function partReader(b, entry, options) {
  return options.native && entry.method === 8
    ? new NativePartReader(b, entry, options)
    : new PartReader(b, entry, options);
}

// ---------------------------------------------------------------------------------------------
// XML scanning over UTF-8 bytes. Tokens: start tags (with `selfClosing`), end tags and text runs.
// Element names are reported without their namespace prefix. Comments, processing instructions
// and DOCTYPE are skipped; CDATA sections are text that is not entity-decoded.

const TOK_EOF = 0;
const TOK_OPEN = 1;
const TOK_CLOSE = 2;
const TOK_TEXT = 3;
const TOK_MORE = 4; // the source has no more bytes at hand yet (PENDING): fill it, then go on

const nameCache = new Map();

/** The string for name bytes b[i..j), after any "prefix:". */
function localName(b, i, j) {
  for (let k = i; k < j; k++) if (b[k] === 0x3a) i = k + 1;
  return nameString(b, i, j);
}

/** The string for name bytes b[i..j), interned: the frequent sheet names cost no allocation. */
function nameString(b, i, j) {
  const n = j - i;
  if (n <= 0) return '';
  const c = b[i];
  if (n === 1) {
    if (c === 0x63) return 'c';
    if (c === 0x76) return 'v';
    if (c === 0x74) return 't';
    if (c === 0x72) return 'r';
    if (c === 0x73) return 's';
    if (c === 0x66) return 'f';
  } else if (n === 3 && c === 0x72 && b[i + 1] === 0x6f && b[i + 2] === 0x77) {
    return 'row';
  }
  // A numeric key for other short names avoids a string allocation per tag.
  if (n <= 6) {
    let key = n;
    for (let k = i; k < j; k++) key = key * 256 + b[k];
    let s = nameCache.get(key);
    if (s === undefined) {
      s = utf8.decode(b.subarray(i, j));
      if (nameCache.size < 4096) nameCache.set(key, s);
    }
    return s;
  }
  return utf8.decode(b.subarray(i, j));
}

function isSpace(c) {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function indexOfSeq(b, seq, from, end) {
  const first = seq[0];
  for (let i = b.indexOf(first, from); i >= 0 && i + seq.length <= end; ) {
    let k = 1;
    while (k < seq.length && b[i + k] === seq[k]) k++;
    if (k === seq.length) return i;
    i = b.indexOf(first, i + 1);
  }
  return -1;
}

const SEQ_COMMENT_END = [0x2d, 0x2d, 0x3e]; // -->
const SEQ_PI_END = [0x3f, 0x3e]; // ?>
const SEQ_CDATA_END = [0x5d, 0x5d, 0x3e]; // ]]>
const ascii = (text) => Array.from(text, (ch) => ch.charCodeAt(0));
const SEQ_IS_T = ascii('<is><t>');
const SEQ_IS_T_PRESERVE = ascii('<is><t xml:space="preserve">');
const SEQ_V_C_END = ascii('</v></c>');
const SEQ_T_IS_C_END = ascii('</t></is></c>');

const CELL_OTHER = 0;
const CELL_INLINE = 1;
const CELL_VALUE = 2;

/** True when b holds the bytes seq from i. */
function startsWith(b, i, seq) {
  if (i + seq.length > b.length) return false;
  for (let k = 0; k < seq.length; k++) if (b[i + k] !== seq[k]) return false;
  return true;
}

class XmlScanner {
  /**
   * Scans a UTF-8 XML document: either all of its bytes (a UTF-16 one is converted first), or
   * (see openScanner) a source whose read() gives the next piece of them, null at the end or
   * PENDING, with its first pieces already read (`head`). With a source, only the unscanned rest
   * of the current piece and a token cut at its end are held: such a token is carried over and
   * scanned again once the next piece is there. When the source is PENDING, next() returns
   * TOK_MORE and has consumed nothing: call it again once the source is filled.
   */
  constructor(input, head = []) {
    this.src = null;
    this.waiting = false;
    let b = input;
    if (b instanceof Uint8Array) {
      if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
        b = encoder.encode(new TextDecoder(b[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(b));
      }
      this.buf = b;
    } else {
      this.src = input;
      const n = head.reduce((sum, c) => sum + c.length, 0);
      this.buf = new Uint8Array(Math.max(1 << 16, n));
      b = this.buf.subarray(0, n);
      let at = 0;
      for (const c of head) {
        b.set(c, at);
        at += c.length;
      }
    }
    this.b = b;
    this.pos = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    this.name = '';
    this.selfClosing = false;
    this.a0 = 0; // attributes region of the last start tag
    this.a1 = 0;
    this.t0 = 0; // text region of the last text token
    this.t1 = 0;
    this.cdata = false;
    this.n0 = 0; // the attribute found by nextAttr: name and value regions
    this.n1 = 0;
    this.v0 = 0;
    this.v1 = 0;
    this.cellCol = -1; // set by cellAttrs
    this.cellType = 'n';
    this.cellStyle = 0;
  }

  /**
   * Appends the source's next piece, first dropping the bytes before `from` (the start of the
   * token being scanned, which becomes position 0). False at the end of the source; true also
   * when the source is PENDING (then `waiting` is set and nothing changes).
   */
  more(from) {
    const src = this.src;
    if (src === null) return false;
    const chunk = src.read();
    if (chunk === null) {
      this.src = null;
      return false;
    }
    if (chunk === PENDING) {
      this.waiting = true; // next() returns TOK_MORE, the token unconsumed
      return true;
    }
    const old = this.b;
    const keep = old.length - from;
    let buf = this.buf;
    if (keep + chunk.length > buf.length) {
      buf = new Uint8Array(Math.max(buf.length * 2, keep + chunk.length));
      buf.set(old.subarray(from));
      this.buf = buf;
    } else if (keep > 0 && from > 0) {
      buf.copyWithin(0, from, old.length);
    }
    buf.set(chunk, keep);
    this.b = buf.subarray(0, keep + chunk.length);
    this.pos -= from;
    return true;
  }

  /** Advances to the next token; returns its kind (TOK_*). */
  next() {
    this.waiting = false;
    for (;;) {
      if (this.waiting) return TOK_MORE;
      // A token cut at the end of the bytes so far: `this.more(p)` brings the next piece (the
      // token then starts at 0) and the token is scanned again; at the end of the source, the
      // rest is taken as it is, as with a whole document.
      const b = this.b;
      const n = b.length;
      const p = this.pos;
      if (p >= n) {
        if (this.more(p)) continue;
        return TOK_EOF;
      }
      if (b[p] !== 0x3c) {
        let q = b.indexOf(0x3c, p);
        if (q < 0) {
          if (this.more(p)) continue;
          q = n;
        }
        this.t0 = p;
        this.t1 = q;
        this.cdata = false;
        this.pos = q;
        return TOK_TEXT;
      }
      if (p + 1 >= n && this.more(p)) continue;
      const c = b[p + 1];
      if (c === 0x2f) {
        // </name>
        const gt = b.indexOf(0x3e, p + 2);
        if (gt < 0 && this.more(p)) continue;
        let q = p + 2;
        while (q < n && b[q] !== 0x3e && !isSpace(b[q])) q++;
        this.name = localName(b, p + 2, q);
        this.pos = gt < 0 ? n : gt + 1;
        return TOK_CLOSE;
      }
      if (c === 0x3f) {
        const q = indexOfSeq(b, SEQ_PI_END, p + 2, n);
        if (q < 0 && this.more(p)) continue;
        this.pos = q < 0 ? n : q + 2;
        continue;
      }
      if (c === 0x21) {
        if (p + 9 > n && this.more(p)) continue;
        if (b[p + 2] === 0x2d && b[p + 3] === 0x2d) {
          const q = indexOfSeq(b, SEQ_COMMENT_END, p + 4, n);
          if (q < 0 && this.more(p)) continue;
          this.pos = q < 0 ? n : q + 3;
          continue;
        }
        if (b[p + 2] === 0x5b && b[p + 3] === 0x43) {
          // <![CDATA[ ... ]]>
          const q = indexOfSeq(b, SEQ_CDATA_END, p + 9, n);
          if (q < 0 && this.more(p)) continue;
          this.t0 = p + 9;
          this.t1 = q < 0 ? n : q;
          this.cdata = true;
          this.pos = q < 0 ? n : q + 3;
          return TOK_TEXT;
        }
        // <!DOCTYPE ...> possibly with an internal subset [...]
        let q = p + 2;
        let depth = 0;
        while (q < n && (b[q] !== 0x3e || depth > 0)) {
          if (b[q] === 0x5b) depth++;
          else if (b[q] === 0x5d) depth--;
          q++;
        }
        if (q >= n && this.more(p)) continue;
        this.pos = q + 1;
        continue;
      }
      // <name attr="v" ...> or <name .../>
      let q = p + 1;
      while (q < n && b[q] !== 0x3e && b[q] !== 0x2f && !isSpace(b[q])) q++;
      const nameEnd = q;
      let quote = 0;
      while (q < n) {
        const ch = b[q];
        if (quote) {
          if (ch === quote) quote = 0;
        } else if (ch === 0x22 || ch === 0x27) quote = ch;
        else if (ch === 0x3e) break;
        q++;
      }
      if (q >= n && this.more(p)) continue;
      this.name = localName(b, p + 1, nameEnd);
      this.a0 = nameEnd;
      this.selfClosing = q > this.a0 && b[q - 1] === 0x2f;
      this.a1 = this.selfClosing ? q - 1 : q;
      this.pos = q + 1;
      return TOK_OPEN;
    }
  }

  /**
   * Finds the next attribute of the last start tag from byte i: sets n0..n1 (its qualified name)
   * and v0..v1 (its raw value) and returns where to go on, or -1 when there are no more.
   */
  nextAttr(i) {
    const b = this.b;
    const end = this.a1;
    while (i < end) {
      while (i < end && isSpace(b[i])) i++;
      const n0 = i;
      while (i < end && b[i] !== 0x3d && !isSpace(b[i])) i++;
      const n1 = i;
      while (i < end && isSpace(b[i])) i++;
      if (b[i] !== 0x3d || n1 === n0) {
        i++;
        continue;
      }
      i++;
      while (i < end && isSpace(b[i])) i++;
      const quote = b[i];
      if (quote !== 0x22 && quote !== 0x27) continue;
      let v1 = b.indexOf(quote, i + 1);
      if (v1 < 0 || v1 > end) v1 = end;
      this.n0 = n0;
      this.n1 = n1;
      this.v0 = i + 1;
      this.v1 = v1;
      return v1 + 1;
    }
    return -1;
  }

  /** The last start tag's attributes as {qualifiedName: decodedValue}. */
  attrs() {
    const out = Object.create(null);
    for (let i = this.nextAttr(this.a0); i >= 0; i = this.nextAttr(i)) {
      const value = decodeEntities(decodeBytes(this.b, this.v0, this.v1));
      out[nameString(this.b, this.n0, this.n1)] = value;
    }
    return out;
  }

  /**
   * The r, t and s attributes of a <c> start tag without allocating: sets cellCol (0-based, -1
   * when r is absent or bad), cellType (a string) and cellStyle (an integer, 0 when absent).
   */
  cellAttrs() {
    const b = this.b;
    this.cellCol = -1;
    this.cellType = 'n';
    this.cellStyle = 0;
    for (let i = this.nextAttr(this.a0); i >= 0; i = this.nextAttr(i)) {
      if (this.n1 - this.n0 !== 1) continue;
      const name = b[this.n0];
      const v0 = this.v0;
      const v1 = this.v1;
      if (name === 0x72) {
        // r="C7": the letters give the column
        let col = 0;
        let k = v0;
        for (; k < v1 && k - v0 < 4; k++) {
          const c = b[k] | 0x20;
          if (c < 0x61 || c > 0x7a) break;
          col = col * 26 + (c - 0x60);
        }
        this.cellCol = k === v0 || col > EXCEL_MAX_COLUMNS ? -1 : col - 1;
      } else if (name === 0x74) {
        this.cellType = v1 - v0 <= 6 ? nameString(b, v0, v1) : isInlineStr(b, v0, v1) ? 'inlineStr' : decodeBytes(b, v0, v1);
      } else if (name === 0x73) {
        this.cellStyle = parseDigits(b, v0, v1);
      }
    }
  }

  /**
   * After a <c> start tag: the cell's content when it is, exactly and all in the bytes at hand,
   * <is><t>text</t></is></c> (also <t xml:space="preserve">) or <v>text</v></c> (the usual
   * forms). Returns CELL_INLINE or CELL_VALUE with the text as the current text token and the
   * scanner past </c>, or CELL_OTHER (nothing consumed): then the tokens are read one by one,
   * to the same effect.
   */
  cellBody() {
    const b = this.b;
    const n = b.length;
    const p = this.pos;
    if (p + 8 > n || b[p] !== 0x3c) return CELL_OTHER;
    let kind;
    let t0;
    if (b[p + 1] === 0x76 && b[p + 2] === 0x3e) {
      kind = CELL_VALUE; // <v>
      t0 = p + 3;
    } else if (startsWith(b, p, SEQ_IS_T)) {
      kind = CELL_INLINE;
      t0 = p + SEQ_IS_T.length;
    } else if (startsWith(b, p, SEQ_IS_T_PRESERVE)) {
      kind = CELL_INLINE;
      t0 = p + SEQ_IS_T_PRESERVE.length;
    } else {
      return CELL_OTHER;
    }
    const t1 = b.indexOf(0x3c, t0);
    if (t1 < 0) return CELL_OTHER;
    const tail = kind === CELL_VALUE ? SEQ_V_C_END : SEQ_T_IS_C_END;
    if (!startsWith(b, t1, tail)) return CELL_OTHER;
    this.t0 = t0;
    this.t1 = t1;
    this.cdata = false;
    this.pos = t1 + tail.length;
    return kind;
  }

  /** The r attribute of the last start tag as a positive integer; NaN when absent or bad. */
  rowNumber() {
    for (let i = this.nextAttr(this.a0); i >= 0; i = this.nextAttr(i)) {
      if (this.n1 - this.n0 === 1 && this.b[this.n0] === 0x72) {
        const n = parseDigits(this.b, this.v0, this.v1);
        return n > 0 ? n : NaN;
      }
    }
    return NaN;
  }

  /** The last text token, entity-decoded, with XML line-end normalization. */
  text() {
    const s = decodeBytes(this.b, this.t0, this.t1);
    if (this.cdata) return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
    return decodeText(s);
  }
}

const INLINE_STR = [0x69, 0x6e, 0x6c, 0x69, 0x6e, 0x65, 0x53, 0x74, 0x72];

/** True when b[i..j) is "inlineStr". */
function isInlineStr(b, i, j) {
  if (j - i !== 9) return false;
  for (let k = 0; k < 9; k++) if (b[i + k] !== INLINE_STR[k]) return false;
  return true;
}

/** The unsigned integer in b[i..j) (surrounding spaces allowed); 0 when there is none. */
function parseDigits(b, i, j) {
  while (i < j && isSpace(b[i])) i++;
  while (j > i && isSpace(b[j - 1])) j--;
  let n = 0;
  for (let k = i; k < j; k++) {
    const d = b[k] - 0x30;
    if (d < 0 || d > 9 || n > 1e9) return 0;
    n = n * 10 + d;
  }
  return n;
}

/** Decodes b[i..j) as UTF-8, with a fast path for short ASCII runs. */
function decodeBytes(b, i, j) {
  if (j - i <= 24) {
    let s = '';
    for (let k = i; k < j; k++) {
      const c = b[k];
      if (c >= 0x80) return utf8.decode(b.subarray(i, j));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b.subarray(i, j));
}

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces the five XML entities and numeric character references; unknown ones stay as-is. */
function decodeEntities(s) {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e) => {
    if (e[0] !== '#') return NAMED_ENTITIES[e] ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** Text content: CR LF and lone CR become LF (as any XML parser does), then entities. */
function decodeText(s) {
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  return decodeEntities(s);
}

/** Excel's _xHHHH_ escapes in strings (_x000D_ is CR; _x005F_ is a literal underscore). */
function decodeXstring(s) {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
}

// ---------------------------------------------------------------------------------------------
// Workbook structure.

/** Resolves a relationship target against the part that owns the relationships. */
function resolveTarget(ownerPath, target) {
  const t = target.replace(/\\/g, '/');
  const parts = t.startsWith('/') ? [] : ownerPath.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The .rels file of a part: dir/_rels/name.rels. */
function relsPath(partPath) {
  const i = partPath.lastIndexOf('/');
  return `${partPath.slice(0, i + 1)}_rels/${partPath.slice(i + 1)}.rels`;
}

/** Parses a .rels part into [{id, type, target}] (targets resolved; external ones skipped). */
function parseRels(bytes, ownerPath) {
  const out = [];
  if (!bytes) return out;
  const sc = new XmlScanner(bytes);
  for (let tok = sc.next(); tok !== TOK_EOF; tok = sc.next()) {
    if (tok !== TOK_OPEN || sc.name !== 'Relationship') continue;
    const a = sc.attrs();
    if ((a.TargetMode ?? '').toLowerCase() === 'external' || !a.Target) continue;
    out.push({ id: a.Id ?? '', type: a.Type ?? '', target: resolveTarget(ownerPath, a.Target) });
  }
  return out;
}

/** The value of a prefixed attribute with this local name (r:id, whatever the prefix). */
function prefixedAttr(a, local) {
  for (const k of Object.keys(a)) if (k.endsWith(`:${local}`)) return a[k];
  return undefined;
}

/** Opens a workbook: its zip directory, workbook part, sheets and related part paths. */
function openWorkbook(bytes) {
  checkSignature(bytes);
  const dir = readZipDirectory(bytes);
  const get = (path) => {
    const e = dir.get(path.toLowerCase());
    return e ? extract(bytes, e) : null;
  };
  // The main part is the officeDocument relationship of the package; usually xl/workbook.xml.
  let wbPath = 'xl/workbook.xml';
  for (const r of parseRels(get('_rels/.rels'), '')) {
    if (r.type.endsWith('/officeDocument') && dir.has(r.target.toLowerCase())) wbPath = r.target;
  }
  const wbBytes = get(wbPath);
  if (!wbBytes) {
    if (dir.has('xl/workbook.bin')) {
      throw fail('not_xlsx', 'this is a binary .xlsb workbook; save it as .xlsx or CSV');
    }
    const mimeEntry = dir.get('mimetype');
    const mime = mimeEntry && mimeEntry.usize <= 1024 ? extract(bytes, mimeEntry) : null;
    if (mime && utf8.decode(mime).includes('opendocument')) {
      throw fail('not_xlsx', 'this is an OpenDocument file (.ods); save it as .xlsx or CSV');
    }
    if (dir.has('[content_types].xml')) {
      throw fail('corrupt', 'this .xlsx file is damaged: it has no workbook part');
    }
    throw fail('not_xlsx', 'this file is not an Excel .xlsx workbook (it is another kind of zip)');
  }
  const rels = parseRels(get(relsPath(wbPath)), wbPath);
  const relById = new Map(rels.map((r) => [r.id, r]));
  const relOfType = (suffix) => rels.find((r) => r.type.toLowerCase().endsWith(suffix));

  const sheets = [];
  let date1904 = false;
  const sc = new XmlScanner(wbBytes);
  for (let tok = sc.next(); tok !== TOK_EOF; tok = sc.next()) {
    if (tok !== TOK_OPEN) continue;
    if (sc.name === 'workbookPr') {
      const v = (sc.attrs().date1904 ?? '').toLowerCase();
      date1904 = v === '1' || v === 'true';
    } else if (sc.name === 'sheet') {
      const a = sc.attrs();
      const rel = relById.get(prefixedAttr(a, 'id') ?? a.id ?? '');
      const type = rel ? rel.type.slice(rel.type.lastIndexOf('/') + 1).toLowerCase() : '';
      sheets.push({
        name: a.name ?? `Sheet${sheets.length + 1}`,
        index: sheets.length,
        hidden: a.state === 'hidden' || a.state === 'veryHidden',
        kind: type === 'worksheet' ? 'worksheet' : type === 'chartsheet' ? 'chartsheet' : 'other',
        path: rel ? rel.target : null,
      });
    }
  }
  const sst = relOfType('/sharedstrings');
  const styles = relOfType('/styles');
  return {
    dir,
    bytes,
    sheets,
    date1904,
    sharedStringsPath: sst ? sst.target : 'xl/sharedStrings.xml',
    stylesPath: styles ? styles.target : 'xl/styles.xml',
  };
}

/** The sheets in tab order: [{name, index, hidden, kind: 'worksheet'|'chartsheet'|'other'}]. */
export function listSheets(bytes) {
  return openWorkbook(bytes).sheets.map(({ name, index, hidden, kind }) => ({
    name,
    index,
    hidden,
    kind,
  }));
}

// ---------------------------------------------------------------------------------------------
// Styles and dates.

const DATE_NONE = 0;
const DATE_DATE = 1; // a date; the time is shown when the value has one
const DATE_DATETIME = 2; // a date with a time part
const DATE_TIME = 3; // a time of day (a date too when the value is 1 or more)
const DATE_ELAPSED = 4; // [h]:mm:ss durations
const DATE_AUTO = 5; // locale-specific built-ins: a time below 1, a date from 1 on

/** Classifies built-in number format ids. */
function builtinDateKind(id) {
  if (id >= 14 && id <= 17) return DATE_DATE;
  if (id >= 18 && id <= 21) return DATE_TIME;
  if (id === 22) return DATE_DATETIME;
  if (id === 45 || id === 47) return DATE_TIME;
  if (id === 46) return DATE_ELAPSED;
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return DATE_AUTO; // CJK date/time ids
  return DATE_NONE;
}

/** Classifies a custom format code by its d/m/y/h/s tokens outside quotes, brackets, escapes. */
function formatDateKind(code) {
  const section = String(code).split(';')[0];
  if (/\[(h+|m+|s+)\]/i.test(section)) return DATE_ELAPSED;
  const s = section.replace(/"[^"]*"?|\[[^\]]*\]?|[\\_*]./g, '');
  const yd = /[yd]/i.test(s);
  const hs = /[hs]/i.test(s);
  if (hs) return yd ? DATE_DATETIME : DATE_TIME; // with h or s, an "m" is minutes
  if (yd || /m/i.test(s)) return DATE_DATE;
  return DATE_NONE;
}

/** Reads styles.xml: for each cellXfs entry, its date kind. */
function readDateStyles(bytes) {
  const kinds = [];
  if (!bytes) return kinds;
  const custom = new Map();
  const sc = new XmlScanner(bytes);
  let inCellXfs = false;
  for (let tok = sc.next(); tok !== TOK_EOF; tok = sc.next()) {
    if (tok === TOK_OPEN) {
      if (sc.name === 'numFmt') {
        const a = sc.attrs();
        custom.set(Number(a.numFmtId), a.formatCode ?? '');
      } else if (sc.name === 'cellXfs') {
        inCellXfs = !sc.selfClosing;
      } else if (sc.name === 'xf' && inCellXfs) {
        const id = Number(sc.attrs().numFmtId ?? 0);
        kinds.push(custom.has(id) ? formatDateKind(custom.get(id)) : builtinDateKind(id));
      }
    } else if (tok === TOK_CLOSE && sc.name === 'cellXfs') {
      inCellXfs = false;
    }
  }
  return kinds;
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;

/** "HH:MM:SS" for a number of seconds (hours not wrapped at 24). */
function hoursMinutesSeconds(secs) {
  return `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
}

/** Formats a serial date number of the given kind; null when it is out of range. */
function serialToIso(value, kind, date1904 = false) {
  if (!Number.isFinite(value) || value < 0 || value > 2958465.99999) return null;
  const total = Math.round(value * 86400);
  let days = Math.floor(total / 86400);
  const secs = total - days * 86400;
  const hms = hoursMinutesSeconds(secs);
  if (kind === DATE_ELAPSED) return hoursMinutesSeconds(total); // hours may exceed 24
  if ((kind === DATE_TIME || kind === DATE_AUTO) && days === 0) return hms;
  let ymd;
  if (date1904) {
    ymd = ymdFromEpoch(Date.UTC(1904, 0, 1), days);
  } else if (days === 60) {
    ymd = '1900-02-29'; // Excel's (Lotus's) nonexistent leap day
  } else {
    if (days < 60) days += 1; // serial 1 is 1900-01-01; from 61 on, the epoch is 1899-12-30
    ymd = ymdFromEpoch(Date.UTC(1899, 11, 30), days);
  }
  const withTime = kind === DATE_DATETIME || kind === DATE_TIME || secs !== 0;
  return withTime ? `${ymd}T${hms}` : ymd;
}

function ymdFromEpoch(epochMs, days) {
  const d = new Date(epochMs + days * 86400000);
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

// ---------------------------------------------------------------------------------------------
// Sheet to CSV.

// Values are gathered as bytes and copied to the CSV as they are whenever that gives the same
// result as decoding them (no entity, no CR, no _x escape where one applies): no string per cell.

const F_QUOTE = 1; // has " , or LF: the CSV field needs quotes
const F_UNDERSCORE = 2; // has _: may hold an _xHHHH_ escape
const F_HIGH = 4; // has bytes from 0x80: to be checked as UTF-8 before being copied

/** True when b[i..j) is well-formed UTF-8 (what TextDecoder decodes without U+FFFD). */
function isUtf8(b, i, j) {
  while (i < j) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return false;
    if (i + n >= j) return false;
    const d = b[i + 1];
    if (d < lo || d > hi) return false;
    for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    i += n + 1;
  }
  return true;
}

/** The text of an element (its text tokens) as UTF-8 bytes, or as a string once decoding is needed. */
class TextAcc {
  constructor() {
    this.buf = new Uint8Array(256);
    this.len = 0;
    this.str = null; // the decoded text, once a token needed decoding (entities, CR, CDATA)
    this.flags = 0;
  }

  reset() {
    this.len = 0;
    this.str = null;
    this.flags = 0;
  }

  /** Appends the scanner's current text token. */
  add(sc) {
    if (this.str !== null) {
      this.str += sc.text();
      return;
    }
    const b = sc.b;
    const t0 = sc.t0;
    const t1 = sc.t1;
    if (this.len + (t1 - t0) > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + (t1 - t0)));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    const out = this.buf;
    let k = this.len;
    let flags = this.flags;
    for (let i = t0; i < t1; i++) {
      const c = b[i];
      if (c <= 0x2c) {
        if (c === 0x26 || c === 0x0d) {
          // An entity or a CR (also in CDATA, where & is literal): decoded from here on.
          this.str = utf8.decode(out.subarray(0, this.len)) + sc.text();
          return;
        }
        if (c === 0x22 || c === 0x2c || c === 0x0a) flags |= F_QUOTE;
      } else if (c === 0x5f) {
        flags |= F_UNDERSCORE;
      } else if (c >= 0x80) {
        flags |= F_HIGH;
      }
      out[k++] = c;
    }
    this.len = k;
    this.flags = flags;
  }

  /** The text as a string. */
  string() {
    return this.str !== null ? this.str : decodeBytes(this.buf, 0, this.len);
  }
}

/**
 * Collects the text of a string item (<si> or <is>) into an accumulator: its <t> elements, not
 * phonetic runs. Resumable: run() stops where the scanner waits for input (TOK_MORE).
 */
class StringItemReader {
  /** Starts an item whose start tag was just read; its text goes to acc. */
  begin(endName, acc) {
    acc.reset();
    this.endName = endName;
    this.acc = acc;
    this.inT = false;
    this.phonetic = 0;
  }

  /** Reads on: true at the item's end (or the document's), false when the scanner waits. */
  run(sc) {
    for (;;) {
      const tok = sc.next();
      if (tok === TOK_EOF) return true;
      if (tok === TOK_MORE) return false;
      if (tok === TOK_TEXT) {
        if (this.inT && !this.phonetic) this.acc.add(sc);
      } else if (tok === TOK_OPEN) {
        if (sc.name === 'rPh') this.phonetic += sc.selfClosing ? 0 : 1;
        else if (sc.name === 't' && !sc.selfClosing) this.inT = true;
      } else {
        if (sc.name === 't') this.inT = false;
        else if (sc.name === 'rPh') this.phonetic = Math.max(0, this.phonetic - 1);
        else if (sc.name === this.endName) return true;
      }
    }
  }
}

/** A growable byte buffer. */
class Bytes {
  constructor(size) {
    this.buf = new Uint8Array(size);
    this.len = 0;
  }

  /** Makes room for n more bytes; returns the buffer. */
  room(n) {
    if (this.len + n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    return this.buf;
  }

  /** Appends bytes src[i..j) as one CSV field (quoted, " doubled, when quote is true). */
  field(src, i, j, quote) {
    if (!quote) {
      const out = this.room(j - i);
      let k = this.len;
      if (j - i > 64) {
        out.set(src.subarray(i, j), k);
        k += j - i;
      } else {
        for (let x = i; x < j; x++) out[k++] = src[x];
      }
      this.len = k;
      return;
    }
    const out = this.room(2 * (j - i) + 2);
    let k = this.len;
    out[k++] = 0x22;
    for (let x = i; x < j; x++) {
      const c = src[x];
      out[k++] = c;
      if (c === 0x22) out[k++] = 0x22;
    }
    out[k++] = 0x22;
    this.len = k;
  }

  /** Appends a string as one CSV field. */
  text(s) {
    const f = csvField(s);
    const out = this.room(f.length * 3);
    this.len = putUtf8(out, this.len, f);
  }

  /** Appends n commas. */
  commas(n) {
    const out = this.room(n);
    out.fill(0x2c, this.len, this.len + n);
    this.len += n;
  }
}

/** What the token loops of the step generators return (see drive). */
const RUN_DONE = 0;
const RUN_STEP = 1; // a step's worth of input is used: yield
const RUN_MORE = 2; // the source waits for input: yield its fill()

/**
 * Runs a token loop to its end as steps: run() is called again after each step, and when the
 * source waits, the promise of its fill() is yielded for the driver to await first.
 */
function* drive(run, source) {
  for (let r = run(); r !== RUN_DONE; r = run()) yield r === RUN_MORE ? source.fill() : undefined;
}

/**
 * Reads pieces of a source into `chunks` until they hold at least `want` bytes or the source
 * ends; a step generator (it yields the source's fill() when the source waits).
 */
function* gather(source, chunks, want = Infinity) {
  let n = chunks.reduce((sum, c) => sum + c.length, 0);
  while (n < want) {
    const c = source.read();
    if (c === null) return;
    if (c === PENDING) {
      yield source.fill();
    } else {
      chunks.push(c);
      n += c.length;
    }
  }
}

/**
 * An XmlScanner over a source, once its first bytes are at hand (a byte order mark is told by
 * them); a UTF-16 part (rare) is gathered whole and converted. A step generator.
 */
function* openScanner(source) {
  const head = [];
  yield* gather(source, head, 3);
  const b = head[0] ?? new Uint8Array(0);
  const b1 = b.length > 1 ? b[1] : head[1]?.[0];
  if ((b[0] === 0xff && b1 === 0xfe) || (b[0] === 0xfe && b1 === 0xff)) {
    yield* gather(source, head);
    return new XmlScanner(concat(head, head.reduce((sum, c) => sum + c.length, 0)));
  }
  return new XmlScanner(source, head);
}

/**
 * Reads sharedStrings.xml (from a PartReader) into CSV-ready fields: {data, offsets}, item i
 * being data[offsets[i]..offsets[i + 1]), already quoted where CSV needs it. A step generator
 * (see sheetToCsvSteps): it yields after every STEP_BYTES of compressed input.
 */
function* readSharedStrings(source, progress) {
  const data = new Bytes(1 << 16);
  let offsets = new Uint32Array(1024);
  let count = 0;
  const sc = yield* openScanner(source);
  const acc = new TextAcc();
  const item = new StringItemReader();
  let inItem = false; // an <si> is being read (the scanner waited for input inside it)
  let nextReport = 0;
  let nextStep = STEP_BYTES;
  /** Stores the item read into acc, and ends the entry; false when a step's input is used. */
  const endItem = (read) => {
    if (read) {
      const clean = !(acc.flags & F_HIGH) || isUtf8(acc.buf, 0, acc.len);
      if (acc.str === null && !(acc.flags & F_UNDERSCORE) && clean) {
        data.field(acc.buf, 0, acc.len, (acc.flags & F_QUOTE) !== 0);
      } else {
        const s = decodeXstring(acc.string());
        if (s !== '') data.text(s);
      }
      if (data.len > MAX_CSV_BYTES) throw csvTooLarge();
    }
    offsets[++count] = data.len;
    if (progress && source.consumed >= nextReport) {
      progress(source.consumed, source.total);
      nextReport = source.consumed + (1 << 20);
    }
    if (source.consumed >= nextStep) {
      nextStep = source.consumed + STEP_BYTES;
      return false;
    }
    return true;
  };
  // The loop runs in a plain function (the hot path stays out of the generator).
  const run = () => {
    if (inItem) {
      if (!item.run(sc)) return RUN_MORE;
      inItem = false;
      if (!endItem(true)) return RUN_STEP;
    }
    for (;;) {
      const tok = sc.next();
      if (tok === TOK_EOF) return RUN_DONE;
      if (tok === TOK_MORE) return RUN_MORE;
      if (tok !== TOK_OPEN || sc.name !== 'si') continue;
      if (count + 2 > offsets.length) {
        const bigger = new Uint32Array(offsets.length * 2);
        bigger.set(offsets);
        offsets = bigger;
      }
      const full = !sc.selfClosing;
      if (full) {
        item.begin('si', acc);
        if (!item.run(sc)) {
          inItem = true;
          return RUN_MORE;
        }
      }
      if (!endItem(full)) return RUN_STEP;
    }
  };
  yield* drive(run, source);
  return { data: data.buf, offsets, count };
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(s) {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvTooLarge() {
  return fail(
    'too_large',
    `this sheet would become a CSV larger than ${MAX_CSV_BYTES / (1 << 30)} GiB; ` +
      'split it into smaller sheets',
  );
}

/**
 * The CSV being built: rows (without padding) in chunks that no row straddles, with each row's
 * field count, so that rows narrower than the widest can be padded at the end.
 */
class CsvSink {
  constructor() {
    this.chunks = [];
    this.chunkRows = []; // rows written up to the end of each chunk
    this.buf = new Uint8Array(1 << 20);
    this.at = 0;
    this.total = 0;
    this.rows = 0;
    this.counts = new Int32Array(1 << 12);
    this.ends = new Int32Array(1 << 12); // end of each row (after its LF) in its chunk
    this.widest = 0;
    this.ragged = false; // some row has fewer fields than another
  }

  /** Appends a row: bytes src[0..len) with `count` fields (0: an empty row). */
  row(src, len, count) {
    if (this.total + len + 1 > MAX_CSV_BYTES) throw csvTooLarge();
    if (this.at + len + 1 > this.buf.length) {
      this.chunks.push(this.buf.subarray(0, this.at));
      this.chunkRows.push(this.rows);
      const size = Math.min(1 << 24, Math.max(this.buf.length * 2, 1 << 20));
      this.buf = new Uint8Array(Math.max(size, len + 1));
      this.at = 0;
    }
    const out = this.buf;
    let k = this.at;
    if (len > 64) {
      out.set(src.subarray(0, len), k);
      k += len;
    } else {
      for (let x = 0; x < len; x++) out[k++] = src[x];
    }
    out[k++] = 0x0a;
    this.at = k;
    this.total += len + 1;
    if (this.rows === this.counts.length) {
      const c = new Int32Array(this.rows * 2);
      c.set(this.counts);
      this.counts = c;
      const e = new Int32Array(this.rows * 2);
      e.set(this.ends);
      this.ends = e;
    }
    this.counts[this.rows] = count;
    this.ends[this.rows] = k;
    this.rows++;
    if (count !== this.widest) {
      if (this.rows > 1) this.ragged = true;
      if (count > this.widest) this.widest = count;
    }
  }

  /**
   * The CSV, the rows each padded to the widest, as one array, or (pieces) as a list of arrays
   * in order: then never held twice. A step generator: it yields after each padded piece.
   */
  *finish(pieces = false) {
    this.chunks.push(this.buf.subarray(0, this.at));
    this.chunkRows.push(this.rows);
    this.buf = null;
    let out = this.chunks;
    let size = this.total;
    if (this.ragged) {
      // Pad the short rows to the widest, one piece at a time (each source piece is dropped as
      // soon as its padded copy exists).
      const widest = this.widest;
      const counts = this.counts;
      let padding = 0;
      for (let i = 0; i < this.rows; i++) {
        if (counts[i] > 0) padding += widest - counts[i];
        else padding += widest === 1 ? 2 : widest - 1;
      }
      if (this.total + padding > MAX_CSV_BYTES) throw csvTooLarge();
      size = this.total + padding;
      out = [];
      let row = 0;
      for (let k = 0; k < this.chunks.length; k++) {
        const chunk = this.chunks[k];
        this.chunks[k] = null;
        const last = this.chunkRows[k];
        let pieceSize = chunk.length;
        for (let r = row; r < last; r++) {
          if (counts[r] > 0) pieceSize += widest - counts[r];
          else pieceSize += widest === 1 ? 2 : widest - 1;
        }
        const piece = new Uint8Array(pieceSize);
        let at = 0;
        let start = 0;
        for (; row < last; row++) {
          const end = this.ends[row];
          const count = counts[row];
          if (count === widest) {
            piece.set(chunk.subarray(start, end), at);
            at += end - start;
          } else {
            piece.set(chunk.subarray(start, end - 1), at);
            at += end - 1 - start;
            if (widest === 1) {
              piece[at++] = 0x22; // an empty one-field record, unambiguously
              piece[at++] = 0x22;
            } else {
              const pad = widest - count - (count === 0 ? 1 : 0);
              piece.fill(0x2c, at, at + pad);
              at += pad;
            }
            piece[at++] = 0x0a;
          }
          start = end;
        }
        out.push(piece);
        yield;
      }
    }
    if (pieces) return out.filter((c) => c.length > 0);
    return concat(out, size);
  }
}

/** The first `size` bytes of the chunks, as one array. */
function concat(chunks, size) {
  const out = new Uint8Array(size);
  let at = 0;
  for (let k = 0; k < chunks.length && at < size; k++) {
    const c = chunks[k];
    chunks[k] = null;
    const n = Math.min(c.length, size - at);
    out.set(n === c.length ? c : c.subarray(0, n), at);
    at += n;
  }
  return out;
}

/** Compressed bytes of a part converted per step of the step generators (a few ms of work). */
const STEP_BYTES = 1 << 16;

/** Runs a step generator that never waits for input (fflate) to its end: its result. */
function runSteps(steps) {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * One sheet (0-based tab index) as UTF-8 CSV bytes (RFC 4180, "\n" line ends): see the top.
 * Synchronous, so always inflated with fflate (option inflate 'native' is refused).
 */
export function sheetToCsv(bytes, sheetIndex = 0, options = {}) {
  if (options.inflate === 'native') {
    throw fail('bad_options', "sheetToCsv is synchronous: use sheetToCsvAsync for inflate 'native'");
  }
  return runSteps(sheetToCsvSteps(bytes, sheetIndex, { ...options, inflate: 'fflate' }));
}

/**
 * sheetToCsv with the inflate option (default 'auto': the runtime's DecompressionStream when
 * there is one, else fflate): a promise of the same CSV.
 */
export async function sheetToCsvAsync(bytes, sheetIndex = 0, options = {}) {
  const steps = sheetToCsvSteps(bytes, sheetIndex, { inflate: 'auto', ...options });
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value) await r.value;
  }
}

/**
 * sheetToCsv in steps: a generator that does a few ms of work per next() (STEP_BYTES of
 * compressed input) and returns the CSV as its value. A caller that stops calling next() (a
 * cancel) drops the generator, and with it everything the conversion held (call return() to
 * also let go of a native decompressor at once). Option inflate: 'fflate' (the default),
 * 'native' (DecompressionStream('deflate-raw'); bad_options where there is none) or 'auto'. With
 * native inflate a step may yield a promise (the decompressor's next output): the driver awaits
 * it before calling next() again. Option aheadBytes (tests): inflated bytes queued ahead.
 */
export function* sheetToCsvSteps(
  bytes,
  sheetIndex = 0,
  { onProgress, chunkBytes = 0, pieces = false, inflate = 'fflate', aheadBytes = 0 } = {},
) {
  const native = useNativeInflate(inflate);
  const wb = openWorkbook(bytes);
  if (wb.sheets.length === 0) throw fail('no_sheets', 'this workbook has no sheets');
  if (!Number.isInteger(sheetIndex) || sheetIndex < 0 || sheetIndex >= wb.sheets.length) {
    throw fail(
      'bad_sheet',
      `there is no sheet at index ${sheetIndex}: this workbook has ${wb.sheets.length} sheet(s)`,
    );
  }
  const sheet = wb.sheets[sheetIndex];
  if (sheet.kind === 'chartsheet') {
    throw fail('bad_sheet', `sheet "${sheet.name}" is a chart, it has no cells to import`);
  }
  const entry = sheet.path ? wb.dir.get(sheet.path.toLowerCase()) : undefined;
  if (!entry) throw fail('corrupt', `this .xlsx file is damaged: sheet "${sheet.name}" is missing`);

  const progress = typeof onProgress === 'function' ? onProgress : undefined;
  const options = { chunkBytes, native, aheadBytes };
  // Checked (declared size, encryption, compression) before anything is decompressed.
  const sheetSource = partReader(bytes, entry, options);
  const sstEntry = wb.dir.get(wb.sharedStringsPath.toLowerCase());
  const sstSource = sstEntry ? partReader(bytes, sstEntry, options) : null;
  try {
    const shared = sstSource
      ? yield* readSharedStrings(
          sstSource,
          progress && ((done, total) => progress(done, total, 'unzip')),
        )
      : { data: new Uint8Array(0), offsets: new Uint32Array(1), count: 0 };
    const stylesEntry = wb.dir.get(wb.stylesPath.toLowerCase());
    const dateKinds = stylesEntry ? readDateStyles(extract(bytes, stylesEntry)) : [];
    return yield* convertSheet(sheetSource, shared, dateKinds, wb.date1904, progress, pieces);
  } finally {
    sstSource?.close();
    sheetSource.close();
  }
}

/** The sheet XML (streamed from a PartReader) to CSV bytes; a step generator. */
function* convertSheet(source, shared, dateKinds, date1904, progress, pieces = false) {
  const sc = yield* openScanner(source);
  const sink = new CsvSink();
  const sst = shared.data;
  const sstOffsets = shared.offsets;
  let seenNonEmpty = false; // a non-empty row was written
  let pendingEmpty = 0; // empty rows after the last non-empty one, written if more data follows
  let lastRowNum = 0; // 1-based number of the current sheet row
  let inSheetData = false;
  let inRow = false;
  // The current row: its non-empty values, CSV-ready, with the commas between them as long as
  // the cells come in column order; segments (column, start, end) to rebuild it otherwise.
  const row = new Bytes(1 << 12);
  let segCol = new Int32Array(64);
  let segStart = new Int32Array(64);
  let segEnd = new Int32Array(64);
  let segs = 0;
  let ordered = true;
  let lastCol = -1;
  let width = 0; // fields in the current row
  let col = -1;
  // The current cell.
  let type = 'n';
  let style = 0;
  const v = new TextAcc();
  let hasV = false;
  const inline = new TextAcc();
  let hasInline = false;
  let inV = false;
  const item = new StringItemReader();
  let inItem = false; // an <is> is being read (the scanner waited for input inside it)
  let nextReport = 0;

  /** Starts a value in column `col`: the commas before it, and its segment. */
  const beginValue = () => {
    if (ordered && col > lastCol) {
      row.commas(lastCol < 0 ? col : col - lastCol);
    } else {
      ordered = false;
    }
    lastCol = col;
    if (segs === segCol.length) {
      const grow = (a) => {
        const bigger = new Int32Array(a.length * 2);
        bigger.set(a);
        return bigger;
      };
      segCol = grow(segCol);
      segStart = grow(segStart);
      segEnd = grow(segEnd);
    }
    segCol[segs] = col;
    segStart[segs] = row.len;
  };
  const endValue = () => {
    segEnd[segs++] = row.len;
    if (col + 1 > width) width = col + 1;
  };
  const putText = (s) => {
    if (s === null || s === '') return;
    beginValue();
    row.text(s);
    endValue();
  };
  /** The gathered text as it is (no _x escapes to decode). */
  const putAcc = (acc) => {
    if (acc.str !== null) {
      putText(acc.str);
      return;
    }
    if (acc.len === 0) return;
    if (acc.flags & F_HIGH && !isUtf8(acc.buf, 0, acc.len)) {
      putText(acc.string()); // malformed UTF-8: U+FFFD, as decoding gives
      return;
    }
    beginValue();
    row.field(acc.buf, 0, acc.len, (acc.flags & F_QUOTE) !== 0);
    endValue();
  };
  /** The gathered text with Excel's _xHHHH_ escapes decoded. */
  const putXstring = (acc) => {
    if (acc.str === null && !(acc.flags & F_UNDERSCORE)) putAcc(acc);
    else putText(decodeXstring(acc.string()));
  };
  const putShared = () => {
    let index = -1;
    const n = v.len;
    if (v.str === null && n > 0 && n <= 9) {
      index = 0;
      for (let k = 0; k < n; k++) {
        const d = v.buf[k] - 0x30;
        if (d < 0 || d > 9) {
          index = -1;
          break;
        }
        index = index * 10 + d;
      }
    }
    if (index < 0) {
      const x = Number(v.string());
      index = Number.isInteger(x) ? x : -1;
    }
    if (index < 0 || index >= shared.count) return; // '' as before
    const i = sstOffsets[index];
    const j = sstOffsets[index + 1];
    if (i === j) return;
    beginValue();
    row.field(sst, i, j, false);
    endValue();
  };

  const finishCell = () => {
    if (hasInline) putXstring(inline);
    else if (!hasV) return;
    else if (type === 'inlineStr' || type === 'str') putXstring(v);
    else if (type === 's') putShared();
    else if (type === 'b') {
      const s = v.string();
      putText(s === '1' ? 'TRUE' : s === '0' ? 'FALSE' : s);
    } else if (type === 'e' || type === 'd') putAcc(v);
    else {
      const kind = dateKinds[style] ?? DATE_NONE;
      if (kind === DATE_NONE) putAcc(v);
      else {
        const s = v.string();
        putText(s.trim() !== '' ? serialToIso(Number(s), kind, date1904) ?? s : s);
      }
    }
  };

  const finishRow = () => {
    inRow = false;
    if (width === 0) {
      if (seenNonEmpty) pendingEmpty++;
      return;
    }
    for (; pendingEmpty > 0; pendingEmpty--) sink.row(row.buf, 0, 0);
    if (ordered) {
      sink.row(row.buf, row.len, width);
    } else {
      // Cells out of column order: the last value of each column, in column order.
      const order = Array.from({ length: segs }, (_, k) => k);
      order.sort((a, b) => segCol[a] - segCol[b] || a - b);
      const line = new Bytes(row.len + width + 16);
      let prev = -1;
      for (let x = 0; x < order.length; x++) {
        const k = order[x];
        if (x + 1 < order.length && segCol[order[x + 1]] === segCol[k]) continue; // overwritten
        line.commas(prev < 0 ? segCol[k] : segCol[k] - prev);
        line.field(row.buf, segStart[k], segEnd[k], false);
        prev = segCol[k];
      }
      sink.row(line.buf, line.len, width);
    }
    seenNonEmpty = true;
  };

  const startRow = () => {
    inRow = true;
    row.len = 0;
    segs = 0;
    ordered = true;
    lastCol = -1;
    width = 0;
    col = -1;
  };

  // The token loop runs in a plain function (the hot path stays out of the generator): it
  // returns RUN_STEP at a row start once a step's worth of input is used, RUN_MORE when the
  // source waits for input, RUN_DONE at the end.
  let nextStep = STEP_BYTES;
  const run = () => {
    if (inItem) {
      if (!item.run(sc)) return RUN_MORE;
      inItem = false;
    }
    for (let tok = sc.next(); tok !== TOK_EOF; tok = sc.next()) {
      if (tok === TOK_TEXT) {
        if (inV) v.add(sc);
        continue;
      }
      if (tok === TOK_MORE) return RUN_MORE;
      const name = sc.name;
      if (tok === TOK_OPEN) {
        if (!inSheetData) {
          if (name === 'sheetData' && !sc.selfClosing) inSheetData = true;
          continue;
        }
        if (name === 'c' && inRow) {
          sc.cellAttrs();
          col = sc.cellCol >= 0 ? sc.cellCol : col + 1;
          type = sc.cellType;
          style = sc.cellStyle;
          v.reset();
          hasV = false;
          hasInline = false;
          if (sc.selfClosing) {
            finishCell();
          } else {
            const body = sc.cellBody();
            if (body === CELL_INLINE) {
              inline.reset();
              inline.add(sc);
              hasInline = true;
              finishCell();
            } else if (body === CELL_VALUE) {
              v.add(sc);
              hasV = true;
              finishCell();
            }
          }
        } else if (name === 'v' && inRow) {
          if (!sc.selfClosing) {
            inV = true;
            hasV = true;
          }
        } else if (name === 'is' && inRow) {
          hasInline = true;
          if (sc.selfClosing) {
            inline.reset();
          } else {
            item.begin('is', inline);
            if (!item.run(sc)) {
              inItem = true;
              return RUN_MORE;
            }
          }
        } else if (name === 'row') {
          if (inRow) finishRow(); // an unclosed row
          let num = sc.rowNumber();
          // Rows go down; a missing, bad or backwards number follows the previous row.
          if (!(num > lastRowNum && num <= EXCEL_MAX_ROWS)) num = lastRowNum + 1;
          if (seenNonEmpty) pendingEmpty += num - lastRowNum - 1;
          lastRowNum = num;
          startRow();
          if (sc.selfClosing) finishRow();
          if (progress && source.consumed >= nextReport) {
            progress(source.consumed, source.total, 'parse');
            nextReport = source.consumed + (1 << 20);
          }
          if (source.consumed >= nextStep) {
            nextStep = source.consumed + STEP_BYTES;
            return RUN_STEP;
          }
        }
      } else {
        if (name === 'v') inV = false;
        else if (name === 'c' && inRow) finishCell();
        else if (name === 'row' && inRow) finishRow();
        else if (name === 'sheetData') {
          if (inRow) finishRow();
          return RUN_DONE;
        }
      }
    }
    return RUN_DONE;
  };
  yield* drive(run, source);
  if (inRow) finishRow();
  if (progress) progress(source.total, source.total, 'parse');
  return yield* sink.finish(pieces);
}

// ---------------------------------------------------------------------------------------------
// Formula-injection neutralization.

/**
 * Neutralizes spreadsheet formula injection (OWASP CSV injection) in text such as CSV: returns
 * "'" + value when isFormulaRisk(value), otherwise the value unchanged. (writeXlsx does not
 * change the text: it marks such cells with Excel's quotePrefix style.)
 */
export function neutralizeFormula(value) {
  const s = String(value ?? '');
  return isFormulaRisk(s) ? `'${s}` : s;
}

/** What may follow a leading + or - in a number or phone number: digits, space . , - ( ). */
function isNumberChar(c) {
  return (c >= 48 && c <= 57) || c === 32 || c === 46 || c === 44 || c === 45 || c === 40 || c === 41;
}

/**
 * True when a spreadsheet could run the value as a formula. The one rule of the CSV export
 * (crm::formula_risk in core/src/csv/writer.cpp) and of writeXlsx, table-tested by both on
 * tests/data/formula_cases.json: the value starts with a tab or CR, or one of its lines starts,
 * after spaces and tabs, with = or @, or with + or - followed by anything but digits, spaces and
 * . , - ( ). So "-12.5", "+81312344686", "+1 (555) 123-4567" and a "--" placeholder are data;
 * "-2+3", "+A1", "-foo", "@SUM(A1)" and "=1" are formulas.
 */
export function isFormulaRisk(value) {
  const s = String(value ?? '');
  const n = s.length;
  if (n === 0) return false;
  let c = s.charCodeAt(0);
  if (c === 9 || c === 13) return true;
  let i = 0;
  while (i < n) {
    while (i < n && ((c = s.charCodeAt(i)) === 32 || c === 9)) i++;
    if (i < n) {
      c = s.charCodeAt(i);
      if (c === 61 || c === 64) return true; // = @
      if (c === 43 || c === 45) {
        // + -
        for (i++; i < n && (c = s.charCodeAt(i)) !== 10 && c !== 13; i++) {
          if (!isNumberChar(c)) return true;
        }
      }
    }
    while (i < n && (c = s.charCodeAt(i)) !== 10 && c !== 13) i++;
    if (i < n) i++; // past the line break
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Writing a workbook.

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CT_SML = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const CT_RELS = 'application/vnd.openxmlformats-package.relationships+xml';

// Characters XML 1.0 does not allow (controls, lone surrogates, U+FFFE/U+FFFF).
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_SPECIAL = /[&<>\r]|_x[0-9A-Fa-f]{4}_/g;
const XML_REPLACE = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Escapes text for an element: & < >, CR kept as &#13;, literal _xHHHH_ protected as _x005F_. */
function escapeXml(s) {
  return s.replace(XML_SPECIAL, (m) => XML_REPLACE[m] ?? `_x005F_${m.slice(1)}`);
}

function escapeAttr(s) {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;');
}

/** Column letters of a 0-based column: 0 → A, 26 → AA. */
export function columnName(i) {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

/** A valid sheet name: no []:*?/\, not empty, at most 31 characters, no quote at either end. */
function sheetNameOf(name) {
  let s = String(name ?? '')
    .replace(INVALID_XML, '')
    .replace(/[[\]:*?/\\]/g, '_');
  if (s.length > 31) s = s.slice(0, /[\uD800-\uDBFF]/.test(s[30]) ? 30 : 31);
  s = s.replace(/^'+|'+$/g, '');
  if (s.toLowerCase() === 'history') s = `${s}_`; // reserved by Excel
  return s || 'Data';
}

/** Deflate level of the written parts: 1 is several times faster than 6 for a few % more bytes. */
const DEFLATE_LEVEL = 1;
/** The sheet XML goes to the deflater in pieces of about this size. */
const FLUSH_BYTES = 1 << 17;

const EDGE_SPACE = /\s/;

/** True for a character that JavaScript's \s matches (xml:space="preserve" at either end). */
function isEdgeSpace(c) {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0xa0 && EDGE_SPACE.test(String.fromCharCode(c)));
}

/**
 * Writes s as UTF-8 into buf from pos (room for 3 bytes per code unit is the caller's business);
 * returns the new position. A lone surrogate becomes U+FFFD, as with TextEncoder.
 */
function putUtf8(buf, pos, s) {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = s.charCodeAt(i + 1);
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[pos++] = 0xf0 | (cp >> 18);
          buf[pos++] = 0x80 | ((cp >> 12) & 63);
          buf[pos++] = 0x80 | ((cp >> 6) & 63);
          buf[pos++] = 0x80 | (cp & 63);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 63);
      buf[pos++] = 0x80 | (c & 63);
    }
  }
  return pos;
}

/** Index in styles.xml's cellXfs of the style with quotePrefix="1" (text shown as is, not a formula). */
export const XF_QUOTE_PREFIX = 1;

/** A one-sheet .xlsx of inline strings: returns {bytes, warnings: [{code, count, message}]}. */
export function writeXlsx(options) {
  return runSteps(writeXlsxSteps(options));
}

/**
 * writeXlsx in steps: a generator that yields after each piece of sheet XML handed to the
 * deflater (about FLUSH_BYTES, a few ms of work) and returns writeXlsx's result as its value.
 */
export function* writeXlsxSteps({
  columns,
  rowCount,
  getRows,
  sheetName = 'Data',
  neutralize = true,
  types = null,
  onProgress,
  batchRows = 10000,
  modified = new Date(), // the time stamped on the zip entries (fixed in tests for equal bytes)
}) {
  if (!Array.isArray(columns)) throw new TypeError('writeXlsx: columns must be an array');
  if (!Number.isInteger(rowCount) || rowCount < 0) throw new TypeError('writeXlsx: bad rowCount');
  if (rowCount > 0 && typeof getRows !== 'function') {
    throw new TypeError('writeXlsx: getRows is required');
  }
  if (rowCount + 1 > EXCEL_MAX_ROWS) {
    throw fail(
      'too_many_rows',
      `this table has ${rowCount.toLocaleString('en-US')} rows, more than Excel's limit of ` +
        `${(EXCEL_MAX_ROWS - 1).toLocaleString('en-US')} plus a header row; ` +
        'export it as CSV instead',
    );
  }
  if (columns.length > EXCEL_MAX_COLUMNS) {
    throw fail(
      'too_many_columns',
      `this table has ${columns.length} columns, more than Excel's limit of ` +
        `${EXCEL_MAX_COLUMNS}; export it as CSV instead`,
    );
  }
  const neutralizing = Boolean(neutralize);
  const typers = cellTypers(types, columns);
  let typedCells = 0;
  const width = columns.length;
  const letters = Array.from({ length: width }, (_, i) => columnName(i));
  let truncated = 0;
  let stripped = 0;
  let neutralized = 0;

  // The sheet XML is built as UTF-8 straight into a reusable byte buffer that is handed to the
  // deflater (which copies it) whenever it fills: no string per cell or row on the common path.
  let buf = new Uint8Array(1 << 18);
  let pos = 0;
  const room = (n) => {
    if (pos + n > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, pos + n));
      bigger.set(buf.subarray(0, pos));
      buf = bigger;
    }
  };
  const put = (bytes) => {
    room(bytes.length);
    buf.set(bytes, pos);
    pos += bytes.length;
  };
  const letterBytes = letters.map((l) => encoder.encode(l));
  const rowDigits = new Uint8Array(8);
  let rowDigitCount = 0;
  const B_CELL = encoder.encode('<c r="');
  const B_QUOTED = encoder.encode(`" s="${XF_QUOTE_PREFIX}" t="inlineStr"><is><t`);
  const B_PLAIN = encoder.encode('" t="inlineStr"><is><t');
  const B_SPACE = encoder.encode(' xml:space="preserve">');
  const B_CELL_END = encoder.encode('</t></is></c>');
  const B_ROW = encoder.encode('<row r="');
  const B_ROW_END = encoder.encode('</row>');

  /** Writes one cell of text s (clean: no characters XML cannot hold) already XML-escaped. */
  const putCell = (col, quoted, space, text, ascii) => {
    room(128 + text.length * 3);
    buf.set(B_CELL, pos);
    pos += B_CELL.length;
    const letter = letterBytes[col];
    for (let k = 0; k < letter.length; k++) buf[pos++] = letter[k];
    for (let k = 0; k < rowDigitCount; k++) buf[pos++] = rowDigits[k];
    const mid = quoted ? B_QUOTED : B_PLAIN;
    buf.set(mid, pos);
    pos += mid.length;
    if (space) {
      buf.set(B_SPACE, pos);
      pos += B_SPACE.length;
    } else {
      buf[pos++] = 0x3e; // >
    }
    if (ascii) {
      for (let k = 0; k < text.length; k++) buf[pos++] = text.charCodeAt(k);
    } else {
      pos = putUtf8(buf, pos, text);
    }
    buf.set(B_CELL_END, pos);
    pos += B_CELL_END.length;
  };

  /** The old, string-based path: for cells with characters to remove, escape or cut. */
  const slowCell = (s, col) => {
    const clean = s.replace(INVALID_XML, '');
    if (clean.length !== s.length) stripped++;
    s = clean;
    if (s.length > EXCEL_MAX_CELL_CHARS) {
      let end = EXCEL_MAX_CELL_CHARS;
      const c = s.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff) end--; // keep surrogate pairs whole
      s = s.slice(0, end);
      truncated++;
    }
    if (s === '') return;
    // Judged on the text as written, which stays as it is: the quotePrefix style tells Excel the
    // cell is text (an inline string is never evaluated; the style also holds when it is edited).
    const quoted = neutralizing && isFormulaRisk(s);
    if (quoted) neutralized++;
    putCell(col, quoted, /^\s|\s$/.test(s), escapeXml(s), false);
  };

  const B_TYPED_END = encoder.encode('</v></c>');
  /** Writes a number, date (a serial with a date style) or boolean cell; v is its ASCII <v>. */
  const putTyped = (col, typer, v) => {
    room(64 + v.length);
    buf.set(B_CELL, pos);
    pos += B_CELL.length;
    const letter = letterBytes[col];
    for (let k = 0; k < letter.length; k++) buf[pos++] = letter[k];
    for (let k = 0; k < rowDigitCount; k++) buf[pos++] = rowDigits[k];
    const attrs = `"${typer.style ? ` s="${typer.style}"` : ''}${typer.bool ? ' t="b"' : ''}><v>`;
    for (let k = 0; k < attrs.length; k++) buf[pos++] = attrs.charCodeAt(k);
    for (let k = 0; k < v.length; k++) buf[pos++] = v.charCodeAt(k);
    buf.set(B_TYPED_END, pos);
    pos += B_TYPED_END.length;
    typedCells++;
  };

  let header = true;
  const cell = (value, col) => {
    const s = typeof value === 'string' ? value : value == null ? '' : String(value);
    const n = s.length;
    if (n === 0) return;
    const typer = header ? null : typers[col];
    if (typer) {
      const v = typer.value(s);
      if (v !== null) {
        putTyped(col, typer, v);
        return;
      }
    }
    if (n > EXCEL_MAX_CELL_CHARS) {
      slowCell(s, col);
      return;
    }
    // One pass decides whether the text can be written as it is (the common case): no character
    // to remove or escape, no "_x" that could read as an escape.
    let ascii = true;
    let lineBreak = false;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x20) {
          if (c === 0x0a) lineBreak = true;
          else if (c !== 0x09) return slowCell(s, col); // CR (escaped) or a control character
        } else if (c === 0x26 || c === 0x3c || c === 0x3e) {
          return slowCell(s, col);
        } else if (c === 0x5f && s.charCodeAt(i + 1) === 0x78) {
          return slowCell(s, col); // _x
        }
      } else {
        ascii = false;
        if (c >= 0xd800) {
          if (c <= 0xdbff) {
            const d = s.charCodeAt(i + 1);
            if (!(d >= 0xdc00 && d <= 0xdfff)) return slowCell(s, col);
            i++;
          } else if (c <= 0xdfff || c >= 0xfffe) {
            return slowCell(s, col);
          }
        }
      }
    }
    let quoted = false;
    if (neutralizing) {
      const first = s.charCodeAt(0);
      // isFormulaRisk can only be true when a line starts with one of = + - @ (or a space or tab
      // before them), or the text starts with a tab or CR.
      if (lineBreak || first <= 0x20 || first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40) {
        quoted = isFormulaRisk(s);
        if (quoted) neutralized++;
      }
    }
    putCell(col, quoted, isEdgeSpace(s.charCodeAt(0)) || isEdgeSpace(s.charCodeAt(n - 1)), s, ascii);
  };
  const putRow = (values, rowNumber) => {
    const digits = String(rowNumber);
    rowDigitCount = digits.length;
    for (let k = 0; k < rowDigitCount; k++) rowDigits[k] = digits.charCodeAt(k);
    put(B_ROW);
    room(16);
    for (let k = 0; k < rowDigitCount; k++) buf[pos++] = rowDigits[k];
    buf[pos++] = 0x22; // "
    buf[pos++] = 0x3e; // >
    const n = Math.min(width, values ? values.length : 0);
    for (let i = 0; i < n; i++) cell(values[i], i);
    put(B_ROW_END);
  };

  const out = [];
  let outBytes = 0;
  let zipError = null;
  const zip = new Zip((err, chunk) => {
    if (err) zipError = err;
    else {
      out.push(chunk);
      outBytes += chunk.length;
    }
  });
  const addFile = (name, text) => {
    const f = new ZipDeflate(name, { level: DEFLATE_LEVEL });
    f.mtime = modified; // fflate reads the time stamp from the file object, not the options
    zip.add(f);
    f.push(encoder.encode(text), true);
  };
  const name = sheetNameOf(sheetName);
  addFile(
    '[Content_Types].xml',
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="${CT_RELS}"/>` +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${CT_SML}.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT_SML}.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${CT_SML}.styles+xml"/>` +
      '</Types>',
  );
  addFile(
    '_rels/.rels',
    `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
      '</Relationships>',
  );
  addFile(
    'xl/workbook.xml',
    `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      '<bookViews><workbookView/></bookViews>' +
      `<sheets><sheet name="${escapeAttr(name)}" sheetId="1" r:id="rId1"/></sheets>` +
      // Excel's record of the autofilter's range (it writes one with every autofilter).
      (width
        ? '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">' +
          `${escapeXml(`'${name.replace(/'/g, "''")}'!$A$1:$${letters[width - 1]}$${rowCount + 1}`)}` +
          '</definedName></definedNames>'
        : '') +
      '</workbook>',
  );
  addFile(
    'xl/_rels/workbook.xml.rels',
    `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/>` +
      '</Relationships>',
  );
  addFile(
    'xl/styles.xml',
    `${XML_DECL}<styleSheet xmlns="${NS_MAIN}">` +
      `<numFmts count="${DATE_FORMATS.length}">` +
      DATE_FORMATS.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code}"/>`).join('') +
      '</numFmts>' +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
      '<fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' +
      '</cellStyleXfs><cellXfs count="5">' +
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      // XF_QUOTE_PREFIX: cells that could run as formulas.
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
      // 2, 3, 4 (XF_DATE, XF_DATETIME, XF_DATETIME_MS of xlsx-types.js): typed date cells.
      DATE_FORMATS.map(([id]) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('') +
      '</cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>',
  );

  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: DEFLATE_LEVEL });
  sheet.mtime = modified;
  zip.add(sheet);
  const flush = (final = false) => {
    sheet.push(buf.subarray(0, pos), final);
    pos = 0;
    if (zipError) throw zipError;
  };
  const lastRef = width ? `${letters[width - 1]}${rowCount + 1}` : 'A1';
  const range = lastRef === 'A1' ? 'A1' : `A1:${lastRef}`;
  put(
    encoder.encode(
      `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
        `<dimension ref="${range}"/>` +
        // The header row stays in view while scrolling.
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" ' +
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" ' +
        'sqref="A2"/></sheetView></sheetViews><sheetData>',
    ),
  );
  putRow(columns, 1);
  header = false;
  const step = Math.max(1, batchRows | 0);
  for (let begin = 0; begin < rowCount; begin += step) {
    const end = Math.min(rowCount, begin + step);
    const rows = getRows(begin, end) ?? [];
    for (let i = 0; i < end - begin; i++) {
      putRow(rows[i], begin + i + 2);
      if (pos >= FLUSH_BYTES) {
        flush();
        yield;
      }
    }
    if (onProgress) onProgress(end, rowCount);
  }
  put(encoder.encode(`</sheetData>${width ? `<autoFilter ref="${range}"/>` : ''}</worksheet>`));
  flush(true);
  zip.end();
  if (zipError) throw zipError;

  const bytes = new Uint8Array(outBytes);
  let at = 0;
  for (const c of out) {
    bytes.set(c, at);
    at += c.length;
  }
  const warnings = [];
  if (truncated) {
    warnings.push({
      code: 'truncated',
      count: truncated,
      message: `${truncated} cell(s) over Excel's ${EXCEL_MAX_CELL_CHARS} characters were cut`,
    });
  }
  if (stripped) {
    warnings.push({
      code: 'invalid_chars',
      count: stripped,
      message: `${stripped} cell(s) had control characters .xlsx cannot hold; they were removed`,
    });
  }
  if (neutralized) {
    warnings.push({
      code: 'neutralized',
      count: neutralized,
      message:
        `${neutralized} cell(s) that could run as formulas were marked as text ` +
        "(Excel's quote prefix; the values are unchanged)",
    });
  }
  return { bytes, warnings, typedCells };
}
