"""Build Bluesky repository CAR files at test time from synthetic records.

The blocks are encoded with ``libipld`` (DAG-CBOR, CID links as tag 42, CIDv1 sha2-256 like a
real PDS writes them). The tree is a single MST node holding every key with prefix compression;
a reader does not need the layering a PDS uses to keep the tree balanced.
"""

from __future__ import annotations

import hashlib
from typing import Any

import libipld


def cid_of(block: bytes) -> bytes:
    """The binary CIDv1 (dag-cbor, sha2-256) of an encoded block."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


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


def car_bytes(roots: list[bytes], blocks: list[bytes]) -> bytes:
    """A CAR v1 file: header {roots, version: 1}, then (varint length, CID, block) sections."""
    header = libipld.encode_dag_cbor({"roots": roots, "version": 1})
    out = bytearray(_varint(len(header)) + header)
    for block in blocks:
        cid = cid_of(block)
        out += _varint(len(cid) + len(block)) + cid + block
    return bytes(out)


def repo_car(did: str, records: dict[str, dict[str, Any]], *, drop_record: str | None = None) -> bytes:
    """A repository export of *did* holding *records* keyed ``collection/rkey``.

    ``drop_record`` leaves that record's block out (an incomplete export)."""
    blocks: list[bytes] = []
    entries = []
    previous = b""
    for key in sorted(records):
        block = libipld.encode_dag_cbor(records[key])
        if key != drop_record:
            blocks.append(block)
        raw_key = key.encode()
        prefix = 0
        while prefix < min(len(previous), len(raw_key)) and previous[prefix] == raw_key[prefix]:
            prefix += 1
        entries.append({"k": raw_key[prefix:], "p": prefix, "t": None, "v": cid_of(block)})
        previous = raw_key
    node = libipld.encode_dag_cbor({"e": entries, "l": None})
    commit = libipld.encode_dag_cbor(
        {
            "did": did,
            "rev": "3kabcdefghi2x",
            "data": cid_of(node),
            "prev": None,
            "version": 3,
            "sig": b"\x00" * 64,
        }
    )
    return car_bytes([cid_of(commit)], [commit, node, *blocks])
