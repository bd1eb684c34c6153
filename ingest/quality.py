"""Character error rate (CER), the quality measure of extraction and OCR.

CER = edit distance (insertions + deletions + substitutions) between the recognised text
and the reference, divided by the reference length; the distance comes from rapidfuzz's
Levenshtein implementation.

Whitespace is ignored by default: Chinese has no word spaces, and where a line wraps
depends on the page layout, not on what was recognised.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

_WHITESPACE = re.compile(r"\s+")


def edit_distance(a: str, b: str) -> int:
    return Levenshtein.distance(a, b)


def normalise_for_comparison(text: str, *, ignore_whitespace: bool = True) -> str:
    """NFKC (full-width ＡＢ１ and half-width equal) and, by default, no whitespace."""
    text = unicodedata.normalize("NFKC", text)
    if ignore_whitespace:
        text = _WHITESPACE.sub("", text)
    return text


def character_error_rate(
    reference: str, hypothesis: str, *, ignore_whitespace: bool = True
) -> float:
    """CER of ``hypothesis`` against ``reference`` (0.0 is perfect; can exceed 1.0)."""
    ref = normalise_for_comparison(reference, ignore_whitespace=ignore_whitespace)
    hyp = normalise_for_comparison(hypothesis, ignore_whitespace=ignore_whitespace)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)
