"""Word 97, OpenDocument, RTF, Excel, PowerPoint, e-mail and HTML files through the whole
pipeline: with the real Tika, text within 1% CER of the source and a record of the right
type with the file's metadata; without Tika, the clear "needs Tika" status (HTML is read
by the built-in extractor).

The binary samples in ``fixtures/office/`` were made by LibreOffice from corpus text by
``fixtures/make_office_fixtures.py``; ``sources.json`` holds the exact text of each.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest import errors, mime
from ingest.detect import detect
from ingest.models import QuarantineEntry
from ingest.quality import character_error_rate
from ingest.services import jobs
from repository.models import GenericDocumentPage, OfficialDocumentPage
from repository.services.files import read_attached_text
from tests.ingest.conftest import ingest, store_snapshot
from tests.ingest.samples import make_eml, make_html

FIXTURES = Path(__file__).parent / "fixtures" / "office"
SOURCES = json.loads((FIXTURES / "sources.json").read_text(encoding="utf-8"))
MAX_CER = 0.01


def _reference(kind: str) -> str:
    spec = SOURCES[kind]
    if kind == "writer":
        return "\n".join([spec["title"], *spec["paragraphs"]])
    if kind == "calc":
        rows = [spec["header"], *spec["rows"]]
        return "\n".join([spec["sheet"], *("\t".join(row) for row in rows)])
    return "\n".join(line for slide in spec["slides"] for line in slide)


# name → (kind of source, MIME type detected from the content)
OFFICE = {
    "notice.doc": ("writer", mime.DOC),
    "notice.odt": ("writer", mime.ODT),
    "notice.rtf": ("writer", mime.RTF),
    "sheet.xls": ("calc", mime.XLS),
    "sheet.xlsx": ("calc", mime.XLSX),
    "slides.ppt": ("impress", mime.PPT),
    "slides.pptx": ("impress", mime.PPTX),
}
ENCRYPTED = ["encrypted.doc", "encrypted.xls", "encrypted.docx", "encrypted.xlsx"]


@pytest.fixture
def sample(tmp_path):
    """A copy of a fixture under its own name (the pipeline may not touch the originals)."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copyfile(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture
def with_tika(settings, tika_url):
    settings.TIKA_URL = tika_url
    settings.WENSHU_EXTRACTORS = None  # the default: Tika, then the built-in engine


@pytest.mark.parametrize("name", OFFICE)
def test_fixture_types_are_detected_from_content(name, tmp_path):
    renamed = tmp_path / "upload.bin"  # no extension to lean on
    shutil.copyfile(FIXTURES / name, renamed)
    assert detect(renamed).mime == OFFICE[name][1]


# --- through the real Tika ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.integration
@pytest.mark.parametrize("name", OFFICE)
def test_office_file_becomes_a_record_with_its_text_and_metadata(name, with_tika, sample):
    kind, detected = OFFICE[name]
    spec = SOURCES[kind]

    job = ingest(sample(name))

    assert (job.status, job.outcome, job.ocr) == ("done", "created", False), job.error_message
    page = job.page.specific
    text = read_attached_text(page)
    cer = character_error_rate(_reference(kind), text)
    assert cer <= MAX_CER, f"{name}: CER {cer:.2%}"
    assert job.text_chars == len(text)
    assert page.title == spec["title"]  # the document's own title property
    assert not page.live  # a draft for the registrar
    original = page.attached_files.get(role="original")
    assert original.filename == name and original.stored_file.mime_type == detected
    if kind == "writer":  # a 公文: number and date of writing found on their own lines
        assert isinstance(page, OfficialDocumentPage)
        assert page.document_number == spec["number"]
        assert page.date_written.isoformat() == "2025-06-18" and page.year == 2025
        assert page.kind == "通知"  # 文种 from the end of the title
    else:
        assert isinstance(page, GenericDocumentPage)


