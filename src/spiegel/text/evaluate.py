"""Measure the shipped classifiers on held-out data and write ``docs/model-card.md``.

    spiegel evaluate            # prints the table, writes docs/model-card.md

Held-out sets: the official test split where a data set has one (TweetEval offensive, Zegelaar
polarity), a fixed seeded stratified 20 % split where it has none (Saha tweet acts, Preoţiuc-Pietro
complaints; see :mod:`spiegel.text.classifiers.datasets`), and spiegel's own hand-written
``training/<lang>/heldout.jsonl`` posts, which are never used for training or tuning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from spiegel.errors import SpiegelError
from spiegel.text.classifiers import Classifiers, load
from spiegel.text.classifiers import datasets as ds
from spiegel.text.classifiers.card import render_card

#: best published score per task, with its source (shown beside ours in the model card)
PUBLISHED: dict[str, str] = {
    "complaint:en": "F1 0.788 (Preoţiuc-Pietro et al. 2019, ACL, 10-fold CV, LR on all features); "
    "F1 ≈ 0.87 (Jin & Aletras 2020, COLING, transformer)",
    "hostile:en": "macro-F1 0.829 (Liu et al. 2019, best OffensEval 2019 sub-task A system, BERT)",
    "question:en": "no published binary question-vs-rest score; Saha et al. 2019 report 7-class accuracy",
    "tone:nl": "no published score on this split (Zegelaar 2020, MA thesis)",
    "plain:nl": "no published score; issue target pairwise accuracy ≥ 0.90",
}

TARGETS: dict[str, float] = {
    "question:nl": 0.90,
    "question:en": 0.90,
    "complaint:en": 0.85,
    "complaint:nl": 0.80,
    "hostile:nl": 0.85,
    "template:nl": 0.90,
    "template:en": 0.90,
    "plain:nl": 0.90,
}


@dataclass
class Result:
    signal: str
    lang: str
    dataset: str
    n: int
    metrics: dict[str, float] = field(default_factory=dict)
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.signal}:{self.lang}"


def _binary(clf: Classifiers, signal: str, examples: list[ds.Example], dataset: str) -> Result:
    out = clf.predict([e.text for e in examples], [e.lang for e in examples])
    y = np.array([int(e.label) for e in examples])
    pred = out[f"{signal}_flag"].astype(int)
    p, r, f1, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    metrics = {"precision": float(p), "recall": float(r), "f1": float(f1), "positives": int(y.sum())}
    if signal == "hostile" and dataset.startswith("TweetEval"):
        metrics["macro_f1"] = float(f1_score(y, pred, average="macro"))
    return Result(signal, examples[0].lang, dataset, len(examples), metrics)


def _tone(clf: Classifiers, examples: list[ds.Example], dataset: str) -> Result:
    out = clf.predict([e.text for e in examples], [e.lang for e in examples])
    y = [str(e.label) for e in examples]
    pred = [str(t) for t in out["tone"]]
    metrics = {
        "accuracy": float(accuracy_score(y, pred)),
        "macro_f1": float(f1_score(y, pred, average="macro")),
    }
    return Result("tone", examples[0].lang, dataset, len(examples), metrics)


def _plain() -> Result:
    """Plain-language pairwise accuracy, measured by the readability module (``spiegel.text.readability``)."""
    name = "Amsterdam complex→simple pairs (held-out)"
    try:
        from spiegel.text import readability

        heldout: Callable[[], dict[str, Any]] = readability.evaluate_heldout
    except (ImportError, AttributeError):
        missing = "not yet available: readability.evaluate_heldout is missing"
        return Result("plain", "nl", name, 0, {}, note=missing)
    try:
        res = heldout()
    except SpiegelError as exc:
        return Result("plain", "nl", name, 0, {}, note=f"not measured: {exc}")
    metrics = {"pairwise_accuracy": float(res["pairwise_accuracy"])}
    note = ""
    if res.get("flesch_douma_accuracy") is not None:
        note = f"Flesch-Douma alone: {float(res['flesch_douma_accuracy']):.3f}"
    return Result("plain", "nl", name, int(res.get("n_pairs", 0)), metrics, note=note)


def evaluate(data: Path | None = None, models: Path | None = None) -> list[Result]:
    """Score every classifier on its held-out sets."""
    data = data or ds.default_data_dir()
    clf = load(models)
    own = {lang: ds.own_rows(lang, "heldout") for lang in ("nl", "en")}
    results: list[Result] = []
    for signal in ("question", "complaint", "hostile", "explanation", "template"):
        if signal == "question":
            results.append(
                _binary(clf, signal, ds.saha_questions(data, "test"), "Saha et al. 2019 (seeded 20 % split)")
            )
        if signal == "complaint":
            results.append(
                _binary(
                    clf,
                    signal,
                    ds.preotiuc_complaints(data, "test"),
                    "Preoţiuc-Pietro et al. 2019 (seeded 20 % split)",
                )
            )
        if signal == "hostile":
            results.append(
                _binary(
                    clf, signal, ds.tweeteval_offensive(data, "test"), "TweetEval offensive / OLID (test)"
                )
            )
        for lang in ("nl", "en"):
            examples = ds.own_examples(own[lang], signal, f"spiegel-{lang}-heldout")
            results.append(_binary(clf, signal, examples, f"spiegel hand-written {lang} (held-out)"))
    results.append(_tone(clf, ds.zegelaar_polarity(data, "test"), "Zegelaar 2020 Dutch MPs' tweets (test)"))
    for lang in ("nl", "en"):
        examples = ds.own_examples(own[lang], "tone", f"spiegel-{lang}-heldout")
        results.append(_tone(clf, examples, f"spiegel hand-written {lang} (held-out)"))
    results.append(_plain())
    return results


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table_rows(results: list[Result]) -> list[list[str]]:
    rows = []
    for r in results:
        m = r.metrics
        target = TARGETS.get(r.key)
        main = m.get("f1", m.get("macro_f1", m.get("pairwise_accuracy")))
        own_set = "hand-written" in r.dataset
        # targets apply to the named sets: own Dutch sets, the public English ones
        applies = target is not None and (
            r.signal == "plain"
            or (r.lang == "nl" and own_set)
            or (r.lang == "en" and not own_set)
            or (r.signal == "template" and own_set)
        )
        rows.append(
            [
                r.signal,
                r.lang,
                r.dataset,
                str(r.n),
                _fmt(m.get("precision")),
                _fmt(m.get("recall")),
                _fmt(m.get("f1")),
                _fmt(m.get("accuracy", m.get("pairwise_accuracy"))),
                _fmt(m.get("macro_f1")),
                (f"{target:.2f} " + ("✓" if main is not None and main >= target else "✗"))
                if applies and target
                else "",
                r.note,
            ]
        )
    return rows


HEADERS = {
    "en": [
        "signal",
        "lang",
        "held-out data",
        "n",
        "precision",
        "recall",
        "F1",
        "accuracy",
        "macro-F1",
        "target",
        "note",
    ],
    "nl": [
        "signaal",
        "taal",
        "testdata",
        "n",
        "precisie",
        "recall",
        "F1",
        "nauwkeurigheid",
        "macro-F1",
        "doel",
        "opmerking",
    ],
}


def render_table(results: list[Result], ui_lang: str = "nl") -> str:
    """A plain-text table of the results."""
    headers = HEADERS[ui_lang]
    rows = table_rows(results)
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def write_model_card(results: list[Result], path: Path, models: Path | None = None) -> None:
    """Write the model card (Markdown) with the scores of this run."""
    clf = load(models)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        render_card(results, table_rows(results), HEADERS["en"], PUBLISHED, clf.meta), encoding="utf-8"
    )
