"""The interface every text extractor implements, and what it returns.

Why an interface: Wenshu runs with Apache Tika in production and with built-in Python
extractors on a laptop (no TIKA_URL); the pipeline must not care which. As with Wagtail's
search backends, each engine is one module with one class, chosen by settings, and one
contract test suite (``tests/ingest/test_extractor_contract.py``) holds them all to the
same behaviour.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


@dataclass
class DocumentMetadata:
    """What a file says about itself. Any field may be unknown (None)."""

    title: str | None = None
    author: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    page_count: int | None = None
    # Official-document (公文) fields spotted in the text, to pre-fill the record.
    document_number: str | None = None  # 发文字号, normalised to 〔〕
    issued_on: date | None = None  # 成文日期
    headings: list[str] = field(default_factory=list)  # outline of a structured document
    extra: dict[str, object] = field(default_factory=dict)  # engine-specific, for debugging

    def fill_missing(self, other: DocumentMetadata) -> None:
        """Take from ``other`` every field this one does not know yet."""
        for name in ("title", "author", "created", "modified", "page_count"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        for name in ("document_number", "issued_on"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        if not self.headings:
            self.headings = list(other.headings)


@dataclass
class Extraction:
    """The text and metadata of one file, as one engine extracted them."""

    text: str
    metadata: DocumentMetadata
    engine: str
    mime: str
    # 1-based numbers of PDF pages that have no text layer: they need OCR. Empty for
    # formats without pages or when every page has text.
    pages_without_text: list[int] = field(default_factory=list)

    @property
    def needs_ocr(self) -> bool:
        return bool(self.pages_without_text)


class Extractor(ABC):
    """One extraction engine. Subclasses set ``name`` and ``mime_types`` and implement
    ``extract``; they raise ``ingest.errors.IngestError`` subclasses, never anything else."""

    name: str = ""
    mime_types: frozenset[str] = frozenset()

    def supports(self, mime: str) -> bool:
        return mime in self.mime_types

    @abstractmethod
    def extract(self, path: Path, mime: str) -> Extraction:
        """Extract text and metadata from the file at ``path`` whose detected type is
        ``mime``. The text is returned as the engine produced it; ``ingest.extract``
        cleans it."""


def first_supporting(extractors: Iterable[Extractor], mime: str) -> Extractor | None:
    return next((e for e in extractors if e.supports(mime)), None)
