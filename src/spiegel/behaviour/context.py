"""Indexes the measures share, built once: :class:`StreamIndex` over the organisation stream
(reused for every person of a team) and :class:`PersonContext` over one person's inputs."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from spiegel.behaviour.conversations import Conversation, build_conversations
from spiegel.behaviour.inputs import PersonInputs
from spiegel.behaviour.threads import ThreadIndex
from spiegel.org import OrgConfig, Topic
from spiegel.records import Post, normalize_handle
from spiegel.text.signals import TextSignals

_MATCHERS: dict[tuple[tuple[str, tuple[str, ...]], ...], tuple[re.Pattern[str], dict[str, list[str]]]] = {}


def _matcher(topics: Sequence[Topic]) -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """One regular expression for all keywords of *topics*, and keyword -> topic names."""
    key = tuple((t.name, tuple(t.keywords)) for t in topics)
    found = _MATCHERS.get(key)
    if found is None:
        names: dict[str, list[str]] = {}
        for topic in topics:
            for word in {k.lower().lstrip("#") for k in topic.keywords}:
                names.setdefault(word, []).append(topic.name)
        words = sorted(names, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)#?(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
        found = _MATCHERS[key] = (pattern, names)
    return found


def post_topics(post: Post, topics: Sequence[Topic]) -> list[str]:
    """Names of the organisation topics *post* is about (keyword match on text and hashtags)."""
    if not topics:
        return []
    return _post_topics(post, topics, *_matcher(topics))


def _post_topics(
    post: Post, topics: Sequence[Topic], pattern: re.Pattern[str], names: dict[str, list[str]]
) -> list[str]:
    """:func:`post_topics` with the matcher of *topics* already at hand (one per stream)."""
    hits = pattern.findall(post.text.lower())
    hits += [h.lower().lstrip("#") for h in post.hashtags if h.lower().lstrip("#") in names]
    if not hits:
        return []
    matched = {name for word in hits for name in names[word]}
    return [t.name for t in topics if t.name in matched]


def _aliases(inputs: PersonInputs, stream: StreamIndex | None, handles: set[str]) -> set[str]:
    """Other handles of the person, learnt from replies to their own posts: a Bluesky export
    names its owner by DID while others reply to the domain handle; a reply's
    ``in_reply_to_author`` to one of the person's posts is the person under another name."""
    own_ids = {p.id for p in inputs.posts}
    replies = list(inputs.inbound or [])
    if stream is not None:
        replies += [c for pid in own_ids for c in stream.children.get(pid, [])]
    found: set[str] = set()
    for post in replies:
        if post.in_reply_to_id in own_ids:
            alias = normalize_handle(post.in_reply_to_author)
            if alias and alias != post.author and alias not in handles:
                found.add(alias)
    return found


def _parents(post: Post) -> list[str]:
    return [i for i in (post.in_reply_to_id, post.quote_of_id, post.boost_of_id) if i]


#: the last index built by StreamIndex.shared, with the stream and org it was built from
_LAST_INDEX: dict[str, tuple[StreamIndex, Sequence[Post], OrgConfig | None]] = {}


