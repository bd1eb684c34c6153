"""Who may handle a step: the listed users, members of the listed groups, and anyone they
have delegated to (代理) for today."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from workflows.services.delegation import delegators_of


def task_assignees(task) -> QuerySet:
    """Active users a step is assigned to, by name or through a group."""
    User = get_user_model()
    return User.objects.filter(
        Q(pk__in=task.users.values("pk")) | Q(groups__in=task.groups.values("pk")),
        is_active=True,
    ).distinct()


def acting_principal(task, user, on=None):
    """The person ``user`` acts as on this step: themselves, or a delegator; else None."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    assignees = task_assignees(task)
    if assignees.filter(pk=user.pk).exists():
        return user
    for delegator in delegators_of(user, on or timezone.localdate()):
        if assignees.filter(pk=delegator.pk).exists():
            return delegator
    return None


def describe_assignees(task) -> str:
    names = [group.name for group in task.groups.all()]
    names += [display_name(user) for user in task.users.all()]
    return "、".join(names)


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
