# The peer of the MLP benchmark: scikit-learn 1.2's MLPClassifier with the settings airlock-mlp-fit.ts gives trainMlp,
# on the same files. Usage: python3 sklearn_mlp_fit.py <dataset-dir> <out-dir> <params-json>
# Prints one JSON line and writes the held-out probabilities to <out-dir>/sklearn-mlp.f64 for scoring.
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

# Airlock runs every epoch it is given and stops silently, so the "did not converge" warning says nothing here.
warnings.filterwarnings("ignore", category=ConvergenceWarning)


def timed(fn):
    """Wall and process CPU seconds (all threads) of fn(), and its result."""
    cpu = time.process_time()
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, time.process_time() - cpu, result


def main():
    dataset_dir, out_dir, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    with open(os.path.join(dataset_dir, "meta.json")) as f:
        meta = json.load(f)
    n = meta["trainRows"]
    X = np.fromfile(os.path.join(dataset_dir, "X.f64"), dtype="<f8").reshape(meta["rows"], meta["features"])
    y = np.fromfile(os.path.join(dataset_dir, "y.i32"), dtype="<i4")

    def prep():
        scaler = StandardScaler()
        return scaler.fit_transform(X[:n]), scaler.transform(X[n:])

    prep_seconds, _, (X_train, X_test) = timed(prep)
    epochs = params["maxIter"]
    model = MLPClassifier(
        hidden_layer_sizes=tuple(params["hiddenLayerSizes"]),
        activation="relu",
        solver="adam",
        alpha=params["alpha"],
        batch_size=params["batchSize"],
        learning_rate_init=params["learningRateInit"],
        max_iter=epochs,
        shuffle=True,
        random_state=params["seed"],
        early_stopping=False,
        # Airlock's trainer has no loss-plateau stop: every epoch runs. n_iter_no_change = max_iter keeps sklearn's
        # tol-based stop from ever firing, so both sides run exactly maxIter epochs.
        tol=params.get("tol", 1e-4),
        n_iter_no_change=epochs,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
    )
    fit_seconds, fit_cpu, fitted = timed(lambda: model.fit(X_train, y[:n]))
    predict_seconds, _, probs = timed(lambda: fitted.predict_proba(X_test))
    probs = np.ascontiguousarray(probs, dtype="<f8")
    probs_file = os.path.join(out_dir, "sklearn-mlp.f64")
    probs.tofile(probs_file)
    print(json.dumps({
        "sklearn": sklearn.__version__, "numpy": np.__version__, "threads": os.cpu_count(),
        "trainRows": int(n), "testRows": int(meta["rows"] - n),
        "preprocessSeconds": prep_seconds, "fitSeconds": fit_seconds, "fitCpuSeconds": fit_cpu,
        "predictSeconds": predict_seconds, "epochs": int(fitted.n_iter_), "finalTrainLoss": float(fitted.loss_),
        "probsFile": probs_file,
    }))


main()
