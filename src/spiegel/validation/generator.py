"""Generate one validation organisation ("Gemeente Waterbeek") for a seed.

The planted behaviour of every archetype is written from the norms (DESIGN §2, the blog in
``shared/seed``), not from what the measures happen to do:

* *luisteren* high: reacts to (nearly) every message addressed to them within hours, and picks
  up the outsiders' stream posts on their topics or addressed to their team that nobody else
  answered yet (each listener notices 90% of them, within hours; the first to notice answers);
  low: reacts to a third of the messages, days later, and picks up nothing from the stream. The
  planted non-listeners work in a department of their own (:data:`DEPARTMENTS`): in a team of
  listeners a non-listener owns nothing, since what lies on their topics the team picks up.
* *verbinden* high: questions and complaints answered within a day, by the person or by the
  responsible colleague they bring in by @-mention (who then answers in the thread); low: most
  are left lying or answered days later.
* *netwerken* high: two-way conversations with residents, companies, interest groups and media,
  and posts on the organisation's goals that draw outside replies; low: talks with colleagues.
* *timing* high: topical, businesslike posts; low: mud-slinging and running ahead of the
  organisation's own announcement.
* *informeren* high: explanations in a few short sentences of plain (B1) Dutch, in dialogue;
  low: officialese (long, or short but far above B1), or no explanations at all.
* *rolvast* high: written by hand, in their own voice with some personal posts; low: a
  scheduling tool broadcasting template link posts.

Per seed the amounts, texts, timings, correspondents and the share of hand-offs vary. People
(not the scheduling tool) sleep: a post that would fall between 00:00 and 07:00 local time is
written the next morning (DESIGN §2 counts round-the-clock posting as automation; see
:func:`_awake`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import yaml

from spiegel.demo.exports import write_x_archive
from spiegel.demo.ids import x_snowflake
from spiegel.records import Interaction, Post
from spiegel.sources.generic import write_jsonl
from spiegel.validation import texts as T

ORG_NAME = "Gemeente Waterbeek"
OFFICIAL = "gem_waterbeek"
START = datetime(2026, 3, 2, tzinfo=UTC)
DAYS = 56
END = START + timedelta(days=DAYS)
COMPETENCIES = ("luisteren", "verbinden", "netwerken", "timing", "informeren", "rolvast")
#: the responsible colleagues a question or complaint is handed to, per topic (not assessed)
RESPONSIBLE = {
    "fietspaden": "wb_verkeer_dekker",
    "warmtenet": "wb_energie_bos",
    "groen": "wb_groen_smit",
    "parkeren": "wb_parkeren_ali",
}
#: the department of an archetype, when not ``DEFAULT_DEPARTMENT`` (see the module docstring)
DEPARTMENTS = {"zwijger": "Burgerzaken", "automaat": "Communicatie"}
DEFAULT_DEPARTMENT = "Publiekszaken"
#: share of the stream posts still unanswered on their topics that a planted listener notices
LISTEN_NOTICE = 0.9
#: the sensitive topic's official announcement day (offset from START)
SENSITIVE_DAY = 40
#: the organisation's time zone (org.yaml ``timezone``)
TIMEZONE = ZoneInfo("Europe/Amsterdam")

HIGH, LOW, NONE, LOW_OR_NONE, ANY = "high", "low", "none", "low_or_none", "any"


@dataclass(frozen=True, slots=True)
class Archetype:
    """One planted way of working; ``expected`` maps competency -> high/low/none/low_or_none/any."""

    key: str
    expected: dict[str, str]
    react: float = 0.97  # share of messages reacted to
    slow: bool = False  # reactions days late
    answer: float = 1.0  # share of questions answered (within a day, or days late when slow)
    handoff: float = 0.0  # share of questions handed to a colleague
    complaints: str = "own"  # own | handoff | ignore
    explain: str = "plain"  # plain | official_short | official_long | none
    external: bool = True  # two-way conversations with outsiders
    hostile: float = 0.0
    ahead: int = 0
    automated: bool = False
    personal: float = 0.25
    inbound: str = "file"  # file | empty | stream
    thin: bool = False
    listen: bool = True  # picks up stream posts on their topics that nobody else answered


def _all(level: str, **over: str) -> dict[str, str]:
    return {c: over.get(c, level) for c in COMPETENCIES}


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("voorbeeld", _all(HIGH)),
    Archetype("doorverwijzer", _all(HIGH), handoff=0.6, complaints="handoff"),
    Archetype("zelfoplosser", _all(HIGH), handoff=0.0, complaints="own"),
    Archetype("ambtenaar", _all(HIGH, informeren=LOW), explain="official_short"),
    Archetype("scherp", _all(HIGH, timing=LOW), hostile=0.25, ahead=3),
    Archetype(
        "zwijger",
        _all(LOW, timing=HIGH, rolvast=HIGH),
        react=0.3,
        slow=True,
        answer=0.2,
        complaints="ignore",
        explain="official_long",
        external=False,
        listen=False,
    ),
    Archetype(
        "automaat",
        _all(LOW, timing=ANY, informeren=LOW_OR_NONE),
        react=0.1,
        slow=True,
        answer=0.0,
        complaints="ignore",
        explain="none",
        external=False,
        automated=True,
        personal=0.0,
        listen=False,
    ),
    Archetype("dun", _all(NONE), inbound="empty", thin=True, listen=False),
    Archetype("stroom", _all(HIGH), inbound="stream"),
)


@dataclass(slots=True)
class PersonData:
    archetype: Archetype
    handle: str
    name: str
    posts: list[Post] = field(default_factory=list)
    likes: list[Interaction] = field(default_factory=list)
    inbound: list[Post] = field(default_factory=list)
    written: set[str] = field(default_factory=set)  # the words of each hand-written post


@dataclass(slots=True)
class PersonFiles:
    key: str
    handle: str
    archive: Path
    inbound: Path
    expected: dict[str, str]


@dataclass(slots=True)
class OrgFiles:
    root: Path
    org: Path
    stream: Path
    planted: Path
    people: list[PersonFiles]
    seed: int
    since: str = START.date().isoformat()
    until: str = (END - timedelta(days=1)).date().isoformat()


class _World:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed * 7919 + 17)
        self.seq = 0
        self.bios: dict[str, str] = {}
        self.externals: list[tuple[str, str]] = []  # (handle, kind)
        kinds = ["citizen"] * 6 + ["company", "interest_group", "interest_group", "media"]
        for i, name in enumerate(T.NAMES):
            kind = kinds[i % len(kinds)]
            handle = f"{name.lower()}_{self.rng.randint(10, 99)}wb"
            self.bios[handle] = self.fill(self.rng.choice(T.BIOS[kind]))
            self.externals.append((handle, kind))
        for handle in RESPONSIBLE.values():
            self.bios[handle] = "Medewerker van de gemeente Waterbeek."
        self.bios[OFFICIAL] = "Officieel account van de gemeente Waterbeek."
        self.stream: list[Post] = []
        self.stream_topic: dict[str, str] = {}  # id of an outsider's stream post -> its topic

    def fill(self, template: str, **extra: str) -> str:
        slots = {"street": self.rng.choice(T.STREETS), "district": self.rng.choice(T.DISTRICTS)}
        slots.update(extra)
        return template.format(**slots)

    def at(self, day: int, lo: int = 7, hi: int = 17) -> datetime:
        return START + timedelta(
            days=day, hours=self.rng.randint(lo, hi - 1), minutes=self.rng.randint(0, 59)
        )

    def post(
        self,
        author: str,
        when: datetime,
        text: str,
        *,
        reply_to: Post | None = None,
        mentions: list[str] | None = None,
        source_app: str = "Twitter for Android",
    ) -> Post:
        self.seq += 1
        pid = x_snowflake(when, self.seq)
        mentions = list(mentions or [])
        post = Post(
            platform="x",
            id=pid,
            author=author,
            created_at=when,
            text=text,
            url=f"https://x.com/{author}/status/{pid}",
            lang="nl",
            mentions=mentions,
            hashtags=[w[1:].lower() for w in text.split() if w.startswith("#")],
            urls=[w for w in text.split() if w.startswith("https://")],
            source_app=source_app,
            visibility="public",
            author_bio=self.bios.get(author),
            conversation_id=pid,
        )
        if reply_to is not None:
            post.in_reply_to_id = reply_to.id
            post.in_reply_to_author = reply_to.author
            post.conversation_id = reply_to.conversation_id or reply_to.id
            if reply_to.author not in post.mentions:
                post.mentions.insert(0, reply_to.author)
        return post

    def external(self, outsiders: bool = True) -> str:
        pool = self.externals if outsiders else self.externals[:6]
        return self.rng.choice(pool)[0]


def _stream(w: _World) -> None:
    """Residents, companies and media on the organisation's topics, every day; the official
    account's statements (the sensitive topic first on SENSITIVE_DAY)."""
    for day in range(DAYS):
        for _ in range(w.rng.randint(2, 4)):
            topic = w.rng.choice(list(T.STREAM_POSTS))
            w.stream.append(
                w.post(w.external(), w.at(day, 6, 22), w.fill(w.rng.choice(T.STREAM_POSTS[topic])))
            )
            w.stream_topic[w.stream[-1].id] = topic
        if day % 3 == 0:
            topic = w.rng.choice(list(T.GOAL_TOPICS))
            w.stream.append(
                w.post(
                    OFFICIAL,
                    w.at(day),
                    w.fill(w.rng.choice(T.OFFICIAL_POSTS[topic])),
                    source_app="Twitter Web App",
                )
            )
    w.stream.append(
        w.post(
            OFFICIAL,
            w.at(SENSITIVE_DAY, 15, 16),
            w.fill(T.OFFICIAL_POSTS["sluiting"][0]),
            source_app="Twitter Web App",
        )
    )


