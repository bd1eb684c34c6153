"""Clean-up of extracted and recognised text before it is stored or indexed.

Tesseract writes its text layer word by word and, for Chinese, treats every character as a
word, so ``公务接待`` comes back as ``公 务 接 待``; some PDF producers do the same. A search
for 公务接待 would then miss. Chinese needs no spaces between characters, so whitespace
between two CJK characters is removed, while spaces between Latin words and numbers are
meaningful and kept. Whitespace between a CJK character and a digit goes too: Chinese sets
numbers without spaces (2026年11月23日, 〔2012〕12号) while Tesseract emits ``2026 年 11 月``,
which would defeat the 发文字号/成文日期 patterns and searches for them; a space between a
Latin word and a CJK character (使用 Wenshu 系统) is a typesetting choice and is kept.
Line breaks are kept: they carry the document's paragraphs and the 版头/版记 lines field
spotting relies on.
"""

from __future__ import annotations

import re

# What counts as CJK here: Han ideographs (with extension A, compatibility ideographs and
# the supplementary-plane extensions), CJK symbols and punctuation (、。〔〕《》「」),
# kana, and the full-width forms block (，：（）１２Ａ) that Chinese text is set in.
_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3001-\u303f"  # CJK symbols and punctuation (not U+3000, a space)
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f"  # bopomofo
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms (vertical punctuation)
    "\uff00-\uffef"  # half-width and full-width forms
    "\U00020000-\U0003134f"  # extensions B-G
)
# Horizontal whitespace only (no line breaks), including the ideographic space U+3000
# which OCR never produces but some producers use for character spacing (张　三).
_HSPACE = r"[^\S\r\n\u2028\u2029]+"
_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]){_HSPACE}(?=[{_CJK}0-9])|(?<=[0-9]){_HSPACE}(?=[{_CJK}])")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def remove_cjk_spaces(text: str) -> str:
    """Remove horizontal whitespace between two CJK characters, or a CJK character and a
    digit; keep everything else.

    >>> remove_cjk_spaces("公 务 接 待 Wenshu 2026 年 版 v 2")
    '公务接待 Wenshu 2026年版 v 2'
    """
    return _BETWEEN_CJK.sub("", text)


def clean_text(text: str) -> str:
    """The text as stored and indexed: NULs and form feeds gone, unified line breaks, no
    spaces between CJK characters, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n")
    text = remove_cjk_spaces(text)
    text = _TRAILING.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
