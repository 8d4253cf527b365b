#!/usr/bin/env python3
"""Oracle for `crmwb find`: Debian's python3-phonenumbers (Google's libphonenumber in Python) and
plain string folding decide, independently of crmwb, which records hold the queried phone or
e-mail. Every such record must be reported at level "exact" for that column, and every record
reported "exact" must be one of them.

Phones: only records written in international form (+...) are judged, so that no default region
is involved; the query is the same number written in another layout (phonenumbers' national or
RFC 3966 form). E-mails: trimmed and lower-cased.

Usage: /usr/bin/python3 find_oracle.py CRMWB WORKDIR
"""
import json
import os
import subprocess
import sys

import phonenumbers


def e164(text):
    try:
        n = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) if phonenumbers.is_valid_number(n) else None


def main():
    crmwb, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    csv_path = os.path.join(work, 'find-oracle.csv')
    subprocess.run([crmwb, 'generate', '--rows', '4000', '--seed', '17', '--dup-rate', '0.3', '--out', csv_path], check=True)
    import csv
    with open(csv_path, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))

    def find(*args):
        out = subprocess.run([crmwb, 'find', csv_path, *args, '--json', '--limit', '100000'], check=True, capture_output=True, text=True)
        return json.loads(out.stdout)

    def exact_rows(search, column):
        got = set()
        for m in search['matches']:
            for r in m['why']:
                if r['column'] == column and r['level'] == 'exact':
                    got.add(m['row'])
        return got

    phones_checked = emails_checked = 0
    seen = set()
    for i, row in enumerate(rows):
        p = row['phone'].strip()
        if not p.startswith('+') or phones_checked >= 25:
            continue
        want = e164(p)
        if want is None or want in seen:
            continue
        seen.add(want)
        n = phonenumbers.parse(p, None)
        query = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.RFC3966)
        expected = {j for j, r in enumerate(rows) if r['phone'].strip().startswith('+') and e164(r['phone'].strip()) == want}
        got = exact_rows(find('--phone', query), 'phone')
        international = {j for j in got if rows[j]['phone'].strip().startswith('+')}
        if not expected <= got or international != expected:
            sys.exit(f'phone {query} ({want}): phonenumbers says rows {sorted(expected)}, crmwb exact {sorted(international)}')
        phones_checked += 1
    for i, row in enumerate(rows):
        e = row['email'].strip()
        if '@' not in e or emails_checked >= 25 or i % 37:
            continue
        query = e.upper()
        expected = {j for j, r in enumerate(rows) if r['email'].strip().lower() == e.lower()}
        got = exact_rows(find('--email', query), 'email')
        if got != expected:
            sys.exit(f'email {query}: expected rows {sorted(expected)}, crmwb exact {sorted(got)}')
        emails_checked += 1
    if phones_checked < 20 or emails_checked < 20:
        sys.exit(f'too few cases: {phones_checked} phones, {emails_checked} e-mails')
    print(f'find oracle: {phones_checked} phones and {emails_checked} e-mails agree with phonenumbers and folding')


if __name__ == '__main__':
    main()
