"""Generate the demo municipality as spiegel records: every person's own posts, likes and
follows, the messages addressed to them, and the organisation stream.

Everything is drawn from one seeded :class:`random.Random`, so a seed gives the same world.
Ids follow the platform conventions of :mod:`spiegel.records` (X snowflakes, Mastodon status
URIs, Bluesky ``at://`` URIs, LinkedIn share URLs), so replies link across the exports and the
generic JSONL files exactly as they would with real data.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from spiegel.demo import texts as T
from spiegel.demo.ids import bluesky_tid, did_plc, mastodon_id, x_snowflake
from spiegel.demo.people import (
    CAST,
    CITIZEN_HOSTS,
    OFFICIAL_BLUESKY,
    OFFICIAL_MASTODON,
    OFFICIAL_X,
    TEAM_ACCOUNTS,
    WEBSITE,
    Persona,
)
from spiegel.records import Interaction, Post

#: First day of the demo window (a Monday) and its length.
START = datetime(2026, 9, 7, tzinfo=UTC)
WEEKS = 8
END = START + timedelta(weeks=WEEKS)
#: Day (offset from START) and hour the municipality announces the pool closure.
POOL_ANNOUNCEMENT = START + timedelta(days=30, hours=8)

_HASHTAG = re.compile(r"#(\w+)")
_URL = re.compile(r"https?://\S+")


@dataclass(slots=True)
class Citizen:
    platform: str
    handle: str
    name: str
    bio: str
    kind: str


@dataclass(slots=True)
class PersonWorld:
    """Everything generated for one persona."""

    persona: Persona
    posts: list[Post] = field(default_factory=list)
    likes: list[Interaction] = field(default_factory=list)
    follows: list[Interaction] = field(default_factory=list)
    inbound: list[Post] = field(default_factory=list)
    linkedin_shares: list[Post] = field(default_factory=list)
    linkedin_comments: list[Post] = field(default_factory=list)
    connections: list[dict[str, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.persona.key


@dataclass(slots=True)
class World:
    seed: int
    start: datetime
    end: datetime
    people: list[PersonWorld]
    stream: list[Post]
    #: handle → (display name, bio) of every account the world knows
    profiles: dict[str, tuple[str, str]]
    #: handle → did:plc for Bluesky accounts
    dids: dict[str, str]

    def person(self, key: str) -> PersonWorld:
        for p in self.people:
            if p.key == key:
                return p
        raise KeyError(key)


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.seq = 0
        self.profiles: dict[str, tuple[str, str]] = {}
        self.dids: dict[str, str] = {}
        self.citizens: dict[str, list[Citizen]] = {"x": [], "mastodon": [], "bluesky": []}
        self._queues: dict[str, list[str]] = {}
        self._make_citizens()

    # -- helpers ---------------------------------------------------------------------------
    def pick(self, key: str, pool: tuple[str, ...]) -> str:
        """The next item of *pool* without repeats until the pool is used up (per *key*)."""
        queue = self._queues.get(key)
        if not queue:
            queue = list(pool)
            self.rng.shuffle(queue)
            self._queues[key] = queue
        return queue.pop()

    def fill(self, template: str, **extra: str) -> str:
        slots = {
            "street": self.rng.choice(T.STREETS),
            "district": self.rng.choice(T.DISTRICTS),
            "day": self.rng.choice(T.DAYS),
            "name": self.rng.choice(T.FIRST_NAMES),
        }
        slots.update(extra)
        return template.format(**slots)

    def work_time(self, day: int, earliest: int = 6, latest: int = 16) -> datetime:
        """A human-looking time on *day* (offset from START), between the given UTC hours."""
        return START + timedelta(
            days=day,
            hours=self.rng.randint(earliest, latest - 1),
            minutes=self.rng.randint(0, 59),
            seconds=self.rng.randint(0, 59),
        )

    def weekday(self, lo: int = 3, hi: int = WEEKS * 7 - 1) -> int:
        while True:
            day = self.rng.randint(lo, hi)
            if (START + timedelta(days=day)).weekday() < 5:
                return day

    def did(self, handle: str) -> str:
        return self.dids.setdefault(handle, did_plc(handle))

    def post(
        self,
        platform: str,
        author: str,
        when: datetime,
        text: str,
        *,
        reply_to: Post | None = None,
        mentions: list[str] | None = None,
        source_app: str | None = None,
        lang: str = "nl",
        kind: str = "post",
        boost_of: Post | None = None,
    ) -> Post:
        self.seq += 1
        if platform == "x":
            pid = x_snowflake(when, self.seq)
            url = f"https://x.com/{author}/status/{pid}"
        elif platform == "mastodon":
            user, _, host = author.partition("@")
            sid = mastodon_id(when, self.seq)
            pid = f"https://{host}/users/{user}/statuses/{sid}"
            url = f"https://{host}/@{user}/{sid}"
        elif platform == "bluesky":
            rkey = bluesky_tid(when, self.seq)
            pid = f"at://{self.did(author)}/app.bsky.feed.post/{rkey}"
            url = f"https://bsky.app/profile/{author}/post/{rkey}"
        else:
            pid = f"https://www.linkedin.com/feed/update/urn:li:share:{7_300_000_000_000_000_000 + self.seq}"
            url = pid
        post = Post(
            platform=platform,
            id=pid,
            author=author,
            created_at=when,
            text=text,
            kind=kind,
            url=url,
            lang=lang,
            mentions=list(mentions or []),
            hashtags=[h.lower() for h in _HASHTAG.findall(text)],
            urls=_URL.findall(text),
            source_app=source_app,
            visibility="public",
            author_bio=self.profiles.get(author, ("", ""))[1] or None,
        )
        if reply_to is not None:
            post.in_reply_to_id = reply_to.id
            post.in_reply_to_author = reply_to.author
            post.conversation_id = reply_to.conversation_id or reply_to.id
            if reply_to.author not in post.mentions and platform != "bluesky":
                post.mentions.insert(0, reply_to.author)
        else:
            post.conversation_id = pid
        if boost_of is not None:
            post.boost_of_id = boost_of.id
        return post

    def _make_citizens(self) -> None:
        kinds = ["citizen"] * 8 + ["company", "interest_group", "media"]
        for platform in ("x", "mastodon", "bluesky"):
            for i, first in enumerate(T.FIRST_NAMES):
                kind = kinds[i % len(kinds)]
                base = _ascii(first).replace(" ", "")
                if platform == "x":
                    handle = f"{base}_{71 + i}sps"
                elif platform == "mastodon":
                    handle = f"{base}{i}@{CITIZEN_HOSTS[i % 2]}"
                else:
                    handle = f"{base}-{i}-sps.bsky.social"
                bio = self.fill(self.rng.choice(T.BIOS[kind]))
                self.profiles[handle] = (first, bio)
                self.citizens[platform].append(Citizen(platform, handle, first, bio, kind))

    def citizen(self, platform: str) -> Citizen:
        return self.rng.choice(self.citizens[platform])

    def question(
        self,
        platform: str,
        person: Persona,
        day: int,
        topic: str,
        reply_to: Post | None = None,
        complaint: bool = False,
    ) -> Post:
        who = self.citizen(platform)
        pool = T.COMPLAINTS[topic] if complaint else T.QUESTIONS[topic]
        body = self.fill(self.rng.choice(pool))
        text = body if platform == "bluesky" else f"@{person.user} {body}"
        return self.post(
            platform,
            who.handle,
            self.work_time(day, 5, 19),
            text,
            reply_to=reply_to,
            mentions=[person.handle],
        )


def _topic_cycle(rng: random.Random, topics: tuple[str, ...], n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        batch = list(topics)
        rng.shuffle(batch)
        out.extend(batch)
    return out[:n]


ALL_TOPICS = tuple(T.QUESTIONS)


def generate(seed: int = 7) -> World:
    """Build the whole demo world for *seed*."""
    b = _Builder(seed)
    for p in CAST:
        b.profiles[p.handle] = (
            p.name,
            f"{p.role} bij de gemeente Spiegelstad. Berichten op persoonlijke titel.",
        )
    for handle in (OFFICIAL_X, OFFICIAL_MASTODON, OFFICIAL_BLUESKY, *TEAM_ACCOUNTS.values()):
        b.profiles[handle] = ("Gemeente Spiegelstad", "Officieel account van de gemeente Spiegelstad.")
    stream = _stream(b)
    people = [
        _fleur(b, CAST[0]),
        _bram(b, CAST[1]),
        _ruud(b, CAST[2]),
        _wilhelmina(b, CAST[3]),
        _sanne(b, CAST[4]),
        _youssef(b, CAST[5]),
        _thijs(b, CAST[6]),
    ]
    _engage_stream(b, people, stream)
    for pw in people:
        pw.posts.sort(key=lambda p: p.created_at)
        pw.inbound.sort(key=lambda p: p.created_at)
    stream.sort(key=lambda p: p.created_at)
    return World(seed, START, END, people, stream, b.profiles, b.dids)


# -- the organisation stream --------------------------------------------------------------------


def _stream(b: _Builder) -> list[Post]:
    out: list[Post] = []
    officials = {"mastodon": OFFICIAL_MASTODON, "x": OFFICIAL_X, "bluesky": OFFICIAL_BLUESKY}
    for i, (topic, lines) in enumerate(T.ANNOUNCEMENTS.items()):
        if topic == "zwembad":
            for platform, handle in officials.items():
                out.append(b.post(platform, handle, POOL_ANNOUNCEMENT, lines[0]))
            continue
        for j, line in enumerate(lines):
            # the first announcement of each topic lands in the first days of the window
            day = i % 3 if j == 0 else b.weekday(7)
            platform = ("mastodon", "x", "bluesky")[(i + j) % 3]
            when = b.work_time(day, 6, 9) if j == 0 else b.work_time(day)
            out.append(b.post(platform, officials[platform], when, b.fill(line)))
            if j == 0:  # the first one goes out on every platform
                for other, handle in officials.items():
                    if other != platform:
                        out.append(b.post(other, handle, when + timedelta(minutes=2), out[-1].text))
    for lines in T.CITIZEN_STREAM.values():
        for line in lines:
            for platform in ("mastodon", "x", "bluesky"):
                who = b.citizen(platform)
                text = b.fill(line).replace("@gemeente", "@" + officials[platform].split("@")[0])
                mentions = [officials[platform]] if "@" in text else []
                out.append(
                    b.post(platform, who.handle, b.work_time(b.weekday(4), 5, 20), text, mentions=mentions)
                )
    return out


#: the planted listeners (luisteren 3-4) who pick up what is said in the stream, per platform
#: they post on: each notices this share of the outsiders' posts there that nobody answered yet
STREAM_LISTENERS: dict[str, tuple[str, ...]] = {"mastodon": ("fleur", "youssef"), "x": ("ruud",)}
LISTEN_NOTICE = 0.9


def _engage_stream(b: _Builder, people: list[PersonWorld], stream: list[Post]) -> None:
    """Team members like about 60% of the stream (the organisation's awareness, below the 80%
    norm on purpose), and the planted listeners (:data:`STREAM_LISTENERS`) pick up the
    outsiders' posts on their platform: each notices :data:`LISTEN_NOTICE` of them within hours
    and answers in the thread (the blog's awareness norm made personal, issue #12). Every demo
    person is a team of their own, so one listener's answer does not excuse another."""
    by_key = {p.key: p for p in people}
    likers = {"mastodon": ("fleur", "youssef"), "x": ("ruud",), "bluesky": ("thijs",)}
    officials = (OFFICIAL_MASTODON, OFFICIAL_X, OFFICIAL_BLUESKY)
    rng = b.rng
    for post in stream:
        if post.author in officials and "zwembad" in post.text:
            continue
        answered = False
        if post.author not in officials:
            for key in STREAM_LISTENERS.get(post.platform, ()):
                if rng.random() >= LISTEN_NOTICE:
                    continue
                pw = by_key[key]
                when = post.created_at + timedelta(hours=rng.uniform(0.5, 5))
                if post.platform == "x":
                    text = f"@{post.author} " + rng.choice(T.RUDE_CALM_REPLIES)
                else:
                    reply = b.fill(b.pick("stream-replies", T.STREAM_REPLIES))
                    text = f"@{post.author.split('@')[0]} {reply}"
                pw.posts.append(b.post(post.platform, pw.persona.handle, when, text, reply_to=post))
                answered = True
        if answered or rng.random() >= 0.62:
            continue
        pw = by_key[rng.choice(likers[post.platform])]
        when = post.created_at + timedelta(hours=rng.uniform(0.5, 5))
        pw.likes.append(
            Interaction(
                platform=post.platform,
                kind="like",
                actor=pw.persona.handle,
                created_at=when if post.platform == "bluesky" else None,
                target_id=post.id,
                target_author=post.author,
                target_url=post.url,
                target_text=post.text,
            )
        )


# -- the cast -----------------------------------------------------------------------------------


def _fleur(b: _Builder, p: Persona) -> PersonWorld:
    pw = PersonWorld(p)
    topics = _topic_cycle(b.rng, ALL_TOPICS, 20)
    for i, topic in enumerate(topics):
        complaint = i % 9 == 4 and topic in T.COMPLAINTS
        q = b.question("mastodon", p, b.weekday(), topic, complaint=complaint)
        pw.inbound.append(q)
        greeting = b.fill(b.rng.choice(T.GREETINGS), name=b.profiles[q.author][0])
        team = TEAM_ACCOUNTS[topic]
        mentions = [q.author]
        if complaint:  # a complaint goes to the team that can fix it, in the open
            answer = b.fill(b.pick("fleur-complaint", T.COMPLAINT_HANDOFF), team=team.split("@")[0])
            mentions.append(team)
        else:
            answer = b.fill(b.pick(f"fleur-{topic}", T.PLAIN_ANSWERS[topic]))
        text = f"@{q.author.split('@')[0]} {greeting} {answer} {b.rng.choice(T.CLOSINGS)}".strip()
        reply = b.post(
            "mastodon",
            p.handle,
            q.created_at + timedelta(hours=b.rng.uniform(0.3, 3)),
            text,
            reply_to=q,
            mentions=mentions,
        )
        pw.posts.append(reply)
        if i % 6 == 1:  # a thank-you that she likes
            thanks = b.post(
                "mastodon",
                q.author,
                reply.created_at + timedelta(hours=1),
                f"@{p.user} Top, dank je wel!",
                reply_to=reply,
            )
            pw.inbound.append(thanks)
            pw.likes.append(
                Interaction(
                    platform="mastodon",
                    kind="like",
                    actor=p.handle,
                    target_id=thanks.id,
                    target_author=thanks.author,
                    target_url=thanks.url,
                )
            )
    for template in T.EN_QUESTIONS:
        idx = T.EN_QUESTIONS.index(template)
        who = b.citizen("mastodon")
        q = b.post(
            "mastodon",
            who.handle,
            b.work_time(b.weekday()),
            f"@{p.user} " + b.fill(template),
            mentions=[p.handle],
            lang="en",
        )
        pw.inbound.append(q)
        pw.posts.append(
            b.post(
                "mastodon",
                p.handle,
                q.created_at + timedelta(hours=1.5),
                f"@{who.handle.split('@')[0]} {T.EN_ANSWERS[idx]}",
                reply_to=q,
                lang="en",
            )
        )
    for line in T.LISTENER_OWN:
        pw.posts.append(b.post("mastodon", p.handle, b.work_time(b.weekday(5), 6, 19), b.fill(line)))
    for i in range(5):
        share = b.post("linkedin", p.handle, b.work_time(b.weekday(5)), b.fill(T.LISTENER_OWN[i]))
        pw.linkedin_shares.append(share)
    for i in range(3):
        target = f"https://www.linkedin.com/feed/update/urn:li:activity:{7_310_000_000_000_000_000 + i}"
        comment = b.post(
            "linkedin",
            p.handle,
            b.work_time(b.weekday(5)),
            b.fill("{name} Mooi initiatief! Ik deel het met de bewoners in {district}."),
        )
        comment.in_reply_to_id = target
        pw.linkedin_comments.append(comment)
    pw.connections = _connections(b, 6)
    return pw


def _bram(b: _Builder, p: Persona) -> PersonWorld:
    pw = PersonWorld(p)
    for day in range(3, WEEKS * 7):
        date = START + timedelta(days=day)
        if date.weekday() >= 5:
            continue
        for hour, app in ((7, T.BROADCAST_APPS[0]), (14, T.BROADCAST_APPS[1])):
            title = b.fill(b.rng.choice(T.BROADCAST_TITLES))
            slug = re.sub(r"[^a-z0-9]+", "-", _ascii(title)).strip("-")[:40]
            text = T.BROADCAST_TEMPLATE.format(title=title, url=f"{WEBSITE}/nieuws/{slug}")
            pw.posts.append(b.post("x", p.handle, date.replace(hour=hour), text, source_app=app))
    own = list(pw.posts)
    for i, topic in enumerate(_topic_cycle(b.rng, ALL_TOPICS, 12)):
        target = own[5 + i * 6]
        day = (target.created_at - START).days
        q = b.question("x", p, min(day + 1, WEEKS * 7 - 1), topic, reply_to=target)
        pw.inbound.append(q)
    for i in range(8):
        share_day = b.weekday(3)
        title = b.fill(b.rng.choice(T.BROADCAST_TITLES))
        pw.linkedin_shares.append(
            b.post(
                "linkedin",
                p.handle,
                (START + timedelta(days=share_day)).replace(hour=6, minute=30),
                T.BROADCAST_TEMPLATE.format(title=title, url=f"{WEBSITE}/nieuws/{i}"),
                source_app="Hootsuite Inc.",
            )
        )
    pw.connections = _connections(b, 4)
    return pw


def _ruud(b: _Builder, p: Persona) -> PersonWorld:
    pw = PersonWorld(p)
    topics = [t for t in _topic_cycle(b.rng, ("parkeren", "evenementen", "wegwerkzaamheden"), 18)]
    for i, topic in enumerate(topics):
        q = b.question("x", p, b.weekday(), topic, complaint=i % 5 == 2 and topic in T.COMPLAINTS)
        pw.inbound.append(q)
        body = b.rng.choice(T.HOSTILE_REPLIES) if i % 6 != 5 else b.rng.choice(T.RUDE_CALM_REPLIES)
        pw.posts.append(
            b.post(
                "x",
                p.handle,
                q.created_at + timedelta(hours=b.rng.uniform(0.1, 1.5)),
                f"@{q.author} {body}",
                reply_to=q,
                source_app="Twitter for Android",
            )
        )
    for line in T.RUDE_OWN:
        pw.posts.append(
            b.post("x", p.handle, b.work_time(b.weekday(5)), b.fill(line), source_app="Twitter for Android")
        )
    return pw


def _officialese(b: _Builder, topic: str, name: str) -> str:
    opening = b.fill(b.rng.choice(T.OFFICIAL_OPENINGS), topic=topic, name=name)
    body = b.rng.sample(T.OFFICIAL_BODY, 8)
    return " ".join([opening, *body, T.OFFICIAL_CLOSING])


def _wilhelmina(b: _Builder, p: Persona) -> PersonWorld:
    pw = PersonWorld(p)
    topics = _topic_cycle(b.rng, ("vergunningen", "wonen", "klimaat", "evenementen"), 14)
    for i, topic in enumerate(topics):
        q = b.question("mastodon", p, b.weekday(hi=WEEKS * 7 - 9), topic)
        pw.inbound.append(q)
        if i % 3 == 2:
            continue  # a third is never answered
        text = f"@{q.author.split('@')[0]} " + _officialese(b, topic, b.profiles[q.author][0])
        pw.posts.append(
            b.post(
                "mastodon", p.handle, q.created_at + timedelta(hours=b.rng.uniform(70, 150)), text, reply_to=q
            )
        )
    for line in T.OFFICIAL_OWN:
        pw.posts.append(b.post("mastodon", p.handle, b.work_time(b.weekday(5)), line))
    return pw


def _sanne(b: _Builder, p: Persona) -> PersonWorld:
    pw = PersonWorld(p)
    for i, line in enumerate(T.THIN_POSTS):
        pw.posts.append(b.post("bluesky", p.handle, b.work_time(5 + 9 * i), line))
    for handle in (OFFICIAL_BLUESKY, CAST[6].handle):
        pw.follows.append(
            Interaction(
                platform="bluesky",
                kind="follow",
                actor=p.handle,
                created_at=b.work_time(4),
                target_author=handle,
            )
        )
    return pw


def _youssef(b: _Builder, p: Persona) -> PersonWorld:
    pw = PersonWorld(p)
    for i, topic in enumerate(_topic_cycle(b.rng, ALL_TOPICS, 14)):
        q = b.question("mastodon", p, b.weekday(hi=WEEKS * 7 - 3), topic)
        pw.inbound.append(q)
        asker = q.author.split("@")[0]
        first = b.profiles[q.author][0]
        when = q.created_at + timedelta(hours=b.rng.uniform(0.2, 1.5))
        if i % 7 == 3:  # answers a few himself
            text = f"@{asker} " + b.fill(b.rng.choice(T.PLAIN_ANSWERS[topic]))
            pw.posts.append(b.post("mastodon", p.handle, when, text, reply_to=q))
            continue
        team = TEAM_ACCOUNTS[topic]
        subject = b.rng.choice(T.SUBJECTS[topic])
        line = b.fill(b.pick("handoff", T.HANDOFF), colleague=team.split("@")[0], name=first, subject=subject)
        handoff = b.post(
            "mastodon", p.handle, when, f"@{asker} {line}", reply_to=q, mentions=[q.author, team]
        )
        pw.posts.append(handoff)
        answer_text = f"@{asker} @{p.user} " + b.fill(b.rng.choice(T.TEAM_ANSWERS[topic]))
        answer = b.post(
            "mastodon",
            team,
            when + timedelta(hours=b.rng.uniform(1, 5)),
            answer_text,
            reply_to=handoff,
            mentions=[q.author, p.handle],
        )
        pw.inbound.append(answer)
        pw.likes.append(
            Interaction(
                platform="mastodon",
                kind="like",
                actor=p.handle,
                target_id=answer.id,
                target_author=team,
                target_url=answer.url,
                target_text=answer.text,
            )
        )
    for line in T.CONNECTOR_OWN:
        pw.posts.append(b.post("mastodon", p.handle, b.work_time(b.weekday(5)), b.fill(line)))
    return pw


def _thijs(b: _Builder, p: Persona) -> PersonWorld:
    pw = PersonWorld(p)
    ahead = POOL_ANNOUNCEMENT - timedelta(hours=25, minutes=13)
    pw.posts.append(b.post("bluesky", p.handle, ahead, T.AHEAD_POSTS[0]))
    pw.posts.append(b.post("bluesky", p.handle, ahead + timedelta(hours=7, minutes=41), T.AHEAD_POSTS[1]))
    for line in T.THIJS_OWN:
        lang = "en" if line[:1].isupper() and any(w in line for w in ("Great", "Our", "Reading")) else "nl"
        pw.posts.append(b.post("bluesky", p.handle, b.work_time(b.weekday(5)), b.fill(line), lang=lang))
    originals = list(pw.posts)
    for i in range(6):
        target = originals[i + 1]
        who = b.citizen("bluesky")
        topic = "klimaat"
        q = b.post(
            "bluesky",
            who.handle,
            target.created_at + timedelta(hours=b.rng.uniform(1, 8)),
            b.fill(b.rng.choice(T.QUESTIONS[topic])),
            reply_to=target,
            mentions=[],
        )
        pw.inbound.append(q)
        if i == 5:
            continue
        pw.posts.append(
            b.post(
                "bluesky",
                p.handle,
                q.created_at + timedelta(hours=b.rng.uniform(1, 6)),
                b.fill(T.THIJS_REPLIES[i % len(T.THIJS_REPLIES)]),
                reply_to=q,
                lang="en" if i % 3 == 0 else "nl",
            )
        )
    return pw


def _connections(b: _Builder, n: int) -> list[dict[str, str]]:
    companies = (
        "Spiegelstads Dagblad",
        "Woonnet Spiegelstad",
        "Fietsersbond",
        "Provincie Zuidwaard",
        "Bakkerij De Korenbloem",
        "Zonnig Dak B.V.",
    )
    rows = []
    for i in range(n):
        first = T.FIRST_NAMES[(i * 7) % len(T.FIRST_NAMES)]
        last = ("de Boer", "Smit", "Mulder", "Bos", "Vos", "Peters")[i % 6]
        rows.append(
            {
                "First Name": first,
                "Last Name": last,
                "URL": f"https://www.linkedin.com/in/{_ascii(first)}-{_ascii(last).replace(' ', '')}{i}",
                "Email Address": "",
                "Company": companies[i % len(companies)],
                "Position": ("Adviseur", "Verslaggever", "Projectleider", "Eigenaar")[i % 4],
                "Connected On": (START - timedelta(days=40 * (i + 1))).strftime("%d %b %Y"),
            }
        )
    return rows
