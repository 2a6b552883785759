from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from spiegel.records import Post
from spiegel.text import analyze, analyze_texts, iter_analyze, pipeline


def _post(i: int, text: str, lang: str | None = None, platform: str = "mastodon", kind: str = "post") -> Post:
    return Post(
        platform=platform,
        id=f"p{i}",
        author="a",
        created_at=datetime(2024, 5, 1, tzinfo=UTC),
        text=text,
        lang=lang,
        kind=kind,
    )


POSTS = [
    _post(0, "Vandaag heb ik met bewoners over de nieuwe speeltuin gepraat. Mooie ideeën!", "nl"),
    _post(1, "Wanneer wordt het afval in onze straat weer opgehaald?", "nl"),
    _post(2, "Thanks for the quick answer, I will pass it on to my colleagues.", "en"),
    _post(3, "Wat een idioot voorstel van de wethouder.", "nl"),
    _post(4, "Vandaag heb ik met bewoners over de nieuwe speeltuin gepraat.", "nl", kind="boost"),
]


def test_analyze_combines_all_signals_in_order(fake_classifiers: Any) -> None:
    fake = fake_classifiers
    out = analyze(POSTS, classifiers=fake, batch_size=2)
    assert [s.id for s in out] == ["p0", "p1", "p2", "p3", "p4"]
    assert [s.lang for s in out] == ["nl", "nl", "en", "nl", "nl"]
    assert [s.question for s in out] == [False, True, False, False, False]
    assert out[1].question_score == pytest.approx(0.9)
    assert [s.hostile for s in out] == [False, False, False, True, False]
    assert out[0].tone == "positive" and out[1].tone == "neutral"
    assert [s.personal for s in out] == [True, False, True, False, False]  # a boost is not a voice
    assert all(s.readability.words > 0 for s in out)
    assert out[0].plain and out[0].readability.level in {"A2", "B1"}
    # batches of two: three calls, languages passed along
    assert [len(texts) for texts, _ in fake.calls] == [2, 2, 1]
    assert fake.calls[1][1] == ["en", "nl"]


def test_without_classifiers_fields_keep_defaults() -> None:
    out = analyze(POSTS[:2], classifiers=False)
    assert not out[1].question and out[1].question_score == 0.0
    assert out[1].readability.flesch is not None


def test_iter_analyze_streams() -> None:
    stream = iter_analyze(iter(POSTS), classifiers=False, batch_size=1)
    assert next(stream).id == "p0"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "👍🎉",
        "x\ud800y bericht met een losse surrogaat",
        "Dit is een gewone zin. " * 4500,
        "\x00\x01\x02",
    ],
)
def test_bad_text_gives_a_result(text: str, fake_classifiers: Any) -> None:
    (result,) = analyze_texts([text], classifiers=fake_classifiers)
    assert result.lang in {"nl", "en", "other"}
    assert 0.0 <= result.plain_score <= 1.0


def test_empty_and_emoji_only_use_the_tag_or_other() -> None:
    out = analyze_texts(["", "🎉🎉", "🎉🎉"], ["nl", None, "en"], classifiers=False)
    assert [s.lang for s in out] == ["nl", "other", "en"]
    assert all(s.readability.words == 0 and s.readability.level is None for s in out)


def test_sanitize_replaces_lone_surrogates() -> None:
    assert pipeline.sanitize("a\udcffb") == "a\ufffdb"
    assert pipeline.sanitize(None) == ""
    assert pipeline.sanitize("gewoon") == "gewoon"


def test_analyze_texts_checks_lengths() -> None:
    with pytest.raises(ValueError, match="2 texts but 1 langs"):
        analyze_texts(["a", "b"], ["nl"], classifiers=False)
    out = analyze_texts(["Een zin.", "Nog een zin."], ids=["x", "y"], classifiers=False)
    assert [s.id for s in out] == ["x", "y"]


def test_shipped_classifiers_are_wired_in() -> None:
    out = analyze_texts(
        [
            "Wanneer wordt het afval in onze straat weer opgehaald?",
            "Vandaag heb ik met bewoners over de nieuwe speeltuin gepraat.",
            "When will the waste in our street be collected again?",
        ]
    )
    assert [s.lang for s in out] == ["nl", "nl", "en"]
    assert [s.question for s in out] == [True, False, True]
    assert out[0].question_score > 0.5 > out[1].question_score
    for s in out:
        assert s.tone in {"negative", "neutral", "positive"}
        for name in pipeline.CLASSIFIER_SIGNALS:
            assert 0.0 <= getattr(s, f"{name}_score") <= 1.0
