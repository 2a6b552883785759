"""Experiment: for which signals do sentence-embedding heads earn their cost, and cheap fast-path
variants for English complaints — measured by cross-validation on the training data only.

    python training/embedding_experiment.py [--tasks complaint:en,question:en] [--variants]

For every chosen (signal, language) training set of ``spiegel train`` it prints the 3-fold CV F1
of the fast path, of a logistic regression on USE-multilingual-v3 embeddings, and of their
weighted average (:func:`spiegel.text.embed.fit_head`, the recipe ``spiegel train`` ships).
``--variants`` adds fast-path variants for ``complaint:en`` (wider C grid, balanced class
weights, square-root scaling, IDF weighting). No test split is read here: ``spiegel evaluate``
scores the shipped models once.

Embeddings are cached under ``$SPIEGEL_CACHE_DIR`` (else ``/tmp``) in ``spiegel-embed-cache.npz``,
keyed by a hash of the text, so reruns skip the encoder; ``spiegel train`` never reads this cache.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from spiegel.text import embed
from spiegel.text.classifiers import BINARY_SIGNALS, features
from spiegel.text.classifiers import datasets as ds
from spiegel.text.train import THRESHOLDS, _best_threshold, _folds, build_tasks, compact, fit_binary_oof

CACHE = Path(os.environ.get("SPIEGEL_CACHE_DIR") or "/tmp") / "spiegel-embed-cache.npz"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:24]


def cached_embed(texts: list[str]) -> np.ndarray:
    store: dict[str, np.ndarray] = {}
    if CACHE.exists():
        with np.load(CACHE, allow_pickle=False) as npz:
            store = dict(zip(npz["keys"].tolist(), npz["vectors"], strict=True))
    keys = [_key(t) for t in texts]
    missing = list({k: t for k, t in zip(keys, texts, strict=True) if k not in store}.items())
    if missing:
        start = time.process_time()
        vecs = embed.embed([t for _, t in missing])
        rate = len(missing) / max(time.process_time() - start, 1e-9)
        print(f"  encoded {len(missing)} new texts at {rate:.0f} posts/CPU s")
        store.update({k: v for (k, _), v in zip(missing, vecs, strict=True)})
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE, keys=np.array(list(store)), vectors=np.stack(list(store.values())))
    return np.stack([store[k] for k in keys])


def _cv_f1(x: object, y: np.ndarray, c: float, cw: str | None = None) -> tuple[float, float]:
    oof = np.zeros(len(y))
    for tr, te in _folds(y):
        m = LogisticRegression(C=c, solver="liblinear", max_iter=1000, class_weight=cw)
        oof[te] = m.fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]  # type: ignore[index]
    return _best_threshold(y, oof)


def variants(x: sp.csr_matrix, y: np.ndarray) -> None:
    """Fast-path variants for one task, by the same 3-fold CV as spiegel train."""
    for cw in (None, "balanced"):
        for c in (0.5, 1.0, 2.0, 4.0, 8.0, 16.0):
            thr, f1 = _cv_f1(x, y, c, cw)
            print(f"  variant C={c:<5} class_weight={cw!s:<8}  CV F1 {f1:.4f} (threshold {thr})")
    # square-root (sublinear) scaling of every feature value
    root = x.copy()
    root.data = np.sqrt(root.data)
    # IDF weighting of the n-gram blocks (fitted on all training texts: unlabelled statistics only)
    n_dense = len(features.DENSE_NAMES)
    idf = TfidfTransformer().fit(x[:, :-n_dense])
    weighted = sp.hstack([normalize(idf.transform(x[:, :-n_dense])), x[:, -n_dense:]], format="csr")
    for name, z in (("sqrt-scaled", root), ("idf-weighted", weighted)):
        best = max(_cv_f1(z, y, c)[1] for c in (1.0, 4.0, 16.0))
        print(f"  variant {name:<12} best CV F1 over C in (1, 4, 16): {best:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tasks", default=",".join(f"{s}:{lang}" for s in BINARY_SIGNALS for lang in ("en", "nl"))
    )
    parser.add_argument("--variants", action="store_true")
    args = parser.parse_args()
    wanted = set(args.tasks.split(","))
    for task in build_tasks(ds.default_data_dir()):
        if task.key not in wanted:
            continue
        texts = [e.text for e in task.examples]
        y = np.array([int(e.label) for e in task.examples])
        x, _ = compact(features.featurize(texts, [task.lang] * len(texts)))
        fast = fit_binary_oof(x, y)
        c, thr, f1_fast, oof_fast = fast.c, fast.threshold, fast.cv_f1, fast.oof
        print(f"{task.key}: n={len(y)} positives={int(y.sum())} fast C={c} thr={thr} CV F1 {f1_fast:.4f}")
        if args.variants and task.key == "complaint:en":
            variants(x, y)
        vectors = cached_embed(texts)
        fit = embed.fit_head(vectors, y, _folds(y), oof_fast, THRESHOLDS)
        if fit is None:
            print("  (too few examples for CV)")
            continue
        print(
            f"  embedding head C={fit.c}: CV F1 {fit.cv_f1_embedding:.4f}; combined mix={fit.mix} "
            f"thr={fit.threshold}: CV F1 {fit.cv_f1_combined:.4f} (fast {fit.cv_f1_fast:.4f}) "
            f"-> {'ship' if fit.helps else 'skip'}"
        )


if __name__ == "__main__":
    main()
