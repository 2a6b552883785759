from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from spiegel.assess import MIN_OTHERS, collect, compare, render_form
from spiegel.cli import main
from spiegel.competencies import default_model
from spiegel.competencies.results import CompetencyResult
from spiegel.errors import ConfigError, MalformedFileError

MODEL = default_model()


def filled_csv(path: Path, variant: str, rater: str, answer: dict[str, int], default: int | str = "") -> Path:
    """The CSV template with answers per competency (``answer[competency_id]``)."""
    template = render_form(MODEL, "Anna", variant, "nl", "csv")
    rows = list(csv.DictReader(io.StringIO(template)))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row["rater"] = rater
        row["answer"] = str(answer.get(row["competency"], default))
        writer.writerow(row)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


class _Profile:
    def __init__(self, levels: dict[str, int | None]) -> None:
        self.competencies = [
            CompetencyResult(
                id=c,
                level=lv,
                status="ok" if lv else "insufficient_evidence",
                score=None,
                weight_share=1.0,
                indicators=[],
            )
            for c, lv in levels.items()
        ]


def test_form_html_is_offline_and_lists_every_statement() -> None:
    html = render_form(MODEL, "Anna", "other", "en")
    tree = LexborHTMLParser(html)
    statements = tree.css(".statement")
    assert len(statements) == sum(len(c.statements) for c in MODEL.competencies)
    assert "This colleague" in html and "Download answers as CSV" in html
    assert not tree.css("script[src]") and not tree.css("link[rel=stylesheet]")
    assert len(statements[0].css("input[type=radio]")) == 5
    assert '"schema": "spiegel.assessment.response.v1"' in html


def test_csv_template_round_trip(tmp_path: Path) -> None:
    path = filled_csv(tmp_path / "self.csv", "self", "self", {"luisteren": 4, "timing": 2})
    doc = collect([path], MODEL)
    assert doc["schema"] == "spiegel.assessment.v1" and doc["person"] == "Anna"
    (resp,) = doc["responses"]
    assert resp["variant"] == "self"
    assert resp["answers"]["luisteren_1"] == 4 and resp["answers"]["timing_3"] == 2
    assert "verbinden_1" not in resp["answers"]  # empty = don't know


def test_json_response_from_the_form(tmp_path: Path) -> None:
    path = tmp_path / "answers-r1.json"
    path.write_bytes(
        orjson.dumps(
            {
                "schema": "spiegel.assessment.response.v1",
                "person": "Anna",
                "variant": "other",
                "rater": "r1",
                "answers": {"luisteren_1": 3, "luisteren_2": None, "rolvast_1": 0},
            }
        )
    )
    (resp,) = collect([path], MODEL)["responses"]
    assert resp == {"variant": "other", "rater": "r1", "answers": {"luisteren_1": 3}}


def test_answer_off_the_scale_names_file_line_and_fix(tmp_path: Path) -> None:
    path = filled_csv(tmp_path / "bad.csv", "self", "self", {"timing": 5})
    with pytest.raises(ConfigError) as exc:
        collect([path], MODEL)
    assert exc.value.what == "answer '5' is not on the scale"
    assert exc.value.path == str(path) and exc.value.line is not None and exc.value.line > 1
    assert "1 (never)" in (exc.value.fix or "")


def test_unknown_statement_is_an_error(tmp_path: Path) -> None:
    path = filled_csv(tmp_path / "x.csv", "self", "self", {})
    path.write_text(path.read_text().replace("rolvast_4", "rolvast_9"))
    with pytest.raises(ConfigError, match="unknown statement 'rolvast_9'"):
        collect([path], MODEL)


def test_missing_column_and_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("person,statement_id\nAnna,luisteren_1\n")
    with pytest.raises(MalformedFileError, match="missing column"):
        collect([path], MODEL)
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": ')
    with pytest.raises(MalformedFileError, match="not valid JSON"):
        collect([broken], MODEL)


def test_same_rater_twice_is_an_error(tmp_path: Path) -> None:
    a = filled_csv(tmp_path / "a.csv", "other", "r1", {"luisteren": 3})
    b = filled_csv(tmp_path / "b.csv", "other", "r1", {"luisteren": 2})
    with pytest.raises(ConfigError, match="more than one file"):
        collect([a, b], MODEL)


