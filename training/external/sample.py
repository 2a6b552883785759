"""Draw the external (not team-written) Dutch annotation pool from ``../shared/data``.

Real public Dutch text written by others: tweets by the public (#BLM 2021), Reddit comments from
r/thenetherlands, official party accounts, MPs' tweets (the unlabelled Zegelaar file; the gold
files are tone training data and are left out), replies to news accounts, Tweede Kamer speaker
turns, Belgian written questions and Airbnb reviews. Seeded and deterministic: the same data gives
the same pool. Writes ``training/external/pool.jsonl`` (``id``, ``source``, ``part``, ``text``)
where ``part`` is ``test`` (labelled by both annotators, consensus labels; evaluation only),
``train_a`` … ``train_d`` (labelled by one annotator each; training and development data;
``train_c`` and ``train_d`` are a second round), and ``test_b`` (a second test part of 300,
both annotators, two thirds drawn from short or linked posts where templates occur), and
``train_e`` … ``train_g`` (a third training round, one annotator each), and ``train_h`` …
``train_k`` (a fourth round, one annotator each; part of its party tweets enriched for hostile
posts by the v3 model's score, see ``PLAN4``), and ``train_l`` (a fifth round: municipal
sentences of the City of Amsterdam, one side of each pair of the training documents only, see
``_draw_municipal``), and ``train_m`` … ``train_p`` (a sixth round of party tweets, partly
enriched by the v4 model's hostile score, see ``PLAN6``).

Run from the repository root: ``python training/external/sample.py [--data ../shared/data]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from pathlib import Path

csv.field_size_limit(sys.maxsize)

#: (source, test, train_a, train_b) draws per source.
PLAN: dict[str, tuple[int, int, int]] = {
    "blm_tweets": (280, 330, 330),
    "reddit_nl": (170, 120, 120),
    "party_tweets": (150, 250, 250),
    "mp_tweets": (80, 100, 100),
    "news_replies": (50, 0, 0),
    "news_tweets": (0, 25, 25),
    "tk_speeches": (60, 60, 60),
    "be_questions": (50, 60, 60),
    "airbnb_reviews": (60, 80, 80),
}

#: A second round, drawn after the first from what is left of each source (the first round's draws
#: stay exactly as they were): two more training parts, one annotator each.
PLAN2: dict[str, tuple[int, int]] = {
    "blm_tweets": (462, 462),
    "reddit_nl": (23, 23),
    "party_tweets": (250, 250),
    "mp_tweets": (100, 100),
    "news_replies": (0, 0),
    "news_tweets": (0, 0),
    "tk_speeches": (50, 50),
    "be_questions": (50, 50),
    "airbnb_reviews": (65, 65),
}

#: A third training round (issue #11: the hostile signal needs more real positives), drawn after the
#: second test part from what is left: three more training parts, one annotator each. Mostly the
#: #BLM tweets by the public (about a third of the labelled ones are hostile), with party and MP
#: tweets and Belgian questions for the other signals. A source not named gives nothing.
PLAN3: dict[str, tuple[int, int, int]] = {
    "blm_tweets": (800, 800, 800),
    "party_tweets": (120, 120, 120),
    "mp_tweets": (50, 50, 50),
    "be_questions": (30, 30, 30),
}

#: A fourth training round (issue #11: hostile and explanation still short of their targets), from
#: what is left after the third: the last #BLM tweets, party and MP tweets (explanations, and
#: derision of other parties and politicians, the misses the error analysis found), Kamer turns and
#: Belgian questions. Four parts, one annotator each.
PLAN4: dict[str, tuple[int, int, int, int]] = {
    "blm_tweets": (156, 156, 156, 156),
    "party_tweets": (400, 400, 400, 400),
    "mp_tweets": (90, 90, 90, 90),
    "tk_speeches": (30, 30, 30, 30),
    "be_questions": (20, 20, 20, 20),
    "airbnb_reviews": (4, 4, 4, 4),
}
#: Per round-4 part, this many more party tweets taken from the highest hostile scores of the v3
#: model among the party tweets still left (hostile posts are about 3 % of party tweets, so a random
#: draw gives few). Training data only: the test parts stay random draws. The annotators see the
#: texts alone, never a score, in one shuffled order with the random draws.
ENRICHED_PER_PART = 300
ROUND4 = ["train_h", "train_i", "train_j", "train_k"]

#: The fifth round's part: the municipal sentences (issue #11: the explanation signal missed the
#: informing texts of local government — hours, procedures, what happens next — which the social
#: media sources above hardly hold).
ROUND5 = "train_l"

#: A sixth round (issue #11: hostile still short): party tweets only — the #BLM tweets and Reddit
#: comments are all labelled — 600 per part the ones left with the highest hostile score of v4
#: (in round 4, 31 % of the v3-enriched party tweets were hostile against 3 % of random ones),
#: 400 per part random (explanations). Four parts, one annotator each.
PLAN6: dict[str, tuple[int, int, int, int]] = {"party_tweets": (400, 400, 400, 400)}
ENRICHED_PER_PART6 = 600
ROUND6 = ["train_m", "train_n", "train_o", "train_p"]

MIN_CHARS, MAX_CHARS = 15, 900


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load(data: Path) -> dict[str, list[str]]:
    """Every candidate text per source."""
    out: dict[str, list[str]] = {}
    out["blm_tweets"] = [
        r["text"] for r in _tsv(data / "nl_real_blm_tweets_nl_2021/blm_tweets_2021Q1_nl.tsv")
    ]
    out["reddit_nl"] = [
        r["text"] for r in _csv(data / "nl_real_reddit_thenetherlands_controversial/reddit_comments.csv")
    ]
    party = data / "nl_real_party_tweets_nl"
    out["party_tweets"] = [r["Tweet"] for r in _csv(party / "last_election_large_raw.csv")] + [
        r["Tweet"] for f in ("large_data_dev_anon.csv", "large_data_test_anon.csv") for r in _csv(party / f)
    ]
    mp: list[str] = []
    with (data / "dutch_political_tweets_polarity_emotion_zegelaar/unlabelled-tweets-raw.csv").open(
        encoding="utf-8"
    ) as fh:
        next(fh)
        for line in fh:
            parts = line.rstrip("\n").rstrip(";").strip('"').split("\t")
            if len(parts) >= 4:
                body = parts[3]
                body = re.sub(r"^[^:]{1,80}\(@\w+\): ", "", body)
                if not body.startswith("RT @"):
                    mp.append(body)
    out["mp_tweets"] = mp
    mig = data / "nl_real_migration_replies_nl"
    rows = _csv(mig / "annotated_replies_nl.csv") + _csv(mig / "annotated_news_nl.csv")
    out["news_replies"] = [r["Reply"].strip() for r in rows]
    out["news_tweets"] = sorted({r["Tweet"].strip() for r in rows})
    out["tk_speeches"] = [
        r["text"]
        for r in _tsv(
            data / "nl_real_tk_handelingen_2018/handelingen_tk_2017-2018_vergadering70_speeches.tsv"
        )
    ]
    out["be_questions"] = [
        r["text_nl"]
        for r in _tsv(data / "nl_real_be_kamer_questions_2020/be_parliament_2020_questions_nl.tsv")
    ]
    out["airbnb_reviews"] = [
        r["feedback"] for r in _tsv(data / "nl_real_brussels_airbnb_reviews_nl/brussels_reviews_nl.tsv")
    ]
    return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _candidates(texts: list[str], seen: set[str]) -> list[str]:
    """The texts of usable length not seen before (normalised), in order; adds them to *seen*."""
    out = []
    for t in texts:
        t = t.replace("\r", "").strip()
        key = _norm(t)
        if not (MIN_CHARS <= len(t) <= MAX_CHARS) or key in seen or len(key) < 10:
            continue
        seen.add(key)
        out.append(t)
    return out


def _draw(
    texts: dict[str, list[str]],
    plan: dict[str, tuple[int, ...]],
    names: list[str],
    seed: int,
    taken: set[str],
) -> list[dict[str, str]]:
    rng = random.Random(seed)
    seen = set(taken)
    rows: list[dict[str, str]] = []
    for source in sorted(texts):
        cands = _candidates(texts[source], seen)
        rng.shuffle(cands)
        counts = plan.get(source, (0,) * len(names))
        if len(cands) < sum(counts):
            raise SystemExit(f"{source}: {len(cands)} candidates, {sum(counts)} needed")
        parts = [name for name, n in zip(names, counts, strict=True) for _ in range(n)]
        for text, part in zip(cands, parts, strict=False):
            h = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
            rows.append({"id": f"x{h}", "source": source, "part": part, "text": text})
    rng.shuffle(rows)
    return rows


def _short_or_link(text: str) -> bool:
    return "http" in text or "(LINK)" in text or len(text.split()) <= 12


def _draw_test_b(texts: dict[str, list[str]], taken: set[str]) -> list[dict[str, str]]:
    """A third round: a second test part of 300, for both annotators.

    The first test part holds only about 25 template posts, too few to measure that signal, so two
    thirds of this part are drawn from the posts where templates occur (with a link, or of at most
    12 words) and one third from all the rest. The stratum is stated in the model card.
    """
    rng = random.Random(20261209)
    pool: list[tuple[str, str]] = []
    seen = set(taken)
    for source in sorted(texts):
        for t in texts[source]:
            t = t.replace("\r", "").strip()
            key = _norm(t)
            if not (MIN_CHARS <= len(t) <= MAX_CHARS) or key in seen or len(key) < 10:
                continue
            seen.add(key)
            pool.append((source, t))
    rng.shuffle(pool)

    def round_robin(items: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
        # One source after the other, so that the largest source does not fill the part.
        by_source: dict[str, list[tuple[str, str]]] = {}
        for item in items:
            by_source.setdefault(item[0], []).append(item)
        out: list[tuple[str, str]] = []
        while len(out) < n and any(by_source.values()):
            for source in sorted(by_source):
                if by_source[source] and len(out) < n:
                    out.append(by_source[source].pop())
        return out

    linked = round_robin([p for p in pool if _short_or_link(p[1])], 200)
    rest = round_robin([p for p in pool if not _short_or_link(p[1])], 100)
    rows = [
        {
            "id": "x" + hashlib.sha1(t.encode("utf-8")).hexdigest()[:10],
            "source": src,
            "part": "test_b",
            "text": t,
        }
        for src, t in linked + rest
    ]
    rng.shuffle(rows)
    return rows


def _draw_enriched(
    party: list[str], taken: set[str], version: str, parts: list[str], per_part: int, seed: int
) -> list[dict[str, str]]:
    """The party tweets left with the highest hostile scores of the shipped model (which must be
    *version*), *per_part* of them dealt to each of *parts*."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from spiegel.text.classifiers import load_from

    models = Path(__file__).resolve().parents[2] / "src" / "spiegel" / "text" / "models"
    clf = load_from(models)
    if clf.version != version:
        raise SystemExit(
            f"{parts[0]} … {parts[-1]} were enriched with {version}, the shipped models are "
            f"{clf.version}: keep the committed pool.jsonl (its enriched rounds are reused as they are)"
        )
    cands = sorted(_candidates(party, set(taken)))
    scores = clf.predict(cands, ["nl"] * len(cands))["hostile"]
    order = sorted(range(len(cands)), key=lambda i: (-float(scores[i]), cands[i]))
    top = [cands[i] for i in order[: per_part * len(parts)]]
    rng = random.Random(seed)
    rng.shuffle(top)
    return [
        {
            "id": "x" + hashlib.sha1(t.encode("utf-8")).hexdigest()[:10],
            "source": "party_tweets",
            "part": parts[i % len(parts)],
            "text": t,
        }
        for i, t in enumerate(top)
    ]


