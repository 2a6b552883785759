from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from spiegel.errors import ConfigError
from spiegel.org import load_org

GOOD = """\
name: Gemeente Proefstad
official_accounts: ["@Proefstad", proefstad@social.overheid.nl]
colleagues:
  - {handle: "@Bert@social.overheid.nl", name: Bert, department: Wegen}
goal_topics:
  - {name: fietsbeleid, keywords: [fietspad, "#fietsstad"]}
sensitive_topics:
  - {name: reorganisatie, keywords: [reorganisatie]}
office_hours: {days: [mon, tue, wed, thu, fri], start: "08:30", end: "17:00"}
"""


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_full_config_and_helpers(tmp_path: Path) -> None:
    org = load_org(write(tmp_path, GOOD))
    assert org.name == "Gemeente Proefstad"
    assert org.official_accounts == {"proefstad", "proefstad@social.overheid.nl"}
    assert org.is_official("@PROEFSTAD")
    assert org.colleague("bert@social.overheid.nl").department == "Wegen"  # type: ignore[union-attr]
    assert [org.role_of(h, person={"me"}) for h in ("me", "proefstad", "bert@social.overheid.nl", "x")] == [
        "person",
        "official",
        "colleague",
        "external",
    ]
    assert org.answer_within_hours == 24 and org.timezone == "Europe/Amsterdam"
    assert org.goal_topics[0].matches("Nieuw #FietsStad plan") and org.goal_topics[0].matches(
        "", ["fietsstad"]
    )
    assert not org.goal_topics[0].matches("fietspaden") and org.sensitive_topics[0].sensitive
    # Friday 16:00 local -> Monday 09:00 local = 1 h + 0.5 h of office time
    start = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    end = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    assert org.elapsed_hours(start, end) == pytest.approx(1.5)


def test_roster_csv_relative_to_yaml(tmp_path: Path) -> None:
    write(tmp_path, "handle,name,department\n@Ank,Ank,Zorg\nbob@x.nl,Bob,\n", "team.csv")
    org = load_org(write(tmp_path, "name: X\nroster: team.csv\n"))
    assert set(org.colleagues) == {"ank", "bob@x.nl"} and org.colleague("ank").department == "Zorg"  # type: ignore[union-attr]


def test_unknown_key_names_the_key_line_and_valid_keys(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_org(write(tmp_path, "name: X\nanswer_within_hour: 12\n"))
    e = err.value
    assert e.line == 2 and e.field == "answer_within_hour"
    assert (
        "unknown key 'answer_within_hour'" in e.what
        and "answer_within_hours" in e.what
        and "office_hours" in e.what
    )


def test_nested_unknown_key_and_wrong_type_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_org(write(tmp_path, "name: X\ncolleagues:\n  - handle: a\n    afdeling: Zorg\n"))
    assert err.value.field == "colleagues[0].afdeling" and err.value.line == 4
    assert "valid keys here are: handle, name, department" in err.value.what
    with pytest.raises(ConfigError) as err2:
        load_org(write(tmp_path, "name: X\nanswer_within_hours: soon\n"))
    assert (
        err2.value.field == "answer_within_hours"
        and err2.value.line == 2
        and "number" in (err2.value.fix or "")
    )


@pytest.mark.parametrize(
    ("text", "field", "needle"),
    [
        ("official_accounts: [a]\n", "(top level)", "'name' is required"),
        ("name: X\noffice_hours: {start: '8:30', end: '17:00'}\n", "office_hours.start", "HH:MM"),
        ("name: X\noffice_hours: {start: '17:00', end: '08:00'}\n", "office_hours.end", "not after"),
        (
            "name: X\noffice_hours: {days: [maandag], start: '08:00', end: '17:00'}\n",
            "office_hours.days[0]",
            "mon",
        ),
        ("name: X\ntimezone: Mars/Olympus\n", "timezone", "unknown time zone"),
        ("name: X\nroster: nope.csv\n", "roster", "does not exist"),
        ("name: X\ngoal_topics: [{name: a}]\n", "goal_topics[0]", "'keywords' is required"),
    ],
)
def test_config_errors(tmp_path: Path, text: str, field: str, needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_org(write(tmp_path, text))
    assert err.value.field == field and needle in str(err.value) and err.value.fix


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_org(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError) as err:
        load_org(write(tmp_path, "name: X\ncolleagues: [\n"))
    assert "not valid YAML" in err.value.what and err.value.line is not None
    with pytest.raises(ConfigError, match="mapping"):
        load_org(write(tmp_path, "- a\n- b\n"))
    write(tmp_path, "naam,afdeling\nx,y\n", "bad.csv")
    with pytest.raises(ConfigError, match="no 'handle' column"):
        load_org(write(tmp_path, "name: X\nroster: bad.csv\n"))


def test_a_config_typed_into_the_web_app_never_reads_its_roster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``read_roster=False`` refuses the key before a file is opened: a roster path typed into
    the web app used to make the server read that file and show its first line in the error."""
    from spiegel.org import parse_org_text

    (tmp_path / "secret.csv").write_text("root:x:0:0:root\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as read:
        parse_org_text("name: X\nroster: secret.csv\n")
    assert "root:x" in read.value.what  # the file's own header, as the CLI shows it
    with pytest.raises(ConfigError) as refused:
        parse_org_text("name: X\nroster: secret.csv\n", read_roster=False)
    assert refused.value.field == "roster" and refused.value.line == 2
    assert "root" not in refused.value.render("en") and "cannot be used here" in refused.value.what


def test_config_errors_speak_dutch_and_english(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_org(write(tmp_path, "name: X\noffice_hours: {days: [maandag], start: '08:00', end: '17:00'}\n"))
    e = err.value
    assert str(e).endswith(
        "line 2, field 'office_hours.days[0]': 'maandag' is not one of mon, tue, wed, thu, fri, sat, sun\n"
        "  How to fix: use one of the listed values"
    )
    assert e.render("en") == str(e)
    assert e.render("nl").endswith(
        "regel 2, veld 'office_hours.days[0]': 'maandag' is niet een van mon, tue, wed, thu, fri, sat, sun\n"
        "  Zo los je het op: gebruik een van de genoemde waarden"
    )
    with pytest.raises(ConfigError) as typed:
        load_org(write(tmp_path, "name: X\nofficial_accounts: gemeente\n"))
    # a placeholder that is itself a message is translated too
    assert typed.value.what_in("nl") == "verkeerde waarde 'gemeente': het moet een lijst zijn"
    assert typed.value.what == "wrong value 'gemeente': it must be a list"


def test_a_translatable_error_survives_pickling(tmp_path: Path) -> None:
    """An error raised in a worker process reaches the parent pickled; its translatable
    message must arrive whole (a ``str`` subclass is rebuilt from its arguments)."""
    import copy
    import pickle

    with pytest.raises(ConfigError) as err:
        load_org(write(tmp_path, "name: X\ntimezone: Mars/Olympus\n"))
    again = pickle.loads(pickle.dumps(err.value))
    assert str(again) == str(err.value)
    assert again.what_in("nl") == "onbekende tijdzone 'Mars/Olympus'"
    assert copy.deepcopy(err.value.what).in_lang("nl") == "onbekende tijdzone 'Mars/Olympus'"  # type: ignore[attr-defined]
