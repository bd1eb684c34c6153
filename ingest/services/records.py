"""The draft node made from an ingested file: its type, title, fields and files.

Why one function doing it all in one transaction: a node without its original, or an
original without its text, must never be visible, not even for a moment and not after a
crash. Everything slow (extraction, OCR) has finished before this runs.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.db import transaction
from wagtail.models import Page

from ingest import errors, mime
from repository.models import (
    AttachedFile,
    DepartmentPage,
    DocumentKind,
    FolderPage,
    GenericDocumentPage,
    InboxPage,
    OfficialDocumentPage,
)
from repository.services.demo import ensure_home_page
from repository.services.files import attach_derived, attach_stored_original

PARENT_TYPES = (InboxPage, DepartmentPage, FolderPage)
TITLE_MAX = 120


def ensure_inbox() -> InboxPage:
    """The 收件箱 under the home page, created (published, empty) when missing."""
    inbox = InboxPage.objects.first()
    if inbox is not None:
        return inbox
    home = ensure_home_page()
    inbox = home.add_child(instance=InboxPage(title="收件箱", slug="inbox"))
    inbox.save_revision().publish()
    return inbox


def resolve_parent(page: Page | int | None) -> Page:
    """The node new records go under: the chosen one if it may hold records, else the
    inbox. Raises ``InvalidParentError`` for a node of another type."""
    if page is None:
        return ensure_inbox()
    if isinstance(page, int):
        page = Page.objects.filter(pk=page).first()
        if page is None:
            raise errors.InvalidParentError(parent="?")
    specific = page.specific
    if not isinstance(specific, PARENT_TYPES):
        raise errors.InvalidParentError(parent=f"{page.title} #{page.pk}")
    return specific


def guess_title(metadata, text: str, filename: str) -> str:
    """The file's own title, else its first line of text, else the file name."""
    for candidate in (metadata.title if metadata else None, _first_line(text)):
        if candidate and candidate.strip():
            return candidate.strip()[:TITLE_MAX]
    return (Path(filename).stem or filename)[:TITLE_MAX]


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def guess_kind(title: str) -> str:
    """文种 from the end of the title (公文 titles end with it: 关于……的通知); blank when
    unknown, for the registrar to choose before publishing."""
    for kind in DocumentKind:
        if title.endswith(kind.value):
            return kind.value
    return ""


def build_page(*, metadata, text: str, filename: str, slug: str) -> Page:
    title = guess_title(metadata, text, filename)
    number = metadata.document_number if metadata else None
    issued = metadata.issued_on if metadata else None
    common = {"title": title, "slug": slug, "live": False, "year": issued.year if issued else None}
    if number:
        return OfficialDocumentPage(
            **common,
            document_number=number,
            date_written=issued,
            direction=OfficialDocumentPage.Direction.INCOMING,
            kind=guess_kind(title),
        )
    return GenericDocumentPage(**common)


@transaction.atomic
def create_record(
    *,
    parent: Page,
    stored,
    filename: str,
    metadata,
    text: str,
    ocr_pdf: Path | None,
    user=None,
) -> Page:
    """Create the draft node with its original, the OCR'd PDF/A and the text, at once."""
    page = build_page(metadata=metadata, text=text, filename=filename, slug=stored.sha256[:16])
    parent.add_child(instance=page)
    page.save_revision(user=user if user and user.is_authenticated else None)
    original = attach_stored_original(page, stored, filename, user=user)
    stem = Path(filename).stem or "document"
    if ocr_pdf is not None:
        with ocr_pdf.open("rb") as stream:
            attach_derived(
                original, stream, f"{stem}.ocr.pdf", AttachedFile.Role.OCR_PDF, mime_type=mime.PDF
            )
    if text:
        attach_derived(
            original,
            io.BytesIO(text.encode("utf-8")),
            f"{stem}.txt",
            AttachedFile.Role.TEXT,
            mime_type="text/plain",
        )
    return page
