"""The one record model every importer produces and every later stage reads.

Three record types:

* :class:`Post` – something an account wrote or shared publicly: an original post, a reply, a
  quote, or a boost/repost (``kind="boost"``; then ``boost_of_id`` names the shared post).
* :class:`Interaction` – a lightweight act on another post or account: a like, a boost seen only
  as an act, a follow (``kind`` in :data:`INTERACTION_KINDS`). For a follow, ``actor`` follows
  ``target_author``.
* :class:`Account` – a profile: the archive owner's own (``is_self=True``), or an account that
  appears in the network (followers, followings, authors of inbound messages).

Conventions (all importers follow them, so replies link across files and platforms):

* ``id`` is the platform's own id: an X post's ``id_str``; a Mastodon status's ActivityPub object
  URI (as in ``outbox.json`` ``inReplyTo``); a Bluesky post's ``at://`` URI; a LinkedIn share's
  URL.
* Handles are normalised by :func:`normalize_handle`: no leading ``@``, lower case; Mastodon
  handles are ``user@instance``; Bluesky handles are the domain handle (or the DID when no
  handle is known); X handles are the screen name.
* ``created_at`` is always timezone-aware (UTC when the source gives an offset-less time).
* ``text`` is plain text: HTML is converted, HTML entities are decoded.
* ``raw`` keeps the source item unchanged (unknown fields included); it is never needed by the
  core but is kept for audit and for fields a later version learns to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

PLATFORMS = ("x", "mastodon", "bluesky", "linkedin", "facebook", "instagram", "threads", "generic")
POST_KINDS = ("post", "boost")
INTERACTION_KINDS = ("like", "boost", "follow", "bookmark")

_HANDLE_PREFIX = re.compile(r"^@+")


def normalize_handle(handle: str | None) -> str | None:
    """Return the canonical form of an account handle (see the module docstring)."""
    if handle is None:
        return None
    handle = _HANDLE_PREFIX.sub("", handle.strip()).lower()
    return handle or None


def ensure_aware(value: datetime) -> datetime:
    """Return *value* with a time zone; offset-less times are taken as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(slots=True)
class Post:
    """A public post, reply, quote or boost. See the module docstring for conventions."""

    platform: str
    id: str
    author: str
    created_at: datetime
    text: str
    kind: str = "post"
    url: str | None = None
    lang: str | None = None
    in_reply_to_id: str | None = None
    in_reply_to_author: str | None = None
    conversation_id: str | None = None
    quote_of_id: str | None = None
    boost_of_id: str | None = None
    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    source_app: str | None = None
    visibility: str | None = None
    author_bio: str | None = None
    raw: Any = None

    @property
    def is_reply(self) -> bool:
        return self.in_reply_to_id is not None or self.in_reply_to_author is not None

    @property
    def is_boost(self) -> bool:
        return self.kind == "boost"


@dataclass(slots=True)
class Interaction:
    """A like, boost, follow or bookmark by ``actor`` on a post or an account."""

    platform: str
    kind: str
    actor: str | None
    created_at: datetime | None = None
    target_id: str | None = None
    target_author: str | None = None
    target_url: str | None = None
    target_text: str | None = None
    raw: Any = None


@dataclass(slots=True)
class Account:
    """A profile. ``is_self`` marks the owner of the archive or API account."""

    platform: str
    handle: str
    id: str | None = None
    display_name: str | None = None
    bio: str | None = None
    url: str | None = None
    created_at: datetime | None = None
    followers_count: int | None = None
    following_count: int | None = None
    posts_count: int | None = None
    is_self: bool = False
    raw: Any = None


Record = Post | Interaction | Account


@dataclass(slots=True)
class Activity:
    """All records read for one person (or one stream), split by type."""

    posts: list[Post] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)

    def add(self, record: Record) -> None:
        if isinstance(record, Post):
            self.posts.append(record)
        elif isinstance(record, Interaction):
            self.interactions.append(record)
        else:
            self.accounts.append(record)

    def extend(self, records: Iterable[Record]) -> Activity:
        for record in records:
            self.add(record)
        return self

    @property
    def owner(self) -> Account | None:
        """The account the records belong to (the archive owner), if an importer said so."""
        return next((a for a in self.accounts if a.is_self), None)

    def __iter__(self) -> Iterator[Record]:
        yield from self.posts
        yield from self.interactions
        yield from self.accounts
