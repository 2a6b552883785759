from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.errors import RateLimitedError, RemoteError
from spiegel.records import Post
from spiegel.sources import read_path
from spiegel.sources._http import FetchState, JsonlSink, RetryPolicy
from spiegel.sources.bluesky_api import BlueskyFetcher
from spiegel.sources.streams import Run, fetch_bluesky
from standins import bluesky as sb
from standins.http import Request, Response, StandinServer

#: the stand-in servers listen on 127.0.0.1, which the clients refuse unless allowed
pytestmark = pytest.mark.usefixtures("allow_private_addresses")

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
PIET = sb.profile("piet.example.nl", "did:plc:piet0000000000000000000", "Wijkregisseur bij de gemeente.")
ANNA = sb.profile("anna.example.org", "did:plc:anna0000000000000000000", "Bewoner")
KEES = sb.profile("kees.example.org", "did:plc:kees0000000000000000000")


def _at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def world() -> sb.BlueskyWorld:
    w = sb.BlueskyWorld(profiles={p["handle"]: p for p in (PIET, ANNA, KEES)})
    opening = sb.BskyPost("3kp1", PIET, "Het wijkcentrum is vanaf maandag weer open.", _at(0))
    question = sb.BskyPost("3ka1", ANNA, "Kun je zeggen wanneer de bus weer rijdt?", _at(1), mentions=[PIET])
    answer = sb.BskyPost("3kp2", PIET, "Vanaf woensdag, volgens de vervoerder.", _at(2), reply_to=question)
    news = sb.BskyPost("3ka2", ANNA, "Mooi dat het park is opgeknapt.", _at(3))
    under = sb.BskyPost("3ka3", ANNA, "Fijn, ik kom kijken!", _at(4), reply_to=opening)
    other = sb.BskyPost("3kk1", KEES, "Dank voor de hulp met de aanvraag.", _at(5), mentions=[PIET])
    w.posts = [opening, question, answer, news, under, other]
    w.reposts = [sb.Repost(PIET, news, _at(6), "3kr1")]
    return w


@pytest.fixture
def server(world: sb.BlueskyWorld) -> Iterator[StandinServer]:
    srv = sb.serve(world).start()
    yield srv
    srv.stop()


def _run(server: StandinServer, out: Path, attempts: int = 3, sleep: Any = None, **kw: Any) -> Any:
    policy = RetryPolicy(attempts=attempts, base_delay=0.01, sleep=sleep or time.sleep)
    fetcher = BlueskyFetcher(server.url, retry=policy)
    if kw.pop("login", False):
        fetcher.login("piet.example.nl", sb.APP_PASSWORD, pds=server.url)
    since = kw.pop("since", None)
    with JsonlSink.open(out) as sink:
        return fetch_bluesky(fetcher, Run(sink, FetchState.for_output(out), since=since, lang="en"), **kw)


def _lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text().splitlines()]


def _uri(profile: dict[str, Any], rkey: str) -> str:
    return f"at://{profile['did']}/app.bsky.feed.post/{rkey}"


def _calls(server: StandinServer, method: str, since: int = 0) -> list[Request]:
    return [r for r in server.log[since:] if r.path == f"/xrpc/{method}"]


