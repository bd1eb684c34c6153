"""Template helpers of the retention back office."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A person as registers name them: full name (刘芳), else the login name; "—" if none."""
    if user is None or user == "":
        return "—"
    return user.get_full_name() or user.get_username()
