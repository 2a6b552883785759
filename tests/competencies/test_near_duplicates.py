"""Issue #14, item 7: near-duplicate evidence posts are collapsed into one quote with a count
("en 9 vergelijkbare berichten"); the JSON keeps every post id."""

from __future__ import annotations

from spiegel.competencies import default_model
from spiegel.competencies.registry import registry
from spiegel.competencies.scoring import result_from_measure
from spiegel.evidence import Evidence, Measure, collapse_near_duplicates, near_duplicate_key


def test_the_key_leaves_out_links_mentions_numbers_case_and_punctuation() -> None:
    a = near_duplicate_key("Bedankt @jan voor je vraag! Zie https://gemeente.example/afval/1 (12 mei)")
    b = near_duplicate_key("bedankt @piet@mastodon.example voor je vraag, zie www.gemeente.example/x - 3 mei")
    assert a is not None and a == b
    assert near_duplicate_key("Bedankt voor je vraag over afval") != a
    assert near_duplicate_key(None) is None and near_duplicate_key("  ") is None


def test_groups_keep_the_order_and_the_reason() -> None:
    items = [
        Evidence("1", text="Wanneer wordt het afval opgehaald? #afval", note="unanswered"),
        Evidence("2", text="Waar kan ik mijn paspoort ophalen?", note="unanswered"),
        Evidence("3", text="wanneer wordt het AFVAL opgehaald?? #afval", note="unanswered"),
        Evidence("4", text="Wanneer wordt het afval opgehaald? #afval", note="answered_late"),
        Evidence("5", text=None, note="unanswered"),
        Evidence("6", text=None, note="unanswered"),
    ]
    groups = collapse_near_duplicates(items)
    assert [(g.post_id, [o.post_id for o in others]) for g, others in groups] == [
        ("1", ["3"]),
        ("2", []),
        ("4", []),  # cited for another reason: not the same evidence
        ("5", []),  # no text: never collapsed
        ("6", []),
    ]


def _result(n: int) -> dict[str, object]:
    spec = default_model().competency("luisteren").indicators[0]
    evidence = [
        Evidence(
            f"q{i}",
            url=f"https://e/{i}",
            text=f"@gemeente wanneer komt de vuilniswagen? ({i})",
            note="unanswered",
        )
        for i in range(n)
    ]
    evidence.append(Evidence("other", text="Is het stadhuis morgen open?", note="unanswered"))
    measure = Measure(spec.id, 0.2, n=40, evidence=evidence, details={"evidence_total": n + 1})
    return result_from_measure(spec, registry()[spec.id], measure).to_dict()


def test_the_profile_quotes_one_post_and_keeps_every_post_id() -> None:
    result = _result(10)
    evidence = result["evidence"]
    assert isinstance(evidence, list)
    assert [e["post_id"] for e in evidence] == ["q0", "other"]
    assert evidence[0]["similar"] == [f"q{i}" for i in range(1, 10)]
    assert "similar" not in evidence[1]
