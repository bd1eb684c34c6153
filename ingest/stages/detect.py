"""Detect: the real type from the content, and refusal of files no parser should touch."""

from __future__ import annotations

from ingest import errors, mime
from ingest.detect import detect
from ingest.pipeline import JobContext, Stage


class DetectStage(Stage):
    name = "detect"

    def applies(self, context: JobContext) -> bool:
        return context.page is None

    def run(self, context: JobContext) -> None:
        detection = detect(context.source, filename=context.filename)
        if detection.is_archive:
            # The command unpacks zip archives when it receives them; one that reaches a
            # job (uploaded, or inside another archive) is not a document.
            raise errors.ArchiveMemberError(mime=mime.ZIP)
        context.detection = detection
