"""Small word lists the classifiers use as extra features, written for spiegel.

The lists are deliberately short and generic: they give the linear models a prior that carries over
to wording the training data did not contain (an insult the generated Dutch examples never used still
looks like an insult). The Dutch adjective polarities come from the pattern lexicon (PDDL) and are
shipped as ``models/pattern_nl_polarity.json`` by ``spiegel train``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
POLARITY_FILE = MODELS_DIR / "pattern_nl_polarity.json"

#: insults aimed at people (words that call someone something), Dutch and English
INSULTS: frozenset[str] = frozenset(
    [
        "idioot",
        "idioten",
        "debiel",
        "debielen",
        "mongool",
        "mongolen",
        "sukkel",
        "sukkels",
        "eikel",
        "eikels",
        "klootzak",
        "klootzakken",
        "lul",
        "lullen",
        "zak",
        "zakken",
        "hufter",
        "hufters",
        "tyfuslijer",
        "kankerlijer",
        "kankerhoer",
        "hoer",
        "hoeren",
        "slet",
        "sletten",
        "oen",
        "oenen",
        "randdebiel",
        "randdebielen",
        "imbeciel",
        "imbecielen",
        "zakkenvuller",
        "zakkenvullers",
        "leugenaar",
        "leugenaars",
        "oplichter",
        "oplichters",
        "boeven",
        "boef",
        "tokkie",
        "tokkies",
        "malloot",
        "mafkees",
        "mafkezen",
        "gek",
        "gekken",
        "dwaas",
        "dwazen",
        "stommeling",
        "stommelingen",
        "prutser",
        "prutsers",
        "klungel",
        "klungels",
        "achterlijk",
        "achterlijke",
        "kneus",
        "kneuzen",
        "schoft",
        "schoften",
        "tuig",
        "gespuis",
        "ongedierte",
        "parasiet",
        "parasieten",
        "ratten",
        "rat",
        "waardeloos",
        "waardeloze",
        "incompetent",
        "incompetente",
        "nitwit",
        "clown",
        "clowns",
        "apen",
        "aap",
        "varken",
        "varkens",
        "idiot",
        "idiots",
        "moron",
        "morons",
        "imbecile",
        "stupid",
        "dumb",
        "dumbass",
        "jerk",
        "jerks",
        "asshole",
        "assholes",
        "bastard",
        "bastards",
        "scum",
        "loser",
        "losers",
        "clowns",
        "pathetic",
        "liar",
        "liars",
        "crook",
        "crooks",
        "fool",
        "fools",
        "retard",
        "retarded",
        "bitch",
        "bitches",
        "whore",
        "slut",
        "twat",
        "cunt",
        "dickhead",
        "prick",
        "pig",
        "pigs",
        "rat",
        "rats",
        "trash",
        "garbage",
        "useless",
        "incompetent",
        "worthless",
        "parasite",
        "parasites",
        "snake",
        "snakes",
    ]
)

#: swear words and curses that may appear without any target
SWEARS: frozenset[str] = frozenset(
    [
        "kut",
        "kanker",
        "kolere",
        "tering",
        "tyfus",
        "godverdomme",
        "verdomme",
        "shit",
        "fuck",
        "fucking",
        "fck",
        "wtf",
        "jezus",
        "potverdorie",
        "klote",
        "kloten",
        "balen",
        "gvd",
        "kk",
        "kkr",
        "mierenneuker",
        "pokke",
        "pokken",
        "getver",
        "bah",
        "damn",
        "dammit",
        "shit",
        "shitty",
        "fuck",
        "fucking",
        "fucked",
        "crap",
        "hell",
        "goddamn",
        "wtf",
        "ffs",
        "omg",
        "bloody",
    ]
)

#: words that point at an addressee (second person) or a group
ADDRESS: frozenset[str] = frozenset(
    [
        "je",
        "jij",
        "jou",
        "jullie",
        "u",
        "uw",
        "jouw",
        "your",
        "you",
        "you're",
        "youre",
        "ur",
        "u",
        "r",
        "yall",
        "y'all",
    ]
)

#: question words that open an information question
QUESTION_OPENERS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        [
            "wie",
            "wat",
            "waar",
            "wanneer",
            "waarom",
            "hoe",
            "welke",
            "welk",
            "hoeveel",
            "hoelang",
            "waarmee",
            "waarvoor",
            "kan",
            "kun",
            "kunt",
            "kunnen",
            "mag",
            "mogen",
            "moet",
            "moeten",
            "is",
            "zijn",
            "heeft",
            "hebben",
            "hebt",
            "heb",
            "weet",
            "weten",
            "klopt",
            "gaat",
            "gaan",
            "wordt",
            "worden",
            "komt",
            "komen",
            "zou",
            "zouden",
            "wil",
            "wilt",
            "willen",
            "ben",
            "bent",
            "doe",
            "doen",
            "krijg",
            "krijgen",
        ]
    ),
    "en": frozenset(
        [
            "who",
            "what",
            "where",
            "when",
            "why",
            "how",
            "which",
            "whose",
            "whom",
            "can",
            "could",
            "is",
            "are",
            "am",
            "do",
            "does",
            "did",
            "will",
            "would",
            "should",
            "shall",
            "may",
            "might",
            "have",
            "has",
            "was",
            "were",
            "any",
            "anyone",
        ]
    ),
}

#: question words that can open any clause (not only the post)
WH_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        [
            "wie",
            "wat",
            "waar",
            "wanneer",
            "waarom",
            "hoe",
            "welke",
            "welk",
            "hoeveel",
            "hoelang",
            "hoezo",
            "waarmee",
            "waarvoor",
            "waarover",
            "waarop",
            "waaraan",
            "waardoor",
            "vanwaar",
        ]
    ),
    "en": frozenset(
        [
            "who",
            "what",
            "where",
            "when",
            "why",
            "how",
            "which",
            "whose",
            "whom",
            "what's",
            "where's",
            "who's",
            "how's",
        ]
    ),
}

#: verbs that open a yes/no question when a subject follows them ("do you", "kan ik")
QUESTION_AUX: dict[str, frozenset[str]] = {
    "nl": frozenset(
        [
            "kan",
            "kun",
            "kunt",
            "kunnen",
            "mag",
            "mogen",
            "moet",
            "moeten",
            "is",
            "zijn",
            "was",
            "waren",
            "heeft",
            "hebben",
            "hebt",
            "heb",
            "weet",
            "weten",
            "klopt",
            "gaat",
            "gaan",
            "wordt",
            "worden",
            "komt",
            "komen",
            "zou",
            "zouden",
            "wil",
            "wilt",
            "willen",
            "ben",
            "bent",
            "doe",
            "doet",
            "doen",
            "krijg",
            "krijgt",
            "krijgen",
            "staat",
            "ligt",
            "zit",
            # third-person and plural forms only: the bare stem ("kom", "bel") opens imperatives
            "zal",
            "zullen",
            "telt",
            "tellen",
            "geldt",
            "gelden",
            "valt",
            "vallen",
            "blijft",
            "blijven",
            "hoort",
            "horen",
            "werkt",
            "kost",
            "kosten",
            "duurt",
            "lukt",
            "hoeft",
            "hoeven",
            "vindt",
            "vinden",
            "bestaat",
            "heet",
            "zien",
            "ziet",
        ]
    ),
    "en": frozenset(
        [
            "do",
            "does",
            "did",
            "is",
            "are",
            "am",
            "was",
            "were",
            "can",
            "could",
            "will",
            "would",
            "should",
            "shall",
            "may",
            "might",
            "have",
            "has",
            "had",
            "don't",
            "doesn't",
            "didn't",
            "isn't",
            "aren't",
            "wasn't",
            "weren't",
            "can't",
            "couldn't",
            "won't",
            "wouldn't",
            "shouldn't",
            "haven't",
            "hasn't",
        ]
    ),
}

#: subjects that follow an inverted verb in a question ("is there", "has anyone", "heeft iemand")
QUESTION_SUBJECTS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        [
            "ik",
            "je",
            "jij",
            "u",
            "we",
            "wij",
            "jullie",
            "ze",
            "zij",
            "hij",
            "het",
            "er",
            "iemand",
            "men",
            "dit",
            "dat",
            "deze",
            "die",
            "de",
            "een",
            "mijn",
            "uw",
            "jouw",
            "iedereen",
        ]
    ),
    "en": frozenset(
        [
            "you",
            "u",
            "ya",
            "i",
            "we",
            "they",
            "he",
            "she",
            "it",
            "there",
            "anyone",
            "anybody",
            "someone",
            "somebody",
            "everyone",
            "anything",
            "this",
            "that",
            "these",
            "those",
            "the",
            "a",
            "an",
            "your",
            "my",
            "our",
            "their",
            "his",
            "her",
            "people",
            "y'all",
            "yall",
        ]
    ),
}

#: fixed phrases that ask for information without a question opener (regular expressions)
ASKING_PHRASES: dict[str, str] = {
    "nl": r"\b(?:weet iemand|wie weet (?:of|waar|wanneer|hoe|wat|wie|waarom|welke)|heeft iemand|"
    r"kent iemand|iemand een idee|iemand ervaring|vraag me af|"
    r"vroeg me af|vraag mij af|wil graag weten|wil ik graag weten|willen weten|ben benieuwd|"
    r"benieuwd of|vraagje|een vraag|laat (?:even )?weten|iemand die (?:weet|kan|mij|me|wil)|"
    r"(?:ff|even) (?:checken|vragen|polsen)|wie (?:wil|kan|heeft|kent) er|tips (?:zijn )?welkom|"
    r"hoor (?:ik )?graag|zoek (?:ik )?(?:iemand|mensen|inwoners|ouders))\b",
    "en": r"\b(?:any ?(?:one|body) (?:know|knows|have|got|seen|tried|else)|does any ?(?:one|body)|"
    r"has any ?(?:one|body)|can any ?(?:one|body)|can some ?(?:one|body)|could some ?(?:one|body)|"
    r"any (?:idea|ideas|tips|suggestions|recommendations|recs|advice|news|update)|"
    r"wonder(?:ing)? (?:if|whether|what|how|why|when|where|who)|i wonder|"
    r"(?:want|wanna|like|love|need) to know|curious (?:if|whether|what|how|why|about)|"
    r"(?:a|quick|one|my) question|question for|tell me (?:what|how|why|when|where|who|if)|"
    r"let me know|do you know|did you know|who knows (?:if|whether|where|when|how|what|who|why|which))\b",
}

#: request forms (asking someone to do something), kept apart from information questions
REQUEST_PHRASES: dict[str, str] = {
    "nl": r"\b(?:graag|alsjeblieft|alstublieft|aub|svp|kunt u|kun je|kan je|wilt u|wil je|zou u|zou je)\b",
    "en": r"\b(?:please|pls|plz|(?:can|could|would|will) (?:you|u|ya|someone|somebody)(?: please)?"
    r" (?!be\b)\w+)\b",
}

#: every phrase above contains one of these strings: a cheap test before the regular expression
PHRASE_HINTS: dict[str, dict[str, tuple[str, ...]]] = {
    "ask": {
        "nl": (
            "iemand",
            "vraag",
            "vroeg",
            "weet",
            "weten",
            "benieuwd",
            "ff ",
            "even ",
            "wie ",
            "tips",
            "graag",
            "zoek",
        ),
        "en": ("any", "some", "wonder", "know", "curious", "question", "tell"),
    },
    "request": {
        "nl": ("graag", "alsje", "alstu", "aub", "svp", "kunt", "kun je", "kan je", "wil", "zou"),
        "en": ("pl", "can ", "could ", "would ", "will "),
    },
    "tag": {"nl": ("?",), "en": ("?",)},
}

#: tag questions that seek agreement rather than information ("…, right?", "…, toch?")
TAG_QUESTION: dict[str, str] = {
    "nl": r"\b(?:toch|of niet|hè|he|niet dan|zeker)\s*\?",
    "en": r"\b(?:right|isn't it|aren't (?:you|they|we)|don't (?:you|they|we)|didn't (?:you|they)|"
    r"no|eh|huh|ok|okay|yeah|really)\s*\?",
}

#: markers of an explanation: a reason, a purpose, a consequence
EXPLAIN_MARKERS: frozenset[str] = frozenset(
    [
        "omdat",
        "daarom",
        "zodat",
        "want",
        "waardoor",
        "hierdoor",
        "daardoor",
        "doordat",
        "dus",
        "namelijk",
        "oftewel",
        "betekent",
        "reden",
        "redenen",
        "doel",
        "om",
        "bedoeld",
        "waarom",
        "hoe",
        "werkt",
        "uitleg",
        "toelichting",
        "because",
        "therefore",
        "so",
        "that",
        "reason",
        "why",
        "means",
        "meaning",
        "explains",
        "explain",
        "purpose",
        "hence",
    ]
)

#: first-person plural: the organisation speaking about itself
WE_WORDS: frozenset[str] = frozenset(["we", "wij", "ons", "onze", "our", "us", "we're", "we've", "we'll"])

#: a few polarity words for English (Dutch uses the pattern lexicon)
EN_POSITIVE: frozenset[str] = frozenset(
    [
        "good",
        "great",
        "nice",
        "thanks",
        "thank",
        "love",
        "lovely",
        "excellent",
        "awesome",
        "amazing",
        "happy",
        "glad",
        "wonderful",
        "fantastic",
        "perfect",
        "best",
        "beautiful",
        "helpful",
        "appreciate",
        "appreciated",
        "brilliant",
        "proud",
        "enjoy",
        "enjoyed",
        "congrats",
        "congratulations",
        "welcome",
        "fun",
        "cool",
        "super",
    ]
)
EN_NEGATIVE: frozenset[str] = frozenset(
    [
        "bad",
        "terrible",
        "awful",
        "worst",
        "horrible",
        "hate",
        "angry",
        "annoyed",
        "disappointed",
        "disappointing",
        "poor",
        "broken",
        "problem",
        "problems",
        "issue",
        "issues",
        "fail",
        "failed",
        "failure",
        "wrong",
        "sad",
        "unacceptable",
        "ridiculous",
        "rude",
        "slow",
        "never",
        "delay",
        "delayed",
        "late",
        "lost",
        "waiting",
        "useless",
        "nothing",
        "complaint",
        "disgusting",
        "shame",
        "sorry",
        "cancelled",
    ]
)
NL_POSITIVE_EXTRA: frozenset[str] = frozenset(
    [
        "bedankt",
        "dank",
        "dankjewel",
        "dankuwel",
        "top",
        "fijn",
        "super",
        "blij",
        "mooi",
        "mooie",
        "geweldig",
        "prachtig",
        "trots",
        "gefeliciteerd",
        "proficiat",
        "chapeau",
        "complimenten",
        "leuk",
        "leuke",
        "goed",
        "goede",
        "heerlijk",
    ]
)
NL_NEGATIVE_EXTRA: frozenset[str] = frozenset(
    [
        "helaas",
        "slecht",
        "slechte",
        "kapot",
        "stuk",
        "probleem",
        "problemen",
        "klacht",
        "boos",
        "teleurgesteld",
        "teleurstellend",
        "belachelijk",
        "schandalig",
        "schande",
        "nooit",
        "niks",
        "niets",
        "vertraging",
        "wachten",
        "lang",
        "zonde",
        "jammer",
        "balen",
        "onacceptabel",
        "storing",
        "overlast",
        "vies",
        "gevaarlijk",
        "erg",
        "ergerlijk",
    ]
)


@lru_cache(maxsize=1)
def nl_polarity() -> dict[str, float]:
    """Dutch word → polarity in [-1, 1] (pattern lexicon plus the extra lists above)."""
    table: dict[str, float] = {}
    if POLARITY_FILE.exists():
        table.update(json.loads(POLARITY_FILE.read_text(encoding="utf-8")))
    for word in NL_POSITIVE_EXTRA:
        table.setdefault(word, 0.6)
    for word in NL_NEGATIVE_EXTRA:
        table.setdefault(word, -0.6)
    return table


def build_pattern_polarity(tsv: Path) -> dict[str, float]:
    """Read the pattern ``nl-sentiment.tsv`` and return lower-cased word → mean polarity."""
    import csv

    sums: dict[str, list[float]] = {}
    with tsv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            form = (row.get("form") or "").strip().lower()
            try:
                value = float(row.get("polarity") or "")
            except ValueError:
                continue
            if form and " " not in form:
                sums.setdefault(form, []).append(value)
    return {w: round(sum(v) / len(v), 3) for w, v in sorted(sums.items()) if abs(sum(v) / len(v)) >= 0.1}


#: the GrofLex- and HADES-derived Dutch insult list (``training/build_insult_lexicon.py``)
INSULT_LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "insults_nl.json"


@lru_cache(maxsize=1)
def insult_lexicon() -> frozenset[str]:
    """Words that insult a person or a group: :data:`INSULTS` plus the GrofLex/HADES-derived list
    (derived from GPL-3.0 GrofLex, shipped under EUPL-1.2; see the model card)."""
    words = set(INSULTS)
    if INSULT_LEXICON_FILE.exists():
        words.update(json.loads(INSULT_LEXICON_FILE.read_text(encoding="utf-8"))["words"])
    return frozenset(words)


@lru_cache(maxsize=1)
def spelling_targets() -> frozenset[str]:
    """Words a disguised spelling is repaired to (insults and swear words): "k*nker", "1d10ot"."""
    return insult_lexicon() | SWEARS
