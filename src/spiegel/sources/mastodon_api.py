"""Mastodon API client (on Mastodon.py): an account's public statuses, the mentions it received
(needs a token), the public replies in its threads, and hashtag/search streams of an organisation.

Only ``public`` and ``unlisted`` statuses are kept; ``private`` (followers-only) and ``direct``
ones are dropped before anything is written, also when a token could read them.

Statuses are mapped like the Mastodon archive importer maps ``outbox.json``: the id is the
status's ActivityPub ``uri``, ``in_reply_to_id`` is the parent's URI (the API only gives the
parent's local id, so it is looked up among the statuses already seen, else fetched once),
handles are ``user@instance``, HTML becomes plain text.

Paging follows the ``Link`` headers (``max_id``); each stream's cursor is kept by
:class:`~spiegel.sources._http.FetchState` so a re-run continues. Rate limits: Mastodon.py waits
for the ``X-RateLimit-Reset`` time on a 429 (``ratelimit_method="wait"``, or ``"pace"`` to spread
calls); 5xx answers and network failures are retried with back-off by
:func:`~spiegel.sources._http.with_retries`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)
from selectolax.lexbor import LexborHTMLParser

from spiegel.errors import ConfigError, RemoteError
from spiegel.records import Post, ensure_aware, normalize_handle
from spiegel.sources import _net
from spiegel.sources._html import html_to_text
from spiegel.sources._http import RetryPolicy, Transient, with_retries

PUBLIC_VISIBILITIES = ("public", "unlisted")
PAGE_LIMIT = 40


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else None


def _str(value: Any) -> str | None:
    """*value* if it is a non-empty string (a hostile payload puts numbers or lists anywhere)."""
    return value if isinstance(value, str) and value else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _when(value: Any) -> datetime:
    from spiegel.sources._dates import in_range

    try:
        if isinstance(value, datetime):
            return in_range(ensure_aware(value))
        if isinstance(value, str):
            return in_range(ensure_aware(datetime.fromisoformat(value)))
    except ValueError as exc:
        raise RemoteError(
            f"the server sent a status with an unreadable created_at ({value!r}: {exc})"
        ) from exc
    raise RemoteError(f"the server sent a status without a valid created_at ({value!r})")


def _status_of(item: Any) -> Any:
    """The status of a list item: itself, or a notification's ``status``."""
    return _get(item, "status") if _get(item, "type") and _get(item, "status") else item


def _jsonable(value: Any) -> Any:
    """A Mastodon.py object as plain JSON values (its datetimes back to ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class StatusMapper:
    """Turns API status objects into :class:`Post` records, remembering local id → URI/handle."""

    def __init__(self, instance_host: str, lookup_status: Callable[[str], Mapping[str, Any] | None]) -> None:
        self.instance_host = instance_host
        self._lookup_status = lookup_status
        self.uri_by_id: dict[str, str] = {}
        self.acct_by_id: dict[str, str] = {}

    def full_acct(self, account: Any) -> str:
        """``user@instance`` for an API account object (local accounts lack the domain)."""
        acct = str(_get(account, "acct") or _get(account, "username") or "")
        if "@" not in acct:
            try:
                host = urlsplit(str(_get(account, "url") or "")).hostname or self.instance_host
            except ValueError:  # a malformed profile address
                host = self.instance_host
            acct = f"{acct}@{host}"
        handle = normalize_handle(acct) or acct
        if _get(account, "id") is not None:
            self.acct_by_id[str(account["id"])] = handle
        return handle

    def remember(self, status: Any) -> None:
        if _get(status, "id") is not None and _get(status, "uri"):
            self.uri_by_id[str(status["id"])] = str(status["uri"])
            self.full_acct(_get(status, "account"))

    def parent_uri(self, parent_id: str) -> str | None:
        if parent_id not in self.uri_by_id:
            parent = self._lookup_status(parent_id)
            if parent is not None:
                self.remember(parent)
        return self.uri_by_id.get(parent_id)

    @staticmethod
    def is_public(status: Any) -> bool:
        return _get(status, "visibility") in PUBLIC_VISIBILITIES

    def public_posts(self, statuses: list[Any], conversation_id: str | None = None) -> list[Post]:
        """Map the public/unlisted statuses of a page; the page's own ids are learnt first, so a
        reply to a status on the same page needs no request."""
        keep = [s for s in statuses if self.is_public(s)]
        for s in keep:
            self.remember(s)
        return [self.to_post(s, conversation_id) for s in keep]

    def to_post(self, status: Any, conversation_id: str | None = None) -> Post:
        if not isinstance(_get(status, "uri"), str) or not status["uri"]:
            raise RemoteError(f"the server sent a status without a uri (id {_get(status, 'id')!r})")
        reblog = _get(status, "reblog")
        if reblog and not isinstance(_get(reblog, "uri"), str):
            raise RemoteError(f"the server sent a boost without the boosted status's uri ({status['uri']})")
        self.remember(status)
        account = _get(status, "account")
        author = self.full_acct(account)
        mentions = [self.full_acct(m) for m in _list(_get(status, "mentions"))]
        parent_id = _get(status, "in_reply_to_id")
        parent_uri = self.parent_uri(str(parent_id)) if parent_id is not None else None
        parent_account = _get(status, "in_reply_to_account_id")
        app = _get(status, "application")
        card = _get(status, "card")
        content = str(_get(status, "content") or "")
        urls = _links(content)
        card_url = _str(_get(card, "url"))
        if card_url and card_url not in urls:
            urls.append(card_url)
        return Post(
            platform="mastodon",
            id=str(status["uri"]),
            author=author,
            created_at=_when(_get(status, "created_at")),
            text="" if reblog else html_to_text(content),
            kind="boost" if reblog else "post",
            url=_str(_get(status, "url")) or (_str(_get(reblog, "url")) if reblog else None),
            lang=_str(_get(status, "language")),
            in_reply_to_id=parent_uri,
            in_reply_to_author=self.acct_by_id.get(str(parent_account)) if parent_account else None,
            conversation_id=conversation_id,
            quote_of_id=_quoted_uri(status),
            boost_of_id=str(reblog["uri"]) if reblog else None,
            mentions=mentions,
            hashtags=[str(t["name"]).lower() for t in _list(_get(status, "tags")) if _get(t, "name")],
            urls=urls,
            source_app=_str(_get(app, "name")),
            visibility=_str(_get(status, "visibility")),
            author_bio=html_to_text(_str(_get(account, "note"))) or None,
            raw=_jsonable(status),
        )


def _quoted_uri(status: Any) -> str | None:
    """The URI of a quoted status (Mastodon 4.4+: ``quote.quoted_status``)."""
    quote = _get(status, "quote")
    uri = _get(quote, "uri") or _get(_get(quote, "quoted_status"), "uri")
    return str(uri) if uri else None


def _links(content: str) -> list[str]:
    """Links in a status's HTML, leaving out mention and hashtag links."""
    if "<a" not in content:
        return []
    out: list[str] = []
    for a in LexborHTMLParser(content).css("a[href]"):
        classes = (a.attributes.get("class") or "").split()
        href = a.attributes.get("href")
        if href and "mention" not in classes and "hashtag" not in classes and href not in out:
            out.append(href)
    return out


