"""A tiny threaded HTTP server on 127.0.0.1 for API stand-ins (random port, stopped by the test)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any = None


@dataclass
class Response:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None


Handler = Callable[[Request], Response]


class StandinServer:
    """Serves ``handler(request) -> Response`` on a random local port; logs every request."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.log: list[Request] = []
        #: responses to give before the handler, per path prefix: {"/api/v1/accounts": [Response(429)]}
        self.failures: dict[str, list[Response]] = {}
        outer = self

        class _H(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def _answer(self, method: str) -> None:
                split = urlsplit(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                length = int(headers.get("content-length", "0") or 0)
                body = json.loads(self.rfile.read(length) or b"null") if length else None
                req = Request(method, split.path, parse_qs(split.query), headers, body)
                outer.log.append(req)
                resp = outer._failure(req.path) or outer.handler(req)
                data = resp.raw if resp.raw is not None else json.dumps(resp.body).encode()
                self.send_response(resp.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in resp.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _failure(self, path: str) -> Response | None:
        for prefix, queue in self.failures.items():
            if path.startswith(prefix) and queue:
                return queue.pop(0)
        return None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StandinServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def paths(self) -> list[str]:
        return [r.path for r in self.log]
