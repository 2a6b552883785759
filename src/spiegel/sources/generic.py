"""Generic JSONL/CSV: posts from any tool, one object or row per post (docs/formats.md).

Use it for what archives do not contain: the messages addressed to a person (``--inbound``)
and the organisation stream (``--stream``), written by a listening tool, a script, or by
spiegel's own API importers (:func:`write_jsonl`). Fields: ``id``, ``platform``, ``author``,
``author_bio``, ``created_at`` (ISO 8601 with offset), ``text``, ``in_reply_to_id``,
``in_reply_to_author``, ``mentions``, ``url``, ``source_app``, ``lang``, ``conversation_id``,
``kind`` (``post``, ``boost`` or ``like``); only ``id``, ``author``, ``created_at`` and ``text``
are required. A CSV export with other column names is read with a column mapping:
``GenericImporter(mapping={"text": "Message", "author": "Author", "created_at": "Date"})``,
on the command line ``--map text=Message,author=Author,created_at=Date``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import orjson

from spiegel.errors import ConfigError, MalformedFileError
from spiegel.records import Interaction, Post, Record, normalize_handle
from spiegel.sources._csv import iter_rows
from spiegel.sources._dates import _SAFE_YEARS, parse_any
from spiegel.sources._json import json_error
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

#: The documented fields, in the order :func:`post_to_generic` writes them.
FIELDS = (
    "id",
    "platform",
    "author",
    "author_bio",
    "created_at",
    "text",
    "in_reply_to_id",
    "in_reply_to_author",
    "mentions",
    "url",
    "source_app",
    "lang",
    "conversation_id",
    "kind",
)
REQUIRED = ("id", "author", "created_at", "text")
#: Optional extras, written only when set; read when present.
EXTRA_FIELDS = ("hashtags", "urls", "visibility", "quote_of_id")
KINDS = ("post", "boost", "like")
SUFFIXES = (".jsonl", ".ndjson", ".csv")
#: a JSONL line longer than this is not one post (refused instead of read into memory)
MAX_LINE = 16 * 1024 * 1024
_LIST_SPLIT = re.compile(r"[\s,;]+")
_FIX_FIELDS = (
    "Give every row the fields id, author, created_at and text (see docs/formats.md), or map your "
    "own column names with --map, e.g. --map text=Message,author=Author,created_at=Date."
)


# -- writing ---------------------------------------------------------------------------------
def post_to_generic(post: Post) -> dict[str, Any]:
    """One record of the generic format for *post* (a boost names the boosted post in
    ``in_reply_to_id``, as documented)."""
    out: dict[str, Any] = {
        "id": post.id,
        "platform": post.platform,
        "author": post.author,
        "author_bio": post.author_bio,
        "created_at": post.created_at.isoformat(),
        "text": post.text,
        "in_reply_to_id": post.boost_of_id if post.kind == "boost" else post.in_reply_to_id,
        "in_reply_to_author": post.in_reply_to_author,
        "mentions": list(post.mentions),
        "url": post.url,
        "source_app": post.source_app,
        "lang": post.lang,
        "conversation_id": post.conversation_id,
        "kind": post.kind,
    }
    for name in EXTRA_FIELDS:
        value = getattr(post, name)
        if value:
            out[name] = list(value) if isinstance(value, list) else value
    return out


def write_jsonl(posts: Iterable[Post], path: str | Path) -> int:
    """Write *posts* as generic JSONL to *path*; return how many were written.

    The file is written to a temporary name and renamed at the end, so a failure never leaves a
    half-written file where a complete one was expected.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    count = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for post in posts:
                out.write(orjson.dumps(post_to_generic(post)) + b"\n")
                count += 1
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


