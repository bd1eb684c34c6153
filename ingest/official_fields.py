"""Spotting the 发文字号 (document number) and 成文日期 (date of writing) of an official
document (公文) in its text, to pre-fill the record's fields.

Why by line: in a 公文 both sit on lines of their own — the number in the 版头 under the
issuing authority's mark (on the left of 签发人 in 上行文), the date under the signature —
while the body cites other documents' numbers mid-sentence (根据国办发〔2012〕12号文件…).
Only a number that starts a line and ends it (or is followed by spaces, then 签发人),
and only a date that is the whole line, is taken.

Numbers as typed come out in GB/T 9704 form, written by ``repository.document_numbers``:
the year in 〔〕, no "第", no leading zeros, half-width digits —
``国办发[2012]第012号`` → ``国办发〔2012〕12号``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from repository.document_numbers import format_document_number

# Brackets people type around the year instead of 〔〕.
_OPEN = "〔\\[\\(（【［〖"
_CLOSE = "〕\\]\\)）】］〗"
_NUMBER = re.compile(
    rf"^[ \t\u3000]*(?P<code>[\u4e00-\u9fa5A-Za-z]{{1,20}})[ \t]*"
    rf"[{_OPEN}][ \t]*(?P<year>\d{{4}})[ \t]*[{_CLOSE}][ \t]*"
    rf"第?[ \t]*0*(?P<serial>[1-9]\d{{0,5}})[ \t]*号"
    # Alone on its line, or followed by spaces (签发人 on the right in 上行文).
    rf"(?=[ \t\u3000]|$)",
    re.MULTILINE,
)
_DATE_LINE = re.compile(
    r"^[ \t\u3000]*(?P<y>\d{4})[ \t]*年[ \t]*(?P<m>\d{1,2})[ \t]*月[ \t]*(?P<d>\d{1,2})[ \t]*日"
    r"[ \t\u3000]*$",
    re.MULTILINE,
)


def _fold_digits(text: str) -> str:
    """Full-width digits (２０２６) to ASCII, leaving every other character as written."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if "\uff10" <= ch <= "\uff19" else ch for ch in text
    )


def find_document_number(text: str) -> str | None:
    """The first document number that starts a line of ``text``, in standard form."""
    match = _NUMBER.search(_fold_digits(text))
    if not match:
        return None
    return format_document_number(match["code"], int(match["year"]), int(match["serial"]))


def find_issue_date(text: str) -> date | None:
    """The 成文日期: the last line of ``text`` that is a date and nothing else.

    The last, because a 公文 may open with dates of meetings on lines of their own while
    the date of writing comes after the body; 印发日期 in the 版记 shares its line with
    the printing office (…办公厅 2026年1月5日印发) and so is never taken.
    """
    found = None
    for match in _DATE_LINE.finditer(_fold_digits(text)):
        try:
            found = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return found
