"""The generated organisation: every export is read by the right importer with the counts the
generator wrote, the org.yaml is valid, and a seed gives the same organisation."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.demo.build import DemoFiles, write_demo
from spiegel.demo.people import CAST, NO_LEVEL
from spiegel.org import load_org

EXPECTED_FORMAT = {
    "x-archive.zip": "x_archive",
    "mastodon-archive.tar.gz": "mastodon_archive",
    "bluesky-repo.car": "bluesky_car",
    "linkedin-export.zip": "linkedin",
    "inbound.jsonl": "generic",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo(tmp_path_factory.mktemp("demo"), seed=7)


def _inspect(paths: list[Path]) -> list[dict]:
    result = CliRunner().invoke(main, ["inspect", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return orjson.loads(result.output)["sources"]


def test_every_export_is_read_by_its_importer_with_the_generated_counts(demo: DemoFiles) -> None:
    formats_seen = set()
    for pf in demo.people:
        paths = [*pf.sources, *([pf.inbound] if pf.inbound else [])]
        for path, summary in zip(paths, _inspect(paths), strict=True):
            assert summary["format"] == EXPECTED_FORMAT[path.name], path
            formats_seen.add(summary["format"])
            counts = {k: summary["counts"][k] for k in ("posts", "replies", "boosts", "likes", "follows")}
            assert counts == pf.counts[path.name], (pf.persona.key, path.name)
            assert summary["counts"]["posts"] > 0
    assert formats_seen == set(EXPECTED_FORMAT.values())


def test_archives_name_their_owner(demo: DemoFiles) -> None:
    for pf in demo.people:
        summary = _inspect(pf.sources[:1])[0]
        assert summary["account"] in pf.handles, pf.persona.key


def test_stream_links_to_team_reactions(demo: DemoFiles) -> None:
    stream = [orjson.loads(line) for line in demo.stream.read_text(encoding="utf-8").splitlines()]
    ids = {item["id"] for item in stream}
    replied = {p.in_reply_to_id for pw in demo.world.people for p in pw.posts}
    liked = {i.target_id for pw in demo.world.people for i in pw.likes}
    engaged = ids & (replied | liked)
    assert 0.5 < len(engaged) / len(ids) < 0.8


def test_org_yaml_is_valid_and_lists_the_cast(demo: DemoFiles) -> None:
    org = load_org(demo.org)
    assert org.name == "Gemeente Spiegelstad"
    for p in CAST:
        assert org.role_of(p.handle) == "colleague", p.handle
    assert {t.name for t in org.sensitive_topics} == {"zwembad"}


def test_planted_truth_is_written(demo: DemoFiles) -> None:
    planted = orjson.loads(demo.planted.read_bytes())
    assert set(planted) == {p.key for p in CAST}
    thin = next(p for p in CAST if p.expected and all(v == NO_LEVEL for v in p.expected.values()))
    assert planted[thin.key]["competencies"]["luisteren"] == [None]
    assert len(CAST) >= 6


def test_same_seed_same_organisation(tmp_path: Path, demo: DemoFiles) -> None:
    again = write_demo(tmp_path / "again", seed=7)
    assert again.stream.read_bytes() == demo.stream.read_bytes()
    for a, b in zip(again.people, demo.people, strict=True):
        for x, y in zip(a.sources, b.sources, strict=True):
            if x.suffix == ".car":
                assert x.read_bytes() == y.read_bytes()
    other = write_demo(tmp_path / "other", seed=8)
    assert other.stream.read_bytes() != demo.stream.read_bytes()