# -- reading ---------------------------------------------------------------------------------
def parse_mapping(spec: str | None) -> dict[str, str]:
    """Parse ``"text=Message,author=Author"`` into ``{"text": "Message", "author": "Author"}``."""
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for part in spec.split(","):
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise ConfigError(
                f"cannot read the column mapping part {part!r}",
                field="--map",
                fix="Write FIELD=COLUMN pairs separated by commas, e.g. --map text=Message,author=Author.",
            )
        if field not in FIELDS and field not in EXTRA_FIELDS:
            raise ConfigError(
                f"{field!r} is not a field of the generic format",
                field="--map",
                fix=f"Map to one of: {', '.join(FIELDS + EXTRA_FIELDS)}.",
            )
        mapping[field] = column
    return mapping


_ALL_FIELDS = (*FIELDS, *EXTRA_FIELDS)


def _as_list(value: Any) -> list[str]:
    if value is None or value == "" or (type(value) is list and not value):
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [v for v in _LIST_SPLIT.split(str(value)) if v]


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


#: the optional fields read as ``_opt`` reads them, and those read as lists (by :func:`_common_post`)
_SCALARS = (
    "id",
    "platform",
    "in_reply_to_id",
    "in_reply_to_author",
    "url",
    "source_app",
    "lang",
    "conversation_id",
    "kind",
    "visibility",
    "quote_of_id",
    "author_bio",
)
_LISTS = ("mentions", "hashtags", "urls")