def _classify(instance: str) -> Callable[[Exception], Exception]:
    def classify(exc: Exception) -> Exception:
        refused = _net.not_allowed_in(exc)
        if refused is not None:  # never retried, never echoes an answer
            return refused
        if isinstance(exc, MastodonRatelimitError):
            return Transient("rate limited (HTTP 429)", rate_limited=True)
        if isinstance(exc, MastodonServerError):
            return Transient(f"server error ({_status_text(exc)})")
        if isinstance(exc, MastodonNetworkError):
            return Transient(f"cannot reach {instance}")
        if isinstance(exc, MastodonUnauthorizedError):
            return RemoteError(
                f"{instance} refused the access token (HTTP 401). Create a token with the read-only scopes "
                "read:statuses, read:notifications and read:accounts (Preferences → Development) and pass it "
                "with --token."
            )
        if isinstance(exc, MastodonNotFoundError):
            return RemoteError(f"{instance} answered 'not found' (HTTP 404): {_status_text(exc)}")
        if isinstance(exc, MastodonAPIError):
            return RemoteError(f"{instance} gave an answer spiegel cannot use: {_status_text(exc)}")
        if isinstance(exc, MastodonError):
            return RemoteError(f"the request to {instance} failed: {exc}")
        return exc

    return classify


def _status_text(exc: Exception) -> str:
    """The most telling part of a Mastodon.py error: the server's own error text when there is one.

    Mastodon.py raises ``(message, status code, reason, server error)`` for HTTP errors."""
    args = [str(a) for a in exc.args if a is not None]
    if len(args) >= 3 and args[1].isdigit():
        return args[-1] if len(args) > 3 else args[2]
    return args[0] if args else type(exc).__name__


