"""Back-office views of the repository app: a node's files, and the change history of
the history-tracked (non-page) records."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import registered_models
from wagtail.models import Page

from repository.extensions import ATTACH_FILES, change_refusal
from repository.selectors import can_view
from repository.services.files import attach_original


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class AttachFilesForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("Original files"), widget=MultipleFileInput())


def page_files(request, page_id: int):
    """List a node's originals and derived files; editors may add originals."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_view(request.user, page):
        raise Http404
    may_edit = page.permissions_for_user(request.user).can_edit()
    # A frozen node (filed, held) keeps its files as they are: say why, offer no form.
    refusal = change_refusal(page, ATTACH_FILES) if may_edit else None
    form = AttachFilesForm()
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if refusal:
            messages.error(request, refusal)
            return redirect("repository_admin:page_files", page_id=page.pk)
        form = AttachFilesForm(request.POST, request.FILES)
        if form.is_valid():
            for upload in form.cleaned_data["files"]:
                # The browser's content type is not passed on: the bytes decide.
                attach_original(page, upload, upload.name, user=request.user)
            messages.success(
                request, _("%(n)d file(s) attached.") % {"n": len(form.cleaned_data["files"])}
            )
            return redirect("repository_admin:page_files", page_id=page.pk)
    return TemplateResponse(
        request,
        "repository/admin/page_files.html",
        {
            "page": page,
            "files": page.attached_files.select_related("stored_file", "derived_from", "added_by"),
            "form": form,
            "may_edit": may_edit and not refusal,
            "refusal": refusal,
            "header_title": _("Files of “%(title)s”") % {"title": page.title},
        },
    )


def _changed_fields(record) -> list[str]:
    previous = record.prev_record
    if previous is None:
        return []
    return [change.field for change in record.diff_against(previous).changes]


def change_history(request):
    """Who changed which tracked record (departments, clearances, files, …), when, and what."""
    if not request.user.is_superuser:
        raise PermissionDenied
    rows = []
    for model in registered_models.values():
        for record in model.history.select_related("history_user").order_by("-history_date")[:500]:
            rows.append(record)
    rows.sort(key=lambda r: r.history_date, reverse=True)
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    for record in page:
        record.changed_fields = _changed_fields(record)
        record.model_name = record.instance_type._meta.verbose_name
    return TemplateResponse(
        request,
        "repository/admin/change_history.html",
        {"records": page, "header_title": _("Change history")},
    )
