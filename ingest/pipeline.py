"""The ingest pipeline: a file's context handed through an ordered list of small stages.

Why stages (after paperless-ngx's consumer, without its one long method): each step —
check for a duplicate, detect, extract, OCR, create the node, index — is a class with one
job that can be tested alone, swapped by settings (``WENSHU_INGEST_STAGES``) and timed.
Two lists: *intake* stages run where the file arrives (the command, the upload view) and
store the original before anything parses it; *processing* stages run in the job, from the
stored bytes only, so a job can always be run again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

INTAKE_STAGES = [
    "ingest.stages.receive.ReceiveStage",
    "ingest.stages.store.StoreStage",
]
PROCESSING_STAGES = [
    "ingest.stages.duplicate.DuplicateStage",
    "ingest.stages.detect.DetectStage",
    "ingest.stages.extract.ExtractStage",
    "ingest.stages.ocr.OcrStage",
    "ingest.stages.create.CreateStage",
    "ingest.stages.index.IndexStage",
]


@dataclass
class IntakeContext:
    """A file arriving: its bytes as a stream and the name its sender gave it."""

    stream: BinaryIO
    source_name: str
    filename: str = ""
    stored: Any = None  # repository.models.StoredFile once the store stage ran


@dataclass
class JobContext:
    """What the processing stages know about one job's file so far."""

    job: Any  # ingest.models.IngestJob
    source: Path  # the stored original (content-addressed blob)
    workdir: Path  # scratch space for derived files before they are stored
    detection: Any = None  # ingest.detect.Detection
    extraction: Any = None  # ingest.extractors.base.Extraction
    ocr: Any = None  # ingest.ocr.OcrResult
    text: str = ""
    needs_ocr: bool = False
    page: Any = None  # the node created, or the existing one for a duplicate
    duplicate: bool = False
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return self.job.filename


class Stage:
    """One step. ``applies`` lets a stage step aside (no OCR needed, already created);
    ``run`` changes the context or raises an ``ingest.errors.IngestError``."""

    name = ""

    def applies(self, context) -> bool:
        return True

    def run(self, context) -> None:
        raise NotImplementedError


def load_stages(setting: str, default: list[str]) -> list[Stage]:
    return [import_string(path)() for path in getattr(settings, setting, None) or default]


def run_stages(stages: list[Stage], context) -> None:
    for stage in stages:
        if not stage.applies(context):
            continue
        started = time.perf_counter()
        stage.run(context)
        elapsed = time.perf_counter() - started
        if hasattr(context, "timings"):
            context.timings[stage.name] = elapsed
        log.debug("ingest stage %s took %.3fs", stage.name, elapsed)


def intake_stages() -> list[Stage]:
    return load_stages("WENSHU_INGEST_INTAKE_STAGES", INTAKE_STAGES)


def processing_stages() -> list[Stage]:
    return load_stages("WENSHU_INGEST_STAGES", PROCESSING_STAGES)
