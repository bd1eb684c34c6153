"""会签: every listed party signs; in parallel or one after another by position.

A party is a group (any member, or a member's delegate, signs for it) or a named user.
Parties are listed on the step with an explicit position (``CountersignParty``), which
administrators edit; the order the parties happen to be added in means nothing.
Any refusal ends the step at once and returns the draft to the drafter with every opinion
given so far; resubmitting restarts the step with fresh, unsigned parties.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.models import CountersignParty, CountersignSignature, TaskAction
from workflows.services.assignees import party_name, principal_for_party, principals

Decision = CountersignSignature.Decision


def add_party(task, party, position: int | None = None) -> CountersignParty:
    """List a group or user on a countersign step, last unless a position is given."""
    from django.contrib.auth.models import Group

    if position is None:
        position = (task.parties.aggregate(last=Max("position"))["last"] or 0) + 1
    row = CountersignParty(
        task=task,
        position=position,
        group=party if isinstance(party, Group) else None,
        user=None if isinstance(party, Group) else party,
    )
    row.full_clean()
    row.save()
    return row


def ordered_parties(task) -> list[CountersignParty]:
    """The step's parties by position (ties: the one listed first)."""
    return list(task.parties.order_by("position", "pk").select_related("group", "user"))


def open_signatures(task, task_state) -> list[CountersignSignature]:
    return [
        CountersignSignature.objects.create(
            task_state=task_state, position=position, group=party.group, user=party.user
        )
        for position, party in enumerate(ordered_parties(task))
    ]


def _pending(task_state) -> list[CountersignSignature]:
    return list(task_state.signatures.filter(decision=Decision.PENDING).order_by("position"))


def next_to_sign(task_state) -> list[CountersignSignature]:
    """Parties who may sign now: every pending one, or only the first when ordered."""
    pending = _pending(task_state)
    return pending[:1] if task_state.task.specific.ordered else pending


def signable_parties(task_state, user) -> list[tuple[CountersignSignature, object]]:
    """(signature, principal) pairs ``user`` may sign now; in order mode only the next."""
    people = principals(user)
    pairs = [(s, principal_for_party(s, people)) for s in next_to_sign(task_state)]
    return [(signature, principal) for signature, principal in pairs if principal is not None]


def sign(task_state, user, *, agree: bool, opinion: str = "") -> list[CountersignSignature]:
    """Record ``user``'s decision for every party they may sign for now."""
    pairs = signable_parties(task_state, user)
    if not pairs:
        raise PermissionDenied(_("You have nothing to sign on this step."))
    now = timezone.now()
    for signature, principal in pairs:
        signature.decision = Decision.AGREED if agree else Decision.REFUSED
        signature.signed_by = user
        signature.on_behalf_of = None if principal == user else principal
        signature.opinion = opinion
        signature.signed_at = now
        signature.save()
        TaskAction.objects.create(
            task_state=task_state,
            action=TaskAction.Action.SIGN if agree else TaskAction.Action.REFUSE,
            actor=user,
            on_behalf_of=signature.on_behalf_of,
            opinion=opinion,
            created_at=now,
        )
    if not agree:
        task_state.reject(user=user, comment=collected_opinions(task_state))
    elif not task_state.signatures.filter(decision=Decision.PENDING).exists():
        task_state.approve(user=user, comment=collected_opinions(task_state))
    return [signature for signature, _principal in pairs]


def collected_opinions(task_state) -> str:
    """Every opinion given so far, one line per party, for the drafter."""
    lines = []
    for signature in task_state.signatures.exclude(decision=Decision.PENDING):
        lines.append(
            f"{party_name(signature)}（{signature.get_decision_display()}）：{signature.opinion}"
        )
    return "\n".join(lines)


def countersign_status(task_state) -> dict[str, list[CountersignSignature]]:
    """Who has signed (agreed or refused), who may sign next, who waits after them.

    ``pending`` is everyone not signed yet (``next`` + ``waiting``). In parallel mode
    every pending party is ``next``; in order mode only the first one is."""
    signatures = list(task_state.signatures.order_by("position").select_related("group", "user"))
    pending = [s for s in signatures if s.decision == Decision.PENDING]
    step_open = task_state.status == task_state.STATUS_IN_PROGRESS
    next_ = (pending[:1] if task_state.task.specific.ordered else pending) if step_open else []
    return {
        "signed": [s for s in signatures if s.decision != Decision.PENDING],
        "pending": pending,
        "next": next_,
        "waiting": [s for s in pending if s not in next_],
    }


def close_if_nobody_to_sign(task_state) -> None:
    """A step with no parties listed has nothing to wait for: it passes, and says so."""
    if not task_state.signatures.exists():
        task_state.approve(update=False, comment=_("No countersigning parties were listed."))
