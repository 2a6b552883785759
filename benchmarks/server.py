"""Server benchmark: 50 concurrent users browsing profiles and the team dashboard for 2 minutes
against ``spiegel serve`` (waitress, multi-threaded) backed by a throwaway PostgreSQL cluster,
all on loopback. Writes the ``server`` section of docs/benchmarks.md.

Each virtual user logs in as one of the demo users and then, until the time is up, opens a page
it may see (its own profile, a team member's profile, the team dashboard, the JSON API), waits
a "reading" pause of 0.5–2 s, and opens the next. Every response must be 200.

    python benchmarks/server.py [--users 50] [--seconds 120] [--threads 16] [--no-write]

**Throughput mode** (``--throughput``): no think time. The organisation is first grown to
``--people`` people (default 1,000: the demo's seven plus generated colleagues in teams of ten,
each with a profile snapshot copied from a demo person's) in PostgreSQL; then the logged-in users
send requests at a fixed arrival rate (open loop: a slow answer does not slow the senders) for
``--step-seconds`` per step, the rate rising by half each step from ``--start-rate``, until a step
has an error or a p95 of 200 ms or more. Reported: every step, and the highest rate that met the
target. Writes the ``server-throughput`` section.

    python benchmarks/server.py --throughput [--people 1000] [--start-rate 10] [--step-seconds 20]
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
#: teams per user whose pages are visited (HR sees every team of a large organisation)
MAX_TEAMS = 20


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
    for team in me["teams"][:MAX_TEAMS]:
        response = await client.get(f"/api/teams/{team['id']}/")
        if response.status_code != 200:  # listed, but not a dashboard this user may open
            continue
        urls += [f"/teams/{team['id']}/", f"/api/teams/{team['id']}/"]
        urls += [f"/people/{p['id']}/" for p in response.json()["people"]]
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


def populate(url: str, data_dir: Path, people: int) -> int:
    """Load the demo into the database at *url* and grow its organisation to *people* people
    (teams of ten, each person with a copy of a demo person's latest profile snapshot)."""
    os.environ["SPIEGEL_FETCH"] = "0"
    from spiegel.web.setup import configure

    configure(url, str(data_dir), demo=True)
    from spiegel.web.demo import load_demo
    from spiegel.web.models import Organisation, Person, ProfileSnapshot, Team

    load_demo()
    org = Organisation.objects.get()
    templates = [s for s in ProfileSnapshot.objects.filter(person__organisation=org).order_by("-created_at")][
        :7
    ]
    missing = people - Person.objects.filter(organisation=org).count()
    if missing <= 0:
        return 0
    teams = Team.objects.bulk_create(
        [Team(organisation=org, name=f"Team {i + 1:03d}") for i in range((missing + 9) // 10)]
    )
    new = Person.objects.bulk_create(
        [
            Person(organisation=org, name=f"Medewerker {i + 1:04d}", team=teams[i // 10])
            for i in range(missing)
        ]
    )
    ProfileSnapshot.objects.bulk_create(
        [
            ProfileSnapshot(
                person=p,
                profile=templates[i % len(templates)].profile,
                summary=templates[i % len(templates)].summary,
                model_version=templates[i % len(templates)].model_version,
            )
            for i, p in enumerate(new)
        ]
    )
    return missing


async def _timed(client: httpx.AsyncClient, url: str, samples: list[tuple[str, float, int]]) -> None:
    start = time.perf_counter()
    try:
        status = (await client.get(url)).status_code
    except httpx.HTTPError:
        status = 0
    samples.append((url, time.perf_counter() - start, status))


async def run_rates(
    base: str, users: int, start_rate: float, step_seconds: float, max_steps: int
) -> list[tuple[float, list[tuple[str, float, int]]]]:
    """Open-loop steps of rising request rates; stops after the first step that misses."""
    names = [MANAGERS[i % 2] if i % 3 == 0 else EMPLOYEES[i % len(EMPLOYEES)] for i in range(users)]
    gate = asyncio.Semaphore(4)
    prepared = await asyncio.gather(*(prepare(base, name, gate) for name in names))
    rng = random.Random(7)
    steps = []
    rate = start_rate
    for _ in range(max_steps):
        samples: list[tuple[str, float, int]] = []
        tasks = []
        t0 = time.monotonic()
        i = 0
        while time.monotonic() < t0 + step_seconds:
            client, urls = prepared[i % len(prepared)]
            tasks.append(asyncio.create_task(_timed(client, rng.choice(urls), samples)))
            i += 1
            await asyncio.sleep(max(0.0, t0 + i / rate - time.monotonic()))
        await asyncio.gather(*tasks)
        steps.append((rate, samples))
        errors = sum(1 for _, _, status in samples if status != 200)
        p95 = statistics.quantiles([t for _, t, _ in samples], n=100)[94] * 1000
        print(f"{rate:.0f} req/s: {len(samples)} requests, p95 {p95:.0f} ms, {errors} errors", flush=True)
        if errors or p95 >= 200:
            break
        rate *= 1.5
    for client, _ in prepared:
        await client.aclose()
    return steps


def throughput(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="spiegel-bench-") as tmp, postgres_server() as url:
        t0 = time.perf_counter()
        added = populate(url, Path(tmp), args.people)
        grow_s = time.perf_counter() - t0
        port = free_port()
        server = start_server(url, port, args.threads, Path(tmp))
        try:
            steps = asyncio.run(
                run_rates(
                    f"http://127.0.0.1:{port}", args.users, args.start_rate, args.step_seconds, args.max_steps
                )
            )
            load = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=30)
    rows = []
    best = None
    for rate, samples in steps:
        times = sorted(t * 1000 for _, t, _ in samples)
        errors = sum(1 for _, _, status in samples if status != 200)
        q = statistics.quantiles(times, n=100)
        ok = errors == 0 and q[94] < 200
        if ok:
            best = rate
        achieved = len(samples) / args.step_seconds
        median = statistics.median(times)
        rows.append(
            [
                f"{rate:.0f}",
                f"{achieved:.1f}",
                len(samples),
                f"{median:.0f}",
                f"{q[94]:.0f}",
                f"{q[98]:.0f}",
                errors,
                "yes" if ok else "no",
            ]
        )
    verdict = (
        f"**{best:.0f} requests/s** is the highest rate with p95 < 200 ms and 0 errors"
        if best is not None
        else "no rate met the target (p95 < 200 ms, 0 errors); lower --start-rate"
    )
    body = (
        "## server throughput\n\n"
        f"`benchmarks/server.py --throughput`: the demo organisation grown to {args.people:,} people "
        f"({added:,} generated colleagues in teams of ten, each with a profile snapshot; {grow_s:.0f} s to "
        f"load) in a throwaway PostgreSQL 15 cluster; `spiegel serve` (waitress, {args.threads} threads, one "
        f"process). {args.users} logged-in demo users send requests for their pages (profiles, the team "
        f"dashboard, the JSON API) with no think time, at a fixed arrival rate for {args.step_seconds:.0f} s "
        "per step, the rate rising by half each step until a step misses the target. The load generator "
        "runs on the same machine and shares its cores with the server.\n\n"
        + table(["target req/s", "sent req/s", "n", "median ms", "p95 ms", "p99 ms", "errors", "meets"], rows)
        + f"\n\n{verdict}. Load average at the end: {load:.1f} on {os.cpu_count()} cores (other work shares "
        "the CPU, so this is a lower bound of what the server carries on its own).\n"
    )
    print(body)
    if not args.no_write:
        write_section("server-throughput", body)


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
    parser.add_argument("--throughput", action="store_true", help="find the highest rate (see above)")
    parser.add_argument("--people", type=int, default=1000, help="organisation size for --throughput")
    parser.add_argument("--start-rate", type=float, default=10.0)
    parser.add_argument("--step-seconds", type=float, default=20.0)
    parser.add_argument("--max-steps", type=int, default=12)
    args = parser.parse_args()
    if args.throughput:
        throughput(args)
        return
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
