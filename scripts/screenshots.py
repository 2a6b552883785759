"""Screenshots of spiegel's main pages for the documentation: starts ``spiegel serve --demo`` in a
throwaway data folder (or uses a running server with ``--base-url``), logs in as the demo
employee, manager and HR administrator in headless Chromium, and writes each page at 1280 px
(desktop) and 390 px (phone) to docs/screenshots/NAME-WIDTH.png.

    python scripts/screenshots.py                 # the demo server on a free port
    python scripts/screenshots.py --base-url http://127.0.0.1:8000 --out /tmp/shots

Needs Playwright and Chromium (``scripts/system-deps.sh``; default /usr/bin/chromium). The
pages are the first screen (not the whole page) so the images stay small; ``--full-page`` takes
the whole page instead."""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WIDTHS = {"desktop": (1280, 1000), "phone": (390, 844)}
PASSWORD = "spiegel-demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server(timeout: float = 600) -> Iterator[str]:
    """``spiegel serve --demo`` in a temporary data folder; yields its base URL."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="spiegel-screenshots-") as data:
        env = dict(os.environ, SPIEGEL_DATA_DIR=data)
        # this checkout's sources first, also when spiegel is installed from another one
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
        log = Path(data) / "serve.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "spiegel", "serve", "--demo", "--port", str(port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
            try:
                deadline = time.monotonic() + timeout
                while "is running at" not in log.read_text():
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"spiegel serve --demo did not start:\n{log.read_text()}")
                    time.sleep(0.5)
                yield f"http://127.0.0.1:{port}"
            finally:
                # Ctrl+C, not SIGTERM: on SIGTERM `spiegel serve` exits without stopping its
                # job workers, which then live on as orphans
                server.send_signal(signal.SIGINT)
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _shots(page: Any, base: str) -> list[tuple[str, str, str | None]]:
    """(name, user, path) of every page to take, found by navigating like a user: the people's
    ids come from the pages they land on. *path* None: the page the login lands on."""
    _login(page, base, "medewerker")
    own = re.search(r"/people/(\d+)/", page.url)
    if own is None:
        raise SystemExit(f"the demo employee did not land on her profile but on {page.url}")
    fleur = own.group(1)
    _login(page, base, "leidinggevende")
    team = page.url.removeprefix(base)
    first = page.locator("#levels a[href^='/people/']").first.get_attribute("href")
    return [
        ("login", "", "/login/"),
        ("employee-profile", "medewerker", None),
        ("employee-accounts", "medewerker", f"/people/{fleur}/accounts/"),
        ("employee-360", "medewerker", f"/people/{fleur}/360/"),
        ("employee-report", "medewerker", f"/people/{fleur}/report/"),
        ("manager-team", "leidinggevende", None),
        ("manager-judge-first", "leidinggevende", first),
        ("hr-team", "hr", team),
        ("hr-profile", "hr", f"/people/{fleur}/"),
        ("hr-people", "hr", "/organisation/people/"),
        ("hr-org-config", "hr", "/organisation/config/"),
        ("hr-norms", "hr", "/organisation/norms/"),
        ("hr-reliability", "hr", "/organisation/questionnaire/"),
        ("hr-deployer", "hr", "/organisation/deployer/"),
        ("accessibility", "", "/accessibility/"),
        ("not-found", "", "/no-such-page/"),
    ]


def take(base: str, out: Path, chromium: str, full_page: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        probe = browser.new_page()
        shots = _shots(probe, base)
        probe.context.close()
        for label, (width, height) in WIDTHS.items():
            contexts: dict[str, Any] = {}
            for name, user, path in shots:
                if user not in contexts:
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, locale="nl-NL", device_scale_factor=1
                    )
                    page = context.new_page()
                    if user:
                        _login(page, base, user)
                    contexts[user] = page
                page = contexts[user]
                if path is not None:
                    page.goto(f"{base}{path}")
                elif user:
                    page.goto(f"{base}/")
                page.wait_for_load_state("networkidle")
                file = out / f"{name}-{width}.png"
                page.screenshot(path=str(file), full_page=full_page)
                written.append(file)
                print(f"{file.relative_to(out.parent) if out.parent in file.parents else file}  ({label})")
            for page in contexts.values():
                page.context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="a running spiegel server with the demo loaded")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the first screen")
    args = parser.parse_args(argv)
    if args.base_url:
        take(args.base_url.rstrip("/"), args.out, args.chromium, args.full_page)
    else:
        with demo_server() as base:
            take(base, args.out, args.chromium, args.full_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
