"""Create: the draft node, its original and derived files, and the job's link to it."""

from __future__ import annotations

from django.db import transaction

from ingest.models import IngestJob
from ingest.pipeline import JobContext, Stage
from ingest.services.records import create_record, resolve_parent
from repository.services.files import refine_stored_type


class CreateStage(Stage):
    """Runs only after extraction and OCR have finished, in one transaction with the job
    row: either the node exists with all its files and the job knows it, or neither."""

    name = "create"

    def applies(self, context: JobContext) -> bool:
        return context.page is None

    def run(self, context: JobContext) -> None:
        with transaction.atomic():
            job = IngestJob.objects.select_for_update().get(pk=context.job.pk)
            if job.page_id:  # another run got here first
                context.page = job.page.specific
                return
            stored = job.stored_file
            if context.detection:
                refine_stored_type(stored, context.detection.mime)
            page = create_record(
                parent=resolve_parent(job.parent),
                stored=stored,
                filename=job.filename,
                metadata=context.extraction.metadata if context.extraction else None,
                text=context.text,
                ocr_pdf=context.ocr.pdf_path if context.ocr else None,
                user=job.created_by,
            )
            job.page = page
            job.ocr = context.ocr is not None
            job.text_chars = len(context.text)
            job.save(update_fields=["page", "ocr", "text_chars", "updated_at"])
            context.job.page = page
            context.job.ocr = job.ocr
            context.job.text_chars = job.text_chars
            context.page = page
