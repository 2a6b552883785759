"""Role-steadfastness: is there a human behind the account? ``human_presence`` = 1 − the share
of the person's posts that show a sign of automation, with every flagged post as evidence.

Per-post signs:

* ``automation_app`` – posted through a scheduling or automation app (:data:`AUTOMATION_APPS`);
* ``template`` – the text analysis marks it templated, or its text repeats an earlier post once
  links, mentions, numbers and punctuation are removed (near-duplicate);
* ``link_only`` – a link with fewer than three words of its own;
* ``regular_time`` – three or more posts at the very same local clock time (hh:mm:ss);
* ``regular_minute`` – with 20 posts or more, the minute-of-hour entropy is below
  :data:`MINUTE_ENTROPY_MIN` (a scheduler's fixed slots such as :00 and :30); the posts in the
  slots that hold 80% of the posts are flagged;
* ``regular_interval`` – the gaps between posts are machine-regular (coefficient of variation
  below :data:`REGULAR_CV`), which flags all posts;
* ``round_the_clock`` – the account posts through the night as much as by day; its night posts
  (01:00–05:00 local) are flagged.

:func:`account_automation_score` folds account-level rates into one score in [0, 1] (used for the
evaluation on public bot/human data, see docs/behaviour.md).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import mean, pstdev
from zoneinfo import ZoneInfo

from spiegel.behaviour.common import MINIMUM, capped_map, evidence, insufficient, normalized_entropy
from spiegel.behaviour.context import PersonContext
from spiegel.evidence import Measure
from spiegel.records import Post
from spiegel.text.signals import TextSignals

#: lower-case substrings of source-app names that mean scheduled or automated posting
AUTOMATION_APPS = (
    "buffer",
    "hootsuite",
    "ifttt",
    "dlvr.it",
    "zapier",
    "sprout social",
    "sproutsocial",
    "later.com",
    "later media",
    "socialbee",
    "publer",
    "twitter for advertisers",
    "tweetdeck scheduled",
    "twittbot",
    "twitterfeed",
    "feedly",
    "rss",
    "bot",
    "sendible",
    "agorapulse",
    "coschedule",
    "meet edgar",
    "edgar",
    "socialoomph",
    "falcon",
    "brandwatch",
    "sprinklr",
    "hubspot",
    "loomly",
    "crowdfire",
    "statusbrew",
    "oktopost",
    "everypost",
    "missinglettr",
    "recurpost",
    "make.com",
    "integromat",
    "microsoft power automate",
    "cheap bots",
    "botsin.space",
    "python",
    "tweepy",
    "mastodon.py",
    "api",
)
#: lower-case prefixes of the people's own clients (official apps, web, popular third-party apps)
HUMAN_CLIENTS = (
    "twitter for",
    "twitter web",
    "mobile web",
    "tweetdeck",
    "tweetbot",
    "twitterrific",
    "echofon",
    "instagram",
    "facebook",
    "linkedin",
    "mastodon",
    "tusky",
    "ivory",
    "elk",
    "ice cubes",
    "metatext",
    "toot!",
    "fedilab",
    "moshidon",
    "megalodon",
    "mona",
    "phanpy",
    "pinafore",
    "semaphore",
    "bluesky",
    "graysky",
    "skeets",
    "web",
    "iphone",
    "android",
    "ipad",
    "mac",
    "windows",
    "x for",
    "x web",
)
REGULAR_CV = 0.2
MINUTE_ENTROPY_MIN = 0.4
NIGHT_HOURS = range(1, 6)

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(?<!\w)[@#][\w.@-]+")
_NOISE = re.compile(r"[\d\W_]+", re.UNICODE)
_APP_RE = re.compile("|".join(re.escape(a) for a in AUTOMATION_APPS))
_WORD_APP = {"api", "bot", "rss", "edgar", "falcon", "python"}


@lru_cache(maxsize=4096)
def is_automation_app(source: str | None) -> bool:
    """True when a post's source application is a scheduling/automation tool."""
    if not source:
        return False
    low = source.lower()
    for m in _APP_RE.finditer(low):
        word = m.group(0)
        if word not in _WORD_APP:
            return True
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", low):
            return True
    return False


def app_automation_level(source: str | None) -> float | None:
    """1 for an automation app, 0 for a client people use by hand, 0.5 for an unknown custom
    app (often a script with its own name), None when the source is not known."""
    if not source or not source.strip():
        return None
    if is_automation_app(source):
        return 1.0
    low = source.strip().lower()
    return 0.0 if low.startswith(HUMAN_CLIENTS) else 0.5


def normalize_text(text: str) -> str:
    text = _URL.sub(" ", text.lower())
    text = _HANDLE.sub(" ", text)
    return " ".join(_NOISE.sub(" ", text).split())


def is_link_only(post: Post, normalized: str | None = None) -> bool:
    """A link with fewer than three words around it (*normalized*: ``normalize_text(post.text)``
    when the caller has it already)."""
    has_link = bool(post.urls) or bool(_URL.search(post.text))
    if not has_link:
        return False
    norm = normalize_text(post.text) if normalized is None else normalized
    return len(norm.split()) < 3


@dataclass(slots=True)
class TimingStats:
    interarrival_cv: float | None
    minute_entropy: float
    hour_entropy: float
    night_share: float
    active_hours: int


