from __future__ import annotations

from pathlib import Path

import orjson
from selectolax.lexbor import LexborHTMLParser

from spiegel.behaviour.inputs import PersonInputs
from spiegel.pipeline import build_profile
from spiegel.report import render_html, validate_profile
from spiegel.text.signals import TextSignals

Person = tuple[PersonInputs, dict[str, TextSignals]]


def _doc(n_others: int) -> dict[str, object]:
    responses: list[dict[str, object]] = [
        {"variant": "self", "rater": "self", "answers": {"timing_1": 4, "timing_2": 4, "rolvast_1": 1}}
    ]
    responses += [
        {"variant": "other", "rater": f"r{i}", "answers": {"timing_1": 2, "timing_2": 1, "rolvast_1": 2}}
        for i in range(n_others)
    ]
    return {"schema": "spiegel.assessment.v1", "person": "Anna", "responses": responses}


def test_report_shows_measured_self_others_and_flags(tmp_path: Path, person: Person) -> None:
    path = tmp_path / "assessment.json"
    path.write_bytes(orjson.dumps(_doc(3)))
    inputs, signals = person
    profile = build_profile(inputs, signals=signals, assessment=path)
    validate_profile(profile)
    row = profile.assessment["competencies"]["timing"]  # type: ignore[index]
    assert row["self"] == 4.0 and row["others"] == 1.5 and row["others_n"] == 3
    assert "blind_spot" in row["flags"]
    tree = LexborHTMLParser(render_html(profile, "en"))
    section = tree.css_first("#assessment").text()
    assert "Blind spot" in section and "1.5 (n=3)" in section


def test_report_hides_others_with_two_raters(person: Person) -> None:
    inputs, signals = person
    profile = build_profile(inputs, signals=signals, assessment=_doc(2))
    row = profile.assessment["competencies"]["timing"]  # type: ignore[index]
    assert row["others"] is None and row["others_n"] == 2
    section = LexborHTMLParser(render_html(profile, "nl")).css_first("#assessment").text()
    assert "verborgen (minder dan 3 beoordelaars)" in section
    assert "1.5" not in section
