"""Hostile files from the outside probe (issue #10): dates out of range, encoding errors that
must name their real line, and archives that must be refused cheaply (before memory or time
run away). Everything goes through the CLI where a user would see it."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import libipld
import pytest
from click.testing import CliRunner

from sources._source_helpers import FIXTURES
from sources.test_bad_input import RECORD, assert_error, inspect, x_archive
from spiegel.cli import main
from spiegel.errors import RemoteError, UnknownFormatError, UnsafeArchiveError
from spiegel.sources import _bluesky, mastodon_api
from spiegel.sources._dates import in_range, parse_any, parse_iso, parse_twitter
from spiegel.sources.container import Container, Limits, looks_binary

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


# -- 2. archive limits while listing, magic bytes before decoders ------------------------------
def _many_empty_members(path: Path, n: int) -> Path:
    """A tar.gz of *n* empty members (m000000, m000001 …), written header by header: the
    checksum changes only with the name's digits, so no TarInfo is built per member."""
    template = bytearray(tarfile.TarInfo("m000000").tobuf(format=tarfile.USTAR_FORMAT))
    base = sum(template[:148]) + 8 * 32 + sum(template[156:]) - sum(b"000000")
    with gzip.open(path, "wb", compresslevel=1) as out:
        buf = bytearray()
        for i in range(n):
            digits = b"%06d" % i
            template[1:7] = digits
            template[148:156] = b"%06o\0 " % (base + sum(digits))
            buf += template
            if len(buf) > 1 << 20:
                out.write(buf)
                buf.clear()
        out.write(buf + bytes(1024))
    return path


def test_tar_with_many_members_is_refused_while_listing(tmp_path, monkeypatch):
    path = _many_empty_members(tmp_path / "many.tar.gz", 150_000)
    headers = 0
    real_next = tarfile.TarFile.next

    def counting_next(self):
        nonlocal headers
        headers += 1
        return real_next(self)

    monkeypatch.setattr(tarfile.TarFile, "next", counting_next)
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeArchiveError, match="more than 20,000 members"):
            Container.open_path(path, Limits(max_members=20_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert headers <= 20_002  # stopped at the limit (+ tarfile's first look), not after all 150,000
    # before: every TarInfo was built first (measured: 168 MB traced for 300,000 members)
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"


def test_tar_members_below_the_limit_are_kept_compactly_and_read(tmp_path):
    path = _many_empty_members(tmp_path / "many.tar.gz", 2_000)
    with Container.open_path(path) as c:
        assert c.kind == "tar"
        assert len(c.names()) == 2_000
        assert c.read_bytes("m001999") == b""
    real = tmp_path / "real.tar.gz"
    with tarfile.open(real, "w:gz") as tf:
        for name, data in (("a/outbox.json", b'{"x": 1}'), ("a/actor.json", b"{}")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    with Container.open_path(real) as c:
        assert c.names() == ["a/actor.json", "a/outbox.json"]
        assert c.read_bytes("a/outbox.json") == b'{"x": 1}'
        assert c.size("a/outbox.json") == 8


def test_tar_bomb_is_refused_while_listing(tmp_path):
    path = tmp_path / "bomb.tar.gz"
    with gzip.open(path, "wb") as out:
        info = tarfile.TarInfo("outbox.json")
        info.size = 64 * 1024 * 1024
        out.write(info.tobuf())
        for _ in range(64):
            out.write(bytes(1024 * 1024))
        out.write(bytes(1024))
    with pytest.raises(UnsafeArchiveError, match="decompression bomb"):
        Container.open_path(path)


def test_zip_declaring_too_many_members_is_refused_before_its_directory_is_read(tmp_path, monkeypatch):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(1_001):
            zf.writestr(f"m{i}", b"")

    def no_directory(*args, **kwargs):
        raise AssertionError("the central directory was parsed")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", no_directory)
    with pytest.raises(UnsafeArchiveError, match="declares 1,001 members"):
        Container.open_path(path, Limits(max_members=1_000))


@pytest.mark.parametrize("name", ["posts.jsonl", "stream.csv", "export.bin"])
def test_two_gigabytes_of_nul_bytes_are_refused_at_once(tmp_path, name):
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(2 * 1024**3)  # sparse: costs no disk
    start = time.perf_counter()
    with pytest.raises(UnknownFormatError, match="not text") as info:
        Container.open_path(path)
    assert time.perf_counter() - start < 2.0  # before: minutes in the xz decoder
    assert info.value.fix and name in str(info.value)
    assert_error(inspect(path), name, "not text (byte 0x00 at offset 0)", "generic JSONL/CSV")


def test_binary_garbage_is_refused_but_text_and_car_files_are_not(tmp_path):
    garbage = tmp_path / "x.csv"
    garbage.write_bytes(bytes(range(1, 32)) * 100)
    with pytest.raises(UnknownFormatError, match="not text"):
        Container.open_path(garbage)
    latin1 = tmp_path / "latin.csv"
    latin1.write_bytes(b"id,author,created_at,text\n1,a,2024-01-01,caf\xe9\n")
    assert Container.open_path(latin1).kind == "file"  # the CSV reader names its line
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("id,author,created_at,text\n".encode("utf-16"))
    assert Container.open_path(utf16).kind == "file"
    car = next((FIXTURES.parent.parent.parent / "shared").glob("**/*.car"), None)
    if car is None:  # build the smallest CAR v1 header the importer recognises
        header = libipld.encode_dag_cbor({"roots": [], "version": 1})
        car = tmp_path / "repo.car"
        car.write_bytes(bytes([len(header)]) + header + bytes(64))
    assert looks_binary(car.read_bytes()[:4096]) is not None
    assert Container.open_path(car).kind == "file"


def test_truncated_compressed_tar_and_huge_csv_line(tmp_path, monkeypatch):
    cut = tmp_path / "cut.tar.gz"
    with tarfile.open(tmp_path / "whole.tar.gz", "w:gz") as tf:
        data = os.urandom(200_000)
        info = tarfile.TarInfo("outbox.json")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    cut.write_bytes((tmp_path / "whole.tar.gz").read_bytes()[:5000])
    assert_error(inspect(cut), "cut.tar.gz", "truncated or damaged")
    from spiegel.sources import _csv

    monkeypatch.setattr(_csv, "MAX_LINE", 1000)
    path = tmp_path / "stream.csv"
    path.write_text("id,author,created_at,text\n" + "x" * 5000)
    assert_error(inspect(path), "stream.csv, line 2:", "longer than")


def test_bad_utf8_in_a_tweets_file_of_another_layout(tmp_path):
    """Found by benchmarks/fuzz.py (atheris): a file not in X's layout goes to ijson, which
    raises UnicodeDecodeError (not its JSONError) for a lone surrogate's bytes."""
    tweets = (
        b'window.YTD.tweets.part0 = [\n  {\n    "tweet": {\n      "edit_info": {\n        "initial": {\n  },'
        b'\n      "r\xed\xa0\x80etweeted"=: false,\n      "source"    o\\">l'
    )
    assert_error(inspect(x_archive(tmp_path, tweets)), "tweets.js")  # a clear error, not a traceback
