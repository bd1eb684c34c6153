"""Administrators edit the steps: a countersign step's parties and their positions are
managed in the admin; a party must be a group or a user."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from workflows.models import CountersignParty
from workflows.services import flows


@pytest.fixture
def admin_client(office, client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_countersign_task_form_edits_order_mode_not_a_group_list(office, admin_client):
    workflows, _people = office
    task = workflows[flows.OUTGOING].tasks.get(name="会签")
    html = admin_client.get(f"/admin/workflows/tasks/edit/{task.pk}/").content.decode()
    assert 'name="ordered"' in html and 'name="groups"' not in html


def test_parties_are_listed_added_and_validated_in_the_admin(office, admin_client):
    workflows, people = office
    task = workflows[flows.OUTGOING].tasks.get(name="会签")
    listing = admin_client.get("/admin/countersign_parties/").content.decode()
    assert "财务处" in listing and "法规处" in listing
    both = {"task": task.pk, "position": 5, "group": "", "user": people["drafter"].pk}
    both["group"] = CountersignParty.objects.filter(task=task).first().group_id
    response = admin_client.post("/admin/countersign_parties/new/", both)
    assert response.status_code == 200  # the form again, with the error
    assert CountersignParty.objects.filter(task=task).count() == 2
    one = {"task": task.pk, "position": 0, "group": "", "user": people["drafter"].pk}
    assert admin_client.post("/admin/countersign_parties/new/", one).status_code == 302
    first = CountersignParty.objects.filter(task=task).order_by("position", "pk").first()
    assert first.user == people["drafter"]
