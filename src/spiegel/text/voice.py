"""Personal voice: does a post speak in the first person, in the author's own words?

Feeds the rolvast ``personal_voice`` indicator. A post has a personal voice when

* it is the author's own text: not a boost/repost, and with at least :data:`MIN_OWN_WORDS`
  words left after removing links, @mentions and #hashtags (a link with a mention is a share,
  not a voice); and
* it uses a first-person *singular* pronoun ("ik", "mijn", "I", "my" …). First-person plural
  ("we", "ons") alone is how organisations speak, so it does not count; a post that mixes both
  does.

Word lists: :file:`data/pronouns.json`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

__all__ = ["MIN_OWN_WORDS", "is_personal", "own_words"]

#: Words of its own a post needs (after links, mentions and hashtags are removed).
MIN_OWN_WORDS = 3

_NOT_OWN = re.compile(r"https?://\S+|www\.\S+|(?<![\w@])[@#][\w.@-]*\w", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|'[kt]\b", re.UNICODE)


@lru_cache(maxsize=1)
def _singular() -> frozenset[str]:
    data = json.loads(resources.files("spiegel.text").joinpath("data/pronouns.json").read_text("utf-8"))
    return frozenset(w for words in data["singular"].values() for w in words)


def own_words(text: str) -> list[str]:
    """The lower-case words of *text* that are the author's own (no links, mentions, hashtags)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(_NOT_OWN.sub(" ", text))]


def is_personal(text: str, *, is_boost: bool = False) -> bool:
    """Whether *text* is written in a personal voice (see the module docstring)."""
    if is_boost:
        return False
    words = own_words(text)
    if len(words) < MIN_OWN_WORDS:
        return False
    singular = _singular()
    return any(w in singular for w in words)
