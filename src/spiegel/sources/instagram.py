"""Instagram and Threads "Download your information" export in JSON, as zip or unpacked folder.

The file names are matched wherever they sit, so the older layout (``content/posts_1.json``,
``comments/post_comments.json``, ``likes/liked_posts.json``, ``followers_and_following/…``,
``personal_information/personal_information.json``) and the newer one
(``your_instagram_activity/content|media/posts_1.json``, ``your_instagram_activity/comments/
post_comments_1.json``, ``your_instagram_activity/likes/liked_posts.json``,
``connections/followers_and_following/…``, ``personal_information/personal_information/…``)
are both read. What is read:

* **Instagram posts** (``posts_N.json``, a list) and reels (``reels.json``,
  ``ig_reels_media``): the caption is the item's top-level ``title`` (posts of several media)
  or ``media[0].title`` (a single photo or video); the time ``creation_timestamp`` (top level or
  of the first media);
* **Instagram comments** (``post_comments*.json``, ``reels_comments.json``): the newer shape is a
  list of ``{"string_map_data": {"Comment", "Media Owner", "Time"}}`` (keys in the export's
  language: Dutch ``Opmerking``, ``Media-eigenaar``, ``Tijd`` are read too); the older one is
  ``{"comments_media_comments": [...]}`` with either that ``string_map_data`` or
  ``{"title": owner, "string_list_data": [{"value", "timestamp"}]}``. Each is a reply to the
  media owner's post;
* **likes** (``liked_posts.json``, ``likes_media_likes``: ``title`` = the owner of the liked post);
* **follows** (``following.json``, ``followers_N.json``: ``string_list_data[].value`` or the
  item's ``title`` is the other account);
* **Threads** (``threads_and_replies.json``, ``text_post_app_text_posts``): a post each, platform
  ``threads``; when the item (or its first media) has ``text_app_post`` with ``is_reply`` it is
  a reply to ``in_reply_to_username``;
* **the owner**: ``profile_user[0].string_map_data.Username`` of ``personal_information.json``.

Never opened: ``messages/``, ``inbox``. Every post and comment has ``visibility="unknown"``:
an Instagram account may be private, and the export does not say (see
:mod:`spiegel.sources._meta`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, ClassVar

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post, Record, normalize_handle
from spiegel.sources._meta import UNKNOWN, first, fix_text, items_of, load, string_map, when
from spiegel.sources._notices import notice
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

_FILES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("posts", re.compile(r"(?:^|/)(?:content|media)/posts_\d+\.json$", re.I)),
    ("reels", re.compile(r"(?:^|/)(?:content|media)/reels\.json$", re.I)),
    ("comments", re.compile(r"(?:^|/)comments/(?:post_comments(?:_\d+)?|reels_comments)\.json$", re.I)),
    ("likes", re.compile(r"(?:^|/)likes/liked_posts\.json$", re.I)),
    ("following", re.compile(r"(?:^|/)followers_and_following/following\.json$", re.I)),
    ("followers", re.compile(r"(?:^|/)followers_and_following/followers(?:_\d+)?\.json$", re.I)),
    ("threads", re.compile(r"(?:^|/)threads/threads_and_replies\.json$", re.I)),
    ("profile", re.compile(r"(?:^|/)personal_information/personal_information\.json$", re.I)),
)
_CONTENT = ("posts", "reels", "comments", "threads")
_NEVER = re.compile(r"(?:^|/)(?:messages|inbox)/", re.I)
_KEYS = {
    "reels": ("ig_reels_media",),
    "comments": ("comments_media_comments", "comments_reels_comments", "post_comments"),
    "likes": ("likes_media_likes",),
    "following": ("relationships_following",),
    "followers": ("relationships_followers",),
    "threads": ("text_post_app_text_posts",),
    "posts": ("ig_posts_media",),
}


def _media(item: dict[str, Any]) -> dict[str, Any]:
    media = item.get("media")
    if isinstance(media, list) and media and isinstance(media[0], dict):
        return media[0]
    return {}


def _digest(*parts: object) -> str:
    return hashlib.sha1("\n".join(str(p) for p in parts).encode()).hexdigest()[:20]


class InstagramImporter(Importer):
    """Instagram / Threads "Download your information" export in JSON (zip or folder): posts,
    reels, comments (as replies), likes, follows and Threads posts and replies.

    Older and newer layouts and both comment shapes are read; Meta's mojibake is decoded. The
    export does not say whether the account was public, so posts and comments are read with
    visibility *unknown* and count only once the account is declared public
    (``--public-account``). Messages are never read.
    """

    name: ClassVar[str] = "instagram"
    help: ClassVar[str] = "Instagram / Threads 'Download your information' export in JSON (zip or folder)."

    def _files(self, container: Container) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name in container.names():
            if _NEVER.search(name):
                continue
            for kind, pattern in _FILES:
                if pattern.search(name):
                    found.setdefault(kind, []).append(name)
        for names in found.values():
            names.sort(key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)])
        return found

    def detect(self, container: Container) -> bool:
        return any(kind in _CONTENT for kind in self._files(container))

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        found = self._files(container)
        owner = ""
        for name in found.get("profile", []):
            try:
                data = load(container, name)
            except MalformedFileError as exc:
                notice(container.display(name), "optional_unreadable", why=exc.what)
                continue
            users = data.get("profile_user") if isinstance(data, dict) else None
            fields = string_map(users[0]) if isinstance(users, list) and users else {}
            owner = normalize_handle(fix_text(first(fields, "username", "gebruikersnaam").get("value"))) or ""
            if owner:
                yield RawItem(container.display(name), "profile", {"fields": fields, "owner": owner})
                break
        for kind in ("posts", "reels", "comments", "threads", "likes", "following", "followers"):
            for name in found.get(kind, []):
                where = container.display(name)
                items = items_of(load(container, name), _KEYS.get(kind, ()), where)
                skipped = 0
                for item in items:
                    if not isinstance(item, dict):
                        skipped += 1
                        continue
                    yield RawItem(where, kind, {"item": item, "owner": owner})
                if skipped:
                    notice(where, "no_text", skipped)

    def to_records(self, item: RawItem) -> Iterable[Record]:
        data = item.data
        owner = data["owner"]
        if item.kind == "profile":
            fields = data["fields"]
            return (
                Account(
                    platform="instagram",
                    handle=owner,
                    display_name=fix_text(first(fields, "name", "naam").get("value")) or None,
                    bio=fix_text(first(fields, "bio", "biografie").get("value")) or None,
                    url=f"https://www.instagram.com/{owner}/",
                    is_self=True,
                    raw=fields,
                ),
            )
        entry = data["item"]
        if item.kind in ("posts", "reels", "threads"):
            return self._post(entry, owner, item)
        if item.kind == "comments":
            return self._comment(entry, owner, item)
        if item.kind in ("likes", "following", "followers"):
            return self._interaction(entry, owner, item.kind)
        return ()

    def _post(self, entry: dict[str, Any], owner: str, item: RawItem) -> list[Record]:
        media = _media(entry)
        text = fix_text(entry.get("title")) or fix_text(media.get("title"))
        created = when(entry.get("creation_timestamp")) or when(media.get("creation_timestamp"))
        if created is None:
            notice(item.file, "no_text")
            return []
        platform = "threads" if item.kind == "threads" else "instagram"
        app = entry.get("text_app_post") if isinstance(entry.get("text_app_post"), dict) else None
        if app is None and isinstance(media.get("text_app_post"), dict):
            app = media["text_app_post"]
        reply_to = None
        if app and app.get("is_reply"):
            reply_to = normalize_handle(fix_text(app.get("in_reply_to_username"))) or "unknown"
        uri = media.get("uri") or ""
        return [
            Post(
                platform=platform,
                id=f"{platform}:post:{_digest(created.isoformat(), uri, text)}",
                author=owner,
                created_at=created,
                text=text,
                in_reply_to_id=f"{platform}:reply-to:{reply_to}" if reply_to else None,
                in_reply_to_author=reply_to if reply_to and reply_to != "unknown" else None,
                visibility=UNKNOWN,
                raw=entry,
            )
        ]

    def _comment(self, entry: dict[str, Any], owner: str, item: RawItem) -> list[Record]:
        fields = string_map(entry)
        text = ""
        created: datetime | None = None
        target: str | None = None
        if fields:
            text = fix_text(first(fields, "comment", "opmerking").get("value"))
            target = fix_text(first(fields, "media owner", "media-eigenaar").get("value"))
            created = when(first(fields, "time", "tijd").get("timestamp"))
        else:
            values = entry.get("string_list_data")
            value = values[0] if isinstance(values, list) and values and isinstance(values[0], dict) else {}
            text = fix_text(value.get("value"))
            created = when(value.get("timestamp"))
            target = fix_text(entry.get("title"))
        if created is None:
            notice(item.file, "no_text")
            return []
        target = normalize_handle(target) if target else None
        return [
            Post(
                platform="instagram",
                id=f"instagram:comment:{_digest(created.isoformat(), target, text)}",
                author=owner,
                created_at=created,
                text=text,
                in_reply_to_id=f"instagram:post-of:{target or 'unknown'}",
                in_reply_to_author=target,
                visibility=UNKNOWN,
                raw=entry,
            )
        ]

    def _interaction(self, entry: dict[str, Any], owner: str, kind: str) -> list[Record]:
        values = entry.get("string_list_data")
        value = values[0] if isinstance(values, list) and values and isinstance(values[0], dict) else {}
        other = normalize_handle(fix_text(entry.get("title")) or fix_text(value.get("value")))
        created = when(value.get("timestamp"))
        href = value.get("href") or None
        if kind == "likes":
            return [
                Interaction(
                    platform="instagram",
                    kind="like",
                    actor=owner or None,
                    created_at=created,
                    target_author=other,
                    target_url=href,
                    raw=entry,
                )
            ]
        if not other:
            return []
        if kind == "following":
            return [
                Interaction(
                    platform="instagram",
                    kind="follow",
                    actor=owner or None,
                    target_author=other,
                    target_url=href,
                    created_at=created,
                    raw=entry,
                )
            ]
        return [
            Interaction(
                platform="instagram",
                kind="follow",
                actor=other,
                target_author=owner or None,
                target_url=href,
                created_at=created,
                raw=entry,
            )
        ]
