#!/usr/bin/python3
"""Accuracy of `crmwb dedupe` with default settings and no labels.

FEBRL 1, 2, 3 (dedupe) and 4a ⋈ 4b (link) from ../shared/datasets/febrl with rec_id hidden
(the truth comes from it: rec-N-org and rec-N-dup-K are entity N), and the generator's truth
(`crmwb generate --truth`). Prints pairwise precision, recall and F1 and cluster-level figures
for crmwb and, in the same run, for the baseline a user would otherwise try: OpenRefine's
fingerprint key collision on name + address.

Usage: tests/dedupe/evaluate.py CRMWB [--datasets DIR] [--rows N] [--check] [--json]
  --check   exit 1 when a figure is below its floor (FLOORS)
"""
import argparse
import csv
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict

# Floors the tests assert: a little under what was measured (see the README).
FLOORS = {
    'febrl1': 0.99,
    'febrl2': 0.99,
    'febrl3': 0.99,
    'febrl4': 0.99,
    'generated': 0.975,
}


def fingerprint(s):
    """OpenRefine's fingerprint keyer: trim, lower-case, strip accents and punctuation, sort the
    unique tokens, join with spaces."""
    s = s.strip().lower()
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r'[^\w\s]', '', s)
    return ' '.join(sorted(set(s.split())))


def pairs_of(groups):
    """All unordered pairs of items within each group (a dict key -> list of items)."""
    out = set()
    for members in groups.values():
        if len(members) > 1:
            for a, b in itertools.combinations(sorted(members), 2):
                out.add((a, b))
    return out


def scores(pred, truth, link=False):
    """Pairwise precision, recall and F1 of predicted pairs against true pairs."""
    if link:
        pred = {p for p in pred if p[0].startswith('a:') != p[1].startswith('a:')}
    tp = len(pred & truth)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {'precision': round(precision, 4), 'recall': round(recall, 4), 'f1': round(f1, 4),
            'true_pairs': len(truth), 'predicted_pairs': len(pred)}


def cluster_scores(pred_groups, truth_groups):
    """Cluster-level: the share of true multi-record entities found exactly, and the share of
    predicted multi-record clusters that are exactly one true entity."""
    t = {frozenset(m) for m in truth_groups.values() if len(m) > 1}
    p = {frozenset(m) for m in pred_groups.values() if len(m) > 1}
    exact = len(t & p)
    return {'entities': len(t), 'clusters': len(p),
            'entities_found_exactly': round(exact / len(t), 4) if t else 1.0,
            'clusters_exact': round(exact / len(p), 4) if p else 1.0}


def read_clusters(path):
    groups = defaultdict(list)
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            groups[row['cluster_id']].append(row['row'])
    return groups


def run_crmwb(crmwb, args):
    t = time.monotonic()
    r = subprocess.run([crmwb, 'dedupe'] + args + ['--json'], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f'crmwb dedupe failed ({r.returncode}): {r.stderr}')
    summary = json.loads(r.stdout)
    summary['seconds'] = round(time.monotonic() - t, 2)
    return summary


