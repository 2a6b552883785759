"""Streaming JSON for importers: X's ``window.YTD.*`` files, big JSON collections, small files.

Exports can be gigabytes, so nothing here reads a large file whole:

* :func:`iter_ytd` reads an X archive file (``window.YTD.tweets.part0 = [ … ]``) in chunks of
  whole array items and parses each chunk with orjson. It relies on one fact of JSON: a raw
  newline can only occur between tokens, never inside a string. X writes one item per
  ``  {`` … ``  }`` block at two spaces of indentation, so ``"\\n  },"`` ends a top-level item;
  a chunk that orjson accepts as ``[chunk]`` can only end at a real item boundary. Files laid out
  differently (minified, other indentation) fall back to ijson, which is slower but exact.
* :func:`iter_collection` does the same for the list of a large JSON object (Mastodon's
  ``orderedItems``), whose activities start with ``},{"id":``.
* Anything else goes through ijson's C parser (its events, with a nesting limit).
* :func:`load_small` parses a small file whole, with exact line numbers in errors.

Every failure is a :class:`~spiegel.errors.MalformedFileError` naming the file and, where it can
be known, the line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO, Any

import ijson
import orjson

from spiegel.errors import MalformedFileError

try:
    _IJSON = ijson.get_backend("yajl2_c")
except ImportError:  # pragma: no cover - the C backend ships in ijson's wheels
    _IJSON = ijson

CHUNK = 4 * 1024 * 1024
#: A chunk without a single item boundary in this many bytes is not X's layout: use ijson.
MAX_SCAN = 64 * 1024 * 1024
#: orjson's limit too; nothing in an export comes near it.
MAX_DEPTH = 1024
#: Files up to this size are parsed whole by :func:`load_small` callers that choose to.
SMALL = 64 * 1024 * 1024

_YTD_HEAD = re.compile(rb"^\s*window\.YTD\.([A-Za-z0-9_]+)\.part(\d+)\s*=\s*\[")
_ITEM_END = b"\n  },"
_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\xff\xfe\x00\x00": "UTF-32"}

FIX_DOWNLOAD = "Download the export again from the platform and pass the complete, unchanged file."


def _check_bom(head: bytes, where: str) -> bytes:
    """Strip a UTF-8 byte-order mark; refuse UTF-16/32 with a clear message."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    for bom, name in _BOMS.items():
        if head.startswith(bom):
            raise MalformedFileError(
                f"the file is encoded as {name}; spiegel reads JSON in UTF-8",
                path=where,
                fix="Save the file as UTF-8 (for example: iconv -f UTF-16 -t UTF-8 in > out), "
                "or use the unchanged file from the export.",
            )
    return head


FIX_ENCODING = (
    "Use the unchanged file from the export; if you edited it, save it as UTF-8 "
    "(for example: iconv -f WINDOWS-1252 -t UTF-8 in > out)."
)


