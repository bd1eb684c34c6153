"""The OCR engine really crashing, not timing out: a ``tesseract`` first on PATH that
answers ocrmypdf's version and language checks like the real one, then dies by SIGSEGV
when asked to recognise a page — either alone (Tesseract crashed) or taking the whole OCR
process group with it (the OCR worker process crashed).

Either way: status error with the message in Chinese and English, the original in
quarantine, the batch goes on, and nothing already stored changes.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from ingest.models import IngestJob, QuarantineEntry
from ingest.services.quarantine import quarantined_path
from repository.services.files import read_attached_text
from tests.ingest.conftest import ingest, store_snapshot
from tests.ingest.samples import corpus_lines, render_page, save_png

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

REAL_TESSERACT = shutil.which("tesseract")
FAKE = """#!/bin/sh
# Version, language and parameter queries go to the real Tesseract; recognition crashes.
case "$1" in --*) exec {real} "$@" ;; esac
echo "$*" >> {log}
kill -SEGV {target}
"""


def crashing_tesseract(bin_dir: Path, log: Path, *, whole_group: bool) -> None:
    bin_dir.mkdir()
    script = bin_dir / "tesseract"
    # "0" signals every process of the OCR child's own process group; "$$" only itself.
    target = "0" if whole_group else "$$"
    script.write_text(FAKE.format(real=REAL_TESSERACT, log=log, target=target))
    script.chmod(0o755)


@pytest.fixture
def scan(corpus_texts, tmp_path):
    return save_png(render_page(corpus_lines(corpus_texts, 6)), tmp_path / "扫描件.png")


def run_batch(*paths) -> list[dict]:
    out = io.StringIO()
    call_command("ingest", *map(str, paths), "--json", stdout=out, stderr=io.StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("whole_group", "code"),
    [(False, "ocr_failed"), (True, "ocr_crashed")],
    ids=["tesseract-segfaults", "ocr-process-group-segfaults"],
)
def test_an_ocr_crash_is_an_error_with_the_original_in_quarantine_and_the_batch_goes_on(
    whole_group, code, scan, official_docx, plain_pdf, tmp_path, monkeypatch, settings
):
    assert REAL_TESSERACT, "Tesseract is not installed"
    settings.TIKA_URL = None
    settings.WENSHU_EXTRACTORS = ["ingest.extractors.builtin.BuiltinExtractor"]
    settings.WENSHU_INGEST_MAX_ATTEMPTS = 1  # a crash is not tried again in this test
    good = ingest(official_docx)
    before = store_snapshot()
    calls = tmp_path / "tesseract-calls.log"
    crashing_tesseract(tmp_path / "bin", calls, whole_group=whole_group)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")

    crashed, after_it = run_batch(scan, plain_pdf)

    assert calls.read_text().strip(), "the fake Tesseract was never asked to recognise"
    assert crashed["status"] == "error" and crashed["error"]["code"] == code
    zh, en = crashed["error"]["message"].split(" / ", 1)
    assert "文字识别" in zh and "OCR" in en
    assert crashed["page_id"] is None and crashed["ocr"] is False
    job = IngestJob.objects.get(sha256=crashed["sha256"])
    assert (job.status, job.outcome) == ("failed", "error")
    entry = QuarantineEntry.objects.get(job=job)
    assert entry.error_code == code
    assert quarantined_path(entry).read_bytes() == scan.read_bytes()
    # The batch went on: the file after the crash was filed.
    assert after_it["status"] == "created" and after_it["page_id"]
    # Nothing stored before changed; no scratch OCR output reached the store.
    after = store_snapshot()
    assert {k: after[k] for k in before} == before
    assert read_attached_text(good.page)
    assert not any(k.endswith(".pdf.partial") for k in after)


def test_a_crashed_ocr_process_is_retried_with_backoff(scan, tmp_path, monkeypatch, settings):
    """A crash of the OCR process may be the machine (memory), not the file: retried."""
    settings.WENSHU_INGEST_MAX_ATTEMPTS = 3
    settings.WENSHU_INGEST_RETRY_SECONDS = 30
    crashing_tesseract(tmp_path / "bin", tmp_path / "calls.log", whole_group=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")

    job = ingest(scan)

    assert (job.status, job.error_code, job.attempts) == ("queued", "ocr_crashed", 1)
    assert job.next_attempt_at is not None and not job.quarantine.exists()
    assert job.page_id is None
