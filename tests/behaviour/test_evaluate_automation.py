from __future__ import annotations

from pathlib import Path

from spiegel.behaviour.automation import app_automation_level
from spiegel.behaviour.evaluate_automation import evaluate, kaggle_rows, main
from spiegel_testpaths import needs_data


def test_app_levels() -> None:
    assert app_automation_level("IFTTT") == 1.0
    assert app_automation_level("Twitter for iPhone") == 0.0
    assert app_automation_level("everyumlaut") == 0.5
    assert app_automation_level("") is None


@needs_data("gilani2017_bot_human_account_features", "twitter_bot_nonbot_profiles_kaggle")
def test_hand_set_score_separates_bots_from_humans_on_public_data(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = main(["--out", str(out)])
    g, k = result["gilani2017"], result["kaggle_bot_nonbot"]
    assert g["accounts"] == 3431 and k["accounts"] == 2232 and out.exists()
    # measured 0.80 and 0.74 (docs/behaviour.md); a broken score falls to about 0.5
    assert g["auc_hand_set_score"] > 0.75 and k["auc_hand_set_score"] > 0.7


@needs_data("twitter_bot_nonbot_profiles_kaggle")
def test_rows_have_labels_of_both_kinds() -> None:
    rows = kaggle_rows()
    assert {label for _, label in rows} == {0, 1}
    assert evaluate(rows[:50] + rows[-50:])["accounts"] == 100
