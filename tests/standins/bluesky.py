"""A Bluesky AppView stand-in: the XRPC queries spiegel's client calls, answering with the shapes
the lexicons define (``app.bsky.feed.defs#postView``, ``#feedViewPost``, ``#threadViewPost``,
``app.bsky.actor.defs#profileViewDetailed``), with synthetic people and texts.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from standins.http import Request, Response, StandinServer

CID = "bafyreib2rxk3rybk3aobmv5cjuql3bm2twh4jo5uxgf5zxrgd7ncnrzqhm"
APP_PASSWORD = "abcd-efgh-ijkl-mnop"


def _jwt(did: str, scope: str) -> str:
    """An unsigned JWT with the claims a PDS puts in its session tokens (clients read ``exp``)."""

    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"scope": scope, "sub": did, "iat": now, "exp": now + 7200, "aud": "did:web:pds.example"}
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.c2lnbmF0dXJl"


POST = "app.bsky.feed.post"


def profile(handle: str, did: str, description: str = "") -> dict[str, Any]:
    return {
        "did": did,
        "handle": handle,
        "displayName": handle.split(".")[0].capitalize(),
        "description": description,
        "followersCount": 12,
        "followsCount": 7,
        "postsCount": 3,
        "indexedAt": "2024-01-01T00:00:00.000Z",
    }


def _basic(p: dict[str, Any]) -> dict[str, Any]:
    return {"did": p["did"], "handle": p["handle"], "displayName": p["displayName"]}


@dataclass
class BskyPost:
    rkey: str
    author: dict[str, Any]
    text: str
    when: datetime
    reply_to: BskyPost | None = None
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"at://{self.author['did']}/{POST}/{self.rkey}"

    def root(self) -> BskyPost:
        node = self
        while node.reply_to is not None:
            node = node.reply_to
        return node

    def record(self) -> dict[str, Any]:
        text = " ".join(f"@{m['handle']}" for m in self.mentions) + (" " if self.mentions else "") + self.text
        raw = text.encode()
        facets = []
        for m in self.mentions:
            start = raw.index(f"@{m['handle']}".encode())
            facets.append(
                {
                    "index": {"byteStart": start, "byteEnd": start + len(m["handle"]) + 1},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": m["did"]}],
                }
            )
        rec: dict[str, Any] = {
            "$type": POST,
            "text": text,
            "langs": ["nl"],
            "createdAt": self.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }
        if facets:
            rec["facets"] = facets
        if self.reply_to is not None:
            rec["reply"] = {
                "parent": {"uri": self.reply_to.uri, "cid": CID},
                "root": {"uri": self.root().uri, "cid": CID},
            }
        return rec


@dataclass
class Repost:
    by: dict[str, Any]
    post: BskyPost
    when: datetime
    rkey: str


@dataclass
class BlueskyWorld:
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)  # handle -> profile
    posts: list[BskyPost] = field(default_factory=list)
    reposts: list[Repost] = field(default_factory=list)
    page_size: int = 2

    def view(self, p: BskyPost) -> dict[str, Any]:
        """An ``app.bsky.feed.defs#postView``."""
        return {
            "uri": p.uri,
            "cid": CID,
            "author": _basic(p.author),
            "record": p.record(),
            "replyCount": sum(1 for q in self.posts if q.reply_to is p),
            "repostCount": 0,
            "likeCount": 0,
            "indexedAt": p.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "labels": [],
        }


def _paged(items: list[Any], req: Request, size: int) -> tuple[list[Any], str | None]:
    start = int(req.query.get("cursor", ["0"])[0])
    limit = min(int(req.query.get("limit", ["50"])[0]), size)
    page = items[start : start + limit]
    return page, (str(start + limit) if start + limit < len(items) else None)


