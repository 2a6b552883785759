"""Topics and timing: engagement with the organisation stream, goal topics that draw external
engagement, topicality of work posts, and posts ahead of the organisation's own statement.

A topic is *active* at a moment when the stream O holds at least :data:`ACTIVE_MIN_POSTS` posts on
it (an organisation topic by keywords, or a shared hashtag) within ±:data:`WINDOW_HOURS`.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import attrgetter
from statistics import median

from spiegel.behaviour.common import EVIDENCE_LIMIT, MINIMUM, capped, evidence, insufficient
from spiegel.behaviour.context import PersonContext, StreamIndex
from spiegel.evidence import Evidence, Measure
from spiegel.org import OrgConfig
from spiegel.records import Post, normalize_handle

WINDOW_HOURS = 72.0
ACTIVE_MIN_POSTS = 2


def person_topics(ctx: PersonContext) -> dict[str, list[Post]]:
    """Organisation topics the person posted about, with those posts."""
    if ctx.org is None:
        return {}
    out: dict[str, list[Post]] = {}
    for post in ctx.own:
        for name in ctx.topics_of(post):
            out.setdefault(name, []).append(post)
    return out


def engaged_ids(ctx: PersonContext) -> set[str]:
    """Ids of posts the person replied to, quoted, boosted or liked."""
    return set(ctx.reactions)


def org_stream_engagement(ctx: PersonContext) -> Measure:
    """Share of O posts on the person's topics that they engaged with (reply, quote, boost, like)."""
    name = "org_stream_engagement"
    if ctx.stream is None:
        return insufficient(name, "no_stream")
    if ctx.org is None:
        return insufficient(name, "no_org")
    if not ctx.org.topics:
        return insufficient(name, "no_org_topics")
    topics = person_topics(ctx)
    if not topics:
        return insufficient(name, "no_topic_posts")
    index, wanted = ctx.stream, set(topics)

    def on_topic(post_id: str) -> bool:
        return not wanted.isdisjoint(index.topics_by_id.get(post_id, ()))

    own = {p.id for p in ctx.own if on_topic(p.id)}
    n = index.count_on(wanted) - len(own)
    if n < MINIMUM[name]:
        return insufficient(name, "no_stream_in_topics", n=max(0, n))
    engaged = {i for i in engaged_ids(ctx) if i not in own and on_topic(i)}
    details: dict[str, object] = {
        "topics": sorted(topics),
        "stream_posts": n,
        "engaged": len(engaged),
        "evidence_total": n - len(engaged),
    }
    return Measure(
        name, len(engaged) / n, n=n, evidence=_newest_missed(index, wanted, own | engaged), details=details
    )


def team_of(ctx: PersonContext) -> set[str]:
    """The person's team: their own handles and the colleagues of their department in the org
    config (just the person when they are not on the roster or have no department)."""
    team = set(ctx.handles)
    if ctx.org is None:
        return team
    departments = {c.department for h in ctx.handles if (c := ctx.org.colleague(h)) and c.department}
    if departments:
        team |= {h for h, c in ctx.org.colleagues.items() if c.department in departments}
    return team


@dataclass(slots=True)
class PickupIndex:
    """What :func:`stream_pickup` needs of the stream that does not depend on the person, built
    once per stream and org config (:func:`pickup_index`), so that a person's measure costs in
    proportion to their own part of the stream, not to the whole stream.

    The *candidates* are the stream posts any person could own: not boosts, by an account the
    org config calls external. They are numbered by **rank**: newest first, stream order among
    equal times (the order of the evidence)."""

    org: OrgConfig
    #: rank -> post, its normalised author, its organisation topics
    posts: list[Post]
    authors: list[str | None]
    topics: list[tuple[str, ...]]
    #: post id -> rank (the ranks of ids the stream holds more than once: in ``dup_ranks``)
    rank_by_id: dict[str, int]
    dup_ranks: dict[str, list[int]]
    #: (topic, platform) -> ranks of the candidates on it, ascending
    by_topic: dict[tuple[str, str], array[int]]
    #: (combination of topics, platform) -> number of candidates
    combos: dict[tuple[frozenset[str], str], int]
    #: normalised handle -> ranks of the candidates that reply to or mention it, ascending
    by_addressed: dict[str, array[int]]
    #: normalised author -> ranks of their candidates
    by_author: dict[str, list[int]]
    #: colleague or official account (as written on the child) -> ranks of the candidates it
    #: replied to, quoted or boosted
    by_insider_child: dict[str, list[int]]


