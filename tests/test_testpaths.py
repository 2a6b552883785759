"""The skip rule for tests that read the public data sets beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

import spiegel_testpaths as tp


def test_a_missing_data_set_skips_with_its_origin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tp, "DATA", tmp_path / "shared" / "data")
    mark = tp.needs_data("formats/bluesky_car")
    assert mark.args == (True,)
    assert "shared/data/formats/bluesky_car" in mark.kwargs["reason"]
    assert "github.com/bluesky-social/indigo" in mark.kwargs["reason"]
    everything = tp.needs_data()
    assert everything.args == (True,) and "SOURCE.txt" in everything.kwargs["reason"]


def test_a_present_data_set_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "formats" / "bluesky_car").mkdir(parents=True)
    monkeypatch.setattr(tp, "DATA", tmp_path)
    assert tp.needs_data("formats/bluesky_car").args == (False,)
    assert tp.needs_data().args == (False,)
    assert tp.needs_data("formats/bluesky_car", "ibm_twitter_customer_care_conversations").args == (True,)
