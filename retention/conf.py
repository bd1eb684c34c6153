"""The archive's lending settings, read in one place.

``WENSHU_LOAN_DEFAULT_DAYS`` — the loan period a request starts with;
``WENSHU_LOAN_MAX_DAYS`` — the longest period a request, a check-out or a renewal may
name; ``WENSHU_LOAN_MAX_RENEWALS`` — renewals per loan. Their types and defaults live
with the other tunables in ``config/settings/base.py`` (an environment variable of the
same name overrides one). Read on every call, so a test or an operator changing them is
heard at once.
"""

from __future__ import annotations

from django.conf import settings


def loan_max_days() -> int:
    return settings.WENSHU_LOAN_MAX_DAYS


def loan_default_days() -> int:
    """Never longer than the maximum, whatever the two settings say."""
    return min(settings.WENSHU_LOAN_DEFAULT_DAYS, loan_max_days())


def loan_max_renewals() -> int:
    return settings.WENSHU_LOAN_MAX_RENEWALS
