from __future__ import annotations

import pytest

from spiegel.competencies import default_model, level_for, score_competency
from spiegel.competencies.registry import registry
from spiegel.competencies.results import IndicatorResult
from spiegel.competencies.scoring import result_from_measure
from spiegel.evidence import Evidence, Measure


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (0.2, "higher", 1),
        (0.5, "higher", 2),
        (0.84, "higher", 2),
        (0.85, "higher", 3),
        (1.0, "higher", 4),
        (100.0, "lower", 1),
        (72.0, "lower", 2),
        (24.0, "lower", 3),
        (3.0, "lower", 4),
    ],
)
def test_level_for(value: float, direction: str, expected: int) -> None:
    thresholds = [0.5, 0.85, 0.97] if direction == "higher" else [72, 24, 4]
    assert level_for(value, thresholds, direction) == expected


ARR, LAT, ORG = "addressed_reaction_rate", "addressed_reaction_latency", "org_stream_engagement"


def _result(id_: str, level: int | None, weight: float = 1.0) -> IndicatorResult:
    return IndicatorResult(
        id=id_,
        version=f"{id_}.v1",
        value=None if level is None else 0.5,
        norm=1.0,
        unit="share",
        direction="higher",
        thresholds=[0.5, 0.8, 0.9],
        weight=weight,
        level=level,
        status="ok" if level is not None else "insufficient_evidence",
    )


def test_weighted_mean_rounds_half_up() -> None:
    comp = default_model().competency("luisteren")
    res = score_competency(
        comp,
        [
            _result(ARR, 2, 2),
            _result(LAT, 4, 1),
            _result(ORG, 3, 1),
        ],
        0.5,
    )
    assert res.status == "ok"
    assert res.score == pytest.approx((2 * 2 + 4 + 3) / 4)
    assert res.level == 3  # 2.75 -> 3
    assert res.level_descriptor == dict(comp.levels[2])


def test_insufficient_indicators_never_lower_the_level() -> None:
    comp = default_model().competency("luisteren")
    full = score_competency(
        comp,
        [
            _result(ARR, 4, 2),
            _result(LAT, 4, 1),
            _result(ORG, 4, 1),
        ],
        0.5,
    )
    thin = score_competency(
        comp,
        [
            _result(ARR, 4, 2),
            _result(LAT, None, 1),
            _result(ORG, None, 1),
        ],
        0.5,
    )
    assert full.level == thin.level == 4
    assert thin.weight_share == 0.5


def test_below_min_weight_share_gives_no_level_not_a_low_one() -> None:
    comp = default_model().competency("luisteren")
    res = score_competency(
        comp,
        [
            _result(ARR, None, 2),
            _result(LAT, 1, 1),
            _result(ORG, None, 1),
        ],
        0.5,
    )
    assert res.level is None
    assert res.status == "insufficient_evidence"
    assert res.reason is not None and res.reason.code == "too_few_indicators"
    assert "25%" in res.reason.en and "50%" in res.reason.en
    assert "25%" in res.reason.nl


def test_nothing_measured_gives_no_level() -> None:
    comp = default_model().competency("rolvast")
    res = score_competency(
        comp,
        [_result(ARR, None, 2), _result(LAT, None, 1)],
        0.5,
    )
    assert res.level is None and res.score is None


def test_missing_input_measure_maps_to_insufficient_with_translated_reason() -> None:
    spec = default_model().competency("luisteren").indicators[0]
    measure = Measure.insufficient(
        spec.id, "no messages addressed to you were supplied", reason_code="no_inbound"
    )
    res = result_from_measure(spec, registry()[spec.id], measure)
    assert res.status == "insufficient_evidence" and res.level is None and res.value is None
    assert res.reason is not None and res.reason.code == "no_inbound"
    assert "--inbound" in res.reason.nl and "--inbound" in res.reason.en
    assert res.reason.nl != res.reason.en


def test_too_little_evidence_keeps_value_but_no_level() -> None:
    spec = default_model().competency("timing").indicators[0]  # restraint, min 10 posts
    measure = Measure(spec.id, 0.0, n=3)
    res = result_from_measure(spec, registry()[spec.id], measure)
    assert res.level is None and res.status == "insufficient_evidence"
    assert res.reason is not None and res.reason.code == "too_little_evidence"
    assert "3" in res.reason.en


def test_ok_measure_has_level_version_confidence_and_evidence() -> None:
    spec = default_model().competency("luisteren").indicators[0]
    ev = [
        # texts that differ in a word, not only a number: near-duplicates would be collapsed
        Evidence(
            post_id=f"m{i}",
            url=f"https://e/{i}",
            text=f"vraag {chr(97 + i % 26)}{chr(97 + i // 26)}?",
            note="unanswered",
        )
        for i in range(30)
    ]
    measure = Measure(spec.id, 0.6, n=40, evidence=ev, details={"reason_code": None, "answered": 24})
    res = result_from_measure(spec, registry()[spec.id], measure)
    assert res.level == 2 and res.status == "ok"
    assert res.version == "addressed_reaction_rate.v1"
    assert res.confidence is not None and res.confidence.low < 0.6 < res.confidence.high
    assert len(res.evidence) == 10 and res.evidence_count == 40
    assert "reason_code" not in res.details and res.details["answered"] == 24


def test_advice_comes_from_the_weakest_indicators() -> None:
    comp = default_model().competency("informeren")
    results = [_result("concise_explanations", 3), _result("plain_language", 1, 2), _result("dialogue", 2)]
    res = score_competency(comp, results, 0.5)
    assert [a["indicator"] for a in res.advice] == ["plain_language", "dialogue"]
    assert res.advice[0]["nl"] != res.advice[0]["en"]
