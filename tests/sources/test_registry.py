"""Every registered importer (helper-built and plugin alike) has user docs, a help text, and a
fixture in its real format that it detects and reads into records (STYLE §8)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sources._source_helpers import FIXTURES, zip_folder
from spiegel.cli import main
from spiegel.sources import Container, registry
from standins.car import repo_car

#: every platform docs/formats.md must define and list
DOC_PLATFORMS = ("X", "X (legacy)", "Mastodon", "Bluesky", "LinkedIn", "Facebook", "Instagram", "Threads")


def _bluesky_car(tmp_path: Path) -> Path:
    path = tmp_path / "repo.car"
    record = {
        "$type": "app.bsky.feed.post",
        "text": "Vandaag de nieuwe dienstregeling gepubliceerd.",
        "createdAt": "2024-03-01T09:00:00.000Z",
        "langs": ["nl"],
    }
    path.write_bytes(repo_car("did:plc:registrytest", {"app.bsky.feed.post/3kregistry0001": record}))
    return path


#: importer name → how to get a fixture in its real format
FIXTURE_FOR: dict[str, Callable[[Path], Path]] = {
    "x_archive": lambda tmp: zip_folder(FIXTURES / "x_archive", tmp / "twitter.zip"),
    "mastodon_archive": lambda tmp: zip_folder(FIXTURES / "mastodon_archive", tmp / "archive.zip"),
    "linkedin": lambda tmp: zip_folder(FIXTURES / "linkedin", tmp / "linkedin.zip"),
    "generic": lambda tmp: FIXTURES / "generic_inbound.jsonl",
    "bluesky_car": _bluesky_car,
    "x_legacy": lambda tmp: zip_folder(FIXTURES / "x_legacy_2015", tmp / "tweets.zip"),
    "facebook": lambda tmp: zip_folder(FIXTURES / "facebook_2024", tmp / "facebook-export.zip"),
    "instagram": lambda tmp: zip_folder(FIXTURES / "instagram_2025", tmp / "instagram-export.zip"),
}

NAMES = list(registry())


def test_the_registry_holds_the_builtin_importers():
    assert {"x_archive", "mastodon_archive", "linkedin", "generic"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_importer_has_docs_and_help(name):
    importer = registry()[name]
    doc = inspect.getdoc(type(importer)) or ""
    assert len(doc.split()) >= 15, f"{name}: the class docstring is its user documentation"
    assert importer.help and len(importer.help) <= 110 and importer.help.endswith(".")
    module_doc = inspect.getdoc(inspect.getmodule(type(importer))) or ""
    assert module_doc, f"{name}: the module needs a docstring"
    assert name in (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_importer_has_a_fixture_it_detects_and_reads(name, tmp_path):
    assert name in FIXTURE_FOR, f"add a fixture for the importer {name!r} to FIXTURE_FOR"
    path = FIXTURE_FOR[name](tmp_path)
    importer = registry()[name]
    with Container.open_path(path) as container:
        assert importer.detect(container)
        records = list(importer.read(container))
    assert records, f"{name} read no records from its fixture"


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_detected_as_that_format_by_inspect(name, tmp_path):
    path = FIXTURE_FOR[name](tmp_path)
    result = CliRunner().invoke(main, ["inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    assert f'"format": "{name}"' in result.stdout


def test_format_choice_lists_every_importer():
    result = CliRunner().invoke(main, ["inspect", "--help"])
    for name in NAMES:
        assert name in result.output


def _doc_table(heading: str) -> list[list[str]]:
    """The rows (cells) of the table right below *heading* in docs/formats.md, without the rule."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    lines = text.split(f"\n{heading}\n", 1)[1].lstrip("\n").splitlines()
    rows = lines[: next(i for i, line in enumerate(lines) if not line.startswith("|"))]
    return [
        [cell.strip() for cell in row.strip("|").split("|")] for row in rows if not row.startswith("|---")
    ]


def test_formats_doc_defines_post_reply_boost_like_follow_for_every_platform():
    """Issue #13: per platform, what counts as a post, a reply, a boost, a like and a follow."""
    header, *rows = _doc_table("## What counts as what, per platform")
    assert header[1:] == [
        "post",
        "reply (has a reply target)",
        "boost / repost / share",
        "like",
        "follow / connection",
    ]
    named = {row[0] for row in rows}
    for platform in DOC_PLATFORMS:
        assert platform in named, f"docs/formats.md: no row for {platform}"
    assert all(len(row) == 6 and all(row) for row in rows), "every definition filled in ('—' for none)"


def test_formats_doc_lists_every_variant_read_and_what_is_ignored():
    header, *rows = _doc_table("## Every variant read")
    assert header == ["platform", "years", "files", "what is used", "what is ignored, and why"]
    platforms = {row[0] for row in rows}
    assert set(DOC_PLATFORMS) <= platforms
    assert any("deleted-tweets.js" in row[4] for row in rows)
    assert sum(row[0] == "LinkedIn" for row in rows) >= 2 and sum(row[0] == "Facebook" for row in rows) >= 2
