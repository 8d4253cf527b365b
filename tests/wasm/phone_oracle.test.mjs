// Phone parsing against libphonenumber's Python port (Debian python3-phonenumbers): 24,000
// numbers from 50 regions in every usual notation (tests/phone/oracle.py), parsed by the
// native build and the WebAssembly build. Both must give the same answers, and agree with the
// oracle on E.164 and on validity for at least 99.5% of the cases.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadEngineNode } from '../../web/engine-node.js';
import { root, run, tempDir } from './helpers.mjs';

const python = '/usr/bin/python3';

test('phone numbers agree with libphonenumber (Python) on native and WebAssembly', async () => {
  const dir = tempDir();
  const gen = run(python, [path.join(root, 'tests/phone/oracle.py')]);
  assert.equal(gen.status, 0, gen.stderr.toString());
  const cases = gen.stdout.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(cases.length >= 20000, `only ${cases.length} cases`);
  const regions = new Set(cases.map((c) => c.region).filter((r) => r));
  assert.ok(regions.size >= 20, `only ${regions.size} regions`);

  // Native: the phone_test binary answers the cases.
  const input = path.join(dir, 'cases.tsv');
  const output = path.join(dir, 'answers.tsv');
  fs.writeFileSync(input, cases.map((c) => `${c.region}\t${c.text}`).join('\n') + '\n');
  const bin = path.join(root, 'build/native/phone_test');
  const r = run(bin, ['--gtest_filter=PhoneOracle.Answers'], {
    env: { ...process.env, CRM_PHONE_CASES: input, CRM_PHONE_ANSWERS: output },
  });
  assert.equal(r.status, 0, r.stdout.toString());
  const native = fs.readFileSync(output, 'utf8').trim().split('\n');

  // WebAssembly: one batch per default region.
  const engine = await loadEngineNode();
  const wasm = new Array(cases.length);
  const byRegion = new Map();
  cases.forEach((c, i) => {
    if (!byRegion.has(c.region)) byRegion.set(c.region, []);
    byRegion.get(c.region).push(i);
  });
  for (const [region, idx] of byRegion) {
    const out = engine.parsePhones(idx.map((i) => cases[i].text), { region });
    idx.forEach((i, k) => (wasm[i] = `${out[k].number}\t${out[k].reason}`));
  }

  let e164Agree = 0;
  let validAgree = 0;
  const wrong = new Map();
  cases.forEach((c, i) => {
    assert.equal(wasm[i], native[i], `native and WebAssembly differ on ${JSON.stringify(c.text)}`);
    const [number, reason] = native[i].split('\t');
    const okE164 = number === c.e164;
    const okValid = (reason === 'ok') === c.valid;
    e164Agree += okE164;
    validAgree += okValid;
    if (!okE164 || !okValid) {
      const key = `${c.kind}: ${okE164 ? '' : 'e164 '}${okValid ? '' : 'validity'}`.trim();
      const w = wrong.get(key) ?? { count: 0, example: c, got: native[i] };
      w.count++;
      wrong.set(key, w);
    }
  });
  const share = (k) => ((100 * k) / cases.length).toFixed(2);
  console.log(`phone oracle: ${cases.length} cases, ${regions.size} regions; E.164 agreement ` +
    `${share(e164Agree)}%, validity agreement ${share(validAgree)}%`);
  for (const [key, w] of [...wrong].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`  ${w.count} × ${key} — e.g. ${JSON.stringify(w.example.text)} ` +
      `(${w.example.region || 'no region'}): oracle ${w.example.e164 || 'fails'} ` +
      `${w.example.valid ? 'valid' : 'invalid'}, got ${w.got.replace("\t", " ")}`);
  }
  assert.ok(e164Agree / cases.length >= 0.995, `E.164 agreement ${share(e164Agree)}%`);
  assert.ok(validAgree / cases.length >= 0.995, `validity agreement ${share(validAgree)}%`);
});
