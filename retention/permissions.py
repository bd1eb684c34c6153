"""The archive's permissions, named for what they allow (归档, 更正, 冻结, 鉴定, 销毁, 借阅).

Django's model permissions say what may be done to a table ("add filed record"), not what
an archivist may do ("file records"); where the two differ, the retention models declare a
domain permission in their ``Meta.permissions`` and everything checks it by the name below.
Model permissions are kept only where they already say what they mean (``view_hold``,
``view_destructionregisterentry``, the schedule's ``add/change_retentionrule``).

Views refuse early with ``PermissionDenied``; services check again with
``ensure_permitted`` so no other path (a command, a bulk action, a later API) can skip it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from retention.errors import NotPermittedError

FILE_RECORDS = "retention.file_records"
CORRECT_FILED_RECORDS = "retention.correct_filed_records"
PLACE_HOLDS = "retention.place_holds"
LIFT_HOLDS = "retention.lift_holds"
VIEW_HOLDS = "retention.view_hold"
APPRAISE_RECORDS = "retention.appraise_records"
APPROVE_DESTRUCTION = "retention.approve_destruction"
CARRY_OUT_DESTRUCTION = "retention.carry_out_destruction"
VIEW_DESTRUCTION_REGISTER = "retention.view_destructionregisterentry"
APPROVE_LOANS = "retention.approve_loan"
APPROVE_SENSITIVE_LOANS = "retention.approve_sensitive_loan"
HANDLE_LOANS = "retention.handle_loans"
VIEW_ALL_LOANS = "retention.view_all_loans"
VIEW_HISTORY = "retention.view_retention_history"
EDIT_SCHEDULE = ("retention.add_retentionrule", "retention.change_retentionrule")

HOLD_KEEPERS = (PLACE_HOLDS, LIFT_HOLDS, VIEW_HOLDS)
LOAN_APPROVERS = (APPROVE_LOANS, APPROVE_SENSITIVE_LOANS)

# What each refusal says, so a service's error names the missing right in words.
REFUSALS = {
    FILE_RECORDS: _("You may not file records."),
    CORRECT_FILED_RECORDS: _("You may not correct filed records."),
    PLACE_HOLDS: _("You may not place holds."),
    LIFT_HOLDS: _("You may not lift holds."),
    APPRAISE_RECORDS: _("You may not appraise records."),
    APPROVE_DESTRUCTION: _("You may not approve destructions."),
    CARRY_OUT_DESTRUCTION: _("You may not carry out destructions."),
    APPROVE_LOANS: _("You may not approve loans."),
    HANDLE_LOANS: _("You may not check out, renew or take back loans."),
}


def has_any(user, *perms: str) -> bool:
    return user is not None and any(user.has_perm(perm) for perm in perms)


def ensure_permitted(user, *perms: str) -> None:
    """Refuse unless ``user`` holds at least one of ``perms`` (services' own check)."""
    if not has_any(user, *perms):
        raise NotPermittedError(REFUSALS.get(perms[0]))
