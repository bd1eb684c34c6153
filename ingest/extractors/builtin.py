"""The embedded extractor, used when no Tika server is configured: Word, PDF, plain text
and HTML with Python libraries only.

PDF text comes from PDFium (``pypdfium2``, installed with ocrmypdf), not pypdf or
pdfminer.six: with CJK fonts embedded under a custom CMap encoding, as fpdf2 and some
Chinese office suites write them, pypdf returns every character wrapped in NULs and
pdfminer.six returns nothing, while PDFium reads them as Chrome does. pypdf still does the
structural checks in ``ingest.detect``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pypdfium2 as pdfium
from bs4 import BeautifulSoup

from ingest import errors, mime
from ingest.encoding import decode_text
from ingest.extractors.base import DocumentMetadata, Extraction, Extractor
from ingest.extractors.docx import DocxExtractor

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?")


class BuiltinExtractor(Extractor):
    name = "builtin"
    mime_types = frozenset({mime.DOCX, mime.PDF, mime.TEXT, mime.HTML, mime.XHTML})

    def extract(self, path: Path, mime_type: str) -> Extraction:
        if mime_type == mime.DOCX:
            result = DocxExtractor().extract(path, mime_type)
            result.engine = self.name
            return result
        if mime_type == mime.PDF:
            return self._pdf(path, mime_type)
        if mime_type == mime.TEXT:
            text = decode_text(path.read_bytes())
            return Extraction(text, DocumentMetadata(), self.name, mime_type)
        if mime_type in (mime.HTML, mime.XHTML):
            return self._html(path, mime_type)
        raise errors.NeedsTikaError(mime=mime_type)

    def _pdf(self, path: Path, mime_type: str) -> Extraction:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise errors.EncryptedDocumentError(detail=str(exc)) from exc
            raise errors.CorruptFileError(detail=f"PDFium: {exc}") from exc
        try:
            pages = []
            for page in document:
                textpage = page.get_textpage()
                pages.append(textpage.get_text_bounded())
                textpage.close()
                page.close()
            info = document.get_metadata_dict(skip_empty=True)
        finally:
            document.close()
        metadata = DocumentMetadata(
            title=info.get("Title"),
            author=info.get("Author"),
            created=parse_pdf_date(info.get("CreationDate")),
            modified=parse_pdf_date(info.get("ModDate")),
            page_count=len(pages),
        )
        without_text = [n for n, text in enumerate(pages, start=1) if not text.strip()]
        return Extraction("\f".join(pages), metadata, self.name, mime_type, without_text)

    def _html(self, path: Path, mime_type: str) -> Extraction:
        # BeautifulSoup honours <meta charset> and a BOM, and guesses otherwise.
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        for hidden in soup(["script", "style", "noscript", "template"]):
            hidden.decompose()
        title = soup.title.get_text(strip=True) if soup.title else None
        author = soup.find("meta", attrs={"name": "author"})
        body = soup.body or soup
        text = body.get_text("\n")
        metadata = DocumentMetadata(
            title=title or None,
            author=(author.get("content") or None) if author else None,
        )
        return Extraction(text, metadata, self.name, mime_type)


def parse_pdf_date(value: str | None) -> datetime | None:
    """A PDF date string (``D:20261123123647+08'00'``) as an aware datetime."""
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    tz = UTC
    if zone and zone != "Z":
        digits = zone[1:].replace("'", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        tz = timezone(offset if zone[0] == "+" else -offset)
    try:
        return datetime(
            int(year), int(month or 1), int(day or 1),
            int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz,
        )  # fmt: skip
    except ValueError:
        return None
