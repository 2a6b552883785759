"""``spiegel fetch``: collect public posts from the Mastodon and Bluesky APIs into spiegel's
generic JSONL (the format ``spiegel report --inbound/--stream`` and ``inspect`` read).

Each run appends to the output file, page by page, and keeps its paging cursors in
``FILE.jsonl.state.json``; running the same command again continues an interrupted fetch or
collects only what is new. See docs/fetching.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from spiegel.errors import ConfigError
from spiegel.i18n import LANGS
from spiegel.sources._http import FetchState, JsonlSink, RetryPolicy
from spiegel.sources.streams import Progress, Run, fetch_bluesky, fetch_mastodon, text


# -- CLI --------------------------------------------------------------------------------------
def _since(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _progress(quiet: bool) -> Progress:
    return (lambda _msg: None) if quiet else (lambda msg: click.echo(msg, err=True))


def _on_wait(progress: Progress, lang: str) -> Callable[[str, float], None]:
    return lambda message, wait: progress(text(lang, "retry", message=message, wait=wait))


_common = [
    click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help="JSONL file to append to (created if missing); its paging state is kept beside it.",
    ),
    click.option(
        "--since",
        type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
        default=None,
        help="Only keep posts from this date (UTC) on; paging stops there.",
    ),
    click.option(
        "--search",
        "searches",
        multiple=True,
        metavar="QUERY",
        help="Also collect public posts matching QUERY (repeatable), e.g. the organisation's name.",
    ),
    click.option("--mentions", is_flag=True, help="Collect public posts that mention the account (inbound)."),
    click.option(
        "--threads",
        is_flag=True,
        help="Also collect the public threads around the account's posts: the posts it replied "
        "to and the replies it got (no token needed).",
    ),
    click.option(
        "--posts/--no-posts", default=True, show_default=True, help="Collect the account's own public posts."
    ),
    click.option(
        "--retries",
        type=click.IntRange(1, 20),
        default=5,
        show_default=True,
        help="Tries per request on rate limits, server errors and network failures.",
    ),
    click.option("-q", "--quiet", is_flag=True, help="Print nothing on stderr while fetching."),
    click.option(
        "--lang",
        type=click.Choice(LANGS),
        default="nl",
        show_default=True,
        help="Language of the progress messages.",
    ),
]


def _with_common(fn: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_common):
        fn = option(fn)
    return fn


def _summary(run: Run, output: Path, quiet: bool) -> None:
    if quiet:
        return
    parts = ", ".join(f"{name} {count:,}" for name, count in run.written.items()) or text(run.lang, "nothing")
    summary = text(
        run.lang, "summary", total=f"{run.total:,}", path=output, parts=parts, pages=f"{run.pages:,}"
    )
    click.echo(summary, err=True)


@click.group("fetch")
def fetch_group() -> None:
    """Collect public posts from a platform API into a JSONL file (own posts, mentions, streams)."""


@fetch_group.command("mastodon")
@click.option(
    "--instance",
    required=True,
    metavar="URL",
    help="The Mastodon server, e.g. https://social.overheid.nl (https, public addresses only; "
    "SPIEGEL_ALLOW_PRIVATE_ADDRESSES=1 allows a server on your own network).",
)
@click.option("--account", metavar="HANDLE", help="The person's account: user or user@instance.")
@click.option(
    "--token",
    envvar="SPIEGEL_MASTODON_TOKEN",
    metavar="TOKEN",
    help="Read-only access token of the account (needed for --mentions); or set SPIEGEL_MASTODON_TOKEN.",
)
@click.option(
    "--hashtag",
    "hashtags",
    multiple=True,
    metavar="TAG",
    help="Also collect the public timeline of #TAG (repeatable), e.g. for an organisation stream.",
)
@click.option(
    "--rate-limit",
    type=click.Choice(["wait", "pace"]),
    default="wait",
    show_default=True,
    help="On the server's rate limit: wait when it is hit, or pace calls to avoid it.",
)
@_with_common
def fetch_mastodon_cmd(
    instance: str,
    account: str | None,
    token: str | None,
    hashtags: tuple[str, ...],
    rate_limit: str,
    output: Path,
    since: datetime | None,
    searches: tuple[str, ...],
    mentions: bool,
    threads: bool,
    posts: bool,
    retries: int,
    quiet: bool,
    lang: str,
) -> None:
    """Collect public posts from a Mastodon server.

    Only public and unlisted posts are kept. Running the same command again continues where it
    stopped, or collects only what is new. Examples:

    \b
    A person's posts, and the mentions they received (with their read-only token):
      spiegel fetch mastodon --instance https://social.overheid.nl --account piet -o piet.jsonl
      spiegel fetch mastodon --instance https://social.overheid.nl --account piet \\
          --mentions --threads --no-posts --token TOKEN -o piet-inbound.jsonl
    An organisation stream:
      spiegel fetch mastodon --instance https://social.overheid.nl --hashtag gemeente -o stream.jsonl
    """
    from spiegel.sources.mastodon_api import MastodonFetcher

    if not account and (mentions or threads):
        raise ConfigError(
            "--mentions and --threads need --account",
            field="--account",
            fix="Name the account whose mentions or threads to collect.",
        )
    if not (account or hashtags or searches):
        raise ConfigError("nothing to fetch", fix="Pass --account, --hashtag or --search.")
    progress = _progress(quiet)
    fetcher = MastodonFetcher(
        instance,
        token,
        ratelimit_method=rate_limit,
        retry=RetryPolicy(attempts=retries),
        on_wait=_on_wait(progress, lang),
    )
    state = FetchState.for_output(output)
    with JsonlSink.open(output) as sink:
        run = fetch_mastodon(
            fetcher,
            Run(sink, state, _since(since), progress, lang),
            account=account,
            posts=posts and bool(account),
            mentions=mentions,
            threads=threads,
            hashtags=hashtags,
            searches=searches,
        )
    _summary(run, output, quiet)


@fetch_group.command("bluesky")
@click.option("--handle", metavar="HANDLE", help="The person's Bluesky handle (piet.bsky.social) or DID.")
@click.option(
    "--service",
    envvar="SPIEGEL_BLUESKY_SERVICE",
    default="https://public.api.bsky.app",
    show_default=True,
    metavar="URL",
    help="The AppView to ask without login.",
)
@click.option(
    "--login",
    "login_id",
    envvar="SPIEGEL_BLUESKY_LOGIN",
    metavar="HANDLE",
    help="Log in as HANDLE (with an app password) for --mentions and --search: Bluesky only "
    "answers post searches for logged-in accounts. Or set SPIEGEL_BLUESKY_LOGIN.",
)
@click.option(
    "--app-password",
    envvar="SPIEGEL_BLUESKY_APP_PASSWORD",
    metavar="PASSWORD",
    help="App password for --login; better set SPIEGEL_BLUESKY_APP_PASSWORD than type it.",
)
@click.option(
    "--pds",
    default="https://bsky.social",
    show_default=True,
    metavar="URL",
    help="Where --login signs in (your PDS; the default finds it for bsky.social accounts).",
)
@_with_common
def fetch_bluesky_cmd(
    handle: str | None,
    service: str,
    login_id: str | None,
    app_password: str | None,
    pds: str,
    output: Path,
    since: datetime | None,
    searches: tuple[str, ...],
    mentions: bool,
    threads: bool,
    posts: bool,
    retries: int,
    quiet: bool,
    lang: str,
) -> None:
    """Collect public posts from Bluesky.

    Feeds and threads need no login; post search (--mentions, --search) does. Running the same
    command again continues where it stopped, or collects only what is new. Examples:

    \b
    A person's posts, and the replies in their threads:
      spiegel fetch bluesky --handle piet.bsky.social --threads -o piet.jsonl
    Posts that mention them (log in with an app password in SPIEGEL_BLUESKY_APP_PASSWORD):
      spiegel fetch bluesky --handle piet.bsky.social --mentions --no-posts \\
          --login piet.bsky.social -o piet-inbound.jsonl
    An organisation stream:
      spiegel fetch bluesky --search "gemeente Spiegelstad" --login piet.bsky.social -o stream.jsonl
    """
    from spiegel.sources.bluesky_api import BlueskyFetcher

    if not handle and (mentions or threads):
        raise ConfigError(
            "--mentions and --threads need --handle",
            field="--handle",
            fix="Name the account whose mentions or threads to collect.",
        )
    if not (handle or searches):
        raise ConfigError("nothing to fetch", fix="Pass --handle or --search.")
    if login_id and not app_password:
        raise ConfigError(
            "--login needs an app password",
            field="--app-password",
            fix="Create one in Bluesky (Settings → Privacy and security → App passwords) and put it in "
            "SPIEGEL_BLUESKY_APP_PASSWORD.",
        )
    progress = _progress(quiet)
    fetcher = BlueskyFetcher(service, retry=RetryPolicy(attempts=retries), on_wait=_on_wait(progress, lang))
    if login_id and app_password:
        fetcher.login(login_id, app_password, pds)
    state = FetchState.for_output(output)
    with JsonlSink.open(output) as sink:
        run = fetch_bluesky(
            fetcher,
            Run(sink, state, _since(since), progress, lang),
            handle=handle,
            posts=posts and bool(handle),
            mentions=mentions,
            threads=threads,
            searches=searches,
        )
    _summary(run, output, quiet)


COMMANDS = [fetch_group]
