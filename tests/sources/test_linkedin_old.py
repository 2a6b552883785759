"""LinkedIn exports from before 2022 (issue #13): UTF-16 tab-separated Shares.csv, Connections.csv
without a URL column, old Invitations.csv, unquoted multi-line comments, old date formats."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

import pytest

from sources._source_helpers import FIXTURES, split, zip_folder
from spiegel.errors import MalformedFileError
from spiegel.sources import Container, detect, read_path
from spiegel.sources._notices import collecting
from spiegel.sources.linkedin import parse_date


@pytest.fixture(params=["folder", "zip"])
def export_2018(request, tmp_path):
    if request.param == "folder":
        return FIXTURES / "linkedin_2018"
    return zip_folder(FIXTURES / "linkedin_2018", tmp_path / "Basic_LinkedInDataExport_01-10-2018.zip")


def _read(path):
    with collecting() as notices:
        records = list(read_path(path))
    return (*split(records), notices.messages("en"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/8/18, 6:14 PM", datetime(2018, 1, 8, 18, 14, tzinfo=UTC)),  # Connections 2018
        ("12/21/17, 9:03 AM", datetime(2017, 12, 21, 9, 3, tzinfo=UTC)),
        ("2017/06/08 08:15:44 UTC", datetime(2017, 6, 8, 8, 15, 44, tzinfo=UTC)),  # Shares 2018
        ("16 Jun 2021", datetime(2021, 6, 16, tzinfo=UTC)),  # Connections 2021+
        ("2024-04-02 10:00:00", datetime(2024, 4, 2, 10, 0, tzinfo=UTC)),  # Shares 2022+
    ],
)
def test_every_linkedin_date_format(text, expected):
    assert parse_date(text) == expected


def test_2018_export_counts(export_2018):
    with Container.open_path(export_2018) as c:
        assert detect(c).name == "linkedin"
    posts, inter, accounts, notes = _read(export_2018)
    assert len(posts) == 3 and not any(p.is_reply for p in posts)
    assert posts[0].created_at == datetime(2017, 6, 8, 8, 15, 44, tzinfo=UTC)
    assert posts[1].text == (
        'Vandaag met de raad gesproken over "groen in de wijk".\nVolgende stap: een bewonersavond.'
    )
    assert {p.author for p in posts} == {"lotte-smit"}
    follows = [i for i in inter if i.kind == "follow"]
    assert len(follows) == 3
    assert follows[0].created_at == datetime(2018, 1, 8, 18, 14, tzinfo=UTC)
    assert [a.handle for a in accounts if a.is_self] == ["lotte-smit"]
    # the nameless connection is dropped, and said so with the file and the reason
    assert any("Connections.csv: 1 connections without a name" in n for n in notes)
    # the old Invitations.csv header (From,To,Sent At,Message,Direction) is read, not refused
    old_header = (FIXTURES / "linkedin_2018" / "Invitations.csv").read_text(encoding="utf-8").splitlines()[0]
    assert old_header == "From,To,Sent At,Message,Direction"
    assert not any("Invitations.csv" in n for n in notes)


def test_2021_export_counts_and_repairs():
    posts, inter, accounts, notes = _read(FIXTURES / "linkedin_2021")
    assert len(posts) == 4 and all(p.is_reply for p in posts)
    assert posts[1].text == (
        "Dank voor het delen.\nEerste punt: de wijk doet mee.\nTweede punt: de raad luistert."
    )
    assert posts[2].text == "Goed gezegd, en ook: tijd voor actie"
    assert len([i for i in inter if i.kind == "follow"]) == 2
    assert [a.handle for a in accounts if a.is_self] == ["bram-kok"]
    assert any("Comments.csv: 2 lines without a date joined" in n for n in notes)
    assert any("Comments.csv: 1 rows with more columns" in n for n in notes)
    assert any("Connections.csv: 2 connections without a name" in n for n in notes)


def test_an_unreadable_optional_file_does_not_stop_the_export(tmp_path):
    for name in ("Shares.csv", "Profile.csv"):
        (tmp_path / name).write_bytes((FIXTURES / "linkedin_2018" / name).read_bytes())
    (tmp_path / "Invitations.csv").write_text("Wie,Wanneer\nx,y\n")
    (tmp_path / "Connections.csv").write_text("iets heel anders\n")
    posts, _, _, notes = _read(tmp_path)
    assert len(posts) == 3
    assert sum("skipped (an optional file that cannot be read" in n for n in notes) == 2


def test_no_header_error_names_encoding_and_delimiters(tmp_path):
    bad = tmp_path / "Shares.csv"
    bad.write_bytes(codecs.BOM_UTF16_LE + "Datum|Tekst\r\n2017|hoi\r\n".encode("utf-16-le"))
    with pytest.raises(MalformedFileError) as err:
        list(read_path(bad))
    assert "UTF-16" in err.value.what and "tab" in err.value.what and "Datum|Tekst" in err.value.what


def test_unreadable_share_date_names_the_formats(tmp_path):
    (tmp_path / "Shares.csv").write_text(
        "Date,ShareLink,ShareCommentary\n8 juni 2017,https://l.example/1,hoi\n"
    )
    with pytest.raises(MalformedFileError) as err:
        list(read_path(tmp_path))
    assert err.value.field == "Date" and "2017/06/08 08:15:44 UTC" in (err.value.fix or "")
