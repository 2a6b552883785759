"""Outbound connections only to public internet addresses (no server-side request forgery).

spiegel fetches from servers that a user names (a Mastodon server, a Bluesky PDS). Without a
check, an employee could make the server fetch from itself (``127.0.0.1``, ``localhost``), from
the internal network (``10.x``, ``192.168.x``), from a cloud metadata service (``169.254.169.254``)
and read the answer back from an error message. So:

* :func:`server_url` checks what the user typed: an ``https://`` address or a bare host name, no
  user name or password, no path, query or fragment, a valid host name or IP address;
* every connection the API clients open goes through :func:`checked_address`: the host name is
  resolved once, *every* address it resolves to must be public (Python's ``ipaddress``
  ``is_global``, and not multicast, reserved, unspecified, loopback, private, link-local or
  CGNAT; an IPv4-mapped IPv6 address is judged by its IPv4 address), and the socket connects to
  that checked address, so a name cannot resolve to something else between check and connect
  (DNS rebinding). Redirects open new connections, so each redirect target is checked as well;
* the clients' HTTP sessions ignore proxy environment variables (a proxy would resolve the
  name itself, out of reach of the check).

Loopback and private addresses are allowed only when asked for explicitly: the clients'
``allow_private`` argument, ``SPIEGEL_ALLOW_PRIVATE_ADDRESSES=1`` for the command line (a
Mastodon server of one's own on the local network), the server setting of the same name (off by
default). The tests use it for their stand-in servers on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from spiegel.errors import ConfigError

#: ``1`` allows loopback and private addresses for the command line's fetches
ENV_ALLOW_PRIVATE = "SPIEGEL_ALLOW_PRIVATE_ADDRESSES"

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class ServerNotAllowed(ConfigError):
    """The server's address is not a public internet address (or the address is malformed)."""


def private_allowed() -> bool:
    """Whether the environment allows loopback/private addresses (command line only)."""
    return os.environ.get(ENV_ALLOW_PRIVATE) == "1"


def is_public(address: str) -> bool:
    """True for a globally routable unicast address; IPv4-mapped IPv6 by its IPv4 part."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_global
        and not ip.is_multicast
        and not ip.is_reserved
        and not ip.is_unspecified
        and not ip.is_loopback
        and not ip.is_private
        and not ip.is_link_local
    )


def resolve(host: str, port: int) -> list[str]:
    """The addresses *host* resolves to (tests replace this to simulate DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in out:
            out.append(address)
    return out


def _not_allowed(host: str, field: str) -> ServerNotAllowed:
    return ServerNotAllowed(
        f"server not allowed: {host!r} is not a public internet address",
        field=field,
        fix="Use the public address of the server, e.g. https://social.overheid.nl; spiegel does not "
        "connect to local or internal network addresses.",
    )


def checked_address(host: str, port: int, allow_private: bool, field: str = "server") -> str:
    """The address to connect to for *host*: resolved once, every result checked.

    Raises :class:`ServerNotAllowed` when one of the addresses is not public (unless
    *allow_private*); an :class:`OSError` when the name does not resolve."""
    host = host.strip("[]").rstrip(".")
    addresses = resolve(host, port)
    if not addresses:
        raise OSError(f"{host} has no address")
    if not allow_private and not all(is_public(a) for a in addresses):
        raise _not_allowed(host, field)
    return addresses[0]


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return len(ascii_host) <= 253 and all(_LABEL.match(label) for label in labels)


def server_url(value: str, *, allow_private: bool = False, field: str = "server") -> str:
    """*value* (``https://host[:port]`` or a bare host name) as ``https://host[:port]``.

    Refuses user names and passwords, paths, queries and fragments, other schemes (``http://``
    only when *allow_private*), malformed host names, and, without *allow_private*, IP
    addresses and ``localhost`` names that are not public. Does not resolve the name: that
    happens, and is checked, when a connection is opened."""

    def bad(why: str) -> ServerNotAllowed:
        return ServerNotAllowed(
            f"server not allowed: {value.strip()!r} {why}",
            field=field,
            fix="Give the server as https://name or just its name, e.g. social.overheid.nl.",
        )

    text = value.strip()
    if not text or any(c.isspace() or ord(c) < 32 for c in text) or "\\" in text:
        raise bad("is not a server address")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if "@" in parts.netloc or parts.username or parts.password:
        raise bad("may not contain a user name or password")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise bad("may only name the server, without a path")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise bad("has an invalid port") from exc
    if not host or not _valid_host(host):
        raise bad("has no valid host name")
    if not allow_private:
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if (
            (literal is not None and not is_public(host))
            or host == "localhost"
            or host.endswith(".localhost")
        ):
            raise _not_allowed(host, field)
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme.lower() not in schemes:
        raise bad("must start with https://")
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme.lower()}://{shown}" + (f":{port}" if port else "")


def not_allowed_in(exc: BaseException) -> ServerNotAllowed | None:
    """The :class:`ServerNotAllowed` that *exc* was raised for (HTTP libraries wrap it), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ServerNotAllowed):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


# -- requests (Mastodon.py) ------------------------------------------------------------------------
def _guarded_connection(base: type[HTTPConnection], allow_private: bool) -> type[HTTPConnection]:
    class Guarded(base):  # type: ignore[valid-type,misc]
        def _new_conn(self) -> socket.socket:
            # connect to the checked address; TLS still names and verifies the host name
            name: str = self._dns_host  # type: ignore[has-type]
            self._dns_host = checked_address(name, self.port, allow_private)
            try:
                return super()._new_conn()  # type: ignore[no-any-return]
            finally:
                self._dns_host = name

    return Guarded


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        allow = self.allow_private

        class Http(HTTPConnectionPool):
            ConnectionCls = _guarded_connection(HTTPConnection, allow)

        class Https(HTTPSConnectionPool):
            ConnectionCls = _guarded_connection(HTTPSConnection, allow)  # type: ignore[assignment]

        self.poolmanager.pool_classes_by_scheme = {"http": Http, "https": Https}


def requests_session(allow_private: bool) -> requests.Session:
    """A :class:`requests.Session` that only connects to checked addresses (no env proxies)."""
    session = requests.Session()
    session.trust_env = False
    adapter = _GuardedAdapter(allow_private)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# -- httpx (atproto) -------------------------------------------------------------------------------
class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        address = checked_address(host, port, self.allow_private)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


def httpx_options(allow_private: bool) -> dict[str, Any]:
    """Keyword arguments for an :class:`httpx.Client` that only connects to checked addresses."""
    transport = httpx.HTTPTransport()
    transport._pool._network_backend = _GuardedBackend(allow_private)
    return {"transport": transport, "trust_env": False}
