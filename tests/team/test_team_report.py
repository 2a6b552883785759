"""`spiegel team report`: reports for a roster on a process pool, the team overview, resuming,
and one bad export failing one person only (issue #15 item 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.competencies import default_model
from spiegel.demo.build import DemoFiles
from spiegel.demo.scale import GeneratedOrg
from spiegel.errors import ConfigError
from spiegel.org import load_org
from spiegel.pipeline import build_profile, load_inputs
from spiegel.report.team import TeamEntry, team_overview
from spiegel.team.engine import run_team
from spiegel.team.roster import load_roster
from spiegel.team.run import RunSettings

from .conftest import reports

WINDOW = {"since": "2026-09-07", "until": "2026-11-02"}


def _settings(demo: DemoFiles, out: Path) -> RunSettings:
    return RunSettings(out=out, org=demo.org, stream=(demo.stream,), **WINDOW)


def test_pool_and_one_process_give_the_same_reports(demo: DemoFiles, tmp_path: Path) -> None:
    roster = load_roster(demo.root / "roster.yaml")
    pooled = run_team(roster, _settings(demo, tmp_path / "pool"), jobs=2)
    single = run_team(roster, _settings(demo, tmp_path / "one"), jobs=1)
    assert not pooled.failed
    assert len({r["pid"] for r in pooled.results}) == 2  # really two worker processes
    assert reports(tmp_path / "pool") == reports(tmp_path / "one")
    assert len(reports(tmp_path / "pool")) == len(demo.people)
    assert pooled.summary["team"] == single.summary["team"]


def test_team_measures_match_the_single_process_overview(demo: DemoFiles, tmp_path: Path) -> None:
    """The overview combined from per-person parts equals report.team's own, built from all
    inputs in one process (the same shared stream for everyone)."""
    run = run_team(load_roster(demo.root / "roster.yaml"), _settings(demo, tmp_path), jobs=2)
    org = load_org(demo.org)
    stream = load_inputs(demo.people[0].sources, stream=[demo.stream], org=org, **WINDOW).stream
    entries = []
    for pf in demo.people:
        inputs = load_inputs(
            pf.sources, inbound=[pf.inbound] if pf.inbound else [], org=org, handles=pf.handles, **WINDOW
        )
        inputs.stream = stream
        inputs.display_name = pf.persona.name
        profile = build_profile(inputs, model=default_model())
        entries.append(TeamEntry(profile=profile, inputs=inputs, signals=profile.signals or {}))
    expected = team_overview(entries, default_model(), org=org).to_dict()
    got = run.summary["team"]
    assert got["coverage"] == pytest.approx(expected["coverage"])
    assert got["answered_within_day"] == pytest.approx(expected["answered_within_day"])
    assert got["response_times"] == expected["response_times"]
    assert got["members"] == expected["members"]


def test_second_run_skips_unchanged_people_and_redoes_a_changed_one(
    generated: GeneratedOrg, tmp_path: Path
) -> None:
    root = tmp_path / "org"
    shutil.copytree(generated.root, root)
    settings = RunSettings(out=tmp_path / "out", org=root / "org.yaml", stream=(root / "stream.jsonl",))
    roster = load_roster(root / "org.yaml")  # the org config's roster CSV, with an exports column
    first = run_team(roster, settings, jobs=2)
    assert first.summary["counts"] == {"people": 6, "ok": 6, "failed": 0, "skipped": 0}
    again = run_team(roster, settings, jobs=2)
    assert again.summary["counts"]["skipped"] == 6
    assert again.summary["team"] == first.summary["team"]
    # one person's inbound file changes: only that person runs again
    changed = roster.people[2]
    inbound = changed.inbound[0]
    inbound.write_bytes(b"\n".join(inbound.read_bytes().splitlines()[:-3]) + b"\n")
    third = run_team(roster, settings, jobs=2)
    redone = [p["id"] for p in third.summary["people"] if not p["skipped"]]
    assert redone == [changed.id]


def test_a_bad_export_fails_that_person_only(generated: GeneratedOrg, tmp_path: Path) -> None:
    root = tmp_path / "org"
    shutil.copytree(generated.root, root)
    roster = load_roster(root / "org.yaml")
    broken, missing = roster.people[1], roster.people[3]
    broken.exports[0].write_bytes(b"this is not an archive")
    missing.exports[0].unlink()
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "team",
            "report",
            str(root / "org.yaml"),
            "--stream",
            str(root / "stream.jsonl"),
            "-o",
            str(out),
            "-j",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = orjson.loads((out / "summary.json").read_bytes())
    status = {p["id"]: p for p in summary["people"]}
    assert summary["counts"]["ok"] == 4 and summary["counts"]["failed"] == 2
    assert status[broken.id]["status"] == "failed" and status[broken.id]["error"]
    assert "does not exist" in status[missing.id]["error"]
    assert "Traceback" not in result.output
    assert f"Mislukt voor {broken.id}" in result.output
    assert (out / "index.html").is_file()
    assert sorted(p.stem for p in (out / "people").glob("*.json")) == sorted(
        p.id for p in roster.people if p not in (broken, missing)
    )


def test_roster_errors_name_file_line_and_fix(tmp_path: Path) -> None:
    bad = tmp_path / "team.csv"
    bad.write_text("id,name\njan,Jan\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no 'exports' column") as info:
        load_roster(bad)
    assert info.value.line == 1
    bad.write_text("id,name,exports\njan,Jan,a.zip\njan,Jan 2,b.zip\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="occurs twice") as info:
        load_roster(bad)
    assert info.value.line == 3
    bad.write_text("id,name,exports\n../etc,Jan,a.zip\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be used as a file name"):
        load_roster(bad)
    result = CliRunner().invoke(main, ["team", "report", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_roster_csv_with_several_exports_per_cell(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("handle,name,department,exports\n@jan,Jan,Verkeer,a.zip; b/c.zip\n", encoding="utf-8")
    person = load_roster(path).people[0]
    assert (person.id, person.team, person.handles) == ("jan", "Verkeer", ["@jan"])
    assert person.exports == [tmp_path / "a.zip", tmp_path / "b" / "c.zip"]
