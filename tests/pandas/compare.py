#!/usr/bin/python3
"""Checks crmwb's profile against pandas on the same file with the same missing definition:
missing, distinct, duplicate-row and duplicate-record counts exactly (duplicate records:
df.duplicated(subset=the columns that are not id columns), the id columns unique among the rows
that are not duplicate rows); mean and standard deviation (ddof=1) of the numeric columns to 1e-9
relative. Usage: compare.py CSV PROFILE_JSON
Run with Debian's python3 (python3-pandas)."""
import json
import math
import sys

import pandas as pd

# crmwb reads "1,234.50", "$1,234.50" and "1234.50 €" as numbers (thousands separators and a
# currency sign; see parse_number in core/include/crm/infer.h); pandas.to_numeric does not, so
# the same rule is applied before handing values to pandas.
LOOSE_NUMBER = r"^([$€£¥])?\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([$€£¥])?$"

# Decimal commas ("12,5", "1.234,56", optionally with a currency sign): a number when the integer
# part is dot-grouped or the digits after the comma are not exactly three; "1,234" only in a column
# the engine reads with decimal commas (its "decimal_comma" flag), else it is 1234.
DECIMAL_COMMA = r"^([$€£¥])?\s*([-+]?)((?:[1-9]\d{0,2}(?:\.\d{3})+)|0|[1-9]\d*),(\d+)\s*([$€£¥])?$"

NULL_TOKENS = ["NULL", "null", "N/A", "n/a", "NA", "None", "-"]


def main(csv_path, profile_path):
    profile = json.load(open(profile_path, encoding="utf-8"))
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_filter=False,
                     encoding="utf-8")
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)

    check(len(df) == profile["rows"], f"rows {len(df)} vs {profile['rows']}")
    # Exact duplicate rows (all columns equal to an earlier row), before any missing handling.
    dup = int(df.duplicated().sum())
    check(dup == profile["duplicate_rows"], f"duplicate_rows pandas {dup} vs {profile['duplicate_rows']}")

    # Duplicate records: equal in every column but the id columns, missing values alike.
    missing_df = df.apply(lambda s: s.str.strip().eq("") | s.str.strip().isin(NULL_TOKENS))
    normalized = df.mask(missing_df, "\x00")
    ids = profile.get("id_columns", [])
    not_dup = ~normalized.duplicated()
    for c in ids:
        vals = df.loc[not_dup & ~missing_df[c], c]
        check(vals.is_unique and len(vals) >= 2, f"id column {c} is not unique among non-duplicate rows")
    non_id = [c for c in df.columns if c not in ids]
    records = int(normalized.duplicated(subset=non_id).sum()) if non_id else dup
    check(records == profile["duplicate_records"],
          f"duplicate_records pandas {records} vs {profile['duplicate_records']} (id columns {ids})")

    checked_stats = 0
    worst = [0.0]
    for col in profile["columns"]:
        s = df[col["name"]]
        stripped = s.str.strip()
        missing_mask = (stripped == "") | stripped.isin(NULL_TOKENS)
        check(int(missing_mask.sum()) == col["missing"],
              f"{col['name']}: missing pandas {int(missing_mask.sum())} vs {col['missing']}")
        present = s[~missing_mask]
        check(int(present.nunique()) == col["distinct"],
              f"{col['name']}: distinct pandas {int(present.nunique())} vs {col['distinct']}")
        if col["type"] in ("integer", "decimal") and "mean" in col:
            text = present.str.strip()
            parts = text.str.extract(LOOSE_NUMBER)
            one_sign = parts[0].isna() | parts[2].isna()
            text = text.where(parts[1].isna() | ~one_sign, parts[1].str.replace(",", "", regex=False))
            dc = present.str.strip().str.extract(DECIMAL_COMMA)
            dc_ok = dc[2].notna() & (dc[0].isna() | dc[4].isna())
            plain_int = dc[2].notna() & ~dc[2].str.contains(".", regex=False, na=False)
            ambiguous = plain_int & (dc[3].str.len() == 3) & dc[0].isna() & dc[4].isna()
            dc_ok &= ~ambiguous | bool(col.get("decimal_comma"))
            dc_text = dc[1] + dc[2].str.replace(".", "", regex=False) + "." + dc[3]
            text = text.where(~dc_ok, dc_text)
            nums = pd.to_numeric(text, errors="coerce").dropna()
            mean, std = float(nums.mean()), float(nums.std(ddof=1))
            for name, ours, theirs in (("mean", col["mean"], mean), ("std", col["std"], std)):
                rel = abs(ours - theirs) / max(abs(theirs), 1e-300)
                worst[0] = max(worst[0], rel)
                check(rel <= 1e-9 or (math.isnan(theirs) and ours is None),
                      f"{col['name']}: {name} ours {ours!r} pandas {theirs!r} (rel {rel:.2e})")
            checked_stats += 1
    check(checked_stats >= 1, "no numeric column was compared")
    for f in failures:
        print("MISMATCH:", f)
    print(f"pandas {pd.__version__}: {len(profile['columns'])} columns, {checked_stats} numeric "
          f"columns compared (largest relative difference of mean/std {worst[0]:.1e}), "
          f"{len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
