"""Every class of bad input, through the CLI: exit code 2, a message naming the file (and the
line or field where it can be known) with a fix, and never a traceback."""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sources._source_helpers import FIXTURES, zip_folder
from spiegel.cli import main

TWEETS = (FIXTURES / "x_archive" / "data" / "tweets.js").read_text(encoding="utf-8")
RECORD = '{"id": "1", "author": "a", "created_at": "2024-01-01T00:00:00Z", "text": "x"}'


def inspect(*args: str | Path):
    result = CliRunner().invoke(main, ["inspect", *map(str, args)])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result


def x_archive(tmp_path: Path, tweets: str | bytes) -> Path:
    data = tmp_path / "x" / "data"
    data.mkdir(parents=True)
    (data / "tweets.js").write_bytes(tweets.encode() if isinstance(tweets, str) else tweets)
    return tmp_path / "x"


def assert_error(result, *parts: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ")
    assert "How to fix:" in result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr


# -- malformed and truncated JSON -------------------------------------------------------------
def test_malformed_json_names_file_and_line(tmp_path):
    lines = TWEETS.split("\n")
    number = next(i for i, line in enumerate(lines, 1) if '"favorited" : false' in line and i > 60)
    lines[number - 1] = lines[number - 1].replace("false", "fals")
    root = x_archive(tmp_path, "\n".join(lines))
    assert_error(inspect(root), "tweets.js", f"line {number}:", "invalid JSON")


def test_truncated_tweets_file(tmp_path):
    root = x_archive(tmp_path, TWEETS[: len(TWEETS) // 2])
    assert_error(inspect(root), "tweets.js", "truncated")


def test_truncated_jsonl_line(tmp_path):
    path = tmp_path / "inbound.jsonl"
    path.write_text(RECORD + "\n" + RECORD[:30] + "\n")
    assert_error(inspect(path), "inbound.jsonl, line 2:", "truncated")


def test_truncated_zip(tmp_path):
    whole = zip_folder(FIXTURES / "x_archive", tmp_path / "whole.zip")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:1500])
    assert_error(inspect(cut), "cut.zip", "truncated or damaged")


def test_truncated_mastodon_outbox(tmp_path):
    root = tmp_path / "m"
    root.mkdir()
    (root / "actor.json").write_bytes((FIXTURES / "mastodon_archive" / "actor.json").read_bytes())
    outbox = (FIXTURES / "mastodon_archive" / "outbox.json").read_bytes()
    (root / "outbox.json").write_bytes(outbox[: len(outbox) // 2])
    assert_error(inspect(root), "outbox.json, line 1:", "truncated")


# -- encodings --------------------------------------------------------------------------------
def test_latin1_csv_names_the_line(tmp_path):
    path = tmp_path / "stream.csv"
    path.write_bytes(
        b"id,author,created_at,text\n1,a,2024-01-01T00:00:00Z,ok\n2,b,2024-01-01T00:00:00Z,caf\xe9\n"
    )
    assert_error(inspect(path), "stream.csv, line 3:", "not UTF-8", "iconv")


def test_utf16_csv_with_bom_is_read(tmp_path):
    path = tmp_path / "stream.csv"
    path.write_bytes("id,author,created_at,text\n1,josé,2024-01-01T00:00:00Z,café\n".encode("utf-16"))
    result = CliRunner().invoke(main, ["inspect", "--lang", "en", str(path)])
    assert result.exit_code == 0, result.output
    assert "posts 1" in result.output


def test_utf16_tweets_file_is_refused_with_a_fix(tmp_path):
    root = x_archive(tmp_path, TWEETS.encode("utf-16"))
    assert_error(inspect(root), "tweets.js", "UTF-16", "Save the file as UTF-8")


# -- unknown, empty, wrong shape, nesting ------------------------------------------------------
def test_unknown_file(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(200))
    # binary and not an archive: refused by its first bytes, before any importer reads it
    assert_error(inspect(path), "photo.jpg", "does not recognise", "not text", "generic JSONL/CSV")
    text = tmp_path / "notes.txt"
    text.write_text("just some notes\n")
    assert_error(inspect(text), "notes.txt", "does not recognise", "--format")


def test_unknown_folder(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "readme.txt").write_text("hello")
    assert_error(inspect(tmp_path), "does not recognise")


@pytest.mark.parametrize(
    ("name", "content"), [("inbound.jsonl", b""), ("stream.csv", b""), ("m.csv", b"id,text\n")]
)
def test_generic_file_without_records_is_zero_records(tmp_path, name, content):
    """A listening tool's export for someone who received nothing (0 bytes, or a CSV header
    only) is a valid answer: zero records, with inspect's "no posts" warning (issue #12)."""
    path = tmp_path / name
    path.write_bytes(content)
    result = inspect(path)
    assert result.exit_code == 0, result.output
    assert "no posts found" in result.output or "geen berichten" in result.output


def test_empty_tweets_file(tmp_path):
    assert_error(inspect(x_archive(tmp_path, "")), "tweets.js", "the file is empty")


def test_empty_outbox(tmp_path):
    (tmp_path / "actor.json").write_bytes((FIXTURES / "mastodon_archive" / "actor.json").read_bytes())
    (tmp_path / "outbox.json").write_bytes(b"")
    assert_error(inspect(tmp_path), "outbox.json", "the file is empty")


def test_object_where_a_list_is_expected_names_the_field(tmp_path):
    (tmp_path / "actor.json").write_bytes((FIXTURES / "mastodon_archive" / "actor.json").read_bytes())
    (tmp_path / "outbox.json").write_text('{"type": "OrderedCollection", "orderedItems": {"id": "x"}}')
    assert_error(inspect(tmp_path), "outbox.json", "field 'orderedItems'", "expected a list, found dict")


def test_tweet_items_of_the_wrong_shape(tmp_path):
    root = x_archive(tmp_path, 'window.YTD.tweets.part0 = [\n  "just text"\n]\n')
    assert_error(inspect(root), "tweets.js", "field 'tweet'")


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = tmp_path / "inbound.jsonl"
    path.write_text(RECORD + "\n[1, 2]\n")
    assert_error(inspect(path), "inbound.jsonl, line 2:", "one JSON object per line")


def test_missing_required_field(tmp_path):
    path = tmp_path / "inbound.csv"
    path.write_text("id,author,text\n1,a,hallo\n")
    assert_error(inspect(path), "inbound.csv, line 2, field 'created_at'", "--map")


def test_deeply_nested_json_line(tmp_path):
    path = tmp_path / "inbound.jsonl"
    path.write_text(RECORD + "\n" + "[" * 5000 + "]" * 5000 + "\n")
    assert_error(inspect(path), "inbound.jsonl, line 2:", "nested too deeply")


def test_deeply_nested_outbox(tmp_path):
    (tmp_path / "actor.json").write_bytes((FIXTURES / "mastodon_archive" / "actor.json").read_bytes())
    (tmp_path / "outbox.json").write_text('{"orderedItems": ' + "[" * 3000 + "]" * 3000 + "}")
    assert_error(inspect(tmp_path), "outbox.json", "nested too deeply")


def test_bad_map_option():
    assert_error(inspect("--map", "text", str(FIXTURES / "generic_stream.csv")), "--map", "FIELD=COLUMN")


def test_missing_path_is_a_usage_error(tmp_path):
    result = inspect(tmp_path / "nope.zip")
    assert result.exit_code == 2 and "does not exist" in result.stderr


# -- hostile archives -------------------------------------------------------------------------
def test_zip_bomb(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/tweets.js", b"\0" * (20 * 1024 * 1024))
    assert_error(inspect(path), "bomb.zip", "zip bomb")


def test_tar_gz_bomb(tmp_path):
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo("outbox.json")
        data = b"\0" * (20 * 1024 * 1024)
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    assert_error(inspect(path), "bomb.tar.gz", "decompression bomb")


def test_path_traversal(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../outbox.json", "{}")
    assert_error(inspect(path), "evil.zip", "outside it")


def test_absolute_path(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("/etc/outbox.json", "{}")
    assert_error(inspect(path), "evil.zip", "absolute path")


def test_symlink_in_zip(tmp_path):
    path = tmp_path / "link.zip"
    info = zipfile.ZipInfo("data/tweets.js")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    assert_error(inspect(path), "link.zip", "symbolic link")


def test_symlink_in_folder(tmp_path):
    root = tmp_path / "export"
    (root / "data").mkdir(parents=True)
    os.symlink("/etc/passwd", root / "data" / "tweets.js")
    assert_error(inspect(root), "symbolic link")


def test_hostile_nesting_in_a_tweets_file(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    root = x_archive(tmp_path, 'window.YTD.tweets.part0 = [\n  {\n    "tweet" : ' + deep + "\n  },\n  {}\n]")
    assert_error(inspect(root), "tweets.js, line 3:", "nested too deeply")


def test_huge_csv_field(tmp_path):
    path = tmp_path / "stream.csv"
    path.write_text('id,author,created_at,text\n1,a,2024-01-01T00:00:00Z,"' + "x" * 200_000 + '"\n')
    assert_error(inspect(path), "stream.csv, line 2:", "field larger than field limit")


def test_huge_jsonl_line(tmp_path, monkeypatch):
    from spiegel.sources import generic

    monkeypatch.setattr(generic, "MAX_LINE", 1000)
    path = tmp_path / "inbound.jsonl"
    path.write_text(RECORD + "\n" + '{"text": "' + "x" * 5000 + '"}\n')
    assert_error(inspect(path), "inbound.jsonl, line 2:", "one post per line")


def test_oversized_account_file(tmp_path, monkeypatch):
    from spiegel.sources import x_archive as module

    root = x_archive(tmp_path, TWEETS)
    (root / "data" / "account.js").write_text("window.YTD.account.part0 = [" + " " * 5000 + "]")
    real = module.load_small
    monkeypatch.setattr(module, "load_small", lambda f, where: real(f, where, limit=1000))
    assert_error(inspect(root), "account.js", "larger than 1,000 bytes")
