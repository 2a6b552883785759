"""Build a Dutch insult word list (words that call a person something) from GrofLex, for the insult
cue of the classifiers (:mod:`spiegel.text.classifiers.lexicons`).

    python training/build_insult_lexicon.py --out src/spiegel/text/data/insults_nl.json

Status (issue #11): shipped as ``src/spiegel/text/data/insults_nl.json``, read by the spelling repair
and the insult pseudo-token of :mod:`spiegel.text.classifiers.features` (a cue learned from real
external posts, not the hand-written ones). Session 2 (measured, then): not shipped. Added to the insult cue, the 838 words lowered the
hostile F1 of a Dutch model trained on the generated posts and scored on the 786 hand-written posts
it never saw (0.895 -> 0.828, threshold chosen by CV as always); used as slot values for the
generated insult posts it changed nothing (0.896 -> 0.894). The trained weight of the insult-count
cue is negative (the word n-grams already carry the insults), so a longer list only adds noise.
The script stays so the experiment can be rerun when the features change; if the list is ever
shipped, put it in ``src/spiegel/text/data/`` under GPL-3.0 with the attribution below.

Source: GrofLex (the Dutch offensive-word lexicon of the DALC project, Caselli et al., GPL-3.0),
``dalc_repo_groflex_politicians/GROF_LEX__groflex.tsv``. The JSON file is a derived word list and
keeps GrofLex's licence (GPL-3.0) and attribution in its ``_about`` block.

Selection, so that the cue stays a cue for *insults* and not for topics or identities:

* only the categories of words that insult a person's behaviour, mind, body, character, or use
  curses and genitals (DER, COG, MOR, MGE, DIS, PRS, PHY, PRO, SOC, PLA, FGE);
* slurs about ethnicity, religion, sexuality or origin (ETH, REL, SEX, LOC) only when they are rare
  words (Zipf < 2.6 in ``wordfreq``): coined slurs, not the plain names of groups;
* animals (ANI) only when they are rare words (Zipf < 3.0): "uilskuiken" yes, "koe" and "hond" no;
* in every category, words that are common in ordinary Dutch (Zipf ≥ 3.8: "dom", "lelijk", "kut")
  and words whose everyday meaning is not an insult (:data:`NEUTRAL_SENSE`) are left out;
* only nouns (adjectives such as "arrogant" describe policies as often as people), and no abstract
  nouns ("lafheid");
* plural forms are added only when ``wordfreq`` knows them as Dutch words.

Deterministic: the same input gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from pathlib import Path

from wordfreq import zipf_frequency

REPO = Path(__file__).resolve().parents[1]
GROFLEX = Path("dalc_repo_groflex_politicians") / "GROF_LEX__groflex.tsv"

PERSON_CATEGORIES = frozenset(["DER", "COG", "MOR", "MGE", "DIS", "PRS", "PHY", "PRO", "SOC", "PLA", "FGE"])
IDENTITY_CATEGORIES = frozenset(["ETH", "REL", "SEX", "LOC"])
IDENTITY_MAX_ZIPF = 2.6
ANIMAL_MAX_ZIPF = 3.0
COMMON_ZIPF = 3.8

#: GrofLex words whose everyday sense in posts about organisations is not an insult
NEUTRAL_SENSE = frozenset(
    [
        # nouns for abstract qualities, not for a person
        "arrogantie",
        "ijdelheid",
        "egoïsme",
        "eigendunk",
        "idiotie",
        "achterlijkheid",
        "verwaandheid",
        "zelfzucht",
        "zelfingenomenheid",
        "hooghartigheid",
        "eigenwaan",
        "egotisme",
        "zelfzuchtigheid",
        "retardatie",
        "dweperij",
        "misslag",
        "stommelen",
        # literal words (physical conditions, social positions, trades, fruit)
        "kreupel",
        "kreupele",
        "mank",
        "manke",
        "schriel",
        "bedelaar",
        "bedelman",
        "pauper",
        "landloper",
        "grondwerker",
        "boodschappenjongen",
        "souteneur",
        "pooier",
        "druif",
        "snijboon",
        "schamel",
        "burgerman",
        "zondaar",
        "duivel",
        "verduiveld",
        "stakingsbreker",
        "rover",
        "struikrover",
        "bandiet",
        "chanteur",
        "verrader",
        "verklikker",
        "klikker",
        "barbaars",
        "kalle",
        "bikker",
        "cocotte",
        "del",
        "dief",
        "dievegge",
        "afperser",
        "afpersers",
        "folteraar",
        "folteraars",
        "agitator",
        "agitatoren",
        "klager",
        "klagers",
        "wegpiraat",
        "wegpiraten",
        "nerd",
        "nerds",
        "boekenwurm",
        "boekenwurmen",
        "groentje",
        "groentjes",
        "feut",
        "feuten",
        "kwajongen",
        "kwajongens",
        "bengel",
        "bengels",
        "haantje",
        "haantjes",
        "gansje",
        "gansjes",
        "bloedhond",
        "bloedhonden",
        "bosjesman",
        "bosjesmannen",
        "koelie",
        "koelies",
        "champetter",
        "broekje",
        "broekjes",
        "knor",
        "onderdeur",
        "schijthuis",
        "uitkeringstrekker",
        "uitkeringstrekkers",
        "steuntrekker",
        "steuntrekkers",
        "tippelaarster",
        "tippelaarsters",
        "straatprostituee",
        "straatprostituees",
        "trottoirprostituee",
        "nieuwsgierigaard",
        "gesmoes",
        "baälsdienst",
        # generated "plurals" that are other words (verbs, "fatsoen")
        "fatsoen",
        "etteren",
        "klieren",
        "knorren",
        "jengelen",
        "klungelen",
        "lummelen",
        "lanterfanten",
        "bengelen",
        "kwebbelen",
        "hannesen",
        "hannessen",
        "vergallen",
        "zeveren",
        "zemelen",
        "zaniken",
        "pocheren",
    ]
)

#: endings of abstract nouns (a quality, not a person): "lafheid", "debiliteit", "idiotisme"
ABSTRACT_ENDINGS = ("heid", "iteit", "isme", "gie", "tie", "rie")

_WORD = re.compile(r"^[a-zà-ÿ]+$")


def data_dir() -> Path:
    env = os.environ.get("SPIEGEL_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def _keep(lemma: str, category: str) -> bool:
    if not _WORD.match(lemma) or lemma in NEUTRAL_SENSE or lemma.endswith(ABSTRACT_ENDINGS):
        return False
    z = zipf_frequency(lemma, "nl")
    if z >= COMMON_ZIPF:
        return False
    if category in IDENTITY_CATEGORIES:
        return z < IDENTITY_MAX_ZIPF
    if category == "ANI":
        return z < ANIMAL_MAX_ZIPF
    return category in PERSON_CATEGORIES


def _forms(lemma: str, pos: str) -> set[str]:
    """The lemma plus the plural / inflected forms wordfreq knows as Dutch words."""
    candidates = {lemma}
    if pos == "ADJ":
        candidates |= {lemma + "e", lemma + "en"}
    else:
        candidates |= {lemma + "s", lemma + "en", lemma + "'s", lemma + lemma[-1] + "en"}
        if lemma.endswith("aar") or lemma.endswith("eer"):
            candidates.add(lemma + "s")
        if len(lemma) > 3 and lemma[-2] == lemma[-3] and lemma[-2] in "aeou":  # schaap -> schapen
            candidates.add(lemma[:-2] + lemma[-1] + "en")
        if lemma.endswith("f"):
            candidates.add(lemma[:-1] + "ven")
        if lemma.endswith("s"):
            candidates.add(lemma[:-1] + "zen")
    return {
        w
        for w in candidates
        if w == lemma or (0 < zipf_frequency(w, "nl") < COMMON_ZIPF and w not in NEUTRAL_SENSE)
    }


#: hand-picked from the HADES Dutch racism dictionary (``hades_dutch_racism_dictionary/cleaned.csv``):
#: only words that insult a person or a group; the dictionary's everyday words (coffee, sand, tea
#: towels, place names) are left out
HADES_WORDS = (
    "nikker", "nikkers", "bleekscheet", "bleekscheten", "geitenneuker", "geitenneukers",
    "kutmarokkaan", "kutmarokkanen", "kaaskop", "kaaskoppen", "kopvod", "kopvodden", "haatbaard",
    "haatbaarden", "tapijtenduiker", "tapijtenduikers", "zandfretter", "zandfretters", "untermensch",
    "untermenschen", "kankerhoer", "manwijf", "slet", "sletten", "sloerie", "snol", "zwartrok",
    "haatzaaier", "landverrader", "jodenhater",
)  # fmt: skip


def build(data: Path) -> dict[str, object]:
    path = data / GROFLEX
    if not path.exists():
        raise SystemExit(f"GrofLex not found at {path}; set SPIEGEL_DATA to the shared data folder")
    words: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            lemma = (row.get("lemma") or "").strip().lower()
            category = (row.get("category") or "").strip()
            pos = (row.get("pos") or "").strip()
            # adjectives ("arrogant", "stompzinnig") describe policies as often as people: left out
            if pos == "NOUN" and _keep(lemma, category):
                words |= _forms(lemma, pos)
    return {
        "_about": {
            "what": "Dutch words that insult a person, for spiegel's insult cue (a feature, not a verdict)",
            "source": "GrofLex, DALC project (Caselli et al.), https://github.com/tommasoc80/DALC, "
            "commit e13f016a6f042cd8737249b2814f2a86cef70678, GROF_LEX/groflex.tsv",
            "hades": "hand-picked slurs and insults from the HADES Dutch racism dictionary (cleaned.csv), "
            "../shared/data/hades_dutch_racism_dictionary; only words that insult a person or group, "
            "not the everyday words the dictionary also lists",
            "licence": "derived word list of GrofLex (GPL-3.0) and HADES; shipped under the project's "
            "EUPL-1.2, whose appendix names GPL-3.0 as a compatible licence (see docs/model-card.md)",
            "made_by": "training/build_insult_lexicon.py (GrofLex part) plus the HADES words listed in "
            "that script",
        },
        "words": sorted(words | set(HADES_WORDS)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON word list")
    args = parser.parse_args(argv)
    lexicon = build(data_dir())
    args.out.write_text(json.dumps(lexicon, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lexicon['words'])} words", file=sys.stderr)


if __name__ == "__main__":
    main()
