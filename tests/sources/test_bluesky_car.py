from __future__ import annotations

import json
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import libipld
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post
from spiegel.sources import Container, detect, read_path
from spiegel.sources.bluesky_car import BlueskyCarImporter
from spiegel_testpaths import FORMATS, needs_data
from standins.car import car_bytes, cid_of, repo_car

OWNER = "did:plc:ownerownerownerowner0001"
FRIEND = "did:plc:friendfriendfriendfrie02"
OTHER = "did:plc:otherotherotherotherot03"
POST = "app.bsky.feed.post"


def _ref(did: str, rkey: str) -> dict[str, str]:
    return {"uri": f"at://{did}/{POST}/{rkey}", "cid": "bafyrei" + "a" * 52}


def _records() -> dict[str, dict[str, Any]]:
    text = "Dank @anna.example.nl! Het loket is morgen open. #gemeente https://example.org/loket"
    raw = text.encode()
    mention = (raw.index(b"@anna"), raw.index(b"@anna") + len(b"@anna.example.nl"))
    tag = (raw.index(b"#gemeente"), raw.index(b"#gemeente") + len(b"#gemeente"))
    link = (raw.index(b"https"), len(raw))
    return {
        "app.bsky.actor.profile/self": {
            "$type": "app.bsky.actor.profile",
            "displayName": "Piet Ambtenaar",
            "description": "Beleidsadviseur, schrijft over de wijk.",
        },
        f"{POST}/3kaaaaaaaaa2a": {
            "$type": POST,
            "text": "Vandaag start de inspraak over het nieuwe park.",
            "createdAt": "2024-03-01T09:00:00.000Z",
            "langs": ["nl"],
        },
        f"{POST}/3kaaaaaaaab2a": {
            "$type": POST,
            "text": text,
            "createdAt": "2024-03-02T10:30:00.123456789+01:00",
            "langs": ["nl"],
            "reply": {"parent": _ref(FRIEND, "3kparent0002"), "root": _ref(OTHER, "3kroot000003")},
            "facets": [
                {
                    "index": {"byteStart": mention[0], "byteEnd": mention[1]},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": FRIEND}],
                },
                {
                    "index": {"byteStart": tag[0], "byteEnd": tag[1]},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Gemeente"}],
                },
                {
                    "index": {"byteStart": link[0], "byteEnd": link[1]},
                    "features": [
                        {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/loket"}
                    ],
                },
            ],
        },
        f"{POST}/3kaaaaaaaac2a": {
            "$type": POST,
            "text": "Goed stuk, lees dit.",
            "createdAt": "2024-03-03T08:00:00Z",
            "embed": {"$type": "app.bsky.embed.record", "record": _ref(OTHER, "3kquoted0004")},
        },
        "app.bsky.feed.like/3klike000001": {
            "$type": "app.bsky.feed.like",
            "subject": _ref(FRIEND, "3kliked000005"),
            "createdAt": "2024-03-04T12:00:00Z",
        },
        "app.bsky.feed.repost/3krepost0001": {
            "$type": "app.bsky.feed.repost",
            "subject": _ref(OTHER, "3kshared00006"),
            "createdAt": "2024-03-05T12:00:00Z",
        },
        "app.bsky.graph.follow/3kfollow0001": {
            "$type": "app.bsky.graph.follow",
            "subject": FRIEND,
            "createdAt": "2024-02-01T12:00:00Z",
        },
        "app.bsky.graph.block/3kblock00001": {
            "$type": "app.bsky.graph.block",
            "subject": OTHER,
            "createdAt": "2024-02-01T12:00:00Z",
        },
    }


@pytest.fixture
def car_path(tmp_path: Path) -> Path:
    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(OWNER, _records()))
    return path


def _read(path: Path, fmt: str | None = "bluesky_car") -> list[Any]:
    return list(read_path(path, format=fmt))


def test_synthetic_repository_maps_every_collection(car_path: Path) -> None:
    records = _read(car_path, fmt=None)  # detected, not forced
    kinds = Counter((type(r).__name__, getattr(r, "kind", None)) for r in records)
    assert kinds == {
        ("Post", "post"): 3,
        ("Interaction", "like"): 1,
        ("Interaction", "boost"): 1,
        ("Interaction", "follow"): 1,
        ("Account", None): 1,
    }
    owner = next(r for r in records if isinstance(r, Account))
    assert (owner.handle, owner.id, owner.is_self) == (OWNER, OWNER, True)
    assert owner.bio == "Beleidsadviseur, schrijft over de wijk."
    assert owner.display_name == "Piet Ambtenaar"


