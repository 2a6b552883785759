"""Outbound fetches reach public addresses only (spiegel.sources._net): the server field, the
address a name resolves to, and every redirect target are checked; loopback/private addresses
only with the explicit test/own-server setting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from spiegel.sources import _net
from spiegel.sources._http import RetryPolicy
from spiegel.sources._net import ServerNotAllowed
from spiegel.sources.bluesky_api import BlueskyFetcher
from spiegel.sources.mastodon_api import MastodonFetcher
from standins.http import Request, Response, StandinServer

SECRET = "internal-metadata-token-1234"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("social.example", "https://social.example"),
        ("https://Social.Example/", "https://social.example"),
        ("https://social.example:8443", "https://social.example:8443"),
        ("  mastodon.social ", "https://mastodon.social"),
        ("https://93.184.215.14", "https://93.184.215.14"),
    ],
)
def test_server_field_accepts_an_https_address_or_a_host_name(typed: str, expected: str) -> None:
    assert _net.server_url(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "http://social.example",
        "ftp://social.example",
        "https://user:secret@social.example",
        "https://social.example@127.0.0.1",
        "https://social.example/../admin",
        "https://social.example/api/v1/instance",
        "https://social.example?x=1",
        "https://social.example#frag",
        "https://social.example\\@127.0.0.1",
        "social example",
        "https://-bad-.example",
        "https://social.example:99999",
        "127.0.0.1",
        "https://127.0.0.1:8080",
        "localhost",
        "https://localhost:3000",
        "https://api.localhost",
        "https://[::1]",
        "https://[::ffff:127.0.0.1]",
        "10.1.2.3",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "https://[fe80::1]",
        "https://[fc00::1]",
    ],
)
def test_server_field_refuses_tricks_and_non_public_addresses(typed: str) -> None:
    with pytest.raises(ServerNotAllowed) as err:
        _net.server_url(typed)
    assert "server not allowed" in err.value.what


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("224.0.0.251", False),
        ("ff02::1", False),
        ("240.0.0.1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.215.14", True),
        ("192.0.2.1", False),
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert _net.is_public(address) is public


def test_loopback_is_allowed_with_the_explicit_setting_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_net.ENV_ALLOW_PRIVATE, raising=False)
    with pytest.raises(ServerNotAllowed):
        MastodonFetcher("http://127.0.0.1:9")
    assert MastodonFetcher("http://127.0.0.1:9", allow_private=True).instance == "http://127.0.0.1:9"
    monkeypatch.setenv(_net.ENV_ALLOW_PRIVATE, "1")
    assert MastodonFetcher("http://127.0.0.1:9").instance == "http://127.0.0.1:9"
    assert BlueskyFetcher("http://127.0.0.1:9").service == "http://127.0.0.1:9"


@pytest.fixture
def server() -> Iterator[StandinServer]:
    def handler(req: Request) -> Response:
        if req.path.startswith("/redirect"):
            target = req.query.get("to", [""])[0]
            return Response(302, {"moved": True}, headers={"Location": target})
        return Response(body={"id": "1", "acct": "piet", "secret": SECRET})

    srv = StandinServer(handler).start()
    yield srv
    srv.stop()


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_net.ENV_ALLOW_PRIVATE, raising=False)


@pytest.mark.usefixtures("no_env")
def test_a_connection_to_loopback_is_refused_on_the_default_setting(server: StandinServer) -> None:
    session = _net.requests_session(allow_private=False)
    with pytest.raises(ServerNotAllowed):
        session.get(server.url + "/api/v1/accounts/lookup", timeout=5)
    assert server.log == []  # refused before connecting
    allowed = _net.requests_session(allow_private=True).get(server.url + "/x", timeout=5)
    assert allowed.json()["secret"] == SECRET


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize(
    "resolved", [["127.0.0.1"], ["::1"], ["93.184.215.14", "10.0.0.7"], ["169.254.169.254"]]
)
def test_a_public_looking_name_that_resolves_inside_is_refused(
    monkeypatch: pytest.MonkeyPatch, resolved: list[str]
) -> None:
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return resolved

    monkeypatch.setattr(_net, "resolve", resolve)
    fetcher = MastodonFetcher("social.example", retry=RetryPolicy(attempts=3, base_delay=0.01))
    with pytest.raises(ServerNotAllowed) as err:
        fetcher.account("piet")
    assert "server not allowed" in str(err.value) and "social.example" in str(err.value)
    assert resolved[-1] not in str(err.value)
    assert asked == ["social.example"]  # refused at once, not retried
    bluesky = BlueskyFetcher("https://bsky.example", retry=RetryPolicy(attempts=3, base_delay=0.01))
    with pytest.raises(ServerNotAllowed):
        bluesky.profile("piet.bsky.social")


def _pretend_standin_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in plays a public server: 127.0.0.1 counts as public, other loopback addresses
    (::1, 127.0.0.2) stay refused."""
    real = _net.is_public
    monkeypatch.setattr(_net, "is_public", lambda a: a == "127.0.0.1" or real(a))


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize("target", ["http://[::1]:{port}/secret", "http://127.0.0.2:{port}/secret"])
def test_a_redirect_to_loopback_is_refused(
    server: StandinServer, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    _pretend_standin_is_public(monkeypatch)
    port = server.url.rsplit(":", 1)[1]
    to = target.format(port=port)
    session = _net.requests_session(allow_private=False)
    assert session.get(server.url + "/plain", timeout=5).json()["secret"] == SECRET  # the first hop is fine
    with pytest.raises(ServerNotAllowed):
        session.get(server.url + "/redirect", params={"to": to}, timeout=5)
    # the same through the Mastodon client: one request, an error without the answer
    fetcher = MastodonFetcher(server.url, allow_private=True, retry=RetryPolicy(attempts=3, base_delay=0.01))
    fetcher.api.session = _net.requests_session(allow_private=False)
    server.log.clear()
    fetcher.api.api_base_url = server.url + "/redirect?to=" + requests.utils.quote(to, safe="") + "&x="
    with pytest.raises(ServerNotAllowed) as err:
        fetcher.account("piet")
    assert SECRET not in str(err.value) and len(server.log) == 1


@pytest.mark.usefixtures("no_env")
def test_a_bluesky_redirect_to_loopback_is_refused(
    server: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pretend_standin_is_public(monkeypatch)
    port = server.url.rsplit(":", 1)[1]
    import httpx

    client = httpx.Client(follow_redirects=True, **_net.httpx_options(allow_private=False))
    assert client.get(server.url + "/plain").json()["secret"] == SECRET
    with pytest.raises(ServerNotAllowed):
        client.get(server.url + "/redirect", params={"to": f"http://[::1]:{port}/secret"})
