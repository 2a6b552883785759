from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from sources._source_helpers import FIXTURES, split, zip_folder
from spiegel.cli import main
from spiegel.pipeline import load_inputs
from spiegel.sources import Container, detect, read_path
from spiegel.sources.linkedin import LinkedInImporter, canonical, name_slug, unwrap_lines

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
    accounts = [a for a in accounts if not a.is_self]
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


PROFILE_HEADER = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
)


def _export(tmp_path: Path, **files: str) -> Path:
    """A copy of the fixture's Shares.csv and Comments.csv plus the given extra files."""
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("Shares.csv", "Comments.csv"):
        shutil.copy(EXPORT / name, folder / name)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_owner_from_profile_names_when_no_profile_url(export):
    posts, _, accounts = split(list(read_path(export)))
    (owner,) = [a for a in accounts if a.is_self]
    assert (owner.handle, owner.url) == ("marieke-de-wit", None)
    assert owner.display_name == "Marieke de Wit"
    assert owner.bio == "Wijkcoördinator bij Gemeente Voorbeeld\n\nIk verbind bewoners en gemeente."
    assert {p.author for p in posts} == {"marieke-de-wit"}
    assert len(posts) == 5


def test_owner_from_a_linkedin_address_in_websites(tmp_path):
    row = 'Marieke,de Wit,,,,Wijkcoördinator,,,,,,"[PERSONAL:https://marieke.example],[OTHER:www.linkedin.com/in/mdewit-42/]",\n'
    folder = _export(tmp_path, Profile=PROFILE_HEADER + row)
    posts, _, accounts = split(list(read_path(folder)))
    (owner,) = [a for a in accounts if a.is_self]
    assert owner.handle == "mdewit-42"
    assert owner.url == "https://www.linkedin.com/in/mdewit-42/"
    assert {p.author for p in posts} == {"mdewit-42"}


def test_public_profile_url_column_wins(tmp_path):
    text = "First Name,Last Name,Headline,Public Profile Url\nMarieke,de Wit,Wijkcoördinator,https://www.linkedin.com/in/marieke-dw\n"
    folder = _export(tmp_path, Profile=text)
    posts, _, accounts = split(list(read_path(folder)))
    assert [a.handle for a in accounts if a.is_self] == ["marieke-dw"]
    assert {p.author for p in posts} == {"marieke-dw"}


INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Marieke de Wit,Eva Jansen,"10/9/23, 9:12 AM",,OUTGOING,'
    "https://www.linkedin.com/in/marieke-de-wit-8a1b2c,https://www.linkedin.com/in/eva-jansen-voorbeeld\n"
)


def test_owner_from_invitations_beats_the_name_slug(tmp_path):
    row = "Marieke,de Wit,,,,Wijkcoördinator,,,,,,,\n"
    folder = _export(tmp_path, Profile=PROFILE_HEADER + row, Invitations=INVITATIONS)
    posts, _, accounts = split(list(read_path(folder)))
    (owner,) = [a for a in accounts if a.is_self]
    assert owner.handle == "marieke-de-wit-8a1b2c" and owner.display_name == "Marieke de Wit"
    assert {p.author for p in posts} == {"marieke-de-wit-8a1b2c"}


def test_incoming_invitation_names_the_owner_as_invitee(tmp_path):
    text = (
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Eva Jansen,Marieke de Wit,"1/5/24, 8:00 AM",Hoi!,INCOMING,'
        "https://www.linkedin.com/in/eva-jansen-voorbeeld,https://www.linkedin.com/in/mdw-7\n"
    )
    folder = _export(tmp_path, Invitations=text)
    posts, _, accounts = split(list(read_path(folder)))
    (owner,) = accounts
    assert (owner.handle, owner.is_self, owner.display_name) == ("mdw-7", True, None)
    assert {p.author for p in posts} == {"mdw-7"}
    with Container.open_path(folder) as c:
        assert LinkedInImporter().owner(c) == ("mdw-7", "https://www.linkedin.com/in/mdw-7")


def test_without_owner_information_posts_have_no_author(tmp_path):
    folder = _export(tmp_path)
    posts, _, accounts = split(list(read_path(folder)))
    assert len(posts) == 5 and {p.author for p in posts} == {""}
    assert not [a for a in accounts if a.is_self]
    posts, _, accounts = split(list(read_path(EXPORT / "Shares.csv")))
    assert {p.author for p in posts} == {""} and not accounts


def test_inspect_warns_when_the_owner_is_unknown(tmp_path):
    result = CliRunner().invoke(main, ["inspect", "--json", "--lang", "en", str(EXPORT / "Shares.csv")])
    assert result.exit_code == 0, result.output
    (source,) = orjson.loads(result.stdout)["sources"]
    assert source["account"] is None
    assert any("owner is not in these files" in w for w in source["warnings"])
    result = CliRunner().invoke(main, ["inspect", "--json", "--lang", "en", str(EXPORT)])
    (source,) = orjson.loads(result.stdout)["sources"]
    assert source["account"] == "marieke-de-wit"
    assert not any("owner is not in these files" in w for w in source["warnings"])


def test_load_inputs_keeps_the_linkedin_posts_next_to_another_archive(export):
    inputs = load_inputs([FIXTURES / "x_archive", export])
    assert "marieke-de-wit" in inputs.handles
    linkedin = [p for p in inputs.posts if p.platform == "linkedin"]
    # the third share is for connections only (not public)
    assert len(linkedin) == 4 and {p.author for p in linkedin} == {"marieke-de-wit"}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Marieke de Wit", "marieke-de-wit"),
        ("José  Müller-Lüdenscheidt", "josé-müller-lüdenscheidt"),
        ("Anne (MSc) Jong", "anne-msc-jong"),
        ("", None),
    ],
)
def test_name_slug(name, slug):
    assert name_slug(name) == slug
