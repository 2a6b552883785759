"""Write a Bluesky repository export (CAR v1) for a demo person.

A repository CAR holds a signed commit naming the account's DID, a Merkle search tree (MST)
whose keys are ``<collection>/<record key>``, and one DAG-CBOR block per record. Blocks are
encoded with ``libipld`` (the codec behind the ``atproto`` package); the MST is laid out by
the protocol's rule (a key's layer is the number of leading zero bit-pairs of its SHA-256), so
the tree has the shape the PDS would give it. The signature is a placeholder: the demo keys are
not real keys, and importers do not verify signatures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import libipld

from spiegel.demo.ids import bluesky_tid, cid_bytes, cid_of_record
from spiegel.records import Interaction, Post


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _layer(key: bytes) -> int:
    zeros = 0
    for byte in hashlib.sha256(key).digest():
        if byte == 0:
            zeros += 8
            continue
        zeros += 8 - byte.bit_length()
        break
    return zeros // 2


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


class _Blocks:
    def __init__(self) -> None:
        self.blocks: dict[bytes, bytes] = {}

    def put(self, value: Any) -> bytes:
        data = libipld.encode_dag_cbor(value)
        cid = cid_bytes(data)
        self.blocks[cid] = data
        return cid


def _mst(store: _Blocks, entries: list[tuple[bytes, bytes]], layer: int) -> bytes | None:
    """Store the MST node of *entries* (sorted (key, cid) pairs, all at *layer* or below)."""
    if not entries:
        return None
    left: list[tuple[bytes, bytes]] = []
    node_entries: list[dict[str, Any]] = []
    first_left: bytes | None = None
    pending: list[tuple[bytes, bytes]] = left
    previous = b""
    for key, cid in entries:
        if _layer(key) < layer:
            pending.append((key, cid))
            continue
        subtree = _mst(store, pending, layer - 1)
        if node_entries:
            node_entries[-1]["t"] = subtree
        else:
            first_left = subtree
        shared = 0
        while shared < min(len(previous), len(key)) and previous[shared] == key[shared]:
            shared += 1
        node_entries.append({"p": shared, "k": key[shared:], "v": cid, "t": None})
        previous = key
        pending = []
    if node_entries:
        node_entries[-1]["t"] = _mst(store, pending, layer - 1)
    elif pending:
        first_left = _mst(store, pending, layer - 1)
    return store.put({"l": first_left, "e": node_entries})


def post_record(post: Post, lookup: Mapping[str, Post], handles_to_did: Mapping[str, str]) -> dict[str, Any]:
    """The ``app.bsky.feed.post`` record of *post* (reply refs and mention facets included)."""
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": post.text,
        "createdAt": _iso(post.created_at),
    }
    if post.lang:
        record["langs"] = [post.lang]
    if post.in_reply_to_id:
        parent = lookup[post.in_reply_to_id]
        root = lookup.get(post.conversation_id or parent.id, parent)
        record["reply"] = {
            "root": {"uri": root.id, "cid": cid_of_record(post_record(root, lookup, handles_to_did))},
            "parent": {"uri": parent.id, "cid": cid_of_record(post_record(parent, lookup, handles_to_did))},
        }
    facets = []
    encoded = post.text.encode("utf-8")
    for handle in post.mentions:
        needle = f"@{handle}".encode()
        start = encoded.find(needle)
        if start >= 0 and handle in handles_to_did:
            facets.append(
                {
                    "index": {"byteStart": start, "byteEnd": start + len(needle)},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": handles_to_did[handle]}],
                }
            )
    if facets:
        record["facets"] = facets
    return record


def write_car(
    path: Path,
    did: str,
    profile: tuple[str, str],
    posts: list[Post],
    likes: list[Interaction],
    follows: list[Interaction],
    lookup: Mapping[str, Post],
    handles_to_did: Mapping[str, str],
) -> Path:
    """Write the repository of *did* to *path* and return it."""
    store = _Blocks()
    keyed: list[tuple[bytes, bytes]] = []
    seq = 0
    for post in posts:
        rkey = post.id.rsplit("/", 1)[1]
        keyed.append(
            (f"app.bsky.feed.post/{rkey}".encode(), store.put(post_record(post, lookup, handles_to_did)))
        )
    for like in likes:
        seq += 1
        target = lookup[like.target_id or ""]
        when = like.created_at or target.created_at
        record = {
            "$type": "app.bsky.feed.like",
            "subject": {"uri": target.id, "cid": cid_of_record(post_record(target, lookup, handles_to_did))},
            "createdAt": _iso(when),
        }
        keyed.append((f"app.bsky.feed.like/{bluesky_tid(when, seq)}".encode(), store.put(record)))
    for follow in follows:
        seq += 1
        when = follow.created_at or posts[0].created_at
        record = {
            "$type": "app.bsky.graph.follow",
            "subject": handles_to_did[follow.target_author or ""],
            "createdAt": _iso(when),
        }
        keyed.append((f"app.bsky.graph.follow/{bluesky_tid(when, seq)}".encode(), store.put(record)))
    name, bio = profile
    keyed.append(
        (
            b"app.bsky.actor.profile/self",
            store.put({"$type": "app.bsky.actor.profile", "displayName": name, "description": bio}),
        )
    )
    keyed.sort()
    top = max((_layer(k) for k, _ in keyed), default=0)
    root = _mst(store, keyed, top)
    last = max((p.created_at for p in posts), default=None)
    sig = b"\x7f" + hashlib.sha512(did.encode()).digest()[1:]
    commit = store.put(
        {
            "did": did,
            "version": 3,
            "data": root,
            "rev": bluesky_tid(last, 0) if last else "2222222222222",
            "prev": None,
            "sig": sig,
        }
    )
    header = libipld.encode_dag_cbor({"roots": [commit], "version": 1})
    with path.open("wb") as f:
        f.write(_varint(len(header)) + header)
        # the commit first, as a PDS writes it
        for cid in [commit, *[c for c in store.blocks if c != commit]]:
            data = store.blocks[cid]
            f.write(_varint(len(cid) + len(data)) + cid + data)
    return path
