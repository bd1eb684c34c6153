"""Extract: text and metadata from the file's own text layer, and whether it needs OCR."""

from __future__ import annotations

from ingest import errors, mime
from ingest.extract import extract
from ingest.pipeline import JobContext, Stage


class ExtractStage(Stage):
    """Images have no text layer: they go straight to OCR. A PDF needs OCR when some page
    has no text (Tika and the built-in extractor both report those pages) or when no
    text came out at all."""

    name = "extract"

    def applies(self, context: JobContext) -> bool:
        return context.page is None

    def run(self, context: JobContext) -> None:
        detection = context.detection
        if detection.is_image:
            if detection.mime not in mime.OCR_IMAGES:
                raise errors.UnsupportedTypeError(mime=detection.mime)
            context.needs_ocr = True
            return
        result = extract(context.source, detection.mime)
        context.extraction = result
        context.text = result.text
        context.needs_ocr = detection.is_pdf and (result.needs_ocr or not result.text.strip())
