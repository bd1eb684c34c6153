"""传阅: the document goes round several leaders or departments at once; each marks it
read, with an optional remark (e.g. 已阅, or an instruction). Nobody refuses a
circulation, so there is no return: when the last party has read, the step passes.

A party is a listed group (any one member, or a member's delegate, reads for it) or a
listed user. Each party's read mark records who read, for whom, when, and the remark.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.models import CirculationReadMark, TaskAction
from workflows.services.assignees import party_name, principal_for_party, principals


def _parties(task) -> list[dict]:
    """Groups, then users, as listed on the step (order does not matter: all read at once)."""
    groups = task.groups.order_by("name")
    users = task.users.order_by("username")
    return [{"group": g} for g in groups] + [{"user": u} for u in users]


def open_read_marks(task, task_state) -> list[CirculationReadMark]:
    marks = [
        CirculationReadMark.objects.create(task_state=task_state, position=position, **party)
        for position, party in enumerate(_parties(task))
    ]
    if not marks:
        task_state.approve(update=False, comment=_("Nobody was listed to read the document."))
    return marks


def markable_parties(task_state, user) -> list[tuple[CirculationReadMark, object]]:
    """(mark, principal) pairs ``user`` may mark read now: every unread party they are,
    belong to, or stand in for."""
    people = principals(user)
    unread = task_state.read_marks.filter(read_at=None).order_by("position")
    pairs = [(mark, principal_for_party(mark, people)) for mark in unread]
    return [(mark, principal) for mark, principal in pairs if principal is not None]


def mark_read(task_state, user, remark: str = "") -> list[CirculationReadMark]:
    """Mark every party ``user`` may read for as read; the last one closes the step."""
    pairs = markable_parties(task_state, user)
    if not pairs:
        raise PermissionDenied(_("You have nothing to read on this step."))
    now = timezone.now()
    for mark, principal in pairs:
        mark.read_by = user
        mark.on_behalf_of = None if principal == user else principal
        mark.remark = remark
        mark.read_at = now
        mark.save()
        TaskAction.objects.create(
            task_state=task_state,
            action=TaskAction.Action.READ,
            actor=user,
            on_behalf_of=mark.on_behalf_of,
            opinion=remark,
            created_at=now,
        )
    if not task_state.read_marks.filter(read_at=None).exists():
        task_state.approve(user=user, comment=collected_remarks(task_state))
    return [mark for mark, _principal in pairs]


def collected_remarks(task_state) -> str:
    return "\n".join(
        f"{party_name(mark)}：{mark.remark}"
        for mark in task_state.read_marks.exclude(read_at=None).exclude(remark="")
    )


def read_status(task_state) -> dict[str, list[CirculationReadMark]]:
    """Who has read and who has not yet, for the step page and the trail."""
    marks = list(
        task_state.read_marks.order_by("position").select_related(
            "group", "user", "read_by", "on_behalf_of"
        )
    )
    return {"read": [m for m in marks if m.is_read], "unread": [m for m in marks if not m.is_read]}