def _addressed(post: Post) -> set[str | None]:
    return {normalize_handle(post.in_reply_to_author), *map(normalize_handle, post.mentions)}


class _Handles(dict[str | None, str | None]):
    """normalize_handle, memoised (a stream repeats its authors)."""

    def __missing__(self, handle: str | None) -> str | None:
        found = self[handle] = normalize_handle(handle)
        return found


def pickup_index(index: StreamIndex, org: OrgConfig) -> PickupIndex:
    """The :class:`PickupIndex` of *index* under *org*, built on first use and kept on *index*."""
    cached = index.derived.get("pickup")
    if isinstance(cached, PickupIndex) and (cached.org is org or cached.org == org):
        return cached
    names = _Handles()
    external: dict[str | None, bool] = {}
    candidates: list[Post] = []
    for post in index.posts:
        if post.kind == "boost":
            continue
        key = names[post.author]
        ext = external.get(key)
        if ext is None:
            ext = external[key] = org.role_of(key) == "external"
        if ext:
            candidates.append(post)
    candidates.sort(key=attrgetter("created_at"), reverse=True)  # stable: stream order among ties
    insiders = set(org.colleagues) | set(org.official_accounts)
    found = PickupIndex(org, candidates, [], [], {}, {}, {}, {}, {}, {}, {})
    authors, topics_of, rank_by_id, dup_ranks = found.authors, found.topics, found.rank_by_id, found.dup_ranks
    by_topic, by_addressed, by_author, by_child = (
        found.by_topic,
        found.by_addressed,
        found.by_author,
        found.by_insider_child,
    )
    combos: dict[tuple[tuple[str, ...], str], int] = {}
    topics_by_id, children = index.topics_by_id, index.children
    no_topics: tuple[str, ...] = ()
    for rank, post in enumerate(candidates):
        pid, platform = post.id, post.platform
        author = names[post.author]
        topics = topics_by_id.get(pid, no_topics)
        authors.append(author)
        topics_of.append(topics)
        if dup_ranks and pid in dup_ranks:  # an id the stream holds three times or more
            dup_ranks[pid].append(rank)
        else:
            first = rank_by_id.setdefault(pid, rank)
            if first != rank:  # an id the stream holds twice
                dup_ranks[pid] = [first, rank]
                del rank_by_id[pid]
        for topic in topics:
            ranks = by_topic.get((topic, platform))
            if ranks is None:
                ranks = by_topic[(topic, platform)] = array("l")
            ranks.append(rank)
        combos[(topics, platform)] = combos.get((topics, platform), 0) + 1
        if post.in_reply_to_author is not None or post.mentions:
            for handle in {names[post.in_reply_to_author], *[names[m] for m in post.mentions]}:
                if handle is not None:
                    by_addressed.setdefault(handle, array("l")).append(rank)
        if author is not None:
            mine = by_author.get(author)
            if mine is None:
                mine = by_author[author] = []
            mine.append(rank)
        kids = children.get(pid)
        if kids:
            for child in kids:
                if child.author in insiders:
                    by_child.setdefault(child.author, []).append(rank)
    for (combo, platform), n in combos.items():
        combo_key = (frozenset(combo), platform)
        found.combos[combo_key] = found.combos.get(combo_key, 0) + n
    index.derived["pickup"] = found
    return found