def test_reply_facets_and_language(car_path: Path) -> None:
    posts = {p.id: p for p in _read(car_path) if isinstance(p, Post)}
    reply = posts[f"at://{OWNER}/{POST}/3kaaaaaaaab2a"]
    assert reply.in_reply_to_id == f"at://{FRIEND}/{POST}/3kparent0002"
    # the mention facet's text reveals FRIEND's handle, so the parent author gets it too
    assert reply.in_reply_to_author == "anna.example.nl"
    assert reply.conversation_id == f"at://{OTHER}/{POST}/3kroot000003"
    assert reply.mentions == ["anna.example.nl"]
    assert reply.hashtags == ["gemeente"]
    assert reply.urls == ["https://example.org/loket"]
    assert reply.lang == "nl"
    assert reply.created_at == datetime(2024, 3, 2, 9, 30, 0, 123456, tzinfo=UTC)
    assert reply.author == OWNER and reply.is_reply
    first = posts[f"at://{OWNER}/{POST}/3kaaaaaaaaa2a"]
    assert not first.is_reply and first.conversation_id == first.id
    assert first.url == f"https://bsky.app/profile/{OWNER}/post/3kaaaaaaaaa2a"
    quote = posts[f"at://{OWNER}/{POST}/3kaaaaaaaac2a"]
    assert quote.quote_of_id == f"at://{OTHER}/{POST}/3kquoted0004"
    assert quote.lang is None


def test_interactions_point_at_their_subjects(car_path: Path) -> None:
    acts = {i.kind: i for i in _read(car_path) if isinstance(i, Interaction)}
    assert acts["like"].target_id == f"at://{FRIEND}/{POST}/3kliked000005"
    assert acts["like"].target_author == "anna.example.nl"
    assert acts["boost"].target_author == OTHER  # never mentioned: the DID stays
    assert acts["follow"].target_author == "anna.example.nl"
    assert all(i.actor == OWNER for i in acts.values())


def test_raw_record_is_json_safe(car_path: Path) -> None:
    for record in _read(car_path):
        json.dumps(record.raw)


def test_detected_inside_a_zip(car_path: Path, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(car_path, "bluesky/repo.car")
    with Container.open_path(archive) as container:
        assert detect(container).name == "bluesky_car"
    assert len(_read(archive, fmt=None)) == 7


def test_json_file_is_not_claimed(tmp_path: Path) -> None:
    path = tmp_path / "posts.car"
    path.write_text('{"not": "a car"}')
    with Container.open_path(path) as container:
        assert not BlueskyCarImporter().detect(container)
    with pytest.raises(MalformedFileError, match="not a CAR file") as info:
        _read(path)
    assert info.value.path == str(path) and "Export my data" in (info.value.fix or "")


def test_truncated_car_names_the_file(car_path: Path) -> None:
    data = car_path.read_bytes()
    car_path.write_bytes(data[: len(data) - 40])
    with pytest.raises(MalformedFileError, match="truncated or damaged") as info:
        _read(car_path)
    assert info.value.path == str(car_path)


def test_missing_record_block_is_an_incomplete_export(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(OWNER, _records(), drop_record="app.bsky.feed.like/3klike000001"))
    with pytest.raises(MalformedFileError, match=r"lacks the block of record 'app\.bsky\.feed\.like/3klike0"):
        _read(path)


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        (f"{POST}/3kbad0000001", {"$type": POST, "text": "zonder datum"}, "createdAt"),
        (f"{POST}/3kbad0000002", {"$type": POST, "text": 42, "createdAt": "2024-01-01T00:00:00Z"}, "text"),
        (f"{POST}/3kbad0000003", {"$type": POST, "text": "x", "createdAt": "gisteren"}, "createdAt"),
        (
            "app.bsky.feed.like/3kbad0000004",
            {"$type": "app.bsky.feed.like", "createdAt": "2024-01-01T00:00:00Z"},
            "subject",
        ),
        (
            "app.bsky.graph.follow/3kbad0005",
            {"$type": "app.bsky.graph.follow", "subject": 7, "createdAt": "2024-01-01T00:00:00Z"},
            "subject",
        ),
        (
            f"{POST}/3kbad0000006",
            {
                "$type": POST,
                "text": "x",
                "createdAt": "2024-01-01T00:00:00Z",
                "reply": {"parent": "oops", "root": _ref(OTHER, "r")},
            },
            "reply.parent",
        ),
    ],
)
def test_wrong_record_shapes(tmp_path: Path, key: str, value: dict[str, Any], field: str) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(OWNER, {key: value}))
    with pytest.raises(MalformedFileError, match="does not have the shape") as info:
        _read(path)
    assert info.value.field == field
    assert info.value.path == str(path)
    assert key in str(info.value)


