"""``spiegel fetch``: collect public posts from the Mastodon and Bluesky APIs into spiegel's
generic JSONL (the format ``spiegel report --inbound/--stream`` and ``inspect`` read).

Each run appends to the output file, page by page, and keeps its paging cursors in
``FILE.jsonl.state.json``; running the same command again continues an interrupted fetch or
collects only what is new. See docs/fetching.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from spiegel.errors import ConfigError
from spiegel.records import Post
from spiegel.sources._http import FetchState, JsonlSink, RetryPolicy

Progress = Callable[[str], None]


@dataclass
class FetchReport:
    """What a fetch did: posts written per stream (new ones only) and pages read."""

    written: dict[str, int] = field(default_factory=dict)
    pages: int = 0

    @property
    def total(self) -> int:
        return sum(self.written.values())


def _drain(
    name: str,
    pages: Iterable[list[Post]],
    sink: JsonlSink,
    state: FetchState,
    report: FetchReport,
    progress: Progress,
    since: datetime | None = None,
    stop_when_known: bool = False,
) -> list[Post]:
    """Write every page of a stream, saving the state after each; return the posts kept."""
    kept: list[Post] = []
    report.written.setdefault(name, 0)
    for page in pages:
        report.pages += 1
        posts = [p for p in page if since is None or p.created_at >= since]
        new = sink.write(posts)
        report.written[name] += new
        kept.extend(posts)
        state.save()
        progress(f"{name}: {report.written[name]:,} new posts written ({len(page)} read on this page)")
        if stop_when_known and page and new == 0:
            break  # an update run reached posts it already has
    state.save()
    return kept


# -- Mastodon ---------------------------------------------------------------------------------
def fetch_mastodon(
    fetcher: Any,
    sink: JsonlSink,
    state: FetchState,
    *,
    account: str | None = None,
    posts: bool = True,
    mentions: bool = False,
    threads: bool = False,
    hashtags: Iterable[str] = (),
    searches: Iterable[str] = (),
    since: datetime | None = None,
    progress: Progress = lambda _msg: None,
) -> FetchReport:
    """Run the requested Mastodon streams (a :class:`~spiegel.sources.mastodon_api.MastodonFetcher`)."""
    report = FetchReport()
    host = fetcher.mapper.instance_host
    if account:
        info = fetcher.account(account)
        acct = fetcher.mapper.full_acct(info)
        if posts or threads:
            key = f"mastodon:{host}:statuses:{acct}"
            own = _drain(
                f"posts of {acct}",
                (fetcher.public_posts(p) for p in fetcher.statuses(str(info["id"]), state.get(key), since)),
                sink, state, report, progress, since,
            )
            if threads:
                todo = state.get(f"mastodon:{host}:threads:{acct}").setdefault("todo", [])
                todo.extend(_thread_ids(own, todo))
                _mastodon_threads(fetcher, todo, sink, state, report, progress, since)
        if mentions:
            key = f"mastodon:{host}:mentions:{acct}"
            _drain(f"mentions of {acct}",
                   (fetcher.public_posts(page) for page in fetcher.mentions(state.get(key), since)),
                   sink, state, report, progress, since)
    for tag in hashtags:
        tag = tag.lstrip("#").lower()
        key = f"mastodon:{host}:hashtag:{tag}"
        _drain(f"#{tag}", (fetcher.public_posts(p) for p in fetcher.hashtag(tag, state.get(key), since)),
               sink, state, report, progress, since)
    for query in searches:
        key = f"mastodon:{host}:search:{query}"
        _drain(f"search {query!r}",
               (fetcher.public_posts(page) for page in fetcher.search(query, state.get(key), since)),
               sink, state, report, progress, since)
    return report


def _thread_ids(own: list[Post], already: list[str]) -> list[str]:
    """Local ids of the person's posts whose thread is worth reading (replies, or replied to)."""
    out = []
    for post in own:
        raw = post.raw if isinstance(post.raw, dict) else {}
        local_id = str(raw.get("id", ""))
        if local_id and local_id not in already and post.kind == "post" and (
            post.is_reply or (raw.get("replies_count") or 0) > 0
        ):
            out.append(local_id)
    return out


def _mastodon_threads(
    fetcher: Any, todo: list[str], sink: JsonlSink, state: FetchState, report: FetchReport,
    progress: Progress, since: datetime | None,
) -> None:
    """Fetch the context of each queued status; the queue lives in the state, so this resumes."""
    name = "threads"
    report.written.setdefault(name, 0)
    while todo:
        status_id = todo[0]
        ancestors, descendants = fetcher.thread(status_id)
        root = next((s["uri"] for s in ancestors[:1]), None)
        posts = fetcher.public_posts(ancestors + descendants)
        for post in posts:
            post.conversation_id = root or post.conversation_id
        report.written[name] += sink.write([p for p in posts if since is None or p.created_at >= since])
        report.pages += 1
        todo.pop(0)
        state.save()
        progress(f"{name}: {report.written[name]:,} new posts written ({len(todo)} threads left)")


