"""The watched folder (``WENSHU_INBOX_DIR``): files dropped there are ingested into the
收件箱 and moved aside, into ``processed/`` or ``failed/`` beside them.

Why move only after storing: the original is in the content-addressed store once
``submit`` returns, so moving it can never lose it; a file still being copied in (changed
in the last ``WENSHU_INBOX_SETTLE_SECONDS``) is left for the next round.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ingest.models import IngestJob
from ingest.services import jobs
from ingest.services.results import job_status

ASIDE = ("processed", "failed")


def inbox_dir() -> Path | None:
    configured = getattr(settings, "WENSHU_INBOX_DIR", None)
    return Path(configured) if configured else None


def waiting_files(root: Path, settle_seconds: float) -> list[Path]:
    now = time.time()
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.relative_to(root).parts[0] not in ASIDE
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and now - p.stat().st_mtime >= settle_seconds
    )


def consume_inbox(root: Path | None = None, *, background: bool = False) -> list[IngestJob]:
    root = root or inbox_dir()
    if root is None or not root.is_dir():
        return []
    settle = float(getattr(settings, "WENSHU_INBOX_SETTLE_SECONDS", 5))
    handled = []
    for path in waiting_files(root, settle):
        job = jobs.submit_path(path, source_name=str(path))
        if background:
            jobs.schedule(job)
        else:
            job = jobs.run_job(job.pk)
        job.refresh_from_db()
        _move_aside(
            root, path, "failed" if job_status(job) == IngestJob.Outcome.ERROR else "processed"
        )
        handled.append(job)
    return handled


def _move_aside(root: Path, path: Path, where: str) -> Path:
    target = root / where / timezone.now().strftime("%Y%m%d") / path.relative_to(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target = target.with_name(f"{target.stem}-{int(time.time() * 1000)}{target.suffix}")
    shutil.move(str(path), target)
    return target
