"""Submitting files and running their jobs: claim, process, retry with backoff, finish.

Why jobs even inline: the command, the admin upload and the watched folder all go
through ``submit`` (stores the original, makes the job) and ``run_job`` (one attempt), so
every file has the same record of what happened whichever door it came in by. A job is
claimed by one worker (``host:pid``); a job whose worker died is taken over, which with
the create stage's single transaction makes a killed run harmless: the next run starts
again from the stored bytes and finishes.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ingest import errors
from ingest.limits import get_limits
from ingest.models import IngestJob
from ingest.pipeline import (
    IntakeContext,
    JobContext,
    intake_stages,
    processing_stages,
    run_stages,
)
from ingest.services import quarantine as quarantine_service
from ingest.services.records import resolve_parent
from repository.storage import blob_matches, blob_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    max_seconds: float

    def delay(self, attempt: int) -> timedelta:
        """Exponential backoff: base, 2×base, 4×base … capped."""
        seconds = min(self.max_seconds, self.base_seconds * 2 ** max(attempt - 1, 0))
        return timedelta(seconds=seconds)


def retry_policy() -> RetryPolicy:
    return RetryPolicy(
        max_attempts=int(getattr(settings, "WENSHU_INGEST_MAX_ATTEMPTS", 5)),
        base_seconds=float(getattr(settings, "WENSHU_INGEST_RETRY_SECONDS", 60)),
        max_seconds=float(getattr(settings, "WENSHU_INGEST_RETRY_MAX_SECONDS", 6 * 3600)),
    )


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def submit(stream: BinaryIO, source_name: str, *, parent=None, user=None) -> IngestJob:
    """Receive and store a file, and return its job (queued, not yet run).

    The same bytes sent again by the same sender to the same place, while that job is
    still unfinished, get that job back (a re-run after a crash continues it instead of
    starting a rival). Anyone else gets a job of their own — never another person's job,
    which may name a folder they cannot see; the duplicate stage ends it at once when a
    node already has the bytes."""
    parent_page = resolve_parent(parent) if parent is not None else None
    creator = user if user is not None and user.is_authenticated else None
    context = IntakeContext(stream=stream, source_name=source_name)
    run_stages(intake_stages(), context)
    stored = context.stored
    with transaction.atomic():
        unfinished = (
            IngestJob.objects.select_for_update()
            .filter(
                sha256=stored.sha256,
                status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING],
                parent=parent_page,
                created_by=creator,
            )
            .order_by("pk")
            .first()
        )
        if unfinished is not None:
            return unfinished
        return IngestJob.objects.create(
            source_name=source_name[:1000],
            sha256=stored.sha256,
            stored_file=stored,
            parent=parent_page,
            created_by=creator,
        )


def submit_path(path: Path, *, source_name: str | None = None, parent=None, user=None):
    with Path(path).open("rb") as stream:
        return submit(stream, source_name or str(path), parent=parent, user=user)


def _worker_alive(job: IngestJob) -> bool:
    """Whether the process that claimed ``job`` still runs. A claim from another host
    counts as alive until it is older than the OCR time limit plus a margin."""
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False  # our own earlier attempt, which ended without finishing
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    stale_after = timedelta(seconds=get_limits().ocr_timeout + 600)
    return bool(job.started_at and timezone.now() - job.started_at < stale_after)


def claim(job_id: int, *, force: bool = False) -> IngestJob | None:
    """Mark the job running for this process, or None when it is finished, claimed by a
    live worker, or (unless ``force``) waiting for its next attempt time."""
    with transaction.atomic():
        job = IngestJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.status == IngestJob.Status.RUNNING and _worker_alive(job):
            return None
        if not force and job.next_attempt_at and job.next_attempt_at > timezone.now():
            return None
        job.status = IngestJob.Status.RUNNING
        job.attempts += 1
        job.worker = this_worker()
        job.started_at = timezone.now()
        job.save(update_fields=["status", "attempts", "worker", "started_at", "updated_at"])
        return job


def run_job(job_id: int, *, force: bool = False) -> IngestJob:
    """One attempt at a job. Never raises for a bad file or a service error: the job
    records the outcome, so a batch always goes on."""
    job = claim(job_id, force=force)
    if job is None:
        return IngestJob.objects.get(pk=job_id)
    workdir = Path(tempfile.mkdtemp(prefix=f"wenshu-ingest-{job.pk}-"))
    try:
        if not blob_matches(job.sha256, "original"):
            raise errors.OriginalMissingError(detail=str(blob_path(job.sha256, "original")))
        context = JobContext(job=job, source=blob_path(job.sha256, "original"), workdir=workdir)
        run_stages(processing_stages(), context)
    except errors.IngestError as exc:
        return _failed(job, exc)
    except Exception as exc:  # a bug in a stage or engine must not stop the batch
        log.exception("ingest job %s failed unexpectedly", job.pk)
        return _failed(job, errors.IngestError(detail=repr(exc)[:1000]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _done(job, context)


def _done(job: IngestJob, context: JobContext) -> IngestJob:
    job.status = IngestJob.Status.DONE
    job.outcome = IngestJob.Outcome.DUPLICATE if context.duplicate else IngestJob.Outcome.CREATED
    job.page = context.page
    if context.duplicate:
        job.text_chars = len(context.text)
    job.error_code = job.error_message = job.error_detail = ""
    job.next_attempt_at = None
    job.finished_at = timezone.now()
    job.save()
    quarantine_service.release(job)
    return job


def _failed(job: IngestJob, exc: errors.IngestError) -> IngestJob:
    job.error_code = exc.code
    job.error_message = exc.message
    job.error_detail = exc.detail[:4000]
    policy = retry_policy()
    if exc.retryable and job.attempts < policy.max_attempts:
        job.status = IngestJob.Status.QUEUED
        job.next_attempt_at = timezone.now() + policy.delay(job.attempts)
        job.save()
        schedule(job)
        return job
    job.status = IngestJob.Status.FAILED
    job.outcome = IngestJob.Outcome.ERROR
    job.next_attempt_at = None
    job.finished_at = timezone.now()
    job.save()
    if not job.page_id:  # a filed node whose indexing gave up keeps its original there
        quarantine_service.quarantine(job)
    return job


def schedule(job: IngestJob) -> bool:
    """Enqueue the job's next attempt on the "ingest" queue, at ``next_attempt_at`` when
    the task backend can defer. The immediate backend cannot wait: the job stays queued
    for ``run_due_jobs`` (the watched-folder loop, ``ingest --resume``, the admin)."""
    from ingest.tasks import process_job

    backend = process_job.get_backend()
    if job.next_attempt_at is None:
        process_job.enqueue(job.pk)
        return True
    if backend.supports_defer:
        process_job.using(run_after=job.next_attempt_at).enqueue(job.pk)
        return True
    return False


def run_due_jobs(*, limit: int | None = None) -> list[IngestJob]:
    """Run queued jobs whose time has come (and running ones whose worker died)."""
    now = timezone.now()
    candidates = IngestJob.objects.filter(
        status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING]
    ).order_by("pk")
    done = []
    for job in candidates[:limit] if limit else candidates:
        if job.next_attempt_at and job.next_attempt_at > now:
            continue
        done.append(run_job(job.pk))
    return done


def retry(job: IngestJob) -> IngestJob:
    """An administrator's "try again": a failed or waiting job starts afresh (attempts
    reset) and is enqueued now."""
    with transaction.atomic():
        job = IngestJob.objects.select_for_update().get(pk=job.pk)
        if job.status == IngestJob.Status.DONE:
            return job
        if job.status == IngestJob.Status.RUNNING and _worker_alive(job):
            return job
        job.status = IngestJob.Status.QUEUED
        job.outcome = IngestJob.Outcome.NONE
        job.attempts = 0
        job.next_attempt_at = None
        job.finished_at = None
        job.save()
    schedule(job)
    job.refresh_from_db()
    return job