def stream_pickup(ctx: PersonContext) -> Measure:
    """The listening a person can own: of the stream posts by outsiders on the person's own topics
    (organisation topics they post about) or addressed to their team (a reply to or mention of
    the person or a colleague of their department), those nobody else in the team or an
    official account picked up first, the share the person answered in the thread, themselves
    or by bringing in a colleague who then answered (the hand-off reading of
    :func:`~spiegel.behaviour.reactions.answer_of`). Posts another team member or an official
    account answered before the person are someone else's catch and are not counted; neither
    are likes (awareness without an answer). Only posts on the platforms the person posts on
    count: an answer on a platform where one has no account is not possible, so a post there is
    not the person's to own. Evidence: the posts left lying, newest first.

    Cost: the posts on the person's topics are *counted* from the :class:`PickupIndex` (built
    once per stream); only the posts the person's threads touch, those a team member or official
    account reacted to and those addressed to the team are looked at one by one. The per-item
    outcomes are the answered ones first (their order carries no meaning)."""
    from spiegel.behaviour.reactions import answer_of

    name = "stream_pickup"
    if ctx.stream is None:
        return insufficient(name, "no_stream")
    if ctx.org is None:
        return insufficient(name, "no_org")
    pick = pickup_index(ctx.stream, ctx.org)
    topics = set(person_topics(ctx))
    team = team_of(ctx)
    others = (team - ctx.handles) | set(ctx.org.official_accounts)
    platforms = {p.platform for p in ctx.own}
    handles = ctx.handles

    def on_topic(rank: int) -> bool:
        return bool(topics) and not topics.isdisjoint(pick.topics[rank])

    def counted(rank: int) -> bool:
        """Whether the candidate *rank* is one of the person's items (before 'picked up by others')."""
        post = pick.posts[rank]
        if post.platform not in platforms or pick.authors[rank] in handles:
            return False
        return on_topic(rank) or bool(_addressed(post) & team)

    # every candidate on the person's topics and platforms, counted per combination of topics
    total = 0
    if topics:
        total = sum(
            n
            for (combo, platform), n in pick.combos.items()
            if platform in platforms and not topics.isdisjoint(combo)
        )
        for handle in handles:  # the person's own posts among them are not theirs to pick up
            total -= sum(
                1
                for r in pick.by_author.get(handle, ())
                if pick.posts[r].platform in platforms and on_topic(r)
            )
    # plus those addressed to the team and not on the person's topics
    addressed_only: set[int] = set()
    for handle in team:
        for r in pick.by_addressed.get(handle, ()):
            if not on_topic(r) and pick.posts[r].platform in platforms and pick.authors[r] not in handles:
                addressed_only.add(r)
    total += len(addressed_only)
    # the candidates whose outcome needs a look: in one of the person's threads, or reacted to by
    # a team member or official account
    looked: set[int] = set()
    for post_id in ctx.conversation_of:
        if post_id in pick.rank_by_id:
            looked.add(pick.rank_by_id[post_id])
        elif post_id in pick.dup_ranks:
            looked.update(pick.dup_ranks[post_id])
    for handle in others:
        looked.update(pick.by_insider_child.get(handle, ()))
    caught_by_others = answered = 0
    not_missed: set[int] = set()  # answered, or someone else's catch
    for rank in sorted(looked):
        if not counted(rank):
            continue
        post = pick.posts[rank]
        answer, _how, _ = answer_of(ctx, post)
        first_other = min(
            (c.created_at for c in ctx.stream.children.get(post.id, []) if c.author in others),
            default=None,
        )
        if first_other is not None and (answer is None or first_other < answer.created_at):
            caught_by_others += 1
            not_missed.add(rank)
        elif answer is not None:
            answered += 1
            not_missed.add(rank)
    n = total - caught_by_others
    details: dict[str, object] = {
        "topics": sorted(topics),
        "platforms": sorted(platforms),
        "team": len(team),
        "stream_posts": n,
        "answered": answered,
        "picked_up_by_others": caught_by_others,
    }
    if n < MINIMUM[name]:
        code = "no_topic_posts" if not topics and not n else "no_stream_in_topics"
        return insufficient(name, code, n=n, **details)
    # the newest posts left lying: the candidates in rank order (newest first), merged
    lists: list[Iterable[int]] = [pick.by_topic.get((t, p), ()) for t in topics for p in platforms]
    lists.append(sorted(addressed_only))
    missed: list[Evidence] = []
    last = -1
    for rank in heapq.merge(*lists):
        if rank == last:
            continue
        last = rank
        if rank in not_missed or pick.authors[rank] in handles:
            continue
        missed.append(evidence(pick.posts[rank], "not_picked_up"))
        if len(missed) >= EVIDENCE_LIMIT:
            break
    details["evidence_total"] = n - answered
    outcomes = [1.0] * answered + [0.0] * (n - answered)
    return Measure(name, answered / n, n=n, evidence=missed, details=details, outcomes=outcomes)


