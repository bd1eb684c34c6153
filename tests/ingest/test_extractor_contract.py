"""The contract every extraction engine keeps, run against each engine: the built-in one
(no services) and Tika (the real server at TIKA_URL, marked ``integration``).

Each sample is built in the test from corpus sentences, so the expected text is known;
the issue's target is a character error rate of at most 1% on digital documents.
"""

from __future__ import annotations

import os
import socketserver
import threading
from datetime import date

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from ingest import errors, mime
from ingest.extract import extract
from ingest.extractors import get_extractor
from ingest.extractors.base import Extraction
from ingest.extractors.builtin import BuiltinExtractor
from ingest.extractors.tika import TikaExtractor
from ingest.quality import character_error_rate
from tests.conftest import closed_port_url
from tests.ingest.samples import (
    NOTO_CJK,
    NOTO_SC_INDEX,
    corpus_lines,
    make_docx,
    make_eml,
    make_html,
    make_pdf,
    render_page,
)
from tests.unresponsive import silent_server

MAX_CER = 0.01
TITLE = "关于规范公务接待工作的通知"
AUTHOR = "省接待办"


@pytest.fixture(params=["builtin", pytest.param("tika", marks=pytest.mark.integration)])
def engine(request):
    if request.param == "tika":
        return TikaExtractor(request.getfixturevalue("tika_url"))
    return BuiltinExtractor()


@pytest.fixture
def lines(corpus_texts):
    return corpus_lines(corpus_texts, 30)


def check_text(result: Extraction, reference: list[str]) -> None:
    assert isinstance(result, Extraction)
    cer = character_error_rate("\n".join(reference), result.text)
    assert cer <= MAX_CER, f"{result.engine}: CER {cer:.2%}"


def run(engine, path, mime_type):
    """Through the extract stage with only this engine configured."""
    return extract(path, mime_type, extractors=[engine])


def test_docx_text_properties_and_official_fields(engine, lines, tmp_path):
    body = ["浙接待函〔2026〕3号", *lines[:20], "浙江省公务接待办公室", "2026年11月23日"]
    path = make_docx(tmp_path / "通知.docx", body, title=TITLE, author=AUTHOR)
    result = run(engine, path, mime.DOCX)
    check_text(result, [TITLE, *body])
    assert (result.metadata.title, result.metadata.author) == (TITLE, AUTHOR)
    assert result.metadata.created is not None
    assert result.metadata.headings == [TITLE]  # Word structure, whichever engine read it
    assert result.metadata.document_number == "浙接待函〔2026〕3号"
    assert result.metadata.issued_on == date(2026, 11, 23)
    assert result.engine == engine.name


def test_pdf_text_metadata_and_page_count(engine, lines, tmp_path):
    pages = [lines[:15], lines[15:30]]
    path = make_pdf(tmp_path / "report.pdf", pages, title=TITLE, author=AUTHOR)
    result = run(engine, path, mime.PDF)
    check_text(result, lines[:30])
    assert (result.metadata.title, result.metadata.author) == (TITLE, AUTHOR)
    assert result.metadata.page_count == 2
    assert result.pages_without_text == [] and not result.needs_ocr


