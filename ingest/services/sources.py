"""What the ``ingest`` command was given, as a flat list of files: folders walked
recursively, zip archives opened member by member.

Why archives are unpacked here and not in a stage: one archive is many records, each
with its own job, status line and duplicate check. ``detect`` checks the archive against
the decompression limits (member count, total size, ratio, real decompressed bytes)
before any member is read; an archive that fails is handed on as one file, so the
pipeline refuses and quarantines it like any other bad file.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ingest import errors
from ingest.detect import detect


@dataclass(frozen=True)
class Source:
    """One input file: where it is, and for an archive member, which one."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path}/{self.member}" if self.member else str(self.path)

    @contextlib.contextmanager
    def open(self) -> Iterator[BinaryIO]:
        if self.member is None:
            with self.path.open("rb") as stream:
                yield stream
            return
        with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as stream:
            yield stream


def collect(paths: list[Path]) -> list[Source]:
    """Every file under ``paths`` in a stable order; hidden files (``.~lock``, ``.DS_Store``)
    and folders are skipped."""
    sources: list[Source] = []
    for path in paths:
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files = [path]
        for file in files:
            sources.extend(expand(file))
    return sources


def expand(path: Path) -> list[Source]:
    if path.suffix.lower() != ".zip":
        return [Source(path)]
    try:
        detection = detect(path)
    except errors.IngestError:
        return [Source(path)]  # refused by the pipeline with the same reason
    if not detection.is_archive:
        return [Source(path)]
    with zipfile.ZipFile(path) as archive:
        members = [
            m.filename
            for m in archive.infolist()
            if not m.is_dir()
            and not Path(m.filename).name.startswith(".")
            and not m.filename.startswith("__MACOSX/")
        ]
    return [Source(path, member) for member in members]
