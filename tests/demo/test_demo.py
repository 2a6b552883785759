"""``spiegel demo`` end to end: the reports are written,
the JSON follows the report schema, and the team page shows everyone."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from spiegel.cli import main
from spiegel.demo.people import CAST

Loader = Callable[[str], dict[str, Any]]

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "docs" / "report.schema.json"


def test_demo_runs_and_says_where_to_look(run: Result, demo_dir: Path) -> None:
    assert run.exit_code == 0, run.output
    assert f"Open het teamoverzicht: {(demo_dir / 'index.html').resolve()}" in run.output
    assert "Luisterbereik team:" in run.output
    for p in CAST:
        assert p.name.split()[0] in run.output
        assert (demo_dir / "reports" / f"{p.key}.html").stat().st_size > 1000
        assert (demo_dir / "reports" / f"{p.key}.json").exists()


def test_json_reports_follow_the_documented_schema(load_report: Loader) -> None:
    validator = Draft202012Validator(orjson.loads(SCHEMA.read_bytes()))
    for p in CAST:
        report = load_report(p.key)
        assert report["schema"] == "spiegel.report.v1"
        validator.validate(report)


def test_every_evidence_note_and_reason_of_the_demo_has_words(load_report: Loader) -> None:
    """Issue #14, item 1: the pages show an evidence note or a reason in words, never its code
    (an unknown code would be shown as "one way", English amid Dutch)."""
    from spiegel.i18n import NOTES, REASONS

    notes, reasons = set(), set()
    for p in CAST:
        for comp in load_report(p.key)["competencies"]:
            for ind in comp["indicators"]:
                notes |= {e["note"] for e in ind["evidence"] if e.get("note")}
                reasons |= {ind["reason"]["code"]} if ind.get("reason") else set()
    assert notes and notes <= set(NOTES), f"add words for {notes - set(NOTES)} to spiegel.i18n.NOTES"
    assert reasons <= set(REASONS), f"add words for {reasons - set(REASONS)} to spiegel.i18n.REASONS"


def test_team_page_lists_everyone_with_levels_and_norms(run: Result, demo_dir: Path) -> None:
    html = (demo_dir / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="member">(.*?)</tr>', html, flags=re.S)
    assert len(rows) == len(CAST)
    for p, row in zip(CAST, rows, strict=True):
        assert p.name in row
        assert f'href="reports/{p.key}.html"' in row
        assert len(re.findall(r'<td class="lvl', row)) == 6
    thin_row = rows[[p.has_inbound for p in CAST].index(False)]
    assert thin_row.count(">—</td>") == 6
    assert "norm 80%" in html
    assert '<figure id="response-chart"><svg' in html
    assert "<script" not in html and 'http-equiv="refresh"' not in html  # self-contained, static
    # its CSP <meta> allows no scripts and loads nothing (issue #10)
    assert '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;' in html
    assert not re.search(r'<link[^>]+href="http', html)


def test_english_team_page(tmp_path: Path) -> None:
    # an 80-column terminal: the English summary table cuts no name (issue #14)
    result = CliRunner().invoke(
        main, ["demo", "-o", str(tmp_path / "en"), "--lang", "en"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines[:-1]), result.output  # the last one is a path
    assert "…" not in result.output
    for persona in CAST:
        assert any(line.split()[:1] == [persona.name.split()[0]] for line in lines), persona.name
    header = " ".join(lines[:6])
    for name in ("Listening", "Connecting", "Networking", "Informing", "Role-", "steadfast"):
        assert name in header, name
    assert lines[-1].startswith("Open the team overview:")
    html = (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Listening coverage" in html and "Luisterbereik" not in html


def test_team_page_and_summary_mark_every_uncertain_level(
    run: Result, demo_dir: Path, load_report: Loader
) -> None:
    """Issue #12, item 6: wherever a level is shown, an uncertain one carries its range."""
    page = (demo_dir / "index.html").read_text(encoding="utf-8")
    marks = re.findall(r'<small class="uncertain">, onzeker: (\d)–(\d)</small>', page)
    expected = [
        tuple(str(x) for x in c["level_range"])
        for p in CAST
        for c in load_report(p.key)["competencies"]
        if c["uncertain"]
    ]
    assert expected and sorted(marks) == sorted(expected)
    assert run.output.count("–") >= len(expected)  # the terminal summary shows "3 (2–3)"
