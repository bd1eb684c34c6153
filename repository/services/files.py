"""Attaching files to nodes and checking their fixity (完整性)."""

from __future__ import annotations

import contextlib
from typing import BinaryIO

from django.db import models, transaction
from django.utils import timezone

from repository.extensions import ATTACH_FILES, check_change_allowed
from repository.filetypes import refined_type, stored_type
from repository.models import AttachedFile, StoredFile
from repository.storage import blob_matches, blob_path, write_blob


def store_file(
    stream: BinaryIO, *, kind: str = StoredFile.Kind.ORIGINAL, mime_type: str = ""
) -> StoredFile:
    """Write the bytes (once) and return their StoredFile row, new or existing.

    The type stored is what the bytes are (``repository.filetypes.stored_type``);
    ``mime_type`` is a server-side hint for bytes libmagic cannot place, never a
    browser's claim."""
    blob = write_blob(stream, kind)
    stored, _created = StoredFile.objects.get_or_create(
        sha256=blob.sha256,
        defaults={
            "size": blob.size,
            "mime_type": stored_type(blob.path, mime_type),
            "kind": kind,
        },
    )
    return stored


def refine_stored_type(stored: StoredFile, detected: str) -> None:
    """Take a closer content detection (ingest looks inside zip containers) where the
    stored type is only libmagic's "some bytes" — never into a type a browser runs."""
    refined = refined_type(stored.mime_type, detected)
    if refined != stored.mime_type:
        stored.mime_type = refined
        stored.save(update_fields=["mime_type"])


@transaction.atomic
def attach_original(
    page, stream: BinaryIO, filename: str, *, user=None, mime_type: str = ""
) -> AttachedFile:
    """Keep an original file on a node. Identical bytes already attached there are reused.

    ``mime_type`` is a hint from server-side code only (see ``store_file``): an upload
    form's content type must not be passed here. Refused (``ChangeRefused``) on a node a
    change guard freezes, such as a filed record.
    """
    check_change_allowed(page, ATTACH_FILES)
    stored = store_file(stream, kind=StoredFile.Kind.ORIGINAL, mime_type=mime_type)
    existing = AttachedFile.objects.filter(
        page=page, stored_file=stored, role=AttachedFile.Role.ORIGINAL
    ).first()
    if existing:
        return existing
    return AttachedFile.objects.create(
        page=page,
        stored_file=stored,
        filename=filename,
        role=AttachedFile.Role.ORIGINAL,
        added_by=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def attach_stored_original(page, stored: StoredFile, filename: str, *, user=None) -> AttachedFile:
    """Attach bytes stored earlier (ingest stores first, then decides which node gets them)."""
    check_change_allowed(page, ATTACH_FILES)
    attachment, _created = AttachedFile.objects.get_or_create(
        page=page,
        stored_file=stored,
        role=AttachedFile.Role.ORIGINAL,
        defaults={
            "filename": filename,
            "added_by": user if user and user.is_authenticated else None,
        },
    )
    return attachment


@transaction.atomic
def attach_derived(
    source: AttachedFile, stream: BinaryIO, filename: str, role: str, *, mime_type: str = ""
) -> AttachedFile:
    """Keep a file made from ``source`` (OCR'd PDF/A, text) beside it, never in its place."""
    stored = store_file(stream, kind=StoredFile.Kind.DERIVED, mime_type=mime_type)
    return AttachedFile.objects.create(
        page_id=source.page_id,
        stored_file=stored,
        filename=filename,
        role=role,
        derived_from=source,
    )


def verify_fixity(stored: StoredFile) -> bool:
    """Re-hash the blob and record the outcome; False means missing or altered bytes."""
    ok = blob_matches(stored.sha256, stored.kind)
    stored.last_verified_at = timezone.now()
    stored.last_verified_ok = ok
    stored.save(update_fields=["last_verified_at", "last_verified_ok"])
    return ok


def read_attached_text(page) -> str:
    """All text-role files of ``page`` joined: what extraction and OCR found in its files."""
    return read_attached_texts([page]).get(page.pk, "")


def read_attached_texts(pages) -> dict[int, str]:
    """``read_attached_text`` for many pages with one query: page id -> joined text.

    Pages without text files are absent. Search indexing builds documents in batches
    and would otherwise run one query per record.
    """
    parts: dict[int, list[str]] = {}
    attachments = AttachedFile.objects.filter(
        page__in=[page.pk for page in pages], role=AttachedFile.Role.TEXT
    ).select_related("stored_file")
    for attachment in attachments:
        path = blob_path(attachment.stored_file.sha256, attachment.stored_file.kind)
        if path.is_file():
            parts.setdefault(attachment.page_id, []).append(
                path.read_text(encoding="utf-8", errors="replace")
            )
    return {page_id: "\n".join(texts) for page_id, texts in parts.items()}


@transaction.atomic
def destroy_stored_file(stored: StoredFile, *, reason: str) -> bool:
    """The one deliberate way bytes leave the store: approved destruction (鉴定销毁).

    Refuses while any node still carries the bytes. The row goes now (its history keeps
    the record, with ``reason``), the file after the transaction commits, so a rollback
    never leaves a row without bytes. Returns False when the bytes are still in use.
    """
    if AttachedFile.objects.filter(stored_file=stored).exists():
        return False
    path = blob_path(stored.sha256, stored.kind)
    stored._change_reason = reason
    models.QuerySet.delete(StoredFile.objects.filter(pk=stored.pk))
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return True


@contextlib.contextmanager
def prefetched_attached_text(pages):
    """Within the block, ``page.attached_text()`` of each of ``pages`` answers from one
    query for all of them; afterwards it reads afresh again (files may change)."""
    from repository.models.base import PREFETCHED_ATTACHED_TEXT

    records = [page for page in pages if hasattr(page, "attached_text")]
    texts = read_attached_texts(records) if records else {}
    for page in records:
        setattr(page, PREFETCHED_ATTACHED_TEXT, texts.get(page.pk, ""))
    try:
        yield
    finally:
        for page in records:
            page.__dict__.pop(PREFETCHED_ATTACHED_TEXT, None)
