"""Running :func:`~spiegel.team.run.run_person` for a whole roster: the resumable bookkeeping
(one state file per person with the hash of their inputs), the local process pool, the team
overview and the machine-readable summary.

Layout of the output folder::

    DIR/people/<id>.html, <id>.json   every person's report (spiegel.report.v1 JSON)
    DIR/index.html                     the team overview
    DIR/summary.json                   the run: every person's status, levels and errors, the team measures
    DIR/.spiegel-team/<id>.json        state: the hash of the person's inputs and their result

A person whose state file holds a success with the same input hash (and whose reports are still
there) is skipped on the next run; a failed person is tried again.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from spiegel.errors import ConfigError
from spiegel.team.roster import Roster, RosterPerson
from spiegel.team.run import (
    STATE_VERSION,
    RunSettings,
    Shared,
    load_shared,
    person_key,
    person_paths,
    prepare,
    run_person,
)

if TYPE_CHECKING:
    from spiegel.report.team import TeamOverview

STATE_DIR = ".spiegel-team"
SUMMARY_SCHEMA = "spiegel.team-run.v1"
ENGINES = ("local", "spark")

#: called after every finished person: (result, done, total)
Progress = Callable[[dict[str, Any], int, int], None]


@dataclass(slots=True)
class TeamRun:
    """What a team run produced."""

    results: list[dict[str, Any]]
    summary: dict[str, Any]
    index: Path
    summary_path: Path

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r["status"] != "ok"]


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ConfigError(
            f"cannot write {path}: {exc.strerror or exc}",
            path=path,
            fix="check that the output folder is writable and the disk is not full",
        ) from exc


def _state_path(out: Path, person_id: str) -> Path:
    return out / STATE_DIR / f"{person_id}.json"


def write_state(out: Path, key: str, result: dict[str, Any]) -> None:
    """Store a person's result with the hash of their inputs (atomically)."""
    state = {"version": STATE_VERSION, "key": key, "result": result}
    _atomic_write(_state_path(out, result["id"]), orjson.dumps(state))


def _done_before(settings: RunSettings, person: RosterPerson, key: str) -> dict[str, Any] | None:
    """The stored result of *person* when it is a success for the same inputs."""
    path = _state_path(settings.out, person.id)
    try:
        state = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION or state.get("key") != key:
        return None
    result = state.get("result")
    if not isinstance(result, dict) or result.get("status") != "ok":
        return None
    if not all(p.is_file() for p in person_paths(settings, person.id).values()):
        return None
    return result


# --- the local engine -------------------------------------------------------------------------

#: the shared data of the running pool: set in the parent before the workers are forked, so
#: they inherit it (stream and stream index included) without copying or pickling it
_SHARED: Shared | None = None


def _work(person: RosterPerson) -> dict[str, Any]:
    assert _SHARED is not None, "the pool's shared data was not set before forking"
    return run_person(person, _SHARED)


def _crashed(person: RosterPerson, exc: BaseException) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "team": person.team,
        "role": person.role,
        "status": "failed",
        "error": f"the worker process stopped while reporting on this person ({type(exc).__name__}: {exc}); "
        "run the command again to retry",
    }


def run_local(
    people: Sequence[RosterPerson], shared: Shared, jobs: int, on_result: Callable[[dict[str, Any]], None]
) -> None:
    """Run every person in a pool of *jobs* forked processes that share *shared* read-only."""
    global _SHARED
    if jobs <= 1 or len(people) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for person in people:
            on_result(run_person(person, shared))
        return
    _SHARED = shared
    prepare(shared)
    gc.collect()
    gc.freeze()  # the shared objects stay out of the workers' collections: fewer copied pages
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(people)), mp_context=context) as pool:
            futures = {pool.submit(_work, person): person for person in people}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except (BrokenProcessPool, OSError, RuntimeError) as exc:
                    result = _crashed(futures[future], exc)
                on_result(result)
    finally:
        gc.unfreeze()
        _SHARED = None


# --- the whole run ----------------------------------------------------------------------------


