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
* URLs (``Post.url``, ``Post.urls``, ``Interaction.target_url``, ``Account.url``) are absolute
  ``http``/``https`` URLs or nothing: :func:`safe_url` is applied when a record is made
  (``__post_init__``, also through :func:`dataclasses.replace`), so no importer can carry a
  ``javascript:``, ``data:`` or protocol-relative link into a report or page. (A field assigned
  later is not checked again; reports and pages check every link once more on output.)
* ``raw`` keeps the source item unchanged (unknown fields included); it is never needed by the
  core but is kept for audit and for fields a later version learns to read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

PLATFORMS = ("x", "mastodon", "bluesky", "linkedin", "facebook", "instagram", "threads", "generic")
POST_KINDS = ("post", "boost")
INTERACTION_KINDS = ("like", "boost", "follow", "bookmark")

_HANDLE_PREFIX = re.compile(r"^@+")
#: the only URL schemes a record, report or page may link to
SAFE_URL_SCHEMES = ("http", "https")
# what browsers ignore in a URL: C0 controls and spaces around it, tabs and newlines inside it
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_URL_INSIDE = re.compile(r"[\t\n\r]")
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# the common case, answered without the checks below: http(s)://host/path with nothing a browser
# would strip or decode (no whitespace, control characters, entities or backslashes)
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9._~%!$'()*+,;=:@\[\]-]+(?:[/?#][^\x00-\x20\x7f&\\]*)?", re.I)
# the same without IGNORECASE (twice as fast): it accepts a subset of _PLAIN_URL (not the
# Unicode case folds such as "ſ" for "s"), so a URL it accepts _PLAIN_URL accepts too, and one it
# rejects still goes through safe_url
_plain_url = re.compile(
    r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9._~%!$'()*+,;=:@\[\]-]+(?:[/?#][^\x00-\x20\x7f&\\]*)?"
).fullmatch


def safe_url(url: object) -> str | None:
    """*url* when it is an absolute ``http``/``https`` URL with a host, else ``None``.

    Judged the way a browser reads an ``href``: HTML entities decoded, control characters and
    spaces around it and tabs/newlines inside it dropped. So ``javascript:``, ``data:``,
    ``vbscript:``, their obfuscated forms (``java\tscript:``, ``&#106;avascript:``,
    ``\x01javascript:``), relative and protocol-relative (``//host``) URLs all give ``None``.
    The URL kept is the original without the surrounding whitespace and inner tabs/newlines.
    """
    if url is None or not isinstance(url, str):
        return None
    if _plain_url(url) or _PLAIN_URL.fullmatch(url):
        return url
    cleaned = _URL_INSIDE.sub("", url.strip(_URL_EDGES))
    decoded = cleaned
    for _ in range(3):  # entities can be nested (&amp;#106;)
        decoded = _URL_INSIDE.sub("", html.unescape(decoded).strip(_URL_EDGES))
    for form in (cleaned, decoded):
        match = _URL_SCHEME.match(form)
        if match is None or match.group(1).lower() not in SAFE_URL_SCHEMES:
            return None
        rest = form[match.end() :].replace("\\", "/")
        if not rest.startswith("//") or rest[2:3] in ("", "/", "?", "#"):
            return None  # no host: "https:evil", "http:///x"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        return None
    return cleaned


def is_plain_url(url: str) -> bool:
    """True when *url* is a plain ``http(s)://host/path`` (nothing a browser would strip or
    decode): :func:`safe_url` keeps such a URL exactly as it is. (False does not mean unsafe.)"""
    return _plain_url(url) is not None


def safe_urls(urls: Iterable[object] | None) -> list[str]:
    """The entries of *urls* that :func:`safe_url` keeps, in order."""
    if not urls:
        return []
    kept = [v if type(v) is str and _plain_url(v) else safe_url(v) for v in urls]
    return [u for u in kept if u is not None]


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

    def __post_init__(self) -> None:
        # what safe_url / safe_urls give, with their common case inline: an importer makes a
        # Post per item, and a plain http(s) URL (or none) is kept as it is
        url = self.url
        if url is not None and not (type(url) is str and _plain_url(url)):
            self.url = safe_url(url)
        urls = self.urls
        if type(urls) is not list:
            self.urls = safe_urls(urls)
        elif urls:
            for u in urls:
                if type(u) is not str or not _plain_url(u):
                    self.urls = safe_urls(urls)
                    break
            else:  # all plain: what safe_urls gives, a new list of the same URLs
                self.urls = urls[:]
        else:
            self.urls = []  # a new list, as safe_urls gives

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

    def __post_init__(self) -> None:
        self.target_url = safe_url(self.target_url)


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

    def __post_init__(self) -> None:
        self.url = safe_url(self.url)


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
