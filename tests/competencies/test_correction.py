"""Classifier-error correction of shares built on a text classifier (issue #12, from issue #11
item 4): Rogan–Gladen, its interval, and the one rule for *uncertain*."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spiegel.competencies.correction import (
    DETAIL,
    INTERVAL_DRAWS,
    correct,
    prevalence_record,
    ratio_record,
    rogan_gladen,
)
from spiegel.competencies.model import IndicatorSpec, default_model
from spiegel.competencies.registry import registry
from spiegel.competencies.scoring import result_from_measure, score_competency
from spiegel.evidence import Measure
from spiegel.report.html import fmt_details
from spiegel.text import error_rates as er

RATES = {
    "nl": {"hostile": {"sensitivity": 0.9, "specificity": 0.95, "n_pos": 60, "n_neg": 340, "source": "t"}}
}


def test_rogan_gladen_is_the_textbook_formula_clipped() -> None:
    assert rogan_gladen(0.2, 0.9, 0.95) == pytest.approx((0.2 + 0.95 - 1) / (0.9 + 0.95 - 1))
    assert rogan_gladen(0.01, 0.9, 0.95) == 0.0  # below the false-positive rate: clipped
    assert rogan_gladen(0.99, 0.9, 0.95) == 1.0
    assert rogan_gladen(0.3, 1.0, 1.0) == pytest.approx(0.3)  # a perfect classifier changes nothing


def test_prevalence_form_corrects_the_flagged_share_and_gives_an_interval() -> None:
    # 10 of 50 posts flagged hostile; restraint is the share not hostile
    record = prevalence_record("hostile", [("nl", i < 10) for i in range(50)])
    corr = correct(record, RATES)
    assert corr is not None
    true_hostile = (0.2 + 0.95 - 1) / (0.9 + 0.95 - 1)
    assert corr.observed == pytest.approx(0.8)
    assert corr.corrected == pytest.approx(1 - true_hostile)
    assert corr.low < corr.corrected < corr.high
    details = corr.to_details()
    assert details["rates"]["nl"]["n_pos"] == 60 and details["uncorrected_languages"] == []
    assert str(INTERVAL_DRAWS) in details["interval_method"]
    assert correct(record, RATES) == corr  # seeded: the same data, the same interval


def test_ratio_form_is_the_observed_share_for_a_perfect_classifier_and_moves_with_error() -> None:
    # 20 messages flagged as questions (15 answered in time), 30 others (10 answered)
    items = [("nl", True, i < 15) for i in range(20)] + [("nl", False, i < 10) for i in range(30)]
    record = ratio_record("question", items)
    assert record["cells"] == {"nl": [15, 5, 10, 20]}
    perfect = correct(
        record, {"nl": {"question": {**RATES["nl"]["hostile"], "sensitivity": 1.0, "specificity": 1.0}}}
    )
    assert perfect is not None and perfect.corrected == pytest.approx(0.75)
    rates = {"nl": {"question": RATES["nl"]["hostile"]}}
    corr = correct(record, rates)
    assert corr is not None
    se, sp = 0.9, 0.95
    num = 25 * rogan_gladen(15 / 25, se, sp)
    den = 50 * rogan_gladen(20 / 50, se, sp)
    assert corr.corrected == pytest.approx(num / den)
    assert corr.observed == pytest.approx(0.75) and corr.corrected != pytest.approx(0.75)


def test_a_language_without_rates_is_not_corrected_and_says_so() -> None:
    record = prevalence_record("hostile", [("en", i < 5) for i in range(40)])
    corr = correct(record, RATES)
    assert corr is not None and not corr.corrected_any
    assert corr.corrected == pytest.approx(corr.observed)
    assert corr.to_details()["uncorrected_languages"] == ["en"]
    assert correct({"signal": "hostile", "form": "odd", "cells": {}}, RATES) is None


def _restraint_spec() -> IndicatorSpec:
    return next(i for c in default_model().competencies for i in c.indicators if i.id == "restraint")


def test_scoring_uses_the_corrected_share_and_marks_missing_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _restraint_spec()
    record = prevalence_record("hostile", [("nl", i < 2) for i in range(40)])
    measure = Measure(
        "restraint", 0.95, n=40, details={"classifier": record}, outcomes=[1.0] * 38 + [0.0] * 2
    )
    monkeypatch.setattr(er, "load_error_rates", lambda directory=None: RATES)
    res = result_from_measure(spec, registry()["restraint"], measure)
    assert res.value == pytest.approx(1.0)  # 5% flagged is what a 95% specificity gives on clean posts
    assert res.level == 4 and res.correction is not None
    assert res.confidence is not None and res.confidence.method == "rogan_gladen"
    assert "classifier" not in res.details and res.details[DETAIL]["observed"] == 0.95

    monkeypatch.setattr(er, "load_error_rates", lambda directory=None: {})
    plain = result_from_measure(spec, registry()["restraint"], measure)
    assert plain.value == 0.95 and plain.level == 3 and plain.correction is None
    assert plain.details[DETAIL]["method"] is None
    html = fmt_details(plain.to_dict(), "en")
    assert "not corrected" in html and "hostile tone" in html
    assert "niet gecorrigeerd" in fmt_details(plain.to_dict(), "nl")


def test_a_level_whose_interval_crosses_a_threshold_is_uncertain_never_firm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """4 hostile posts of 40 (observed 0.90, level 2 under [0.85, 0.95, 1.0]); the corrected
    interval reaches below 0.85, so timing's level is shown as uncertain with its range."""
    spec = _restraint_spec()
    record = prevalence_record("hostile", [("nl", i < 4) for i in range(40)])
    measure = Measure("restraint", 0.9, n=40, details={"classifier": record}, outcomes=[1.0] * 36 + [0.0] * 4)
    monkeypatch.setattr(er, "load_error_rates", lambda directory=None: RATES)
    res = result_from_measure(spec, registry()["restraint"], measure)
    assert res.correction is not None and res.correction.low < 0.85 <= res.value < 0.95
    timing = next(c for c in default_model().competencies if c.id == "timing")
    scored = score_competency(timing, [res], 0.5, seed=3)
    assert scored.level == 2 and scored.uncertain
    assert scored.level_range is not None and scored.level_range[0] == 1
    html = fmt_details(res.to_dict(), "nl")
    assert "Rogan–Gladen" in html and "95%-interval" in html


