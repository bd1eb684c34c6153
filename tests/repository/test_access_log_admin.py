"""The 保密员's access-log screen: refused without ``view_access_log``, filters by user,
record, classification, action and period, pages, and exports csv/xlsx with formula-like
cells neutralised."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from openpyxl import load_workbook

from repository.models import AccessAction, AccessLogEntry, Classification
from repository.services.access_log import record_access
from tests.factories import OfficialDocumentPageFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/admin/access-log/"
A = AccessAction


def admin_user(username, *codenames, **kwargs):
    user = UserFactory(username=username, **kwargs)
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def officer():
    """A 保密员: the permission through a group, as an administrator would grant it."""
    group = Group.objects.create(name="保密员")
    group.permissions.add(Permission.objects.get(codename="view_access_log"))
    user = admin_user("baomi", clearance=Classification.CONFIDENTIAL)
    user.groups.add(group)
    return user


@pytest.fixture
def log():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    plain = OfficialDocumentPageFactory(title="普通通知", classification=Classification.INTERNAL)
    secret = OfficialDocumentPageFactory(title="机密方案", classification=Classification.SECRET)
    record_access(None, A.VIEW, user=alice, records=[plain])
    record_access(None, A.DOWNLOAD, user=bob, records=[secret], detail={"file": 1})
    record_access(None, A.SEARCH, user=bob, records=[plain, secret], detail={"query": "=1+2"})
    return dict(alice=alice, bob=bob, plain=plain, secret=secret)


def rows(client, **params) -> list[AccessLogEntry]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return list(response.context["entries"])


def test_ordinary_users_and_editors_are_refused(log, client):
    client.force_login(admin_user("editor"))
    response = client.get(URL)
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's refusal
    assert client.get(URL + "?format=csv").status_code == 302
    assert URL not in client.get("/admin/").content.decode()  # no menu entry either


def test_nobody_holds_the_permission_by_default(db):
    permission = Permission.objects.get(codename="view_access_log")
    assert str(permission.name) == "Can view the access log"
    assert not permission.group_set.exists() and not permission.user_set.exists()


def test_officer_sees_the_log_and_the_menu_entry(log, officer, client):
    client.force_login(officer)
    html = client.get(URL).content.decode()
    assert "访问日志" in html and "alice" in html and "bob" in html
    assert URL in client.get("/admin/").content.decode()  # under 报告
    # Titles only where the officer may see the record (秘密 clearance here; the 机密
    # record stays an id).
    assert "机密方案" not in html and f"#{log['secret'].pk}" in html


def test_filters(log, officer, client):
    client.force_login(officer)
    assert {e.username for e in rows(client, username="bob")} == {"bob"}
    assert [e.action for e in rows(client, action=A.VIEW)] == [A.VIEW]
    # A record is found as the line's record and among a search's hits.
    by_record = rows(client, record=log["secret"].pk)
    assert sorted(e.action for e in by_record) == sorted([A.DOWNLOAD, A.SEARCH])
    assert {e.action for e in rows(client, classification=Classification.SECRET)} == {
        A.DOWNLOAD,
        A.SEARCH,
    }
    today = timezone.localdate()
    assert len(rows(client, date_from=today, date_to=today)) == 3
    assert rows(client, date_to=today - timedelta(days=1)) == []
    assert rows(client, date_from=today + timedelta(days=1)) == []


def test_pages_of_fifty(officer, client):
    user = UserFactory(username="many")
    for n in range(55):
        record_access(None, A.SEARCH, user=user, detail={"query": str(n)})
    client.force_login(officer)
    assert len(rows(client)) == 50
    assert len(rows(client, p=2)) == 5


def test_exports_neutralise_formulas_and_are_logged(log, officer, client):
    client.force_login(officer)
    csv = client.get(URL, {"username": "bob", "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"].startswith('attachment; filename="access-log-')
    assert "bob" in text and "alice" not in text
    xlsx = client.get(URL, {"action": A.SEARCH, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "序号" in values and "bob" in values
    # A formula-looking value is text, never a live formula.
    record_access(None, A.SEARCH, user=UserFactory(username="=cmd|x"), detail={})
    exported = client.get(URL, {"action": A.SEARCH, "format": "csv"}).content.decode("utf-8-sig")
    assert "'=cmd|x" in exported and ",=cmd" not in exported
    exports = AccessLogEntry.objects.filter(action=A.EXPORT, username="baomi")
    assert exports.count() == 3
    assert exports.first().detail == {"export": "access-log", "format": "csv"}


def test_administrators_can_grant_it_in_the_group_editor(client):
    client.force_login(UserFactory(is_superuser=True))
    html = client.get("/admin/groups/new/").content.decode()
    permission = Permission.objects.get(codename="view_access_log")
    assert f'value="{permission.pk}"' in html and "可查看访问日志（保密员）" in html
