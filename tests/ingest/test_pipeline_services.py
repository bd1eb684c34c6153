"""The pipeline against the real Tika and Tesseract: a digital docx through Tika, a
scanned page through OCR (PDF/A kept beside the original, text without CJK spaces), and
Tika / OCR time limits turning into retryable errors."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from ingest.quality import character_error_rate
from repository.models import GenericDocumentPage
from repository.services.files import read_attached_text
from repository.storage import blob_path
from tests.ingest.conftest import DOC_NUMBER, ingest
from tests.ingest.samples import corpus_lines, render_page, save_png
from tests.unresponsive import hanging_tesseract, silent_server

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
CJK_SPACE = re.compile(r"[\u4e00-\u9fff][ \t]+[\u4e00-\u9fff]")


@pytest.fixture
def with_tika(settings, tika_url):
    settings.TIKA_URL = tika_url
    settings.WENSHU_EXTRACTORS = ["ingest.extractors.tika.TikaExtractor"]


def test_docx_through_tika(with_tika, official_docx, lines):
    job = ingest(official_docx)
    assert job.outcome == "created"
    assert job.page.specific.document_number == DOC_NUMBER
    text = read_attached_text(job.page)
    reference = "\n".join(["关于做好接待工作的通知", DOC_NUMBER, *lines, "2026年3月16日"])
    assert character_error_rate(reference, text) <= 0.01


def test_scan_is_ocred_with_pdfa_beside_the_original(corpus_texts, tmp_path, settings):
    page_lines = corpus_lines(corpus_texts, 10)
    scan = save_png(render_page(page_lines), tmp_path / "scan.png")
    job = ingest(scan)
    assert (job.outcome, job.ocr) == ("created", True)
    page = job.page.specific
    assert isinstance(page, GenericDocumentPage)
    files = {f.role: f for f in page.attached_files.select_related("stored_file")}
    assert set(files) == {"original", "ocr_pdf", "text"}
    assert files["ocr_pdf"].derived_from_id == files["original"].pk
    assert blob_path(files["original"].stored_file.sha256).read_bytes() == scan.read_bytes()
    pdf = blob_path(files["ocr_pdf"].stored_file.sha256, "derived").read_bytes()
    assert pdf.startswith(b"%PDF") and b"pdfaid" in pdf
    text = read_attached_text(page)
    assert not CJK_SPACE.search(text)
    assert character_error_rate("\n".join(page_lines), text) < 0.1


def test_ocr_timeout_is_retryable_then_quarantined(corpus_texts, tmp_path, settings, monkeypatch):
    """A Tesseract that never finishes: the OCR timeout ends it (not a race with a fast one)."""
    hanging_tesseract(tmp_path / "bin", tmp_path / "calls.log")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    settings.WENSHU_OCR_TIMEOUT = 3
    settings.WENSHU_INGEST_MAX_ATTEMPTS = 1
    scan = save_png(render_page(corpus_lines(corpus_texts, 4)), tmp_path / "slow.png")
    job = ingest(scan)
    assert (job.status, job.error_code) == ("failed", "ocr_timeout")
    assert job.quarantine.exists() and job.page_id is None


def test_tika_timeout_is_retryable(official_docx, settings):
    """A Tika that never answers: the job waits for another try, nothing is quarantined."""
    settings.WENSHU_EXTRACTORS = ["ingest.extractors.tika.TikaExtractor"]
    settings.WENSHU_TIKA_TIMEOUT = 1
    with silent_server() as url:
        settings.TIKA_URL = url
        job = ingest(official_docx)
    assert (job.status, job.error_code) == ("queued", "service_timeout")
    assert job.next_attempt_at is not None and not job.quarantine.exists()


def _only_on_path(tmp_path, monkeypatch, *tools):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(bin_dir))


def test_a_scan_without_tesseract_is_a_clear_error_naming_make_services(
    corpus_texts, tmp_path, monkeypatch
):
    """A new machine after `make run` alone: no record without text, a per-file error."""
    scan = save_png(render_page(corpus_lines(corpus_texts, 4)), tmp_path / "scan.png")
    _only_on_path(tmp_path, monkeypatch, "gs")

    job = ingest(scan)

    assert (job.status, job.error_code) == ("failed", "ocr_unavailable")
    assert job.page_id is None and job.quarantine.exists()
    assert "make services" in job.error_message


def test_a_scan_without_ghostscript_is_still_read(corpus_texts, tmp_path, monkeypatch):
    """ocrmypdf rasterises and writes the PDF without Ghostscript (only PDF/A needs it):
    the record is made with its text, never an empty one."""
    page_lines = corpus_lines(corpus_texts, 4)
    scan = save_png(render_page(page_lines), tmp_path / "scan.png")
    _only_on_path(tmp_path, monkeypatch, "tesseract")

    job = ingest(scan)

    assert job.status == "done", job.error_message
    assert character_error_rate("\n".join(page_lines), read_attached_text(job.page)) < 0.1
