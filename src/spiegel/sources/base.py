"""The importer contract: one module per format, one class per module, registered by name.

An importer is a subclass of :class:`Importer` with a ``name`` (the registry key, the module
name, the ``--format`` word: one string), a one-line ``help``, a docstring (its user docs) and
three methods:

``detect(container) -> bool``
    Does this container hold this format? Look at member names and, if needed, the first bytes.
``iter_raw(container) -> Iterator[RawItem]``
    Stream the source items (one per post, like, follow, profile …) without building records.
``to_records(item) -> Iterable[Record]``
    Turn one raw item into typed records (:mod:`spiegel.records`).

``read(container)`` chains the two and is what callers use.

A binary single-file format (a Bluesky CAR) also implements ``sniff(head) -> bool``: does a
file starting with these bytes look like this format? :meth:`Container.open_path
<spiegel.sources.container.Container.open_path>` refuses a single file that is neither text nor
an archive unless an importer's ``sniff`` claims it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from spiegel.records import Record
from spiegel.sources.container import Container


@dataclass(slots=True)
class RawItem:
    """One item of a source as read: where it came from, what it is, and its data unchanged."""

    file: str
    kind: str
    data: Any
    line: int | None = None


class Importer:
    """Base class of all importers. Subclasses set ``name`` and ``help`` and implement the three
    methods; see the module docstring."""

    name: ClassVar[str] = ""
    help: ClassVar[str] = ""
    #: Detection order: lower runs first. Specific formats use the default; catch-all formats
    #: (the generic JSONL/CSV) use a higher number so they only claim what nothing else does.
    priority: ClassVar[int] = 50

    def detect(self, container: Container) -> bool:
        raise NotImplementedError

    def sniff(self, head: bytes) -> bool:
        """Is a single binary file starting with *head* (its first 4 KiB) in this format? Only
        binary formats override it; text files are accepted without asking."""
        return False

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        raise NotImplementedError

    def to_records(self, item: RawItem) -> Iterable[Record]:
        raise NotImplementedError

    def read(self, container: Container) -> Iterator[Record]:
        for item in self.iter_raw(container):
            yield from self.to_records(item)