def _own_words(w: _World, body: str, first: str) -> str:
    """*body* with an opener and a closer of the person's own, as people vary their replies."""
    parts = [w.rng.choice(T.OPENERS), body, w.rng.choice(T.CLOSERS).format(first=first)]
    return " ".join(p for p in parts if p)


def _explanation(w: _World, a: Archetype, topic: str, asker: str) -> str:
    if a.explain == "official_short":
        body = _own_words(w, w.rng.choice(T.OFFICIAL_SHORT), "")
    elif a.explain == "official_long":
        first, second = w.rng.sample(T.OFFICIAL_SHORT, 2)
        tail = [s.strip() + "." for s in T.OFFICIAL_TAIL[0].split(". ") if s.strip()]
        body = " ".join([first, second, *w.rng.sample(tail, k=len(tail))]).replace("..", ".")
    else:
        body = _own_words(w, w.fill(w.rng.choice(T.PLAIN_ANSWERS[topic])), "")
    return f"@{asker} {body}"


def _awake(when: datetime) -> datetime:
    """People sleep: a hand-written post that would fall between 00:00 and 07:00 local time is
    written the next morning, 07:00–08:59. DESIGN §2 lists round-the-clock posting as a sign of
    automation, so a person planted as human must not post through the night (before this the
    generator let fast responders reply until 04:00 local, so up to 17% of their posts looked
    automated). No random draw, so the rest of a seed's organisation stays as it was."""
    local = when.astimezone(TIMEZONE)
    if local.hour >= 7:
        return when
    morning = local.replace(hour=7, minute=0, second=0, microsecond=0)
    return (morning + timedelta(minutes=local.minute + 60 * (local.hour % 2))).astimezone(UTC)


