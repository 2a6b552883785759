"""The fetch runs behind ``spiegel fetch``: which API streams to read, in which order, and how
their pages reach the output.

A run appends every page to a :class:`~spiegel.sources._http.JsonlSink` and saves the paging
state (:class:`~spiegel.sources._http.FetchState`) right after, so an interrupted run loses at
most the page it was reading. Thread queues live in the state too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from spiegel.i18n import N_, texts
from spiegel.records import Post
from spiegel.sources._http import FetchState, JsonlSink

Progress = Callable[[str], None]

#: User-facing progress lines, Dutch by default (``--lang en`` for English).
#: the texts of these commands: English msgids of the ``spiegel`` gettext domain with
#: ``str.format`` fields, translated by :func:`spiegel.i18n.texts`
TEXT: dict[str, str] = {
    "posts_of": N_("posts of {who}"),
    "mentions_of": N_("mentions of {who}"),
    "hashtag": N_("#{tag}"),
    "search": N_("search '{query}'"),
    "threads": N_("threads"),
    "page": N_("{name}: {n} new posts written ({read} read on this page)"),
    "threads_left": N_("{name}: {n} new posts written ({left} threads to go)"),
    "retry": N_("{message}; retrying in {wait:.1f} s"),
    "summary": N_("Wrote {total} new posts to {path} ({parts}; {pages} pages read)."),
    "nothing": N_("nothing requested"),
}


def text(lang: str, key: str, **values: Any) -> str:
    return texts(TEXT, lang)[key].format(**values)


@dataclass
class Run:
    """One fetch run: where pages go, what to keep, and what it did so far."""

    sink: JsonlSink
    state: FetchState
    since: datetime | None = None
    progress: Progress = field(default=lambda _msg: None)
    lang: str = "nl"
    #: new posts written per stream label
    written: dict[str, int] = field(default_factory=dict)
    pages: int = 0

    @property
    def total(self) -> int:
        return sum(self.written.values())

    def label(self, key: str, **values: Any) -> str:
        return text(self.lang, key, **values)

    def keep(self, posts: Iterable[Post]) -> list[Post]:
        return [p for p in posts if self.since is None or p.created_at >= self.since]

    def drain(self, name: str, pages: Iterable[list[Post]], stop_when_known: bool = False) -> list[Post]:
        """Write every page of a stream, saving the state after each; return the posts kept.

        ``stop_when_known`` ends an update run at the first page that brings nothing new."""
        kept: list[Post] = []
        self.written.setdefault(name, 0)
        for page in pages:
            self.pages += 1
            posts = self.keep(page)
            new = self.sink.write(posts)
            self.written[name] += new
            kept.extend(posts)
            self.state.save()
            self.progress(text(self.lang, "page", name=name, n=f"{self.written[name]:,}", read=len(page)))
            if stop_when_known and page and new == 0:
                break
        self.state.save()
        return kept

    def drain_queue(self, todo: list[str], read: Callable[[str], list[Post]]) -> None:
        """Read each queued item (a thread) and write its posts; the queue is part of the state,
        and an item leaves it only once its posts are written."""
        name = self.label("threads")
        self.written.setdefault(name, 0)
        while todo:
            self.written[name] += self.sink.write(self.keep(read(todo[0])))
            self.pages += 1
            todo.pop(0)
            self.state.save()
            self.progress(
                text(self.lang, "threads_left", name=name, n=f"{self.written[name]:,}", left=len(todo))
            )


# -- Mastodon ---------------------------------------------------------------------------------
def fetch_mastodon(
    fetcher: Any,
    run: Run,
    *,
    account: str | None = None,
    posts: bool = True,
    mentions: bool = False,
    threads: bool = False,
    hashtags: Iterable[str] = (),
    searches: Iterable[str] = (),
) -> Run:
    """Run the requested streams with a :class:`~spiegel.sources.mastodon_api.MastodonFetcher`."""
    host = fetcher.mapper.instance_host
    state, since = run.state, run.since
    if account:
        info = fetcher.account(account)
        acct = fetcher.mapper.full_acct(info)
        if posts or threads:
            pages = fetcher.statuses(str(info["id"]), state.get(f"mastodon:{host}:statuses:{acct}"), since)
            own = run.drain(run.label("posts_of", who=acct), (fetcher.public_posts(p) for p in pages))
            if threads:
                todo = state.get(f"mastodon:{host}:threads:{acct}").setdefault("todo", [])
                todo.extend(_mastodon_thread_ids(own, todo))
                run.drain_queue(todo, lambda status_id: _mastodon_thread(fetcher, status_id))
        if mentions:
            pages = fetcher.mentions(state.get(f"mastodon:{host}:mentions:{acct}"), since)
            run.drain(run.label("mentions_of", who=acct), (fetcher.public_posts(p) for p in pages))
    for tag in hashtags:
        tag = tag.lstrip("#").lower()
        pages = fetcher.hashtag(tag, state.get(f"mastodon:{host}:hashtag:{tag}"), since)
        run.drain(run.label("hashtag", tag=tag), (fetcher.public_posts(p) for p in pages))
    for query in searches:
        pages = fetcher.search(query, state.get(f"mastodon:{host}:search:{query}"), since)
        run.drain(run.label("search", query=query), (fetcher.public_posts(p) for p in pages))
    return run


def _mastodon_thread_ids(own: list[Post], already: list[str]) -> list[str]:
    """Local ids of the person's posts whose thread is worth reading (replies, or replied to)."""
    out = []
    for post in own:
        raw = post.raw if isinstance(post.raw, dict) else {}
        local_id = str(raw.get("id", ""))
        replied_to = (raw.get("replies_count") or 0) > 0
        if local_id and local_id not in already and post.kind == "post" and (post.is_reply or replied_to):
            out.append(local_id)
    return out


