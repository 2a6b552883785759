"""Server benchmark: 50 concurrent users browsing profiles and the team dashboard for 2 minutes
against ``spiegel serve`` (waitress, multi-threaded) backed by a throwaway PostgreSQL cluster,
all on loopback. Writes the ``server`` section of docs/benchmarks.md.

Each virtual user logs in as one of the demo users and then, until the time is up, opens a page
it may see (its own profile, a team member's profile, the team dashboard, the JSON API), waits
a "reading" pause of 0.5–2 s, and opens the next. Every response must be 200.

    python benchmarks/server.py [--users 50] [--seconds 120] [--threads 16] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import table, write_section

from spiegel.web.pgtest import postgres_server

PASSWORD = "spiegel-demo"
#: demo users and the share of virtual users that log in as each kind
EMPLOYEES = ("medewerker", "bram", "ruud", "wilhelmina", "sanne", "youssef", "thijs")
MANAGERS = ("leidinggevende", "hr")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, port: int, threads: int, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SPIEGEL_FETCH": "0"}
    cmd = [
        sys.executable,
        "-m",
        "spiegel",
        "serve",
        "--demo",
        "--quiet",
        "--no-worker",
        "--database-url",
        url,
        "--data-dir",
        str(data_dir),
        "--port",
        str(port),
        "--threads",
        str(threads),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"spiegel serve stopped: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.kill()
    raise RuntimeError("spiegel serve did not answer within 10 minutes")


async def login(client: httpx.AsyncClient, username: str) -> None:
    page = await client.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    response = await client.post(
        "/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": str(client.base_url) + "/login/"},
    )
    if response.status_code != 302:
        raise RuntimeError(f"login of {username} failed: {response.status_code}")


async def pages_of(client: httpx.AsyncClient) -> list[str]:
    me = (await client.get("/api/me/")).json()
    urls = []
    if me["person"]:
        urls += [f"/people/{me['person']['id']}/", f"/api/people/{me['person']['id']}/profile/"]
    for team in me["teams"]:
        urls += [f"/teams/{team['id']}/", f"/api/teams/{team['id']}/"]
        data = (await client.get(f"/api/teams/{team['id']}/")).json()
        urls += [f"/people/{p['id']}/" for p in data["people"]]
    return urls


async def prepare(base: str, username: str, gate: asyncio.Semaphore) -> tuple[httpx.AsyncClient, list[str]]:
    """Log in (password hashing is slow on purpose, so a few at a time) and find the pages."""
    client = httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False)
    async with gate:
        await login(client, username)
        return client, await pages_of(client)


async def browse(
    client: httpx.AsyncClient, urls: list[str], until: float, seed: int, samples: list[tuple[str, float, int]]
) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 2))  # users do not all start in the same second
    while time.monotonic() < until:
        url = rng.choice(urls)
        start = time.perf_counter()
        try:
            status = (await client.get(url)).status_code
        except httpx.HTTPError:
            status = 0
        samples.append((url, time.perf_counter() - start, status))
        await asyncio.sleep(rng.uniform(0.5, 2.0))
    await client.aclose()


async def run_load(
    base: str, users: int, seconds: float, on_start: Callable[[], None]
) -> list[tuple[str, float, int]]:
    samples: list[tuple[str, float, int]] = []
    names = [MANAGERS[i % 2] if i % 3 == 0 else EMPLOYEES[i % len(EMPLOYEES)] for i in range(users)]
    gate = asyncio.Semaphore(4)
    prepared = await asyncio.gather(*(prepare(base, name, gate) for name in names))
    on_start()
    until = time.monotonic() + seconds
    await asyncio.gather(*(browse(c, urls, until, i, samples) for i, (c, urls) in enumerate(prepared)))
    return samples


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kind(url: str) -> str:
    if url.startswith("/api/"):
        return "API (JSON)"
    return "team dashboard" if url.startswith("/teams/") else "profile page"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--no-write", action="store_true", help="print the results only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spiegel-bench-") as tmp, postgres_server() as url:
        port = free_port()
        t0 = time.perf_counter()
        server = start_server(url, port, args.threads, Path(tmp))
        setup = time.perf_counter() - t0
        try:
            marks: list[float] = []
            samples = asyncio.run(
                run_load(
                    f"http://127.0.0.1:{port}",
                    args.users,
                    args.seconds,
                    lambda: marks.append(process_cpu(server.pid)),
                )
            )
            server_cpu = process_cpu(server.pid) - marks[0]
            load = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=30)
    errors = sum(1 for _, _, status in samples if status != 200)
    rows = []
    for label in ("profile page", "team dashboard", "API (JSON)", "all"):
        times = sorted(t * 1000 for u, t, _ in samples if label == "all" or kind(u) == label)
        if not times:
            continue
        q = statistics.quantiles(times, n=100)
        rows.append(
            [
                label,
                len(times),
                f"{statistics.median(times):.0f}",
                f"{q[94]:.0f}",
                f"{q[98]:.0f}",
                f"{max(times):.0f}",
            ]
        )
    p95_all = float(rows[-1][3])
    verdict = "meets" if errors == 0 and p95_all < 200 else "does NOT meet"
    per_request = 1000 * server_cpu / max(1, len(samples))
    body = (
        "## server\n\n"
        f"`benchmarks/server.py`: {args.users} concurrent users (demo users: employees, the manager, "
        f"HR) browse profiles, the team dashboard and the JSON API for {args.seconds:.0f} s, each "
        f"pausing 0.5–2 s between pages, against `spiegel serve` (waitress, {args.threads} threads, "
        "one process) on a throwaway PostgreSQL 15 cluster, both on loopback; every view also writes "
        "its audit-log entry.\n\n"
        + table(["requests", "n", "median ms", "p95 ms", "p99 ms", "max ms"], rows)
        + f"\n\n{len(samples)} requests, {len(samples) / args.seconds:.1f} requests/s, "
        f"**{errors} errors**; p95 {p95_all:.0f} ms: {verdict} the target (0 errors, p95 < 200 ms). "
        f"Start-up with the demo organisation took {setup:.0f} s (not timed in the load).\n\n"
        f"During the browsing the server process used {server_cpu:.1f} CPU seconds, "
        f"{per_request:.0f} ms per request; the machine has {os.cpu_count()} cores and its load "
        f"average at the end of the run was {load:.1f} (other work shares the CPU).\n"
    )
    print(body)
    if not args.no_write:
        write_section("server", body)


if __name__ == "__main__":
    main()