def _words(text: str) -> str:
    """The words of *text* (lower case; mentions, links, numbers and punctuation left out)."""
    return " ".join(re.sub(r"(@|https?://)\S+|[^\w\s]|\d", " ", text.lower()).split())


def _unrepeated(w: _World, pd: PersonData, text: str) -> str:
    """*text*, or when a hand-writing person wrote the same words before, *text* with an aside
    of their own (:data:`~spiegel.validation.texts.ASIDES`). A person writing by hand does not
    repeat a post word for word; the generator composes posts from short pools, so without this
    a planted human repeated up to 4 of 70 posts, and DESIGN §2 counts duplicate text as
    automation (the same reasoning as :func:`_awake`). The scheduling tool repeats freely."""
    if pd.archetype.automated:
        return text
    asides = list(T.ASIDES)
    if _words(text) in pd.written:
        w.rng.shuffle(asides)
    candidate = text
    while _words(candidate) in pd.written and asides:
        candidate = f"{text} {asides.pop()}"
    pd.written.add(_words(candidate))
    return candidate


def _delay(w: _World, a: Archetype) -> timedelta:
    if a.slow:
        return timedelta(hours=w.rng.uniform(40, 110))
    return timedelta(hours=w.rng.uniform(0.3, 6))


def _person(w: _World, a: Archetype, handle: str, name: str) -> PersonData:
    pd = PersonData(a, handle, name)
    rng = w.rng
    given = name.split()[0]
    app = (
        "Buffer"
        if a.automated
        else rng.choice(("Twitter for Android", "Twitter Web App", "Twitter for iPhone"))
    )
    topics = list(T.GOAL_TOPICS)

    def own(
        when: datetime, text: str, reply_to: Post | None = None, mentions: list[str] | None = None
    ) -> Post:
        if not a.automated:
            when = _awake(when)
        text = _unrepeated(w, pd, text)
        p = w.post(handle, when, text, reply_to=reply_to, mentions=mentions, source_app=app)
        pd.posts.append(p)
        return p

    def like(target: Post) -> None:
        pd.likes.append(
            Interaction("x", "like", handle, None, target.id, target.author, target.url, target.text)
        )

    scale = 0.25 if a.thin else 1.0
    # -- the person's own posts --------------------------------------------------------------
    n_work = max(2, int(rng.randint(14, 20) * scale))
    own_topic_posts: list[Post] = []
    for i in range(n_work):
        topic = topics[i % len(topics)]
        day = rng.randint(1, DAYS - 2)
        if a.automated:
            title = w.fill(rng.choice(T.BROADCAST_TITLES[topic]))
            text = rng.choice(T.BROADCAST).format(
                title=title, url=f"https://www.waterbeek.example/nieuws/{w.seq}"
            )
            when = START + timedelta(days=day, hours=8, minutes=0)
        else:
            text, when = _own_words(w, w.fill(rng.choice(T.WORK_POSTS[topic])), ""), w.at(day)
        own_topic_posts.append(own(when, text))
    if not a.thin:
        for _ in range(round(n_work * a.personal)):
            own(w.at(rng.randint(1, DAYS - 2), 17, 22), _own_words(w, rng.choice(T.PERSONAL), ""))
        n_hostile = round(n_work * a.hostile)
        for _ in range(n_hostile):
            target = w.external()
            own(
                w.at(rng.randint(1, DAYS - 2)),
                w.fill(rng.choice(T.HOSTILE), who=f"@{target}"),
                mentions=[target],
            )
        for _ in range(a.ahead):
            own(w.at(rng.randint(SENSITIVE_DAY - 12, SENSITIVE_DAY - 2)), w.fill(rng.choice(T.AHEAD)))
    if a.thin:
        return pd

    # -- messages addressed to the person and what they do with them --------------------------
    def addressed(text: str, day: int, reply_to: Post | None = None, outsiders: bool = True) -> Post:
        who = w.external(outsiders)
        m = w.post(who, w.at(day, 7, 20), f"@{handle} {text}", reply_to=reply_to, mentions=[handle])
        pd.inbound.append(m)
        return m

    def react_to(m: Post, text: str | None, mentions: list[str] | None = None) -> Post | None:
        when = m.created_at + _delay(w, a)
        if text is None:
            like(m)
            return None
        return own(when, text, reply_to=m, mentions=mentions)

    for _ in range(rng.randint(9, 13)):  # questions
        topic = rng.choice(topics)
        q = addressed(w.fill(rng.choice(T.QUESTIONS[topic])), rng.randint(1, DAYS - 4))
        if rng.random() >= a.answer:
            if rng.random() < a.react:
                like(q)
            if a.slow and a.explain != "none" and rng.random() < 0.6:  # answered days later
                own(
                    q.created_at + timedelta(hours=rng.uniform(50, 120)),
                    _explanation(w, a, topic, q.author),
                    reply_to=q,
                )
            continue
        if rng.random() < a.handoff:
            colleague = RESPONSIBLE[topic]
            text = f"@{q.author} " + _own_words(
                w, rng.choice(T.HANDOFF_QUESTION).format(who=f"@{colleague}"), given
            )
            first = own(
                q.created_at + timedelta(hours=rng.uniform(0.3, 2)), text, reply_to=q, mentions=[colleague]
            )
            ans = w.post(
                colleague,
                first.created_at + timedelta(hours=rng.uniform(1, 8)),
                f"@{q.author} " + w.fill(rng.choice(T.PLAIN_ANSWERS[topic])),
                reply_to=first,
                mentions=[q.author, handle],
            )
            pd.inbound.append(ans)
            like(ans)
        else:
            answer = own(q.created_at + _delay(w, a), _explanation(w, a, topic, q.author), reply_to=q)
            if a.external and rng.random() < 0.5:  # the asker thanks them: two-way
                thanks = w.post(
                    q.author,
                    answer.created_at + timedelta(hours=rng.uniform(0.5, 5)),
                    f"@{handle} Dank je, duidelijk!",
                    reply_to=answer,
                    mentions=[handle],
                )
                pd.inbound.append(thanks)
                like(thanks)
    for _ in range(rng.randint(4, 6)):  # complaints
        topic = rng.choice(topics)
        c = addressed(w.fill(rng.choice(T.COMPLAINTS[topic])), rng.randint(1, DAYS - 4))
        if a.complaints == "ignore":
            if rng.random() < a.react:
                react_to(c, None)
            continue
        if a.complaints == "handoff":
            colleague = RESPONSIBLE[topic]
            text = f"@{c.author} " + _own_words(w, rng.choice(T.HANDOFF).format(who=f"@{colleague}"), given)
            first = own(
                c.created_at + timedelta(hours=rng.uniform(0.3, 2)), text, reply_to=c, mentions=[colleague]
            )
            ans = w.post(
                colleague,
                first.created_at + timedelta(hours=rng.uniform(1, 8)),
                f"@{c.author} " + rng.choice(T.COLLEAGUE_ANSWER),
                reply_to=first,
                mentions=[c.author, handle],
            )
            pd.inbound.append(ans)
            like(ans)
        else:
            own(
                c.created_at + _delay(w, a),
                f"@{c.author} " + _own_words(w, rng.choice(T.OWN_COMPLAINT_ANSWER), given),
                reply_to=c,
            )
    for _ in range(rng.randint(5, 8)):  # friendly remarks
        topic = rng.choice(topics)
        r = addressed(
            w.fill(rng.choice(T.REMARKS), topic_word=rng.choice(T.TOPICS[topic])), rng.randint(1, DAYS - 4)
        )
        if rng.random() < a.react:
            react_to(
                r,
                None if rng.random() < 0.5 else f"@{r.author} " + _own_words(w, rng.choice(T.THANKS), given),
            )
    # replies of outsiders to the person's goal posts (drawn by good networking), answered
    if a.external:
        for post in rng.sample(own_topic_posts, k=min(len(own_topic_posts), rng.randint(7, 10))):
            reply = addressed(
                rng.choice(
                    (
                        "Goed plan, hoe kunnen wij helpen?",
                        "Mooi initiatief! Wij doen graag mee met de buurt.",
                        "Interessant, hier willen we als vereniging meer over weten.",
                    )
                ),
                0,
                reply_to=post,
            )
            reply.created_at = post.created_at + timedelta(hours=rng.uniform(1, 20))
            own(
                reply.created_at + timedelta(hours=rng.uniform(0.5, 5)),
                f"@{reply.author} " + _own_words(w, rng.choice(T.NETWORK_REPLIES), given),
                reply_to=reply,
            )
    else:  # talks with colleagues only
        colleagues = list(RESPONSIBLE.values())
        for _ in range(rng.randint(6, 9)):
            colleague = rng.choice(colleagues)
            base = w.post(
                colleague,
                w.at(rng.randint(1, DAYS - 3)),
                "Vandaag weer een mooie projectdag gehad met het team.",
            )
            w.stream.append(base)
            if a.automated:
                like(base)
            else:
                own(
                    base.created_at + timedelta(hours=2),
                    f"@{colleague} " + _own_words(w, rng.choice(T.COLLEAGUE_CHAT), given),
                    reply_to=base,
                )
    return pd


