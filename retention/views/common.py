"""What every retention admin view needs: permission checks, the visibility rule applied to
filed records, rendering and register downloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page

from repository.models import AccessAction
from repository.selectors import can_view, visible_pages_for
from repository.services.access_log import record_access
from retention.exports import FORMATS, Register
from retention.models import FiledRecord


def require_perm(user, *perms: str) -> None:
    """Refuse unless the user has at least one of ``perms``."""
    if not any(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def visible_page_or_404(user, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_view(user, page):
        raise Http404
    return page


def visible_filed(user, filed_records=None):
    """Filed records whose archive item the user may see (the repository's visibility rule)."""
    filed_records = FiledRecord.objects.all() if filed_records is None else filed_records
    return filed_records.filter(item_id__in=visible_pages_for(user).values("pk"))


def visible_filed_or_404(user, filed_id: int) -> FiledRecord:
    filed = visible_filed(user).filter(pk=filed_id).first()
    if filed is None:
        raise Http404
    return filed


def render(request, template: str, title: str, **context) -> TemplateResponse:
    return TemplateResponse(
        request, f"retention/admin/{template}", {"header_title": title, **context}
    )


def download(register: Register, fmt: str, name: str, *, request, records) -> HttpResponse:
    """The register as a file; the export is written to the access log with the ids of
    the records it lists (``records``: pages or page ids)."""
    if fmt not in FORMATS:
        raise Http404
    detail = {"export": name, "format": fmt}
    record_access(request, AccessAction.EXPORT, records=records, detail=detail)
    convert, content_type = FORMATS[fmt]
    response = HttpResponse(convert(register), content_type=content_type)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response
