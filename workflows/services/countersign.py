"""会签 / 传阅: every listed party signs; in parallel or one after another.

A party is a group (any member, or a member's delegate, signs for it) or a named user.
Any refusal ends the step at once and returns the draft to the drafter with every opinion
given so far; resubmitting restarts the step with fresh, unsigned parties.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.models import CountersignSignature, TaskAction
from workflows.services.assignees import display_name
from workflows.services.delegation import delegators_of

Decision = CountersignSignature.Decision


def ordered_parties(task) -> list:
    """Groups, then users, in the order they were added to the step."""
    groups = [
        row.group
        for row in task.groups.through.objects.filter(**{_owner_field(task.groups): task})
        .select_related("group")
        .order_by("pk")
    ]
    users = [
        row.user
        for row in task.users.through.objects.filter(**{_owner_field(task.users): task})
        .select_related("user")
        .order_by("pk")
    ]
    return [*groups, *users]


def _owner_field(manager) -> str:
    return manager.source_field_name


def open_signatures(task, task_state) -> list[CountersignSignature]:
    from django.contrib.auth.models import Group

    return [
        CountersignSignature.objects.create(
            task_state=task_state,
            position=position,
            group=party if isinstance(party, Group) else None,
            user=None if isinstance(party, Group) else party,
        )
        for position, party in enumerate(ordered_parties(task))
    ]


def _principals(user) -> list:
    """The user and everyone who has delegated to them today."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    return [user, *delegators_of(user, timezone.localdate())]


def _principal_for(signature, principals):
    for principal in principals:
        if signature.user_id == principal.pk:
            return principal
        if signature.group_id and principal.groups.filter(pk=signature.group_id).exists():
            return principal
    return None


def signable_parties(task_state, user) -> list[tuple[CountersignSignature, object]]:
    """(signature, principal) pairs ``user`` may sign now; in order mode only the first."""
    pending = list(task_state.signatures.filter(decision=Decision.PENDING).order_by("position"))
    ordered = task_state.task.specific.ordered
    if ordered:
        pending = pending[:1]
    principals = _principals(user)
    pairs = [(signature, _principal_for(signature, principals)) for signature in pending]
    return [(signature, principal) for signature, principal in pairs if principal is not None]


def can_sign_any(task, user) -> bool:
    from wagtail.models import TaskState

    states = TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS)
    return any(signable_parties(state, user) for state in states)


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


def party_name(signature) -> str:
    return signature.group.name if signature.group_id else display_name(signature.user)


def collected_opinions(task_state) -> str:
    """Every opinion given so far, one line per party, for the drafter."""
    lines = []
    for signature in task_state.signatures.exclude(decision=Decision.PENDING):
        lines.append(
            f"{party_name(signature)}（{signature.get_decision_display()}）：{signature.opinion}"
        )
    return "\n".join(lines)


def countersign_status(task_state) -> dict[str, list[CountersignSignature]]:
    """Who has signed (agreed or refused) and who has not yet, for display."""
    signatures = list(task_state.signatures.order_by("position").select_related("group", "user"))
    return {
        "signed": [s for s in signatures if s.decision != Decision.PENDING],
        "pending": [s for s in signatures if s.decision == Decision.PENDING],
    }


def close_if_nobody_to_sign(task_state) -> None:
    """A step with no parties listed has nothing to wait for: it passes, and says so."""
    if not task_state.signatures.exists():
        task_state.approve(update=False, comment=_("No countersigning parties were listed."))