def test_pdf_pages_without_text_are_reported_for_ocr(engine, lines, tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_font("noto", fname=str(NOTO_CJK), collection_font_number=NOTO_SC_INDEX)
    pdf.set_font("noto", size=14)
    pdf.add_page()
    pdf.cell(0, 10, lines[0])
    pdf.add_page()
    pdf.image(render_page(lines[1:3]), x=0, y=0, w=210)  # a scanned page
    path = tmp_path / "mixed.pdf"
    path.write_bytes(bytes(pdf.output()))
    result = run(engine, path, mime.PDF)
    assert result.pages_without_text == [2] and result.needs_ocr
    check_text(result, lines[:1])


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_plain_text_in_office_encodings(engine, lines, tmp_path, encoding):
    path = tmp_path / "note.txt"
    path.write_bytes("\n".join(lines).encode(encoding))
    check_text(run(engine, path, mime.TEXT), lines)


def test_html_text_and_title_without_scripts(engine, lines, tmp_path):
    path = make_html(tmp_path / "page.html", lines[:10], title=TITLE)
    result = run(engine, path, mime.HTML)
    check_text(result, lines[:10])
    assert result.metadata.title == TITLE
    assert "脚本" not in result.text


def test_corrupt_pdf_is_a_permanent_error(engine, tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n")
    with pytest.raises(errors.CorruptFileError) as caught:
        run(engine, path, mime.PDF)
    assert caught.value.retryable is False


def test_corrupt_docx_is_a_permanent_error(engine, lines, tmp_path):
    path = make_docx(tmp_path / "a.docx", lines[:3], title=TITLE, author=AUTHOR)
    path.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    with pytest.raises(errors.CorruptFileError):
        run(engine, path, mime.DOCX)


def test_password_protected_pdf_is_reported_as_encrypted(engine, lines, tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [lines[:3]], title=TITLE, author=AUTHOR)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(errors.EncryptedDocumentError):
        run(engine, locked, mime.PDF)


# --- engine-specific behaviour ------------------------------------------------------


def test_builtin_engine_sends_other_office_formats_to_tika():
    for office in (mime.DOC, mime.XLSX, mime.PPTX, mime.ODT, mime.RTF, mime.EML):
        with pytest.raises(errors.NeedsTikaError) as caught:
            get_extractor(office, [BuiltinExtractor()])
        assert "Tika" in caught.value.message and "TIKA_URL" in caught.value.message


def test_nobody_extracts_images_they_go_to_ocr():
    with pytest.raises(errors.UnsupportedTypeError) as caught:
        get_extractor(mime.PNG, [BuiltinExtractor()])
    assert not isinstance(caught.value, errors.NeedsTikaError)


def test_the_registry_follows_tika_url(settings):
    settings.TIKA_URL = None
    assert get_extractor(mime.PDF).name == "builtin"
    settings.TIKA_URL = "http://127.0.0.1:9"
    assert get_extractor(mime.PDF).name == "tika"
    settings.WENSHU_EXTRACTORS = ["ingest.extractors.builtin.BuiltinExtractor"]
    assert get_extractor(mime.PDF).name == "builtin"


@pytest.mark.integration
def test_tika_reads_email_with_its_subject(tika_url, lines, tmp_path):
    path = make_eml(tmp_path / "letter.eml", lines[:8], subject=TITLE)
    result = run(TikaExtractor(tika_url), path, mime.EML)
    check_text(result, lines[:8])
    assert result.metadata.title == TITLE


def test_tika_down_is_a_retryable_service_error(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("公务接待", encoding="utf-8")
    with pytest.raises(errors.ServiceUnavailableError) as caught:
        TikaExtractor(closed_port_url()).extract(path, mime.TEXT)
    assert caught.value.retryable and "Tika" in caught.value.message


def test_tika_timeout_is_a_retryable_service_error(lines, tmp_path, settings):
    """A Tika that accepts the request and never answers: the read timeout ends the wait."""
    settings.WENSHU_TIKA_TIMEOUT = 1
    path = make_pdf(tmp_path / "slow.pdf", [lines[:15]] * 3, title=TITLE, author=AUTHOR)
    with silent_server() as url, pytest.raises(errors.ServiceTimeoutError) as caught:
        TikaExtractor(url).extract(path, mime.PDF)
    assert caught.value.retryable and caught.value.code == "service_timeout"


def test_tika_xhtml_becomes_a_line_per_block_with_inline_runs_joined():
    """ODF text comes from Tika's XHTML: its plain text runs a heading into the next line."""
    from ingest.extractors.tika import xhtml_text

    xhtml = (
        "<html><head><title>不要</title></head><body><h1>关于接待的通知</h1>"
        "<p>浙接待发〔2025〕9号</p><p><span>公务</span><span>接待</span></p>"
        "<table><tr><td>序号</td><td>事由</td></tr></table></body></html>"
    )
    lines = [line for line in xhtml_text(xhtml).split("\n") if line.strip()]
    assert lines == ["关于接待的通知", "浙接待发〔2025〕9号", "公务接待", "序号\t事由\t"]


def test_spreadsheet_header_and_footer_codes_are_removed():
    from ingest.extractors.tika import without_sheet_codes

    text = '接待登记\n\tR&D部门\n&C&"Times New Roman,Regular"&12&A\n&L&"宋体"&10机密&RPage &P'
    assert without_sheet_codes(text) == "接待登记\n\tR&D部门\n\n机密Page "


class _CrashingTika(socketserver.BaseRequestHandler):
    """Reads the request, then either drops the connection without a word (the JVM died
    mid-parse) or answers 500 (a parser blew up inside the server)."""

    def handle(self):
        self.request.recv(65536)
        if self.server.mode == "500":
            body = b"java.lang.OutOfMemoryError: Java heap space"
            self.request.sendall(
                b"HTTP/1.1 500 Server Error\r\nContent-Length: %d\r\n"
                b"Connection: close\r\n\r\n%s" % (len(body), body)
            )


@pytest.mark.parametrize("mode", ["dropped", "500"])
def test_tika_crashing_mid_request_is_a_retryable_service_error(mode, tmp_path):
    server = socketserver.TCPServer(("127.0.0.1", 0), _CrashingTika)
    server.mode = mode
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        path = tmp_path / "note.txt"
        path.write_text("公务接待", encoding="utf-8")
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(errors.ServiceUnavailableError) as caught:
            TikaExtractor(url).extract(path, mime.TEXT)
    finally:
        server.shutdown()
        server.server_close()
    assert caught.value.retryable and "Tika" in caught.value.message