def serve(world: BlueskyWorld) -> StandinServer:
    tokens: set[str] = set()

    def handle(req: Request) -> Response:
        method = req.path.removeprefix("/xrpc/")
        q = {k: v[0] for k, v in req.query.items()}
        if method == "com.atproto.server.createSession":
            who = world.profiles.get(str(req.body.get("identifier")))
            if who is None or req.body.get("password") != APP_PASSWORD:
                return Response(
                    401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
                )
            access = _jwt(who["did"], "com.atproto.appPass")
            tokens.add(access)
            session = {
                "accessJwt": access,
                "refreshJwt": _jwt(who["did"], "com.atproto.refresh"),
                "handle": who["handle"],
                "did": who["did"],
                "active": True,
            }
            return Response(body=session)
        if method == "app.bsky.actor.getProfile":
            found = world.profiles.get(q.get("actor", "")) or next(
                (p for p in world.profiles.values() if p["did"] == q.get("actor")), None
            )
            if found is None:
                return Response(400, {"error": "InvalidRequest", "message": "Profile not found"})
            return Response(body=found)
        if method == "app.bsky.feed.getAuthorFeed":
            actor = world.profiles.get(q["actor"])
            if actor is None:
                return Response(400, {"error": "InvalidRequest", "message": "Profile not found"})
            items: list[tuple[datetime, dict[str, Any]]] = []
            for p in world.posts:
                if p.author is actor:
                    item: dict[str, Any] = {"post": world.view(p)}
                    if p.reply_to is not None:
                        view = "app.bsky.feed.defs#postView"
                        item["reply"] = {
                            "parent": {"$type": view, **world.view(p.reply_to)},
                            "root": {"$type": view, **world.view(p.root())},
                        }
                    items.append((p.when, item))
            for r in world.reposts:
                if r.by is actor:
                    reason = {
                        "$type": "app.bsky.feed.defs#reasonRepost",
                        "by": _basic(r.by),
                        "uri": f"at://{r.by['did']}/app.bsky.feed.repost/{r.rkey}",
                        "cid": CID,
                        "indexedAt": r.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                    }
                    items.append((r.when, {"post": world.view(r.post), "reason": reason}))
            items.sort(key=lambda pair: pair[0], reverse=True)
            page, cursor = _paged([i for _, i in items], req, world.page_size)
            return Response(body={"feed": page, **({"cursor": cursor} if cursor else {})})
        if method == "app.bsky.feed.searchPosts":
            if req.headers.get("authorization", "").removeprefix("Bearer ") not in tokens:
                # Bluesky's public AppView refuses anonymous post search
                return Response(
                    403, {"error": "Forbidden", "message": "Request forbidden by administrative rules"}
                )
            hits = sorted(world.posts, key=lambda p: p.when, reverse=True)
            if "mentions" in q:
                hits = [p for p in hits if any(m["handle"] == q["mentions"] for m in p.mentions)]
            if q.get("q", "*") != "*":
                hits = [p for p in hits if q["q"].lower() in p.text.lower()]
            page, cursor = _paged(hits, req, world.page_size)
            body = {"posts": [world.view(p) for p in page], "hitsTotal": len(hits)}
            return Response(body={**body, **({"cursor": cursor} if cursor else {})})
        if method == "app.bsky.feed.getPostThread":
            target = next((p for p in world.posts if p.uri == q["uri"]), None)
            if target is None:
                return Response(400, {"error": "NotFound", "message": "Post not found"})
            return Response(body={"thread": _thread(world, target, with_parent=True)})
        return Response(501, {"error": "MethodNotImplemented", "message": f"{method} is not served here"})

    return StandinServer(handle)


def _thread(world: BlueskyWorld, p: BskyPost, with_parent: bool) -> dict[str, Any]:
    node: dict[str, Any] = {"$type": "app.bsky.feed.defs#threadViewPost", "post": world.view(p)}
    if with_parent and p.reply_to is not None:
        parent = _thread(world, p.reply_to, with_parent=True)
        parent.pop("replies", None)
        node["parent"] = parent
    node["replies"] = [_thread(world, q, with_parent=False) for q in world.posts if q.reply_to is p]
    return node


def rate_limited(reset_epoch: int) -> Response:
    """A 429 with the ``ratelimit-*`` headers Bluesky's services send."""
    return Response(
        429,
        {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers={
            "ratelimit-limit": "3000",
            "ratelimit-remaining": "0",
            "ratelimit-reset": str(reset_epoch),
            "ratelimit-policy": "3000;w=300",
        },
    )
