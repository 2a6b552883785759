"""Fit the Dutch difficulty model on the Amsterdam complex→simple pairs and evaluate it.

Data: ``../shared/data/amsterdam_municipal_complex_simple_nl`` (EUPL-1.2; Vlantis et al. 2024),
1,310 sentence pairs from about 50 municipal documents. The split is by *document* (so no
document's sentences sit on both sides), seeded, about 70 % of the pairs for training and the
rest held out. Pairs whose two sides are the same text are left out (they are not a
simplification). The held-out part is never used for fitting or choosing settings: the
regularisation strength is picked by grouped cross-validation inside the training part.

The model is a linear ranking (logistic regression on the differences of a pair's features, no
intercept) so that ``difficulty(simple) < difficulty(complex)`` as often as possible. Its
features are the readability features of :data:`spiegel.text.readability.FEATURES`
(standardised) plus word counts: every word below Zipf :data:`LEXICON_MAX_ZIPF` seen in two or
more training sentences gets a weight, shipped as the model's ``lexicon`` (counted in full up to
:data:`spiegel.text.readability.LEXICAL_WORDS` words, scaled down beyond). The evaluation also
reports the held-out pairs with identical sides, counted as ties.

Plain language (B1) is defined by the simplified side: the B1|B2 cut is the difficulty below
which :data:`PLAIN_QUANTILE` of the simplified training sentences fall, and ``plain_score`` is
a logistic curve through that cut whose slope is fitted (Platt) on complex-vs-simple training
sentences. A2|B1 is the lower quartile of the simplified sentences, B2|C1 the 90th percentile of
the complex ones: guide bands, not an official CEFR test.

Run ``python -m spiegel.text.calibrate [DATA_DIR]`` to refit and rewrite
``data/readability_nl.json``; the result is the same on every run (seeded, deterministic).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from spiegel.errors import InputError, MalformedFileError
from spiegel.text import readability

SEED = 20240501
TRAIN_SHARE = 0.7
CSV_NAME = "complex-simple-sentences__complex-simple-v1-anonymized.csv"
MODEL_PATH = Path(__file__).resolve().parent / "data" / "readability_nl.json"
TARGET = 0.90
#: Regularisation strengths tried by grouped cross-validation on the training pairs.
C_GRID = (0.1, 0.3, 1.0, 3.0)
#: The B1|B2 cut: this share of the simplified training sentences reads as B1 or easier.
PLAIN_QUANTILE = 0.85
#: Words at least this frequent (Zipf) get no lexical weight (the, a, and: edits of such words
#: follow one city's house style rather than readability).
LEXICON_MAX_ZIPF = 6.0

Pair = tuple[str, str, str]  # (document id, complex, simple)


def default_data_dir() -> Path:
    """``<repo>/../shared/data/amsterdam_municipal_complex_simple_nl`` for a source checkout."""
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "data" / "amsterdam_municipal_complex_simple_nl"


def load_pairs(data_dir: Path | None = None, *, identical: bool = False) -> list[Pair]:
    """All usable (document, complex, simple) pairs; with *identical*, only the pairs whose two
    sides are the same text (ignoring case), which no model can rank."""
    path = (data_dir or default_data_dir()) / CSV_NAME
    if not path.is_file():
        raise InputError(
            "the Amsterdam complex→simple pairs are not there",
            path=path,
            fix="Pass the folder amsterdam_municipal_complex_simple_nl of the shared data "
            "(python -m spiegel.text.calibrate DATA_DIR).",
        )
    pairs: list[Pair] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for line, row in enumerate(reader, start=2):
            try:
                doc, cx, sp = row["Document ID"], row["Complex"].strip(), row["Simple"].strip()
            except KeyError as exc:
                raise MalformedFileError(
                    "a column is missing",
                    path=path,
                    line=line,
                    field=str(exc),
                    fix="Use the file with the columns Document ID, Complex, Simple.",
                ) from None
            if cx and sp and (cx.lower() == sp.lower()) == identical:
                pairs.append((doc, cx, sp))
    return pairs


def split(pairs: list[Pair], seed: int = SEED) -> tuple[list[Pair], list[Pair]]:
    """(train, held-out) by document, seeded."""
    docs = sorted({p[0] for p in pairs}, key=lambda d: (len(d), d))
    random.Random(seed).shuffle(docs)
    per_doc: dict[str, int] = {}
    for p in pairs:
        per_doc[p[0]] = per_doc.get(p[0], 0) + 1
    train_docs: set[str] = set()
    count = 0
    for doc in docs:
        if count >= TRAIN_SHARE * len(pairs):
            break
        train_docs.add(doc)
        count += per_doc[doc]
    return [p for p in pairs if p[0] in train_docs], [p for p in pairs if p[0] not in train_docs]


@lru_cache(maxsize=8192)
def _row(text: str) -> tuple[float, ...]:
    _, feats = readability.dutch_features(text, lexicon={})
    return tuple(feats.get(name, 0.0) for name in readability.FEATURES)


def _matrix(texts: list[str]) -> np.ndarray:
    return np.asarray([_row(text) for text in texts], dtype=float)


def _words(text: str) -> list[str]:
    """The lower-case words the lexical part scores: not numbers, and not the most frequent
    words (their edits in the pairs follow one city's house style, not readability)."""
    words = (w.lower() for sentence in readability._split(text) for w in sentence if not w[0].isdigit())
    return [w for w in words if readability._word_nl(w)[1] < LEXICON_MAX_ZIPF]


def _fit_weights(dc: sparse.csr_matrix, ds: sparse.csr_matrix, c: float) -> np.ndarray:
    diff = sparse.csr_matrix(dc - ds)
    x = sparse.vstack([diff, -diff])
    y = np.concatenate([np.ones(diff.shape[0]), np.zeros(diff.shape[0])])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(x, y)
    return np.asarray(model.coef_[0])


def _design(
    pairs: list[Pair], side: int, mean: np.ndarray, scale: np.ndarray, vocab: CountVectorizer
) -> sparse.csr_matrix:
    texts = [p[side] for p in pairs]
    dense = (_matrix(texts) - mean) / scale
    # word weights count in full up to LEXICAL_WORDS words, then scaled down: a sentence's
    # edits count in full, and a long post is not harder for its length
    scale_rows = [
        readability.LEXICAL_WORDS / max(len(_split_words(t)), readability.LEXICAL_WORDS) for t in texts
    ]
    per_word = sparse.diags(scale_rows) @ vocab.transform(texts)
    return sparse.csr_matrix(sparse.hstack([sparse.csr_matrix(dense), per_word]))


def _split_words(text: str) -> list[str]:
    return [w for sentence in readability._split(text) for w in sentence]


def _fit_on(train: list[Pair], c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, CountVectorizer]:
    both = np.vstack([_matrix([p[1] for p in train]), _matrix([p[2] for p in train])])
    mean, scale = both.mean(axis=0), both.std(axis=0)
    scale[scale == 0] = 1.0
    vocab = CountVectorizer(analyzer=_words, min_df=2)
    vocab.fit([p[1] for p in train] + [p[2] for p in train])
    w = _fit_weights(_design(train, 1, mean, scale, vocab), _design(train, 2, mean, scale, vocab), c)
    return w, mean, scale, vocab


def fit(train: list[Pair]) -> dict[str, Any]:
    """Fit the model on *train*; returns the JSON-ready model (without held-out scores)."""
    groups = np.asarray([p[0] for p in train])
    best_c, best_acc = 1.0, -1.0
    for c in C_GRID:
        accs = []
        for tr, va in GroupKFold(n_splits=5).split(train, groups=groups):
            part, val = [train[i] for i in tr], [train[i] for i in va]
            w, mean, scale, vocab = _fit_on(part, c)
            dc = _design(val, 1, mean, scale, vocab) @ w
            ds = _design(val, 2, mean, scale, vocab) @ w
            accs.append(float(np.mean(ds < dc)))
        if np.mean(accs) > best_acc:
            best_c, best_acc = c, float(np.mean(accs))
    w, mean, scale, vocab = _fit_on(train, best_c)
    n_dense = len(readability.FEATURES)
    dc = _design(train, 1, mean, scale, vocab) @ w
    ds = _design(train, 2, mean, scale, vocab) @ w
    d = np.concatenate([dc, ds]).reshape(-1, 1)
    y = np.concatenate([np.zeros(len(dc)), np.ones(len(ds))])
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(d, y)
    a = float(platt.coef_[0][0])
    # B1 means: as easy as most sentences the city's editors rewrote to B1.
    mid = float(np.quantile(ds, PLAIN_QUANTILE))
    b = -a * mid
    low = min(float(np.quantile(ds, 0.25)), mid - 0.1)
    high = max(float(np.quantile(dc, 0.90)), mid + 0.1)
    lexicon = {
        word: round(float(w[n_dense + i]), 4)
        for word, i in sorted(vocab.vocabulary_.items())
        if abs(w[n_dense + i]) >= 0.005
    }
    return {
        "features": list(readability.FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w[:n_dense]],
        "platt_a": round(a, 6),
        "platt_b": round(b, 6),
        "cuts": [round(low, 6), round(mid, 6), round(high, 6)],
        "meta": {
            "version": "readability_nl.v2",
            "data": "amsterdam_municipal_complex_simple_nl/" + CSV_NAME,
            "seed": SEED,
            "train_pairs": len(train),
            "C": best_c,
            "cv_pairwise_accuracy": round(best_acc, 4),
        },
        "lexicon": lexicon,
    }


def _accuracy(model: readability.Model, pairs: list[Pair]) -> tuple[float, float, float, float]:
    won = fl = plain_s = plain_c = 0.0
    for _, cx, sp in pairs:
        rc, fc = readability.dutch_features(cx, model.lexicon)
        rs, fs = readability.dutch_features(sp, model.lexicon)
        if not fc or not fs:
            continue
        dc, ds = model.difficulty(fc), model.difficulty(fs)
        won += 1.0 if ds < dc else 0.5 if ds == dc else 0.0
        fl += 1.0 if (rs.flesch or 0) > (rc.flesch or 0) else 0.5 if rs.flesch == rc.flesch else 0.0
        plain_s += model.plain_probability(ds) >= 0.5
        plain_c += model.plain_probability(dc) >= 0.5
    n = len(pairs)
    return won / n, fl / n, plain_s / n, plain_c / n


def evaluate_heldout(data_dir: Path | None = None, model: readability.Model | None = None) -> dict[str, Any]:
    """Scores of *model* (default: the shipped one) on the held-out pairs.

    ``pairwise_accuracy`` leaves out the held-out pairs whose two sides are the same text
    (``identical_pairs`` of them); ``pairwise_accuracy_with_ties`` counts each of those as a
    tie (half a win).
    """
    _, heldout = split(load_pairs(data_dir))
    docs = {p[0] for p in heldout}
    n_identical = sum(1 for p in load_pairs(data_dir, identical=True) if p[0] in docs)
    acc, flesch_acc, ps, pc = _accuracy(model or readability.load_model(), heldout)
    with_ties = (acc * len(heldout) + 0.5 * n_identical) / (len(heldout) + n_identical)
    return {
        "task": "plain language: simple side of a pair scores easier",
        "data": "amsterdam_municipal_complex_simple_nl (EUPL-1.2)",
        "split": f"held-out documents, seed {SEED}, {1 - TRAIN_SHARE:.0%} of pairs",
        "n_pairs": len(heldout),
        "identical_pairs": n_identical,
        "pairwise_accuracy": round(acc, 4),
        "pairwise_accuracy_with_ties": round(with_ties, 4),
        "flesch_douma_accuracy": round(flesch_acc, 4),
        "plain_share_simple": round(ps, 4),
        "plain_share_complex": round(pc, 4),
        "target": TARGET,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else None
    pairs = load_pairs(data_dir)
    train, _ = split(pairs)
    spec = fit(train)
    csv_path = (data_dir or default_data_dir()) / CSV_NAME
    spec["meta"]["data_sha256"] = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    MODEL_PATH.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    readability.clear_caches()
    spec["meta"]["heldout"] = evaluate_heldout(data_dir)
    MODEL_PATH.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(json.dumps(spec["meta"], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
