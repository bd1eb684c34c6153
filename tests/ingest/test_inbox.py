"""The watched folder: files are ingested into the inbox and moved aside."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ingest.models import IngestJob
from tests.ingest.bad_files import BAD_FILES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_only")]


def test_inbox_files_are_ingested_and_moved_aside(tmp_path, official_docx, settings):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings.WENSHU_INBOX_DIR = str(inbox)
    settings.WENSHU_INBOX_SETTLE_SECONDS = 0
    (inbox / "notice.docx").write_bytes(official_docx.read_bytes())
    BAD_FILES["empty_file"](inbox)

    call_command("ingest_inbox", "--once", stdout=__import__("io").StringIO())

    assert sorted(IngestJob.objects.values_list("outcome", flat=True)) == ["created", "error"]
    assert sorted(p.name for p in (inbox / "processed").rglob("*") if p.is_file()) == [
        "notice.docx"
    ]
    assert sorted(p.name for p in (inbox / "failed").rglob("*") if p.is_file()) == ["empty.pdf"]
    assert not (inbox / "notice.docx").exists()
    call_command("ingest_inbox", "--once", stdout=__import__("io").StringIO())
    assert IngestJob.objects.count() == 2  # moved files are not taken again