def run_team(
    roster: Roster,
    settings: RunSettings,
    *,
    engine: str = "local",
    jobs: int | None = None,
    spark_master: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> TeamRun:
    """Report on everyone in *roster*; see the module docstring."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}", field="--engine", fix="use local or spark")
    out = settings.out
    (out / STATE_DIR).mkdir(parents=True, exist_ok=True)
    shared = load_shared(settings, index=engine == "local")
    keys = {p.id: person_key(p, shared.key) for p in roster.people}
    results: dict[str, dict[str, Any]] = {}
    todo: list[RosterPerson] = []
    for person in roster.people:
        before = None if force else _done_before(settings, person, keys[person.id])
        if before is not None:
            results[person.id] = before | {"skipped": True}
        else:
            todo.append(person)
    total = len(roster.people)

    def finished(result: dict[str, Any]) -> None:
        result["skipped"] = False
        results[result["id"]] = result
        write_state(out, keys[result["id"]], result)
        if progress is not None:
            progress(result, len(results), total)

    if progress is not None:
        for person in roster.people:
            if person.id in results:
                progress(results[person.id], len(results), total)
    if todo:
        if engine == "spark":
            from spiegel.team.spark import run_spark

            run_spark(todo, shared, keys, finished, master=spark_master)
        else:
            run_local(todo, shared, jobs or default_jobs(), finished)
    ordered = [results[p.id] for p in roster.people]
    overview = team_overview(ordered, roster, shared)
    summary = _summary(ordered, overview, engine)
    summary_path = out / "summary.json"
    _atomic_write(summary_path, orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    from spiegel.report.team import render_team_html

    index = out / "index.html"
    _atomic_write(index, render_team_html(overview, settings.lang).encode("utf-8"))
    return TeamRun(ordered, summary, index, summary_path)


def team_overview(results: Iterable[dict[str, Any]], roster: Roster, shared: Shared) -> TeamOverview:
    """The team page from the people's results (their levels and their parts of the team
    measures), the same measures as :func:`spiegel.report.team.team_overview`."""
    from spiegel.behaviour.team import combine_answered, response_time_bins, stream_coverage
    from spiegel.report.team import TeamMember, TeamOverview

    members: list[TeamMember] = []
    handles: set[str] = set()
    engaged: set[str] = set()
    answered: list[tuple[str, float | None, int, int]] = []
    hours: list[float] = []
    for r in results:
        name = r.get("display_name") or r.get("name") or r["id"]
        reports = r.get("reports") or {}
        note = r.get("team")
        if r["status"] == "ok":
            levels = r["levels"]
            measures = r["measures"]
            handles.update(measures["handles"])
            engaged.update(measures["engaged"])
            label, value, n, in_time = measures["answered"]
            answered.append((label, value, n, in_time))
            hours += measures["hours"]
        else:
            levels = {c.id: None for c in shared.model.competencies}
            note = r.get("error")
        members.append(
            TeamMember(name, r.get("role"), levels, reports.get("html"), reports.get("json"), note)
        )
    stream: Any = shared.index if shared.index is not None else shared.stream
    since, until = shared.since, shared.until
    if since is None and shared.stream:
        since, until = shared.stream[0].created_at, shared.stream[-1].created_at
    org = shared.org
    return TeamOverview(
        org_name=org.name if org is not None else "",
        competencies=[(c.id, dict(c.name)) for c in shared.model.competencies],
        members=members,
        coverage=stream_coverage(handles, engaged, stream, org),
        answered=combine_answered(answered),
        response_times=response_time_bins(hours),
        since=since,
        until=until,
    )


def _summary(results: list[dict[str, Any]], overview: TeamOverview, engine: str) -> dict[str, Any]:
    people = []
    for r in results:
        people.append(
            {
                "id": r["id"],
                "name": r.get("display_name") or r.get("name"),
                "team": r.get("team"),
                "role": r.get("role"),
                "status": r["status"],
                "error": r.get("error"),
                "skipped": bool(r.get("skipped")),
                "levels": r.get("levels"),
                "posts": r.get("posts"),
                "reports": r.get("reports"),
            }
        )
    ok = sum(1 for r in results if r["status"] == "ok")
    return {
        "schema": SUMMARY_SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "counts": {
            "people": len(results),
            "ok": ok,
            "failed": len(results) - ok,
            "skipped": sum(1 for r in results if r.get("skipped")),
        },
        "people": people,
        "team": overview.to_dict(),
    }
