"""The indicators spiegel computes from text signals, on hand-made posts and signals."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from spiegel.behaviour.inputs import PersonInputs
from spiegel.competencies import IndicatorContext, registry
from spiegel.evidence import Measure

Maker = Callable[..., tuple[list, dict]]


def ctx_of(posts: list, signals: dict, org: object = None, text: bool = True) -> IndicatorContext:
    inputs = PersonInputs(handles={"anna@social.example"}, posts=posts, org=org)  # type: ignore[arg-type]
    return IndicatorContext(inputs=inputs, signals=signals, text_available=text)


def run(name: str, ctx: IndicatorContext) -> Measure:
    return registry()[name].measure(ctx)


def test_restraint_share_and_flagged_evidence(make_posts: Maker) -> None:
    specs = [{"hostile": False}] * 8 + [
        {"hostile": True, "hostile_score": 0.7, "text": "Wat een stelletje prutsers zijn jullie."},
        {"hostile": True, "hostile_score": 0.95, "text": "Idioot, je snapt er echt niks van."},
    ]
    m = run("restraint", ctx_of(*make_posts(specs)))
    assert m.ok and m.value == 0.8 and m.n == 10
    assert [e.note for e in m.evidence] == ["hostile", "hostile"]
    assert m.evidence[0].text == "Idioot, je snapt er echt niks van."  # most hostile first
    assert m.evidence[0].url and m.evidence[0].post_id
    # the words that drove each flag, shown in the report as "woorden die meewogen"
    assert "idioot" in m.evidence[0].data["cues"]
    assert all(isinstance(w, str) for e in m.evidence for w in e.data["cues"])


def test_restraint_evidence_names_no_words_without_classifiers(make_posts: Maker) -> None:
    specs = [{"hostile": True, "hostile_score": 0.95, "text": "Idioot, je snapt er echt niks van."}]
    ctx = ctx_of(*make_posts(specs))
    ctx.classifiers_available = False
    m = registry()["restraint"].share_measure(
        [(p, ctx.signals[p.id]) for p in ctx.own_posts()], lambda _p, s: not s.hostile, "hostile"
    )
    from spiegel.competencies.indicators._textbase import attach_cues

    assert "cues" not in attach_cues(m, ctx, "hostile").evidence[0].data


def test_restraint_without_text_analysis_is_insufficient(make_posts: Maker) -> None:
    posts, _signals = make_posts([{}] * 12)
    m = run("restraint", ctx_of(posts, {}, text=False))
    assert not m.ok and m.value is None
    assert m.details["reason_code"] == "no_text_signals"


def test_restraint_without_posts_is_insufficient() -> None:
    m = run("restraint", ctx_of([], {}))
    assert not m.ok and m.details["reason_code"] == "too_few_posts"


def test_concise_explanations_counts_explanations_that_are_short_and_plain(make_posts: Maker) -> None:
    short = "Dat komt doordat de gemeente het onderhoud van de stoep pas in mei plant."
    long_text = " ".join(["woord"] * 150)
    specs = (
        [{"explanation": True, "reply": True, "text": short}] * 3
        + [{"explanation": True, "reply": True, "text": long_text}]  # long: misses the norm
        + [{"explanation": True, "reply": True, "text": short, "plain": False}]  # short officialese: misses
        + [{"explanation": False, "reply": True, "text": long_text}]  # not explanatory: ignored
        + [{"explanation": True, "template": True, "text": short}]  # a template: ignored
        + [{"explanation": True, "text": short + " https://example.org/a"}]  # a link broadcast: ignored
    )
    m = run("concise_explanations", ctx_of(*make_posts(specs)))
    assert m.ok and m.n == 5 and m.value == 0.6
    assert m.details["share_140_words"] == 0.8
    assert m.details["share_plain"] == 0.8
    assert m.details["share_140_chars"] == 0.8
    assert m.details["share_280_chars"] == 0.8
    assert [e.note for e in m.evidence] == ["explanation_misses_norm"] * 2


def test_short_officialese_explanations_do_not_meet_the_norm(make_posts: Maker) -> None:
    """Issue #12, item 4: short answers far above B1 are not concise explanations."""
    text = "Conform de vigerende beleidsregels dient de aanvraag middels het formulier te geschieden."
    specs = [{"explanation": True, "reply": True, "text": text, "plain": False, "plain_score": 0.1}] * 6
    m = run("concise_explanations", ctx_of(*make_posts(specs)))
    assert m.ok and m.value == 0.0
    assert m.details["share_140_words"] == 1.0 and m.details["share_plain"] == 0.0


