from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from spiegel.records import Post
from spiegel.text.signals import Readability, TextSignals

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def make_posts() -> Callable[..., tuple[list[Post], dict[str, TextSignals]]]:
    """Hand-made own posts with hand-made text signals: ``specs`` is a list of dicts of
    TextSignals fields (plus ``text`` and ``reply``)."""

    def _make(specs: list[dict[str, object]]) -> tuple[list[Post], dict[str, TextSignals]]:
        posts, signals = [], {}
        for i, spec in enumerate(specs):
            spec = dict(spec)
            text = str(spec.pop("text", f"Bericht nummer {i} over het nieuwe fietspad in de wijk."))
            reply = bool(spec.pop("reply", False))
            words = int(spec.pop("words", len(text.split())))
            lang = str(spec.pop("lang", "nl"))
            post = Post(
                platform="mastodon",
                id=f"https://social.example/@anna/{i}",
                author="anna@social.example",
                created_at=T0 + timedelta(hours=7 * i),
                text=text,
                url=f"https://social.example/@anna/{i}",
                in_reply_to_id="https://social.example/@bert/1" if reply else None,
                in_reply_to_author="bert@social.example" if reply else None,
            )
            posts.append(post)
            readability = Readability(words=words)
            signals[post.id] = TextSignals(id=post.id, lang=lang, readability=readability, **spec)  # type: ignore[arg-type]
        return posts, signals

    return _make