@dataclass(slots=True)
class StreamIndex:
    """The organisation stream O, indexed by id, parent, topic and hashtag."""

    posts: list[Post]
    by_id: dict[str, Post]
    #: O posts that reply to, quote or boost a given post id
    children: dict[str, list[Post]]
    #: per topic name: sorted epoch seconds and ids of the O posts on it
    topic_times: dict[str, list[float]]
    topic_ids: dict[str, list[str]]
    hashtag_times: dict[str, list[float]]
    #: per topic name: the official accounts' first post on it
    official_first: dict[str, Post]
    official_posts: int
    #: author handle -> profile bio, from the stream's posts
    bios: dict[str, str] = field(default_factory=dict)
    #: stream post id -> its organisation topics (only posts with at least one)
    topics_by_id: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: number of stream posts per combination of topics
    combo_counts: dict[frozenset[str], int] = field(default_factory=dict)
    #: indexes derived from this one by the measures that need them, built on first use (e.g.
    #: :func:`spiegel.behaviour.topics.pickup_index`)
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def count_on(self, topics: set[str]) -> int:
        """Number of stream posts on at least one of *topics*."""
        return sum(n for combo, n in self.combo_counts.items() if combo & topics)

    @classmethod
    def shared(cls, stream: Sequence[Post], org: OrgConfig | None) -> StreamIndex:
        """The index of *stream*, reused while the same list (same object, same length) and the
        same org config come back: a team's members usually share one stream, and callers that
        measure them one by one then index it once."""
        last = _LAST_INDEX.get("value")
        if last is not None:
            index, seen_stream, seen_org = last
            same_org = seen_org is org or seen_org == org
            if seen_stream is stream and same_org and len(index.posts) == len(stream):
                return index
        index = cls.build(stream, org)
        _LAST_INDEX["value"] = (index, stream, org)
        return index

    @classmethod
    def build(cls, stream: Sequence[Post], org: OrgConfig | None) -> StreamIndex:
        topics = org.topics if org is not None else []
        by_id: dict[str, Post] = {}
        children: dict[str, list[Post]] = {}
        topic_pairs: dict[str, list[tuple[float, str]]] = {t.name: [] for t in topics}
        tags: dict[str, list[float]] = {}
        first: dict[str, Post] = {}
        officials = org.official_accounts if org is not None else set()
        n_official = 0
        bios: dict[str, str] = {}
        topics_by_id: dict[str, tuple[str, ...]] = {}
        combos: dict[frozenset[str], int] = {}
        matcher = _matcher(topics) if topics else None
        for post in stream:
            by_id[post.id] = post
            if post.author_bio and post.author not in bios:
                bios[post.author] = post.author_bio
            for parent in _parents(post):
                children.setdefault(parent, []).append(post)
            ts = post.created_at.timestamp()
            for tag in post.hashtags:
                tags.setdefault(tag.lower().lstrip("#"), []).append(ts)
            names = _post_topics(post, topics, *matcher) if matcher is not None else []
            if names:
                topics_by_id[post.id] = tuple(names)
                combo = frozenset(names)
                combos[combo] = combos.get(combo, 0) + 1
            for name in names:
                topic_pairs[name].append((ts, post.id))
            if post.author in officials:
                n_official += 1
                for name in names:
                    if name not in first or post.created_at < first[name].created_at:
                        first[name] = post
        topic_times: dict[str, list[float]] = {}
        topic_ids: dict[str, list[str]] = {}
        for name, pairs in topic_pairs.items():
            pairs.sort()
            topic_times[name] = [p[0] for p in pairs]
            topic_ids[name] = [p[1] for p in pairs]
        for values in tags.values():
            values.sort()
        return cls(
            list(stream),
            by_id,
            children,
            topic_times,
            topic_ids,
            tags,
            first,
            n_official,
            bios,
            topics_by_id,
            combos,
        )

    def count_near(self, times: list[float], ts: float, hours: float) -> int:
        """How many of the sorted *times* lie within ±*hours* of *ts*."""
        span = hours * 3600
        return bisect_right(times, ts + span) - bisect_left(times, ts - span)


@dataclass(slots=True)
class Reaction:
    kind: str  # reply, quote, boost, like
    at: datetime | None
    post: Post | None = None


