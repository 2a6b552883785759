"""Run the real ``spiegel report … --format json`` on every person of a validation organisation
and judge the reported competency levels against what was planted.

A planted ``high`` is recovered when the reported ``level`` is 3 or 4, ``low`` when it is 1 or
2, ``none`` when there is no level (status ``insufficient_evidence``), ``low_or_none`` when it
is 1, 2 or no level; ``any`` is not judged.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner

from spiegel.validation.generator import OrgFiles, PersonFiles, write_org


@dataclass(frozen=True, slots=True)
class Outcome:
    """One planted competency level of one person on one seed, and what the report said."""

    seed: int
    person: str
    competency: str
    planted: str
    level: int | None
    #: True when the report marks the level uncertain under resampling
    uncertain: bool
    ok: bool


def recovered(planted: str, level: int | None) -> bool:
    if planted == "high":
        return level is not None and level >= 3
    if planted == "low":
        return level is not None and level <= 2
    if planted == "none":
        return level is None
    if planted == "low_or_none":
        return level is None or level <= 2
    return True


def report_json(
    org: OrgFiles, person: PersonFiles, out: Path, model: Path | None = None
) -> dict[str, Any] | None:
    """The JSON report of *person*, written through the CLI as a user would run it (None when the
    command stopped without a report: every planted level of the person then counts as missed).
    *model*: a competency model file (``--model``), else the default model."""
    from spiegel.cli import main

    target = out / f"{person.key}.json"
    args = [
        "report",
        str(person.archive),
        "--inbound",
        str(person.inbound),
        "--stream",
        str(org.stream),
        "--org",
        str(org.org),
        "--since",
        org.since,
        "--until",
        org.until,
        "--format",
        "json",
        "-o",
        str(target),
        "--quiet",
        "--no-cache",
    ]
    if model is not None:
        args += ["--model", str(model)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    if result.exit_code != 0:
        return None
    data: dict[str, Any] = orjson.loads(target.read_bytes())
    return data


def run_seed(
    seed: int, workdir: Path | None = None, model: Path | None = None
) -> tuple[list[Outcome], dict[str, dict[str, Any]]]:
    """Generate the organisation for *seed*, report every person (under *model*, default: the
    default model), judge every planted level."""
    with tempfile.TemporaryDirectory(prefix=f"spiegel-validity-{seed}-") as tmp:
        root = workdir or Path(tmp)
        org = write_org(root / f"seed-{seed}", seed)
        outcomes: list[Outcome] = []
        reports: dict[str, dict[str, Any]] = {}
        for person in org.people:
            report = report_json(org, person, root / f"seed-{seed}", model)
            if report is None:
                outcomes += [
                    Outcome(seed, person.key, c, p, None, False, False) for c, p in person.expected.items()
                ]
                continue
            reports[person.key] = report
            found = {c["id"]: c for c in report["competencies"]}
            for comp, planted in person.expected.items():
                c = found[comp]
                level = c.get("level")
                outcomes.append(
                    Outcome(
                        seed,
                        person.key,
                        comp,
                        planted,
                        level,
                        bool(c.get("uncertain")),
                        recovered(planted, level),
                    )
                )
        return outcomes, reports
