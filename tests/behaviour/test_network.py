from __future__ import annotations

import pytest

from behaviour.scenarios_behaviour import ME, context, org, post
from spiegel.behaviour.network import dialogue, external_reciprocity, interacted_accounts, network_composition
from spiegel.records import Account, Interaction

BERT = "bert@social.overheid.nl"
OFFICIAL = "proefstad@social.overheid.nl"
BIOS = {
    "kees@a.nl": "Vader van twee, fietst graag",
    "shop@a.nl": "Webwinkel in fietsonderdelen",
    "bond@a.nl": "Vereniging van fietsers in de stad",
    "krant@a.nl": "Nieuwsredactie van de stadskrant",
    "ministerie@a.nl": "Officieel account van het ministerie",
}
FAKE_TYPES = {
    "Vader": "citizen",
    "Webwinkel": "company",
    "Vereniging": "interest_group",
    "Nieuwsredactie": "media",
    "Officieel": "government",
}


def fake_classifier(bio: str) -> str:
    return next(t for k, t in FAKE_TYPES.items() if bio.startswith(k))


def test_network_composition_types_diversity_and_external_share() -> None:
    posts = [post(f"r{i}", ME, i, in_reply_to_id=f"x{i}", in_reply_to_author=h) for i, h in enumerate(BIOS)]
    posts.append(post("m", ME, 9, f"Overleg met @{BERT} en @{OFFICIAL}", mentions=[BERT, OFFICIAL]))
    follows = [Interaction(platform="mastodon", kind="follow", actor=ME, target_author="nobio@a.nl")]
    accounts = [Account(platform="mastodon", handle=h, bio=b) for h, b in BIOS.items()]
    ctx = context(posts, config=org(), interactions=follows, accounts=accounts)
    m = network_composition(ctx, classify=fake_classifier)
    counts = m.details["counts"]
    assert counts == {
        "citizen": 1,
        "company": 1,
        "interest_group": 1,
        "government": 1,
        "media": 1,
        "colleague": 1,
        "official": 1,
        "unknown": 1,
    }
    assert m.value == pytest.approx(1.0)  # all seven types equally
    assert m.details["external_share"] == pytest.approx(5 / 7)
    assert m.n == 7


def test_network_composition_with_the_shipped_bio_classifier() -> None:
    accounts = [Account(platform="mastodon", handle=h, bio=b) for h, b in BIOS.items()]
    posts = [post(f"r{i}", ME, i, in_reply_to_id=f"x{i}", in_reply_to_author=h) for i, h in enumerate(BIOS)]
    m = network_composition(context(posts, config=org(), accounts=accounts))
    assert m.ok and m.details["counts"]["unknown"] == 0 and sum(m.details["counts"].values()) == 5


def test_no_network_is_insufficient() -> None:
    m = network_composition(context([post("p", ME, 0, "hallo")], config=org()), classify=fake_classifier)
    assert m.value is None and m.details["reason_code"] == "no_network"
    assert interacted_accounts(context([post("p", ME, 0, "hallo @me", mentions=[ME])])) == {}


def test_external_reciprocity_two_way_vs_one_way() -> None:
    a, b, c = "a@x.nl", "b@x.nl", "c@x.nl"
    inbound = [
        post("m1", a, 0, "Vraag", mentions=[ME]),  # answered below: two-way
        post("m2", b, 1, "Nog een vraag", mentions=[ME]),  # never answered: one-way
    ]
    posts = [
        post("r1", ME, 2, "Antwoord", in_reply_to_id="m1", in_reply_to_author=a),
        post("p2", ME, 3, f"Hoi @{c}, wat vind jij?", mentions=[c]),  # c never reacts: one-way
    ]
    m = external_reciprocity(context(posts, inbound, config=org()))
    assert m.n == 3 and m.value == pytest.approx(1 / 3)
    assert {e.post_id for e in m.evidence} == {"m2", "p2"}
    assert external_reciprocity(context(posts, None)).details["reason_code"] == "no_inbound"


def test_dialogue_share_and_turns() -> None:
    a = "a@x.nl"
    inbound = [
        post("m1", a, 0, "Vraag", mentions=[ME]),
        post("m2", a, 2, "Nog iets", in_reply_to_id="r1", in_reply_to_author=ME),
    ]
    posts = [
        post("r1", ME, 1, "Antwoord", in_reply_to_id="m1", in_reply_to_author=a),
        post("r2", ME, 3, "Graag gedaan", in_reply_to_id="m2", in_reply_to_author=a),
        post(
            "c1", ME, 4, "Intern", in_reply_to_id="y", in_reply_to_author=BERT
        ),  # with a colleague: not counted
        *[post(f"p{i}", ME, 5 + i, f"los bericht {i}") for i in range(3)],
    ]
    m = dialogue(context(posts, inbound, config=org()))
    assert m.n == 6 and m.value == pytest.approx(2 / 6)
    assert m.details["conversations"] == 1 and m.details["turns_per_conversation"] == 4
    assert dialogue(context(posts[:2])).details["reason_code"] == "too_few_posts"


def test_a_broadcast_that_only_drew_replies_is_one_way() -> None:
    a = "a@x.nl"
    posts = [post(f"p{i}", ME, i, f"Mededeling {i}") for i in range(3)]
    inbound = [
        post(f"m{i}", a, i + 0.5, "Reactie", in_reply_to_id=f"p{i}", in_reply_to_author=ME) for i in range(3)
    ]
    m = external_reciprocity(context(posts, inbound, config=org()))
    assert m.n == 3 and m.value == 0.0 and {e.note for e in m.evidence} == {"one_way"}
