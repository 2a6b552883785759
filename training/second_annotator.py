"""Second-annotator tooling for spiegel's blind test sets (issue #3).

Two modes, for any labelled set ``training/<lang>/<SET>.jsonl`` (``--set``,
default ``blind1``; the third blind test set is ``--set blind3``):

``python training/second_annotator.py --texts LANG [--set SET]``
    print the texts of ``training/<lang>/<SET>.jsonl`` with a line number and
    without any label or note, so a second annotator can label them blind.

``python training/second_annotator.py --agreement [--set SET]``
    compare ``<SET>_annotator2.jsonl`` (annotator 2) with ``<SET>.jsonl``
    (annotator 1) per signal and language, print a table and rewrite that
    set's table in ``docs/annotator-agreement.md``.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LANGS = ("nl", "en")
SIGNALS = ("question", "complaint", "hostile", "explanation", "template")
TONES = ("negative", "neutral", "positive")
DEFAULT_SET = "blind1"
DOC = REPO / "docs" / "annotator-agreement.md"


def _set_path(lang: str, name: str, annotator2: bool = False) -> Path:
    """``training/<lang>/<name>[_annotator2].jsonl``; a clear exit for a name that is not a plain
    file stem (no folders) or a set that does not exist."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise SystemExit(
            f"--set {name!r}: not a set name; give the file stem of a set under training/<lang>/, "
            "for example blind1, blind3 or test"
        )
    suffix = "_annotator2" if annotator2 else ""
    path = REPO / "training" / lang / f"{name}{suffix}.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path}: no such file; check --set (the sets are the *.jsonl files in that folder)")
    return path


def _markers(name: str) -> tuple[str, str]:
    """Start and end comment around a set's table in the docs page."""
    tag = "agreement-table" if name == DEFAULT_SET else f"agreement-table:{name}"
    return f"<!-- {tag}:start -->", f"<!-- {tag}:end -->"


def _load(path: Path) -> list[dict]:
    rows: list[dict] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not valid JSON ({exc}); fix the line") from exc
    return rows


def print_texts(lang: str, name: str = DEFAULT_SET, start: int = 1, stop: int | None = None) -> None:
    """Print line number and text only; labels and notes are never shown."""
    rows = _load(_set_path(lang, name))
    for number, row in enumerate(rows, start=1):
        if number < start or (stop is not None and number > stop):
            continue
        text = row["text"].replace("\n", " ⏎ ")
        print(f"{number}\t{text}")


@dataclass(frozen=True)
class SignalAgreement:
    lang: str
    signal: str
    n: int
    pos1: int
    pos2: int
    both: int
    only1: int
    only2: int
    f1: float
    kappa: float


@dataclass(frozen=True)
class ToneAgreement:
    lang: str
    n: int
    accuracy: float
    macro_f1: float
    kappa: float
    confusions: dict[tuple[str, str], int]


def _paired(lang: str, name: str = DEFAULT_SET) -> tuple[list[dict], list[dict]]:
    first = _load(_set_path(lang, name))
    second = _load(_set_path(lang, name, annotator2=True))
    if len(first) != len(second):
        raise SystemExit(
            f"training/{lang}: annotator 1 has {len(first)} lines, annotator 2 {len(second)}; "
            "label every line"
        )
    for number, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        if a["text"] != b["text"]:
            raise SystemExit(
                f"training/{lang}/{name}_annotator2.jsonl:{number}: text differs from {name}.jsonl; "
                "keep the same order and text"
            )
    return first, second


def agreement(lang: str, name: str = DEFAULT_SET) -> tuple[list[SignalAgreement], ToneAgreement]:
    from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

    first, second = _paired(lang, name)
    signals: list[SignalAgreement] = []
    for signal in SIGNALS:
        y1 = [int(r["labels"][signal]) for r in first]
        y2 = [int(r["labels"][signal]) for r in second]
        both = sum(1 for a, b in zip(y1, y2, strict=True) if a and b)
        only1 = sum(1 for a, b in zip(y1, y2, strict=True) if a and not b)
        only2 = sum(1 for a, b in zip(y1, y2, strict=True) if b and not a)
        signals.append(
            SignalAgreement(
                lang=lang,
                signal=signal,
                n=len(y1),
                pos1=sum(y1),
                pos2=sum(y2),
                both=both,
                only1=only1,
                only2=only2,
                f1=float(f1_score(y1, y2, zero_division=0)),
                kappa=float(cohen_kappa_score(y1, y2)),
            )
        )
    t1 = [r["tone"] for r in first]
    t2 = [r["tone"] for r in second]
    confusions: dict[tuple[str, str], int] = {}
    for a, b in zip(t1, t2, strict=True):
        if a != b:
            confusions[(a, b)] = confusions.get((a, b), 0) + 1
    tone = ToneAgreement(
        lang=lang,
        n=len(t1),
        accuracy=float(accuracy_score(t1, t2)),
        macro_f1=float(f1_score(t1, t2, labels=list(TONES), average="macro", zero_division=0)),
        kappa=float(cohen_kappa_score(t1, t2)),
        confusions=confusions,
    )
    return signals, tone


