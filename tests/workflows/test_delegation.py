"""代理: a delegate acts for the delegator within the date range only, and the trail says
"B on behalf of A"."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.factories import OfficialDocumentPageFactory, UserFactory
from tests.workflows.conftest import act, current_step_name
from workflows.models import TaskAction
from workflows.services import flows
from workflows.services.delegation import delegate_tasks
from workflows.services.submission import submit_for_approval
from workflows.services.trail import trail_rows


def test_delegate_acts_on_behalf_within_the_range_only(office):
    _workflows, people = office
    director = people[flows.DIRECTOR]
    deputy = UserFactory(username="deputy", first_name="副主任")
    director.first_name = "主任"
    director.save()
    delegate_tasks(director, deputy, date(2026, 5, 1), date(2026, 5, 7), note="出差")
    with time_machine.travel(date(2026, 5, 2), tick=False):
        doc = OfficialDocumentPageFactory(document_number="", publish=False)
        submit_for_approval(doc, people["drafter"])
    with time_machine.travel(date(2026, 5, 8), tick=False), pytest.raises(PermissionDenied):
        act(doc, deputy)
    with time_machine.travel(date(2026, 5, 3), tick=False):
        assert current_step_name(doc) == "核稿"
        act(doc, deputy, comment="同意")
    assert current_step_name(doc) == "会签"
    action = TaskAction.objects.get(action=TaskAction.Action.APPROVE)
    assert (action.actor, action.on_behalf_of) == (deputy, director)
    with translation.override("en"):
        assert trail_rows(doc)[0].handled_by == "副主任 on behalf of 主任"


def test_delegate_can_countersign_for_the_delegators_department(office):
    _workflows, people = office
    stand_in = UserFactory(username="stand_in")
    delegate_tasks(people["legal"], stand_in, date(2026, 1, 1), date(2026, 12, 31))
    with time_machine.travel(date(2026, 6, 1), tick=False):
        doc = OfficialDocumentPageFactory(document_number="", publish=False)
        submit_for_approval(doc, people["drafter"])
        act(doc, people[flows.DIRECTOR])
        act(doc, stand_in, comment="法规处无意见")
    signature = doc.workflow_states.get().current_task_state.signatures.get(group__name="法规处")
    assert (signature.signed_by, signature.on_behalf_of) == (stand_in, people["legal"])


@pytest.mark.django_db
def test_a_delegation_must_be_a_real_range_to_someone_else():
    a, b = UserFactory(), UserFactory()
    with pytest.raises(ValidationError):
        delegate_tasks(a, b, date(2026, 5, 7), date(2026, 5, 1))
    with pytest.raises(ValidationError):
        delegate_tasks(a, a, date(2026, 5, 1), date(2026, 5, 7))
