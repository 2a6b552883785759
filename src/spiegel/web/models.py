# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The server mode's data. Everything about a person hangs off :class:`Person`, so that erasure
(``Person.erase``) is one cascade; the audit log keeps a label, not a link, so it survives it."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spiegel.sources._meta import CONFIRM_PLATFORMS

ROLE_EMPLOYEE = "employee"
ROLE_HR = "hr"
ROLES = [(ROLE_EMPLOYEE, _("Employee")), (ROLE_HR, _("HR / administrator"))]
PLATFORMS = [
    ("mastodon", "Mastodon"),
    ("bluesky", "Bluesky"),
    ("x", "X / Twitter"),
    ("linkedin", "LinkedIn"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("threads", "Threads"),
]
DIRECTIONS = [
    ("own", _("own post")),
    ("inbound", _("addressed to the person")),
    ("stream", _("organisation stream")),
]


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    #: the organisation configuration (org.yaml, as read by spiegel.org) as JSON
    config = models.JSONField(default=dict, blank=True)
    #: where the organisation stream (public posts about the organisation) is collected, e.g.
    #: {"mastodon": {"instance": "https://social.overheid.nl", "hashtags": ["spiegelstad"],
    #:  "searches": []}, "bluesky": {"searches": ["spiegelstad"]}}; empty = not collected
    stream_sources = models.JSONField(default=dict, blank=True)
    stream_fetched_at = models.DateTimeField(null=True, blank=True)
    #: the Bluesky account the stream's post searches log in with (Bluesky answers searches only
    #: to logged-in clients); its app password is kept encrypted (spiegel.web.secrets) or comes
    #: from SPIEGEL_BLUESKY_APP_PASSWORD(_FILE)
    bluesky_login = models.CharField(max_length=253, blank=True)
    bluesky_app_password = models.TextField(blank=True, editable=False)
    bluesky_password_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: where the login goes (the account's PDS); empty: Bluesky's entryway
    bluesky_pds = models.URLField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    #: the assessment window in days: only posts of the last this many days are stored on import
    #: and analysed (issue 16: minimisation at intake)
    window_days = models.PositiveIntegerField(default=365)
    #: judge-first: a manager records their own judgement of a competency before seeing its
    #: measured level (against automation bias); on unless the organisation turns it off
    judge_first = models.BooleanField(default=True)
    #: days after which a profile the employee did not release becomes visible to the manager;
    #: empty (the default): never, only the employee's own release shows it
    auto_release_days = models.PositiveIntegerField(null=True, blank=True)
    #: analyse only work posts (about the organisation's topics, to or from colleagues and
    #: official accounts, or answers to messages addressed to the person); needs the
    #: organisation config (``config``) to tell work from non-work
    work_posts_only = models.BooleanField(default=False)
    #: the organisation's own norms, {competency id: {indicator id: norm}}, over those of the
    #: default model (spiegel.web.deployer.active_model); empty: the model's norms
    norms = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    #: reporting lines: a team's manager also manages every team below it
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    manager = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )
    #: the dashboard's message figures (coverage, answered within a day, response times) over the
    #: consenting members, computed by a "team" job so that a dashboard view stays fast
    figures = models.JSONField(default=dict, blank=True)
    figures_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=ROLES, default=ROLE_EMPLOYEE)

    def __str__(self) -> str:
        return self.name

    def active_accounts(self) -> models.QuerySet[ConnectedAccount]:
        return self.accounts.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)

    def has_consent(self) -> bool:
        """Whether any connected account has active consent (asked once per loaded object:
        a request loads its own objects, so a withdrawal shows on the next request)."""
        cached: bool | None = self.__dict__.get("_has_consent")
        if cached is None:
            cached = self.__dict__["_has_consent"] = self.active_accounts().exists()
        return cached


