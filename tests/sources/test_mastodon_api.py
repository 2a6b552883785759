from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.errors import ConfigError, RemoteError
from spiegel.records import Post
from spiegel.sources import read_path
from spiegel.sources._http import FetchState, JsonlSink, RetryPolicy
from spiegel.sources.mastodon_api import MastodonFetcher, StatusMapper
from spiegel.sources.streams import Run, fetch_mastodon
from spiegel_testpaths import FORMATS, needs_data
from standins import mastodon as sm
from standins.http import Response, StandinServer

#: the stand-in servers listen on 127.0.0.1, which the clients refuse unless allowed
pytestmark = pytest.mark.usefixtures("allow_private_addresses")

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
CASSETTES = FORMATS / "mastodon_api_json_rtoot_cassettes"


def _at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def world() -> sm.MastodonWorld:
    piet = sm.account("piet", note="<p>Beleidsadviseur bij de gemeente.</p>")
    collega = sm.account("collega")
    burger = sm.account("burger", "elders.example", local=False, note="<p>Bewoner van de wijk</p>")
    w = sm.MastodonWorld(accounts={"piet": piet, "burger@elders.example": burger})
    s = w.statuses
    q = sm.status(1, burger, "Wanneer gaat het loket weer open?", when=_at(0), mentions=[piet])
    s.append(q)
    s.append(
        sm.status(
            2,
            piet,
            "Morgen vanaf negen uur, dank voor je vraag!",
            when=_at(1),
            reply_to=q,
            mentions=[burger],
            app="Tusky",
        )
    )
    s.append(
        sm.status(
            3,
            piet,
            "Nieuw: de wijkagenda staat online.",
            when=_at(2),
            visibility="unlisted",
            tags=["gemeente"],
            links=["https://gemeente.example/agenda"],
        )
    )
    s.append(sm.status(4, piet, "Alleen voor volgers.", when=_at(3), visibility="private"))
    s.append(sm.status(5, piet, "Een privébericht.", when=_at(4), visibility="direct", mentions=[collega]))
    shared = sm.status(7, collega, "De raad vergadert donderdag.", when=_at(5), tags=["gemeente"])
    s.append(sm.status(6, piet, "", when=_at(6), reblog=shared))
    s.append(shared)
    s.append(sm.status(8, burger, "Top, dan kom ik langs.", when=_at(7), reply_to=s[2]))
    dm = sm.status(9, burger, "Even onder ons?", when=_at(8), visibility="direct", mentions=[piet])
    s.append(dm)
    later = sm.status(10, burger, "En op zaterdag?", when=_at(9), reply_to=s[1], mentions=[piet])
    s.append(later)
    w.notifications = [sm.notification(101, q), sm.notification(102, dm), sm.notification(103, later)]
    return w


@pytest.fixture
def server(world: sm.MastodonWorld) -> Iterator[StandinServer]:
    srv = sm.serve(world).start()
    yield srv
    srv.stop()


def _fetcher(server: StandinServer, token: str | None = None, attempts: int = 3) -> MastodonFetcher:
    return MastodonFetcher(server.url, token, retry=RetryPolicy(attempts=attempts, base_delay=0.01))


def _run(server: StandinServer, out: Path, token: str | None = None, attempts: int = 3, **kw: Any) -> Any:
    since = kw.pop("since", None)
    with JsonlSink.open(out) as sink:
        run = Run(sink, FetchState.for_output(out), since=since, lang="en")
        return fetch_mastodon(_fetcher(server, token, attempts), run, **kw)


def _lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text().splitlines()]


def _uri(n: int, user: str = "piet", host: str = sm.HOST) -> str:
    return f"https://{host}/users/{user}/statuses/{n}"


@needs_data("formats/mastodon_api_json_rtoot_cassettes")
def test_standin_shapes_match_recorded_responses() -> None:
    real_status = json.loads((CASSETTES / "get_account_statuses_default.json").read_text())[0]
    real_account = json.loads((CASSETTES / "get_account_default.json").read_text())
    ours = sm.status(1, sm.account("a"), "x", when=T0)
    assert set(ours) == set(real_status)
    assert set(ours["account"]) == set(real_status["account"]) == set(real_account)
    for key, value in real_status.items():
        if value is not None and ours[key] is not None:
            assert type(ours[key]) is type(value), key


