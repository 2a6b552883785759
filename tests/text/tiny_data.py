"""A tiny synthetic copy of every data set ``spiegel train`` and ``spiegel evaluate`` read: the public
sets in their real file formats under ``data/``, spiegel's own labelled posts under ``training/``.
All texts are made up here; nothing is copied from the real data sets."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

EN_COMPLAINTS = [
    "my parcel is late again and nobody answers the phone",
    "third time the train was cancelled this week, unacceptable",
    "still no refund after six weeks, what a joke",
    "the app crashes every time I try to pay",
    "waited an hour on hold and got cut off",
    "you charged me twice and support ignores me",
]
EN_OTHER = [
    "thanks for the quick help today",
    "what time does the shop open on sunday",
    "lovely weather for the market this morning",
    "new opening hours start next week",
    "great service at the counter, thank you",
    "is the parking garage open tonight",
]
NL_POS = ["Wat een mooie dag in het park!", "Fijn dat de bibliotheek weer open is.", "Goed geregeld, dank!"]
NL_NEG = ["Weer geen bus, waardeloos.", "Slecht geregeld bij de balie.", "Wat een ellende met de weg."]
NL_NEU = ["De vergadering begint om acht uur.", "Morgen wordt het afval opgehaald.", "Het loket is dicht."]

OWN = {
    "nl": [
        ("Wanneer wordt het groen afval opgehaald?", "question", "neutral"),
        ("Hoe vraag ik een parkeervergunning aan?", "question", "neutral"),
        ("Al drie weken ligt er een gat in de stoep, niemand doet iets.", "complaint", "negative"),
        ("De lantaarnpaal is weer kapot en jullie reageren niet.", "complaint", "negative"),
        ("Jij bent een waardeloze idioot.", "hostile", "negative"),
        ("Wat een sukkel ben jij.", "hostile", "negative"),
        ("Wij maaien de bermen later zodat bijen voedsel vinden.", "explanation", "neutral"),
        ("De gemeente doet dit omdat de wet het vraagt.", "explanation", "neutral"),
        ("Vacature: beleidsmedewerker (32 uur). Solliciteer via de link.", "template", "neutral"),
        ("Bekendmaking: omgevingsvergunning verleend voor Dorpsstraat 1.", "template", "neutral"),
        ("Mooie opening van het nieuwe zwembad vandaag!", None, "positive"),
        ("Het stadhuis is morgen gesloten.", None, "neutral"),
    ],
    "en": [
        ("When is the bin collection this week?", "question", "neutral"),
        ("How do I apply for a parking permit?", "question", "neutral"),
        ("The streetlight has been broken for a month and nobody came.", "complaint", "negative"),
        ("Still waiting for my refund, this is ridiculous.", "complaint", "negative"),
        ("You are a useless idiot.", "hostile", "negative"),
        ("What a pathetic clown you are.", "hostile", "negative"),
        ("We mow the verges later so that bees can feed.", "explanation", "neutral"),
        ("The council does this because the law requires it.", "explanation", "neutral"),
        ("Job opening: policy officer (32 hours). Apply via the link.", "template", "neutral"),
        ("Notice: permit granted for 1 High Street.", "template", "neutral"),
        ("Lovely opening of the new pool today!", None, "positive"),
        ("The town hall is closed tomorrow.", None, "neutral"),
    ],
}
SIGNALS = ("question", "complaint", "hostile", "explanation", "template")


def _variants(text: str, k: int, rng: random.Random) -> list[str]:
    tails = ["", " (update)", " #wijk", " @buurt", " vandaag", " today", " nu", " again", " 2", " ok"]
    return [text + rng.choice(tails) * (i % 2) + f" {i}" * (i > 0) for i in range(k)]


def own_rows(lang: str, k: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for text, signal, tone in OWN[lang]:
        for t in _variants(text, k, rng):
            labels = {s: int(s == signal) for s in SIGNALS}
            rows.append({"text": t, "lang": lang, "labels": labels, "tone": tone})
    rng.shuffle(rows)
    return rows


def write_training(root: Path, *, with_test: bool = True) -> Path:
    """``root/training/<lang>/*.jsonl``: the same file names as the repository's training folder
    (other than test.jsonl, which is written only when *with_test*), each with synthetic posts."""
    base = root / "training"
    for i, lang in enumerate(("nl", "en")):
        names = {p.name for p in (REPO / "training" / lang).glob("*.jsonl")} | {
            "generated.jsonl",
            "dev.jsonl",
            "heldout.jsonl",
        }
        names.discard("test.jsonl")
        if with_test:
            names.add("test.jsonl")
        (base / lang).mkdir(parents=True, exist_ok=True)
        for j, name in enumerate(sorted(names)):
            k = 6 if name == "generated.jsonl" else 2
            rows = own_rows(lang, k, seed=100 * i + j)
            (base / lang / name).write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
            )
    return base


def _write_csv(
    path: Path, rows: list[list[str]], header: list[str] | None = None, delimiter: str = ","
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        if header:
            w.writerow(header)
        w.writerows(rows)


def write_data(root: Path) -> Path:
    """``root/data``: tiny public data sets in their real formats."""
    data = root / "data"
    rng = random.Random(7)
    # Saha tweet acts: text,label
    saha = [
        [f"{t} {i}", "QUE" if "?" in t or t.startswith(("what", "is")) else "STM"]
        for i in range(4)
        for t in EN_OTHER + EN_COMPLAINTS
    ]
    _write_csv(data / "tweet_act_classification_saha2019" / "Dataset__TWEET_DATA.csv", saha)
    # Preoţiuc-Pietro complaints: id,text,label,domain
    complaints = []
    for i in range(5):
        for j, t in enumerate(EN_COMPLAINTS):
            complaints.append(
                [str(1000 + 20 * i + j), f"{t} {rng.choice(['', 'today', 'again'])} {i}", "1", "x"]
            )
        for j, t in enumerate(EN_OTHER):
            complaints.append(
                [str(5000 + 20 * i + j), f"{t} {rng.choice(['', 'today', 'please'])} {i}", "0", "x"]
            )
    _write_csv(data / "complaints_preotiuc2019" / "complaints-data.csv", complaints)
    # TweetEval offensive: one text / label file per split
    off = data / "tweeteval_offensive_hate_en"
    off.mkdir(parents=True, exist_ok=True)
    hostile = ["@user you are a stupid idiot", "@user shut up you clown", "@user what a moron"]
    for split, n in (("train", 4), ("val", 1), ("test", 2)):
        texts = [f"{t} {i}" for i in range(n) for t in hostile + EN_OTHER]
        labels = ["1" if any(t.startswith(h) for h in hostile) else "0" for t in texts]
        (off / f"datasets__offensive__{split}_text.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
        (off / f"datasets__offensive__{split}_labels.txt").write_text(
            "\n".join(labels) + "\n", encoding="utf-8"
        )
    # Zegelaar polarity: content,polarity
    zeg = data / "dutch_political_tweets_polarity_emotion_zegelaar"
    tone_rows = [
        [f"{t} {i}", p]
        for i in range(3)
        for p, ts in (("positive", NL_POS), ("negative", NL_NEG), ("neutral", NL_NEU))
        for t in ts
    ]
    _write_csv(zeg / "gold-polarity.csv", tone_rows, ["content", "polarity"])
    _write_csv(zeg / "test-data-polarity.csv", tone_rows[:9], ["content", "polarity"])
    # SemEval-2016 Dutch restaurants (tab-separated)
    sem = [
        [f"r{i}", f"r{i}:1", t, "", p]
        for i, (t, p) in enumerate([(NL_POS[0], "positive"), (NL_NEG[0], "negative"), (NL_NEU[0], "none")])
    ]
    _write_csv(
        data / "semeval2016_absa_dutch_restaurants" / "restaurants_dutch_training_sentences.tsv",
        sem,
        ["review_id", "sentence_id", "text", "opinions", "sentence_polarity_majority"],
        delimiter="\t",
    )
    # pattern nl-sentiment lexicon (tab-separated)
    lex = [
        ["0.7", "", "", w, "1.0", pol, "JJ", "", "0.5", ""]
        for w, pol in (("mooi", "0.8"), ("slecht", "-0.7"), ("fijn", "0.6"))
    ]
    _write_csv(
        data / "pattern_nl_sentiment_lexicon" / "nl-sentiment.tsv",
        lex,
        [
            "confidence",
            "cornetto_id",
            "cornetto_synset_id",
            "form",
            "intensity",
            "polarity",
            "pos",
            "sense",
            "subjectivity",
            "wordnet_id",
        ],
        delimiter="\t",
    )
    return data
