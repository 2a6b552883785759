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
    to = _as_list(src.get("to"))
    cc = _as_list(src.get("cc"))
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


def _note_object(item: RawItem) -> dict[str, Any] | None:
    """The Note of a ``Create`` item whose content is HTML, else None."""
    if item.kind != "Create":
        return None
    obj = item.data.get("object")
    if isinstance(obj, dict) and obj.get("type") in NOTE_TYPES and isinstance(obj.get("content"), str):
        return obj
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _date(value: Any, where: str, field: str) -> Any:
    if value is None:
        return None
    try:
        return parse_iso(str(value))
    except ValueError as exc:
        raise MalformedFileError(
            f"cannot read the date {value!r}", path=where, field=field, fix=FIX_DOWNLOAD
        ) from exc


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
        actor_name = container.find_one("actor.json")
        if actor_name is not None:
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
        outbox = container.find_one("outbox.json")
        if outbox is not None:
            yield from self._outbox(container, outbox, owner)
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

    def _outbox(self, container: Container, name: str, owner: _Owner) -> Iterator[RawItem]:
        where = container.display(name)
        for activity in self._collection(container, name, where):
            if not isinstance(activity, dict):
                raise MalformedFileError(
                    f"expected an activity (a JSON object), found {type(activity).__name__}",
                    path=where,
                    field="orderedItems",
                    fix=FIX_DOWNLOAD,
                )
            yield MastodonItem(where, str(activity.get("type", "")), activity, owner=owner)

    # -- records -------------------------------------------------------------------------
    def read(self, container: Container) -> Iterator[Record]:
        """Same records as ``iter_raw`` + ``to_records``; the HTML of the notes is converted in
        batches (:func:`~spiegel.sources._html.html_many`), the slowest step otherwise."""
        batch: list[RawItem] = []
        for item in self.iter_raw(container):
            batch.append(item)
            if len(batch) == BATCH:
                yield from self._batch_records(batch)
                batch = []
        yield from self._batch_records(batch)

    def _batch_records(self, items: list[RawItem]) -> Iterator[Record]:
        notes = [i for i, item in enumerate(items) if _note_object(item) is not None]
        html = html_many([_note_object(items[i])["content"] for i in notes])  # type: ignore[index]
        converted = dict(zip(notes, html, strict=True))
        for i, item in enumerate(items):
            if i in converted:
                owner = item.owner if isinstance(item, MastodonItem) and item.owner is not None else _Owner()
                yield self._note(item.data, item.data["object"], owner, item.file, converted[i])
            else:
                yield from self.to_records(item)

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
        note_id = _str(obj.get("id"))
        published = obj.get("published") or activity.get("published")
        if not note_id or not published:
            raise MalformedFileError(
                f"a Note has no {'id' if not note_id else 'published'} date",
                path=where,
                field="object.id" if not note_id else "object.published",
                fix=FIX_DOWNLOAD,
            )
        text, links = html if html is not None else html_to_text_and_links(_str(obj.get("content")))
        summary = _str(obj.get("summary"))
        mentions: list[str] = []
        mention_hrefs: dict[str, str] = {}
        hashtags: list[str] = []
        for tag in _as_list(obj.get("tag")):
            if not isinstance(tag, dict):
                continue
            if tag.get("type") == "Mention":
                href = _str(tag.get("href"))
                h = normalize_handle(_str(tag.get("name"))) or handle_from_uri(href)
                if h:
                    mentions.append(h)
                    if href:
                        mention_hrefs[href.rstrip("/") + "/"] = h
            elif tag.get("type") == "Hashtag" and _str(tag.get("name")):
                hashtags.append(str(tag["name"]).lstrip("#"))
        reply_to = _str(obj.get("inReplyTo"))
        reply_author = None
        if reply_to:
            reply_author = next((h for href, h in mention_hrefs.items() if reply_to.startswith(href)), None)
            if reply_author is None and owner.uri and reply_to.startswith(owner.uri.rstrip("/") + "/"):
                reply_author = owner.handle
            if reply_author is None:
                reply_author = handle_from_uri(reply_to)
        content_map = obj.get("contentMap")
        lang = next(iter(content_map), None) if isinstance(content_map, dict) and content_map else None
        author = (
            owner.handle
            or handle_from_uri(_str(obj.get("attributedTo")) or _str(activity.get("actor")))
            or ""
        )
        return Post(
            platform="mastodon",
            id=str(note_id),
            author=author,
            created_at=_date(published, where, "published"),
            text=f"{summary}\n\n{text}" if summary else text,
            url=obj.get("url") if isinstance(obj.get("url"), str) else None,
            lang=lang,
            in_reply_to_id=reply_to,
            in_reply_to_author=reply_author,
            conversation_id=_str(obj.get("conversation")),
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
