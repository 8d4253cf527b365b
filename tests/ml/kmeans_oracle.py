"""k-means against scikit-learn: inertia <= 1.01 x sklearn's best of 10 inits on the same data;
silhouette equal to sklearn.metrics.silhouette_score on the same sample; z-scores as pandas."""
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from oracle_common import Checks, run, write_csv

c = Checks()
rng = np.random.default_rng(11)
for case, (n, d, k, centers) in enumerate([(3000, 3, 4, 4), (5000, 5, 5, 7), (2000, 2, 8, 5)]):
    means = rng.normal(0, 4, size=(centers, d))
    x = means[rng.integers(0, centers, n)] + rng.normal(0, 1.2, size=(n, d))
    x[:, 0] = np.exp(x[:, 0] / 4)  # one skewed column
    cols = {"f%d" % j: x[:, j] for j in range(d)}
    path = write_csv(cols)
    names = ",".join(cols)
    # Scaling: z-score with the sample std (ddof=1), as pandas' DataFrame.std().
    feat = run("features", path, cols=names)
    df = pd.DataFrame(cols)
    z = ((df - df.mean()) / df.std()).to_numpy()
    fx = np.array(feat["x"])
    c.check(np.allclose(fx, z, rtol=0, atol=1e-12), "case %d: z-scores equal pandas (ddof=1)" % case)

    r = run("kmeans", path, cols=names, k=k, n_init=10, seed=case, sample=800)
    sk = KMeans(n_clusters=k, n_init=10, random_state=0).fit(fx)
    ratio = r["inertia"] / sk.inertia_
    c.check(ratio <= 1.01, "case %d: inertia %.6f vs sklearn %.6f (ratio %.5f <= 1.01)"
            % (case, r["inertia"], sk.inertia_, ratio))
    lab = np.array(r["labels"])
    # The inertia of the labels and centers we report, recomputed here.
    cen = np.array(r["centers_scaled"])
    inert = ((fx - cen[lab]) ** 2).sum()
    nearest = ((fx[:, None, :] - cen[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    c.check(abs(inert - r["inertia"]) <= 1e-9 * inert and (nearest == lab).all(),
            "case %d: reported inertia matches labels and centers" % case)
    idx = np.array(r["sample"])
    ours = r["silhouette"]
    theirs = silhouette_score(fx[idx], lab[idx])
    c.check(abs(ours - theirs) <= 1e-9, "case %d: silhouette %.12f vs sklearn %.12f" % (case, ours, theirs))
    # Lloyd and Hamerly give the same clustering.
    r2 = run("kmeans", path, cols=names, k=k, n_init=10, seed=case, sample=10, algo="lloyd")
    c.check(r2["labels"] == r["labels"], "case %d: Lloyd labels equal Hamerly's" % case)
c.done()
