from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import orjson
import pytest

from spiegel.pipeline import Profile
from spiegel.report import render_json, report_schema, validate_profile
from spiegel.text.error_rates import load_error_rates

REPO = Path(__file__).resolve().parents[2]


def test_packaged_schema_is_the_documented_one() -> None:
    docs = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert docs == report_schema()
    jsonschema.Draft202012Validator.check_schema(docs)


def test_profile_json_validates(profile: Profile) -> None:
    data = orjson.loads(render_json(profile))
    validate_profile(data)
    assert data["person"]["name"] == "Anna de Vries"
    timing = next(c for c in data["competencies"] if c["id"] == "timing")
    restraint = next(i for i in timing["indicators"] if i["id"] == "restraint")
    assert restraint["level"] == 2 and restraint["status"] == "ok"
    assert restraint["version"] == "restraint.v2"
    assert len(restraint["evidence"]) == 3
    assert {"post_id", "url", "text"} <= set(restraint["evidence"][0])
    # issue #12: the hostile share is corrected for the classifier's measured error (Rogan–Gladen)
    corr = restraint["details"]["classifier_correction"]
    rates = load_error_rates()["nl"]["hostile"]
    se, sp = rates["sensitivity"], rates["specificity"]
    assert corr["observed"] == 0.9 and corr["signal"] == "hostile" and corr["method"] == "rogan_gladen"
    assert (
        restraint["value"] == corr["corrected"] == pytest.approx(1 - (0.1 + sp - 1) / (se + sp - 1), abs=1e-4)
    )
    assert restraint["confidence"]["method"] == "rogan_gladen"
    low, high = corr["interval"]
    assert low < restraint["value"] < high
    assert [restraint["confidence"]["low"], restraint["confidence"]["high"]] == corr["interval"]
    assert corr["rates"]["nl"]["n_pos"] == rates["n_pos"]


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("competencies", 0, "level"), 5),
        (("competencies", 0, "indicators", 0, "status"), "maybe"),
        (("schema",), "spiegel.report.v0"),
    ],
)
def test_schema_rejects_broken_documents(profile: Profile, path: tuple[object, ...], bad: object) -> None:
    data = copy.deepcopy(profile.to_dict())
    target = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = bad  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        validate_profile(data)


def test_schema_requires_a_reason_when_insufficient(profile: Profile) -> None:
    data = copy.deepcopy(profile.to_dict())
    comp = next(c for c in data["competencies"] if c["status"] == "insufficient_evidence")
    comp["reason"] = None
    with pytest.raises(jsonschema.ValidationError):
        validate_profile(data)
