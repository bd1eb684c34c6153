"""OCR against the real Tesseract through ocrmypdf: clean 200-dpi Chinese scans rendered
from corpus text. Few and one page each — OCR is slow on a small machine."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess

import pytest
from fpdf import FPDF

from ingest import errors, mime
from ingest.extract import extract
from ingest.extractors.builtin import BuiltinExtractor
from ingest.ocr import get_ocr_engine
from ingest.quality import character_error_rate
from tests.ingest.samples import (
    NOTO_CJK,
    NOTO_SC_INDEX,
    NOTO_TC_INDEX,
    TRADITIONAL_CORPUS,
    corpus_lines,
    render_page,
    save_png,
)
from tests.unresponsive import hanging_tesseract

pytestmark = pytest.mark.integration
CJK_SPACE = re.compile(r"[\u4e00-\u9fff][ \t]+[\u4e00-\u9fff]")


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def page_lines(corpus_texts):
    return corpus_lines(corpus_texts, 14)


def test_scanned_image_ocr_matches_tesseract_by_hand(page_lines, tmp_path):
    scan = save_png(render_page(page_lines), tmp_path / "scan.png")
    before = sha256(scan)
    reference = "\n".join(page_lines)
    by_hand = subprocess.run(
        ["tesseract", str(scan), "stdout", "-l", "chi_sim+eng"],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout  # fmt: skip
    baseline = character_error_rate(reference, by_hand)

    result = get_ocr_engine().ocr(scan, mime.PNG, tmp_path / "derived" / "scan.pdf")

    cer = character_error_rate(reference, result.text)
    print(f"OCR CER {cer:.2%}, Tesseract by hand {baseline:.2%}")
    assert cer <= baseline + 0.01
    assert not CJK_SPACE.search(result.text)
    # The PDF's text layer, as the extract stage reads it again later (e.g. re-indexing).
    layer = extract(result.pdf_path, mime.PDF, [BuiltinExtractor()]).text
    assert not CJK_SPACE.search(layer)
    assert character_error_rate(reference, layer) <= baseline + 0.01
    assert result.pdf_path.is_file() and result.pdfa and result.page_count == 1
    assert sha256(scan) == before  # the original is untouched
    assert not list((tmp_path / "derived").glob(".*partial"))


def test_traditional_scan_with_chi_tra_configured_matches_tesseract_by_hand(
    corpus_texts, tmp_path, settings
):
    """Paper in 繁體 (Hong Kong, Macao, Taiwan correspondence, older archives): with
    ``OCR_LANGUAGES = "chi_tra+eng"`` the engine does as well as Tesseract by hand. Had
    the setting been ignored (chi_sim), every 體/发 difference would count as an error."""
    settings.OCR_LANGUAGES = "chi_tra+eng"
    lines = corpus_lines({TRADITIONAL_CORPUS: corpus_texts[TRADITIONAL_CORPUS]}, 14)
    assert any(ch in "".join(lines) for ch in "發與國會這為")  # Traditional indeed
    scan = save_png(render_page(lines, font_index=NOTO_TC_INDEX), tmp_path / "繁體.png")
    reference = "\n".join(lines)
    by_hand = subprocess.run(
        ["tesseract", str(scan), "stdout", "-l", "chi_tra+eng"],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout  # fmt: skip
    baseline = character_error_rate(reference, by_hand)

    result = get_ocr_engine().ocr(scan, mime.PNG, tmp_path / "derived" / "trad.pdf")

    cer = character_error_rate(reference, result.text)
    print(f"chi_tra OCR CER {cer:.2%}, Tesseract by hand {baseline:.2%}")
    assert cer <= baseline + 0.01
    assert baseline < 0.1  # a clean scan: the comparison means something
    assert not CJK_SPACE.search(result.text)


def test_a_page_scanned_sideways_is_turned_upright_before_recognition(page_lines, tmp_path):
    """Pages fed into the scanner the wrong way: Tesseract by hand reads nothing useful,
    the pipeline (ocrmypdf's page rotation from Tesseract's orientation detection) reads
    the page as if it had been upright."""
    lines = page_lines[:8]
    sideways = render_page(lines).rotate(90, expand=True)
    scan = save_png(sideways, tmp_path / "sideways.png")
    reference = "\n".join(lines)
    by_hand = subprocess.run(
        ["tesseract", str(scan), "stdout", "-l", "chi_sim+eng", "--psm", "6"],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout  # fmt: skip
    assert character_error_rate(reference, by_hand) > 0.5

    result = get_ocr_engine().ocr(scan, mime.PNG, tmp_path / "upright.pdf")

    assert character_error_rate(reference, result.text) <= 0.05


def test_mixed_pdf_ocrs_only_the_scanned_page_and_stays_pdfa(page_lines, tmp_path):
    """Skip-text with PDF/A output: Ghostscript 10.0.0 refuses it, the internal PDF/A
    backend does it."""
    digital, scanned = page_lines[:3], page_lines[3:7]
    pdf = FPDF(format="A4")
    pdf.add_font("noto", fname=str(NOTO_CJK), collection_font_number=NOTO_SC_INDEX)
    pdf.set_font("noto", size=14)
    pdf.add_page()
    for line in digital:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(render_page(scanned), x=0, y=0, w=210)
    source = tmp_path / "mixed.pdf"
    source.write_bytes(bytes(pdf.output()))

    result = get_ocr_engine().ocr(source, mime.PDF, tmp_path / "mixed.ocr.pdf")

    first, second = result.text.split("\n\n", 1) if "\n\n" in result.text else (result.text, "")
    assert character_error_rate("\n".join(digital), first) == 0.0  # kept as it was
    assert character_error_rate("\n".join(scanned), second) <= 0.05
    assert result.pdfa and result.page_count == 2


def test_ocr_timeout_is_retryable_and_leaves_nothing_behind(
    page_lines, tmp_path, settings, monkeypatch
):
    """A Tesseract that never finishes: the timeout, not a race with a fast OCR, ends it."""
    calls = tmp_path / "calls.log"
    hanging_tesseract(tmp_path / "bin", calls)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    settings.WENSHU_OCR_TIMEOUT = 3
    scan = save_png(render_page(page_lines[:2]), tmp_path / "scan.png")
    output = tmp_path / "out" / "scan.pdf"
    with pytest.raises(errors.OcrTimeoutError) as caught:
        get_ocr_engine().ocr(scan, mime.PNG, output)
    assert caught.value.retryable
    assert calls.read_text().strip(), "recognition never started"
    assert not output.exists() and not list(output.parent.iterdir())


def test_encrypted_pdf_is_a_permanent_ocr_error(page_lines, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(errors.EncryptedDocumentError) as caught:
        get_ocr_engine().ocr(locked, mime.PDF, tmp_path / "locked.ocr.pdf")
    assert not caught.value.retryable
