"""Highlighted snippets computed in Python, for engines without a highlighter.

Matching happens on folded text (``analysis.normalize_with_offsets``) so that a
Simplified query marks the Traditional original, a half-width number marks a
full-width one, and so on; the snippet shows the text as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import analysis

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
_MARKS = re.compile(r"(</?mark>)")


def _match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of ``text`` (original offsets) matching any term."""
    folded, offsets = analysis.normalize_with_offsets(text)
    # Whitespace between CJK characters (OCR) must not break a match: search a copy
    # without it and map positions back.
    gaps = {
        i
        for gap in analysis.SPACE_BETWEEN_CJK.finditer(folded)
        for i in range(gap.start(), gap.end())
    }
    kept = [i for i in range(len(folded)) if i not in gaps]
    compact = "".join(folded[i] for i in kept)
    spans: list[tuple[int, int]] = []
    for term in {t for t in terms if t}:
        for match in re.finditer(re.escape(term), compact):
            start = offsets[kept[match.start()]]
            end = offsets[kept[match.end() - 1]] + 1
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, terms: Sequence[str], *, size: int | None = 120) -> str:
    """HTML-escaped ``text`` with each match in ``<mark>``; empty when nothing matches.

    With ``size`` the snippet is a window of about that many characters around the
    first match (ellipses mark cuts); ``None`` keeps the whole text (titles).
    """
    if not text:
        return ""
    spans = _match_spans(text, terms)
    if not spans:
        return ""
    start, end = 0, len(text)
    if size is not None and len(text) > size:
        first = spans[0][0]
        start = max(0, first - size // 4)
        end = min(len(text), start + size)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[cursor:span_start]))
        parts.append(MARK_OPEN + escape(text[span_start:span_end]) + MARK_CLOSE)
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)


def safe_highlight(fragment: str) -> SafeString:
    """A highlight from any engine, rebuilt for the page from escaped pieces only.

    Why rebuild rather than trust: titles and texts come from users and from ingested
    files (``<img src=x onerror=…>`` is a valid title), and an engine's output is only as
    safe as its configuration. The fragment is cut at ``<mark>``/``</mark>``; every piece
    between them is unescaped (engines escape their text) and escaped again, so whatever
    the engine did, the only markup that reaches the page is our own balanced ``<mark>``.
    """
    parts: list[str] = []
    marking = False
    for piece in _MARKS.split(fragment or ""):
        if piece == MARK_OPEN:
            if not marking:
                parts.append(MARK_OPEN)
            marking = True
        elif piece == MARK_CLOSE:
            if marking:
                parts.append(MARK_CLOSE)
            marking = False
        else:
            parts.append(escape(html.unescape(piece)))
    if marking:
        parts.append(MARK_CLOSE)
    return mark_safe("".join(parts))  # every piece was escaped just above
