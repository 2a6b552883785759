"""The clause-level question cues of the shared feature matrix (English and Dutch), on short
posts written for these tests."""

from __future__ import annotations

import time

import numpy as np
import pytest

from spiegel.text.classifiers import features as f


def cues(text: str, lang: str = "en") -> dict[str, float]:
    """The question cues of one post, by name."""
    x = f.featurize([text], [lang])
    dense = x[:, f.WORD_FEATURES + f.CHAR_FEATURES :].toarray()[0]
    row = dict(zip(f.DENSE_NAMES, dense.tolist(), strict=True))
    return {name: row[name] for name in f.QUESTION_CUE_NAMES}


def test_feature_layout() -> None:
    assert f.WORD_FEATURES + f.CHAR_FEATURES + len(f.DENSE_NAMES) == f.N_FEATURES
    assert len(set(f.DENSE_NAMES)) == len(f.DENSE_NAMES)
    assert set(f.QUESTION_CUE_NAMES) <= set(f.DENSE_NAMES)
    x = f.featurize(["Is the pool open today?", ""], ["en", "nl"])
    assert x.shape == (2, f.N_FEATURES)
    dense = x[:, f.WORD_FEATURES + f.CHAR_FEATURES :].toarray()
    assert ((dense >= 0) & (dense <= 1)).all()
    assert not dense[1].any()  # an empty post has no cue at all


@pytest.mark.parametrize(
    "text",
    [
        "@cityhall Do you know when the library opens on Sunday?",
        "RT @someone: Is there any parking left near the station? https://example.org/p",
        "#roadworks Are the buses still running through Mill Street",
    ],
)
def test_opener_is_read_after_retweet_marks_mentions_links_and_tags(text: str) -> None:
    c = cues(text)
    assert c["opens_with_question_word"] == 1.0
    assert c["clause_inversion"] > 0


def test_question_words_open_later_clauses() -> None:
    c = cues("Great match today. Who else stayed for the penalties")
    assert c["opens_with_question_word"] == 0.0
    assert c["clause_wh_opener"] > 0
    exclaim = cues("What a lovely morning! How nice")
    assert exclaim["opens_with_question_word"] == 0.0  # "what a …" is an exclamation
    assert exclaim["clause_wh_opener"] > 0  # "how nice" still counts: the model weighs it


def test_inversion_needs_a_subject() -> None:
    assert cues("Did you get my email about the permit")["clause_inversion"] > 0
    assert cues("Can anyone recommend a plumber")["clause_inversion"] > 0
    assert cues("Will be closed on Monday for cleaning")["clause_inversion"] == 0.0
    assert cues("Has been a long week")["clause_inversion"] == 0.0


@pytest.mark.parametrize(
    ("text", "asking", "requesting"),
    [
        ("Does anyone know a good dentist in town", 1.0, 0.0),
        ("I wonder if the market is on this Saturday", 1.0, 0.0),
        ("Quick question for the council: who cuts the hedges here", 1.0, 0.0),
        ("Who knows where the spare keys for the hall are", 1.0, 0.0),
        ("Can you send me the application form", 0.0, 1.0),
        ("Please fix the streetlight on Elm Road", 0.0, 1.0),
        ("Could someone open the side gate please", 1.0, 1.0),
        ("Nobody knows anything about it apparently.", 0.0, 0.0),
        ("You can be sure we will fix it.", 0.0, 0.0),
    ],
)
def test_asking_phrases_and_requests_are_kept_apart(text: str, asking: float, requesting: float) -> None:
    c = cues(text)
    assert (c["asking_phrase"], c["request_form"]) == (asking, requesting)


