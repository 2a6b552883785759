"""Training is deterministic, evaluation measures the shipped models and writes the model card."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from spiegel.errors import InputError
from spiegel.text.classifiers import load_from
from spiegel.text.classifiers.datasets import preotiuc_complaints, saha_questions, seeded_split
from spiegel.text.evaluate import Result, evaluate, render_table, write_model_card
from spiegel.text.train import train
from spiegel.text.train_commands import evaluate_command, train_command

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"

needs_data = pytest.mark.skipif(not DATA.exists(), reason="public data sets not present next to the repo")


@needs_data
def test_splits_are_fixed_and_disjoint() -> None:
    train_q = saha_questions(DATA, "train")
    test_q = saha_questions(DATA, "test")
    assert len(test_q) == 1500 and len(train_q) == 6000
    assert sum(e.label for e in test_q) == round(596 * 0.2)  # stratified: 20 % of the QUE tweets
    assert [e.text for e in test_q[:5]] == [e.text for e in saha_questions(DATA, "test")[:5]]
    test_c = preotiuc_complaints(DATA, "test")
    assert not {e.text for e in test_c} & {e.text for e in preotiuc_complaints(DATA, "train")} - {""}
    assert seeded_split("abc") == seeded_split("abc")


@needs_data
def test_retraining_gives_identical_models(tmp_path: Path) -> None:
    a = train(data=DATA, out=tmp_path / "a", limit=120)
    b = train(data=DATA, out=tmp_path / "b", limit=120)
    assert a.rows == b.rows
    assert a.thresholds == b.thresholds
    assert np.array_equal(a.weights, b.weights)
    assert (tmp_path / "a" / "classifiers.npz").read_bytes() == (
        tmp_path / "b" / "classifiers.npz"
    ).read_bytes()
    reloaded = load_from(tmp_path / "a")
    texts = ["Waar kan ik een parkeervergunning aanvragen?", "I hate waiting, worst service ever"]
    out_a = a.predict(texts, ["nl", "en"])
    out_b = reloaded.predict(texts, ["nl", "en"])
    assert np.allclose(out_a["question"], out_b["question"], atol=1e-2)  # float16 storage


@needs_data
def test_evaluate_writes_the_model_card(tmp_path: Path) -> None:
    results = evaluate(data=DATA)
    keys = {(r.signal, r.lang) for r in results}
    for signal in ("question", "complaint", "hostile", "explanation", "template", "tone"):
        assert (signal, "nl") in keys and (signal, "en") in keys
    assert ("plain", "nl") in keys
    complaint_en = next(r for r in results if r.key == "complaint:en" and "Preoţiuc" in r.dataset)
    assert complaint_en.n == 689 and 0.5 < complaint_en.metrics["f1"] <= 1.0
    card = tmp_path / "model-card.md"
    write_model_card(results, card)
    text = card.read_text(encoding="utf-8")
    assert "| signal | lang | held-out data | n | precision | recall | F1 |" in text
    assert "Preoţiuc-Pietro et al. 2019" in text and "OffensEval 2019" in text
    assert (
        f"| complaint | en | {complaint_en.dataset} | 689 | {complaint_en.metrics['precision']:.3f}" in text
    )
    assert "## Known limits" in text


def test_render_table_marks_targets() -> None:
    results = [
        Result(
            "question",
            "nl",
            "spiegel hand-written nl (held-out)",
            10,
            {"precision": 1.0, "recall": 0.8, "f1": 0.889},
        ),
        Result("plain", "nl", "Amsterdam pairs", 0, {}, note="not yet available"),
    ]
    text = render_table(results, "en")
    assert "0.90 ✗" in text and "0.889" in text and "not yet available" in text
    assert "precisie" in render_table(results, "nl")


@needs_data
def test_cli_train_and_evaluate(tmp_path: Path) -> None:
    runner = CliRunner()
    models = tmp_path / "models"
    res = runner.invoke(
        train_command, ["--data", str(DATA), "--out", str(models), "--limit", "80", "--quiet"]
    )
    assert res.exit_code == 0, res.output
    assert (models / "classifiers.npz").exists()
    card = tmp_path / "card.md"
    res = runner.invoke(
        evaluate_command, ["--data", str(DATA), "--models", str(models), "--card", str(card), "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].split()[:4] == ["signal", "lang", "held-out", "data"]
    assert "Wrote the model card" in res.output and card.exists()


def test_cli_evaluate_names_a_missing_data_file(tmp_path: Path) -> None:
    res = CliRunner().invoke(evaluate_command, ["--data", str(tmp_path), "--no-card"])
    assert res.exit_code != 0
    missing = tmp_path / "tweet_act_classification_saha2019" / "Dataset__TWEET_DATA.csv"
    assert isinstance(res.exception, InputError)
    assert str(res.exception) == (
        f"{missing}: data set file not found\n"
        "  How to fix: point --data (or SPIEGEL_DATA) at the folder with the public data sets "
        "(see docs/model-card.md)"
    )