def print_disagreements(lang: str, name: str = DEFAULT_SET) -> dict[str, int]:
    """List the lines where the annotators differ (only after labelling is final).

    Lines that annotator 1 marked with a ``note`` (a judgement call) get ``[note]``;
    the return value counts, per signal and for tone, the disagreements on such lines.
    """
    first, second = _paired(lang, name)
    on_noted = {key: 0 for key in (*SIGNALS, "tone")}
    for number, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        differ = [s for s in SIGNALS if int(a["labels"][s]) != int(b["labels"][s])]
        parts = [f"{s} A1={a['labels'][s]} A2={b['labels'][s]}" for s in differ]
        if a["tone"] != b["tone"]:
            differ.append("tone")
            parts.append(f"tone {a['tone']} → {b['tone']}")
        if not parts:
            continue
        noted = bool(a.get("note"))
        if noted:
            for key in differ:
                on_noted[key] += 1
        flag = " [note]" if noted else ""
        print(f"{lang}:{number}{flag}\t{'; '.join(parts)}\t{a['text'][:90]}")
    return on_noted


def signal_table(rows: list[SignalAgreement]) -> str:
    lines = [
        "| lang | signal | posts | positives A1 | positives A2 | both | only A1 | only A2 | F1 | kappa |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.lang} | {r.signal} | {r.n} | {r.pos1} | {r.pos2} | {r.both} | {r.only1} | "
            f"{r.only2} | {r.f1:.3f} | {r.kappa:.3f} |"
        )
    return "\n".join(lines)


def tone_table(rows: list[ToneAgreement]) -> str:
    lines = [
        "| lang | posts | accuracy | macro-F1 | kappa | disagreements (A1 → A2: count) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        conf = ", ".join(f"{a} → {b}: {n}" for (a, b), n in sorted(r.confusions.items(), key=lambda x: -x[1]))
        lines.append(f"| {r.lang} | {r.n} | {r.accuracy:.3f} | {r.macro_f1:.3f} | {r.kappa:.3f} | {conf} |")
    return "\n".join(lines)


def _write_doc(name: str, tables: str) -> None:
    """Replace the set's table between its markers; append a section if it has none."""
    start, end = _markers(name)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Annotator agreement\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{tables}{end}{tail}"
    else:
        text = f"{text.rstrip()}\n\n## Set `{name}`\n\n{start}\n{tables}{end}\n"
    DOC.write_text(text, encoding="utf-8")


def run_agreement(name: str = DEFAULT_SET, write_doc: bool = True) -> str:
    signal_rows: list[SignalAgreement] = []
    tone_rows: list[ToneAgreement] = []
    for lang in LANGS:
        s, t = agreement(lang, name)
        signal_rows.extend(s)
        tone_rows.append(t)
    tables = signal_table(signal_rows) + "\n\n" + tone_table(tone_rows) + "\n"
    print(tables)
    for lang in LANGS:
        on_noted = print_disagreements(lang, name)
        counts = ", ".join(f"{key} {n}" for key, n in on_noted.items())
        print(f"{lang}: disagreements on lines annotator 1 marked with a note: {counts}")
    if write_doc:
        _write_doc(name, tables)
    return tables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--texts", choices=LANGS, help="print the texts of the set, no labels or notes")
    group.add_argument("--agreement", action="store_true", help="compare the two annotators")
    parser.add_argument(
        "--set",
        dest="name",
        default=DEFAULT_SET,
        help="which set: training/<lang>/<SET>.jsonl (default blind1; the third blind set is 'blind3')",
    )
    parser.add_argument("--start", type=int, default=1, help="first line to print")
    parser.add_argument("--stop", type=int, default=None, help="last line to print")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite the docs table")
    args = parser.parse_args()
    if args.texts:
        print_texts(args.texts, args.name, args.start, args.stop)
    else:
        run_agreement(args.name, write_doc=not args.no_doc)


if __name__ == "__main__":
    main()
