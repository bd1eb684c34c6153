"""Duplicate: the same bytes already on a node are not filed a second time."""

from __future__ import annotations

from ingest.pipeline import JobContext, Stage
from repository.models import AttachedFile
from repository.services.files import read_attached_text


class DuplicateStage(Stage):
    """Content addressing already stored the bytes once; this stage stops the pipeline
    when a node already carries them as its original, and points the job at that node.
    A job whose own node exists (created, then indexing failed) resumes at indexing."""

    name = "duplicate"

    def run(self, context: JobContext) -> None:
        job = context.job
        if job.page_id:
            context.page = job.page.specific
            return
        existing = (
            AttachedFile.objects.filter(
                stored_file_id=job.stored_file_id, role=AttachedFile.Role.ORIGINAL
            )
            .select_related("page")
            .order_by("added_at", "pk")
            .first()
        )
        if existing is not None:
            context.page = existing.page.specific
            context.duplicate = True
            context.text = read_attached_text(context.page)
