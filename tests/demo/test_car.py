"""The Bluesky repository writer: a CAR v1 whose tree follows the MST layer rule and whose
records the bluesky_car importer reads back."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import libipld

from spiegel.demo.car import _layer, write_car
from spiegel.demo.ids import did_plc
from spiegel.records import Post
from spiegel.sources import read_path


def _posts(n: int, did: str) -> list[Post]:
    start = datetime(2026, 9, 7, 9, tzinfo=UTC)
    out = []
    for i in range(n):
        rkey = f"3m{i:011d}".replace("0", "a").replace("1", "b")[:13]
        out.append(
            Post(
                platform="bluesky",
                id=f"at://{did}/app.bsky.feed.post/{rkey}",
                author="x.bsky.social",
                created_at=start + timedelta(hours=i),
                text=f"Bericht nummer {i} over de wijk.",
            )
        )
    return out


def _walk(blocks: dict[bytes, Any], cid: bytes, layer: int | None, out: list[tuple[bytes, int]]) -> int:
    node = blocks[cid]
    node_layer = layer
    if node["l"] is not None:
        _walk(blocks, node["l"], None, out)
    previous = b""
    for entry in node["e"]:
        key = previous[: entry["p"]] + entry["k"]
        previous = key
        out.append((key, _layer(key)))
        node_layer = _layer(key) if node_layer is None else node_layer
        assert _layer(key) == node_layer, key
        if entry["t"] is not None:
            _walk(blocks, entry["t"], None, out)
    return node_layer or 0


def test_repository_tree_is_sorted_layered_and_complete(tmp_path: Path) -> None:
    did = did_plc("test-person")
    posts = _posts(60, did)
    lookup = {p.id: p for p in posts}
    path = write_car(tmp_path / "repo.car", did, ("Test", "Bio"), posts, [], [], lookup, {})
    header, blocks = libipld.decode_car(path.read_bytes())
    commit = blocks[header["roots"][0]]
    assert commit["did"] == did and commit["version"] == 3
    for cid, value in blocks.items():  # every block is addressed by its content
        assert cid[4:] == hashlib.sha256(libipld.encode_dag_cbor(value)).digest()
    keys: list[tuple[bytes, int]] = []
    _walk(blocks, commit["data"], None, keys)
    names = [k for k, _ in keys]
    assert names == sorted(names)
    assert len(names) == 61  # 60 posts + the profile
    assert max(layer for _, layer in keys) >= 1  # 61 keys: some sit above layer 0


def test_importer_reads_the_posts_back(tmp_path: Path) -> None:
    did = did_plc("reader")
    posts = _posts(5, did)
    path = write_car(
        tmp_path / "repo.car", did, ("Lezer", "Een bio"), posts, [], [], {p.id: p for p in posts}, {}
    )
    got = sorted((r for r in read_path(path) if isinstance(r, Post)), key=lambda p: p.created_at)
    assert [p.id for p in got] == [p.id for p in posts]
    assert [p.text for p in got] == [p.text for p in posts]
    assert got[0].created_at == posts[0].created_at
