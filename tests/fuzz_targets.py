"""Fuzz targets shared by the property tests (``tests/sources/test_fuzz_properties.py``) and the
coverage-guided fuzzer (``benchmarks/fuzz.py``): one per importer of the registry, one per API
client's JSON mapping.

Table-driven: :data:`SEEDS` gives each importer the members of a small, valid export (from
``tests/fixtures``); a fuzz input replaces one member's bytes and the importer reads the whole
in-memory export (:class:`MemoryContainer`: no disk, no zip, so one input costs microseconds).
A new importer needs one entry in :data:`SEEDS` (``test_every_importer_has_a_fuzz_target``
fails until it has one).

The property (:func:`check`): reading either returns records that satisfy the record model's
invariants (:func:`check_record`), or raises the documented error — an
:class:`~spiegel.errors.InputError` naming the file and a fix for an importer, a
:class:`~spiegel.errors.RemoteError` for an API client's payload. Anything else is a crash.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import orjson

from spiegel.errors import InputError, RemoteError
from spiegel.records import INTERACTION_KINDS, PLATFORMS, POST_KINDS, Account, Interaction, Post, Record
from spiegel.sources import registry
from spiegel.sources._dates import EARLIEST, LATEST
from spiegel.sources.container import Container

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class MemoryContainer(Container):
    """An export held in memory: {member name: bytes}, shown as ``fuzz.zip!name``."""

    kind = "zip"

    def __init__(self, members: dict[str, bytes]) -> None:
        super().__init__(Path("fuzz.zip"))
        self.members = members

    def names(self) -> list[str]:
        return sorted(self.members)

    def size(self, name: str) -> int:
        return len(self.members[name])

    def _open_raw(self, name: str) -> IO[bytes]:
        return io.BytesIO(self.members[name])


def _folder(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {prefix + p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under *folder*, by its relative path (exports with nested folders)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


CAR_DID = "did:plc:fuzz0000000000000000000"


def car_records() -> dict[str, Any]:
    """The records of the seed Bluesky repository, keyed ``collection/rkey``."""
    post = "app.bsky.feed.post"
    return {
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "Piet"},
        f"{post}/3kaaaaaaaaa2a": {
            "$type": post,
            "text": "Dank @anna.example.nl! #park https://example.org",
            "createdAt": "2024-03-01T09:00:00.000Z",
            "langs": ["nl"],
            "facets": [
                {
                    "index": {"byteStart": 5, "byteEnd": 21},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:anna"}],
                }
            ],
            "reply": {
                "parent": {"uri": f"at://did:plc:anna/{post}/3kp", "cid": "bafy"},
                "root": {"uri": f"at://did:plc:anna/{post}/3kr", "cid": "bafy"},
            },
        },
        "app.bsky.feed.like/3kl": {
            "$type": "app.bsky.feed.like",
            "subject": {"uri": f"at://did:plc:anna/{post}/3kp", "cid": "bafy"},
            "createdAt": "2024-03-02T09:00:00Z",
        },
        "app.bsky.feed.repost/3kr": {
            "$type": "app.bsky.feed.repost",
            "subject": {"uri": f"at://did:plc:anna/{post}/3kp", "cid": "bafy"},
            "createdAt": "2024-03-02T09:00:00Z",
        },
        "app.bsky.graph.follow/3kf": {
            "$type": "app.bsky.graph.follow",
            "subject": "did:plc:anna",
            "createdAt": "2024-03-02T09:00:00Z",
        },
    }


def encode_car(records: Any) -> bytes:
    """A repository CAR of *records* (any value: a hostile one is encoded as it is)."""
    from standins.car import repo_car

    if not isinstance(records, dict):
        records = {"app.bsky.feed.post/3kx": records}
    return repo_car(CAR_DID, {str(k): _cbor_safe(v) for k, v in records.items()})


def _cbor_safe(value: Any) -> Any:
    """*value* with what DAG-CBOR cannot encode at all (integers beyond 64 bits, lone
    surrogates, NaN) replaced by the nearest encodable value, so the hostile rest is kept."""
    if isinstance(value, dict):
        return {_cbor_safe(str(k)): _cbor_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cbor_safe(v) for v in value]
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return 0.0
    if type(value) is int:
        return max(min(value, 2**63 - 1), -(2**63))
    return value


def _car_seed() -> dict[str, bytes]:
    return {"repo.car": encode_car(car_records())}


#: The members of a small valid export per importer (the seeds the fuzzers mutate).
SEEDS: dict[str, Callable[[], dict[str, bytes]]] = {
    "x_archive": lambda: _folder(FIXTURES / "x_archive" / "data", "data/"),
    "mastodon_archive": lambda: _folder(FIXTURES / "mastodon_archive"),
    "linkedin": lambda: _folder(FIXTURES / "linkedin"),
    "generic": lambda: {
        "inbound.jsonl": (FIXTURES / "generic_inbound.jsonl").read_bytes(),
        "stream.csv": (FIXTURES / "generic_stream.csv").read_bytes(),
    },
    "bluesky_car": _car_seed,
    # importers added on other branches: their fixtures, read only when they are registered
    "x_legacy": lambda: _tree(FIXTURES / "x_legacy_2015"),
    "facebook": lambda: _tree(FIXTURES / "facebook_2024"),
    "instagram": lambda: _tree(FIXTURES / "instagram_2025"),
}


# -- member codecs: bytes <-> the structure a property test mutates -----------------------------
_YTD = re.compile(rb"^\s*(window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*)")


def decode_member(name: str, data: bytes) -> tuple[str, Any] | None:
    """(codec, structure) of a seed member: the JSON of an X ``.js`` file, a JSON document, the
    objects of a JSONL file, the rows of a CSV, the records of a CAR; None for anything else."""
    lower = name.lower()
    try:
        if lower.endswith(".car"):
            return "car", car_records()
        if lower.endswith(".csv"):
            return "csv", list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        if lower.endswith((".jsonl", ".ndjson")):
            return "jsonl", [json.loads(line) for line in data.splitlines() if line.strip()]
        if lower.endswith(".js"):
            head = _YTD.match(data)
            if head is None:
                return None
            return "js:" + head.group(1).decode(), json.loads(data[head.end() :].rstrip().rstrip(b";"))
        if lower.endswith(".json"):
            return "json", json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return None


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=True, default=repr)


def encode_member(codec: str, value: Any) -> bytes:
    """The bytes of a member in the layout of its codec (X's two-space indentation included);
    lone surrogates become invalid UTF-8, as in a damaged file."""
    if codec == "car":
        return encode_car(value)
    if codec == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for row in value if isinstance(value, list) else [value]:
            writer.writerow([str(c) for c in row] if isinstance(row, list) else [str(row)])
        text = out.getvalue()
    elif codec == "jsonl":
        text = "".join(_dumps(v) + "\n" for v in (value if isinstance(value, list) else [value]))
    elif codec.startswith("js:"):
        text = codec[3:] + _dumps(value, indent=2)
    else:
        text = _dumps(value, indent=2)
    return text.encode("utf-8", "surrogatepass")


def _trim(value: Any, items: int) -> Any:
    if isinstance(value, list):
        return [_trim(v, items) for v in value[:items]]
    if isinstance(value, dict):
        return {k: _trim(v, items) for k, v in value.items()}
    return value


def small_members(members: dict[str, bytes], items: int = 3) -> dict[str, bytes]:
    """The same export with every list cut to its first *items* entries (CSV: the first rows
    after the header and any preamble): the fuzzer's seeds, so one input costs little."""
    out = {}
    for name, data in members.items():
        decoded = decode_member(name, data)
        if decoded is None or decoded[0] == "car":
            out[name] = data
            continue
        codec, value = decoded
        if codec == "csv":
            header = next((i for i, row in enumerate(value) if len(row) > 1), 0)
            out[name] = encode_member(codec, value[: header + 1 + items])
        else:
            out[name] = encode_member(codec, _trim(value, items))
    return out


# -- the record model's invariants ------------------------------------------------------------
def _date(value: Any, optional: bool) -> None:
    if value is None and optional:
        return
    assert isinstance(value, datetime), f"date {value!r}"
    assert value.tzinfo is not None and value.utcoffset() is not None, f"naive date {value!r}"
    assert EARLIEST <= value <= LATEST, f"date out of range {value!r}"


def _opt_str(record: Any, *names: str) -> None:
    for name in names:
        value = getattr(record, name)
        assert value is None or isinstance(value, str), f"{type(record).__name__}.{name} = {value!r}"


def _str_list(record: Any, *names: str) -> None:
    for name in names:
        value = getattr(record, name)
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), f"{name} = {value!r}"


