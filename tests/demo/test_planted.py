"""The acceptance test of the demo: every planted behaviour is recovered by the measurement
(docs/demo.md lists what was planted; spiegel/demo/people.py holds it as data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from spiegel.demo.people import CAST, NO_LEVEL, Persona

Loader = Callable[[str], dict[str, Any]]

PLANTED = [(p, c, levels) for p in CAST for c, levels in p.expected.items()]


@pytest.mark.parametrize(
    ("persona", "competency", "levels"), PLANTED, ids=[f"{p.key}-{c}" for p, c, _ in PLANTED]
)
def test_planted_competency_levels_are_recovered(
    load_report: Loader, persona: Persona, competency: str, levels: frozenset[int | None]
) -> None:
    found = {c["id"]: c for c in load_report(persona.key)["competencies"]}[competency]
    assert found["level"] in levels, (persona.key, competency, found["level"], found.get("reason"))
    if levels == NO_LEVEL:
        assert found["status"] == "insufficient_evidence"


PLANTED_INDICATORS = [(p, i, levels) for p in CAST for i, levels in p.expected_indicators.items()]


@pytest.mark.parametrize(
    ("persona", "indicator", "levels"),
    PLANTED_INDICATORS,
    ids=[f"{p.key}-{i}" for p, i, _ in PLANTED_INDICATORS],
)
def test_planted_indicator_levels_are_recovered(
    load_report: Loader, persona: Persona, indicator: str, levels: frozenset[int | None]
) -> None:
    found = {i["id"]: i for c in load_report(persona.key)["competencies"] for i in c["indicators"]}[indicator]
    assert found["level"] in levels, (persona.key, indicator, found["value"], found["level"])


def test_thin_data_person_gets_no_level_anywhere(load_report: Loader) -> None:
    thin = next(p for p in CAST if not p.has_inbound)
    report = load_report(thin.key)
    assert report["competencies"]
    assert all(c["level"] is None for c in report["competencies"])
    assert all(i["level"] is None for c in report["competencies"] for i in c["indicators"])
