#!/usr/bin/python3
"""The pandas oracle of `crmwb segment --method rfm`.

Generates customers and orders with `crmwb generate --orders`, runs `crmwb segment --method rfm
--json`, recomputes everything with pandas (Debian python3-pandas) and compares exactly:
the match report's counts, recency/frequency/monetary per customer row, the R/F/M scores (pandas
qcut on rank(method='first')), the segments and the segment sizes and revenue.

The rules re-implemented here are the documented ones (README "Segments: orders and RFM"): keys
match as written, else trimmed, else ASCII-case-folded; a date is YYYY-MM-DD optionally followed
by T or a space and a time; an amount is -?digits[.digits]; order of the checks: key, date,
amount, reference date. The arithmetic (groupby sums, ranks, quantile bins) is pandas'.

usage: rfm_oracle.py --crmwb PATH [--rows N] [--seed S] [--reference-date D] [--workdir DIR]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import pandas as pd

NULL_TOKENS = {"NULL", "null", "N/A", "n/a", "NA", "None", "-"}
WS = " \t\r\n\v\f"
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$", re.S)
AMOUNT_RE = re.compile(r"^-?\d+(?:\.\d+)?$")

# The public RFM segment map on R and F scores, with 11 split off Hibernating as Lost.
SEGMENT_MAP = [
    (r"[1-2][1-2]", "Hibernating"),
    (r"[1-2][3-4]", "At risk"),
    (r"[1-2]5", "Cannot lose them"),
    (r"3[1-2]", "About to sleep"),
    (r"33", "Need attention"),
    (r"[3-4][4-5]", "Loyal"),
    (r"41", "Promising"),
    (r"51", "New"),
    (r"[4-5][2-3]", "Potential loyalist"),
    (r"5[4-5]", "Champions"),
]
ORDER = ["Champions", "Loyal", "Potential loyalist", "New", "Promising", "Need attention",
         "About to sleep", "At risk", "Cannot lose them", "Hibernating", "Lost", "No orders"]


def missing(s: pd.Series) -> pd.Series:
    t = s.str.strip(WS)
    return (t == "") | t.isin(NULL_TOKENS)


def fold(s: pd.Series) -> pd.Series:
    return s.str.strip(WS).str.translate(ASCII_LOWER)


def segment_of(r, f):
    if r == 1 and f == 1:
        return "Lost"
    rf = f"{r}{f}"
    for pat, name in SEGMENT_MAP:
        if re.fullmatch(pat, rf):
            return name
    raise AssertionError(rf)


def oracle(customers_csv, orders_csv, reference_date):
    cust = pd.read_csv(customers_csv, dtype=str, keep_default_na=False)
    orders = pd.read_csv(orders_csv, dtype=str, keep_default_na=False)
    ck, ok, od, oa = "customer_id", "customer_id", "order_date", "amount"

    ckeys = cust[ck]
    ckey_ok = ~missing(ckeys)
    uniq = pd.unique(ckeys[ckey_ok])  # first-appearance order
    key_index = pd.Series(range(len(uniq)), index=uniq)
    folded = fold(pd.Series(uniq))
    fold_counts = folded.value_counts()
    fold_index = pd.Series(range(len(uniq)), index=folded.values)
    fold_index = fold_index[~fold_index.index.duplicated(keep="first")]

    key = orders[ok]
    key_missing = missing(key)
    k_exact = key.map(key_index)
    k_trim = key.str.strip(WS).map(key_index)
    fk = fold(key)
    k_fold = fk.map(fold_index)
    ambiguous = fk.map(fold_counts).fillna(0) > 1
    kind = pd.Series("orphan", index=orders.index)
    kind[key_missing] = "missing_key"
    kind[~key_missing & k_fold.notna() & ambiguous] = "ambiguous_key"
    kind[~key_missing & k_fold.notna() & ~ambiguous] = "folded"
    kind[~key_missing & k_trim.notna()] = "trimmed"
    kind[~key_missing & k_exact.notna()] = "exact"
    kidx = k_exact.fillna(k_trim).fillna(k_fold.where(~ambiguous))

    date_missing = missing(orders[od])
    dmatch = orders[od].str.strip(WS).str.extract(DATE_RE, expand=False)
    day = pd.to_datetime(dmatch, format="%Y-%m-%d", errors="coerce")
    day[date_missing] = pd.NaT
    amount_missing = missing(orders[oa])
    astr = orders[oa].str.strip(WS)
    numeric = astr.str.fullmatch(AMOUNT_RE) & ~amount_missing
    amount = pd.to_numeric(astr.where(numeric), errors="coerce")

    newest = day.max()
    ref = pd.Timestamp(reference_date) if reference_date else newest + pd.Timedelta(days=1)

    issue = pd.Series("counted", index=orders.index)
    key_bad = ~kind.isin(["exact", "trimmed", "folded"])
    issue[key_bad] = kind[key_bad]
    rest = ~key_bad
    issue[rest & date_missing] = "missing_date"
    rest &= ~date_missing
    issue[rest & day.isna()] = "bad_date"
    rest &= day.notna()
    issue[rest & amount_missing] = "missing_amount"
    rest &= ~amount_missing
    issue[rest & ~numeric] = "non_numeric_amount"
    rest &= numeric
    issue[rest & (amount < 0)] = "negative_amount"
    rest &= amount >= 0
    if reference_date:
        issue[rest & (day > ref)] = "after_reference_date"
        rest &= ~(day > ref)

    counted = pd.DataFrame({"k": kidx[rest].astype(int), "day": day[rest], "amount": amount[rest]})
    g = counted.groupby("k", sort=True)
    per = pd.DataFrame({"frequency": g.size(), "monetary": g["amount"].sum(),
                        "last": g["day"].max()})
    per = per.reindex(range(len(uniq)))  # key order = first appearance in the customers
    has = per["frequency"].notna()
    p = per[has].copy()
    p["recency"] = (ref - p["last"]).dt.days
    p["r"] = pd.qcut(p["recency"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
    p["f"] = pd.qcut(p["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    p["m"] = pd.qcut(p["monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    p["segment"] = [segment_of(r, f) for r, f in zip(p["r"], p["f"])]

    report = {
        "order_rows": len(orders),
        "matched": int(rest.sum()),
        "matched_exact": int((rest & (kind == "exact")).sum()),
        "matched_after_trim": int((rest & (kind == "trimmed")).sum()),
        "matched_after_case_fold": int((rest & (kind == "folded")).sum()),
        "orphan_keys": int(key[issue == "orphan"].nunique()),
        "customer_keys": len(uniq),
        "customers_with_orders": int(has.sum()),
        "customers_without_orders": int((~has).sum()),
        "excluded": {c: int((issue == c).sum()) for c in issue.unique() if c != "counted"},
        "newest_order_date": newest.strftime("%Y-%m-%d"),
    }

    # Per customer row.
    rows = []
    row_k = ckeys.map(key_index).where(ckey_ok)
    for k in row_k:
        if pd.isna(k) or int(k) not in p.index:
            rows.append(("", "0", "0.00", "", "", "", "No orders"))
        else:
            x = p.loc[int(k)]
            rows.append((str(int(x["recency"])), str(int(x["frequency"])), "%.2f" % x["monetary"],
                         str(x["r"]), str(x["f"]), str(x["m"]), x["segment"]))
    expected = pd.DataFrame(rows, columns=["recency_days", "frequency", "monetary", "r_score",
                                           "f_score", "m_score", "rfm_segment"])
    sizes = p["segment"].value_counts()
    revenue = p.groupby("segment")["monetary"].sum()
    no_orders = int((~has).sum()) + int((~ckey_ok).sum())
    segs = {name: (int(sizes.get(name, 0)), float(revenue.get(name, 0.0))) for name in ORDER}
    segs["No orders"] = (no_orders, 0.0)
    return report, expected, segs, ref.strftime("%Y-%m-%d")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crmwb", required=True)
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--reference-date")
    ap.add_argument("--workdir")
    a = ap.parse_args()
    work = a.workdir or tempfile.mkdtemp(prefix="rfm_oracle_")
    os.makedirs(work, exist_ok=True)
    cust, orders, out = (os.path.join(work, n) for n in ("customers.csv", "orders.csv", "out.csv"))
    subprocess.run([a.crmwb, "generate", "--rows", str(a.rows), "--seed", str(a.seed), "--out",
                    cust, "--orders", orders], check=True)
    cmd = [a.crmwb, "segment", cust, "--orders", orders, "--method", "rfm", "--out", out, "--json"]
    if a.reference_date:
        cmd += ["--reference-date", a.reference_date]
    summary = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)

    report, expected, segs, ref = oracle(cust, orders, a.reference_date)
    failures = []
    m = summary["match"]
    for k, v in report.items():
        got = m[k] if k != "excluded" else {c: n for c, n in m["excluded"].items() if n}
        if got != v:
            failures.append(f"match.{k}: crmwb {got!r}, pandas {v!r}")
    if summary["reference_date"] != ref:
        failures.append(f"reference date: crmwb {summary['reference_date']}, pandas {ref}")

    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    for col in expected.columns:
        diff = got[col] != expected[col]
        if diff.any():
            i = int(diff.idxmax())
            failures.append(f"{col}: {int(diff.sum())} rows differ, first data row {i}: "
                            f"crmwb {got[col][i]!r}, pandas {expected[col][i]!r}")
    for s in summary["segments"]:
        n, rev = segs[s["segment"]]
        if s["customers"] != n or abs(s["revenue"] - round(rev, 2)) > 0.005:
            failures.append(f"segment {s['segment']}: crmwb {s['customers']} / {s['revenue']}, "
                            f"pandas {n} / {rev:.2f}")
    counted = sum(1 for v in expected["rfm_segment"] if v != "No orders")
    print(f"rfm oracle: {len(got)} customer rows ({counted} with orders), "
          f"{report['order_rows']} order rows, reference {ref}: "
          f"{'OK' if not failures else f'{len(failures)} differences'}")
    for f in failures[:20]:
        print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