def test_repository_without_profile_still_names_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(OWNER, {}))
    assert _read(path) == [Account(platform="bluesky", handle=OWNER, id=OWNER, is_self=True)]


@needs_data("formats/bluesky_car", "formats/bluesky_atproto_repo_records")
@pytest.mark.parametrize("name", ["fakermaker", "paul_staging"])
def test_real_sample_matches_its_decoded_listing(name: str) -> None:
    car = FORMATS / "bluesky_car" / f"{name}.repo.car"
    listing = FORMATS / "bluesky_atproto_repo_records" / f"{name}.repo.records.jsonl"
    if not car.exists():
        pytest.fail(f"real sample missing: {car}")
    expected = [json.loads(line) for line in listing.read_text().splitlines()]
    by_collection = Counter(r["uri"].split("/")[3] for r in expected)
    records = _read(car)
    posts = [r for r in records if isinstance(r, Post)]
    acts = Counter(r.kind for r in records if isinstance(r, Interaction))
    assert len(posts) == by_collection["app.bsky.feed.post"]
    assert acts["like"] == by_collection["app.bsky.feed.like"]
    assert acts["boost"] == by_collection["app.bsky.feed.repost"]
    assert acts["follow"] == by_collection["app.bsky.graph.follow"]
    assert {p.id for p in posts} == {r["uri"] for r in expected if "/app.bsky.feed.post/" in r["uri"]}
    replies = sum(1 for r in expected if "reply" in r["value"])
    assert sum(p.is_reply for p in posts) == replies
    owner = next(r for r in records if isinstance(r, Account) and r.is_self)
    profile = next(r for r in expected if "/app.bsky.actor.profile/" in r["uri"])
    assert owner.bio == profile["value"].get("description")
    assert owner.id == profile["uri"].split("/")[2]


@needs_data("formats/bluesky_car", "formats/bluesky_atproto_repo_records")
def test_real_sample_mentions_resolve_to_handles() -> None:
    records = _read(FORMATS / "bluesky_car" / "fakermaker.repo.car")
    mentions = [m for r in records if isinstance(r, Post) for m in r.mentions]
    assert mentions, "the fakermaker sample has mention entities"
    assert all(not m.startswith("did:") and m.endswith(".test") for m in mentions)


@needs_data("formats/bluesky_car", "formats/bluesky_atproto_repo_records")
def test_inspect_reports_the_sample_counts() -> None:
    car = FORMATS / "bluesky_car" / "paul_staging.repo.car"
    listing = FORMATS / "bluesky_atproto_repo_records" / "paul_staging.repo.records.jsonl"
    expected = [json.loads(line) for line in listing.read_text().splitlines()]
    by_collection = Counter(r["uri"].split("/")[3] for r in expected)
    result = CliRunner().invoke(main, ["inspect", "--json", str(car)])
    assert result.exit_code == 0, result.output
    (source,) = json.loads(result.stdout)["sources"]
    assert source["format"] == "bluesky_car"
    # the repository names only the DID; a post links to the owner's own post 3jmk3vgulcc2i as
    # https://bsky.app/profile/paul.staging.bsky.dev/post/3jmk3vgulcc2i, which gives the handle
    assert source["account"] == "paul.staging.bsky.dev"
    assert source["counts"]["posts"] == by_collection["app.bsky.feed.post"]
    assert source["counts"]["replies"] == sum(1 for r in expected if "reply" in r["value"])
    assert source["counts"]["boosts"] == by_collection["app.bsky.feed.repost"]
    assert source["counts"]["likes"] == by_collection["app.bsky.feed.like"]
    assert source["counts"]["follows"] == by_collection["app.bsky.graph.follow"]


def test_hostile_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.car"
    too_deep = bytes([0xA1, 0x61, 0x64]) + b"\x81" * 100_000 + b"\x00"  # {"d": [[[[…]]]]}
    path.write_bytes(car_bytes([cid_of(too_deep)], [too_deep]))
    with pytest.raises(MalformedFileError, match="cannot be decoded") as info:
        _read(path)
    assert info.value.path == str(path)
    # decodable by libipld, but far deeper than any lexicon record: a post with "d": [[[…990…]]]
    record = (
        bytes([0xA2, 0x61, 0x64]) + b"\x81" * 990 + b"\x00" + bytes([0x64]) + b"text" + bytes([0x61]) + b"x"
    )
    key = f"{POST}/3kdeep0000001"
    node = libipld.encode_dag_cbor(
        {"e": [{"k": key.encode(), "p": 0, "t": None, "v": cid_of(record)}], "l": None}
    )
    commit = libipld.encode_dag_cbor({"did": OWNER, "data": cid_of(node), "version": 3})
    path.write_bytes(car_bytes([cid_of(commit)], [commit, node, record]))
    with pytest.raises(MalformedFileError, match="nested too deeply") as info:
        _read(path)
    assert key in str(info.value)


