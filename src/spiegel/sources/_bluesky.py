"""Bluesky record mapping shared by the CAR importer and the public-API client.

Both read the same lexicon records (``app.bsky.feed.post``, ``like``, ``repost``,
``app.bsky.graph.follow``, ``app.bsky.actor.profile``); this module turns one record value into
spiegel records. Conventions (see :mod:`spiegel.records`): a post's id is its ``at://`` URI,
handles are the domain handle or, when no handle is known, the DID.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post, normalize_handle
from spiegel.sources._dates import in_range

POST = "app.bsky.feed.post"
LIKE = "app.bsky.feed.like"
REPOST = "app.bsky.feed.repost"
FOLLOW = "app.bsky.graph.follow"
PROFILE = "app.bsky.actor.profile"
COLLECTIONS = (POST, LIKE, REPOST, FOLLOW, PROFILE)

_AT_URI = re.compile(r"^at://([^/]+)/([^/]+)/([^/]+)$")
_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")
_OWN_POST_LINK = re.compile(r"^https?://(?:www\.)?bsky\.app/profile/([^/?#\s]+)/post/([^/?#\s]+)")


class RecordShapeError(ValueError):
    """A record does not have the shape its lexicon defines; ``field`` names the culprit."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def split_at_uri(uri: str) -> tuple[str, str, str] | None:
    """``at://did/collection/rkey`` → (did, collection, rkey), or None for another shape."""
    match = _AT_URI.match(uri)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def post_url(uri: str, handle: str | None = None) -> str | None:
    """The bsky.app web address of a post URI."""
    head, _, rkey = uri.rpartition("/")
    did, _, collection = head.removeprefix("at://").partition("/")
    if not uri.startswith("at://") or collection != POST or not rkey or not did:
        return None
    return f"https://bsky.app/profile/{handle or did}/post/{rkey}"


def parse_datetime(value: Any, field: str) -> datetime:
    """Parse an atproto datetime string (RFC 3339, any fraction length) to an aware datetime."""
    if not isinstance(value, str):
        raise RecordShapeError(f"expected a date-time string, got {type(value).__name__}", field)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:  # fall back: trim a fraction longer than microseconds, and spaces
            parsed = datetime.fromisoformat(_LONG_FRACTION.sub(r"\1", value.strip()))
        except ValueError as exc:
            raise RecordShapeError(f"{value!r} is not a valid date-time", field) from exc
    try:
        return in_range(parsed)
    except ValueError as exc:
        raise RecordShapeError(str(exc), field) from exc


def _ref_uri(value: Any, field: str) -> str:
    """The ``uri`` of a ``com.atproto.repo.strongRef`` (``{"uri", "cid"}``)."""
    if not isinstance(value, Mapping) or not isinstance(value.get("uri"), str):
        raise RecordShapeError("expected a reference object with a 'uri' string", field)
    return str(value["uri"])


def _author_of(uri: str | None, handles: Mapping[str, str]) -> str | None:
    if uri is None:
        return None
    parts = split_at_uri(uri)
    if parts is None:
        return None
    return handles.get(parts[0], parts[0])


def _seq(value: Any) -> list[Any]:
    """*value* if it is a list; a hostile record puts numbers or strings where lists belong."""
    return value if isinstance(value, list) else []


def mention_handles(value: Mapping[str, Any]) -> dict[str, str]:
    """DID → handle pairs a post record reveals: the text a mention facet covers is ``@handle``."""
    text = value.get("text")
    if not isinstance(text, str) or ("facets" not in value and "entities" not in value):
        return {}
    raw = text.encode("utf-8")
    found: dict[str, str] = {}
    for span, did in _mention_spans(value):
        if span is None:
            continue
        covered = raw[span[0] : span[1]].decode("utf-8", errors="ignore").strip()
        handle = normalize_handle(covered)
        if handle and covered.startswith("@") and " " not in handle and not handle.startswith("did:"):
            found[did] = handle
    return found


def self_link_handle(value: Mapping[str, Any], own_rkeys: set[str]) -> str | None:
    """The handle in a ``https://bsky.app/profile/<handle>/post/<rkey>`` link (a link facet or
    a link card) of a post record whose *rkey* is one of the repository's own posts: a link to
    one's own post names one's own handle."""
    if "facets" not in value and "embed" not in value:
        return None
    links = _facet_features(value, "#link", "uri")
    external = _external_uri(value.get("embed"))
    for link in [*links, *([external] if external else [])]:
        match = _OWN_POST_LINK.match(link)
        if match and match.group(2) in own_rkeys:
            handle = normalize_handle(match.group(1))
            if handle and not handle.startswith("did:"):
                return handle
    return None