def test_paging_gets_every_public_status(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    report = _run(server, out, account="piet")
    ids = [r["id"] for r in _lines(out)]
    assert sorted(ids) == sorted([_uri(2), _uri(3), _uri(6)])  # 4 private, 5 direct: dropped
    assert report.written == {"posts of piet@gemeente.example": 3}
    pages = [r for r in server.log if r.path.endswith("/statuses") and "/accounts/" in r.path]
    assert len(pages) == 3  # five statuses, two per page
    assert [r.query.get("max_id") for r in pages] == [None, ["5"], ["3"]]


def test_statuses_map_like_the_archive(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    _run(server, out, account="piet")
    posts = {p.id: p for p in read_path(out, format="generic") if isinstance(p, Post)}
    reply = posts[_uri(2)]
    assert reply.author == "piet@gemeente.example"
    assert reply.in_reply_to_id == _uri(1, "burger", "elders.example")  # parent fetched by id
    assert reply.in_reply_to_author == "burger@elders.example"
    assert reply.mentions == ["burger@elders.example"]
    assert reply.text == "@burger Morgen vanaf negen uur, dank voor je vraag!"
    assert reply.source_app == "Tusky"
    assert reply.created_at == _at(1)
    assert reply.author_bio == "Beleidsadviseur bij de gemeente."
    agenda = posts[_uri(3)]
    assert agenda.hashtags == ["gemeente"]
    assert agenda.urls == ["https://gemeente.example/agenda"]
    assert agenda.in_reply_to_id is None
    boost = posts[_uri(6)]
    assert boost.kind == "boost"
    assert "/api/v1/statuses/1" in server.paths()


def test_mentions_are_inbound_and_public_only(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "inbound.jsonl"
    _run(server, out, token=sm.TOKEN, account="piet", posts=False, mentions=True)
    rows = {r["id"]: r for r in _lines(out)}
    assert set(rows) == {_uri(1, "burger", "elders.example"), _uri(10, "burger", "elders.example")}
    later = rows[_uri(10, "burger", "elders.example")]
    assert later["in_reply_to_id"] == _uri(2)
    assert later["in_reply_to_author"] == "piet@gemeente.example"
    assert later["mentions"] == ["piet@gemeente.example"]
    auth = [r.headers.get("authorization") for r in server.log if r.path == "/api/v1/notifications"]
    assert auth and all(a == f"Bearer {sm.TOKEN}" for a in auth)


def test_mentions_need_a_token(server: StandinServer, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="access token"):
        _run(server, tmp_path / "x.jsonl", account="piet", posts=False, mentions=True)


def test_refused_token_is_a_remote_error(server: StandinServer, tmp_path: Path) -> None:
    with pytest.raises(RemoteError, match=r"refused the access token \(HTTP 401\)"):
        _run(server, tmp_path / "x.jsonl", token="wrong", account="piet")


def test_rate_limit_is_waited_out(server: StandinServer, tmp_path: Path) -> None:
    server.failures["/api/v1/accounts/lookup"] = [sm.rate_limited(0.2)]
    out = tmp_path / "piet.jsonl"
    _run(server, out, account="piet")
    lookups = [r for r in server.log if r.path == "/api/v1/accounts/lookup"]
    assert len(lookups) == 2  # 429, then the retry after the reset time
    assert len(_lines(out)) == 3


def test_server_errors_are_retried_with_back_off(server: StandinServer, tmp_path: Path) -> None:
    waits: list[float] = []
    server.failures["/api/v1/accounts/lookup"] = [Response(503, {"e": "a"}), Response(502, {"e": "b"})]
    fetcher = MastodonFetcher(server.url, retry=RetryPolicy(attempts=3, base_delay=0.5, sleep=waits.append))
    out = tmp_path / "piet.jsonl"
    with JsonlSink.open(out) as sink:
        fetch_mastodon(fetcher, Run(sink, FetchState.for_output(out)), account="piet")
    assert waits == [0.5, 1.0]
    assert len(_lines(out)) == 3


def test_interrupted_fetch_resumes_without_duplicates(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    # the second page fails on every try: the run stops after writing the first page
    calls = {"n": 0}
    original = server.handler

    def flaky(req: Any) -> Response:
        if req.path.endswith("/statuses") and req.query.get("max_id") == ["5"] and calls["n"] < 2:
            calls["n"] += 1
            return Response(500, {"error": "boom"})
        return original(req)

    server.handler = flaky
    with pytest.raises(RemoteError, match="gave up after 2 tries"):
        _run(server, out, attempts=2, account="piet")
    first = _lines(out)
    assert [r["id"] for r in first] == [_uri(6)]
    state = orjson.loads((tmp_path / "piet.jsonl.state.json").read_bytes())
    (stream,) = state["streams"].values()
    assert stream["next_max_id"] == "5" and not stream.get("complete")
    before = len(server.log)
    _run(server, out, attempts=2, account="piet")
    resumed = [r for r in server.log[before:] if r.path.endswith("/statuses")]
    assert resumed[0].query.get("max_id") == ["5"]  # continued, did not start over
    ids = [r["id"] for r in _lines(out)]
    assert sorted(ids) == sorted([_uri(2), _uri(3), _uri(6)]) and len(ids) == len(set(ids))


def test_rerun_after_complete_fetch_asks_only_for_new(
    server: StandinServer, world: sm.MastodonWorld, tmp_path: Path
) -> None:
    out = tmp_path / "piet.jsonl"
    _run(server, out, account="piet")
    world.statuses.append(sm.status(11, world.accounts["piet"], "Nog een bericht.", when=_at(10)))
    before = len(server.log)
    report = _run(server, out, account="piet")
    calls = [r for r in server.log[before:] if r.path.endswith("/statuses")]
    assert calls[0].query.get("since_id") == ["6"]
    assert report.total == 1
    assert len(_lines(out)) == 4


def test_since_stops_paging(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    _run(server, out, account="piet", since=_at(5))
    assert [r["id"] for r in _lines(out)] == [_uri(6)]
    assert len([r for r in server.log if r.path.endswith("/statuses")]) == 1


def test_hashtag_and_search_streams(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "stream.jsonl"
    _run(server, out, hashtags=["#Gemeente"], searches=["loket"])
    ids = {r["id"] for r in _lines(out)}
    assert ids == {_uri(7, "collega"), _uri(3), _uri(1, "burger", "elders.example")}


def test_threads_bring_replies_and_parents(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    _run(server, out, account="piet", threads=True)
    rows = {r["id"]: r for r in _lines(out)}
    answer = rows[_uri(8, "burger", "elders.example")]  # a reply under piet's unlisted post
    assert answer["in_reply_to_id"] == _uri(3)
    assert _uri(1, "burger", "elders.example") in rows  # the question piet answered
    question = _uri(1, "burger", "elders.example")
    assert rows[_uri(10, "burger", "elders.example")]["conversation_id"] == question


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_writes_jsonl_and_reports_on_stderr(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    result = CliRunner().invoke(
        main, ["fetch", "mastodon", "--instance", server.url, "--account", "piet", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"3 nieuwe berichten geschreven naar {out}" in result.stderr  # Dutch by default
    assert len(_lines(out)) == 3
    quiet = CliRunner().invoke(
        main, ["fetch", "mastodon", "--instance", server.url, "--account", "piet", "-o", str(out), "--quiet"]
    )
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_cli_unreachable_server_exits_3(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "mastodon",
            "--instance",
            url,
            "--account",
            "piet",
            "--retries",
            "1",
            "-o",
            str(tmp_path / "x.jsonl"),
        ],
    )
    assert result.exit_code == 3
    assert f"cannot reach {url}" in result.stderr
    assert "Traceback" not in result.output


def test_cli_unknown_account_exits_3(server: StandinServer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "mastodon",
            "--instance",
            server.url,
            "--account",
            "niemand",
            "-o",
            str(tmp_path / "x.jsonl"),
        ],
    )
    assert result.exit_code == 3
    assert "answered 'not found' (HTTP 404)" in result.stderr


def test_cli_bad_json_exits_3(server: StandinServer, tmp_path: Path) -> None:
    server.failures["/api/v1/accounts/lookup"] = [Response(raw=b"<html>onderhoud</html>")]
    result = CliRunner().invoke(
        main,
        ["fetch", "mastodon", "--instance", server.url, "--account", "piet", "-o", str(tmp_path / "x.jsonl")],
    )
    assert result.exit_code == 3
    assert "cannot use" in result.stderr


def test_cli_needs_something_to_fetch(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["fetch", "mastodon", "--instance", "https://x.example", "-o", str(tmp_path / "x.jsonl")]
    )
    assert result.exit_code == 2
    assert "nothing to fetch" in result.stderr


def test_partial_last_line_is_dropped_on_resume(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    done = orjson.dumps({"id": "x", "author": "a", "created_at": T0.isoformat(), "text": "t"})
    out.write_bytes(done + b'\n{"id": ')
    _run(server, out, account="piet")
    assert _lines(out)[0]["id"] == "x"
    assert len(_lines(out)) == 4


@needs_data("formats/mastodon_api_json_rtoot_cassettes")
def test_real_recorded_statuses_map_offline() -> None:
    """The recorded fosstodon.org answers: ids are URIs, handles get their instance, replies to
    statuses on the same page resolve without a request, others ask for the parent once."""
    statuses = json.loads((CASSETTES / "get_account_statuses_default.json").read_text())
    asked: list[str] = []

    def lookup(status_id: str) -> dict[str, Any] | None:
        asked.append(status_id)
        return None  # offline: the parent cannot be fetched

    posts = {p.raw["id"]: p for p in StatusMapper("fosstodon.org", lookup).public_posts(statuses)}
    assert len(posts) == len(statuses) == 20  # all public or unlisted
    assert all(
        p.id == s["uri"] and p.author == "schochastics@fosstodon.org"
        for p, s in zip(posts.values(), statuses, strict=True)
    )
    own_reply = posts["113463462485378169"]
    assert own_reply.in_reply_to_id == "https://fosstodon.org/users/schochastics/statuses/113463305065485853"
    assert own_reply.in_reply_to_author == "schochastics@fosstodon.org"
    assert "113463305065485853" not in asked and "113758013821835772" in asked
    assert posts["114043413378015609"].mentions == [
        "petejones@hcommons.social",
        "haraldkliems@fosstodon.org",
        "termehs@fosstodon.org",
    ]
    assert all("<" not in p.text for p in posts.values())
    replies = sum(1 for s in statuses if s["in_reply_to_id"])
    assert sum(1 for p in posts.values() if p.in_reply_to_id) <= replies


def test_fetched_file_is_read_by_inspect(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "inbound.jsonl"
    _run(server, out, token=sm.TOKEN, account="piet", mentions=True)
    result = CliRunner().invoke(main, ["inspect", "--json", str(out)])
    assert result.exit_code == 0, result.output
    (source,) = json.loads(result.stdout)["sources"]
    assert source["format"] == "generic"
    assert source["counts"]["posts"] == 4 and source["counts"]["boosts"] == 1  # 2 own + 2 inbound
    assert source["counts"]["replies"] == 2


JSON = ("--format", "json", "--quiet")


@pytest.mark.slow  # the report loads the text models (~15 s)
def test_fetched_inbound_feeds_the_report(server: StandinServer, tmp_path: Path) -> None:
    """The contract with the report: own posts as a source, mentions as --inbound (M)."""
    own, inbound = tmp_path / "piet.jsonl", tmp_path / "inbound.jsonl"
    _run(server, own, account="piet")
    _run(server, inbound, token=sm.TOKEN, account="piet", posts=False, mentions=True)
    result = CliRunner().invoke(
        main,
        ["report", str(own), "--inbound", str(inbound), "--handle", "piet@gemeente.example", *JSON],
    )
    assert result.exit_code == 0, result.output

    def find(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("id") == "addressed_reaction_rate":
                return node
            node = list(node.values())
        if isinstance(node, list):
            return next((hit for hit in map(find, node) if hit is not None), None)
        return None

    indicator = find(json.loads(result.stdout))
    assert indicator is not None and indicator["evidence_count"] == 2  # the two public mentions


def test_cli_refuses_to_append_to_a_foreign_file(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "notes.jsonl"
    out.write_text("mijn eigen aantekeningen\n")
    args = ["fetch", "mastodon", "--instance", server.url, "--account", "piet", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"{out}, line 1: the output file exists but is not spiegel JSONL" in result.stderr
    assert out.read_text() == "mijn eigen aantekeningen\n"  # untouched


def test_cli_broken_state_file_says_how_to_start_over(server: StandinServer, tmp_path: Path) -> None:
    out = tmp_path / "piet.jsonl"
    (tmp_path / "piet.jsonl.state.json").write_text("{half")
    args = ["fetch", "mastodon", "--instance", server.url, "--account", "piet", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "the fetch state file cannot be read" in result.stderr
    assert "Delete it to start the fetch from the beginning" in result.stderr
