"""Back office: a node's files can be listed and added by its editors only, and the
history-tracked records show who changed what and when."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from repository.models import AttachedFile, Classification, Clearance
from repository.services.files import attach_original
from tests.factories import (
    DepartmentFactory,
    DepartmentPageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    dept = DepartmentFactory()
    branch = DepartmentPageFactory(department=dept)
    grant(dept.group, branch, "view_page")
    doc = OfficialDocumentPageFactory(parent=branch, title="接待通知")
    reader = UserFactory(departments=[dept])
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editor = UserFactory(departments=[DepartmentFactory()])
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    grant(editor.groups.first(), branch, "view_page", "change_page")
    return dict(doc=doc, reader=reader, editor=editor, branch=branch)


def test_editor_attaches_several_originals_at_once(setting, client):
    client.force_login(setting["editor"])
    url = f"/admin/repository/pages/{setting['doc'].pk}/files/"
    response = client.post(
        url,
        {
            "files": [
                SimpleUploadedFile(
                    "通知.docx",
                    b"PK\x03\x04 docx bytes",
                    content_type="application/vnd.openxmlformats",
                ),
                SimpleUploadedFile("附件.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
            ]
        },
    )
    assert response.status_code == 302
    names = set(AttachedFile.objects.filter(page=setting["doc"]).values_list("filename", flat=True))
    assert names == {"通知.docx", "附件.pdf"}
    listing = client.get(url).content.decode()
    assert "通知.docx" in listing and "附件.pdf" in listing
    assert AttachedFile.objects.get(filename="通知.docx").added_by == setting["editor"]


def test_reader_sees_files_but_cannot_add(setting, client):
    attach_original(setting["doc"], io.BytesIO(b"x"), "原件.txt")
    client.force_login(setting["reader"])
    url = f"/admin/repository/pages/{setting['doc'].pk}/files/"
    assert "原件.txt" in client.get(url).content.decode()
    response = client.post(url, {"files": [SimpleUploadedFile("new.txt", b"y")]})
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    assert response.status_code == 302 and response.url == "/admin/"
    assert not AttachedFile.objects.filter(filename="new.txt").exists()


def test_files_of_a_classified_node_are_not_listed(setting, client):
    secret = OfficialDocumentPageFactory(
        parent=setting["branch"], classification=Classification.SECRET
    )
    client.force_login(setting["editor"])
    assert client.get(f"/admin/repository/pages/{secret.pk}/files/").status_code == 404


def test_change_history_shows_who_changed_a_clearance(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    clerk = UserFactory(username="clerk", clearance=Classification.INTERNAL)
    clearance = Clearance.objects.get(user=clerk)
    clearance._history_user = admin
    clearance.level = Classification.SECRET
    clearance.save()
    page = client.get("/admin/repository/history/").content.decode()
    assert "clerk" in page and "level" in page and "root" in page


def test_change_history_is_for_administrators_only(setting, client):
    client.force_login(setting["editor"])
    response = client.get("/admin/repository/history/")
    assert response.status_code == 302 and response.url == "/admin/"


def _dashboard_page_count(client) -> int:
    found = re.search(r'/admin/pages/\d+/">\s*(\d+)', client.get("/admin/").content.decode())
    assert found, "no page count on the dashboard"
    return int(found.group(1))


def test_dashboard_page_count_leaves_out_what_the_user_may_not_see(setting, client):
    """A count is information too: it counts only pages the user may see (it used to be
    hidden from non-administrators, who now see their own count)."""
    client.force_login(setting["editor"])
    before = _dashboard_page_count(client)
    OfficialDocumentPageFactory(parent=setting["branch"], classification=Classification.TOP_SECRET)
    assert _dashboard_page_count(client) == before
    OfficialDocumentPageFactory(parent=setting["branch"], classification=Classification.PUBLIC)
    assert _dashboard_page_count(client) == before + 1
