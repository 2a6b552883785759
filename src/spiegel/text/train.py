"""Train the per-post classifiers and write the model files shipped in ``spiegel/text/models``.

    spiegel train                       # or: python -m spiegel.text.train
    spiegel train --data ../shared/data --out /tmp/models --limit 500

Deterministic: fixed splits, fixed folds, a solver without randomness, and no time stamps in the
output, so training twice on the same data writes the same files. For each signal and language one
logistic regression reads the shared features (:mod:`spiegel.text.classifiers.features`); its
regularisation strength, its feature scaling (below) and its decision threshold are chosen by
3-fold cross-validation on the training part only — the held-out sets of ``spiegel evaluate`` are
never seen here.

Feature scaling: a yes/no model may scale each feature column by its naive-Bayes log-count ratio
(Wang & Manning 2012, "NBSVM"), interpolated with 1 by ``beta``: ``(1 - beta) + beta * |r|``. Words
and n-grams that separate the classes in the training data then cost less regularisation. The scale
is computed inside each CV fold from that fold's training part only, and after fitting it is folded
into the weights, so the shipped model reads the same features as every other model.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from spiegel.errors import InputError
from spiegel.text import embed
from spiegel.text.classifiers import (
    BINARY_SIGNALS,
    MODEL_LANGS,
    MODELS_DIR,
    TONES,
    VERSION,
    Classifiers,
    features,
    load_from,
    rates,
    save,
)
from spiegel.text.classifiers import datasets as ds
from spiegel.text.classifiers import external as ext
from spiegel.text.classifiers.lexicons import POLARITY_FILE, build_pattern_polarity, nl_polarity
from spiegel.text.classifiers.selection import best_threshold

SEED = 1729
C_GRID = (1.0, 4.0, 16.0)
#: Interpolation weights of the naive-Bayes feature scaling tried by CV (0: no scaling).
NB_BETAS = (0.0, 0.25, 0.5)
#: β of the Dutch models that learn from external posts: CV chose 0.5 for all five in v2, and CV
#: over the external training part found 0.75 and 1 no better (training/external/cv_experiment.py);
#: fixing it makes their training three times faster
EXTERNAL_NB_BETAS = (0.5,)
THRESHOLDS = np.round(np.arange(0.1, 0.91, 0.025), 3)
#: Dutch signals learned from the external (real, not team-written) posts, when they exist
EXTERNAL_SIGNALS = ("question", "complaint", "hostile", "explanation", "template")
EXTERNAL_SOURCE = "external-nl"
#: Sample weights where external posts exist for a model: real posts by others first, the team's
#: hand-written posts second, posts generated from templates last.
WEIGHT_EXTERNAL = 1.0
WEIGHT_OWN = 0.2
WEIGHT_GENERATED = 0.05


@dataclass
class Task:
    signal: str
    lang: str
    examples: list[ds.Example]

    @property
    def key(self) -> str:
        return f"{self.signal}:{self.lang}"


def _subsample(examples: list[ds.Example], limit: int | None) -> list[ds.Example]:
    if limit is None or len(examples) <= limit:
        return examples
    # every k-th example keeps the label mix and is deterministic
    step = len(examples) / limit
    return [examples[int(i * step)] for i in range(limit)]


def external_examples(signal: str, training_dir: Path | None = None) -> list[ds.Example]:
    """The Dutch external training posts of *signal* (``training/external/train.jsonl``; the
    ``dev.jsonl`` part is kept out: thresholds, model choice and error rates are measured on it).

    For ``hostile``, posts in which the features replace an insult by a stand-in for a negated or
    quoted one (:data:`features.NEGATED_TOKEN`, :data:`features.QUOTED_TOKEN`) are left out: in
    real posts the marker mostly misfires ("niet gek dat …", "niet het tuig van …, maar"; 7 of the
    8 such training posts are hostile), and they taught the stand-in itself to weigh as an insult,
    so that "Peters is geen clown." was flagged. Without them the stand-in is never seen in
    training and weighs nothing, as intended."""
    return ds.own_examples(external_training_rows(signal, training_dir), signal, EXTERNAL_SOURCE)


def external_training_rows(signal: str, training_dir: Path | None = None) -> list[dict[str, Any]]:
    """The rows (with their ids) behind :func:`external_examples`, in the same order."""
    folder = (training_dir or ds.TRAINING_DIR) / "external"
    rows = ext.external_rows("train", folder)
    if signal == "hostile":
        rows = [r for r in rows if not _has_stand_in(str(r["text"]))]
    return rows


def _has_stand_in(text: str) -> bool:
    norm = features.normalize(text, "nl")
    return features.NEGATED_TOKEN in norm or features.QUOTED_TOKEN in norm


def sample_weights(examples: list[ds.Example]) -> np.ndarray | None:
    """Per-example weights (:data:`WEIGHT_EXTERNAL` …) when the task holds external posts, else
    None (every example counts once, as before there were external posts)."""
    if not any(e.source == EXTERNAL_SOURCE for e in examples):
        return None
    w = np.ones(len(examples))
    for i, e in enumerate(examples):
        if e.source.endswith("-generated"):
            w[i] = WEIGHT_GENERATED
        elif e.source.startswith("spiegel-"):
            w[i] = WEIGHT_OWN
    return w


def external_mask(examples: list[ds.Example]) -> np.ndarray:
    """True for the external posts (model selection is scored on them when there are enough)."""
    return np.array([e.source == EXTERNAL_SOURCE for e in examples], dtype=bool)


def build_tasks(
    data: Path,
    training_dir: Path | None = None,
    limit: int | None = None,
    only: Collection[str] | None = None,
) -> list[Task]:
    """The training set of every (signal, language) model. Dutch models read the external posts
    first (:func:`external_examples`), then the team's own."""
    own_nl: dict[str, list[ds.Example]] = {}
    own_en: dict[str, list[ds.Example]] = {}
    for lang, own in (("nl", own_nl), ("en", own_en)):
        generated = ds.own_rows(lang, "generated", training_dir)
        dev = ds.own_rows(lang, "dev", training_dir)
        for s in (*BINARY_SIGNALS, "tone"):
            own[s] = (
                ds.own_examples(generated, s, f"spiegel-{lang}-generated")
                + ds.own_examples(dev, s, f"spiegel-{lang}-handwritten-dev")
                + ds.handwritten_examples(lang, s, training_dir)
            )
    zeg_test = {e.text for e in ds.zegelaar_polarity(data, "test")}
    zeg_train = [e for e in ds.zegelaar_polarity(data, "train") if e.text not in zeg_test]
    semeval = ds.semeval_restaurants_nl(data)
    human_nl = [ds.Example(e.text, "nl", 0, e.source) for e in zeg_train + semeval]
    sources: dict[tuple[str, str], Callable[[], list[ds.Example]]] = {
        ("question", "en"): lambda: ds.saha_questions(data, "train") + own_en["question"],
        ("question", "nl"): lambda: external_examples("question", training_dir) + own_nl["question"],
        ("complaint", "en"): lambda: ds.preotiuc_complaints(data, "train") + own_en["complaint"],
        ("complaint", "nl"): lambda: external_examples("complaint", training_dir) + own_nl["complaint"],
        ("hostile", "en"): lambda: (
            ds.tweeteval_offensive(data, "train") + ds.tweeteval_offensive(data, "val") + own_en["hostile"]
        ),
        ("hostile", "nl"): lambda: external_examples("hostile", training_dir) + own_nl["hostile"],
        ("explanation", "en"): lambda: own_en["explanation"],
        ("explanation", "nl"): lambda: external_examples("explanation", training_dir) + own_nl["explanation"],
        ("template", "en"): lambda: own_en["template"],
        ("template", "nl"): lambda: (
            external_examples("template", training_dir) + own_nl["template"] + human_nl
        ),
        ("tone", "en"): lambda: own_en["tone"],
        ("tone", "nl"): lambda: zeg_train + semeval + own_nl["tone"],
    }
    return [
        Task(
            signal,
            lang,
            _subsample(sources[(signal, lang)](), limit)
            if only is None or f"{signal}:{lang}" in only
            else [],
        )
        for signal in (*BINARY_SIGNALS, "tone")
        for lang in MODEL_LANGS
    ]


