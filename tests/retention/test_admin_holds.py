"""Back office, holds: placing and lifting with a reason from a node's holds page, and the
holds report with who placed and lifted them, and when."""

from __future__ import annotations

import pytest

from repository.models import Classification
from retention.models import Hold
from retention.services.holds import place_hold
from retention.wagtail_hooks import HoldsButton
from tests.retention.admin_support import messages_of, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(branch):
    return staff("place_holds", "lift_holds", "view_hold", pages=[branch], username="keeper")


def test_holds_button_for_hold_keepers_only(make_record, keeper, branch):
    record = make_record()
    assert HoldsButton(page=record).is_shown(keeper)
    assert not HoldsButton(page=record).is_shown(staff(pages=[branch]))


def test_place_a_hold_with_a_reason(make_record, keeper, client):
    record = make_record(title="涉诉合同")
    client.force_login(keeper)
    url = f"/admin/retention/pages/{record.pk}/holds/"
    response = client.post(url, {"reason": "诉讼保全"})
    assert response.status_code == 302
    hold = Hold.objects.get()
    assert (hold.page_id, hold.reason, hold.placed_by) == (record.pk, "诉讼保全", keeper)
    assert "诉讼保全" in client.get(url).content.decode()


def test_a_hold_without_reason_is_not_placed(make_record, keeper, client):
    record = make_record()
    client.force_login(keeper)
    response = client.post(f"/admin/retention/pages/{record.pk}/holds/", {"reason": "  "})
    assert response.status_code == 200
    assert not Hold.objects.exists()


def test_lift_a_hold_with_a_reason(make_record, keeper, client):
    record = make_record()
    hold = place_hold(record, reason="审计", user=keeper)
    client.force_login(keeper)
    url = f"/admin/retention/holds/{hold.pk}/lift/"
    response = client.post(url, {"reason": ""})
    assert messages_of(response, "error")
    hold.refresh_from_db()
    assert hold.is_active
    response = client.post(url, {"reason": "审计结束", "next": "/admin/retention/holds/"})
    assert response.status_code == 302 and response.url == "/admin/retention/holds/"
    hold.refresh_from_db()
    assert (hold.is_active, hold.lifted_by, hold.lift_reason) == (False, keeper, "审计结束")
    response = client.post(url, {"reason": "again"})
    assert messages_of(response, "error")  # already lifted


def test_placing_and_lifting_need_their_permissions(make_record, keeper, branch, client):
    record = make_record()
    hold = place_hold(record, reason="审计", user=keeper)
    viewer = staff("view_hold", pages=[branch])
    client.force_login(viewer)
    assert client.get(f"/admin/retention/pages/{record.pk}/holds/").status_code == 200
    client.post(f"/admin/retention/pages/{record.pk}/holds/", {"reason": "x"})
    client.post(f"/admin/retention/holds/{hold.pk}/lift/", {"reason": "x"})
    hold.refresh_from_db()
    assert Hold.objects.count() == 1 and hold.is_active


def test_holds_report_lists_active_and_lifted_with_who_and_when(make_record, keeper, client):
    from retention.services.holds import lift_hold

    active = place_hold(make_record(title="甲"), reason="冻结甲", user=keeper)
    lifted = lift_hold(
        place_hold(make_record(title="乙"), reason="冻结乙", user=keeper),
        user=keeper,
        reason="解除乙",
    )
    client.force_login(keeper)
    html = client.get("/admin/retention/holds/").content.decode()
    assert "冻结甲" in html and "冻结乙" in html and "解除乙" in html and "keeper" in html
    only_active = client.get("/admin/retention/holds/?status=active").content.decode()
    assert "冻结甲" in only_active and "冻结乙" not in only_active
    only_lifted = client.get("/admin/retention/holds/?status=lifted").content.decode()
    assert "冻结乙" in only_lifted and "冻结甲" not in only_lifted
    assert active.is_active and not lifted.is_active


def test_holds_on_invisible_nodes_are_not_shown(make_record, keeper, branch, client):
    secret = make_record(classification=Classification.SECRET, title="机密件")
    place_hold(secret, reason="机密冻结", user=keeper)
    low = staff("view_hold", "place_holds", pages=[branch], clearance=1)
    client.force_login(low)
    assert "机密冻结" not in client.get("/admin/retention/holds/").content.decode()
    assert client.get(f"/admin/retention/pages/{secret.pk}/holds/").status_code == 404
