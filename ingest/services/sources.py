"""What the ``ingest`` command was given, as a flat list of files: folders walked
recursively, zip archives opened member by member, nested archives too.

Why archives are unpacked here and not in a stage: one archive is many records, each
with its own job, status line and duplicate check. ``detect`` checks the archive and
everything nested in it against the decompression limits (member count, total size,
ratio, nesting depth, real decompressed bytes) before any member is read, and lists the
documents inside in the same walk; an archive that fails is handed on as one file, so
the pipeline refuses and quarantines it like any other bad file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ingest import archives, errors
from ingest.detect import detect


@dataclass(frozen=True)
class Source:
    """One input file: where it is, and for an archive member, the chain of member names
    leading to it (outer archive first)."""

    path: Path
    members: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return "/".join((str(self.path), *self.members))

    @contextlib.contextmanager
    def open(self) -> Iterator[BinaryIO]:
        if not self.members:
            with self.path.open("rb") as stream:
                yield stream
            return
        with archives.open_member(self.path, self.members) as stream:
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
    return [Source(path, chain) for chain in detection.members]
