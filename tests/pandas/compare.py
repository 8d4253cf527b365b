#!/usr/bin/python3
"""Checks crmwb's profile against pandas on the same file with the same missing definition:
missing, distinct and duplicate-row counts exactly; mean and standard deviation (ddof=1) of the
numeric columns to 1e-9 relative. Usage: compare.py CSV PROFILE_JSON
Run with Debian's python3 (python3-pandas)."""
import json
import math
import sys

import pandas as pd

# crmwb reads "1,234.50", "$1,234.50" and "1234.50 €" as numbers (thousands separators and a
# currency sign; see parse_number in core/include/crm/infer.h); pandas.to_numeric does not, so
# the same rule is applied before handing values to pandas.
LOOSE_NUMBER = r"^([$€£¥])?\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([$€£¥])?$"

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
