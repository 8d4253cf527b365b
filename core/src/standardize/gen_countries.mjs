// Build-time generator: turns Debian's iso-codes ISO 3166-1 data (the JSON and the gettext .mo
// translations) plus the alias table (country_aliases.txt) into a C++ source with the country
// table and every name a value may be written as. Run by a CMake custom command; the output lives
// in the build tree and is never committed.
//
// Usage: node gen_countries.mjs ISO_CODES_PREFIX ALIASES_FILE OUT.cpp
//   ISO_CODES_PREFIX is /usr normally: data from share/iso-codes/json/iso_3166-1.json,
//   share/locale/<lang>/LC_MESSAGES/iso_3166-1.mo and share/pkgconfig/iso-codes.pc.
import fs from 'node:fs';
import path from 'node:path';

// The translations shipped: two scripts of Chinese, European and Brazilian Portuguese.
export const LANGUAGES = ['de', 'fr', 'es', 'it', 'nl', 'pt', 'pt_BR', 'zh_CN', 'zh_TW', 'ja'];

// Reads a gettext .mo file into a Map msgid -> msgstr (the header entry and plural forms skipped).
export function readMo(file) {
  const b = fs.readFileSync(file);
  const magic = b.readUInt32LE(0);
  let u32;
  if (magic === 0x950412de) u32 = (o) => b.readUInt32LE(o);
  else if (magic === 0xde120495) u32 = (o) => b.readUInt32BE(o);
  else throw new Error(`${file}: not a gettext .mo file`);
  const count = u32(8), originals = u32(12), translations = u32(16);
  const out = new Map();
  for (let i = 0; i < count; ++i) {
    const idLen = u32(originals + 8 * i), idOff = u32(originals + 8 * i + 4);
    const trLen = u32(translations + 8 * i), trOff = u32(translations + 8 * i + 4);
    const id = b.toString('utf8', idOff, idOff + idLen);
    const tr = b.toString('utf8', trOff, trOff + trLen);
    if (id === '' || id.includes('\0') || id.includes('\x04')) continue;
    if (tr !== '') out.set(id, tr);
  }
  return out;
}

// Reads the alias table: "<alpha-2> <alias> [! note shown to the user] [# comment]" per line.
export function readAliases(file, known) {
  const out = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    let line = raw;
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    let note = '';
    const bang = line.indexOf('!');
    if (bang >= 0) {
      note = line.slice(bang + 1).trim();
      line = line.slice(0, bang);
    }
    line = line.trim();
    if (!line) return;
    const m = /^([A-Z]{2})\s+(.+)$/.exec(line);
    if (!m) throw new Error(`${file}:${i + 1}: expected "<alpha-2> <alias>", got "${raw}"`);
    if (!known.has(m[1])) throw new Error(`${file}:${i + 1}: ${m[1]} is not an ISO 3166-1 alpha-2 code`);
    out.push({ alpha2: m[1], text: m[2].trim(), note, line: i + 1 });
  });
  return out;
}

// A C++ string literal; non-ASCII bytes as octal escapes (hex escapes would swallow digits).
function lit(s) {
  let o = '"';
  for (const byte of Buffer.from(s, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) o += '\\' + String.fromCharCode(byte);
    else if (byte >= 0x20 && byte < 0x7f && byte !== 0x3f) o += String.fromCharCode(byte);
    else o += '\\' + byte.toString(8).padStart(3, '0');  // also '?' (no trigraph surprises)
  }
  return o + '"';
}

function main() {
  const [prefix, aliasFile, outFile] = process.argv.slice(2);
  if (!outFile) {
    console.error('usage: node gen_countries.mjs ISO_CODES_PREFIX ALIASES_FILE OUT.cpp');
    process.exit(2);
  }
  const jsonFile = path.join(prefix, 'share/iso-codes/json/iso_3166-1.json');
  const entries = JSON.parse(fs.readFileSync(jsonFile, 'utf8'))['3166-1'];
  entries.sort((a, b) => (a.alpha_2 < b.alpha_2 ? -1 : 1));
  let version = 'unknown';
  try {
    const pc = fs.readFileSync(path.join(prefix, 'share/pkgconfig/iso-codes.pc'), 'utf8');
    version = /^Version:\s*(\S+)/m.exec(pc)[1];
  } catch {}
  const index = new Map(entries.map((e, i) => [e.alpha_2, i]));
  const names = [];  // {text, country, source, lang, note}
  const seen = new Set();
  const add = (text, country, source, lang, note = '') => {
    const k = `${text}\0${country}\0${source}`;
    if (seen.has(k)) return;
    seen.add(k);
    names.push({ text, country, source, lang, note });
  };
  entries.forEach((e, i) => {
    add(e.alpha_2, i, 'kCode', 'code');
    add(e.alpha_3, i, 'kCode', 'code');
    add(e.numeric, i, 'kCode', 'code');
    for (const f of ['name', 'official_name', 'common_name']) if (e[f]) add(e[f], i, 'kEnglish', 'en');
  });
  for (const a of readAliases(aliasFile, index)) add(a.text, index.get(a.alpha2), 'kAlias', 'alias', a.note);
  for (const lang of LANGUAGES) {
    const moFile = path.join(prefix, `share/locale/${lang}/LC_MESSAGES/iso_3166-1.mo`);
    if (!fs.existsSync(moFile)) {
      console.error(`gen_countries: ${moFile} is missing: install iso-codes (./scripts/setup); ` +
                    'on a minimal image, check that dpkg does not exclude /usr/share/locale');
      process.exit(1);
    }
    const mo = readMo(moFile);
    entries.forEach((e, i) => {
      for (const f of ['name', 'official_name', 'common_name']) {
        const t = e[f] && mo.get(e[f]);
        if (t && t !== e[f]) add(t, i, 'kTranslation', lang);
      }
    });
  }
  let o = `// Generated by core/src/standardize/gen_countries.mjs from Debian iso-codes ${version}\n`;
  o += `// (${jsonFile} and the ${LANGUAGES.join(', ')} translations) and country_aliases.txt.\n`;
  o += '// Do not edit; do not commit.\n#include "standardize/country_data.h"\n\nnamespace crm::country_data {\n\n';
  o += `const char* const kIsoCodesVersion = ${lit(version)};\n\n`;
  o += 'const Country kCountries[] = {\n';
  for (const e of entries) o += `    {${lit(e.alpha_2)}, ${lit(e.alpha_3)}, ${lit(e.numeric)}, ${lit(e.name)}},\n`;
  o += '};\nconst size_t kCountryCount = sizeof(kCountries) / sizeof(kCountries[0]);\n\n';
  o += 'const Name kNames[] = {\n';
  for (const n of names)
    o += `    {${lit(n.text)}, ${n.country}, Source::${n.source}, ${lit(n.lang)}, ${lit(n.note)}},\n`;
  o += '};\nconst size_t kNameCount = sizeof(kNames) / sizeof(kNames[0]);\n\n}  // namespace crm::country_data\n';
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = outFile + '.tmp';
  fs.writeFileSync(tmp, o);
  fs.renameSync(tmp, outFile);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
