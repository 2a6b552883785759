"""Turn the annotators' label files into the external JSONL sets spiegel trains and tests on.

    python training/external/collect.py [--from /work/labels]     # training parts
    python training/external/collect.py --test                    # consensus test set + agreement

Training parts (default): copies every ``train_K.tsv`` of ``<from>/<annotator>`` (``a`` … ``r``)
and every re-reading ``recheck_K.tsv`` (``s`` … ``v``, ``recheck.py``) into
``training/external/labels/<annotator>/`` (so the repository keeps the raw labels), then writes
``training/external/train.jsonl`` and ``dev.jsonl`` (a seeded split by post id, about 25 %
development; a re-read post takes the majority of its three readings). Rows with ``other = 1``
(not mainly Dutch) are written with that flag and left out of Dutch training by the readers.
Never reads a ``test_K.tsv`` file.

``--test``: builds ``training/external/test.jsonl`` from ``training/external/labels/{a,b}/test_K.tsv``
and the adjudication file ``labels/c/adjudicated.tsv`` (only the ids A and B disagree on; where
they agree their label is kept, elsewhere C's), and writes the agreement table (Cohen's κ and
positives per label) into ``docs/annotator-agreement.md``. Stops with a list of ids when a
disagreement has no adjudicated line. Run from the repository root; the logic lives in
:mod:`spiegel.text.classifiers.external`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from spiegel.errors import InputError  # noqa: E402
from spiegel.text.classifiers import external as ext  # noqa: E402

HERE = Path(__file__).resolve().parent


def copy_training_chunks(source: Path, labels: Path) -> int:
    """Copy ``<source>/<annotator>/train_K.tsv`` (every annotator folder with training chunks: the
    first round's ``a`` and ``b``, the second round's ``c`` and ``d`` …) and the re-readings
    ``<source>/<reader>/recheck_K.tsv`` (``recheck.py``) into ``<labels>/<annotator>/``; returns
    how many files. Never reads another file there."""
    n = 0
    for part, folders in (
        ("train", ext.training_annotators(source)),
        ("recheck", ext.recheck_readers(source)),
    ):
        for annotator in folders:
            target = labels / annotator
            for path in ext.chunk_files(source / annotator, part):
                target.mkdir(parents=True, exist_ok=True)
                ext.read_tsv(path)  # refuse a malformed file before it enters the repository
                shutil.copyfile(path, target / path.name)
                n += 1
    return n


def collect_training(
    source: Path | None, out_dir: Path, pool_path: Path, doc: Path | None = None
) -> tuple[int, int]:
    labels = out_dir / "labels"
    if source is not None:
        copied = copy_training_chunks(source, labels)
        print(f"copied {copied} training chunk file(s) from {source}")
    pool = ext.read_pool(pool_path)
    train, dev = ext.training_rows(labels, pool)
    n_train = ext.write_jsonl(out_dir / "train.jsonl", train)
    n_dev = ext.write_jsonl(out_dir / "dev.jsonl", dev)
    for name, rows in (("train", train), ("dev", dev)):
        dutch = [r for r in rows if not r["other"]]
        counts = ", ".join(f"{k} {sum(r['labels'][k] for r in dutch)}" for k in ext.LABELS)
        print(f"{name}: {len(rows)} posts ({len(rows) - len(dutch)} not Dutch); positives: {counts}")
    if doc is not None and ext.rereadings(labels):
        dev_ids = {str(r["id"]) for r in dev}
        tables = [
            f"**{title}:**\n\n" + ext.reread_table(ext.reread_agreement(labels, ids))
            for title, ids in (
                ("Development part, re-read whole", dev_ids),
                ("Training posts picked by `recheck.py`", {str(r["id"]) for r in train}),
            )
        ]
        text = "\n\n".join(tables)
        ext.write_agreement_doc(doc, text, (ext.REREAD_START, ext.REREAD_END), ext.REREAD_SECTION)
        print(text)
    return n_train, n_dev


def collect_test(out_dir: Path, pool_path: Path, doc: Path) -> int:
    labels = out_dir / "labels"
    pool = ext.read_pool(pool_path)
    rows: list[dict[str, object]] = []
    tables = []
    for part, first, second, adjudicator in ext.TEST_PARTS:
        if not ext.chunk_files(labels / first, part):
            continue  # a part nobody has labelled yet
        part_rows, missing = ext.consensus_rows(labels, pool, part, first, second, adjudicator)
        if missing:
            print(
                f"{part}: {len(missing)} disagreement(s) have no line in {labels / adjudicator}: "
                + ", ".join(missing),
                file=sys.stderr,
            )
            return 1
        rows += part_rows
        table = ext.agreement_table(ext.agreement(labels, part, first, second), part_rows)
        tables.append(
            f"**Part `{part}`** (annotators {first.upper()} and {second.upper()}, "
            f"adjudicator {adjudicator.upper()}):\n\n{table}"
        )
    n = ext.write_jsonl(out_dir / "test.jsonl", rows)
    text = "\n\n".join(tables)
    ext.write_agreement_doc(doc, text)
    print(text)
    print(f"wrote {n} consensus test posts to {out_dir / 'test.jsonl'}; agreement tables in {doc}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--from", dest="source", type=Path, default=None, help="folder with a/ and b/ label files"
    )
    ap.add_argument(
        "--test", action="store_true", help="build the consensus test set and the agreement table"
    )
    ap.add_argument("--out", type=Path, default=HERE, help="the external folder (default: this one)")
    ap.add_argument("--pool", type=Path, default=None)
    ap.add_argument("--doc", type=Path, default=REPO / "docs" / "annotator-agreement.md")
    args = ap.parse_args(argv)
    pool = args.pool or args.out / "pool.jsonl"
    try:
        if args.test:
            return collect_test(args.out, pool, args.doc)
        collect_training(args.source, args.out, pool, args.doc)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