def _model(c: float, multiclass: bool) -> LogisticRegression:
    if multiclass:
        return LogisticRegression(C=c, solver="lbfgs", max_iter=1000)
    # liblinear shuffles the data in its coordinate descent: seeded. That alone does not make two
    # trainings write the same files: with C = 16 on hashed features the problem is ill-conditioned,
    # and the last-bit float differences of another run (another --only set, another word-cache
    # state) end the descent at another point. Measured for text-classifiers.v6: the same four
    # Dutch models trained twice differ by up to 0.62 in single weights, with the same thresholds
    # and development F1 within 0.001.
    return LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=SEED)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    return best_threshold(y, p, THRESHOLDS)


def _folds(y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified, seeded folds (3, or fewer when a class is rarer); empty when CV is impossible."""
    smallest = int(min(np.unique(y, return_counts=True)[1])) if len(y) else 0
    n = min(3, smallest)
    if n < 2 or len(np.unique(y)) < 2:
        return []
    return list(StratifiedKFold(n_splits=n, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y))


def compact(x: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """Drop the feature columns no training example uses (their weight would be 0 anyway); the
    solvers then work on tens of thousands of columns instead of half a million."""
    used = np.flatnonzero(np.asarray(x.getnnz(axis=0)) > 0)
    return x[:, used], used


def _scatter(coef: np.ndarray, used: np.ndarray) -> np.ndarray:
    full = np.zeros(features.N_FEATURES, dtype=np.float32)
    full[used] = coef
    return full


def human_mask(examples: list[ds.Example]) -> np.ndarray:
    """True for the examples people wrote (public data sets and our hand-written posts), False for
    posts generated from templates. Model selection is scored on the human-written ones only:
    generated posts are trained on, but they are easy, so a CV score over them says little about
    real posts (Dutch CV F1 ≈ 0.99 against much lower scores on hand-written posts)."""
    return np.array([not e.source.endswith("-generated") for e in examples], dtype=bool)


@dataclass
class BinaryFit:
    """A fitted yes/no model and how it was chosen. ``model`` reads the raw features (any
    naive-Bayes scaling is folded into its weights); ``oof`` are the out-of-fold probabilities of
    the chosen settings."""

    model: LogisticRegression
    c: float
    beta: float
    threshold: float
    cv_f1: float
    oof: np.ndarray


def fit_binary(
    x: Any, y: np.ndarray, score_on: np.ndarray | None = None
) -> tuple[LogisticRegression, float, float, float]:
    """Pick the settings and threshold by 3-fold CV (F1), then fit on everything:
    (model, C, threshold, cv F1)."""
    fit = fit_binary_oof(x, y, score_on)
    return fit.model, fit.c, fit.threshold, fit.cv_f1


def selection_mask(y: np.ndarray, score_on: np.ndarray | None) -> np.ndarray:
    """The examples whose out-of-fold predictions choose C and the threshold: *score_on* when it
    holds enough of both classes (at least 10 positives and 10 negatives), else every example."""
    if score_on is None:
        return np.ones(len(y), dtype=bool)
    positives = int(np.sum(y[score_on] == 1))
    negatives = int(np.sum(y[score_on] == 0))
    return score_on if positives >= 10 and negatives >= 10 else np.ones(len(y), dtype=bool)


def nb_scale(x: Any, y: np.ndarray, beta: float) -> np.ndarray:
    """Per-column scale ``(1 - beta) + beta * |r|`` with ``r`` the naive-Bayes log-count ratio of
    the binarised features (add-one smoothing); all ones when *beta* is 0."""
    if beta == 0.0:
        return np.ones(x.shape[1])
    present = sp.csr_matrix(x, copy=True)
    present.data = (present.data != 0).astype(np.float64)
    pos = np.asarray(present[y == 1].sum(axis=0)).ravel() + 1.0
    neg = np.asarray(present[y != 1].sum(axis=0)).ravel() + 1.0
    ratio = np.log(pos / pos.sum()) - np.log(neg / neg.sum())
    scale: np.ndarray = (1.0 - beta) + beta * np.abs(ratio)
    return scale


def _fit_scaled(
    x: Any, y: np.ndarray, c: float, beta: float, weights: np.ndarray | None = None
) -> LogisticRegression:
    """A logistic regression fitted on the NB-scaled features, with the scale folded into its
    weights so that it reads unscaled features. *weights*: per-example sample weights."""
    if not beta:
        return _model(c, False).fit(x, y, sample_weight=weights)
    scale = nb_scale(x, y, beta)
    model = _model(c, False).fit(sp.csr_matrix(x) @ sp.diags(scale), y, sample_weight=weights)
    model.coef_ = model.coef_ * scale[np.newaxis, :]
    return model


def fit_binary_oof(
    x: Any,
    y: np.ndarray,
    score_on: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    betas: tuple[float, ...] = NB_BETAS,
) -> BinaryFit:
    """Choose C, the NB-scaling weight (one of *betas*) and the threshold by CV (folds of
    :func:`_folds`), then fit on everything. Models are trained on every example (with *weights*
    as sample weights); the settings are scored on the examples of :func:`selection_mask` (the
    external posts where there are enough, else the human-written ones, see :func:`human_mask`)."""
    folds = _folds(y)
    mask = selection_mask(y, score_on)
    best = BinaryFit(_model(C_GRID[0], False), C_GRID[0], betas[0], 0.5, 0.0, np.full(len(y), 0.5))
    for beta in betas if folds else ():
        for c in C_GRID:
            oof = np.zeros(len(y))
            for tr, te in folds:
                w = None if weights is None else weights[tr]
                oof[te] = _fit_scaled(x[tr], y[tr], c, beta, w).predict_proba(x[te])[:, 1]
            thr, f1 = _best_threshold(y[mask], oof[mask])
            if f1 > best.cv_f1 + 1e-9:
                best = BinaryFit(best.model, c, beta, thr, f1, oof)
    best.model = _fit_scaled(x, y, best.c, best.beta, weights)
    return best


def fit_tone(x: Any, y: np.ndarray) -> tuple[LogisticRegression, float, float]:
    # lbfgs: BLAS threads cost more than they save on a busy machine
    with threadpool_limits(limits=1):
        return _fit_tone(x, y)


def _fit_tone(x: Any, y: np.ndarray) -> tuple[LogisticRegression, float, float]:
    folds = _folds(y)
    best = (0.0, C_GRID[0])
    for c in C_GRID if folds else ():
        pred = np.empty(len(y), dtype=object)
        for tr, te in folds:
            pred[te] = _model(c, True).fit(x[tr], y[tr]).predict(x[te])
        f1 = float(f1_score(y, pred.astype(str), average="macro"))
        if f1 > best[0] + 1e-9:
            best = (f1, c)
    return _model(best[1], True).fit(x, y), best[1], best[0]


def train(
    data: Path | None = None,
    out: Path | None = MODELS_DIR,
    training_dir: Path | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
    embeddings: bool | None = None,
    only: Collection[str] | None = None,
) -> Classifiers:
    """Train every model; write the files into *out* (unless None) and return the classifiers.

    *embeddings*: also train the embedding heads (:mod:`spiegel.text.embed`); ``None`` trains them
    when the sentence encoder is installed and says so when it is not. *only*: retrain just these
    models (``hostile:nl``, ``tone:en`` …) and keep every other one as it is in *out* (or the
    shipped models); the error rates are measured again for all.
    """
    if only is not None:
        known = {f"{s}:{lang}" for s in (*BINARY_SIGNALS, "tone") for lang in MODEL_LANGS}
        unknown = sorted(set(only) - known)
        if unknown:
            raise InputError(
                f"unknown model(s) {', '.join(unknown)}",
                field="--only",
                fix=f"name models as signal:lang, one of {', '.join(sorted(known))}",
            )
        base = load_from(out or MODELS_DIR)
        if embeddings:
            raise InputError(
                "--only retrains the fast path alone", field="--only", fix="leave out --embeddings"
            )
        embeddings = False
    data = data or ds.default_data_dir()
    say = progress or (lambda _msg: None)
    heads = embed.HeadTrainer.start(embeddings, say)
    polarity = build_pattern_polarity(ds._need(data / "pattern_nl_sentiment_lexicon" / "nl-sentiment.tsv"))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        target = out / POLARITY_FILE.name
        target.write_text(json.dumps(polarity, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        if target.resolve() == POLARITY_FILE.resolve():
            nl_polarity.cache_clear()
    columns: list[np.ndarray] = []
    bias: list[float] = []
    rows: list[str] = []
    thresholds: dict[str, float] = {}
    report: dict[str, dict[str, Any]] = {}
    for task in build_tasks(data, training_dir, limit, only):
        if only is not None and task.key not in only:
            kept = [task.key] if task.signal != "tone" else [f"tone:{task.lang}:{t}" for t in TONES]
            for name in kept:
                k = base.rows.index(name)
                rows.append(name)
                columns.append(base.weights[:, k].astype(np.float32))
                bias.append(float(base.bias[k]))
                if name in base.thresholds:
                    thresholds[name] = base.thresholds[name]
            before = base.meta.get("training", {}).get(task.key, {})
            # a model kept over several versions names the version that trained it
            report[task.key] = dict(before, kept_from=before.get("kept_from", base.version))
            continue
        texts = [e.text for e in task.examples]
        x, used = compact(features.featurize(texts, [task.lang] * len(texts)))
        if task.signal == "tone":
            y = np.array([str(e.label) for e in task.examples])
            model, c, cv = fit_tone(x, y)
            classes = list(model.classes_)
            for label in TONES:
                rows.append(f"tone:{task.lang}:{label}")
                if label in classes:
                    k = classes.index(label)
                    columns.append(_scatter(model.coef_[k], used))
                    bias.append(float(model.intercept_[k]))
                else:  # a tone absent from the data can never win
                    columns.append(np.zeros(features.N_FEATURES, dtype=np.float32))
                    bias.append(-30.0)
            report[task.key] = {"n": len(y), "C": c, "cv_macro_f1": round(cv, 4)}
        else:
            y = np.array([int(e.label) for e in task.examples])
            human = human_mask(task.examples)
            external = external_mask(task.examples)
            if selection_mask(y, external) is external:
                human = external  # real posts by others choose C, β and the threshold
            weights = sample_weights(task.examples)
            betas = NB_BETAS if weights is None else EXTERNAL_NB_BETAS
            fit = fit_binary_oof(x, y, human, weights, betas)
            if heads is not None:
                heads.add(task.key, texts, y, _folds(y), fit.oof, THRESHOLDS, selection_mask(y, human))
            rows.append(task.key)
            columns.append(_scatter(fit.model.coef_[0], used))
            bias.append(float(fit.model.intercept_[0]))
            thresholds[task.key] = fit.threshold
            report[task.key] = {
                "n": len(y),
                "positives": int(y.sum()),
                "C": fit.c,
                "nb_beta": fit.beta,
                "threshold": fit.threshold,
                "cv_f1": round(fit.cv_f1, 4),
                "cv_scored_on": int(selection_mask(y, human).sum()),
                "external": int(external.sum()),
                "weights": None
                if weights is None
                else {"external": WEIGHT_EXTERNAL, "own": WEIGHT_OWN, "generated": WEIGHT_GENERATED},
            }
        sources = sorted({e.source for e in task.examples})
        report[task.key]["sources"] = sources
        say(f"Trained {task.key}: {len(task.examples)} examples, C={report[task.key]['C']}")
    clf = Classifiers(
        weights=np.stack(columns, axis=1),
        bias=np.array(bias),
        rows=rows,
        thresholds=thresholds,
        meta={"version": VERSION, "seed": SEED, "limit": limit, "training": report},
    )
    say("Measuring the error rates (sensitivity, specificity) on the development sets …")
    # the external rates are reported beside the ones the correction uses (spiegel.text.error_rates)
    clf.meta["error_rates_external"] = rates.measure(clf, data, training_dir)
    if out is not None:
        save(clf, out)
        if only is not None:
            removed = embed.keep_heads(out, list(only))
            if removed:
                say(f"Removed the embedding heads of {', '.join(removed)}: their fast models were retrained.")
        elif heads is not None:
            heads.save(out, {"seed": SEED, "limit": limit})
        elif embed.remove_heads(out):
            say(f"Removed the embedding heads in {out}: they belonged to the previous classifiers.")
    return clf


def main(argv: list[str] | None = None) -> int:
    from spiegel.text.train_commands import train_command

    train_command.main(args=argv if argv is not None else sys.argv[1:], prog_name="spiegel train")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