@pytest.mark.django_db
@pytest.mark.integration
def test_email_and_html_become_records_through_tika(with_tika, tmp_path):
    lines = SOURCES["writer"]["paragraphs"][1:9]
    letter = make_eml(tmp_path / "来函.eml", lines, subject="关于接待安排的函")
    page_file = make_html(tmp_path / "公告.html", lines, title="接待工作公告")
    for path, title in ((letter, "关于接待安排的函"), (page_file, "接待工作公告")):
        job = ingest(path)
        assert job.outcome == "created", job.error_message
        page = job.page.specific
        assert isinstance(page, GenericDocumentPage) and page.title == title
        assert character_error_rate("\n".join(lines), read_attached_text(page)) <= MAX_CER


@pytest.mark.django_db
@pytest.mark.integration
def test_a_needs_tika_file_is_filed_once_tika_is_configured(
    builtin_only, sample, settings, tika_url
):
    job = ingest(sample("notice.doc"))
    assert job.error_code == "needs_tika"
    settings.TIKA_URL = tika_url
    settings.WENSHU_EXTRACTORS = None
    job = jobs.retry(job)
    assert (job.status, job.outcome) == ("done", "created")
    assert QuarantineEntry.objects.get(job=job).released_at is not None


# --- embedded: no Tika ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("builtin_only")
@pytest.mark.parametrize("name", OFFICE)
def test_without_tika_office_formats_get_the_needs_tika_status(name, sample):
    path = sample(name)
    before = store_snapshot()
    job = ingest(path)
    assert (job.status, job.outcome, job.error_code) == ("failed", "error", "needs_tika")
    zh, en = job.error_message.split(" / ", 1)
    assert "Tika" in zh and "TIKA_URL" in en and OFFICE[name][1] in en
    entry = QuarantineEntry.objects.get(job=job)
    assert entry.error_code == "needs_tika"
    after = store_snapshot()
    assert {k: after[k] for k in before} == before


@pytest.mark.django_db
@pytest.mark.usefixtures("builtin_only")
def test_without_tika_email_needs_tika_and_html_is_read(tmp_path):
    lines = SOURCES["writer"]["paragraphs"][1:9]
    letter = ingest(make_eml(tmp_path / "来函.eml", lines, subject="关于接待安排的函"))
    assert letter.error_code == "needs_tika"
    page = ingest(make_html(tmp_path / "公告.html", lines, title="接待工作公告"))
    assert page.outcome == "created" and page.page.title == "接待工作公告"
    assert character_error_rate("\n".join(lines), read_attached_text(page.page)) <= MAX_CER


# --- password-protected Office files --------------------------------------------------


@pytest.mark.parametrize("name", ENCRYPTED)
def test_password_protected_office_files_are_refused_at_detection(name, tmp_path):
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    with pytest.raises(errors.EncryptedDocumentError) as caught:
        detect(path)
    assert not caught.value.retryable
    assert "密码" in caught.value.message and "password" in caught.value.message


def test_excel_write_protection_with_the_default_password_is_not_refused(tmp_path):
    path = tmp_path / "register.xls"
    shutil.copyfile(FIXTURES / "write-protected.xls", path)
    assert detect(path).mime == mime.XLS


@pytest.mark.django_db
@pytest.mark.usefixtures("builtin_only")
@pytest.mark.parametrize("name", ["encrypted.doc", "encrypted.xls"])
def test_encrypted_word_97_is_quarantined_as_encrypted_even_without_tika(name, sample):
    """libmagic calls these plain msword/ms-excel: without the check they would get the
    misleading "needs Tika" status here."""
    job = ingest(sample(name))
    assert (job.outcome, job.error_code) == ("error", "encrypted")
    assert QuarantineEntry.objects.filter(job=job, error_code="encrypted").exists()


def test_a_truncated_word_97_file_is_corrupt(tmp_path):
    data = (FIXTURES / "notice.doc").read_bytes()
    path = tmp_path / "cut.doc"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(errors.CorruptFileError):
        detect(path)
