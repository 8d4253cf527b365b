// Stand-in customer CSV for developing the benchmark before `crmwb generate` exists.
// Same 14 columns as the real generator; quoted fields with commas, empty and null-token
// values, ~10% near-duplicate rows. Deterministic for a given seed.
//
// Usage: node bench/make_standin.mjs --rows N [--seed S] --out FILE
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './common.mjs';

const args = parseArgs(process.argv.slice(2), { rows: 100000, seed: 7, out: null, 'dup-rate': 0.1 });
if (!args.out) {
  console.error('usage: node bench/make_standin.mjs --rows N [--seed S] [--dup-rate R] --out FILE');
  process.exit(2);
}
const rows = Number(args.rows);
const dupRate = Number(args['dup-rate']);

// xorshift32: small, fast, deterministic.
let state = (Number(args.seed) * 2654435761) >>> 0 || 1;
function rnd() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pad = (n, w) => String(n).padStart(w, '0');

const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda',
  'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas',
  'Sarah', 'Charles', 'Karen', 'José', 'Zoë', 'François', 'Søren', 'Anaïs', 'Łukasz', 'Chloé'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis',
  'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas',
  "O'Brien", 'Müller', 'Schäfer', 'Nguyen', 'Kowalski', 'Dubois', 'Rossi', 'Silva'];
const COMPANY = ['Acme, Inc.', 'Globex Corporation', 'Initech', 'Umbrella Corp', 'Stark Industries',
  'Wayne Enterprises', 'Hooli', 'Vandelay Industries, LLC', 'Wonka Industries', 'Cyberdyne Systems',
  'Soylent, Ltd.', 'Tyrell Corp', 'Massive Dynamic', 'Pied Piper', 'Dunder Mifflin, Inc.'];
const STREET = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Park Blvd', 'Elm St', 'Pine Rd',
  'Lake View Ter', 'Hillcrest Way', 'Washington Ave'];
const CITY = [['Springfield', 'US'], ['Portland', 'US'], ['Austin', 'US'], ['Toronto', 'CA'],
  ['London', 'GB'], ['Manchester', 'GB'], ['Berlin', 'DE'], ['München', 'DE'], ['Paris', 'FR'],
  ['Lyon', 'FR'], ['Madrid', 'ES'], ['Milano', 'IT'], ['Sydney', 'AU'], ['Dublin', 'IE']];
const DOMAIN = ['gmail.com', 'yahoo.com', 'outlook.com', 'example.com', 'mail.de', 'icloud.com'];
const NULLS = ['', '', '', 'N/A', 'NULL', 'n/a', '-', 'None', ' '];

function quote(v) {
  return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}
function maybeNull(v, p) {
  return rnd() < p ? pick(NULLS) : v;
}
function postal(country) {
  switch (country) {
    case 'US': return pad(int(501, 99950), 5);
    case 'CA': return 'M' + int(1, 9) + 'B ' + int(1, 9) + 'C' + int(1, 9);
    case 'GB': return 'SW' + int(1, 20) + ' ' + int(1, 9) + 'AA';
    case 'DE': case 'FR': case 'ES': case 'IT': return pad(int(1000, 99999), 5);
    default: return String(int(1000, 9999));
  }
}
function date(y0, y1) {
  return `${int(y0, y1)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
}

function makeRecord(i) {
  const first = pick(FIRST);
  const last = pick(LAST);
  const [city, country] = pick(CITY);
  const street = `${int(1, 9999)} ${pick(STREET)}` + (rnd() < 0.15 ? `, Apt ${int(1, 400)}` : '');
  const signup = date(2015, 2023);
  return [
    'C' + pad(i + 1, 8),
    first,
    last,
    `${first.toLowerCase()}.${last.toLowerCase().replace(/'/g, '')}${int(1, 999)}@${pick(DOMAIN)}`,
    rnd() < 0.5 ? `+1 (${int(200, 989)}) ${int(200, 999)}-${pad(int(0, 9999), 4)}`
      : `0${int(100, 999)} ${int(100000, 9999999)}`,
    pick(COMPANY),
    street,
    city,
    postal(country),
    country,
    signup,
    `${date(2023, 2024)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}Z`,
    (rnd() * 5000).toFixed(2),
    String(int(0, 120)),
  ];
}

function mutate(rec, i) {
  const r = rec.slice();
  r[0] = 'C' + pad(i + 1, 8);
  const k = int(0, 3);
  if (k === 0) r[1] = r[1].toUpperCase();
  else if (k === 1) r[3] = ' ' + r[3].toUpperCase() + ' ';
  else if (k === 2) r[4] = r[4].replace(/[^0-9+]/g, '');
  else r[6] = r[6].replace(' St', ' Street');
  return r;
}

fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
const fd = fs.openSync(args.out, 'w');
const header = 'customer_id,first_name,last_name,email,phone,company,street,city,postal_code,' +
  'country,signup_date,last_updated,total_spend,order_count\n';
let buf = header;
const recent = [];
for (let i = 0; i < rows; i++) {
  let rec;
  if (recent.length > 0 && rnd() < dupRate) rec = mutate(pick(recent), i);
  else {
    rec = makeRecord(i);
    if (recent.length < 1000) recent.push(rec);
    else recent[int(0, 999)] = rec;
  }
  // Missing values in a few columns.
  const out = rec.map((v, c) => (c === 0 ? v : maybeNull(v, c === 5 ? 0.08 : 0.02)));
  buf += out.map(quote).join(',') + '\n';
  if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
}
fs.writeSync(fd, buf);
fs.closeSync(fd);
console.error(`make_standin: wrote ${rows} rows, ${fs.statSync(args.out).size} bytes to ${args.out}`);