def _pickup_text(w: _World, a: Archetype, author: str, given: str) -> str:
    """A listener's answer to an outsider's stream post, in the person's own way of writing (the
    officialese writer in officialese, the mud-slinger as often hostile as in their own posts),
    without the topic's keywords: an answer in the thread, not a post on the goal topic. A
    hostile answer ends in a remark of its own (:data:`~spiegel.validation.texts.HOSTILE_TAIL`):
    a person does not repeat an insult word for word, and a repeated text reads as a template
    (automation) to ``human_presence``."""
    if w.rng.random() < a.hostile:
        insult = w.fill(w.rng.choice(T.HOSTILE), who=f"@{author}")
        return f"{insult} {w.rng.choice(T.HOSTILE_TAIL)}"
    if a.explain == "official_short":
        return f"@{author} " + _own_words(w, w.rng.choice(T.OFFICIAL_PICKUP), "")
    return f"@{author} " + _own_words(w, w.rng.choice(T.STREAM_PICKUP), given)


def _listen(w: _World, people: list[PersonData]) -> None:
    """Per-person listening to the stream (the blog's norm, made personal in issue #12): every
    outsider's stream post on the goal topics, or addressed to a member of the listeners' team,
    that no colleague answered yet is noticed by each planted listener with probability
    :data:`LISTEN_NOTICE` some hours later; the first to notice answers in the thread. A
    non-listener answers none."""
    listeners = [pd for pd in people if pd.archetype.listen and not pd.archetype.thin]
    team = {pd.handle for pd in people if _department(pd.archetype) == DEFAULT_DEPARTMENT}
    outsiders = {h for h, _ in w.externals}
    answered = {p.in_reply_to_id for p in w.stream if p.in_reply_to_id and p.author not in outsiders}
    for pd in people:
        answered |= {p.in_reply_to_id for p in pd.posts if p.in_reply_to_id}
    for post in list(w.stream):
        if post.author not in outsiders or post.id in answered:
            continue
        on_topic = w.stream_topic.get(post.id) in T.GOAL_TOPICS
        if not (on_topic or team.intersection(post.mentions)):
            continue
        noticed = [
            (post.created_at + timedelta(hours=w.rng.uniform(0.5, 8)), pd)
            for pd in listeners
            if w.rng.random() < LISTEN_NOTICE
        ]
        if not noticed:
            continue
        when, pd = min(noticed, key=lambda x: x[0])
        a = pd.archetype
        reply = w.post(
            pd.handle,
            _awake(when),
            _unrepeated(w, pd, _pickup_text(w, a, post.author, pd.name.split()[0])),
            reply_to=post,
            source_app=(pd.posts[0].source_app if pd.posts else None) or "Twitter Web App",
        )
        pd.posts.append(reply)
        w.stream.append(reply)


