"""Who may handle a step: the listed users, members of the listed groups, and anyone they
have delegated to (代理) for today.

Countersign and circulation steps list *parties* (a group or a user) that each act once;
``principal_for_party`` says whom a person may act for on such a party."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from workflows.services.delegation import delegators_of


def task_assignees(task) -> QuerySet:
    """Active users a step is assigned to, by name or through a group."""
    User = get_user_model()
    return User.objects.filter(
        Q(pk__in=task.assigned_users().values("pk"))
        | Q(groups__in=task.assigned_groups().values("pk")),
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


def principals(user, on=None) -> list:
    """The user and everyone who has delegated to them for the day (today by default)."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    return [user, *delegators_of(user, on or timezone.localdate())]


def principal_for_party(party, people):
    """The first of ``people`` who belongs to ``party`` (a row with ``group``/``user``)."""
    for person in people:
        if party.user_id == person.pk:
            return person
        if party.group_id and person.groups.filter(pk=party.group_id).exists():
            return person
    return None


def describe_assignees(task) -> str:
    """Who a step is assigned to; a countersign step's parties in their signing order."""
    if hasattr(task, "parties"):
        parties = task.parties.order_by("position", "pk").select_related("group", "user")
        return "、".join(party_name(party) for party in parties)
    names = [group.name for group in task.assigned_groups()]
    names += [display_name(user) for user in task.assigned_users()]
    return "、".join(names)


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def party_name(party) -> str:
    """A group's name or a person's display name, for a party row."""
    return party.group.name if party.group_id else display_name(party.user)
