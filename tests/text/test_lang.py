from __future__ import annotations

import pytest

from spiegel.text import lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Goedemorgen allemaal, vandaag praten we in de raad over de nieuwe fietspaden in de wijk.", "nl"),
        ("Good morning everyone, today the council discusses the new cycle paths in our area.", "en"),
        ("Guten Morgen zusammen, heute spricht der Rat über die neuen Radwege in unserem Viertel.", "other"),
        ("Bonjour à tous, aujourd'hui le conseil parle des nouvelles pistes cyclables du quartier.", "other"),
        ("Graag gedaan, fijne dag nog!", "nl"),
    ],
)
def test_detects_dutch_english_and_other(text: str, expected: str) -> None:
    assert lang.detect(text) == expected


def test_long_text_uses_fast_mode_and_still_detects() -> None:
    text = "De gemeente legt volgende week nieuwe fietspaden aan langs de rivier en het park. " * 4
    assert len(text) > lang.DETECT_CHARS
    assert lang.detect(text) == "nl"


@pytest.mark.parametrize("text", ["", "👍🎉", "ok", "12:30", "https://example.nl/a @iemand #tag"])
def test_too_short_falls_back_to_platform_tag_or_other(text: str) -> None:
    assert lang.detect(text) == "other"
    assert lang.detect(text, platform_lang="nl") == "nl"
    assert lang.detect(text, platform_lang="en-GB") == "en"


def test_short_text_prefers_client_tag_unless_detector_is_sure() -> None:
    # "Bedankt!" is ambiguous between Dutch and German for the detector; the client said Dutch.
    assert lang.detect("Bedankt!", platform_lang="nl", platform="mastodon") == "nl"


def test_trusted_platform_tag_wins() -> None:
    english = "Good morning everyone, today the council discusses the new cycle paths."
    assert lang.detect(english, platform_lang="nl", platform="x") == "nl"
    # an untrusted (client-set) tag does not override a clear detection
    assert lang.detect(english, platform_lang="nl", platform="mastodon") == "en"
    # X's "undetermined" tag is not a language: detection decides
    assert lang.detect(english, platform_lang="und", platform="x") == "en"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("nl", "nl"),
        ("nl-BE", "nl"),
        ("NLD", "nl"),
        ("en_US", "en"),
        ("de", "other"),
        ("und", None),
        ("qme", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_tag(tag: str | None, expected: str | None) -> None:
    assert lang.normalize_tag(tag) == expected


def test_detect_many_checks_lengths() -> None:
    assert lang.detect_many(["Dit is een gewone Nederlandse zin over het weer.", ""], ["nl", "en"]) == [
        "nl",
        "en",
    ]
    with pytest.raises(ValueError, match="differ in length"):
        lang.detect_many(["a", "b"], ["nl"])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Are all you liberals idiots? Some of them are not, but they should know better.", "en"),
        ("Ik heb het aangevraagd maar er is nog niets gebeurd met de aanvraag van mijn buurman.", "nl"),
        ("Der Bus ist heute wieder nicht gekommen und ich warte schon seit einer Stunde.", "other"),
    ],
)
def test_function_word_prefilter_agrees_with_lingua(text: str, expected: str) -> None:
    assert lang.detect(text) == expected
