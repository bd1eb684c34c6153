"""How every file leaves Wenshu: originals, derived files, quarantined files and exports.

Why one helper: an uploaded file is somebody else's content served from our origin. If a
browser ran it (an ``.html`` original, an SVG, a PDF named ``.html``), its script would
act with the reader's session — read 机密 pages, approve loans. So, for every response:

* the type comes from the bytes (``repository.filetypes``), never from the name, the
  stored row or what a browser said at upload;
* ``X-Content-Type-Options: nosniff`` so the browser does not guess another type;
* only a short allow-list (PDF, PNG, JPEG, TIFF, plain text) may be shown inline, and then
  under ``Content-Security-Policy: sandbox`` (no script, no same-origin access);
  everything else is ``Content-Disposition: attachment`` whatever the request asked;
* the file name is sent as RFC 6266/5987 (``filename*=utf-8''…``) so Chinese names arrive
  intact;
* ``Cache-Control: private``: a shared proxy never keeps a classified file.
"""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from repository.filetypes import TEXT, detect_path, text_charset

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/tiff", TEXT})
SANDBOX = "sandbox"


def harden(response: HttpResponse) -> HttpResponse:
    """The headers every file response carries (see the module docstring)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private"
    return response


def may_show_inline(mime: str) -> bool:
    return mime.split(";", 1)[0].strip().lower() in INLINE_TYPES


def serve_file(path: Path | str, filename: str, *, inline: bool = False) -> FileResponse:
    """Stream the file at ``path`` as ``filename``; ``inline`` is a wish, granted only to
    the allow-listed types."""
    path = Path(path)
    mime = detect_path(path)
    show_inline = inline and may_show_inline(mime)
    content_type = f"{mime}; charset={text_charset(path)}" if mime == TEXT else mime
    response = FileResponse(
        path.open("rb"),
        as_attachment=not show_inline,
        filename=filename,
        content_type=content_type,
    )
    return harden(response)


def attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A file we generated (a register, a trail export) as a download named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return harden(response)
