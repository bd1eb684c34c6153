"""A file's type, read from its bytes (libmagic), never from its name or a browser's claim.

Why: an upload form sends whatever type the browser (or an attacker) writes, and a name
says nothing about the bytes — ``scan.pdf`` posted as ``text/html`` is still HTML if its
bytes are HTML, and a PDF is a PDF whatever it is called. Both the type we store and the
type we serve come from here.
"""

from __future__ import annotations

from pathlib import Path

import magic

OCTET_STREAM = "application/octet-stream"
TEXT = "text/plain"

# What libmagic answers when it cannot tell: a type a server-side caller that detected the
# content more closely (ingest reads inside zip containers) may refine — never into a
# type a browser would run (see ``is_active``).
GENERIC_TYPES = frozenset({OCTET_STREAM, "application/zip"})

# libmagic's names for encodings a browser can be told as they are.
_CHARSETS = {
    "us-ascii": "utf-8",
    "utf-8": "utf-8",
    "utf-16le": "utf-16le",
    "utf-16be": "utf-16be",
}
# Text libmagic cannot place (it says iso-8859-1 or unknown-8bit): in a Chinese office
# that is GB text (GB2312/GBK/GB18030, GB18030 reads all three).
LEGACY_TEXT_CHARSET = "gb18030"


def detect_path(path: Path | str) -> str:
    """The MIME type of the file at ``path`` as its content shows it."""
    try:
        detected = magic.from_file(str(path), mime=True)
    except (OSError, magic.MagicException):
        return OCTET_STREAM
    return (detected or OCTET_STREAM).strip().lower()


def text_charset(path: Path | str) -> str:
    """The charset to announce for a text file at ``path``."""
    try:
        encoding = magic.Magic(mime_encoding=True).from_file(str(path))
    except (OSError, magic.MagicException):
        return LEGACY_TEXT_CHARSET
    return _CHARSETS.get((encoding or "").strip().lower(), LEGACY_TEXT_CHARSET)


def stored_type(path: Path | str, hint: str = "") -> str:
    """The type to remember for freshly stored bytes.

    ``hint`` is only for server-side callers that read the content themselves (ingest's
    detection, our own renderers); it is taken only where libmagic has no more precise
    answer than "some bytes" or "a zip".
    """
    return refined_type(detect_path(path), hint)


def refined_type(detected: str, hint: str) -> str:
    """``hint`` where ``detected`` is generic and ``hint`` harmless, else ``detected``."""
    hint = (hint or "").split(";", 1)[0].strip().lower()
    if hint and (not detected or detected in GENERIC_TYPES) and not is_active(hint):
        return hint
    return detected


def is_active(mime: str) -> bool:
    """Whether a browser could run something in a file of this type (markup, scripts)."""
    mime = mime.split(";", 1)[0].strip().lower()
    return (
        (mime.startswith("text/") and mime != TEXT)
        or mime.endswith(("/xml", "+xml"))
        or any(word in mime for word in ("html", "javascript", "ecmascript"))
    )
