"""Decoding plain text of unknown encoding.

Why not just UTF-8: files from Chinese offices are often GBK/GB2312 (Windows' default
ANSI code page for Simplified Chinese) and sometimes Big5 (Traditional). GB18030 is a
superset of GBK and GB2312. Strict UTF-8 almost never decodes text in another encoding, so
it is tried first; then GB18030; then charset-normalizer (installed with requests) decides
between the remaining candidates.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes) -> str:
    """The most likely encoding of ``data``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for name in ("utf-8", "gb18030"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        if name == "gb18030" and _big5_reads_better(data):
            return "big5"
        return name
    best = from_bytes(data, cp_isolation=["big5", "gb18030", "utf_16", "cp1252"]).best()
    return best.encoding if best else "utf-8"


def decode_text(data: bytes, *, strict: bool = False) -> str:
    """``data`` decoded with its detected encoding; undecodable bytes become U+FFFD unless
    ``strict``."""
    encoding = detect_encoding(data)
    return data.decode(encoding, errors="strict" if strict else "replace")


def _big5_reads_better(data: bytes) -> bool:
    """GB18030 decodes nearly any byte sequence, Big5 text included (as nonsense). When
    the bytes are also valid Big5, prefer whichever reading charset-normalizer finds more
    coherent."""
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    best = from_bytes(data, cp_isolation=["big5", "gb18030"]).best()
    return best is not None and best.encoding == "big5"
