"""PCA against scikit-learn: explained variance ratios equal to 1e-6, components and scores
equal up to sign."""
import numpy as np
from sklearn.decomposition import PCA

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(5)
for case, (n, d) in enumerate([(2000, 4), (5000, 10), (500, 3)]):
    a = rng.normal(size=(d, d))
    x = rng.normal(size=(n, d)) @ a + rng.normal(0, 3, size=d)
    cols = {"v%d" % j: x[:, j] for j in range(d)}
    path = write_csv(cols)
    for scale in ("zscore", "none"):
        r = run("pca", path, cols=",".join(cols), scale=scale)
        feat = np.array(run("features", path, cols=",".join(cols), scale=scale)["x"])
        sk = PCA().fit(feat)
        ev = np.array(r["explained_variance_ratio"])
        c.check(np.allclose(ev, sk.explained_variance_ratio_, rtol=0, atol=1e-6),
                "case %d %s: explained variance ratios equal (max diff %.2e)"
                % (case, scale, np.abs(ev - sk.explained_variance_ratio_).max()))
        comp = np.array(r["components_matrix"])
        ok = True
        for q in range(d):
            s = np.sign(comp[q] @ sk.components_[q])
            ok = ok and np.allclose(comp[q], s * sk.components_[q], atol=1e-6)
        c.check(ok, "case %d %s: components equal up to sign" % (case, scale))
        scores = np.array(r["scores"])
        sks = sk.transform(feat)[:, :2]
        ok = all(np.allclose(scores[:, q], np.sign(scores[:, q] @ sks[:, q]) * sks[:, q], atol=1e-6)
                 for q in range(2))
        c.check(ok, "case %d %s: pc1, pc2 scores equal up to sign" % (case, scale))
c.done()
