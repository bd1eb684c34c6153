"""OCR engines: scanned PDFs and images in, searchable PDF/A and text out."""

from ingest.ocr.base import OcrEngine, OcrResult, get_ocr_engine

__all__ = ["OcrEngine", "OcrResult", "get_ocr_engine"]
