# The peer of the text benchmark: scikit-learn 1.2's TfidfVectorizer + LogisticRegression(lbfgs) with Airlock's
# settings, each phase timed, on the files airlock-text-fit.ts reads.
# Usage: python3 sklearn_text_fit.py <data-dir> <predictions-out>; prints one JSON line and writes the held-out
# predicted class indices (int32) for the agreement check.
import csv
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

# Airlock stops at max_iter silently too; the warning would only clutter the bench output.
warnings.filterwarnings("ignore", category=ConvergenceWarning)


def timed(fn):
    """Wall and process CPU seconds (all threads) of fn(), and its result."""
    cpu = time.process_time()
    t = time.perf_counter()
    result = fn()
    return {"seconds": time.perf_counter() - t, "cpuSeconds": time.process_time() - cpu}, result


def main():
    data_dir, predictions_out = sys.argv[1:3]
    with open(os.path.join(data_dir, "meta.json")) as fh:
        meta = json.load(fh)
    with open(os.path.join(data_dir, "docs.csv"), newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    index = {c: i for i, c in enumerate(meta["classNames"])}
    texts = [r[0] for r in rows]
    y = np.array([index[r[1]] for r in rows], dtype=np.int32)
    n = meta["trainDocuments"]

    vectorizer = TfidfVectorizer()
    tfidf_time, X = timed(lambda: vectorizer.fit_transform(texts[:n]))
    iterations = []

    def fit():
        model = LogisticRegression(C=1.0, max_iter=100).fit(X, y[:n])
        iterations.append(int(model.n_iter_[0]))
        return model

    fit_time, model = timed(fit)
    predict_time, predicted = timed(lambda: model.predict_proba(vectorizer.transform(texts[n:])).argmax(axis=1).astype(np.int32))
    predicted.astype("<i4").tofile(predictions_out)
    print(
        json.dumps(
            {
                "sklearn": sklearn.__version__,
                "matrix": "csr",
                "terms": X.shape[1],
                "storedEntries": int(X.nnz),
                "tfidf": tfidf_time,
                "fit": fit_time,
                "predict": predict_time,
                "iterations": iterations[0],
                "accuracy": float((predicted == y[n:]).mean()),
            }
        )
    )


main()
