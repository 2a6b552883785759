"""CSV injection (issue #10): cells a spreadsheet would run as formulas get a leading ``'``;
numbers, including negative ones, stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from spiegel import csvsafe
from spiegel.assess import collect, render_form
from spiegel.competencies import default_model

FORMULA_NAME = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    "cell",
    [FORMULA_NAME, "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "-", "=", "+x"],
)
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert csvsafe.neutralise_cell(cell) == "'" + cell
    assert csvsafe.restore_cell("'" + cell) == cell


@pytest.mark.parametrize("cell", [-3, -0.25, 0, 2.5, "-0.25", "-3", "+4", "-1,5", "1e-3", "-2E+3", None])
def test_numbers_stay_numbers(cell: object) -> None:
    assert csvsafe.neutralise_cell(cell) == cell


@pytest.mark.parametrize("cell", ["Anna", "a=b", " =1", "'quoted", "", "luisteren_1"])
def test_ordinary_text_is_unchanged(cell: str) -> None:
    assert csvsafe.neutralise_cell(cell) == cell
    assert csvsafe.restore_cell(cell) == cell


def test_writer_writes_neutralised_rows() -> None:
    buf = io.StringIO()
    writer = csvsafe.writer(buf, lineterminator="\n")
    writer.writerow(["name", "level", "delta"])
    writer.writerows([[FORMULA_NAME, 3, -0.5], ["Bram", None, "-2"]])
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows == [["name", "level", "delta"], ["'" + FORMULA_NAME, "3", "-0.5"], ["Bram", "", "-2"]]


def test_questionnaire_csv_template_round_trip_with_a_formula_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = default_model()
    template = render_form(model, FORMULA_NAME, "self", "nl", "csv")
    rows = list(csv.DictReader(io.StringIO(template)))
    assert {r["person"] for r in rows} == {"'" + FORMULA_NAME}
    assert not any(v.startswith(csvsafe.FORMULA_START) for r in rows for v in r.values() if v)
    for row in rows:
        row["answer"] = "3"
    path = tmp_path / "self.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert collect([path], model)["person"] == FORMULA_NAME
