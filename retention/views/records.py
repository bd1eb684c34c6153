"""A filed record in the back office (归档登记): what the archive knows of it — code,
period, corrections, holds, appraisals, loans — and the correction form (更正), the only
way to change a filed record's content."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from retention.errors import RetentionError
from retention.forms import correction_form_class
from retention.models import DestructionRegisterEntry, FiledRecord
from retention.permissions import CORRECT_FILED_RECORDS, VIEW_ALL_LOANS, VIEW_HISTORY
from retention.services.filing import correct_filed_record
from retention.services.holds import holds_covering
from retention.services.lending import loans_visible_to
from retention.views.common import render, require_perm, visible_filed_or_404


def _with_labels(filed, corrections):
    """Each correction's changes as (field label, old, new), labels in the user's language."""
    model = filed.record.specific_class if filed.record_id else None
    corrections = list(corrections)
    for correction in corrections:
        correction.shown_changes = [
            (_label(model, name), old, new)
            for name, (old, new) in correction.changed_fields.items()
        ]
    return corrections


def _label(model, name: str) -> str:
    try:
        return model._meta.get_field(name).verbose_name if model else name
    except FieldDoesNotExist:
        return name


def filed_detail(request, filed_id: int):
    filed = visible_filed_or_404(request.user, filed_id)
    user = request.user
    correctable = filed.status == FiledRecord.Status.ACTIVE and filed.record_id is not None
    return render(
        request,
        "filed.html",
        _("Filed record %(code)s") % {"code": filed.archival_code},
        filed=filed,
        corrections=_with_labels(filed, filed.corrections.select_related("corrected_by")),
        holds=holds_covering(filed.item).select_related("placed_by"),
        appraisals=filed.appraisals.select_related("appraised_by"),
        # Loans name their borrowers: only those who see everybody's loans get the list.
        loans=loans_visible_to(user).filter(items__filed_record=filed).select_related("borrower")
        if user.has_perm(VIEW_ALL_LOANS)
        else None,
        may_correct=correctable and user.has_perm(CORRECT_FILED_RECORDS),
        may_see_history=user.has_perm(VIEW_HISTORY),
        destruction=DestructionRegisterEntry.objects.filter(filed_record=filed).first(),
    )


def correct(request, filed_id: int):
    """更正: change what is wrong and say why; the service keeps it as a new revision."""
    require_perm(request.user, CORRECT_FILED_RECORDS)
    filed = visible_filed_or_404(request.user, filed_id)
    if filed.status != FiledRecord.Status.ACTIVE or filed.record is None:
        messages.error(request, _("Only kept filed records can be corrected."))
        return redirect("retention_admin:filed", filed.pk)
    record = filed.record.specific
    form_class = correction_form_class(type(record))
    # The form works on a copy: the service loads and changes the record itself.
    form = form_class(request.POST or None, instance=type(record).objects.get(pk=record.pk))
    if request.method == "POST" and form.is_valid():
        try:
            correct_filed_record(
                record,
                user=request.user,
                reason=form.cleaned_data["reason"],
                changes=form.changes(),
            )
        except RetentionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Correction of %(code)s recorded.") % {"code": filed.archival_code}
            )
            return redirect("retention_admin:filed", filed.pk)
    return render(
        request,
        "correct.html",
        _("Correct %(code)s") % {"code": filed.archival_code},
        filed=filed,
        form=form,
    )
