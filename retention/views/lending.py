"""Lending (借阅) in the back office: requests, the approvals queue, check-out, renewal and
return by archivists, "my loans" for everyone, and the lending register (借阅登记簿)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from repository.models import AccessAction
from repository.services.access_log import record_access
from retention.errors import LendingError, RetentionError
from retention.forms import ApproveLoanForm, DaysForm, LoanRequestForm, ReasonForm, ReturnForm
from retention.models import FiledRecord, LoanRequest
from retention.permissions import HANDLE_LOANS, LOAN_APPROVERS
from retention.registers import lending_register
from retention.services.lending import (
    approve_loan,
    check_out,
    is_archivist,
    loans_visible_to,
    refuse_loan,
    renew_loan,
    request_loan,
    return_loan,
)
from retention.views.common import download, render, require_perm, visible_filed

APPROVERS = LOAN_APPROVERS
# Steps of a loan's life written to the access log (borrowing is a read of the records).
AUDITED_STEPS = {"checkout": AccessAction.LOAN_CHECKOUT, "return": AccessAction.LOAN_RETURN}


def _audit_loan(request, loan, action) -> None:
    items = loan.items.values_list("filed_record__item_id", flat=True)
    record_access(request, action, records=items, detail={"loan": loan.pk})


def may_approve(user) -> bool:
    return any(user.has_perm(perm) for perm in APPROVERS)


def _with_visible_items(user, loans):
    """Each loan with its items; titles of records the viewer may not see are withheld."""
    visible = set(visible_filed(user).values_list("pk", flat=True))
    for loan in loans:
        loan.shown_items = [
            (item.filed_record, item.filed_record_id in visible) for item in loan.items.all()
        ]
    return loans


def _loans(user, rows):
    return rows.select_related("borrower", "approver").prefetch_related("items__filed_record")


def loans(request):
    """我的借阅: archivists see every loan, everybody else their own; ``?format=`` exports."""
    rows = _loans(request.user, loans_visible_to(request.user))
    if fmt := request.GET.get("format"):
        items = rows.values_list("items__filed_record__item_id", flat=True)
        return download(
            lending_register(rows), fmt, "lending-register", request=request, records=items
        )
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    _with_visible_items(request.user, page)
    return render(
        request,
        "loans.html",
        _("Loans") if is_archivist(request.user) else _("My loans"),
        loans=page,
        query="",
    )


def new_loan(request):
    """A request names records the borrower may see, the purpose and the form of use."""
    records = visible_filed(request.user).filter(status=FiledRecord.Status.ACTIVE)
    form = LoanRequestForm(request.POST or None, records=records)
    if request.method == "POST" and form.is_valid():
        try:
            loan = request_loan(borrower=request.user, **form.service_kwargs())
        except RetentionError as error:
            messages.error(request, str(error))
        else:
            _audit_loan(request, loan, AccessAction.LOAN_REQUEST)
            messages.success(request, _("Loan request submitted."))
            return redirect("retention_admin:loan", loan.pk)
    return render(request, "loan_form.html", _("Request a loan"), form=form)


def approvals(request):
    """Requests awaiting a decision; the service enforces the classification rules."""
    if not may_approve(request.user):
        require_perm(request.user, *APPROVERS)
    rows = _loans(request.user, LoanRequest.objects.filter(status=LoanRequest.Status.REQUESTED))
    return render(
        request,
        "loan_approvals.html",
        _("Loan approvals"),
        loans=_with_visible_items(request.user, list(rows)),
    )


def _loan_or_404(user, loan_id: int) -> LoanRequest:
    rows = loans_visible_to(user)
    if may_approve(user):
        rows = rows | LoanRequest.objects.filter(status=LoanRequest.Status.REQUESTED)
    loan = _loans(user, rows.distinct()).filter(pk=loan_id).first()
    if loan is None:
        raise Http404
    return loan


def loan_detail(request, loan_id: int):
    loan = _with_visible_items(request.user, [_loan_or_404(request.user, loan_id)])[0]
    return render(
        request,
        "loan.html",
        _("Loan %(number)s") % {"number": loan.pk},
        loan=loan,
        may_approve=may_approve(request.user) and loan.borrower_id != request.user.pk,
        handler=request.user.has_perm(HANDLE_LOANS),
        approve_form=ApproveLoanForm(loan=loan),
        refuse_form=ReasonForm(),
        checkout_form=DaysForm(most=_approved_days(loan), initial_days=_approved_days(loan)),
        renew_form=DaysForm(),
        return_form=ReturnForm(),
    )


def _approved_days(loan) -> int:
    return loan.approved_days or loan.requested_days


def _valid(form):
    """The form's data, or a refusal naming what is wrong (nothing is changed)."""
    if not form.is_valid():
        problems = [
            f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        ]
        raise LendingError("；".join(problems))
    return form.cleaned_data


def _approve(request, loan):
    data = _valid(ApproveLoanForm(request.POST, loan=loan))
    return approve_loan(loan, approver=request.user, **data)


def _refuse(request, loan):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return refuse_loan(loan, approver=request.user, reason=reason)


def _check_out(request, loan):
    most = _approved_days(loan)
    days = _valid(DaysForm(request.POST, most=most, initial_days=most))["days"]
    return check_out(loan, handled_by=request.user, days=days)


def _renew(request, loan):
    days = _valid(DaysForm(request.POST))["days"]
    return renew_loan(loan, user=request.user, days=days)


def _return(request, loan):
    form = ReturnForm(request.POST)
    condition = form.cleaned_data["condition"] if form.is_valid() else ""
    return return_loan(loan, received_by=request.user, condition=condition)


STEPS = {
    "approve": (_approve, APPROVERS, gettext_lazy("Loan approved.")),
    "refuse": (_refuse, APPROVERS, gettext_lazy("Loan refused.")),
    "checkout": (_check_out, (HANDLE_LOANS,), gettext_lazy("Checked out.")),
    "renew": (_renew, (HANDLE_LOANS,), gettext_lazy("Loan renewed.")),
    "return": (_return, (HANDLE_LOANS,), gettext_lazy("Return recorded.")),
}


def loan_step(request, loan_id: int, step: str):
    """POST one step of a loan's life; approvers decide, archivists hand out and take back."""
    if request.method != "POST" or step not in STEPS:
        raise Http404
    action, permissions, done = STEPS[step]
    require_perm(request.user, *permissions)
    loan = _loan_or_404(request.user, loan_id)
    try:
        action(request, loan)
    except RetentionError as error:
        messages.error(request, str(error))
    else:
        if step in AUDITED_STEPS:
            _audit_loan(request, loan, AUDITED_STEPS[step])
        messages.success(request, str(done))
    return redirect("retention_admin:loan", loan.pk)
