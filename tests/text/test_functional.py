"""The functional test suites (CheckList, ``training/functional/``) against the shipped models.

Floors sit a little below the values measured when the models were trained (model card, section
"Functional tests"), so a regression of a functionality fails here. Raise them when a retrain
improves a functionality; lower one only with a reason in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spiegel.errors import MalformedFileError
from spiegel.text import functional

REPO = Path(__file__).resolve().parents[2]

#: (signal, functionality) -> the lowest acceptable pass rate
FLOORS: dict[tuple[str, str], float] = {
    ("hostile", "insult aimed at a named person or official"): 0.90,
    ("hostile", "insult aimed at a party or officials"): 0.80,
    ("hostile", "insult aimed at a group"): 0.90,
    ("hostile", "one-word insult closing a civil post"): 0.75,
    ("hostile", "calling someone a liar or coward as an attack"): 0.90,
    ("hostile", "threat or wish of harm"): 0.75,
    ("hostile", "dehumanisation of a group"): 0.45,
    ("hostile", "insulting rhetorical question"): 0.80,
    ("hostile", "disguised spelling of an insult"): 0.90,
    ("hostile", "derision by emoji"): 0.85,
    ("hostile", "profanity without a target"): 0.80,
    ("hostile", "negated insult"): 0.65,
    ("hostile", "counter-speech and quoted insults"): 0.90,
    ("hostile", "positive statement naming a group"): 0.90,
    ("hostile", "neutral statement naming a group"): 0.90,
    ("hostile", "sharp but civil criticism"): 0.85,
    ("complaint", "sarcastic complaint"): 0.90,
    ("complaint", "complaint phrased as a request"): 0.75,
    ("complaint", "complaint phrased as a question"): 0.90,
    ("complaint", "plain complaint"): 0.90,
    ("complaint", "thanks, even after a problem"): 0.90,
    ("complaint", "neutral fault report"): 0.90,
    ("complaint", "the organisation about its own disruption"): 0.90,
    ("explanation", "procedural explanation"): 0.85,
    ("explanation", "officialese explanation"): 0.90,
    ("explanation", "slogan or announcement without information"): 0.90,
    ("explanation", "mere question"): 0.90,
}
#: functionalities the shipped models fail (pass rate < 0.5): a strict expected failure, so the day
#: a retrain fixes one this test says so and it moves to FLOORS
KNOWN_WEAK: frozenset[tuple[str, str]] = frozenset(
    [
        ("explanation", "reply that informs (hours, places, what happens next)"),
        ("explanation", "explanation in bad language"),
        # lost with more real posts (thresholds by CV): 0.62 (v3) → 0.42 (v4) → 0.33 (v5) → 0.38
        # (v6) and 0.58 → 0.38 → 0.38 → 0.38 (model card, "What changed in v4" … "in v6")
        ("hostile", "mocking someone's intelligence"),
        ("explanation", "why a decision was taken"),
    ]
)
#: per signal: lowest accuracy over all its cases, highest share of negative cases flagged
SUMMARY_FLOORS: dict[str, tuple[float, float]] = {
    "complaint": (0.95, 0.03),
    "explanation": (0.58, 0.03),
    "hostile": (0.86, 0.07),
}


@pytest.fixture(scope="module")
def results() -> list[functional.FunctionalResult]:
    return functional.run_suites()


def test_the_committed_cases_are_what_the_script_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "functional_build", REPO / "training" / "functional" / "build.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    lines = (REPO / "training" / "functional" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    committed = [json.loads(line) for line in lines]
    assert committed == mod.build()


def test_every_functionality_has_a_floor(results: list[functional.FunctionalResult]) -> None:
    assert {(r.signal, r.functionality) for r in results} == set(FLOORS) | KNOWN_WEAK


@pytest.mark.xfail(strict=True, reason="known weak functionality of the shipped models")
@pytest.mark.parametrize("key", sorted(KNOWN_WEAK), ids=lambda k: f"{k[0]}: {k[1]}")
def test_known_weak_functionality(results: list[functional.FunctionalResult], key: tuple[str, str]) -> None:
    r = next(r for r in results if (r.signal, r.functionality) == key)
    assert r.pass_rate >= 0.5


@pytest.mark.parametrize("key", sorted(FLOORS), ids=lambda k: f"{k[0]}: {k[1]}")
def test_functionality_stays_above_its_floor(
    results: list[functional.FunctionalResult], key: tuple[str, str]
) -> None:
    r = next(r for r in results if (r.signal, r.functionality) == key)
    assert r.pass_rate >= FLOORS[key], (
        f"{key}: {r.pass_rate:.2f} < {FLOORS[key]}; failing e.g. {r.failures[:3]}"
    )


@pytest.mark.parametrize("signal", sorted(SUMMARY_FLOORS))
def test_signal_summary_stays_above_its_floor(
    results: list[functional.FunctionalResult], signal: str
) -> None:
    s = functional.summary(results, signal)
    accuracy, false_flags = SUMMARY_FLOORS[signal]
    assert s["accuracy"] >= accuracy and s["false_flags"] <= false_flags, s


def test_score_counts_per_functionality() -> None:
    class Stub:
        def predict(self, texts: list[str], langs: list[str]) -> dict[str, list[bool]]:
            return {"hostile_flag": ["oen" in t for t in texts]}

    cases = [
        {"signal": "hostile", "functionality": "insult", "expected": 1, "text": "wat een oen", "lang": "nl"},
        {
            "signal": "hostile",
            "functionality": "insult",
            "expected": 1,
            "text": "wat een sukkel",
            "lang": "nl",
        },
        {"signal": "hostile", "functionality": "negation", "expected": 0, "text": "geen oen", "lang": "nl"},
    ]
    res = functional.score(Stub(), cases)
    assert [(r.functionality, r.n, r.correct) for r in res] == [("insult", 2, 1), ("negation", 1, 0)]
    assert res[0].failures == ("wat een sukkel",)
    s = functional.summary(res, "hostile")
    assert s["accuracy"] == pytest.approx(1 / 3) and s["false_flags"] == 1.0
    assert "| hostile | negation | no | 1 | 0.00 | geen oen |" in functional.render_markdown(res)


def test_a_malformed_case_file_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "functional").mkdir()
    (tmp_path / "functional" / "cases.jsonl").write_text('{"signal": "hostile"}\n', encoding="utf-8")
    with pytest.raises(MalformedFileError) as err:
        functional.read_cases(tmp_path)
    assert err.value.line == 1
