"""The filing catalogue (归档文件目录) exports with the columns of DA/T 22-2015."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from repository.models import Classification
from retention.exports import filing_catalogue, to_csv, to_pdf, to_xlsx
from retention.models import FiledRecord
from retention.services.filing import file_records

pytestmark = pytest.mark.django_db
HEADERS = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"]


@pytest.fixture
def catalogue(make_record, fonds, archivist):
    records = [
        make_record(
            title="关于规范工作餐的通知",
            document_number="示接待发〔2026〕12号",
            issuing_authority="示范市接待办公室",
            date_written=date(2026, 3, 16),
        ),
        make_record(
            title="安全保卫方案",
            classification=Classification.SECRET,
            date_written=date(2026, 1, 8),
            responsible_party="示范市接待办公室",
        ),
    ]
    file_records(records, fonds=fonds, period="Y", user=archivist)
    return filing_catalogue(FiledRecord.objects.order_by("item_number"))


def test_catalogue_rows_follow_the_standard(catalogue):
    assert list(catalogue.headers) == HEADERS
    assert catalogue.rows[0][:7] == [
        1,
        "Z109-WS·2026-Y-BGS-0001",
        catalogue.rows[0][2],
        "示范市接待办公室",
        "安全保卫方案",
        "20260108",
        "机密",
    ]
    assert catalogue.rows[1][1:7] == [
        "Z109-WS·2026-Y-BGS-0002",
        "示接待发〔2026〕12号",
        "示范市接待办公室",
        "关于规范工作餐的通知",
        "20260316",
        "内部",
    ]


def test_xlsx_and_csv_carry_the_same_table(catalogue):
    sheet = load_workbook(io.BytesIO(to_xlsx(catalogue))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert values[2][1] == "Z109-WS·2026-Y-BGS-0002"
    text = to_csv(catalogue).decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADERS)
    assert "关于规范工作餐的通知" in text


def test_pdf_is_readable_chinese(catalogue):
    reader = PdfReader(io.BytesIO(to_pdf(catalogue)))
    text = reader.pages[0].extract_text().replace("\x00", "")  # pypdf reads CID text as UTF-16
    assert "归档文件目录" in text
    assert "关于规范工作餐的通知" in text
