"""Quarantine (隔离区): refused originals kept as plain files with the reason, for an
archivist to download, fix at the source, and process again.

Why a copy outside the content-addressed store: the store keeps the bytes too (the
original is stored before parsing), but a refused file is attached to no node; a
quarantine folder an administrator can browse and an admin list with the bilingual reason
make it findable. Copies are written under a temporary name and renamed, never replaced.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ingest.models import IngestJob, QuarantineEntry
from repository.storage import blob_path

_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def quarantine_root() -> Path:
    return Path(settings.WENSHU_QUARANTINE_DIR)


def safe_name(filename: str) -> str:
    name = _UNSAFE.sub("_", filename).strip(" .") or "file"
    return name[:200]


def quarantine(job: IngestJob) -> QuarantineEntry:
    """Copy the job's original into quarantine (once per job) and record why."""
    entry = job.quarantine.filter(released_at=None).first()
    if entry is None:
        relative = Path(job.sha256[:2]) / job.sha256 / safe_name(job.filename)
        _copy_once(blob_path(job.sha256, "original"), quarantine_root() / relative)
        entry = QuarantineEntry(
            job=job,
            filename=job.filename,
            sha256=job.sha256,
            size=job.stored_file.size,
            relative_path=str(relative),
        )
    entry.error_code = job.error_code
    entry.error_message = job.error_message
    entry.save()
    return entry


def _copy_once(source: Path, target: Path) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    os.close(fd)
    try:
        if source.exists():
            shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def quarantined_path(entry: QuarantineEntry) -> Path:
    return quarantine_root() / entry.relative_path


@transaction.atomic
def release(job: IngestJob) -> None:
    """The job finished after all (re-processed): its quarantine entries are done."""
    for entry in job.quarantine.filter(released_at=None):
        entry.released_at = timezone.now()
        entry.save(update_fields=["released_at"])
