"""Fixtures for the pipeline tests: sample files from the corpus, a snapshot of the
content-addressed store to prove that nothing stored changes, and a helper that runs one
file through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from ingest.services import jobs
from tests.ingest.samples import corpus_lines, make_docx, make_pdf

DOC_NUMBER = "示接待发〔2026〕7号"


@pytest.fixture
def lines(corpus_texts):
    return corpus_lines(corpus_texts, 12)


@pytest.fixture
def official_docx(tmp_path, lines):
    body = [DOC_NUMBER, *lines, "2026年3月16日"]
    return make_docx(
        tmp_path / "notice.docx", body, title="关于做好接待工作的通知", author="办公室"
    )


@pytest.fixture
def plain_pdf(tmp_path, lines):
    return make_pdf(tmp_path / "plan.pdf", [lines[:6], lines[6:]], title="", author="办公室")


@pytest.fixture
def builtin_only(settings):
    """The embedded default: no Tika."""
    settings.TIKA_URL = None
    settings.WENSHU_EXTRACTORS = ["ingest.extractors.builtin.BuiltinExtractor"]


def store_snapshot() -> dict[str, bytes]:
    """Every blob in the originals and derived stores, by relative path."""
    snapshot = {}
    for root in (Path(settings.WENSHU_ORIGINALS_DIR), Path(settings.WENSHU_DERIVED_DIR)):
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and "tmp" not in path.relative_to(root).parts:
                    snapshot[str(path)] = path.read_bytes()
    return snapshot


def ingest(path: Path, **kwargs):
    """Submit and run one file; returns the finished (or waiting) job."""
    job = jobs.submit_path(path, **kwargs)
    return jobs.run_job(job.pk)
