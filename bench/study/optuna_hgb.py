# The peer of the study benchmark: an Optuna 3.1 TPE study of scikit-learn 1.2's HistGradientBoostingClassifier over
# the search space Airlock's catalog gives boosted trees, trained and scored on the rows Airlock's split gives.
# Usage: python3 optuna_hgb.py <dataset-dir> <split-dir> <trials> <seed> <n-jobs> [TPE options]; prints one JSON line.
# TPE options (not what the bench runs; for comparing Optuna's own variants): a comma list of multivariate, constant_liar.
import json
import os
import sys
import time
import warnings

import numpy as np
import optuna
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss

# The catalog's defaultSpace for gbdt (src/shared/model-catalog.ts), dimension for dimension.
SPACE = {
    "learning_rate": ("float", 0.01, 0.3),
    "max_leaf_nodes": ("int", 8, 64),
    "min_samples_leaf": ("int", 5, 100),
    "l2_regularization": ("float", 1e-6, 10.0),
}


def main():
    dataset_dir, split_dir, trials, seed, n_jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    options = {name: True for name in (sys.argv[6].split(",") if len(sys.argv) > 6 else [])}
    started = time.perf_counter()
    meta = json.load(open(os.path.join(dataset_dir, "meta.json")))
    X = np.fromfile(os.path.join(dataset_dir, "X.f64"), dtype="<f8").reshape(meta["rows"], meta["features"])
    y = np.fromfile(os.path.join(dataset_dir, "y.i32"), dtype="<i4")
    train = np.fromfile(os.path.join(split_dir, "train.i32"), dtype="<i4")
    val = np.fromfile(os.path.join(split_dir, "validation.i32"), dtype="<i4")
    X_train, y_train, X_val, y_val = X[train], y[train], X[val], y[val]

    def objective(trial):
        params = {
            name: trial.suggest_float(name, lo, hi, log=True) if kind == "float" else trial.suggest_int(name, lo, hi, log=True)
            for name, (kind, lo, hi) in SPACE.items()
        }
        # Airlock's defaults for what the space leaves fixed: 100 rounds, no depth limit, no early stopping
        # (sklearn's 'auto' would stop early above 10,000 rows and score on its own inner split).
        model = HistGradientBoostingClassifier(max_iter=100, max_depth=None, early_stopping=False, random_state=seed, **params)
        model.fit(X_train, y_train)
        # the validation log loss as Airlock's classification report computes it: mean, probabilities clipped at eps
        return log_loss(y_val, model.predict_proba(X_val), labels=[0, 1])

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed, **options))
    cpu = time.process_time()
    t = time.perf_counter()
    study.optimize(objective, n_trials=trials, n_jobs=n_jobs)
    study_seconds = time.perf_counter() - t
    print(json.dumps({
        "optuna": optuna.__version__,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "nJobs": n_jobs,
        "tpeOptions": sorted(options),
        "trainRows": int(len(train)),
        "validationRows": int(len(val)),
        "loadSeconds": t - started,
        "studySeconds": study_seconds,
        "studyCpuSeconds": time.process_time() - cpu,
        "trials": len(study.trials),
        "bestValue": study.best_value,
        "bestParams": study.best_params,
        "values": [tr.value for tr in study.trials],
    }))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    main()
