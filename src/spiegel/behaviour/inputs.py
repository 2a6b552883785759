"""What the behaviour stage (and the indicators) get for one person and one window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from spiegel.records import Account, Interaction, Post

if TYPE_CHECKING:
    from spiegel.org import OrgConfig


@dataclass(slots=True)
class PersonInputs:
    """Inputs for one person in one assessment window (DESIGN §2 "Inputs").

    ``inbound`` (M) and ``stream`` (O) are ``None`` when the user did not supply them, which is
    different from an empty list (supplied, but nothing in the window): measures that need them
    say "insufficient evidence" with a reason that names the missing option.
    """

    #: the person's own handles on every platform (normalised, see records.normalize_handle)
    handles: set[str]
    #: P: the person's own posts (posts, replies, quotes, boosts), public only, in the window
    posts: list[Post]
    #: the person's own likes, boosts and follows
    interactions: list[Interaction] = field(default_factory=list)
    #: accounts seen in the person's exports (their own with is_self, followers, followings)
    accounts: list[Account] = field(default_factory=list)
    #: M: messages addressed to the person (mentions, replies to them); None = not supplied
    inbound: list[Post] | None = None
    #: O: public posts about the organisation; None = not supplied
    stream: list[Post] | None = None
    org: OrgConfig | None = None
    since: datetime | None = None
    until: datetime | None = None
    display_name: str | None = None