# -- Bluesky ----------------------------------------------------------------------------------
def fetch_bluesky(
    fetcher: Any,
    sink: JsonlSink,
    state: FetchState,
    *,
    handle: str | None = None,
    posts: bool = True,
    mentions: bool = False,
    threads: bool = False,
    searches: Iterable[str] = (),
    since: datetime | None = None,
    progress: Progress = lambda _msg: None,
) -> FetchReport:
    """Run the requested Bluesky streams (a :class:`~spiegel.sources.bluesky_api.BlueskyFetcher`)."""
    report = FetchReport()
    if handle:
        me = fetcher.profile(handle)
        if posts or threads:
            st = state.get(f"bluesky:feed:{me.id}")
            update = bool(st.get("complete"))
            feed = _until(fetcher.author_feed(me.handle, st), since)
            own = _drain(f"posts of {me.handle}", feed, sink, state, report, progress, since,
                         stop_when_known=update)
            if update:
                st.update(complete=True, cursor=None)
                state.save()
            if threads:
                todo = state.get(f"bluesky:threads:{me.id}").setdefault("todo", [])
                todo.extend(p.id for p in own if p.id not in todo and _has_thread(p))
                _bluesky_threads(fetcher, todo, sink, state, report, progress, since)
        if mentions:
            st = state.get(f"bluesky:mentions:{me.id}")
            update = bool(st.get("complete"))
            found = _until(fetcher.search(st, mentions=me.handle), since)
            _drain(f"mentions of {me.handle}", found, sink, state, report, progress, since,
                   stop_when_known=update)
            if update:
                st.update(complete=True, cursor=None)
                state.save()
    for query in searches:
        st = state.get(f"bluesky:search:{query}")
        update = bool(st.get("complete"))
        _drain(f"search {query!r}", _until(fetcher.search(st, q=query), since), sink, state, report, progress,
               since, stop_when_known=update)
        if update:
            st.update(complete=True, cursor=None)
            state.save()
    return report


def _has_thread(post: Post) -> bool:
    """A post of the person that is a reply, or that got replies (the feed's ``replyCount``)."""
    raw = post.raw if isinstance(post.raw, dict) else {}
    return post.kind == "post" and (post.is_reply or (raw.get("replyCount") or 0) > 0)


def _bluesky_threads(
    fetcher: Any, todo: list[str], sink: JsonlSink, state: FetchState, report: FetchReport,
    progress: Progress, since: datetime | None,
) -> None:
    """Fetch the thread of each queued post URI; the queue lives in the state, so this resumes."""
    name = "threads"
    report.written.setdefault(name, 0)
    while todo:
        found = fetcher.thread(todo[0])
        report.written[name] += sink.write([p for p in found if since is None or p.created_at >= since])
        report.pages += 1
        todo.pop(0)
        state.save()
        progress(f"{name}: {report.written[name]:,} new posts written ({len(todo)} threads left)")


def _until(pages: Iterator[list[Post]], since: datetime | None) -> Iterator[list[Post]]:
    """Stop paging (newest first) once a page reaches before *since*."""
    for page in pages:
        yield page
        if since is not None and page and min(p.created_at for p in page) < since:
            return


# -- CLI --------------------------------------------------------------------------------------
def _since(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _progress(quiet: bool) -> Progress:
    return (lambda _msg: None) if quiet else (lambda msg: click.echo(msg, err=True))


_common = [
    click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                 help="JSONL file to append to (created if missing); its paging state is kept beside it."),
    click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), default=None,
                 help="Only keep posts from this date (UTC) on; paging stops there."),
    click.option("--search", "searches", multiple=True, metavar="QUERY",
                 help="Also collect public posts matching QUERY (repeatable), e.g. the organisation's name."),
    click.option("--mentions", is_flag=True, help="Collect public posts that mention the account (inbound)."),
    click.option("--threads", is_flag=True,
                 help="Also collect the public threads around the account's posts: the posts it replied "
                 "to and the replies it got (no token needed)."),
    click.option("--posts/--no-posts", default=True, show_default=True,
                 help="Collect the account's own public posts."),
    click.option("--retries", type=click.IntRange(1, 20), default=5, show_default=True,
                 help="Tries per request on rate limits, server errors and network failures."),
    click.option("-q", "--quiet", is_flag=True, help="Print nothing on stderr while fetching."),
]


