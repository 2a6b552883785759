"""The validation suite on a few seeds (``benchmarks/validity.py`` runs ≥ 20): an organisation
that is not the demo, real export files, the real ``spiegel report … --format json``, and the
planted levels of issue #12 recovered."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from spiegel.report import validate_profile
from spiegel.validation.generator import ARCHETYPES, write_org
from spiegel.validation.run import Outcome, recovered, run_seed

SEEDS = (101, 102, 103)


@pytest.fixture(scope="module")
def runs() -> dict[int, tuple[list[Outcome], dict[str, dict[str, Any]]]]:
    return {seed: run_seed(seed) for seed in SEEDS}


def levels(report: dict[str, Any]) -> dict[str, int | None]:
    return {c["id"]: c["level"] for c in report["competencies"]}


def indicator(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(i for c in report["competencies"] for i in c["indicators"] if i["id"] == name)


def test_every_person_gets_a_valid_report(runs: dict[int, Any]) -> None:
    for _outcomes, reports in runs.values():
        assert set(reports) == {a.key for a in ARCHETYPES}  # nobody without a report
        for report in reports.values():
            validate_profile(report)


def test_planted_levels_are_recovered_on_a_few_seeds(runs: dict[int, Any]) -> None:
    outcomes = [o for found, _ in runs.values() for o in found if o.planted != "any"]
    missed = [(o.seed, o.person, o.competency, o.planted, o.level) for o in outcomes if not o.ok]
    # the suite's bar is >= 99% over >= 20 seeds (docs/validity.md); three seeds may miss one level
    assert len(missed) <= 1, missed


def test_thin_data_person_with_an_empty_messages_file_gets_no_level_anywhere(runs: dict[int, Any]) -> None:
    for _outcomes, reports in runs.values():
        report = reports["dun"]
        assert report["counts"]["inbound"] == 0
        assert all(c["status"] == "insufficient_evidence" for c in report["competencies"])


def test_messages_that_reach_a_person_only_through_the_stream_count(runs: dict[int, Any]) -> None:
    for _outcomes, reports in runs.values():
        report = reports["stroom"]
        assert report["counts"]["inbound"] > 0
        assert levels(report)["luisteren"] in (3, 4) and levels(report)["verbinden"] in (3, 4)


def test_handoffs_and_own_answers_to_complaints_are_credited(runs: dict[int, Any]) -> None:
    for _outcomes, reports in runs.values():
        for person in ("doorverwijzer", "zelfoplosser"):
            follow_up = indicator(reports[person], "complaint_follow_up")
            assert follow_up["value"] is not None and follow_up["value"] >= 0.8, (person, follow_up)


def test_broadcast_account_and_officialese_get_no_informing_level_of_three(runs: dict[int, Any]) -> None:
    for _outcomes, reports in runs.values():
        assert levels(reports["automaat"])["informeren"] in (None, 1, 2)
        assert indicator(reports["automaat"], "plain_language")["level"] is None
        assert levels(reports["ambtenaar"])["informeren"] in (1, 2)
        concise = indicator(reports["ambtenaar"], "concise_explanations")
        assert concise["details"]["share_140_words"] > concise["value"]


def test_every_level_carries_its_distribution(runs: dict[int, Any]) -> None:
    for _outcomes, reports in runs.values():
        for report in reports.values():
            for c in report["competencies"]:
                if c["level"] is None:
                    assert c["level_distribution"] is None and c["level_range"] is None
                    continue
                dist = c["level_distribution"]
                assert sum(dist.values()) == pytest.approx(1.0, abs=1e-3)
                if 1 - dist[str(c["level"])] > 0.10:
                    assert c["uncertain"]
                elif c["uncertain"]:  # the one rule's other half: a corrected interval crosses a threshold
                    assert any(_interval_crosses(i) for i in c["indicators"]), c
                lo, hi = c["level_range"]
                assert lo <= c["level"] <= hi


def _interval_crosses(ind: dict[str, Any]) -> bool:
    corr = (ind.get("details") or {}).get("classifier_correction") or {}
    if not corr.get("interval"):
        return False
    low, high = corr["interval"]
    return any(low < th <= high for th in ind["thresholds"])


def test_reports_repeat_exactly(tmp_path: Path) -> None:
    first, _ = run_seed(SEEDS[0], tmp_path / "a")
    second, _ = run_seed(SEEDS[0], tmp_path / "b")
    assert first == second


def test_recovered_reads_the_planted_sides() -> None:
    assert recovered("high", 3) and not recovered("high", 2) and not recovered("high", None)
    assert recovered("low", 2) and not recovered("low", 3) and not recovered("low", None)
    assert recovered("none", None) and not recovered("none", 1)
    assert recovered("low_or_none", None) and recovered("low_or_none", 1) and not recovered("low_or_none", 3)


def test_the_generator_writes_real_export_files(tmp_path: Path) -> None:
    org = write_org(tmp_path, 7)
    assert org.org.exists() and org.stream.stat().st_size > 0
    for person in org.people:
        assert person.archive.suffix == ".zip"
        empty = person.key in ("dun", "stroom")
        assert (person.inbound.stat().st_size == 0) == empty


def test_every_default_indicator_separates_the_planted_high_and_low_people(runs: dict[int, Any]) -> None:
    """Issue #12 item 5: an indicator that does not separate the people planted high and low on
    its competency measures the norm, not the person (dialogue, topicality, personal_voice and
    external_reciprocity did not, and left the default model)."""
    sides: dict[tuple[str, str], list[int]] = {}
    for outcomes, reports in runs.values():
        planted = {(o.person, o.competency): o.planted for o in outcomes}
        for person, report in reports.items():
            for comp in report["competencies"]:
                side = planted.get((person, comp["id"]))
                if side not in ("high", "low"):
                    continue
                for ind in comp["indicators"]:
                    if ind["level"] is not None:
                        sides.setdefault((ind["id"], side), []).append(ind["level"])
    assert sides
    for (name, side), found in sides.items():
        right = sum((lv >= 3) if side == "high" else (lv <= 2) for lv in found) / len(found)
        assert right >= 0.8, (name, side, found)


def test_planted_listeners_pick_up_the_stream_and_non_listeners_do_not() -> None:
    """Issue #12 item 5: the generator plants per-person listening from the blog's norm: the
    outsiders' stream posts on the goal topics that no colleague answered are picked up by the
    planted listeners (the first to notice answers, in the thread, and the answer is in the
    stream); the planted non-listeners answer none and work in a department of their own."""
    from spiegel.validation.generator import DEPARTMENTS, generate, org_config

    people, stream = generate(3)
    outsiders = {p.id for p in stream if p.author.endswith("wb") and not p.author.startswith("wb_")}
    carried = {p.id for p in stream}
    picked: dict[str, int] = {}
    for pd in people:
        replies = [p for p in pd.posts if p.in_reply_to_id in outsiders and p.id in carried]
        picked[pd.archetype.key] = len(replies)
    for key in ("voorbeeld", "doorverwijzer", "zelfoplosser", "ambtenaar", "scherp", "stroom"):
        assert picked[key] >= 5, picked
    assert picked["zwijger"] == picked["automaat"] == picked["dun"] == 0, picked
    departments = {c["handle"]: c["department"] for c in org_config(people)["colleagues"]}
    assert departments["wb_zwijger"] == DEPARTMENTS["zwijger"] != departments["wb_voorbeeld"]


def test_people_planted_as_human_do_not_repeat_a_post_word_for_word() -> None:
    """DESIGN §2 counts duplicate text as automation, so a person planted as writing by hand
    does not repeat a post word for word (the generator composed posts from short pools, and up
    to 4 of 70 posts of a planted human repeated an earlier one: *rolvast* flipped 3/4 in 22% of
    the seeds); the scheduling tool is not held to it."""
    import re

    from spiegel.validation.generator import generate

    for seed in (1, 2, 3):
        people, _stream = generate(seed)
        for pd in people:
            if pd.archetype.automated:
                continue
            words = [
                " ".join(re.sub(r"(@|https?://)\S+|[^\w\s]|\d", " ", p.text.lower()).split())
                for p in pd.posts
            ]
            repeated = [t for t, n in Counter(words).items() if n > 1 and len(t) >= 20]
            assert not repeated, (seed, pd.archetype.key, repeated[:3])


def test_people_planted_as_human_do_not_post_through_the_night() -> None:
    """DESIGN §2 counts round-the-clock posting as a sign of automation, so the generator's
    humans sleep (it let fast responders reply until 04:00, which made people planted high on
    rolvast look automated); the scheduling tool is not held to it."""
    from spiegel.validation.generator import TIMEZONE, generate

    people, _stream = generate(5)
    for pd in people:
        hours = [p.created_at.astimezone(TIMEZONE).hour for p in pd.posts]
        if pd.archetype.automated:
            continue
        assert hours and all(h >= 7 for h in hours), (pd.archetype.key, sorted(hours)[:5])
