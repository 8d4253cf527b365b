"""Peer of bench/ml.mjs: writes the benchmark matrices (float64, row-major) and times
scikit-learn (native, all cores) on them. Prints one JSON object.
Usage: python3 bench/ml_sklearn.py OUTDIR [--rows N]"""
import json
import os
import sys
import time

import numpy as np


def main():
    out = sys.argv[1]
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else 1_000_000
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(2026)
    res = {"rows": rows, "threads": os.cpu_count()}

    # k-means: 5 features, 7 blobs of different sizes, standardized (ddof=1, as crmwb).
    centers = rng.normal(0, 3, size=(7, 5))
    x = centers[rng.choice(7, rows, p=[.3, .2, .15, .12, .1, .08, .05])] + rng.normal(size=(rows, 5))
    x = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    x.astype("<f8").tofile(os.path.join(out, "kmeans.f64"))
    # PCA: 10 correlated features.
    p = rng.normal(size=(rows, 10)) @ rng.normal(size=(10, 10))
    p.astype("<f8").tofile(os.path.join(out, "pca.f64"))
    # DBSCAN: 100,000 2-D points, 5 blobs and 2% uniform noise.
    n2 = min(rows, 100_000)
    b = rng.normal(0, 1, size=(5, 2)) * 4
    d = b[rng.integers(0, 5, n2)] + rng.normal(0, 0.5, size=(n2, 2))
    d[: n2 // 50] = rng.uniform(-12, 12, size=(n2 // 50, 2))
    d.astype("<f8").tofile(os.path.join(out, "dbscan.f64"))

    from sklearn.cluster import DBSCAN, KMeans
    from sklearn.decomposition import PCA
    from sklearn.ensemble import IsolationForest

    for n_init in (1, 3):
        t = time.perf_counter()
        km = KMeans(n_clusters=5, n_init=n_init, random_state=0).fit(x)
        res["kmeans_n_init_%d" % n_init] = {"seconds": time.perf_counter() - t,
                                            "inertia": float(km.inertia_),
                                            "iterations": int(km.n_iter_)}
    t = time.perf_counter()
    pc = PCA().fit(p)
    res["pca"] = {"seconds": time.perf_counter() - t,
                  "explained_variance_ratio": pc.explained_variance_ratio_.tolist()}
    t = time.perf_counter()
    db = DBSCAN(eps=0.15, min_samples=10).fit(d)
    res["dbscan"] = {"seconds": time.perf_counter() - t,
                     "clusters": int(db.labels_.max() + 1), "noise": int((db.labels_ < 0).sum())}
    t = time.perf_counter()
    f = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(x)
    fit = time.perf_counter() - t
    t = time.perf_counter()
    f.score_samples(x)
    res["iforest"] = {"fit_seconds": fit, "score_seconds": time.perf_counter() - t}
    print(json.dumps(res))


main()
