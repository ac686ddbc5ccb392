"""The PROMISE peer: scikit-learn 1.2's TfidfVectorizer + LogisticRegression (lbfgs, C=30, max_iter=300, as Airlock's
classifier recipe) on the raw texts, on the rows and folds promise.ts gives it. Prints the predictions as JSON.
Usage: /usr/bin/python3 bench/requirements/sklearn_promise.py input.json"""
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
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


def main():
    data = json.load(open(sys.argv[1]))
    texts, labels = data["texts"], data["labels"]
    default = model().fit(data["defaultTexts"], data["defaultLabels"])
    print(json.dumps({
        "default": [str(p) for p in default.predict(texts)],
        "tenFold": cross_predict(texts, labels, data["folds"]["tenFold"]),
        "leaveOneProjectOut": cross_predict(texts, labels, data["folds"]["leaveOneProjectOut"]),
    }))


main()
