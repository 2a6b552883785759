"""Language of a post: ``"nl"``, ``"en"`` or ``"other"``.

Detection uses ``lingua-language-detector`` (its models ship in the wheel, nothing is
downloaded), restricted to the languages spiegel's users actually meet, which keeps it fast and
stops rare languages from stealing short Dutch posts. Texts of :data:`SHORT_LETTERS` letters
or more go through lingua's low-accuracy mode (trigrams only; the first :data:`DETECT_CHARS`
characters); shorter ones through the high-accuracy mode, which is still cheap on a few words and
much better at them.

Before lingua, a cheap pre-filter looks at the function words of that same start of the text
(:data:`NL_WORDS`, :data:`EN_WORDS`, :data:`OTHER_WORDS`): a text with at least
:data:`CLEAR_HITS` function words of one language, making up at least :data:`CLEAR_SHARE` of its
words, and none of the other language or of the other languages, is that language without asking
lingua. Everything less clear still goes to lingua.

The platform's own language tag is used as follows (see :data:`TRUSTED_PLATFORMS`):

* X/Twitter computes ``lang`` with its own classifier, so a known tag is taken as is.
* Mastodon and Bluesky carry the tag the *client* sets (often the app's default), so it is only
  a fallback for texts too short or too ambiguous to detect.
* Texts with no letters left after removing links, mentions, emoji and numbers get the
  platform tag, or ``"other"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

__all__ = ["LANGUAGES", "TRUSTED_PLATFORMS", "clean_for_detection", "detect", "detect_many", "normalize_tag"]

#: The languages the detector chooses between. Adding one makes detection slower.
LANGUAGES: tuple[Language, ...] = (
    Language.DUTCH,
    Language.ENGLISH,
    Language.GERMAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.TURKISH,
    Language.ARABIC,
)

#: Platforms whose ``lang`` field comes from the platform's own detection, not from a client default.
TRUSTED_PLATFORMS: frozenset[str] = frozenset({"x"})

#: Below this many letters a text is not detected at all (platform tag or "other").
MIN_LETTERS = 3
#: Below this many letters a detection must be confident, else the platform tag is preferred.
SHORT_LETTERS = 20
#: Characters (after cleaning) that detection reads: the start of a long post suffices.
DETECT_CHARS = 80
#: Confidence needed for a short text when the platform gave no usable tag.
SHORT_CONFIDENCE = 0.3


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Frequent Dutch function words that are rare as words in English, German, French, Spanish, Turkish.
NL_WORDS: frozenset[str] = _wordset(
    """de het een en van dat niet zijn voor met op maar ook wel nog naar bij aan om dit deze
    wat hoe waarom waar wordt worden werd hebben heeft kan kunnen moet moeten zal zullen
    gaat gaan ga bent ik jij jullie wij ze zij hij hun haar mijn onze ons uw jouw zich
    geen meer veel heel echt goed nu dan omdat want tot uit tegen zonder tussen
    toch er daar zo nooit altijd iets niets alles iedereen weer even gewoon graag"""
)
#: Frequent English function words that are rare as words in Dutch.
EN_WORDS: frozenset[str] = _wordset(
    """the and to you that it for with this are have not be on my your they what will can
    just but from at about our all if do it's i'm don't there their would been has by an or
    when how who he she his them than get like out up were should could does did i im
    dont can't its you're we're they're these those which because any some very really"""
)
#: Frequent function words of the other languages lingua tells apart (German, French, Spanish,
#: Turkish): any of them sends the text to lingua.
OTHER_WORDS: frozenset[str] = _wordset(
    """und der das ist nicht ich es sie zu mit auf ein eine den dem sich auch wir ihr le la les
    est et des du une un pas sur dans pour qui ce vous nous il el los las que y por para con
    lo es una del se su ve bir bu için da ile ama çok"""
)
#: Function words a text needs of one language for the pre-filter to decide.
CLEAR_HITS = 3
#: Share of the words that must be function words of that language.
CLEAR_SHARE = 0.25

_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

_STRIP = re.compile(
    r"https?://\S+|www\.\S+|(?<!\w)[@#][\w.@-]+|[\d_]+",
    re.UNICODE,
)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CODES = {Language.DUTCH: "nl", Language.ENGLISH: "en"}


def normalize_tag(tag: str | None) -> str | None:
    """Map a platform language tag (``"nl"``, ``"nl-NL"``, ``"en_GB"``, ``"NLD"``) to
    ``"nl"``/``"en"``/``"other"``; ``None`` for a missing or undetermined tag (X's ``und``,
    ``zxx``, ``qme`` …)."""
    if not tag:
        return None
    base = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    if base in {"nl", "nld", "dut"}:
        return "nl"
    if base in {"en", "eng"}:
        return "en"
    if not base or base in {"und", "zxx", "qme", "qht", "qam", "qct", "qst", "art"} or base.startswith("q"):
        return None
    return "other"


def clean_for_detection(text: str) -> str:
    """The text without links, @mentions, #hashtags and numbers (they carry no language)."""
    return _STRIP.sub(" ", text)


@lru_cache(maxsize=1)
def _fast() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_low_accuracy_mode().build()


@lru_cache(maxsize=1)
def _accurate() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def _clear_case(text: str) -> str | None:
    """``"nl"``/``"en"`` when the function words leave no doubt, else ``None`` (ask lingua)."""
    words = _WORDS.findall(text.lower())
    nl = en = 0
    for w in words:
        if w in NL_WORDS:
            nl += 1
        elif w in EN_WORDS:
            en += 1
        elif w in OTHER_WORDS:
            return None
    if nl and en:
        return None
    hits = nl or en
    if hits < CLEAR_HITS or hits < CLEAR_SHARE * len(words):
        return None
    return "nl" if nl else "en"


def _code(language: Language | None) -> str:
    if language is None:
        return "other"
    return _CODES.get(language, "other")


def detect(text: str, platform_lang: str | None = None, platform: str | None = None) -> str:
    """The language of one text: ``"nl"``, ``"en"`` or ``"other"``.

    *platform_lang* is the post's own tag and *platform* the platform it came from (see the
    module docstring for when the tag is trusted).
    """
    hint = normalize_tag(platform_lang)
    if hint is not None and platform in TRUSTED_PLATFORMS:
        return hint
    cleaned = clean_for_detection(text)
    letters = len(_LETTER.findall(cleaned))
    if letters < MIN_LETTERS:
        return hint or "other"
    if letters >= SHORT_LETTERS:
        head = cleaned[:DETECT_CHARS]
        return _clear_case(head) or _code(_fast().detect_language_of(head))
    values = _accurate().compute_language_confidence_values(cleaned)
    if not values or values[0].value <= 0.0:
        return hint or "other"
    top = values[0]
    if hint is not None:
        # The client's tag wins unless the detector is sure of something else.
        return _code(top.language) if top.value >= 0.9 else hint
    return _code(top.language) if top.value >= SHORT_CONFIDENCE else "other"


def detect_many(
    texts: Sequence[str],
    platform_langs: Sequence[str | None] | None = None,
    platforms: Sequence[str | None] | None = None,
) -> list[str]:
    """:func:`detect` for a batch of texts (tags and platforms are parallel sequences or None)."""
    n = len(texts)
    tags: Sequence[str | None] = platform_langs if platform_langs is not None else [None] * n
    plats: Sequence[str | None] = platforms if platforms is not None else [None] * n
    if len(tags) != n or len(plats) != n:
        raise ValueError("detect_many(): texts, platform_langs and platforms differ in length")
    return [detect(t, tag, p) for t, tag, p in zip(texts, tags, plats, strict=True)]
