"""Issue #13: a forced format that reads nothing, a lone Mastodon outbox's owner, notices in
``inspect``."""

from __future__ import annotations

import shutil

import orjson
import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from sources._source_helpers import FIXTURES
from spiegel.cli import main


def _inspect(*args):
    return CliRunner().invoke(main, ["inspect", "--json", "--lang", "en", *map(str, args)])


def test_forced_format_on_a_path_it_cannot_read_is_an_error():
    result = _inspect("--format", "x_archive", FIXTURES / "linkedin")
    assert result.exit_code == 2, result.output
    assert "--format x_archive was given, but nothing in this path is in that format" in result.output
    assert "This looks like the format linkedin: use --format linkedin" in result.output


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "notities.txt",
            b"geen archief\n",
            "--format x_archive was given, but nothing in this path is in that format",
        ),
        ("tweets.js", b"geen archief\n", "this is not an X archive data file"),
        (
            "tweets.js",
            b'window.YTD.tweets.part0 = [ {\n  "tweet" : {',
            "the file ends before its list is closed",
        ),
    ],
)
def test_forced_format_on_a_single_file_it_cannot_read_exits_non_zero(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    result = _inspect("--format", "x_archive", path)
    assert result.exit_code == 2 and says in result.output, result.output
    assert "How to fix" in result.output and "Traceback" not in result.output


def test_forced_format_that_matches_still_reads():
    result = _inspect("--format", "linkedin", FIXTURES / "linkedin")
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout)["sources"][0]["counts"]["posts"] == 5


def test_lone_mastodon_outbox_names_the_owner_as_the_report_does(tmp_path):
    shutil.copy(FIXTURES / "mastodon_archive" / "outbox.json", tmp_path / "outbox.json")
    result = _inspect(tmp_path / "outbox.json")
    assert result.exit_code == 0, result.output
    (src,) = orjson.loads(result.stdout)["sources"]
    assert src["account"] == "sam@overheid.example"
    assert any("taken from the posts' author" in w for w in src["warnings"])
    assert not any("not in these files; pass the whole archive" in w for w in src["warnings"])


def test_lone_mastodon_outbox_inspect_and_report_agree_on_the_owner(tmp_path):
    outbox = tmp_path / "outbox.json"
    shutil.copy(FIXTURES / "mastodon_archive" / "outbox.json", outbox)
    (src,) = orjson.loads(_inspect(outbox).stdout)["sources"]
    out = tmp_path / "r.html"
    args = [
        "report",
        "--quiet",
        "--no-cache",
        "--format",
        "html",
        "--lang",
        "nl",
        "-o",
        str(out),
        str(outbox),
    ]
    assert CliRunner().invoke(main, args).exit_code == 0
    title = HTMLParser(out.read_text(encoding="utf-8")).css_first("title").text()
    assert title == f"Competentieprofiel — {src['account']}" and src["account"] == "sam@overheid.example"


def test_inspect_lists_the_notices_of_dropped_rows():
    result = _inspect(FIXTURES / "linkedin_2021")
    (src,) = orjson.loads(result.stdout)["sources"]
    assert src["counts"]["replies"] == 4 and src["counts"]["follows"] == 2
    assert any("Connections.csv: 2 connections without a name skipped" in w for w in src["warnings"])


def test_report_names_the_rows_it_dropped(tmp_path):
    out = tmp_path / "r.json"
    args = ["report", "--quiet", "--no-cache", "--format", "json", "--lang", "en", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, str(FIXTURES / "linkedin_2021")])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr
    assert "Connections.csv: 2 connections without a name skipped" in result.stderr
