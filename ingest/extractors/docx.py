"""Word (.docx) through python-docx: body text in reading order (paragraphs and tables),
core properties, the heading outline, and the page count Word recorded.

Why besides Tika: python-docx needs no server, so it is also the embedded engine's Word
reader, and it sees the document's structure (styles, headings) that plain text loses.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest import errors, mime
from ingest.extractors.base import DocumentMetadata, Extraction, Extractor

_APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
# The file is untrusted: no entity expansion, no network.
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class DocxExtractor(Extractor):
    name = "docx"
    mime_types = frozenset({mime.DOCX})

    def extract(self, path: Path, mime: str) -> Extraction:
        try:
            document = Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise errors.CorruptFileError(detail=f"python-docx: {exc}") from exc
        except etree.XMLSyntaxError as exc:
            raise errors.CorruptFileError(detail=f"python-docx XML: {exc}") from exc
        lines, headings = _body_lines(document)
        props = document.core_properties
        metadata = DocumentMetadata(
            title=props.title or (headings[0] if headings else None),
            author=props.author or None,
            created=props.created,
            modified=props.modified,
            page_count=_recorded_page_count(path),
            headings=headings,
            extra={"last_modified_by": props.last_modified_by or None},
        )
        return Extraction("\n".join(lines), metadata, self.name, mime)


def _body_lines(document) -> tuple[list[str], list[str]]:
    """Text lines in reading order (a table row is one tab-separated line) and the
    headings' texts."""
    lines: list[str] = []
    headings: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
            style = (block.style.name if block.style is not None else "") or ""
            if (style.startswith("Heading") or style == "Title") and block.text.strip():
                headings.append(block.text.strip())
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    # Merged cells repeat in python-docx; keep each once per row.
                    if not cells or cells[-1] != cell.text:
                        cells.append(cell.text)
                lines.append("\t".join(cells))
    return lines, headings


def _recorded_page_count(path: Path) -> int | None:
    """Pages as Word counted them at the last save (docProps/app.xml); absent when the
    file was written by a program that does not lay pages out."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/app.xml") as stream:
            root = etree.parse(stream, _SAFE_XML).getroot()
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    pages = root.find(f"{_APP_NS}Pages")
    if pages is None or not (pages.text or "").strip().isdigit():
        return None
    return int(pages.text.strip()) or None
