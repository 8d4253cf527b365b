#!/usr/bin/python3
"""Independent oracle for the country standardizer: reads Debian's iso-codes ISO 3166-1 JSON and
its gettext translations with Python's json and gettext modules (not the build's Node reader) and
writes every code, name, official name, common name and shipped translation with the entry it
must resolve to, plus upper-case and accent-free variants of each name.

Usage: iso3166_oracle.py ISO_CODES_PREFIX OUT.tsv
Output: tab-separated `input  expected  alpha3  name  source`; `expected` is an alpha-2 code, or
several joined by `|` when the same text (after the oracle's own case/accent/punctuation folding)
names more than one entry: a collision, which the test reports.
"""
import collections
import gettext
import json
import os
import re
import sys
import unicodedata

LANGUAGES = ['de', 'fr', 'es', 'it', 'nl', 'pt', 'pt_BR', 'zh_CN', 'zh_TW', 'ja']
FIELDS = ['name', 'official_name', 'common_name']


def strip_accents(s):
    return unicodedata.normalize('NFC', ''.join(
        c for c in unicodedata.normalize('NFD', s) if not unicodedata.category(c).startswith('M')))


def oracle_key(s):
    s = strip_accents(unicodedata.normalize('NFKC', s)).casefold()
    return ''.join(t for t in re.split(r'[\W_]+', s) if t and t != 'the')


def main():
    prefix, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(prefix, 'share/iso-codes/json/iso_3166-1.json'), encoding='utf-8') as f:
        entries = json.load(f)['3166-1']
    locale_dir = os.path.join(prefix, 'share/locale')
    translations = {l: gettext.translation('iso_3166-1', locale_dir, [l]) for l in LANGUAGES}
    rows = []  # (input, alpha2, source)
    for e in entries:
        a2 = e['alpha_2']
        rows += [(e['alpha_2'], a2, 'alpha_2'), (e['alpha_3'], a2, 'alpha_3'),
                 (e['numeric'], a2, 'numeric')]
        for field in FIELDS:
            if field not in e:
                continue
            rows.append((e[field], a2, 'en:' + field))
            for lang, t in translations.items():
                text = t.gettext(e[field])
                if text != e[field]:
                    rows.append((text, a2, lang + ':' + field))
    owners = collections.defaultdict(set)
    for text, a2, _ in rows:
        owners[oracle_key(text)].add(a2)
    by_a2 = {e['alpha_2']: e for e in entries}
    with open(out + '.tmp', 'w', encoding='utf-8') as f:
        for text, a2, source in rows:
            expected = '|'.join(sorted(owners[oracle_key(text)]))
            variants = [(text, source)]
            if not source.startswith(('alpha', 'numeric')):
                variants += [(text.upper(), source + '/upper'), (strip_accents(text), source + '/no-accents')]
            for v, src in dict.fromkeys(variants):
                f.write(f"{v}\t{expected}\t{by_a2[a2]['alpha_3']}\t{by_a2[a2]['name']}\t{src}\n")
    os.replace(out + '.tmp', out)


if __name__ == '__main__':
    main()
