"""CLI verbs of the text stage: ``spiegel classify``."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click
import orjson

from spiegel.i18n import LANGS, N_, texts
from spiegel.records import Post
from spiegel.sources import read_path, registry
from spiegel.text.signals import TextSignals

#: From this many posts on, a progress bar is shown on stderr (unless --quiet).
PROGRESS_MIN = 2_000
_DIGITS = 4
#: User-facing lines of this command, Dutch (default) and English.
#: the texts of these commands: English msgids of the ``spiegel`` gettext domain with
#: ``str.format`` fields, translated by :func:`spiegel.i18n.texts`
MESSAGES: dict[str, str] = {
    "progress": N_("Processed"),
    "posts": N_("posts"),
    "stdout": N_("standard output"),
    "done": N_("Classified {n} posts from {files} file(s) into {target}."),
}


def signals_to_dict(
    post: Post, signals: TextSignals, cues: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """One output line of ``spiegel classify`` (documented in docs/text-signals.md). *cues*: per
    signal, the words that drove its flag (``hostile_cues`` …; ``[]`` when not flagged)."""
    from spiegel.text.pipeline import CLASSIFIER_SIGNALS

    out: dict[str, Any] = {"id": signals.id, "platform": post.platform, "lang": signals.lang}
    for name in CLASSIFIER_SIGNALS:
        out[name] = getattr(signals, name)
        out[f"{name}_score"] = round(getattr(signals, f"{name}_score"), _DIGITS)
        if cues is not None:
            out[f"{name}_cues"] = cues.get(name, [])
    out["plain"] = signals.plain
    out["plain_score"] = round(signals.plain_score, _DIGITS)
    out["tone"] = signals.tone
    out["tone_score"] = round(signals.tone_score, _DIGITS)
    out["personal"] = signals.personal
    r = signals.readability
    out["readability"] = {
        "words": r.words,
        "sentences": r.sentences,
        "words_per_sentence": round(r.words_per_sentence, _DIGITS),
        "syllables_per_word": round(r.syllables_per_word, _DIGITS),
        "flesch": None if r.flesch is None else round(r.flesch, 2),
        "level": r.level,
        "difficulty": None if r.difficulty is None else round(r.difficulty, _DIGITS),
        "rare_word_share": round(r.rare_word_share, _DIGITS),
        "long_word_share": round(r.long_word_share, _DIGITS),
        "clauses_per_sentence": round(r.clauses_per_sentence, _DIGITS),
        "officialese": r.officialese,
    }
    return out


def flag_cues() -> Callable[[str | None, TextSignals], dict[str, list[str]] | None]:
    """A function giving, per flagged signal of a post, the words that drove the flag (fast-path
    model, :mod:`spiegel.text.classifiers.cues`); it gives None when no classifiers ship."""
    from spiegel.text.pipeline import CLASSIFIER_SIGNALS, classifiers_available, sanitize

    if not classifiers_available():
        return lambda _text, _signals: None
    from spiegel.text.classifiers import cues, load

    clf = load()

    def explain(text: str | None, signals: TextSignals) -> dict[str, list[str]]:
        clean = sanitize(text)
        return {
            name: cues.top_cues(clf, clean, signals.lang, name) if getattr(signals, name) else []
            for name in CLASSIFIER_SIGNALS
        }

    return explain


@contextmanager
def _output(path: Path | None) -> Iterator[IO[bytes]]:
    """stdout, or *path* written atomically (a failed run leaves no half-written file)."""
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("classify")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(registry()) or ["generic"]),
    default=None,
    help="Force an import format instead of detecting it.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the JSONL here instead of to standard output.",
)
@click.option("-q", "--quiet", is_flag=True, help="Show no progress bar and no summary.")
@click.option(
    "--embeddings",
    is_flag=True,
    help="Add the sentence-embedding models where they improve a signal (slower; needs spiegel[embed]).",
)
@click.option(
    "--lang",
    type=click.Choice(list(LANGS)),
    default="nl",
    show_default=True,
    help="Language of the progress and summary lines.",
)
def classify_cmd(
    sources: tuple[Path, ...], fmt: str | None, output: Path | None, quiet: bool, embeddings: bool, lang: str
) -> None:
    """Compute the text signals of every post and write them as JSONL, one line per post.

    Each line has the post's id, its language, every signal as a yes/no plus a score
    (question, complaint, hostile, explanation, template, plain), the tone of the wording,
    personal voice and the readability numbers. See docs/text-signals.md.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from spiegel.text.pipeline import BATCH_SIZE, iter_analyze

    posts = [r for path in sources for r in read_path(path, fmt) if isinstance(r, Post)]
    signals_iter = iter_analyze(posts, batch_size=BATCH_SIZE, embeddings=embeddings)
    explain = flag_cues()
    msg = texts(MESSAGES, lang)
    stderr = Console(stderr=True)
    show = not quiet and len(posts) >= PROGRESS_MIN
    with (
        _output(output) as out,
        Progress(
            TextColumn(msg["progress"]),
            MofNCompleteColumn(),
            TextColumn(msg["posts"]),
            BarColumn(),
            TimeRemainingColumn(),
            console=stderr,
            disable=not show,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("classify", total=len(posts))
        for post, signals in zip(posts, signals_iter, strict=True):
            out.write(orjson.dumps(signals_to_dict(post, signals, explain(post.text, signals))) + b"\n")
            progress.advance(task)
    if not quiet:
        target = str(output) if output else msg["stdout"]
        click.echo(msg["done"].format(n=len(posts), files=len(sources), target=target), err=True)


COMMANDS = [classify_cmd]
