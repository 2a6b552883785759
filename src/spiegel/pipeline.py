"""The one entry point from exports to a competency profile, used by the CLI, the demo and the
web app::

    inputs = load_inputs(["archive.zip"], inbound=["mentions.jsonl"], org="org.yaml")
    profile = build_profile(inputs)            # a spiegel.report.v1 document
    profile.to_dict(); profile.to_json()

``load_inputs`` reads every source with :func:`spiegel.sources.read_path`, keeps only public
posts inside the window and works out the person's own handles; ``build_profile`` runs the text
analysis, the behaviour measures and the indicators of the model, and scores every competency.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import orjson

from spiegel import __version__
from spiegel.behaviour.inputs import PersonInputs
from spiegel.competencies import IndicatorContext, Model, default_model, score_competency
from spiegel.competencies.results import CompetencyResult
from spiegel.competencies.scoring import evaluate_indicator
from spiegel.competencies.stability import person_seed
from spiegel.errors import ConfigError, SpiegelError
from spiegel.records import Account, Activity, Interaction, Post, ensure_aware, normalize_handle
from spiegel.sources import read_path
from spiegel.sources._meta import CONFIRM_PLATFORMS
from spiegel.sources._meta import UNKNOWN as UNKNOWN_VISIBILITY
from spiegel.text.signals import TextSignals
from spiegel.text_cache import TextSignalCache, decode, gc_paused

SCHEMA = "spiegel.report.v1"
#: visibilities that count as public (None: the platform has no such notion, e.g. X, Bluesky)
PUBLIC_VISIBILITIES = frozenset({None, "public", "unlisted"})

#: progress callback: (stage, done, total); stages "text" (posts), "indicators", "done"
Progress = Callable[[str, int, int], None]
#: how often (in posts) text analysis reports progress
PROGRESS_EVERY = 1000


def _as_datetime(value: date | datetime | str | None, *, end: bool = False) -> datetime | None:
    """A window bound as an aware datetime; a plain date means the start (or, for *end*, the
    end) of that day in UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
            )
        except ValueError as exc:
            raise ConfigError(
                f"not a date: {value!r}",
                field="since/until",
                fix="Write dates as YYYY-MM-DD (or an ISO date-time).",
            ) from exc
    if isinstance(value, datetime):
        return ensure_aware(value)
    return datetime.combine(value, time.max if end else time.min, tzinfo=UTC)


def _read_all(paths: Iterable[str | Path]) -> Activity:
    activity = Activity()
    for path in paths:
        activity.extend(read_path(path))
    return activity


