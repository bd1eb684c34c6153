"""A draft that raises a record's classification hides it at once, everywhere: the
effective classification of a record with an unpublished draft is the higher of its
published row and its latest revision (issue 14, point 2)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from repository.models import Classification, RepositoryPage
from repository.selectors import can_view, visible_pages_for
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


@pytest.fixture
def editor(office):
    """秘密 clearance, edits and publishes the office branch."""
    user = UserFactory(departments=[office[0]], clearance=Classification.CONFIDENTIAL)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def raise_in_draft(page, level=Classification.SECRET, title=None):
    """Save a draft of ``page`` at ``level`` without publishing it."""
    draft = page.get_latest_revision_as_object()
    draft.classification = level
    if title:
        draft.title = title
    return draft.save_revision()


def effective(page) -> int:
    return RepositoryPage.objects.get(pk=page.pk).effective_classification


def test_a_draft_raising_the_classification_raises_the_effective_one(office, editor):
    record = OfficialDocumentPageFactory(parent=office[1], title="内部通知")
    assert can_view(editor, record)
    raise_in_draft(record)
    record.refresh_from_db()
    assert record.classification == Classification.INTERNAL  # the published row
    assert effective(record) == Classification.SECRET
    assert not can_view(editor, record)
    assert not visible_pages_for(editor).filter(pk=record.pk).exists()


def test_publishing_the_raising_draft_keeps_it_raised(office):
    record = OfficialDocumentPageFactory(parent=office[1])
    revision = raise_in_draft(record)
    revision.publish()
    record.refresh_from_db()
    assert record.classification == effective(record) == Classification.SECRET


def test_a_draft_lowering_the_classification_does_not_lower_the_effective_one(office):
    record = OfficialDocumentPageFactory(parent=office[1], classification=Classification.SECRET)
    raise_in_draft(record, Classification.INTERNAL)
    assert effective(record) == Classification.SECRET


def test_a_later_draft_replacing_the_raising_one_brings_it_back(office):
    record = OfficialDocumentPageFactory(parent=office[1])
    raise_in_draft(record)
    raise_in_draft(record, Classification.INTERNAL)  # the draft now says 内部 again
    assert effective(record) == Classification.INTERNAL


def test_a_draft_raising_a_folder_hides_what_is_inside(office, editor):
    folder = FolderPageFactory(parent=office[1], title="卷夹")
    inside = OfficialDocumentPageFactory(parent=folder, title="夹内文件")
    raise_in_draft(folder)
    assert effective(inside) == Classification.SECRET
    assert not can_view(editor, inside)


def test_site_refuses_the_record_while_the_raising_draft_is_pending(office, editor):
    record = OfficialDocumentPageFactory(parent=office[1], title="内部通知")
    client = Client()
    client.force_login(editor)
    assert client.get(record.url).status_code == 200
    raise_in_draft(record)
    assert client.get(record.url).status_code == 404


def test_admin_edit_revisions_and_draft_views_refuse(office, editor):
    record = OfficialDocumentPageFactory(parent=office[1], title="内部通知")
    client = Client()
    client.force_login(editor)
    assert client.get(f"/admin/pages/{record.pk}/edit/").status_code == 200
    revision = raise_in_draft(record, title="青鸟行动方案")
    urls = [
        f"/admin/pages/{record.pk}/edit/",
        f"/admin/pages/{record.pk}/view_draft/",
        f"/admin/pages/{record.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{record.pk}/revisions/",
        f"/admin/pages/{record.pk}/history/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "青鸟行动方案" not in response.content.decode(), url


def test_a_revision_classified_above_the_reader_is_refused_even_when_the_record_is_not(
    office, editor
):
    """An older revision keeps its own classification: a record lowered since (解密)
    does not open its earlier, more classified content to a reader below it."""
    record = OfficialDocumentPageFactory(parent=office[1], title="内部通知")
    secret_revision = raise_in_draft(record, title="青鸟行动方案")
    later = record.get_latest_revision_as_object()
    later.classification = Classification.INTERNAL
    later.title = "内部通知"
    later.save_revision()
    assert can_view(editor, record)
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{record.pk}/revisions/{secret_revision.pk}/view/")
    assert response.status_code in (403, 404)  # refused, by the preview or the URL guard
    assert "青鸟行动方案" not in response.content.decode()
    assert client.get(f"/admin/pages/{record.pk}/view_draft/").status_code == 200


def test_search_selector_hides_the_record_with_a_raising_draft(office, editor, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the embedded engine runs on SQLite")
    from search import lifecycle
    from search.services import search_records

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.embedded"}}
    lifecycle.prepare()
    record = OfficialDocumentPageFactory(parent=office[1], title="青鸟行动通知")
    assert [hit.page.pk for hit in search_records(editor, "青鸟行动").hits] == [record.pk]
    raise_in_draft(record)
    outcome = search_records(editor, "青鸟行动")
    assert outcome.total == 0 and not outcome.hits


def test_revision_comparison_refuses_a_revision_above_the_reader(office, editor):
    record = OfficialDocumentPageFactory(parent=office[1], title="内部通知")
    first = record.latest_revision
    secret_revision = raise_in_draft(record, title="青鸟行动方案")
    later = record.get_latest_revision_as_object()
    later.classification = Classification.INTERNAL
    later.title = "内部通知"
    latest = later.save_revision()
    client = Client()
    client.force_login(editor)
    base = f"/admin/pages/{record.pk}/revisions/compare/"
    assert client.get(f"{base}{first.pk}...{latest.pk}/").status_code == 200
    response = client.get(f"{base}{first.pk}...{secret_revision.pk}/")
    assert response.status_code in (302, 403, 404)
    assert "青鸟行动方案" not in response.content.decode()
