"""Dates outside the range every importer accepts (1900-2999 UTC, spiegel.sources._dates.in_range)
are refused by the importers added after the range check too (found by benchmarks/fuzz.py)."""

from __future__ import annotations

import pytest

from spiegel.sources import _meta
from spiegel.sources.linkedin import parse_date
from spiegel.sources.x_legacy import parse_legacy_date


@pytest.mark.parametrize(
    "value", ["1011-10-09", "1011/10/09 00:00:00 UTC", "9 Oct 1011", "3237-07-13 22:40:00"]
)
def test_linkedin_dates_out_of_range_are_unreadable(value: str) -> None:
    with pytest.raises(ValueError, match="out of range"):
        parse_date(value)
    assert parse_date("2017/06/08 08:15:44 UTC").year == 2017


@pytest.mark.parametrize(
    "value", ["7175-01-08 14:20:00 +0000", "7175-01-08 14:20:00", "1011-01-01 00:00:00 +0000"]
)
def test_legacy_x_dates_out_of_range_are_unreadable(value: str) -> None:
    with pytest.raises(ValueError, match="out of range"):
        parse_legacy_date(value)
    assert parse_legacy_date("2015-01-24 02:02:37 +0000").year == 2015


def test_meta_timestamps_out_of_range_are_no_date() -> None:
    assert _meta.when(40_952_000_000) is None  # seconds in the year 3267
    assert _meta.when(40_952_000_000_000) is None  # the same in milliseconds
    assert _meta.when(1_600_000_000).year == 2020  # type: ignore[union-attr]
