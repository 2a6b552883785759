# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Scheduled collection of connected accounts through spiegel's API clients
(``spiegel.sources.streams``): each account has one JSONL file plus its paging state under the
data dir; every run appends what is new (the sink skips known post ids) and the file is then
imported like an upload (the unique key on records makes the import idempotent).

Only the account's own public posts are fetched; messages addressed to the person need a
token or a login and come from listening-tool exports uploaded as "inbound" files instead.

Every connection goes to a public internet address only (``spiegel.sources._net``): a server
field naming ``localhost``, an internal address or a name that resolves to one fails the job with
"server not allowed", without anything from an answer. ``SPIEGEL_ALLOW_PRIVATE_ADDRESSES=1``
lifts this for an installation that collects from its own servers on the internal network.

The organisation stream's Bluesky searches log in with the organisation's Bluesky account
(:func:`bluesky_login`): its app password comes from ``SPIEGEL_BLUESKY_APP_PASSWORD_FILE`` (a
secret file), ``SPIEGEL_BLUESKY_APP_PASSWORD``, or, when neither is set, the encrypted copy an
HR administrator stored on the organisation settings page.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from spiegel.errors import ConfigError, RemoteError
from spiegel.web import crypto
from spiegel.web.models import ConnectedAccount, Organisation

ENV_PASSWORD = "SPIEGEL_BLUESKY_APP_PASSWORD"
ENV_PASSWORD_FILE = "SPIEGEL_BLUESKY_APP_PASSWORD_FILE"


class BlueskyLogin(NamedTuple):
    handle: str
    app_password: str
    pds: str


class StreamIncomplete(ConfigError):
    """Part of the organisation stream could not be collected; *paths* holds what was."""

    def __init__(self, what: str, *, paths: list[Path], field: str, fix: str) -> None:
        self.paths = paths
        super().__init__(what, field=field, fix=fix)


def password_source(org: Organisation) -> str | None:
    """Where the stream login's app password comes from: "file", "environment", "stored" or
    None (no password anywhere)."""
    if os.environ.get(ENV_PASSWORD_FILE):
        return "file"
    if os.environ.get(ENV_PASSWORD):
        return "environment"
    return "stored" if org.bluesky_app_password else None


def _app_password(org: Organisation) -> str | None:
    source = password_source(org)
    if source == "file":
        path = Path(os.environ[ENV_PASSWORD_FILE])
        try:
            return path.read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise ConfigError(
                f"the Bluesky app password file cannot be read ({exc.strerror})",
                path=path,
                field=ENV_PASSWORD_FILE,
                fix="Point the variable at a readable file that holds only the app password.",
            ) from exc
    if source == "environment":
        return os.environ[ENV_PASSWORD]
    if source == "stored":
        return crypto.decrypt(org.bluesky_app_password, field="bluesky_app_password")
    return None


def bluesky_login(org: Organisation) -> BlueskyLogin | None:
    """The login for the stream's Bluesky searches, or None when the handle or password is missing."""
    if not org.bluesky_login:
        return None
    password = _app_password(org)
    if not password:
        return None
    from spiegel.sources.bluesky_api import DEFAULT_PDS

    return BlueskyLogin(org.bluesky_login, password, org.bluesky_pds or DEFAULT_PDS)


def store_app_password(org: Organisation, plain: str) -> None:
    """Keep *plain* encrypted on *org* (never in clear text, never logged)."""
    org.bluesky_app_password = crypto.encrypt(plain)
    org.bluesky_password_set_at = timezone.now()
    org.save(update_fields=["bluesky_app_password", "bluesky_password_set_at"])


def check_bluesky_login(org: Organisation) -> str | None:
    """Log in once with the stream's Bluesky login, now (for the settings page): None when it
    works, else what went wrong. Quick: two tries, a short timeout, no long back-off."""
    from spiegel.sources._http import RetryPolicy
    from spiegel.sources.bluesky_api import BlueskyFetcher

    try:
        login = bluesky_login(org)
        if login is None:
            return "no Bluesky account or app password is set"
        fetcher = BlueskyFetcher(
            retry=RetryPolicy(attempts=2, base_delay=0.5, max_delay=2.0),
            timeout=15.0,
            allow_private=_allow_private(),
        )
        fetcher.login(login.handle, login.app_password, login.pds)
    except (ConfigError, RemoteError) as exc:
        return getattr(exc, "what", None) or _first_line(exc)
    return None