class MastodonFetcher:
    """Reads public statuses from one instance. All calls go through :meth:`call`."""

    def __init__(
        self,
        instance: str,
        token: str | None = None,
        *,
        ratelimit_method: str = "wait",
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        on_wait: Callable[[str, float], None] | None = None,
        allow_private: bool | None = None,
        field: str = "--instance",
    ) -> None:
        # only public servers: the address is checked here, every connection (redirects too)
        # when it is opened (spiegel.sources._net); *allow_private* is for tests and own servers
        allow = _net.private_allowed() if allow_private is None else allow_private
        self.instance = _net.server_url(instance, allow_private=allow, field=field)
        host = urlsplit(self.instance).hostname or ""
        self.token = token
        self.api = Mastodon(
            session=_net.requests_session(allow),
            api_base_url=self.instance,
            access_token=token,
            ratelimit_method=ratelimit_method,
            request_timeout=timeout,
            # a fixed version (checked against the calls spiegel makes), so that Mastodon.py does
            # not ask /api/v1/instance first; every instance of the last years is newer
            version_check_mode="created",
            mastodon_version="4.2.0",
            user_agent="spiegel (public-post research; +https://github.com/)",
        )
        self.retry = retry or RetryPolicy()
        self.on_wait = on_wait
        self.mapper = StatusMapper(host, self._lookup_status)
        self._classify = _classify(self.instance)

    def call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return with_retries(lambda: fn(*args, **kwargs), self._classify, self.retry, what, self.on_wait)

    def _lookup_status(self, status_id: str) -> Mapping[str, Any] | None:
        try:
            status = self.call(f"fetch status {status_id}", self.api.status, status_id)
        except RemoteError:
            return None  # deleted or not visible: the reply keeps no parent link
        return status if isinstance(status, Mapping) else None

    # -- lookups --------------------------------------------------------------------------
    def account(self, handle: str) -> Mapping[str, Any]:
        """The account object of ``@user`` or ``@user@instance``."""
        acct = handle.lstrip("@")
        account = self.call(f"look up account {acct}", self.api.account_lookup, acct)
        if not isinstance(account, Mapping) or _get(account, "id") is None:
            raise RemoteError(f"{self.instance} sent no account for {acct!r}")
        return account

    # -- paged streams --------------------------------------------------------------------
    def _pages(
        self,
        what: str,
        fn: Callable[..., Any],
        state: dict[str, Any],
        since: datetime | None = None,
        **params: Any,
    ) -> Iterator[list[Any]]:
        """Pages of a Link-header paged list, newest first.

        *state* is this stream's entry of :class:`~spiegel.sources._http.FetchState`; it is
        updated before each page is handed out, so the caller saves it after writing the page.
        A finished stream is asked only for what is newer than its newest id.
        """
        newest = state.get("newest_id")
        if state.get("complete"):
            cursor = None
            params["since_id"] = newest
        else:
            cursor = state.get("next_max_id")
        first = True
        while True:
            page = self.call(what, fn, max_id=cursor, limit=PAGE_LIMIT, **params)
            items = list(page or [])
            if first and cursor is None and items:
                state["pending_newest_id"] = str(items[0]["id"])
            first = False
            cursor = _get(getattr(page, "_pagination_next", None), "max_id") if items else None
            if since is not None and items and _when(_get(_status_of(items[-1]), "created_at")) < since:
                cursor = None  # older pages lie before the requested window
            if cursor is None:
                state.update(complete=True, next_max_id=None)
                state["newest_id"] = state.pop("pending_newest_id", None) or newest
            else:
                state["next_max_id"] = str(cursor)
            yield items
            if cursor is None:
                return

    def statuses(
        self, account_id: str, state: dict[str, Any], since: datetime | None = None
    ) -> Iterator[list[Any]]:
        yield from self._pages("fetch statuses", self.api.account_statuses, state, since, id=account_id)

    def mentions(self, state: dict[str, Any], since: datetime | None = None) -> Iterator[list[Any]]:
        """Statuses that mention the token's owner (notifications of type ``mention``)."""
        if not self.token:
            raise ConfigError(
                "mentions can only be read with an access token of the account",
                field="--token",
                fix="Create a token with the read-only scope read:notifications and pass it with --token.",
            )
        for page in self._pages("fetch mentions", self.api.notifications, state, since, types=["mention"]):
            yield [n["status"] for n in page if _get(n, "type") == "mention" and _get(n, "status")]

    def hashtag(self, tag: str, state: dict[str, Any], since: datetime | None = None) -> Iterator[list[Any]]:
        tag = tag.lstrip("#")
        yield from self._pages(f"fetch #{tag}", self.api.timeline_hashtag, state, since, hashtag=tag)

    def search(self, query: str, state: dict[str, Any], since: datetime | None = None) -> Iterator[list[Any]]:
        """Statuses matching a search, paged by the last id of each page (search has no Link)."""
        cursor = None if state.get("complete") else state.get("next_max_id")
        while True:
            result = self.call(
                f"search {query!r}",
                self.api.search_v2,
                query,
                resolve=False,
                result_type="statuses",
                max_id=cursor,
            )
            items = list(_get(result, "statuses") or [])
            cursor = str(items[-1]["id"]) if items else None
            if since is not None and items and _when(_get(items[-1], "created_at")) < since:
                cursor = None
            state.update(next_max_id=cursor, complete=cursor is None)
            yield items
            if cursor is None:
                return

    def thread(self, status_id: str) -> tuple[list[Any], list[Any]]:
        """(ancestors, descendants) of a status: the reply chain above it and the replies under it."""
        context = self.call(f"fetch thread of {status_id}", self.api.status_context, status_id)
        return list(_get(context, "ancestors") or []), list(_get(context, "descendants") or [])

    def public_posts(self, statuses: list[Any], conversation_id: str | None = None) -> list[Post]:
        return self.mapper.public_posts(statuses, conversation_id)
