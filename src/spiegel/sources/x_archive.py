"""X/Twitter account archive ("Download an archive of your data"), as zip or unpacked folder.

Reads from the archive's ``data/`` folder (or from single files passed directly):

* ``tweets.js`` (since 2022) or ``tweet.js`` (older archives), and their split parts
  ``tweets-part1.js`` … — every post, reply, quote and retweet (retweets become
  ``kind="boost"``; of an edited post only the last version is kept);
* ``community-tweet.js`` — posts the owner wrote in X Communities, which ``tweets.js`` does not
  hold (read like tweets; one that is in both files is counted once, with a notice);
* ``note-tweet.js`` — the full text of long posts, joined onto the tweet that shows the
  shortened text;
* ``account.js`` and ``manifest.js`` (the owner: handle, id, display name), ``profile.js`` (bio);
* ``follower.js``, ``following.js`` (follow interactions; the archive names accounts only by
  numeric id) and ``like.js`` (likes).

Each file is ``window.YTD.<name>.partN = [ … ]``; tweets are streamed in chunks, so archives of
many gigabytes are read with flat memory.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post, Record, is_plain_url
from spiegel.sources._dates import parse_iso, parse_twitter
from spiegel.sources._html import link_text
from spiegel.sources._json import FIX_DOWNLOAD, iter_ytd, load_small
from spiegel.sources._notices import notice
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

_FILE = re.compile(
    r"(?:^|/)(tweets?|community-tweet|note-tweet|account|profile|follower|following|like|manifest)"
    r"(?:-part(\d+))?\.js$",
    re.IGNORECASE,
)
_TWEET_FILES = ("tweet", "tweets")
_LEADING_MENTIONS = re.compile(r"^(?:@\w+\s+)+")


@dataclass(slots=True)
class _Context:
    """What the tweets of one archive share: the owner and the long-post texts."""

    handle: str = ""
    account_id: str | None = None
    #: ids of the community posts, read before tweets.js so that a post in both counts once
    community: set[str] = field(default_factory=set)
    notes: dict[datetime, list[str]] = field(default_factory=dict)
    #: the posts' URL up to the id, and whether it is a plain URL (see _tweet); set on first use
    url_prefix: str | None = None
    url_plain: bool = False


@dataclass(slots=True)
class XItem(RawItem):
    """A raw archive item plus the archive context it is read in."""

    ctx: _Context | None = None


def _str(value: Any) -> str | None:
    """*value* as an id or text: strings as they are, integers as digits, anything else (a list
    or object where the archive has a string) as missing."""
    if isinstance(value, str):
        return value
    return str(value) if type(value) is int else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any] | tuple[()]:
    """*value* when it is a list, else an empty tuple (for loops that check each item themselves)."""
    return value if type(value) is list else ()


def _classify(names: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for name in names:
        m = _FILE.search(name)
        if m:
            kind = m.group(1).lower()
            found.setdefault("tweet" if kind in _TWEET_FILES else kind, []).append(
                (int(m.group(2) or 0), name)
            )
    for parts in found.values():
        parts.sort()
    return found


def _unwrap(item: Any, key: str, where: str) -> dict[str, Any]:
    """X wraps each item as ``{"tweet": {…}}``; return the inner object."""
    if isinstance(item, dict):
        inner = item.get(key)
        if isinstance(inner, dict):
            return inner
        if len(item) == 1:
            only = next(iter(item.values()))
            if isinstance(only, dict):
                return only
    raise MalformedFileError(
        f'expected items shaped like {{"{key}": {{…}}}}, found {type(item).__name__} {str(item)[:60]!r}',
        path=where,
        field=key,
        fix=FIX_DOWNLOAD,
    )


class XArchiveImporter(Importer):
    """X/Twitter account archive (zip or folder): tweets, long posts, profile, follows, likes.

    Both file namings are read (``data/tweets.js`` with ``window.YTD.tweets.part0`` and the older
    ``data/tweet.js`` with ``window.YTD.tweet.part0``), including split parts. The post URL is
    ``https://x.com/<handle>/status/<id>``; t.co links in the text are replaced by the links they
    stand for, and HTML entities (``&amp;``) are decoded.
    """

    name: ClassVar[str] = "x_archive"
    help: ClassVar[str] = "X/Twitter account archive (zip or folder with data/tweets.js or data/tweet.js)."

    def detect(self, container: Container) -> bool:
        found = _classify(container.names())
        if not found or set(found) == {"manifest"}:
            return False
        tweets = [n for _, n in found.get("tweet", [])]
        name = tweets[0] if tweets else next(n for parts in found.values() for _, n in parts)
        with container.open(name) as f:
            head = f.read(64)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"window.YTD.", b"window.__THAR_CONFIG")):
            return True
        # An empty or UTF-16 tweets file is still an X archive: claim it, so that reading it
        # gives an error about the file instead of "unknown format".
        return bool(tweets) and (not head.strip() or head.startswith((b"\xff\xfe", b"\xfe\xff")))

    # -- reading -------------------------------------------------------------------------
    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        for where, kind, items, ctx in self._sources(container):
            for item in items:
                yield XItem(where, kind, item, ctx=ctx)

    def read(self, container: Container) -> Iterator[Record]:
        """Same records as ``iter_raw`` + ``to_records``, without the per-tweet RawItem and
        with the tweet loop over each file's items directly: it is the hot path of an import."""
        tweet = self._tweet
        edited: dict[str, int] = {}
        for where, kind, items, ctx in self._sources(container):
            if kind != "tweet":
                for item in items:
                    yield from self.to_records(XItem(where, kind, item, ctx=ctx))
                continue
            n = 0
            for item in items:
                inner = item.get("tweet") if type(item) is dict else None
                t = inner if type(inner) is dict else _unwrap(item, "tweet", where)
                if not _superseded(t):
                    yield tweet(t, ctx, where)
                else:
                    n += 1
            if n:
                edited[where] = edited.get(where, 0) + n
        for where, n in edited.items():
            notice(where, "edited_versions", n)

    def _sources(self, container: Container) -> Iterator[tuple[str, str, Iterable[Any], _Context]]:
        """(file, kind, its items, the archive context) in reading order: the owner, then
        community posts, tweets, likes, follows. Each file stays open while its items are read."""
        found = _classify(container.names())
        ctx = _Context()
        owner = self._owner(container, found, ctx)
        if owner is not None:
            yield owner[0], "account", (owner[1],), ctx
        for _, name in found.get("note-tweet", []):
            self._load_notes(container, name, ctx)
        for _, name in found.get("community-tweet", []):
            where = container.display(name)
            with container.open(name) as f:
                yield where, "tweet", _community(iter_ytd(f, where), where, ctx), ctx
        for kind in ("tweet", "like", "follower", "following"):
            for _, name in found.get(kind, []):
                where = container.display(name)
                with container.open(name) as f:
                    items = iter_ytd(f, where)
                    if kind == "tweet" and ctx.community:
                        items = _without_community(items, where, ctx)
                    yield where, kind, items, ctx

    def _owner(
        self, container: Container, found: dict[str, list[tuple[int, str]]], ctx: _Context
    ) -> tuple[str, dict[str, Any]] | None:
        data: dict[str, Any] = {}
        where = account_where = ""
        for _, name in found.get("manifest", []):
            where = container.display(name)
            with container.open(name) as f:
                text = f.read()
            body = text[text.find(b"=") + 1 :].strip().rstrip(b";")
            try:
                manifest = load_small(io.BytesIO(body), where)
            except MalformedFileError:
                # The manifest only repeats the owner that account.js gives; a damaged one must
                # not stop the import of the posts.
                continue
            data["manifest"] = _dict(manifest.get("userInfo")) if isinstance(manifest, dict) else {}
        for kind in ("account", "profile"):
            for _, name in found.get(kind, []):
                where = container.display(name)
                with container.open(name) as f:
                    items = load_small(f, where)
                if isinstance(items, list) and items:
                    data[kind] = _unwrap(items[0], kind, where)
                    if kind == "account":
                        account_where = where
        if not data:
            return None
        account = data.get("account", {})
        manifest = data.get("manifest", {})
        ctx.handle = (_str(account.get("username")) or _str(manifest.get("userName")) or "").lower()
        ctx.account_id = _str(account.get("accountId")) or _str(manifest.get("accountId"))
        return account_where or where, data

    def _load_notes(self, container: Container, name: str, ctx: _Context) -> None:
        where = container.display(name)
        with container.open(name) as f:
            for item in iter_ytd(f, where):
                note = _unwrap(item, "noteTweet", where)
                text = _dict(note.get("core")).get("text")
                created = note.get("createdAt")
                if not text or not isinstance(text, str) or not isinstance(created, str):
                    continue
                try:
                    when = parse_iso(created)
                except ValueError:
                    continue
                ctx.notes.setdefault(when.replace(microsecond=0), []).append(text)

    # -- records -------------------------------------------------------------------------
    def to_records(self, item: RawItem) -> Iterable[Record]:
        ctx = item.ctx if isinstance(item, XItem) and item.ctx is not None else _Context()
        kind = item.kind
        if kind == "tweet":
            t = _unwrap(item.data, "tweet", item.file)
            return () if _superseded(t) else (self._tweet(t, ctx, item.file),)
        if kind == "like":
            like = _unwrap(item.data, "like", item.file)
            return (
                Interaction(
                    platform="x",
                    kind="like",
                    actor=ctx.handle or None,
                    target_id=_str(like.get("tweetId")),
                    target_url=_str(like.get("expandedUrl")),
                    target_text=_str(like.get("fullText")),
                    raw=like,
                ),
            )
        if kind in ("follower", "following"):
            acc = _unwrap(item.data, kind, item.file)
            other = _str(acc.get("accountId")) or None
            if kind == "follower":
                return (
                    Interaction(
                        platform="x",
                        kind="follow",
                        actor=other,
                        target_author=ctx.handle or None,
                        target_url=_str(acc.get("userLink")),
                        raw=acc,
                    ),
                )
            return (
                Interaction(
                    platform="x",
                    kind="follow",
                    actor=ctx.handle or None,
                    target_id=other,
                    target_url=_str(acc.get("userLink")),
                    raw=acc,
                ),
            )
        if kind == "account":
            return (self._account(item.data, ctx, item.file),)
        return ()

    def _account(self, data: dict[str, Any], ctx: _Context, where: str) -> Account:
        account = _dict(data.get("account"))
        manifest = _dict(data.get("manifest"))
        description = _dict(_dict(data.get("profile")).get("description"))
        created = account.get("createdAt")
        try:
            created_at = parse_iso(created) if isinstance(created, str) and created else None
        except ValueError as exc:
            raise MalformedFileError(
                f"the account has an unreadable date {created!r}",
                path=where,
                field="createdAt",
                fix=FIX_DOWNLOAD,
            ) from exc
        return Account(
            platform="x",
            handle=ctx.handle,
            id=ctx.account_id,
            display_name=_str(account.get("accountDisplayName")) or _str(manifest.get("displayName")),
            bio=_str(description.get("bio")) or None,
            url=f"https://x.com/{ctx.handle}" if ctx.handle else None,
            created_at=created_at,
            is_self=True,
            raw=data,
        )

    def _tweet(self, t: dict[str, Any], ctx: _Context, where: str) -> Post:
        tweet_id = t.get("id_str")
        if type(tweet_id) is not str or not tweet_id:  # ids as strings is the common case: no call
            tweet_id = _str(tweet_id) or _str(t.get("id"))
        created_raw = t.get("created_at")
        if not tweet_id or not isinstance(created_raw, str):
            missing = "id_str" if not tweet_id else "created_at"
            raise MalformedFileError(f"a tweet has no {missing}", path=where, field=missing, fix=FIX_DOWNLOAD)
        tweet_id = str(tweet_id)
        try:
            created = parse_twitter(created_raw)
        except (ValueError, KeyError) as exc:
            raise MalformedFileError(
                f"tweet {tweet_id} has an unreadable date {created_raw!r}",
                path=where,
                field="created_at",
                fix=FIX_DOWNLOAD,
            ) from exc
        text = t.get("full_text")
        if text is None:
            text = t.get("text") or ""
        if type(text) is not str and not isinstance(text, str):
            raise MalformedFileError(
                f"tweet {tweet_id} has a text that is not a string ({type(text).__name__})",
                path=where,
                field="full_text",
                fix=FIX_DOWNLOAD,
            )
        # the per-tweet type checks are inline (no helper calls, no copied lists): this runs
        # once per tweet of an import; _list / _dict / _str give the same results
        ent = t.get("entities")
        if type(ent) is not dict:
            ent = _dict(ent)
        urls: list[str] = []
        found = ent.get("urls")
        if type(found) is list:
            for u in found:
                if type(u) is not dict:
                    continue
                expanded = u.get("expanded_url")
                if type(expanded) is not str:
                    expanded = _str(expanded)
                if expanded:
                    urls.append(expanded)
                    short = u.get("url")
                    if type(short) is not str:
                        short = _str(short)
                    if short:
                        text = text.replace(short, expanded)
        if "&" in text:
            text = html.unescape(text)
        if ctx.notes and text.endswith("…"):
            text = _join_note(text, ctx.notes.get(created))
        mentions: list[str] = []
        found = ent.get("user_mentions")
        if type(found) is list:
            for m in found:
                if type(m) is dict:
                    name = m.get("screen_name")
                    if type(name) is not str:
                        name = _str(name)
                    if name:
                        mentions.append(name.lower())
        hashtags: list[str] = []
        found = ent.get("hashtags")
        if type(found) is list:
            for h in found:
                if type(h) is dict:
                    tag = h.get("text")
                    if type(tag) is str and tag:
                        hashtags.append(tag)
        retweeted = t.get("retweeted_status")
        is_boost = retweeted is not None or text.startswith("RT @")
        # a reply has a reply target: X also sets in_reply_to_screen_name on a post that only
        # starts with @name (no in_reply_to_status_id_str); that post is a mention, not a reply
        reply_to = t.get("in_reply_to_status_id_str")
        if reply_to is not None and type(reply_to) is not str:
            reply_to = _str(reply_to)
        reply_author = _str(t.get("in_reply_to_screen_name")) if reply_to else None
        handle = ctx.handle
        lang = t.get("lang")
        if lang is not None and type(lang) is not str:
            lang = _str(lang)
        quoted = t.get("quoted_status_id_str")
        if quoted is not None and type(quoted) is not str:
            quoted = _str(quoted)
        source = t.get("source")
        if source is not None and type(source) is not str:
            source = _str(source)
        prefix = ctx.url_prefix
        if prefix is None:
            prefix = ctx.url_prefix = (
                f"https://x.com/{handle}/status/" if handle else "https://x.com/i/web/status/"
            )
            ctx.url_plain = is_plain_url(prefix + "0")
        url = prefix + tweet_id
        # A plain prefix followed by ASCII digits is a plain URL, which Post's URL check keeps
        # as it is: set it after construction and spare the check (once per tweet of an import).
        plain = ctx.url_plain and tweet_id.isdigit() and tweet_id.isascii()
        post = Post(
            platform="x",
            id=tweet_id,
            author=handle,
            created_at=created,
            text=text,
            kind="boost" if is_boost else "post",
            url=None if plain else url,
            lang=None if lang in (None, "und", "") else lang,
            in_reply_to_id=reply_to,
            in_reply_to_author=reply_author.lower() if reply_author else None,
            quote_of_id=quoted,
            boost_of_id=(_str(retweeted.get("id_str")) if isinstance(retweeted, dict) else None),
            mentions=mentions,
            hashtags=hashtags,
            urls=urls,
            source_app=link_text(source),
            raw=t,
        )
        if plain:
            post.url = url
        return post


