# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Organisation settings for its HR administrators: the Bluesky login of the organisation
stream, the retention terms per data type, and the deployer set-up (DPIA, works council's
consent, approved configuration)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spiegel.errors import InputError, SpiegelError
from spiegel.web import audit, deployer, fetchers, jobs, permissions, retention
from spiegel.web.models import Job, Organisation

_HANDLE = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")


def _organisation(request: HttpRequest) -> Organisation:
    person = permissions.person_of(request.user)
    if person is None or not permissions.can_manage_organisation(request.user, person.organisation):
        raise PermissionDenied
    return person.organisation


class BlueskyLoginForm(forms.Form):
    bluesky_login = forms.CharField(
        label=gettext_lazy("Bluesky account"),
        required=False,
        max_length=253,
        help_text=gettext_lazy(
            "The handle of an account of the organisation, e.g. spiegelstad.bsky.social. "
            "Empty: no Bluesky searches."
        ),
    )
    app_password = forms.CharField(
        label=gettext_lazy("App password"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "Make one in Bluesky under Settings → Privacy and security → App passwords. It is stored "
            "encrypted and never shown again; leave the field empty to keep the stored one."
        ),
    )
    forget_password = forms.BooleanField(label=gettext_lazy("Remove the stored app password"), required=False)
    bluesky_pds = forms.URLField(
        label=gettext_lazy("Sign-in server (PDS)"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("Only for an account hosted elsewhere than bsky.social; empty: bsky.social."),
    )

    def clean_bluesky_pds(self) -> str:
        from spiegel.web.views.consent import clean_server

        return clean_server(self.cleaned_data["bluesky_pds"])

    def clean_bluesky_login(self) -> str:
        handle = self.cleaned_data["bluesky_login"].strip().removeprefix("@").lower()
        if handle and not (handle.startswith("did:") or _HANDLE.match(handle)):
            raise forms.ValidationError(_("Enter a Bluesky handle such as name.bsky.social."))
        return handle

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("app_password") and data.get("forget_password"):
            raise forms.ValidationError(
                _("Either enter a new app password or remove the stored one, not both.")
            )
        return data


def _stream_status(org: Organisation) -> dict[str, Any]:
    searches = (org.stream_sources.get("bluesky") or {}).get("searches") or []
    problem = ""
    try:
        ready = fetchers.bluesky_login(org) is not None
    except SpiegelError as exc:
        ready, problem = False, getattr(exc, "what", str(exc))
    last = Job.objects.filter(kind="fetch", payload__stream=org.pk).order_by("-created_at").first()
    return {
        "bluesky_searches": searches,
        "login_ready": ready,
        "login_problem": problem,
        "password_source": fetchers.password_source(org),
        "last_job": last,
    }


@login_required
def stream_settings(request: HttpRequest) -> HttpResponse:
    org = _organisation(request)
    initial = {"bluesky_login": org.bluesky_login, "bluesky_pds": org.bluesky_pds}
    if request.method == "POST" and request.POST.get("action") == "check":
        problem = fetchers.check_bluesky_login(org)
        if problem is None:
            messages.success(
                request, _("Bluesky accepted the login of %(handle)s.") % {"handle": org.bluesky_login}
            )
        else:
            messages.error(request, _("The Bluesky login does not work: %(problem)s") % {"problem": problem})
        return redirect("organisation")
    form = BlueskyLoginForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = []
        if data["bluesky_login"] != org.bluesky_login or data["bluesky_pds"] != org.bluesky_pds:
            org.bluesky_login, org.bluesky_pds = data["bluesky_login"], data["bluesky_pds"]
            org.save(update_fields=["bluesky_login", "bluesky_pds"])
            changes.append(
                f"Bluesky account {org.bluesky_login or '(none)'} via {org.bluesky_pds or 'bsky.social'}"
            )
        if data["app_password"]:
            fetchers.store_app_password(org, data["app_password"])
            changes.append("app password replaced")
        elif data["forget_password"] and org.bluesky_app_password:
            fetchers.forget_app_password(org)
            changes.append("app password removed")
        if changes:
            audit.log(request.user, audit.ORG_SETTINGS, None, f"{retention.tag(org)} " + "; ".join(changes))
            messages.success(request, _("The stream settings were saved."))
        return redirect("organisation")
    return render(
        request,
        "spiegel_web/organisation.html",
        {
            "organisation": org,
            "form": form,
            "password_set_at": org.bluesky_password_set_at,
            **_stream_status(org),
        },
    )


class RetentionForm(forms.Form):
    def __init__(self, *args: Any, terms: dict[str, retention.Term], defaults: dict[str, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for dt, term in terms.items():
            low, high = retention.BOUNDS[dt]
            default = defaults.get(dt)
            follow = (
                _("empty: the installation's term of %(days)d days") % {"days": default}
                if default is not None
                else _("empty: kept until erased")
            )
            self.fields[dt] = forms.IntegerField(
                label=term.label,
                required=False,
                min_value=low,
                max_value=high,
                initial=term.days if term.own else None,
                help_text=_("Days, from %(low)d to %(high)d; %(follow)s.")
                % {"low": low, "high": high, "follow": follow},
            )
        self.fields["confirm"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def wanted(self) -> dict[str, int | None]:
        return {dt: self.cleaned_data.get(dt) for dt in retention.DATA_TYPES}


def _confirm_key(wanted: dict[str, int | None], short: list[str]) -> str:
    return ",".join(f"{dt}={wanted.get(dt)}" for dt in short)


@login_required
def retention_settings(request: HttpRequest) -> HttpResponse:
    org = _organisation(request)
    terms = retention.terms(org)
    defaults = retention.defaults()
    form = RetentionForm(request.POST or None, terms=terms, defaults=defaults)
    confirm: list[dict[str, Any]] = []
    key = ""
    if request.method == "POST" and form.is_valid():
        wanted = form.wanted()
        short = retention.shortened(terms, wanted)
        key = _confirm_key(wanted, short)
        if not short or (request.POST.get("confirmed") == "yes" and form.cleaned_data["confirm"] == key):
            changed = retention.change(org, wanted, request.user)
            if changed and short:
                messages.success(
                    request,
                    _("The retention terms were saved; shorter terms take effect at the next retention run."),
                )
            elif changed:
                messages.success(request, _("The retention terms were saved."))
            return redirect("org_retention")
        new_terms = {dt: wanted.get(dt) if wanted.get(dt) is not None else defaults.get(dt) for dt in short}
        confirm = [{"label": terms[dt].label, "old": terms[dt].days, "new": new_terms[dt]} for dt in short]
    return render(
        request,
        "spiegel_web/retention.html",
        {
            "organisation": org,
            "form": form,
            "terms": terms.values(),
            "confirm": confirm,
            "confirm_key": key,
            "next_run": retention.next_run(),
            "history": retention.history(org),
        },
    )


class DeployerSetupForm(forms.Form):
    dpia_date = forms.DateField(
        label=gettext_lazy("Date of the DPIA"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The date the data protection impact assessment was concluded."),
    )
    dpia_reference = forms.CharField(
        label=gettext_lazy("DPIA reference"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Document number or location of the DPIA."),
    )
    works_council_date = forms.DateField(
        label=gettext_lazy("Date of the works council's consent"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The date the works council consented (WOR art. 27)."),
    )
    works_council_reference = forms.CharField(
        label=gettext_lazy("Reference of the consent"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("The works council's letter or decision number."),
    )
    approve = forms.BooleanField(
        label=gettext_lazy(
            "The works council approved the configuration now in force: record it as approved"
        ),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for name in ("dpia_date", "works_council_date"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date lies in the future."))
        if data.get("approve") and not (data.get("dpia_date") and data.get("works_council_date")):
            raise forms.ValidationError(
                _("Fill in the date of the DPIA and of the works council's consent before approving.")
            )
        return data


@login_required
def deployer_setup(request: HttpRequest) -> HttpResponse:
    org = _organisation(request)
    current = deployer.status(org)
    setup = current.setup
    initial = (
        {
            "dpia_date": setup.dpia_date,
            "dpia_reference": setup.dpia_reference,
            "works_council_date": setup.works_council_date,
            "works_council_reference": setup.works_council_reference,
        }
        if setup is not None
        else {}
    )
    form = DeployerSetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        deployer.record(
            org,
            request.user,
            dpia_date=data["dpia_date"],
            dpia_reference=data["dpia_reference"].strip(),
            works_council_date=data["works_council_date"],
            works_council_reference=data["works_council_reference"].strip(),
            approve=data["approve"],
        )
        messages.success(
            request,
            _("The configuration in force is recorded as approved.")
            if data["approve"]
            else _("The deployer set-up was saved."),
        )
        return redirect("org_deployer")
    config = deployer.current_configuration(org)
    return render(
        request,
        "spiegel_web/deployer.html",
        {
            "organisation": org,
            "form": form,
            "status": current,
            "model": config["model"],
            "classifiers": config["classifiers"],
            "history": deployer.history(org),
            # the state section below says it all; no banner on top of it
            "config_flag": None,
        },
    )


@login_required
def jobs_health(request: HttpRequest) -> HttpResponse:
    """The background jobs of the organisation: how many wait, run, failed; the oldest waiting
    one; running jobs whose worker stopped; the last failures (superusers see every job)."""
    org = _organisation(request)
    scope = None if request.user.is_superuser else org
    health = jobs.health(organisation=scope)
    labels = dict(Job.STATUSES)
    rows = [(status, labels[status], n) for status, n in health["counts"].items()]
    return render(
        request,
        "spiegel_web/jobs.html",
        {"organisation": org, "all_jobs": scope is None, "rows": rows, **health},
    )


class OversightForm(forms.ModelForm):
    """The organisation's choices about minimisation and oversight (issue 16)."""

    class Meta:
        model = Organisation
        fields = ("window_days", "judge_first", "auto_release_days", "work_posts_only")
        labels: ClassVar[dict[str, Any]] = {
            "window_days": gettext_lazy("Assessment window (days)"),
            "judge_first": gettext_lazy("Judge first"),
            "auto_release_days": gettext_lazy("Automatic release to the manager after (days)"),
            "work_posts_only": gettext_lazy("Analyse work posts only"),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "window_days": gettext_lazy(
                "Only posts of this many days back are stored on import and analysed; older ones are dropped."
            ),
            "judge_first": gettext_lazy(
                "A manager records their own judgement of each competency before seeing the measured levels."
            ),
            "auto_release_days": gettext_lazy(
                "Empty (recommended): a manager sees a profile only after the employee released it."
            ),
            "work_posts_only": gettext_lazy(
                "Only posts about the organisation's topics, with colleagues or official accounts, or "
                "answers to messages addressed to the employee; needs the organisation configuration."
            ),
        }

    def clean_window_days(self) -> int:
        days = int(self.cleaned_data["window_days"])
        if not 30 <= days <= 3650:
            raise forms.ValidationError(_("Choose a window between 30 and 3650 days."))
        return days


@login_required
def oversight_settings(request: HttpRequest) -> HttpResponse:
    """Assessment window, judge-first and automatic release of the organisation; each change is
    written to the audit log."""
    org = _organisation(request)
    form = OversightForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        changed = [f"{name}={form.cleaned_data[name]}" for name in form.changed_data]
        form.save()
        if changed:
            audit.log(request.user, audit.ORG_SETTINGS, None, "oversight: " + ", ".join(changed))
        messages.success(request, _("The settings were saved."))
        return redirect("org_oversight")
    return render(request, "spiegel_web/oversight.html", {"organisation": org, "form": form})


def config_error_text(exc: InputError) -> str:
    """A validator's error (what, where, how to fix) in the page's language: the validators of
    the ``spiegel`` command make their messages translatable (``spiegel.i18n.L_``)."""
    from spiegel.i18n import t
    from spiegel.web.profiles import lang

    language = lang()
    where, what, fix = exc.where_in(language), exc.what_in(language), exc.fix_in(language)
    text = f"{where}: {what}" if where else what
    return f"{text}. {t('How to fix: %(fix)s', language, fix=fix)}" if fix else text


class OrgConfigForm(forms.Form):
    """The organisation config (official accounts, colleagues, goal and sensitive topics, answer
    time, office hours, time zone) as the YAML of ``org.yaml``, checked by the validator of
    ``spiegel org validate`` (:func:`spiegel.org.parse_org_text`)."""

    text = forms.CharField(
        label=gettext_lazy("Organisation config (YAML)"),
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        max_length=200_000,
        help_text=gettext_lazy(
            "The same keys as org.yaml: name, official_accounts, colleagues, goal_topics, "
            "sensitive_topics, answer_within_hours, office_hours, timezone (see docs/org-config.md). "
            "The roster of colleagues is kept in the list 'colleagues'."
        ),
    )

    def clean_text(self) -> str:
        from spiegel.errors import ConfigError
        from spiegel.org import parse_org_text

        text: str = self.cleaned_data["text"]
        try:
            # a roster names a file on the server: refused, never read (the people page imports one)
            _config, data = parse_org_text(text, read_roster=False)
        except ConfigError as exc:
            message = config_error_text(exc)
            if exc.field == "roster":
                message += " " + _("To import people from a roster, use the teams and people page.")
            raise forms.ValidationError(message) from exc
        self.cleaned_data["data"] = data
        return text


#: where a default norm comes from in the source blog, in plain words (indicator id → text)
BLOG_NORMS: dict[str, Any] = {
    "addressed_reaction_rate": gettext_lazy(
        "The blog: you are aware of every message addressed to you, so each one gets a reaction."
    ),
    "addressed_reaction_latency": gettext_lazy("The blog: questions are dealt with within a day."),
    "stream_pickup": gettext_lazy("The blog: you know about 80% of the messages about your organisation."),
    "questions_answered_within_day": gettext_lazy(
        "The blog: a question gets answered within a day, by you or by the right colleague."
    ),
    "complaint_follow_up": gettext_lazy("The blog: you see to it that a complaint gets solved."),
    "restraint": gettext_lazy("The blog: you do not let yourself be tempted into mud-slinging."),
    "not_ahead_of_organisation": gettext_lazy(
        "The blog: you are not more open than the organisation you work for."
    ),
    "concise_explanations": gettext_lazy(
        "The blog: you explain the organisation's role in 140 words, in a way everyone understands."
    ),
    "plain_language": gettext_lazy("The blog: you explain in a way everyone understands."),
    "human_presence": gettext_lazy(
        "The blog: you behave like a person, not a machine, bot or brand, and automate as little as possible."
    ),
}
#: the unit of a norm as the form shows it (the indicator's unit → its words)
UNITS: dict[str, Any] = {
    "share": gettext_lazy("%"),
    "hours": gettext_lazy("hours"),
    "count": gettext_lazy("posts"),
    "index": gettext_lazy("index"),
}


def _field_name(competency: str, indicator: str) -> str:
    return f"{competency}__{indicator}"


def _shown(value: float, unit: str) -> str:
    """A norm as the form shows it: a share as a percentage (0.8 → ``80``)."""
    return f"{round(value * 100 if unit == 'share' else value, 4):g}"


def _with_unit(value: float, unit: str) -> str:
    """A norm with its unit as the page says it: ``80%``, ``24 uur``."""
    return f"{_shown(value, unit)}%" if unit == "share" else f"{_shown(value, unit)} {UNITS[unit]}"


class NormsForm(forms.Form):
    """The organisation's own norms, one labelled number field per indicator of the competency
    model in its unit (a share as a percentage), with the model's norm as the default (an empty
    field) and the blog's norm named where it comes from one. Checked by the model's validator
    (:func:`spiegel.web.deployer.model_with_norms`: type and range); only the norms that differ
    from the model's are stored (``Organisation.norms``: competency → {indicator: norm})."""

    def __init__(self, *args: Any, norms: dict[str, Any], **kwargs: Any) -> None:
        from spiegel.competencies.model import default_model
        from spiegel.competencies.registry import registry
        from spiegel.web.profiles import indicator_title, lang, text_in

        super().__init__(*args, **kwargs)
        language = lang()
        known = registry()
        #: per competency: (its name, the field names of its indicators)
        self.groups: list[tuple[str, list[str]]] = []
        #: field name → (competency, indicator, unit, the model's norm)
        self.specs: dict[str, tuple[str, str, str, float | None]] = {}
        for comp in default_model().competencies:
            names = []
            for spec in comp.indicators:
                unit = known[spec.id].unit if spec.id in known else "index"
                name = _field_name(comp.id, spec.id)
                own = (norms.get(comp.id) or {}).get(spec.id)
                current = own if own is not None else spec.norm
                help_parts = [
                    _("Default: %(norm)s.") % {"norm": _with_unit(spec.norm, unit)}
                    if spec.norm is not None
                    else _("Default: no norm.")
                ]
                if spec.id in BLOG_NORMS:
                    help_parts.append(str(BLOG_NORMS[spec.id]))
                attrs: dict[str, Any] = {"step": "any", "inputmode": "decimal", "min": 0}
                if unit == "share":
                    attrs["max"] = 100
                self.fields[name] = forms.FloatField(
                    label=f"{indicator_title(spec.id, language)} ({UNITS[unit]})",
                    required=False,
                    help_text=" ".join(help_parts),
                    widget=forms.NumberInput(attrs=attrs),
                    initial=None if current is None else _shown(float(current), unit),
                )
                self.specs[name] = (comp.id, spec.id, unit, spec.norm)
                names.append(name)
            self.groups.append((text_in(comp.name, language), names))

    def fieldsets(self) -> list[tuple[str, list[Any]]]:
        """The bound fields per competency, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    def clean(self) -> dict[str, Any]:
        from spiegel.errors import ConfigError

        data = super().clean()
        norms: dict[str, dict[str, float]] = {}
        for name, (comp, indicator, unit, default) in self.specs.items():
            value = data.get(name)
            if value is None or name in self.errors:
                continue  # empty: the model's norm; a refused number: its field says so
            norm = round(value / 100, 6) if unit == "share" else value
            if default is None or abs(norm - default) > 1e-9:
                norms.setdefault(comp, {})[indicator] = norm
        try:
            deployer.model_with_norms(norms)
        except ConfigError as exc:
            refused = self._field_of(exc)
            if refused is None:
                raise forms.ValidationError(config_error_text(exc)) from exc
            unit = self.specs[refused][2]
            message = {
                "share": _("Give a percentage from 0 to 100."),
                "hours": _("Give a number of hours of zero or more."),
                "count": _("Give a number of zero or more."),
            }.get(unit) or config_error_text(exc)
            self.add_error(refused, message)
        data["norms"] = norms
        return data

    def _field_of(self, exc: Exception) -> str | None:
        """The field of the norm a :class:`ConfigError` of the model's validator names
        (``competencies[0].indicators[1].norm``)."""
        from spiegel.competencies.model import default_model

        found = re.fullmatch(
            r"competencies\[(\d+)\]\.indicators\[(\d+)\]\.norm", getattr(exc, "field", "") or ""
        )
        if found is None:
            return None
        comp = default_model().competencies[int(found[1])]
        return _field_name(comp.id, comp.indicators[int(found[2])].id)


def _saved(request: HttpRequest, org: Organisation, was: str, done: str | None = None) -> None:
    """Audit-log a change of the configuration in force and tell HR whether it needs approval."""
    now = deployer.status(org)  # writes the change of the approved configuration, if any
    done = done or _("The organisation config was saved.")
    if now.flagged and was == "approved":
        flagged = _(
            "The configuration now differs from the one the works council approved: the team "
            "dashboards say so until it is approved again on the deployer set-up page."
        )
        messages.warning(request, f"{done} {flagged}")
    else:
        messages.success(request, done)


def config_text(config: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False) if config else ""


@login_required
def org_config(request: HttpRequest) -> HttpResponse:
    """HR edits the organisation config. A change to what the works council approved (everything
    but the colleagues) sets the flag of the deployer set-up: the team dashboards say so until HR
    approves the configuration again."""
    org = _organisation(request)
    form = OrgConfigForm(request.POST or None, initial={"text": config_text(org.config or {})})
    if request.method == "POST" and form.is_bound and form.is_valid():
        data = form.cleaned_data["data"]
        before = org.config or {}
        if data != before:
            was = deployer.status(org, log_change=False).state
            org.config = data
            if isinstance(data.get("name"), str) and data["name"].strip():
                org.name = data["name"].strip()[:200]
            org.save(update_fields=["config", "name"])
            changed = sorted(k for k in set(before) | set(data) if before.get(k) != data.get(k))
            audit.log(
                request.user,
                audit.ORG_SETTINGS,
                None,
                f"{retention.tag(org)} organisation config changed: {', '.join(changed)}",
            )
            _saved(request, org, was)
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("org_config")
    return render(
        request,
        "spiegel_web/org_config.html",
        {
            "organisation": org,
            "form": form,
            "status": deployer.status(org, log_change=False),
        },
    )


@login_required
def org_norms(request: HttpRequest) -> HttpResponse:
    """HR sets the organisation's own norms, one field per indicator. Like a change of the
    organisation config, a change sets the flag of the deployer set-up until HR approves the
    configuration again, and is audited."""
    org = _organisation(request)
    form = NormsForm(request.POST or None, norms=org.norms or {})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["norms"]
        before = org.norms or {}
        if data != before:
            was = deployer.status(org, log_change=False).state
            org.norms = data
            org.save(update_fields=["norms"])
            changed = sorted(
                f"{c}.{i}"
                for c in set(before) | set(data)
                for i in set(before.get(c) or {}) | set(data.get(c) or {})
                if (before.get(c) or {}).get(i) != (data.get(c) or {}).get(i)
            )
            audit.log(
                request.user,
                audit.ORG_SETTINGS,
                None,
                f"{retention.tag(org)} norms changed: {', '.join(changed)}",
            )
            _saved(request, org, was, _("The norms were saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("org_norms")
    return render(
        request,
        "spiegel_web/org_norms.html",
        {"organisation": org, "form": form, "status": deployer.status(org, log_change=False)},
    )
