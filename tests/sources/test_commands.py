"""``spiegel inspect``: output shape (docs/formats.md), languages, --format, --map."""

from __future__ import annotations

import orjson
from click.testing import CliRunner

from sources._source_helpers import FIXTURES, zip_folder
from spiegel.cli import main
from spiegel.sources import Container

KEYS = {"path", "format", "account", "counts", "first", "last", "awaiting_confirmation", "warnings"}
COUNTS = {"posts", "replies", "boosts", "likes", "follows", "mentions"}


def run(*args: str):
    return CliRunner().invoke(main, ["inspect", *args])


def test_json_shape_and_counts_for_several_sources(tmp_path):
    archive = zip_folder(FIXTURES / "x_archive", tmp_path / "x.zip")
    result = run(
        "--json", str(archive), str(FIXTURES / "mastodon_archive"), str(FIXTURES / "generic_inbound.jsonl")
    )
    assert result.exit_code == 0, result.output
    x, masto, generic = orjson.loads(result.stdout)["sources"]
    for src in (x, masto, generic):
        assert set(src) == KEYS and set(src["counts"]) == COUNTS
    assert x["counts"] == {"posts": 4, "replies": 2, "boosts": 1, "likes": 1, "follows": 3, "mentions": 3}
    assert x["account"] == "gemeente_ambtenaar"
    assert x["first"] == "2024-03-04T08:15:00+00:00" and x["last"] == "2024-03-07T07:00:00+00:00"
    assert masto["counts"]["posts"] == 5 and masto["counts"]["boosts"] == 1
    assert generic["format"] == "generic" and generic["counts"]["likes"] == 1
    assert generic["warnings"] == []


def test_archive_warns_about_missing_inbound_in_dutch_by_default():
    result = run(str(FIXTURES / "mastodon_archive"))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        str(FIXTURES / "mastodon_archive"),
        "  formaat:   mastodon_archive",
        "  account:   sam@overheid.example",
        "  aantallen: berichten 5, reacties 1, boosts 1, likes 2, volgrelaties 2, vermeldingen 2",
        "  periode:   2024-01-10 – 2024-01-13",
        "  let op:    een archief bevat geen berichten aan jou: lever die aan met --inbound",
        "  let op:    2 berichten zijn niet openbaar (alleen voor volgers/connecties, of direct) "
        "en tellen niet mee",
    ]


def test_english_output():
    result = run("--lang", "en", str(FIXTURES / "x_archive"))
    assert result.exit_code == 0
    assert "  counts:  posts 4, replies 2, boosts 1, likes 1, follows 3, mentions 3\n" in result.output
    assert "  warning: no messages addressed to you in an archive: supply --inbound\n" in result.output
    assert "  period:  2024-03-04 – 2024-03-07\n" in result.output


def test_single_tweets_file_warns_that_the_owner_is_unknown(tmp_path):
    single = tmp_path / "tweets.js"
    single.write_bytes((FIXTURES / "x_archive" / "data" / "tweets.js").read_bytes())
    result = run("--json", "--lang", "en", str(single))
    (src,) = orjson.loads(result.stdout)["sources"]
    assert src["account"] is None
    assert "the account owner is not in these files; pass the whole archive" in src["warnings"]


def test_map_option_reads_a_listening_tool_csv():
    result = run(
        "--json",
        "--map",
        "text=Message,author=Author,created_at=Date",
        str(FIXTURES / "generic_listening_tool.csv"),
    )
    assert result.exit_code == 0, result.output
    (src,) = orjson.loads(result.stdout)["sources"]
    assert src["format"] == "generic" and src["counts"]["posts"] == 2


def test_listening_tool_csv_without_map_says_how_to_map():
    result = run(str(FIXTURES / "generic_listening_tool.csv"))
    assert result.exit_code == 2
    assert "required field 'author' is missing" in result.stderr
    assert "--map text=Message,author=Author,created_at=Date" in result.stderr


def test_format_option_forces_an_importer():
    result = run("--json", "--format", "linkedin", str(FIXTURES / "linkedin" / "Shares.csv"))
    assert result.exit_code == 0
    assert orjson.loads(result.stdout)["sources"][0]["counts"]["posts"] == 3


def test_help_documents_every_option():
    result = CliRunner().invoke(main, ["inspect", "--help"])
    assert result.exit_code == 0
    for option in ("--json", "--format", "--map", "--lang"):
        assert option in result.output


def test_progress_counts_records_on_stderr():
    from spiegel.records import Post
    from spiegel.sources.commands import _progress
    from spiegel.sources.generic import GenericImporter

    with Container.open_path(FIXTURES / "generic_inbound.jsonl") as c:
        records = list(GenericImporter().read(c))
    runner = CliRunner()
    with runner.isolation() as (_, err, _):
        out = list(_progress(records * 3, "en", every=4))
        text = err.getvalue().decode()
    assert out == records * 3 and all(isinstance(r, Post) for r in out[:3])
    assert "\rRead 4 records" in text and "\rRead 12 records\n" in text


def test_dutch_numbers_use_a_dot_for_thousands():
    from spiegel.sources.commands import _num

    assert _num(1260, "nl") == "1.260" and _num(1260, "en") == "1,260" and _num(12, "nl") == "12"
