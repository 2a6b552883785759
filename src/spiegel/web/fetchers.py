# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Scheduled collection of connected accounts through spiegel's API clients
(``spiegel.sources.streams``): each account has one JSONL file plus its paging state under the
data dir; every run appends what is new (the sink skips known post ids) and the file is then
imported like an upload (the unique key on records makes the import idempotent).

Only the account's own public posts are fetched; messages addressed to the person need a
token or a login and come from listening-tool exports uploaded as "inbound" files instead.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings

from spiegel.errors import ConfigError
from spiegel.web.models import ConnectedAccount, Organisation


def _output(account: ConnectedAccount) -> Path:
    folder = Path(settings.DATA_DIR) / "fetched"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{account.platform}-{account.pk}.jsonl"


def fetch_mastodon_account(account: ConnectedAccount, since: datetime | None) -> Path:
    from spiegel.sources._http import FetchState, JsonlSink
    from spiegel.sources.mastodon_api import MastodonFetcher
    from spiegel.sources.streams import Run, fetch_mastodon

    instance = account.instance or (
        "https://" + account.handle.split("@", 1)[1] if "@" in account.handle else ""
    )
    if not instance:
        raise ConfigError(
            f"the Mastodon account {account.handle!r} names no server",
            field="instance",
            fix="Connect the account as name@server, or fill in the Mastodon server.",
        )
    output = _output(account)
    with JsonlSink.open(output) as sink:
        fetch_mastodon(
            MastodonFetcher(instance),
            Run(sink, FetchState.for_output(output), since),
            account=account.handle.split("@", 1)[0],
        )
    return output


def fetch_org_stream(org: Organisation, since: datetime | None) -> list[Path]:
    """Collect the organisation stream from the sources in ``Organisation.stream_sources``:
    Mastodon hashtags and searches on one server; Bluesky searches (Bluesky refuses anonymous
    searches: server mode does not pass a login yet, so such a job fails with Bluesky's answer)."""
    from spiegel.sources._http import FetchState, JsonlSink
    from spiegel.sources.streams import Run, fetch_bluesky, fetch_mastodon

    folder = Path(settings.DATA_DIR) / "fetched"
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    mastodon = org.stream_sources.get("mastodon") or {}
    if mastodon:
        from spiegel.sources.mastodon_api import MastodonFetcher

        if not mastodon.get("instance"):
            raise ConfigError(
                "the organisation stream names no Mastodon server",
                field="stream_sources.mastodon.instance",
                fix="Add the server, e.g. https://social.overheid.nl, in the admin.",
            )
        output = folder / f"stream-{org.pk}-mastodon.jsonl"
        with JsonlSink.open(output) as sink:
            fetch_mastodon(
                MastodonFetcher(mastodon["instance"]),
                Run(sink, FetchState.for_output(output), since),
                hashtags=mastodon.get("hashtags", []),
                searches=mastodon.get("searches", []),
            )
        paths.append(output)
    bluesky = org.stream_sources.get("bluesky") or {}
    if bluesky.get("searches"):
        from spiegel.sources.bluesky_api import BlueskyFetcher

        output = folder / f"stream-{org.pk}-bluesky.jsonl"
        with JsonlSink.open(output) as sink:
            fetch_bluesky(
                BlueskyFetcher(),
                Run(sink, FetchState.for_output(output), since),
                searches=bluesky["searches"],
            )
        paths.append(output)
    return paths


def fetch_bluesky_account(account: ConnectedAccount, since: datetime | None) -> Path:
    from spiegel.sources._http import FetchState, JsonlSink
    from spiegel.sources.bluesky_api import BlueskyFetcher
    from spiegel.sources.streams import Run, fetch_bluesky

    output = _output(account)
    with JsonlSink.open(output) as sink:
        fetch_bluesky(
            BlueskyFetcher(), Run(sink, FetchState.for_output(output), since), handle=account.handle
        )
    return output