def _assessment(tmp_path: Path, others: int, self_answer: int, other_answer: int) -> dict[str, object]:
    files = [filled_csv(tmp_path / "self.csv", "self", "self", {}, default=self_answer)]
    files += [
        filled_csv(tmp_path / f"o{i}.csv", "other", f"r{i}", {}, default=other_answer) for i in range(others)
    ]
    return collect(files, MODEL)


def test_others_hidden_below_three_raters(tmp_path: Path) -> None:
    levels = {c.id: 3 for c in MODEL.competencies}
    two = compare(_Profile(levels), _assessment(tmp_path, MIN_OTHERS - 1, 3, 1), MODEL)
    row = two["competencies"]["luisteren"]
    assert row["others"] is None and row["others_n"] == 2 and row["self"] == 3.0
    three = compare(_Profile(levels), _assessment(tmp_path, MIN_OTHERS, 3, 1), MODEL)
    assert three["competencies"]["luisteren"]["others"] == 1.0
    assert three["others_n"] == 3


def test_blind_spot_and_hidden_strength(tmp_path: Path) -> None:
    levels = {c.id: 1 for c in MODEL.competencies}
    levels["rolvast"] = 4
    levels["netwerken"] = None
    result = compare(_Profile(levels), _assessment(tmp_path, 3, 3, 3), MODEL)
    rows = result["competencies"]
    assert rows["luisteren"]["flags"] == ["blind_spot"]  # self 3, measured 1, others 3
    assert rows["rolvast"]["flags"] == ["hidden_strength"]  # self 3, measured 4
    assert rows["netwerken"]["flags"] == []  # no measured level, others agree with self
    assert rows["netwerken"]["measured"] is None


def test_cli_form_and_collect(tmp_path: Path) -> None:
    runner = CliRunner()
    form = tmp_path / "form.csv"
    result = runner.invoke(main, ["assess", "form", "--person", "Anna", "--format", "csv", "-o", str(form)])
    assert result.exit_code == 0, result.output
    assert form.read_text().startswith("person,variant,rater,competency,statement_id,statement,answer")
    filled = filled_csv(tmp_path / "self.csv", "self", "self", {"luisteren": 4})
    out = tmp_path / "assessment.json"
    result = runner.invoke(main, ["assess", "collect", str(filled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert orjson.loads(out.read_bytes())["responses"][0]["answers"]["luisteren_1"] == 4
    bad = filled_csv(tmp_path / "bad.csv", "self", "self", {"luisteren": 7})
    result = runner.invoke(main, ["assess", "collect", str(bad), "-o", str(out)])
    assert result.exit_code == 2 and "answer '7' is not on the scale" in result.output


def test_cli_collect_reports_cronbachs_alpha(tmp_path: Path) -> None:
    """`spiegel assess collect` says how reliable the questionnaire was per competency and names
    those below 0.7; with too few questionnaires it says so."""
    import random

    rng = random.Random(11)
    template = list(csv.DictReader(io.StringIO(render_form(MODEL, "Anna", "other", "nl", "csv"))))
    files = []
    for n in range(8):
        level = rng.randint(1, 4)
        rows = []
        for row in template:
            # timing is answered at random; the other competencies around the rater's level
            answer = rng.randint(1, 4) if row["competency"] == "timing" else level
            rows.append({**row, "rater": f"r{n}", "answer": str(answer)})
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(template[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files.append(tmp_path / f"r{n}.csv")
        files[-1].write_text(buf.getvalue(), encoding="utf-8")
    out = tmp_path / "assessment.json"
    result = CliRunner().invoke(main, ["assess", "collect", *map(str, files), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Cronbachs alfa per competentie" in result.output and "Luisteren 1,00" in result.output
    assert "Onder 0,7: Timing" in result.output
    args = ["assess", "collect", *map(str, files[:3]), "-o", str(out), "--lang", "en"]
    few = CliRunner().invoke(main, args)
    assert "not computed yet (at least 5 complete questionnaires needed)" in few.output