class ConnectedAccount(models.Model):
    """A public account the employee connected, with their consent and what it is used for."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(max_length=20, choices=PLATFORMS)
    handle = models.CharField(max_length=200)
    #: Mastodon instance URL (e.g. https://social.overheid.nl); empty for other platforms
    instance = models.CharField(max_length=200, blank=True)
    #: the purpose text the employee saw when consenting (kept as shown, for the record)
    purpose = models.TextField()
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    #: when the employee declared this account public. Facebook, Instagram and Threads exports do
    #: not record who could see an item, so their items count only after this confirmation
    #: (spiegel.sources._meta); None: not declared
    declared_public_at = models.DateTimeField(null=True, blank=True)

    @property
    def active(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None

    @property
    def needs_public_confirmation(self) -> bool:
        """Whether this platform's exports leave visibility unknown (see ``declared_public_at``)."""
        return self.platform in CONFIRM_PLATFORMS

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}"


class Source(models.Model):
    """An uploaded archive or a fetched file, processed by an import job."""

    STATUSES = (
        ("queued", _("queued")),
        ("running", _("running")),
        ("done", _("done")),
        ("failed", _("failed")),
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sources")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="sources"
    )
    account = models.ForeignKey(ConnectedAccount, null=True, blank=True, on_delete=models.CASCADE)
    direction = models.CharField(max_length=10, choices=DIRECTIONS, default="own")
    path = models.CharField(max_length=500)
    original_name = models.CharField(max_length=300)
    format = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default="queued")
    processed = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    #: rows the importer dropped or repaired and optional files it skipped
    #: (spiegel.sources._notices), as shown to the person: {"nl": [...], "en": [...]}
    notices = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: what the import left out (minimisation at intake, :func:`spiegel.web.store.minimise`):
    #: {"not_public": n, "outside_window": n, "raw_payloads": n}
    dropped = models.JSONField(default=dict, blank=True)
    #: the uploaded file was deleted after a successful import (only the minimised records stay)
    file_removed_at = models.DateTimeField(null=True, blank=True)

    @property
    def shown_error(self) -> str:
        """The error as users see it: the stored copy named as uploaded, no server paths."""
        from spiegel.web.paths import hide_paths

        return hide_paths(self.error, {self.path: self.original_name} if self.path else None)

    def notice_messages(self, lang: str) -> list[str]:
        """The import's notices in *lang* (Dutch when there are none in that language)."""
        found = self.notices.get(lang) or self.notices.get("nl") or []
        return [str(m) for m in found]


