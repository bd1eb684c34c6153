"""Limits and timeouts of the ingest engines, as one typed value.

Why a module of its own: every stage needs a few of these and tests override them with
``settings`` fixtures; reading them through one function keeps the attribute names in one
place instead of scattered settings lookups. Their names, types and defaults live with the
other tunables in ``config/settings/base.py`` (an environment variable of the same name
overrides one). They are read on each call, not at import, so an override in a test or a
reloaded setting takes effect.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


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
    """The limits now in force."""
    return IngestLimits(
        max_file_bytes=settings.WENSHU_MAX_FILE_BYTES,
        max_uncompressed_bytes=settings.WENSHU_MAX_UNCOMPRESSED_BYTES,
        max_archive_members=settings.WENSHU_MAX_ARCHIVE_MEMBERS,
        max_compression_ratio=settings.WENSHU_MAX_COMPRESSION_RATIO,
        max_archive_depth=settings.WENSHU_MAX_ARCHIVE_DEPTH,
        max_image_pixels=settings.WENSHU_MAX_IMAGE_PIXELS,
        tika_connect_timeout=settings.WENSHU_TIKA_CONNECT_TIMEOUT,
        tika_read_timeout=settings.WENSHU_TIKA_TIMEOUT,
        ocr_timeout=settings.WENSHU_OCR_TIMEOUT,
        ocr_jobs=settings.WENSHU_OCR_JOBS,
        ocr_rotate_threshold=settings.WENSHU_OCR_ROTATE_THRESHOLD,
    )
