"""A step assigned to someone who may not see its record is a misassignment.

The visibility rule (``repository.selectors``) decides who sees a record; a flow's step
goes to role groups that know nothing of it. Listing such a step to its approver would
show a title above their clearance or outside their department, so the approver is not
shown it (dashboard, reports, reminders) — and, so the step does not silently stall, the
administrators are told when it starts: an in-app message to every active superuser
(naming the step, the record's id and the people, never its title: an administrator's
clearance may be lower too) and a warning in the log.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from repository.selectors import can_view
from workflows.models import Reminder
from workflows.services.assignees import display_name, task_assignees

logger = logging.getLogger("wenshu.workflows")

MISASSIGNED = "misassigned"


def assignees_who_cannot_see(task_state, task) -> list:
    record = task_state.workflow_state.content_object
    return [person for person in task_assignees(task) if not can_view(person, record)]


def flag_misassignment(task_state, task) -> list:
    """Tell the administrators about assignees of this new step who may not see its
    record; returns those assignees (empty when the step is well assigned)."""
    blind = assignees_who_cannot_see(task_state, task)
    if not blind:
        return []
    names = "、".join(display_name(person) for person in blind)
    record_id = task_state.workflow_state.object_id
    logger.warning(
        "step %r (task state %s) on record #%s is assigned to users who may not see it: %s",
        task.name,
        task_state.pk,
        record_id,
        ", ".join(person.get_username() for person in blind),
    )
    message = _(
        "Step “%(task)s” on record #%(record)s is assigned to %(names)s, who may not see "
        "the record: reassign the step or grant access."
    ) % {"task": task.name, "record": record_id, "names": names}
    for admin in get_user_model().objects.filter(is_superuser=True, is_active=True):
        Reminder.objects.create(
            recipient=admin, task_state=task_state, level=MISASSIGNED, message=message
        )
    return blind
