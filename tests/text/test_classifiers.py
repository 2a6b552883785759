"""The shipped text classifiers: loading without pickle or network, the predict() contract, and
clear and hard Dutch and English examples (written for these tests, not taken from any data set)."""

from __future__ import annotations

import json
import socket
import zipfile

import numpy as np
import pytest

from spiegel.text.classifiers import (
    BINARY_SIGNALS,
    MODELS_DIR,
    SIGNALS,
    TONES,
    Classifiers,
    ModelFileError,
    clear_cache,
    load,
    load_from,
)


@pytest.fixture(scope="module")
def clf() -> Classifiers:
    return load()


def flags(clf: Classifiers, signal: str, texts: list[str], lang: str) -> list[bool]:
    out = clf.predict(texts, [lang] * len(texts))
    return [bool(v) for v in out[f"{signal}_flag"]]


def test_model_files_are_plain_arrays_and_json() -> None:
    npz = MODELS_DIR / "classifiers.npz"
    with zipfile.ZipFile(npz) as zf:
        names = sorted(zf.namelist())
    assert names == ["bias.npy", "weights.npy"]
    with np.load(npz, allow_pickle=False) as arrays:  # raises if an object array were inside
        assert arrays["weights"].dtype == np.float16
    meta = json.loads((MODELS_DIR / "classifiers.json").read_text(encoding="utf-8"))
    assert set(meta["thresholds"]) == {f"{s}:{lang}" for s in BINARY_SIGNALS for lang in ("nl", "en")}


def test_load_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the classifiers tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    clear_cache()
    out = load().predict(["Waar kan ik mijn paspoort ophalen?"], ["nl"])
    assert out["question_flag"][0]


def test_missing_model_files_give_a_clear_error(tmp_path) -> None:
    with pytest.raises(ModelFileError, match="spiegel train"):
        load_from(tmp_path)


def test_predict_contract(clf: Classifiers) -> None:
    texts = ["Wanneer gaat het zwembad open?", "Thanks, great work!", "Bonjour à tous"]
    out = clf.predict(texts, ["nl", "en", "other"])
    assert SIGNALS[-1] == "tone"
    for s in BINARY_SIGNALS:
        assert out[s].shape == (3,) and out[s].dtype == np.float64
        assert ((out[s] >= 0) & (out[s] <= 1)).all()
        assert out[f"{s}_flag"].dtype == bool
    assert set(out["tone"]) <= set(TONES)
    assert ((out["tone_score"] >= 1 / 3) & (out["tone_score"] <= 1)).all()
    assert ((out["tone_polarity"] >= -1) & (out["tone_polarity"] <= 1)).all()
    empty = clf.predict([], [])
    assert empty["question"].shape == (0,) and empty["tone"].shape == (0,)


def test_predict_rejects_mismatched_lengths(clf: Classifiers) -> None:
    with pytest.raises(ValueError, match="differ in length"):
        clf.predict(["a", "b"], ["nl"])


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀🎉", "x" * 100_000, "kapot \ud800 stuk", "\x00\x01", "?" * 50, "https://example.org/a"],
)
def test_odd_input_gives_a_result(clf: Classifiers, text: str) -> None:
    out = clf.predict([text], ["nl"])
    for s in BINARY_SIGNALS:
        assert 0.0 <= float(out[s][0]) <= 1.0
    assert out["tone"][0] in TONES


def test_scores_are_batch_independent(clf: Classifiers) -> None:
    texts = ["Waarom is de brug dicht?", "Wat een stelletje idioten daar.", "Mooie dag vandaag!"]
    together = clf.predict(texts, ["nl"] * 3)
    alone = [clf.predict([t], ["nl"]) for t in texts]
    for s in BINARY_SIGNALS:
        assert np.allclose(together[s], [a[s][0] for a in alone])


# --- questions ------------------------------------------------------------------------------------

