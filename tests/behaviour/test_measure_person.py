from __future__ import annotations

import pytest

from behaviour.scenarios_behaviour import ME, org, post, signals
from spiegel.behaviour import MEASURES, StreamIndex, measure_person
from spiegel.behaviour.common import MINIMUM, REASONS
from spiegel.behaviour.inputs import PersonInputs

DESIGN_INDICATORS = {
    "addressed_reaction_rate",
    "addressed_reaction_latency",
    "org_stream_engagement",
    "stream_pickup",
    "questions_answered_within_day",
    "complaint_follow_up",
    "network_composition",
    "external_reciprocity",
    "goal_alignment",
    "dialogue",
    "topicality",
    "not_ahead_of_organisation",
    "human_presence",
}


def test_every_measure_is_named_like_its_indicator_and_documented() -> None:
    assert set(MEASURES) == DESIGN_INDICATORS == set(MINIMUM)
    for name, fn in MEASURES.items():
        assert fn.__doc__, name


def test_nothing_supplied_gives_insufficient_evidence_with_reason_codes_never_a_value() -> None:
    result = measure_person(PersonInputs(handles={ME}, posts=[]))
    assert set(result) == DESIGN_INDICATORS
    for name, m in result.items():
        assert m.name == name and m.value is None and m.status == "insufficient_evidence"
        assert m.details["reason_code"] in REASONS and m.reason


def test_a_small_full_scenario_gives_values() -> None:
    citizen = "kees@mastodon.nl"
    posts = [
        post(f"p{i}", ME, i * 9.7 + (i % 4) * 1.3, f"Over het fietspad in wijk {i} {'z' * i}")
        for i in range(12)
    ]
    inbound = [
        post(f"m{i}", citizen, i * 9.7 + 1, "Klopt dat?", in_reply_to_id=f"p{i}", in_reply_to_author=ME)
        for i in range(4)
    ]
    posts += [
        post(f"r{i}", ME, i * 9.7 + 2, "Ja, klopt.", in_reply_to_id=f"m{i}", in_reply_to_author=citizen)
        for i in range(3)
    ]
    stream = [
        post(f"o{i}", "proefstad@social.overheid.nl", i * 9.7 - 5, "Nieuws over het fietspad")
        for i in range(12)
    ]
    inputs = PersonInputs(handles={ME}, posts=posts, inbound=inbound, stream=stream, org=org())
    result = measure_person(
        inputs, signals("m0", "m1", "m2", "m3", question=True), StreamIndex.build(stream, org())
    )
    assert result["addressed_reaction_rate"].value == pytest.approx(0.75)
    assert result["questions_answered_within_day"].value == pytest.approx(0.75)
    # p0-p2 drew a reply that Anne answered (two-way); p3 drew a reply she left (one-way)
    assert result["external_reciprocity"].value == pytest.approx(0.75)
    assert result["external_reciprocity"].n == 4
    assert result["human_presence"].value == 1.0
    assert result["topicality"].value == 1.0
    assert result["not_ahead_of_organisation"].value == 0.0
    assert result["goal_alignment"].value == pytest.approx(4 / 12)


def test_every_measure_and_reason_code_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "behaviour.md").read_text(encoding="utf-8")
    for name in MEASURES:
        assert f"| `{name}` |" in doc, name
    for code in REASONS:
        assert f"`{code}`" in doc, code
