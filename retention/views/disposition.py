"""Disposition (鉴定销毁) in the back office: the records due, appraisal, the two approvals,
the destruction under supervisors, and the destruction register (销毁清册)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from retention.errors import RetentionError
from retention.forms import AppraisalForm, CommentForm, DestructionForm
from retention.models import Appraisal, AppraisalDecision, DestructionRegisterEntry
from retention.permissions import (
    APPRAISE_RECORDS,
    APPROVE_DESTRUCTION,
    CARRY_OUT_DESTRUCTION,
    VIEW_DESTRUCTION_REGISTER,
)
from retention.registers import destruction_register
from retention.services.disposition import (
    OPEN_APPRAISALS,
    appraise,
    approve_destruction,
    destroy_record,
    records_due,
)
from retention.services.holds import is_on_hold
from retention.views.common import (
    download,
    render,
    require_perm,
    visible_filed,
    visible_filed_or_404,
)

APPRAISE = APPRAISE_RECORDS
APPROVE = APPROVE_DESTRUCTION
DESTROY = CARRY_OUT_DESTRUCTION


def due(request):
    """到期鉴定: kept records whose period has run out and that no appraisal is deciding."""
    require_perm(request.user, APPRAISE)
    rows = visible_filed(request.user, records_due()).select_related("fonds")
    return render(
        request,
        "due.html",
        _("Due for appraisal"),
        records=Paginator(rows, 50).get_page(request.GET.get("p")),
        query="",
    )


def appraise_view(request, filed_id: int):
    require_perm(request.user, APPRAISE)
    filed = visible_filed_or_404(request.user, filed_id)
    form = AppraisalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appraise(filed, user=request.user, **form.cleaned_data)
        except RetentionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Appraisal of %(code)s recorded.") % {"code": filed.archival_code}
            )
            return redirect("retention_admin:due")
    return render(
        request,
        "appraise.html",
        _("Appraise %(code)s") % {"code": filed.archival_code},
        filed=filed,
        form=form,
        history=filed.appraisals.select_related("appraised_by"),
    )


def _open_appraisals(user):
    filed = visible_filed(user).values("pk")
    return (
        Appraisal.objects.filter(
            decision=AppraisalDecision.DESTROY,
            status__in=OPEN_APPRAISALS,
            filed_record__in=filed,
        )
        .select_related("filed_record", "appraised_by")
        .prefetch_related("approvals__approver")
    )


def _marking_holds(appraisals):
    """Flag records under a hold: they cannot be destroyed until it is lifted."""
    appraisals = list(appraisals.select_related("filed_record__item"))
    for appraisal in appraisals:
        appraisal.on_hold = is_on_hold(appraisal.filed_record.item)
    return appraisals


def appraisals(request):
    """Destructions awaiting approval (approvers sign) or carrying out (archivists destroy)."""
    require_perm(request.user, APPROVE, DESTROY)
    return render(
        request,
        "appraisals.html",
        _("Destruction approvals"),
        appraisals=_marking_holds(_open_appraisals(request.user)),
        comment_form=CommentForm(),
    )


def _open_or_404(user, appraisal_id, *statuses):
    appraisal = _open_appraisals(user).filter(pk=appraisal_id, status__in=statuses).first()
    if appraisal is None:
        raise Http404
    return appraisal


def approve(request, appraisal_id: int):
    require_perm(request.user, APPROVE)
    if request.method != "POST":
        raise Http404
    appraisal = _open_or_404(request.user, appraisal_id, *OPEN_APPRAISALS)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        approve_destruction(
            appraisal, approver=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except RetentionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your approval has been recorded."))
    return redirect("retention_admin:appraisals")


def destroy(request, appraisal_id: int):
    """销毁: carried out under at least two supervisors (监销人), then registered."""
    require_perm(request.user, DESTROY)
    appraisal = _open_or_404(request.user, appraisal_id, Appraisal.Status.APPROVED)
    form = DestructionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = destroy_record(
                appraisal,
                user=request.user,
                supervisors=form.supervisor_names(),
                remarks=form.cleaned_data["remarks"],
            )
        except RetentionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(code)s destroyed and registered.") % {"code": entry.archival_code}
            )
            return redirect("retention_admin:destruction_register")
    return render(
        request,
        "destroy.html",
        _("Destroy %(code)s") % {"code": appraisal.filed_record.archival_code},
        appraisal=appraisal,
        form=form,
    )


def register(request):
    """销毁清册 — kept permanently; ``?format=`` downloads it."""
    require_perm(request.user, VIEW_DESTRUCTION_REGISTER)
    entries = DestructionRegisterEntry.objects.select_related("carried_out_by").filter(
        filed_record__in=visible_filed(request.user).values("pk")
    )
    if fmt := request.GET.get("format"):
        items = entries.values_list("filed_record__item_id", flat=True)
        return download(
            destruction_register(entries),
            fmt,
            "destruction-register",
            request=request,
            records=items,
        )
    return render(
        request,
        "destruction_register.html",
        _("Destruction register"),
        entries=Paginator(entries, 50).get_page(request.GET.get("p")),
        query="",
    )