class StoredRecord(models.Model):
    """One imported record (post, interaction or account), unique per owner and platform id, so
    that re-running an import or a fetch adds nothing twice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="records")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="records"
    )
    account = models.ForeignKey(ConnectedAccount, null=True, blank=True, on_delete=models.CASCADE)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    #: "p<person id>" or "org" (the stream): NULLs would not make the unique key work
    owner_key = models.CharField(max_length=30)
    direction = models.CharField(max_length=10, choices=DIRECTIONS)
    record_type = models.CharField(max_length=12)  # post, interaction, account
    platform = models.CharField(max_length=20)
    record_id = models.CharField(max_length=500)
    created_at = models.DateTimeField(null=True, blank=True, db_index=True)
    data = models.JSONField()
    stored_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["organisation", "owner_key", "direction", "record_type", "platform", "record_id"],
                name="spiegel_record_unique",
            ),
        )


class ProfileSnapshot(models.Model):
    """A profile (the ``spiegel.report.v1`` document) of a person for one window."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="snapshots")
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    profile = models.JSONField()
    model_version = models.CharField(max_length=100, blank=True)
    #: the text classifiers' version (with the fingerprint of their weights) the profile used
    classifier_version = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    #: set when the employee releases the profile to their manager
    released_at = models.DateTimeField(null=True, blank=True)
    #: levels and names per competency, kept beside the profile so that dashboards and history
    #: need not read whole profiles: {"levels": {id: level}, "names": {id: {"nl":…, "en":…}}}
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if "profile" in self.__dict__:  # not when the profile was deferred
            comps = self.competencies()
            self.summary = {
                # PostgreSQL's jsonb does not keep key order: the model's order is kept apart
                "order": [str(c.get("id")) for c in comps],
                "levels": {str(c.get("id")): c.get("level") for c in comps},
                "names": {str(c.get("id")): c.get("name") for c in comps},
            }
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "summary"}
        super().save(*args, **kwargs)

    @property
    def auto_release_at(self) -> datetime | None:
        """When the profile becomes visible to the manager without the employee's release: only
        when the organisation chose an automatic release term (``Organisation.auto_release_days``)."""
        days = self.person.organisation.auto_release_days
        return None if days is None else self.created_at + timedelta(days=days)

    def visible_to_manager(self, now: datetime | None = None) -> bool:
        if self.released_at is not None:
            return True
        at = self.auto_release_at
        return at is not None and (now or timezone.now()) >= at

    def summary_levels(self) -> dict[str, int | None]:
        """Level per competency id, in the model's order (from the summary)."""
        levels = self.summary.get("levels") or {}
        return {cid: levels.get(cid) for cid in self.summary.get("order") or list(levels)}

    def summary_names(self) -> dict[str, Any]:
        """Name ({"nl":…, "en":…}) per competency id, in the model's order."""
        names = self.summary.get("names") or {}
        return {cid: names.get(cid) for cid in self.summary.get("order") or list(names)}

    def competencies(self) -> list[dict[str, Any]]:
        return list(self.profile.get("competencies") or [])


class EvidenceAnnotation(models.Model):
    KINDS = (("note", _("note")), ("contest", _("contest")))
    snapshot = models.ForeignKey(ProfileSnapshot, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    competency_id = models.CharField(max_length=60)
    indicator_id = models.CharField(max_length=60)
    post_id = models.CharField(max_length=500)
    kind = models.CharField(max_length=10, choices=KINDS)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    #: a contest opens a review ("open") that the manager or HR closes ("closed") with a note,
    #: possibly recomputing the profile; empty for notes
    review_status = models.CharField(max_length=10, blank=True, db_index=True)
    review_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=200, blank=True)


class ManagerJudgement(models.Model):
    """A manager's own judgement of a competency, recorded with the reason (DESIGN §5)."""

    snapshot = models.ForeignKey(ProfileSnapshot, on_delete=models.CASCADE, related_name="judgements")
    competency_id = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField()
    measured_level = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)


def _token() -> str:
    return secrets.token_urlsafe(24)


class AssessmentInvitation(models.Model):
    KINDS = (("self", _("self")), ("other", _("other")))
    subject = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=KINDS, default="other")
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    #: the e-mailed link's single-use token, kept as its SHA-256 (the token itself only travels
    #: in the e-mail); cleared when it is used, replaced on re-send, cleared on revocation
    link_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.revoked_at is None


class InvitationDelivery(models.Model):
    """One attempt to e-mail a 360 invitation, and its outcome (kept for the record)."""

    OUTCOMES = (
        ("sent", _("sent")),
        ("failed", _("failed")),
        ("no_address", _("no e-mail address")),
        ("not_configured", _("e-mail not set up")),
    )
    KINDS = (("invitation", _("invitation")), ("reminder", _("reminder")))
    invitation = models.ForeignKey(AssessmentInvitation, on_delete=models.CASCADE, related_name="deliveries")
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=OUTCOMES)
    #: the first invitation (or a re-send of it), or a reminder to answer it
    kind = models.CharField(max_length=12, choices=KINDS, default="invitation")
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("-at", "-id")


class AssessmentResponse(models.Model):
    invitation = models.ForeignKey(AssessmentInvitation, on_delete=models.CASCADE, related_name="responses")
    competency_id = models.CharField(max_length=60)
    item_id = models.CharField(max_length=80)
    score = models.PositiveSmallIntegerField()


