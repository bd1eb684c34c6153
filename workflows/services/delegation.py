"""代理: a user away on leave hands their steps to a colleague for a date range.

The delegate acts with their own account; every action records both names ("B on behalf
of A"), so the trail never pretends A acted.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from workflows.models import Delegation


def delegate_tasks(delegator, delegate, starts_on: date, ends_on: date, note: str = ""):
    delegation = Delegation(
        delegator=delegator, delegate=delegate, starts_on=starts_on, ends_on=ends_on, note=note
    )
    delegation.full_clean()
    delegation.save()
    return delegation


def delegators_of(user, on: date) -> list:
    """Users who have delegated to ``user`` for the day ``on``."""
    User = get_user_model()
    ids = Delegation.objects.filter(delegate=user, starts_on__lte=on, ends_on__gte=on).values_list(
        "delegator_id", flat=True
    )
    return list(User.objects.filter(pk__in=list(ids), is_active=True).order_by("pk"))


def delegates_of(user, on: date) -> list:
    """Users standing in for ``user`` on the day ``on`` (they get ``user``'s reminders too)."""
    User = get_user_model()
    ids = Delegation.objects.filter(delegator=user, starts_on__lte=on, ends_on__gte=on).values_list(
        "delegate_id", flat=True
    )
    return list(User.objects.filter(pk__in=list(ids), is_active=True).order_by("pk"))
