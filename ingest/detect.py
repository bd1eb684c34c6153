"""Detect a file's real type from its content, and refuse files that cannot or must not be
processed, before any parser touches them.

Why content, not the extension: files arrive from shared drives and e-mail with names that
lie (a scan saved as ``.doc``, a web page saved as ``.pdf``, a broken download named
``.docx``). libmagic reads the bytes. The checks here are the cheap ones that protect the
parsers and the machine: empty and oversized files, truncated and corrupt containers,
password-protected PDFs and Office files, zip bombs (also inside OOXML/ODF containers,
which are zips) and images whose pixel count would exhaust memory. Limits come from
``ingest.limits``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import magic
import msoffcrypto
from PIL import Image
from pypdf import PasswordType, PdfReader
from pypdf.errors import PyPdfError

from ingest import archives, errors, mime
from ingest.encoding import decode_text
from ingest.limits import IngestLimits, get_limits

# A PDF ends with %%EOF; readers accept it within the last 1024 bytes, some producers
# append a little padding, so look a bit further.
_PDF_TAIL = 4096
# Excel encrypts files "protected for writing" with this fixed, documented password.
_EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"


@dataclass(frozen=True)
class Detection:
    """What the content says a file is."""

    mime: str
    extension: str  # lower case with the dot, "" when the name has none
    size: int
    description: str  # libmagic's human-readable description
    page_count: int | None = None
    # A plain archive: the chain of member names leading to each document inside, as
    # ``archives.scan`` listed them while checking the limits (empty for anything else).
    members: tuple[archives.Chain, ...] = ()

    @property
    def is_pdf(self) -> bool:
        return self.mime == mime.PDF

    @property
    def is_image(self) -> bool:
        return self.mime in mime.IMAGES

    @property
    def is_archive(self) -> bool:
        return self.mime == mime.ZIP


def detect(path: Path | str, filename: str | None = None) -> Detection:
    """Detect the type of the file at ``path`` (named ``filename`` by its sender, which
    defaults to the path's own name) or raise an ``IngestError`` saying why it cannot be
    processed."""
    path = Path(path)
    limits = get_limits()
    extension = Path(filename or path.name).suffix.lower()
    size = path.stat().st_size
    if size == 0:
        raise errors.EmptyFileError()
    if size > limits.max_file_bytes:
        raise errors.FileTooLargeError(size=size, limit=limits.max_file_bytes)

    detected = magic.from_file(str(path), mime=True)
    description = magic.from_file(str(path))
    if detected in mime.OLE_TYPES or detected == mime.ENCRYPTED_OFFICE:
        _check_office_encryption(path, detected)
    if detected in mime.ENCRYPTED:
        raise errors.EncryptedDocumentError(detail=description)
    members: tuple[archives.Chain, ...] = ()
    if detected == mime.ZIP or detected in mime.ZIP_CONTAINERS:
        detected, members = _check_zip(path, detected, limits)

    page_count = None
    if detected == mime.PDF:
        page_count = _check_pdf(path)
    elif detected in mime.IMAGES:
        _check_image(path, limits)
    elif detected in mime.UNKNOWN:
        if extension in mime.TEXT_EXTENSIONS and _looks_like_text(path):
            detected = mime.TEXT
        else:
            _raise_unknown(extension, detected, description)

    _check_extension(extension, detected)
    return Detection(detected, extension, size, description, page_count, members)


def _raise_unknown(extension: str, detected: str, description: str) -> None:
    if extension in mime.ACCEPTED_BY_EXTENSION:
        # Random bytes named .docx: the name promises a format the content does not have.
        raise errors.TypeMismatchError(detail=description, extension=extension, mime=detected)
    raise errors.UnknownTypeError(detail=description)


def _check_extension(extension: str, detected: str) -> None:
    accepted = mime.ACCEPTED_BY_EXTENSION.get(extension)
    if accepted is not None and detected not in accepted:
        raise errors.TypeMismatchError(extension=extension, mime=detected)


def _check_office_encryption(path: Path, detected: str) -> None:
    """Refuse password-protected Word, Excel and PowerPoint files, old (OLE) and new
    (OOXML, which encrypted is an OLE file holding the encrypted package).

    libmagic names encrypted OOXML ``application/encrypted`` but sees nothing of the
    encryption of a Word 97 or Excel 97 file, which it still calls msword/ms-excel;
    msoffcrypto-tool reads the FIB flag, the FILEPASS record or the EncryptionInfo
    stream. An Excel file encrypted with Excel's built-in default password (what
    "protected for writing" does) opens without asking in every reader, Tika included,
    so it is not refused."""
    try:
        with path.open("rb") as handle:
            office = msoffcrypto.OfficeFile(handle)
            if not office.is_encrypted():
                return
            if office.format == "xls97" and _opens_with_default_password(office):
                return
    except msoffcrypto.exceptions.FileFormatError:
        if detected in mime.ENCRYPTED:
            raise errors.EncryptedDocumentError(detail="encrypted container") from None
        return  # an OLE file of another kind: left to the extractors
    except (OSError, ValueError, KeyError, IndexError, AssertionError) as exc:
        # olefile is lenient and gives up only on a broken structure (a directory or
        # sector chain cut off): a truncated download, which no parser can read either.
        raise errors.CorruptFileError(detail=f"OLE: {exc!r}"[:300]) from exc
    raise errors.EncryptedDocumentError(detail=f"{office.format} encrypted")


def _opens_with_default_password(office) -> bool:
    try:
        office.load_key(password=_EXCEL_DEFAULT_PASSWORD)
    except msoffcrypto.exceptions.InvalidKeyError:
        return False
    return True


def _check_pdf(path: Path) -> int:
    """Page count of a readable PDF; refuse truncated, corrupt and password-protected ones."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - _PDF_TAIL))
        if b"%%EOF" not in handle.read():
            raise errors.TruncatedFileError(detail="no %%EOF marker at the end")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            # An owner password alone (printing/copy restrictions) still opens with the
            # empty user password; only a user password stops us.
            raise errors.EncryptedDocumentError(detail="PDF user password required")
        pages = len(reader.pages)
    except errors.IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise errors.CorruptFileError(detail=f"pypdf: {exc}") from exc
    if pages == 0:
        raise errors.CorruptFileError(detail="PDF has no pages")
    return pages


