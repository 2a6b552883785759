from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from spiegel.errors import ConfigError, MalformedFileError
from spiegel.records import Interaction, Post
from spiegel.sources import Container, detect, read_path
from spiegel.sources.generic import (
    FIELDS,
    GenericImporter,
    parse_mapping,
    post_to_generic,
    write_jsonl,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _post(**kw: object) -> Post:
    base: dict[str, object] = {
        "platform": "mastodon",
        "id": "https://gemeente.example/users/burger/statuses/11",
        "author": "burger@gemeente.example",
        "created_at": datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        "text": "Wanneer gaat het zwembad weer open? @medewerker",
        "in_reply_to_id": "https://overheid.example/users/medewerker/statuses/7",
        "in_reply_to_author": "medewerker@overheid.example",
        "mentions": ["medewerker@overheid.example"],
        "url": "https://gemeente.example/@burger/11",
        "lang": "nl",
    }
    base.update(kw)
    return Post(**base)  # type: ignore[arg-type]


def test_writer_emits_every_documented_field():
    out = post_to_generic(_post())
    assert tuple(out)[: len(FIELDS)] == FIELDS
    assert out["created_at"] == "2024-03-05T09:30:00+01:00"
    assert out["mentions"] == ["medewerker@overheid.example"]
    assert out["kind"] == "post"


def test_write_then_read_round_trips(tmp_path):
    posts = [
        _post(),
        _post(
            id="2",
            kind="boost",
            boost_of_id="https://x.example/1",
            in_reply_to_id=None,
            in_reply_to_author=None,
            hashtags=["zwembad"],
        ),
    ]
    path = tmp_path / "inbound.jsonl"
    assert write_jsonl(posts, path) == 2
    back = list(read_path(path))
    assert [type(r) for r in back] == [Post, Post]
    first, boost = back
    assert (first.id, first.author, first.created_at, first.text) == (
        posts[0].id,
        posts[0].author,
        posts[0].created_at,
        posts[0].text,
    )
    assert first.in_reply_to_id == posts[0].in_reply_to_id
    assert first.mentions == posts[0].mentions and first.lang == "nl"
    assert boost.kind == "boost" and boost.boost_of_id == "https://x.example/1"
    assert boost.in_reply_to_id is None and boost.hashtags == ["zwembad"]


def test_write_failure_leaves_no_partial_file(tmp_path):
    def posts():
        yield _post()
        raise RuntimeError("source failed")

    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError):
        write_jsonl(posts(), target)
    assert list(tmp_path.iterdir()) == []


def test_fixture_jsonl_is_detected_and_read():
    path = FIXTURES / "generic_inbound.jsonl"
    with Container.open_path(path) as c:
        assert detect(c).name == "generic"
    records = list(read_path(path))
    posts = [r for r in records if isinstance(r, Post)]
    likes = [r for r in records if isinstance(r, Interaction)]
    assert len(posts) == 3 and len(likes) == 1
    assert posts[0].author == "inwoner_a"  # "@Inwoner_A" normalised
    assert posts[0].created_at == datetime(2024, 4, 2, 8, 15, tzinfo=UTC)
    assert posts[1].in_reply_to_author == "gemeente_ambtenaar"
    assert likes[0].target_id == "1770000000000000001"


def test_fixture_csv_with_lists_as_text():
    records = list(read_path(FIXTURES / "generic_stream.csv"))
    assert len(records) == 3
    assert all(isinstance(r, Post) for r in records)
    assert records[0].mentions == ["gemeente", "wethouder"]
    assert "\n" in records[2].text  # quoted multi-line field


def test_mapping_reads_a_listening_tool_export():
    importer = GenericImporter(mapping=parse_mapping("text=Message,author=Author,created_at=Date,url=Link"))
    with Container.open_path(FIXTURES / "generic_listening_tool.csv") as c:
        records = list(importer.read(c))
    assert len(records) == 2
    assert records[0].text.startswith("Lange wachttijd")
    assert records[0].created_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert records[0].id == "https://forum.example/t/1"  # url used as id
    assert records[1].id.startswith("generic:")  # no url: stable derived id
    again = list(importer.read(Container.open_path(FIXTURES / "generic_listening_tool.csv")))
    assert again[1].id == records[1].id


@pytest.mark.parametrize(
    ("spec", "message"),
    [("text", "cannot read the column mapping"), ("nonsense=A", "not a field of the generic format")],
)
def test_bad_mapping_is_a_config_error(spec, message):
    with pytest.raises(ConfigError, match=message):
        parse_mapping(spec)


def test_missing_required_field_names_line_and_field(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        orjson.dumps({"id": "1", "author": "a", "created_at": "2024-01-01T00:00:00Z", "text": "x"})
        + b"\n"
        + orjson.dumps({"id": "2", "author": "a", "text": "no date"})
        + b"\n"
    )
    with pytest.raises(MalformedFileError) as err:
        list(read_path(path))
    assert err.value.line == 2 and err.value.field == "created_at"
    assert "--map" in str(err.value)


def test_unknown_kind_is_refused(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        orjson.dumps(
            {"id": "1", "author": "a", "created_at": "2024-01-01T00:00:00Z", "text": "x", "kind": "retweet"}
        )
        + b"\n"
    )
    with pytest.raises(MalformedFileError, match="unknown kind 'retweet'"):
        list(read_path(path))
