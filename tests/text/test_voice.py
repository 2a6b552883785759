from __future__ import annotations

import pytest

from spiegel.text import voice


@pytest.mark.parametrize(
    "text",
    [
        "Vandaag heb ik met bewoners over de speeltuin gepraat.",
        "Mijn eerste week bij het team zit erop, wat een fijne collega's.",
        "I spent the morning with residents talking about the new playground.",
        "Trots op ons team en op m'n collega's vandaag!",
    ],
)
def test_first_person_own_words_is_personal(text: str) -> None:
    assert voice.is_personal(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wij informeren u graag over de nieuwe regels voor afval.",  # organisational 'wij'
        "https://example.nl/nieuws/123 @collega #afval",  # link-only share
        "Lees dit: https://example.nl/ik",  # the 'ik' is inside a link
        "Ik!",  # too few own words
        "",
        "De vergadering begint om 10 uur in de raadszaal.",  # no first person
    ],
)
def test_not_personal(text: str) -> None:
    assert not voice.is_personal(text)


def test_boost_is_never_personal() -> None:
    assert not voice.is_personal("Vandaag heb ik met bewoners gepraat.", is_boost=True)


def test_own_words_drops_links_mentions_and_hashtags() -> None:
    assert voice.own_words("Zie @iemand en #tag op https://example.nl/x — Mooi!") == [
        "zie",
        "en",
        "op",
        "mooi",
    ]
