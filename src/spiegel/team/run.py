"""The per-person function of a team run and what it shares with every person.

:func:`load_shared` reads what all people share once (org config, competency model, the
organisation stream and its :class:`~spiegel.behaviour.context.StreamIndex`); :func:`run_person`
builds one person's profile, writes their reports and returns a small JSON-able result with their
levels and their part of the team measures. The engines (:mod:`.engine`, :mod:`.spark`) run the
same :func:`run_person` for everyone, so their reports are identical.

In a team run every person gets the *same* stream (the public posts of the window), not the
stream minus their own posts as ``spiegel report`` gives it; the behaviour measures account for
a person's own posts in the stream (see :func:`spiegel.behaviour.topics`), and sharing one list is
what lets the stream index be built once.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from spiegel import __version__
from spiegel.errors import SpiegelError
from spiegel.team.roster import RosterPerson
from spiegel.text_cache import gc_paused

if TYPE_CHECKING:
    from spiegel.behaviour.context import StreamIndex
    from spiegel.competencies.model import Model
    from spiegel.org import OrgConfig
    from spiegel.records import Account, Post, Record
    from spiegel.text_cache import TextSignalCache

#: version of the per-person state files; a change makes every person run again
STATE_VERSION = 1
FORMATS = ("html", "json")
#: where each person's reports go, under the output folder
PEOPLE_DIR = "people"


@dataclass(slots=True, frozen=True)
class RunSettings:
    """The options of a run that every person shares (small and picklable)."""

    out: Path
    lang: str = "nl"
    formats: tuple[str, ...] = FORMATS
    since: str | None = None
    until: str | None = None
    org: Path | None = None
    model: Path | None = None
    stream: tuple[Path, ...] = ()
    cache: bool = True


@dataclass(slots=True)
class Shared:
    """What every person of a run shares, read once."""

    settings: RunSettings
    org: OrgConfig | None
    model: Model
    stream: list[Post] | None
    stream_accounts: list[Account] = field(default_factory=list)
    index: StreamIndex | None = None
    since: datetime | None = None
    until: datetime | None = None
    #: hash of everything shared (options, org, model, stream files, spiegel version)
    key: str = ""


def _hash_path(h: Any, path: Path) -> None:
    """Feed a file's bytes (or, for a folder, every file's relative name and bytes) into *h*;
    a missing path feeds a marker, so that it appearing later changes the hash."""
    if path.is_dir():
        for sub in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(str(sub.relative_to(path)).encode() + b"\0")
            _hash_path(h, sub)
        return
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        h.update(b"\0missing\0")
    h.update(b"\0")


def shared_key(settings: RunSettings) -> str:
    h = hashlib.sha256()
    opts = {
        "state": STATE_VERSION,
        "spiegel": __version__,
        "lang": settings.lang,
        "formats": list(settings.formats),
        "since": settings.since,
        "until": settings.until,
    }
    h.update(orjson.dumps(opts, option=orjson.OPT_SORT_KEYS))
    for path in [p for p in (settings.org, settings.model) if p is not None] + list(settings.stream):
        _hash_path(h, path)
    return h.hexdigest()


def person_key(person: RosterPerson, shared: str) -> str:
    """Hash of a person's inputs: roster entry, their export files and the shared key."""
    h = hashlib.sha256(shared.encode())
    entry = {
        "id": person.id,
        "name": person.name,
        "team": person.team,
        "role": person.role,
        "exports": [str(p) for p in person.exports],
        "inbound": [str(p) for p in person.inbound],
        "handles": person.handles,
    }
    h.update(orjson.dumps(entry))
    for path in [*person.exports, *person.inbound]:
        _hash_path(h, path)
    return h.hexdigest()


def _without_raw(records: Iterable[Record]) -> Iterator[Record]:
    """*records* without the source item each keeps in ``raw`` (for audit; no measure or report
    reads it): for a stream of a million posts those dicts are the largest part of the memory the
    run holds for its whole length, in the parent and in every worker."""
    for record in records:
        record.raw = None
        yield record


def load_shared(settings: RunSettings, *, index: bool = True) -> Shared:
    """Read the org config, model and stream once; with *index*, also build the stream index
    (and leave it where :meth:`StreamIndex.shared` finds it, so every person reuses it)."""
    from spiegel.behaviour.context import StreamIndex
    from spiegel.competencies.model import default_model, load_model
    from spiegel.org import load_org
    from spiegel.pipeline import _as_datetime, _public
    from spiegel.records import Activity
    from spiegel.sources import read_path

    org = load_org(settings.org) if settings.org is not None else None
    model = load_model(settings.model) if settings.model is not None else default_model()
    lo, hi = _as_datetime(settings.since), _as_datetime(settings.until, end=True)
    stream: list[Post] | None = None
    accounts: list[Account] = []
    if settings.stream:
        found = Activity()
        with gc_paused():
            for path in settings.stream:
                found.extend(_without_raw(read_path(path)))
            stream = sorted((p for p in found.posts if _public(p, lo, hi)), key=lambda p: p.created_at)
        accounts = [a for a in found.accounts if not a.is_self]
    shared = Shared(settings, org, model, stream, accounts, None, lo, hi, shared_key(settings))
    if index and stream is not None:
        shared.index = StreamIndex.shared(stream, org)
    return shared


