"""MIME types the ingest engines talk about, and which ones each file extension may hold.

Why a table: detection compares what libmagic reads with what the name promises, and the
extractor registry routes by MIME type; both must agree on the spelling of each type.
"""

from __future__ import annotations

PDF = "application/pdf"
TEXT = "text/plain"
HTML = "text/html"
XHTML = "application/xhtml+xml"
EML = "message/rfc822"
RTF = "text/rtf"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
# libmagic names an OLE2 file it cannot pin down to Word/Excel/PowerPoint like these.
OLE_GENERIC = frozenset(
    {"application/CDFV2", "application/x-ole-storage", "application/vnd.ms-office"}
)
# The old binary Office formats, all OLE2 compound files.
OLE_TYPES = frozenset({DOC, XLS, PPT, *OLE_GENERIC})
# What libmagic calls an encrypted OOXML file ("CDFV2 Encrypted").
ENCRYPTED_OFFICE = "application/encrypted"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"

IMAGES = frozenset({PNG, JPEG, TIFF, "image/gif", "image/bmp", "image/webp"})
# Images ocrmypdf (through img2pdf) turns into PDF pages for OCR.
OCR_IMAGES = frozenset({PNG, JPEG, TIFF})
ZIP_CONTAINERS = frozenset({DOCX, XLSX, PPTX, ODT, ODS, ODP, "application/epub+zip"})
ENCRYPTED = frozenset({ENCRYPTED_OFFICE, "application/pgp-encrypted"})
UNKNOWN = frozenset({"application/octet-stream", "application/x-empty", "inode/x-empty"})
RTF_TYPES = frozenset({RTF, "application/rtf"})

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".csv", ".md", ".log"})
_TEXTS = frozenset({TEXT, "text/csv", "text/markdown", "text/x-log"})

# What each extension may legitimately contain. Extensions not listed are not checked.
ACCEPTED_BY_EXTENSION: dict[str, frozenset[str]] = {
    ".pdf": frozenset({PDF}),
    ".docx": frozenset({DOCX}),
    ".xlsx": frozenset({XLSX}),
    ".pptx": frozenset({PPTX}),
    ".odt": frozenset({ODT}),
    ".ods": frozenset({ODS}),
    ".odp": frozenset({ODP}),
    ".doc": frozenset({DOC, RTF, *RTF_TYPES, *OLE_GENERIC}),  # Word saves RTF as .doc too
    ".xls": frozenset({XLS, *OLE_GENERIC}),
    ".ppt": frozenset({PPT, *OLE_GENERIC}),
    ".rtf": RTF_TYPES,
    ".html": frozenset({HTML, XHTML}),
    ".htm": frozenset({HTML, XHTML}),
    ".eml": frozenset({EML, TEXT}),
    ".png": frozenset({PNG}),
    ".jpg": frozenset({JPEG}),
    ".jpeg": frozenset({JPEG}),
    ".tif": frozenset({TIFF}),
    ".tiff": frozenset({TIFF}),
    ".zip": frozenset({ZIP}),
    **{ext: _TEXTS | {HTML} for ext in TEXT_EXTENSIONS},
}


def refine_zip(names: set[str], mimetype_member: bytes) -> str:
    """The office type of a zip container whose members libmagic did not look at."""
    if "[Content_Types].xml" in names:
        for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
            if any(name.startswith(prefix) for name in names):
                return kind
    declared = mimetype_member.decode("ascii", "replace").strip()
    if declared in {ODT, ODS, ODP}:
        return declared
    return ZIP
