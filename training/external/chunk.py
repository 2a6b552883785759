"""Print one chunk of the external annotation pool for an annotator: ``id<TAB>text`` per line.

``python training/external/chunk.py --part test --chunk 0`` prints posts 0–99 of the test part
(newlines inside a post shown as `` ⏎ ``); ``--count`` prints how many chunks a part has. The
parts ``recheck_a`` … ``recheck_f`` are training and development posts read again
(``recheck.py``), in the order of ``recheck.tsv``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

POOL = Path(__file__).with_name("pool.jsonl")
#: the training posts picked for a second and third reading (``recheck.py``), in reading order
RECHECK = Path(__file__).with_name("recheck.tsv")


def _recheck_lines() -> list[list[str]]:
    return [line.split("\t") for line in RECHECK.read_text(encoding="utf-8").splitlines()[1:]]


def parts() -> set[str]:
    """Every part an annotator can be given: those of the pool and of ``recheck.tsv``."""
    pool = {json.loads(line)["part"] for line in POOL.read_text(encoding="utf-8").splitlines()}
    return pool | ({p for _, p, _ in _recheck_lines()} if RECHECK.exists() else set())


def part_rows(part: str) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in POOL.read_text(encoding="utf-8").splitlines()]
    if part.startswith("recheck_"):
        by_id = {r["id"]: r for r in rows}
        return [by_id[pid] for pid, p, _ in _recheck_lines() if p == part]
    return [r for r in rows if r["part"] == part]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", required=True, help="a part of pool.jsonl or recheck.tsv, e.g. train_a")
    ap.add_argument("--chunk", type=int, default=0)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--count", action="store_true")
    ap.add_argument("--ids", type=Path, help="only these ids (one per line), e.g. for adjudication")
    args = ap.parse_args()
    known = parts()
    if args.part not in known:
        ap.error(f"unknown part {args.part!r}; the parts are: {', '.join(sorted(known))}")
    rows = part_rows(args.part)
    if args.ids:
        wanted = set(args.ids.read_text(encoding="utf-8").split())
        rows = [r for r in rows if r["id"] in wanted]
    if args.count:
        print((len(rows) + args.size - 1) // args.size)
        return
    for r in rows[args.chunk * args.size : (args.chunk + 1) * args.size]:
        print(r["id"] + "\t" + " ⏎ ".join(r["text"].split("\n")))


if __name__ == "__main__":
    main()