@dataclass(slots=True)
class PersonContext:
    """One person's inputs with the indexes the measures need."""

    inputs: PersonInputs
    text: Mapping[str, TextSignals]
    handles: set[str]
    org: OrgConfig | None
    #: the person's own words (posts, replies, quotes; no boosts)
    own: list[Post]
    #: M without the person's own posts and boosts; None when not supplied
    inbound: list[Post] | None
    stream: StreamIndex | None
    #: target post id -> the person's earliest reaction of each kind
    reactions: dict[str, list[Reaction]] = field(default_factory=dict)
    conversations: list[Conversation] = field(default_factory=list)
    conversation_of: dict[str, Conversation] = field(default_factory=dict)
    _topics: dict[str, list[str]] = field(default_factory=dict)
    #: conversation id(...) -> the person's own posts in it, oldest first
    _mine: dict[int, list[Post]] = field(default_factory=dict)
    #: conversation id(...) -> its ThreadIndex, built on first use
    _threads: dict[int, ThreadIndex] = field(default_factory=dict)

    def topics_of(self, post: Post) -> list[str]:
        """Organisation topics (goal and sensitive) of one of the person's posts, memoised."""
        found = self._topics.get(post.id)
        if found is None:
            found = post_topics(post, self.org.topics) if self.org is not None else []
            self._topics[post.id] = found
        return found

    @classmethod
    def build(
        cls,
        inputs: PersonInputs,
        text: Mapping[str, TextSignals] | None = None,
        stream: StreamIndex | None = None,
    ) -> PersonContext:
        handles = {h for h in (normalize_handle(x) for x in inputs.handles) if h}
        org = inputs.org
        if stream is None and inputs.stream is not None:
            stream = StreamIndex.shared(inputs.stream, org)
        own = [p for p in inputs.posts if p.kind != "boost"]
        handles |= _aliases(inputs, stream, handles)
        inbound = None
        if inputs.inbound is not None:
            inbound = [m for m in inputs.inbound if m.author not in handles and m.kind != "boost"]
        ctx = cls(inputs, text or {}, handles, org, own, inbound, stream)
        ctx._index_reactions()
        ctx._index_conversations()
        return ctx

    def _add(self, target: str, reaction: Reaction) -> None:
        self.reactions.setdefault(target, []).append(reaction)

    def _index_reactions(self) -> None:
        for post in self.inputs.posts:
            if post.author not in self.handles and self.handles:
                continue
            if post.kind == "boost" and post.boost_of_id:
                self._add(post.boost_of_id, Reaction("boost", post.created_at, post))
            if post.in_reply_to_id:
                self._add(post.in_reply_to_id, Reaction("reply", post.created_at, post))
            if post.quote_of_id:
                self._add(post.quote_of_id, Reaction("quote", post.created_at, post))
        for act in self.inputs.interactions:
            if act.target_id and act.kind in ("like", "boost"):
                self._add(act.target_id, Reaction(act.kind, act.created_at))

    def _index_conversations(self) -> None:
        posts: list[Post] = list(self.own)
        if self.inbound is not None:
            posts += self.inbound
        if self.stream is not None:  # only the parts of O that touch the person's threads
            ids = {p.id for p in posts}
            refs = {i for p in posts for i in _parents(p)}
            posts += [self.stream.by_id[i] for i in refs if i in self.stream.by_id and i not in ids]
            for pid in ids:
                posts += self.stream.children.get(pid, [])
        self.conversations = build_conversations(posts, self.org, self.handles)
        for conv in self.conversations:
            for post in conv.posts:
                self.conversation_of[post.id] = conv
            mine = [p for p in conv.posts if p.author in self.handles]
            if mine:
                self._mine[id(conv)] = mine

    def mine_in(self, conv: Conversation | None) -> list[Post]:
        """The person's own posts in *conv*, oldest first."""
        return self._mine.get(id(conv), []) if conv is not None else []

    def thread(self, conv: Conversation) -> ThreadIndex:
        """The :class:`ThreadIndex` of *conv* (one of :attr:`conversations`), built once."""
        index = self._threads.get(id(conv))
        if index is None:
            index = self._threads[id(conv)] = ThreadIndex.build(conv.posts, self.handles, self.org)
        return index

    def role(self, handle: str | None) -> str:
        key = normalize_handle(handle)
        if key in self.handles:
            return "person"
        return self.org.role_of(key) if self.org is not None else "external"

    def first_reaction(self, message: Post) -> Reaction | None:
        """The person's first reaction to *message*: a reply, quote, boost or like of it, or a
        later reply of theirs in the same thread addressed to its author. Reactions without a
        time (e.g. X likes) count, but only when nothing timed exists."""
        found = list(self.reactions.get(message.id, []))
        conv = self.conversation_of.get(message.id)
        if conv is not None and id(conv) in self._mine:
            post = self.thread(conv).first_mine_to(message)
            if post is not None:
                found.append(Reaction("reply", post.created_at, post))
        timed = [r for r in found if r.at is not None and r.at >= message.created_at]
        if timed:
            return min(timed, key=lambda r: r.at)  # type: ignore[arg-type,return-value]
        untimed = [r for r in found if r.at is None]
        return untimed[0] if untimed else None

    def hours(self, start: datetime, end: datetime) -> float:
        if self.org is not None:
            return self.org.elapsed_hours(start, end)
        return max(0.0, (end - start).total_seconds() / 3600)

    @property
    def answer_within_hours(self) -> float:
        return self.org.answer_within_hours if self.org is not None else 24.0
