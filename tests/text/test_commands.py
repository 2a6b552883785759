from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.errors import InputError
from spiegel.records import Post
from spiegel.sources import read_path
from spiegel.text import pipeline

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
OWN = HERE / "fixtures" / "posts.jsonl"


def _has_posts(path: Path) -> bool | None:
    """True/False: the fixture reads and has posts or not; None: it needs options (an error)."""
    try:
        return any(isinstance(r, Post) for r in read_path(path))
    except InputError:
        return None


_STATUS = {p: _has_posts(p) for p in sorted(FIXTURES.iterdir())}
# every importer fixture that holds posts, plus our own generic JSONL
SOURCES = [p for p, ok in _STATUS.items() if ok] + [OWN]
NEEDS_OPTIONS = [p for p, ok in _STATUS.items() if ok is None]

KEYS = [
    "id",
    "platform",
    "lang",
    "question",
    "question_score",
    "question_cues",
    "complaint",
    "complaint_score",
    "complaint_cues",
    "hostile",
    "hostile_score",
    "hostile_cues",
    "explanation",
    "explanation_score",
    "explanation_cues",
    "template",
    "template_score",
    "template_cues",
    "plain",
    "plain_score",
    "tone",
    "tone_score",
    "personal",
    "readability",
]


@pytest.fixture(autouse=True)
def _fake_models(monkeypatch: pytest.MonkeyPatch, fake_classifiers: Any) -> None:
    monkeypatch.setattr(pipeline, "_load_classifiers", lambda: fake_classifiers)


def _lines(text: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_classify_every_fixture(source: Path) -> None:
    result = CliRunner().invoke(main, ["classify", "--quiet", str(source)])
    assert result.exit_code == 0, result.output
    rows = _lines(result.stdout)
    posts = [r for r in read_path(source) if isinstance(r, Post)]
    assert [row["id"] for row in rows] == [p.id for p in posts]
    for row in rows:
        assert list(row) == KEYS
        assert row["lang"] in {"nl", "en", "other"}
        assert isinstance(row["question"], bool) and 0.0 <= row["question_score"] <= 1.0
        assert row["tone"] in {"negative", "neutral", "positive"}


@pytest.mark.parametrize("source", NEEDS_OPTIONS, ids=lambda p: p.name)
def test_fixture_that_needs_options_is_a_clear_error(source: Path) -> None:
    result = CliRunner().invoke(main, ["classify", "--quiet", str(source)])
    assert result.exit_code == 2, result.output
    assert str(source) in result.stderr and "How to fix" in result.stderr
    assert result.stdout == ""


def test_classify_own_fixture_values(tmp_path: Path) -> None:
    out = tmp_path / "out" / "signals.jsonl"
    result = CliRunner().invoke(main, ["classify", str(OWN), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"Classified 7 posts from 1 file(s) into {out}."
    rows = {row["id"]: row for row in _lines(out.read_text())}
    assert rows["t1"]["lang"] == "nl" and rows["t1"]["personal"] is True and rows["t1"]["plain"] is True
    assert rows["t2"]["plain"] is False and rows["t2"]["readability"]["officialese"] >= 3
    assert rows["t2"]["readability"]["level"] in {"B2", "C1"}
    assert rows["t3"]["lang"] == "en" and rows["t3"]["readability"]["flesch"] > 60
    assert rows["t4"]["readability"]["words"] == 0 and rows["t4"]["personal"] is False  # link only
    assert rows["t5"]["lang"] == "other"  # emoji only, X said "und"
    assert rows["t6"]["lang"] == "nl" and rows["t6"]["readability"]["words"] == 0  # empty
    assert rows["t7"]["question"] is True and rows["t7"]["question_score"] == 0.9
    # a flagged signal names the words behind it; an unflagged one names none
    cues = rows["t7"]["question_cues"]
    assert cues and all(isinstance(c, str) and c for c in cues)
    assert rows["t1"]["question_cues"] == [] and rows["t1"]["hostile_cues"] == []


def test_summary_is_dutch_by_default() -> None:
    result = CliRunner().invoke(main, ["classify", str(OWN)])
    assert result.exit_code == 0
    assert (
        result.stderr.strip()
        == "7 berichten uit 1 bestand(en) geanalyseerd, geschreven naar standaarduitvoer."
    )


def test_invalid_utf8_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = OWN.read_bytes().splitlines()[0]
    bad.write_bytes(
        good + b"\n" + good.replace(b"Vandaag", b"Vand\xff\xfeaag").replace(b'"t1"', b'"t9"') + b"\n"
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["classify", "--format", "generic", str(bad), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "bad.jsonl" in result.stderr
    assert not out.exists()


def test_missing_file_is_refused() -> None:
    result = CliRunner().invoke(main, ["classify", "does-not-exist.jsonl"])
    assert result.exit_code == 2
    assert "does-not-exist.jsonl" in result.stderr
