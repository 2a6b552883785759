"""A demo organisation with a roster, and a small generated organisation, shared by the team-run
tests (generating them takes a few seconds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from spiegel.demo.build import DemoFiles, write_demo
from spiegel.demo.scale import GeneratedOrg, generate_org


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    files = write_demo(tmp_path_factory.mktemp("team-demo"), 7)
    people = [
        {
            "id": pf.persona.key,
            "name": pf.persona.name,
            "team": pf.persona.department,
            "role": pf.persona.role,
            "exports": [str(s.relative_to(files.root)) for s in pf.sources],
            "inbound": [str(pf.inbound.relative_to(files.root))] if pf.inbound else [],
            "handles": pf.handles,
        }
        for pf in files.people
    ]
    roster = {"stream": [files.stream.name], "people": people}
    (files.root / "roster.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    return files


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedOrg:
    return generate_org(tmp_path_factory.mktemp("team-gen"), people=6, posts=120, seed=11)


def reports(out: Path) -> dict[str, Any]:
    """Every JSON report in a run's output folder, without its generation time."""
    found = {}
    for path in sorted((out / "people").glob("*.json")):
        doc = orjson.loads(path.read_bytes())
        doc.pop("generated_at")
        found[path.stem] = doc
    return found