def _in_window(when: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    if when is None:
        return True
    when = ensure_aware(when)
    return (since is None or when >= since) and (until is None or when <= until)


def _public(
    post: Post, since: datetime | None, until: datetime | None, declared: frozenset[str] = frozenset()
) -> bool:
    """Public and in the window. A post whose visibility the export does not record (Facebook,
    Instagram, Threads: ``"unknown"``) counts only when its author is an account the person
    declared public (*declared*, ``--public-account``)."""
    if post.visibility == UNKNOWN_VISIBILITY:
        if normalize_handle(post.author) not in declared:
            return False
    elif post.visibility not in PUBLIC_VISIBILITIES:
        return False
    return _in_window(post.created_at, since, until)


def confirmed_interaction(interaction: Interaction, declared: frozenset[str]) -> bool:
    """An interaction from a platform whose exports record no visibility (likes and follows on
    Facebook/Instagram/Threads) counts only once the owner's account there is declared public."""
    if interaction.platform not in CONFIRM_PLATFORMS:
        return True
    return any(normalize_handle(h) in declared for h in (interaction.actor, interaction.target_author) if h)


def _own_handles(activity: Activity, given: Iterable[str] | None) -> set[str]:
    """The person's handles: those given (``--handle``) plus every owner the importers found
    (an archive's own account, and a Bluesky owner's DID beside its handle)."""
    handles = {h for h in (normalize_handle(x) for x in given or ()) if h}
    for account in activity.accounts:
        if account.is_self:
            handles.update(h for h in (normalize_handle(account.handle),) if h)
            if account.id and account.id.startswith("did:"):
                handles.add(account.id.lower())
    if not handles and activity.posts:
        # no importer named the owner: take the most frequent author of non-boost posts
        counts = Counter(normalize_handle(p.author) for p in activity.posts if not p.is_boost)
        top = counts.most_common(1)
        if top and top[0][0]:
            handles = {top[0][0]}
    return handles


def addressed_in_stream(inbound: list[Post], stream: Sequence[Post], handles: set[str]) -> list[Post]:
    """*inbound* plus the stream posts addressed to the person (they mention one of *handles* or
    reply to them) that *inbound* lacks: a listening tool may deliver someone's messages only in
    the stream, with an empty messages file."""
    if not handles:
        return inbound
    seen = {p.id for p in inbound}
    extra = [
        p
        for p in stream
        if p.id not in seen
        and (
            normalize_handle(p.in_reply_to_author) in handles
            or any(normalize_handle(m) in handles for m in p.mentions)
        )
    ]
    if not extra:
        return inbound
    return sorted([*inbound, *extra], key=lambda p: p.created_at)


def load_inputs(
    sources: Sequence[str | Path],
    inbound: Sequence[str | Path] = (),
    stream: Sequence[str | Path] = (),
    org: Any = None,
    since: date | datetime | str | None = None,
    until: date | datetime | str | None = None,
    handles: Iterable[str] | None = None,
    public_accounts: Iterable[str] | None = None,
) -> PersonInputs:
    """Read a person's exports (and optional inbound messages, organisation stream and org
    config) into :class:`PersonInputs` for one window. ``org`` is a path or an ``OrgConfig``.
    *public_accounts*: handles the person declares public, so that their Facebook, Instagram
    and Threads items (whose visibility the export does not record) count."""
    if not sources:
        raise ConfigError("no source given", fix="Pass at least one export (archive, folder or file).")
    lo, hi = _as_datetime(since), _as_datetime(until, end=True)
    if lo is not None and hi is not None and lo > hi:
        raise ConfigError("--since is after --until", field="since", fix="Swap the two dates.")
    own = _read_all(sources)
    mine = _own_handles(own, handles)
    declared = frozenset(h for h in (normalize_handle(x) for x in public_accounts or ()) if h)
    posts = [
        p
        for p in own.posts
        if _public(p, lo, hi, declared) and (not mine or normalize_handle(p.author) in mine)
    ]
    posts.sort(key=lambda p: p.created_at)
    interactions: list[Interaction] = [
        i for i in own.interactions if _in_window(i.created_at, lo, hi) and confirmed_interaction(i, declared)
    ]
    accounts: list[Account] = list(own.accounts)
    owner = own.owner

    def others(paths: Sequence[str | Path]) -> list[Post] | None:
        if not paths:
            return None
        found = _read_all(paths)
        accounts.extend(a for a in found.accounts if not a.is_self)
        kept = [p for p in found.posts if _public(p, lo, hi) and normalize_handle(p.author) not in mine]
        return sorted(kept, key=lambda p: p.created_at)

    org_config = org
    if isinstance(org, str | Path):
        org_config = importlib.import_module("spiegel.org").load_org(org)
    messages, public = others(inbound), others(stream)
    if messages is not None and public:
        messages = addressed_in_stream(messages, public, mine)
    return PersonInputs(
        handles=mine,
        posts=posts,
        interactions=interactions,
        accounts=accounts,
        inbound=messages,
        stream=public,
        org=org_config,
        since=lo,
        until=hi,
        display_name=(owner.display_name or owner.handle) if owner else (sorted(mine)[0] if mine else None),
    )


def analyze_text(
    inputs: PersonInputs,
    progress: Progress | None = None,
    cache: TextSignalCache | bool | None = None,
    embeddings: bool = False,
) -> tuple[dict[str, TextSignals], bool, bool]:
    """Text signals of the person's own posts and of the messages addressed to them, whether
    text analysis is available (``spiegel.text.analyze``) and whether its trained classifiers
    are. Without classifiers the readability/voice signals are still computed, and the
    indicators that need a classifier report insufficient evidence (never a made-up value).
    *progress* is called as ``progress("text", posts_done, posts_total)`` while it works.

    *cache*: signals computed before are read from the text-signal cache
    (:mod:`spiegel.text_cache`; ``None``/``True``: the default file under ``$SPIEGEL_CACHE_DIR``
    or ``~/.cache/spiegel``, ``False``: no cache, or a :class:`TextSignalCache`), and only the
    other posts are analysed (and then stored).

    *embeddings*: classify with the fast + sentence-embedding path (needs the ``[embed]``
    extra; :class:`spiegel.text.embed.EmbeddingsUnavailable` otherwise)."""
    text = importlib.import_module("spiegel.text")
    analyze = getattr(text, "iter_analyze", None) or getattr(text, "analyze", None)
    if analyze is None:
        return {}, False, False
    check = getattr(text, "classifiers_available", None)
    try:
        with_classifiers = bool(check()) if check is not None else True
    except SpiegelError:  # model files missing or stale: recorded in the profile, not hidden
        with_classifiers = False
    posts = [p for p in inputs.posts if not p.is_boost]
    posts += inputs.inbound or []
    store: TextSignalCache | None = None
    if isinstance(cache, TextSignalCache):
        store = cache
    elif cache is not False:
        store = TextSignalCache()
    try:
        use_embeddings = embeddings and with_classifiers
        found = _analyze_cached(posts, analyze, with_classifiers, store, progress, use_embeddings)
    finally:
        if store is not None and store is not cache:
            store.close()
    signals: dict[str, TextSignals] = {}
    for signal in found:
        signals[signal.id] = signal
    return signals, True, with_classifiers


#: misses stored per transaction while they are analysed
CACHE_BATCH = 2048


def _analyze_cached(
    posts: list[Post],
    analyze: Callable[..., Iterable[TextSignals]],
    with_classifiers: bool,
    store: TextSignalCache | None,
    progress: Progress | None,
    embeddings: bool = False,
) -> list[TextSignals]:
    """One signal per post, in order: cached ones from *store*, the rest analysed (and stored)."""
    total = len(posts)
    out: list[TextSignals | None] = [None] * total
    todo = list(range(total))
    keys: list[bytes] = []
    if store is not None and posts:
        keys = [store.key(p, with_classifiers, embeddings) for p in posts]
        hits = store.get_many(keys)
        todo = []
        with gc_paused():
            for i, key in enumerate(keys):
                data = hits.get(key)
                if data is None:
                    todo.append(i)
                else:
                    out[i] = decode(data, posts[i].id)
    done = total - len(todo)
    if progress is not None and done:
        progress("text", done, total)
    pending: list[tuple[bytes, TextSignals]] = []
    misses = [posts[i] for i in todo]
    options: dict[str, Any] = {"classifiers": with_classifiers}
    if embeddings:
        options["embeddings"] = True
    for i, signal in zip(todo, analyze(misses, **options), strict=True):
        out[i] = signal
        done += 1
        if store is not None:
            pending.append((keys[i], signal))
            if len(pending) >= CACHE_BATCH:
                store.put_many(pending)
                pending = []
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress("text", done, total)
    if store is not None:
        store.put_many(pending)
    if progress is not None:
        progress("text", done, total)
    return [s for s in out if s is not None]


@dataclass(slots=True)
class Profile:
    """A person's competency profile: the ``spiegel.report.v1`` document (docs/report-schema.md)."""

    person: dict[str, Any]
    window: dict[str, Any]
    counts: dict[str, int | None]
    model: dict[str, Any]
    competencies: list[CompetencyResult]
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    text_analysis: bool = True
    text_classifiers: bool = True
    assessment: dict[str, Any] | None = None
    spiegel_version: str = __version__
    #: the per-post text signals the profile was built from (not part of the JSON document);
    #: callers that need them too (team measures) can reuse them instead of analysing again
    signals: Mapping[str, TextSignals] | None = field(default=None, repr=False, compare=False)

    def competency(self, competency_id: str) -> CompetencyResult:
        return next(c for c in self.competencies if c.id == competency_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "spiegel_version": self.spiegel_version,
            "generated_at": self.generated_at,
            "model": self.model,
            "person": self.person,
            "window": self.window,
            "counts": self.counts,
            "text_analysis": self.text_analysis,
            "text_classifiers": self.text_classifiers,
            "competencies": [c.to_dict() for c in self.competencies],
            "assessment": self.assessment,
        }

    def to_json(self, indent: bool = True) -> bytes:
        return orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2 if indent else 0)


