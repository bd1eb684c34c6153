"""Receive: settle the name the file is known by before anything is written."""

from __future__ import annotations

from pathlib import PurePosixPath

from ingest import errors
from ingest.pipeline import IntakeContext, Stage


class ReceiveStage(Stage):
    """The sender's name decides which type the content must have (``.pdf`` must hold a
    PDF) and becomes the attachment's name; paths from Windows shares or zip members are
    cut to their last part."""

    name = "receive"

    def run(self, context: IntakeContext) -> None:
        name = PurePosixPath(context.source_name.replace("\\", "/")).name.strip()
        if not name:
            raise errors.UnknownTypeError(detail=f"no file name in {context.source_name!r}")
        context.filename = name[:255]