class AuditLog(models.Model):
    """Who looked at or changed whose data, and when. Kept apart from the person (labels, not
    links) so that the record of an erasure survives it."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=40)
    subject_person_id = models.BigIntegerField(null=True, db_index=True)
    subject_label = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("-at",)


class RetentionPolicy(models.Model):
    """How long each kind of data is kept; the retention job deletes what is older. A policy
    without organisation is the installation's default (set in the admin); an organisation's
    administrator sets their own terms in the app, which then apply to that organisation's data."""

    DATA_TYPES = (
        ("records", _("imported posts and messages")),
        ("snapshots", _("profile snapshots")),
        ("assessments", _("360 answers")),
        ("audit", _("audit log")),
        ("uploads", _("uploaded archives")),
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="retention"
    )
    data_type = models.CharField(max_length=20, choices=DATA_TYPES)
    days = models.PositiveIntegerField()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["organisation", "data_type"], name="spiegel_retention_org_type"),
            models.UniqueConstraint(
                fields=["data_type"],
                condition=models.Q(organisation__isnull=True),
                name="spiegel_retention_default_type",
            ),
        )

    def __str__(self) -> str:
        return f"{self.organisation or '*'}: {self.data_type} {self.days} d"


class Job(models.Model):
    """Background work in a database table: a worker thread (``spiegel serve``) or
    ``spiegel worker`` picks queued jobs in order."""

    KINDS = (
        ("import", "import"),
        ("fetch", "fetch"),
        ("profile", "profile"),
        ("team", "team"),
        ("retention", "retention"),
    )
    STATUSES = Source.STATUSES
    kind = models.CharField(max_length=20, choices=KINDS)
    status = models.CharField(max_length=10, choices=STATUSES, default="queued", db_index=True)
    payload = models.JSONField(default=dict, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: while running: the worker holds the job until then (it extends the lease while it works);
    #: a running job whose lease ran out was abandoned (worker killed) and is taken up again
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)

    @property
    def shown_error(self) -> str:
        """The error as users see it (no server paths; see :mod:`spiegel.web.paths`)."""
        from spiegel.web.paths import hide_paths

        source = self.source if self.source_id else None
        return hide_paths(self.error, {source.path: source.original_name} if source and source.path else None)


class DeployerSetup(models.Model):
    """What HR records before the organisation switches spiegel on (issue 16): the date of the
    DPIA, the works council's consent, and the configuration it approved (model, norms,
    indicator and classifier versions, organisation config) with its fingerprint. The server
    compares that fingerprint with the configuration in force (:mod:`spiegel.web.deployer`)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="deployer_setup")
    dpia_date = models.DateField(null=True, blank=True)
    dpia_reference = models.CharField(max_length=200, blank=True)
    works_council_date = models.DateField(null=True, blank=True)
    works_council_reference = models.CharField(max_length=200, blank=True)
    #: SHA-256 of the approved configuration (spiegel.deployer.facts.fingerprint); empty: none
    approved_fingerprint = models.CharField(max_length=64, blank=True)
    approved_configuration = models.JSONField(default=dict, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    #: who approved, as a label (like the audit log, it survives the user's erasure)
    approved_by = models.CharField(max_length=200, blank=True)
    #: the fingerprint of the last change that was written to the audit log (logged once)
    flagged_fingerprint = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.organisation}: deployer set-up"


class ThirdPartyObjection(models.Model):
    """An objection by someone whose public posts may appear as evidence (a resident, a rater),
    recorded by HR by author handle (issue 16): their stored posts are erased and later imports
    leave them out (:mod:`spiegel.web.third_parties`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="objections")
    handle = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    #: who recorded it, as a label (like the audit log)
    recorded_by = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["organisation", "handle"], name="spiegel_objection_org_handle"),
        )

    def __str__(self) -> str:
        return f"{self.organisation}: {self.handle}"
