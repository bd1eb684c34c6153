"""The interface of an OCR engine, and the registry choosing one by settings.

Why an interface: ocrmypdf (Tesseract) is our engine today, but an office with a
commercial Chinese OCR service should be able to plug it in without touching the
pipeline; tests hold every engine to the same contract.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from ingest import mime

DEFAULT_ENGINE = "ingest.ocr.ocrmypdf.OcrmypdfEngine"


@dataclass
class OcrResult:
    """A searchable PDF written beside the untouched original, and its text."""

    text: str  # cleaned: no spaces between CJK characters
    pdf_path: Path
    pdfa: bool  # whether the PDF claims PDF/A conformance
    page_count: int
    engine: str


class OcrEngine(ABC):
    name: str = ""
    input_types: frozenset[str] = frozenset({mime.PDF, *mime.OCR_IMAGES})

    def supports(self, mime_type: str) -> bool:
        return mime_type in self.input_types

    @abstractmethod
    def ocr(
        self, source: Path, mime_type: str, output_pdf: Path, *, languages: str | None = None
    ) -> OcrResult:
        """Recognise the text of ``source`` (a PDF or an image) and write a searchable
        PDF to ``output_pdf``; ``source`` is never modified. Pages that already have text
        are kept as they are. ``languages`` is Tesseract's ``chi_sim+eng`` form, by
        default ``settings.OCR_LANGUAGES``. Raises ``ingest.errors.IngestError``."""


def default_languages() -> str:
    return settings.OCR_LANGUAGES


def get_ocr_engine() -> OcrEngine:
    return import_string(getattr(settings, "WENSHU_OCR_ENGINE", DEFAULT_ENGINE))()
