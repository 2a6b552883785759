"""Render the deployer's file (``docs/deployer/``) in Dutch and English from Jinja2 templates
(``templates/<lang>/<section>.md.j2``) and the facts of :mod:`spiegel.deployer.facts`.

Every section names the headings it must contain (:data:`SECTIONS`); :func:`render_all` refuses
to write a section whose template lost one, and a test regenerates the folder and compares it
with the committed copy. Run ``spiegel deployer docs -o docs/deployer`` after changing the
model, an indicator, the importers or the retention bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from spiegel.competencies.model import Model, default_model
from spiegel.deployer.facts import collect
from spiegel.errors import SpiegelError
from spiegel.org import OrgConfig

LANGS = ("nl", "en")


@dataclass(frozen=True)
class Section:
    slug: str
    title: dict[str, str]
    #: the second-level headings (``## …``) the section must contain, per language
    headings: dict[str, tuple[str, ...]]

    @property
    def filename(self) -> str:
        return f"{self.slug}.md"


SECTIONS: tuple[Section, ...] = (
    Section(
        "01-instructions-for-use",
        {"nl": "Gebruiksaanwijzing", "en": "Instructions for use"},
        {
            "nl": (
                "Beoogd doel",
                "Verboden en ongeschikte toepassingen",
                "Wat spiegel meet",
                "Nauwkeurigheid van de signalen",
                "Nauwkeurigheid van de niveaus",
                "Menselijk toezicht",
                "Aanbieder en contact",
            ),
            "en": (
                "Intended purpose",
                "Forbidden and unsuitable uses",
                "What spiegel measures",
                "Accuracy of the signals",
                "Accuracy of the levels",
                "Human oversight",
                "Provider and contact",
            ),
        },
    ),
    Section(
        "02-risk-register",
        {"nl": "Risicoregister en monitoringplan", "en": "Risk register and monitoring plan"},
        {
            "nl": ("Risico's en maatregelen", "Restrisico's", "Monitoring na ingebruikname"),
            "en": ("Risks and measures", "Residual risks", "Post-market monitoring"),
        },
    ),
    Section(
        "03-dpia",
        {"nl": "DPIA (vooringevuld)", "en": "DPIA (pre-filled)"},
        {
            "nl": (
                "Beschrijving van de verwerking",
                "Gegevensstromen",
                "Grondslag",
                "Noodzaak en evenredigheid",
                "Risico's voor betrokkenen",
                "Maatregelen",
                "Bewaartermijnen",
                "Besluit",
            ),
            "en": (
                "Description of the processing",
                "Data flows",
                "Legal basis",
                "Necessity and proportionality",
                "Risks to the people concerned",
                "Measures",
                "Retention",
                "Decision",
            ),
        },
    ),
    Section(
        "04-fria",
        {"nl": "Grondrechteneffectbeoordeling (FRIA)", "en": "Fundamental-rights impact assessment (FRIA)"},
        {
            "nl": (
                "Inzet en duur",
                "Betrokken personen en groepen",
                "Grondrechten",
                "Menselijk toezicht",
                "Maatregelen en klachten",
            ),
            "en": (
                "Use and duration",
                "People and groups affected",
                "Fundamental rights",
                "Human oversight",
                "Measures and complaints",
            ),
        },
    ),
    Section(
        "05-records-of-processing",
        {"nl": "Register van verwerkingen (AVG art. 30)", "en": "Records of processing (GDPR Art. 30)"},
        {
            "nl": ("Verwerking: competentieprofielen", "Verwerking: 360-feedback", "Verwerking: auditlog"),
            "en": ("Processing: competency profiles", "Processing: 360 feedback", "Processing: audit log"),
        },
    ),
    Section(
        "06-algoritmeregister",
        {"nl": "Algoritmeregister", "en": "Algorithm register entry"},
        {
            "nl": ("Algemene informatie", "Verantwoord gebruik", "Werking", "Metadata"),
            "en": ("General information", "Responsible use", "Operation", "Metadata"),
        },
    ),
    Section(
        "07-works-council-and-staff",
        {"nl": "Informatie voor OR en medewerkers", "en": "Information for the works council and staff"},
        {
            "nl": ("Voor de ondernemingsraad", "Voor medewerkers", "Je rechten"),
            "en": ("For the works council", "For staff", "Your rights"),
        },
    ),
)


class TemplateSectionError(SpiegelError):
    """A deployer template lost one of the headings its section must have."""


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("spiegel.deployer", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def missing_headings(text: str, section: Section, lang: str) -> list[str]:
    """The required headings of *section* that *text* lacks."""
    lines = {line.strip() for line in text.splitlines()}
    return [h for h in section.headings[lang] if f"## {h}" not in lines]


def _index(facts: dict[str, Any]) -> str:
    out = [
        "# Deployer's file / Dossier voor de gebruiksverantwoordelijke",
        "",
        f"*Generated by `spiegel deployer docs` from spiegel {facts['spiegel_version']} "
        f"(model `{facts['model']['id']}` v{facts['model']['version']}, "
        f"configuration fingerprint `{facts['fingerprint'][:16]}`); do not edit by hand.*",
        "",
        "| | Nederlands | English |",
        "|---|---|---|",
    ]
    for section in SECTIONS:
        out.append(
            f"| {section.slug[:2]} | [{section.title['nl']}](nl/{section.filename}) | "
            f"[{section.title['en']}](en/{section.filename}) |"
        )
    return "\n".join(out) + "\n"


def render_all(
    model: Model | None = None, org: OrgConfig | None = None, org_config: dict[str, Any] | None = None
) -> dict[str, str]:
    """Every file of the deployer's file, by path relative to its folder (``nl/03-dpia.md``)."""
    facts = collect(model or default_model(), org, org_config)
    env = _environment()
    files = {"README.md": _index(facts)}
    for lang in LANGS:
        for section in SECTIONS:
            template = env.get_template(f"{lang}/{section.slug}.md.j2")
            text = template.render(**facts, lang=lang, section=section, sections=SECTIONS)
            missing = missing_headings(text, section, lang)
            if missing:
                raise TemplateSectionError(
                    f"the {lang} template of {section.slug} lacks the heading(s) {', '.join(missing)}; "
                    "restore the headings listed in spiegel.deployer.docs.SECTIONS"
                )
            files[f"{lang}/{section.filename}"] = text
    return files


def write(out: Path, files: dict[str, str]) -> list[Path]:
    """Write *files* under *out*; returns the paths written."""
    written = []
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
