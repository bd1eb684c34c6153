"""催办: remind assignees (and whoever stands in for them) and the initiator of every
overdue or nearly due step — in the app and by email — at most once a day per level."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.models import Reminder
from workflows.services.assignees import task_assignees
from workflows.services.deadlines import DeadlineStatus, overdue_or_due_soon
from workflows.services.delegation import delegates_of

REMIND_AGAIN_AFTER = timedelta(days=1)


def _recipients(item, today) -> list:
    task = item.task_state.task.specific
    people = list(task_assignees(task)) if hasattr(task, "groups") else []
    if item.task_state.signatures.exists():  # countersign: only parties not signed yet
        pending = item.task_state.signatures.filter(decision="pending")
        people = [u for u in people if _in_pending(u, pending)]
    people += [d for person in list(people) for d in delegates_of(person, today)]
    initiator = item.task_state.workflow_state.requested_by
    if initiator is not None:
        people.append(initiator)
    unique = {person.pk: person for person in people if person.is_active}
    return list(unique.values())


def _in_pending(user, pending) -> bool:
    return any(
        s.user_id == user.pk or (s.group_id and user.groups.filter(pk=s.group_id).exists())
        for s in pending
    )


def _message(item) -> str:
    values = {
        "task": item.task_state.task.name,
        "record": item.record,
        "due": timezone.localtime(item.step.due_at).strftime("%Y-%m-%d %H:%M"),
    }
    if item.status == DeadlineStatus.OVERDUE:
        return _("Overdue: step “%(task)s” on “%(record)s” was due %(due)s.") % values
    return _("Due soon: step “%(task)s” on “%(record)s” is due %(due)s.") % values


def send_reminders(now: datetime | None = None) -> int:
    """Send what is due; returns the number of reminders created."""
    now = now or timezone.now()
    sent = 0
    for item in overdue_or_due_soon(now):
        step = item.step
        fresh = step.reminded_level == item.status and step.reminded_at
        if fresh and now - step.reminded_at < REMIND_AGAIN_AFTER:
            continue
        message = _message(item)
        for person in _recipients(item, timezone.localdate(now)):
            Reminder.objects.create(
                recipient=person,
                task_state=item.task_state,
                level=item.status,
                message=message,
                created_at=now,
            )
            if person.email:
                send_mail(
                    _("Wenshu reminder"),
                    message,
                    settings.DEFAULT_FROM_EMAIL,
                    [person.email],
                    fail_silently=True,
                )
            sent += 1
        step.reminded_at, step.reminded_level = now, item.status
        step.save(update_fields=["reminded_at", "reminded_level"])
    return sent