def forget_app_password(org: Organisation) -> None:
    org.bluesky_app_password = ""
    org.bluesky_password_set_at = None
    org.save(update_fields=["bluesky_app_password", "bluesky_password_set_at"])


def _allow_private() -> bool:
    """Whether fetches may reach loopback/private addresses: setting
    ``SPIEGEL_ALLOW_PRIVATE_ADDRESSES`` (off by default; tests turn it on for their stand-ins)."""
    return bool(getattr(settings, "SPIEGEL_ALLOW_PRIVATE_ADDRESSES", False))


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
            MastodonFetcher(instance, allow_private=_allow_private(), field="instance"),
            Run(sink, FetchState.for_output(output), since),
            account=account.handle.split("@", 1)[0],
        )
    return output


def fetch_org_stream(org: Organisation, since: datetime | None) -> list[Path]:
    """Collect the organisation stream from the sources in ``Organisation.stream_sources``:
    Mastodon hashtags and searches on one server; Bluesky searches, logged in with the
    organisation's Bluesky account (Bluesky refuses anonymous searches). Without that login the
    Mastodon part is still collected and :class:`StreamIncomplete` says what is missing."""
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
                MastodonFetcher(
                    mastodon["instance"],
                    allow_private=_allow_private(),
                    field="stream_sources.mastodon.instance",
                ),
                Run(sink, FetchState.for_output(output), since),
                hashtags=mastodon.get("hashtags", []),
                searches=mastodon.get("searches", []),
            )
        paths.append(output)
    bluesky = org.stream_sources.get("bluesky") or {}
    if bluesky.get("searches"):
        from spiegel.sources.bluesky_api import BlueskyFetcher

        login = bluesky_login(org)
        if login is None:
            raise StreamIncomplete(
                "Bluesky answers post searches only to a logged-in account, and no Bluesky login "
                "is set for the organisation stream: its Bluesky searches were skipped",
                paths=paths,
                field="bluesky_login",
                fix="An HR administrator fills in the Bluesky account and an app password on the "
                f"organisation settings page (/organisation/), or the server sets {ENV_PASSWORD_FILE}.",
            )
        fetcher = BlueskyFetcher(allow_private=_allow_private())
        try:
            fetcher.login(login.handle, login.app_password, login.pds)
        except RemoteError as exc:
            raise StreamIncomplete(
                f"the Bluesky login as {login.handle!r} failed, so the stream's Bluesky searches "
                f"were skipped ({_first_line(exc)})",
                paths=paths,
                field="bluesky_login",
                fix="Check the Bluesky account and app password on the organisation settings page "
                "(/organisation/); an app password that was revoked on Bluesky must be replaced.",
            ) from exc
        output = folder / f"stream-{org.pk}-bluesky.jsonl"
        with JsonlSink.open(output) as sink:
            fetch_bluesky(
                fetcher,
                Run(sink, FetchState.for_output(output), since),
                searches=bluesky["searches"],
            )
        paths.append(output)
    return paths


def _first_line(exc: Exception) -> str:
    return str(exc).split(". ", 1)[0].splitlines()[0]


def fetch_bluesky_account(account: ConnectedAccount, since: datetime | None) -> Path:
    from spiegel.sources._http import FetchState, JsonlSink
    from spiegel.sources.bluesky_api import BlueskyFetcher
    from spiegel.sources.streams import Run, fetch_bluesky

    output = _output(account)
    with JsonlSink.open(output) as sink:
        fetch_bluesky(
            BlueskyFetcher(allow_private=_allow_private()),
            Run(sink, FetchState.for_output(output), since),
            handle=account.handle,
        )
    return output