def check_record(record: Record) -> None:
    """Assert the invariants of :mod:`spiegel.records` that every later stage relies on."""
    if isinstance(record, Post):
        assert record.platform in PLATFORMS or (isinstance(record.platform, str) and record.platform)
        assert isinstance(record.id, str) and record.id, f"post id {record.id!r}"
        assert isinstance(record.author, str), f"author {record.author!r}"
        assert isinstance(record.text, str), f"text {record.text!r}"
        assert record.kind in POST_KINDS, f"kind {record.kind!r}"
        _date(record.created_at, optional=False)
        _opt_str(record, "url", "lang", "in_reply_to_id", "in_reply_to_author", "conversation_id")
        _opt_str(record, "quote_of_id", "boost_of_id", "source_app", "visibility", "author_bio")
        _str_list(record, "mentions", "hashtags", "urls")
    elif isinstance(record, Interaction):
        assert isinstance(record.platform, str) and record.platform
        assert record.kind in INTERACTION_KINDS, f"kind {record.kind!r}"
        _date(record.created_at, optional=True)
        _opt_str(record, "actor", "target_id", "target_author", "target_url", "target_text")
    elif isinstance(record, Account):
        assert isinstance(record.platform, str) and record.platform
        assert isinstance(record.handle, str), f"handle {record.handle!r}"
        _date(record.created_at, optional=True)
        _opt_str(record, "id", "display_name", "bio", "url")
        for name in ("followers_count", "following_count", "posts_count"):
            value = getattr(record, name)
            assert value is None or type(value) is int, f"{name} = {value!r}"
    else:  # pragma: no cover - a wrong type is a bug
        raise AssertionError(f"not a record: {record!r}")


