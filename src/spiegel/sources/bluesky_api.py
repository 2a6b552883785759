"""Bluesky public API client (the ``atproto`` package's ``Client``, pointed at an AppView).

Reads, without logging in: an account's author feed (``app.bsky.feed.getAuthorFeed``), the
thread around a post (``getPostThread``) and a post search (``searchPosts``, with ``mentions``
for posts that mention a handle). Everything on Bluesky is public; spiegel keeps posts and
reposts only.

Paging uses the ``cursor`` each answer carries; the cursor is kept in
:class:`~spiegel.sources._http.FetchState` so a re-run continues. A 429 answer is retried after
the time its ``ratelimit-reset`` (or ``retry-after``) header names; 5xx answers and network
failures are retried with back-off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from atproto import Client
from atproto_client.exceptions import (
    BadRequestError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.utils import get_model_as_dict
from atproto_client.request import Request
from atproto_core.exceptions import AtProtocolError

from spiegel.errors import RemoteError
from spiegel.records import Account, Post, normalize_handle
from spiegel.sources import _bluesky as bsky
from spiegel.sources import _net
from spiegel.sources._http import RetryPolicy, Transient, with_retries

PUBLIC_SERVICE = "https://public.api.bsky.app"
#: where an app-password login goes by default (Bluesky's entryway; it finds the account's PDS)
DEFAULT_PDS = "https://bsky.social"
PAGE_LIMIT = 100


def _classify(service: str) -> Callable[[Exception], Exception]:
    def classify(exc: Exception) -> Exception:
        refused = _net.not_allowed_in(exc)
        if refused is not None:  # never retried, never echoes an answer
            return refused
        if isinstance(exc, RateLimitExceededError):
            wait = exc.retry_after
            if wait is None and exc.reset_at is not None:
                wait = max((exc.reset_at - datetime.now(UTC)).total_seconds(), 0.0)
            return Transient("rate limited (HTTP 429)", wait=wait, rate_limited=True)
        status = exc.response.status_code if isinstance(exc, RequestErrorBase) and exc.response else None
        if isinstance(exc, NetworkError) or (status is not None and status >= 500):
            return Transient(f"server error (HTTP {status})" if status else f"cannot reach {service}")
        if isinstance(exc, UnauthorizedError):
            return RemoteError(
                f"{service} refused the request (HTTP {status}: {exc}). Feeds and threads need no login, "
                "but Bluesky only answers post searches (--mentions, --search) for a logged-in account: "
                "pass --login HANDLE with an app password (Settings → Privacy and security → App passwords) "
                "in SPIEGEL_BLUESKY_APP_PASSWORD. A refused login means the handle or app password is wrong."
            )
        if isinstance(exc, BadRequestError):
            return RemoteError(f"{service} rejected the request: {exc} (is the handle or query right?)")
        if isinstance(exc, RequestErrorBase):
            return RemoteError(f"{service} answered with an error: {exc}")
        if isinstance(exc, AtProtocolError | ValueError | RecursionError):  # bad or hostile JSON, bad shape
            return RemoteError(f"{service} sent an answer spiegel cannot read ({type(exc).__name__}: {exc})")
        return exc

    return classify


class BlueskyFetcher:
    """Reads public Bluesky data from one AppView. All calls go through :meth:`call`."""

    def __init__(
        self,
        service: str = PUBLIC_SERVICE,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        on_wait: Callable[[str, float], None] | None = None,
        allow_private: bool | None = None,
    ) -> None:
        # only public servers: checked here and at every connection, redirects included
        # (spiegel.sources._net); *allow_private* is for tests and own servers
        self.allow_private = _net.private_allowed() if allow_private is None else allow_private
        self.service = _net.server_url(service, allow_private=self.allow_private, field="--service")
        self.timeout = timeout
        self.client = self._client(self.service)
        self.retry = retry or RetryPolicy()
        self.on_wait = on_wait
        self._classify = _classify(self.service)
        #: DID → handle of every author seen, to name reply parents and mentions
        self.handles: dict[str, str] = {}

    def login(self, identifier: str, app_password: str, pds: str = DEFAULT_PDS) -> None:
        """Log in with an app password; later calls go through the account's PDS, which forwards
        them to its AppView. Only needed for post search, which Bluesky refuses to anonymous
        callers."""
        self.service = _net.server_url(pds, allow_private=self.allow_private, field="pds")
        self._classify = _classify(self.service)
        self.client = self._client(self.service)
        with_retries(
            lambda: self.client.login(identifier, app_password, fetch_bsky_profile=False),
            self._classify,
            self.retry,
            f"log in as {identifier}",
            self.on_wait,
        )

    def _client(self, base_url: str) -> Client:
        return Client(
            base_url=base_url, request=Request(timeout=self.timeout, **_net.httpx_options(self.allow_private))
        )

    def call(self, what: str, fn: Callable[..., Any], params: dict[str, Any]) -> Any:
        return with_retries(lambda: fn(params), self._classify, self.retry, what, self.on_wait)

    # -- views → records ---------------------------------------------------------------------
    def _author(self, author: Any) -> str:
        handle = normalize_handle(getattr(author, "handle", None)) or author.did
        self.handles[author.did] = handle
        return handle

    def to_post(self, view: Any) -> Post:
        """A ``PostView`` (author, uri, record …) as a :class:`Post`."""
        if not view.uri:
            raise RemoteError(f"{self.service} sent a post without a uri")
        author = self._author(view.author)
        value = get_model_as_dict(view.record)
        self.handles.update(bsky.mention_handles(value))
        try:
            post = bsky.post_to_record(
                view.uri,
                value,
                author,
                self.handles,
                raw={"uri": view.uri, "cid": view.cid, "record": value, "replyCount": view.reply_count},
            )
        except bsky.RecordShapeError as exc:
            raise RemoteError(f"{self.service} sent post {view.uri} with a bad '{exc.field}': {exc}") from exc
        post.url = bsky.post_url(view.uri, author)
        return post

    def feed_item_to_post(self, item: Any) -> Post:
        """A ``FeedViewPost``: the post itself, or a repost of it when ``reason`` says so."""
        reply = getattr(item, "reply", None)
        for ref in (getattr(reply, "parent", None), getattr(reply, "root", None)):
            author = getattr(ref, "author", None)  # not-found/blocked refs carry no author
            if author is not None:
                self._author(author)
        post = self.to_post(item.post)
        reason = getattr(item, "reason", None)
        if reason is not None and str(getattr(reason, "py_type", None) or "").endswith("#reasonRepost"):
            by = self._author(reason.by)
            try:
                when = bsky.parse_datetime(reason.indexed_at, "reason.indexedAt")
            except bsky.RecordShapeError as exc:
                raise RemoteError(
                    f"{self.service} sent a repost of {item.post.uri} with a bad '{exc.field}': {exc}"
                ) from exc
            repost_id = reason.uri or f"at://{reason.by.did}/app.bsky.feed.repost/?subject={item.post.uri}"
            return Post(
                platform="bluesky",
                id=repost_id,
                author=by,
                created_at=when,
                text="",
                kind="boost",
                boost_of_id=item.post.uri,
                url=post.url,
                visibility="public",
                raw={"reason": get_model_as_dict(reason), "post": item.post.uri},
            )
        return post

    # -- lookups -------------------------------------------------------------------------------
    def profile(self, actor: str) -> Account:
        view = self.call(f"look up {actor}", self.client.app.bsky.actor.get_profile, {"actor": actor})
        handle = self._author(view)
        return Account(
            platform="bluesky",
            handle=handle,
            id=view.did,
            display_name=view.display_name,
            bio=view.description,
            url=f"https://bsky.app/profile/{handle}",
            followers_count=view.followers_count,
            following_count=view.follows_count,
            posts_count=view.posts_count,
            is_self=True,
            raw=get_model_as_dict(view),
        )

    # -- paged streams -------------------------------------------------------------------------
    def _cursor_pages(
        self, what: str, fn: Callable[..., Any], field: str, state: dict[str, Any], params: dict[str, Any]
    ) -> Iterator[list[Any]]:
        """Pages of a cursor-paged list. *state* is updated before each page is handed out."""
        cursor = None if state.get("complete") else state.get("cursor")
        while True:
            response = self.call(what, fn, {**params, "limit": PAGE_LIMIT, "cursor": cursor})
            items = list(getattr(response, field) or [])
            cursor = response.cursor if items else None
            state.update(cursor=cursor, complete=cursor is None)
            yield items
            if cursor is None:
                return

    def author_feed(self, actor: str, state: dict[str, Any]) -> Iterator[list[Post]]:
        feed = self.client.app.bsky.feed.get_author_feed
        for page in self._cursor_pages(
            f"fetch feed of {actor}", feed, "feed", state, {"actor": actor, "filter": "posts_with_replies"}
        ):
            yield [self.feed_item_to_post(item) for item in page]

    def search(
        self, state: dict[str, Any], q: str = "*", mentions: str | None = None
    ) -> Iterator[list[Post]]:
        params: dict[str, Any] = {"q": q, "sort": "latest"}
        if mentions:
            params["mentions"] = mentions
        what = f"search posts mentioning {mentions}" if mentions else f"search {q!r}"
        for page in self._cursor_pages(what, self.client.app.bsky.feed.search_posts, "posts", state, params):
            yield [self.to_post(view) for view in page]

    def thread(self, uri: str, depth: int = 6, parent_height: int = 20) -> list[Post]:
        """The posts above *uri* (its reply chain) and under it (replies), itself included."""
        response = self.call(
            f"fetch thread of {uri}",
            self.client.app.bsky.feed.get_post_thread,
            {"uri": uri, "depth": depth, "parentHeight": parent_height},
        )
        out: list[Post] = []
        node = response.thread
        parent = getattr(node, "parent", None)
        while parent is not None and getattr(parent, "post", None) is not None:
            out.insert(0, self.to_post(parent.post))
            parent = getattr(parent, "parent", None)
        todo = [node]
        while todo:
            current = todo.pop(0)
            if getattr(current, "post", None) is None:
                continue  # not found / blocked placeholders
            out.append(self.to_post(current.post))
            todo.extend(getattr(current, "replies", None) or [])
        return out