def _department(a: Archetype) -> str:
    return DEPARTMENTS.get(a.key, DEFAULT_DEPARTMENT)


def org_config(people: list[PersonData]) -> dict[str, Any]:
    colleagues = [
        {"handle": p.handle, "name": p.name, "department": _department(p.archetype)} for p in people
    ]
    colleagues += [{"handle": h, "name": h, "department": t} for t, h in RESPONSIBLE.items()]
    return {
        "name": ORG_NAME,
        "official_accounts": [OFFICIAL],
        "colleagues": colleagues,
        "goal_topics": [{"name": t, "keywords": list(T.TOPICS[t])} for t in T.GOAL_TOPICS],
        "sensitive_topics": [{"name": t, "keywords": list(k)} for t, k in T.SENSITIVE.items()],
        "answer_within_hours": 24,
        "timezone": TIMEZONE.key,
    }


def generate(seed: int) -> tuple[list[PersonData], list[Post]]:
    """The people (with posts, likes and messages) and the stream of the organisation for *seed*."""
    w = _World(seed)
    _stream(w)
    people = []
    first = ("Marieke", "Dennis", "Karin", "Bart", "Hatice", "Niels", "Floor", "Erik", "Sevda")
    for i, a in enumerate(ARCHETYPES):
        name = f"{first[i]} ({a.key})"
        people.append(_person(w, a, f"wb_{a.key}", name))
    for pd in people:
        if pd.archetype.inbound == "stream":
            w.stream.extend(m for m in pd.inbound if START <= m.created_at < END)
    w.stream.sort(key=lambda p: p.created_at)
    _listen(w, people)
    # the listening tool follows the threads it carries: the team's answers in them are in the
    # stream too (who picked a post up is then visible to the colleagues)
    carried = {p.id for p in w.stream}
    for pd in people:
        w.stream += [p for p in pd.posts if p.in_reply_to_id in carried and p.id not in carried]
    for pd in people:
        pd.inbound = [m for m in pd.inbound if START <= m.created_at < END]
        pd.posts = [p for p in pd.posts if START <= p.created_at < END]
        pd.posts.sort(key=lambda p: p.created_at)
        pd.inbound.sort(key=lambda p: p.created_at)
    w.stream = [p for p in w.stream if p.created_at < END]
    w.stream.sort(key=lambda p: p.created_at)
    return people, w.stream


