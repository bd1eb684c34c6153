"""OCR: a searchable PDF/A and the recognised text for files without a usable text layer."""

from __future__ import annotations

from ingest.ocr import get_ocr_engine
from ingest.pipeline import JobContext, Stage


class OcrStage(Stage):
    """The engine runs in a child process with a time limit and writes under a temporary
    name in the job's scratch directory; nothing reaches the store before the create
    stage, so a worker killed here leaves no trace but scratch files."""

    name = "ocr"

    def applies(self, context: JobContext) -> bool:
        return context.page is None and context.needs_ocr

    def run(self, context: JobContext) -> None:
        output = context.workdir / "ocr.pdf"
        result = get_ocr_engine().ocr(context.source, context.detection.mime, output)
        context.ocr = result
        # The OCR text covers every page: recognised ones and those that had text already.
        context.text = result.text
