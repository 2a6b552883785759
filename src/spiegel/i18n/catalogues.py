"""Maintaining the ``spiegel`` gettext catalogues with Babel: extract the messages from the
sources, merge them into the Dutch and English ``.po`` files, compile the ``.mo`` files, and
check that every message is translated and every ``.mo`` file is current.

Run from a checkout::

    python -m spiegel.i18n.catalogues update   # extract, merge into nl/en .po (new ones empty)
    python -m spiegel.i18n.catalogues compile  # .po -> .mo
    python -m spiegel.i18n.catalogues check    # exit 1 when something is missing or stale

Messages are found (:func:`sources`) in the Python modules outside ``spiegel/web`` (whose
strings are in the web's ``django`` domain) as the first argument of ``t()``, ``tn()``,
``N_()`` and ``L_()``, and in the Jinja2 templates of the reports and questionnaires as ``_()`` calls.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spiegel.i18n import DOMAIN, LANGS

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = PACKAGE / "locale"

KEYWORDS = {"t": (1,), "tn": (1, 2), "N_": None, "L_": None, "_": None, "gettext": None, "ngettext": (1, 2)}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}


def sources() -> Iterator[tuple[Path, str]]:
    """The files Babel reads, with its extraction method: :mod:`spiegel.i18n` and the Python
    modules outside ``spiegel/web`` that import from it (elsewhere ``t`` is often a plain
    variable), and the Jinja2 templates outside ``spiegel/web``."""
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "web":
            continue
        if path.suffix == ".py" and (
            relative == Path("i18n/__init__.py") or "from spiegel.i18n import" in path.read_text("utf-8")
        ):
            yield path, "python"
        elif path.suffix == ".j2":
            yield path, "jinja2"


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every message the sources use, with the places that use it."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract as extract_messages

    catalog = Catalog(project="spiegel", domain=DOMAIN, charset="utf-8")
    for path, method in sources():
        with path.open("rb") as handle:
            found = extract_messages(
                method,
                handle,
                keywords=KEYWORDS,
                comment_tags=("TRANSLATORS:",),
                options=JINJA_OPTIONS if method == "jinja2" else {},
                strip_comment_tags=True,
            )
            for lineno, message, comments, context in found:
                location = (str(path.relative_to(PACKAGE)), lineno)
                catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def read(lang: str) -> Catalog:
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def write_po(catalog: Catalog, lang: str) -> None:
    from babel.messages.pofile import write_po as babel_write_po

    buf = io.BytesIO()
    babel_write_po(buf, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    po_path(lang).parent.mkdir(parents=True, exist_ok=True)
    po_path(lang).write_bytes(buf.getvalue())


def compiled(lang: str) -> bytes:
    """The ``.mo`` file the ``.po`` file of *lang* compiles to."""
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, read(lang), use_fuzzy=False)
    return buf.getvalue()


def update() -> None:
    """Merge the extracted messages into each language's ``.po`` file (new ones untranslated;
    English ones filled with their msgid, which is the English text)."""
    from babel.messages.catalog import Catalog

    template = extract()
    for lang in LANGS:
        catalog = read(lang) if po_path(lang).exists() else Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang == "en":
            for message in catalog:
                if message.id and not _translated(message.string):
                    message.string = message.id
        catalog.project, catalog.version = "spiegel", ""
        catalog.msgid_bugs_address = ""
        catalog.copyright_holder = "The spiegel developers"
        catalog.fuzzy = False  # the header is compiled into the .mo file (charset, plural forms)
        write_po(catalog, lang)


def _fields(text: str) -> set[str]:
    """The ``str.format`` fields of a message (``{rows:,}`` → ``rows``)."""
    return set(re.findall(r"(?<!\{)\{(\w*)[^{}]*\}", text))


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    """Whether a msgstr (a tuple of them for a plural message) is filled in."""
    return all(string) if isinstance(string, tuple | list) else bool(string)


def compile_all() -> None:
    for lang in LANGS:
        po_path(lang).with_suffix(".mo").write_bytes(compiled(lang))


def problems() -> Iterator[str]:
    """What is wrong with the catalogues: a message the sources use but a catalogue lacks or
    leaves untranslated (or fuzzy), a stale message, a placeholder that differs from the msgid's,
    a ``.mo`` file that is not the compiled ``.po`` file."""
    used = {m.id for m in extract() if m.id}
    for lang in LANGS:
        catalog = read(lang)
        have = {m.id for m in catalog if m.id}
        for missing in sorted(used - have, key=str):
            yield f"{lang}: not in {po_path(lang).name}: {missing!r}"
        for stale in sorted(have - used, key=str):
            yield f"{lang}: no longer used: {stale!r}"
        for message in catalog:
            if not message.id:
                continue
            if not _translated(message.string):
                yield f"{lang}: untranslated: {message.id!r}"
            elif message.fuzzy:
                yield f"{lang}: fuzzy: {message.id!r}"
            else:
                for error in message.check(catalog):
                    yield f"{lang}: {message.id!r}: {error}"
                if (
                    isinstance(message.id, str)
                    and isinstance(message.string, str)
                    and _fields(message.id) != _fields(message.string)
                ):
                    yield f"{lang}: {message.id!r}: its {{fields}} differ in the translation"
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(lang):
            yield f"{lang}: {mo.name} is not the compiled {po_path(lang).name}; run compile"


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = list(problems())
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print("usage: python -m spiegel.i18n.catalogues update|compile|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
