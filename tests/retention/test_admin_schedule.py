"""Back office, the retention schedule (保管期限表): archivists edit it as a snippet, every
change is in its history (the admin's and django-simple-history's), others may not."""

from __future__ import annotations

import pytest

from repository.services.demo import ROLE_PERMISSIONS, grant_role_permissions
from retention.models import RetentionRule
from tests.retention.admin_support import staff
from tests.retention.factories import RetentionRuleFactory

pytestmark = pytest.mark.django_db
BASE = "/admin/snippets/retention/retentionrule"


def _rule_data(rule, **changes) -> dict:
    data = {
        "name": rule.name,
        "record_type": rule.record_type_id or "",
        "category": rule.category,
        "department": rule.department_id or "",
        "period": rule.period,
        "basis": rule.basis,
        "active": "on" if rule.active else "",
    }
    return {**data, **changes}


def test_an_archivist_edits_the_schedule_and_the_change_is_in_its_history(client):
    rule = RetentionRuleFactory(name="公函", period="D10", basis="8号令")
    archivist = staff(username="archivist-x")
    grant_role_permissions(archivist, ROLE_PERMISSIONS["archivist"])
    client.force_login(archivist)
    assert client.get(f"{BASE}/").status_code == 200
    response = client.post(f"{BASE}/edit/{rule.pk}/", _rule_data(rule, period="D30", basis="复核"))
    assert response.status_code == 302, response.content.decode()[:500]
    rule.refresh_from_db()
    assert (rule.period, rule.basis) == ("D30", "复核")
    versions = list(rule.history.order_by("history_date"))
    assert [v.period for v in versions] == ["D10", "D30"]
    assert versions[-1].history_user == archivist  # who changed it, from the request
    assert client.get(f"{BASE}/history/{rule.pk}/").status_code == 200
    html = client.get(f"/admin/retention/history/rule/{rule.pk}/").content.decode()
    assert "定期10年 → 定期30年" in html


def test_without_the_schedule_permissions_nothing_changes(client):
    rule = RetentionRuleFactory(period="D10")
    client.force_login(staff("file_records"))
    response = client.post(f"{BASE}/edit/{rule.pk}/", _rule_data(rule, period="Y"))
    assert response.status_code in (302, 403)
    assert RetentionRule.objects.get(pk=rule.pk).period == "D10"
    assert rule.history.count() == 1
