"""Lending (借阅): requests, approval by classification, checkout, renewal, return,
electronic access that expires by itself, and overdue reminders.

Approval rules, strictest first:
  * the borrower must hold clearance for every record (a loan never lifts classification);
  * a physical loan (借出) of classified originals is refused unless the approving
    higher approver explicitly allows it;
  * classified records or originals need the higher approver
    (``retention.approve_sensitive_loan``); the rest ``retention.approve_loan``.

The period: the request names the days wanted (default ``WENSHU_LOAN_DEFAULT_DAYS``, at most
``WENSHU_LOAN_MAX_DAYS``); the approver may shorten it, never lengthen it; check-out uses
the approved days unless the archivist shortens them further.

Check-out, renewal and return are the archivist's (经办人, ``retention.handle_loans``);
seeing other people's loans is ``retention.view_all_loans``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from repository.models import Classification, RepositoryPage
from repository.selectors import clearance_of
from retention.conf import loan_default_days, loan_max_days, loan_max_renewals
from retention.errors import LendingError
from retention.models import FiledRecord, LoanForm, LoanItem, LoanRequest
from retention.permissions import (
    APPROVE_LOANS,
    APPROVE_SENSITIVE_LOANS,
    HANDLE_LOANS,
    LOAN_APPROVERS,
    VIEW_ALL_LOANS,
    ensure_permitted,
)

S = LoanRequest.Status


def _period(days: int | None, *, default: int, most: int, refusal) -> int:
    """``days`` or the default, refused outside 1 … ``most``."""
    days = default if days is None else days
    if not 1 <= days <= most:
        raise LendingError(refusal, days=most)
    return days


def is_archivist(user) -> bool:
    return user.is_superuser or user.has_perm(VIEW_ALL_LOANS)


def loans_visible_to(user) -> QuerySet:
    """Archivists see every loan; everybody else only their own."""
    if not user.is_authenticated:
        return LoanRequest.objects.none()
    loans = LoanRequest.objects.all()
    return loans if is_archivist(user) else loans.filter(borrower=user)


@transaction.atomic
def request_loan(
    *,
    borrower,
    records: Iterable[FiledRecord],
    purpose: str,
    form: str,
    originals: bool = False,
    unit: str = "",
    days: int | None = None,
) -> LoanRequest:
    """A borrower's request for ``days`` (default: the configured loan period)."""
    records = list(records)
    days = _period(
        days,
        default=loan_default_days(),
        most=loan_max_days(),
        refusal=_("A loan is requested for 1 to %(days)s days."),
    )
    if not purpose or not purpose.strip():
        raise LendingError(_("A loan request needs its purpose."))
    if not records:
        raise LendingError(_("A loan request needs at least one record."))
    if any(r.status != FiledRecord.Status.ACTIVE for r in records):
        raise LendingError(_("Destroyed records cannot be lent."))
    loan = LoanRequest.objects.create(
        borrower=borrower,
        purpose=purpose,
        form=LoanForm(form),
        originals=originals,
        borrower_unit=unit,
        requested_days=days,
    )
    LoanItem.objects.bulk_create(LoanItem(loan=loan, filed_record=r) for r in records)
    for item in loan.items.all():  # bulk_create skips the history signal
        item.save()
    return loan


def highest_classification(loan: LoanRequest) -> int:
    """The highest level among the loan's records: what the filing recorded, or what the
    archive item is classified now if that is higher (its folder may have been raised
    since)."""
    levels = loan.items.values_list(
        "filed_record__classification", "filed_record__item__effective_classification"
    )
    return max((max(filed, item or 0) for filed, item in levels), default=Classification.PUBLIC)


def needs_higher_approval(loan: LoanRequest) -> bool:
    return loan.originals or highest_classification(loan) >= Classification.CONFIDENTIAL


def _locked(loan: LoanRequest, *expected: str) -> LoanRequest:
    loan = LoanRequest.objects.select_for_update().get(pk=loan.pk)
    if loan.status not in expected:
        raise LendingError(
            _("This loan is %(status)s; that step is not possible now."),
            status=loan.get_status_display(),
        )
    return loan


@transaction.atomic
def approve_loan(
    loan: LoanRequest,
    *,
    approver,
    allow_classified_original: bool = False,
    note: str = "",
    days: int | None = None,
) -> LoanRequest:
    """Approve for the days requested, or fewer: an approver may shorten a loan, not
    lengthen it beyond what the borrower asked."""
    loan = _locked(loan, S.REQUESTED)
    level = highest_classification(loan)
    classified = level >= Classification.CONFIDENTIAL
    if approver.pk == loan.borrower_id:
        raise LendingError(_("Nobody approves their own loan."))
    if clearance_of(loan.borrower) < level:
        raise LendingError(_("The borrower's clearance is below the records' classification."))
    ensure_permitted(approver, APPROVE_LOANS, APPROVE_SENSITIVE_LOANS)
    if needs_higher_approval(loan) and not approver.has_perm(APPROVE_SENSITIVE_LOANS):
        raise LendingError(_("Classified records and originals need a higher approver."))
    if (
        loan.form == LoanForm.PHYSICAL
        and loan.originals
        and classified
        and not (allow_classified_original)
    ):
        raise LendingError(
            _("Classified originals are not lent out; they are consulted in the reading room.")
        )
    loan.approved_days = _period(
        days,
        default=loan.requested_days,
        most=loan.requested_days,
        refusal=_("The approver may shorten the loan, not lengthen it: 1 to %(days)s days."),
    )
    loan.status, loan.approver, loan.decided_at = S.APPROVED, approver, timezone.now()
    loan.classified_original_allowed = bool(allow_classified_original and classified)
    loan.decision_note = note
    loan.save()
    return loan


