"""The watched folder: files are ingested into the inbox and moved aside."""

from __future__ import annotations

import io
import os

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


@pytest.fixture
def inbox(tmp_path, settings):
    folder = tmp_path / "inbox"
    folder.mkdir()
    settings.WENSHU_INBOX_DIR = str(folder)
    settings.WENSHU_INBOX_SETTLE_SECONDS = 0
    return folder


@pytest.fixture
def credentials(tmp_path):
    """A file outside the inbox that the worker can read and nobody should receive."""
    secret = tmp_path / "admin-credentials.txt"
    secret.write_text("admin\nS3cret-passw0rd\n", encoding="utf-8")
    return secret


def run_inbox():
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest_inbox", "--once", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def nothing_ingested_from(secret):
    from repository.models import StoredFile
    from repository.storage import hash_stream

    with secret.open("rb") as stream:
        digest = hash_stream(stream)[0]
    return not StoredFile.objects.filter(sha256=digest).exists()


def test_a_link_to_a_file_outside_is_refused_and_kept_aside(inbox, credentials):
    (inbox / "report.txt").symlink_to(credentials)
    _out, err = run_inbox()
    assert not IngestJob.objects.exists()
    assert nothing_ingested_from(credentials)
    assert "report.txt" in err and "符号链接" in err  # said in the default language
    [kept] = [p for p in (inbox / "refused").rglob("report.txt")]
    assert kept.is_symlink()  # moved as a link, the target untouched
    assert credentials.read_text(encoding="utf-8").startswith("admin")
    note = kept.with_name("report.txt.refused.txt").read_text(encoding="utf-8")
    assert "符号链接" in note
    assert not (inbox / "report.txt").exists()


def test_a_link_to_a_folder_is_not_entered(inbox, credentials):
    (inbox / "scans").symlink_to(credentials.parent, target_is_directory=True)
    _out, err = run_inbox()
    assert not IngestJob.objects.exists() and nothing_ingested_from(credentials)
    assert "scans" in err
    assert [p.name for p in (inbox / "refused").rglob("scans")] == ["scans"]


def test_a_link_inside_the_inbox_is_refused_too(inbox):
    (inbox / "real.txt").write_text("关于值班安排的通知", encoding="utf-8")
    (inbox / "alias.txt").symlink_to(inbox / "real.txt")
    run_inbox()
    assert list(IngestJob.objects.values_list("source_name", flat=True)) == [
        str(inbox.resolve() / "real.txt")
    ]
    [day] = (inbox / "refused").iterdir()
    assert (day / "alias.txt").is_symlink()  # now dangling: real.txt went to processed/


def test_a_hard_link_and_a_fifo_are_refused(inbox, credentials):
    os.link(credentials, inbox / "copy.txt")
    os.mkfifo(inbox / "pipe.txt")
    _out, err = run_inbox()
    assert not IngestJob.objects.exists() and nothing_ingested_from(credentials)
    assert "硬链接" in err and "不是普通文件" in err


def test_a_folder_swapped_for_a_link_after_the_scan_is_refused(inbox, credentials):
    from ingest.services.inbox import RefusedEntry, open_inside

    (inbox / "sub").mkdir()
    (inbox / "sub" / "admin-credentials.txt").write_text("harmless", encoding="utf-8")
    (inbox / "sub").rename(inbox / "old")
    (inbox / "sub").symlink_to(credentials.parent, target_is_directory=True)
    with pytest.raises(RefusedEntry):
        open_inside(inbox, inbox / "sub" / "admin-credentials.txt")