def test_link_broadcasts_give_no_plain_language_value(make_posts: Maker) -> None:
    """Issue #12, item 3: an account that only broadcasts link posts has no explanations, so
    plain language has no value (it was 100% on the link posts' text before)."""
    specs = [
        {"text": f"Nieuw op onze website: planning van de werkzaamheden {i}. https://example.org/{i}"}
        for i in range(12)
    ]
    specs += [
        {"template": True, "text": f"Bekijk het laatste nieuws over de wijk en de plannen {i}."}
        for i in range(5)
    ]
    ctx = ctx_of(*make_posts(specs))
    for name in ("plain_language", "concise_explanations"):
        m = run(name, ctx)
        assert not m.ok and m.details["reason_code"] == "no_explanations", name


def test_concise_explanations_without_any_is_insufficient(make_posts: Maker) -> None:
    m = run("concise_explanations", ctx_of(*make_posts([{"explanation": False}] * 5)))
    assert not m.ok and m.details["reason_code"] == "no_explanations"


def test_plain_language_share_of_explanations_skips_short_and_other_language(make_posts: Maker) -> None:
    specs = (
        [{"plain": True, "explanation": True}] * 6
        + [{"plain": False, "plain_score": 0.1, "reply": True, "explanation": True}] * 2
        + [
            {"plain": False, "text": "Top!", "words": 1, "explanation": True},  # too short: skipped
            {"plain": False, "lang": "other", "explanation": True},  # not nl/en: skipped
            {"plain": True},  # not an explanation: skipped
        ]
    )
    m = run("plain_language", ctx_of(*make_posts(specs)))
    assert m.ok and m.n == 8 and m.value == 0.75
    assert {e.note for e in m.evidence} == {"not_plain"}


def test_personal_voice_with_work_mix_from_org(make_posts: Maker) -> None:
    specs = [
        {"personal": True, "text": "Ik fietste vandaag langs het nieuwe fietspad, mooi geworden."},
        {"personal": True, "text": "Ik heb genoten van het concert in het park."},
        {"personal": False, "text": "Lees meer over het fietspad op onze site."},
        {"personal": False, "text": "Nieuws: de markt verhuist."},
    ]
    org = SimpleNamespace(
        name="Gemeente Voorbeeld",
        official_accounts={"gemeentevoorbeeld"},
        colleagues={},
        goal_topics=[SimpleNamespace(keywords=["fietspad"])],
        sensitive_topics=[],
    )
    m = run("personal_voice", ctx_of(*make_posts(specs), org=org))
    assert m.ok and m.value == 0.5
    assert m.details["work_share"] == 0.5
    m2 = run("personal_voice", ctx_of(*make_posts(specs)))
    assert m2.details["work_share"] is None


def test_behaviour_indicator_takes_the_measure_of_the_same_name(make_posts: Maker) -> None:
    posts, signals = make_posts([{}] * 3)
    ctx = ctx_of(posts, signals)
    planted = Measure("dialogue", 0.42, n=20)
    ctx._measures = {"dialogue": planted}
    assert run("dialogue", ctx) is planted
    missing = run("topicality", ctx)
    assert not missing.ok and missing.details["reason_code"] == "not_available"
