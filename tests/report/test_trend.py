"""Trends over periods: ``spiegel.report.trend`` and ``spiegel report --window/--compare-with``."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.errors import ConfigError
from spiegel.pipeline import Profile
from spiegel.report import render_html, validate_profile
from spiegel.report.trend import build_trend

FIXTURES = Path(__file__).parents[1] / "fixtures"
ARCHIVE = FIXTURES / "mastodon_archive"


def _earlier(profile: dict[str, Any], until: str, shift: int) -> dict[str, Any]:
    older = copy.deepcopy(profile)
    older["window"] = {"since": None, "until": until, "first_post": None, "last_post": None}
    for comp in older["competencies"]:
        if comp["level"]:
            comp["level"] = min(4, max(1, comp["level"] + shift))
        for ind in comp["indicators"]:
            if ind["value"] is not None:
                ind["value"] = ind["value"] / 2
    return older


def test_trend_orders_periods_and_gives_deltas(profile: Profile) -> None:
    now = profile.to_dict()
    first = _earlier(now, "2025-06-30T00:00:00+00:00", -2)
    second = _earlier(now, "2025-12-31T00:00:00+00:00", -1)
    trend = build_trend([now, first, second])  # any order: sorted by period
    assert [p["until"] for p in trend["periods"]][:2] == ["2025-06-30", "2025-12-31"]
    measured = next(c for c in now["competencies"] if c["level"])
    row = next(c for c in trend["competencies"] if c["id"] == measured["id"])
    assert row["levels"][-1] == measured["level"]
    assert row["delta"] == measured["level"] - row["levels"][-2]
    valued = next(i for c in now["competencies"] for i in c["indicators"] if i["value"])
    ind = next(i for i in trend["indicators"] if i["id"] == valued["id"])
    assert ind["delta"] == pytest.approx(valued["value"] / 2, abs=1e-4)  # deltas are rounded to 4 places
    now["trend"] = trend
    validate_profile(now)


def test_trend_needs_two_periods(profile: Profile) -> None:
    with pytest.raises(ConfigError, match="at least two periods"):
        build_trend([profile.to_dict()])


def test_report_html_shows_trend_chart_and_changes(profile: Profile) -> None:
    now = profile.to_dict()
    now["trend"] = build_trend([_earlier(now, "2025-12-31T00:00:00+00:00", -1), now])
    html = render_html(now, "nl")
    assert 'id="trend"' in html and "Verloop over de perioden" in html
    # the chart has axes with titles and the periods as labels
    section = html[html.index('id="trend"') :]
    assert "<svg" in section and "Periode" in section and "Niveau" in section
    assert "31 dec 2025" in section
    assert "Veranderde metingen" in section and "(beter)" in section
    assert 'id="trend"' not in render_html(profile, "nl")


def _report(args: list[str]) -> Any:
    return CliRunner().invoke(main, ["report", str(ARCHIVE), "--quiet", *args])


def test_cli_windows_make_a_trend(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = _report(
        ["--window", "2010-01-01:2019-12-31", "--window", "2020-01-01:", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = orjson.loads(out.read_bytes())
    validate_profile(data)
    assert data["trend"]["periods"][0]["since"] == "2010-01-01"
    assert len(data["trend"]["competencies"]) == len(data["competencies"])


def test_cli_compare_with_an_earlier_report(tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.json"
    assert _report(["--format", "json", "-o", str(earlier)]).exit_code == 0
    html = tmp_path / "now.html"
    result = _report(["--compare-with", str(earlier), "-o", str(html), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Over the periods" in html.read_text("utf-8")


def test_cli_compare_with_refuses_someone_else_and_bad_files(tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.json"
    assert _report(["--format", "json", "-o", str(earlier)]).exit_code == 0
    other = orjson.loads(earlier.read_bytes())
    other["person"]["handles"] = ["someone@else.example"]
    (tmp_path / "other.json").write_bytes(orjson.dumps(other))
    result = _report(["--compare-with", str(tmp_path / "other.json")])
    assert result.exit_code == 2 and "about someone else" in result.output
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    result = _report(["--compare-with", str(tmp_path / "bad.json")])
    assert result.exit_code == 2 and "cannot read the earlier report" in result.output
    (tmp_path / "wrong.json").write_text('{"schema": "spiegel.report.v1", "competencies": 3}', "utf-8")
    result = _report(["--compare-with", str(tmp_path / "wrong.json")])
    assert result.exit_code == 2 and "does not follow the report schema" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--window", "2026-01-01"], "is not a period"),
        (["--window", "2026-13-01:"], "is not a period"),
        (["--window", "2026-06-01:2026-01-01"], "ends before it starts"),
        (["--window", "2026-01-01:", "--since", "2026-01-01"], "cannot be combined"),
    ],
)
def test_cli_bad_windows(args: list[str], message: str) -> None:
    result = _report(args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_cli_pdf_has_the_trend(tmp_path: Path) -> None:
    import pypdf

    out = tmp_path / "r.pdf"
    result = _report(
        ["--window", "2010-01-01:2019-12-31", "--window", "2020-01-01:", "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
    assert "Verloop over de perioden" in text and "Periode" in text