def test_question_mark_positions() -> None:
    end = cues("When does the new bridge open? https://example.org/bridge #traffic")
    assert end["ends_with_question"] == 1.0 and end["question_mark_inside"] == 0.0
    inside = cues("Why now? The works were only finished last year.")
    assert inside["ends_with_question"] == 0.0 and inside["question_mark_inside"] == 1.0
    quoted = cues('She only asked "why not?" and left it there.')
    assert quoted["question_in_quote"] == 1.0
    assert cues("Seriously?!")["question_mark_run"] == 1.0
    assert cues("It went fine, right?")["tag_question"] == 1.0
    assert cues("Is it open?")["tag_question"] == 0.0
    assert cues("Really??? Again???")["question_marks"] == 1.0
    none = cues("The pool is open again.")
    assert not any(none.values())


def test_dutch_cues_keep_working() -> None:
    c = cues("Weet iemand of de markt morgen doorgaat?", "nl")
    assert c["opens_with_question_word"] == 1.0
    assert c["asking_phrase"] == 1.0 and c["clause_inversion"] > 0
    assert cues("@gemeente Kan ik hier mijn auto parkeren", "nl")["clause_inversion"] > 0
    assert cues("wie weet of de fietsenstalling morgen open is", "nl")["asking_phrase"] == 1.0
    assert cues("Mooi weer. Waarom is het zwembad nog dicht?", "nl")["clause_wh_opener"] > 0
    exclaim = cues("Wat een mooie dag!", "nl")
    assert exclaim["opens_with_question_word"] == 0.0 and exclaim["clause_wh_opener"] == 0.0
    assert cues("Graag een reactie voor vrijdag.", "nl")["request_form"] == 1.0
    assert cues("Het klopt wel, toch?", "nl")["tag_question"] == 1.0
    # the English lists do not fire on Dutch posts and the other way round
    assert cues("Weet iemand of de markt morgen doorgaat?", "en")["asking_phrase"] == 0.0
    assert cues("Does anyone know a good dentist", "nl")["asking_phrase"] == 0.0


def test_cues_are_fast_enough() -> None:
    # a loose bound (the benchmark measures the real rate): 2,000 posts' cues well under a second
    texts = [
        f"@user{i} Does anyone know why the bins on street {i} were skipped? Thanks" for i in range(2000)
    ]
    start = time.perf_counter()
    rows = [f._question_cues(f.normalize(t), "en") for t in texts]
    assert time.perf_counter() - start < 1.0
    assert np.array(rows).shape == (2000, len(f.QUESTION_CUE_NAMES) - 2)


@pytest.mark.parametrize(
    "text",
    [
        "Kunnen ouderen een maaltijd laten bezorgen via de gemeente, mijn vader kan niet meer koken",
        "Dag wijkagent, mogen kinderen met een step op het schoolplein spelen na schooltijd",
        "ff checken: telt een stage in het buitenland mee voor de studiefinanciering",
    ],
)
def test_a_verb_first_segment_marks_a_dutch_question_without_question_mark(text: str) -> None:
    assert cues(text, "nl")["segment_v1"] > 0


def test_verb_first_segments_need_a_following_word_and_skip_imperatives() -> None:
    assert cues("Wij kappen de bomen, ze zijn ziek.", "nl")["segment_v1"] == 0.0
    assert cues("Bel 112, kom niet in de buurt", "nl")["segment_v1"] == 0.0  # imperative stems
    assert cues("Klopt.", "nl")["segment_v1"] == 0.0  # a one-word reply is no question


def test_a_wh_word_after_a_greeting_opens_a_segment() -> None:
    c = cues("Beste raadslid, hoe heeft uw fractie gestemd over de fietsenstalling", "nl")
    assert c["segment_wh_opener"] > 0
    assert c["opens_with_question_word"] == 0.0  # the first clause opens with the greeting


@pytest.mark.parametrize(
    "text",
    [
        "Iemand die mij kan uitleggen hoe die nieuwe tariefzones werken",
        "Even polsen: wie wil er meedoen aan de buurtschouw",
        "Voor een artikel zoek ik inwoners die dicht bij het windpark wonen. Tips zijn welkom.",
    ],
)
def test_dutch_asking_phrases_of_chatty_requests(text: str) -> None:
    assert cues(text, "nl")["asking_phrase"] == 1.0