def check_input_error(exc: InputError) -> None:
    """A documented input error names the file and says how to fix it."""
    assert exc.path, f"no file named: {exc!r}"
    assert exc.fix, f"no fix given: {exc!r}"
    assert exc.what and "Traceback" not in str(exc)


# -- targets ------------------------------------------------------------------------------------
@dataclass
class Target:
    """One fuzz target: a seed export (*members*) and *read*, which reads an export like it.

    A fuzz input's first byte picks the member it replaces and the rest is that member's new
    content (:meth:`run`); :meth:`run_members` reads a whole modified export."""

    name: str
    members: dict[str, bytes]
    read: Callable[[dict[str, bytes]], Iterable[Record]]
    allowed: type[Exception] = InputError

    @property
    def order(self) -> list[str]:
        return sorted(self.members)

    @property
    def seeds(self) -> list[bytes]:
        return [self.input_for(name, self.members[name]) for name in self.order]

    def input_for(self, name: str, content: bytes) -> bytes:
        return bytes([self.order.index(name)]) + content

    def run(self, data: bytes, alone: bool = False) -> list[Record]:
        """Read the seed export with one member replaced by *data*; *alone*: read that member
        without the others (the coverage-guided fuzzer's way: each seed then reaches different
        code, and an input costs less)."""
        files = {} if alone else dict(self.members)
        if data:
            files[self.order[data[0] % len(self.order)]] = data[1:]
        return list(self.read(files))


def importer_target(name: str, small: bool = False) -> Target:
    """The target of importer *name*: it reads the in-memory export, as ``read_path`` would
    (*small*: the seed export trimmed by :func:`small_members`)."""
    importer = registry()[name]
    members = SEEDS[name]()
    return Target(
        name,
        small_members(members) if small else members,
        lambda files: importer.read(MemoryContainer(files)),
    )


def _json_pages(files: dict[str, bytes]) -> Iterable[Any]:
    for name in sorted(files):
        try:
            yield orjson.loads(files[name])
        except orjson.JSONDecodeError:
            continue  # the HTTP client refuses JSON it cannot parse before spiegel sees it


def mastodon_api_target() -> Target:
    """Status lists as the Mastodon API sends them, through :class:`StatusMapper`."""
    from spiegel.sources.mastodon_api import StatusMapper
    from spiegel_testpaths import FORMATS

    members = {"statuses.json": orjson.dumps([_mastodon_status()])}
    cassette = FORMATS / "mastodon_api_json_rtoot_cassettes" / "get_account_statuses_default.json"
    body = _cassette_body(cassette.read_bytes()) if cassette.exists() else None
    if body is not None:
        members["timeline.json"] = body

    def read(files: dict[str, bytes]) -> Iterable[Record]:
        for page in _json_pages(files):
            mapper = StatusMapper("mastodon.example", lambda _id: None)
            yield from mapper.public_posts(page if isinstance(page, list) else [page])

    return Target("mastodon_api", members, read, RemoteError)


