"""An on-disk cache of per-post text signals, so a second report on the same posts skips the
text analysis (the slow part of a report)::

    cache = TextSignalCache()                 # $SPIEGEL_CACHE_DIR or ~/.cache/spiegel
    keys = [cache.key(post, classifiers=True) for post in posts]
    found = cache.get_many(keys)              # {key: TextSignals} for the hits
    cache.put_many(zip(new_keys, new_signals))

The cache is one SQLite file (WAL mode, so several processes can read and write it) with one
row per post: a 16-byte key and the signals, serialised as a compact JSON array. The key is a
BLAKE2b hash of the post id, its text, language tag, platform and boost flag, whether the
classifiers ran, and :func:`models_version` (a hash of the code and model files of
:mod:`spiegel.text` and the versions of the libraries it uses), so a changed text, model or
analysis code never reuses a stale row. The file holds **no post text and no post ids**, only
hashes and signals; ``spiegel cache clear`` deletes it.

A cache that cannot be read or written (corrupt file, locked for too long, read-only disk) is
never fatal: the problem is logged once as a warning on the ``spiegel.cache`` logger and the
signals are computed without it. Writes happen in one transaction per batch, so a crash never
leaves half a batch behind.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from spiegel.records import Post
from spiegel.text.signals import Readability, TextSignals

log = logging.getLogger("spiegel.cache")

#: environment variable naming the cache folder
ENV_DIR = "SPIEGEL_CACHE_DIR"
FILENAME = "text-signals.sqlite"
#: bump when the table layout or the serialisation changes
SCHEMA = 1
#: libraries whose version can change a signal (language detection, word lists, hyphenation,
#: the classifiers' arithmetic)
DEPENDENCIES = ("lingua-language-detector", "wordfreq", "pyphen", "numpy", "scikit-learn", "textstat")
#: keys per ``IN (...)`` query (well under SQLite's limit on bound parameters)
CHUNK = 500
#: seconds a writer waits for another process's lock before giving up (with a warning)
BUSY_TIMEOUT = 10.0

_SIGNAL_FIELDS = tuple(f.name for f in fields(TextSignals) if f.name != "id")
_READABILITY_FIELDS = tuple(f.name for f in fields(Readability))
_READABILITY_AT = _SIGNAL_FIELDS.index("readability")


def cache_dir() -> Path:
    """``$SPIEGEL_CACHE_DIR``, else ``$XDG_CACHE_HOME/spiegel``, else ``~/.cache/spiegel``."""
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "spiegel"


def default_path() -> Path:
    """Where the text-signal cache lives by default."""
    return cache_dir() / FILENAME


def _text_root() -> Path:
    import spiegel.text

    return Path(spiegel.text.__file__).resolve().parent


def _text_package_files(root: Path) -> list[Path]:
    """Every file of the text package (code, models, data), compiled bytecode aside."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
    )


