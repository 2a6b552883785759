"""What a team run does once instead of once per person: one text-signal cache connection per
process, one behaviour context per person, one drawing per distinct profile chart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spiegel.behaviour import measure_person, person_context
from spiegel.demo.build import DemoFiles
from spiegel.demo.scale import GeneratedOrg
from spiegel.org import load_org
from spiegel.pipeline import load_inputs
from spiegel.report import chart
from spiegel.team import run
from spiegel.team.engine import run_team
from spiegel.team.roster import load_roster
from spiegel.team.run import RunSettings, worker_cache
from spiegel.text_cache import TextSignalCache


def test_one_text_cache_connection_per_process(
    demo: DemoFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPIEGEL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(run, "_CACHES", {})
    opened: list[TextSignalCache] = []
    real_connect = TextSignalCache._connect

    def connect(self: TextSignalCache) -> object:
        if self._conn is None:
            opened.append(self)
        return real_connect(self)

    monkeypatch.setattr(TextSignalCache, "_connect", connect)
    roster = load_roster(demo.root / "roster.yaml")
    settings = RunSettings(out=tmp_path / "out", org=demo.org, stream=tuple(roster.stream))
    result = run_team(roster, settings, jobs=1)
    assert len(result.results) > 3 and not result.failed
    assert len(opened) == 1  # not one per person
    assert worker_cache() is worker_cache() is opened[0]
    # another cache folder (a later run in this process) gets its own
    monkeypatch.setenv("SPIEGEL_CACHE_DIR", str(tmp_path / "other"))
    other = worker_cache()
    assert other is not opened[0] and other.path.parent == tmp_path / "other"
    # a forked worker (another process id) opens its own, never its parent's
    monkeypatch.setenv("SPIEGEL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(os, "getpid", lambda: -1)
    assert worker_cache() is not opened[0]


def test_the_team_measures_reuse_the_persons_behaviour_context(demo: DemoFiles) -> None:
    pf = demo.people[0]
    inputs = load_inputs(
        pf.sources,
        inbound=[pf.inbound] if pf.inbound else [],
        stream=[demo.stream],
        org=load_org(demo.org),
        handles=pf.handles,
    )
    text: dict[str, object] = {}
    measure_person(inputs, text)  # type: ignore[arg-type]
    ctx = person_context(inputs, text)  # type: ignore[arg-type]
    assert person_context(inputs, text) is ctx  # type: ignore[arg-type]
    inputs.posts.append(inputs.posts[0])  # changed inputs: built again
    assert person_context(inputs, text) is not ctx  # type: ignore[arg-type]


def _competencies(levels: list[int | None]) -> list[dict[str, object]]:
    return [
        {"id": f"c{i}", "name": {"nl": f"Competentie {i}", "en": f"Competency {i}"}, "level": level}
        for i, level in enumerate(levels)
    ]


def test_profile_chart_is_drawn_once_per_distinct_chart_and_is_the_same() -> None:
    chart._svg.cache_clear()
    comps = _competencies([1, 2, None, 4, 3, 2])
    assessment = {"competencies": {"c1": {"self": 3, "others": 2.5}}}
    first = chart.profile_svg(comps, "nl", assessment)
    again = chart.profile_svg(_competencies([1, 2, None, 4, 3, 2]), "nl", assessment)
    assert again == first and chart._svg.cache_info().hits == 1
    chart._svg.cache_clear()
    assert chart.profile_svg(comps, "nl", assessment) == first  # drawn afresh: the same markup
    assert chart.profile_svg(comps, "en", assessment) != first
    assert chart.profile_svg(_competencies([1, 2, None, 4, 3, 3]), "nl", assessment) != first
    assert chart.profile_svg(comps, "nl") != first  # no assessment: no markers, no legend


def test_the_shared_stream_keeps_no_source_items(generated: GeneratedOrg, tmp_path: Path) -> None:
    """A stream of a million posts held every post's source dict (``raw``, read by no measure or
    report) for the whole run: most of the parent's memory, touched again by every worker."""
    settings = RunSettings(out=tmp_path / "out", org=generated.org, stream=(generated.stream,))
    shared = run.load_shared(settings)
    assert shared.stream and len(shared.stream) > 100
    assert all(p.raw is None for p in shared.stream)
    assert shared.stream_accounts == [] or all(a.raw is None for a in shared.stream_accounts)


def test_the_parent_prepares_what_every_worker_needs(generated: GeneratedOrg, tmp_path: Path) -> None:
    """The stream's pickup index is built once, before the workers fork, not in each of them."""
    from spiegel.behaviour.topics import PickupIndex

    settings = RunSettings(out=tmp_path / "out", org=generated.org, stream=(generated.stream,))
    shared = run.load_shared(settings)
    assert shared.index is not None and "pickup" not in shared.index.derived
    run.prepare(shared)
    assert isinstance(shared.index.derived["pickup"], PickupIndex)
