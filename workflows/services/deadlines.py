"""催办 deadlines: every step is due a number of days after it starts — fewer for 加急,
fewer still for 特急/特提 — and is shown red (overdue), yellow (due soon) or blue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState

from workflows.models import StepRecord

EXTRA_URGENT = {"特急", "特提"}
URGENT = {"加急"}
DEFAULT_DUE_SOON = timedelta(days=1)


class DeadlineStatus:
    OVERDUE = "overdue"  # red
    DUE_SOON = "due_soon"  # yellow
    ON_TIME = "on_time"  # blue

    COLOURS = {OVERDUE: "red", DUE_SOON: "yellow", ON_TIME: "blue"}
    LABELS = {OVERDUE: _("overdue"), DUE_SOON: _("due soon"), ON_TIME: _("on time")}


def due_soon_window() -> timedelta:
    hours = getattr(settings, "WORKFLOWS_DUE_SOON_HOURS", None)
    return DEFAULT_DUE_SOON if hours is None else timedelta(hours=hours)


def deadline_days(task, record) -> int:
    urgency = getattr(record, "urgency", "") or ""
    if urgency in EXTRA_URGENT:
        return task.extra_urgent_deadline_days
    if urgency in URGENT:
        return task.urgent_deadline_days
    return task.deadline_days


def open_step(task_state, task) -> StepRecord:
    record = task_state.workflow_state.content_object.specific
    due_at = task_state.started_at + timedelta(days=deadline_days(task, record))
    return StepRecord.objects.create(task_state=task_state, due_at=due_at)


def deadline_status(due_at: datetime, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if now > due_at:
        return DeadlineStatus.OVERDUE
    if due_at - now <= due_soon_window():
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME


@dataclass
class OpenStep:
    step: StepRecord
    task_state: TaskState
    record: object
    status: str

    @property
    def colour(self) -> str:
        return DeadlineStatus.COLOURS[self.status]


def open_steps(now: datetime | None = None):
    """Every step in progress with its deadline status, most urgent first."""
    now = now or timezone.now()
    steps = StepRecord.objects.filter(
        task_state__status=TaskState.STATUS_IN_PROGRESS
    ).select_related("task_state__workflow_state", "task_state__task")
    result = [
        OpenStep(step, step.task_state, step.task_state.workflow_state.content_object, "")
        for step in steps.order_by("due_at")
    ]
    for item in result:
        item.status = deadline_status(item.step.due_at, now)
    return result


def open_steps_for(user, now: datetime | None = None):
    """Steps the user may act on now (themselves or by delegation), for the dashboard —
    only on records the visibility rule lets them see: a step on a record they cannot
    open is a misassignment for an administrator to fix, not work to offer them."""
    from repository.selectors import can_view
    from workflows.services.waiting import can_act_now

    on = timezone.localdate(now or timezone.now())
    return [
        item
        for item in open_steps(now)
        if can_act_now(item.task_state, user, on) and can_view(user, item.record)
    ]


def overdue_or_due_soon(now: datetime | None = None):
    return [item for item in open_steps(now) if item.status != DeadlineStatus.ON_TIME]
