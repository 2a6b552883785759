from __future__ import annotations

import json
import random
import re
from importlib import resources

import pytest

from spiegel.errors import ConfigError
from spiegel.text import readability as rd

# Own examples: the same message in officialese and in plain Dutch (complex, plain).
DUTCH_PAIRS = [
    (
        "Teneinde uw aanvraag in behandeling te kunnen nemen, dient u middels het bijgevoegde formulier "
        "tevens een kopie van uw legitimatiebewijs te verstrekken.",
        "Stuur een kopie van uw paspoort of id-kaart mee. Dan kunnen we uw aanvraag behandelen.",
    ),
    (
        "Met betrekking tot de herinrichting van het plein, waarover de gemeenteraad reeds eerder "
        "besloot, wordt u hierbij geïnformeerd dat de werkzaamheden medio maart zullen aanvangen.",
        "In maart beginnen we met het nieuwe plein. De raad heeft dat al besloten.",
    ),
    (
        "Indien u niet in de gelegenheid bent om de bijeenkomst bij te wonen, verzoeken wij u dit "
        "voorafgaand aan de bijeenkomst kenbaar te maken.",
        "Kunt u niet komen? Laat het ons dan even weten.",
    ),
    (
        "Op grond van de vigerende verordening is het college derhalve niet bevoegd om een "
        "ontheffing te verlenen ten behoeve van de voorgenomen activiteit.",
        "Volgens de regels mag de gemeente hier geen uitzondering maken.",
    ),
    (
        "De afvalinzameling zal, in verband met de feestdagen, wederom op een afwijkend tijdstip "
        "plaatsvinden, hetgeen tevens geldt voor de inzameling van grofvuil.",
        "Door de feestdagen halen we het afval op een andere dag op. Dat geldt ook voor grofvuil.",
    ),
]


def test_flesch_formulas_match_hand_computed_values() -> None:
    # 10 words, 2 sentences, 15 syllables
    assert rd.flesch_douma(10, 2, 15) == pytest.approx(206.835 - 0.93 * 5 - 77 * 1.5)  # 86.685
    assert rd.flesch_douma(10, 2, 15) == pytest.approx(86.685)
    assert rd.flesch_reading_ease(10, 2, 15) == pytest.approx(74.86)


def test_dutch_counts_on_a_known_text() -> None:
    result, _ = rd.dutch_features("De kat zit op de mat. Hij slaapt bij de gemeente.")
    # words: de kat zit op de mat | hij slaapt bij de gemeente (ge-meen-te: 3 syllables)
    assert (result.words, result.sentences) == (11, 2)
    assert result.syllables_per_word == pytest.approx(13 / 11)
    assert result.flesch == pytest.approx(206.835 - 0.93 * 5.5 - 77 * 13 / 11)


def test_links_mentions_hashtags_and_abbreviations() -> None:
    result, _ = rd.dutch_features(
        "Zie o.a. https://example.nl/een-lange-link @iemand #Hashtag voor meer info."
    )
    assert result.sentences == 1
    assert result.words == 5  # zie o.a. voor meer info


@pytest.mark.parametrize(("complex_text", "plain_text"), DUTCH_PAIRS)
def test_plain_version_scores_easier(complex_text: str, plain_text: str) -> None:
    hard, easy = rd.assess(complex_text, "nl"), rd.assess(plain_text, "nl")
    assert hard.readability.difficulty is not None and easy.readability.difficulty is not None
    assert easy.readability.difficulty < hard.readability.difficulty
    assert easy.plain_score is not None and hard.plain_score is not None
    assert easy.plain_score > hard.plain_score
    assert easy.plain is True
    assert hard.plain is False
    assert rd.LEVELS.index(easy.readability.level) < rd.LEVELS.index(hard.readability.level)
    assert hard.readability.officialese >= 1


def test_pairwise_accuracy_counts_wins_ties_and_misses() -> None:
    assert rd.pairwise_accuracy(DUTCH_PAIRS) == 1.0
    assert rd.pairwise_accuracy([(s, c) for c, s in DUTCH_PAIRS]) == 0.0
    assert rd.pairwise_accuracy([(DUTCH_PAIRS[0][0], DUTCH_PAIRS[0][0])]) == 0.5
    assert rd.pairwise_accuracy([("", DUTCH_PAIRS[0][1])]) == 0.0
    with pytest.raises(ValueError, match="at least one"):
        rd.pairwise_accuracy([])