NL_QUESTIONS = [
    "Hoe laat gaat de milieustraat zaterdag open?",
    "Kan ik mijn rijbewijs ook in een andere gemeente verlengen?",
    "Weet iemand bij wie ik moet zijn voor een losliggende stoeptegel?",
    "Ik zou graag willen weten of de kinderopvangtoeslag ook voor oppas-opa's geldt.",
]
NL_NOT_QUESTIONS = [
    "Morgen is het stadhuis gesloten.",
    "We hebben je melding doorgezet naar de buitendienst.",
    "Hoe moeilijk kan het zijn om gewoon een vuilnisbak te legen? Echt niet normaal.",  # rhetorical
    "Lekker gefietst langs de rivier vanochtend.",
]
EN_QUESTIONS = [
    "What time does the recycling centre open on Saturday?",
    "Can I renew my driving licence online?",
    "Does anyone know who fixes broken street lights round here?",
]
EN_NOT_QUESTIONS = [
    "The town hall is closed tomorrow.",
    "We've passed your report on to the maintenance team.",
    "Lovely walk along the river this morning.",
]


def test_question_clear_cases(clf: Classifiers) -> None:
    assert flags(clf, "question", NL_QUESTIONS, "nl") == [True] * len(NL_QUESTIONS)
    assert flags(clf, "question", EN_QUESTIONS, "en") == [True] * len(EN_QUESTIONS)
    assert flags(clf, "question", EN_NOT_QUESTIONS, "en") == [False] * len(EN_NOT_QUESTIONS)


def test_question_hard_cases_dutch(clf: Classifiers) -> None:
    # includes a rhetorical question that asks for no answer
    assert flags(clf, "question", NL_NOT_QUESTIONS, "nl") == [False] * len(NL_NOT_QUESTIONS)


EN_HARD_QUESTIONS = [
    "Does anyone know if the tip is open on bank holidays",  # no question mark
    "I was wondering whether the parking permit covers weekends.",  # indirect
    "Quick question: do I need to book the recycling centre in advance",
    "RT @neighbour: Has anyone else had no water since this morning?",  # opener after RT + mention
    "Just moved here. Which GP surgeries are taking new patients?",  # wh-word in a later clause
    "Is there a charge for replacing a lost bus pass? https://example.org/pass",  # '?' before a link
]
EN_HARD_NOT_QUESTIONS = [
    "Why we are changing the collection days: https://example.org/news",  # headline
    "Please remember to put your bins out by 7am.",  # a request, not a question
    "What a fantastic turnout at the park clean-up today!",  # exclamation
    "How dare they close the library again. Shameful.",
    "She asked me where the station was and I had no idea.",  # reported question
    "Seriously?! Third time this month the bus has not shown up.",
]


def test_question_hard_cases_english(clf: Classifiers) -> None:
    assert flags(clf, "question", EN_HARD_QUESTIONS, "en") == [True] * len(EN_HARD_QUESTIONS)
    assert flags(clf, "question", EN_HARD_NOT_QUESTIONS, "en") == [False] * len(EN_HARD_NOT_QUESTIONS)


# --- complaints -----------------------------------------------------------------------------------


def test_complaint_clear_and_hard_dutch(clf: Classifiers) -> None:
    complaints = [
        "Al vijf weken brandt de lantaarn voor ons huis niet en niemand komt kijken.",
        "Geweldig hoor, voor de vierde keer mijn afspraak kwijt. Top service.",  # sarcasm
        "Ik vind dit besluit slecht doordacht: het kost veel en lost niets op.",  # sharp but civil
    ]
    not_complaints = [
        "Dank je wel voor de snelle hulp vandaag!",
        "Vanavond is de inloopavond over het nieuwe park, iedereen welkom.",
    ]
    assert flags(clf, "complaint", complaints, "nl") == [True] * 3
    assert flags(clf, "complaint", not_complaints, "nl") == [False] * 2


def test_complaint_english(clf: Classifiers) -> None:
    complaints = [
        "@BigBank my card has been blocked for a week and nobody answers the phone",
        "Third delivery this month that never showed up. Really poor service @ParcelCo",
    ]
    not_complaints = ["@BigBank thanks for sorting that out so quickly!", "Happy new year everyone"]
    assert flags(clf, "complaint", complaints, "en") == [True, True]
    assert flags(clf, "complaint", not_complaints, "en") == [False, False]


# --- hostility ------------------------------------------------------------------------------------