@transaction.atomic
def refuse_loan(loan: LoanRequest, *, approver, reason: str) -> LoanRequest:
    """Any loan approver may refuse: refusing is the safe direction, so a classified
    request need not wait for the higher approver to be turned down."""
    ensure_permitted(approver, *LOAN_APPROVERS)
    loan = _locked(loan, S.REQUESTED)
    if not reason or not reason.strip():
        raise LendingError(_("A refusal needs its reason."))
    loan.status, loan.approver, loan.decided_at, loan.decision_note = (
        S.REFUSED,
        approver,
        timezone.now(),
        reason,
    )
    loan.save()
    return loan


@transaction.atomic
def check_out(loan: LoanRequest, *, handled_by, days: int | None = None) -> LoanRequest:
    """Hand the records (or open electronic access) until the due time: by default for the
    approved days; the archivist may shorten the period, not lengthen it."""
    ensure_permitted(handled_by, HANDLE_LOANS)
    loan = _locked(loan, S.APPROVED)
    approved = loan.approved_days or loan.requested_days
    days = _period(
        days,
        default=approved,
        most=approved,
        refusal=_("%(days)s days were approved; check-out may shorten that, not lengthen it."),
    )
    now = timezone.now()
    loan.status, loan.handled_by, loan.checked_out_at = S.CHECKED_OUT, handled_by, now
    loan.due_at = now + timedelta(days=days)
    loan.save()
    return loan


@transaction.atomic
def renew_loan(loan: LoanRequest, *, user, days: int | None = None) -> LoanRequest:
    """The borrower asks, the archivist renews: a renewal is recorded by who handles it."""
    ensure_permitted(user, HANDLE_LOANS)
    loan = _locked(loan, S.CHECKED_OUT)
    days = _period(
        days,
        default=loan_default_days(),
        most=loan_max_days(),
        refusal=_("A renewal is for 1 to %(days)s days."),
    )
    if loan.renewals >= loan_max_renewals():
        raise LendingError(
            _("This loan has been renewed %(count)s times, the most allowed."),
            count=loan.renewals,
        )
    if loan.form == LoanForm.ELECTRONIC and loan.due_at <= timezone.now():
        raise LendingError(_("Electronic access has expired; request it again."))
    loan.renewals += 1
    loan.due_at = max(loan.due_at, timezone.now()) + timedelta(days=days)
    loan.save()
    return loan


@transaction.atomic
def return_loan(loan: LoanRequest, *, received_by, condition: str) -> LoanRequest:
    ensure_permitted(received_by, HANDLE_LOANS)
    loan = _locked(loan, S.CHECKED_OUT)
    if loan.form == LoanForm.PHYSICAL and not condition.strip():
        raise LendingError(_("Note the condition of records returned."))
    loan.status, loan.returned_at, loan.return_condition = S.RETURNED, timezone.now(), condition
    loan.handled_by = received_by
    loan.save()
    return loan


def has_electronic_access(user, page, at: datetime | None = None) -> bool:
    """Checked on every access: an electronic loan opens the record until its due time and
    not one second longer, whether or not ``expire_electronic_access`` has run."""
    at = at or timezone.now()
    # A loan never lifts classification: a borrower whose clearance is below the record's
    # effective level now (lowered since approval, or the record raised) is refused.
    level = (
        RepositoryPage.objects.filter(pk=page.pk)
        .values_list("effective_classification", flat=True)
        .first()
    )
    if level is None or clearance_of(user) < level:
        return False
    return LoanRequest.objects.filter(
        Q(items__filed_record__record_id=page.pk) | Q(items__filed_record__item_id=page.pk),
        borrower=user,
        form=LoanForm.ELECTRONIC,
        status=S.CHECKED_OUT,
        due_at__gt=at,
    ).exists()


def expire_electronic_access(at: datetime | None = None) -> int:
    """Close electronic loans past due, so the register shows when access ended."""
    at = at or timezone.now()
    count = 0
    for loan in LoanRequest.objects.filter(
        form=LoanForm.ELECTRONIC, status=S.CHECKED_OUT, due_at__lte=at
    ):
        loan.status, loan.returned_at = S.EXPIRED, loan.due_at
        loan.save()
        count += 1
    return count


def overdue_loans(at: datetime | None = None) -> QuerySet:
    at = at or timezone.now()
    return LoanRequest.objects.filter(status=S.CHECKED_OUT, due_at__lte=at).exclude(
        form=LoanForm.ELECTRONIC
    )


def remind_overdue(at: datetime | None = None) -> int:
    """Mail each borrower of an overdue loan once a day; returns how many were reminded."""
    at = at or timezone.now()
    count = 0
    for loan in overdue_loans(at).select_related("borrower"):
        if loan.last_reminded_at and at - loan.last_reminded_at < timedelta(hours=20):
            continue
        if loan.borrower.email:
            with translation.override(settings.LANGUAGE_CODE):
                codes = "、".join(loan.items.values_list("filed_record__archival_code", flat=True))
                send_mail(
                    gettext_now("Overdue archive loan"),
                    gettext_now("Please return %(codes)s; they were due on %(due)s.")
                    % {"codes": codes, "due": timezone.localtime(loan.due_at).date()},
                    None,
                    [loan.borrower.email],
                )
        loan.last_reminded_at = at
        loan.save(update_fields=["last_reminded_at"])
        count += 1
    return count
