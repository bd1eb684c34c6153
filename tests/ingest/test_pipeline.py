"""The pipeline end to end with the built-in extractors (no services), stage by stage."""

from __future__ import annotations

import pytest

from ingest.models import IngestJob
from ingest.pipeline import JobContext, processing_stages
from repository.models import (
    AttachedFile,
    GenericDocumentPage,
    InboxPage,
    OfficialDocumentPage,
    StoredFile,
)
from repository.services.files import read_attached_text
from repository.storage import blob_path
from tests.factories import FolderPageFactory
from tests.ingest.conftest import DOC_NUMBER, ingest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_only")]


def test_stages_run_in_the_documented_order():
    names = [stage.name for stage in processing_stages()]
    assert names == ["duplicate", "detect", "extract", "ocr", "create", "index"]


def test_official_docx_becomes_a_draft_official_document_in_a_new_inbox(official_docx, lines):
    assert not InboxPage.objects.exists()
    job = ingest(official_docx)

    assert (job.status, job.outcome, job.attempts) == ("done", "created", 1)
    page = job.page.specific
    assert isinstance(page, OfficialDocumentPage)
    assert page.live is False and page.has_unpublished_changes
    assert isinstance(page.get_parent().specific, InboxPage)
    assert page.title == "关于做好接待工作的通知"
    assert page.kind == "通知" and page.direction == "incoming"
    assert page.document_number == DOC_NUMBER
    assert page.date_written.isoformat() == "2026-03-16" and page.year == 2026
    roles = sorted(page.attached_files.values_list("role", flat=True))
    assert roles == ["original", "text"]
    original = page.attached_files.get(role="original")
    assert original.filename == "notice.docx"
    assert blob_path(original.stored_file.sha256).read_bytes() == official_docx.read_bytes()
    text = read_attached_text(page)
    assert all(line in text for line in lines)
    assert job.text_chars == len(text) and job.ocr is False
    assert original.stored_file.mime_type.endswith("wordprocessingml.document")


def test_pdf_without_metadata_title_takes_its_first_line_and_goes_under_the_folder(
    plain_pdf, lines
):
    folder = FolderPageFactory(title="2026年度")
    job = ingest(plain_pdf, parent=folder)
    page = job.page.specific
    assert isinstance(page, GenericDocumentPage)
    assert page.get_parent().pk == folder.pk
    assert page.title == lines[0]


def test_the_original_is_stored_before_detection(official_docx, monkeypatch):
    """Store first: even a file every parser refuses has its bytes in the store."""
    seen = {}

    def spy(path, filename=None):
        seen["stored"] = StoredFile.objects.filter(sha256=job.sha256).exists()
        seen["path"] = path
        raise AssertionError("stop here")

    monkeypatch.setattr("ingest.stages.detect.detect", spy)
    from ingest.services import jobs

    job = jobs.submit_path(official_docx)
    jobs.run_job(job.pk)
    assert seen["stored"] is True
    assert seen["path"] == blob_path(job.sha256)


def test_each_stage_can_be_run_alone(official_docx, tmp_path):
    from ingest.services import jobs

    job = jobs.submit_path(official_docx)
    context = JobContext(job=job, source=blob_path(job.sha256), workdir=tmp_path)
    stages = {stage.name: stage for stage in processing_stages()}
    stages["duplicate"].run(context)
    assert context.page is None
    stages["detect"].run(context)
    assert context.detection.mime.endswith("wordprocessingml.document")
    stages["extract"].run(context)
    assert context.extraction.metadata.document_number == DOC_NUMBER
    assert not stages["ocr"].applies(context)
    stages["create"].run(context)
    assert AttachedFile.objects.filter(page=context.page).count() == 2
    job.refresh_from_db()
    assert job.page_id == context.page.pk


def test_same_bytes_again_is_a_duplicate_pointing_at_the_node(official_docx, tmp_path):
    first = ingest(official_docx)
    blobs = StoredFile.objects.count()
    copy = tmp_path / "copy-of-notice.docx"
    copy.write_bytes(official_docx.read_bytes())

    second = ingest(copy)

    assert (second.status, second.outcome) == ("done", "duplicate")
    assert second.page_id == first.page_id
    assert second.text_chars == first.text_chars
    assert StoredFile.objects.count() == blobs
    assert AttachedFile.objects.filter(role="original").count() == 1
    assert IngestJob.objects.count() == 2
