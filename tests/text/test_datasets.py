"""The readers of spiegel's own labelled posts (``training/<lang>/*.jsonl``) and the hand-written
training files themselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spiegel.errors import InputError, MalformedFileError
from spiegel.text.classifiers import BINARY_SIGNALS, TONES
from spiegel.text.classifiers import datasets as ds

TRAINING = ds.TRAINING_DIR


def _write(path: Path, rows: list[object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
        encoding="utf-8",
    )


def _row(text: str, **labels: int) -> dict[str, object]:
    return {"text": text, "lang": "nl", "labels": labels, "tone": "neutral"}


def test_own_rows_reads_every_line_and_skips_blank_ones(tmp_path: Path) -> None:
    _write(tmp_path / "nl" / "train_handwritten.jsonl", [_row("Een", question=1), "", _row("Twee")])
    rows = ds.own_rows("nl", "train_handwritten", tmp_path)
    assert [r["text"] for r in rows] == ["Een", "Twee"]


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        ("{not json", "not a labelled post"),
        (json.dumps({"text": "geen labels", "tone": "neutral"}), "not a labelled post"),
        (json.dumps({"text": 12, "labels": {}, "tone": "neutral"}), "text must be a string"),
        (json.dumps({"text": "x", "labels": [1, 0], "tone": "neutral"}), "labels an object"),
    ],
)
def test_own_rows_names_the_file_and_line_of_a_bad_row(tmp_path: Path, bad: str, needle: str) -> None:
    _write(tmp_path / "nl" / "train_handwritten.jsonl", [_row("goed"), bad])
    with pytest.raises(MalformedFileError) as err:
        ds.own_rows("nl", "train_handwritten", tmp_path)
    message = str(err.value)
    assert needle in message
    assert "train_handwritten.jsonl" in message
    assert "2" in message


def test_a_row_without_lang_takes_the_language_of_its_folder(tmp_path: Path) -> None:
    _write(tmp_path / "en" / "heldout.jsonl", [{"text": "Hi?", "labels": {"question": 1}, "tone": "neutral"}])
    assert ds.own_rows("en", "heldout", tmp_path)[0]["lang"] == "en"


def test_handwritten_examples_read_both_files_with_their_own_source_names(tmp_path: Path) -> None:
    _write(
        tmp_path / "nl" / "train_handwritten.jsonl",
        [_row("Wanneer?", question=1), _row("Fijn.", question=0), _row("Hè")],
    )
    _write(tmp_path / "nl" / "train_handwritten2.jsonl", [_row("Wie?", question=1)])
    _write(tmp_path / "nl" / "heldout.jsonl", [_row("Hoe laat?", question=1)])
    _write(tmp_path / "nl" / "blind1.jsonl", [_row("Waar?", question=1)])
    _write(tmp_path / "nl" / "blind2.jsonl", [_row("Wat?", question=1)])
    _write(tmp_path / "nl" / "blind3.jsonl", [_row("Welke?", question=0)])
    _write(tmp_path / "nl" / "train_handwritten3.jsonl", [_row("mag dat", question=1)])
    _write(tmp_path / "nl" / "train_handwritten4.jsonl", [_row("en dan", question=1)])
    examples = ds.handwritten_examples("nl", "question", tmp_path)
    assert [(e.text, e.label, e.source) for e in examples] == [
        ("Wanneer?", 1, "spiegel-nl-handwritten-train"),
        ("Fijn.", 0, "spiegel-nl-handwritten-train"),
        ("Wie?", 1, "spiegel-nl-handwritten-train2"),
        ("Hoe laat?", 1, "spiegel-nl-handwritten-dev2"),
        ("Waar?", 1, "spiegel-nl-handwritten-dev3"),
        ("Wat?", 1, "spiegel-nl-handwritten-dev4"),
        ("Welke?", 0, "spiegel-nl-handwritten-dev5"),
        ("mag dat", 1, "spiegel-nl-handwritten-train3"),
        ("en dan", 1, "spiegel-nl-handwritten-train4"),
    ]
    # a row that does not label the signal ("Hè") is left out, not counted as 0
    assert ds.handwritten_examples("nl", "hostile", tmp_path) == []


def test_handwritten_examples_need_every_file(tmp_path: Path) -> None:
    _write(tmp_path / "nl" / "train_handwritten.jsonl", [_row("Wanneer?", question=1)])
    _write(tmp_path / "nl" / "train_handwritten2.jsonl", [_row("Wie?", question=1)])
    with pytest.raises(InputError, match=r"heldout\.jsonl"):
        ds.handwritten_examples("nl", "question", tmp_path)


# --- the shipped hand-written training files -------------------------------------------------------


@pytest.mark.parametrize(("lang", "minimum"), [("nl", 500), ("en", 140)])
def test_handwritten_training_files_are_well_formed(lang: str, minimum: int) -> None:
    rows = ds.own_rows(lang, "train_handwritten")
    assert len(rows) >= minimum
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts), "duplicate posts"
    for r in rows:
        assert r["lang"] == lang
        assert set(r["labels"]) == set(BINARY_SIGNALS), r["text"]
        assert set(r["labels"].values()) <= {0, 1}, r["text"]
        assert r["tone"] in TONES, r["text"]
        assert "kind" not in r
        assert r["text"] == r["text"].strip() and r["text"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_label_has_positives_and_negatives_in_the_handwritten_file(lang: str) -> None:
    rows = ds.own_rows(lang, "train_handwritten")
    for signal in BINARY_SIGNALS:
        positives = sum(r["labels"][signal] for r in rows)
        assert 0 < positives < len(rows), signal


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_training_post_is_also_a_test_post(lang: str) -> None:
    """The blind test set must share no post with any training file (only counts are reported)."""
    test_file = TRAINING / lang / "test.jsonl"
    assert test_file.exists(), f"{test_file} is missing: spiegel evaluate judges the targets on it"
    test_texts = {r["text"].strip().lower() for r in ds.own_rows(lang, "test")}
    # every training file, the hand-written ones as spiegel train reads them (HANDWRITTEN_PARTS)
    for part in ("generated", "dev", *(name for name, _ in ds.HANDWRITTEN_PARTS)):
        shared = sum(1 for r in ds.own_rows(lang, part) if r["text"].strip().lower() in test_texts)
        assert shared == 0, f"{shared} posts of {part}.jsonl are also in test.jsonl"


@pytest.mark.parametrize(("lang", "minimum"), [("nl", 500), ("en", 200)])
def test_third_handwritten_round_is_well_formed_and_new(lang: str, minimum: int) -> None:
    rows = ds.own_rows(lang, "train_handwritten3")
    assert len(rows) >= minimum
    texts = [r["text"].strip().lower() for r in rows]
    assert len(set(texts)) == len(texts), "duplicate posts"
    for r in rows:
        assert set(r["labels"]) == set(BINARY_SIGNALS) and set(r["labels"].values()) <= {0, 1}, r["text"]
        assert r["tone"] in TONES and r["lang"] == lang, r["text"]
    others = [name for name, _ in ds.HANDWRITTEN_PARTS if name != "train_handwritten3"]
    for part in ("generated", "dev", *others):
        shared = sum(1 for r in ds.own_rows(lang, part) if r["text"].strip().lower() in set(texts))
        assert shared == 0, f"{shared} posts of train_handwritten3.jsonl are also in {part}.jsonl"
