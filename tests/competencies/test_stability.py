"""The level's stability (issue #12, item 6): a seeded bootstrap over per-item outcomes."""

from __future__ import annotations

import pytest

from spiegel.competencies.model import CompetencySpec, default_model
from spiegel.competencies.results import IndicatorResult
from spiegel.competencies.scoring import score_competency
from spiegel.competencies.stability import DRAWS, person_seed, stability


def share(
    outcomes: list[float], weight: float = 1.0, thresholds: tuple[float, ...] = (0.5, 0.85, 0.97)
) -> IndicatorResult:
    value = sum(outcomes) / len(outcomes)
    level = 1 + sum(value >= th for th in thresholds)
    return IndicatorResult(
        id="questions_answered_within_day",
        version="questions_answered_within_day.v1",
        value=value,
        norm=1.0,
        unit="share",
        direction="higher",
        thresholds=list(thresholds),
        weight=weight,
        level=level,
        status="ok",
        evidence_count=len(outcomes),
        outcomes=outcomes,
    )


def comp() -> CompetencySpec:
    return next(c for c in default_model().competencies if c.id == "verbinden")


def test_far_from_a_threshold_the_level_is_certain() -> None:
    result = score_competency(comp(), [share([1.0] * 40)], 0.5, seed=1)
    assert result.level == 4 and not result.uncertain
    assert result.level_distribution == {"1": 0.0, "2": 0.0, "3": 0.0, "4": 1.0}
    assert result.level_range == [4, 4]


def test_near_a_threshold_the_level_is_uncertain_with_its_range() -> None:
    # 6 of 7 answered: 0.857, just above the level-3 threshold 0.85
    result = score_competency(comp(), [share([1.0] * 6 + [0.0])], 0.5, seed=1)
    assert result.level == 3 and result.uncertain
    assert result.level_distribution is not None
    assert 1 - result.level_distribution["3"] > 0.10
    assert result.level_range is not None and result.level_range[0] < 3 <= result.level_range[1]
    assert result.to_dict()["uncertain"] is True


def test_the_same_seed_gives_the_same_distribution_and_another_seed_may_not() -> None:
    items = [share([1.0] * 6 + [0.0] * 2)]
    a = stability(items, 2, seed=person_seed({"anna@example.org"}, "verbinden"))
    b = stability(items, 2, seed=person_seed({"anna@example.org"}, "verbinden"))
    assert a == b
    assert person_seed({"anna@example.org"}, "verbinden") != person_seed({"bert@example.org"}, "verbinden")


def test_an_indicator_without_outcomes_keeps_its_level_and_no_level_means_no_distribution() -> None:
    fixed = share([1.0] * 10)
    fixed.outcomes = None
    found = stability([fixed], 4, seed=3)
    assert found is not None and found[0]["4"] == 1.0
    assert stability([], 4, seed=3) is None
    empty = score_competency(comp(), [], 0.5, seed=3)
    assert empty.level is None and empty.level_distribution is None and not empty.uncertain


def test_medians_and_sums_are_resampled_as_such() -> None:
    latency = share([1.0] * 10)
    latency.direction, latency.thresholds, latency.statistic = "lower", [72, 24, 4], "median"
    latency.outcomes, latency.value, latency.level = [1.0, 2.0, 3.0] * 5, 2.0, 4
    found = stability([latency], 4, seed=5)
    assert found is not None and found[0]["4"] == 1.0
    ahead = share([0.0] * 10)
    ahead.direction, ahead.thresholds, ahead.statistic = "lower", [3, 1, 0], "sum"
    ahead.outcomes, ahead.value, ahead.level = [1.0] + [0.0] * 19, 1.0, 3
    found = stability([ahead], 3, seed=5)
    assert found is not None and found[1]  # one post ahead of 20: resamples give 0, 1, 2 …
    assert sum(found[0].values()) == pytest.approx(1.0, abs=1e-3)
    assert DRAWS >= 200
