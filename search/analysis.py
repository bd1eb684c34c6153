"""Chinese text analysis shared by every search engine, at index time and at query time.

Why one module: a query only finds a document when both went through the same folding.
The embedded engine tokenises with these functions directly; the OpenSearch engine
configures the equivalent analysers on the node (see ``search.backends.opensearch``) and
uses this module to split and normalise what users type. Folding steps, in order:

1. NFKC: full-width letters, digits and punctuation become half-width (Ａ１（ → A1().
2. Traditional → Simplified (OpenCC ``t2s``), so 公務接待 and 公务接待 are one text.
3. Case folding (``lower``).
4. Punctuation folding: the bracket variants used in 发文字号 (〔〕【】［］() …) become
   ``[]``, typographic quotes become ``"``.

Text is stored as written; only the searchable representation is folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = [
    "cjk_bigrams",
    "contains_cjk",
    "has_lone_cjk_character",
    "index_tokens",
    "join_cjk_spacing",
    "normalize_document_number",
    "normalize_text",
    "normalize_with_offsets",
    "query_terms",
    "query_tokens",
    "segment",
]

# Han ideographs (incl. extension A, compatibility block and the supplementary planes),
# the CJK symbols we treat as word characters, kana and hangul.
_CJK_CLASS = (
    "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\u3040-\u30ff\uac00-\ud7af\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
# A token run: either CJK characters or other word characters (letters, digits).
_RUN = re.compile(f"([{_CJK_CLASS}]+)|((?:(?![{_CJK_CLASS}])[^\\W_])+)")
SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_CLASS}])\\s+(?=[{_CJK_CLASS}])")
_WHITESPACE = re.compile(r"\s+")

# One character in, one character out, so offsets survive (needed for highlighting).
_PUNCTUATION_FOLDING = str.maketrans(
    {
        **dict.fromkeys("〔【〖［(（｛{〈", "["),
        **dict.fromkeys("〕】〗］)）｝}〉", "]"),
        **dict.fromkeys("“”„‟「」『』＂", '"'),
        **dict.fromkeys("‘’‚‛", "'"),
        **dict.fromkeys("—–‒―－", "-"),
        "　": " ",
    }
)


@cache
def _t2s():
    """The OpenCC converter; built once because loading its dictionaries costs ~5 ms."""
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _jieba():
    """jieba loads its dictionary lazily (about a second); keep its log quiet."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def normalize_text(text: str) -> str:
    """Fold width, script, case and punctuation; the searchable form of any text."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text)
    return text.lower().translate(_PUNCTUATION_FOLDING)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalize_text`` plus, for each output character, its index in ``text``.

    Highlighting finds matches in the folded text and must mark the original one.
    Characters are folded one by one for NFKC and case (which may change lengths);
    script folding runs on the whole text when it keeps the length (it nearly always
    does), so phrase-level conversions still apply.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).lower():
            chars.append(folded)
            offsets.append(index)
    folded_text = "".join(chars)
    simplified = _t2s().convert(folded_text)
    if len(simplified) != len(folded_text):
        simplified = "".join(_t2s().convert(char) or char for char in folded_text)
        if len(simplified) != len(folded_text):  # pragma: no cover - defensive
            simplified = folded_text
    return simplified.translate(_PUNCTUATION_FOLDING), offsets


def join_cjk_spacing(text: str) -> str:
    """Drop whitespace between two CJK characters (OCR puts spaces between them)."""
    return SPACE_BETWEEN_CJK.sub("", text)


def normalize_document_number(number: str) -> str:
    """The comparable form of a 发文字号: ``浙接待函〔2026〕3号`` and ``浙接待函[２０２６]3號``
    (any bracket style, width or script, with or without spaces) give the same key."""
    return _WHITESPACE.sub("", normalize_text(number))


def segment(text: str) -> list[str]:
    """Words of ``text`` for search (jieba ``cut_for_search``: long words and their parts),
    after folding. Punctuation and whitespace are dropped."""
    words = _jieba().cut_for_search(normalize_text(text))
    return [word for word in words if _RUN.fullmatch(word)]


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping character pairs of a CJK run; a single character stays itself.

    Bigrams make recall independent of any dictionary: every two-character word
    (陪餐, 接待) is a bigram of each text that contains it.
    """
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _runs(normalized: str) -> list[tuple[str, bool]]:
    """(run, is_cjk) for each token run of already-normalised text."""
    return [(m.group(0), m.group(1) is not None) for m in _RUN.finditer(normalized)]


def index_tokens(text: str) -> list[str]:
    """Tokens stored by the embedded engine for ``text``.

    Each CJK run becomes its bigrams followed by its last character alone, so every
    character starts some token (a one-character query is then a prefix query). Other
    runs (Latin words, numbers) are one token each. ``query_tokens`` builds the query
    side so that a phrase of query tokens is found exactly where the folded query is a
    substring of the folded text.
    """
    tokens: list[str] = []
    for run, is_cjk in _runs(join_cjk_spacing(normalize_text(text))):
        if is_cjk:
            tokens.extend(cjk_bigrams(run))
            if len(run) > 1:
                tokens.append(run[-1])
        else:
            tokens.append(run)
    return tokens


def query_tokens(term: str) -> tuple[list[str], bool]:
    """Tokens of one query term (a word or a phrase) and whether the last is a prefix.

    Like ``index_tokens`` except at the end: the final CJK run contributes no trailing
    single character (in a document the run may go on), and a final run of one CJK
    character must match as a prefix of the document's token there.
    """
    runs = _runs(join_cjk_spacing(normalize_text(term)))
    tokens: list[str] = []
    prefix = False
    for position, (run, is_cjk) in enumerate(runs):
        last = position == len(runs) - 1
        if not is_cjk:
            tokens.append(run)
        elif last:
            tokens.extend(cjk_bigrams(run))
            prefix = len(run) == 1
        else:
            tokens.extend(cjk_bigrams(run))
            if len(run) > 1:
                tokens.append(run[-1])
    return tokens, prefix


def query_terms(text: str) -> list[str]:
    """Split unquoted user input into the terms that must all occur.

    Whitespace separates terms. A chunk of Chinese without spaces is cut into words
    (jieba, precise mode) so that 陪餐人数规定 finds documents with those words apart;
    single characters are kept attached to a neighbour (接待办 stays one term) because a
    lone character matches far too much. Chunks containing non-CJK characters, such as a
    发文字号, stay whole.
    """
    terms: list[str] = []
    for chunk in _WHITESPACE.split(normalize_text(text)):
        runs = _runs(chunk)
        if not runs:
            continue
        if len(runs) == 1 and runs[0][1]:
            terms.extend(_merge_single_characters(list(_jieba().cut(runs[0][0]))))
        else:
            terms.append(chunk)
    return terms


def _merge_single_characters(words: list[str]) -> list[str]:
    merged: list[str] = []
    pending = ""
    for word in words:
        if len(word) == 1:
            if merged and not pending:
                merged[-1] += word
            else:
                pending += word
            continue
        merged.append(pending + word)
        pending = ""
    if pending:
        if merged:
            merged[-1] += pending
        else:
            merged.append(pending)
    return merged


def has_lone_cjk_character(term: str) -> bool:
    """Whether ``term`` has a CJK run of a single character (as 号 in ``3号``).

    Bigram indexes cannot match such a character inside a longer run of the document
    (号文件 has the bigrams 号文 文件), so engines search those terms character by
    character instead.
    """
    runs = _runs(join_cjk_spacing(normalize_text(term)))
    return any(is_cjk and len(run) == 1 for run, is_cjk in runs)


def contains_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))
