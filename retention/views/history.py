"""The change history (django-simple-history) of any retention or lending record, for
archivists (``retention.view_retention_history``), limited to what they may see: loans
follow the "only your own unless you see everyone's" rule, filings the records' visibility."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from retention.models import (
    Appraisal,
    Correction,
    DestructionRegisterEntry,
    FiledRecord,
    Hold,
    LoanRequest,
    RetentionRule,
)
from retention.permissions import VIEW_HISTORY
from retention.services.lending import loans_visible_to
from retention.views.common import render, require_perm, visible_filed
from retention.views.holds import visible_holds


def _visible(user) -> dict:
    """Per kind: the model and the rows of it this user may see."""
    filed = visible_filed(user).values("pk")
    return {
        "filedrecord": (FiledRecord, lambda: visible_filed(user)),
        "correction": (Correction, lambda: Correction.objects.filter(filed_record__in=filed)),
        "appraisal": (Appraisal, lambda: Appraisal.objects.filter(filed_record__in=filed)),
        "destruction": (
            DestructionRegisterEntry,
            lambda: DestructionRegisterEntry.objects.filter(filed_record__in=filed),
        ),
        "hold": (Hold, lambda: visible_holds(user)),
        "loan": (LoanRequest, lambda: loans_visible_to(user)),
        "rule": (RetentionRule, lambda: RetentionRule.objects.all()),
    }


HISTORY_TYPES = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


def shown(field, value) -> str:
    """A stored value as a person reads it: labels for codes, names for people, local
    time for timestamps."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return str(value)
        if isinstance(related, AbstractBaseUser):
            return related.get_full_name() or related.get_username()
        return str(related)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, bool):
        return str(yesno(value))
    return str(value)


def _rows(obj):
    """Newest first; each version with what changed against the one before."""
    versions = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    rows, previous = [], None
    for version in versions:
        changes = []
        if previous is not None:
            for change in version.diff_against(previous).changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    (field.verbose_name, shown(field, change.old), shown(field, change.new))
                )
        rows.append((version, changes))
        previous = version
    return list(reversed(rows))


def history(request, kind: str, pk: int):
    require_perm(request.user, VIEW_HISTORY)
    kinds = _visible(request.user)
    if kind not in kinds:
        raise Http404
    model, rows = kinds[kind]
    obj = get_object_or_404(rows(), pk=pk)
    return render(
        request,
        "history.html",
        _("History of %(object)s") % {"object": f"{model._meta.verbose_name} {obj}"},
        obj=obj,
        rows=_rows(obj),
        types={key: str(label) for key, label in HISTORY_TYPES.items()},
    )
