"""Readers for the labelled data the classifiers are trained and evaluated on.

Public data lives in ``../shared/data`` next to the repository (override with ``SPIEGEL_DATA`` or the
``--data`` option); spiegel's own Dutch and English examples live in ``training/``. Every reader
returns :class:`Example` lists for one split. Splits without an official version are fixed,
seeded and stratified (:func:`seeded_split`), so every run sees the same held-out posts.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spiegel.errors import InputError, MalformedFileError

REPO = Path(__file__).resolve().parents[4]
TRAINING_DIR = REPO / "training"


def default_data_dir() -> Path:
    env = os.environ.get("SPIEGEL_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    lang: str
    label: int | str
    source: str


def _need(path: Path) -> Path:
    if not path.exists():
        raise InputError(
            "data set file not found",
            path=path,
            fix="point --data (or SPIEGEL_DATA) at the folder with the public data sets "
            "(see docs/model-card.md)",
        )
    return path


def seeded_split(key: str, test_share: float = 0.2) -> str:
    """``"test"`` or ``"train"`` for an item, from a hash of its key (stable across runs and machines)."""
    h = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return "test" if (h % 10_000) / 10_000 < test_share else "train"


def _stratified(
    examples: list[Example], keys: list[str], split: str, test_share: float = 0.2
) -> list[Example]:
    """Per label, a seeded hash order; the first ``test_share`` of each label is the test part."""
    by_label: dict[object, list[tuple[str, Example]]] = {}
    for key, ex in zip(keys, examples, strict=True):
        by_label.setdefault(ex.label, []).append((hashlib.sha256(key.encode("utf-8")).hexdigest(), ex))
    out: list[Example] = []
    for label in sorted(by_label, key=str):
        items = sorted(by_label[label], key=lambda t: t[0])
        cut = round(len(items) * test_share)
        chosen = items[:cut] if split == "test" else items[cut:]
        out.extend(ex for _, ex in chosen)
    return out


# --- public English data -------------------------------------------------------------------------


def saha_questions(data: Path, split: str) -> list[Example]:
    """Saha et al. 2019 tweet acts: QUE → 1, every other act → 0. Fixed seeded stratified 80/20 split."""
    path = _need(data / "tweet_act_classification_saha2019" / "Dataset__TWEET_DATA.csv")
    examples, keys = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh), start=1):
            if len(row) < 2:
                raise MalformedFileError("expected two columns (text,label)", path=path, line=i)
            examples.append(Example(row[0], "en", int(row[1].strip() == "QUE"), "saha2019"))
            keys.append(f"saha:{i}:{row[0]}")
    return _stratified(examples, keys, split)


def preotiuc_complaints(data: Path, split: str) -> list[Example]:
    """Preoţiuc-Pietro et al. 2019 complaints. The paper reports 10-fold cross-validation and
    publishes no split; spiegel uses a fixed seeded stratified 80/20 split on the tweet id."""
    path = _need(data / "complaints_preotiuc2019" / "complaints-data.csv")
    examples, keys = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh), start=1):
            if len(row) < 3:
                raise MalformedFileError("expected columns id,text,label,domain", path=path, line=i)
            examples.append(Example(row[1], "en", int(row[2]), "preotiuc2019"))
            keys.append(f"complaints:{row[0]}")
    return _stratified(examples, keys, split)


def tweeteval_offensive(data: Path, split: str) -> list[Example]:
    """TweetEval offensive (OLID / OffensEval 2019) with its own train / val / test split."""
    base = data / "tweeteval_offensive_hate_en"
    name = {"train": "train", "val": "val", "test": "test"}[split]
    texts = _need(base / f"datasets__offensive__{name}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = _need(base / f"datasets__offensive__{name}_labels.txt").read_text(encoding="utf-8").split()
    if len(texts) != len(labels):
        raise MalformedFileError(
            f"{len(texts)} texts but {len(labels)} labels",
            path=base / f"datasets__offensive__{name}_labels.txt",
        )
    return [Example(t, "en", int(y), "tweeteval-offensive") for t, y in zip(texts, labels, strict=True)]


# --- public Dutch data ---------------------------------------------------------------------------


def zegelaar_polarity(data: Path, split: str) -> list[Example]:
    """Dutch MPs' tweets with polarity: ``gold-polarity.csv`` (train) / ``test-data-polarity.csv`` (test)."""
    base = data / "dutch_political_tweets_polarity_emotion_zegelaar"
    path = _need(base / ("test-data-polarity.csv" if split == "test" else "gold-polarity.csv"))
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = (row.get("polarity") or "").strip()
            if label in ("negative", "neutral", "positive") and row.get("content"):
                out.append(Example(row["content"], "nl", label, "zegelaar2020"))
    return out