def febrl_table(path, out, tag):
    """Writes `path` without rec_id to `out`; returns (row names, entity per row, records)."""
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f, skipinitialspace=True))
    header, body = rows[0], rows[1:]
    i = header.index('rec_id')
    with open(out, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(header[:i] + header[i + 1:])
        for r in body:
            w.writerow(r[:i] + r[i + 1:])
    names = [f'{tag}{n}' for n in range(len(body))]
    entity = [r[i].split('-')[1] for r in body]
    records = [dict(zip(header, r)) for r in body]
    return names, entity, records


def baseline(names, records, fields):
    """Fingerprint key collision on the concatenation of `fields` (empty keys never collide)."""
    groups = defaultdict(list)
    for n, rec in zip(names, records):
        key = fingerprint(' '.join(rec.get(c, '') for c in fields))
        groups[key or f'empty:{n}'].append(n)
    return groups


def evaluate(name, crmwb, files, tmp, link=False, truth_rows=None, key_fields=None, extra=()):
    names, entity, records = [], [], []
    inputs = []
    for k, path in enumerate(files):
        tag = ('a:', 'b:')[k] if link else ''
        if truth_rows is None:
            out = os.path.join(tmp, f'{name}_{k}.csv')
            n, e, r = febrl_table(path, out, tag)
        else:
            out = path
            with open(path, newline='', encoding='utf-8') as f:
                r = list(csv.DictReader(f))
            n = [str(i) for i in range(len(r))]
            e = truth_rows
        names += n
        entity += e
        records += r
        inputs.append(out)
    truth_groups = defaultdict(list)
    for n, e in zip(names, entity):
        truth_groups[e].append(n)
    truth = pairs_of(truth_groups)
    if link:
        truth = {p for p in truth if p[0].startswith('a:') != p[1].startswith('a:')}
    clusters = os.path.join(tmp, f'{name}_clusters.csv')
    args = [inputs[0], '--out', os.path.join(tmp, f'{name}_out.csv'), '--clusters', clusters]
    if link:
        args += ['--link', inputs[1]]
    summary = run_crmwb(crmwb, args + list(extra))
    pred_groups = read_clusters(clusters)
    result = {
        'rows': len(names),
        'crmwb': scores(pairs_of(pred_groups), truth, link),
        'crmwb_clusters': cluster_scores(pred_groups, truth_groups),
        'pairs_compared': summary['pairs_compared'],
        'seconds': summary['seconds'],
    }
    base_groups = baseline(names, records, key_fields)
    result['fingerprint_baseline'] = scores(pairs_of(base_groups), truth, link)
    result['fingerprint_baseline_clusters'] = cluster_scores(base_groups, truth_groups)
    return result


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('crmwb')
    default_data = os.path.join(here, '../../../shared/datasets/febrl')
    if not os.path.isdir(default_data):
        default_data = '/work/shared/datasets/febrl'
    ap.add_argument('--datasets', default=default_data)
    ap.add_argument('--rows', type=int, default=100000)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--dup-rate', default='0.1')
    ap.add_argument('--only', default='', help='comma-separated subset: febrl1,...,generated')
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--threshold', help='passed to crmwb dedupe (default: its own)')
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args()
    only = set(filter(None, a.only.split(',')))
    extra = ['--threshold', a.threshold] if a.threshold else []
    febrl_key = ['given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb']
    gen_key = ['first_name', 'last_name', 'street', 'city']
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = a.datasets
        for k in (1, 2, 3):
            name = f'febrl{k}'
            path = os.path.join(d, f'dataset{k}.csv')
            if (not only or name in only) and os.path.exists(path):
                results[name] = evaluate(name, a.crmwb, [path], tmp, key_fields=febrl_key, extra=extra)
        pa, pb = os.path.join(d, 'dataset4a.csv'), os.path.join(d, 'dataset4b.csv')
        if (not only or 'febrl4' in only) and os.path.exists(pa):
            results['febrl4'] = evaluate('febrl4', a.crmwb, [pa, pb], tmp, link=True,
                                         key_fields=febrl_key, extra=extra)
        if not only or 'generated' in only:
            gen, truth = os.path.join(tmp, 'gen.csv'), os.path.join(tmp, 'truth.csv')
            subprocess.run([a.crmwb, 'generate', '--rows', str(a.rows), '--seed', str(a.seed),
                            '--dup-rate', a.dup_rate, '--out', gen, '--truth', truth], check=True)
            with open(truth, newline='') as f:
                ent = [r['entity_id'] for r in csv.DictReader(f)]
            results['generated'] = evaluate('generated', a.crmwb, [gen], tmp, truth_rows=ent,
                                            key_fields=gen_key, extra=extra)
    if a.json:
        print(json.dumps(results, indent=2))
    else:
        print(f'{"data":<10} {"rows":>7} {"P":>7} {"R":>7} {"F1":>7}   {"base P":>7} '
              f'{"base R":>7} {"base F1":>7}  {"found":>6} {"s":>6}')
        for name, r in results.items():
            c, b = r['crmwb'], r['fingerprint_baseline']
            print(f'{name:<10} {r["rows"]:>7} {c["precision"]:>7} {c["recall"]:>7} {c["f1"]:>7}   '
                  f'{b["precision"]:>7} {b["recall"]:>7} {b["f1"]:>7}  '
                  f'{r["crmwb_clusters"]["entities_found_exactly"]:>6} {r["seconds"]:>6}')
    if a.check:
        failed = [f'{n}: F1 {r["crmwb"]["f1"]} < {FLOORS[n]}' for n, r in results.items()
                  if r['crmwb']['f1'] < FLOORS[n]]
        if failed:
            print('below the floor: ' + '; '.join(failed), file=sys.stderr)
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
