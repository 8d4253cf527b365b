"""DBSCAN against scikit-learn: same core points, noise and labels up to renaming (border
points may join another cluster that also reaches them)."""
import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_moons

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(3)
moons, _ = make_moons(n_samples=3000, noise=0.07, random_state=1)
blobs = np.vstack([rng.normal(m, 0.3, size=(800, 3)) for m in ([0, 0, 0], [3, 3, 0], [0, 4, 4])])
blobs = np.vstack([blobs, rng.uniform(-3, 7, size=(200, 3))])
for case, (x, eps, ms) in enumerate([(moons, 0.1, 5), (moons, 0.2, 10), (blobs, 0.5, 8),
                                     (blobs, None, 8)]):
    cols = {"a%d" % j: x[:, j] for j in range(x.shape[1])}
    path = write_csv(cols)
    kw = dict(cols=",".join(cols), scale="none", min_samples=ms)
    if eps is not None:
        kw["eps"] = eps
    r = run("dbscan", path, **kw)
    eps = r["eps"]
    sk = DBSCAN(eps=eps, min_samples=ms).fit(x)
    ours = np.array(r["labels"])
    theirs = sk.labels_
    core = np.zeros(len(x), bool)
    core[sk.core_sample_indices_] = True
    c.check((np.array(r["core"]) == 1).tolist() == core.tolist(), "case %d: same core points" % case)
    c.check(((ours == -1) == (theirs == -1)).all(), "case %d: same noise (%d)" % (case, (ours == -1).sum()))
    # Up to renaming on core points: a one-to-one map between cluster ids.
    m = {}
    ok = True
    for a, b in zip(ours[core], theirs[core]):
        ok = ok and m.setdefault(a, b) == b
    ok = ok and len(set(m.values())) == len(m)
    c.check(ok, "case %d: core labels equal up to renaming (%d clusters, eps %.4f)" % (case, len(m), eps))
    same = sum(m.get(a, None) == b for a, b in zip(ours, theirs) if a >= 0)
    c.check(same == (ours >= 0).sum(), "case %d: border labels equal too (%d/%d)"
            % (case, same, (ours >= 0).sum()))
c.done()
