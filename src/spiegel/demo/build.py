"""Write the whole demo organisation to a folder: every person's exports in their platform's
format, their inbound messages, the organisation stream, ``org.yaml`` and the planted truth.

Layout::

    DIR/org.yaml                       organisation config (official accounts, roster, topics)
    DIR/stream.jsonl                   the organisation stream (generic JSONL)
    DIR/planted.json                   per person: archetype and planted levels
    DIR/data/<person>/…                exports (x-archive.zip, mastodon-archive.tar.gz,
                                       bluesky-repo.car, linkedin-export.zip) and inbound.jsonl
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

from spiegel.demo import texts as T
from spiegel.demo.car import write_car
from spiegel.demo.exports import linkedin_slug, write_linkedin_export, write_mastodon_archive, write_x_archive
from spiegel.demo.people import (
    CAST,
    OFFICIAL_BLUESKY,
    OFFICIAL_MASTODON,
    OFFICIAL_X,
    ORG_NAME,
    TEAM_ACCOUNTS,
    Persona,
)
from spiegel.demo.world import World, generate
from spiegel.records import Post
from spiegel.sources.generic import write_jsonl

GOAL_TOPICS = ("klimaat", "wonen", "afval", "wegwerkzaamheden")
SENSITIVE_TOPICS = ("zwembad",)


@dataclass(slots=True)
class PersonFiles:
    """Where one person's generated files are, and what they hold."""

    persona: Persona
    sources: list[Path]
    inbound: Path | None
    #: the person's own handles (a Bluesky repository names its owner by DID)
    handles: list[str]
    #: expected ``spiegel inspect`` counts per source file name
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(slots=True)
class DemoFiles:
    root: Path
    org: Path
    stream: Path
    planted: Path
    people: list[PersonFiles]
    world: World

    def person(self, key: str) -> PersonFiles:
        return next(p for p in self.people if p.persona.key == key)


def org_config() -> dict[str, Any]:
    """The demo organisation's ``org.yaml`` content."""
    colleagues = [{"handle": p.handle, "name": p.name, "department": p.department} for p in CAST]
    return {
        "name": ORG_NAME,
        "official_accounts": [OFFICIAL_X, OFFICIAL_MASTODON, OFFICIAL_BLUESKY, *TEAM_ACCOUNTS.values()],
        "colleagues": colleagues,
        "goal_topics": [{"name": t, "keywords": list(T.TOPIC_KEYWORDS[t])} for t in GOAL_TOPICS],
        "sensitive_topics": [{"name": t, "keywords": list(T.TOPIC_KEYWORDS[t])} for t in SENSITIVE_TOPICS],
        "answer_within_hours": 24,
        "timezone": "Europe/Amsterdam",
    }


def _post_counts(posts: list[Post], likes: int = 0, follows: int = 0) -> dict[str, int]:
    own = [p for p in posts if p.kind != "boost"]
    return {
        "posts": len(own),
        "replies": sum(1 for p in own if p.in_reply_to_id),
        "boosts": sum(1 for p in posts if p.kind == "boost"),
        "likes": likes,
        "follows": follows,
    }


def write_demo(out: Path, seed: int = 7) -> DemoFiles:
    """Generate the world for *seed* and write all its files under *out*."""
    world = generate(seed)
    out.mkdir(parents=True, exist_ok=True)
    data = out / "data"
    lookup: dict[str, Post] = {p.id: p for p in world.stream}
    for pw in world.people:
        lookup.update((p.id, p) for p in [*pw.posts, *pw.inbound])
    names = {h: prof[0] for h, prof in world.profiles.items()}
    people: list[PersonFiles] = []
    for pw in world.people:
        p = pw.persona
        folder = data / p.key
        folder.mkdir(parents=True, exist_ok=True)
        name, bio = world.profiles[p.handle]
        counts: dict[str, dict[str, int]] = {}
        handles = [p.handle]
        if p.platform == "x":
            src = write_x_archive(folder / "x-archive.zip", p.handle, p.name, bio, pw.posts, pw.likes, names)
        elif p.platform == "mastodon":
            src = write_mastodon_archive(
                folder / "mastodon-archive.tar.gz", p.handle, p.name, bio, pw.posts, pw.likes
            )
        else:
            did = world.dids[p.handle]
            handles.append(did)
            src = write_car(
                folder / "bluesky-repo.car",
                did,
                (name, bio),
                pw.posts,
                pw.likes,
                pw.follows,
                lookup,
                world.dids,
            )
        counts[src.name] = _post_counts(pw.posts, len(pw.likes), len(pw.follows))
        sources = [src]
        if p.linkedin:
            handles.append(linkedin_slug(p.name))
            li = write_linkedin_export(
                folder / "linkedin-export.zip",
                pw.linkedin_shares,
                pw.linkedin_comments,
                pw.connections,
                owner=(p.name, f"{p.role} bij de gemeente Spiegelstad"),
            )
            counts[li.name] = _post_counts(
                [*pw.linkedin_shares, *pw.linkedin_comments], follows=len(pw.connections)
            )
            sources.append(li)
        inbound = None
        if p.has_inbound:
            inbound = folder / "inbound.jsonl"
            write_jsonl(pw.inbound, inbound)
            counts[inbound.name] = _post_counts(pw.inbound)
        people.append(PersonFiles(p, sources, inbound, handles, counts))
    stream = out / "stream.jsonl"
    write_jsonl(world.stream, stream)
    org = out / "org.yaml"
    header = f"# {ORG_NAME}: the demo organisation of spiegel (synthetic; generated with seed {seed})\n"
    org.write_text(
        header + yaml.safe_dump(org_config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    planted = out / "planted.json"
    planted.write_bytes(orjson.dumps({p.key: planted_entry(p) for p in CAST}, option=orjson.OPT_INDENT_2))
    return DemoFiles(out, org, stream, planted, people, world)


def planted_entry(p: Persona) -> dict[str, Any]:
    """The planted truth of one persona as JSON (levels sorted; null = no level)."""

    def levels(values: frozenset[int | None]) -> list[int | None]:
        return sorted(values, key=lambda v: -1 if v is None else v)

    return {
        "name": p.name,
        "role": p.role,
        "archetype": {"nl": p.archetype_nl, "en": p.archetype_en},
        "competencies": {k: levels(v) for k, v in p.expected.items()},
        "indicators": {k: levels(v) for k, v in p.expected_indicators.items()},
    }
