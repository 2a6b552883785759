"""External labels: real public Dutch posts written by people outside the team, labelled by two
annotators under ``training/external/GUIDE.md``.

The annotators write one tab-separated file per chunk of 100 posts, no header::

    id  question  complaint  hostile  explanation  template  plain  tone  other  note

(``tone`` is ``neg``/``neu``/``pos``; ``other`` is 1 when the post is not mainly Dutch; the note may
be empty). This module reads those files, joins them with the texts of
``training/external/pool.jsonl`` and writes the JSONL sets the rest of spiegel reads:

* ``train.jsonl`` / ``dev.jsonl`` — each annotator's own training part, split by a seeded hash of
  the post id (about 25 % development: thresholds, model choice, error rates). A training post
  that two more annotators read again (``recheck_K.tsv`` files, ``training/external/recheck.py``)
  takes the majority of the three readings (:func:`majority`);
* ``test.jsonl`` — the consensus of both annotators on the test part; where they disagree, the
  label of the adjudication file ``labels/c/adjudicated.tsv`` (same format, only the disagreeing
  ids). Evaluation only.

Each JSONL row: ``id``, ``text``, ``lang`` (``nl``), ``source`` (the pool's source name),
``labels`` (the six yes/no labels), ``tone`` (``negative``/``neutral``/``positive``), ``other``
and ``annotator``. :func:`agreement_table` gives Cohen's κ and positives per label for the test
part (``docs/annotator-agreement.md``). Used by ``training/external/collect.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from spiegel.errors import InputError, MalformedFileError
from spiegel.text.classifiers.datasets import TRAINING_DIR, seeded_split

EXTERNAL_DIR = TRAINING_DIR / "external"
#: the yes/no labels of an annotation line, in column order
LABELS = ("question", "complaint", "hostile", "explanation", "template", "plain")
TONE_CODES = {"neg": "negative", "neu": "neutral", "pos": "positive"}
COLUMNS = ("id", *LABELS, "tone", "other", "note")
#: share of each annotator's training part kept for development
DEV_SHARE = 0.25
_CHUNK = re.compile(r"^(train|test|test_b|adjudicate|recheck)_(\d+)\.tsv$")

#: the double-annotated test parts: (part, first annotator, second annotator, adjudicator). The
#: adjudicator labelled, blind, every post on which the two disagree on a yes/no label
#: (``adjudicate_K.tsv`` in their folder); the consensus is the majority of the three.
TEST_PARTS: tuple[tuple[str, str, str, str], ...] = (("test", "a", "b", "e"), ("test_b", "d", "e", "f"))
FIX = (
    "write one line per post: id, question, complaint, hostile, explanation, template, plain "
    "(each 0 or 1), tone (neg/neu/pos), other (0 or 1), note — separated by tabs"
)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotator's labels of one post."""

    id: str
    labels: dict[str, int]
    tone: str
    other: int
    note: str

    def values(self) -> dict[str, Any]:
        """Every label by name (``tone`` as its full word, ``other`` as 0/1)."""
        return {**self.labels, "tone": self.tone, "other": self.other}


def _flag(value: str, name: str, path: Path, line: int) -> int:
    value = value.strip()
    if value not in ("0", "1"):
        raise MalformedFileError(
            f"column {name} must be 0 or 1, not {value!r}", path=path, line=line, fix=FIX
        )
    return int(value)


