"""Builders for the sample files the ingest tests feed the engines: Word, PDF, text, HTML,
e-mail, scanned pages. Everything is made in the test from the shared corpus's sentences,
so nothing binary is checked in and every expected text is known exactly.

Digital PDFs are written with fpdf2 (installed with ocrmypdf) and the Noto CJK font.
"""

from __future__ import annotations

import io
import re
from email.message import EmailMessage
from pathlib import Path

from docx import Document
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SC_INDEX = 2  # Noto Sans CJK SC inside the collection
NOTO_TC_INDEX = 3  # Noto Sans CJK TC, Traditional-script glyph forms
TRADITIONAL_CORPUS = "anhui-reception-informatization"  # the corpus text in 繁體
DPI = 200
A4_MM = (210, 297)


def corpus_lines(texts: dict[str, str], count: int, *, min_len: int = 12, max_len: int = 34):
    """``count`` sentences of realistic Chinese office prose, short enough for one line of
    an A4 page, taken in order from the corpus (Simplified texts first)."""
    lines: list[str] = []
    for name in sorted(texts, key=lambda n: "anhui" in n):  # the Traditional one last
        for raw in re.split(r"[\n。；]", texts[name]):
            line = raw.strip().replace(" ", "")
            fresh = line + "。" not in lines
            if fresh and min_len <= len(line) <= max_len and not re.search(r"[\\|]", line):
                lines.append(line + "。")
                if len(lines) == count:
                    return lines
    return lines


def make_docx(path: Path, paragraphs: list[str], *, title: str, author: str) -> Path:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def make_pdf(path: Path, pages: list[list[str]], *, title: str, author: str) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_font("noto", fname=str(NOTO_CJK), collection_font_number=NOTO_SC_INDEX)
    pdf.set_font("noto", size=14)
    pdf.set_title(title)
    pdf.set_author(author)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def make_html(path: Path, paragraphs: list[str], *, title: str, encoding: str = "utf-8"):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<html><head><meta charset="{encoding}"><title>{title}</title>'
        f"<script>var ignored = '脚本';</script></head><body>{body}</body></html>"
    )
    path.write_bytes(html.encode(encoding))
    return path


def make_eml(path: Path, paragraphs: list[str], *, subject: str) -> Path:
    message = EmailMessage()
    message["From"] = "office@example.gov.cn"
    message["To"] = "archive@example.gov.cn"
    message["Subject"] = subject
    message.set_content("\n".join(paragraphs))
    path.write_bytes(bytes(message))
    return path


def render_page(
    lines: list[str], *, font_pt: int = 16, dpi: int = DPI, font_index: int = NOTO_SC_INDEX
) -> Image.Image:
    """A clean A4 scan of ``lines``: black Noto Sans CJK on white at ``dpi`` (16 pt is
    三号, the body size of GB/T 9704 documents); ``NOTO_TC_INDEX`` for Traditional text."""
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(NOTO_CJK), round(font_pt / 72 * dpi), index=font_index)
    margin = round(25 / 25.4 * dpi)
    step = round(font.size * 1.8)
    for number, line in enumerate(lines):
        draw.text((margin, margin + number * step), line, font=font, fill=0)
    return page


def save_png(image: Image.Image, path: Path, dpi: int = DPI) -> Path:
    image.save(path, dpi=(dpi, dpi))
    return path


def png_bytes(image: Image.Image, dpi: int = DPI) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