def _mention_post(text: str, handle_text: str, did: str) -> dict[str, Any]:
    raw = text.encode()
    start = raw.index(handle_text.encode())
    facet = {
        "index": {"byteStart": start, "byteEnd": start + len(handle_text.encode())},
        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
    }
    return {"$type": POST, "text": text, "createdAt": "2024-03-06T09:00:00Z", "facets": [facet]}


def _owner_and_authors(path: Path) -> tuple[Account, set[str]]:
    records = _read(path)
    (owner,) = [r for r in records if isinstance(r, Account) and r.is_self]
    authors = {r.author for r in records if isinstance(r, Post)}
    authors |= {r.actor for r in records if isinstance(r, Interaction)}
    return owner, authors


def test_a_post_mentioning_the_owner_reveals_the_owner_handle(tmp_path: Path) -> None:
    records = _records()
    records[f"{POST}/3kaaaaaaaad2a"] = _mention_post(
        "Ik ben @Piet.Example.nl op Bluesky.", "@Piet.Example.nl", OWNER
    )
    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(OWNER, records))
    owner, authors = _owner_and_authors(path)
    assert (owner.handle, owner.id, owner.display_name) == ("piet.example.nl", OWNER, "Piet Ambtenaar")
    assert owner.url == "https://bsky.app/profile/piet.example.nl"
    assert authors == {"piet.example.nl"}


def test_a_link_to_the_owners_own_post_reveals_the_owner_handle(tmp_path: Path) -> None:
    records = _records()
    link = "https://bsky.app/profile/piet.example.nl/post/3kaaaaaaaa2a"
    records[f"{POST}/3kaaaaaaaa2a"] = {
        "$type": POST,
        "text": "Eerste post.",
        "createdAt": "2024-02-28T09:00:00Z",
    }
    records[f"{POST}/3kaaaaaaaae2a"] = {
        "$type": POST,
        "text": "Zie mijn eerste post",
        "createdAt": "2024-03-07T09:00:00Z",
        "embed": {
            "$type": "app.bsky.embed.external",
            "external": {"uri": link, "title": "", "description": ""},
        },
    }
    # a link to someone else's post (an rkey not in this repository) reveals nothing about the owner
    records[f"{POST}/3kaaaaaaaaf2a"] = {
        "$type": POST,
        "text": "Lees dit",
        "createdAt": "2024-03-08T09:00:00Z",
        "embed": {
            "$type": "app.bsky.embed.external",
            "external": {
                "uri": "https://bsky.app/profile/anna.example.nl/post/3kelders0001",
                "title": "",
                "description": "",
            },
        },
    }
    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(OWNER, records))
    owner, authors = _owner_and_authors(path)
    assert (owner.handle, owner.id) == ("piet.example.nl", OWNER)
    assert authors == {"piet.example.nl"}
    del records[f"{POST}/3kaaaaaaaa2a"]  # the linked post is not the owner's: no handle learnt
    path.write_bytes(repo_car(OWNER, records))
    owner, authors = _owner_and_authors(path)
    assert (owner.handle, owner.id) == (OWNER, OWNER) and authors == {OWNER}


def test_without_a_revealed_handle_the_owner_is_its_did(car_path: Path) -> None:
    owner, authors = _owner_and_authors(car_path)
    assert (owner.handle, owner.id, owner.is_self) == (OWNER, OWNER, True)
    assert authors == {OWNER}


def test_handle_option_with_did_and_handle_keeps_posts_and_inbound(car_path: Path, tmp_path: Path) -> None:
    from spiegel.pipeline import load_inputs

    reply = {
        "id": "at://did:plc:friendfriendfriendfrie02/app.bsky.feed.post/3kantwoord01",
        "platform": "bluesky",
        "author": "anna.example.nl",
        "created_at": "2024-03-01T10:00:00Z",
        "text": "@piet.example.nl waar is de inspraakavond?",
        "mentions": ["piet.example.nl"],
    }
    inbound = tmp_path / "inbound.jsonl"
    inbound.write_text(json.dumps(reply) + "\n")
    inputs = load_inputs([car_path], inbound=[inbound], handles=[OWNER, "piet.example.nl"])
    assert inputs.handles == {OWNER, "piet.example.nl"}
    assert len(inputs.posts) == 3 and {p.author for p in inputs.posts} == {OWNER}
    assert [m.author for m in inputs.inbound or []] == ["anna.example.nl"]