def _mention_spans(value: Mapping[str, Any]) -> list[tuple[tuple[int, int] | None, str]]:
    """(byte span, DID) of every mention, from ``facets`` and the older ``entities``."""
    spans: list[tuple[tuple[int, int] | None, str]] = []
    for facet in _seq(value.get("facets")):
        if not isinstance(facet, Mapping):
            continue
        index = facet.get("index") or {}
        span = (index.get("byteStart"), index.get("byteEnd")) if isinstance(index, Mapping) else None
        ok = span is not None and all(isinstance(i, int) for i in span)
        for feature in _seq(facet.get("features")):
            if isinstance(feature, Mapping) and str(feature.get("$type", "")).endswith("#mention"):
                did = feature.get("did")
                if isinstance(did, str):
                    spans.append((span if ok else None, did))  # type: ignore[arg-type]
    for entity in _seq(value.get("entities")):
        # Before facets (early 2023) posts carried "entities" with {"start", "end"} offsets.
        if not isinstance(entity, Mapping):
            continue
        if entity.get("type") == "mention" and isinstance(entity.get("value"), str):
            index = entity.get("index")
            span = (index.get("start"), index.get("end")) if isinstance(index, Mapping) else None
            ok = span is not None and all(isinstance(i, int) for i in span)
            spans.append((span if ok else None, entity["value"]))  # type: ignore[arg-type]
    return spans


def _facet_features(value: Mapping[str, Any], suffix: str, key: str) -> list[str]:
    out: list[str] = []
    for facet in _seq(value.get("facets")):
        if not isinstance(facet, Mapping):
            continue
        for feature in _seq(facet.get("features")):
            if isinstance(feature, Mapping) and str(feature.get("$type", "")).endswith(suffix):
                item = feature.get(key)
                if isinstance(item, str) and item not in out:
                    out.append(item)
    return out


def _embedded_record_uri(embed: Any) -> str | None:
    """The URI of a quoted post (``app.bsky.embed.record`` or ``recordWithMedia``)."""
    if not isinstance(embed, Mapping):
        return None
    kind = embed.get("$type")
    if kind == "app.bsky.embed.record":
        inner = embed.get("record")
        uri = inner.get("uri") if isinstance(inner, Mapping) else None
        return uri if isinstance(uri, str) else None
    if kind == "app.bsky.embed.recordWithMedia":
        return _embedded_record_uri(embed.get("record"))
    return None


def _external_uri(embed: Any) -> str | None:
    if not isinstance(embed, Mapping):
        return None
    external = embed.get("external")
    if isinstance(external, Mapping) and isinstance(external.get("uri"), str):
        return str(external["uri"])
    return _external_uri(embed.get("media"))


def post_to_record(
    uri: str, value: Mapping[str, Any], author: str, handles: Mapping[str, str], raw: Any = None
) -> Post:
    """Map an ``app.bsky.feed.post`` record value to a :class:`Post`."""
    text = value.get("text")
    if not isinstance(text, str):
        raise RecordShapeError("a post record needs a 'text' string", "text")
    created = parse_datetime(value.get("createdAt"), "createdAt")
    parent = root = None
    reply = value.get("reply")
    if reply is not None:
        if not isinstance(reply, Mapping):
            raise RecordShapeError("'reply' must be an object with 'parent' and 'root'", "reply")
        parent = _ref_uri(reply.get("parent"), "reply.parent")
        root = _ref_uri(reply.get("root"), "reply.root")
    mentions: list[str] = []
    hashtags: list[str] = []
    urls: list[str] = []
    if "facets" in value or "entities" in value:  # most posts have neither: skip the walks
        for _span, did in _mention_spans(value):
            handle = handles.get(did, did)
            if handle not in mentions:
                mentions.append(handle)
        hashtags = [t.lower() for t in _facet_features(value, "#tag", "tag")]
        urls = _facet_features(value, "#link", "uri")
        entities = value.get("entities")
        for entity in entities if isinstance(entities, list) else ():
            link = (
                entity.get("value") if isinstance(entity, Mapping) and entity.get("type") == "link" else None
            )
            if isinstance(link, str) and link not in urls:
                urls.append(link)
    tags = value.get("tags")
    for tag in tags if isinstance(tags, list) else ():
        if isinstance(tag, str) and tag.lower() not in hashtags:
            hashtags.append(tag.lower())
    embed = value.get("embed")
    external = _external_uri(embed) if embed is not None else None
    if external and external not in urls:
        urls.append(external)
    langs = value.get("langs")
    lang = langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None
    return Post(
        platform="bluesky",
        id=uri,
        author=author,
        created_at=created,
        text=text,
        url=post_url(uri, author if not author.startswith("did:") else None),
        lang=lang,
        in_reply_to_id=parent,
        in_reply_to_author=_author_of(parent, handles),
        conversation_id=root or uri,
        quote_of_id=_embedded_record_uri(embed) if embed is not None else None,
        mentions=mentions,
        hashtags=hashtags,
        urls=urls,
        visibility="public",
        raw=raw if raw is not None else dict(value),
    )