def _mastodon_thread(fetcher: Any, status_id: str) -> list[Post]:
    """The public posts around a status, all marked with the thread's root as conversation."""
    ancestors, descendants = fetcher.thread(status_id)
    root = next((str(s["uri"]) for s in ancestors[:1]), None)
    posts: list[Post] = fetcher.public_posts(ancestors + descendants)
    for post in posts:
        post.conversation_id = root or post.conversation_id
    return posts


# -- Bluesky ----------------------------------------------------------------------------------
def fetch_bluesky(
    fetcher: Any,
    run: Run,
    *,
    handle: str | None = None,
    posts: bool = True,
    mentions: bool = False,
    threads: bool = False,
    searches: Iterable[str] = (),
) -> Run:
    """Run the requested streams with a :class:`~spiegel.sources.bluesky_api.BlueskyFetcher`."""
    state = run.state
    if handle:
        me = fetcher.profile(handle)
        if posts or threads:
            own = _cursor_stream(
                run,
                f"bluesky:feed:{me.id}",
                run.label("posts_of", who=me.handle),
                lambda st: fetcher.author_feed(me.handle, st),
            )
            if threads:
                todo = state.get(f"bluesky:threads:{me.id}").setdefault("todo", [])
                todo.extend(p.id for p in own if p.id not in todo and _has_thread(p))
                run.drain_queue(todo, fetcher.thread)
        if mentions:
            _cursor_stream(
                run,
                f"bluesky:mentions:{me.id}",
                run.label("mentions_of", who=me.handle),
                lambda st: fetcher.search(st, mentions=me.handle),
            )
    for query in searches:
        _cursor_stream(
            run,
            f"bluesky:search:{query}",
            run.label("search", query=query),
            functools.partial(_search, fetcher, query),
        )
    return run


def _search(fetcher: Any, query: str, st: dict[str, Any]) -> Iterator[list[Post]]:
    pages: Iterator[list[Post]] = fetcher.search(st, q=query)
    return pages


def _cursor_stream(
    run: Run, key: str, name: str, pages: Callable[[dict[str, Any]], Iterator[list[Post]]]
) -> list[Post]:
    """A newest-first cursor stream: a first run pages to the end (or to ``since``); a run after
    a complete one reads from the top until a page brings nothing new."""
    st = run.state.get(key)
    update = bool(st.get("complete"))
    kept = run.drain(name, _until(pages(st), run.since), stop_when_known=update)
    if update:
        st.update(complete=True, cursor=None)
        run.state.save()
    return kept


def _has_thread(post: Post) -> bool:
    """A post of the person that is a reply, or that got replies (the feed's ``replyCount``)."""
    raw = post.raw if isinstance(post.raw, dict) else {}
    return post.kind == "post" and (post.is_reply or (raw.get("replyCount") or 0) > 0)


def _until(pages: Iterator[list[Post]], since: datetime | None) -> Iterator[list[Post]]:
    """Stop paging (newest first) once a page reaches before *since*."""
    for page in pages:
        yield page
        if since is not None and page and min(p.created_at for p in page) < since:
            return
