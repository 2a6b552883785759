from __future__ import annotations

from spiegel.behaviour.bios import classify_bios, model_card


def test_shipped_bio_model_types_clear_dutch_bios() -> None:
    bios = [
        "Moeder van drie, wandelt graag en leest veel thrillers.",
        "Officieel account van de gemeente Veenhuizen. Wij reageren op werkdagen.",
        "Nieuws uit de regio, 24 uur per dag. Tips? Mail de redactie.",
    ]
    assert classify_bios(bios) == ["citizen", "government", "media"]
    assert classify_bios([]) == []


def test_model_card_reports_held_out_scores() -> None:
    card = model_card()
    scores = card["scores"]
    assert card["model"] == "bios.v1" and scores["humanizr_heldout_n"] > 500
    assert 0.8 <= scores["humanizr_heldout_accuracy"] <= 1.0