def test_hostile_dutch_clear_and_hard(clf: Classifiers) -> None:
    hostile = [
        "Wat een stel achterlijke idioten zitten er in die raad.",
        "Jij bent een vuile leugenaar, wethouder.",
        "Hou je bek, sukkel.",
    ]
    civil = [
        "Ik ben het hartgrondig oneens met de wethouder: dit plan is slecht onderbouwd.",  # sharp, civil
        "Kut, band lek en het regent ook nog.",  # swearing without a target
        "Mooie opening van het nieuwe buurthuis vandaag.",
    ]
    assert flags(clf, "hostile", hostile, "nl") == [True] * 3
    assert flags(clf, "hostile", civil, "nl") == [False] * 3


@pytest.mark.xfail(
    strict=True,
    reason="v2 (trained on real posts first) flags a quoted two-word insult the author condemns; "
    "v1 did not. The stand-in for quoted insults covers one quoted word only.",
)
def test_hostile_dutch_quoted_two_word_insult_condemned(clf: Classifiers) -> None:
    text = "Iemand noemde onze boa een 'vuile rat'. Dat accepteren we niet."
    assert flags(clf, "hostile", [text], "nl") == [False]


def test_hostile_english(clf: Classifiers) -> None:
    hostile = ["You are a pathetic liar and a total idiot", "shut up you stupid moron"]
    civil = [
        "I strongly disagree with the councillor; the plan is badly argued.",
        "Damn, missed my train again.",
        "Thanks for the update, see you tomorrow",
    ]
    assert flags(clf, "hostile", hostile, "en") == [True, True]
    assert flags(clf, "hostile", civil, "en") == [False, False, False]


# --- explanations and templates ------------------------------------------------------------------


def test_explanation(clf: Classifiers) -> None:
    nl = [
        "We snoeien de bomen in de laan nu, omdat de takken anders in de winter afbreken. "
        "Zo blijft het pad veilig.",
        "Waarom gaat de parkeerbelasting omhoog? De kosten van handhaving zijn gestegen "
        "en die moeten we dekken.",
    ]
    nl_not = ["Het stadhuis is morgen dicht.", "Wanneer wordt mijn container geleegd?"]
    assert flags(clf, "explanation", nl, "nl") == [True, True]
    assert flags(clf, "explanation", nl_not, "nl") == [False, False]
    en = ["We close the bridge at night because the deck needs repairs, so it stays safe for traffic."]
    assert flags(clf, "explanation", en, "en") == [True]
    assert flags(clf, "explanation", ["The bridge is closed tonight."], "en") == [False]


def test_template(clf: Classifiers) -> None:
    nl = [
        "Nieuwe vacature: Beleidsadviseur mobiliteit (36 uur). Reageer voor 12 maart via https://werkenbij.example.nl/v/881",
        "Storing: uitval straatverlichting Parkwijk. Status: opgelost. https://meldingen.example.nl/41",
    ]
    nl_human = [
        "Wat fijn dat de speeltuin eindelijk open is, mijn kinderen zijn dolblij.",
        "Goed stuk van mijn collega over de nieuwe fietsroute, lees het even: https://example.nl/fiets",
    ]
    assert flags(clf, "template", nl, "nl") == [True, True]
    assert flags(clf, "template", nl_human, "nl") == [False, False]


# --- tone -----------------------------------------------------------------------------------------


def test_tone(clf: Classifiers) -> None:
    texts = [
        "Wat een prachtige nieuwe bibliotheek, echt blij mee!",
        "Dit is een schandalig slecht besluit, ik ben woedend.",
        "De raad vergadert donderdag om 19.30 uur.",
    ]
    out = clf.predict(texts, ["nl"] * 3)
    assert list(out["tone"]) == ["positive", "negative", "neutral"]
    assert out["tone_polarity"][0] > 0 > out["tone_polarity"][1]


@pytest.mark.parametrize(
    "texts",
    [
        ["Waarom staat de Molenstraat weer vast?", "", "   dubbele  spaties\tén tabs  "],
        ["🙂🙂🙂", "a", "x" * 500, "Heel\nveel\nregels\n\n"],
        ["Are all you liberals idiots?", "hé, ça va? ñandú", "onbegrijpelijk!!!"],
    ],
)
def test_cached_char_ngrams_equal_the_hashing_vectorizer(texts):
    from spiegel.text.classifiers import features

    norms = [features.normalize(t) for t in texts]
    cached = features._char_block(norms)
    direct = features._char_vec.transform(norms)
    assert cached.shape == direct.shape
    assert abs(cached - direct).max() < 1e-9
