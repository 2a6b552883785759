from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from spiegel.cli import main

GOOD = """\
name: Gemeente Proefstad
official_accounts: [proefstad@social.overheid.nl]
colleagues: [{handle: bert, name: Bert, department: Wegen}]
goal_topics: [{name: fietsbeleid, keywords: [fietspad]}]
office_hours: {days: [mon, fri], start: "08:30", end: "17:00"}
"""


def test_validate_prints_a_summary_in_dutch_and_english(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(GOOD, encoding="utf-8")
    nl = CliRunner().invoke(main, ["org", "validate", str(path)])
    assert nl.exit_code == 0, nl.output
    assert "geldige organisatieconfiguratie voor 'Gemeente Proefstad'" in nl.output
    assert "24 uur (mon,fri 08:30-17:00, Europe/Amsterdam)" in nl.output
    en = CliRunner().invoke(main, ["org", "validate", "--lang", "en", str(path)])
    assert "colleagues:          1" in en.output and "goal topics:         fietsbeleid" in en.output
    assert CliRunner().invoke(main, ["org", "validate", "-q", str(path)]).output == ""


def test_validate_reports_the_unknown_key_with_exit_code_2(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("name: X\nanswer_within_hour: 12\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["org", "validate", "--lang", "en", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(
        f"Error: {path}, line 2, field 'answer_within_hour': unknown key 'answer_within_hour'; "
        "valid keys here are: "
        "name, official_accounts, colleagues, roster, goal_topics, sensitive_topics, answer_within_hours, "
        "office_hours, timezone\n  How to fix: remove the key or correct its spelling"
    )


def test_validate_reports_the_error_in_the_chosen_language(tmp_path: Path) -> None:
    """Dutch by default, like the summary: what, where and how to fix it."""
    path = tmp_path / "org.yaml"
    path.write_text("name: X\noffice_hours: {start: '17:00', end: '08:00'}\n", encoding="utf-8")
    dutch = CliRunner().invoke(main, ["org", "validate", str(path)])
    assert dutch.exit_code == 2
    assert dutch.output == (
        f"Fout: {path}, regel 2, veld 'office_hours.end': de kantoortijd eindigt (08:00) niet na het "
        "begin (17:00)\n  Zo los je het op: geef een eindtijd die later op dezelfde dag valt\n"
    )
    english = CliRunner().invoke(main, ["org", "validate", "--lang", "en", str(path)])
    assert english.exit_code == 2
    assert english.output == (
        f"Error: {path}, line 2, field 'office_hours.end': office hours end (08:00) is not after their "
        "start (17:00)\n  How to fix: give an end time later on the same day\n"
    )
    # a command without --lang still reports in English
    other = CliRunner().invoke(main, ["model", "validate", str(path)])
    assert other.output.startswith("Error: ") and other.exit_code == 2
