"""Stakeholder type from a profile bio: ``citizen``, ``company``, ``interest_group``,
``government`` or ``media``.

Two linear models over hashed character n-grams: first person vs organisation (trained on the
Humanizr bios plus our Dutch bios), then, for organisations, the kind of organisation (trained on
our Dutch bios). The weights ship as ``models/bios.npz`` (no pickle); ``models/bios.json`` holds
the settings and the held-out scores. Retrain with ``python -m spiegel.behaviour.train_bios``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

MODEL_DIR = Path(__file__).resolve().parent / "models"
WEIGHTS = MODEL_DIR / "bios.npz"
CARD = MODEL_DIR / "bios.json"
ORG_TYPES = ("company", "interest_group", "government", "media")
VECTORIZER: dict[str, Any] = {
    "analyzer": "char_wb",
    "ngram_range": (2, 4),
    "n_features": 2**17,
    "alternate_sign": False,
    "norm": "l2",
    "lowercase": True,
}


def vectorizer() -> HashingVectorizer:
    return HashingVectorizer(**VECTORIZER)


@dataclass(slots=True)
class BioModel:
    person_coef: np.ndarray  # (n_features,) positive = organisation
    person_intercept: float
    org_coef: np.ndarray  # (len(ORG_TYPES), n_features)
    org_intercept: np.ndarray
    threshold: float = 0.5

    def org_probability(self, bios: list[str]) -> np.ndarray:
        x = vectorizer().transform(bios)
        z = x @ self.person_coef + self.person_intercept
        return np.asarray(1 / (1 + np.exp(-z)))

    def predict(self, bios: list[str]) -> list[str]:
        x = vectorizer().transform(bios)
        z = x @ self.person_coef + self.person_intercept
        kinds = np.asarray(x @ self.org_coef.T) + self.org_intercept
        out = []
        for i, score in enumerate(np.asarray(z).ravel()):
            if 1 / (1 + np.exp(-score)) < self.threshold:
                out.append("citizen")
            else:
                out.append(ORG_TYPES[int(np.argmax(kinds[i]))])
        return out

    def save(self, path: Path = WEIGHTS) -> None:
        dense = self.org_coef
        idx = np.flatnonzero((np.abs(self.person_coef) > 1e-6) | (np.abs(dense) > 1e-6).any(axis=0))
        np.savez_compressed(
            path,
            index=idx.astype(np.int32),
            person_coef=self.person_coef[idx].astype(np.float32),
            person_intercept=np.array([self.person_intercept], dtype=np.float32),
            org_coef=dense[:, idx].astype(np.float32),
            org_intercept=self.org_intercept.astype(np.float32),
            threshold=np.array([self.threshold], dtype=np.float32),
        )


def load_model(path: Path = WEIGHTS) -> BioModel:
    with np.load(path) as data:
        n = int(VECTORIZER["n_features"])
        idx = data["index"]
        person = np.zeros(n, dtype=np.float64)
        person[idx] = data["person_coef"]
        org = np.zeros((len(ORG_TYPES), n), dtype=np.float64)
        org[:, idx] = data["org_coef"]
        return BioModel(
            person,
            float(data["person_intercept"][0]),
            org,
            data["org_intercept"].astype(np.float64),
            float(data["threshold"][0]),
        )


@lru_cache(maxsize=1)
def _shipped() -> BioModel:
    return load_model()


def classify_bio(bio: str) -> str:
    """The stakeholder type of one bio (see the module docstring)."""
    return _shipped().predict([bio])[0]


_CACHE: dict[str, str] = {}
_CACHE_MAX = 200_000


def classify_bios(bios: list[str]) -> list[str]:
    """Types of many bios in one pass; results are cached (a team shares most accounts)."""
    todo = sorted({b for b in bios if b not in _CACHE})
    if todo:
        if len(_CACHE) + len(todo) > _CACHE_MAX:
            _CACHE.clear()
        _CACHE.update(zip(todo, _shipped().predict(todo), strict=True))
    return [_CACHE[b] for b in bios]


def model_card() -> dict[str, Any]:
    return dict(json.loads(CARD.read_text(encoding="utf-8")))
