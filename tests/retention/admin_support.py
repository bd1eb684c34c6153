"""Helpers for the back-office tests: staff who may use the admin and see the branch and
the archive, and the messages a response left."""

from __future__ import annotations

from django.contrib.messages import get_messages

from repository.models import Classification
from tests.factories import DepartmentFactory, grant
from tests.retention.factories import user_with


def staff(*perms: str, pages=(), clearance=Classification.TOP_SECRET, **kwargs):
    """A user with admin access, ``perms`` and view rights on ``pages`` (via a group)."""
    department = DepartmentFactory()
    for page in pages:
        grant(department.group, page, "view_page")
    return user_with(
        "wagtailadmin.access_admin",
        *perms,
        clearance=clearance,
        departments=[department],
        **kwargs,
    )


def messages_of(response, level: str | None = None) -> list[str]:
    return [
        str(m) for m in get_messages(response.wsgi_request) if level is None or m.level_tag == level
    ]
