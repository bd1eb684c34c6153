"""The archive's settings, read in one place with their defaults.

``WENSHU_LOAN_DEFAULT_DAYS`` — the loan period a request starts with (30);
``WENSHU_LOAN_MAX_DAYS`` — the longest period a request, a check-out or a renewal may
name (90); ``WENSHU_LOAN_MAX_RENEWALS`` — renewals per loan (2). Read on every call, so a
test or an operator changing them is heard at once.
"""

from __future__ import annotations

from django.conf import settings


def loan_max_days() -> int:
    return int(getattr(settings, "WENSHU_LOAN_MAX_DAYS", 90))


def loan_default_days() -> int:
    """Never longer than the maximum, whatever the two settings say."""
    return min(int(getattr(settings, "WENSHU_LOAN_DEFAULT_DAYS", 30)), loan_max_days())


def loan_max_renewals() -> int:
    return int(getattr(settings, "WENSHU_LOAN_MAX_RENEWALS", 2))