@lru_cache(maxsize=1)
def models_version() -> str:
    """A hash of everything besides the post itself that can change a signal: the code, model
    and data files of :mod:`spiegel.text`, the versions of the libraries it uses, and the
    fields of :class:`TextSignals`. Computed once per process."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"schema {SCHEMA}\n".encode())
    h.update(repr((_SIGNAL_FIELDS, _READABILITY_FIELDS)).encode())
    for name in DEPENDENCIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"\n{name} {version}".encode())
    root = _text_root()
    for path in _text_package_files(root):
        h.update(f"\n{path.relative_to(root).as_posix()}\n".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def encode(signals: TextSignals) -> bytes:
    """The signals (without the id) as a compact JSON array in field order, the readability
    measures as a nested array."""
    values: list[Any] = [getattr(signals, name) for name in _SIGNAL_FIELDS]
    values[_READABILITY_AT] = [getattr(signals.readability, name) for name in _READABILITY_FIELDS]
    return orjson.dumps(values)


def decode(data: bytes, post_id: str) -> TextSignals:
    """The inverse of :func:`encode`, with the id set to *post_id*."""
    values = orjson.loads(data)
    values[_READABILITY_AT] = Readability(*values[_READABILITY_AT])
    return TextSignals(post_id, *values)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (reference counting still frees what
    is dropped), for code that allocates many objects that stay alive and form no cycles: decoding
    many signals (with 100,000 posts loaded the collections cost as much as the decoding itself)
    and reading a team run's stream (a million posts: about 40 % of the read's CPU time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class TextSignalCache:
    """The signal cache in one SQLite file (default :func:`default_path`). Every method is safe
    to call on a broken cache: after the first error it warns once and acts as an empty cache
    that stores nothing."""

    def __init__(self, path: str | Path | None = None, *, version: str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.version = version if version is not None else models_version()
        self._prefix = f"{self.version}\0".encode()
        self._conn: sqlite3.Connection | None = None
        self.broken: str | None = None
        self.hits = self.misses = self.stored = 0

    # -- keys ---------------------------------------------------------------------------------

    def key(self, post: Post, classifiers: bool, embeddings: bool = False) -> bytes:
        """The cache key of one post's signals (see the module docstring); *embeddings*: the
        signals of the fast + sentence-embedding path, kept apart from the fast path's."""
        h = hashlib.blake2b(self._prefix, digest_size=16)
        path = f"{classifiers:d}e" if embeddings else f"{classifiers:d}"
        head = f"{post.id}\0{post.lang or ''}\0{post.platform or ''}\0{post.is_boost:d}{path}\0"
        h.update(head.encode("utf-8", "surrogatepass"))
        h.update((post.text or "").encode("utf-8", "surrogatepass"))
        return h.digest()

    # -- storage ------------------------------------------------------------------------------

    def _fail(self, action: str, exc: BaseException) -> None:
        if self.broken is None:
            self.broken = f"{type(exc).__name__}: {exc}"
            log.warning(
                "text-signal cache %s: cannot %s (%s); analysing the posts without it. "
                "If this repeats, run `spiegel cache clear` or pass --no-cache.",
                self.path,
                action,
                self.broken,
            )
        self.close()

    def _connect(self) -> sqlite3.Connection | None:
        if self.broken is not None:
            return None
        if self._conn is not None:
            return self._conn
        deadline = time.monotonic() + BUSY_TIMEOUT
        delay = 0.005
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
                try:
                    _set_up(conn)
                except BaseException:
                    conn.close()
                    raise
            except sqlite3.OperationalError as exc:
                # Switching a new file to WAL, or creating its tables while another process
                # does the same, can answer "database is locked" at once without SQLite's busy
                # handler ever waiting: retry with a short back-off until BUSY_TIMEOUT.
                if _is_busy(exc) and time.monotonic() + delay < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.2)
                    continue
                self._fail("open it", exc)
                return None
            except (sqlite3.Error, OSError) as exc:
                self._fail("open it", exc)
                return None
            self._conn = conn
            return conn

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stored rows among *keys*: {key: encoded signals} (decode with :func:`decode`)."""
        conn = self._connect()
        found: dict[bytes, bytes] = {}
        if conn is None:
            self.misses += len(keys)
            return found
        try:
            for i in range(0, len(keys), CHUNK):
                chunk = keys[i : i + CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(conn.execute(f"SELECT key, value FROM signals WHERE key IN ({marks})", chunk))
        except sqlite3.Error as exc:
            self._fail("read it", exc)
            found = {}
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def put_many(self, items: Iterable[tuple[bytes, TextSignals]]) -> None:
        """Store signals under their keys, all in one transaction (all or nothing)."""
        rows = [(key, self.version, encode(signals)) for key, signals in items]
        conn = self._connect()
        if conn is None or not rows:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._drop_other_versions(conn)
                conn.executemany("INSERT OR REPLACE INTO signals VALUES (?, ?, ?)", rows)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._fail("write to it", exc)
            return
        self.stored += len(rows)

    def delete_many(self, keys: Sequence[bytes]) -> int:
        """Delete the rows of *keys* in one transaction (an erased person's posts); return how
        many were deleted. A cache that cannot be written is logged, as everywhere here."""
        conn = self._connect() if self.path.exists() else None
        if conn is None or not keys:
            return 0
        deleted = 0
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for i in range(0, len(keys), CHUNK):
                    chunk = keys[i : i + CHUNK]
                    marks = ",".join("?" * len(chunk))
                    deleted += conn.execute(f"DELETE FROM signals WHERE key IN ({marks})", chunk).rowcount
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._fail("delete from it", exc)
            return 0
        return deleted

    def _drop_other_versions(self, conn: sqlite3.Connection) -> None:
        """Inside a write transaction: when the models changed since the last write, delete the
        rows of the old version (they can never be hit again), so the file does not grow with
        every retraining."""
        row = conn.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is not None and row[0] == self.version:
            return
        conn.execute("DELETE FROM signals WHERE version != ?", (self.version,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))

    def info(self) -> dict[str, Any]:
        """Path, size in bytes, rows in total and rows of the current model version."""
        out: dict[str, Any] = {"path": str(self.path), "version": self.version, "exists": self.path.exists()}
        out["rows"] = out["current_rows"] = out["bytes"] = 0
        try:
            out["bytes"] = sum(p.stat().st_size for p in _files(self.path) if p.exists())
        except OSError as exc:  # e.g. no permission to look into the folder
            out["error"] = exc.strerror or str(exc)
            return out
        if not out["exists"]:
            return out
        if not self.path.is_file():
            out["error"] = "not a file"
            return out
        conn = self._connect()
        if conn is None:
            out["error"] = self.broken
            return out
        try:
            out["rows"] = conn.execute("SELECT count(*) FROM signals").fetchone()[0]
            out["current_rows"] = conn.execute(
                "SELECT count(*) FROM signals WHERE version = ?", (self.version,)
            ).fetchone()[0]
        except sqlite3.Error as exc:
            self._fail("read it", exc)
            out["error"] = self.broken
        return out

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> TextSignalCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _set_up(conn: sqlite3.Connection) -> None:
    """WAL mode, the tables, and the schema check, on a fresh connection."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS signals "
            "(key BLOB PRIMARY KEY, version TEXT NOT NULL, value BLOB NOT NULL) WITHOUT ROWID"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        row = conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    if row is None or row[0] != str(SCHEMA):
        raise sqlite3.DatabaseError(f"cache schema {row and row[0]}, expected {SCHEMA}")


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


class CacheClearError(Exception):
    """A cache file could not be removed: *path*, and *reason*: ``"not_a_folder"`` (a file
    stands where the cache folder should be), ``"is_a_folder"`` (a folder stands where the
    cache file should be), ``"permission"`` or ``"other"`` (with the system's *detail*)."""

    def __init__(self, path: Path, reason: str, detail: str) -> None:
        super().__init__(f"{path}: {reason} ({detail})")
        self.path = path
        self.reason = reason
        self.detail = detail


def clear(path: str | Path | None = None) -> list[Path]:
    """Delete the cache file (and its WAL/shared-memory files); return the files removed.

    Raises :class:`CacheClearError` when one cannot be removed (what was removed before stays
    removed: the cache is only a speed-up)."""
    target = Path(path) if path is not None else default_path()
    removed = []
    for p in _files(target):
        try:
            p.unlink()
        except FileNotFoundError:
            continue
        except NotADirectoryError as exc:
            folder = next((q for q in p.parents if q.is_file()), p.parent)
            raise CacheClearError(folder, "not_a_folder", exc.strerror or str(exc)) from exc
        except IsADirectoryError as exc:
            raise CacheClearError(p, "is_a_folder", exc.strerror or str(exc)) from exc
        except PermissionError as exc:
            reason = "is_a_folder" if p.is_dir() else "permission"  # macOS/BSD: EPERM on a folder
            raise CacheClearError(p, reason, exc.strerror or str(exc)) from exc
        except OSError as exc:
            raise CacheClearError(p, "other", exc.strerror or str(exc)) from exc
        removed.append(p)
    return removed
