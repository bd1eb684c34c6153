"""Ingest jobs and quarantined files follow the visibility rule: a job, its JSON status,
its quarantine entry and its download are for the uploader and for those who may see
the folder the file was going to; everyone else gets a 404 and the listings leave it out."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ingest.models import IngestJob, QuarantineEntry
from ingest.services import jobs
from ingest.services.records import ensure_inbox
from repository.models import Classification
from repository.services.files import attach_original
from tests.factories import (
    DepartmentFactory,
    DepartmentPageFactory,
    FolderPageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
    grant,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_only")]

SECRET_NAME = "青鸟行动接待方案.txt"
SECRET_BYTES = "关于青鸟行动的接待方案。".encode() * 20


def ingester(department, clearance, **kwargs):
    user = UserFactory(departments=[department], clearance=clearance, **kwargs)
    for codename in ("access_admin", "add_ingestjob"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def office(settings):
    settings.WENSHU_MAX_FILE_BYTES = 100  # every job below fails into quarantine
    dept_a, dept_b = DepartmentFactory(), DepartmentFactory()
    branch_a = DepartmentPageFactory(department=dept_a, title="办公室")
    branch_b = DepartmentPageFactory(department=dept_b, title="接待处")
    grant(dept_a.group, branch_a, "view_page", "add_page")
    grant(dept_b.group, branch_b, "view_page", "add_page")
    secret_folder = FolderPageFactory(
        parent=branch_a, title="机密卷夹", classification=Classification.SECRET
    )
    people = dict(
        chief=ingester(dept_a, Classification.SECRET, username="chief"),
        deputy=ingester(dept_a, Classification.SECRET, username="deputy"),
        clerk=ingester(dept_a, Classification.INTERNAL, username="clerk"),
        outsider=ingester(dept_b, Classification.SECRET, username="outsider"),
    )
    job = jobs.run_job(
        jobs.submit(
            io.BytesIO(SECRET_BYTES), SECRET_NAME, parent=secret_folder, user=people["chief"]
        ).pk
    )
    entry = QuarantineEntry.objects.get(job=job)
    return dict(people=people, job=job, entry=entry, branch_a=branch_a, branch_b=branch_b)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def urls(job, entry) -> dict[str, str]:
    return {
        "status": reverse("ingest_admin:job_status", args=[job.pk]),
        "download": reverse("ingest_admin:download", args=[entry.pk]),
    }


@pytest.mark.parametrize("who", ["clerk", "outsider"])
def test_others_never_see_the_job_or_its_file(office, who):
    client = client_of(office["people"][who])
    job, entry = office["job"], office["entry"]
    for name in ("jobs", "quarantine"):
        listing = client.get(reverse(f"ingest_admin:{name}") + "?all=1").content.decode()
        assert "青鸟行动" not in listing
    for url in urls(job, entry).values():
        response = client.get(url)
        assert response.status_code == 404
        assert "青鸟行动" not in response.content.decode()
    assert client.post(reverse("ingest_admin:job_retry", args=[job.pk])).status_code == 404
    assert client.post(reverse("ingest_admin:reprocess", args=[entry.pk])).status_code == 404
    job.refresh_from_db()
    assert job.attempts == 1  # nothing was run again


@pytest.mark.parametrize("who", ["chief", "deputy"])
def test_uploader_and_those_who_see_the_folder_do(office, who):
    client = client_of(office["people"][who])
    job, entry = office["job"], office["entry"]
    assert SECRET_NAME in client.get(reverse("ingest_admin:jobs")).content.decode()
    assert SECRET_NAME in client.get(reverse("ingest_admin:quarantine")).content.decode()
    assert client.get(urls(job, entry)["status"]).json()["status"] == "error"
    download = client.get(urls(job, entry)["download"])
    assert b"".join(download.streaming_content) == SECRET_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_uploader_keeps_their_job_after_losing_sight_of_the_folder(office):
    chief = office["people"]["chief"]
    chief.clearance.level = Classification.INTERNAL
    chief.clearance.save()
    chief = type(chief).objects.get(pk=chief.pk)
    assert SECRET_NAME in client_of(chief).get(reverse("ingest_admin:jobs")).content.decode()


def test_inbox_jobs_are_for_those_who_see_the_inbox(office):
    people = office["people"]
    inbox = ensure_inbox()
    job = jobs.submit(io.BytesIO(b"inbox bytes"), "收件.txt", user=None)
    assert job.parent is None
    assert (
        "收件.txt"
        not in client_of(people["clerk"]).get(reverse("ingest_admin:jobs")).content.decode()
    )
    grant(people["clerk"].groups.first(), inbox, "view_page")
    assert (
        "收件.txt" in client_of(people["clerk"]).get(reverse("ingest_admin:jobs")).content.decode()
    )


def test_a_duplicate_does_not_name_a_record_the_uploader_cannot_see(office, settings):
    settings.WENSHU_MAX_FILE_BYTES = 10_000_000
    hidden = OfficialDocumentPageFactory(parent=office["branch_a"], title="办公室内部记录")
    attach_original(hidden, io.BytesIO(b"shared bytes"), "a.txt")
    client = client_of(office["people"]["outsider"])
    reply = client.post(
        reverse("ingest_admin:upload"),
        {
            "file": SimpleUploadedFile("b.txt", b"shared bytes"),
            "parent": office["branch_b"].pk,
        },
    ).json()
    assert reply["status"] == "duplicate"
    assert reply["page_id"] is None and reply["edit_url"] is None
    listing = client.get(reverse("ingest_admin:jobs")).content.decode()
    assert "b.txt" in listing and "办公室内部记录" not in listing


def test_the_same_bytes_from_someone_else_get_a_job_of_their_own(office):
    people = office["people"]
    first = jobs.submit(
        io.BytesIO(b"same"), "x.txt", parent=office["branch_a"], user=people["clerk"]
    )
    again = jobs.submit(
        io.BytesIO(b"same"), "x.txt", parent=office["branch_a"], user=people["clerk"]
    )
    other = jobs.submit(
        io.BytesIO(b"same"), "y.txt", parent=office["branch_b"], user=people["outsider"]
    )
    assert again.pk == first.pk  # a re-run continues its own job
    assert other.pk != first.pk and other.created_by == people["outsider"]
    assert IngestJob.objects.filter(sha256=first.sha256).count() == 2