def prepare(shared: Shared) -> None:
    """Do once, in the process that forks the workers, what every worker would otherwise do on
    its first person: the stream's :class:`~spiegel.behaviour.topics.PickupIndex`, the trained
    text classifiers, the report templates and the chart library. The forked workers inherit
    them (copy-on-write: one copy of the models' pages for the whole pool, not one per worker)."""
    from spiegel.behaviour.topics import pickup_index
    from spiegel.report.html import _css, _env
    from spiegel.text.pipeline import classifiers_available

    if shared.index is not None and shared.org is not None:
        pickup_index(shared.index, shared.org)
    classifiers_available()
    if "html" in shared.settings.formats:
        import spiegel.report.chart  # noqa: F401  (matplotlib: the heaviest import of a report)

        _env().get_template("report.html.j2")
        _css()


#: the text-signal cache of each process that ran people, by process id and cache file: one
#: connection per worker for the whole run (opening and closing one per person cost a WAL
#: checkpoint each). A forked worker never uses the connection it inherited from its parent.
_CACHES: dict[tuple[int, str], TextSignalCache] = {}


def worker_cache() -> TextSignalCache:
    """This process's :class:`~spiegel.text_cache.TextSignalCache`, opened on first use and
    closed when the process ends (also a pool worker: multiprocessing runs its finalizers)."""
    from multiprocessing.util import Finalize

    from spiegel.text_cache import TextSignalCache, default_path

    key = (os.getpid(), str(default_path()))  # $SPIEGEL_CACHE_DIR may change between runs
    cache = _CACHES.get(key)
    if cache is None:
        cache = _CACHES[key] = TextSignalCache()
        Finalize(cache, cache.close, exitpriority=10)
    return cache


def person_paths(settings: RunSettings, person_id: str) -> dict[str, Path]:
    return {fmt: settings.out / PEOPLE_DIR / f"{person_id}.{fmt}" for fmt in settings.formats}


def run_person(person: RosterPerson, shared: Shared) -> dict[str, Any]:
    """Build one person's profile, write their reports and return their result (JSON-able).

    Never raises for a bad input: a :class:`SpiegelError` (a broken or missing export, …) or any
    other exception becomes ``{"status": "failed", "error": …}`` for this person only."""
    started = time.perf_counter()
    base: dict[str, Any] = {"id": person.id, "name": person.name, "team": person.team, "role": person.role}
    try:
        result = _run_person(person, shared)
    except SpiegelError as exc:
        return base | {"status": "failed", "error": str(exc)}
    except Exception as exc:  # a bug must not stop the other people's reports
        return base | {"status": "failed", "error": f"internal error ({type(exc).__name__}): {exc}"}
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["pid"] = os.getpid()
    return base | result


def _run_person(person: RosterPerson, shared: Shared) -> dict[str, Any]:
    from spiegel.behaviour import person_context
    from spiegel.behaviour.context import StreamIndex
    from spiegel.behaviour.team import engaged_ids, person_answered, person_reaction_hours
    from spiegel.errors import MalformedFileError
    from spiegel.pipeline import build_profile, load_inputs
    from spiegel.report import render_html, render_json
    from spiegel.report.output import write_report

    settings = shared.settings
    for path in [*person.exports, *person.inbound]:
        if not path.exists():
            raise MalformedFileError(
                f"the export {str(path)!r} of {person.id} does not exist",
                path=path,
                fix="correct the path in the roster (relative to the roster file), or remove it",
            )
    inputs = load_inputs(
        person.exports,
        inbound=person.inbound,
        org=shared.org,
        since=shared.since,
        until=shared.until,
        handles=person.handles or None,
    )
    inputs.stream = shared.stream
    inputs.accounts.extend(shared.stream_accounts)
    if person.name:
        inputs.display_name = person.name
    profile = build_profile(inputs, model=shared.model, cache=worker_cache() if settings.cache else False)
    index = shared.index
    if index is None and shared.stream is not None:
        index = StreamIndex.shared(shared.stream, shared.org)
    ctx = person_context(inputs, profile.signals or {}, stream=index)
    engaged = engaged_ids(inputs)
    if index is not None:
        engaged = {i for i in engaged if i in index.by_id}
    reports: dict[str, str] = {}
    for fmt, path in person_paths(settings, person.id).items():
        data = render_json(profile) if fmt == "json" else render_html(profile, settings.lang).encode("utf-8")
        write_report(path, data, settings.lang)
        reports[fmt] = str(path.relative_to(settings.out))
    label, value, n, in_time = person_answered(ctx)
    return {
        "status": "ok",
        "display_name": inputs.display_name,
        "levels": {c.id: c.level for c in profile.competencies},
        "posts": len(inputs.posts),
        "reports": reports,
        "measures": {
            "handles": sorted(inputs.handles),
            "engaged": sorted(engaged),
            "answered": [label, value, n, in_time],
            "hours": person_reaction_hours(ctx),
        },
    }
