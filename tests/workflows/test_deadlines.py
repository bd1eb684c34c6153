"""Deadlines by urgency, red/yellow/blue status as the clock moves, ``remind`` (in-app and
email, once a day per level) and the dashboard panel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from repository.models import Urgency
from tests.factories import OfficialDocumentPageFactory
from tests.workflows.conftest import act, current_state
from workflows.models import Reminder
from workflows.services import flows
from workflows.services.deadlines import DeadlineStatus, open_steps_for
from workflows.services.submission import submit_for_approval

START = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def submitted(people, urgency=Urgency.NONE):
    doc = OfficialDocumentPageFactory(document_number="", publish=False, urgency=urgency)
    submit_for_approval(doc, people["drafter"])
    return doc


@pytest.mark.parametrize(
    ("urgency", "days"),
    [(Urgency.NONE, 7), (Urgency.URGENT, 3), (Urgency.EXTRA_URGENT, 1), (Urgency.FLASH, 1)],
)
def test_deadline_depends_on_urgency(office, urgency, days):
    _workflows, people = office
    with time_machine.travel(START, tick=False):
        doc = submitted(people, urgency)
    assert current_state(doc).step.due_at == START + timedelta(days=days)


def test_deadline_days_are_configurable_per_task(office):
    workflows, people = office
    task = workflows[flows.OUTGOING].tasks.get(name="核稿").specific
    task.deadline_days = 2
    task.save()
    with time_machine.travel(START, tick=False):
        doc = submitted(people)
    assert current_state(doc).step.due_at == START + timedelta(days=2)


def test_status_moves_from_blue_to_yellow_to_red(office):
    _workflows, people = office
    director = people[flows.DIRECTOR]
    with time_machine.travel(START, tick=False):
        doc = submitted(people)
    assert [i.status for i in open_steps_for(director, START)] == [DeadlineStatus.ON_TIME]
    due_soon = START + timedelta(days=6, hours=1)
    assert [i.status for i in open_steps_for(director, due_soon)] == [DeadlineStatus.DUE_SOON]
    late = START + timedelta(days=7, minutes=1)
    (item,) = open_steps_for(director, late)
    assert (item.status, item.colour) == (DeadlineStatus.OVERDUE, "red")
    assert open_steps_for(people["outsider"], late) == []
    with time_machine.travel(late, tick=False):
        act(doc, director)
    assert open_steps_for(director, late) == []  # handled: no longer shown


def test_remind_notifies_assignees_and_initiator_once_a_day(office):
    _workflows, people = office
    people[flows.DIRECTOR].email = "director@example.gov.cn"
    people[flows.DIRECTOR].save()
    with time_machine.travel(START, tick=False):
        submitted(people)
        call_command("remind", verbosity=0)
    assert Reminder.objects.count() == 0
    with time_machine.travel(START + timedelta(days=8), tick=False):
        call_command("remind", verbosity=0)
        recipients = set(Reminder.objects.values_list("recipient__username", flat=True))
        assert recipients == {people[flows.DIRECTOR].username, "drafter"}
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["director@example.gov.cn"]
        call_command("remind", verbosity=0)  # same day: nothing new
        assert Reminder.objects.count() == 2
    with time_machine.travel(START + timedelta(days=9, hours=1), tick=False):
        call_command("remind", verbosity=0)
    assert Reminder.objects.count() == 4
    assert set(Reminder.objects.values_list("level", flat=True)) == {DeadlineStatus.OVERDUE}


def test_dashboard_panel_shows_the_waiting_step_in_red(office, client):
    _workflows, people = office
    director = people[flows.DIRECTOR]
    with time_machine.travel(START, tick=False):
        doc = submitted(people)
    client.force_login(director)
    with time_machine.travel(START + timedelta(days=10), tick=False):
        html = client.get("/admin/").content.decode()
    assert 'id="workflows-due-steps"' in html
    assert 'data-deadline="overdue"' in html and doc.title in html


def test_an_ordered_countersign_reminds_only_the_party_whose_turn_it_is(office):
    workflows, people = office
    countersign = workflows[flows.OUTGOING].tasks.get(name="会签").specific
    countersign.ordered = True
    countersign.save()
    with time_machine.travel(START, tick=False):
        doc = submitted(people)
        act(doc, people[flows.DIRECTOR])
    with time_machine.travel(START + timedelta(days=8), tick=False):
        call_command("remind", verbosity=0)
    recipients = set(Reminder.objects.values_list("recipient__username", flat=True))
    assert recipients == {"finance", "drafter"}  # 法规处 signs after 财务处: not yet theirs
    assert [i.task_state.task.name for i in open_steps_for(people["legal"])] == []
    assert [i.task_state.task.name for i in open_steps_for(people["finance"])] == ["会签"]


def test_the_dashboard_leaves_out_steps_on_records_the_user_cannot_see(office):
    from repository.models import Classification

    _workflows, people = office
    director = people[flows.DIRECTOR]
    with time_machine.travel(START, tick=False):
        doc = submitted(people)
    assert len(open_steps_for(director, START)) == 1
    doc.classification = Classification.SECRET
    doc.save()
    assert open_steps_for(director, START) == []