def classifier_version() -> str:
    """The text classifiers' version with the fingerprint of their weights (recorded in every
    profile's ``model.classifiers``; :func:`spiegel.text.classifiers.weights_version`)."""
    from spiegel.text.classifiers import weights_version

    return weights_version()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def build_profile(
    inputs: PersonInputs,
    model: Model | None = None,
    assessment: Mapping[str, Any] | str | Path | None = None,
    progress: Progress | None = None,
    signals: Mapping[str, TextSignals] | None = None,
    cache: TextSignalCache | bool | None = None,
    embeddings: bool = False,
) -> Profile:
    """Measure and score every competency of *model* (default: spiegel's) for one person.
    *assessment* is a ``spiegel.assessment.v1`` document or its path (``spiegel assess collect``);
    *signals* lets a caller pass text signals it already computed; *cache* is passed to
    :func:`analyze_text` (``False``: no text-signal cache); *embeddings*: classify posts with the
    fast + sentence-embedding path (slower; needs the ``[embed]`` extra)."""
    model = model or default_model()
    step = progress or (lambda _stage, _done, _total: None)
    available = with_classifiers = True
    if signals is None:
        step("text", 0, len(inputs.posts) + len(inputs.inbound or []))
        signals, available, with_classifiers = analyze_text(inputs, step, cache=cache, embeddings=embeddings)
    n = len(model.competencies)
    step("indicators", 0, n)
    ctx = IndicatorContext(
        inputs=inputs, signals=signals, text_available=available, classifiers_available=with_classifiers
    )
    competencies = []
    # the measures build many small objects without cycles next to a large heap (all posts and
    # signals): the cyclic collector's passes would cost a third of the time and free nothing
    with gc_paused():
        for i, comp in enumerate(model.competencies):
            competencies.append(
                score_competency(
                    comp,
                    [evaluate_indicator(spec, ctx) for spec in comp.indicators],
                    model.min_weight_share,
                    person_seed(inputs.handles, comp.id),
                )
            )
            step("indicators", i + 1, n)
    own = inputs.posts
    platforms = sorted({p.platform for p in own} | {a.platform for a in inputs.accounts if a.is_self})
    profile = Profile(
        person={"name": inputs.display_name, "handles": sorted(inputs.handles), "platforms": platforms},
        window={
            "since": _iso(inputs.since),
            "until": _iso(inputs.until),
            "first_post": _iso(own[0].created_at) if own else None,
            "last_post": _iso(own[-1].created_at) if own else None,
        },
        counts={
            "posts": len(own),
            "inbound": len(inputs.inbound) if inputs.inbound is not None else None,
            "stream": len(inputs.stream) if inputs.stream is not None else None,
        },
        model={
            "id": model.id,
            "version": model.version,
            "name": dict(model.name),
            "classifiers": classifier_version(),
        },
        competencies=competencies,
        text_analysis=available,
        text_classifiers=with_classifiers,
        signals=signals,
    )
    if assessment is not None:
        from spiegel.assess.compare import compare

        profile.assessment = compare(profile, assessment, model)
    step("done", 1, 1)
    return profile
