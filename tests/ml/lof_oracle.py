"""Local Outlier Factor against scikit-learn's LocalOutlierFactor: the scores equal
-negative_outlier_factor_ (to 1e-9 relative) for the same n_neighbors on the same data."""
import numpy as np
from sklearn.neighbors import LocalOutlierFactor

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(11)
for case, (n, d, k, planted) in enumerate([(3000, 2, 20, 30), (5000, 4, 20, 50), (1500, 3, 7, 15),
                                           (40, 2, 60, 2)]):
    x = rng.normal(size=(n, d)) @ rng.normal(size=(d, d))
    x[: n // 3] += 6  # two blobs of different density
    idx = rng.choice(n, planted, replace=False)
    x[idx] += rng.choice([-1, 1], size=(planted, d)) * rng.uniform(1.5, 3, size=(planted, d)) * x.std(axis=0)
    cols = {"c%d" % j: x[:, j] for j in range(d)}
    path = write_csv(cols)
    r = run("lof", path, cols=",".join(cols), scale="none", neighbors=str(k))
    # The CSV holds the values to 17 significant digits, so both sides see the same numbers.
    lof = LocalOutlierFactor(n_neighbors=k).fit(x)
    theirs = -lof.negative_outlier_factor_
    ours = np.array(r["scores"])
    c.check(r["neighbors"] == lof.n_neighbors_, "case %d: k %d vs sklearn %d" % (case, r["neighbors"], lof.n_neighbors_))
    err = float(np.max(np.abs(ours - theirs) / np.abs(theirs)))
    c.check(err <= 1e-9, "case %d: LOF equal to sklearn's (max relative difference %.2e)" % (case, err))
    c.check(np.all(np.isfinite(ours)), "case %d: finite scores" % case)
    if k >= n - 1:
        continue  # every row is everyone's neighbour: nothing local left to find
    planted_top = len(set(np.argsort(-ours)[:planted]) & set(idx)) / planted
    c.check(planted_top >= 0.5, "case %d: %.0f%% of the planted rows in the top %d" % (case, 100 * planted_top, planted))
c.done()
