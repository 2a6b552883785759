"""The reports of a team run stay byte for byte what the code gave before the speed-ups of
issue #15's organisation run (`tests/team/golden/reports.json`, written by that code): every JSON
report of the demo's people and of a small generated organisation, apart from the generation
time, and the team part of summary.json.

A change that is meant to change the reports (a new model, a retrained classifier, …) updates the
golden file: ``SPIEGEL_UPDATE_GOLDEN=1 PYTHONPATH=src python -m pytest tests/team/test_golden_reports.py``
(and says so in its commit)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from spiegel.demo.build import DemoFiles
from spiegel.demo.scale import GeneratedOrg
from spiegel.team.engine import run_team
from spiegel.team.roster import load_roster
from spiegel.team.run import RunSettings

GOLDEN = Path(__file__).parent / "golden" / "reports.json"
#: people of the generated organisation whose whole report is kept (the others: a digest)
IN_FULL = 3
_GENERATED_AT = re.compile(rb'"generated_at": *"[^"]*"')


def _run(roster: Path, settings: dict[str, Any], out: Path) -> dict[str, Any]:
    run = run_team(load_roster(roster), RunSettings(out=out, **settings), jobs=2)
    assert not run.failed, run.failed
    digests: dict[str, str] = {}
    docs: dict[str, Any] = {}
    for path in sorted((out / "people").glob("*.json")):
        raw = _GENERATED_AT.sub(b'"generated_at":""', path.read_bytes())
        digests[path.stem] = hashlib.sha256(raw).hexdigest()
        if len(docs) < IN_FULL:
            docs[path.stem] = orjson.loads(raw)
    team = orjson.dumps(run.summary["team"], option=orjson.OPT_SORT_KEYS)
    return {"digests": digests, "team": hashlib.sha256(team).hexdigest(), "in_full": docs}


def test_team_reports_are_the_golden_ones(demo: DemoFiles, generated: GeneratedOrg, tmp_path: Path) -> None:
    found = {
        "demo": _run(
            demo.root / "roster.yaml",
            {"org": demo.org, "stream": (demo.stream,), "since": "2026-09-07", "until": "2026-11-02"},
            tmp_path / "demo",
        ),
        "generated": _run(
            generated.org, {"org": generated.org, "stream": (generated.stream,)}, tmp_path / "generated"
        ),
    }
    for part in found.values():  # the whole reports are kept for the generated org only
        if not part["in_full"] or part is found["demo"]:
            part.pop("in_full")
    if os.environ.get("SPIEGEL_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(orjson.dumps(found, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
        pytest.skip(f"wrote {GOLDEN}")
    golden = orjson.loads(GOLDEN.read_bytes())
    # the whole reports first: a difference there shows which field changed
    assert found["generated"]["in_full"] == golden["generated"]["in_full"]
    for name in ("demo", "generated"):
        assert found[name]["team"] == golden[name]["team"], f"{name}: the team overview changed"
        assert found[name]["digests"] == golden[name]["digests"], f"{name}: a person's JSON report changed"
