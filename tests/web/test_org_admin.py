"""HR administration in the app, the rest of issue #14 item 6: a person added with their login
and accounts, people imported from a roster CSV (checked row by row, all or nothing), and the
organisation config edited in the app, checked by the validator of ``spiegel org validate``; a
change to the approved configuration flags the deployer set-up (and the team dashboards) and
is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spiegel.web import deployer
from spiegel.web.models import AuditLog, ConnectedAccount, Job, Person

from .conftest import World

PEOPLE = "/organisation/people/"
CONFIG = "/organisation/config/"


@pytest.fixture
def hr(client: Any, world: World) -> Any:
    client.force_login(world.users["hr"])
    return client


def _roster(text: str) -> dict[str, Any]:
    return {"roster-file": SimpleUploadedFile("rooster.csv", text.encode("utf-8"), content_type="text/csv")}


def test_hr_adds_a_person_with_a_login_and_accounts(hr: Any, world: World) -> None:
    response = hr.post(
        PEOPLE,
        {
            "new-name": "Jan de Vries",
            "new-username": "jdevries",
            "new-email": "jan@spiegelstad.example",
            "new-team": world.team_a1.pk,
            "new-role": "employee",
            "new-mastodon": "@JanDV@social.overheid.nl",
            "new-bluesky": "jandv.bsky.social",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Jan de Vries")
    assert person.organisation == world.org and person.team == world.team_a1
    assert person.user is not None and person.user.username == "jdevries"
    assert not person.user.has_usable_password()  # the login's password is not HR's to set
    accounts = {(a.platform, a.handle, a.instance) for a in person.accounts.all()}
    assert accounts == {
        ("mastodon", "jandv@social.overheid.nl", "https://social.overheid.nl"),
        ("bluesky", "jandv.bsky.social", ""),
    }
    # noted, not collected: no consent until the employee gives it
    assert not person.has_consent()
    entry = AuditLog.objects.get(action="org_settings", subject_person_id=person.pk)
    assert "added (form)" in entry.detail and "accounts=mastodon,bluesky" in entry.detail
    assert Job.objects.filter(kind="team", status="queued", payload__team=world.team_a1.pk).exists()
    # the employee's consent takes up the noted account instead of adding a second one
    hr.force_login(person.user)
    accounts_page = hr.get(reverse("accounts", args=[person.pk])).content.decode()
    assert "nothing is collected until you connect it" in accounts_page or "niets verzameld" in accounts_page
    hr.post(
        reverse("accounts", args=[person.pk]),
        {"platform": "bluesky", "handle": "jandv.bsky.social", "consent": "on"},
    )
    assert person.accounts.filter(platform="bluesky").count() == 1
    assert person.accounts.get(platform="bluesky").active


def test_a_refused_person_is_not_added(hr: Any, world: World) -> None:
    taken = world.users["emp"].username
    response = hr.post(
        PEOPLE,
        {"new-name": "X", "new-username": taken, "new-role": "boss", "new-mastodon": "nosever"},
    )
    assert response.status_code == 200
    page = HTMLParser(response.content.decode())
    errors = " ".join(n.text() for n in page.css("#new-person-form [role=alert]"))
    assert taken in errors and "naam@server" in errors and "boss" in errors
    assert not Person.objects.filter(name="X").exists()


def test_a_roster_adds_everyone(hr: Any, world: World) -> None:
    text = (
        "name;username;team;role;mastodon;x\n"
        "Anna Jansen;ajansen;A1;employee;anna@social.overheid.nl;annaj\n"
        '"Bakker, Piet";;B;hr;;\n'
    )
    response = hr.post(PEOPLE, _roster(text))
    assert response.status_code == 302
    anna = Person.objects.get(name="Anna Jansen")
    piet = Person.objects.get(name="Bakker, Piet")
    assert anna.team == world.team_a1 and anna.user is not None and anna.user.username == "ajansen"
    assert piet.team == world.team_b and piet.role == "hr" and piet.user is None
    assert {a.platform for a in anna.accounts.all()} == {"mastodon", "x"}
    details = AuditLog.objects.filter(
        action="org_settings", subject_person_id__in=[anna.pk, piet.pk]
    ).values_list("detail", flat=True)
    assert len(details) == 2 and all("(roster rooster.csv)" in d for d in details)


def test_a_roster_with_a_bad_row_adds_nobody_and_names_line_and_field(hr: Any, world: World) -> None:
    people, users, accounts = (
        Person.objects.count(),
        get_user_model().objects.count(),
        ConnectedAccount.objects.count(),
    )
    text = (
        "name,username,team,role,bluesky\n"
        "Goed Mens,goedmens,A1,employee,goed.bsky.social\n"
        "Fout Team,,Nergens,employee,\n"
        ",leeg,,,\n"
        "Dubbel,goedmens,,,\n"
    )
    response = hr.post(PEOPLE, _roster(text))
    assert response.status_code == 200
    page = HTMLParser(response.content.decode())
    problems = [n.text() for n in page.css("#roster-problems li")]
    assert len(problems) == 3, problems
    assert "3" in problems[0] and "team" in problems[0] and "Nergens" in problems[0]
    assert "4" in problems[1] and "name" in problems[1]
    assert "5" in problems[2] and "username" in problems[2] and "goedmens" in problems[2]
    # all or nothing: the good row was not written either
    assert Person.objects.count() == people and get_user_model().objects.count() == users
    assert ConnectedAccount.objects.count() == accounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("naam,team\nJan,A1\n", "name"),
        ("name,shoe_size\nJan,44\n", "shoe_size"),
        ("name\n", "geen mensen"),
    ],
)
def test_a_roster_with_a_bad_header_is_refused(hr: Any, world: World, text: str, expected: str) -> None:
    people = Person.objects.count()
    response = hr.post(PEOPLE, _roster(text))
    assert response.status_code == 200
    found = HTMLParser(response.content.decode()).css_first("#roster-problems")
    assert found is not None and expected in found.text()
    assert Person.objects.count() == people


def test_only_hr_edits_the_org_config(client: Any, world: World) -> None:
    assert reverse("org_config") == CONFIG
    for viewer, status in (("emp", 403), ("mgr", 403), ("hr", 200)):
        client.force_login(world.users[viewer])
        assert client.get(CONFIG).status_code == status, viewer
        if status == 403:
            assert client.post(CONFIG, {"text": "name: X\n"}).status_code == 403, viewer
    world.org.refresh_from_db()
    assert world.org.config.get("name") != "X" and world.org.name != "X"


ORG_YAML = """name: Gemeente Spiegelstad
official_accounts: [spiegelstad@social.overheid.nl]
colleagues:
  - {handle: jdevries, name: Jan de Vries, department: Verkeer}
