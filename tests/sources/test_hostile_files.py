"""Hostile files from the outside probe (issue #10): dates out of range, encoding errors that
must name their real line, and archives that must be refused cheaply (before memory or time
run away). Everything goes through the CLI where a user would see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from sources._source_helpers import FIXTURES
from sources.test_bad_input import RECORD, assert_error, inspect, x_archive
from spiegel.cli import main
from spiegel.errors import RemoteError
from spiegel.sources import _bluesky, mastodon_api
from spiegel.sources._dates import in_range, parse_any, parse_iso, parse_twitter

TWEETS = (FIXTURES / "x_archive" / "data" / "tweets.js").read_text(encoding="utf-8")
FIRST_DATE = '"created_at" : "'


def _with_first_date(value: str) -> str:
    start = TWEETS.index(FIRST_DATE) + len(FIRST_DATE)
    return TWEETS[:start] + value + TWEETS[TWEETS.index('"', start) :]


# -- 1. dates out of range ------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    ["Fri Dec 31 23:59:59 -1000 9999", "Mon Jan 01 00:00:00 +0100 0001", "Fri Dec 31 23:59:59 +0000 3000"],
)
def test_x_date_out_of_range_is_a_clear_error(tmp_path, value):
    result = inspect(x_archive(tmp_path, _with_first_date(value)))
    assert_error(result, "tweets.js", "field 'created_at'", "unreadable date", value)


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-10:00", "0001-01-01T00:00:00+01:00", "1899-12-31T23:59:59Z"]
)
def test_generic_date_out_of_range_names_line_and_field(tmp_path, value):
    path = tmp_path / "inbound.jsonl"
    path.write_text(RECORD + "\n" + RECORD.replace("2024-01-01T00:00:00Z", value) + "\n")
    assert_error(inspect(path), "inbound.jsonl, line 2, field 'created_at'", "cannot read the date")


def test_the_range_check_itself():
    assert in_range(datetime(2024, 1, 1)) == datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_twitter("Wed Oct 10 20:19:24 +0000 2018") == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)
    # the last representable local time that still converts: accepted up to the bound
    assert parse_iso("2999-12-31T23:00:00-00:30").year == 2999
    minus_ten = timezone(-timedelta(hours=10))
    for bad in (datetime(9999, 12, 31, 23, 59, 59, tzinfo=minus_ten), datetime(1, 1, 1, tzinfo=UTC)):
        with pytest.raises(ValueError, match="out of range"):
            in_range(bad)
    with pytest.raises(ValueError, match="out of range"):
        parse_any("9999-12-31T23:59:59-10:00")
    with pytest.raises(ValueError, match="not an X date"):
        parse_twitter("Fri Xyz 31 23:59:59 -1000 2020")


def test_bluesky_and_mastodon_api_dates_out_of_range():
    with pytest.raises(_bluesky.RecordShapeError, match="out of range") as info:
        _bluesky.parse_datetime("9999-12-31T23:59:59-10:00", "createdAt")
    assert info.value.field == "createdAt"
    with pytest.raises(RemoteError, match="created_at"):
        mastodon_api._when("9999-12-31T23:59:59-10:00")
    with pytest.raises(RemoteError, match="created_at"):
        mastodon_api._when("not a date")


# -- 3. encoding errors name their real line ---------------------------------------------------
def test_bad_utf8_in_a_tweets_file_names_its_line(tmp_path):
    raw = TWEETS.encode()
    at = raw.index(b"full_text", len(raw) // 2) + 15
    line = raw.count(b"\n", 0, at) + 1
    assert line > 100
    root = x_archive(tmp_path, raw[:at] + b"\xff" + raw[at:])
    assert_error(inspect(root), f"tweets.js, line {line}:", "not UTF-8", "byte 0xff")


def test_bad_utf8_in_the_last_tweet_names_its_line(tmp_path):
    raw = TWEETS.encode()
    at = raw.rindex(b"full_text") + 15
    line = raw.count(b"\n", 0, at) + 1
    root = x_archive(tmp_path, raw[:at] + b"\xe9" + raw[at:])
    assert_error(inspect(root), f"tweets.js, line {line}:", "not UTF-8")


def test_bad_utf8_in_a_jsonl_line_names_line_and_column(tmp_path):
    path = tmp_path / "inbound.jsonl"
    bad = RECORD.encode().replace(b'"x"', b'"caf\xe9"')
    path.write_bytes(RECORD.encode() + b"\n" + RECORD.encode() + b"\n" + bad + b"\n")
    column = bad.index(b"\xe9") + 1
    assert_error(inspect(path), "inbound.jsonl, line 3:", f"byte 0xe9 at column {column}")


def test_bad_utf8_in_a_mastodon_outbox_and_actor(tmp_path):
    root = tmp_path / "m"
    root.mkdir()
    actor = (FIXTURES / "mastodon_archive" / "actor.json").read_bytes()
    (root / "actor.json").write_bytes(actor)
    outbox = (FIXTURES / "mastodon_archive" / "outbox.json").read_bytes()
    outbox = outbox.replace(b"{", b"\n{", 40)  # several lines, as a pretty-printed export has
    at = outbox.index(b'"content"', len(outbox) // 2) + 12
    line = outbox.count(b"\n", 0, at) + 1
    assert line > 1
    (root / "outbox.json").write_bytes(outbox[:at] + b"\xff" + outbox[at:])
    assert_error(inspect(root), f"outbox.json, line {line}:", "not UTF-8")
    (root / "outbox.json").write_bytes(outbox)
    pretty = actor.replace(b", ", b",\n")
    at = pretty.index(b"\n", len(pretty) // 2) + 1
    (root / "actor.json").write_bytes(pretty[:at] + b"\xff" + pretty[at:])
    line = pretty.count(b"\n", 0, at) + 1
    result = CliRunner().invoke(main, ["inspect", str(root)])
    assert_error(result, f"actor.json, line {line}:", "not UTF-8")
