"""Store: the original's bytes go into the content-addressed store before any parsing."""

from __future__ import annotations

from ingest.pipeline import IntakeContext, Stage
from repository.models import StoredFile
from repository.services.files import store_file


class StoreStage(Stage):
    """First write, then read: whatever a parser later does (crash, hang, refuse), the
    original is already safe under its SHA-256, and identical bytes are stored once."""

    name = "store"

    def run(self, context: IntakeContext) -> None:
        context.stored = store_file(context.stream, kind=StoredFile.Kind.ORIGINAL)
