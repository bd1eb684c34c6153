"""Content-addressed, write-once file storage for originals and derived files.

A blob's path is its SHA-256 (``ab/cd/abcd…``) under the originals or derived root.
Bytes are hashed while being copied to a temporary file in the target directory, synced,
then linked into place only if no blob with that hash exists — so a crash never leaves a
half-written blob under a real name, two writers of the same content never clobber each
other, and nothing is ever overwritten. Stored blobs are made read-only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Blob:
    sha256: str
    size: int
    path: Path
    created: bool  # False when identical bytes were already stored


def root_for(kind: str) -> Path:
    return Path(settings.WENSHU_DERIVED_DIR if kind == "derived" else settings.WENSHU_ORIGINALS_DIR)


def blob_path(sha256: str, kind: str = "original") -> Path:
    return root_for(kind) / sha256[:2] / sha256[2:4] / sha256


def hash_stream(stream: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def write_blob(stream: BinaryIO, kind: str = "original") -> Blob:
    """Store the stream's bytes under their hash; returns where they are."""
    staging = root_for(kind) / "tmp"
    staging.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=staging, prefix="incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha256 = digest.hexdigest()
        final = blob_path(sha256, kind)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(tmp_name, final)  # atomic, and refuses to replace an existing blob
            created = True
            os.chmod(final, 0o444)
        except FileExistsError:
            created = False
        return Blob(sha256, size, final, created)
    finally:
        os.unlink(tmp_name)


def blob_matches(sha256: str, kind: str = "original") -> bool:
    """Re-hash a stored blob: False when it is missing or its bytes changed."""
    path = blob_path(sha256, kind)
    if not path.is_file():
        return False
    with path.open("rb") as stream:
        return hash_stream(stream)[0] == sha256
