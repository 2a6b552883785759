from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sources._source_helpers import FIXTURES, split, zip_folder

from spiegel.sources import Container, detect, read_path
from spiegel.sources.linkedin import canonical, unwrap_lines

EXPORT = FIXTURES / "linkedin"


@pytest.fixture(params=["folder", "zip"])
def export(request, tmp_path):
    if request.param == "folder":
        return EXPORT
    return zip_folder(EXPORT, tmp_path / "Basic_LinkedInDataExport_04-08-2024.zip")


def test_detected(export):
    with Container.open_path(export) as c:
        assert detect(c).name == "linkedin"


def test_shares_with_linkedin_line_quoting(export):
    posts, _, _ = split(list(read_path(export)))
    shares = [p for p in posts if not p.is_reply]
    assert len(shares) == 3
    first = shares[0]
    assert first.id == "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7100000000000000001"
    assert first.created_at == datetime(2024, 4, 2, 10, 0, tzinfo=UTC)
    assert first.text == (
        "Drie dingen die ik leerde op de ambtenarendag:\n\n"
        "1. Luister eerst.\n2. Schrijf kort.\n3. Vraag door."
    )
    assert first.urls == ["https://ambtenarendag.example/verslag"]
    assert shares[1].text == 'Ons team zoekt een collega voor "digitale dienstverlening". Reageer gerust!'
    assert [p.visibility for p in shares] == ["public", "public", "private"]


def test_comments_are_replies_with_backslash_quotes(export):
    posts, _, _ = split(list(read_path(export)))
    comments = [p for p in posts if p.is_reply]
    assert len(comments) == 2
    assert comments[0].in_reply_to_id.endswith("7100000000000000100")
    assert (
        comments[1].text
        == 'Piet Bakker Ik noemde het een "proefproject", maar het wordt structureel.\n\nMeer volgt.'
    )
    assert comments[0].id.startswith("linkedin:comment:") and comments[0].id != comments[1].id


def test_connections_after_notes_preamble(export):
    _, inter, accounts = split(list(read_path(export)))
    assert [a.handle for a in accounts] == ["eva-jansen-voorbeeld", "piet-bakker-123"]
    assert accounts[0].bio == "Beleidsmedewerker, Gemeente Voorbeeld"
    assert accounts[0].display_name == "Eva Jansen" and not accounts[0].is_self
    assert [i.created_at for i in inter] == [
        datetime(2023, 10, 9, tzinfo=UTC),
        datetime(2024, 1, 15, tzinfo=UTC),
    ]


def test_single_csv_file(tmp_path):
    posts, _, _ = split(list(read_path(EXPORT / "Shares.csv")))
    assert len(posts) == 3


def test_dutch_and_german_headers():
    posts, inter, accounts = split(list(read_path(FIXTURES / "linkedin_nl")))
    assert posts[0].text == "Vandaag de nieuwe website gelanceerd."
    assert posts[0].urls == ["https://gemeente.example"]
    assert accounts[0].handle == "anna-schmidt" and accounts[0].bio == "Referentin, Stadt Beispiel"
    assert inter[0].created_at == datetime(2024, 2, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "canon"),
    [
        ("ShareCommentary", "commentary"),
        ("Commentaar bij delen", "commentary"),
        ("Datum", "date"),
        ("Verbonden op", "connected_on"),
        ("Connecté le", "connected_on"),
        ("Verbunden am", "connected_on"),
        ("Prénom", "first_name"),
        ("E-mailadres", "email"),
    ],
)
def test_header_mapping_table(header, canon):
    assert canon in canonical({header: "x"})


def test_unwrap_lines_leaves_ordinary_text_alone():
    assert unwrap_lines('Een "citaat"\nop twee regels') == 'Een "citaat"\nop twee regels'
    assert unwrap_lines('a"\n""\n"b') == "a\n\nb"


def test_renamed_csv_is_recognised_by_its_columns_only_if_all_are_linkedin(tmp_path):
    renamed = tmp_path / "mijn posts (1).csv"
    renamed.write_bytes((EXPORT / "Shares.csv").read_bytes())
    with Container.open_path(renamed) as c:
        assert detect(c).name == "linkedin"
    other = tmp_path / "monitor.csv"
    other.write_text("Date,Author,Message,Link\n2024-05-01 10:00:00,an,hallo,https://x.example/1\n")
    with Container.open_path(other) as c:
        assert detect(c).name == "generic"
