"""成文: the document as a Word file laid out after GB/T 9704-2012 党政机关公文格式.

Layout elements in standard order — 版头 (份号, 密级, 紧急程度, red 发文机关标志, 发文字号,
签发人 for 上行文, red line), 主体 (标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 附注) and
版记 (抄送, 印发机关和印发日期) — on A4 with the standard margins and fonts. The file is
attached to the record as a new version; the record's fields stay the source of truth.
"""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from repository.models import AttachedFile, OfficialDocumentPage
from repository.services.files import attach_derived, attach_original

RED = RGBColor(0xE6, 0x00, 0x12)
TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)  # 二号, 三号, 四号
UPWARD_KINDS = {"报告", "请示", "议案"}  # 上行文 carry the 签发人
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chinese_date(day: date) -> str:
    """成文日期 with Arabic numerals and no leading zeros: 2026年3月16日."""
    return f"{day.year}年{day.month}月{day.day}日"


def paragraphs_of(rich_text: str) -> list[str]:
    blocks = re.split(r"</p>|<br\s*/?>|</h\d>|</li>", rich_text or "", flags=re.IGNORECASE)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", block)).strip() for block in blocks]
    return [text for text in texts if text]


def _run(paragraph, text, font=BODY_FONT, size=SIZE_3, colour=None, bold=False):
    run = paragraph.add_run(text)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    run.font.size = size
    run.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _paragraph(doc, text="", *, align=None, indent=False, **run_options):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        _run(paragraph, text, **run_options)
    return paragraph


def _rule(paragraph, colour="E60012", size=12) -> None:
    """A horizontal line under the paragraph (the red 分隔线, or the 版记 lines)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", colour)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def render_official_document(page: OfficialDocumentPage) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    written = page.date_written or timezone.localdate()
    stamp = datetime(written.year, written.month, written.day, tzinfo=UTC)
    doc.core_properties.created = doc.core_properties.modified = stamp
    doc.core_properties.title = page.title

    # 版头
    if page.copy_number:
        _paragraph(doc, page.copy_number, font=HEADING_FONT)
    if page.classification >= 2:
        marking = page.get_classification_display().split("(")[-1].rstrip(")")
        _paragraph(doc, f"{marking}★{page.secrecy_period}".rstrip("★"), font=HEADING_FONT)
    if page.urgency:
        _paragraph(doc, page.urgency, font=HEADING_FONT)
    _paragraph(
        doc,
        f"{page.issuing_authority}文件",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        font=TITLE_FONT,
        size=Pt(42),
        colour=RED,
    )
    number_line = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(number_line, page.document_number)
    if page.kind in UPWARD_KINDS and page.signer:
        _run(number_line, f"　　签发人：{page.signer}")
    _rule(number_line)

    # 主体
    _paragraph(doc)
    _paragraph(doc, page.title, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=SIZE_2)
    _paragraph(doc)
    if page.main_recipients:
        _paragraph(doc, f"{page.main_recipients}：")
    for text in paragraphs_of(page.body):
        _paragraph(doc, text, indent=True)
    if page.attachment_note:
        _paragraph(doc)
        _paragraph(doc, f"附件：{page.attachment_note}", indent=True)
    _paragraph(doc)
    _paragraph(doc, page.issuing_authority, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, chinese_date(written), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if page.remarks:
        _paragraph(doc, f"（{page.remarks}）", indent=True)

    # 版记
    _paragraph(doc)
    if page.copied_to:
        _rule(_paragraph(doc, f"抄送：{page.copied_to}。", size=SIZE_4), "000000", 4)
    printed = page.printing_date or written
    footer = _paragraph(doc, size=SIZE_4)
    _run(footer, page.printing_authority or page.issuing_authority, size=SIZE_4)
    _run(footer, f"　　{chinese_date(printed)}印发", size=SIZE_4)
    _rule(footer, "000000", 8)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _filename(page) -> str:
    name = page.document_number or page.title
    return re.sub(r'[\\/:*?"<>|]+', "_", name) + ".docx"


def issue_final_copy(page, *, user=None) -> AttachedFile:
    """Generate the Word file and attach it: beside the original when there is one
    (a rendition derived from it), else as the record's first original."""
    if not isinstance(page, OfficialDocumentPage):
        page = OfficialDocumentPage.objects.get(pk=page.pk)
    page = page.get_latest_revision_as_object() if page.get_latest_revision() else page
    stream = io.BytesIO(render_official_document(page))
    original = (
        AttachedFile.objects.filter(page_id=page.pk, role=AttachedFile.Role.ORIGINAL)
        .order_by("-added_at", "-pk")
        .first()
    )
    if original is None:
        return attach_original(page, stream, _filename(page), user=user, mime_type=DOCX_MIME)
    return attach_derived(
        original, stream, _filename(page), AttachedFile.Role.RENDITION, mime_type=DOCX_MIME
    )
