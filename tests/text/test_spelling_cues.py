"""Spelling repair before features, the insult pseudo-word, and the words behind a flag."""

from __future__ import annotations

import numpy as np
import pytest

from spiegel.text.classifiers import Classifiers, cues, features, load


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wat een 1d10ot", "wat een idioot"),
        ("k*nker zooi", "kanker zooi"),
        ("k**t weer", "kut weer"),
        ("jij bent een i d i o o t!", "jij bent een idioot!"),
        ("wat een idioooooot", "wat een idioot"),
        ("f*ck dit", "fuck dit"),
    ],
)
def test_disguised_insults_and_swears_are_repaired(text: str, expected: str) -> None:
    assert features.repair_spelling(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "bel 0800-1234 of kijk op de site",
        "b2b en 50km/u op de a4",
        "mail naar info@gemeente.nl",
        "ik ga u a b c",  # short spaced letters that spell no insult
        "3e kamer, 1e lezing, mp3s",
        "wat een mooooooie dag",  # stretched, but no insult: only shortened by normalize
    ],
)
def test_ordinary_text_is_not_rewritten(text: str) -> None:
    assert features.repair_spelling(text) == text


def test_an_insult_adds_the_pseudo_word_once_or_twice() -> None:
    assert features.normalize("Wat een oen").endswith(features.INSULT_TOKEN)
    assert features.normalize("oen, sukkel, idioot").count(features.INSULT_TOKEN) == 2
    assert features.INSULT_TOKEN not in features.normalize("Een mooie dag in het park")


def _linear(signal_weights: dict[int, float]) -> Classifiers:
    """A one-feature-at-a-time model: every binary row reads *signal_weights*."""
    from spiegel.text.classifiers import BINARY_SIGNALS, MODEL_LANGS, TONES

    rows = [f"{s}:{lang}" for s in BINARY_SIGNALS for lang in MODEL_LANGS]
    rows += [f"tone:{lang}:{t}" for lang in MODEL_LANGS for t in TONES]
    w = np.zeros((features.N_FEATURES, len(rows)), dtype=np.float32)
    for j, v in signal_weights.items():
        w[j, :] = v
    return Classifiers(w, np.zeros(len(rows)), rows, {r: 0.5 for r in rows if r.count(":") == 1}, {})


def test_cues_split_the_score_exactly_over_the_words() -> None:
    hasher = cues._word_hasher
    j = int(hasher.transform([["wethouder"]]).indices[0])
    clf = _linear({j: 5.0})
    parts = cues.contributions(clf, "De wethouder zegt nee", "nl", "hostile")
    raw = float(clf.decision(["De wethouder zegt nee"], ["nl"])[0, clf.rows.index("hostile:nl")])
    assert sum(parts.values()) == pytest.approx(raw, rel=1e-4)
    assert cues.top_cues(clf, "De wethouder zegt nee", "nl", "hostile") == ["wethouder"]
    explained = cues.cues_for(clf, ["De wethouder", "x"], ["nl", "nl"], "hostile", [True, False])
    assert explained == [["wethouder"], []]


def test_shipped_model_names_the_insult_of_a_hostile_post() -> None:
    clf = load()
    text = "Wethouder Jansen is een ongelooflijke idioot"
    assert clf.predict([text], ["nl"])["hostile_flag"][0]
    assert "idioot" in cues.top_cues(clf, text, "nl", "hostile")


@pytest.mark.parametrize(
    ("text", "stand_in"),
    [
        ("Ik vind hem geen clown.", features.NEGATED_TOKEN),
        ("Hij is niet een idioot", features.NEGATED_TOKEN),
        ("Geen tuig van de richel", features.NEGATED_TOKEN),
        ("Wie ouderen 'malloten' noemt, moet zich schamen.", features.QUOTED_TOKEN),
    ],
)
def test_negated_and_quoted_insults_do_not_weigh_as_insults(text: str, stand_in: str) -> None:
    norm = features.normalize(text)
    assert stand_in in norm and features.INSULT_TOKEN not in norm
    assert not {"clown", "idioot", "tuig", "malloten"} & set(norm.replace("'", " ").split())


def test_an_insult_beyond_the_negation_stays_an_insult() -> None:
    norm = features.normalize("Jij bent niet alleen een idioot")
    assert "idioot" in norm and features.INSULT_TOKEN in norm
    assert features.normalize("Dat is niet normaal") == "dat is niet normaal"


def test_a_pictograph_in_a_dutch_post_becomes_a_word_and_nothing_else_does() -> None:
    nl = features.normalize("Geweldig plan van Jansen 🤡🤮, © 20°C", "nl")
    assert nl.split() == ["geweldig", "plan", "van", "jansen", "xemo1f921x", "xemo1f92ex", ",", "©", "00°c"]
    # the English models were not trained with emoji words: their posts keep the symbols as they are
    assert features.normalize("Great plan from Jansen 🤡", "en") == "great plan from jansen 🤡"
    assert features.normalize("Geweldig plan 🤡") == "geweldig plan 🤡"  # default: not Dutch
    assert [features.emoji_of(w) for w in ("xemo1f921x", "xemo2764x", "xemox", "clown")] == [
        "🤡",
        "❤",
        None,
        None,
    ]
    # a post may spell such a word out itself: out of Unicode's range, a surrogate or a letter is
    # no emoji, and the cues of that post still work
    assert [features.emoji_of(w) for w in ("xemoffffffx", "xemod800x", "xemo61x")] == [None, None, None]
    clf = load()
    assert isinstance(cues.top_cues(clf, "Wat een xemoffffffx xemod800x 🤡", "nl", "hostile"), list)
    # the word hasher of the features sees the emoji word (it drops the bare symbol)
    rows = features.featurize(["Jansen 🤡", "Jansen"], ["nl", "nl"])[:, : features.WORD_FEATURES]
    assert rows[0].nnz > rows[1].nnz


def test_an_emoji_word_is_shown_as_its_emoji_among_the_cues() -> None:
    j = int(cues._word_hasher.transform([["xemo1f921x"]]).indices[0])
    clf = _linear({j: 4.0})
    assert cues.top_cues(clf, "Geweldig plan weer van burgemeester Jansen 🤡", "nl", "hostile") == ["🤡"]
    # an English post does not have the emoji word, so the same weight is never read
    assert cues.contributions(clf, "Great plan from mayor Jansen 🤡", "en", "hostile").get("🤡", 0.0) == 0.0


def test_shipped_model_flags_derision_by_clown_emoji_and_names_it() -> None:
    clf = load()
    text = "Geweldig plan weer van wethouder De Vries 🤡"
    assert clf.predict([text], ["nl"])["hostile_flag"][0]
    assert "🤡" in cues.top_cues(clf, text, "nl", "hostile")
    assert not clf.predict(["Geweldig plan weer van wethouder De Vries"], ["nl"])["hostile_flag"][0]
