"""传阅: each recipient marks the document read in parallel, with an optional remark; the
read marks are its own (not countersignatures) and the trail shows who has read."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from repository.services.demo import ensure_home_page
from tests.factories import OfficialDocumentPageFactory, UserFactory, grant
from tests.workflows.conftest import act, current_state, current_step_name
from workflows.models import CountersignSignature, TaskAction
from workflows.services import flows
from workflows.services.assignees import display_name
from workflows.services.circulation import read_status
from workflows.services.delegation import delegate_tasks
from workflows.services.submission import submit_for_approval
from workflows.services.trail import can_view_trail, trail_rows


@pytest.fixture
def circulating(office):
    """An incoming document at 传阅, sent to one leader by name and to a department."""
    workflows, people = office
    circulation = workflows[flows.INCOMING].tasks.get(name="传阅").specific
    office_group = Group.objects.create(name="综合科")
    grant(office_group, ensure_home_page(), "view_page")
    clerk, colleague = UserFactory(username="clerk"), UserFactory(username="colleague")
    clerk.groups.add(office_group)
    colleague.groups.add(office_group)
    circulation.groups.set([office_group])
    circulation.users.set([people[flows.LEADERS]])
    doc = OfficialDocumentPageFactory(direction="incoming", publish=False)
    submit_for_approval(doc, people[flows.REGISTRY])
    for role in (flows.REGISTRY, flows.SECRETARIAT, flows.DIRECTOR, flows.LEADERS):
        act(doc, people[role])
    assert current_step_name(doc) == "传阅"
    people.update(clerk=clerk, colleague=colleague)
    return doc, people


def parties(marks):
    return [m.group.name if m.group_id else m.user.username for m in marks]


def test_everyone_reads_in_parallel_and_the_last_read_closes_the_step(circulating):
    doc, people = circulating
    state = current_state(doc)
    assert parties(read_status(state)["unread"]) == ["综合科", people[flows.LEADERS].username]
    act(doc, people["clerk"], comment="已阅，转承办")
    status = read_status(current_state(doc))
    assert parties(status["read"]) == ["综合科"] and status["read"][0].read_by == people["clerk"]
    assert status["read"][0].remark == "已阅，转承办" and status["read"][0].read_at is not None
    assert current_step_name(doc) == "传阅"
    with pytest.raises(PermissionDenied):
        act(doc, people["colleague"])  # the department has read: nothing left for them
    act(doc, people[flows.LEADERS])  # no remark: the remark is optional
    assert current_step_name(doc) == "承办"
    assert not CountersignSignature.objects.exists()
    assert TaskAction.objects.filter(action=TaskAction.Action.READ).count() == 2


def test_a_circulation_cannot_be_refused(circulating):
    doc, people = circulating
    assert [a[0] for a in current_state(doc).task.specific.get_actions(doc, people["clerk"])] == [
        "approve",
        "approve",
    ]
    with pytest.raises(PermissionDenied):
        act(doc, people["clerk"], "reject", comment="不同意")
    assert read_status(current_state(doc))["read"] == []


def test_outsiders_cannot_mark_read_and_delegates_read_on_behalf(circulating):
    doc, people = circulating
    with pytest.raises(PermissionDenied):
        act(doc, people["outsider"])
    stand_in = UserFactory(username="stand_in")
    today = date.today()
    delegate_tasks(people[flows.LEADERS], stand_in, today, today)
    act(doc, stand_in, comment="代阅")
    (mark,) = read_status(current_state(doc))["read"]
    assert (mark.read_by, mark.on_behalf_of) == (stand_in, people[flows.LEADERS])


def test_the_trail_shows_who_has_read_and_who_has_not(circulating):
    doc, people = circulating
    act(doc, people["clerk"], comment="已阅")
    row = next(r for r in trail_rows(doc) if r.task == "传阅")
    read_line, unread_line = row.parties.splitlines()
    assert read_line.startswith(f"综合科：{_('read')}（clerk，") and read_line.endswith("：已阅")
    assert unread_line == f"{display_name(people[flows.LEADERS])}：{_('not read yet')}"
    assert can_view_trail(people["clerk"], doc)  # a reader took part
    assert not can_view_trail(people["outsider"], doc)


def test_the_step_page_lists_read_and_unread(circulating, client):
    doc, people = circulating
    act(doc, people["clerk"], comment="已阅")
    people["clerk"].user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(people["clerk"])
    html = client.get(f"/admin/workflows/step/{current_state(doc).pk}/").content.decode()
    assert html.count('data-party-state="read"') == 1
    assert html.count('data-party-state="unread"') == 1
