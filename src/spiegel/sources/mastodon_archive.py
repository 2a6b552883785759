"""Mastodon account archive ("Request your archive"), as zip, tar.gz or unpacked folder.

Reads:

* ``outbox.json`` — an ActivityPub ``OrderedCollection``: each ``Create`` of a ``Note`` is a post
  or reply (id = the Note's ActivityPub URI, as in other posts' ``inReplyTo``), each ``Announce``
  is a boost (``kind="boost"``, ``boost_of_id`` = the boosted status URI);
* ``actor.json`` — the owner (``preferredUsername@host``, display name, bio from ``summary``);
* ``likes.json`` and ``bookmarks.json`` — status URIs the owner liked or bookmarked;
* ``following_accounts.csv`` (Mastodon's "Follows" CSV export) and a followers CSV if present.

Visibility comes from the addressing: the Public collection in ``to`` → ``public``, in ``cc`` →
``unlisted``, the followers collection → ``private``, anything else → ``direct``. Every post is
kept with its visibility; the assessment uses only ``public`` and ``unlisted`` ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar
from urllib.parse import urlsplit

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post, Record, normalize_handle
from spiegel.sources._csv import iter_rows
from spiegel.sources._dates import parse_iso
from spiegel.sources._html import html_many, html_to_text, html_to_text_and_links
from spiegel.sources._json import FIX_DOWNLOAD, SMALL, iter_collection, load_small
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
_PUBLIC_ALIASES = {PUBLIC, "as:Public", "Public"}
NOTE_TYPES = ("Note", "Question", "Article")
#: activities converted together (see MastodonArchiveImporter.read)
BATCH = 256
#: the visibilities an assessment may use (see DESIGN §5: public posts only)
ASSESSABLE = ("public", "unlisted")


def _str(value: Any) -> str | None:
    """*value* if it is a non-empty string; a hostile archive puts numbers or lists anywhere."""
    if type(value) is str:  # the common case, without the isinstance call
        return value or None
    return value if isinstance(value, str) and value else None


@dataclass(slots=True)
class _Owner:
    handle: str | None = None
    uri: str | None = None


@dataclass(slots=True)
class MastodonItem(RawItem):
    """A raw archive item plus the archive owner it belongs to."""

    owner: _Owner | None = None


@lru_cache(maxsize=4096)
def handle_from_uri(uri: str | None) -> str | None:
    """``https://host/users/name[/statuses/…]`` or ``https://host/@name/…`` → ``name@host``."""
    if not uri:
        return None
    try:
        parts = urlsplit(uri)
        host = parts.hostname
    except ValueError:  # a malformed address ("http://[x/"): no handle in it
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not host or not segments:
        return None
    if segments[0] in ("users", "profile", "u", "accounts") and len(segments) > 1:
        name = segments[1]
    elif segments[0].startswith("@"):
        name = segments[0][1:]
    else:
        return None
    return normalize_handle(f"{name}@{host}")


def visibility(activity: dict[str, Any], obj: dict[str, Any] | None = None) -> str:
    """Mastodon's visibility of an activity, from its ``to``/``cc`` addressing."""
    src = obj if obj is not None and ("to" in obj or "cc" in obj) else activity
    to = src.get("to")
    cc = src.get("cc")
    if type(to) is not list:
        to = _as_list(to)
    if type(cc) is not list:
        cc = _as_list(cc)
    # plain loops, no generator per check: this runs once per activity of an import
    for t in to:
        if (type(t) is str or isinstance(t, str)) and t in _PUBLIC_ALIASES:
            return "public"
    for c in cc:
        if (type(c) is str or isinstance(c, str)) and c in _PUBLIC_ALIASES:
            return "unlisted"
    for t in to:
        if (type(t) is str or isinstance(t, str)) and t.endswith("/followers"):
            return "private"
    return "direct"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _date(value: Any, where: str, field: str) -> Any:
    if value is None:
        return None
    try:
        return parse_iso(value if type(value) is str else str(value))
    except ValueError as exc:
        raise MalformedFileError(
            f"cannot read the date {value!r}", path=where, field=field, fix=FIX_DOWNLOAD
        ) from exc


