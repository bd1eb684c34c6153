"""Taking a quarantined original out is written to the access log, with the entry, its
file name and the folder the file was meant for."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest.models import QuarantineEntry
from repository.models import AccessAction, AccessLogEntry, Classification
from tests.factories import FolderPageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_only")]


def test_quarantine_download_is_logged(client, settings):
    client.force_login(UserFactory(is_superuser=True, clearance=Classification.SECRET))
    folder = FolderPageFactory(title="收文", classification=Classification.CONFIDENTIAL)
    settings.WENSHU_MAX_FILE_BYTES = 10
    upload = SimpleUploadedFile("long.txt", "关于规范公务接待工作的通知。".encode())
    client.post(reverse("ingest_admin:upload"), {"file": upload, "parent": folder.pk})
    entry = QuarantineEntry.objects.get()
    assert not AccessLogEntry.objects.exists()

    response = client.get(reverse("ingest_admin:download", args=[entry.pk]))
    assert response.status_code == 200
    line = AccessLogEntry.objects.get()
    assert line.action == AccessAction.QUARANTINE_DOWNLOAD
    assert line.detail == {"quarantine": entry.pk, "name": "long.txt", "job": entry.job_id}
    assert (line.record_id, line.classification) == (folder.pk, Classification.CONFIDENTIAL)
