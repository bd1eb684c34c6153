"""The one place where stored files are removed: destruction after an approved appraisal.

``StoredFile.delete()`` raises by design so nothing removes an original by accident. This
module removes deliberately: it detaches the files of the destroyed nodes and, for each
blob nothing else still uses (content addressing shares identical bytes between nodes),
deletes its row through the plain queryset delete the model's guard wraps, and unlinks the
bytes only after the transaction commits — a rollback then never leaves a row without its
blob, while a crash right after commit leaves at worst an orphan blob for the doctor.
"""

from __future__ import annotations

from django.db import models, transaction

from repository.models import AttachedFile, StoredFile
from repository.storage import blob_path


def _unlink(path) -> None:
    path.unlink(missing_ok=True)


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
        if AttachedFile.objects.filter(stored_file=stored).exists():
            continue  # the same bytes are still an attachment of a kept node
        path = blob_path(stored.sha256, stored.kind)
        models.QuerySet.delete(StoredFile.objects.filter(pk=stored.pk))
        transaction.on_commit(lambda path=path: _unlink(path))
    return removed
