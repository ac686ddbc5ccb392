# The peers of the training benchmark: scikit-learn's LogisticRegression and HistGradientBoostingClassifier and
# xgboost's XGBClassifier, with the hyperparameters Airlock's trainers copy, on the files airlock-fit.ts reads.
# Usage: python3 sklearn_xgboost_fit.py <dataset-dir> <out-dir> <repeats>; prints one JSON line and writes each
# model's held-out probabilities to <out-dir>/<model>.f64 for scoring.
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
import xgboost
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

# Airlock stops at max_iter silently too; the warning would only clutter the bench output.
warnings.filterwarnings("ignore", category=ConvergenceWarning)


def timed(fn):
    """Wall and process CPU seconds (all threads) of fn(), and its result."""
    cpu = time.process_time()
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, time.process_time() - cpu, result


def read(dataset_dir, meta):
    n = meta["trainRows"]
    if meta["kind"] == "tabular":
        X = np.fromfile(os.path.join(dataset_dir, "X.f64"), dtype="<f8").reshape(meta["rows"], meta["features"])
        y = np.fromfile(os.path.join(dataset_dir, "y.i32"), dtype="<i4")
    else:
        df = pd.read_csv(os.path.join(dataset_dir, "docs.csv"), keep_default_na=False)
        index = {c: i for i, c in enumerate(meta["classNames"])}
        X = df["text"].to_numpy()
        y = df["label"].map(index).to_numpy(dtype=np.int32)
    return X[:n], X[n:], y[:n], y[n:]


def preprocess(kind, model, X_train, X_test):
    """What a scikit-learn user would write: StandardScaler for the linear model on numbers, TfidfVectorizer for text
    (its sparse output as is, densified only for HistGradientBoosting, which takes no sparse input in 1.2, and for
    sklearn-logreg-dense, a reference that shows what the sparse format alone is worth)."""
    if kind == "text":
        vec = TfidfVectorizer(max_features=2000)
        train, test = vec.fit_transform(X_train), vec.transform(X_test)
        dense = model in ("sklearn-hgb", "sklearn-logreg-dense")
        return (train.toarray(), test.toarray()) if dense else (train, test)
    if model == "sklearn-logreg":
        scaler = StandardScaler()
        return scaler.fit_transform(X_train), scaler.transform(X_test)
    return X_train, X_test


def make(model, classes):
    if model in ("sklearn-logreg", "sklearn-logreg-dense"):
        return LogisticRegression(C=1.0, max_iter=100)
    if model == "sklearn-hgb":
        return HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, early_stopping=False)
    return xgboost.XGBClassifier(
        tree_method="hist", max_depth=0, grow_policy="lossguide", max_leaves=31, n_estimators=100, learning_rate=0.1,
        objective="binary:logistic" if classes == 2 else "multi:softprob",
    )


def iterations(model, fitted):
    if model in ("sklearn-logreg", "sklearn-logreg-dense"):
        return int(np.max(fitted.n_iter_))
    if model == "sklearn-hgb":
        return int(fitted.n_iter_)
    return int(fitted.get_booster().num_boosted_rounds())


def main():
    dataset_dir, out_dir, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(os.path.join(dataset_dir, "meta.json")) as f:
        meta = json.load(f)
    X_train, X_test, y_train, y_test = read(dataset_dir, meta)
    classes = len(meta["classNames"])
    models = {}
    names = ["sklearn-logreg", "sklearn-hgb", "xgboost"] + (["sklearn-logreg-dense"] if meta["kind"] == "text" else [])
    for model in names:
        pre_seconds, _, (train, test) = timed(lambda: preprocess(meta["kind"], model, X_train, X_test))
        fits = [timed(lambda: make(model, classes).fit(train, y_train)) for _ in range(repeats)]
        best = min(fits, key=lambda f: f[0])
        fitted = best[2]
        probs = np.ascontiguousarray(fitted.predict_proba(test), dtype="<f8")
        probs_file = os.path.join(out_dir, f"{model}.f64")
        probs.tofile(probs_file)
        models[model] = {
            "preprocessSeconds": pre_seconds,
            "fitSeconds": best[0],
            "fitCpuSeconds": best[1],
            "allFitSeconds": [f[0] for f in fits],
            "iterations": iterations(model, fitted),
            "trainFeatures": int(train.shape[1]),
            "sparse": hasattr(train, "nnz"),
            "probsFile": probs_file,
        }
    print(json.dumps({
        "sklearn": sklearn.__version__, "xgboost": xgboost.__version__, "numpy": np.__version__,
        "threads": os.cpu_count(), "trainRows": int(len(y_train)), "testRows": int(len(y_test)), "models": models,
    }))


main()