def timing_stats(posts: Sequence[Post], tz: ZoneInfo) -> TimingStats:
    times = sorted(p.created_at for p in posts)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    cv = pstdev(gaps) / mean(gaps) if len(gaps) >= 2 and mean(gaps) > 0 else None
    local = [t.astimezone(tz) for t in times]
    hours = Counter(t.hour for t in local)
    minutes = Counter(t.minute for t in local)
    night = sum(c for h, c in hours.items() if h in NIGHT_HOURS)
    return TimingStats(
        cv,
        normalized_entropy(minutes.values(), 60),
        normalized_entropy(hours.values(), 24),
        night / len(local) if local else 0.0,
        len(hours),
    )


def post_flags(
    posts: Sequence[Post], text: Mapping[str, TextSignals], tz: ZoneInfo, stats: TimingStats | None = None
) -> dict[str, list[str]]:
    """Per post id, the automation signs it shows (empty list: none)."""
    flags: dict[str, list[str]] = {p.id: [] for p in posts}
    stats = stats or timing_stats(posts, tz)
    ordered = sorted(posts, key=lambda p: p.created_at)
    local_times = [p.created_at.astimezone(tz) for p in ordered]
    clock = Counter((t.hour, t.minute, t.second) for t in local_times)
    slots: set[int] = set()
    if len(posts) >= 20 and stats.minute_entropy < MINUTE_ENTROPY_MIN:
        covered = 0
        for minute, count in Counter(t.minute for t in local_times).most_common():
            if covered >= 0.8 * len(posts):
                break
            slots.add(minute)
            covered += count
    seen_text: set[str] = set()
    round_the_clock = stats.active_hours >= 20 and stats.hour_entropy >= 0.9 and stats.night_share >= 0.1
    regular = (
        stats.interarrival_cv is not None
        and stats.interarrival_cv < REGULAR_CV
        and len(posts) >= MINIMUM["human_presence"]
    )
    for post, local in zip(ordered, local_times, strict=True):
        f = flags[post.id]
        if is_automation_app(post.source_app):
            f.append("automation_app")
        signals = text.get(post.id)
        norm = normalize_text(post.text)
        if signals is not None and signals.template:
            f.append("template")
        elif len(norm) >= 20:
            if norm in seen_text:
                f.append("template")
            seen_text.add(norm)
        if is_link_only(post, norm):
            f.append("link_only")
        if clock[(local.hour, local.minute, local.second)] >= 3:
            f.append("regular_time")
        if local.minute in slots:
            f.append("regular_minute")
        if regular:
            f.append("regular_interval")
        if round_the_clock and local.hour in NIGHT_HOURS:
            f.append("round_the_clock")
    return flags


def human_presence(ctx: PersonContext) -> Measure:
    """1 − the share of the person's posts with a sign of automation (norm: automation ≤ 10%)."""
    name = "human_presence"
    posts = ctx.own
    if len(posts) < MINIMUM[name]:
        return insufficient(name, "too_few_posts", n=len(posts))
    tz = ctx.org.tz if ctx.org is not None else ZoneInfo("Europe/Amsterdam")
    stats = timing_stats(posts, tz)
    flags = post_flags(posts, ctx.text, tz, stats)
    flagged = [p for p in posts if flags[p.id]]
    by_flag = Counter(f for fs in flags.values() for f in fs)
    days = max(
        1.0, (max(p.created_at for p in posts) - min(p.created_at for p in posts)).total_seconds() / 86400
    )
    share = len(flagged) / len(posts)
    details: dict[str, object] = {
        "automation_share": share,
        "by_sign": dict(by_flag),
        "interarrival_cv": stats.interarrival_cv,
        "minute_entropy": stats.minute_entropy,
        "hour_entropy": stats.hour_entropy,
        "night_share": stats.night_share,
        "account_score": account_automation_score(
            app_share=by_flag["automation_app"] / len(posts),
            posts_per_day=len(posts) / days,
            url_share=sum(1 for p in posts if p.urls or _URL.search(p.text)) / len(posts),
            reply_share=sum(1 for p in posts if p.is_reply) / len(posts),
            duplicate_share=by_flag["template"] / len(posts),
        ),
    }
    flagged.sort(key=lambda p: (-len(flags[p.id]), p.created_at))
    ev = capped_map(flagged, details, lambda p: evidence(p, flags[p.id][0], signs=flags[p.id]))
    outcomes = [0.0 if flags[p.id] else 1.0 for p in posts]
    return Measure(name, 1 - share, n=len(posts), evidence=ev, details=details, outcomes=outcomes)


def account_automation_score(
    *,
    app_share: float | None = None,
    posts_per_day: float | None = None,
    url_share: float | None = None,
    reply_share: float | None = None,
    duplicate_share: float | None = None,
    likes_per_post: float | None = None,
) -> float:
    """An account-level automation score in [0, 1] from rates that are often available. Missing
    rates are left out. The weights are set by hand from the signs above, not fitted."""
    parts: list[tuple[float, float]] = []  # (weight, evidence in [0, 1])
    if app_share is not None:
        parts.append((3.0, min(1.0, app_share)))
    if posts_per_day is not None:
        parts.append((1.5, min(1.0, math.log1p(max(0.0, posts_per_day)) / math.log1p(100))))
    if url_share is not None:
        parts.append((1.0, min(1.0, url_share)))
    if reply_share is not None:
        parts.append((1.0, 1.0 - min(1.0, reply_share)))
    if duplicate_share is not None:
        parts.append((2.0, min(1.0, duplicate_share)))
    if likes_per_post is not None:  # people like others' posts; bots seldom do
        parts.append((1.0, 1.0 - min(1.0, math.log1p(max(0.0, likes_per_post)) / math.log1p(10))))
    if not parts:
        return 0.0
    return sum(w * x for w, x in parts) / sum(w for w, _ in parts)
