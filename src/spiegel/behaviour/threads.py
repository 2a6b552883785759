"""Per-thread lookups for the reaction measures, built once per conversation.

:func:`~spiegel.behaviour.reactions.answer_of` and
:meth:`~spiegel.behaviour.context.PersonContext.first_reaction` ask, per message, for the first
later post in its thread that answers it. Scanning the thread for every message costs
O(messages × thread length), which a busy account's long threads turn quadratic. A
:class:`ThreadIndex` holds, per conversation, the posts' times (sorted: conversations keep their
posts oldest first), and the positions of the person's posts per addressed account and per
replied-to id, of their hand-offs, and of every other author's posts, so each question is a few
binary searches. The answers are the ones the thread scan gives, post for post.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime

from spiegel.org import OrgConfig
from spiegel.records import Post

_NONE = 1 << 62  # "no such position", larger than any real one


def handoff_targets(org: OrgConfig | None, handles: set[str], post: Post) -> list[str]:
    """Colleagues / official accounts *post* (one of the person's) brings in: its mentions of
    insiders other than the person."""
    if org is None:
        return []
    return [h for h in post.mentions if org.is_insider(h) and h not in handles]


def _first_from(positions: list[int] | None, start: int) -> int:
    """The first of the sorted *positions* that is >= *start*, or :data:`_NONE`."""
    if not positions:
        return _NONE
    i = bisect_left(positions, start)
    return positions[i] if i < len(positions) else _NONE


@dataclass(slots=True)
class ThreadIndex:
    """One conversation's posts indexed for "the first later post that answers this message"."""

    posts: list[Post]
    times: list[datetime]
    #: account -> positions of the person's posts addressed to it (reply to it or mention of it)
    mine_to: dict[str, list[int]] = field(default_factory=dict)
    #: the same without hand-offs, and replied-to post id -> positions of such posts
    plain_to: dict[str, list[int]] = field(default_factory=dict)
    plain_reply_to: dict[str, list[int]] = field(default_factory=dict)
    #: positions of the person's hand-offs, and the accounts each brings in
    handoffs: list[int] = field(default_factory=list)
    handed: dict[int, list[str]] = field(default_factory=dict)
    #: author -> positions of their posts, for authors other than the person
    others: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, posts: list[Post], handles: set[str], org: OrgConfig | None) -> ThreadIndex:
        index = cls(posts, [p.created_at for p in posts])
        for i, post in enumerate(posts):
            if post.author not in handles:
                index.others.setdefault(post.author, []).append(i)
                continue
            addressed = [post.in_reply_to_author, *post.mentions]
            for account in dict.fromkeys(a for a in addressed if a is not None):
                index.mine_to.setdefault(account, []).append(i)
            handed = handoff_targets(org, handles, post)
            if handed:
                index.handoffs.append(i)
                index.handed[i] = handed
                continue
            for account in dict.fromkeys(a for a in addressed if a is not None):
                index.plain_to.setdefault(account, []).append(i)
            if post.in_reply_to_id is not None:
                index.plain_reply_to.setdefault(post.in_reply_to_id, []).append(i)
        return index

    def _after(self, message: Post) -> int:
        """Position of the first post later than *message*."""
        return bisect_right(self.times, message.created_at)

    def first_mine_to(self, message: Post) -> Post | None:
        """The person's first post after *message* that replies to or mentions its author."""
        found = _first_from(self.mine_to.get(message.author), self._after(message))
        return self.posts[found] if found != _NONE else None

    def answer(self, message: Post) -> tuple[Post | None, str, list[str]]:
        """See :func:`spiegel.behaviour.reactions.answer_of`: the first later post that is the
        person's own answer (not a hand-off) to *message*, or a post by an account one of the
        person's hand-offs since *message* brought in, whichever comes first."""
        start = self._after(message)
        mine = min(
            _first_from(self.plain_reply_to.get(message.id), start),
            _first_from(self.plain_to.get(message.author), start),
        )
        brought: list[str] = []
        theirs = _NONE  # the first post by a brought-in account after they were brought in
        for h in self.handoffs[bisect_left(self.handoffs, start) :]:
            if min(mine, theirs) < h:
                break
            new = [x for x in self.handed[h] if x not in brought]
            brought += new
            for account in new:
                theirs = min(theirs, _first_from(self.others.get(account), h + 1))
        if mine == _NONE and theirs == _NONE:
            return None, "unanswered", brought
        if mine < theirs:
            return self.posts[mine], "person", brought
        return self.posts[theirs], "handed_off", brought
