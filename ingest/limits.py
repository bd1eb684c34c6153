"""Limits and timeouts of the ingest engines, read from Django settings with safe defaults.

Why a module of its own: every stage needs a few of these and tests override them with
``settings`` fixtures; reading them through one function keeps the names (``WENSHU_*``) and
defaults in one place instead of scattered ``getattr`` calls. They are read on each call,
not at import, so an override in a test or a reloaded setting takes effect.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from PIL import Image

MIB = 1024 * 1024
_PILLOW_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485


@dataclass(frozen=True)
class IngestLimits:
    max_file_bytes: int
    max_uncompressed_bytes: int
    max_archive_members: int
    max_compression_ratio: int
    max_archive_depth: int
    max_image_pixels: int
    tika_connect_timeout: float
    tika_read_timeout: float
    ocr_timeout: float
    ocr_jobs: int | None
    ocr_rotate_threshold: float


def get_limits() -> IngestLimits:
    """The limits now in force. Defaults suit an office server with a few GB of memory."""

    def value(name: str, default):
        return getattr(settings, name, default)

    return IngestLimits(
        # One scanned register can be a few hundred MB; beyond 1 GB is a mistake.
        max_file_bytes=int(value("WENSHU_MAX_FILE_BYTES", 1024 * MIB)),
        # Total size after decompression of a zip archive or an OOXML/ODF container.
        max_uncompressed_bytes=int(value("WENSHU_MAX_UNCOMPRESSED_BYTES", 1024 * MIB)),
        max_archive_members=int(value("WENSHU_MAX_ARCHIVE_MEMBERS", 10_000)),
        # Text compresses ~10:1, XML up to ~50:1; bombs reach 1000:1 and beyond.
        max_compression_ratio=int(value("WENSHU_MAX_COMPRESSION_RATIO", 200)),
        # Archives inside the archive given: departments' zips zipped again for sending
        # are two levels; deeper nesting is a trick, not filing.
        max_archive_depth=int(value("WENSHU_MAX_ARCHIVE_DEPTH", 3)),
        # Pillow's own decompression-bomb threshold (about 89 megapixels, an A0 page at
        # 300 dpi is ~140 MP so offices that scan maps raise it).
        max_image_pixels=int(value("WENSHU_MAX_IMAGE_PIXELS", _PILLOW_PIXELS)),
        tika_connect_timeout=float(value("WENSHU_TIKA_CONNECT_TIMEOUT", 5)),
        tika_read_timeout=float(value("WENSHU_TIKA_TIMEOUT", 120)),
        # Whole-document OCR budget; ocrmypdf's own timeout is per page only.
        ocr_timeout=float(value("WENSHU_OCR_TIMEOUT", 1800)),
        ocr_jobs=int(jobs) if (jobs := value("WENSHU_OCR_JOBS", None)) else None,
        # Tesseract's orientation confidence below which a page is not turned. ocrmypdf's
        # default (14) suits Latin text; Chinese pages score lower (a sideways A4 page of
        # 三号 text scores 10-13 on ocrmypdf's preview), so 14 leaves them sideways.
        # Upright pages are reported as upright, whatever the confidence.
        ocr_rotate_threshold=float(value("WENSHU_OCR_ROTATE_THRESHOLD", 5.0)),
    )
