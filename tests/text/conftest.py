"""Fixtures of the text tests: a stand-in for the trained classifiers with the same ``predict``
interface."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest


class FakeClassifiers:
    """question = has '?'; hostile = contains 'idioot'; everything else 0; tone from '!'."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str]]] = []

    def predict(self, texts: list[str], langs: list[str]) -> dict[str, Any]:
        self.calls.append((list(texts), list(langs)))
        out: dict[str, Any] = {}
        for name in ("question", "complaint", "hostile", "explanation", "template"):
            if name == "question":
                scores = np.array([0.9 if "?" in t else 0.1 for t in texts])
            elif name == "hostile":
                scores = np.array([0.8 if "idioot" in t.lower() else 0.05 for t in texts])
            else:
                scores = np.zeros(len(texts))
            out[name] = scores
            out[f"{name}_flag"] = scores >= 0.5
        out["tone"] = np.array(["positive" if "!" in t else "neutral" for t in texts])
        out["tone_score"] = np.array([0.7 if "!" in t else 0.6 for t in texts])
        return out


@pytest.fixture
def fake_classifiers() -> FakeClassifiers:
    return FakeClassifiers()
