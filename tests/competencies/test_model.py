from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.competencies import default_model, load_model
from spiegel.competencies.model import DEFAULT_MODEL, parse_model
from spiegel.errors import ConfigError

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "src/spiegel/competencies" / DEFAULT_MODEL


def base() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8")))


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_default_model_has_the_six_competencies() -> None:
    model = default_model()
    assert [c.id for c in model.competencies] == [
        "luisteren",
        "verbinden",
        "netwerken",
        "timing",
        "informeren",
        "rolvast",
    ]
    for comp in model.competencies:
        assert 4 <= len(comp.statements) <= 6
        assert len(comp.levels) == 4
        assert comp.name["nl"] and comp.name["en"] and comp.direction["en"]
    assert model.competency("timing").indicators[1].direction == "lower"


def test_unknown_indicator(tmp_path: Path) -> None:
    data = base()
    data["competencies"][1]["indicators"][0]["id"] = "gut_feeling"
    with pytest.raises(ConfigError) as exc:
        load_model(write(tmp_path, data))
    assert "unknown indicator 'gut_feeling'" in exc.value.what
    assert exc.value.field == "competencies[1].indicators[0].id"
    assert exc.value.line is not None and exc.value.line > 1
    assert "restraint" in (exc.value.fix or "")


@pytest.mark.parametrize("thresholds", [[0.5, 0.4, 0.9], [0.5, 0.5, 0.9]])
def test_thresholds_not_monotonic_higher(tmp_path: Path, thresholds: list[float]) -> None:
    data = base()
    data["competencies"][0]["indicators"][0]["thresholds"] = thresholds
    with pytest.raises(ConfigError) as exc:
        load_model(write(tmp_path, data))
    assert "not monotonic" in exc.value.what
    assert exc.value.field == "competencies[0].indicators[0].thresholds"
    assert "increase" in (exc.value.fix or "")


def test_thresholds_of_lower_is_better_indicator_must_decrease(tmp_path: Path) -> None:
    data = base()
    data["competencies"][0]["indicators"][1]["thresholds"] = [4, 24, 72]  # latency, hours
    with pytest.raises(ConfigError) as exc:
        load_model(write(tmp_path, data))
    assert "decrease" in (exc.value.fix or "")


def test_direction_against_the_indicator(tmp_path: Path) -> None:
    data = base()
    data["competencies"][0]["indicators"][1]["direction"] = "higher"
    with pytest.raises(ConfigError, match="lower-is-better"):
        load_model(write(tmp_path, data))


def test_missing_translation(tmp_path: Path) -> None:
    data = base()
    del data["competencies"][2]["description"]["en"]
    with pytest.raises(ConfigError) as exc:
        load_model(write(tmp_path, data))
    assert exc.value.what == "missing translation 'en'"
    assert exc.value.field == "competencies[2].description"


def test_empty_translation(tmp_path: Path) -> None:
    data = base()
    data["competencies"][3]["statements"][0]["other"]["nl"] = ""
    with pytest.raises(ConfigError) as exc:
        load_model(write(tmp_path, data))
    assert exc.value.field == "competencies[3].statements[0].other.nl"


def test_more_than_eight_competencies(tmp_path: Path) -> None:
    data = base()
    extra = copy.deepcopy(data["competencies"][:3])
    for i, comp in enumerate(extra):
        comp["id"] = f"extra{i}"
        comp["indicators"] = []
    data["competencies"] += extra
    with pytest.raises(ConfigError) as exc:
        load_model(write(tmp_path, data))
    assert "9 competencies; at most 8" in exc.value.what
    assert exc.value.field == "competencies[8]"


def test_duplicate_competency_id(tmp_path: Path) -> None:
    data = base()
    data["competencies"][1]["id"] = "luisteren"
    with pytest.raises(ConfigError, match="duplicate competency id 'luisteren'"):
        load_model(write(tmp_path, data))


def test_duplicate_indicator_across_competencies(tmp_path: Path) -> None:
    data = base()
    data["competencies"][1]["indicators"].append(dict(data["competencies"][0]["indicators"][0]))
    with pytest.raises(ConfigError, match="duplicate indicator id 'addressed_reaction_rate'"):
        load_model(write(tmp_path, data))


def test_duplicate_statement_id(tmp_path: Path) -> None:
    data = base()
    data["competencies"][5]["statements"][1]["id"] = "rolvast_1"
    with pytest.raises(ConfigError, match="duplicate statement id 'rolvast_1'"):
        load_model(write(tmp_path, data))


def test_unknown_key_lists_valid_keys(tmp_path: Path) -> None:
    data = base()
    data["competencies"][0]["colour"] = "blue"
    with pytest.raises(ConfigError) as exc:
        load_model(write(tmp_path, data))
    assert "colour" in exc.value.what
    assert "description" in (exc.value.fix or "")


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("schema: spiegel.model.v1\ncompetencies: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_model(path)
    assert "not valid YAML" in exc.value.what
    assert exc.value.line is not None


def test_parse_model_accepts_a_smaller_model() -> None:
    data = base()
    data["competencies"] = data["competencies"][3:5]
    model = parse_model(data)
    assert [c.id for c in model.competencies] == ["timing", "informeren"]


def test_cli_validate_ok_and_error(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["model", "validate", str(DEFAULT_PATH)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.endswith(
        "geldig model 'spiegel-default' (versie 3): 6 competenties, 11 indicatoren, 24 uitspraken\n"
    )
    en = runner.invoke(main, ["model", "validate", "--lang", "en", str(DEFAULT_PATH)])
    assert "valid model 'spiegel-default' (version 3): 6 competencies" in en.output
    data = base()
    data["competencies"][0]["indicators"][0]["id"] = "nope"
    bad = runner.invoke(main, ["model", "validate", str(write(tmp_path, data))])
    assert bad.exit_code == 2
    assert "unknown indicator 'nope'" in bad.output


@pytest.mark.parametrize(("lang", "word"), [("nl", "Luisteren"), ("en", "Listening")])
def test_cli_show(lang: str, word: str) -> None:
    result = CliRunner().invoke(main, ["model", "show", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert word in result.output
    assert "addressed_reaction_rate" in result.output
