"""What the API clients share: retry with back-off, resumable paging state, and the JSONL sink.

* :func:`with_retries` calls a function again after a transient failure (rate limit, 5xx,
  network), waiting longer each time, and raises :class:`~spiegel.errors.RateLimitedError` or
  :class:`~spiegel.errors.RemoteError` when the tries run out.
* :class:`FetchState` keeps, per stream, the cursor of the next page and the newest id seen, in a
  small JSON file beside the output (``posts.jsonl`` → ``posts.jsonl.state.json``), written
  atomically after every page. A run that was interrupted continues where it stopped; a run after
  a complete one only asks for what is new.
* :class:`JsonlSink` appends records to the output in spiegel's generic JSONL format and skips
  ids already in the file, so a page fetched twice never gives duplicates.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

import orjson

from spiegel.errors import ConfigError, RateLimitedError, RemoteError
from spiegel.records import Post
from spiegel.sources.generic import post_to_generic

T = TypeVar("T")


@dataclass(slots=True)
class RetryPolicy:
    """How often and how patiently to retry. ``sleep`` is injectable for tests."""

    attempts: int = 5
    base_delay: float = 2.0
    max_delay: float = 300.0
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, hint: float | None = None) -> float:
        """Seconds to wait before try number *attempt* + 1; a server hint wins when given."""
        if hint is not None and hint >= 0:
            return min(hint, self.max_delay)
        return min(self.base_delay * 2.0**attempt, self.max_delay)


class Transient(Exception):
    """Raised by a classifier to say "try again"; ``wait`` is the server's hint in seconds."""

    def __init__(self, message: str, *, wait: float | None = None, rate_limited: bool = False) -> None:
        super().__init__(message)
        self.wait = wait
        self.rate_limited = rate_limited


def with_retries(
    call: Callable[[], T],
    classify: Callable[[Exception], Exception],
    policy: RetryPolicy,
    what: str,
    on_wait: Callable[[str, float], None] | None = None,
) -> T:
    """Run *call*; *classify* turns a library error into :class:`Transient` (retry) or into the
    error to raise (usually a :class:`RemoteError`)."""
    last = Transient("no try was made (attempts is 0)")
    for attempt in range(policy.attempts):
        try:
            return call()
        except Exception as exc:  # the classifier decides; anything unknown is re-raised by it
            verdict = classify(exc)
            if not isinstance(verdict, Transient):
                raise verdict from exc
            last = verdict
            if attempt + 1 < policy.attempts:
                wait = policy.delay(attempt, verdict.wait)
                if on_wait is not None:
                    on_wait(f"{what}: {verdict}", wait)
                policy.sleep(wait)
    if last.rate_limited:
        raise RateLimitedError(
            f"{what}: the server kept asking to slow down after {policy.attempts} tries ({last}). "
            "Run the same command again later: it continues where it stopped."
        )
    raise RemoteError(
        f"{what}: {last} (gave up after {policy.attempts} tries). "
        "Check the address and your connection, then run the command again: it continues where it stopped."
    )


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@dataclass
class FetchState:
    """Per-stream paging state kept next to the output file. See the module docstring."""

    path: Path
    streams: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def for_output(cls, output: Path) -> FetchState:
        path = output.with_name(output.name + ".state.json")
        if not path.exists():
            return cls(path)
        try:
            data = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError as exc:
            raise ConfigError(
                f"the fetch state file cannot be read ({exc})",
                path=path,
                fix="Delete it to start the fetch from the beginning (already written posts are kept).",
            ) from exc
        streams = data.get("streams") if isinstance(data, dict) else None
        if not isinstance(streams, dict):
            raise ConfigError(
                "the fetch state file has no 'streams' object",
                path=path,
                fix="Delete it to start the fetch from the beginning (already written posts are kept).",
            )
        return cls(path, streams)

    def get(self, stream: str) -> dict[str, Any]:
        return self.streams.setdefault(stream, {})

    def save(self) -> None:
        data = orjson.dumps({"version": 1, "streams": self.streams}, option=orjson.OPT_INDENT_2)
        _write_atomic(self.path, data)


def _drop_partial_last_line(path: Path) -> None:
    """Cut a last line that an interrupted run left without its newline."""
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("r+b") as f:
        f.seek(size - 1)
        if f.read(1) == b"\n":
            return
        keep = 0
        step = 64 * 1024
        pos = size
        while pos > 0:
            start = max(0, pos - step)
            f.seek(start)
            chunk = f.read(pos - start)
            at = chunk.rfind(b"\n")
            if at >= 0:
                keep = start + at + 1
                break
            pos = start
        f.truncate(keep)


class JsonlSink:
    """Appends posts to a JSONL file, once per id, flushing after every page."""

    def __init__(self, path: Path, fh: IO[bytes], seen: set[str]) -> None:
        self.path = path
        self._fh = fh
        self.seen = seen
        self.written = 0

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[JsonlSink]:
        seen: set[str] = set()
        if path.exists():
            _drop_partial_last_line(path)
            with path.open("rb") as f:
                for number, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        seen.add(str(orjson.loads(line)["id"]))
                    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
                        raise ConfigError(
                            "the output file exists but is not spiegel JSONL; "
                            "spiegel only appends to its own files",
                            path=path,
                            line=number,
                            fix="Choose another output file, or remove this one.",
                        ) from exc
        with path.open("ab") as fh:
            yield cls(path, fh, seen)

    def write(self, posts: list[Post]) -> int:
        """Append the posts not yet in the file; return how many were new."""
        new = 0
        for post in posts:
            if post.id in self.seen:
                continue
            self.seen.add(post.id)
            self._fh.write(orjson.dumps(post_to_generic(post)) + b"\n")
            new += 1
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.written += new
        return new