def test_author_feed_pages_posts_replies_and_reposts(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    report = _run(server, out, handle="piet.example.nl")
    rows = {r["id"]: r for r in _lines(out)}
    assert set(rows) == {
        _uri(PIET, "3kp1"),
        _uri(PIET, "3kp2"),
        f"at://{PIET['did']}/app.bsky.feed.repost/3kr1",
    }
    assert report.written == {"posts of piet.example.nl": 3}
    feed_calls = _calls(server, "app.bsky.feed.getAuthorFeed")
    assert [c.query.get("cursor") for c in feed_calls] == [None, ["2"]]
    posts = {p.id: p for p in read_path(out, format="generic") if isinstance(p, Post)}
    answer = posts[_uri(PIET, "3kp2")]
    assert answer.author == "piet.example.nl"
    assert answer.in_reply_to_id == _uri(ANNA, "3ka1")
    assert answer.in_reply_to_author == "anna.example.org"  # learnt from the feed's reply view
    assert answer.conversation_id == _uri(ANNA, "3ka1")
    assert answer.url == "https://bsky.app/profile/piet.example.nl/post/3kp2"
    assert answer.lang == "nl" and answer.created_at == _at(2)
    boost = posts[f"at://{PIET['did']}/app.bsky.feed.repost/3kr1"]
    assert boost.kind == "boost" and boost.boost_of_id == _uri(ANNA, "3ka2")


def test_mentions_search_gives_inbound_messages(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "inbound.jsonl"
    _run(server, out, handle="piet.example.nl", posts=False, mentions=True, login=True)
    rows = {r["id"]: r for r in _lines(out)}
    assert set(rows) == {_uri(ANNA, "3ka1"), _uri(KEES, "3kk1")}
    assert rows[_uri(ANNA, "3ka1")]["mentions"] == ["piet.example.nl"]
    assert rows[_uri(ANNA, "3ka1")]["author"] == "anna.example.org"
    searches = _calls(server, "app.bsky.feed.searchPosts")
    assert all(c.query["mentions"] == ["piet.example.nl"] for c in searches)
    assert len(searches) == 1  # two hits, one page


def test_rate_limit_waits_for_the_reset_header(server: StandinServer, tmp_path: Path) -> None:
    waits: list[float] = []
    server.failures["/xrpc/app.bsky.feed.getAuthorFeed"] = [sb.rate_limited(int(time.time()) + 30)]
    out = tmp_path / "piet.jsonl"
    _run(server, out, sleep=waits.append, handle="piet.example.nl")
    assert len(waits) == 1 and 25 < waits[0] <= 30  # from ratelimit-reset, not the 0.01 s back-off
    assert len(_lines(out)) == 3
    assert len(_calls(server, "app.bsky.feed.getAuthorFeed")) == 3  # 429, page 1 again, page 2


def test_rate_limit_that_never_ends_is_reported(server: StandinServer, tmp_path: Path) -> None:
    server.failures["/xrpc/app.bsky.actor.getProfile"] = [sb.rate_limited(0), sb.rate_limited(0)]
    with pytest.raises(RateLimitedError, match="kept asking to slow down after 2 tries"):
        _run(server, tmp_path / "x.jsonl", attempts=2, sleep=lambda _s: None, handle="piet.example.nl")


def test_interrupted_feed_resumes_from_its_cursor(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    original = server.handler

    def broken_second_page(req: Request) -> Response:
        if req.query.get("cursor") == ["2"]:
            return Response(502, {"error": "UpstreamFailure", "message": "try later"})
        return original(req)

    server.handler = broken_second_page
    with pytest.raises(RemoteError, match="gave up after 2 tries"):
        _run(server, out, attempts=2, handle="piet.example.nl")
    assert len(_lines(out)) == 2
    state = orjson.loads((tmp_path / "piet.jsonl.state.json").read_bytes())
    assert state["streams"][f"bluesky:feed:{PIET['did']}"] == {"cursor": "2", "complete": False}
    server.handler = original
    before = len(server.log)
    _run(server, out, handle="piet.example.nl")
    assert [c.query.get("cursor") for c in _calls(server, "app.bsky.feed.getAuthorFeed", before)] == [["2"]]
    ids = [r["id"] for r in _lines(out)]
    assert len(ids) == 3 == len(set(ids))


def test_update_run_stops_at_known_posts(
    server: StandinServer, world: sb.BlueskyWorld, tmp_path: Path
) -> None:
    out = tmp_path / "piet.jsonl"
    _run(server, out, handle="piet.example.nl")
    world.posts.append(sb.BskyPost("3kp9", PIET, "Nieuw bericht over de markt.", _at(9)))
    world.page_size = 1  # four pages now: the new post, then three known ones
    before = len(server.log)
    report = _run(server, out, handle="piet.example.nl")
    assert report.total == 1
    assert len(_calls(server, "app.bsky.feed.getAuthorFeed", before)) == 2  # stopped at the first known page


def test_threads_bring_replies_to_the_person(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    _run(server, out, handle="piet.example.nl", threads=True)
    rows = {r["id"]: r for r in _lines(out)}
    reply = rows[_uri(ANNA, "3ka3")]  # Anna's reply under Piet's opening post
    assert reply["in_reply_to_id"] == _uri(PIET, "3kp1")
    assert reply["in_reply_to_author"] == "piet.example.nl"
    assert _uri(ANNA, "3ka1") in rows  # the question Piet answered (parent of his reply)


def test_cli_fetch_bluesky(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    result = CliRunner(env={"SPIEGEL_BLUESKY_APP_PASSWORD": sb.APP_PASSWORD}).invoke(
        main,
        [
            "fetch",
            "bluesky",
            "--handle",
            "piet.example.nl",
            "--service",
            server.url,
            "--mentions",
            "--login",
            "piet.example.nl",
            "--pds",
            server.url,
            "--lang",
            "en",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 5 new posts" in result.stderr
    assert len(_lines(out)) == 5


def test_cli_unknown_handle_exits_3(server: StandinServer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "bluesky",
            "--handle",
            "niemand.example",
            "--service",
            server.url,
            "-o",
            str(tmp_path / "x.jsonl"),
        ],
    )
    assert result.exit_code == 3
    assert "rejected the request" in result.stderr and "Profile not found" in result.stderr


def test_cli_bad_json_exits_3(server: StandinServer, tmp_path: Path) -> None:
    server.failures["/xrpc/app.bsky.actor.getProfile"] = [Response(raw=b"not json at all")]
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "bluesky",
            "--handle",
            "piet.example.nl",
            "--service",
            server.url,
            "-o",
            str(tmp_path / "x.jsonl"),
        ],
    )
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output


def test_search_without_login_says_how_to_log_in(server: StandinServer, tmp_path: Path) -> None:
    with pytest.raises(RemoteError, match=r"HTTP 403.*pass --login HANDLE with an app password"):
        _run(server, tmp_path / "x.jsonl", handle="piet.example.nl", posts=False, mentions=True)


def test_wrong_app_password_is_refused(server: StandinServer) -> None:
    fetcher = BlueskyFetcher(server.url, retry=RetryPolicy(attempts=1))
    with pytest.raises(RemoteError, match="A refused login means the handle or app password is wrong"):
        fetcher.login("piet.example.nl", "wrong-pass-word-here", pds=server.url)


def test_cli_login_needs_an_app_password(tmp_path: Path) -> None:
    result = CliRunner(env={"SPIEGEL_BLUESKY_APP_PASSWORD": None}).invoke(
        main,
        [
            "fetch",
            "bluesky",
            "--search",
            "wijk",
            "--login",
            "piet.example.nl",
            "-o",
            str(tmp_path / "x.jsonl"),
        ],
    )
    assert result.exit_code == 2
    assert "--login needs an app password" in result.stderr
