"""Platform-shaped identifiers for the demo: X snowflakes, Mastodon status ids, Bluesky TIDs,
DIDs and DAG-CBOR CIDs. Deterministic given the time and a counter, so a seed gives the same
organisation every run."""

from __future__ import annotations

import hashlib
from datetime import datetime

import libipld

_X_EPOCH_MS = 1288834974657
_B32_SORT = "234567abcdefghijklmnopqrstuvwxyz"
_B32 = "abcdefghijklmnopqrstuvwxyz234567"


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def x_snowflake(when: datetime, seq: int) -> str:
    """An X post id as X makes them: milliseconds since X's epoch, shifted, plus a sequence."""
    return str(((_ms(when) - _X_EPOCH_MS) << 22) | (seq & 0x3FFFFF))


def mastodon_id(when: datetime, seq: int) -> str:
    """A Mastodon status id: milliseconds shifted by 16 bits plus a sequence."""
    return str((_ms(when) << 16) | (seq & 0xFFFF))


def bluesky_tid(when: datetime, seq: int) -> str:
    """A Bluesky record key (TID): 13 sortable base32 characters of microseconds and a clock id."""
    value = (int(when.timestamp() * 1_000_000) << 10) | (seq & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(_B32_SORT[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def did_plc(name: str) -> str:
    """A stable did:plc for a demo account name (24 base32 characters of a hash)."""
    digest = hashlib.sha256(f"spiegel-demo:{name}".encode()).digest()
    bits = int.from_bytes(digest[:15], "big")
    return "did:plc:" + "".join(_B32[(bits >> (5 * i)) & 31] for i in range(24))


def cid_bytes(block: bytes) -> bytes:
    """The binary CIDv1 (dag-cbor, sha2-256) of an encoded block."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


def cid_of_record(record: dict[str, object]) -> str:
    """The CID string ("bafyrei…") of a record, as a strong reference needs it."""
    return str(libipld.encode_cid(cid_bytes(libipld.encode_dag_cbor(record))))
