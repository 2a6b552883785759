"""The deployer's file: ``spiegel deployer docs`` writes every section in Dutch and English, the
texts follow the model, the indicators, the accuracy figures and the org config, and the
committed docs/deployer/ is what the command makes now."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.competencies.model import default_model
from spiegel.deployer import docs as deployer_docs
from spiegel.deployer.docs import LANGS, SECTIONS, TemplateSectionError, missing_headings, render_all
from spiegel.deployer.facts import changes, configuration, fingerprint
from spiegel.report.accuracy import accuracy_table
from spiegel_testpaths import REPO

COMMITTED = REPO / "docs" / "deployer"

ORG_YAML = """\
name: Gemeente Proefstad
official_accounts: [proefstad]
goal_topics:
  - {name: fietsbeleid, keywords: [fiets, fietspad]}
sensitive_topics:
  - {name: reorganisatie, keywords: [reorganisatie]}
answer_within_hours: 8
office_hours: {days: [mon, tue, wed, thu, fri], start: "08:30", end: "17:00"}
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deployer")
    result = CliRunner().invoke(main, ["deployer", "docs", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 15 files" in result.output
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", SECTIONS, ids=[s.slug for s in SECTIONS])
def test_every_section_is_written_in_both_languages(generated: Path, section, lang: str) -> None:
    text = (generated / lang / section.filename).read_text(encoding="utf-8")
    assert text.startswith(f"# {section.title[lang]} — spiegel ")
    assert missing_headings(text, section, lang) == []
    assert "{{" not in text and "{%" not in text
    # the index links both languages of every section
    index = (generated / "README.md").read_text(encoding="utf-8")
    assert f"({lang}/{section.filename})" in index


def test_the_committed_copy_is_up_to_date(generated: Path) -> None:
    made = {p.relative_to(generated): p.read_text(encoding="utf-8") for p in generated.rglob("*.md")}
    committed = {p.relative_to(COMMITTED): p.read_text(encoding="utf-8") for p in COMMITTED.rglob("*.md")}
    assert sorted(committed) == sorted(made), "docs/deployer has missing or extra files"
    stale = [str(p) for p in made if committed[p] != made[p]]
    assert stale == [], f"docs/deployer is stale ({stale}): run `spiegel deployer docs -o docs/deployer`"


def test_the_instructions_list_every_indicator_with_its_norm_and_thresholds() -> None:
    files = render_all()
    model = default_model()
    for lang in LANGS:
        text = files[f"{lang}/01-instructions-for-use.md"]
        for comp in model.competencies:
            assert comp.name[lang] in text
            for spec in comp.indicators:
                row = next(line for line in text.splitlines() if f"(`{spec.id}.v" in line and "|" in line)
                assert f"| {spec.norm:g} |" in row
                assert " / ".join(f"{t:g}" for t in spec.thresholds) in row


def test_a_changed_norm_changes_the_documents_and_the_fingerprint() -> None:
    model = default_model()
    comp = model.competencies[0]
    spec = comp.indicators[0]
    changed_spec = dataclasses.replace(spec, norm=0.42, thresholds=(0.11, 0.22, 0.33))
    changed_comp = dataclasses.replace(comp, indicators=(changed_spec, *comp.indicators[1:]))
    changed = dataclasses.replace(model, competencies=(changed_comp, *model.competencies[1:]))
    text = render_all(changed)["en/01-instructions-for-use.md"]
    assert "0.11 / 0.22 / 0.33" in text and "| 0.42 |" in text
    before, after = configuration(model), configuration(changed)
    assert fingerprint(before) != fingerprint(after)
    assert changes(before, after) == [
        f"model.competencies.{comp.id}.{spec.id}.norm",
        f"model.competencies.{comp.id}.{spec.id}.thresholds",
    ]
    assert fingerprint(configuration(default_model())) == fingerprint(before)


def test_the_org_norms_count_in_the_configuration_but_the_colleague_list_does_not() -> None:
    model = default_model()
    org = {"name": "X", "answer_within_hours": 24, "colleagues": [{"handle": "a"}]}
    base = fingerprint(configuration(model, org))
    assert fingerprint(configuration(model, {**org, "colleagues": [{"handle": "b"}]})) == base
    assert fingerprint(configuration(model, {**org, "roster": "team.csv"})) == base
    assert fingerprint(configuration(model, {**org, "answer_within_hours": 8})) != base
    topics = {**org, "sensitive_topics": [{"name": "reorganisatie", "keywords": ["reorganisatie"]}]}
    assert changes(configuration(model, org), configuration(model, topics)) == ["org.sensitive_topics"]


def test_accuracy_figures_come_from_the_shipped_table() -> None:
    table = accuracy_table()
    row = table["signals"]["hostile"][0]
    files = render_all()
    assert f"n = {row['n']}" in files["en/01-instructions-for-use.md"]
    assert f"F1 {row['f1']:.2f}" in files["nl/01-instructions-for-use.md"]
    # indicators without figures are named as such, not given made-up numbers
    in_model = {i.id for c in default_model().competencies for i in c.indicators}
    unmeasured = [i for i, s in table["indicators"].items() if s is None and i in in_model]
    assert unmeasured
    for ind in unmeasured:
        assert f"(`{ind}`)" in files["en/01-instructions-for-use.md"]
    for lang, words in (("en", "has not been measured"), ("nl", "niet gemeten")):
        assert words in files[f"{lang}/01-instructions-for-use.md"]


def test_the_legal_basis_is_the_public_task_and_opt_in_a_safeguard() -> None:
    files = render_all()
    en, nl = (" ".join(files[f"{lang}/03-dpia.md"].split()) for lang in ("en", "nl"))
    assert "Art. 6(1)(e)" in en and "**safeguard**, not the legal basis" in en
    assert "art. 6 lid 1 sub e" in nl and "**waarborg**, niet de grondslag" in nl


def test_org_config_fills_in_the_organisation(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG_YAML, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["deployer", "docs", "-o", str(out), "--org", str(org), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    nl = (out / "nl" / "01-instructions-for-use.md").read_text(encoding="utf-8")
    en = (out / "en" / "04-fria.md").read_text(encoding="utf-8")
    assert "# Gebruiksaanwijzing — spiegel bij Gemeente Proefstad" in nl
    assert "antwoorden binnen\n8 uur kantoortijd (ma, di, wo, do, vr 08:30–17:00, Europe/Amsterdam)" in nl
    assert "reorganisatie" in en and "[organisation name]" not in en
    # the org config is part of the configuration, so its fingerprint differs from the default
    plain = (COMMITTED / "nl" / "06-algoritmeregister.md").read_text(encoding="utf-8")
    mine = (out / "nl" / "06-algoritmeregister.md").read_text(encoding="utf-8")
    assert _fingerprint_of(plain) != _fingerprint_of(mine)


def _fingerprint_of(text: str) -> str:
    line = next(line for line in text.splitlines() if "vingerafdruk van de configuratie `" in line)
    return line.split("`")[-2]


def test_an_invalid_org_config_is_a_clear_error(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("name: X\nanswer_within_hours: soon\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["deployer", "docs", "-o", str(tmp_path / "out"), "--org", str(org)])
    assert result.exit_code == 2
    assert "answer_within_hours" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_template_without_a_required_heading_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    section = SECTIONS[0]
    broken = dataclasses.replace(
        section, headings={**section.headings, "en": (*section.headings["en"], "A heading nobody wrote")}
    )
    monkeypatch.setattr(deployer_docs, "SECTIONS", (broken, *SECTIONS[1:]))
    with pytest.raises(TemplateSectionError, match="A heading nobody wrote"):
        render_all()
