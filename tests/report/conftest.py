from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spiegel.behaviour.inputs import PersonInputs
from spiegel.pipeline import Profile, build_profile
from spiegel.records import Post
from spiegel.text.signals import Readability, TextSignals

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ME = "anna@social.example"


def _word(i: int) -> str:
    """A letters-only tag that differs per *i* (``ba``, ``ca`` …)."""
    return chr(97 + i % 26) + chr(97 + i // 26)


def make_inputs(
    n: int = 30, hostile: int = 3, inbound: int = 8
) -> tuple[PersonInputs, dict[str, TextSignals]]:
    """A hand-made person: *n* own posts of which *hostile* are flagged hostile, and *inbound*
    questions addressed to her of which she answered none."""
    posts, signals = [], {}
    for i in range(n):
        post = Post(
            platform="mastodon",
            id=f"https://social.example/@anna/{i}",
            author=ME,
            created_at=T0 + timedelta(hours=9 * i, minutes=11 * i),
            # a different word per post: posts that differ only in a number are near-duplicates,
            # which a report collapses into one quote (spiegel.evidence.collapse_near_duplicates)
            text=f"Ik heb vandaag de nieuwe fietsstraat bekeken, deel {_word(i)}. <b>Mooi</b> & rustig.",
            url=f"https://social.example/@anna/{i}",
        )
        posts.append(post)
        signals[post.id] = TextSignals(
            id=post.id,
            lang="nl",
            hostile=i < hostile,
            hostile_score=0.9 if i < hostile else 0.05,
            plain=i % 4 != 0,
            personal=True,
            readability=Readability(words=12),
        )
    messages = []
    for i in range(inbound):
        msg = Post(
            platform="mastodon",
            id=f"https://social.example/@bert/{i}",
            author="bert@social.example",
            created_at=T0 + timedelta(hours=9 * i + 2),
            text=f"@anna Wanneer is de milieustraat open? ({i})",
            url=f"https://social.example/@bert/{i}",
            in_reply_to_id=posts[i].id,
            in_reply_to_author=ME,
            mentions=[ME],
        )
        messages.append(msg)
        signals[msg.id] = TextSignals(id=msg.id, lang="nl", question=True, question_score=0.9)
    inputs = PersonInputs(handles={ME}, posts=posts, inbound=messages, display_name="Anna de Vries")
    return inputs, signals


@pytest.fixture(scope="session")
def profile() -> Profile:
    inputs, signals = make_inputs()
    return build_profile(inputs, signals=signals)


@pytest.fixture(scope="session")
def person() -> tuple[PersonInputs, dict[str, TextSignals]]:
    """The hand-made person's inputs and text signals."""
    return make_inputs()


@pytest.fixture(scope="session")
def make_person() -> object:
    """The factory behind :func:`person`, for tests that need other amounts."""
    return make_inputs
