"""Facebook "Download your information" export in JSON, as zip or unpacked folder.

Both layouts Meta has used are read (the file names are matched wherever they sit):

* older (until about 2022): ``posts/your_posts_1.json``, ``comments/comments.json``,
  ``likes_and_reactions/posts_and_comments.json``, ``profile_information/profile_information.json``;
* newer: ``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json``,
  ``your_facebook_activity/comments_and_reactions/comments.json`` and
  ``likes_and_reactions_1.json``, ``personal_information/profile_information/…``
  (and the in-between ``your_activity_across_facebook/…``).

What is read:

* **posts** — each item of ``your_posts*.json``: ``timestamp``, the text of its ``data[]``
  entries that are ``{"post": …}`` (entries ``{"update_timestamp": …}`` and ``{}`` carry no
  text), links from ``attachments[].data[].external_context.url`` (an empty link stub is
  skipped), and, for a post without text, the description of its media, its note or its event.
  A share of someone else's post without text of its own (title "… shared a post" / "… shared
  X's post") is a boost;
* **comments** — ``comments_v2`` (or older ``comments``): each is a reply; the export does not
  identify the post commented on, so the reply target is the title's description
  (``facebook:comment-on:`` plus a hash of it) and, where the English title names it, the
  post's author;
* **reactions** — ``reactions_v2`` / ``reactions`` wrappers or plain lists in
  ``likes_and_reactions_N.json``: a like each;
* **the owner** — ``profile_v2`` / ``profile``: the username, else the full name as a slug.

Never opened: ``messages/``, ``inbox``, friend lists, groups' member lists. Every post and
comment has ``visibility="unknown"`` (see :mod:`spiegel.sources._meta`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, ClassVar

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post, Record, normalize_handle
from spiegel.sources._meta import UNKNOWN, dicts, fix_text, items_of, load, when
from spiegel.sources._notices import notice
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

_POSTS = re.compile(r"(?:^|/)posts/your_posts[\w]*?(?:_\d+)?\.json$", re.IGNORECASE)
_COMMENTS = re.compile(r"(?:^|/)comments(?:_and_reactions)?/comments(?:_\d+)?\.json$", re.IGNORECASE)
_REACTIONS = re.compile(
    r"(?:^|/)(?:likes_and_reactions/posts_and_comments|comments_and_reactions/(?:likes_and_reactions(?:_\d+)?"
    r"|posts_and_comments))\.json$",
    re.IGNORECASE,
)
_PROFILE = re.compile(r"(?:^|/)profile_information/profile_information\.json$", re.IGNORECASE)
_NEVER = re.compile(r"(?:^|/)(?:messages|inbox|friends|friends_and_followers)/", re.IGNORECASE)
_SHARED_OTHERS = re.compile(
    r"\bshared (?:a post|a memory|.+?'s (?:post|photo|video|memory|live video))", re.IGNORECASE
)
_TARGET_AUTHOR = re.compile(
    r"(?:commented on|replied to|likes|reacted to) (.+?)'s (?:own )?(?:post|comment|photo|video|link|status)"
)
_NOT_SLUG = re.compile(r"[^\w-]+")


def _slug(name: str) -> str | None:
    return normalize_handle("-".join(_NOT_SLUG.sub("", p) for p in name.split()).strip("-")) or None


def _target(title: str) -> str | None:
    match = _TARGET_AUTHOR.search(title or "")
    return _slug(match.group(1)) if match else None


class FacebookImporter(Importer):
    """Facebook "Download your information" export in JSON (zip or folder): posts, comments and
    reactions; older ``posts/your_posts_1.json`` and newer ``your_facebook_activity/…`` layouts.

    Facebook does not export who could see a post, so posts and comments are read with
    visibility *unknown* and count only once the account is declared public
    (``--public-account``). Messages and friend lists are never read.
    """

    name: ClassVar[str] = "facebook"
    help: ClassVar[str] = "Facebook 'Download your information' export in JSON (zip or folder)."

    def _files(self, container: Container) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name in container.names():
            if _NEVER.search(name):
                continue
            for kind, pattern in (
                ("posts", _POSTS),
                ("comments", _COMMENTS),
                ("reactions", _REACTIONS),
                ("profile", _PROFILE),
            ):
                if pattern.search(name):
                    found.setdefault(kind, []).append(name)
        for names in found.values():
            names.sort(key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)])
        return found

    def detect(self, container: Container) -> bool:
        found = self._files(container)
        return "posts" in found or "comments" in found or "reactions" in found

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        found = self._files(container)
        owner = ""
        for name in found.get("profile", []):
            where = container.display(name)
            profile = self._optional(container, name)
            if isinstance(profile, dict):
                inner = profile.get("profile_v2") or profile.get("profile") or {}
                if isinstance(inner, dict) and inner:
                    owner = self._handle(inner)
                    yield RawItem(where, "profile", {"profile": inner, "owner": owner})
                    break
        for kind, keys in (
            ("posts", ("status_updates", "posts")),
            ("comments", ("comments_v2", "comments")),
            ("reactions", ("reactions_v2", "reactions", "likes_and_reactions")),
        ):
            for name in found.get(kind, []):
                where = container.display(name)
                items = items_of(load(container, name), keys, where)
                empty = 0
                for item in items:
                    if not isinstance(item, dict) or when(item.get("timestamp")) is None:
                        empty += 1
                        continue
                    yield RawItem(where, kind, {"item": item, "owner": owner})
                if empty:
                    notice(where, "no_text", empty)

    def _optional(self, container: Container, name: str) -> Any:
        try:
            return load(container, name)
        except MalformedFileError as exc:
            notice(container.display(name), "optional_unreadable", why=exc.what)
            return None

    @staticmethod
    def _handle(profile: dict[str, Any]) -> str:
        username = fix_text(profile.get("username"))
        if username:
            return normalize_handle(username) or ""
        name = profile.get("name")
        full = fix_text(name.get("full_name") if isinstance(name, dict) else name)
        return _slug(full) or ""

    def to_records(self, item: RawItem) -> Iterable[Record]:
        data = item.data
        if item.kind == "profile":
            profile = data["profile"]
            name = profile.get("name")
            intro = profile.get("intro_bio") or profile.get("about_me")
            return (
                Account(
                    platform="facebook",
                    handle=data["owner"],
                    display_name=fix_text(name.get("full_name") if isinstance(name, dict) else name) or None,
                    bio=fix_text(intro.get("value") if isinstance(intro, dict) else intro) or None,
                    created_at=when(profile.get("registration_timestamp")),
                    is_self=True,
                    raw=profile,
                ),
            )
        entry = data["item"]
        created = when(entry.get("timestamp"))
        if created is None:  # pragma: no cover - filtered in iter_raw
            return ()
        if item.kind == "posts":
            post = self._post(entry, created, data["owner"])
            if not post.text and not post.urls and not entry.get("attachments") and post.kind == "post":
                notice(item.file, "no_text")
                return ()
            return (post,)
        if item.kind == "comments":
            return self._comment(entry, created, data["owner"])
        if item.kind == "reactions":
            return (self._reaction(entry, created, data["owner"]),)
        return ()

    def _post(self, entry: dict[str, Any], created: datetime, owner: str) -> Post:
        texts = [fix_text(d.get("post")) for d in dicts(entry.get("data")) if d.get("post")]
        text = "\n\n".join(t for t in texts if t)
        urls: list[str] = []
        fallback = ""
        for attachment in dicts(entry.get("attachments")):
            for d in dicts(attachment.get("data")):
                ext = d.get("external_context")
                if isinstance(ext, dict) and ext.get("url"):
                    urls.append(str(ext["url"]))
                media = d.get("media")
                if isinstance(media, dict) and not fallback:
                    fallback = fix_text(media.get("description")) or fix_text(media.get("title"))
                note = d.get("note")
                if isinstance(note, dict) and not fallback:
                    fallback = fix_text(note.get("text")) or fix_text(note.get("title"))
                event = d.get("event")
                if isinstance(event, dict) and not fallback:
                    fallback = fix_text(event.get("description")) or fix_text(event.get("name"))
        title = fix_text(entry.get("title"))
        is_share = not text and bool(_SHARED_OTHERS.search(title))
        digest = hashlib.sha1(f"{created.isoformat()}\n{title}\n{text}".encode()).hexdigest()[:20]
        return Post(
            platform="facebook",
            id=f"facebook:post:{digest}",
            author=owner,
            created_at=created,
            text=text or fallback,
            kind="boost" if is_share else "post",
            urls=urls,
            visibility=UNKNOWN,
            raw=entry,
        )

    def _comment(self, entry: dict[str, Any], created: datetime, owner: str) -> list[Record]:
        title = fix_text(entry.get("title"))
        comment: dict[str, Any] = {}
        for d in dicts(entry.get("data")):
            if isinstance(d.get("comment"), dict):
                comment = d["comment"]
                break
        text = fix_text(comment.get("comment"))
        target = "facebook:comment-on:" + hashlib.sha1(title.encode()).hexdigest()[:16]
        digest = hashlib.sha1(f"{created.isoformat()}\n{title}\n{text}".encode()).hexdigest()[:20]
        return [
            Post(
                platform="facebook",
                id=f"facebook:comment:{digest}",
                author=owner,
                created_at=when(comment.get("timestamp")) or created,
                text=text,
                in_reply_to_id=target,
                in_reply_to_author=_target(title),
                visibility=UNKNOWN,
                raw=entry,
            )
        ]

    def _reaction(self, entry: dict[str, Any], created: datetime, owner: str) -> Interaction:
        title = fix_text(entry.get("title"))
        return Interaction(
            platform="facebook",
            kind="like",
            actor=owner or None,
            created_at=created,
            target_author=_target(title),
            target_text=title or None,
            raw=entry,
        )