def bluesky_api_target() -> Target:
    """Author-feed pages as the Bluesky AppView sends them, parsed by the atproto models as the
    client does (strict) and mapped by :meth:`BlueskyFetcher.feed_item_to_post`."""
    from atproto import models
    from atproto_client.models.utils import get_or_create

    from spiegel.sources import bluesky_api

    fetcher = bluesky_api.BlueskyFetcher()  # the public AppView's address; nothing is fetched
    classify = bluesky_api._classify(fetcher.service)

    def read(files: dict[str, bytes]) -> Iterable[Record]:
        for doc in _json_pages(files):
            try:
                page = get_or_create(doc, models.AppBskyFeedGetAuthorFeed.Response, strict=True)
            except Exception as exc:
                mapped = classify(exc)
                if mapped is exc:
                    raise
                raise mapped from exc
            fetcher.handles.clear()
            yield from (fetcher.feed_item_to_post(item) for item in getattr(page, "feed", None) or [])

    return Target("bluesky_api", {"feed.json": orjson.dumps(_bluesky_feed())}, read, RemoteError)


def _cassette_body(raw: bytes) -> bytes | None:
    """The response body of the first interaction of a recorded (rtoot/vcr) cassette."""
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    for interaction in doc.get("http_interactions", []) if isinstance(doc, dict) else []:
        body = (interaction.get("response") or {}).get("body") or {}
        text = body.get("string") if isinstance(body, dict) else None
        if isinstance(text, str) and text.startswith("["):
            return text.encode()
    return None


def _mastodon_status() -> dict[str, Any]:
    account = {
        "id": "1",
        "acct": "piet",
        "username": "piet",
        "url": "https://mastodon.example/@piet",
        "note": "<p>Beleidsadviseur</p>",
    }
    return {
        "id": "101",
        "uri": "https://mastodon.example/users/piet/statuses/101",
        "url": "https://mastodon.example/@piet/101",
        "created_at": "2024-03-01T09:00:00.000Z",
        "visibility": "public",
        "language": "nl",
        "content": '<p>Hallo <a href="https://example.org/x">link</a> #park</p>',
        "account": account,
        "in_reply_to_id": "100",
        "in_reply_to_account_id": "2",
        "reblog": None,
        "mentions": [{"id": "2", "acct": "anna@elders.example", "url": "https://elders.example/@anna"}],
        "tags": [{"name": "Park"}],
        "application": {"name": "Web"},
        "card": {"url": "https://example.org/card"},
        "replies_count": 1,
    }


def _bluesky_feed() -> dict[str, Any]:
    post = "app.bsky.feed.post"
    author = {"did": "did:plc:piet", "handle": "piet.example.nl", "displayName": "Piet"}
    view = {
        "uri": f"at://did:plc:piet/{post}/3kp1",
        "cid": "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        "author": author,
        "record": {
            "$type": post,
            "text": "Het wijkcentrum is open.",
            "langs": ["nl"],
            "createdAt": "2024-03-01T09:00:00.000Z",
        },
        "replyCount": 1,
        "repostCount": 0,
        "likeCount": 0,
        "indexedAt": "2024-03-01T09:00:00.000Z",
        "labels": [],
    }
    repost = {
        "post": view,
        "reason": {
            "$type": "app.bsky.feed.defs#reasonRepost",
            "by": {"did": "did:plc:anna", "handle": "anna.example.org"},
            "indexedAt": "2024-03-02T09:00:00.000Z",
        },
    }
    return {"feed": [{"post": view}, repost], "cursor": "c1"}


def targets(small: bool = False) -> dict[str, Target]:
    """Every target: the registry's importers (in detection order), then the API clients."""
    out = {name: importer_target(name, small) for name in registry() if name in SEEDS}
    out["mastodon_api"] = mastodon_api_target()
    out["bluesky_api"] = bluesky_api_target()
    return out


def check(target: Target, data: bytes, alone: bool = False) -> InputError | RemoteError | None:
    """Run *target* on *data* and assert the property; return the documented error, if any.
    Any other exception propagates: it is a crash."""
    try:
        records = list(target.run(data, alone))
    except target.allowed as exc:
        if isinstance(exc, InputError):
            check_input_error(exc)
        return exc
    for record in records:
        check_record(record)
    return None
