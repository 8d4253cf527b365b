// Build-time generator: turns the nickname table of the npm package meilisearch-name-synonyms
// (exact version in package.json) into a C++ source with the nickname groups. Run by a CMake
// custom command; the output lives in the build tree and is never committed.
//
// The data is carltonnorthern/nicknames' names.csv (Apache License 2.0; see the README), one
// group a line: a given name followed by its nicknames or diminutives ("robert,bob,rob,bobby,...";
// a few lines are headed by a nickname, "bill,william,billy,robert,..."). The npm package keeps it
// as a synonym map: for every name, the other members of every line it is on, line after line. This
// script recovers the lines from that map (each line is the front chunk of every member's list
// when the lines are consumed in order), then checks that rebuilding the map from the recovered
// lines gives back exactly the package's map, and fails the build otherwise.
//
// Usage: node gen_nicknames.mjs PACKAGE_DIR OUT.cpp
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// Reads the package's synonym map (its CommonJS build).
export function readSynonyms(pkgDir) {
  const require = createRequire(import.meta.url);
  const mod = require(path.resolve(pkgDir, 'build/index.js'));
  if (!mod || typeof mod.nameSynonyms !== 'object') {
    throw new Error(`${pkgDir}: build/index.js does not export nameSynonyms`);
  }
  return mod.nameSynonyms;
}

// Recovers the lines of names.csv from the synonym map. Returns [[head, ...nicknames], ...].
export function recoverLines(map) {
  const keys = Object.keys(map);
  const queue = new Map();
  for (const k of keys) queue.set(k, { list: map[k], at: 0 });
  const seen = new Set();
  let nextKey = 0;
  const lines = [];
  // True when, for the line [h, ...chunk], every member's remaining list starts with the line
  // without that member (in line order).
  const consistent = (h, chunk) => {
    const line = [h, ...chunk];
    for (const x of chunk) {
      const q = queue.get(x);
      if (!q) return false;
      const want = line.filter((y) => y !== x);
      if (q.list.length - q.at < want.length) return false;
      for (let i = 0; i < want.length; ++i) if (q.list[q.at + i] !== want[i]) return false;
    }
    return true;
  };
  // The longest consistent line headed by h, or null.
  const longest = (h) => {
    const q = queue.get(h);
    for (let n = q.list.length - q.at; n >= 1; --n) {
      const chunk = q.list.slice(q.at, q.at + n);
      if (chunk.includes(h) || new Set(chunk).size !== chunk.length) continue;
      if (consistent(h, chunk)) return [h, ...chunk];
    }
    return null;
  };
  for (;;) {
    while (nextKey < keys.length && seen.has(keys[nextKey])) ++nextKey;
    let best = null;
    // The names.csv lines were read in order and each new name became a key in that order: the
    // next line either brings the first name not seen yet, or only names seen before.
    for (const [h, q] of queue) {
      if (q.list.length === q.at) continue;
      const line = longest(h);
      if (!line) continue;
      const bringsNext = nextKey < keys.length && line.includes(keys[nextKey]);
      const newOnes = line.filter((x) => !seen.has(x)).length;
      const score = [bringsNext ? 1 : 0, newOnes === 0 ? 1 : 0, line.length];
      const better =
        !best ||
        score[0] > best.score[0] ||
        (score[0] === best.score[0] &&
          (score[2] > best.score[2] ||
            (score[2] === best.score[2] && line.length === 2 && h.length > best.line[0].length)));
      if (better) best = { line, score };
    }
    if (!best) break;
    const line = best.line;
    for (const x of line) {
      queue.get(x).at += line.length - 1;
      seen.add(x);
    }
    lines.push(line);
  }
  const left = [...queue].filter(([, q]) => q.at !== q.list.length).map(([k]) => k);
  if (left.length) throw new Error(`nickname lines not recovered for: ${left.slice(0, 10)}`);
  return lines;
}

// Rebuilds the package's map from the lines in order (as its build script does) and compares
// every name's list, element by element.
export function checkLines(map, lines) {
  const out = {};
  for (const words of lines) {
    for (const w of words) (out[w] ??= []).push(...words.filter((x) => x !== w));
  }
  const keys = Object.keys(map);
  if (keys.length !== Object.keys(out).length) throw new Error('nickname check: name count differs');
  for (const k of keys) {
    if (map[k].join(',') !== (out[k] ?? []).join(',')) throw new Error(`nickname check: ${k} differs`);
  }
}

// Writes the C++ tables (see nickname_data.h).
export function writeCpp(lines, outFile) {
  const names = [...new Set(lines.flat())].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const groupsOf = names.map(() => []);
  lines.forEach((line, g) => line.forEach((n) => groupsOf[index.get(n)].push(g)));
  const members = [], groupOffsets = [0];
  for (const line of lines) {
    members.push(...line.map((n) => index.get(n)));
    groupOffsets.push(members.length);
  }
  const nameGroups = [], nameOffsets = [0];
  for (const gs of groupsOf) {
    nameGroups.push(...new Set(gs));
    nameOffsets.push(nameGroups.length);
  }
  const list = (a) => a.join(',').replace(/((?:[^,]*,){20})/g, '$1\n    ');
  const src = `// Generated by core/src/dedupe/gen_nicknames.mjs from the npm package
// meilisearch-name-synonyms (carltonnorthern/nicknames, Apache License 2.0). Do not edit.
#include "dedupe/nickname_data.h"

namespace crm::nickdata {

const char* const kNames[] = {
    ${names.map((n) => JSON.stringify(n)).join(',\n    ')}};
const size_t kNameCount = ${names.length};
const uint16_t kMembers[] = {
    ${list(members)}};
const uint32_t kGroupOffsets[] = {
    ${list(groupOffsets)}};
const size_t kGroupCount = ${lines.length};
const uint16_t kNameGroups[] = {
    ${list(nameGroups)}};
const uint32_t kNameGroupOffsets[] = {
    ${list(nameOffsets)}};

}  // namespace crm::nickdata
`;
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, src);
}

if (process.argv[1] && import.meta.url === `file://${path.resolve(process.argv[1])}`) {
  const [pkgDir, outFile] = process.argv.slice(2);
  if (!pkgDir || !outFile) {
    console.error('usage: node gen_nicknames.mjs PACKAGE_DIR OUT.cpp');
    process.exit(2);
  }
  const map = readSynonyms(pkgDir);
  for (const k of Object.keys(map)) {
    if (!/^[\x20-\x7e]+$/.test(k) || k.includes('"') || k.includes('\\')) {
      throw new Error(`unexpected name in the nickname table: ${JSON.stringify(k)}`);
    }
  }
  const lines = recoverLines(map);
  checkLines(map, lines);
  if (Object.keys(map).length > 65535) throw new Error('too many names for 16-bit indices');
  writeCpp(lines, outFile);
}
