"""The gespreksverslag (``spiegel.report.conversation``) of every demo person fits two A4 pages,
also with a previous period, a 360 comparison, long notes and a judgement of every competency;
its overview table is never split over pages, and it holds no CLI hints."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.demo.people import CAST
from spiegel.report import validate_profile
from spiegel.report.conversation import (
    MAX_ITEMS,
    Judgement,
    Note,
    render_conversation_html,
    render_conversation_pdf,
)
from spiegel.report.trend import build_trend

KEYS = [p.key for p in CAST]


def _full(report: dict[str, Any]) -> tuple[dict[str, Any], list[Note], list[Judgement]]:
    """*report* with everything the web app can add, each text as long as a person may write."""
    now = copy.deepcopy(report)
    before = copy.deepcopy(report)
    before["window"] = {"since": "2026-01-05T00:00:00+00:00", "until": "2026-06-30T00:00:00+00:00"} | {
        "first_post": None,
        "last_post": None,
    }
    for comp in before["competencies"]:
        comp["level"] = max(1, (comp["level"] or 3) - 1)
    now["trend"] = build_trend([before, now])
    now["assessment"] = {
        "min_others": 3,
        "self_n": 1,
        "others_n": 4,
        "competencies": {
            c["id"]: {
                "measured": c["level"],
                "self": 3.75,
                "others": 2.5,
                "others_n": 4,
                "flags": ["blind_spot"],
            }
            for c in now["competencies"]
        },
    }
    validate_profile(now)
    evidence = [
        (c["id"], i["id"], e["post_id"])
        for c in now["competencies"]
        for i in c["indicators"]
        for e in i["evidence"]
    ]
    long = "Dit bericht was een reactie op een vraag die al elders beantwoord was. " * 30
    notes: list[Note] = [
        {
            "kind": "contest" if k % 2 else "note",
            "competency": cid,
            "indicator": iid,
            "post_id": pid,
            "text": long,
            "review_status": "closed",
            "review_note": long,
        }
        for k, (cid, iid, pid) in enumerate(evidence[:8])
    ]
    judgements: list[Judgement] = [
        {
            "competency": c["id"],
            "level": 3,
            "measured_level": c["level"],
            "reason": long,
            "by": "Karin Smit",
            "at": "2026-11-09T10:00:00+00:00",
        }
        for c in now["competencies"]
    ]
    return now, notes, judgements


@pytest.mark.parametrize("key", KEYS)
def test_gespreksverslag_fits_two_pages(key: str, load_report: Callable[[str], dict[str, Any]]) -> None:
    report = load_report(key)
    for lang in ("nl", "en"):
        for profile, notes, judgements in [(report, [], []), _full(report)]:
            pdf = render_conversation_pdf(profile, lang, notes=notes, judgements=judgements)
            pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
            assert 1 <= len(pages) <= 2, (key, lang, len(pages))
            text = "\n".join(pages)
            # the overview table is on one page: its heading and every competency's row
            names = [c["name"][lang] for c in profile["competencies"]]
            heading = "Niveaus per competentie" if lang == "nl" else "Levels per competency"
            table_page = next(p for p in pages if heading in p)
            after = "".join(table_page[table_page.index(heading) :].split())  # names may wrap
            assert all("".join(name.split()) in after for name in names), (key, lang)
            # no CLI hints, option names or commands in a document for the appraisal file
            assert "--" not in text and "spiegel report" not in text, (key, lang)


def test_gespreksverslag_content(load_report: Callable[[str], dict[str, Any]]) -> None:
    profile, notes, judgements = _full(load_report("fleur"))
    html = render_conversation_html(profile, "nl", notes=notes, judgements=judgements)
    for heading in (
        "Gespreksverslag: Fleur Bakker",
        "Hoe zeker",
        "Sinds vorige periode",
        "Drie sterke punten",
        "Drie ontwikkelpunten",
        "Verloop sinds de vorige periode",
        "Toelichting en bezwaren van de medewerker",
        "Bezwaar tegen dit voorbeeld",
        "Oordeel van de leidinggevende",
        "Karin Smit",
        "Blinde vlek",
        "Bijlage",
    ):
        assert heading in html, heading
    # means written for the language: a decimal comma in Dutch
    assert "<td>3,8</td><td>2,5" in html and "<td>3.8</td>" not in html
    strengths = html[html.index('id="verslag-strengths"') : html.index('id="verslag-points"')]
    points = html[html.index('id="verslag-points"') : html.index('id="verslag-trend"')]
    assert 1 <= strengths.count("<li>") <= MAX_ITEMS and 1 <= points.count("<li>") <= MAX_ITEMS
    # long texts by people are shortened; the full text stays in the app
    assert "…" in html and ("Dit bericht was een reactie " * 8) not in html
    # without a web app there are no notes or judgements, and no trend or 360 columns
    bare = render_conversation_html(load_report("fleur"), "en")
    assert "No judgement recorded yet." in bare and "Since the previous period" not in bare


def test_cli_writes_the_gespreksverslag(tmp_path: Path, demo_dir: Path, run: Any) -> None:
    data = demo_dir / "data" / "fleur"
    out = tmp_path / "verslag.pdf"
    args = ["report", *(str(p) for p in sorted(data.iterdir()) if p.name != "inbound.jsonl")]
    args += ["--inbound", str(data / "inbound.jsonl"), "--stream", str(demo_dir / "stream.jsonl")]
    args += ["--org", str(demo_dir / "org.yaml"), "--quiet", "--format", "gespreksverslag", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) <= 2 and "Gespreksverslag" in reader.pages[0].extract_text()
    html = CliRunner().invoke(main, [*args[:-4], "--format", "gespreksverslag-html"])
    assert html.exit_code == 0 and "Drie sterke punten" in html.output
    assert CliRunner().invoke(main, [*args[:-4], "--format", "gespreksverslag"]).exit_code == 2