def semeval_restaurants_nl(data: Path) -> list[Example]:
    """SemEval-2016 Dutch restaurant sentences; no-opinion sentences count as neutral, mixed ones
    are left out."""
    path = _need(data / "semeval2016_absa_dutch_restaurants" / "restaurants_dutch_training_sentences.tsv")
    out = []
    mapping = {"positive": "positive", "negative": "negative", "neutral": "neutral", "none": "neutral"}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            label = mapping.get((row.get("sentence_polarity_majority") or "").strip())
            if label and row.get("text"):
                out.append(Example(row["text"], "nl", label, "semeval2016-nl"))
    return out


# --- spiegel's own data --------------------------------------------------------------------------


#: hand-written files that are training data besides ``dev.jsonl``: (part, source name suffix).
#: ``heldout.jsonl`` was the held-out set of the first model card; it is development and training
#: data now, and the blind ``test.jsonl`` took its place (see training/nl/README.md).
HANDWRITTEN_PARTS: tuple[tuple[str, str], ...] = (
    ("train_handwritten", "handwritten-train"),
    ("train_handwritten2", "handwritten-train2"),
    ("heldout", "handwritten-dev2"),
    # the first blind test set: scored twice (after the session-2 data, and after model selection
    # moved to human-written posts), then used for development
    ("blind1", "handwritten-dev3"),
    # the second blind test set: scored once (session 2), then used for development in session 3;
    ("blind2", "handwritten-dev4"),
    # the third blind test set: scored once (session 3), then used for development; test.jsonl is
    # the fourth one
    ("blind3", "handwritten-dev5"),
    # third hand-written round (session 3): questions without "?", question-like non-questions
    ("train_handwritten3", "handwritten-train3"),
    # fourth hand-written round (session 3): hostile forms, complaint and question near-misses
    ("train_handwritten4", "handwritten-train4"),
)


def own_rows(lang: str, part: str, training_dir: Path | None = None) -> list[dict[str, Any]]:
    """Rows of ``training/<lang>/<part>.jsonl`` (part: ``generated``, ``dev``, ``train_handwritten``,
    ``heldout`` or ``test``)."""
    path = _need((training_dir or TRAINING_DIR) / lang / f"{part}.jsonl")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                row["labels"], row["text"], row["tone"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise MalformedFileError(
                    f"not a labelled post ({exc})",
                    path=path,
                    line=i,
                    fix="each line needs text, labels, tone",
                ) from exc
            if not isinstance(row["text"], str) or not isinstance(row["labels"], dict):
                raise MalformedFileError(
                    "text must be a string and labels an object",
                    path=path,
                    line=i,
                    fix='write e.g. {"text": "…", "labels": {"question": 1}, "tone": "neutral"}',
                )
            row.setdefault("lang", lang)
            rows.append(row)
    return rows


def own_examples(rows: Iterable[dict[str, Any]], signal: str, source: str) -> list[Example]:
    out = []
    for row in rows:
        value = row["tone"] if signal == "tone" else row["labels"].get(signal)
        if value is not None:
            out.append(Example(row["text"], row["lang"], value, source))
    return out


def handwritten_examples(lang: str, signal: str, training_dir: Path | None = None) -> list[Example]:
    """The examples of *signal* in every hand-written training file of :data:`HANDWRITTEN_PARTS`,
    each with its own source name (``spiegel-<lang>-handwritten-train``, ``…-handwritten-dev2``)."""
    out: list[Example] = []
    for part, name in HANDWRITTEN_PARTS:
        out.extend(own_examples(own_rows(lang, part, training_dir), signal, f"spiegel-{lang}-{name}"))
    return out