def record_to_records(
    uri: str,
    value: Mapping[str, Any],
    owner: str,
    handles: Mapping[str, str],
    collection: str | None = None,
) -> list[Post | Interaction | Account]:
    """Map any supported record of *owner*'s repository; unsupported collections give [].

    *collection* may be passed when the caller knows it (saves parsing the URI)."""
    parts = split_at_uri(uri) if collection is None or collection == PROFILE else None
    if collection is None:
        collection = parts[1] if parts else value.get("$type")
    raw = {"uri": uri, "value": value}
    if collection == POST:
        return [post_to_record(uri, value, owner, handles, raw=raw)]
    if collection in (LIKE, REPOST):
        target = _ref_uri(value.get("subject"), "subject")
        return [
            Interaction(
                platform="bluesky",
                kind="like" if collection == LIKE else "boost",
                actor=owner,
                created_at=parse_datetime(value.get("createdAt"), "createdAt"),
                target_id=target,
                target_author=_author_of(target, handles),
                target_url=post_url(target),
                raw=raw,
            )
        ]
    if collection == FOLLOW:
        subject = value.get("subject")
        if not isinstance(subject, str):
            raise RecordShapeError("a follow record needs a 'subject' DID string", "subject")
        return [
            Interaction(
                platform="bluesky",
                kind="follow",
                actor=owner,
                created_at=parse_datetime(value.get("createdAt"), "createdAt"),
                target_author=handles.get(subject, subject),
                raw=raw,
            )
        ]
    if collection == PROFILE:
        did = parts[0] if parts else owner
        return [profile_to_account(did, value, handles, is_self=True, raw=raw)]
    return []


def profile_to_account(
    did: str, value: Mapping[str, Any], handles: Mapping[str, str], *, is_self: bool, raw: Any = None
) -> Account:
    """An ``app.bsky.actor.profile`` record (or a profile view) as an :class:`Account`."""
    handle = value.get("handle") if isinstance(value.get("handle"), str) else handles.get(did, did)
    name = value.get("displayName")
    bio = value.get("description")
    created = value.get("createdAt")
    return Account(
        platform="bluesky",
        handle=normalize_handle(handle) or did,
        id=did,
        display_name=name if isinstance(name, str) else None,
        bio=bio if isinstance(bio, str) else None,
        url=f"https://bsky.app/profile/{handle}",
        created_at=parse_datetime(created, "createdAt") if isinstance(created, str) else None,
        followers_count=value.get("followersCount") if isinstance(value.get("followersCount"), int) else None,
        following_count=value.get("followsCount") if isinstance(value.get("followsCount"), int) else None,
        posts_count=value.get("postsCount") if isinstance(value.get("postsCount"), int) else None,
        is_self=is_self,
        raw=raw if raw is not None else dict(value),
    )


def shape_error(exc: RecordShapeError, path: str, uri: str) -> MalformedFileError:
    """Turn a record-shape problem into the user-facing error for file *path*."""
    return MalformedFileError(
        f"record {uri} does not have the shape its lexicon defines: {exc}",
        path=path,
        field=exc.field,
        fix="Export the repository again from your Bluesky account (Settings → Export my data); "
        "if the problem stays, report it with this record's URI.",
    )
