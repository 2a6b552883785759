"""The demo shows what issue #14 items 3–5 built: a trend over two appraisal periods on every
profile, the gespreksverslag within two pages, the 360 comparison with a response rate and a
reminder to send, and Cronbach's α per competency for HR."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.urls import reverse


@pytest.mark.slow
def test_the_demo_shows_trends_gespreksverslag_360_and_alpha(
    db: None, client: Any, settings: Any, tmp_path: Path
) -> None:
    from spiegel.web.demo import EMPLOYEE, HR, load_demo
    from spiegel.web.models import AssessmentInvitation, Person

    settings.DATA_DIR = tmp_path
    load_demo()
    fleur = Person.objects.get(user__username=EMPLOYEE)
    client.force_login(fleur.user)
    profile = client.get(reverse("profile", args=[fleur.pk])).content.decode()
    assert 'id="trend"' in profile and 'id="trend-levels"' in profile
    pdf = client.get(reverse("conversation_pdf", args=[fleur.pk]))
    pages = pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert len(pages) <= 2 and "Sinds vorige periode" in text, text[:1500]
    assess = client.get(reverse("assess", args=[fleur.pk])).content.decode()
    assert "Respons: 4 van de 5 uitgenodigde collega" in assess
    assert 'id="remind-form"' in assess and "Je hebt je zelfbeoordeling ingevuld op" in assess
    assert "Blinde vlek: de zelfbeoordeling is" in assess and "Verborgen kracht:" in assess
    # every demo employee has a self-assessment and four colleagues' answers
    employees = Person.objects.filter(user__isnull=False, team__isnull=False)
    for person in employees:
        answered = AssessmentInvitation.objects.filter(subject=person, answered_at__isnull=False)
        assert answered.filter(kind="self").count() == 1 and answered.filter(kind="other").count() == 4
    client.force_login(Person.objects.get(user__username=HR).user)
    page = client.get(reverse("org_reliability")).content.decode()
    rows = page.split("<tbody")[1].split("</tr>")[:-1]
    assert len(rows) == 6 and all("nog te weinig antwoorden" not in row for row in rows)
