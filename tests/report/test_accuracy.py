from __future__ import annotations

import pytest

from spiegel.competencies.registry import registry
from spiegel.report import accuracy


def test_every_indicator_is_mapped_and_signals_exist() -> None:
    table = accuracy.accuracy_table()
    assert set(table["indicators"]) == set(registry())
    for signal in table["indicators"].values():
        assert signal is None or signal in table["signals"]


def test_describe_formats_only_measured_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = {
        "indicators": {"restraint": "hostile", "dialogue": None},
        "signals": {
            "hostile": [{"lang": "en", "dataset": "TweetEval", "n": 860, "f1": 0.6123, "recall": 0.5}]
        },
    }
    monkeypatch.setattr(accuracy, "accuracy_table", lambda: fake)
    assert accuracy.describe("restraint") == "hostile — en, TweetEval (n=860): F1 0.61, recall 0.50"
    assert accuracy.describe("dialogue") is None
    assert accuracy.describe("unknown") is None


def test_behaviour_model_figures_are_read_from_the_shipped_evaluations() -> None:
    text = accuracy.describe("human_presence")
    assert text is not None and text.startswith("automation — ") and "AUC" in text
    bio = accuracy.describe("network_composition")
    assert bio is not None and "accuracy" in bio