def utf8_error(data: bytes, where: str, first_line: int = 1) -> MalformedFileError | None:
    """The error for the first byte of *data* that is not UTF-8, with its real line, column and
    byte offset (*data* starts at line *first_line*); None when *data* is valid UTF-8.

    orjson checks the encoding of its whole input before parsing and reports any bad byte at
    line 1, column 1, so the place is computed here.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        return MalformedFileError(
            f"the file is not UTF-8 text (byte {data[start]:#04x} at column {start - line_start + 1})",
            path=where,
            line=first_line + data.count(b"\n", 0, start),
            fix=FIX_ENCODING,
        )
    return None


def json_error(
    exc: orjson.JSONDecodeError, where: str, line_offset: int = 0, data: bytes | None = None
) -> MalformedFileError:
    """Turn an orjson error into a message with the file and line. Pass the parsed *data*
    (starting at line ``line_offset + 1``) so that an encoding error names its real line."""
    msg = str(exc).split(": line ")[0]
    if data is not None and "UTF-8" in msg:
        bad = utf8_error(data, where, line_offset + 1)
        if bad is not None:
            return bad
    if "unexpected end of data" in msg or "EOF" in msg:
        what = "the JSON ends too early: the file is truncated"
    elif "depth limit" in msg or "recursion" in msg.lower():
        what = "the JSON is nested too deeply (more than 1024 levels); this is not an export file"
    else:
        what = f"invalid JSON ({msg})"
    return MalformedFileError(what, path=where, line=line_offset + exc.lineno, fix=FIX_DOWNLOAD)


def load_small(f: IO[bytes], where: str, limit: int = SMALL) -> Any:
    """Parse a whole JSON file (for small files: actor.json, account.js …); refuse one over
    *limit* bytes instead of reading it into memory."""
    data = f.read(limit + 1)
    if len(data) > limit:
        raise MalformedFileError(
            f"the file is larger than {limit:,} bytes, far more than this kind of file holds",
            path=where,
            fix=FIX_DOWNLOAD,
        )
    data = original = _check_bom(data, where)
    if not data.strip():
        raise MalformedFileError("the file is empty", path=where, fix=FIX_DOWNLOAD)
    head = _YTD_HEAD.match(data[:4096])
    if head:
        data = b"[" + data[head.end() :].rstrip().rstrip(b";")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise json_error(exc, where, data=original) from exc


def iter_ytd(f: IO[bytes], where: str, chunk_size: int = CHUNK) -> Iterator[Any]:
    """Yield the items of an X archive file (``window.YTD.<name>.partN = [ … ]``), streaming."""
    buf = _check_bom(f.read(min(chunk_size, 65536)), where)
    head = _YTD_HEAD.match(buf)
    if head is None:
        if not buf.strip():
            raise MalformedFileError("the file is empty", path=where, fix=FIX_DOWNLOAD)
        raise MalformedFileError(
            "this is not an X archive data file: it should start with 'window.YTD.<name>.part0 = ['",
            path=where,
            line=1,
            fix=FIX_DOWNLOAD,
        )
    line = buf.count(b"\n", 0, head.end()) + 1  # line number where buf starts
    buf = buf[head.end() :]
    while True:
        cut = buf.rfind(_ITEM_END)
        if cut >= 0:
            chunk, rest = buf[: cut + 4], buf[cut + 4 :]
            try:
                items = orjson.loads(b"[" + chunk + b"]")
            except orjson.JSONDecodeError as exc:
                bad = utf8_error(chunk, where, line)
                if bad is not None:
                    raise bad from exc
                yield from _ijson_rest(buf, f, where, line, exc)
                return
            yield from items
            line += chunk.count(b"\n")
            buf = rest[1:] if rest.startswith(b",") else rest
        if len(buf) > MAX_SCAN:
            yield from _ijson_rest(buf, f, where, line, None)
            return
        more = f.read(chunk_size)
        if not more:
            break
        buf += more
    yield from _finish(buf, where, line)


def _finish(buf: bytes, where: str, line: int) -> Iterator[Any]:
    """Parse what is left after the last ``  },``: the last item and the closing bracket."""
    tail = buf.rstrip().rstrip(b";").rstrip()
    if not tail.endswith(b"]"):
        raise MalformedFileError(
            "the file ends before its list is closed: it is truncated",
            path=where,
            line=line + buf.count(b"\n"),
            fix=FIX_DOWNLOAD,
        )
    try:
        items = orjson.loads(b"[" + tail)
    except orjson.JSONDecodeError as exc:
        raise json_error(exc, where, line - 1, data=tail) from exc
    if not isinstance(items, list):  # pragma: no cover - "[" … "]" is a list or an error
        raise MalformedFileError("expected a list of items", path=where, fix=FIX_DOWNLOAD)
    yield from items


#: In a minified ActivityPub collection, the next top-level activity starts with ``},{"id":``
#: (nested objects start with ``"type"`` or follow a ``:``); a wrong guess fails to parse and is
#: never used, as in :func:`iter_ytd`.
_ACTIVITY_START = b'},{"id":'


def iter_collection(
    f: IO[bytes], where: str, key: str = "orderedItems", chunk_size: int = CHUNK
) -> Iterator[Any]:
    """Yield the items of the list *key* of a large JSON object (Mastodon's ``outbox.json``),
    in chunks of whole items parsed with orjson; other layouts fall back to ijson."""
    head = _check_bom(f.read(max(chunk_size, 65536)), where)
    if not head.strip():
        raise MalformedFileError("the file is empty", path=where, fix=FIX_DOWNLOAD)
    m = re.search(b'"' + re.escape(key.encode()) + rb'"\s*:\s*', head)
    if m is None:
        yield from _ijson_items(head, f, where, key, 1)
        return
    if head[m.end() : m.end() + 1] != b"[":
        raise MalformedFileError(
            f"expected a list, found {head[m.end() : m.end() + 20]!r}",
            path=where,
            field=key,
            fix=FIX_DOWNLOAD,
        )
    opener = b'{"' + key.encode() + b'":['
    line = head.count(b"\n", 0, m.end()) + 1
    buf = head[m.end() + 1 :]
    while True:
        cut = buf.rfind(_ACTIVITY_START)
        if cut >= 0:
            chunk, rest = buf[: cut + 1], buf[cut + 2 :]
            try:
                items = orjson.loads(b"[" + chunk + b"]")
            except orjson.JSONDecodeError as exc:
                bad = utf8_error(chunk, where, line)
                if bad is not None:
                    raise bad from exc
                yield from _ijson_items(opener + buf, f, where, key, line)
                return
            yield from items
            line += chunk.count(b"\n")
            buf = rest
        if len(buf) > MAX_SCAN:
            yield from _ijson_items(opener + buf, f, where, key, line)
            return
        more = f.read(chunk_size)
        if not more:
            break
        buf += more
    tail = buf.rstrip()
    end = len(tail)
    for _ in range(8):
        end = tail.rfind(b"]", 0, end)
        if end < 0:
            break
        after = tail[end + 1 :].lstrip()
        if after.startswith((b"}", b",")):
            try:
                items = orjson.loads(b"[" + tail[: end + 1])
            except orjson.JSONDecodeError as exc:
                bad = utf8_error(tail[: end + 1], where, line)
                if bad is not None:
                    raise bad from exc
                if "depth" in str(exc):
                    raise json_error(exc, where, line - 1) from exc
                continue
            yield from items
            return
    raise MalformedFileError(
        f"the file ends before the list {key!r} is closed: it is truncated",
        path=where,
        line=line + buf.count(b"\n") if line > 1 or b"\n" in buf else None,
        fix=FIX_DOWNLOAD,
    )


class _Chain(io.RawIOBase):
    """A byte stream that first returns *head*, then reads from *tail*."""

    def __init__(self, head: bytes, tail: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._tail.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _too_deep(where: str) -> MalformedFileError:
    return MalformedFileError(
        f"the JSON is nested too deeply (more than {MAX_DEPTH} levels); this is not an export file",
        path=where,
        fix=FIX_DOWNLOAD,
    )


def _build_items(events: Iterator[tuple[str, Any]], where: str) -> Iterator[Any]:
    """Build the items of an array whose ``start_array`` event was just consumed, from ijson's
    ``basic_parse`` events, refusing nesting deeper than :data:`MAX_DEPTH`.

    ``ijson.items`` is not used here: it keeps a path string per level, so a hostile file nested
    a hundred thousand levels deep exhausts memory before any error is raised.
    """
    stack: list[list[Any]] = []  # [container, pending map key]
    for event, value in events:
        if event in ("start_map", "start_array"):
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(where)
            stack.append([{} if event == "start_map" else [], None])
            continue
        if event == "map_key":
            stack[-1][1] = value
            continue
        if event in ("end_map", "end_array"):
            if not stack:
                return  # the end of the array itself
            value = stack.pop()[0]
        if not stack:
            yield value
        elif type(stack[-1][0]) is list:
            stack[-1][0].append(value)
        else:
            stack[-1][0][stack[-1][1]] = value


def _skip_value(events: Iterator[tuple[str, Any]], first: str, where: str) -> None:
    depth = 1 if first in ("start_map", "start_array") else 0
    while depth:
        event, _ = next(events)
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(where)
        elif event in ("end_map", "end_array"):
            depth -= 1


def _exact_items(stream: IO[bytes], where: str, key: str | None, line: int = 1) -> Iterator[Any]:
    """Slow, exact path: the items of the top-level array (*key* None) or of the array at
    *key* in the top-level object, streamed with ijson's C parser."""
    events = iter(_IJSON.basic_parse(stream, use_float=True))
    try:
        event, _ = next(events, ("", None))
        if key is None:
            if event != "start_array":
                raise MalformedFileError("expected a list of items", path=where, fix=FIX_DOWNLOAD)
            yield from _build_items(events, where)
            return
        if event != "start_map":
            raise MalformedFileError(
                f"expected a JSON object with a list {key!r}", path=where, fix=FIX_DOWNLOAD
            )
        for event, value in events:
            if event == "end_map":
                return
            if event != "map_key":  # pragma: no cover - ijson alternates keys and values
                continue
            first, _ = next(events)
            if value != key:
                _skip_value(events, first, where)
                continue
            if first != "start_array":
                raise MalformedFileError(
                    f"expected a list, found {first.replace('start_', '')}",
                    path=where,
                    field=key,
                    fix=FIX_DOWNLOAD,
                )
            yield from _build_items(events, where)
            return
    except ijson.JSONError as exc:
        raise MalformedFileError(
            f"invalid JSON{f' after line {line}' if line > 1 else ''} ({_ijson_reason(exc)})",
            path=where,
            fix=FIX_DOWNLOAD,
        ) from exc
    except UnicodeDecodeError as exc:  # ijson decodes strings itself and raises this, not JSONError
        raise MalformedFileError(
            f"the file is not UTF-8 text{f' (after line {line})' if line > 1 else ''}",
            path=where,
            fix=FIX_ENCODING,
        ) from exc


def _ijson_items(head: bytes, f: IO[bytes], where: str, key: str, line: int) -> Iterator[Any]:
    """Exact path for a collection: stream *head* and the rest of *f*."""
    yield from _exact_items(io.BufferedReader(_Chain(head, f), buffer_size=1024 * 1024), where, key, line)


def _ijson_rest(
    buf: bytes, f: IO[bytes], where: str, line: int, first_error: orjson.JSONDecodeError | None
) -> Iterator[Any]:
    """Exact path for an X file: stream the rest of the array."""
    if first_error is not None and "depth" in str(first_error):
        raise json_error(first_error, where, line - 1)
    stream = io.BufferedReader(_Chain(b"[" + buf, f), buffer_size=1024 * 1024)
    try:
        yield from _exact_items(stream, where, None, line)
    except MalformedFileError as exc:
        if first_error is not None:
            raise json_error(first_error, where, line - 1) from exc
        raise


def _ijson_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "premature EOF" in text or "EOF" in text:
        return "the file ends too early: it is truncated"
    return text
