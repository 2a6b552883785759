"""Training reads the external posts first and records error rates; ``spiegel evaluate`` reports
the external column (overall and per source); ``spiegel train --only`` keeps the other models."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from spiegel.errors import InputError
from spiegel.text.classifiers import VERSION, load_from
from spiegel.text.evaluate import (
    EXTERNAL_DEV,
    EXTERNAL_TEST,
    evaluate,
    external_summary,
    table_rows,
    write_model_card,
    write_readme_summary,
)
from spiegel.text.train import (
    EXTERNAL_NB_BETAS,
    EXTERNAL_SOURCE,
    NB_BETAS,
    build_tasks,
    sample_weights,
    train,
)

from . import tiny_data

SIGNALS = ("question", "complaint", "hostile", "explanation", "template", "plain")
HOSTILE = ["Wethouder {n} is een sukkel", "Stelletje oenen bij partij {n}", "{n} is een mafkees 🤡"]
CALM = [
    "De raad vergadert dinsdag {n}",
    "Mooi weer in de wijk vandaag {n}",
    "Het zwembad is open tot {n} uur",
]


def _rows(k: int, seed: int, source_of: list[str]) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for i in range(k):
        hostile = i % 3 == 0
        text = rng.choice(HOSTILE if hostile else CALM).format(n=f"{seed}x{i}")
        labels = {s: 0 for s in SIGNALS}
        labels["hostile"] = int(hostile)
        labels["plain"] = 1
        rows.append(
            {"id": f"e{seed}_{i}", "text": text, "lang": "nl", "source": source_of[i % len(source_of)],
             "labels": labels, "tone": "negative" if hostile else "neutral", "other": int(i == 5)}
        )  # fmt: skip
    return rows


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def ext_tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("ext")
    data = tiny_data.write_data(root)
    training = tiny_data.write_training(root)
    _write(training / "external" / "train.jsonl", _rows(60, 1, ["blm_tweets", "reddit_nl"]))
    _write(training / "external" / "dev.jsonl", _rows(30, 2, ["blm_tweets"]))
    _write(training / "external" / "test.jsonl", _rows(30, 3, ["reddit_nl", "party_tweets"]))
    models = root / "models"
    train(data=data, out=models, training_dir=training, embeddings=False)
    return {"root": root, "data": data, "training": training, "models": models}


def test_dutch_tasks_read_external_posts_first_with_more_weight(ext_tiny: dict[str, Path]) -> None:
    tasks = {t.key: t for t in build_tasks(ext_tiny["data"], ext_tiny["training"])}
    hostile = tasks["hostile:nl"].examples
    assert hostile[0].source == EXTERNAL_SOURCE
    assert sum(e.source == EXTERNAL_SOURCE for e in hostile) == 59  # the not-Dutch row is left out
    w = sample_weights(hostile)
    assert w is not None
    gen = [i for i, e in enumerate(hostile) if e.source.endswith("-generated")]
    own = [i for i, e in enumerate(hostile) if e.source.startswith("spiegel-") and i not in gen]
    assert w[0] == 1.0 and w[gen[0]] < w[own[0]] < w[0]
    assert sample_weights(tasks["hostile:en"].examples) is None  # no external posts: unweighted
    assert not any(e.source == EXTERNAL_SOURCE for e in tasks["tone:nl"].examples)


def test_models_that_learn_from_external_posts_use_the_external_beta(ext_tiny: dict[str, Path]) -> None:
    """The Dutch models with external posts only try β of EXTERNAL_NB_BETAS (0.5); the others
    still choose it from the whole grid."""
    training = json.loads((ext_tiny["models"] / "classifiers.json").read_text(encoding="utf-8"))["training"]
    assert EXTERNAL_NB_BETAS == (0.5,)
    assert training["hostile:nl"]["external"] > 0
    assert training["hostile:nl"]["nb_beta"] == 0.5
    assert training["hostile:en"]["nb_beta"] in NB_BETAS


def test_training_records_version_and_error_rates(ext_tiny: dict[str, Path]) -> None:
    clf = load_from(ext_tiny["models"])
    assert clf.version == VERSION == "text-classifiers.v6"
    meta = json.loads((ext_tiny["models"] / "classifiers.json").read_text(encoding="utf-8"))
    rates = meta["error_rates_external"]
    hostile = rates["nl"]["hostile"]
    assert hostile["source"] == "external-nl-dev"
    assert hostile["n_pos"] == 10 and hostile["n_neg"] == 19  # the not-Dutch row is left out
    assert 0 <= hostile["sensitivity"] <= 1 and 0 <= hostile["specificity"] <= 1
    # no external positives for question: the team's blind Dutch set stands in, and says so
    assert rates["nl"]["question"]["source"] == "spiegel-nl-test"
    assert rates["en"]["hostile"]["source"] == "tweeteval-offensive-test"
    assert meta["training"]["hostile:nl"]["external"] == 59
    # the rates are measured, not copied: they equal the model's own flags on the dev posts
    dev = [json.loads(x) for x in (ext_tiny["training"] / "external" / "dev.jsonl").read_text().splitlines()]
    dev = [r for r in dev if not r["other"]]
    flags = clf.predict([r["text"] for r in dev], ["nl"] * len(dev))["hostile_flag"]
    y = np.array([r["labels"]["hostile"] for r in dev], dtype=bool)
    assert hostile["sensitivity"] == pytest.approx(round(float(flags[y].mean()), 4))


def test_evaluate_reports_the_external_column_per_source(ext_tiny: dict[str, Path]) -> None:
    results = evaluate(
        data=ext_tiny["data"], models=ext_tiny["models"], training_dir=ext_tiny["training"],
        embeddings=False, cv=False,
    )  # fmt: skip
    ext = {(r.signal, r.dataset): r for r in results if r.dataset in (EXTERNAL_TEST, EXTERNAL_DEV)}
    hostile = ext[("hostile", EXTERNAL_TEST)]
    assert hostile.n == 29 and hostile.metrics["positives"] == 10  # the not-Dutch row is skipped
    assert set(hostile.by_source) == {"reddit_nl", "party_tweets"}
    assert sum(m["n"] for m in hostile.by_source.values()) == 29
    assert ("plain", EXTERNAL_TEST) in ext and ("hostile", EXTERNAL_DEV) in ext
    rows = {(row[0], row[2]): row for row in table_rows(results)}
    assert rows[("hostile", EXTERNAL_TEST)][10].startswith("0.75 F1")
    assert rows[("hostile", EXTERNAL_DEV)][10] == ""
    assert rows[("template", EXTERNAL_TEST)][10] == ""
    card = ext_tiny["root"] / "card.md"
    write_model_card(results, card, ext_tiny["models"], ext_tiny["training"])
    text = card.read_text(encoding="utf-8")
    assert "## Headline: real posts by people outside the team" in text
    assert (
        "| hostile | reddit_nl |" not in text
        and "| hostile | test, consensus of two annotators | reddit_nl |" in text
    )
    sentence = external_summary(results)
    assert "29 posts" in sentence and f"hostile {hostile.metrics['f1']:.2f}" in sentence
    readme = ext_tiny["root"] / "README.md"
    readme.write_text("intro\n<!-- external-accuracy:start -->\nold\n<!-- external-accuracy:end -->\nrest\n")
    write_readme_summary(readme, sentence)
    assert (
        readme.read_text()
        == f"intro\n<!-- external-accuracy:start -->\n{sentence}\n<!-- external-accuracy:end -->\nrest\n"
    )


def test_without_an_external_test_set_the_summary_says_not_yet_measured() -> None:
    assert "not yet measured" in external_summary([])


def test_train_only_keeps_the_other_models(ext_tiny: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "m"
    shutil.copytree(ext_tiny["models"], out)
    before = load_from(out)
    after = train(data=ext_tiny["data"], out=out, training_dir=ext_tiny["training"], only=["hostile:nl"])
    k = before.rows.index("question:en")
    assert np.array_equal(after.weights[:, k], before.weights[:, k])
    # a kept model names the version that trained it, also when it was kept before
    trained_in = before.meta["training"]["question:en"].get("kept_from", before.version)
    assert after.meta["training"]["question:en"]["kept_from"] == trained_in
    assert "kept_from" not in after.meta["training"]["hostile:nl"]
    again = train(data=ext_tiny["data"], out=out, training_dir=ext_tiny["training"], only=["question:nl"])
    assert again.meta["training"]["question:en"]["kept_from"] == trained_in
    assert again.meta["training"]["hostile:nl"]["kept_from"] == after.version
    with pytest.raises(InputError, match="unknown model"):
        train(data=ext_tiny["data"], out=out, training_dir=ext_tiny["training"], only=["hostile:fr"])


def test_train_only_drops_the_heads_of_retrained_models_and_reties_the_rest(
    ext_tiny: dict[str, Path], tmp_path: Path
) -> None:
    import shutil

    from spiegel.text import embed

    out = tmp_path / "m"
    shutil.copytree(ext_tiny["models"], out)
    rows = ["hostile:nl", "complaint:en"]
    heads = embed.EmbeddingHeads(
        np.ones((embed.DIM, 2), dtype=np.float32), np.zeros(2), rows, dict.fromkeys(rows, 0.5),
        dict.fromkeys(rows, 0.4), {"fast_model_sha256": embed.fast_model_digest(out)},
    )  # fmt: skip
    embed.save_heads(heads, out)
    train(data=ext_tiny["data"], out=out, training_dir=ext_tiny["training"], only=["hostile:nl"])
    kept = embed.load_heads(out)
    assert kept.rows == ["complaint:en"] and kept.thresholds == {"complaint:en": 0.4}
    assert kept.meta["fast_model_sha256"] == embed.fast_model_digest(out)


def test_hostile_leaves_out_external_posts_where_the_negation_marker_fires(tmp_path: Path) -> None:
    """A real post in which "niet"/"geen" + insult is read as a negated insult would teach the
    stand-in word to weigh as an insult (the marker misfires in real posts); hostile leaves it out,
    the other signals keep it."""
    from spiegel.text.train import external_examples

    rows = _rows(6, 4, ["blm_tweets"])
    rows[1]["text"] = "Niet gek dat het tuig van #BLM weer plundert, stelletje idioten"
    _write(tmp_path / "external" / "train.jsonl", rows)
    hostile = [e.text for e in external_examples("hostile", tmp_path)]
    complaint = [e.text for e in external_examples("complaint", tmp_path)]
    assert rows[1]["text"] not in hostile and rows[1]["text"] in complaint
    assert len(hostile) == len(complaint) - 1 == 4  # row 5 is not Dutch
