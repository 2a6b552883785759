"""A Mastodon API stand-in: the endpoints spiegel's client calls, answering with objects that
have the keys and types of the real responses recorded in
``shared/data/formats/mastodon_api_json_rtoot_cassettes`` (texts and people are synthetic).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from standins.http import Request, Response, StandinServer

HOST = "gemeente.example"
TOKEN = "test-token-read-only"
_ids = itertools.count(1)


def account(
    username: str,
    host: str = HOST,
    *,
    local: bool = True,
    note: str = "",
    id: str | None = None,
    bot: bool = False,
) -> dict[str, Any]:
    """An Account entity with the keys of ``get_account_default.json``."""
    return {
        "id": id or str(109000000000000000 + next(_ids)),
        "username": username,
        "acct": username if local else f"{username}@{host}",
        "display_name": username.capitalize(),
        "locked": False,
        "bot": bot,
        "discoverable": True,
        "indexable": False,
        "group": False,
        "created_at": "2022-11-07T00:00:00.000Z",
        "note": note,
        "url": f"https://{host}/@{username}",
        "uri": f"https://{host}/users/{username}",
        "avatar": f"https://{host}/avatars/original/missing.png",
        "avatar_static": f"https://{host}/avatars/original/missing.png",
        "header": f"https://{host}/headers/original/missing.png",
        "header_static": f"https://{host}/headers/original/missing.png",
        "followers_count": 10,
        "following_count": 5,
        "statuses_count": 3,
        "last_status_at": "2024-03-01",
        "hide_collections": False,
        "noindex": False,
        "emojis": [],
        "roles": [],
        "fields": [],
    }


def status(
    id: int,
    author: dict[str, Any],
    text: str,
    *,
    when: datetime,
    visibility: str = "public",
    reply_to: dict[str, Any] | None = None,
    mentions: list[dict[str, Any]] = (),  # type: ignore[assignment]
    tags: list[str] = (),  # type: ignore[assignment]
    links: list[str] = (),  # type: ignore[assignment]
    reblog: dict[str, Any] | None = None,
    app: str | None = "Web",
) -> dict[str, Any]:
    """A Status entity with the keys of ``get_account_statuses_default.json``."""
    host = author["url"].split("/")[2]
    parts = [
        f'<span class="h-card"><a href="{m["url"]}" class="u-url mention">@<span>{m["username"]}</span>'
        "</a></span>"
        for m in mentions
    ]
    parts.append(text)
    parts += [
        f'<a href="https://{HOST}/tags/{t}" class="mention hashtag" rel="tag">#<span>{t}</span></a>'
        for t in tags
    ]
    parts += [f'<a href="{u}" rel="nofollow noopener" target="_blank">{u}</a>' for u in links]
    return {
        "id": str(id),
        "created_at": when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "in_reply_to_id": reply_to["id"] if reply_to else None,
        "in_reply_to_account_id": reply_to["account"]["id"] if reply_to else None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": visibility,
        "language": "nl",
        "uri": f"https://{host}/users/{author['username']}/statuses/{id}",
        "url": f"https://{host}/@{author['username']}/{id}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "edited_at": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "pinned": False,
        "content": "" if reblog else "<p>" + " ".join(parts) + "</p>",
        "filtered": [],
        "reblog": reblog,
        "application": {"name": app, "website": None} if app else None,
        "account": author,
        "media_attachments": [],
        "mentions": [{k: m[k] for k in ("id", "username", "url", "acct")} for m in mentions],
        "tags": [{"name": t, "url": f"https://{HOST}/tags/{t}"} for t in tags],
        "emojis": [],
        "quote": None,
        "card": None,
        "poll": None,
    }


def notification(id: int, st: dict[str, Any]) -> dict[str, Any]:
    """A Notification entity of type ``mention`` (documented keys: id, type, created_at, account, status)."""
    return {
        "id": str(id),
        "type": "mention",
        "created_at": st["created_at"],
        "account": st["account"],
        "status": st,
    }


@dataclass
class MastodonWorld:
    """The data behind the stand-in: accounts, statuses, notifications, hashtags."""

    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # acct -> account
    statuses: list[dict[str, Any]] = field(default_factory=list)
    notifications: list[dict[str, Any]] = field(default_factory=list)
    page_size: int = 2

    def by_id(self, status_id: str) -> dict[str, Any] | None:
        return next((s for s in self.statuses if s["id"] == status_id), None)


def _page(items: list[dict[str, Any]], req: Request, base: str, page_size: int) -> Response:
    """Newest-first paging with max_id/since_id/limit and a Link header like Mastodon's."""
    q = {k.rstrip("[]"): v for k, v in req.query.items()}
    items = sorted(items, key=lambda s: int(s["id"]), reverse=True)
    if "max_id" in q:
        items = [s for s in items if int(s["id"]) < int(q["max_id"][0])]
    if "since_id" in q:
        items = [s for s in items if int(s["id"]) > int(q["since_id"][0])]
    limit = min(int(q.get("limit", ["20"])[0]), page_size)
    page, rest = items[:limit], items[limit:]
    headers = {}
    if page:
        links = []
        if rest:
            links.append(f'<{base}{req.path}?limit={limit}&max_id={page[-1]["id"]}>; rel="next"')
        links.append(f'<{base}{req.path}?limit={limit}&min_id={page[0]["id"]}>; rel="prev"')
        headers["Link"] = ", ".join(links)
    return Response(body=page, headers=headers)


