"""Whom an open step waits on now, for the dashboard and for 催办 reminders.

A step one person handles waits on all its assignees. A countersign step waits only on
the parties who may sign now (in order mode, the next one); a circulation step on the
parties who have not read yet. Nobody else should be told the step is theirs.
"""

from __future__ import annotations

from django.utils import timezone

from workflows.models import CirculationTask, CountersignTask
from workflows.services.assignees import acting_principal, principal_for_party, principals


def waiting_parties(task_state):
    """Party rows (``group``/``user``) the step waits on; None for a one-handler step."""
    task = task_state.task.specific
    if isinstance(task, CountersignTask):
        from workflows.services.countersign import next_to_sign

        return next_to_sign(task_state)
    if isinstance(task, CirculationTask):
        return list(task_state.read_marks.filter(read_at=None).order_by("position"))
    return None


def can_act_now(task_state, user, on=None) -> bool:
    """May ``user`` (themselves or for a delegator) act on this open step now?"""
    parties = waiting_parties(task_state)
    if parties is None:
        return acting_principal(task_state.task.specific, user, on) is not None
    people = principals(user, on or timezone.localdate())
    return any(principal_for_party(party, people) for party in parties)


def is_waited_on(task_state, person) -> bool:
    """Is ``person`` themselves (not a delegate) one the step waits on?"""
    parties = waiting_parties(task_state)
    if parties is None:
        return True
    return any(principal_for_party(party, [person]) for party in parties)