def _enriched_round(
    out: Path,
    texts: dict[str, list[str]],
    taken: set[str],
    plan: dict[str, tuple[int, ...]],
    parts: list[str],
    version: str,
    per_part: int,
    seed: int,
) -> list[dict[str, str]]:
    """A round whose party tweets are partly drawn by a model's score: kept from the committed
    file once drawn (a later model would draw others), else random draws by *plan* plus the
    enriched ones, shuffled together."""
    if out.exists():
        committed = [json.loads(line) for line in out.open(encoding="utf-8")]
        committed = [r for r in committed if r["part"] in parts]
        if committed:
            return committed
    enriched = _draw_enriched(texts["party_tweets"], taken, version, parts, per_part, seed)
    rows = _draw(texts, plan, parts, seed, taken | {_norm(r["text"]) for r in enriched}) + enriched
    random.Random(seed + 1).shuffle(rows)
    return rows


def _draw_municipal(data: Path, taken: set[str]) -> list[dict[str, str]]:
    """Round 5: one sentence of each complex/simple pair of the Amsterdam *training* documents.

    The split is the plain-language calibration's own (by document, seeded), so none of these
    sentences comes from the documents that calibration holds out. One side per pair, chosen by a
    seeded coin, because the two sides are near-paraphrases that would otherwise straddle the
    train/development split.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from spiegel.text import calibrate

    train, _held_out = calibrate.split(calibrate.load_pairs(data / "amsterdam_municipal_complex_simple_nl"))
    rng = random.Random(20261213)
    seen = set(taken)
    rows: list[dict[str, str]] = []
    for _doc, complex_side, simple_side in train:
        text = (complex_side if rng.random() < 0.5 else simple_side).replace("\r", "").strip()
        key = _norm(text)
        if not (MIN_CHARS <= len(text) <= MAX_CHARS) or key in seen or len(key) < 10:
            continue
        seen.add(key)
        h = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        rows.append({"id": f"x{h}", "source": "amsterdam_municipal", "part": ROUND5, "text": text})
    rng.shuffle(rows)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("training/external/pool.jsonl"))
    args = ap.parse_args()
    texts = load(args.data)
    # Round 1 is the committed file when it exists: its annotators labelled exactly those rows (the
    # first version of this script took one source's texts in set order, which is not
    # reproducible), so it is kept as it is and round 2 is drawn from every text not in it.
    if args.out.exists():
        rows = [json.loads(line) for line in args.out.open(encoding="utf-8")]
        rows = [r for r in rows if r["part"] in ("test", "train_a", "train_b")]
    else:
        rows = _draw(texts, PLAN, ["test", "train_a", "train_b"], 20261207, set())
    taken = {_norm(r["text"]) for r in rows}
    round2 = [r for r in _draw(texts, PLAN2, ["train_c", "train_d"], 20261208, taken)]
    rows += round2
    taken |= {_norm(r["text"]) for r in round2}
    test_b = _draw_test_b(texts, taken)
    rows += test_b
    taken |= {_norm(r["text"]) for r in test_b}
    round3 = _draw(texts, PLAN3, ["train_e", "train_f", "train_g"], 20261210, taken)
    rows += round3
    taken |= {_norm(r["text"]) for r in round3}
    # Rounds 4 and 6 depend on a model's scores, so once drawn they are kept from the committed file.
    round4 = _enriched_round(
        args.out, texts, taken, PLAN4, ROUND4, "text-classifiers.v3", ENRICHED_PER_PART, 20261211
    )
    rows += round4
    taken |= {_norm(r["text"]) for r in round4}
    round5 = _draw_municipal(args.data, taken)
    rows += round5
    taken |= {_norm(r["text"]) for r in round5}
    rows += _enriched_round(
        args.out, texts, taken, PLAN6, ROUND6, "text-classifiers.v4", ENRICHED_PER_PART6, 20261214
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["part"]] = counts.get(r["part"], 0) + 1
    print(f"wrote {len(rows)} texts to {args.out}: {counts}")


if __name__ == "__main__":
    main()