def _check_activity(activity: Any, where: str) -> None:
    """Refuse an outbox item that is not a JSON object (an activity)."""
    if type(activity) is not dict and not isinstance(activity, dict):
        raise MalformedFileError(
            f"expected an activity (a JSON object), found {type(activity).__name__}",
            path=where,
            field="orderedItems",
            fix=FIX_DOWNLOAD,
        )


class MastodonArchiveImporter(Importer):
    """Mastodon account archive (zip, tar.gz or folder with outbox.json and actor.json).

    Posts and replies come from the ``Create``/``Note`` activities of ``outbox.json`` (HTML
    content converted to plain text; mentions and hashtags from ``tag``; links from the
    content), boosts from ``Announce``. Likes, bookmarks and follows come from ``likes.json``,
    ``bookmarks.json`` and the CSV exports. Large outboxes are streamed.
    """

    name: ClassVar[str] = "mastodon_archive"
    help: ClassVar[str] = "Mastodon account archive (zip, tar.gz or folder with outbox.json, actor.json)."

    def detect(self, container: Container) -> bool:
        outbox = container.find_one("outbox.json")
        if outbox is None:
            return False
        if container.find_one("actor.json") is not None:
            return True
        with container.open(outbox) as f:
            head = f.read(4096)
        return b"OrderedCollection" in head and b"orderedItems" in head

    # -- reading -------------------------------------------------------------------------
    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        owner = _Owner()
        yield from self._actor_items(container, owner)
        outbox = container.find_one("outbox.json")
        if outbox is not None:
            where = container.display(outbox)
            for activity in self._collection(container, outbox, where):
                _check_activity(activity, where)
                yield MastodonItem(where, str(activity.get("type", "")), activity, owner=owner)
        yield from self._other_items(container, owner)

    def _actor_items(self, container: Container, owner: _Owner) -> Iterator[RawItem]:
        """The owner's ``actor.json`` (if any), which also fills in *owner*."""
        actor_name = container.find_one("actor.json")
        if actor_name is None:
            return
        where = container.display(actor_name)
        with container.open(actor_name) as f:
            actor = load_small(f, where)
        if not isinstance(actor, dict):
            raise MalformedFileError(
                f"expected a JSON object (an ActivityPub actor), found {type(actor).__name__}",
                path=where,
                fix=FIX_DOWNLOAD,
            )
        owner.uri = _str(actor.get("id"))
        try:
            host = urlsplit(owner.uri or _str(actor.get("url")) or "").hostname
        except ValueError:  # a malformed address: fall back to the id's handle below
            host = None
        user = _str(actor.get("preferredUsername"))
        owner.handle = normalize_handle(f"{user}@{host}") if user and host else handle_from_uri(owner.uri)
        yield MastodonItem(where, "actor", actor, owner=owner)

    def _other_items(self, container: Container, owner: _Owner) -> Iterator[RawItem]:
        """Likes, bookmarks and the follows CSVs."""
        for file, kind in (("likes.json", "like"), ("bookmarks.json", "bookmark")):
            name = container.find_one(file)
            if name is None:
                continue
            where = container.display(name)
            for uri in self._collection(container, name, where):
                yield MastodonItem(where, kind, uri, owner=owner)
        for name in container.names():
            base = name.rsplit("/", 1)[-1].lower()
            if base.endswith(".csv") and ("following" in base or "follower" in base):
                where = container.display(name)
                kind = "follower" if "follower" in base else "following"
                with container.open(name) as f:
                    for line, row in iter_rows(f, where):
                        yield MastodonItem(where, kind, row, line, owner=owner)

    def _collection(self, container: Container, name: str, where: str) -> Iterator[Any]:
        with container.open(name) as f:
            if container.size(name) <= SMALL:
                doc = load_small(f, where)
                if not isinstance(doc, dict):
                    raise MalformedFileError(
                        f"expected an ActivityPub collection (a JSON object), found {type(doc).__name__}",
                        path=where,
                        fix=FIX_DOWNLOAD,
                    )
                items = doc.get("orderedItems", [])
                if not isinstance(items, list):
                    raise MalformedFileError(
                        f"expected a list, found {type(items).__name__}",
                        path=where,
                        field="orderedItems",
                        fix=FIX_DOWNLOAD,
                    )
                yield from items
            else:
                yield from iter_collection(f, where, "orderedItems")

    # -- records -------------------------------------------------------------------------
    def read(self, container: Container) -> Iterator[Record]:
        """Same records as ``iter_raw`` + ``to_records``, faster for the outbox: its activities
        are converted in batches, without a RawItem each, and the HTML of the notes of a batch
        is converted together (:func:`~spiegel.sources._html.html_many`, the slowest step
        otherwise)."""
        owner = _Owner()
        for item in self._actor_items(container, owner):
            yield from self.to_records(item)
        outbox = container.find_one("outbox.json")
        if outbox is not None:
            where = container.display(outbox)
            batch: list[Any] = []
            for activity in self._collection(container, outbox, where):
                batch.append(activity)
                if len(batch) == BATCH:
                    yield from self._outbox_records(batch, owner, where)
                    batch = []
            yield from self._outbox_records(batch, owner, where)
        for item in self._other_items(container, owner):
            yield from self.to_records(item)

    def _outbox_records(self, activities: list[Any], owner: _Owner, where: str) -> Iterator[Record]:
        """The records of outbox *activities*: what ``to_records`` gives for each, in order (an
        error too: a bad activity is refused when its turn comes)."""
        notes: list[dict[str, Any] | None] = []  # per activity: its Note, if it is a Create of one
        contents: list[str | None] = []
        for activity in activities:
            obj = (
                activity.get("object")
                if (type(activity) is dict or isinstance(activity, dict)) and activity.get("type") == "Create"
                else None
            )
            if (type(obj) is dict or isinstance(obj, dict)) and obj.get("type") in NOTE_TYPES:
                content = obj.get("content")
                contents.append(content if type(content) is str or isinstance(content, str) else None)
                notes.append(obj)
            else:
                notes.append(None)
        converted = iter(html_many(contents))
        for activity, obj in zip(activities, notes, strict=True):
            if obj is not None:
                yield self._note(activity, obj, owner, where, next(converted))
                continue
            _check_activity(activity, where)
            if activity.get("type") == "Announce":
                yield self._boost(activity, owner, where)

    def to_records(self, item: RawItem) -> Iterable[Record]:
        owner = item.owner if isinstance(item, MastodonItem) and item.owner is not None else _Owner()
        kind, data = item.kind, item.data
        if kind == "Create":
            obj = data.get("object")
            if isinstance(obj, dict) and obj.get("type") in NOTE_TYPES:
                return (self._note(data, obj, owner, item.file),)
            return ()
        if kind == "Announce":
            return (self._boost(data, owner, item.file),)
        if kind in ("like", "bookmark"):
            uri = _str(data) or (_str(data.get("id")) if isinstance(data, dict) else None)
            return (
                Interaction(
                    platform="mastodon",
                    kind=kind,
                    actor=owner.handle,
                    target_id=uri,
                    target_author=handle_from_uri(uri),
                    raw=data,
                ),
            )
        if kind in ("following", "follower"):
            address = data.get("Account address") or next(iter(data.values()), None)
            other = normalize_handle(_str(address))
            if not other:
                return ()
            if kind == "following":
                return (
                    Interaction(
                        platform="mastodon", kind="follow", actor=owner.handle, target_author=other, raw=data
                    ),
                )
            return (
                Interaction(
                    platform="mastodon", kind="follow", actor=other, target_author=owner.handle, raw=data
                ),
            )
        if kind == "actor":
            return (self._actor(data, owner, item.file),)
        return ()

    def _actor(self, actor: dict[str, Any], owner: _Owner, where: str) -> Account:
        return Account(
            platform="mastodon",
            handle=owner.handle or "",
            id=owner.uri,
            display_name=_str(actor.get("name")),
            bio=html_to_text(_str(actor.get("summary"))) or None,
            url=_str(actor.get("url")),
            created_at=_date(actor.get("published"), where, "published"),
            is_self=True,
            raw=actor,
        )

    def _note(
        self,
        activity: dict[str, Any],
        obj: dict[str, Any],
        owner: _Owner,
        where: str,
        html: tuple[str, list[str]] | None = None,
    ) -> Post:
        # Runs once per post of an import: the common case of each field (a non-empty string,
        # or nothing) is answered inline, anything else goes through _str and the full checks.
        get = obj.get
        note_id = get("id")
        if type(note_id) is not str or not note_id:
            note_id = _str(note_id)
        published = get("published") or activity.get("published")
        if not note_id or not published:
            raise MalformedFileError(
                f"a Note has no {'id' if not note_id else 'published'} date",
                path=where,
                field="object.id" if not note_id else "object.published",
                fix=FIX_DOWNLOAD,
            )
        text, links = html if html is not None else html_to_text_and_links(_str(get("content")))
        summary = get("summary")
        if summary is not None:
            summary = _str(summary)
            if summary:
                text = f"{summary}\n\n{text}"
        mentions: list[str] = []
        mention_hrefs: dict[str, str] = {}
        hashtags: list[str] = []
        tags = get("tag")
        if tags:  # a falsy value holds no tag object either
            for tag in _as_list(tags):
                if not isinstance(tag, dict):
                    continue
                tag_type = tag.get("type")
                if tag_type == "Mention":
                    href = _str(tag.get("href"))
                    h = normalize_handle(_str(tag.get("name"))) or handle_from_uri(href)
                    if h:
                        mentions.append(h)
                        if href:
                            mention_hrefs[href.rstrip("/") + "/"] = h
                elif tag_type == "Hashtag" and _str(tag.get("name")):
                    hashtags.append(str(tag["name"]).lstrip("#"))
        reply_to = get("inReplyTo")
        reply_author = None
        if reply_to is not None:
            reply_to = _str(reply_to)
            if reply_to:
                for href, h in mention_hrefs.items():
                    if reply_to.startswith(href):
                        reply_author = h
                        break
                if reply_author is None and owner.uri and reply_to.startswith(owner.uri.rstrip("/") + "/"):
                    reply_author = owner.handle
                if reply_author is None:
                    reply_author = handle_from_uri(reply_to)
        content_map = get("contentMap")
        lang = next(iter(content_map), None) if isinstance(content_map, dict) and content_map else None
        author = (
            owner.handle or handle_from_uri(_str(get("attributedTo")) or _str(activity.get("actor"))) or ""
        )
        url = get("url")
        conversation = get("conversation")
        return Post(
            platform="mastodon",
            id=note_id,
            author=author,
            created_at=_date(published, where, "published"),
            text=text,
            url=url if type(url) is str or isinstance(url, str) else None,
            lang=lang,
            in_reply_to_id=reply_to,
            in_reply_to_author=reply_author,
            conversation_id=conversation
            if type(conversation) is str and conversation
            else _str(conversation),
            mentions=mentions,
            hashtags=hashtags,
            urls=links,
            visibility=visibility(activity, obj),
            raw=activity,
        )

    def _boost(self, activity: dict[str, Any], owner: _Owner, where: str) -> Post:
        target = activity.get("object")
        target_id = _str(target) or (_str(target.get("id")) if isinstance(target, dict) else None)
        act_id = _str(activity.get("id")) or ""
        published = activity.get("published")
        if not act_id or not published:
            raise MalformedFileError(
                "an Announce has no id or published date",
                path=where,
                field="id" if not act_id else "published",
                fix=FIX_DOWNLOAD,
            )
        author = owner.handle or handle_from_uri(_str(activity.get("actor"))) or ""
        return Post(
            platform="mastodon",
            id=act_id.removesuffix("/activity"),
            author=author,
            created_at=_date(published, where, "published"),
            text="",
            kind="boost",
            boost_of_id=target_id,
            visibility=visibility(activity),
            raw=activity,
        )
