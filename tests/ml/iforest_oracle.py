"""Isolation Forest against scikit-learn: ROC-AUC on planted anomalies within 0.02."""
import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(9)
for case, (n, d, planted) in enumerate([(4000, 4, 40), (8000, 6, 80), (2000, 2, 20)]):
    x = rng.normal(size=(n, d)) @ rng.normal(size=(d, d))
    y = np.zeros(n, int)
    idx = rng.choice(n, planted, replace=False)
    x[idx] += rng.choice([-1, 1], size=(planted, d)) * rng.uniform(0.8, 2.2, size=(planted, d)) * x.std(axis=0)
    y[idx] = 1
    cols = {"c%d" % j: x[:, j] for j in range(d)}
    path = write_csv(cols)
    r = run("iforest", path, cols=",".join(cols), scale="none", seed=case)
    ours = roc_auc_score(y, r["scores"])
    aucs = [roc_auc_score(y, -IsolationForest(random_state=s).fit(x).score_samples(x)) for s in range(3)]
    theirs = float(np.mean(aucs))
    c.check(abs(ours - theirs) <= 0.02, "case %d: ROC-AUC %.4f vs sklearn %.4f" % (case, ours, theirs))
    c.check(min(r["scores"]) > 0 and max(r["scores"]) <= 1, "case %d: scores in (0, 1]" % case)
    top = [a["row"] for a in r["top"]]
    c.check(top == np.argsort(-np.array(r["scores"]), kind="stable")[:5].tolist(),
            "case %d: the top anomalies are the highest scores" % case)
c.done()
