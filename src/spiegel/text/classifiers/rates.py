"""Measured error rates of every yes/no signal, for the indicators' prevalence correction.

``spiegel train`` writes them into ``classifiers.json`` under the top-level key ``"error_rates_external"``
(reported in the model card; the correction reads ``"error_rates"``, see :mod:`spiegel.text.error_rates`)::

    {"nl": {"hostile": {"sensitivity": 0.8, "specificity": 0.97, "n_pos": 60, "n_neg": 700,
                        "source": "external-nl-dev"}, ...},
     "en": {...}}

Sensitivity is the recall of the positive class (flagged among the true positives), specificity
the share of true negatives left unflagged. An indicator that reports a share of flagged posts can
correct it with these two numbers (Rogan–Gladen) and give an interval from ``n_pos`` / ``n_neg``.

Where the rates come from (the first set that has both classes):

* Dutch: the development part of the external posts (``training/external/dev.jsonl``, real posts
  by people outside the team, never trained on; thresholds are chosen by cross-validation on the
  training part), else the team's blind test set ``training/nl/test.jsonl``;
* English: the public test splits (Saha questions, Preoţiuc-Pietro complaints, TweetEval
  offensive), for explanation and template the team's English blind test set;
* ``plain`` (Dutch, from :mod:`spiegel.text.readability`): the external development part.

Measuring reads those sets only; nothing is tuned on them here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from spiegel.errors import SpiegelError
from spiegel.text.classifiers import datasets as ds
from spiegel.text.classifiers import external as ext

SIGNALS = ("question", "complaint", "hostile", "explanation", "template")
EXTERNAL_DEV = "external-nl-dev"


class Predictor(Protocol):
    def predict(self, texts: list[str], langs: list[str]) -> dict[str, Any]: ...


def rates_of(y: np.ndarray, pred: np.ndarray, source: str) -> dict[str, Any]:
    """Sensitivity, specificity and the class sizes of yes/no predictions *pred* against *y*."""
    y = np.asarray(y).astype(bool)
    pred = np.asarray(pred).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    return {
        "sensitivity": round(float((pred & y).sum() / n_pos), 4) if n_pos else None,
        "specificity": round(float((~pred & ~y).sum() / n_neg), 4) if n_neg else None,
        "n_pos": n_pos,
        "n_neg": n_neg,
        "source": source,
    }


def _both_classes(examples: list[ds.Example]) -> bool:
    labels = {int(e.label) for e in examples}
    return labels == {0, 1}


def _flags(clf: Predictor, signal: str, examples: list[ds.Example]) -> np.ndarray:
    out = clf.predict([e.text for e in examples], [e.lang for e in examples])
    return np.asarray(out[f"{signal}_flag"], dtype=bool)


def _first(
    candidates: list[tuple[str, Callable[[], list[ds.Example]]]],
) -> tuple[str, list[ds.Example]] | None:
    for source, load in candidates:
        try:
            examples = load()
        except SpiegelError:
            continue
        if _both_classes(examples):
            return source, examples
    return None


def _plain_rates(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    labelled = [r for r in rows if r["labels"].get("plain") is not None]
    if not labelled:
        return None
    from spiegel.text import readability

    y, pred = [], []
    for r in labelled:
        verdict = readability.assess(r["text"], "nl").plain
        y.append(int(r["labels"]["plain"]))
        pred.append(bool(verdict))
    ys = np.array(y)
    if len(set(y)) < 2:
        return None
    return rates_of(ys, np.array(pred), EXTERNAL_DEV)


def _const(examples: list[ds.Example]) -> Callable[[], list[ds.Example]]:
    return lambda: examples


def measure(clf: Predictor, data: Path, training_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """The error rates of every signal and language (see the module docstring)."""
    folder = (training_dir or ds.TRAINING_DIR) / "external"
    dev_rows = ext.external_rows("dev", folder)

    def own_test(lang: str, signal: str) -> Callable[[], list[ds.Example]]:
        return lambda: ds.own_examples(
            ds.own_rows(lang, "test", training_dir), signal, f"spiegel-{lang}-test"
        )

    public: dict[str, tuple[str, Callable[[], list[ds.Example]]]] = {
        "question": ("saha2019-test", lambda: ds.saha_questions(data, "test")),
        "complaint": ("preotiuc2019-test", lambda: ds.preotiuc_complaints(data, "test")),
        "hostile": ("tweeteval-offensive-test", lambda: ds.tweeteval_offensive(data, "test")),
    }
    out: dict[str, dict[str, Any]] = {"nl": {}, "en": {}}
    for signal in SIGNALS:
        dev = ds.own_examples(dev_rows, signal, EXTERNAL_DEV)
        nl = _first([(EXTERNAL_DEV, _const(dev)), ("spiegel-nl-test", own_test("nl", signal))])
        en_candidates = [public[signal]] if signal in public else []
        en = _first([*en_candidates, ("spiegel-en-test", own_test("en", signal))])
        for lang, found in (("nl", nl), ("en", en)):
            if found is not None:
                source, examples = found
                y = np.array([int(e.label) for e in examples])
                out[lang][signal] = rates_of(y, _flags(clf, signal, examples), source)
    plain = _plain_rates(dev_rows)
    if plain is not None:
        out["nl"]["plain"] = plain
    return out
