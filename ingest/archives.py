"""Zip archives, nested ones included: checked against the decompression limits as a whole,
then listed as the chains of members that lead to each document inside.

Why one walk with one budget for the whole tree: a folder of letters zipped per
department and zipped again for sending is ordinary, but so is a bomb that hides its
bulk one level down (42.zip) where a per-archive check sees only small members. The
limits therefore hold for everything the outer archive would unpack into: real
decompressed bytes (counted while decompressing, never trusted from the headers), the
number of members at every level, each member's compression ratio, and how deep
archives may be nested. An archive that breaks any of them is refused as one file.

Office containers (docx, xlsx, odt …) are zips too; they are documents, not archives,
and are left whole (``ingest.detect`` checks their own limits when their job runs).
"""

from __future__ import annotations

import contextlib
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ingest import errors, mime
from ingest.limits import IngestLimits, get_limits

CHUNK = 1024 * 1024
# Nested archives are spooled to memory up to this size, to a temporary file beyond it.
_SPOOL_IN_MEMORY = 8 * CHUNK
_ZIP_MAGIC = b"PK\x03\x04"

Chain = tuple[str, ...]


def limit_error(reason_zh: str, reason_en: str) -> errors.ArchiveTooLargeError:
    return errors.ArchiveTooLargeError(reason_zh=reason_zh, reason_en=reason_en)


@dataclass
class Budget:
    """What the whole tree of archives has used so far."""

    limits: IngestLimits
    bytes: int = 0
    members: int = 0

    def add_members(self, count: int) -> None:
        self.members += count
        if self.members > self.limits.max_archive_members:
            raise limit_error(
                f"{self.members} 个条目，上限 {self.limits.max_archive_members}",
                f"{self.members} entries, limit {self.limits.max_archive_members}",
            )

    def add_bytes(self, count: int) -> None:
        self.bytes += count
        if self.bytes > self.limits.max_uncompressed_bytes:
            raise limit_error(
                f"解压后超过 {self.limits.max_uncompressed_bytes} 字节",
                f"more than {self.limits.max_uncompressed_bytes} bytes uncompressed",
            )


def check_members(members: list[zipfile.ZipInfo], budget: Budget) -> None:
    """The cheap checks on what the headers declare, before anything is decompressed."""
    limits = budget.limits
    budget.add_members(len(members))
    declared = sum(m.file_size for m in members)
    if budget.bytes + declared > limits.max_uncompressed_bytes:
        raise limit_error(
            f"解压后 {budget.bytes + declared} 字节，上限 {limits.max_uncompressed_bytes}",
            f"{budget.bytes + declared} bytes uncompressed, limit {limits.max_uncompressed_bytes}",
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise errors.EncryptedDocumentError(detail=f"encrypted zip member {member.filename}")
        # Small members compress unevenly (a 2 kB run of spaces); judge ratios above 1 MiB.
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > CHUNK and ratio > limits.max_compression_ratio:
            raise limit_error(
                f"{member.filename} 压缩比 {ratio:.0f}:1，上限 {limits.max_compression_ratio}:1",
                f"{member.filename} compression ratio {ratio:.0f}:1, "
                f"limit {limits.max_compression_ratio}:1",
            )


def count_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: Budget, sink=None):
    """Decompress ``member`` in chunks, counting real bytes against the budget (headers
    are written by whoever made the file and a crafted archive lies about sizes); zipfile
    checks the CRC on the way, which catches corrupt data. ``sink`` receives the bytes."""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            budget.add_bytes(len(chunk))
            if sink is not None:
                sink.write(chunk)


def archive_kind(archive: zipfile.ZipFile) -> str:
    """``mime.ZIP`` for a plain archive, the office type for an OOXML/ODF container."""
    names = {m.filename for m in archive.infolist()}
    try:
        with archive.open("mimetype") as stream:
            declared = stream.read(200)
    except KeyError:
        declared = b""
    return mime.refine_zip(names, declared)


def is_document(name: str) -> bool:
    """Members that are files to ingest: not folders, hidden files or macOS forks."""
    path = PurePosixPath(name)
    return (
        not name.endswith("/")
        and not name.startswith("__MACOSX/")
        and not any(part.startswith(".") for part in path.parts)
    )


def scan(path: Path | str, limits: IngestLimits | None = None) -> list[Chain]:
    """Check the archive at ``path`` and every archive nested in it; return, for each
    document inside, the chain of member names leading to it (outer first). Raises
    ``ArchiveTooLargeError``, ``EncryptedDocumentError`` or zipfile's own errors."""
    budget = Budget(limits or get_limits())
    with zipfile.ZipFile(path) as archive:
        return _scan(archive, (), budget)


def _scan(archive: zipfile.ZipFile, prefix: Chain, budget: Budget) -> list[Chain]:
    members = archive.infolist()
    check_members(members, budget)
    chains: list[Chain] = []
    for member in members:
        if member.is_dir():
            continue
        with archive.open(member) as stream:
            nested = stream.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
        if not nested:
            count_member(archive, member, budget)
            if is_document(member.filename):
                chains.append((*prefix, member.filename))
            continue
        with _spool() as spool:
            count_member(archive, member, budget, sink=spool)
            chains.extend(_scan_nested(spool, (*prefix, member.filename), budget))
    return chains


def _scan_nested(spool: BinaryIO, chain: Chain, budget: Budget) -> list[Chain]:
    try:
        inner = zipfile.ZipFile(spool)
    except zipfile.BadZipFile:
        # Starts like a zip but is not one: a document of its own, refused in its job.
        return [chain] if is_document(chain[-1]) else []
    with inner:
        if archive_kind(inner) != mime.ZIP:
            return [chain] if is_document(chain[-1]) else []  # a docx, an odt …
        depth = len(chain)
        if depth > budget.limits.max_archive_depth:
            raise limit_error(
                f"压缩包嵌套超过 {budget.limits.max_archive_depth} 层（{'/'.join(chain)}）",
                f"archives nested more than {budget.limits.max_archive_depth} deep "
                f"({'/'.join(chain)})",
            )
        return _scan(inner, chain, budget)


def _spool():
    return tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY, prefix="wenshu-zip-")


@contextlib.contextmanager
def open_member(path: Path, chain: Chain) -> Iterator[BinaryIO]:
    """A stream of the document at ``chain`` inside the archive at ``path``; nested
    archives on the way are spooled (``scan`` has checked their sizes already)."""
    with contextlib.ExitStack() as stack:
        archive = stack.enter_context(zipfile.ZipFile(path))
        for name in chain[:-1]:
            spool = stack.enter_context(_spool())
            with archive.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    spool.write(chunk)
            spool.seek(0)
            archive = stack.enter_context(zipfile.ZipFile(spool))
        yield stack.enter_context(archive.open(chain[-1]))
