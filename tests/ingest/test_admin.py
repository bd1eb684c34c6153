"""The admin: upload one file per request into a chosen folder, the jobs list with retry,
the quarantine list with download and re-process."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest.models import IngestJob, QuarantineEntry
from tests.factories import FolderPageFactory, UserFactory
from tests.ingest.bad_files import BAD_FILES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_only")]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def upload(client, path, parent=""):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), "parent": parent}
    return client.post(reverse("ingest_admin:upload"), data)


def test_upload_page_lists_the_folders_and_loads_the_uploader(admin_client):
    folder = FolderPageFactory(title="2026年度公文")
    page = admin_client.get(reverse("ingest_admin:upload"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026年度公文" in html and f'value="{folder.pk}"' in html
    assert "ingest/upload.js" in html and "multiple" in html


def test_upload_files_one_per_request_into_the_chosen_folder(admin_client, official_docx, tmp_path):
    folder = FolderPageFactory(title="2026年度")
    reply = upload(admin_client, official_docx, folder.pk).json()
    assert reply["status"] == "created" and reply["job_status"] == "done"
    job = IngestJob.objects.get(pk=reply["job_id"])
    assert job.page.get_parent().pk == folder.pk
    assert job.created_by.is_superuser
    assert reply["edit_url"].endswith(f"/pages/{job.page_id}/edit/")
    assert upload(admin_client, official_docx, folder.pk).json()["status"] == "duplicate"
    bad = upload(admin_client, BAD_FILES["encrypted"](tmp_path)).json()
    assert bad["status"] == "error" and bad["error"]["code"] == "encrypted"
    status = admin_client.get(reverse("ingest_admin:job_status", args=[bad["job_id"]])).json()
    assert status["status"] == "error"


def test_jobs_list_filters_and_retries(admin_client, official_docx, tmp_path, settings):
    upload(admin_client, official_docx)
    settings.WENSHU_MAX_FILE_BYTES = 100
    text = tmp_path / "note.txt"
    text.write_text("关于规范公务接待工作的通知。" * 20, encoding="utf-8")
    job_id = upload(admin_client, text).json()["job_id"]

    listing = admin_client.get(reverse("ingest_admin:jobs"), {"status": "failed"}).content.decode()
    assert "note.txt" in listing and "notice.docx" not in listing
    assert reverse("ingest_admin:job_retry", args=[job_id]) in listing

    settings.WENSHU_MAX_FILE_BYTES = 10_000_000
    admin_client.post(reverse("ingest_admin:job_retry", args=[job_id]))
    assert IngestJob.objects.get(pk=job_id).outcome == "created"


def test_quarantine_list_download_and_reprocess(admin_client, tmp_path, settings):
    settings.WENSHU_MAX_FILE_BYTES = 100
    text = tmp_path / "long.txt"
    text.write_text("关于规范公务接待工作的通知。" * 20, encoding="utf-8")
    upload(admin_client, text)
    entry = QuarantineEntry.objects.get()

    listing = admin_client.get(reverse("ingest_admin:quarantine")).content.decode()
    assert "long.txt" in listing and "file_too_large" in listing and "文件过大" in listing
    download = admin_client.get(reverse("ingest_admin:download", args=[entry.pk]))
    assert b"".join(download.streaming_content) == text.read_bytes()

    again = admin_client.post(reverse("ingest_admin:reprocess", args=[entry.pk]), follow=True)
    [message] = again.context["messages"]  # said, not silent
    assert (
        message.level_tag == "error" and "文件过大" in str(message) and "long.txt" in str(message)
    )

    settings.WENSHU_MAX_FILE_BYTES = 10_000_000
    done = admin_client.post(reverse("ingest_admin:reprocess", args=[entry.pk]), follow=True)
    entry.refresh_from_db()
    assert entry.released_at is not None and entry.job.outcome == "created"
    [message] = done.context["messages"]
    assert message.level_tag == "success" and "long.txt" in str(message)
    assert "long.txt" not in admin_client.get(reverse("ingest_admin:quarantine")).content.decode()
    everything = admin_client.get(reverse("ingest_admin:quarantine") + "?all=1").content.decode()
    assert "long.txt" in everything


def test_users_without_the_permission_are_refused(client):
    client.force_login(UserFactory())
    assert client.get(reverse("ingest_admin:jobs")).status_code in (302, 403)