def _check_zip(
    path: Path, detected: str, limits: IngestLimits
) -> tuple[str, tuple[archives.Chain, ...]]:
    """Enforce the decompression limits on a zip or a zip-based office file, and return
    the refined MIME type (libmagic only recognises OOXML whose first member is
    ``[Content_Types].xml``; other producers order members differently) with, for a
    plain archive, the documents inside. A plain archive is checked with everything
    nested in it (``ingest.archives``); the walk that checks it also lists its
    documents, so nothing walks it again."""
    documents: tuple[archives.Chain, ...] = ()
    try:
        with zipfile.ZipFile(path) as archive:
            if detected == mime.ZIP:
                detected = archives.archive_kind(archive)
            if detected == mime.ZIP:
                documents = tuple(archives.scan(path, limits))
            else:
                budget = archives.Budget(limits)
                members = archive.infolist()
                archives.check_members(members, budget)
                for member in members:
                    archives.count_member(archive, member, budget)
    except errors.IngestError:
        raise
    except zipfile.BadZipFile as exc:
        # The zip signature was at the start but the central directory at the end is
        # missing or broken: typically a download cut short.
        raise errors.TruncatedFileError(detail=f"zip: {exc}") from exc
    except (NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise errors.CorruptFileError(detail=f"zip: {exc}") from exc
    return detected, documents


def _check_image(path: Path, limits: IngestLimits) -> None:
    """Refuse images over the pixel limit before anything decodes them, then decode the
    first frame fully so that truncated scans are caught here, not in the OCR stage.

    Pillow refuses, on its own, images over twice ``PIL.Image.MAX_IMAGE_PIXELS``; raising
    ``WENSHU_MAX_IMAGE_PIXELS`` beyond that needs Pillow's limit raised as well."""
    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            pixels = 0
            for index in range(frames):
                image.seek(index)
                pixels = max(pixels, image.width * image.height)
            if pixels > limits.max_image_pixels:
                raise errors.ImageTooLargeError(pixels=pixels, limit=limits.max_image_pixels)
            image.seek(0)
            image.load()
    except errors.IngestError:
        raise
    except Image.DecompressionBombError as exc:
        raise errors.ImageTooLargeError(
            detail=str(exc), pixels="?", limit=limits.max_image_pixels
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        if "truncated" in str(exc).lower():
            raise errors.TruncatedFileError(detail=f"image: {exc}") from exc
        raise errors.CorruptFileError(detail=f"image: {exc}") from exc


def _looks_like_text(path: Path) -> bool:
    """libmagic calls some legitimate GB18030 text ``application/octet-stream``; accept a
    ``.txt`` whose bytes decode as UTF-8 or GB18030 and hold no control characters."""
    sample = path.read_bytes()[:65536]
    try:
        text = decode_text(sample, strict=True)
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls == 0