def read_tsv(path: Path) -> list[Annotation]:
    """The annotations of one chunk file (blank lines skipped)."""
    out: list[Annotation] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the label file ({exc.strerror})", path=path) from exc
    except UnicodeDecodeError as exc:
        raise MalformedFileError(
            "the label file is not UTF-8 text", path=path, fix="save it as UTF-8"
        ) from exc
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) == 9:  # an empty note without its tab
            cols.append("")
        if len(cols) < 10:
            raise MalformedFileError(
                f"expected 10 tab-separated columns, found {len(cols)}", path=path, line=i, fix=FIX
            )
        pid = cols[0].strip()
        if not pid:
            raise MalformedFileError("the id column is empty", path=path, line=i, fix=FIX)
        if pid in seen:
            raise MalformedFileError(f"id {pid} appears twice", path=path, line=i, fix="label each post once")
        seen.add(pid)
        labels = {name: _flag(cols[k + 1], name, path, i) for k, name in enumerate(LABELS)}
        tone = TONE_CODES.get(cols[7].strip())
        if tone is None:
            raise MalformedFileError(
                f"column tone must be neg, neu or pos, not {cols[7].strip()!r}", path=path, line=i, fix=FIX
            )
        other = _flag(cols[8], "other", path, i)
        out.append(Annotation(pid, labels, tone, other, "\t".join(cols[9:]).strip()))
    return out


def chunk_files(folder: Path, part: str) -> list[Path]:
    """``<part>_K.tsv`` files of *folder* (``part``: ``train`` or ``test``), in chunk order."""
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _CHUNK.match(p.name)
        if m and m.group(1) == part:
            found.append((int(m.group(2)), p))
    return [p for _, p in sorted(found)]


def read_part(folder: Path, part: str) -> dict[str, Annotation]:
    """Every annotation of *part* in *folder*, by post id (an id in two chunks is an error)."""
    out: dict[str, Annotation] = {}
    for path in chunk_files(folder, part):
        for ann in read_tsv(path):
            if ann.id in out:
                raise MalformedFileError(
                    f"id {ann.id} is labelled in two chunk files", path=path, fix="keep one of the two lines"
                )
            out[ann.id] = ann
    return out


def read_pool(path: Path) -> dict[str, dict[str, str]]:
    """The pool rows (``id``, ``source``, ``part``, ``text``) by id."""
    if not path.exists():
        raise InputError(
            "the annotation pool is missing", path=path, fix="run python training/external/sample.py first"
        )
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out[str(row["id"])] = {k: str(row[k]) for k in ("id", "source", "part", "text")}
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise MalformedFileError(
                    f"not a pool row ({exc})", path=path, line=i, fix="each line needs id, source, part, text"
                ) from exc
    return out


def _row(ann: Annotation, pool: dict[str, dict[str, str]], annotator: str, where: Path) -> dict[str, Any]:
    item = pool.get(ann.id)
    if item is None:
        raise MalformedFileError(
            f"id {ann.id} is not in the annotation pool", path=where, fix="check the id against pool.jsonl"
        )
    return {
        "id": ann.id,
        "text": item["text"],
        "lang": "nl",
        "source": item["source"],
        "labels": dict(ann.labels),
        "tone": ann.tone,
        "other": ann.other,
        "annotator": annotator,
    }


def recheck_readers(labels_dir: Path) -> list[str]:
    """The folders of *labels_dir* that hold ``recheck_K.tsv`` files (re-readings of training
    posts), in name order."""
    if not labels_dir.is_dir():
        return []
    return sorted(p.name for p in labels_dir.iterdir() if p.is_dir() and chunk_files(p, "recheck"))


def training_annotators(labels_dir: Path) -> list[str]:
    """The annotator folders of *labels_dir* that hold ``train_K.tsv`` files (``a``, ``b``, and the
    second round's ``c``, ``d`` …), in name order."""
    if not labels_dir.is_dir():
        return []
    return sorted(p.name for p in labels_dir.iterdir() if p.is_dir() and chunk_files(p, "train"))


def split_of(post_id: str) -> str:
    """``"dev"`` or ``"train"`` for a post of a training part (seeded by its id)."""
    return "dev" if seeded_split(f"external-dev|{post_id}", DEV_SHARE) == "test" else "train"


def rereadings(labels_dir: Path) -> dict[str, list[Annotation]]:
    """Every second and later reading of a training post (``labels_dir/<reader>/recheck_K.tsv``),
    by post id, in reader-name order."""
    out: dict[str, list[Annotation]] = {}
    for reader in recheck_readers(labels_dir):
        for pid, ann in read_part(labels_dir / reader, "recheck").items():
            out.setdefault(pid, []).append(ann)
    return out


