"""Isolation Forest against scikit-learn: ROC-AUC on planted anomalies within 0.02."""
import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(9)
for case, (n, d, planted) in enumerate([(5000, 4, 50), (10000, 6, 100), (2000, 2, 20)]):
    x = rng.normal(size=(n, d)) @ rng.normal(size=(d, d))
    y = np.zeros(n, int)
    idx = rng.choice(n, planted, replace=False)
    x[idx] += rng.choice([-1, 1], size=(planted, d)) * rng.uniform(2.5, 5, size=(planted, d)) * x.std(axis=0)
    y[idx] = 1
    cols = {"c%d" % j: x[:, j] for j in range(d)}
    path = write_csv(cols)
    r = run("iforest", path, cols=",".join(cols), scale="none", seed=case)
    ours = roc_auc_score(y, r["scores"])
    aucs = [roc_auc_score(y, -IsolationForest(random_state=s).fit(x).score_samples(x)) for s in range(3)]
    theirs = float(np.mean(aucs))
    c.check(abs(ours - theirs) <= 0.02, "case %d: ROC-AUC %.4f vs sklearn %.4f" % (case, ours, theirs))
    c.check(min(r["scores"]) > 0 and max(r["scores"]) <= 1, "case %d: scores in (0, 1]" % case)
    c.check(r["top"][0]["row"] in set(idx.tolist()), "case %d: the top anomaly is a planted one" % case)
c.done()
