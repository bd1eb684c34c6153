"""Back-office views of 解密/降密: a node's classification log with the officer's form,
and the log of every lowering the user may see."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from repository.models import Classification, ClassificationChange, RepositoryPage
from repository.selectors import can_view, visible_pages_for
from repository.services.declassification import (
    DeclassificationError,
    changes_of,
    declassify,
    may_declassify,
)

VIEW_LOG_PERMISSION = "repository.view_classificationchange"


class DeclassifyForm(forms.Form):
    classification = forms.TypedChoiceField(
        label=gettext_lazy("new classification"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    destination = forms.ModelChoiceField(
        label=gettext_lazy("move to"),
        queryset=Page.objects.all(),
        required=False,
        widget=AdminPageChooser(),
    )
    reason = forms.CharField(label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, current: int, **kwargs):
        super().__init__(*args, **kwargs)
        lower = [(value, label) for value, label in Classification.choices if value < current]
        self.fields["classification"].choices = [("", _("keep as it is")), *lower]


def declassify_page(request, page_id: int):
    """The node's 解密/降密 log; the classification officer lowers it here, with a reason."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, RepositoryPage) or not can_view(request.user, page):
        raise Http404
    allowed = may_declassify(request.user)
    form = DeclassifyForm(request.POST or None, current=page.classification) if allowed else None
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                declassify(
                    page,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    classification=form.cleaned_data["classification"],
                    destination=form.cleaned_data["destination"],
                )
            except DeclassificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("The classification of “%(title)s” was lowered.") % {"title": page.title},
                )
                return redirect("repository_admin:declassify", page_id=page.pk)
    return TemplateResponse(
        request,
        "repository/admin/declassify.html",
        {
            "page": page,
            "changes": changes_of(page),
            "form": form,
            "header_title": _("Classification of “%(title)s”") % {"title": page.title},
        },
    )


def may_read_log(user) -> bool:
    return user.is_superuser or user.has_perm(VIEW_LOG_PERMISSION) or may_declassify(user)


def classification_changes(request):
    """Every 解密/降密 on a node the user may see (and, for administrators, on deleted ones)."""
    if not may_read_log(request.user):
        raise PermissionDenied
    visible = Q(page__in=visible_pages_for(request.user).values("pk"))
    if request.user.is_superuser:
        visible |= Q(page__isnull=True)
    rows = ClassificationChange.objects.filter(visible).select_related("changed_by")
    return TemplateResponse(
        request,
        "repository/admin/classification_changes.html",
        {
            "changes": Paginator(rows, 50).get_page(request.GET.get("p")),
            "header_title": _("Declassifications"),
        },
    )
