"""Notices know who has read them, who said “我知道了”, and who has not yet."""

from __future__ import annotations

import pytest

from repository.models import Classification
from repository.services.notices import acknowledge_notice, notice_read_status, unread_notices_for
from tests.factories import (
    DepartmentFactory,
    DepartmentPageFactory,
    NoticePageFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    office, other = DepartmentFactory(), DepartmentFactory()
    branch = DepartmentPageFactory(department=office)
    grant(office.group, branch)
    grant(other.group, branch)
    notice = NoticePageFactory(parent=branch, title="节假日值班通知")
    notice.audience_departments.set([office])
    notice.save_revision().publish()
    reader = UserFactory(username="reader", departments=[office])
    colleague = UserFactory(username="colleague", departments=[office])
    outsider = UserFactory(username="outsider", departments=[other])
    return dict(notice=notice, reader=reader, colleague=colleague, outsider=outsider, branch=branch)


def test_unread_until_opened_then_read_then_acknowledged(setting, client):
    notice, reader = setting["notice"], setting["reader"]
    assert list(unread_notices_for(reader)) == [notice]
    assert list(unread_notices_for(setting["outsider"])) == []  # not addressed
    status = notice_read_status(notice)
    assert {u.username for u in status.unread} == {"reader", "colleague"}

    client.force_login(reader)
    assert client.get(notice.url).status_code == 200
    assert list(unread_notices_for(reader)) == []
    status = notice_read_status(notice)
    assert [u.username for u in status.read] == ["reader"]
    assert [u.username for u in status.unread] == ["colleague"]

    response = client.post(f"/notices/{notice.pk}/acknowledge/")
    assert response.status_code == 302
    status = notice_read_status(notice)
    assert [u.username for u in status.acknowledged] == ["reader"]


def test_acknowledging_twice_keeps_the_first_time(setting):
    first = acknowledge_notice(setting["notice"], setting["reader"]).acknowledged_at
    assert acknowledge_notice(setting["notice"], setting["reader"]).acknowledged_at == first


def test_home_page_lists_unread_notices(setting, client):
    client.force_login(setting["reader"])
    assert "节假日值班通知" in client.get("/").content.decode()
    client.get(setting["notice"].url)
    assert "节假日值班通知" not in client.get("/").content.decode()


def test_classified_notice_is_not_pending_for_readers_without_clearance(setting):
    notice = NoticePageFactory(
        parent=setting["branch"], title="机密通知", classification=Classification.SECRET
    )
    notice.audience_users.set([setting["reader"]])
    notice.save_revision().publish()
    assert notice not in unread_notices_for(setting["reader"])
    assert setting["reader"] not in notice_read_status(notice).unread


def test_outsider_cannot_acknowledge_a_notice_they_cannot_see(setting, client):
    hidden = NoticePageFactory(
        parent=setting["branch"], title="保密通知", classification=Classification.TOP_SECRET
    )
    client.force_login(setting["outsider"])
    assert client.post(f"/notices/{hidden.pk}/acknowledge/").status_code == 404
