"""Apache Tika server 3.x, through the ``tika`` package in client-only mode.

Why Tika: one well-kept service reads the office formats offices actually have (Word 97
and 2007+, Excel, PowerPoint, ODF, RTF, HTML, e-mail, PDF). The ``tika`` package would
download and start a Tika jar of its own unless told not to; settings set
``TIKA_CLIENT_ONLY`` from ``TIKA_URL`` and this module sets the package's flag again
before each call, so a missing server is an error, never a download.

Tika's own OCR is off in our server configuration (``ops/tika-config.xml``); the request
headers say so as well, so that a Tika configured differently cannot spend minutes on
English-only OCR of a Chinese scan. OCR is ocrmypdf's job.

Two repairs of Tika's plain-text output, each for the formats that need it:
- OpenDocument: Tika's ODF parser ends a heading without a line break, so the heading
  and the paragraph after it (often the 发文字号) run together on one line. For ODF the
  XHTML output is requested instead and turned into text here, a line per block.
- Spreadsheets: Excel header/footer fields come out as raw format codes
  (``&C&"Times New Roman,Regular"&12Page &P``, LibreOffice writes one by default);
  the codes are removed, any real header text stays.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import requests
from bs4 import BeautifulSoup
from django.conf import settings

from ingest import errors, mime
from ingest.extractors.base import DocumentMetadata, Extraction, Extractor
from ingest.limits import get_limits

SERVICE = "Tika"
TIKA_MIME_TYPES = frozenset(
    {
        mime.DOC, mime.DOCX, mime.XLS, mime.XLSX, mime.PPT, mime.PPTX,
        mime.ODT, mime.ODS, mime.ODP, *mime.RTF_TYPES, mime.HTML, mime.XHTML,
        mime.EML, mime.TEXT, mime.PDF, "text/csv", *mime.OLE_GENERIC,
    }
)  # fmt: skip
_NO_OCR_HEADERS = {"X-Tika-OCRskipOcr": "true", "X-Tika-PDFocrStrategy": "no_ocr"}
_EXCEPTION = "X-TIKA:EXCEPTION:container_exception"
_XHTML_TYPES = frozenset({mime.ODT, mime.ODS, mime.ODP})
_SPREADSHEETS = frozenset({mime.XLS, mime.XLSX, mime.ODS})
_BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "div", "title", "br"]
# Excel header/footer codes: &"font,style", &12 (size), &L/&C/&R sections, &P page …
_SHEET_CODES = re.compile(r'&"[^"\n]*"|&\d{1,3}|&[LCRPNDTFABIUSXYEKGHZ&]')
_SHEET_CODE_LINE = re.compile(r'^\s*&(?:[LCR"]|\d)')


class TikaExtractor(Extractor):
    name = "tika"
    mime_types = TIKA_MIME_TYPES

    def __init__(self, url: str | None = None) -> None:
        self.url = (url or getattr(settings, "TIKA_URL", None) or "").rstrip("/")
        if not self.url:
            raise errors.NeedsTikaError(mime="*")

    def extract(self, path: Path, mime_type: str) -> Extraction:
        xhtml = mime_type in _XHTML_TYPES
        documents = self._rmeta(path, xhtml=xhtml)
        container = documents[0]
        failure = container.get(_EXCEPTION)
        if failure:
            raise _parse_failure(str(failure))
        # /rmeta returns the container first, then each embedded file (attachments of an
        # e-mail, objects in a Word file); their text belongs to the record too.
        texts = [_body_text(doc, head_printed=not xhtml) for doc in documents]
        if mime_type in _SPREADSHEETS:
            texts = [without_sheet_codes(text) for text in texts]
        metadata = _metadata(container)
        return Extraction(
            "\n\n".join(t for t in texts if t.strip()),
            metadata,
            self.name,
            mime_type,
            _pages_without_text(container),
        )

    def _rmeta(self, path: Path, *, xhtml: bool = False) -> list[dict]:
        from tika import parser
        from tika import tika as tika_client

        tika_client.TikaClientOnly = True  # never download or spawn a server
        limits = get_limits()
        headers = {
            **_NO_OCR_HEADERS,
            # A name hint helps Tika's detection; the real name may not be ASCII.
            "Content-Disposition": f"attachment; filename=document{path.suffix.lower()}",
        }
        try:
            with path.open("rb") as handle:
                status, body = parser.from_buffer(
                    handle,
                    serverEndpoint=self.url,
                    headers=headers,
                    requestOptions={
                        "timeout": (limits.tika_connect_timeout, limits.tika_read_timeout)
                    },
                    raw_response=True,
                    xmlContent=xhtml,
                )
        except requests.Timeout as exc:
            raise errors.ServiceTimeoutError(
                detail=str(exc), service=SERVICE, seconds=limits.tika_read_timeout
            ) from exc
        except requests.RequestException as exc:
            raise errors.ServiceUnavailableError(detail=str(exc), service=SERVICE) from exc
        documents = _documents(status, body)
        if xhtml:
            for doc in documents:
                doc["X-TIKA:content"] = xhtml_text(doc.get("X-TIKA:content") or "")
        return documents


def _documents(status: int, body: str) -> list[dict]:
    if status == 415:
        raise errors.UnsupportedTypeError(detail="Tika: 415", mime="?")
    if status == 422:
        raise _parse_failure(body)
    if status >= 500 or status in (408, 429):
        raise errors.ServiceUnavailableError(detail=f"Tika HTTP {status}", service=SERVICE)
    if status != 200:
        raise errors.ExtractionFailedError(detail=f"Tika HTTP {status}: {body[:300]}")
    try:
        documents = json.loads(body)
    except ValueError as exc:
        raise errors.ServiceUnavailableError(detail="Tika: invalid JSON", service=SERVICE) from exc
    if not documents:
        raise errors.ExtractionFailedError(detail="Tika returned no document")
    return documents


def _parse_failure(trace: str) -> errors.IngestError:
    """Tika reports a file it cannot parse inside a 200 response; name the cause."""
    first_line = trace.strip().splitlines()[0][:300] if trace.strip() else "Tika parse error"
    if "EncryptedDocumentException" in trace:
        return errors.EncryptedDocumentError(detail=first_line)
    if "ZeroByteFileException" in trace:
        return errors.EmptyFileError(detail=first_line)
    return errors.CorruptFileError(detail=first_line)


def xhtml_text(xhtml: str) -> str:
    """Plain text of Tika's XHTML output: the body only, a line per block element and a
    tab between table cells, inline runs (LibreOffice's many <span>s) joined."""
    soup = BeautifulSoup(xhtml, "lxml")
    body = soup.body
    if body is None:
        return ""
    for cell in body.find_all(["td", "th"]):
        cell.insert_after("\t")
    for block in body.find_all(_BLOCKS):
        block.insert_after("\n")
    return body.get_text()


def without_sheet_codes(text: str) -> str:
    """Header/footer lines (they start with a section or font code) without their codes;
    cells that merely contain an ampersand (R&D) are left alone."""
    lines = [
        _SHEET_CODES.sub("", line) if _SHEET_CODE_LINE.match(line) else line
        for line in text.split("\n")
    ]
    return "\n".join(lines)


def _first(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value not in (None, "") else None


def _date(value) -> datetime | None:
    text = _first(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _int(value) -> int | None:
    text = _first(value)
    return int(text) if text and text.isdigit() else None


def _metadata(doc: dict) -> DocumentMetadata:
    return DocumentMetadata(
        title=_first(doc.get("dc:title")),
        author=_first(doc.get("dc:creator")),
        created=_date(doc.get("dcterms:created")),
        modified=_date(doc.get("dcterms:modified")),
        page_count=_int(doc.get("xmpTPg:NPages")) or _int(doc.get("meta:page-count")),
        extra={"content_type": _first(doc.get("Content-Type"))},
    )


def _body_text(doc: dict, *, head_printed: bool = True) -> str:
    """The content without the title Tika's text handler prints first from the XHTML
    <head> (the document's title property, which is metadata, not body text)."""
    text = (doc.get("X-TIKA:content") or "").lstrip()
    title = _first(doc.get("dc:title"))
    if head_printed and title and text.startswith(title):
        text = text[len(title) :]
    return text.strip("\n")


def _pages_without_text(doc: dict) -> list[int]:
    chars = doc.get("pdf:charsPerPage")
    if chars is None:
        return []
    if not isinstance(chars, list):
        chars = [chars]
    return [n for n, count in enumerate(chars, start=1) if str(count).strip() in ("", "0")]