def test_english_flesch_and_plain() -> None:
    easy = rd.assess("We fixed the road. You can drive on it again.", "en")
    hard = rd.assess(
        "Notwithstanding the aforementioned considerations, the municipality's administrative "
        "apparatus necessitates comprehensive documentation prior to authorisation.",
        "en",
    )
    assert easy.readability.flesch is not None and hard.readability.flesch is not None
    assert easy.readability.flesch > 80 > 20 > hard.readability.flesch
    assert easy.plain is True and hard.plain is False
    assert (easy.readability.level, hard.readability.level) == ("A2", "C1")


@pytest.mark.parametrize("text", ["", "👍🎉🎉", "   \n  ", "https://example.nl @iemand"])
def test_no_words_gives_no_verdict(text: str) -> None:
    for code in ("nl", "en", "other"):
        result = rd.assess(text, code)
        assert result.readability.words == 0
        assert result.plain is None and result.plain_score is None
        assert result.readability.flesch is None


def test_other_language_has_counts_but_no_score() -> None:
    result = rd.assess("Guten Morgen zusammen. Wie geht es euch?", "other")
    assert (result.readability.words, result.readability.sentences) == (7, 2)
    assert result.readability.flesch is None and result.readability.level is None
    assert result.plain is None


def test_huge_text_is_assessed() -> None:
    text = "Dit is een gewone zin over de wijk. " * 3000  # about 100 KB
    result = rd.assess(text, "nl")
    assert result.readability.sentences == 3000
    assert result.plain is True


def test_shipped_model_is_plain_json_with_its_provenance() -> None:
    data = json.loads(resources.files("spiegel.text").joinpath("data/readability_nl.json").read_text("utf-8"))
    assert data["features"] == list(rd.FEATURES)
    assert len(data["weights"]) == len(rd.FEATURES)
    assert data["meta"]["heldout"]["n_pairs"] > 200
    assert data["cuts"] == sorted(data["cuts"])


def test_fast_path_equals_the_readable_features() -> None:
    model = rd.load_model()
    texts = [t for pair in DUTCH_PAIRS for t in pair] + [
        "Zie o.a. https://example.nl/x voor 12,5 % (of meer) van de kosten: bel ons.",
        "Dit is een gewone zin over de wijk. " * 40,
    ]
    for text in texts:
        result, feats = rd.dutch_features(text)
        fast = rd.assess(text, "nl").readability
        assert fast.difficulty == pytest.approx(model.difficulty(feats), abs=1e-6)
        assert (fast.words, fast.sentences, fast.officialese) == (
            result.words,
            result.sentences,
            result.officialese,
        )
        assert fast.syllables_per_word == pytest.approx(result.syllables_per_word)
        assert fast.flesch == pytest.approx(result.flesch)


def test_identical_texts_tie() -> None:
    text = DUTCH_PAIRS[1][0]
    assert rd.difficulty(text) == rd.difficulty(text)
    assert rd.difficulty(text) == rd.difficulty(text.upper())  # case does not matter


def test_long_text_is_not_harder_for_its_length() -> None:
    plain = "Dit is een gewone zin over de wijk. "
    short, long_ = rd.difficulty(plain * 2), rd.difficulty(plain * 3000)
    assert short is not None and long_ is not None
    assert long_ < short + 1.0
    officialese = "Teneinde de aanvraag te behandelen, dient u tevens het formulier te verstrekken. "
    hard = rd.assess(officialese * 1300, "nl")  # about 100 KB
    assert hard.plain is False and hard.readability.level in ("B2", "C1")


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("over", 2),
        ("gemeente", 3),
        ("geïnformeerd", 4),
        ("ideeën", 3),
        ("theater", 3),
        ("eeuw", 1),
        ("kat", 1),
    ],
)
def test_dutch_syllables(word: str, syllables: int) -> None:
    assert rd._syllables_nl(word) == syllables