def write_org(out: Path, seed: int) -> OrgFiles:
    """Write the organisation for *seed* under *out*: ``org.yaml``, ``stream.jsonl``,
    ``planted.json`` and per person ``<key>/x-archive.zip`` and ``<key>/inbound.jsonl`` (0 bytes
    for a person whose messages reach them only through the stream, or who received none)."""
    people, stream = generate(seed)
    out.mkdir(parents=True, exist_ok=True)
    names = {p.handle: p.name for p in people}
    files = []
    for pd in people:
        folder = out / pd.archetype.key
        folder.mkdir(parents=True, exist_ok=True)
        archive = write_x_archive(
            folder / "x-archive.zip",
            pd.handle,
            pd.name,
            "Medewerker gemeente Waterbeek. Persoonlijke titel.",
            pd.posts,
            pd.likes,
            names,
        )
        inbound = folder / "inbound.jsonl"
        if pd.archetype.inbound == "file":
            write_jsonl(pd.inbound, inbound)
        else:
            inbound.write_bytes(b"")
        files.append(PersonFiles(pd.archetype.key, pd.handle, archive, inbound, dict(pd.archetype.expected)))
    org = out / "org.yaml"
    org.write_text(
        f"# {ORG_NAME}: spiegel's validation organisation (synthetic, seed {seed})\n"
        + yaml.safe_dump(org_config(people), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    stream_path = out / "stream.jsonl"
    write_jsonl(stream, stream_path)
    planted = out / "planted.json"
    planted.write_bytes(orjson.dumps({f.key: f.expected for f in files}, option=orjson.OPT_INDENT_2))
    return OrgFiles(out, org, stream_path, planted, files, seed)
