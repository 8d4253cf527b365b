"""Statistics against scipy and pandas: Pearson, Spearman (ties), chi-square and p-value,
group-by count/sum/mean/median, linear regression; to 1e-9."""
import numpy as np
import pandas as pd
from scipy import stats

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(2)
n = 4000
a = rng.normal(size=n)
b = 0.6 * a + rng.normal(size=n)
t = np.round(rng.exponential(size=n), 1)  # many ties
u = np.round(a * 2) + rng.integers(0, 3, n)  # ties
region = rng.choice(["north", "south", "east", "west"], n, p=[0.4, 0.3, 0.2, 0.1])
mood = np.where(rng.random(n) < 0.5 + 0.04 * np.sign(a), "up", "down")  # weakly dependent
tier = np.where(a + rng.normal(size=n) > 0.5, "gold", np.where(b > 0, "silver", "bronze"))
amount = 50 + 20 * a - 10 * b + 5 * t + rng.normal(0, 3, n)
amount_m = amount.copy()
amount_m[rng.choice(n, 100, replace=False)] = np.nan
cols = {"a": a, "b": b, "t": t, "u": u, "region": region, "tier": tier, "mood": mood, "amount": amount_m}
path = write_csv(cols)
df = pd.read_csv(path)
names = ["a", "b", "t", "u", "amount"]
r = run("corr", path, cols=",".join(names))
P, S = np.array(r["pearson"]), np.array(r["spearman"])
ok_p = ok_s = True
for i, x in enumerate(names):
    for j, y in enumerate(names):
        m = df[[x, y]].dropna()
        ok_p = ok_p and abs(P[i, j] - stats.pearsonr(m[x], m[y])[0]) <= 1e-9 if i != j else ok_p
        ok_s = ok_s and abs(S[i, j] - stats.spearmanr(m[x], m[y])[0]) <= 1e-9 if i != j else ok_s
c.check(ok_p, "Pearson equals scipy.stats.pearsonr (pairwise complete) to 1e-9")
c.check(ok_s, "Spearman equals scipy.stats.spearmanr (average ranks for ties) to 1e-9")
c.check(np.allclose(P, df[names].corr().to_numpy(), atol=1e-9), "Pearson matrix equals pandas corr()")
c.check(np.allclose(S, df[names].corr(method="spearman").to_numpy(), atol=1e-9),
        "Spearman matrix equals pandas corr(method='spearman')")

for x, y in [("region", "tier"), ("tier", "region"), ("mood", "tier"), ("mood", "region")]:
    r = run("crosstab", path, a=x, b=y)
    ct = pd.crosstab(df[x], df[y])
    chi2, p, dof, _ = stats.chi2_contingency(ct.to_numpy(), correction=False)
    c.check(r["counts"] == ct.to_numpy().tolist(), "crosstab %s x %s counts equal pandas" % (x, y))
    c.check(abs(r["chi2"] - chi2) <= 1e-9 * max(1, chi2) and r["dof"] == dof,
            "chi2 %.12g vs scipy %.12g, dof %d" % (r["chi2"], chi2, dof))
    c.check(abs(r["p_value"] - p) <= 1e-9, "p-value %.6g vs scipy %.6g" % (r["p_value"], p))
# A 2x2 table with a larger p-value (the series branch of the incomplete gamma).
small = write_csv({"g": rng.choice(["a", "b"], 300), "h": rng.choice(["x", "y"], 300)})
r = run("crosstab", small, a="g", b="h")
chi2, p, dof, _ = stats.chi2_contingency(np.array(r["counts"]), correction=False)
c.check(abs(r["p_value"] - p) <= 1e-9, "2x2 p-value %.12g vs scipy %.12g" % (r["p_value"], p))

for by in (["region"], ["region", "tier"]):
    r = run("groupby", path, by=",".join(by), value="amount")
    g = df.groupby(by)["amount"].agg(["size", "count", "sum", "mean", "median"]).reset_index()
    ok = len(g) == len(r["groups"])
    for (_, row), ours in zip(g.iterrows(), r["groups"]):
        ok = ok and [str(row[k]) for k in by] == ours["keys"]
        ok = ok and row["size"] == ours["count"] and row["count"] == ours["values"]
        for k in ("sum", "mean", "median"):
            ok = ok and abs(row[k] - ours[k]) <= 1e-9 * max(1, abs(row[k]))
    c.check(ok, "group-by %s equals pandas (size, count, sum, mean, median)" % by)

r = run("regress", path, target="amount", cols="a,b,t")
m = df[["amount", "a", "b", "t"]].dropna()
X = np.column_stack([np.ones(len(m)), m[["a", "b", "t"]].to_numpy()])
coef, *_ = np.linalg.lstsq(X, m["amount"].to_numpy(), rcond=None)
pred = X @ coef
r2 = 1 - ((m["amount"] - pred) ** 2).sum() / ((m["amount"] - m["amount"].mean()) ** 2).sum()
c.check(abs(r["intercept"] - coef[0]) <= 1e-9 and np.allclose(r["coefficient_list"], coef[1:], atol=1e-9),
        "regression coefficients equal numpy lstsq")
c.check(abs(r["r2"] - r2) <= 1e-9 and r["rows"] == len(m), "R^2 %.12f vs %.12f, %d rows" % (r["r2"], r2, r["rows"]))
c.done()
