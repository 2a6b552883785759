"""Bluesky repository export (a ``.car`` file).

Bluesky's "Export my data" gives the account's whole repository as one CAR v1 file: a commit
block naming the account's DID, a Merkle search tree (MST) whose keys are
``<collection>/<record key>``, and one DAG-CBOR block per record. spiegel decodes the CAR with
``libipld`` (the decoder behind the ``atproto`` package), walks the tree in key order and reads
posts, likes, reposts, follows and the profile. Other collections (blocks, lists, …) are
skipped: they are not public activity.

The repository holds DIDs, not handles. A mention's facet covers the text ``@handle``, so the
handles of mentioned accounts are learnt from the posts themselves; an account never mentioned
keeps its DID. The owner is one :class:`~spiegel.records.Account` with ``is_self=True``, ``id``
= the DID and ``handle`` = the domain handle when a record reveals it (a post mentioning the
owner, or linking to one of the owner's own posts as ``https://bsky.app/profile/<handle>/post/…``),
else the DID; the owner's posts, likes and follows carry the same handle. Others reply to and
mention the domain handle, so pass it to ``spiegel report --handle`` (with the DID when the
export does not reveal it; ``spiegel inspect`` shows which one the export names).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from typing import Any

import libipld

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Record
from spiegel.sources import _bluesky as bsky
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

_FIX_EXPORT = (
    "Export the repository again from your Bluesky account (Settings → Export my data) and pass "
    "the complete .car file."
)
#: the largest MST a repository can reasonably hold; deeper means a cycle or a hostile file
_MAX_DEPTH = 128


_NESTED = (dict, list, bytes)


def _jsonable(value: Any) -> Any:
    """*value* with DAG-CBOR bytes made JSON-safe, as atproto's JSON form writes them: a CID
    link as ``{"$link": "bafy…"}``, other bytes as ``{"$bytes": base64}``."""
    kind = type(value)
    if kind is dict:
        return {k: _jsonable(v) if type(v) in _NESTED else v for k, v in value.items()}
    if kind is list:
        return [_jsonable(v) if type(v) in _NESTED else v for v in value]
    if kind is bytes:
        try:
            return {"$link": libipld.encode_cid(value)}
        except ValueError:
            return {"$bytes": base64.b64encode(value).decode("ascii")}
    return value


def _read_varint(data: bytes) -> tuple[int, int] | None:
    """(value, bytes used) of the unsigned LEB128 varint at the start of *data*."""
    value = shift = 0
    for i, byte in enumerate(data[:10]):
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i + 1
        shift += 7
    return None


def looks_like_car(head: bytes) -> bool:
    """Does *head* (the first bytes of a file) start with a CAR v1 header?"""
    varint = _read_varint(head)
    if varint is None:
        return False
    length, used = varint
    if not 0 < length <= len(head) - used:
        return False
    try:
        header = libipld.decode_dag_cbor(head[used : used + length])
    except ValueError:
        return False
    return isinstance(header, dict) and header.get("version") == 1 and isinstance(header.get("roots"), list)


class BlueskyCarImporter(Importer):
    """Bluesky repository export (``.car``): posts, replies, quotes, likes, reposts, follows and
    the profile of one account. Pass the file from Settings → Export my data, or a folder/zip
    holding it."""

    name = "bluesky_car"
    help = "Bluesky repository export (.car from Settings → Export my data)."

    def _car_members(self, container: Container) -> list[str]:
        found = []
        for name in container.names():
            if container.kind != "file" and not name.lower().endswith(".car"):
                continue
            with container.open(name) as f:
                head = f.read(512)
            if looks_like_car(head):
                found.append(name)
        return found

    def detect(self, container: Container) -> bool:
        return bool(self._car_members(container))

    def sniff(self, head: bytes) -> bool:
        return looks_like_car(head)

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        members = self._car_members(container)
        if not members:
            raise MalformedFileError(
                "this is not a CAR file (no CAR v1 header at the start)",
                path=container.display(),
                fix=_FIX_EXPORT,
            )
        for name in members:
            yield from self._iter_car(container, name)

    def _iter_car(self, container: Container, name: str) -> Iterator[RawItem]:
        where = container.display(name)
        try:
            header, blocks = libipld.decode_car(container.read_bytes(name))
        except ValueError as exc:
            raise MalformedFileError(
                f"the CAR file cannot be decoded ({exc}); it is probably truncated or damaged",
                path=where,
                fix=_FIX_EXPORT,
            ) from exc
        roots = header.get("roots") if isinstance(header, dict) else None
        commit = blocks.get(roots[0]) if isinstance(roots, list) and roots else None
        if not isinstance(commit, dict) or not isinstance(commit.get("did"), str) or "data" not in commit:
            raise MalformedFileError(
                "the CAR file has no repository commit at its root (is it a repository export?)",
                path=where,
                field="roots",
                fix=_FIX_EXPORT,
            )
        did: str = commit["did"]
        entries = list(self._walk(blocks, commit["data"], where))
        handles: dict[str, str] = {}
        for _key, value in entries:
            if value.get("$type") == bsky.POST:
                handles.update(bsky.mention_handles(value))
        if did not in handles:  # no post mentions the owner: maybe one links to the owner's post
            own_rkeys = {key.partition("/")[2] for key, _ in entries if key.startswith(bsky.POST + "/")}
            for key, value in entries:
                found = bsky.self_link_handle(value, own_rkeys) if key.startswith(bsky.POST + "/") else None
                if found:
                    handles[did] = found
                    break
        saw_profile = False
        for key, value in entries:
            collection = key.partition("/")[0]
            saw_profile = saw_profile or collection == bsky.PROFILE
            yield RawItem(
                file=where,
                kind=collection,
                data={"uri": f"at://{did}/{key}", "value": value, "repo": did, "handles": handles},
            )
        if not saw_profile:
            yield RawItem(file=where, kind="repo", data={"repo": did, "handles": handles})

    def _walk(self, blocks: dict[bytes, Any], cid: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield (key, record) of the MST rooted at *cid*, in key order."""
        # An explicit in-order walk (no recursion limit): a node expands to its left subtree,
        # then per entry the entry's record ("leaf") and the entry's right subtree ("node").
        work: list[tuple[str, Any, Any, int]] = [("node", cid, None, 0)]
        seen: set[bytes] = set()
        while work:
            kind, ref, key, depth = work.pop()
            if not isinstance(ref, bytes):
                raise MalformedFileError(
                    f"a repository tree link is not a CID ({type(ref).__name__})", path=where, fix=_FIX_EXPORT
                )
            if kind == "leaf":
                record = blocks.get(ref)
                if not isinstance(record, dict):
                    raise self._missing(where, key)
                try:
                    yield key, _jsonable(record)
                except RecursionError as exc:
                    raise MalformedFileError(
                        f"record {key!r} is nested too deeply to be a real record",
                        path=where,
                        fix=_FIX_EXPORT,
                    ) from exc
                continue
            if depth > _MAX_DEPTH or ref in seen:
                raise MalformedFileError(
                    "the repository tree is cyclic or too deep", path=where, fix=_FIX_EXPORT
                )
            seen.add(ref)
            node = blocks.get(ref)
            if not isinstance(node, dict) or not isinstance(node.get("e"), list):
                raise self._missing(where, None)
            todo: list[tuple[str, Any, Any, int]] = []
            if node.get("l") is not None:
                todo.append(("node", node["l"], None, depth + 1))
            previous = b""
            for entry in node["e"]:
                try:
                    full = previous[: entry["p"]] + entry["k"]
                    previous = full
                    todo.append(("leaf", entry["v"], full.decode("utf-8"), depth))
                except (KeyError, TypeError, UnicodeDecodeError) as exc:
                    raise MalformedFileError(
                        f"a repository tree node is malformed ({exc!r})", path=where, fix=_FIX_EXPORT
                    ) from exc
                if entry.get("t") is not None:
                    todo.append(("node", entry["t"], None, depth + 1))
            work.extend(reversed(todo))

    @staticmethod
    def _missing(where: str, key: str | None) -> MalformedFileError:
        what = f"record {key!r}" if key else "a repository tree node"
        return MalformedFileError(
            f"the CAR file lacks the block of {what}; the export is incomplete",
            path=where,
            fix=_FIX_EXPORT,
        )

    def to_records(self, item: RawItem) -> Iterable[Record]:
        did: str = item.data["repo"]
        handles: dict[str, str] = item.data["handles"]
        owner = handles.get(did, did)
        if item.kind == "repo":
            return [Account(platform="bluesky", handle=owner, id=did, is_self=True)]
        uri: str = item.data["uri"]
        try:
            return bsky.record_to_records(uri, item.data["value"], owner, handles, item.kind)
        except bsky.RecordShapeError as exc:
            raise bsky.shape_error(exc, item.file, uri) from exc
