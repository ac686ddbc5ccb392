"""The PROMISE peer: scikit-learn 1.2's TfidfVectorizer + LogisticRegression (lbfgs, C=30, max_iter=300, as Airlock's
classifier recipe) on the raw texts, on the rows and folds promise.ts gives it. Prints the predictions as JSON, with
scikit-learn's own precision, recall and F1 of them per class, so promise.ts can check its scorer against the library.
Usage: /usr/bin/python3 bench/requirements/sklearn_promise.py input.json"""
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import precision_recall_fscore_support
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline


def model():
    return make_pipeline(TfidfVectorizer(), LogisticRegression(C=30, max_iter=300))


def cross_predict(texts, labels, folds):
    out = [None] * len(texts)
    for test in folds:
        held = set(test)
        train = [i for i in range(len(texts)) if i not in held]
        m = model().fit([texts[i] for i in train], [labels[i] for i in train])
        for i, p in zip(test, m.predict([texts[i] for i in test])):
            out[i] = str(p)
    return out


def figures(truth, predicted, classes):
    p, r, f, support = precision_recall_fscore_support(truth, predicted, labels=classes, zero_division=0)
    return {c: {"precision": p[i], "recall": r[i], "f1": f[i], "support": int(support[i])} for i, c in enumerate(classes)}


def main():
    data = json.load(open(sys.argv[1]))
    texts, labels = data["texts"], data["labels"]
    default = model().fit(data["defaultTexts"], data["defaultLabels"])
    predictions = {
        "default": [str(p) for p in default.predict(texts)],
        "tenFold": cross_predict(texts, labels, data["folds"]["tenFold"]),
        "leaveOneProjectOut": cross_predict(texts, labels, data["folds"]["leaveOneProjectOut"]),
    }
    classes = sorted(set(labels))
    # the library's figures of the same predictions: per PROMISE class, and F vs NFR as two binary problems
    binary = lambda xs: ["F" if x == "F" else "NFR" for x in xs]
    reference = {k: {**figures(labels, p, classes), **{f"binary_{c}": v for c, v in figures(binary(labels), binary(p), ["F", "NFR"]).items()}} for k, p in predictions.items()}
    print(json.dumps({"predictions": predictions, "reference": reference}))


main()
