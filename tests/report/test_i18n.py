"""The ``spiegel`` gettext catalogues (CLI, reports, questionnaires): every message the sources
use has a Dutch and an English translation, and the shipped ``.mo`` files are current."""

from __future__ import annotations

import pytest

from spiegel.errors import ConfigError
from spiegel.i18n import NOTES, REASONS, format_date, format_datetime, format_number, level_name, note_text, t
from spiegel.i18n.catalogues import extract, problems, read


def test_every_message_has_a_dutch_and_an_english_translation_and_the_mo_files_are_current() -> None:
    found = list(problems())
    assert not found, "run `python -m spiegel.i18n.catalogues update` and `compile`:\n" + "\n".join(found)


def test_the_extraction_finds_the_messages_of_python_code_and_of_the_templates() -> None:
    ids = {m.id for m in extract()}
    assert "Competency profile" in ids  # report.html.j2
    assert "Self-assessment" in ids  # assess/forms.py, N_()
    assert REASONS["no_inbound"] in ids and NOTES["not_engaged"] in ids
    dutch = {m.id: m.string for m in read("nl")}
    assert dutch["Competency profile"] == "Competentieprofiel"


def test_lookup_and_fill() -> None:
    assert level_name(3) == "op niveau"
    assert level_name(3, "en") == "proficient"
    assert level_name(None) == "onvoldoende gegevens"
    assert "12" in t(REASONS["too_little_evidence"], "en", n=12, min=20)
    assert t(REASONS["too_few_indicators"], "nl", share=40, min=60).count("%") == 2
    assert note_text("not_engaged") == "niet op gereageerd"
    assert note_text("some_new_code", "en") == "some new code"
    with pytest.raises(ConfigError, match="unsupported language"):
        t("Competency profile", "fr")


def test_every_behaviour_reason_code_has_both_translations() -> None:
    from spiegel.behaviour.common import REASONS as BEHAVIOUR_REASONS

    missing = [code for code in BEHAVIOUR_REASONS if code not in REASONS]
    assert not missing, f"add Dutch and English texts for: {missing}"


def test_dates_and_numbers_follow_the_language_not_the_machine() -> None:
    assert format_date("2026-11-09T15:04:00+00:00", "nl") == "9 nov 2026"
    assert format_date("2026-11-09T15:04:00+00:00", "en") == "Nov 9, 2026"
    assert format_datetime("2026-11-09T15:04:00+00:00", "nl") == "9 nov 2026, 16:04"
    assert format_number(1234.5, "nl", 1) == "1.234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_date(None) == "" and format_date("not a date") == "not a date"
    # a template's missing value (a profile without first/last post dates) is no date
    from jinja2 import Undefined

    assert format_date(Undefined()) == "" and format_datetime(Undefined()) == ""


def test_no_message_hides_where_babel_cannot_find_it() -> None:
    """Babel reads Python 3.11's f-string as one token, so ``f"{t('hours', lang)}"`` is never
    extracted and stays English on a Dutch page (the trend table's "percentage points" did);
    a loop variable called ``t`` (``t["name"]``) makes it extract rubbish. Neither may occur."""
    import io
    import re
    import tokenize

    from spiegel.i18n.catalogues import sources

    call = re.compile(r"""\b(?:t|tn|N_|L_)\(\s*[rbu]?["']""")
    found = []
    for path, method in sources():
        if method != "python":
            continue
        text = path.read_text("utf-8")
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if (
                token.type == tokenize.STRING
                and re.match(r"(?i)[rb]*f", token.string)
                and call.search(token.string)
            ):
                found.append(f"{path.name}:{token.start[0]}: a message inside an f-string")
        found += [
            f"{path.name}:{text[: m.start()].count(chr(10)) + 1}: 't' used as a variable"
            for m in re.finditer(r"\bfor t in\b|^\s*t = ", text, re.M)
        ]
    assert found == []


def test_a_change_is_written_in_the_readers_words_and_numbers() -> None:
    from spiegel.report.html import fmt_delta

    assert fmt_delta(-0.21, "share", "nl") == "-21 procentpunt"
    assert fmt_delta(-0.6, "hours", "nl") == "-0,6 uur"
    assert fmt_delta(-0.6, "hours", "en") == "-0.6 hours"
    assert fmt_delta(0.004, "share", "en") == "+0 percentage points"
    assert fmt_delta(-0.02, "hours", "nl") == "+0,0 uur"
