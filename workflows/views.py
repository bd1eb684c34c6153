"""Admin views: a record's trail (流程台账) and its CSV/Excel export. Thin: the service
decides who may see it and what it says."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Page

from workflows.services.trail import can_view_trail, trail_as_csv, trail_as_xlsx, trail_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page_for(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_view_trail(request.user, page):
        raise PermissionDenied
    return page


def trail(request, page_id):
    page = _page_for(request, page_id)
    return TemplateResponse(
        request, "workflows/trail.html", {"page": page, "rows": trail_rows(page)}
    )


def trail_export(request, page_id, fmt):
    page = _page_for(request, page_id)
    rows = trail_rows(page)
    if fmt == "csv":
        response = HttpResponse(trail_as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(trail_as_xlsx(rows, page.title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="trail-{page.pk}.{fmt}"'
    return response
