"""The 保密员's screen: the access log, filtered by user, record, classification, action
and period, paged, and exported as csv or xlsx.

Only holders of ``repository.view_access_log`` (granted to no group by default;
superusers have every permission) may open it. Record titles are shown only where the
viewer may see the record (``visible_pages_for``); otherwise just the id.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from repository.models import AccessAction, AccessLogEntry, Classification
from repository.selectors import visible_pages_for
from repository.services.access_log import record_access

VIEW_ACCESS_LOG = "repository.view_access_log"
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("user"), required=False, max_length=150)
    record = forms.IntegerField(label=gettext_lazy("record id"), required=False, min_value=1)
    classification = forms.TypedChoiceField(
        label=gettext_lazy("classification"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *Classification.choices],
    )
    action = forms.ChoiceField(
        label=gettext_lazy("action"), required=False, choices=[("", "—"), *AccessAction.choices]
    )
    date_from = forms.DateField(
        label=gettext_lazy("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter(self, entries):
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["username"]:
            entries = entries.filter(username=data["username"])
        if data["record"]:
            record = data["record"]
            entries = entries.filter(Q(record_id=record) | Q(record_ids__contains=f",{record},"))
        if data["classification"] is not None:
            entries = entries.filter(classification=data["classification"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        return entries


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log(request):
    if not request.user.has_perm(VIEW_ACCESS_LOG):
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.all()
    entries = form.filter(entries) if form.is_bound else entries
    fmt = request.GET.get("format")
    if fmt in EXPORTS:
        return _export(request, entries, fmt)
    query = request.GET.copy()
    query.pop("p", None)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("p"))
    titles = _visible_titles(request.user, page.object_list)
    for entry in page:
        entry.title = titles.get(entry.record_id, "")
        entry.summary = _summary(entry)
    return TemplateResponse(
        request,
        "repository/admin/access_log.html",
        {
            "header_title": _("Access log"),
            "form": form,
            "entries": page,
            "query": query.urlencode(),
        },
    )


def _visible_titles(user, entries) -> dict[int, str]:
    ids = {e.record_id for e in entries if e.record_id}
    pages = visible_pages_for(user, Page.objects.filter(pk__in=ids))
    return dict(pages.values_list("pk", "title"))


def _summary(entry) -> str:
    """What the line is about besides the record: the query, file, export, loan…"""
    detail = entry.detail or {}
    parts = [f"{key}: {detail[key]}" for key in sorted(detail)]
    if entry.record_ids:
        parts.append(_("records: %(ids)s") % {"ids": entry.record_ids.strip(",")})
    return "; ".join(parts)


HEADERS = ["序号", "时间", "用户", "地址", "操作", "记录", "涉及记录", "密级", "详情", "哈希"]


def _rows(entries):
    for entry in entries.iterator(chunk_size=2000):
        yield [
            entry.seq,
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.username,
            entry.address or "",
            entry.get_action_display(),
            entry.record_id or "",
            entry.record_ids.strip(","),
            entry.get_classification_display() if entry.classification is not None else "",
            json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
            entry.hash,
        ]


# TODO(lead): unify with the shared export-cell helper being written in parallel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(entries) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in _rows(entries):
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def _xlsx(entries) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("访问日志")
    sheet.append(HEADERS)
    for row in _rows(entries):
        sheet.append([neutralise(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTS = {"csv": (_csv, "text/csv; charset=utf-8"), "xlsx": (_xlsx, XLSX)}


def _export(request, entries, fmt):
    convert, content_type = EXPORTS[fmt]
    body = convert(entries)
    record_access(request, AccessAction.EXPORT, detail={"export": "access-log", "format": fmt})
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.{fmt}"'
    return response


class AccessLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_ACCESS_LOG)


@hooks.register("register_admin_urls")
def register_access_log_url():
    urls = [path("", access_log, name="index")]
    return [path("access-log/", include((urls, "access_log"), namespace="access_log"))]


@hooks.register("register_reports_menu_item")
def register_access_log_report():
    return AccessLogMenuItem(
        gettext_lazy("Access log"), reverse("access_log:index"), icon_name="view", order=950
    )


@hooks.register("register_permissions")
def access_log_permission():
    # So an administrator can grant it to a 保密员 group in Wagtail's group editor.
    return Permission.objects.filter(
        content_type__app_label="repository", codename="view_access_log"
    )
