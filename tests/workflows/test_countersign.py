"""会签 parties in an explicit, editable order: who signs first follows the position, not
the order parties were added; the step shows who has signed, who is next, who waits."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import WorkflowState

from tests.factories import OfficialDocumentPageFactory
from tests.workflows.conftest import act, current_state, current_step_name
from workflows.models import CountersignParty
from workflows.services import flows
from workflows.services.countersign import add_party, countersign_status
from workflows.services.submission import submit_for_approval
from workflows.services.trail import trail_rows


def at_countersign(people):
    doc = OfficialDocumentPageFactory(document_number="", publish=False)
    submit_for_approval(doc, people["drafter"])
    act(doc, people[flows.DIRECTOR])
    assert current_step_name(doc) == "会签"
    return doc


def names(signatures):
    return [s.group.name if s.group_id else s.user.username for s in signatures]


@pytest.fixture
def countersign(office):
    workflows, people = office
    task = workflows[flows.OUTGOING].tasks.get(name="会签").specific
    return task, people


def test_parties_get_the_next_position_unless_one_is_given(countersign):
    task, people = countersign
    assert list(task.parties.values_list("position", flat=True)) == [1, 2]
    office_party = add_party(task, people[flows.SECRETARIAT])
    assert office_party.position == 3
    assert add_party(task, people[flows.DIRECTOR], position=0).position == 0


def test_a_party_is_a_group_or_a_user_never_both_nor_neither(countersign):
    task, people = countersign
    finance = task.parties.get(position=1).group
    with pytest.raises(ValidationError):
        CountersignParty(task=task, group=finance, user=people["legal"]).full_clean()
    with pytest.raises(ValidationError):
        CountersignParty(task=task).full_clean()


def test_ordered_signing_follows_the_edited_position(countersign):
    """法规处 was added after 财务处; moved to the front, it signs first."""
    task, people = countersign
    task.ordered = True
    task.save()
    task.parties.filter(group__name="法规处").update(position=0)
    doc = at_countersign(people)

    status = countersign_status(current_state(doc))
    assert names(status["next"]) == ["法规处"] and names(status["waiting"]) == ["财务处"]
    assert status["signed"] == []
    with pytest.raises(PermissionDenied):
        act(doc, people["finance"])  # not their turn yet
    assert current_state(doc).task.specific.get_actions(doc, people["finance"]) == []

    act(doc, people["legal"], comment="无法律障碍")
    status = countersign_status(current_state(doc))
    assert names(status["signed"]) == ["法规处"]
    assert names(status["next"]) == ["财务处"] and status["waiting"] == []
    act(doc, people["finance"])
    assert current_step_name(doc) == "复核"
    countersign_row = next(r for r in trail_rows(doc) if r.task == "会签")
    assert countersign_row.assigned_to == "法规处、财务处"  # in signing order


def test_parallel_signing_lets_everyone_sign_now_in_any_order(countersign):
    task, people = countersign
    assert task.ordered is False
    doc = at_countersign(people)
    status = countersign_status(current_state(doc))
    assert names(status["next"]) == ["财务处", "法规处"] and status["waiting"] == []
    act(doc, people["legal"])  # the second party first: fine in parallel
    status = countersign_status(current_state(doc))
    assert names(status["signed"]) == ["法规处"] and names(status["next"]) == ["财务处"]
    assert current_step_name(doc) == "会签"
    act(doc, people["finance"])
    assert current_step_name(doc) == "复核"


def test_a_refusal_in_order_mode_returns_the_draft_and_stops_the_queue(countersign):
    task, people = countersign
    task.ordered = True
    task.save()
    add_party(task, people[flows.SECRETARIAT])  # a third party, position 3
    doc = at_countersign(people)
    act(doc, people["finance"], comment="同意")
    act(doc, people["legal"], "reject", comment="第五条需修改")
    state = WorkflowState.objects.for_instance(doc).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    refused = state.current_task_state
    status = countersign_status(refused)
    assert names(status["signed"]) == ["财务处", "法规处"]
    assert names(status["pending"]) == [people[flows.SECRETARIAT].username]
    assert status["next"] == []  # the step is closed: nobody is asked to sign
    assert "第五条需修改" in refused.comment and "财务处（" in refused.comment

    state.resume(user=people["drafter"])
    status = countersign_status(current_state(doc))
    assert names(status["next"]) == ["财务处"] and len(status["waiting"]) == 2


def test_the_step_page_shows_signed_next_and_waiting(countersign, client):
    task, people = countersign
    task.ordered = True
    task.save()
    add_party(task, people[flows.SECRETARIAT])
    doc = at_countersign(people)
    act(doc, people["finance"], comment="经费可以保障")
    people["drafter"].user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(people["drafter"])
    html = client.get(f"/admin/workflows/step/{current_state(doc).pk}/").content.decode()
    assert html.count('data-party-state="signed"') == 1 and "经费可以保障" in html
    assert html.count('data-party-state="next"') == 1
    assert html.count('data-party-state="waiting"') == 1
    client.force_login(people["outsider"])
    assert client.get(f"/admin/workflows/step/{current_state(doc).pk}/").status_code in (302, 403)