goal_topics:
  - {name: fietsbeleid, keywords: [fiets, fietspad]}
sensitive_topics:
  - {name: reorganisatie, keywords: [reorganisatie]}
answer_within_hours: 8
office_hours: {days: [mon, tue, wed, thu, fri], start: "08:30", end: "17:00"}
"""


def test_an_org_config_change_resets_the_approval_and_is_audited(hr: Any, world: World) -> None:
    from .test_deployer import _setup_data

    assert hr.post(CONFIG, {"text": ORG_YAML}).status_code == 302
    world.org.refresh_from_db()
    assert world.org.config["answer_within_hours"] == 8
    assert world.org.config["office_hours"]["start"] == "08:30"
    assert AuditLog.objects.filter(
        action="org_settings", detail__contains="organisation config changed"
    ).exists()
    # approved as it is now ...
    assert hr.post(reverse("org_deployer"), _setup_data()).status_code == 302
    assert deployer.status(world.org).state == "approved"
    # ... a new colleague does not need a new approval ...
    more = ORG_YAML.replace("colleagues:\n", "colleagues:\n  - {handle: nieuw, name: Nieuw}\n")
    assert hr.post(CONFIG, {"text": more}).status_code == 302
    assert deployer.status(world.org).state == "approved"
    # ... a new sensitive topic does: the approval is reset, the change audited
    changed = more.replace("[reorganisatie]", "[reorganisatie, bezuiniging]")
    response = hr.post(CONFIG, {"text": changed}, follow=True)
    assert response.redirect_chain, response.content.decode()[-3000:]
    world.org.refresh_from_db()
    assert "bezuiniging" in str(world.org.config)
    status = deployer.status(world.org)
    assert status.state == "changed" and status.changes == ["org.sensitive_topics"]
    assert (
        AuditLog.objects.filter(action="config_changed", detail__contains="org.sensitive_topics").count() == 1
    )
    entries = AuditLog.objects.filter(action="org_settings", detail__contains="organisation config changed")
    assert entries.count() == 3 and "sensitive_topics" in entries.order_by("-pk").first().detail
    assert 'id="config-approval"' in response.content.decode()


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: X\nanswer_within_hours: soon\n", "answer_within_hours"),
        ("name: X\noffice_hours: {start: '9:00', end: '17:00'}\n", "office_hours.start"),
        ("name: X\nofficial_acounts: [a]\n", "official_acounts"),
        ("name: X\ngoal_topics:\n  - {name: fiets}\n", "keywords"),
        ("name: X\n  bad: [indent\n", "YAML"),
        ("name: X\nroster: /etc/passwd\n", "roster"),
        ("name: X\ntimezone: Mars/Olympus\n", "Mars/Olympus"),
    ],
)
def test_a_refused_org_config_changes_nothing(hr: Any, world: World, text: str, where: str) -> None:
    assert hr.post(CONFIG, {"text": ORG_YAML}).status_code == 302
    world.org.refresh_from_db()
    before = dict(world.org.config)
    audited = AuditLog.objects.count()
    response = hr.post(CONFIG, {"text": text})
    assert response.status_code == 200
    errors = " ".join(
        n.text() for n in HTMLParser(response.content.decode()).css("#org-config-form [role=alert]")
    )
    assert where in errors, errors
    assert "root:" not in errors  # a roster path is refused, never read (it used to leak /etc/passwd)
    world.org.refresh_from_db()
    assert world.org.config == before and AuditLog.objects.count() == audited


def _config_errors(response: Any) -> str:
    tree = HTMLParser(response.content.decode())
    return " ".join(n.text() for n in tree.css("#org-config-form [role=alert]"))


def test_a_refused_org_config_is_explained_in_the_pages_language(hr: Any, world: World) -> None:
    """The validator of ``spiegel org validate`` speaks the page's language: what is wrong,
    where (line and field) and how to fix it."""
    broken = "name: X\noffice_hours: {start: '17:00', end: '08:00'}\nanswer_within_hours: 0\n"
    dutch = _config_errors(hr.post(CONFIG, {"text": broken}))
    assert "regel 3, veld 'answer_within_hours'" in dutch, dutch
    assert "0 is te klein: het moet meer zijn dan 0" in dutch
    assert "Zo los je het op: geef een getal groter dan 0" in dutch
    assert "too small" not in dutch and "How to fix" not in dutch
    hr.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _config_errors(hr.post(CONFIG, {"text": broken}))
    assert "line 3, field 'answer_within_hours'" in english, english
    assert "0 is too small: it must be more than 0" in english
    assert "How to fix: give a number greater than 0" in english
    # each message of the validator, in both languages
    hr.post(reverse("set_language"), {"language": "nl", "next": "/"})
    times = _config_errors(
        hr.post(CONFIG, {"text": "name: X\noffice_hours: {start: '17:00', end: '08:00'}\n"})
    )
    assert "de kantoortijd eindigt (08:00) niet na het begin (17:00)" in times, times
    assert "geef een eindtijd die later op dezelfde dag valt" in times
    unknown = _config_errors(hr.post(CONFIG, {"text": "name: X\nofficial_acounts: [a]\n"}))
    assert "onbekende sleutel 'official_acounts'; hier zijn deze sleutels geldig: name, " in unknown, unknown
    typed = _config_errors(hr.post(CONFIG, {"text": "name: X\nanswer_within_hours: soon\n"}))
    assert "verkeerde waarde 'soon': het moet een getal zijn" in typed, typed


def test_the_org_config_is_validated_like_spiegel_org_validate(tmp_path: Any) -> None:
    """One validator: the file and the text give the same error."""
    from spiegel.errors import ConfigError
    from spiegel.org import load_org, parse_org_text

    text = "name: X\noffice_hours: {start: '17:00', end: '08:00'}\n"
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as from_file:
        load_org(path)
    with pytest.raises(ConfigError) as from_text:
        parse_org_text(text)
    assert from_file.value.what == from_text.value.what and from_file.value.line == from_text.value.line


NORMS = "/organisation/norms/"


def _norms_page(response: Any) -> HTMLParser:
    return HTMLParser(response.content.decode())


def _norm_field(indicator: str) -> str:
    from spiegel.competencies.model import default_model

    comp = next(c for c in default_model().competencies if any(s.id == indicator for s in c.indicators))
    return f"{comp.id}__{indicator}"


def _norms_post(values: dict[str, str]) -> dict[str, str]:
    """The whole norms form as the browser sends it: every field as shown, with *values* in."""
    from spiegel.competencies.model import default_model
    from spiegel.competencies.registry import registry

    data = {}
    for comp in default_model().competencies:
        for spec in comp.indicators:
            shown = spec.norm * 100 if registry()[spec.id].unit == "share" else spec.norm
            data[f"{comp.id}__{spec.id}"] = f"{round(shown, 4):g}"
    return {**data, **{_norm_field(k): v for k, v in values.items()}}


def test_the_norms_form_has_a_labelled_field_per_norm_with_unit_default_and_source(
    hr: Any, world: World
) -> None:
    from spiegel.competencies.model import default_model

    assert reverse("org_norms") == NORMS
    page = _norms_page(hr.get(NORMS))
    inputs = page.css("#norms-form input[type=number]")
    assert len(inputs) == sum(len(c.indicators) for c in default_model().competencies)
    assert len(page.css("#norms-form fieldset legend h2")) == len(default_model().competencies)
    for node in inputs:
        assert "utrecht-textbox" in (node.attributes.get("class") or "")
        label = page.css_first(f"label[for={node.attributes['id']}]")
        assert label is not None and label.text().strip(), node.html
        assert "_" not in label.text()  # the measurement in words, not its id
    rate = page.css_first(f"#id_{_norm_field('addressed_reaction_rate')}")
    assert rate.attributes.get("value") == "100" and rate.attributes.get("max") == "100"
    label = page.css_first(f"label[for=id_{_norm_field('addressed_reaction_rate')}]").text()
    assert label.endswith("(%)"), label
    latency = page.css_first(f"label[for=id_{_norm_field('addressed_reaction_latency')}]").text()
    assert latency.endswith("(uur)"), latency
    pickup = page.css_first(f"#id_{_norm_field('stream_pickup')}-help").text()
    assert "Standaard: 80%." in pickup and "80% van de berichten over je organisatie" in pickup, pickup
    goal = page.css_first(f"#id_{_norm_field('goal_alignment')}-help").text()
    assert "blog" not in goal  # the blog gives no number for networking
    # the config page points to it
    config = HTMLParser(hr.get(CONFIG).content.decode())
    assert config.css_first("#norms-link").attributes["href"] == NORMS
    assert not config.css("textarea[name*=norms]")


def test_a_norm_changed_in_the_form_resets_the_approval_and_is_audited(
    hr: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_deployer import _setup_data

    assert hr.post(reverse("org_deployer"), _setup_data()).status_code == 302
    assert deployer.status(world.org).state == "approved"
    # unchanged: nothing stored, nothing audited
    audited = AuditLog.objects.count()
    assert hr.post(NORMS, _norms_post({})).status_code == 302
    world.org.refresh_from_db()
    assert world.org.norms == {} and AuditLog.objects.count() == audited
    response = hr.post(
        NORMS, _norms_post({"addressed_reaction_rate": "60", "addressed_reaction_latency": "8"})
    )
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert world.org.norms == {
        "luisteren": {"addressed_reaction_rate": 0.6, "addressed_reaction_latency": 8.0}
    }
    spec = next(
        s
        for c in deployer.active_model(world.org).competencies
        for s in c.indicators
        if s.id == "addressed_reaction_rate"
    )
    assert spec.norm == 0.6
    status = deployer.status(world.org)
    assert status.state == "changed"
    assert set(status.changes) == {
        "model.competencies.luisteren.addressed_reaction_rate.norm",
        "model.competencies.luisteren.addressed_reaction_latency.norm",
    }
    assert AuditLog.objects.filter(action="config_changed", detail__contains=".norm").count() == 1
    entry = AuditLog.objects.get(action="org_settings", detail__contains="norms changed")
    assert entry.detail.endswith(
        "norms changed: luisteren.addressed_reaction_latency, luisteren.addressed_reaction_rate"
    )
    # the page shows the organisation's norm
    page = _norms_page(hr.get(NORMS))
    assert page.css_first(f"#id_{_norm_field('addressed_reaction_rate')}").attributes["value"] == "60"
    # the profiles of the organisation's people are scored with them
    from spiegel import pipeline
    from spiegel.web import jobs

    used: list[Any] = []

    def spy(inputs: Any, model: Any = None, **kwargs: Any) -> Any:
        used.append(model)
        raise RuntimeError("stop here")

    monkeypatch.setattr(pipeline, "build_profile", spy)
    with pytest.raises(RuntimeError):
        jobs.build_snapshot(world.people["emp"])
    assert [
        s.norm for c in used[0].competencies for s in c.indicators if s.id == "addressed_reaction_rate"
    ] == [0.6]
    # back to the model's norms (an empty field is the default): approved again
    back = _norms_post({"addressed_reaction_rate": "", "addressed_reaction_latency": "24"})
    assert hr.post(NORMS, back).status_code == 302
    world.org.refresh_from_db()
    assert world.org.norms == {} and deployer.status(world.org).state == "approved"


@pytest.mark.parametrize(
    ("indicator", "value", "expected"),
    [
        ("addressed_reaction_rate", "120", "Geef een percentage van 0 tot 100."),
        ("addressed_reaction_rate", "-5", "Geef een percentage van 0 tot 100."),
        ("addressed_reaction_latency", "-1", "Geef een aantal uren van nul of meer."),
        ("not_ahead_of_organisation", "-2", "Geef een getal van nul of meer."),
        ("restraint", "veel", "Voer een getal in."),
    ],
)
def test_refused_norms_change_nothing(
    hr: Any, world: World, indicator: str, value: str, expected: str
) -> None:
    audited = AuditLog.objects.count()
    response = hr.post(NORMS, _norms_post({indicator: value}))
    assert response.status_code == 200
    page = _norms_page(response)
    field = page.css_first(f"#id_{_norm_field(indicator)}")
    assert field.attributes.get("aria-invalid") == "true"
    errors = [n.text() for n in page.css("#norms-form [role=alert]")]
    assert errors == [expected], errors
    world.org.refresh_from_db()
    assert world.org.norms == {} and AuditLog.objects.count() == audited


def test_only_hr_sets_the_norms(client: Any, world: World) -> None:
    for viewer, status in (("emp", 403), ("mgr", 403), ("hr", 200)):
        client.force_login(world.users[viewer])
        assert client.get(NORMS).status_code == status, viewer
        if status == 403:
            assert client.post(NORMS, _norms_post({"restraint": "50"})).status_code == 403, viewer
    world.org.refresh_from_db()
    assert world.org.norms == {}


def test_the_model_validator_refuses_a_norm_outside_its_units_range() -> None:
    """The range the form checks is the model's own rule (``spiegel model validate``)."""
    from spiegel.errors import ConfigError

    with pytest.raises(ConfigError) as share:
        deployer.model_with_norms({"luisteren": {"addressed_reaction_rate": 1.2}})
    assert share.value.field == "competencies[0].indicators[0].norm"
    assert share.value.what_in("nl") == "de norm 1.2 van addressed_reaction_rate is geen aandeel van 0 tot 1"
    with pytest.raises(ConfigError) as hours:
        deployer.model_with_norms({"luisteren": {"addressed_reaction_latency": -1}})
    assert "below zero" in hours.value.what
    assert deployer.model_with_norms({"luisteren": {"addressed_reaction_rate": 0.6}})