def _community(items: Iterable[Any], where: str, ctx: _Context) -> Iterator[Any]:
    """The items of community-tweet.js, noting each post's id (so tweets.js counts it once)."""
    for item in items:
        t = _unwrap(item, "tweet", where)
        ctx.community.add(str(t.get("id_str") or t.get("id")))
        yield item


def _without_community(items: Iterable[Any], where: str, ctx: _Context) -> Iterator[Any]:
    """The items of a tweets file without the posts read from community-tweet.js (a notice
    counts them)."""
    duplicates = 0
    for item in items:
        if _in_community(item, ctx):
            duplicates += 1
            continue
        yield item
    if duplicates:
        notice(where, "duplicate", duplicates)


def _in_community(item: Any, ctx: _Context) -> bool:
    inner = item.get("tweet") if isinstance(item, dict) else None
    return isinstance(inner, dict) and str(inner.get("id_str") or inner.get("id")) in ctx.community


def _superseded(t: dict[str, Any]) -> bool:
    """Is this an older version of an edited tweet? The archive keeps every version, linked by
    ``editTweetIds``; only the last one is the post as people saw it."""
    info = t.get("edit_info")
    if not info or type(info) is not dict:
        return False
    control = info.get("initial")
    if type(control) is not dict or not control:
        control = _dict(_dict(info.get("edit")).get("editControlInitial"))
    versions = control.get("editTweetIds")
    return (
        type(versions) is list
        and len(versions) > 1
        and str(t.get("id_str") or t.get("id")) != str(versions[-1])
    )


def _join_note(text: str, notes: list[str] | None) -> str:
    """Replace a shortened long post ("… the…") by its full text from note-tweet.js."""
    if not notes:
        return text
    lead = _LEADING_MENTIONS.match(text)
    prefix = lead.group(0) if lead else ""
    visible = text[len(prefix) :].rstrip("…").strip()
    probe = " ".join(visible.split())[:80]
    for note in notes:
        if " ".join(note.split()).startswith(probe):
            return prefix + note
    return text
