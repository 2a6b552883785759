"""The trained per-post classifiers: question, complaint, hostile, explanation, template, tone.

Usage::

    from spiegel.text.classifiers import load
    out = load().predict(["Wanneer wordt mijn afval opgehaald?"], ["nl"])
    out["question"]       # float scores in [0, 1], one per text
    out["question_flag"]  # bool: score >= the shipped threshold for the text's language
    out["tone"]           # "negative" / "neutral" / "positive" (a label of the wording only)
    out["tone_score"]     # probability of that tone label, in [0, 1]
    out["tone_polarity"]  # P(positive) - P(negative), in [-1, 1]

One linear model per signal and language (``nl``, ``en``; every other language uses the English
model) reads the shared features of :mod:`.features`. The weights are shipped in
``spiegel/text/models/classifiers.npz`` (plain arrays, loaded with ``allow_pickle=False``) and
``classifiers.json`` (row names, thresholds, version); ``spiegel train`` writes both,
``spiegel evaluate`` measures them. See ``docs/model-card.md``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from spiegel.errors import SpiegelError
from spiegel.text.classifiers import features

SIGNALS = ("question", "complaint", "hostile", "explanation", "template", "tone")
BINARY_SIGNALS = SIGNALS[:-1]
TONES = ("negative", "neutral", "positive")
MODEL_LANGS = ("nl", "en")
VERSION = "text-classifiers.v6"

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
WEIGHTS_FILE = "classifiers.npz"
META_FILE = "classifiers.json"


_VERSION_CACHE: dict[Path, str] = {}


def weights_version(folder: Path | None = None) -> str:
    """The version of the shipped classifiers as a profile records it: :data:`VERSION` plus the
    first 12 hex digits of the SHA-256 of the weights file, so that every retrain (new weights)
    gives a new version string even when :data:`VERSION` was not bumped by hand. Without a
    weights file: :data:`VERSION` alone."""
    import hashlib

    path = (folder or MODELS_DIR) / WEIGHTS_FILE
    cached = _VERSION_CACHE.get(path)
    if cached is None:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        except OSError:
            return VERSION
        cached = _VERSION_CACHE[path] = f"{VERSION}+{digest}"
    return cached


class ModelFileError(SpiegelError):
    """The shipped model files are missing or do not match this version of spiegel."""


def model_lang(lang: str) -> str:
    """The language whose model reads a post in *lang* (``nl`` or ``en``)."""
    return "nl" if lang == "nl" else "en"


@dataclass
class Classifiers:
    """Weights of every classifier: ``weights`` is (n_features, n_rows), ``rows`` names each column
    as ``signal:lang`` (binary) or ``tone:lang:label``."""

    weights: np.ndarray
    bias: np.ndarray
    rows: list[str]
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.rows)}
        missing = [
            f"{s}:{lang}" for s in BINARY_SIGNALS for lang in MODEL_LANGS if f"{s}:{lang}" not in self._index
        ] + [
            f"tone:{lang}:{t}" for lang in MODEL_LANGS for t in TONES if f"tone:{lang}:{t}" not in self._index
        ]
        if missing:
            raise ModelFileError(
                f"the classifier model lacks the rows {', '.join(missing)}; run `spiegel train` again"
            )

    @property
    def version(self) -> str:
        return str(self.meta.get("version", VERSION))

    def decision(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Raw linear scores: (n_texts, n_rows)."""
        x = features.featurize(texts, langs)
        raw: np.ndarray = np.asarray(x @ self.weights, dtype=np.float64) + self.bias
        return raw

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> dict[str, np.ndarray]:
        """Scores, flags and tone labels for a batch of texts (see the module docstring)."""
        n = len(texts)
        if n == 0:
            out: dict[str, np.ndarray] = {}
            for s in BINARY_SIGNALS:
                out[s] = np.zeros(0)
                out[f"{s}_flag"] = np.zeros(0, dtype=bool)
            out["tone"] = np.zeros(0, dtype="<U8")
            out["tone_score"] = np.zeros(0)
            out["tone_polarity"] = np.zeros(0)
            return out
        raw = self.decision(texts, langs)
        is_nl = np.array([model_lang(lang) == "nl" for lang in langs], dtype=bool)
        out = {}
        for s in BINARY_SIGNALS:
            z = np.where(is_nl, raw[:, self._index[f"{s}:nl"]], raw[:, self._index[f"{s}:en"]])
            score = 1.0 / (1.0 + np.exp(-z))
            thr = np.where(is_nl, self.thresholds[f"{s}:nl"], self.thresholds[f"{s}:en"])
            out[s] = score
            out[f"{s}_flag"] = score >= thr
        tone_z = np.empty((n, len(TONES)))
        for k, t in enumerate(TONES):
            tone_z[:, k] = np.where(
                is_nl, raw[:, self._index[f"tone:nl:{t}"]], raw[:, self._index[f"tone:en:{t}"]]
            )
        tone_z -= tone_z.max(axis=1, keepdims=True)
        prob = np.exp(tone_z)
        prob /= prob.sum(axis=1, keepdims=True)
        best = prob.argmax(axis=1)
        out["tone"] = np.array(TONES, dtype="<U8")[best]
        out["tone_score"] = prob[np.arange(n), best]
        out["tone_polarity"] = prob[:, 2] - prob[:, 0]
        return out


def save(clf: Classifiers, directory: Path = MODELS_DIR) -> None:
    """Write the model files (weights as float16 arrays, names and thresholds as JSON)."""
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        directory / WEIGHTS_FILE,
        weights=clf.weights.astype(np.float16),
        bias=clf.bias.astype(np.float32),
    )
    meta = dict(clf.meta)
    meta.update({"rows": clf.rows, "thresholds": clf.thresholds, "n_features": int(clf.weights.shape[0])})
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_from(directory: Path) -> Classifiers:
    """Load model files from *directory* (no pickle: plain arrays and JSON only)."""
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as npz:
            weights = npz["weights"].astype(np.float32)
            bias = npz["bias"].astype(np.float64)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelFileError(
            f"cannot read the classifier model in {directory}: {exc}; "
            "reinstall spiegel or run `spiegel train` to rebuild it"
        ) from exc
    if weights.shape[0] != features.N_FEATURES or meta.get("n_features") != features.N_FEATURES:
        raise ModelFileError(
            f"the classifier model in {directory} was trained with {weights.shape[0]} features, this "
            f"version of spiegel computes {features.N_FEATURES}; run `spiegel train` again"
        )
    rows = list(meta.pop("rows"))
    thresholds = {k: float(v) for k, v in meta.pop("thresholds").items()}
    return Classifiers(weights=weights, bias=bias, rows=rows, thresholds=thresholds, meta=meta)


_lock = threading.Lock()
_cache: dict[Path, Classifiers] = {}


def load(directory: Path | None = None) -> Classifiers:
    """The shipped classifiers, loaded once per process (offline; no download ever)."""
    path = (directory or MODELS_DIR).resolve()
    with _lock:
        if path not in _cache:
            _cache[path] = load_from(path)
        return _cache[path]


def clear_cache() -> None:
    """Forget loaded models (after ``spiegel train`` rewrote them)."""
    with _lock:
        _cache.clear()


__all__ = [
    "BINARY_SIGNALS",
    "SIGNALS",
    "TONES",
    "VERSION",
    "Classifiers",
    "ModelFileError",
    "clear_cache",
    "load",
    "load_from",
    "model_lang",
    "save",
]
