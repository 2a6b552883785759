from __future__ import annotations

import pytest

from spiegel.competencies.confidence import bootstrap, wilson


def test_wilson_known_value() -> None:
    # 8 of 10: Wilson 95% interval is about [0.490, 0.943]
    ci = wilson(0.8, 10)
    assert ci is not None
    assert ci.low == pytest.approx(0.4902, abs=1e-3)
    assert ci.high == pytest.approx(0.9433, abs=1e-3)


def test_wilson_narrows_with_more_evidence_and_handles_edges() -> None:
    small, big = wilson(0.5, 10), wilson(0.5, 1000)
    assert small is not None and big is not None
    assert big.high - big.low < small.high - small.low
    full = wilson(1.0, 5)
    assert full is not None and full.high == 1.0 and full.low < 1.0
    assert wilson(0.5, 0) is None


def test_bootstrap_is_seeded_and_brackets_the_median() -> None:
    data = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 30.0]
    a, b = bootstrap(data), bootstrap(data)
    assert a == b and a is not None
    assert a.low <= 5.5 <= a.high
    assert bootstrap([1.0]) is None
