"""催办: remind assignees (and whoever stands in for them) and the initiator of every
overdue or nearly due step — in the app and by email — at most once a day per level."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from repository.selectors import can_view
from workflows.models import OfficeTask, Reminder
from workflows.services.assignees import task_assignees
from workflows.services.deadlines import DeadlineStatus, overdue_or_due_soon
from workflows.services.delegation import delegates_of
from workflows.services.misassignment import MISASSIGNED
from workflows.services.waiting import is_waited_on

REMIND_AGAIN_AFTER = timedelta(days=1)


def _recipients(item, today) -> list:
    """Whom the step waits on now (see ``waiting``), their stand-ins, and the initiator."""
    task = item.task_state.task.specific
    people = []
    if isinstance(task, OfficeTask):
        people = [p for p in task_assignees(task) if is_waited_on(item.task_state, p)]
    people += [d for person in list(people) for d in delegates_of(person, today)]
    initiator = item.task_state.workflow_state.requested_by
    if initiator is not None:
        people.append(initiator)
    # Nobody is reminded of a record they may not see: the reminder names it. Such a
    # step was flagged to the administrators when it started (``misassignment``).
    unique = {
        person.pk: person for person in people if person.is_active and can_view(person, item.record)
    }
    return list(unique.values())


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


# The recipient's inbox of 催办 messages. Only ever a user's own: every query below is
# filtered by recipient, so nobody reads or marks another person's reminders.


def inbox(user) -> list:
    """The user's reminders, newest first, with what they point at — leaving out those
    on records the user may no longer see (moved into a classified folder, clearance
    lowered): each names its record. Misassignment notices name only an id."""
    reminders = Reminder.objects.filter(recipient=user).select_related(
        "task_state__task", "task_state__workflow_state"
    )
    return [r for r in reminders if r.level == MISASSIGNED or _record_visible(user, r)]


def _record_visible(user, reminder) -> bool:
    record = reminder.task_state.workflow_state.content_object
    return record is not None and can_view(user, record)


def unread_count(user) -> int:
    if not user or not user.is_authenticated:
        return 0
    return sum(1 for reminder in inbox(user) if reminder.read_at is None)


def mark_read(user, reminder_id: int) -> bool:
    """Mark one of the user's reminders read; False if it is not theirs (or unknown)."""
    updated = Reminder.objects.filter(recipient=user, pk=reminder_id, read_at=None).update(
        read_at=timezone.now()
    )
    return updated == 1 or Reminder.objects.filter(recipient=user, pk=reminder_id).exists()


def mark_all_read(user) -> int:
    return Reminder.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
