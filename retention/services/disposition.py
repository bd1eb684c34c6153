"""Disposition (到期鉴定): what falls due, appraisal decisions, the two approvals a
destruction needs, and the destruction itself, which leaves a tombstone and a line in the
destruction register (销毁清册)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page

from repository.models import ArchiveItemPage, RetentionPeriod
from retention.errors import DispositionError
from retention.models import (
    Appraisal,
    AppraisalDecision,
    DestructionApproval,
    DestructionRegisterEntry,
    FiledRecord,
)
from retention.permissions import (
    APPRAISE_RECORDS,
    APPROVE_DESTRUCTION,
    CARRY_OUT_DESTRUCTION,
    ensure_permitted,
)
from retention.services.destruction import remove_files_of
from retention.services.holds import ensure_not_on_hold
from retention.services.schedules import compute_disposition_date, is_longer

REQUIRED_APPROVERS = 2
REQUIRED_SUPERVISORS = 2
OPEN_APPRAISALS = [Appraisal.Status.AWAITING_APPROVAL, Appraisal.Status.APPROVED]


def records_due(on: date | None = None) -> QuerySet:
    """Kept records whose period has run out by ``on`` (default: today, local time) and
    that no appraisal is already deciding."""
    on = on or timezone.localdate()
    return (
        FiledRecord.objects.filter(status=FiledRecord.Status.ACTIVE, disposition_date__lte=on)
        .exclude(appraisals__status__in=OPEN_APPRAISALS)
        .order_by("disposition_date", "archival_code")
    )


def _require_reason(text: str) -> None:
    if not text or not text.strip():
        raise DispositionError(_("An appraisal needs its reasons."))


@transaction.atomic
def appraise(
    filed: FiledRecord, *, decision: str, reasons: str, user, new_period: str | None = None
) -> Appraisal:
    """Record the appraisal group's decision. Extending or making permanent takes effect at
    once; destroying waits for two approvers (``approve_destruction``)."""
    ensure_permitted(user, APPRAISE_RECORDS)
    _require_reason(reasons)
    filed = FiledRecord.objects.select_for_update().get(pk=filed.pk)
    if filed.status != FiledRecord.Status.ACTIVE:
        raise DispositionError(_("Only kept records can be appraised."))
    if filed.appraisals.filter(status__in=OPEN_APPRAISALS).exists():
        raise DispositionError(_("This record already has an appraisal awaiting approval."))
    decision = AppraisalDecision(decision)
    if decision == AppraisalDecision.DESTROY:
        if filed.disposition_date is None or filed.disposition_date > timezone.localdate():
            raise DispositionError(
                _("Only records whose retention period has run out can be destroyed.")
            )
        return Appraisal.objects.create(
            filed_record=filed,
            decision=decision,
            reasons=reasons,
            appraised_by=user,
            status=Appraisal.Status.AWAITING_APPROVAL,
        )
    if decision == AppraisalDecision.PERMANENT:
        new_period = RetentionPeriod.PERMANENT
    elif (
        not new_period
        or new_period == RetentionPeriod.PERMANENT
        or not is_longer(new_period, filed.retention_period)
    ):
        raise DispositionError(_("An extension needs a longer, fixed period (D30)."))
    filed.retention_period = new_period
    filed.disposition_date = compute_disposition_date(filed.year, new_period)
    filed.save(update_fields=["retention_period", "disposition_date"])
    ArchiveItemPage.objects.filter(pk=filed.item_id).update(retention_period=new_period)
    return Appraisal.objects.create(
        filed_record=filed,
        decision=decision,
        new_period=new_period,
        reasons=reasons,
        appraised_by=user,
        status=Appraisal.Status.APPLIED,
    )


@transaction.atomic
def approve_destruction(appraisal: Appraisal, *, approver, comment: str = "") -> Appraisal:
    """One approver's signature; the second different approver makes it approved."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if appraisal.decision != AppraisalDecision.DESTROY or appraisal.status not in OPEN_APPRAISALS:
        raise DispositionError(_("This appraisal is not awaiting a destruction approval."))
    ensure_permitted(approver, APPROVE_DESTRUCTION)
    if appraisal.approvals.filter(approver=approver).exists():
        raise DispositionError(_("A destruction needs two different approvers."))
    DestructionApproval.objects.create(appraisal=appraisal, approver=approver, comment=comment)
    if appraisal.approvals.values("approver").distinct().count() >= REQUIRED_APPROVERS:
        appraisal.status = Appraisal.Status.APPROVED
        appraisal.save(update_fields=["status"])
    return appraisal


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def destroy_record(
    appraisal: Appraisal, *, user, supervisors: list[str], remarks: str = ""
) -> DestructionRegisterEntry:
    """Carry out an approved destruction under at least two supervisors (监销人).

    The record page, its revisions and its files go; the archive item stays as a tombstone
    with its 档号 and title, and the register gets its line. Holds are checked here and
    again by the delete guard.
    """
    ensure_permitted(user, CARRY_OUT_DESTRUCTION)
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    approvers = [a.approver for a in appraisal.approvals.select_related("approver")]
    if (
        appraisal.decision != AppraisalDecision.DESTROY
        or appraisal.status != Appraisal.Status.APPROVED
        or len({a.pk for a in approvers}) < REQUIRED_APPROVERS
    ):
        raise DispositionError(_("A destruction needs the approval of two different approvers."))
    names = [name.strip() for name in supervisors if name and name.strip()]
    if len(set(names)) < REQUIRED_SUPERVISORS:
        raise DispositionError(_("A destruction needs at least two supervisors (监销人)."))
    filed = FiledRecord.objects.select_for_update().get(pk=appraisal.filed_record_id)
    item = Page.objects.get(pk=filed.item_id)
    ensure_not_on_hold(item)
    record = filed.record
    if record is not None:
        ensure_not_on_hold(record)
    removed = remove_files_of([p.pk for p in (item, record) if p is not None])
    now = timezone.now()
    if record is not None:
        # Unlink first: the deletion guard refuses to delete a record that is still filed.
        ArchiveItemPage.objects.filter(pk=item.pk).update(record=None)
        FiledRecord.objects.filter(pk=filed.pk).update(record=None)
        try:
            Page.objects.get(pk=record.pk).specific.delete()
        except ProtectedError as error:
            raise DispositionError(
                _("Other records still refer to “%(title)s”; resolve that first."),
                title=record.title,
            ) from error
    filed.status, filed.destroyed_at, filed.record = FiledRecord.Status.DESTROYED, now, None
    filed.save(update_fields=["status", "destroyed_at", "record"])
    appraisal.status = Appraisal.Status.APPLIED
    appraisal.save(update_fields=["status"])
    entry = DestructionRegisterEntry.objects.create(
        filed_record=filed,
        appraisal=appraisal,
        archival_code=filed.archival_code,
        title=filed.title,
        year=filed.year,
        retention_period=filed.retention_period,
        years_kept=max(timezone.localdate(now).year - filed.year - 1, 0),
        page_count=filed.page_count,
        filed_at=filed.filed_at,
        disposition_date=filed.disposition_date,
        destroyed_at=now,
        approvers="、".join(_person(a) for a in approvers),
        supervisors="、".join(names),
        carried_out_by=user,
        removed_files=removed,
        remarks=remarks,
    )
    log(
        instance=item.specific,
        action="retention.destroy",
        user=user,
        data={"archival_code": filed.archival_code},
    )
    return entry
