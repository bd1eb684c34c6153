"""Classification flows one way: raising is an edit, lowering (解密/降密) — of a node's
own level or by moving it out of a classified folder — is the classification officer's
action (定密责任人), with a reason and a log entry (issue 14, "Classification flows one way")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation
from wagtail.models import PageLogEntry

from repository.models import Classification, ClassificationChange, RepositoryPage
from repository.selectors import can_view
from repository.services.classification import ClassificationLoweringError
from repository.services.declassification import DeclassificationError, declassify
from tests.factories import (
    DepartmentFactory,
    DepartmentPageFactory,
    FolderPageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    department = DepartmentFactory()
    branch = DepartmentPageFactory(department=department, title="办公室")
    for codename in ("view_page", "add_page", "change_page", "publish_page"):
        grant(department.group, branch, codename)
    return department, branch


def admin_user(office, clearance=Classification.TOP_SECRET, *perms):
    user = UserFactory(departments=[office[0]], clearance=clearance)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def editor(office):
    return admin_user(office)


@pytest.fixture
def officer(office):
    return admin_user(office, Classification.TOP_SECRET, "declassify_records")


def effective(page) -> int:
    return RepositoryPage.objects.get(pk=page.pk).effective_classification


def edit_post(client, page, **changes):
    """POST the admin edit form of a folder with its current values and ``changes``."""
    page = page.specific
    data = {
        "title": page.title,
        "slug": page.slug,
        "classification": page.classification,
        "secrecy_period": page.secrecy_period,
        "department": page.department_id or "",
        "year": page.year or "",
        "responsible_party": page.responsible_party,
        "keywords": page.keywords,
        "kind": page.kind,
        "description": page.description,
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
        **changes,
    }
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_the_edit_form_refuses_lowering_with_a_message_in_chinese(office, editor):
    folder = FolderPageFactory(parent=office[1], title="卷夹", classification=Classification.SECRET)
    client = Client()
    client.force_login(editor)
    response = edit_post(client, folder, classification=Classification.INTERNAL)
    assert response.status_code == 200  # the form again, with the error
    assert "解密/降密" in response.content.decode()
    folder.refresh_from_db()
    assert folder.classification == Classification.SECRET
    assert not folder.has_unpublished_changes or (
        folder.get_latest_revision_as_object().classification == Classification.SECRET
    )


def test_the_edit_form_lets_the_classification_rise(office, editor):
    folder = FolderPageFactory(parent=office[1], title="卷夹")
    client = Client()
    client.force_login(editor)
    response = edit_post(client, folder, classification=Classification.SECRET)
    assert response.status_code == 302
    assert effective(folder) == Classification.SECRET  # the draft raised it


def test_moving_out_of_a_classified_folder_is_refused(office, editor):
    secret = FolderPageFactory(parent=office[1], classification=Classification.SECRET)
    record = OfficialDocumentPageFactory(parent=secret, title="夹内文件")
    client = Client()
    client.force_login(editor)
    with translation.override("zh-hans"):
        response = client.post(f"/admin/pages/{record.pk}/move/{office[1].pk}/confirm/")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.get_parent().pk == secret.pk
    assert effective(record) == Classification.SECRET
    with pytest.raises(ClassificationLoweringError):
        record.move(office[1], pos="last-child")


def test_moving_into_a_classified_folder_stays_free(office, editor):
    secret = FolderPageFactory(parent=office[1], classification=Classification.SECRET)
    record = OfficialDocumentPageFactory(parent=office[1])
    client = Client()
    client.force_login(editor)
    client.post(f"/admin/pages/{record.pk}/move/{secret.pk}/confirm/")
    record.refresh_from_db()
    assert record.get_parent().pk == secret.pk
    assert effective(record) == Classification.SECRET


def test_declassifying_needs_the_permission_and_a_reason(office, editor, officer):
    record = OfficialDocumentPageFactory(parent=office[1], classification=Classification.SECRET)
    with pytest.raises(DeclassificationError):
        declassify(record, user=editor, reason="到期", classification=Classification.INTERNAL)
    with pytest.raises(DeclassificationError):
        declassify(record, user=officer, reason="  ", classification=Classification.INTERNAL)
    with pytest.raises(DeclassificationError):  # not lower: raising is an edit
        declassify(record, user=officer, reason="到期", classification=Classification.TOP_SECRET)
    assert effective(record) == Classification.SECRET
    assert not ClassificationChange.objects.exists()


def test_the_officer_lowers_it_with_a_log_entry(office, officer):
    record = OfficialDocumentPageFactory(
        parent=office[1], title="机密方案", classification=Classification.SECRET
    )
    reader = UserFactory(departments=[office[0]], clearance=Classification.INTERNAL)
    assert not can_view(reader, record)
    [change] = declassify(
        record, user=officer, reason="保密期限届满", classification=Classification.INTERNAL
    )
    record.refresh_from_db()
    assert record.classification == effective(record) == Classification.INTERNAL
    assert record.get_latest_revision_as_object().classification == Classification.INTERNAL
    assert can_view(reader, record)
    assert (change.from_level, change.to_level) == (Classification.SECRET, Classification.INTERNAL)
    assert (change.changed_by, change.reason, change.page_title) == (
        officer,
        "保密期限届满",
        "机密方案",
    )
    assert PageLogEntry.objects.filter(page=record, action="repository.declassify").exists()


def test_a_pending_draft_does_not_bring_the_old_level_back(office, officer):
    record = OfficialDocumentPageFactory(parent=office[1], classification=Classification.SECRET)
    draft = record.get_latest_revision_as_object()
    draft.title = "草稿标题"
    draft.save_revision()
    declassify(record, user=officer, reason="到期", classification=Classification.INTERNAL)
    record.refresh_from_db()
    assert effective(record) == Classification.INTERNAL
    assert record.title != "草稿标题"  # the draft stayed a draft
    assert record.get_latest_revision_as_object().title == "草稿标题"


def test_the_officer_moves_it_out_of_a_classified_folder(office, officer):
    secret = FolderPageFactory(parent=office[1], title="机密卷夹", classification=3)
    record = OfficialDocumentPageFactory(parent=secret, title="夹内文件")
    [change] = declassify(record, user=officer, reason="误放", destination=office[1])
    record.refresh_from_db()
    assert record.get_parent().pk == office[1].pk
    assert effective(record) == Classification.INTERNAL
    assert change.kind == ClassificationChange.Kind.MOVE
    assert (change.from_place, change.to_place) == ("机密卷夹", "办公室")


def test_admin_view_shows_the_log_and_only_the_officer_gets_the_form(office, editor, officer):
    record = OfficialDocumentPageFactory(parent=office[1], classification=Classification.SECRET)
    url = f"/admin/repository/pages/{record.pk}/classification/"
    client = Client()
    client.force_login(editor)
    assert 'name="reason"' not in client.get(url).content.decode()
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    assert client.post(url, {"classification": 1, "reason": "x"}).status_code in (302, 403)
    assert effective(record) == Classification.SECRET
    client.force_login(officer)
    assert 'name="reason"' in client.get(url).content.decode()
    response = client.post(url, {"classification": 1, "reason": "保密期限届满", "destination": ""})
    assert response.status_code == 302
    assert effective(record) == Classification.INTERNAL
    assert "保密期限届满" in client.get(url).content.decode()
    listing = client.get("/admin/repository/declassifications/").content.decode()
    assert "保密期限届满" in listing
    client.force_login(editor)
    refused = client.get("/admin/repository/declassifications/")
    assert refused.status_code in (302, 403)
    assert "保密期限届满" not in refused.content.decode()


def test_the_permission_has_a_translated_name_and_the_demo_officer_holds_it():
    from repository.services.demo import ROLE_PERMISSIONS

    permission = Permission.objects.get(codename="declassify_records")
    assert "定密责任人" in permission.name
    with translation.override("zh-hans"):
        from django.utils.translation import gettext

        assert gettext("Declassifications") != "Declassifications"
    assert "repository.declassify_records" in ROLE_PERMISSIONS["archivist"]
    assert "repository.declassify_records" not in ROLE_PERMISSIONS.get("editor", [])


def test_copying_into_a_less_classified_place_is_refused(office, editor):
    secret = FolderPageFactory(parent=office[1], classification=Classification.SECRET)
    record = OfficialDocumentPageFactory(parent=secret, title="夹内文件", slug="inside")
    client = Client()
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/{record.pk}/copy/",
        {"new_title": "夹内文件副本", "new_slug": "inside-copy", "new_parent_page": office[1].pk},
    )
    assert response.status_code == 302
    assert not RepositoryPage.objects.filter(title="夹内文件副本").exists()
    with pytest.raises(ClassificationLoweringError):
        record.copy(to=office[1], update_attrs={"title": "副本", "slug": "copy"})
    # Within the classified folder, copying stays free.
    copy = record.copy(to=secret, update_attrs={"title": "副本", "slug": "copy"})
    assert effective(copy) == Classification.SECRET
