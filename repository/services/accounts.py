"""User accounts the installer needs (the first administrator)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from repository.models import Classification, Clearance


@dataclass(frozen=True)
class AdminAccount:
    username: str
    created: bool
    password: str | None  # only when this call set it


@transaction.atomic
def ensure_admin(username: str, password: str | None = None) -> AdminAccount:
    """Create the superuser ``username`` if missing.

    A given password is (re)applied, so changing ``WENSHU_ADMIN_PASSWORD`` takes effect on
    the next ``make run``; without one a random password is generated only on creation —
    an existing account's password is never silently replaced.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, is_staff=True, is_superuser=True)
    if password is None and created:
        password = secrets.token_urlsafe(12)
    if password is not None:
        user.set_password(password)
    user.is_active = True
    user.save()
    # The administrator is trusted with every classification; other users get theirs
    # explicitly from an administrator.
    Clearance.objects.get_or_create(user=user, defaults={"level": Classification.TOP_SECRET})
    return AdminAccount(username=username, created=created, password=password)