def _jsonl_objects(f: Any, where: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of the JSONL file *f*; a line that is too
    long, not JSON or not an object is refused with its line number."""
    line = 0
    while raw := f.readline(MAX_LINE + 1):
        line += 1
        if len(raw) > MAX_LINE:
            raise MalformedFileError(
                f"the line is longer than {MAX_LINE // 2**20} MiB; JSONL has one post per line",
                path=where,
                line=line,
                fix="Write one JSON object per line (JSON Lines), not one large JSON document.",
            )
        if not raw.strip():
            continue
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.rstrip(b"\r\n")
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise json_error(exc, where, line - 1, data=raw) from exc
        if type(obj) is not dict:  # orjson gives plain dicts
            raise MalformedFileError(
                f"expected one JSON object per line, found a {type(obj).__name__}",
                path=where,
                line=line,
                fix='Write one object per line, like {"id": …, "author": …, "created_at": …, "text": …}.',
            )
        yield line, obj


def _common_post(data: dict[str, Any], platform: str | None) -> Post | None:
    """The post ``to_records`` makes of the unmapped JSONL object *data*, when every field has
    its common type; ``None`` for anything else (a like, a missing or empty required field, a
    number where a string belongs, a non-empty list, a date without offset or near the ends of
    the range, an unknown kind), which ``to_records`` then reads, checks and reports.

    Every value is what ``to_records`` computes for it: ``_opt`` is ``v.strip() or None`` for a
    string, the date is ``parse_any``'s ISO case with ``in_range``'s common case, handles are
    ``normalize_handle``'d; the URL checks stay in :class:`~spiegel.records.Post`."""
    get = data.get
    author = get("author")
    created_at = get("created_at")
    text = get("text")
    if type(author) is not str or type(created_at) is not str or type(text) is not str:
        return None
    try:
        created = datetime.fromisoformat(created_at)  # no surrounding blanks: else a ValueError
    except ValueError:
        return None
    if created.tzinfo is None or created.year not in _SAFE_YEARS:
        return None
    handle = author.strip()
    if not handle:
        return None
    handle = (normalize_handle(handle) or "") if handle[0] == "@" else handle.lower()
    values = [get(f) for f in _SCALARS]
    for i, value in enumerate(values):
        if value is None:
            continue
        if type(value) is not str:
            return None  # a number, a list …: to_records makes a string of it, or refuses it
        values[i] = value.strip() or None
    for f in _LISTS:
        value = get(f)
        if value is not None and not (type(value) is list and not value):
            return None  # handles or tags: to_records splits and cleans them
    (
        post_id,
        platform_,
        in_reply_to_id,
        in_reply_to_author,
        url,
        source_app,
        lang,
        conversation_id,
        kind,
        visibility,
        quote_of_id,
        author_bio,
    ) = values
    kind = "post" if kind is None else kind.lower()
    if kind != "post" and kind != "boost":
        return None  # a like is an Interaction, anything else an error: to_records
    post_id = post_id or url
    if post_id is None:
        return None
    boost = kind == "boost"
    return Post(
        platform=(platform_ or platform or "generic").lower(),
        id=post_id,
        author=handle,
        created_at=created,
        text=text,
        kind=kind,
        url=url,
        lang=lang,
        in_reply_to_id=None if boost else in_reply_to_id,
        in_reply_to_author=None
        if boost or in_reply_to_author is None
        else normalize_handle(in_reply_to_author),
        conversation_id=conversation_id,
        quote_of_id=quote_of_id,
        boost_of_id=in_reply_to_id if boost else None,
        mentions=[],
        hashtags=[],
        urls=[],
        source_app=source_app,
        visibility=visibility,
        author_bio=author_bio,
        raw=data,
    )


class GenericImporter(Importer):
    """Posts in spiegel's generic JSONL or CSV format, or any CSV/JSONL with a column mapping.

    Reads ``.jsonl``/``.ndjson`` (one JSON object per line) and ``.csv`` (a header row, UTF-8 or
    UTF-16), as single files or as the only data files in a folder or zip. In CSV, ``mentions``
    (and ``hashtags``, ``urls``) are handles separated by spaces or commas. Rows without an ``id``
    (possible with a mapping) get a stable id derived from author, time and text.
    """

    name: ClassVar[str] = "generic"
    help: ClassVar[str] = "Posts in spiegel's generic JSONL/CSV format (inbound messages, org stream)."
    priority: ClassVar[int] = 90

    def __init__(self, mapping: Mapping[str, str] | None = None, platform: str | None = None) -> None:
        self.mapping = dict(mapping or {})
        self.platform = platform

    def _files(self, container: Container) -> list[str]:
        return [n for n in container.names() if n.lower().endswith(SUFFIXES)]

    def detect(self, container: Container) -> bool:
        names = container.names()
        data = self._files(container)
        others = [n for n in names if n not in data and not n.lower().endswith((".txt", ".md"))]
        return bool(data) and not others

    def _data_files(self, container: Container) -> Iterator[tuple[str, str]]:
        """The data files of *container* that hold anything: (member name, display name)."""
        files = self._files(container)
        if not files:
            raise MalformedFileError(
                "no .jsonl, .ndjson or .csv file found",
                path=container.path,
                fix="Pass posts in the generic format as .jsonl or .csv (see docs/formats.md).",
            )
        for name in files:
            if container.size(name) == 0:
                # a listening tool writes 0 bytes for someone who received nothing: zero records
                # (``spiegel inspect`` and ``spiegel report`` warn), not a broken download
                continue
            yield name, container.display(name)

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        for name, where in self._data_files(container):
            with container.open(name) as f:
                if name.lower().endswith(".csv"):
                    for line, row in iter_rows(f, where):
                        yield RawItem(where, "row", row, line)
                else:
                    for line, obj in _jsonl_objects(f, where):
                        yield RawItem(where, "object", obj, line)

    def read(self, container: Container) -> Iterator[Record]:
        """Same records (and the same first error) as ``iter_raw`` + ``to_records``, faster for
        JSONL in spiegel's own format (an organisation stream of a million lines): no RawItem or
        field dict per line, and a post whose fields all have their common types (strings, empty
        lists, an ISO date with an offset in the years no offset moves out of range) is built
        inline by :func:`_common_post`; any other line goes through ``to_records``, which checks
        and reports it."""
        for name, where in self._data_files(container):
            with container.open(name) as f:
                if name.lower().endswith(".csv"):
                    for line, row in iter_rows(f, where):
                        yield from self.to_records(RawItem(where, "row", row, line))
                elif self.mapping:
                    for line, obj in _jsonl_objects(f, where):
                        yield from self.to_records(RawItem(where, "object", obj, line))
                else:
                    platform = self.platform
                    for line, obj in _jsonl_objects(f, where):
                        post = _common_post(obj, platform)
                        if post is None:
                            yield from self.to_records(RawItem(where, "object", obj, line))
                        else:
                            yield post

    def _get(self, data: Mapping[str, Any], field: str) -> Any:
        key = self.mapping.get(field, field)
        return data.get(key)

    def to_records(self, item: RawItem) -> Iterable[Record]:
        data = item.data
        if self.mapping:
            values = {f: self._get(data, f) for f in _ALL_FIELDS}
        else:  # the common case (spiegel's own format), once per post of a stream: no method call
            get = data.get
            values = {f: get(f) for f in _ALL_FIELDS}
        for field in ("author", "created_at", "text"):
            if values[field] is None or (field != "text" and str(values[field]).strip() == ""):
                column = self.mapping.get(field, field)
                raise MalformedFileError(
                    f"required field {column!r} is missing",
                    path=item.file,
                    line=item.line,
                    field=column,
                    fix=_FIX_FIELDS,
                )
        try:
            created = parse_any(str(values["created_at"]))
        except ValueError as exc:
            raise MalformedFileError(
                f"cannot read the date {values['created_at']!r}",
                path=item.file,
                line=item.line,
                field=self.mapping.get("created_at", "created_at"),
                fix="Write dates as ISO 8601 with an offset, e.g. 2024-05-01T14:30:00+02:00.",
            ) from exc
        author = normalize_handle(str(values["author"])) or ""
        text = str(values["text"])
        post_id = _opt(values["id"]) or _opt(values["url"])
        if post_id is None:
            if not self.mapping:
                raise MalformedFileError(
                    "required field 'id' is missing",
                    path=item.file,
                    line=item.line,
                    field="id",
                    fix=_FIX_FIELDS,
                )
            digest = hashlib.sha1(f"{author}\n{created.isoformat()}\n{text}".encode()).hexdigest()
            post_id = f"generic:{digest[:20]}"
        platform = (_opt(values["platform"]) or self.platform or "generic").lower()
        kind = (_opt(values["kind"]) or "post").lower()
        if kind not in KINDS:
            raise MalformedFileError(
                f"unknown kind {kind!r}",
                path=item.file,
                line=item.line,
                field=self.mapping.get("kind", "kind"),
                fix=f"Use one of: {', '.join(KINDS)} (or leave it empty for a post).",
            )
        target_id = _opt(values["in_reply_to_id"])
        target_author = normalize_handle(_opt(values["in_reply_to_author"]))
        if kind == "like":
            return [
                Interaction(
                    platform=platform,
                    kind="like",
                    actor=author,
                    created_at=created,
                    target_id=target_id,
                    target_author=target_author,
                    target_url=_opt(values["url"]),
                    target_text=text or None,
                    raw=data,
                )
            ]
        boost = kind == "boost"
        return [
            Post(
                platform=platform,
                id=post_id,
                author=author,
                created_at=created,
                text=text,
                kind=kind,
                url=_opt(values["url"]),
                lang=_opt(values["lang"]),
                in_reply_to_id=None if boost else target_id,
                in_reply_to_author=None if boost else target_author,
                conversation_id=_opt(values["conversation_id"]),
                quote_of_id=_opt(values["quote_of_id"]),
                boost_of_id=target_id if boost else None,
                mentions=[h for h in (normalize_handle(m) for m in _as_list(values["mentions"])) if h],
                hashtags=[t.lstrip("#") for t in _as_list(values["hashtags"])],
                urls=_as_list(values["urls"]),
                source_app=_opt(values["source_app"]),
                visibility=_opt(values["visibility"]),
                author_bio=_opt(values["author_bio"]),
                raw=data,
            )
        ]
