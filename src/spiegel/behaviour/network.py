"""Networking and dialogue: who the person interacts with (typed as stakeholders), whether
conversations with outsiders are two-way, and how much of their posting is dialogue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from statistics import mean

from spiegel.behaviour.common import MINIMUM, capped, capped_map, evidence, insufficient, normalized_entropy
from spiegel.behaviour.context import PersonContext
from spiegel.evidence import Evidence, Measure
from spiegel.records import normalize_handle

STAKEHOLDER_TYPES = ("citizen", "company", "interest_group", "government", "media", "colleague", "official")
INSIDE = ("colleague", "official")


def interacted_accounts(ctx: PersonContext) -> Counter[str]:
    """Accounts the person interacted with and how often: replied to, mentioned, quoted, liked,
    boosted, followed, or reacted to when they wrote to the person."""
    seen: Counter[str] = Counter()
    by_id = ctx.stream.by_id if ctx.stream is not None else {}
    for post in ctx.inputs.posts:
        targets = [post.in_reply_to_author, *post.mentions]
        for ref in (post.quote_of_id, post.boost_of_id):
            if ref and ref in by_id:
                targets.append(by_id[ref].author)
        seen.update(h for h in (normalize_handle(t) for t in targets) if h)
    for act in ctx.inputs.interactions:
        handle = normalize_handle(act.target_author)
        if handle:
            seen[handle] += 1
    for message in ctx.inbound or []:
        if message.id in ctx.reactions:
            seen[message.author] += 1
    for handle in list(seen):
        if handle in ctx.handles:
            del seen[handle]
    return seen


def known_bios(ctx: PersonContext, handles: Iterable[str]) -> dict[str, str]:
    """Profile bios of *handles*, from the person's account list, M and the stream."""
    own: dict[str, str] = {}
    for account in ctx.inputs.accounts:
        handle = normalize_handle(account.handle)
        if handle and account.bio:
            own[handle] = account.bio
    for post in ctx.inbound or []:
        if post.author_bio:
            own.setdefault(post.author, post.author_bio)
    stream = ctx.stream.bios if ctx.stream is not None else {}
    out = {}
    for handle in handles:
        bio = own.get(handle) or stream.get(handle)
        if bio and bio.strip():
            out[handle] = bio
    return out


def stakeholder_types(
    ctx: PersonContext, handles: Iterable[str], classify: Callable[[str], str] | None = None
) -> dict[str, str]:
    """Stakeholder type per handle: colleague / official from the org config, else the bio
    classifier's type, else ``unknown``."""
    types: dict[str, str] = {}
    outside = []
    for handle in handles:
        role = ctx.role(handle)
        if role in INSIDE:
            types[handle] = role
        else:
            outside.append(handle)
    bios = known_bios(ctx, outside)
    with_bio = [h for h in outside if h in bios]
    if classify is not None:
        labels = [classify(bios[h]) for h in with_bio]
    else:
        from spiegel.behaviour.bios import classify_bios

        labels = classify_bios([bios[h] for h in with_bio])
    types.update(zip(with_bio, labels, strict=True))
    for handle in outside:
        types.setdefault(handle, "unknown")
    return types


def network_composition(ctx: PersonContext, classify: Callable[[str], str] | None = None) -> Measure:
    """Diversity (normalised Shannon entropy over the known stakeholder types) of the accounts
    the person interacts with; details: counts per type and the external share."""
    name = "network_composition"
    accounts = interacted_accounts(ctx)
    if not accounts:
        return insufficient(name, "no_network")
    if len(accounts) < MINIMUM[name]:
        return insufficient(name, "no_network", n=len(accounts))
    types = stakeholder_types(ctx, accounts, classify)
    counts = Counter(types.values())
    known = {t: c for t, c in counts.items() if t != "unknown"}
    n_known = sum(known.values())
    external = sum(c for t, c in known.items() if t not in INSIDE)
    details: dict[str, object] = {
        "accounts": len(accounts),
        "counts": {t: counts.get(t, 0) for t in (*STAKEHOLDER_TYPES, "unknown")},
        "external_share": external / n_known if n_known else None,
        "typed_share": n_known / len(accounts),
        "types": types,
    }
    if n_known < MINIMUM[name]:
        return insufficient(name, "no_network", n=n_known, **details)
    diversity = normalized_entropy(known.values(), len(STAKEHOLDER_TYPES))
    return Measure(name, diversity, n=n_known, details=details)


def external_conversations(ctx: PersonContext) -> list:  # type: ignore[type-arg]
    return [c for c in ctx.conversations if c.has_role("external") and c.has_role("person")]


def external_reciprocity(ctx: PersonContext) -> Measure:
    """Share of conversations between the person and outside accounts that are two-way: each side
    addressed the other (see :meth:`Conversation.two_way`). Evidence: the one-way ones."""
    name = "external_reciprocity"
    if ctx.inbound is None:
        return insufficient(name, "no_inbound")
    convs = external_conversations(ctx)
    if not convs:
        return insufficient(name, "no_external_conversations")
    if len(convs) < MINIMUM[name]:
        return insufficient(name, "too_few_messages", n=len(convs))
    two_way = [c for c in convs if c.two_way(ctx.handles)]
    two_way_ids = {id(c) for c in two_way}
    one_way = [c for c in convs if id(c) not in two_way_ids]
    details: dict[str, object] = {"conversations": len(convs), "two_way": len(two_way)}
    ev = capped_map(one_way, details, lambda c: evidence(c.posts[0], "one_way", conversation=c.id))
    outcomes = [1.0 if id(c) in two_way_ids else 0.0 for c in convs]
    return Measure(
        name, len(two_way) / len(convs), n=len(convs), evidence=ev, details=details, outcomes=outcomes
    )


def dialogue(ctx: PersonContext) -> Measure:
    """Share of the person's posts that are replies in conversations with people outside the
    organisation; details: turns per such conversation."""
    name = "dialogue"
    if len(ctx.own) < MINIMUM[name]:
        return insufficient(name, "too_few_posts", n=len(ctx.own))
    replies: list[Evidence] = []
    convs: dict[str, int] = {}
    turns: dict[int, int] = {}  # id(conversation) -> its turns, counted once per thread
    for post in ctx.own:
        conv = ctx.conversation_of.get(post.id)
        if not post.is_reply or conv is None or not conv.has_role("external"):
            continue
        replies.append(evidence(post, "dialogue_reply", conversation=conv.id))
        count = turns.get(id(conv))
        if count is None:
            count = turns[id(conv)] = conv.turns
        convs[conv.id] = count
    details: dict[str, object] = {
        "posts": len(ctx.own),
        "dialogue_replies": len(replies),
        "conversations": len(convs),
        "turns_per_conversation": mean(convs.values()) if convs else None,
    }
    ev = capped(replies, details)
    outcomes = [0.0] * (len(ctx.own) - len(replies)) + [1.0] * len(replies)
    return Measure(
        name, len(replies) / len(ctx.own), n=len(ctx.own), evidence=ev, details=details, outcomes=outcomes
    )
