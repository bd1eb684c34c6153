"""Removing the files of destroyed records, after an approved appraisal.

``StoredFile.delete()`` raises by design so nothing removes an original by accident. This
module detaches the files of the destroyed nodes and hands each blob to
``repository.services.files.destroy_stored_file``, the store's one deliberate exit, which
keeps bytes another node still uses and unlinks the rest only after commit.
"""

from __future__ import annotations

from repository.models import AttachedFile
from repository.services.files import destroy_stored_file


def remove_files_of(page_ids: list[int]) -> list[dict]:
    """Detach every file of these nodes and destroy blobs no other node uses; returns what
    was removed, for the destruction register."""
    attachments = list(
        AttachedFile.objects.filter(page_id__in=page_ids).select_related("stored_file")
    )
    removed = [
        {"filename": a.filename, "role": a.role, "sha256": a.stored_file.sha256}
        for a in attachments
    ]
    pending = {a.pk: a for a in attachments}
    while pending:  # derived files first: ``derived_from`` protects their sources
        leaves = [a for a in pending.values() if not a.derivatives.filter(pk__in=pending).exists()]
        for attachment in leaves:
            del pending[attachment.pk]
            attachment.delete()
    for stored in {a.stored_file_id: a.stored_file for a in attachments}.values():
        # Bytes still attached to a kept node stay; the rest leave through the store's
        # one deliberate exit.
        destroy_stored_file(stored, reason="鉴定销毁 / approved destruction")
    return removed
