"""How a job is reported to the outside: the command's JSON line, the upload view's reply."""

from __future__ import annotations

from ingest.models import IngestJob
from repository.services.files import read_attached_text


def job_status(job: IngestJob) -> str:
    """``created`` / ``duplicate`` / ``error`` once finished; a job waiting for a retry is
    reported as ``error`` with its (retryable) message; a job not yet run as ``queued``."""
    if job.status == IngestJob.Status.DONE:
        return job.outcome
    if job.status == IngestJob.Status.FAILED or job.error_code:
        return IngestJob.Outcome.ERROR
    return job.status


def job_result(job: IngestJob, *, path: str | None = None, include_text: bool = False) -> dict:
    result = {
        "path": path if path is not None else job.source_name,
        "status": job_status(job),
        "page_id": job.page_id,
        "sha256": job.sha256,
        "ocr": job.ocr,
        "text_chars": job.text_chars,
        # The shape of ``IngestError.as_dict()``; null when the file was filed.
        "error": (
            {
                "code": job.error_code,
                "message": job.error_message,
                "retryable": not job.is_finished,
                "detail": job.error_detail,
            }
            if job_status(job) == IngestJob.Outcome.ERROR
            else None
        ),
    }
    if include_text:
        result["text"] = read_attached_text(job.page) if job.page_id else ""
    return result
