"""Registers as files: the filing catalogue (归档文件目录), the destruction register (销毁清册)
and the lending register (借阅登记簿), as xlsx, csv or PDF.

Column headings are the ones the national rules prescribe (DA/T 22-2015 and the office's
paper registers), in Chinese whatever the interface language: these files are records in
a prescribed form, not interface text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from repository.models import Classification
from repository.spreadsheets import inert_row

DEFAULT_CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SIMPLIFIED_CHINESE_IN_NOTO_TTC = 2  # JP, KR, SC, TC, HK


@dataclass(frozen=True)
class Register:
    title: str
    headers: Sequence[str]
    rows: list[list]
    widths: Sequence[int]  # relative column widths


def classification_label(level: int) -> str:
    # "内部 (internal)" → the Chinese term between the brackets of the choice label.
    label = str(Classification(level).label)
    return label[label.find("(") + 1 : label.rfind(")")] if "(" in label else label


def yyyymmdd(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.strftime("%Y%m%d")


def filing_catalogue(filed_records: Iterable, title: str = "归档文件目录") -> Register:
    rows = [
        [
            serial,
            filed.archival_code,
            filed.document_number,
            filed.responsible_party,
            filed.title,
            yyyymmdd(filed.record_date),
            classification_label(filed.classification),
            filed.page_count if filed.page_count is not None else "",
            filed.remarks,
        ]
        for serial, filed in enumerate(filed_records, start=1)
    ]
    return Register(
        title,
        ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"],
        rows,
        [8, 40, 30, 28, 60, 16, 10, 8, 20],
    )


def to_csv(register: Register) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(inert_row(register.headers))
    writer.writerows(inert_row(row) for row in register.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def to_xlsx(register: Register) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = register.title[:31]
    sheet.append(inert_row(register.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in register.rows:
        sheet.append(inert_row(row))
    for index, width in enumerate(register.widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width * 0.6
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(register: Register) -> bytes:
    """A landscape A4 table in a CJK font (fpdf2; the font file is a setting because it is a
    system file: ``WENSHU_CJK_FONT``, default Noto Sans CJK as Debian installs it)."""
    from fpdf import FPDF, FontFace

    font = Path(getattr(settings, "WENSHU_CJK_FONT", DEFAULT_CJK_FONT))
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font(
        "cjk",
        fname=str(font),
        collection_font_number=SIMPLIFIED_CHINESE_IN_NOTO_TTC if font.suffix == ".ttc" else 0,
    )
    pdf.set_font("cjk", size=14)
    pdf.add_page()
    pdf.cell(text=register.title, new_x="LMARGIN", new_y="NEXT", align="C", w=0)
    pdf.ln(2)
    pdf.set_font("cjk", size=8)
    with pdf.table(
        col_widths=tuple(register.widths),
        first_row_as_headings=True,
        headings_style=FontFace(emphasis=None, fill_color=(230, 230, 230)),
    ) as table:
        for values in [register.headers, *register.rows]:
            row = table.row()
            for value in values:
                row.cell("" if value is None else str(value))
    return bytes(pdf.output())


FORMATS = {
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "pdf": (to_pdf, "application/pdf"),
}
