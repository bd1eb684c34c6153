"""Holds (冻结) block deletion by every path — admin, bulk action, code, cascades from a
parent — and destruction, until lifted; placing and lifting are logged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import Page, PageLogEntry

from retention.errors import RecordOnHoldError, RetentionError
from retention.models import Hold
from retention.services.filing import file_record
from retention.services.holds import ensure_not_on_hold, is_on_hold, lift_hold, place_hold
from tests.factories import FolderPageFactory, OfficialDocumentPageFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(branch):
    return FolderPageFactory(parent=branch, title="2026年")


@pytest.fixture
def held(folder, bgs, archivist):
    record = OfficialDocumentPageFactory(parent=folder, department=bgs, title="涉诉文件")
    hold = place_hold(folder, reason="诉讼保全", user=archivist)
    return record, hold


@pytest.fixture
def admin_user(branch, bgs):
    user = UserFactory(departments=[bgs], clearance=2)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    grant(bgs.group, branch, "view_page", "add_page", "change_page", "delete_page", "publish_page")
    return user


def test_a_hold_covers_the_subtree_and_is_logged(held, folder, branch, archivist):
    record, hold = held
    assert is_on_hold(folder) and is_on_hold(record)
    assert not is_on_hold(branch)
    assert PageLogEntry.objects.filter(page=folder, action="retention.hold").exists()
    assert hold.history.count() == 1
    with pytest.raises(RetentionError):
        place_hold(record, reason="", user=archivist)


def test_page_delete_from_code_is_refused_for_the_node_and_its_ancestors(held, folder, branch):
    record, _hold = held
    for page in (record, folder, branch):
        with pytest.raises(RecordOnHoldError), transaction.atomic():
            Page.objects.get(pk=page.pk).specific.delete()
    with pytest.raises(RecordOnHoldError), transaction.atomic():
        Page.objects.filter(pk=branch.pk).delete()
    assert Page.objects.filter(pk=record.pk).exists()


def test_admin_delete_and_bulk_delete_are_refused(held, folder, admin_user, client):
    record, _hold = held
    client.force_login(admin_user)
    for url in (f"/admin/pages/{record.pk}/delete/", f"/admin/pages/{folder.pk}/delete/"):
        assert client.post(url).status_code == 302
    bulk = f"/admin/bulk/wagtailcore/page/delete/?next=/admin/pages/{folder.pk}/&id={record.pk}"
    client.post(bulk)
    assert Page.objects.filter(pk=record.pk).exists()
    assert Page.objects.filter(pk=folder.pk).exists()


def test_lifting_a_hold_allows_deletion_again_and_is_logged(held, folder, archivist):
    record, hold = held
    with pytest.raises(RetentionError):
        lift_hold(hold, user=archivist, reason=" ")
    lift_hold(hold, user=archivist, reason="诉讼结束")
    with pytest.raises(RetentionError):
        lift_hold(hold, user=archivist, reason="再次")
    assert PageLogEntry.objects.filter(page=folder, action="retention.lift_hold").exists()
    hold.refresh_from_db()
    assert hold.lifted_by == archivist and hold.history.count() == 2
    Page.objects.get(pk=record.pk).specific.delete()
    assert not Page.objects.filter(pk=record.pk).exists()
    assert not Hold.objects.active().exists()


def test_a_hold_on_a_filed_record_also_holds_its_archive_item(make_record, fonds, archivist):
    record = make_record()
    filed = file_record(record, fonds=fonds, period="D10", user=archivist)
    place_hold(record, reason="审计", user=archivist)
    assert is_on_hold(filed.item)
    with pytest.raises(RecordOnHoldError):
        ensure_not_on_hold(filed.item)  # what destruction asks before it removes anything


@pytest.mark.django_db
def test_deleting_a_held_node_from_code_leaves_the_tree_untouched():
    """The deletion guard runs before Wagtail/treebeard adjust counts or write logs."""
    from wagtail.models import Page, PageLogEntry

    from repository.models import Classification
    from retention.errors import RecordOnHoldError
    from retention.services.holds import place_hold
    from tests.factories import DepartmentPageFactory, OfficialDocumentPageFactory
    from tests.retention.factories import user_with

    branch = DepartmentPageFactory()
    doc = OfficialDocumentPageFactory(parent=branch, classification=Classification.INTERNAL)
    place_hold(doc, reason="审计调阅", user=user_with("place_holds"))
    numchild = Page.objects.get(pk=branch.pk).numchild
    logs = PageLogEntry.objects.filter(action="wagtail.delete").count()
    with pytest.raises(RecordOnHoldError):
        doc.delete()
    with pytest.raises(RecordOnHoldError):
        Page.objects.get(pk=branch.pk).specific.delete()  # a held node below blocks too
    assert Page.objects.get(pk=branch.pk).numchild == numchild
    assert PageLogEntry.objects.filter(action="wagtail.delete").count() == logs
    assert Page.objects.filter(pk=doc.pk).exists()
