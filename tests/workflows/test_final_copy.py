"""成文: the Word file has the GB/T 9704-2012 elements in order and is attached as a new
version beside the original, or as the first original of a born-digital document."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from repository.models import AttachedFile, Classification
from repository.services.files import attach_original
from repository.storage import blob_path
from tests.factories import OfficialDocumentPageFactory
from workflows.services.final_copy import chinese_date, issue_final_copy, render_official_document


def document(**kwargs):
    defaults = dict(
        title="关于规范工作餐安排的通知",
        document_number="示接待发〔2026〕12号",
        issuing_authority="示范市接待办公室",
        main_recipients="各县（市、区）接待办",
        body="<p>第一段。</p><p>第二段&amp;说明。</p>",
        date_written=date(2026, 3, 6),
        copied_to="市纪委监委",
        printing_authority="示范市接待办公室",
        urgency="特急",
    )
    return OfficialDocumentPageFactory(**{**defaults, **kwargs})


def texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text]


def test_date_written_uses_arabic_numerals_without_leading_zeros():
    assert chinese_date(date(2026, 3, 6)) == "2026年3月6日"


@pytest.mark.django_db
def test_elements_come_in_the_standard_order():
    lines = texts(render_official_document(document()))
    expected = [
        "特急",
        "示范市接待办公室文件",
        "示接待发〔2026〕12号",
        "关于规范工作餐安排的通知",
        "各县（市、区）接待办：",
        "第一段。",
        "第二段&说明。",
        "示范市接待办公室",
        "2026年3月6日",
        "抄送：市纪委监委。",
    ]
    positions = [lines.index(line) for line in expected]
    assert positions == sorted(positions)
    assert lines[-1].endswith("2026年3月6日印发")


@pytest.mark.django_db
def test_classified_and_upward_documents_show_marking_and_signer():
    lines = texts(
        render_official_document(
            document(
                kind="请示",
                signer="王明",
                classification=Classification.SECRET,
                secrecy_period="5年",
            )
        )
    )
    assert "机密★5年" in lines
    assert any("签发人：王明" in line for line in lines)


@pytest.mark.django_db
def test_attached_as_first_original_then_as_rendition_of_the_original():
    born_digital = document()
    word = issue_final_copy(born_digital)
    assert word.role == AttachedFile.Role.ORIGINAL and word.filename.endswith(".docx")

    scanned = document(document_number="示接待发〔2026〕13号")
    original = attach_original(scanned, io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")
    word = issue_final_copy(scanned)
    assert (word.role, word.derived_from) == (AttachedFile.Role.RENDITION, original)
    stored = word.stored_file
    assert "示接待发〔2026〕13号" in texts(blob_path(stored.sha256, stored.kind).read_bytes())
