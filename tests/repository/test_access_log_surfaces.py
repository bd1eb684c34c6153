"""Every reading surface of the repository writes one access-log line: record pages on
the site, the back-office screens that show a record, file downloads and previews, and
exports. What was refused or never shown writes nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission

from repository.models import AccessAction, AccessLogEntry, Classification
from repository.services.access_log import verify_chain
from repository.services.demo import ensure_home_page
from repository.services.files import attach_original
from tests.factories import (
    DepartmentFactory,
    DepartmentPageFactory,
    FolderPageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db
A = AccessAction


@pytest.fixture
def office():
    dept = DepartmentFactory()
    branch = DepartmentPageFactory(department=dept, classification=Classification.PUBLIC)
    folder = FolderPageFactory(parent=branch, classification=Classification.CONFIDENTIAL)
    doc = OfficialDocumentPageFactory(parent=folder, title="会议纪要", classification=1)
    secret = OfficialDocumentPageFactory(parent=branch, classification=Classification.SECRET)
    reader = UserFactory(
        username="reader", departments=[dept], clearance=Classification.CONFIDENTIAL
    )
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    grant(dept.group, branch, "view_page", "change_page")
    return dict(branch=branch, doc=doc, secret=secret, reader=reader)


def only_line(**expected) -> AccessLogEntry:
    line = AccessLogEntry.objects.get()
    for name, value in expected.items():
        assert getattr(line, name) == value, name
    return line


def test_a_record_page_view_on_the_site_is_logged(office, client):
    client.force_login(office["reader"])
    assert client.get(office["doc"].url, REMOTE_ADDR="192.0.2.7").status_code == 200
    line = only_line(action=A.VIEW, record_id=office["doc"].pk, username="reader")
    # Its effective classification: the 秘密 folder classifies the 内部 record.
    assert (line.classification, line.address) == (Classification.CONFIDENTIAL, "192.0.2.7")


def test_refused_anonymous_and_front_page_views_write_nothing(office, client):
    assert client.get(office["doc"].url).status_code == 302  # anonymous: to the login
    client.force_login(office["reader"])
    assert client.get(office["secret"].url).status_code == 404
    assert client.get(ensure_home_page().url).status_code == 200
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "screen",
    [
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:history",
        "repository_admin:page_files",
        "wagtailadmin_pages:revisions_view",
    ],
)
def test_back_office_screens_showing_a_record_are_logged(office, client, screen):
    doc = office["doc"]
    urls = {
        "wagtailadmin_pages:edit": f"/admin/pages/{doc.pk}/edit/",
        "wagtailadmin_pages:history": f"/admin/pages/{doc.pk}/history/",
        "repository_admin:page_files": f"/admin/repository/pages/{doc.pk}/files/",
        "wagtailadmin_pages:revisions_view": (
            f"/admin/pages/{doc.pk}/revisions/{doc.latest_revision_id}/view/"
        ),
    }
    client.force_login(office["reader"])
    assert client.get(urls[screen]).status_code == 200
    line = only_line(action=A.ADMIN_VIEW, record_id=doc.pk, username="reader")
    assert line.detail["screen"] == screen
    assert line.classification == Classification.CONFIDENTIAL


def test_refused_back_office_screens_and_posts_write_nothing(office, client):
    client.force_login(office["reader"])
    assert client.get(f"/admin/pages/{office['secret'].pk}/edit/").status_code in (302, 404)
    assert client.get(f"/admin/repository/pages/{office['secret'].pk}/files/").status_code == 404
    client.post(f"/admin/repository/pages/{office['doc'].pk}/files/", {})
    assert not AccessLogEntry.objects.exists()


def test_downloads_and_previews_are_logged_with_the_file(office, client):
    attachment = attach_original(office["doc"], io.BytesIO(b"minutes"), "纪要.txt")
    client.force_login(office["reader"])
    assert client.get(f"/files/{attachment.pk}/").status_code == 200
    assert client.get(f"/files/{attachment.pk}/?inline=1").status_code == 200
    lines = AccessLogEntry.objects.order_by("seq")
    assert [line.action for line in lines] == [A.DOWNLOAD, A.PREVIEW]
    assert all(line.detail == {"file": attachment.pk} for line in lines)
    assert all(line.record_id == office["doc"].pk for line in lines)


def test_a_refused_download_writes_nothing(office, client):
    attachment = attach_original(office["secret"], io.BytesIO(b"secret"), "机密.txt")
    client.force_login(office["reader"])
    assert client.get(f"/files/{attachment.pk}/").status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_trail_export_is_logged(office, client):
    client.force_login(UserFactory(is_superuser=True, clearance=Classification.TOP_SECRET))
    doc = office["doc"]
    assert client.get(f"/admin/workflows/trail/{doc.pk}/csv/").status_code == 200
    line = only_line(action=A.EXPORT, record_id=doc.pk)
    assert line.detail == {"export": "trail", "format": "csv"}


def test_every_surface_extends_one_intact_chain(office, client):
    attachment = attach_original(office["doc"], io.BytesIO(b"minutes"), "纪要.txt")
    client.force_login(office["reader"])
    client.get(office["doc"].url)
    client.get(f"/files/{attachment.pk}/")
    client.get(f"/admin/pages/{office['doc'].pk}/edit/")
    check = verify_chain()
    assert check.intact and check.rows == 3