def serve(world: MastodonWorld) -> StandinServer:
    server: StandinServer

    def handle(req: Request) -> Response:
        path = req.path
        for st in world.statuses:
            st["replies_count"] = sum(1 for s in world.statuses if s["in_reply_to_id"] == st["id"])
        auth = req.headers.get("authorization")
        if auth is not None and auth != f"Bearer {TOKEN}":
            return Response(401, {"error": "The access token is invalid"})
        if path == "/api/v1/accounts/lookup":
            acct = req.query.get("acct", [""])[0]
            found = world.accounts.get(acct)
            return Response(body=found) if found else Response(404, {"error": "Record not found"})
        m = re.fullmatch(r"/api/v1/accounts/(\d+)/statuses", path)
        if m:
            own = [s for s in world.statuses if s["account"]["id"] == m.group(1)]
            return _page(own, req, server.url, world.page_size)
        if path == "/api/v1/notifications":
            if auth is None:
                return Response(401, {"error": "This method requires an authenticated user"})
            return _page(world.notifications, req, server.url, world.page_size)
        m = re.fullmatch(r"/api/v1/statuses/(\d+)(/context)?", path)
        if m:
            st = world.by_id(m.group(1))
            if st is None:
                return Response(404, {"error": "Record not found"})
            if not m.group(2):
                return Response(body=st)
            ancestors = []
            parent = st
            while parent["in_reply_to_id"] and (parent := world.by_id(parent["in_reply_to_id"])):
                ancestors.insert(0, parent)
            descendants = _descendants(world, st["id"])
            return Response(body={"ancestors": ancestors, "descendants": descendants})
        m = re.fullmatch(r"/api/v1/timelines/tag/(\w+)", path)
        if m:
            tagged = [s for s in world.statuses if any(t["name"] == m.group(1) for t in s["tags"])]
            return _page(tagged, req, server.url, world.page_size)
        if path == "/api/v2/search":
            words = req.query.get("q", [""])[0].lower()
            hits = [s for s in world.statuses if words in s["content"].lower()]
            resp = _page(hits, req, server.url, world.page_size)
            return Response(body={"accounts": [], "statuses": resp.body, "hashtags": []})
        return Response(404, {"error": "Record not found"})

    server = StandinServer(handle)
    return server


def _descendants(world: MastodonWorld, status_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    todo = [status_id]
    while todo:
        current = todo.pop(0)
        children = [s for s in world.statuses if s["in_reply_to_id"] == current]
        out.extend(children)
        todo.extend(c["id"] for c in children)
    return out


def rate_limited(seconds: float = 0.3) -> Response:
    """A 429 answer with Mastodon's X-RateLimit-* headers, resetting after *seconds*."""
    reset = datetime.now(UTC) + timedelta(seconds=seconds)
    return Response(
        429,
        {"error": "Too many requests"},
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        },
    )
