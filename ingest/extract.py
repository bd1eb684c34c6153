"""The extract stage: text and metadata of a detected file, cleaned for storage.

Why a stage over the engines: whichever engine read the file, the record needs the same
things — text without OCR spacing, and for Word files the structure python-docx sees
(headings, core properties) even when Tika did the reading; for every format, the
发文字号 and 成文日期 spotted in the text to pre-fill an official document's fields.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ingest import errors, mime
from ingest.extractors import get_extractor
from ingest.extractors.base import Extraction, Extractor
from ingest.extractors.docx import DocxExtractor
from ingest.official_fields import find_document_number, find_issue_date
from ingest.text import clean_text

log = logging.getLogger(__name__)


def extract(path: Path, mime_type: str, extractors: list[Extractor] | None = None) -> Extraction:
    """Extract ``path`` (of detected type ``mime_type``) with the configured engines."""
    result = get_extractor(mime_type, extractors).extract(path, mime_type)
    if mime_type == mime.DOCX and not result.metadata.headings:
        _add_word_structure(path, result)
    result.text = clean_text(result.text)
    fill_official_fields(result)
    return result


def fill_official_fields(result: Extraction) -> None:
    """Pre-fill 发文字号 and 成文日期 from the text when the engine did not find them."""
    meta = result.metadata
    meta.document_number = meta.document_number or find_document_number(result.text)
    meta.issued_on = meta.issued_on or find_issue_date(result.text)


def _add_word_structure(path: Path, result: Extraction) -> None:
    try:
        word = DocxExtractor().extract(path, mime.DOCX)
    except errors.IngestError as exc:
        # The main engine read the file; missing structure is no reason to fail it.
        log.warning("python-docx could not read %s: %s", path, exc.detail)
        return
    result.metadata.headings = word.metadata.headings
    result.metadata.fill_missing(word.metadata)
