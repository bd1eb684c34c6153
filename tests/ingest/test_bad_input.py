"""Every class of bad input through the pipeline: status error with the bilingual
message, the original in quarantine, the batch goes on, nothing stored changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.models import IngestJob, QuarantineEntry
from ingest.services import jobs
from ingest.services.quarantine import quarantined_path
from repository.models import AttachedFile
from repository.services.files import read_attached_text
from tests.ingest.bad_files import BAD_FILES, MORE_BAD_FILES
from tests.ingest.conftest import ingest, store_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_only")]

CASES = [(code, builder, (code,)) for code, builder in BAD_FILES.items()] + [
    (name, builder, codes) for name, (builder, codes) in MORE_BAD_FILES.items()
]


@pytest.mark.parametrize(("name", "builder", "codes"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_quarantined_and_the_store_unchanged(
    name, builder, codes, official_docx, tmp_path
):
    good = ingest(official_docx)
    before = store_snapshot()
    pages = AttachedFile.objects.values_list("page_id", flat=True).distinct().count()
    bad = builder(tmp_path)

    job = ingest(bad)

    assert (job.status, job.outcome) == ("failed", "error")
    assert job.error_code in codes
    zh, en = job.error_message.split(" / ", 1)
    assert zh and en and zh != en
    assert job.page_id is None
    entry = QuarantineEntry.objects.get(job=job)
    assert entry.error_code == job.error_code and entry.filename == bad.name
    assert quarantined_path(entry).read_bytes() == bad.read_bytes()
    # Nothing already stored changed; the refused bytes were only added.
    after = store_snapshot()
    assert {k: after[k] for k in before} == before
    assert AttachedFile.objects.values_list("page_id", flat=True).distinct().count() == pages
    assert read_attached_text(good.page)  # the good record is intact


def test_a_batch_goes_on_after_bad_files(official_docx, plain_pdf, tmp_path):
    bad = [builder(tmp_path) for builder in BAD_FILES.values()]
    results = [ingest(path) for path in [bad[0], official_docx, *bad[1:], plain_pdf]]
    outcomes = [job.outcome for job in results]
    assert outcomes.count("created") == 2 and outcomes.count("error") == len(bad)


def test_a_quarantined_file_is_reprocessed_after_the_limit_is_raised(settings, tmp_path):
    settings.WENSHU_MAX_FILE_BYTES = 100
    path = tmp_path / "long.txt"
    path.write_text("关于规范公务接待工作的通知。" * 20, encoding="utf-8")
    job = ingest(path)
    assert job.error_code == "file_too_large"
    entry = QuarantineEntry.objects.get(job=job)

    settings.WENSHU_MAX_FILE_BYTES = 10_000_000
    job = jobs.retry(job)

    assert (job.status, job.outcome) == ("done", "created")
    entry.refresh_from_db()
    assert entry.released_at is not None
    assert entry.history.count() == 2  # quarantined, then released


def test_quarantine_copies_are_written_once(tmp_path):
    bad = BAD_FILES["corrupt_file"](tmp_path)
    first = ingest(bad)
    jobs.retry(first)
    assert QuarantineEntry.objects.filter(job=first).count() == 1
    root = Path(quarantined_path(QuarantineEntry.objects.get(job=first))).parent
    assert [p.name for p in root.iterdir()] == [bad.name]
    assert IngestJob.objects.get(pk=first.pk).attempts == 1
