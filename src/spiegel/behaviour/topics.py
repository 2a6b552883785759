"""Topics and timing: engagement with the organisation stream, goal topics that draw external
engagement, topicality of work posts, and posts ahead of the organisation's own statement.

A topic is *active* at a moment when the stream O holds at least :data:`ACTIVE_MIN_POSTS` posts on
it (an organisation topic by keywords, or a shared hashtag) within ±:data:`WINDOW_HOURS`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from statistics import median

from spiegel.behaviour.common import EVIDENCE_LIMIT, MINIMUM, capped, evidence, insufficient
from spiegel.behaviour.context import PersonContext, StreamIndex
from spiegel.evidence import Evidence, Measure
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
    not the person's to own. Evidence: the posts left lying, newest first."""
    from spiegel.behaviour.reactions import answer_of

    name = "stream_pickup"
    if ctx.stream is None:
        return insufficient(name, "no_stream")
    if ctx.org is None:
        return insufficient(name, "no_org")
    topics = set(person_topics(ctx))
    team = team_of(ctx)
    others = (team - ctx.handles) | set(ctx.org.official_accounts)
    platforms = {p.platform for p in ctx.own}
    items: list[tuple[Post, bool]] = []
    caught_by_others = 0
    for post in ctx.stream.posts:
        if post.kind == "boost" or post.platform not in platforms or ctx.role(post.author) != "external":
            continue
        addressed = {normalize_handle(post.in_reply_to_author), *map(normalize_handle, post.mentions)}
        on_topic = bool(topics) and not topics.isdisjoint(ctx.stream.topics_by_id.get(post.id, ()))
        if not (on_topic or addressed & team):
            continue
        answer, _how, _ = answer_of(ctx, post)
        first_other = min(
            (c.created_at for c in ctx.stream.children.get(post.id, []) if c.author in others),
            default=None,
        )
        if first_other is not None and (answer is None or first_other < answer.created_at):
            caught_by_others += 1
            continue
        items.append((post, answer is not None))
    details: dict[str, object] = {
        "topics": sorted(topics),
        "platforms": sorted(platforms),
        "team": len(team),
        "stream_posts": len(items),
        "answered": sum(ok for _, ok in items),
        "picked_up_by_others": caught_by_others,
    }
    if len(items) < MINIMUM[name]:
        code = "no_topic_posts" if not topics and not items else "no_stream_in_topics"
        return insufficient(name, code, n=len(items), **details)
    missed = sorted((p for p, ok in items if not ok), key=lambda p: p.created_at, reverse=True)
    ev = capped([evidence(p, "not_picked_up") for p in missed], details)
    outcomes = [1.0 if ok else 0.0 for _, ok in items]
    value = sum(outcomes) / len(items)
    return Measure(name, value, n=len(items), evidence=ev, details=details, outcomes=outcomes)


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