def _newest_missed(index: StreamIndex, topics: set[str], skip: set[str]) -> list[Evidence]:
    """The newest stream posts on *topics* not in *skip*, at most EVIDENCE_LIMIT (no full sort)."""
    found: dict[str, Post] = {}
    for topic in topics:
        ids = index.topic_ids.get(topic, [])
        taken = 0
        for i in range(len(ids) - 1, -1, -1):
            if taken >= EVIDENCE_LIMIT:
                break
            if ids[i] not in skip and ids[i] not in found:
                found[ids[i]] = index.by_id[ids[i]]
                taken += 1
    newest = sorted(found.values(), key=lambda p: p.created_at, reverse=True)[:EVIDENCE_LIMIT]
    return [evidence(p, "not_engaged") for p in newest]


def goal_alignment(ctx: PersonContext) -> Measure:
    """Share of the person's posts on goal topics that drew external engagement (replies, quotes,
    boosts by accounts outside the organisation, seen in M or O)."""
    name = "goal_alignment"
    if ctx.org is None:
        return insufficient(name, "no_org")
    if not ctx.org.goal_topics:
        return insufficient(name, "no_org_topics")
    if ctx.inbound is None and ctx.stream is None:
        return insufficient(name, "no_inbound")
    goal = ctx.org.goal_topics
    goal_names = {t.name for t in goal}
    posts = [p for p in ctx.own if goal_names.intersection(ctx.topics_of(p))]
    if len(posts) < MINIMUM[name]:
        return insufficient(name, "too_few_posts", n=len(posts))
    responders: dict[str, set[str]] = {}
    for other in [
        *(ctx.inputs.inbound or []),
        *(c for p in posts for c in (ctx.stream.children.get(p.id, []) if ctx.stream else [])),
    ]:
        if ctx.role(other.author) != "external":
            continue
        for parent in (other.in_reply_to_id, other.quote_of_id, other.boost_of_id):
            if parent:
                responders.setdefault(parent, set()).add(other.author)
    drew = [p for p in posts if responders.get(p.id)]
    silent = [evidence(p, "no_external_engagement") for p in posts if not responders.get(p.id)]
    details: dict[str, object] = {"goal_posts": len(posts), "with_external_engagement": len(drew)}
    ev = [evidence(p, "external_engagement", accounts=sorted(responders[p.id])) for p in drew[:10]]
    ev += capped(silent, details)
    outcomes = [1.0 if responders.get(p.id) else 0.0 for p in posts]
    return Measure(
        name, len(drew) / len(posts), n=len(posts), evidence=ev, details=details, outcomes=outcomes
    )


def is_active(index: StreamIndex, post: Post, topics: Sequence[str], exclude_self: bool = True) -> bool:
    ts = post.created_at.timestamp()
    need = ACTIVE_MIN_POSTS + (1 if exclude_self and post.id in index.by_id else 0)
    for name in topics:
        if index.count_near(index.topic_times.get(name, []), ts, WINDOW_HOURS) >= need:
            return True
    for tag in post.hashtags:
        times = index.hashtag_times.get(tag.lower().lstrip("#"))
        if times and index.count_near(times, ts, WINDOW_HOURS) >= need:
            return True
    return False


def topicality(ctx: PersonContext) -> Measure:
    """Of the person's posts on organisation matters, the share on topics active in O within
    ±72 h. Replies count as topical; posts not about organisation topics are not counted."""
    name = "topicality"
    if ctx.org is None:
        return insufficient(name, "no_org")
    if not ctx.org.topics:
        return insufficient(name, "no_org_topics")
    if ctx.stream is None:
        return insufficient(name, "no_stream")
    work = [(p, ctx.topics_of(p)) for p in ctx.own]
    work = [(p, t) for p, t in work if t]
    if len(work) < MINIMUM[name]:
        return insufficient(name, "too_few_posts", n=len(work))
    topical = 0
    off: list[Evidence] = []
    outcomes: list[float] = []
    for post, names in work:
        hit = post.is_reply or is_active(ctx.stream, post, names)
        outcomes.append(1.0 if hit else 0.0)
        if hit:
            topical += 1
        else:
            off.append(evidence(post, "not_topical", topics=names))
    details: dict[str, object] = {"work_posts": len(work), "topical": topical, "window_hours": WINDOW_HOURS}
    ev = capped(off, details)
    return Measure(name, topical / len(work), n=len(work), evidence=ev, details=details, outcomes=outcomes)


