"""发文字号 (document numbers): ``机关代字〔年份〕序号号``, e.g. ``浙接待函〔2026〕3号``.

Users type the brackets as ``[]``, ``()``, ``【】`` or ``〔〕`` and digits full- or
half-width; everything is normalised to the GB/T 9704-2012 form before it is stored,
compared or searched, so one number has one spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

OPEN_BRACKET, CLOSE_BRACKET = "\u3014", "\u3015"  # 〔 〕
_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "(": "〔",
        "【": "〔",
        "［": "〔",
        "（": "〔",
        "〖": "〔",
        "]": "〕",
        ")": "〕",
        "】": "〕",
        "］": "〕",
        "）": "〕",
        "〗": "〕",
    }
)
STRICT_PATTERN = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fa5A-Za-z]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$"
)
# Finds numbers inside running text (extracted Word files, OCR), before normalisation.
IN_TEXT_PATTERN = re.compile(
    r"[\u4e00-\u9fa5A-Za-z]{1,8}\s*[〔\[\(【［（〖]\s*[0-9０-９]{4}\s*[〕\]\)】］）〗]\s*"
    r"第?\s*[0-9０-９]+\s*号"
)

# Running text puts words right before the 机关代字 with no space ("根据国办发〔2012〕12号");
# these are stripped from the front of a match. Codes themselves never start with them.
_LEADING_WORDS = re.compile(
    r"^(?:根据|按照|依据|依照|参照|关于|对于|印发|转发|执行|落实|贯彻|见|经|据|按|和|及|与|或|对|由|的|是|为|以)+"
)


@dataclass(frozen=True)
class DocumentNumber:
    issuer_code: str  # 机关代字
    year: int
    serial: int

    def __str__(self) -> str:
        return format_document_number(self.issuer_code, self.year, self.serial)


def format_document_number(issuer_code: str, year: int, serial: int) -> str:
    return f"{issuer_code}{OPEN_BRACKET}{year}{CLOSE_BRACKET}{serial}号"


def normalize_document_number(raw: str) -> str:
    """Fold width, brackets, spaces, a stray 第 and leading zeros into the standard form.

    Returns the cleaned string even when it does not parse, so free text stays searchable.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    # NFKC turns 〔〕 into themselves but ［］（） into []() — fold all to 〔〕.
    text = text.translate(_BRACKETS)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"〕第", "〕", text)
    return re.sub(r"〕0+(?=\d)", "〕", text)


def parse_document_number(raw: str) -> DocumentNumber:
    """Parse a 发文字号; raises ValidationError with a bilingual message when malformed."""
    match = STRICT_PATTERN.match(normalize_document_number(raw))
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a document number like 浙接待函〔2026〕3号."),
            code="invalid_document_number",
            params={"value": raw},
        )
    return DocumentNumber(match["issuer"], int(match["year"]), int(match["serial"]))


def find_document_numbers(text: str) -> list[str]:
    """Every 发文字号 in a text, normalised, in order of appearance, without repeats.

    A heuristic for pre-filling forms (a person confirms): running text has no boundary
    before the 机关代字, so known leading words are stripped, and when one finding ends
    with another ("重申浙接待函〔2026〕3号" and "浙接待函〔2026〕3号") the shorter wins.
    """
    found: list[str] = []
    for match in IN_TEXT_PATTERN.finditer(text or ""):
        number = _LEADING_WORDS.sub("", normalize_document_number(match.group()))
        if not STRICT_PATTERN.match(number):
            continue
        longer = [f for f in found if f.endswith(number)]
        if longer:
            found[found.index(longer[0])] = number
        elif not any(number.endswith(f) for f in found):
            found.append(number)
    return found
