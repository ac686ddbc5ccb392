# The peer of the drift benchmark: a per-column scipy loop on the same two CSVs, as an analyst would write it.
# Numeric columns: ks_2samp and wasserstein_distance (normed by the reference's std, as Evidently); categorical
# columns: chisquare (expected = reference proportions x current total, as Evidently) and jensenshannon on counts
# over the union of categories. The verdict uses Evidently's default choice, the one Airlock's default tests follow.
# Prints one JSON document: per-column figures, the verdicts, and load / test seconds apart.
# Usage: /usr/bin/python3 bench/drift/scipy_drift.py reference.csv current.csv
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import chisquare, ks_2samp, wasserstein_distance

# Evidently's defaults (evidently.calculations.stattests.registry.get_default_stattest)
SMALL_REFERENCE_ROWS = 1000
FEW_VALUES = 5
P_THRESHOLD = 0.05
DISTANCE_THRESHOLD = 0.1


def load(file):
    # empty cells are nulls; 'NA', 'null' and friends stay text, as Airlock's importer keeps them
    return pd.read_csv(file, keep_default_na=False, na_values=[""])


def numeric(ref, cur):
    ks = ks_2samp(ref, cur)
    wd = wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001)
    return {"ks_statistic": float(ks.statistic), "ks_p_value": float(ks.pvalue), "wasserstein_normed": float(wd)}


def categorical(ref, cur):
    ref_counts = ref.value_counts()
    cur_counts = cur.value_counts()
    keys = list(ref_counts.index.union(cur_counts.index))
    r = np.array([ref_counts.get(k, 0) for k in keys], dtype=float)
    c = np.array([cur_counts.get(k, 0) for k in keys], dtype=float)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        # a category the reference never has gives an infinite statistic and p = 0, as scipy computes it
        warnings.simplefilter("ignore")
        chi = chisquare(c, r * c.sum() / r.sum())
    return {"chi2_statistic": float(chi.statistic), "chi2_p_value": float(chi.pvalue), "jensenshannon": float(jensenshannon(r, c))}


def finite(x):
    # JSON has no Infinity or NaN: a non-finite figure prints as null, as Airlock's JSON does
    return x if np.isfinite(x) else None


def verdict(kind, distinct, ref_rows, figures):
    small = ref_rows <= SMALL_REFERENCE_ROWS
    if kind == "numeric" and distinct > FEW_VALUES:
        if small:
            return "ks", figures["ks_statistic"], figures["ks_p_value"] < P_THRESHOLD
        return "wasserstein", figures["wasserstein_normed"], figures["wasserstein_normed"] >= DISTANCE_THRESHOLD
    if not small:
        return "jensenshannon", figures["jensenshannon"], figures["jensenshannon"] >= DISTANCE_THRESHOLD
    # Evidently's Z-test for binary columns is not part of this loop; the bench's sizes never reach it
    return "chisquare", figures["chi2_statistic"], figures["chi2_p_value"] < P_THRESHOLD


def main():
    t0 = time.perf_counter()
    reference = load(sys.argv[1])
    current = load(sys.argv[2])
    t1 = time.perf_counter()
    columns = {}
    for name in reference.columns:
        ref = reference[name].dropna()
        cur = current[name].dropna()
        kind = "numeric" if pd.api.types.is_numeric_dtype(ref.dtype) else "categorical"
        if kind == "numeric":
            r = ref.to_numpy(dtype=float)
            c = cur.to_numpy(dtype=float)
            # numbers with few distinct values are tested as categories, as Evidently does
            distinct = len(np.union1d(np.unique(r), np.unique(c)))
            figures = numeric(r, c) if distinct > FEW_VALUES else categorical(ref, cur)
        else:
            distinct = len(set(ref.unique()) | set(cur.unique()))
            figures = categorical(ref.astype(str), cur.astype(str))
        test, statistic, drift = verdict(kind, distinct, len(ref), figures)
        columns[name] = {"kind": kind, "test": test, "statistic": finite(statistic), "drift": bool(drift), **{k: finite(v) for k, v in figures.items()}}
    t2 = time.perf_counter()
    drifted = sum(1 for c in columns.values() if c["drift"])
    print(json.dumps({
        "load_seconds": t1 - t0,
        "test_seconds": t2 - t1,
        "rows": [len(reference), len(current)],
        "columns": columns,
        "drifted_columns": drifted,
        "share": drifted / len(columns),
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }, allow_nan=False))


main()