def _with_common(fn: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_common):
        fn = option(fn)
    return fn


def _summary(report: FetchReport, output: Path, quiet: bool) -> None:
    if quiet:
        return
    parts = ", ".join(f"{name} {count:,}" for name, count in report.written.items()) or "nothing requested"
    click.echo(f"Wrote {report.total:,} new posts to {output} ({parts}; {report.pages:,} pages read).",
               err=True)


@click.group("fetch")
def fetch_group() -> None:
    """Collect public posts from a platform API into a JSONL file (own posts, mentions, streams)."""


@fetch_group.command("mastodon")
@click.option("--instance", required=True, metavar="URL", help="The Mastodon server, e.g. https://social.overheid.nl.")
@click.option("--account", metavar="HANDLE", help="The person's account: user or user@instance.")
@click.option("--token", envvar="SPIEGEL_MASTODON_TOKEN", metavar="TOKEN",
              help="Read-only access token of the account (needed for --mentions); "
              "or set SPIEGEL_MASTODON_TOKEN.")
@click.option("--hashtag", "hashtags", multiple=True, metavar="TAG",
              help="Also collect the public timeline of #TAG (repeatable), e.g. for an organisation stream.")
@click.option("--rate-limit", type=click.Choice(["wait", "pace"]), default="wait", show_default=True,
              help="On the server's rate limit: wait when it is hit, or pace calls to avoid it.")
@_with_common
def fetch_mastodon_cmd(instance: str, account: str | None, token: str | None, hashtags: tuple[str, ...],
                       rate_limit: str, output: Path, since: datetime | None, searches: tuple[str, ...],
                       mentions: bool, threads: bool, posts: bool, retries: int, quiet: bool) -> None:
    """Collect public posts from a Mastodon server.

    Examples: a person's posts and the mentions they received (token of that person):
    spiegel fetch mastodon --instance https://social.overheid.nl --account piet --mentions -o piet.jsonl

    An organisation stream:
    spiegel fetch mastodon --instance URL --hashtag gemeente --search "gemeente X" -o stream.jsonl
    """
    from spiegel.sources.mastodon_api import MastodonFetcher

    if not account and (mentions or threads):
        raise ConfigError("--mentions and --threads need --account", field="--account",
                          fix="Name the account whose mentions or threads to collect.")
    if not (account or hashtags or searches):
        raise ConfigError("nothing to fetch", fix="Pass --account, --hashtag or --search.")
    progress = _progress(quiet)
    fetcher = MastodonFetcher(instance, token, ratelimit_method=rate_limit,
                              retry=RetryPolicy(attempts=retries), on_wait=progress)
    state = FetchState.for_output(output)
    with JsonlSink.open(output) as sink:
        report = fetch_mastodon(fetcher, sink, state, account=account, posts=posts and bool(account),
                                mentions=mentions, threads=threads, hashtags=hashtags, searches=searches,
                                since=_since(since), progress=progress)
    _summary(report, output, quiet)


@fetch_group.command("bluesky")
@click.option("--handle", metavar="HANDLE", help="The person's Bluesky handle (piet.bsky.social) or DID.")
@click.option("--service", envvar="SPIEGEL_BLUESKY_SERVICE", default="https://public.api.bsky.app",
              show_default=True, metavar="URL",
              help="The AppView to ask (public data needs no login).")
@_with_common
def fetch_bluesky_cmd(handle: str | None, service: str, output: Path, since: datetime | None,
                      searches: tuple[str, ...], mentions: bool, threads: bool, posts: bool, retries: int,
                      quiet: bool) -> None:
    """Collect public posts from Bluesky.

    Example: a person's posts and the posts that mention them:
    spiegel fetch bluesky --handle piet.bsky.social --mentions -o piet.jsonl
    """
    from spiegel.sources.bluesky_api import BlueskyFetcher

    if not handle and (mentions or threads):
        raise ConfigError("--mentions and --threads need --handle", field="--handle",
                          fix="Name the account whose mentions or threads to collect.")
    if not (handle or searches):
        raise ConfigError("nothing to fetch", fix="Pass --handle or --search.")
    progress = _progress(quiet)
    fetcher = BlueskyFetcher(service, retry=RetryPolicy(attempts=retries), on_wait=progress)
    state = FetchState.for_output(output)
    with JsonlSink.open(output) as sink:
        report = fetch_bluesky(fetcher, sink, state, handle=handle, posts=posts and bool(handle),
                               mentions=mentions, threads=threads, searches=searches, since=_since(since),
                               progress=progress)
    _summary(report, output, quiet)


COMMANDS = [fetch_group]
