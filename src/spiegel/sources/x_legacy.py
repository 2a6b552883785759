"""Legacy X/Twitter archive (the "Grailbird" archive, downloaded from about 2012 to early 2019).

That archive opens in a browser (``index.html``) and holds:

* ``data/js/tweets/YYYY_MM.js`` — one file per month, ``Grailbird.data.tweets_YYYY_MM =``
  followed by a JSON list of tweets in the API v1.1 shape (``id_str``, ``text``, ``created_at``
  as ``2015-01-24 02:02:37 +0000``, ``entities``, ``in_reply_to_status_id_str``,
  ``retweeted_status``, ``user``);
* ``data/js/user_details.js`` — ``var user_details = {screen_name, full_name, bio, id, …}``;
* ``tweets.csv`` — the same tweets as a table (``tweet_id, in_reply_to_status_id, …,
  timestamp, source, text, retweeted_status_id, …, expanded_urls``), read only when there are no
  monthly ``.js`` files (it has no mentions, hashtags or reply handles).

Likes, follows and a profile are not in this archive. Records follow the same conventions as
:mod:`spiegel.sources.x_archive` (a reply has a reply target, ``in_reply_to_status_id``; a
retweet is ``kind="boost"``).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Post, Record
from spiegel.sources._csv import iter_rows
from spiegel.sources._dates import in_range, parse_twitter
from spiegel.sources._html import link_text
from spiegel.sources._json import load_small
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

_MONTH_FILE = re.compile(r"(?:^|/)data/js/tweets/(\d{4})_(\d{2})\.js$")
_USER_DETAILS = re.compile(r"(?:^|/)data/js/user_details\.js$")
_CSV = re.compile(r"(?:^|/)tweets\.csv$")
_ASSIGNMENT = re.compile(rb"^\s*(?:var\s+)?[A-Za-z_][\w.]*\s*=\s*")
_CSV_HEADER = ("tweet_id", "timestamp", "text")
FIX_LEGACY = (
    "This is an old-style X archive (before 2019); pass the whole unzipped archive or its zip as "
    "downloaded, with data/js/tweets/."
)


def parse_legacy_date(value: str) -> datetime:
    """``2015-01-24 02:02:37 +0000`` (the archive's own format) or X's API format; a date outside
    the range every importer accepts (:func:`~spiegel.sources._dates.in_range`) is a ``ValueError``."""
    text = value.strip()
    try:
        parsed = datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        try:
            return parse_twitter(text)
        except (ValueError, KeyError):
            parsed = datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return in_range(parsed)


def _load_js(container: Container, name: str) -> Any:
    """A Grailbird ``.js`` file: ``<name> = <JSON>``; the assignment is removed, the JSON parsed."""
    where = container.display(name)
    with container.open(name) as f:
        data = f.read()
    data = data.removeprefix(b"\xef\xbb\xbf")
    head = _ASSIGNMENT.match(data)
    if head is None:
        raise MalformedFileError(
            "this is not a file of an old-style X archive: it should start with "
            "'Grailbird.data.tweets_YYYY_MM =' or 'var user_details ='",
            path=where,
            line=1,
            fix=FIX_LEGACY,
        )
    return load_small(io.BytesIO(data[head.end() :].rstrip().rstrip(b";")), where)


class XLegacyArchiveImporter(Importer):
    """Old-style X/Twitter archive (about 2012 to early 2019): ``data/js/tweets/YYYY_MM.js``,
    ``data/js/user_details.js`` and ``tweets.csv`` (zip or folder).

    Posts, replies (they have ``in_reply_to_status_id``) and retweets (boosts) with the owner
    from ``user_details.js``. This archive holds no likes or follows.
    """

    name: ClassVar[str] = "x_legacy"
    help: ClassVar[str] = "Old-style X/Twitter archive of 2012-2019 (data/js/tweets/YYYY_MM.js, tweets.csv)."

    def _months(self, container: Container) -> list[str]:
        found = [(m.group(1), m.group(2), n) for n in container.names() if (m := _MONTH_FILE.search(n))]
        return [n for _, _, n in sorted(found)]

    def detect(self, container: Container) -> bool:
        names = container.names()
        if self._months(container) or any(_USER_DETAILS.search(n) for n in names):
            return True
        csvs = [n for n in names if _CSV.search(n)]
        if not csvs:
            return False
        with container.open(csvs[0]) as f:
            head = f.read(512).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
        cells = [c.strip().strip('"') for c in (head[0] if head else "").split(",")]
        return all(c in cells for c in _CSV_HEADER)

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        names = container.names()
        owner: dict[str, Any] = {}
        details = next((n for n in names if _USER_DETAILS.search(n)), None)
        if details is not None:
            data = _load_js(container, details)
            if isinstance(data, dict):
                owner = data
                yield RawItem(container.display(details), "owner", data)
        handle = str(owner.get("screen_name") or "").lower()
        months = self._months(container)
        for name in months:
            where = container.display(name)
            tweets = _load_js(container, name)
            if not isinstance(tweets, list):
                raise MalformedFileError(
                    f"expected a list of tweets, found {type(tweets).__name__}", path=where, fix=FIX_LEGACY
                )
            for t in tweets:
                yield RawItem(where, "tweet", {"tweet": t, "owner": handle})
        if months:
            return
        for name in (n for n in names if _CSV.search(n)):
            where = container.display(name)
            with container.open(name) as f:
                for line, row in iter_rows(f, where, is_header=lambda cells: "tweet_id" in cells):
                    yield RawItem(where, "row", {"row": row, "owner": handle}, line)

    def to_records(self, item: RawItem) -> Iterable[Record]:
        if item.kind == "tweet":
            return (self._tweet(item.data["tweet"], item.data["owner"], item.file),)
        if item.kind == "row":
            return (self._row(item.data["row"], item.data["owner"], item),)
        if item.kind == "owner":
            d = item.data
            handle = str(d.get("screen_name") or "").lower()
            created = d.get("created_at")
            return (
                Account(
                    platform="x",
                    handle=handle,
                    id=str(d["id"]) if d.get("id") else None,
                    display_name=d.get("full_name") or None,
                    bio=d.get("bio") or None,
                    url=f"https://x.com/{handle}" if handle else None,
                    created_at=_date(created, item.file, "created_at") if created else None,
                    is_self=True,
                    raw=d,
                ),
            )
        return ()

    def _tweet(self, t: Any, owner: str, where: str) -> Post:
        if not isinstance(t, dict):
            raise MalformedFileError(
                f"expected a tweet object, found {type(t).__name__}", path=where, fix=FIX_LEGACY
            )
        tweet_id = str(t.get("id_str") or t.get("id") or "")
        if not tweet_id or not isinstance(t.get("created_at"), str):
            missing = "id_str" if not tweet_id else "created_at"
            raise MalformedFileError(f"a tweet has no {missing}", path=where, field=missing, fix=FIX_LEGACY)
        created = _date(t["created_at"], where, "created_at")
        user: dict[str, Any] = t["user"] if isinstance(t.get("user"), dict) else {}
        handle = owner or str(user.get("screen_name") or "").lower()
        text = str(t.get("text") or "")
        ent: dict[str, Any] = t["entities"] if isinstance(t.get("entities"), dict) else {}
        urls: list[str] = []
        for u in _dicts(ent.get("urls")):
            expanded = u.get("expanded_url")
            if isinstance(expanded, str) and expanded:
                urls.append(expanded)
                if isinstance(u.get("url"), str) and u["url"]:
                    text = text.replace(u["url"], expanded)
        if "&" in text:
            text = html.unescape(text)
        retweeted = t.get("retweeted_status")
        reply_to = t.get("in_reply_to_status_id_str") or t.get("in_reply_to_status_id")
        reply_author = t.get("in_reply_to_screen_name") if reply_to else None
        return Post(
            platform="x",
            id=tweet_id,
            author=handle,
            created_at=created,
            text=text,
            kind="boost" if isinstance(retweeted, dict) or text.startswith("RT @") else "post",
            url=f"https://x.com/{handle}/status/{tweet_id}"
            if handle
            else f"https://x.com/i/web/status/{tweet_id}",
            lang=t["lang"] if isinstance(t.get("lang"), str) and t["lang"] not in ("", "und") else None,
            in_reply_to_id=str(reply_to) if reply_to else None,
            in_reply_to_author=reply_author.lower()
            if isinstance(reply_author, str) and reply_author
            else None,
            boost_of_id=str(retweeted.get("id_str") or "") or None if isinstance(retweeted, dict) else None,
            mentions=[
                m["screen_name"].lower()
                for m in _dicts(ent.get("user_mentions"))
                if isinstance(m.get("screen_name"), str)
            ],
            hashtags=[h["text"] for h in _dicts(ent.get("hashtags")) if isinstance(h.get("text"), str)],
            urls=urls,
            source_app=link_text(t["source"]) if isinstance(t.get("source"), str) else None,
            raw=t,
        )

    def _row(self, row: dict[str | None, Any], owner: str, item: RawItem) -> Post:
        tweet_id = str(row.get("tweet_id") or "").strip()
        stamp = str(row.get("timestamp") or "")
        if not tweet_id:
            raise MalformedFileError("a row has no tweet_id", path=item.file, line=item.line, fix=FIX_LEGACY)
        created = _date(stamp, item.file, "timestamp", item.line)
        text = html.unescape(str(row.get("text") or ""))
        reply_to = str(row.get("in_reply_to_status_id") or "").strip() or None
        boost_of = str(row.get("retweeted_status_id") or "").strip() or None
        urls = [u for u in str(row.get("expanded_urls") or "").split(",") if u.strip()]
        return Post(
            platform="x",
            id=tweet_id,
            author=owner,
            created_at=created,
            text=text,
            kind="boost" if boost_of or text.startswith("RT @") else "post",
            url=f"https://x.com/{owner}/status/{tweet_id}"
            if owner
            else f"https://x.com/i/web/status/{tweet_id}",
            in_reply_to_id=reply_to,
            boost_of_id=boost_of,
            urls=urls,
            source_app=link_text(row.get("source")),
            raw={k: v for k, v in row.items() if k is not None},
        )


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _date(value: str, where: str, field: str, line: int | None = None) -> datetime:
    try:
        return parse_legacy_date(value)
    except ValueError as exc:
        raise MalformedFileError(
            f"cannot read the date {value!r} (expected like 2015-01-24 02:02:37 +0000)",
            path=where,
            line=line,
            field=field,
            fix=FIX_LEGACY,
        ) from exc