def test_error_rates_reader_is_tolerant(tmp_path: Path) -> None:
    assert er.parse_error_rates({}) == {}
    assert er.parse_error_rates({"error_rates": "nonsense"}) == {}
    good = {"sensitivity": 0.8, "specificity": 0.9, "n_pos": 10, "n_neg": 20}
    rates = er.parse_error_rates(
        {
            "error_rates": {
                "nl": {
                    "hostile": good,
                    "question": {"sensitivity": 0.4, "specificity": 0.5, "n_pos": 10, "n_neg": 10},  # chance
                    "complaint": {"sensitivity": "x"},
                },
                "en": [],
            }
        }
    )
    assert list(rates) == ["nl"] and list(rates["nl"]) == ["hostile"]
    (tmp_path / "classifiers.json").write_text(json.dumps({"rows": []}), encoding="utf-8")
    assert er.load_error_rates(tmp_path) == {}
    assert er.load_error_rates(tmp_path / "missing") == {}


def test_the_shipped_error_rates_cover_the_signals_the_indicators_correct() -> None:
    shipped = er.load_error_rates()
    for lang in ("nl", "en"):
        for signal in ("hostile", "question", "complaint"):
            r = shipped[lang][signal]
            assert r["sensitivity"] + r["specificity"] > 1 and r["n_pos"] > 0 and r["source"]


def test_interval_ends_alone_make_a_level_uncertain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one rule: the bootstrap may keep > 90% of the draws on the level, yet a corrected
    interval that ends across a threshold still marks the level uncertain, with that range."""
    from spiegel.competencies import stability as st

    spec = _restraint_spec()
    record = prevalence_record("hostile", [("nl", i < 3) for i in range(200)])
    measure = Measure("restraint", 0.985, n=200, details={"classifier": record}, outcomes=[1.0] * 200)
    monkeypatch.setattr(er, "load_error_rates", lambda directory=None: RATES)
    res = result_from_measure(spec, registry()["restraint"], measure)
    assert res.correction is not None and res.level == 4
    res.correction.low = 0.96  # an interval end below the level-4 threshold 1.0
    monkeypatch.setattr(st, "level_draws", lambda results, seed: __import__("numpy").full(st.DRAWS, 4))
    found = st.stability([res], 4, seed=1)
    assert found is not None
    dist, uncertain, span = found
    assert dist["4"] == 1.0 and uncertain and span == [3, 4]
    assert st.interval_levels([res], 4) == [3]


def test_a_ratio_is_clipped_only_at_the_end() -> None:
    """Every flagged question answered, the other messages not (the demo's exemplary responder):
    clipping the answered part at 1 first would read ~2 missed questions into the unanswered
    remarks and report 88%; the ratio of the unclipped parts stays at 100%."""
    rates = {"nl": {"question": {"sensitivity": 0.865, "specificity": 0.973, "n_pos": 104, "n_neg": 296}}}
    record = ratio_record("question", [("nl", True, True)] * 14 + [("nl", False, False)] * 12)
    corr = correct(record, rates)
    assert corr is not None and corr.corrected == pytest.approx(1.0)


def test_answers_to_questions_are_explanations_whatever_the_classifier_says() -> None:
    """Plain language / concise explanations: answers to questions are in the set uncorrected
    (``fixed``); only the part the explanation classifier selects is corrected."""
    rates = {"nl": {"explanation": {"sensitivity": 0.9, "specificity": 0.95, "n_pos": 55, "n_neg": 345}}}
    record = ratio_record("explanation", [("nl", True, True)] * 6 + [("nl", False, False)] * 20)
    record["fixed"] = [3, 4]  # four answers to questions, three of them plain
    corr = correct(record, rates)
    assert corr is not None
    assert corr.observed == pytest.approx(9 / 10)
    num = 3 + 6 * (1 + 0.95 - 1) / 0.85
    den = 4 + 26 * (6 / 26 + 0.95 - 1) / 0.85
    assert corr.corrected == pytest.approx(min(1.0, num / den))
    only_answers = correct({"signal": "explanation", "form": "ratio", "cells": {}, "fixed": [2, 4]}, rates)
    assert only_answers is not None and only_answers.corrected == pytest.approx(0.5)
    assert correct({**record, "fixed": [5, 4]}, rates) is None