def majority(first: Annotation, others: Sequence[Annotation]) -> Annotation:
    """The label of a post read by *first* and re-read by *others*: with at least two re-readings,
    each yes/no label, ``other`` and the tone take the value most readings give (a tie, or a tone
    all three readers saw differently, keeps the first reading); with fewer, the first reading
    as it is — two readings that differ settle nothing."""
    if len(others) < 2:
        return first
    readings = [first, *others]

    def vote(values: list[Any]) -> Any:
        best = max(values, key=values.count)
        return best if values.count(best) * 2 > len(values) else values[0]

    return Annotation(
        first.id,
        {k: int(vote([r.labels[k] for r in readings])) for k in LABELS},
        str(vote([r.tone for r in readings])),
        int(vote([r.other for r in readings])),
        first.note,
    )


def training_rows(
    labels_dir: Path, pool: dict[str, dict[str, str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train rows, dev rows) from ``labels_dir/<annotator>/train_K.tsv`` (every annotator folder
    with training chunks), in chunk order per annotator; a post read again by two or more
    annotators (:func:`rereadings`) takes the :func:`majority` of all readings, and its row says
    how many readings it has (``readings``; absent where there is one)."""
    train: list[dict[str, Any]] = []
    dev: list[dict[str, Any]] = []
    again = rereadings(labels_dir)
    first_reading: set[str] = set()
    for annotator in training_annotators(labels_dir):
        folder = labels_dir / annotator
        for ann in read_part(folder, "train").values():
            first_reading.add(ann.id)
            others = again.get(ann.id, [])
            row = _row(majority(ann, others), pool, annotator, folder)
            if len(others) >= 2:
                row["readings"] = 1 + len(others)
            if pool[ann.id]["part"].startswith("test"):
                raise MalformedFileError(
                    f"id {ann.id} belongs to the test part, not to a training part",
                    path=folder,
                    fix="test posts go into test_K.tsv files",
                )
            (dev if split_of(ann.id) == "dev" else train).append(row)
    stray = sorted(set(again) - first_reading)
    if stray:
        raise MalformedFileError(
            f"{len(stray)} re-read post(s) have no first reading in a train_K.tsv file: "
            + ", ".join(stray[:5]),
            path=labels_dir,
            fix="re-read only posts of a labelled training part (training/external/recheck.tsv)",
        )
    return train, dev


def consensus_rows(
    labels_dir: Path,
    pool: dict[str, dict[str, str]],
    part: str = "test",
    first: str = "a",
    second: str = "b",
    adjudicator: str | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The consensus rows of a double-annotated *part* from ``labels_dir/<first>/<part>_K.tsv`` and
    ``labels_dir/<second>/<part>_K.tsv``: a label both agree on is kept, else the adjudicator's
    (``labels_dir/<adjudicator>/adjudicate_K.tsv``; without one, the older single file
    ``labels_dir/c/adjudicated.tsv``) — the majority of three. A disagreement on the tone alone
    keeps the first annotator's tone unless the adjudicator labelled the post. Returns the rows (in
    the first annotator's order) and the ids that still need adjudication (a disagreement on a
    yes/no label or ``other`` without an adjudicator's line); rows of those ids are left out."""
    a = read_part(labels_dir / first, part)
    b = read_part(labels_dir / second, part)
    if adjudicator is None:
        adjudicated = labels_dir / "c" / "adjudicated.tsv"
        c = {ann.id: ann for ann in read_tsv(adjudicated)} if adjudicated.exists() else {}
    else:
        c = read_part(labels_dir / adjudicator, "adjudicate")
    rows: list[dict[str, Any]] = []
    missing: list[str] = []
    for pid, ann_a in a.items():
        ann_b = b.get(pid)
        if ann_b is None:
            continue
        va, vb = ann_a.values(), ann_b.values()
        differ = [k for k in va if va[k] != vb[k]]
        if any(k != "tone" for k in differ) and pid not in c:
            missing.append(pid)
            continue
        vc = c[pid].values() if pid in c else {}
        merged = {k: (va[k] if va[k] == vb[k] else vc.get(k, va[k])) for k in va}
        final = Annotation(
            pid,
            {k: int(merged[k]) for k in LABELS},
            str(merged["tone"]),
            int(merged["other"]),
            c[pid].note if pid in c else "",
        )
        row = _row(final, pool, "consensus", labels_dir)
        rows.append(row)
    return rows, missing


@dataclass(frozen=True, slots=True)
class LabelAgreement:
    label: str
    n: int
    kappa: float
    agree: float
    positives_a: int
    positives_b: int


def _kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's κ of two label sequences; 1 where both hold one and the same value throughout."""
    return 1.0 if len(set(a) | set(b)) <= 1 else float(cohen_kappa_score(a, b))


def agreement(
    labels_dir: Path, part: str = "test", first: str = "a", second: str = "b"
) -> list[LabelAgreement]:
    """Cohen's κ, raw agreement and positives per label over the posts of *part* both annotated."""
    a = read_part(labels_dir / first, part)
    b = read_part(labels_dir / second, part)
    ids = [pid for pid in a if pid in b]
    if not ids:
        raise InputError(
            "no test post is labelled by both annotators",
            path=labels_dir,
            fix="put both annotators' test_K.tsv files into labels/a and labels/b",
        )
    out = []
    for name in (*LABELS, "tone", "other"):
        ya = [str(a[i].values()[name]) for i in ids]
        yb = [str(b[i].values()[name]) for i in ids]
        same = sum(x == y for x, y in zip(ya, yb, strict=True)) / len(ids)
        kappa = _kappa(ya, yb)
        pos_a = sum(1 for v in ya if v == "1") if name != "tone" else 0
        pos_b = sum(1 for v in yb if v == "1") if name != "tone" else 0
        out.append(LabelAgreement(name, len(ids), kappa, same, pos_a, pos_b))
    return out


def agreement_table(rows: Sequence[LabelAgreement], consensus: Sequence[dict[str, Any]] = ()) -> str:
    """Markdown table: κ, raw agreement, positives per annotator and in the consensus labels."""
    lines = [
        "| label | posts | Cohen's κ | raw agreement | positives A | positives B | positives (consensus) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.label == "tone":
            cons = "–"
            pa = pb = "–"
        else:
            pa, pb = str(r.positives_a), str(r.positives_b)
            if r.label == "other":
                cons = str(sum(int(row["other"]) for row in consensus)) if consensus else "–"
            else:
                cons = str(sum(int(row["labels"][r.label]) for row in consensus)) if consensus else "–"
        lines.append(f"| {r.label} | {r.n} | {r.kappa:.3f} | {r.agree:.3f} | {pa} | {pb} | {cons} |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class RereadAgreement:
    """How the first reading of re-read training posts compares with the two re-readings."""

    label: str
    n: int
    kappa_readers: float  # the two re-readers with each other
    kappa_first: float  # the first reader with the majority of three
    changed: float  # share of posts whose label the majority changed
    positives_first: int
    positives_majority: int


def reread_agreement(labels_dir: Path, ids: Collection[str] | None = None) -> list[RereadAgreement]:
    """Per yes/no label, over the training posts read three times (only *ids* when given): Cohen's
    κ between the two re-readers, κ between the first reading and the majority of three, and how
    many labels the majority changed — how far one reading of a training post can be trusted."""
    first: dict[str, Annotation] = {}
    for annotator in training_annotators(labels_dir):
        first.update(read_part(labels_dir / annotator, "train"))
    again = rereadings(labels_dir)
    use = [pid for pid in again if len(again[pid]) >= 2 and pid in first and (ids is None or pid in ids)]
    final = {pid: majority(first[pid], again[pid]) for pid in use}
    out = []
    for name in LABELS:
        one = [first[pid].labels[name] for pid in use]
        r1 = [again[pid][0].labels[name] for pid in use]
        r2 = [again[pid][1].labels[name] for pid in use]
        maj = [final[pid].labels[name] for pid in use]
        changed = sum(x != y for x, y in zip(one, maj, strict=True)) / max(len(use), 1)
        out.append(
            RereadAgreement(name, len(use), _kappa(r1, r2), _kappa(one, maj), changed, sum(one), sum(maj))
        )
    return out


def reread_table(rows: Sequence[RereadAgreement]) -> str:
    """Markdown table of :func:`reread_agreement`."""
    lines = [
        "| label | posts | κ re-reader 1 – re-reader 2 | κ first reading – majority | labels changed |"
        " positives, first reading | positives, majority |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.label} | {r.n} | {r.kappa_readers:.3f} | {r.kappa_first:.3f} | {100 * r.changed:.1f} % |"
            f" {r.positives_first} | {r.positives_majority} |"
        )
    return "\n".join(lines) + "\n"


MARK_START = "<!-- agreement-table:external:start -->"
MARK_END = "<!-- agreement-table:external:end -->"
SECTION = """\
## External Dutch posts (`training/external/test.jsonl`)

Real public Dutch posts written by people outside the team (`training/external/pool.jsonl`, test
part), labelled independently by two annotators under `training/external/GUIDE.md`; disagreements
were settled by a third reading (`training/external/labels/c/adjudicated.tsv`). Written by
`python training/external/collect.py --test`.

"""


REREAD_START = "<!-- agreement-table:reread:start -->"
REREAD_END = "<!-- agreement-table:reread:end -->"
REREAD_SECTION = """\
## Training posts read three times (`training/external/labels/{s,t,u,v,aa … ah}`)

Each training and development post of the external set was first labelled by one annotator. Two
more annotators read again, blind, the 1,604 training posts of `training/external/recheck.tsv` and
every development post; such a post takes the majority of the three readings. The development
part was re-read whole, not picked by a model, so its row shows how far a single reading is from
the majority of three. Written by `python training/external/collect.py`.

"""


def write_agreement_doc(
    doc: Path, table: str, marks: tuple[str, str] = (MARK_START, MARK_END), section: str = SECTION
) -> None:
    """Replace the table between *marks* in *doc* (the external test table unless told); add the
    *section* when absent."""
    start, end = marks
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Annotator agreement\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{table}{end}{tail}"
    else:
        text = f"{text.rstrip()}\n\n{section}{start}\n{table}{end}\n"
    tmp = doc.with_name(f".{doc.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(doc)


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write *rows* atomically; returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    tmp.replace(path)
    return n


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of an external JSONL set (``train``, ``dev`` or ``test``), Dutch ones only
    (``other`` = 1 left out); a clear error for a malformed line."""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                labels, text = row["labels"], row["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise MalformedFileError(
                    f"not a labelled post ({exc})", path=path, line=i, fix="each line needs text and labels"
                ) from exc
            if not isinstance(text, str) or not isinstance(labels, dict):
                raise MalformedFileError(
                    "text must be a string and labels an object",
                    path=path,
                    line=i,
                    fix='write e.g. {"text": "…", "labels": {"hostile": 1}, "tone": "neutral"}',
                )
            if int(row.get("other", 0) or 0):
                continue
            row.setdefault("lang", "nl")
            row.setdefault("source", "external")
            row.setdefault("tone", "neutral")
            rows.append(row)
    return rows


def external_rows(split: str, external_dir: Path | None = None) -> list[dict[str, Any]]:
    """Dutch rows of ``training/external/<split>.jsonl`` (``[]`` when the file is absent)."""
    path = (external_dir or EXTERNAL_DIR) / f"{split}.jsonl"
    return read_rows(path) if path.exists() else []
