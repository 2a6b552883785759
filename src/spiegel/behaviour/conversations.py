"""Conversations rebuilt from the posts of the person (P), the messages addressed to them (M) and
the organisation stream (O).

Posts are linked into one conversation when one replies to or quotes another, or when they share
a platform ``conversation_id``. Keys are ``(platform, id)``, so one pass handles every platform.
Boosts are reactions, not turns, and are left out. A union-find keeps this linear in the posts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spiegel.org import OrgConfig, Role
from spiegel.records import Post

Key = tuple[str, str]


@dataclass(slots=True)
class Conversation:
    """One thread: its posts in time order, who started it and who took part (with roles)."""

    id: str
    posts: list[Post]
    #: author of the first post we have, or of the missing post the first one replies to
    started_by: str
    participants: dict[str, Role] = field(default_factory=dict)

    @property
    def turns(self) -> int:
        """Number of turns: a run of consecutive posts by one author is one turn."""
        count, last = 0, None
        for post in self.posts:
            if post.author != last:
                count += 1
                last = post.author
        if (
            self.posts
            and self.posts[0].in_reply_to_author not in (None, self.posts[0].author)
            and self.started_by != self.posts[0].author
        ):
            count += 1  # the post that opened the thread is missing, but was a turn
        return count

    @property
    def answered_by(self) -> list[str]:
        """Authors other than the starter who posted in the conversation, in order of first post."""
        seen: list[str] = []
        for post in self.posts:
            if post.author != self.started_by and post.author not in seen:
                seen.append(post.author)
        return seen

    def authors(self) -> set[str]:
        return {p.author for p in self.posts}

    def has_role(self, *roles: Role) -> bool:
        return any(r in roles for r in self.participants.values())

    def two_way(self, person: set[str]) -> bool:
        """True when the person addressed someone outside the organisation in it (a reply to or
        a mention of them) and someone outside addressed the person. A broadcast that only drew
        replies, or a reply that was never answered, is one-way."""
        external = {h for h, role in self.participants.items() if role == "external"}
        to_external = to_person = False
        for post in self.posts:
            addressed = {post.in_reply_to_author, *post.mentions}
            if post.author in person:
                to_external = to_external or bool(addressed & external)
            elif post.author in external:
                to_person = to_person or bool(addressed & person)
            if to_external and to_person:
                return True
        return False


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        parent = self.parent
        root = key
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while key != root:  # path compression
            parent[key], key = root, parent[key]
        return root

    def union(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def build_conversations(
    posts: Iterable[Post], org: OrgConfig | None = None, person: Iterable[str] = ()
) -> list[Conversation]:
    """Group *posts* (duplicates by id are dropped) into conversations, oldest first."""
    person_set = set(person)
    uf = _UnionFind()
    unique: dict[Key, Post] = {}
    for post in posts:
        if post.kind == "boost":
            continue
        key = (post.platform, post.id)
        if key in unique:
            continue
        unique[key] = post
        uf.find(key)
        if post.in_reply_to_id:
            uf.union(key, (post.platform, post.in_reply_to_id))
        if post.quote_of_id:
            uf.union(key, (post.platform, post.quote_of_id))
        if post.conversation_id:
            uf.union(key, (post.platform, "conversation:" + post.conversation_id))
    groups: dict[Key, list[Post]] = {}
    for key, post in unique.items():
        groups.setdefault(uf.find(key), []).append(post)
    conversations = []
    for group in groups.values():
        group.sort(key=lambda p: p.created_at)
        first = group[0]
        starter = first.author
        parent_author = first.in_reply_to_author
        if parent_author and first.in_reply_to_id and (first.platform, first.in_reply_to_id) not in unique:
            starter = parent_author
        roles: dict[str, Role] = {}
        for handle in [starter, *(p.author for p in group)]:
            if handle not in roles:
                roles[handle] = _role(handle, org, person_set)
        for post in group:  # accounts addressed but silent are participants too
            for addressed in [post.in_reply_to_author, *post.mentions]:
                if addressed and addressed not in roles:
                    roles[addressed] = _role(addressed, org, person_set)
        conv_id = first.conversation_id or first.in_reply_to_id or first.id
        conversations.append(Conversation(conv_id, group, starter, roles))
    conversations.sort(key=lambda c: c.posts[0].created_at)
    return conversations


def _role(handle: str, org: OrgConfig | None, person: set[str]) -> Role:
    if handle in person:
        return "person"
    return org.role_of(handle) if org is not None else "external"
