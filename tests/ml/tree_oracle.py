"""Decision tree against scikit-learn's DecisionTreeClassifier: held-out accuracy within one
point at the same depth and min_samples_leaf, on the same split."""
import numpy as np
from sklearn.tree import DecisionTreeClassifier

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(21)
for case, (n, d, depth, leaf, classes) in enumerate([(3000, 4, 3, 5, 2), (6000, 6, 5, 10, 3),
                                                     (2000, 3, 2, 1, 4)]):
    x = rng.normal(size=(n, d))
    score = x[:, 0] * 1.5 + np.sin(2 * x[:, 1]) + 0.5 * x[:, 2] ** 2 + rng.normal(0, 0.6, n)
    edges = np.quantile(score, np.linspace(0, 1, classes + 1)[1:-1])
    label = np.array(["class_%d" % v for v in np.searchsorted(edges, score)])
    cols = {"x%d" % j: np.round(x[:, j], 3) for j in range(d)}
    cols["label"] = label
    path = write_csv(cols)
    feats = ",".join("x%d" % j for j in range(d))
    r = run("tree", path, cols=feats, label="label", depth=depth, leaf=leaf, seed=case)
    xs = np.column_stack([cols["x%d" % j] for j in range(d)])
    tr, te = np.array(r["train"]), np.array(r["test"])
    c.check(len(te) == int(np.ceil(0.25 * n)), "case %d: held-out share 25%% (%d rows)" % (case, len(te)))
    accs = [DecisionTreeClassifier(max_depth=depth, min_samples_leaf=leaf, random_state=s)
            .fit(xs[tr], label[tr]).score(xs[te], label[te]) for s in range(5)]
    theirs = float(np.mean(accs))
    ours = r["test_accuracy"]
    c.check(abs(ours - theirs) <= 0.01, "case %d: held-out accuracy %.4f vs sklearn %.4f" % (case, ours, theirs))
    c.check(len(r["rules"]) >= 2, "case %d: %d rules, e.g. %s" % (case, len(r["rules"]), r["rules"][0]))
c.done()
