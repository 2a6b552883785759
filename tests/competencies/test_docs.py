from __future__ import annotations

from pathlib import Path

from spiegel.competencies.docs import indicators_markdown
from spiegel.competencies.registry import registry

REPO = Path(__file__).resolve().parents[2]


def test_indicator_reference_is_up_to_date() -> None:
    current = (REPO / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert current == indicators_markdown(), "run: python -m spiegel.competencies.docs > docs/indicators.md"


def test_every_indicator_is_documented_in_the_model_docs() -> None:
    text = (REPO / "docs" / "indicators.md").read_text(encoding="utf-8")
    for name in registry():
        assert f"\n## {name}\n" in text
    model_doc = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    for key in ("min_weight_share", "thresholds", "direction", "statements", "spiegel model validate"):
        assert key in model_doc
