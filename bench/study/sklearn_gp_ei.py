# A reference for the GP sampler, not a peer the bench times: Bayesian optimisation with scikit-learn 1.2's
# GaussianProcessRegressor (Matern 5/2 with a length scale per parameter and a fitted noise, normalize_y) and expected
# improvement over 4,000 random points, one trial after another, over the study bench's search space and rows: 10
# random trials, then the rest by EI. It shows what the method reaches on this problem with a library's GP, so a
# better best value of ours is the method's, not our code's luck.
# Usage: python3 sklearn_gp_ei.py <dataset-dir> <split-dir> <trials> <seed>; prints one JSON line.
import json
import os
import sys
import warnings

import numpy as np
from scipy.stats import norm
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
from sklearn.metrics import log_loss

# the catalog's defaultSpace for gbdt, as optuna_hgb.py has it; every range log-scaled
SPACE = [("learning_rate", "float", 0.01, 0.3), ("max_leaf_nodes", "int", 8, 64), ("min_samples_leaf", "int", 5, 100), ("l2_regularization", "float", 1e-6, 10.0)]


def decode(u):
    """a point of the unit cube as parameters, ints widened by half a step on each side as Optuna and Airlock do"""
    params = {}
    for ui, (name, kind, lo, hi) in zip(u, SPACE):
        a, b = (np.log(lo), np.log(hi)) if kind == "float" else (np.log(lo - 0.5), np.log(hi + 0.5))
        value = np.exp(a + ui * (b - a))
        params[name] = float(value) if kind == "float" else int(np.clip(np.round(value), lo, hi))
    return params


def main():
    dataset_dir, split_dir, trials, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    meta = json.load(open(os.path.join(dataset_dir, "meta.json")))
    X = np.fromfile(os.path.join(dataset_dir, "X.f64"), dtype="<f8").reshape(meta["rows"], meta["features"])
    y = np.fromfile(os.path.join(dataset_dir, "y.i32"), dtype="<i4")
    train = np.fromfile(os.path.join(split_dir, "train.i32"), dtype="<i4")
    val = np.fromfile(os.path.join(split_dir, "validation.i32"), dtype="<i4")

    def objective(params):
        model = HistGradientBoostingClassifier(max_iter=100, max_depth=None, early_stopping=False, random_state=42, **params)
        model.fit(X[train], y[train])
        return log_loss(y[val], model.predict_proba(X[val]), labels=[0, 1])

    rng = np.random.RandomState(seed)
    points, values = [], []
    for i in range(trials):
        if i < 10:
            u = rng.rand(len(SPACE))
        else:
            kernel = ConstantKernel(1.0) * Matern(length_scale=np.ones(len(SPACE)), length_scale_bounds=(1e-2, 1e2), nu=2.5) + WhiteKernel(1e-4, (1e-8, 1e-1))
            gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=2, random_state=rng).fit(np.array(points), np.array(values))
            candidates = rng.rand(4000, len(SPACE))
            mean, std = gp.predict(candidates, return_std=True)
            best = min(values)
            z = (best - mean) / np.maximum(std, 1e-12)
            u = candidates[np.argmax((best - mean) * norm.cdf(z) + std * norm.pdf(z))]
        points.append(u)
        values.append(objective(decode(u)))
    best = int(np.argmin(values))
    print(json.dumps({"seed": seed, "trials": trials, "bestValue": values[best], "bestParams": decode(points[best]), "values": values}))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    main()