def test_word_cache_is_bounded_and_gives_the_same_values(monkeypatch: pytest.MonkeyPatch) -> None:
    text = DUTCH_PAIRS[0][0]
    before = rd.difficulty(text)
    monkeypatch.setattr(rd, "WORD_CACHE_SIZE", 3)
    rd.clear_caches()
    assert rd.difficulty(text) == pytest.approx(before)
    assert len(rd._WORD_CACHE) <= 3
    rd.clear_caches()


def test_model_for_other_features_is_a_clear_error() -> None:
    data = json.loads(resources.files("spiegel.text").joinpath("data/readability_nl.json").read_text("utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ConfigError, match="other features") as info:
        rd.Model.from_json(data)
    assert info.value.fix and "calibrate" in info.value.fix


# The tokenisation of readability v2 as first written (before the speed-ups of the sentence and
# word patterns): the fast patterns must split every text the same way.
_V2_WORD = re.compile(
    r"[^\W\d_]+(?:['’-][^\W\d_]+)*(?:\.(?:[^\W\d_]\.)+)?|\d+(?:[.,]\d+)*",
    re.UNICODE,
)
_V2_SENTENCE_END = re.compile(
    r"(?:[!?…;:]+|(?=\.)"
    + "".join(rf"(?<!\b{a})" for a in sorted(rd._ABBREVIATIONS))
    + r"(?<!\b[^\W\d_u])\.+)(?!\d)|\n",
    re.UNICODE,
)
# Own fragments: words, officialese, abbreviations, numbers, times, links, emoji, odd letters.
_FRAGMENT_TEXT = (
    "de het een gemeente aanvraag teneinde derhalve wij we ons u wordt werd geïnformeerd "
    "gerealiseerd behandeling mogelijkheid ideeën theater radio bijeen eeuw zo'n auto's e-mail "
    "zuid-oost o.a. d.w.z. bijv. i.v.m. m.b.t. nr. ca. dhr. J. u. mevr. 12,5 3.5 12:30 2024 "
    "1.000.000 % (zie bijlage) [1] / ; : … ... ?! ! ? , - – https://example.nl/a-b www.test.nl "
    "@iemand #wijk 👍 café naïef ² ½ _x_ abc123 x2 Ⅻ ĳs straße omdat hoewel waarbij die dat of om "
    "te worden zijn is door middels ten behoeve van met betrekking tot in verband inzake "
    "verkeersregelinstallatie parkeervergunninghouders ALLEEN Gemeente 't ’s werkzaamheden "
    "plaatsvinden ingevolge onverwijld aanvangen activiteit"
)
_FRAGMENTS = (*_FRAGMENT_TEXT.split(), "\n", "\n\n", "  ")


def _varied_texts(n: int, seed: int = 11, fragments: tuple[str, ...] = _FRAGMENTS) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts = [
            rng.choice(fragments) + rng.choice((" ", " ", " ", "", ". ", ", "))
            for _ in range(rng.randint(0, 60))
        ]
        text = "".join(parts)
        texts.append(text.capitalize() if rng.random() < 0.3 else text)
    return texts


def test_fast_tokenisation_and_values_equal_the_reference_on_varied_texts() -> None:
    model = rd.load_model()
    ascii_only = tuple(f for f in _FRAGMENTS if f.isascii())
    texts = _varied_texts(300) + _varied_texts(200, seed=12, fragments=ascii_only)
    assert sum(t.isascii() for t in texts) >= 200  # the ASCII word pattern is covered too
    for text in texts:
        cleaned = rd._strip_links(text.lower())
        reference = [w for part in _V2_SENTENCE_END.split(cleaned) if (w := _V2_WORD.findall(part))]
        assert rd._split(text) == reference, text
        result, feats = rd.dutch_features(text)
        assessed = rd.assess(text, "nl")
        fast = assessed.readability
        assert fast.words == sum(map(len, reference))
        if not feats:
            assert fast.difficulty is None and assessed.plain is None
            continue
        assert fast.difficulty == pytest.approx(model.difficulty(feats), abs=1e-6), text
        for name in ("words", "sentences", "officialese"):
            assert getattr(fast, name) == getattr(result, name), (name, text)
        for name in (
            "syllables_per_word",
            "words_per_sentence",
            "flesch",
            "rare_word_share",
            "clauses_per_sentence",
            "long_word_share",
        ):
            assert getattr(fast, name) == pytest.approx(getattr(result, name), abs=1e-12), (name, text)
