#!/usr/bin/python3
"""Pandas oracle for crmwb's golden records (run by golden_test's GoldenOracle.MatchesPandas).

Usage: golden_oracle.py INPUT.csv TRUTH.csv GOLDEN.csv LINEAGE.csv

Rebuilds, with pandas and independently of the C++ code, the golden record of every cluster (the
rows of one entity in the generator's truth file) under the rules the test uses:
  email, phone       most recent by last_updated
  city, first_name   most frequent (ties: the value seen first)
  everything else    most complete (the row with the most non-missing fields; ties: first row)
Missing values never win over present ones; when a cluster has no present value the first row's
value is kept. Compares every cell, cluster_id, source_rows and the lineage file; exits 1 on the
first differences (printed) and 0 when all agree.
"""
import sys
import warnings

import numpy as np
import pandas as pd

NULL_TOKENS = {"NULL", "null", "N/A", "n/a", "NA", "None", "-"}
DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%m/%d/%Y", "%d.%m.%Y",
                "%b %d, %Y"]
RECENT = {"email", "phone"}
FREQUENT = {"city", "first_name"}


def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def missing_mask(df):
    stripped = df.apply(lambda s: s.str.strip())
    return (stripped == "") | stripped.isin(NULL_TOKENS)


def date_scores(s):
    """Nanoseconds since 1970 of the generator's date layouts (each parsed by pandas with an
    explicit format); the smallest int64 for anything else, impossible dates included."""
    s = s.str.strip()
    nat = np.iinfo(np.int64).min
    out = np.full(len(s), nat, dtype=np.int64)
    for fmt in DATE_FORMATS:
        parsed = pd.to_datetime(s, format=fmt, errors="coerce", utc=True)
        ns = np.asarray(parsed.dt.tz_convert(None).values, dtype="datetime64[ns]").view(np.int64)
        out = np.where(out == nat, ns, out)
    return pd.Series(out, index=s.index)


def main():
    warnings.simplefilter("ignore", UserWarning)
    inp_path, truth_path, golden_path, lineage_path = sys.argv[1:5]
    df = read(inp_path)
    truth = pd.read_csv(truth_path)
    golden = read(golden_path)
    lineage = pd.read_csv(lineage_path, dtype={"column": str})
    assert len(truth) == len(df), "truth and input differ in length"
    cols = list(df.columns)
    miss = missing_mask(df)
    filled = (~miss).sum(axis=1)
    date_score = date_scores(df["last_updated"])

    frame = pd.DataFrame({"row": np.arange(len(df)), "entity": truth["entity_id"].values})
    frame["cluster"] = frame.groupby("entity")["row"].transform("min")
    clusters = frame.groupby("cluster", sort=True)["row"].apply(list)

    expected_rows = {c: [] for c in cols}
    for c in cols:
        present = ~miss[c]
        sub = frame.assign(present=present.values, filled=filled.values, date=date_score.values,
                           value=df[c].values)
        cand = sub[sub["present"]]
        if c in FREQUENT:
            counts = cand.groupby(["cluster", "value"]).agg(n=("row", "size"), first=("row", "min"))
            counts = counts.reset_index().sort_values(["cluster", "n", "first"],
                                                      ascending=[True, False, True])
            pick = counts.groupby("cluster")["first"].first()
        else:
            key = "date" if c in RECENT else "filled"
            # idxmax keeps the first maximum: ties go to the earliest row (rows are in order).
            pick = cand.groupby("cluster")[key].idxmax().map(lambda i: sub.at[i, "row"])
        chosen = pd.Series(clusters.index, index=clusters.index).map(pick)
        chosen = chosen.fillna(pd.Series(clusters.index, index=clusters.index)).astype(int)
        expected_rows[c] = chosen.values

    problems = []
    if len(golden) != len(clusters):
        problems.append(f"{len(golden)} golden records, expected {len(clusters)}")
    else:
        ids = np.array(clusters.index)
        if not (golden["cluster_id"].astype(int).values == ids).all():
            problems.append("cluster_id column differs")
        want_rows = clusters.map(lambda rows: ";".join(map(str, rows))).values
        bad = np.flatnonzero(golden["source_rows"].values != want_rows)
        if len(bad):
            problems.append(f"source_rows differ at records {bad[:5].tolist()}")
        for c in cols:
            want = df[c].values[expected_rows[c]]
            bad = np.flatnonzero(golden[c].values != want)
            for i in bad[:5]:
                problems.append(f"record {i} (cluster {ids[i]}) column {c}: got {golden[c].values[i]!r}, "
                                f"pandas {want[i]!r} from row {expected_rows[c][i]}")
        # Lineage: one line per cell of merged records.
        sizes = clusters.map(len).values
        merged = np.flatnonzero(sizes > 1)
        want_lines = len(merged) * len(cols)
        if len(lineage) != want_lines:
            problems.append(f"lineage has {len(lineage)} lines, expected {want_lines}")
        else:
            col_index = {c: k for k, c in enumerate(cols)}
            rec = lineage["record"].values
            src = lineage["source_row"].values
            colk = lineage["column"].map(col_index).values
            want_src = np.array([expected_rows[cols[k]][r] for r, k in zip(rec, colk)])
            bad = np.flatnonzero(src != want_src)
            if len(bad):
                problems.append(f"lineage source rows differ on {len(bad)} lines, e.g. line {bad[0]}")
            if not (ids[rec] == lineage["cluster_id"].values).all():
                problems.append("lineage cluster ids differ")
    merged_count = int((clusters.map(len) > 1).sum())
    if problems:
        print("golden records differ from pandas:")
        for p in problems[:40]:
            print("  " + p)
        return 1
    print(f"golden records agree with pandas: {len(clusters)} records, {merged_count} merged clusters, "
          f"{len(cols)} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