def _public_before(ctx: PersonContext, topic: str, when: datetime) -> bool:
    """True when someone other than the person posted on *topic* in the stream before *when*:
    the subject was already public, so posting on it runs ahead of no one (the organisation's
    own statements before the window are not in the data)."""
    index = ctx.stream
    if index is None:
        return False
    times, ids = index.topic_times.get(topic, []), index.topic_ids.get(topic, [])
    upto = bisect_left(times, when.timestamp())
    return any(index.by_id[i].author not in ctx.handles for i in ids[:upto])


def not_ahead_of_organisation(ctx: PersonContext) -> Measure:
    """Number of the person's posts on an organisation or sensitive topic published before the
    official accounts' first post on that topic while the subject was not yet public (nobody
    else had posted on it in the stream), norm 0. Evidence: those posts, with the lead."""
    name = "not_ahead_of_organisation"
    if ctx.org is None:
        return insufficient(name, "no_org")
    if not ctx.org.topics:
        return insufficient(name, "no_org_topics")
    if ctx.stream is None:
        return insufficient(name, "no_stream")
    if ctx.stream.official_posts == 0:
        return insufficient(name, "no_official_posts")
    topics = person_topics(ctx)
    n = len({p.id for posts in topics.values() for p in posts})
    if n < MINIMUM[name]:
        return insufficient(name, "too_few_posts" if n else "no_topic_posts", n=n)
    sensitive = {t.name for t in ctx.org.sensitive_topics}
    ahead: list[tuple[float, Evidence]] = []
    seen: set[str] = set()
    for topic, posts in topics.items():
        first = ctx.stream.official_first.get(topic)
        for post in posts:
            if post.id in seen:
                continue
            if (first is None or post.created_at < first.created_at) and not _public_before(
                ctx, topic, post.created_at
            ):
                seen.add(post.id)
                lead = (first.created_at - post.created_at).total_seconds() / 3600 if first else None
                data = {
                    "topic": topic,
                    "sensitive": topic in sensitive,
                    "hours_before_org": round(lead, 2) if lead is not None else None,
                    "org_post_id": first.id if first else None,
                }
                ahead.append(
                    (lead if lead is not None else float("inf"), evidence(post, "ahead_of_org", **data))
                )
    ahead.sort(key=lambda x: -x[0])
    details: dict[str, object] = {
        "topic_posts": n,
        "ahead": len(ahead),
        "ahead_on_sensitive": sum(1 for _, e in ahead if e.data["sensitive"]),
    }
    ev = capped([e for _, e in ahead], details)
    outcomes = [1.0] * len(ahead) + [0.0] * (n - len(ahead))
    return Measure(
        name, float(len(ahead)), n=n, evidence=ev, details=details, outcomes=outcomes, statistic="sum"
    )


@dataclass(slots=True, frozen=True)
class Burst:
    """A day on which a topic or hashtag drew far more stream posts than usual."""

    term: str  # topic name, or "#hashtag"
    day: date
    count: int
    baseline: float  # median posts per active day for this term


def topic_bursts(index: StreamIndex, min_posts: int = 5, factor: float = 3.0) -> list[Burst]:
    """Bursts in the stream: days where an organisation topic or hashtag has at least
    *min_posts* posts and at least *factor* times its median count over the days it occurs.
    Sorted by day, then by size. For dashboards ("what was the organisation discussed about")."""
    series: dict[str, list[float]] = {name: times for name, times in index.topic_times.items()}
    series.update({"#" + tag: times for tag, times in index.hashtag_times.items()})
    out: list[Burst] = []
    for term, times in series.items():
        if len(times) < min_posts:
            continue
        per_day = Counter(datetime.fromtimestamp(t, UTC).date() for t in times)
        baseline = median(per_day.values())
        out += [
            Burst(term, day, n, baseline)
            for day, n in per_day.items()
            if n >= min_posts and n >= factor * baseline
        ]
    out.sort(key=lambda b: (b.day, -b.count, b.term))
    return out
